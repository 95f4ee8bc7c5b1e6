"""Inside one activation region: seeded points, gradient descent, and the saddles of Theorem 2.5.

Chapter 1 (the decomposition paper, Theorem 2.5 and Corollary 2.7) and Chapter 2 (Liu's
Theorem 2, App. C.2) both build on these: a region's loss is smooth, its only local minimum
is the subglobal one, and idle units with zero output weight make saddles.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossland.core import nets
from lossland.core.dataset import Dataset, dataset
from lossland.core.descent import gradient_descent
from lossland.core.genuine import region_verdict
from lossland.core.lp import MARGIN_TOL
from lossland.core.regions import Regions, interior_points
from lossland.core.scaling import scaled_to_one
from lossland.core.subglobal import solve_batch
from lossland.core.validation import check_entries, check_index, check_positive, check_seed

__all__ = ["sample_in_region", "RegionDescent", "descend_in_region", "saddle_in_region", "region_saddle"]


def sample_in_region(regions: Regions, r: int, count: int, seed: int = 0, spread: float = 0.5) -> NDArray[np.float64]:
    """``count`` parameter vectors strictly inside region ``r`` (weights near its witness, random output weights).

    Returns an array (count, size) in the layout of :class:`lossland.core.nets.Architecture`.
    """
    r = _check_region(regions, r)
    count = int(check_positive(count, "count", integer=True))
    check_entries(4.0 * count * regions.cells.witnesses.shape[-1] * (len(regions.members[r]) + 1), "count")
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
    X: ArrayLike, y: ArrayLike, regions: Regions, r: int, count: int = 50, steps: int = 20000, learning_rate: float = 0.01, seed: int = 0
) -> RegionDescent:
    """Theorem 2.5 on an instance: descend from ``count`` starts inside region ``r``.

    Every run either leaves the region or, if it converges inside it, reaches
    the region's subglobal minimum: inside a region the loss has no other
    local minimum.
    """
    data, r = _region_data(X, y, regions, r)
    X, y = data.X, data.y
    arch = nets.Architecture(X.shape[1], regions.width, regions.cells.bias)
    pattern = regions.patterns[r]
    starts = sample_in_region(regions, r, count, seed)

    def inside(theta):
        return np.all(nets.pattern_of(arch, theta, X) == pattern, axis=(-2, -1))

    run = gradient_descent(
        lambda theta: nets.gradient(arch, theta, X, y), starts, learning_rate=learning_rate, steps=steps, inside=inside
    )
    converged = np.linalg.norm(nets.gradient(arch, run.final, X, y), axis=1) < 1e-6
    subglobal = float(solve_batch(data, pattern[None]).loss[0])
    return RegionDescent(subglobal, nets.loss(arch, run.final, X, y), run.stayed, converged & run.stayed)


def saddle_in_region(X: ArrayLike, y: ArrayLike, regions: Regions, r: int, idle=(0,)) -> NDArray[np.float64] | None:
    r"""A critical point of region ``r`` built as in Case 2 of the proof of Theorem 2.5, or ``None``.

    The units in ``idle`` get output weight :math:`v_j = 0`; the others sit at
    a genuine minimum of the smaller region they form on their own (found by
    :func:`lossland.core.genuine.genuineness`).  With :math:`v_j = 0` the
    gradients in :math:`w_j` and :math:`b_j` vanish, and the one in :math:`v_j`
    is :math:`g_j^\top \tilde w_j` with :math:`g_j = \sum_i r_i a_{ij} \tilde x_i`
    (:math:`r_i` the residuals, :math:`g_j = \nabla_{p_j}\mathcal{L}`); we place
    :math:`\tilde w_j` inside its cell on the plane :math:`g_j^\top \tilde w = 0`.
    Returns ``None`` when the smaller region's minimum is not genuine or the
    plane misses the cell.  Where some :math:`g_j \neq 0` the point is a saddle.
    """
    data, r = _region_data(X, y, regions, r)
    if isinstance(idle, (str, bytes)) or not hasattr(idle, "__iter__"):
        raise TypeError(f"idle must be a list of hidden units, e.g. (0,), got {idle!r}.")
    idle = sorted({check_index(j, "idle", regions.width) for j in idle})
    if not idle:
        raise ValueError(f"idle must list hidden units between 0 and {regions.width - 1}, got {idle}.")
    return region_saddle(data, regions.patterns[r], idle)


def region_saddle(data: Dataset, pattern: np.ndarray, idle: list[int]) -> np.ndarray | None:
    """:func:`saddle_in_region` on a validated dataset, the region's pattern (N, h) and sorted idle units.

    The point is built on the data divided by its scales (:func:`lossland.core.scaling.scaled_to_one`)
    and mapped back, so that whether one is found does not depend on the data's units: the
    smaller region's verdict uses the margin tolerance of :func:`lossland.core.genuine.genuineness`,
    and an idle unit's plane is dropped when its normal is round-off (:func:`_vanishes`).
    """
    scaled, scales = scaled_to_one(data)
    X, y, Xh, bias = scaled.X, scaled.y, scaled.Xh, scaled.bias
    width = pattern.shape[1]
    busy = [j for j in range(width) if j not in idle]
    weights, v, c = np.zeros((width, Xh.shape[1])), np.zeros(width), float(np.mean(y)) if bias else 0.0
    fitted = np.full(len(y), c)
    if busy:
        verdict = region_verdict(scaled, pattern[:, busy], MARGIN_TOL, parameters=True)
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
        plane = None if _vanishes(g, y, Xh) else g[None]
        nonempty, point = interior_points(S[None], planes=plane)
        if not nonempty[0]:
            return None
        weights[j] = point[0]
    n = Xh.shape[1] - int(bias)
    arch = nets.Architecture(n, width, bias)
    theta = arch.pack(weights[:, :n], v, weights[:, n] if bias else None, c if bias else None)
    return scales.parameters(theta, width, n)


def _vanishes(g: np.ndarray, y: np.ndarray, Xh: np.ndarray) -> bool:
    """Whether an idle unit's gradient ``g = sum_i r_i a_ij x_i`` is zero to the accuracy the residuals have.

    Then ``dL/dv_j = g . w_j`` vanishes for every ``w_j`` and the unit's weights need no plane;
    a plane of noise, rescaled to unit length by :func:`interior_points`, would cut cells that
    hold a point.  The busy units' parameters come from a margin program, so each residual
    ``r_i`` is known to the linear programs' feasibility tolerance times ``max |y|``
    (:data:`lossland.core.lp.LP_FEASIBILITY`); entry ``k`` of ``g`` then to that times the sum of
    ``|x_ik|``.  As for margins, ``g`` counts as zero within :data:`lossland.core.lp.MARGIN_TOL`
    (a hundred times that accuracy) in these units, which follow ``X`` (each column) and ``y``
    when the data are rescaled.
    """
    noise = MARGIN_TOL * max(float(np.abs(y).max()), np.finfo(float).tiny) * np.abs(Xh).sum(axis=0)
    return bool(np.all(np.abs(g) <= noise))


def _check_region(regions, r) -> int:
    """``r`` as a valid index into ``regions``."""
    if not isinstance(regions, Regions):
        raise TypeError(f"regions must be a lossland.core.regions.Regions (from activation_regions), got {type(regions).__name__}.")
    return check_index(r, "r", len(regions))


def _region_data(X, y, regions, r) -> tuple[Dataset, int]:
    """The validated dataset (with the regions' bias) and region index; the regions must be of these data."""
    r = _check_region(regions, r)
    data = dataset(X, y, regions.cells.bias)
    if not np.array_equal(regions.cells.inputs, data.Xh):
        raise ValueError("regions were enumerated for other data: pass activation_regions(X, width) of this X.")
    return data, r
