"""Constructions of the loss-surface decomposition paper, one function per claim.

Sections: the non-differentiable minima of Fig. 2; the linear region (Sec. 3.1,
Eq. 5); adding a dead unit (Sec. 3.2); descent inside one region and its
saddles (Theorem 2.5, Corollary 2.7); and all subglobal minima for several
widths (Sec. 4.1, Fig. 3).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import nets
from .descent import gradient_descent
from .regions import MAX_REGIONS, Regions, homogeneous, interior_points, regions_from_cells, unit_cells
from .genuine import SubglobalMinima, genuineness, subglobal_minima
from .subglobal import solve_regions
from .validation import (
    as_array, as_matrix, as_vector, check_dataset, check_index, check_nonnegative, check_positive, check_real, check_seed,
    check_width, check_widths,
)

__all__ = [
    "FIG2",
    "fig2_loss",
    "linear_regression",
    "linear_region_parameters",
    "add_dead_unit",
    "sample_in_region",
    "RegionDescent",
    "descend_in_region",
    "saddle_in_region",
    "minima_by_width",
    "poor_share",
]

FIG2 = nets.Architecture(n_inputs=1, width=1, bias=False)
"""The network :math:`f(x) = w_2\\,\\sigma(w_1 x)` of Fig. 2; parameters ``theta = [w1, w2]``."""


def fig2_loss(w1, w2, X, y) -> np.ndarray:
    """Loss of the Fig. 2 network on a grid of ``(w1, w2)`` values (any broadcastable shapes)."""
    w1, w2 = as_array(w1, "w1"), as_array(w2, "w2")
    try:
        w1, w2 = np.broadcast_arrays(w1, w2)
    except ValueError:
        raise ValueError(f"w1 and w2 must have broadcastable shapes, got {w1.shape} and {w2.shape}.") from None
    theta = np.stack([w1, w2], axis=-1)
    return nets.loss(FIG2, theta, X, y)


def linear_regression(X, y) -> tuple[np.ndarray, float, float]:
    """Least-squares affine fit :math:`u^\\top x + d`: returns ``(u, d, loss)`` with loss :math:`\\frac12\\|r\\|^2`."""
    X, y = check_dataset(X, y)
    design = np.hstack([X, np.ones((len(X), 1))])
    coefficients = np.linalg.lstsq(design, y, rcond=None)[0]
    residual = design @ coefficients - y
    return coefficients[:-1], float(coefficients[-1]), float(0.5 * residual @ residual)


def linear_region_parameters(X, y, width: int, seed: int = 0) -> tuple[nets.Architecture, np.ndarray]:
    """A point of the linear region that computes the linear regression (Sec. 3.1).

    Every unit is active on every data point when :math:`b_j = -\\min_i w_j^\\top x_i + 1`
    (Eq. 5).  With :math:`v = \\mathbf{1}` and the rows of ``W`` summing to ``u``,
    the network computes :math:`v^\\top W x + v^\\top b + c`, so
    :math:`c = -v^\\top b + d` gives exactly :math:`u^\\top x + d`.
    """
    X, y = check_dataset(X, y)
    width = check_width(width)
    u, d, _ = linear_regression(X, y)
    rng = np.random.default_rng(check_seed(seed))
    W = rng.standard_normal((width, X.shape[1]))
    W[-1] = u - W[:-1].sum(axis=0)
    v = np.ones(width)
    b = -np.min(X @ W.T, axis=0) + 1.0  # Eq. (5)
    c = -v @ b + d
    arch = nets.Architecture(X.shape[1], width, bias=True)
    return arch, arch.pack(W, v, b, c)


def add_dead_unit(arch: nets.Architecture, theta, X, v_new: float = 0.0, margin: float = 1.0):
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
        raise TypeError(f"arch must be a lossland.nets.Architecture, got {type(arch).__name__}.")
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


def sample_in_region(regions: Regions, r: int, count: int, seed: int = 0, spread: float = 0.5) -> np.ndarray:
    """``count`` parameter vectors strictly inside region ``r`` (weights near its witness, random output weights).

    Returns an array (count, size) in the layout of :class:`lossland.nets.Architecture`.
    """
    r = _check_region(regions, r)
    count = int(check_positive(count, "count", integer=True))
    spread = check_positive(spread, "spread")
    rng = np.random.default_rng(check_seed(seed))
    cells = regions.cells
    witness = cells.witnesses[regions.members[r]]  # (h, d)
    h, d = witness.shape
    S = np.where(cells.patterns[regions.members[r]], 1.0, -1.0)  # (h, N)
    Xh = cells.inputs
    samples = []
    while len(samples) < count:
        w = witness * rng.uniform(0.5, 2.0, (count, h, 1)) + spread * rng.standard_normal((count, h, d)) * np.linalg.norm(witness, axis=1)[:, None]
        inside = np.all(np.einsum("hi,id,shd->shi", S, Xh, w) > 0, axis=(1, 2))
        samples.extend(w[inside])
    w = np.array(samples[:count])
    v = rng.standard_normal((count, h))
    n = d - int(cells.bias)
    arch = nets.Architecture(n, h, cells.bias)
    c = rng.standard_normal(count) if cells.bias else None
    return arch.pack(w[..., :n], v, w[..., n] if cells.bias else None, c)


@dataclass(frozen=True)
class RegionDescent:
    """Gradient descent on the real loss from many starts inside one region.

    Attributes
    ----------
    subglobal_loss : the region's convex minimum (its subglobal minimum).
    final_loss : array (S,), the loss where each run stopped.
    stayed : bool array (S,), runs that never left the region.
    converged : bool array (S,), runs whose gradient vanished (to the tolerance).
    """

    subglobal_loss: float
    final_loss: np.ndarray
    stayed: np.ndarray
    converged: np.ndarray


def descend_in_region(
    X, y, regions: Regions, r: int, count: int = 50, steps: int = 20000, learning_rate: float = 0.01, seed: int = 0
) -> RegionDescent:
    """Theorem 2.5 on an instance: descend from ``count`` starts inside region ``r``.

    Every run either leaves the region or, if it converges inside it, reaches
    the region's subglobal minimum: inside a region the loss has no other
    local minimum.
    """
    X, y = check_dataset(X, y)
    r = _check_region(regions, r, X)
    arch = nets.Architecture(X.shape[1], regions.width, regions.cells.bias)
    pattern = regions.patterns[r]
    starts = sample_in_region(regions, r, count, seed)

    def inside(theta):
        return np.all(nets.pattern_of(arch, theta, X) == pattern, axis=(-2, -1))

    run = gradient_descent(
        lambda theta: nets.gradient(arch, theta, X, y), starts, learning_rate=learning_rate, steps=steps, inside=inside
    )
    converged = np.linalg.norm(nets.gradient(arch, run.final, X, y), axis=1) < 1e-6
    subglobal = float(solve_regions(X, y, pattern[None], arch.bias).loss[0])
    return RegionDescent(subglobal, nets.loss(arch, run.final, X, y), run.stayed, converged & run.stayed)


def saddle_in_region(X, y, regions: Regions, r: int, idle=(0,)) -> np.ndarray | None:
    r"""A critical point of region ``r`` built as in Case 2 of the proof of Theorem 2.5, or ``None``.

    The units in ``idle`` get output weight :math:`v_j = 0`; the others sit at
    a genuine minimum of the smaller region they form on their own (found by
    :func:`lossland.subglobal.genuineness`).  With :math:`v_j = 0` the
    gradients in :math:`w_j` and :math:`b_j` vanish, and the one in :math:`v_j`
    is :math:`g_j^\top \tilde w_j` with :math:`g_j = \sum_i r_i a_{ij} \tilde x_i`
    (:math:`r_i` the residuals, :math:`g_j = \nabla_{p_j}\mathcal{L}`); we place
    :math:`\tilde w_j` inside its cell on the plane :math:`g_j^\top \tilde w = 0`.
    Returns ``None`` when the smaller region's minimum is not genuine or the
    plane misses the cell.  Where some :math:`g_j \neq 0` the point is a saddle.
    """
    X, y = check_dataset(X, y)
    r = _check_region(regions, r, X)
    cells, width = regions.cells, regions.width
    if isinstance(idle, (str, bytes)) or not hasattr(idle, "__iter__"):
        raise TypeError(f"idle must be a list of hidden units, e.g. (0,), got {idle!r}.")
    idle = sorted({check_index(j, "idle", width) for j in idle})
    if not idle:
        raise ValueError(f"idle must list hidden units between 0 and {width - 1}, got {idle}.")
    Xh, bias = cells.inputs, cells.bias
    busy = [j for j in range(width) if j not in idle]
    pattern = regions.patterns[r]
    weights, v, c = np.zeros((width, Xh.shape[1])), np.zeros(width), float(np.mean(y)) if bias else 0.0
    fitted = np.full(len(y), c)
    if busy:
        verdict = genuineness(X, y, pattern[:, busy], bias)
        if verdict.status != "genuine":
            return None
        small = nets.Architecture(X.shape[1], len(busy), bias)
        W_b, v_b, b_b, c = small.unpack(verdict.theta)
        weights[busy] = np.hstack([W_b, b_b[:, None]]) if bias else W_b
        v[busy] = v_b
        fitted = nets.outputs(small, verdict.theta, X)
    residual = fitted - y
    for j in idle:
        g = (residual * pattern[:, j]) @ Xh
        S = np.where(pattern[:, j], 1.0, -1.0)[:, None] * Xh
        nonempty, point = interior_points(S[None], planes=g[None])
        if not nonempty[0]:
            return None
        weights[j] = point[0]
    n = Xh.shape[1] - int(bias)
    arch = nets.Architecture(n, width, bias)
    return arch.pack(weights[:, :n], v, weights[:, n] if bias else None, c if bias else None)


def minima_by_width(X, y, widths, bias: bool = False) -> dict[int, SubglobalMinima]:
    """All subglobal minima for each width (Fig. 3); one unit's cells are enumerated once for all widths."""
    X, y = check_dataset(X, y)
    widths = check_widths(widths)
    cells = unit_cells(X, bias)
    if len(cells) ** max(widths) > MAX_REGIONS:
        raise ValueError(
            f"widths holds {max(widths)}: with {len(cells)} cells per unit that is {float(len(cells) ** max(widths)):.3g} "
            f"regions, more than MAX_REGIONS = {MAX_REGIONS:.0e}; reduce widths."
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


def _check_region(regions, r, X: np.ndarray | None = None) -> int:
    """``r`` as a valid index into ``regions``, which must belong to the data ``X`` if given."""
    if not isinstance(regions, Regions):
        raise TypeError(f"regions must be a lossland.regions.Regions (from activation_regions), got {type(regions).__name__}.")
    if X is not None and not np.array_equal(regions.cells.inputs, homogeneous(X, regions.cells.bias)):
        raise ValueError("regions were enumerated for other data: pass activation_regions(X, width) of this X.")
    return check_index(r, "r", len(regions))
