"""Constructions of the loss-surface decomposition paper, one function per claim.

Sections: the non-differentiable minima of Fig. 2; the linear region (Sec. 3.1,
Eq. 5); adding a dead unit (Sec. 3.2); and all subglobal minima for several widths
(Sec. 4.1, Fig. 3).  Descent inside one region and its saddles (Theorem 2.5,
Corollary 2.7) are in :mod:`lossland.core.inregion`, since Chapter 2 builds on them.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import nets
from lossland.core.all_regions import SubglobalMinima, subglobal_minima
from lossland.core.regions import MAX_REGIONS, homogeneous, interior_points, unit_cells
from lossland.core.validation import (
    as_array, as_matrix, as_vector, check_dataset, check_entries, check_nonnegative, check_real, check_seed,
    check_width, check_widths,
)

__all__ = [
    "FIG2",
    "fig2_loss",
    "linear_regression",
    "linear_region_parameters",
    "add_dead_unit",
    "minima_by_width",
    "poor_share",
]

FIG2 = nets.Architecture(n_inputs=1, width=1, bias=False)
"""The network :math:`f(x) = w_2\\,\\sigma(w_1 x)` of Fig. 2; parameters ``theta = [w1, w2]``."""


def fig2_loss(w1: ArrayLike, w2: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Loss of the Fig. 2 network on a grid of ``(w1, w2)`` values (any broadcastable shapes)."""
    w1, w2 = as_array(w1, "w1"), as_array(w2, "w2")
    try:
        w1, w2 = np.broadcast_arrays(w1, w2)
    except ValueError:
        raise ValueError(f"w1 and w2 must have broadcastable shapes, got {w1.shape} and {w2.shape}.") from None
    theta = np.stack([w1, w2], axis=-1)
    return nets.loss(FIG2, theta, X, y)


def linear_regression(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, float, float]:
    """Least-squares affine fit :math:`u^\\top x + d`: returns ``(u, d, loss)`` with loss :math:`\\frac12\\|r\\|^2`."""
    X, y = check_dataset(X, y)
    design = homogeneous(X, bias=True)
    coefficients = np.linalg.lstsq(design, y, rcond=None)[0]
    residual = design @ coefficients - y
    return coefficients[:-1], float(coefficients[-1]), float(0.5 * residual @ residual)


def linear_region_parameters(X: ArrayLike, y: ArrayLike, width: int, seed: int = 0) -> tuple[nets.Architecture, np.ndarray]:
    """A point of the linear region that computes the linear regression (Sec. 3.1).

    Every unit is active on every data point when :math:`b_j = -\\min_i w_j^\\top x_i + 1`
    (Eq. 5).  With :math:`v = \\mathbf{1}` and the rows of ``W`` summing to ``u``,
    the network computes :math:`v^\\top W x + v^\\top b + c`, so
    :math:`c = -v^\\top b + d` gives exactly :math:`u^\\top x + d`.
    """
    X, y = check_dataset(X, y)
    width = check_width(width)
    check_entries(float(width) * (X.shape[1] + 3), "width")
    u, d, _ = linear_regression(X, y)
    rng = np.random.default_rng(check_seed(seed))
    W = rng.standard_normal((width, X.shape[1]))
    W[-1] = u - W[:-1].sum(axis=0)
    v = np.ones(width)
    b = -np.min(X @ W.T, axis=0) + 1.0  # Eq. (5)
    c = -v @ b + d
    arch = nets.Architecture(X.shape[1], width, bias=True)
    return arch, arch.pack(W, v, b, c)


def add_dead_unit(arch: nets.Architecture, theta: ArrayLike, X: ArrayLike, v_new: float = 0.0, margin: float = 1.0):
    """Widen the network by one unit that is inactive on every data point (Sec. 3.2).

    With a bias the new unit gets random-free weights ``w = 0`` direction
    chosen from the data and bias :math:`b = -\\max_i w^\\top x_i - \\text{margin}`.
    The paper writes :math:`b = -\\max_i w^\\top x_i`, i.e. ``margin = 0``, which
    leaves one data point exactly on the unit's kink; see the chapter.  Without
    a bias the unit's weights are taken strictly inside the cell where it is
    inactive on all points, which exists unless the data surround the origin.

    Returns the wider architecture and parameters computing the same outputs.
    """
    if not isinstance(arch, nets.Architecture):
        raise TypeError(f"arch must be a lossland.core.nets.Architecture, got {type(arch).__name__}.")
    theta = as_vector(theta, "theta", length=arch.size)
    X = _check_inputs(X, arch.n_inputs)
    v_new, margin = check_real(v_new, "v_new"), check_nonnegative(margin, "margin")
    W, v, b, c = arch.unpack(theta)
    if arch.bias:
        w = -np.mean(X, axis=0)
        w = w / np.linalg.norm(w) if np.linalg.norm(w) > 0 else np.eye(X.shape[1])[0]
        b_new = -np.max(X @ w) - margin
    else:
        nonempty, point = interior_points(-X[None])
        if not nonempty[0]:
            raise ValueError("no weight vector is inactive on all of X without a bias; use a network with biases.")
        w, b_new = point[0], 0.0
    wider = nets.Architecture(arch.n_inputs, arch.width + 1, arch.bias)
    new = wider.pack(np.vstack([W, w]), np.append(v, v_new), np.append(b, b_new), c)
    return wider, new


def minima_by_width(X: ArrayLike, y: ArrayLike, widths, bias: bool = False) -> dict[int, SubglobalMinima]:
    """All subglobal minima for each width (Fig. 3); one unit's cells are enumerated once for all widths."""
    X, y = check_dataset(X, y)
    widths = check_widths(widths)
    cells = unit_cells(X, bias)
    if max(widths) * np.log10(len(cells)) > np.log10(MAX_REGIONS):  # in logarithms: len(cells)**2**31 would not finish
        raise ValueError(
            f"widths holds width {max(widths)}: with {len(cells)} cells per unit that is about "
            f"10^{max(widths) * np.log10(len(cells)):.4g} regions, more than MAX_REGIONS = {MAX_REGIONS:.0e}; reduce widths."
        )
    return {h: subglobal_minima(X, y, h, bias, cells=cells) for h in widths}


def poor_share(minima: SubglobalMinima, tol: float = 1e-9) -> float:
    """Share of the regions holding a genuine subglobal minimum whose loss is above the best one.

    The best genuine loss of a width is its global minimum (the global
    minimum of a differentiable network region is always attained inside
    some region for these data); a genuine minimum above it is a poor local minimum.
    """
    if not isinstance(minima, SubglobalMinima):
        raise TypeError(f"minima must be a SubglobalMinima (from subglobal_minima), got {type(minima).__name__}.")
    tol = check_nonnegative(tol, "tol")
    loss = minima.loss[minima.genuine]
    if not len(loss):
        raise ValueError("minima has no genuine subglobal minimum, so no best loss to compare with.")
    return float(np.mean(loss > loss.min() + tol))


def _check_inputs(X, n_inputs: int) -> np.ndarray:
    X = as_matrix(X, "X")
    if X.shape[1] != n_inputs:
        raise ValueError(f"X has {X.shape[1]} columns but the network takes {n_inputs} inputs.")
    return X
