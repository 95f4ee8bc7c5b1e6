"""Non-differentiable local minima of Liu's network: Lemma 2, Theorem 3, Eq. (16)-(19), App. D.

Unit ``m`` sits on the hyperplane of sample ``n``, between cell 1
(:math:`w_m\\cdot x_n < 0`) and cell 2 (:math:`w_m\\cdot x_n > 0`).  The loss
then has two one-sided gradients in :math:`w_m` (App. D, Eq. D.10-D.11, with
:math:`e_i = \\sum_k I_{ik}R_k\\cdot x_i - y_i` and Liu's factor :math:`2/N` dropped)

.. math::
    g_1 = z_m\\sum_{i\\ne n} e_i I_{im} x_i, \\qquad g_2 = g_1 + z_m e_n x_n ,

and the point is a local minimum when :math:`g_1 \\parallel -x_n` and
:math:`g_2 \\parallel x_n` (Lemma 2).  Inputs and conventions as in
:mod:`lossland.liu`; ``pattern`` gives the cells with :math:`I_{nm} = 0`
(cell 1 of unit ``m``).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lossland.core.regions import regions_from_cells
from lossland.core.validation import check_dataset, check_flag, check_positive, check_width
from lossland.liu.criteria import (
    MAX_LINEAR_PROGRAMS, checked_cells, max_margin, check_liu_pattern, sign_rows, liu_loss, liu_matrix,
)

__all__ = ["boundary_system", "boundary_inequalities", "BoundaryMinimum", "boundary_minimum", "boundary_minima"]


def _checked(X, y, pattern, m, n):
    X, y = check_dataset(X, y)
    I = check_liu_pattern(pattern, len(X))
    K = I.shape[1]
    for name, value, top in [("m", m, K), ("n", n, len(X))]:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < top:
            raise ValueError(f"{name} must be an integer index between 0 and {top - 1}, got {value!r}.")
    if I[n, m]:
        raise ValueError(f"pattern must describe cell 1 of unit m = {m}, where sample n = {n} is inactive "
                         f"(pattern[n, m] = 0); pick an n inactive for unit m, or another pattern.")
    if not X[n].any():
        raise ValueError(f"sample {n} is zero and has no hyperplane.")
    return X, y, I


def boundary_system(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The linear system :math:`DR = d` of Theorem 3, Eq. (17) (= D.2-D.3).

    Block rows :math:`j \\ne m`: stationarity :math:`\\partial L/\\partial R_j = 0` (D.13);
    block row ``m``: :math:`g_1 \\parallel x_n` (D.16), via
    :math:`q_i = (x_i\\cdot x_n)x_n - |x_n|^2x_i`; last row: :math:`x_n\\cdot R_m = 0` (D.17).
    The paper sizes :math:`D` as :math:`(K+1)d \\times Kd`; its last block is one row,
    so :math:`D` is :math:`(Kd+1)\\times Kd`.
    """
    X, y, I = _checked(X, y, pattern, m, n)
    K, d = I.shape[1], X.shape[1]
    A = liu_matrix(X, I)
    blocks = [(I[:, [j]] * X) for j in range(K)]
    others = I[:, m].copy()
    others[n] = False
    blocks[m] = others[:, None] * (np.outer(X @ X[n], X[n]) - (X[n] @ X[n]) * X)
    last = np.zeros((1, K * d))
    last[0, m * d : (m + 1) * d] = X[n]
    D = np.vstack([b.T @ A for b in blocks] + [last])
    rhs = np.concatenate([b.T @ y for b in blocks] + [[0.0]])
    return D, rhs


def boundary_inequalities(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, m: int, n: int, printed: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Inequalities (18)-(19) as affine functions ``a @ R - b`` of the flat :math:`R`, divided by :math:`z_m`.

    Row 0 is :math:`g_1\\cdot x_n / z_m = \\sum_{i\\ne n} e_iI_{im}x_i\\cdot x_n`, which
    (18) wants of sign opposite to :math:`z_m`; row 1 is :math:`g_2\\cdot x_n / z_m`,
    row 0 plus :math:`e_n|x_n|^2`, which (19) wants of the sign of :math:`z_m`.

    ``printed=True`` reads Eq. (19) as printed in the main text,
    :math:`\\sum_k(I_{nk}R_k\\cdot x_n - y_n)|x_n|^2`, which subtracts :math:`K y_n`
    instead of :math:`y_n`; App. D (D.5, D.11) has it right.  They agree for ``K = 1``.
    """
    X, y, I = _checked(X, y, pattern, m, n)
    printed = check_flag(printed, "printed")
    A = liu_matrix(X, I)
    omega = np.where(I[:, m], X @ X[n], 0.0)
    omega[n] = 0.0
    at_n = np.zeros(len(X))
    at_n[n] = X[n] @ X[n]
    copies = I.shape[1] if printed else 1
    a = np.vstack([omega @ A, (omega + at_n) @ A])
    b = np.array([omega @ y, omega @ y + copies * at_n @ y])
    return a, b


@dataclass(frozen=True)
class BoundaryMinimum:
    """Verdict of Theorem 3 with App. D.2 for one unit ``m`` on the hyperplane of sample ``n``.

    Attributes
    ----------
    solvable : :math:`DD^+d = d` (D.19).
    margin : the best margin of the cell tests (and of (18)-(19) when printed), positive exactly when a genuine minimum exists.
    theta : parameters ``[vec(W), z]`` of one such minimum (with :math:`|z_j| = 1`), else ``None``.
    loss : Liu's loss at ``theta`` (NaN without one).
    """

    solvable: bool
    margin: float
    theta: np.ndarray | None
    loss: float


def boundary_minimum(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, m: int, n: int, printed: bool = False, tol: float = 1e-9) -> BoundaryMinimum:
    """Decide whether a genuine non-differentiable local minimum has unit ``m`` on sample ``n``'s hyperplane.

    Solves :math:`DR = d` (Eq. 17) in general form :math:`R = D^+d + (I - D^+D)c`
    (D.20), then one linear program per choice of output signs finds ``c``
    with (18)-(19) and every unit strictly inside its cell, sample ``n`` of
    unit ``m`` excepted (App. D.2).  Unlike D.2, which says :math:`w_m` "need
    not be tested", we also ask :math:`w_m` to be strictly on its side of every
    *other* sample: otherwise it sits on two hyperplanes and the pattern is not
    the one assumed.

    Corrected (default): (18)-(19) with :math:`\\le 0` and :math:`\\ge 0`, and
    :math:`y_n` once in (19).  A one-sided gradient may vanish: when unit ``m``
    sees too few samples, D.16 forces :math:`g_1 = 0`, and the point is still a
    local minimum (cell 1's convex minimum lies on the boundary).
    ``printed=True``: strict (18)-(19) and Eq. (19) as printed (see :func:`boundary_inequalities`).
    """
    D, rhs = boundary_system(X, y, pattern, m, n)
    X, y, I = _checked(X, y, pattern, m, n)
    printed, tol = check_flag(printed, "printed"), check_positive(tol, "tol")
    K, d = I.shape[1], X.shape[1]
    if 2**K > MAX_LINEAR_PROGRAMS:
        raise ValueError(f"pattern has K = {K} units: one linear program per choice of output signs makes 2^{K}, "
                         f"more than {MAX_LINEAR_PROGRAMS}; use fewer units.")
    pinv = np.linalg.pinv(D)
    if not np.allclose(D @ pinv @ rhs, rhs, atol=1e-9 * max(1.0, np.abs(rhs).max())):
        return BoundaryMinimum(False, -np.inf, None, np.nan)
    R0, free = pinv @ rhs, np.eye(K * d) - pinv @ D
    a, b = boundary_inequalities(X, y, I, m, n, printed)
    best, theta = -np.inf, None
    for signs in itertools.product((1, -1), repeat=K):
        active, inactive = sign_rows(X, I, signs, skip=(n, m))
        s = signs[m]
        gradients = (np.vstack([-s * a[0], s * a[1]]), np.array([-s * b[0], s * b[1]]))  # s g1.x_n < 0, s g2.x_n > 0
        cells = (np.vstack([active, inactive]), np.zeros(len(active) + len(inactive)))
        if printed:
            strict, loose = (np.vstack([gradients[0], cells[0]]), np.concatenate([gradients[1], cells[1]])), (np.zeros((0, K * d)), np.zeros(0))
        else:
            strict, loose = cells, (gradients[0], gradients[1] - tol)
        margin, R = max_margin(R0, free, strict, loose)
        if margin > best:
            best = margin
            theta = np.concatenate([(np.array(signs)[:, None] * R.reshape(K, d)).ravel(), signs])
    if best <= tol:
        return BoundaryMinimum(True, best, None, np.nan)
    return BoundaryMinimum(True, best, theta, liu_loss(X, y, theta))


def boundary_minima(X: ArrayLike, y: ArrayLike, width: int) -> list[tuple[np.ndarray, int, int, BoundaryMinimum]]:
    """All genuine non-differentiable minima with one unit on one hyperplane: ``(pattern, m, n, verdict)``.

    Loops over every pattern of cells (:func:`lossland.core.regions.activation_regions`),
    every unit ``m`` and every sample ``n`` inactive for it; cost grows as
    (cells)^K * K * N * 2^K linear programs, so keep ``K`` small.
    """
    X, y = check_dataset(X, y)
    width = check_width(width)
    cells = checked_cells(X, width, "width")
    programs = len(cells) ** width * width * len(X) * 2**width
    if programs > MAX_LINEAR_PROGRAMS:
        raise ValueError(f"width = {width} needs about {programs:.3g} linear programs ((cells)^K * K * N * 2^K), "
                         f"more than {MAX_LINEAR_PROGRAMS}; use fewer units or fewer samples.")
    found = []
    for pattern in regions_from_cells(cells, width).patterns:
        for m, n in itertools.product(range(width), range(len(X))):
            if pattern[n, m] or not X[n].any():
                continue
            verdict = boundary_minimum(X, y, pattern, m, n)
            if verdict.theta is not None:
                found.append((pattern, m, n, verdict))
    return found
