"""The steps of the proof of Theorem 2.5 (App. A.3 of the decomposition paper), on instances.

Inside one activation region the network is :math:`g_\\mathcal{A}` (Eq. 2), and with the
products :math:`p_j = v_j w_j`, :math:`q_j = v_j b_j` it is linear in :math:`(p, q, c)`
(Eq. 4), so its loss is convex in them (Lemma 2.3).  The proof sorts the critical points
:math:`\\theta^*` of :math:`\\mathcal{L}_{g_\\mathcal{A}}` in :math:`\\theta` by the gradients
in the products (Eq. 11):

* Case 1: every :math:`\\nabla_{p_j}`, :math:`\\nabla_{q_j}` vanishes: a global minimum (Lemma 2.4);
* Case 2: some :math:`\\nabla_{p_j} \\neq 0`; then :math:`\\nabla_{w_j} = v_j \\nabla_{p_j} = 0`
  forces :math:`v_j = 0`, and the 2x2 Hessian block in one weight of unit ``j`` and
  :math:`v_j` (Eq. 12) is indefinite: a saddle;
* Case 3: some :math:`\\nabla_{q_j} \\neq 0`: the same with the bias :math:`b_j` for the weight.

The smallest example of the mechanism is :math:`(xy - 1)^2` (:func:`product_loss_hessian`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import nets
from lossland.core.critical import SecondOrderTest, second_order_test
from lossland.core.inregion import saddle_in_region
from lossland.core.regions import activation_regions, homogeneous
from lossland.core.subglobal import solve_regions
from lossland.core.validation import (
    as_array, as_matrix, check_dataset, check_index, check_nonnegative, check_real, check_width,
)

__all__ = [
    "product_loss_hessian",
    "product_gradients",
    "unit_block",
    "parameters_from_products",
    "CriticalPoint",
    "classify_critical_point",
    "Case2Point",
    "case_2_points",
]


def product_loss_hessian(x: float, y: float) -> np.ndarray:
    """Hessian of :math:`\\ell(x, y) = (xy - 1)^2`, the smallest non-convex product (sketch of Theorem 2.5).

    :math:`\\partial_x^2 \\ell = 2y^2`, :math:`\\partial_y^2 \\ell = 2x^2` and
    :math:`\\partial_x\\partial_y \\ell = 2(xy - 1) + 2xy`; at the origin the matrix is
    :math:`\\begin{bmatrix}0 & -2\\\\ -2 & 0\\end{bmatrix}`, with eigenvalues :math:`\\pm 2`.
    """
    x, y = check_real(x, "x"), check_real(y, "y")
    cross = 2 * (x * y - 1) + 2 * x * y
    return np.array([[2 * y * y, cross], [cross, 2 * x * x]])


def _network_input(arch, theta, X, y, pattern):
    """Validated inputs and the forward pass of :math:`g_\\mathcal{A}` (the real pattern if ``pattern`` is None)."""
    if not isinstance(arch, nets.Architecture):
        raise TypeError(f"arch must be a lossland.core.nets.Architecture, got {type(arch).__name__}.")
    theta, X, y, pattern = nets.check_arguments(arch, theta, X, y, pattern, single=True)
    if pattern is None:
        pattern = nets.pattern_of(arch, theta, X)
    W, v, b, c = arch.unpack(theta)
    Xh = homogeneous(X, arch.bias)
    weights = np.hstack([W, b[:, None]]) if arch.bias else W
    a = np.asarray(pattern, dtype=float)
    z = Xh @ weights.T  # (N, h): pre-activations w_j.x_i + b_j
    residual = nets.outputs(arch, theta, X, pattern) - y
    return v, Xh, a, z, residual


def product_gradients(arch: nets.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, pattern: ArrayLike | None = None) -> np.ndarray:
    """Gradients of :math:`\\mathcal{L}_{g_\\mathcal{A}}` in the products, the last two rows of Eq. 11.

    Returns an array (h, d): row ``j`` is :math:`\\nabla_{p_j} = \\sum_i r_i a_{ij} x_i`, followed,
    with biases, by :math:`\\nabla_{q_j} = \\sum_i r_i a_{ij}` (``d = n + 1``), where
    :math:`r_i = g_\\mathcal{A}(x_i, \\theta) - y_i`.  ``pattern`` is the fixed activation
    pattern :math:`\\mathcal{A}` (N, h); by default the network's own at ``theta``.
    """
    _, Xh, a, _, residual = _network_input(arch, theta, X, y, pattern)
    return (a * residual[:, None]).T @ Xh


def unit_block(arch: nets.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, unit: int, coordinate: int, pattern: ArrayLike | None = None) -> np.ndarray:
    """The 2x2 Hessian of :math:`\\mathcal{L}_{g_\\mathcal{A}}` in one weight of unit ``unit`` and its :math:`v_j` (Eq. 9, 12).

    ``coordinate`` picks the weight: :math:`w_{jk}` for ``k < n`` or, with biases, :math:`b_j`
    for ``k = n``.  With :math:`z_{ij} = w_j^\\top x_i + b_j` and residuals :math:`r_i`, the
    block in the order (weight, :math:`v_j`) is

    .. math:: \\begin{bmatrix} v_j^2 \\sum_i a_{ij} x_{ik}^2 & \\sum_i a_{ij}(r_i + v_j z_{ij}) x_{ik} \\\\
              \\sum_i a_{ij}(r_i + v_j z_{ij}) x_{ik} & \\sum_i a_{ij} z_{ij}^2 \\end{bmatrix}.

    At :math:`v_j = 0` the corner is 0 and the off-diagonal entry is the component ``k`` of
    :math:`\\nabla_{p_j}` (or :math:`\\nabla_{q_j}`): if it is not zero, the determinant is
    negative and the block has one eigenvalue of each sign (Case 2 and 3 of App. A.3).
    """
    v, Xh, a, z, residual = _network_input(arch, theta, X, y, pattern)
    unit = check_index(unit, "unit", arch.width)
    coordinate = check_index(coordinate, "coordinate", Xh.shape[1])
    active, x = a[:, unit], Xh[:, coordinate]
    corner = v[unit] ** 2 * np.sum(active * x * x)
    cross = np.sum(active * (residual + v[unit] * z[:, unit]) * x)
    return np.array([[corner, cross], [cross, np.sum(active * z[:, unit] ** 2)]])


def parameters_from_products(arch: nets.Architecture, products, c: float = 0.0) -> np.ndarray:
    """Parameters :math:`\\theta` that form given products :math:`(p_j, q_j)` (the remark before Lemma 2.4).

    ``products`` is (h, d) as in :class:`lossland.core.subglobal.Fit` (``d = n``, or ``n + 1``
    with biases, the last column :math:`q_j`).  We take :math:`v_j = 1`, :math:`w_j = p_j`,
    :math:`b_j = q_j`: every point of the convex problem in :math:`(p, q, c)` is reached, so
    its minimum is the minimum of :math:`\\mathcal{L}_{g_\\mathcal{A}}` over :math:`\\theta`.
    """
    if not isinstance(arch, nets.Architecture):
        raise TypeError(f"arch must be a lossland.core.nets.Architecture, got {type(arch).__name__}.")
    d = arch.n_inputs + int(arch.bias)
    products = as_matrix(products, "products", columns=d)
    if len(products) != arch.width:
        raise ValueError(f"products must have one row per hidden unit ({arch.width}), got {len(products)} rows.")
    c = check_real(c, "c")
    if not arch.bias and c != 0.0:
        raise ValueError(f"c must be 0 for a network without biases, got {c}.")
    W, b = products[:, :arch.n_inputs], products[:, arch.n_inputs] if arch.bias else None
    return arch.pack(W, np.ones(arch.width), b, c if arch.bias else None)


@dataclass(frozen=True)
class CriticalPoint:
    """Which case of the proof of Theorem 2.5 a critical point falls in (App. A.3).

    Attributes
    ----------
    case : 1 (all product gradients vanish: a global minimum of the region's loss), 2 (some
        :math:`\\nabla_{p_j} \\neq 0`) or 3 (only some :math:`\\nabla_{q_j} \\neq 0`).
    unit, coordinate : for Cases 2 and 3, the unit and the weight whose block is indefinite
        (the largest product-gradient entry); ``None`` in Case 1.
    output_weight : :math:`v_j` of that unit (zero in Cases 2 and 3, as the proof shows).
    block : the 2x2 :func:`unit_block` there, ``None`` in Case 1.
    eigenvalues : the block's eigenvalues, ascending (one negative in Cases 2 and 3).
    """

    case: int
    unit: int | None
    coordinate: int | None
    output_weight: float | None
    block: np.ndarray | None
    eigenvalues: np.ndarray | None


def classify_critical_point(arch: nets.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, pattern: ArrayLike | None = None, tol: float = 1e-8) -> CriticalPoint:
    """Sort a critical point of :math:`\\mathcal{L}_{g_\\mathcal{A}}` into Case 1, 2 or 3 of the proof of Theorem 2.5.

    Raises ``ValueError`` if the gradient in :math:`\\theta` is not zero (norm above ``tol``):
    the cases are about critical points.  A product gradient counts as non-zero above ``tol``.
    """
    tol = check_nonnegative(tol, "tol")
    gradient = nets.gradient(arch, theta, X, y, pattern)
    if np.linalg.norm(gradient) > tol:
        raise ValueError(f"theta is not a critical point of the loss on these X and y: its gradient has norm "
                         f"{np.linalg.norm(gradient):.3g} > tol = {tol:g}.")
    products = np.abs(product_gradients(arch, theta, X, y, pattern))
    if products.max() <= tol:
        return CriticalPoint(1, None, None, None, None, None)
    weights = products[:, :arch.n_inputs]
    case = 2 if weights.max() > tol else 3
    if case == 2:
        unit, coordinate = np.unravel_index(np.argmax(weights), weights.shape)
    else:
        unit, coordinate = int(np.argmax(products[:, -1])), arch.n_inputs
    block = unit_block(arch, theta, X, y, int(unit), int(coordinate), pattern)
    v = float(arch.unpack(as_array(theta, "theta"))[1][unit])
    return CriticalPoint(case, int(unit), int(coordinate), v, block, np.linalg.eigvalsh(block))


@dataclass(frozen=True)
class Case2Point:
    """A critical point built as in Case 2 that lies above its region's minimum (:func:`case_2_points`).

    ``region`` its index in ``activation_regions(X, width, bias=True)``; ``loss`` and
    ``subglobal`` its loss and the region's minimum; ``gradient_norm`` of the whole gradient;
    ``case`` the proof's reading (:func:`classify_critical_point`, with the Eq. 12 block) and
    ``hessian`` the second-order test of the whole Hessian.
    """

    region: int
    theta: np.ndarray
    loss: float
    subglobal: float
    gradient_norm: float
    case: CriticalPoint
    hessian: SecondOrderTest


def case_2_points(X: ArrayLike, y: ArrayLike, width: int = 2) -> list[Case2Point]:
    """Theorem 2.5's non-global critical points, one per region of a network with biases where Case 2 builds one.

    In every region, :func:`lossland.core.inregion.saddle_in_region` switches unit 1's output
    weight off, puts the other units at their own best point and tilts unit 1 onto the plane
    where the gradient in :math:`v_1` vanishes.  Where the idle unit's product gradient is zero
    as well, that point is the region's minimum itself (Case 1), with the loss of the region's
    convex problem; we keep the points whose loss is more than 1e-8 above it.  The losses of
    the book's instances are of order one and the two losses agree to round-off (1e-15) where
    they agree at all, so 1e-8 separates them with room on both sides.
    """
    X, y = check_dataset(X, y)
    width = check_width(width)
    regions = activation_regions(X, width, bias=True)
    arch = nets.Architecture(X.shape[1], width, bias=True)
    subglobal = solve_regions(X, y, regions.patterns, bias=True).loss
    points = []
    for r in range(len(regions)):
        theta = saddle_in_region(X, y, regions, r)
        if theta is None or nets.loss(arch, theta, X, y) <= subglobal[r] + 1e-8:
            continue  # no such point here, or it is the region's minimum itself
        points.append(Case2Point(
            r, theta, float(nets.loss(arch, theta, X, y)), float(subglobal[r]),
            float(np.linalg.norm(nets.gradient(arch, theta, X, y))),
            classify_critical_point(arch, theta, X, y), second_order_test(nets.hessian(arch, theta, X, y)),
        ))
    return points
