"""Every region of a network at once: subglobal minima and their verdicts (Sec. 4.1 and Fig. 3 of the decomposition paper).

Enumerate the regions (:mod:`lossland.core.regions`), solve every region's convex problem in
one batch (:mod:`lossland.core.subglobal`) and decide for each whether its minimum is genuine.
The question is the one :func:`lossland.core.genuine.genuineness` answers for one region; here
the margin programs of thousands of regions are screened together and the rest solved in
batches (:mod:`lossland.core.margins`).  The plain version, one linear program per choice of
output signs, is :mod:`lossland.core.genuine_reference`; the tests hold both to it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import margins
from lossland.core.dataset import Dataset, dataset
from lossland.core.lp import MARGIN_TOL, check_margin_tol
from lossland.core.regions import Regions, UnitCells, regions_from_cells, unit_cells
from lossland.core.scaling import scaled_to_one
from lossland.core.subglobal import Fit, solve_batch
from lossland.core.validation import check_width

__all__ = ["SubglobalMinima", "subglobal_minima"]


@dataclass(frozen=True)
class SubglobalMinima:
    """Every region of a network with its subglobal minimum and verdict (Sec. 4.1, Fig. 3).

    ``status[r]`` and ``loss[r]`` belong to region ``r`` of ``regions``; a status is one of
    :class:`lossland.core.genuine.Verdict`'s (``"genuine"``, ``"boundary"``, ``"absent"``).
    """

    regions: Regions
    fit: Fit
    status: np.ndarray

    @property
    def loss(self) -> np.ndarray:
        """Each region's subglobal minimum (its least-squares loss), array (R,)."""
        return self.fit.loss

    @property
    def genuine(self) -> np.ndarray:
        """Bool mask of the regions whose subglobal minimum is a real local minimum."""
        return self.status == "genuine"


def subglobal_minima(X: ArrayLike, y: ArrayLike, width: int, bias: bool = False, tol: float = MARGIN_TOL, cells: UnitCells | None = None) -> SubglobalMinima:
    """Enumerate all regions, solve each convex problem, and decide genuineness (Sec. 4.1, Fig. 3).

    Regions that differ only by a permutation of the hidden units have the
    same convex problem up to relabelling, so each multiset of unit cells is
    solved and decided once and the result shared by its permutations, with the
    units' products ``p`` permuted to each region's own order.

    Parameters
    ----------
    X, y : the dataset, shapes (N, n) and (N,).
    width : number of hidden units ``h``.
    bias : whether the network has biases.
    tol : see :func:`lossland.core.genuine.genuineness`.
    cells : one unit's cells, if already enumerated (to reuse them across widths).
    """
    data = dataset(X, y, bias)
    tol, width = check_margin_tol(tol), check_width(width)
    cells = unit_cells(data.X, data.bias) if cells is None else _check_cells(cells, data)
    regions = regions_from_cells(cells, width)
    keys = np.sort(regions.members, axis=1) @ (len(cells) ** np.arange(width - 1, -1, -1))
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    inverse = np.ravel(inverse)
    representatives = regions.patterns[first]
    fit = solve_batch(data, representatives)  # minimum-norm in the data's own units
    scaled = scaled_to_one(data)[0]
    verdicts = _statuses(scaled, representatives, solve_batch(scaled, representatives), tol)
    spread = Fit(**{name: getattr(fit, name)[inverse] for name in Fit.__dataclass_fields__})
    p = _permute_units(spread.p, regions.members[first][inverse], regions.members)
    return SubglobalMinima(regions=regions, fit=replace(spread, p=p), status=verdicts[inverse])


def _check_cells(cells, data: Dataset) -> UnitCells:
    """``cells`` if they are one unit's cells for exactly these data and this ``bias``."""
    if not isinstance(cells, UnitCells):
        raise TypeError(f"cells must be a lossland.core.regions.UnitCells (from unit_cells), got {type(cells).__name__}.")
    Xh, bias = data.Xh, data.bias
    if cells.bias != bias or cells.inputs.shape != Xh.shape or not np.array_equal(cells.inputs, Xh):
        raise ValueError(f"cells were enumerated for other data or bias: pass unit_cells(X, bias={bias}), or cells=None.")
    return cells


def _statuses(data: Dataset, patterns: np.ndarray, fit: Fit, tol: float) -> np.ndarray:
    """The statuses of many regions on data of order one: screened together, the rest's margin programs solved in batches.

    A region the screen leaves open gets the best margin over its sign choices' programs
    (``-inf`` when none is feasible), judged as :func:`lossland.core.margins.status` judges it.
    """
    scale = tol * data.scale
    screen = margins.screen(data, patterns, fit, scale)
    searched = np.flatnonzero(~screen.genuine & np.isnan(screen.margin))
    pending = [margins.prepare_search(data, patterns[k], scale, _row(fit, k), screen, k) for k in searched]
    solved = iter(margins.solve_programs([program for item in pending for program in item.programs]))
    margin = screen.margin.copy()
    for k, item in zip(searched, pending):
        margin[k] = max((next(solved)[0] for _ in item.programs), default=-np.inf)
    return np.array(["genuine" if genuine else margins.status(m, scale) for genuine, m in zip(screen.genuine, margin)])


def _row(fit: Fit, k: int) -> Fit:
    """Region ``k`` of a batch of solutions, as a batch of one."""
    return Fit(**{name: getattr(fit, name)[k : k + 1] for name in Fit.__dataclass_fields__})


def _permute_units(p: np.ndarray, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Reorder each row's units from the cell order ``source`` to ``target`` (both (R, h), same multisets).

    Units are matched by sorting their cell indices (a stable sort, so units that share a cell
    keep their order); those units have equal products in the minimum-norm solution anyway.
    """
    rows = np.arange(len(p))[:, None]
    out = np.empty_like(p)
    out[rows, np.argsort(target, axis=1, kind="stable")] = p[rows, np.argsort(source, axis=1, kind="stable")]
    return out
