"""Genuine subglobal minima: is a region's convex minimum a real local minimum of the network?

A minimiser :math:`(p_j)` of a region's convex problem (:mod:`lossland.core.subglobal`)
is realised by network parameters in the open region exactly when every
:math:`p_j` can be written :math:`v_j w_j` with :math:`w_j` strictly inside unit
``j``'s cell.  This module gives the verdict of one region (:func:`genuineness`, with
parameters that attain a genuine minimum) and of every region of a network at once
(:func:`subglobal_minima`; Sec. 4.1 and Fig. 3 of the decomposition paper).  Both decide over
the whole solution set with the margin programs of :mod:`lossland.core.margins`; the same test
written plainly, one linear program per choice of output signs, is
:mod:`lossland.core.genuine_reference`, which the tests hold these verdicts to.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import margins
from lossland.core.dataset import Dataset, dataset
from lossland.core.lp import MARGIN_TOL, check_margin_tol
from lossland.core.regions import Regions, UnitCells, interior_points, regions_from_cells, unit_cells
from lossland.core.subglobal import Fit, check_region_pattern, solve_batch
from lossland.core.validation import as_array, check_flag, check_width

__all__ = ["Verdict", "genuineness", "region_verdict", "minimum_norm_inside", "SubglobalMinima", "subglobal_minima"]


@dataclass(frozen=True)
class Verdict:
    """Is a region's subglobal minimum a real local minimum of the network?

    Attributes
    ----------
    status : ``"genuine"`` when some minimiser lies strictly inside the region
        (a differentiable local minimum of the real network, Corollary 2.7);
        ``"boundary"`` when minimisers reach the region's closure but not its
        interior; ``"absent"`` when no minimiser is even in the closure (the
        region then holds no local minimum, only a way out).
    loss : the subglobal minimum's loss.
    margin : the largest sign margin found, positive exactly when genuine.
    theta : for a genuine minimum, parameters ``[vec(W), v, b, c]`` strictly
        inside the region attaining it (see :mod:`lossland.core.nets`), else ``None``.
    """

    status: str
    loss: float
    margin: float
    theta: np.ndarray | None


def _parameters(Xh, A, bias, p, c, groups, choice_of) -> np.ndarray:
    """Build ``[vec(W), v, b, c]`` strictly inside the region with :math:`v_j w_j = p_j`."""
    h, d = A.shape[1], Xh.shape[1]
    weights, v = np.zeros((h, d)), np.zeros(h)
    for units in groups:
        S = margins.unit_signs(Xh, A[:, units[0]])
        w0 = interior_points([S])[1][0] if len(S) else np.zeros(d)
        total = p[units].sum(axis=0)
        weights[units] = w0
        if len(units) == 1 and choice_of.get(units[0], 0) != 0:
            sigma = choice_of[units[0]]
            weights[units[0]], v[units[0]] = sigma * total, sigma
        elif len(units) > 1 and len(S):
            # P = (P + lam w0) - lam w0 with both terms inside the open cell.
            lam = max(0.0, float(np.max(-(S @ total) / (S @ w0)))) + 1.0
            weights[units[0]], v[units[0]] = total + lam * w0, 1.0
            weights[units[1]], v[units[1]] = lam * w0, -1.0
    n = d - int(bias)
    parts = [weights[:, :n].ravel(), v]
    if bias:
        parts += [weights[:, n], np.atleast_1d(c)]
    return np.concatenate(parts)


def genuineness(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, bias: bool = False, tol: float = MARGIN_TOL, parameters: bool = True) -> Verdict:
    """Decide whether a region's subglobal minimum exists in the real loss surface.

    A minimiser :math:`(p_j)` of the region's convex problem is realised by
    network parameters in the open region exactly when every :math:`p_j` can be
    written :math:`v_j w_j` with :math:`w_j` strictly inside unit ``j``'s cell,
    i.e. :math:`p_j \\in C_j \\cup (-C_j) \\cup \\{0\\}`.  Units that share one
    activation pattern only matter through their sum, which is unconstrained
    (:math:`C - C` is the whole space), and units active on no point never
    matter.  The test runs over the *whole* solution set, not only the
    minimum-norm solution: one linear program per choice of the remaining
    units' output signs (Sec. 4.1 asks for a particular solution only; that
    can wrongly declare a region's minimum absent).

    Parameters
    ----------
    X, y : the dataset, shapes (N, n) and (N,).
    pattern : activation values (N, h) of a nonempty region, e.g. from
        :func:`lossland.core.regions.activation_regions`.
    bias : whether the network has biases.
    tol : margin (times ``max |y|``) within which a minimiser counts as touching the
        boundary; at least ten times the linear programs' accuracy (:mod:`lossland.core.lp`), so
        that the verdict does not depend on the solver's round-off.
    parameters : also build the parameters ``theta`` of a genuine minimum
        (costs one small linear program per unit).
    """
    data = dataset(X, y, bias)
    A = check_region_pattern(pattern, data.n_points)
    unit, units = _in_units(data)
    verdict = region_verdict(unit, A, check_margin_tol(tol), check_flag(parameters, "parameters"))
    return units.verdict(verdict, A.shape[1], data.X.shape[1])


@dataclass(frozen=True)
class _Units:
    """The data's scales: inputs ``x`` (largest ``|x|``) and targets ``y`` (largest ``|y|``).

    A verdict does not depend on the units of the data (``X -> aX``, ``y -> by`` with ``a, b > 0``
    rescale the network's weights, not its regions or the sign of a margin), so the tests run
    on data of order one, where the linear programs' absolute accuracy and the margin tolerance
    mean the same whatever the units; these map the answers back.
    """

    x: float
    y: float
    bias: bool

    def p(self, p: np.ndarray) -> np.ndarray:
        """Products ``p_j = v_j w_j`` (..., h, d) from the unit data's units to the data's."""
        factor = np.full(p.shape[-1], self.y / self.x)
        if self.bias:
            factor[-1] = self.y
        return p * factor

    def verdict(self, verdict: Verdict, h: int, n: int) -> Verdict:
        """A verdict on ``h`` units and ``n`` inputs in the data's units."""
        theta = verdict.theta
        if theta is not None:
            theta = theta.copy()
            theta[: h * n] /= self.x  # W
            theta[h * n : h * n + h] *= self.y  # v
            if self.bias:
                theta[-1] *= self.y  # c; the hidden biases b keep their values
        return Verdict(verdict.status, verdict.loss * self.y**2, verdict.margin * self.y, theta)


def _in_units(data: Dataset) -> tuple[Dataset, _Units]:
    """The dataset divided by its scales (largest ``|x|`` and ``|y|``, 1 where zero), and the scales."""
    x = float(np.abs(data.X).max()) or 1.0
    y = float(np.abs(data.y).max()) or 1.0
    return dataset(data.X / x, data.y / y, data.bias), _Units(x, y, data.bias)


def region_verdict(data: Dataset, A: np.ndarray, tol: float, parameters: bool, fit: Fit | None = None) -> Verdict:
    """:func:`genuineness` on a validated dataset and bool pattern ``A`` (N, h), in the data's own units.

    For the package's functions that have validated their arguments (the saddles of
    :mod:`lossland.core.inregion`); ``fit`` is the region's solution if already known.
    """
    fit = solve_batch(data, A[None]) if fit is None else fit
    scale = tol * data.scale
    screen = margins.screen(data, A[None], fit, scale)
    loss = float(fit.loss[0])
    if screen.genuine[0]:
        singles = list(np.flatnonzero(screen.single[0]))
        choice_of = {j: int(screen.guess[0, j]) for j in singles}
        theta = _parameters(data.Xh, A, data.bias, fit.p[0], fit.c[0], margins.groups(A), choice_of) if parameters else None
        return Verdict("genuine", loss, np.inf, theta)
    if not np.isnan(screen.margin[0]):
        return Verdict(margins.status(screen.margin[0], scale), loss, float(screen.margin[0]), None)
    pending = margins.prepare_search(data, A, scale, fit, screen, 0)
    return _decide(data, pending, margins.solve_programs(pending.programs), parameters)


def _decide(data: Dataset, pending: margins.Search, solved: list, parameters: bool) -> Verdict:
    """The verdict from the solved margin programs: genuine at the first choice beyond the margin tolerance."""
    A, fit, scale = pending.A, pending.fit, pending.scale
    best = -np.inf
    for choice, (margin, solution) in zip(pending.choices, solved):
        best = max(best, margin)
        if margin > scale:
            h, d = A.shape[1], data.Xh.shape[1]
            p_lp = solution[: h * d].reshape(h, d)
            c_lp = solution[-1] if data.bias else 0.0
            choice_of = dict(zip(pending.singles, choice))
            theta = _parameters(data.Xh, A, data.bias, p_lp, c_lp, pending.groups, choice_of) if parameters else None
            return Verdict("genuine", float(fit.loss[0]), margin, theta)
    return Verdict(margins.status(best, scale), float(fit.loss[0]), best, None)


def minimum_norm_inside(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, p: ArrayLike, bias: bool = False, tol: float = MARGIN_TOL) -> bool:
    """The particular-solution test of Sec. 4.1: can the minimum-norm ``p`` itself be realised inside?

    True when every unit's :math:`p_j` is zero or has all its sign margins :math:`s_i \\tilde x_i \\cdot p_j`
    beyond ``tol`` (times ``max |y|``) on one side, so that :math:`p_j = v_j w_j` with :math:`w_j`
    strictly inside unit ``j``'s cell.  :func:`genuineness` decides over the whole solution set
    instead; this test is what the paper's wording asks for, shown to count what it misses.
    """
    data = dataset(X, y, bias)
    A = check_region_pattern(pattern, data.n_points)
    p = as_array(p, "p")
    if p.shape != (A.shape[1], data.Xh.shape[1]):
        raise ValueError(f"p must have shape (h, d) = {(A.shape[1], data.Xh.shape[1])}, one row per unit, got {p.shape}.")
    data, units = _in_units(data)
    p = p / units.p(np.ones_like(p))
    scale = check_margin_tol(tol) * data.scale
    Xh = data.Xh
    for j in range(A.shape[1]):
        if not A[:, j].any() or np.linalg.norm(p[j]) <= scale:
            continue
        signed = margins.unit_signs(Xh, A[:, j]) @ p[j]
        if not (np.all(signed > scale) or np.all(signed < -scale)):
            return False
    return True


def _check_cells(cells, data: Dataset) -> UnitCells:
    """``cells`` if they are one unit's cells for exactly these data and this ``bias``."""
    if not isinstance(cells, UnitCells):
        raise TypeError(f"cells must be a lossland.core.regions.UnitCells (from unit_cells), got {type(cells).__name__}.")
    Xh, bias = data.Xh, data.bias
    if cells.bias != bias or cells.inputs.shape != Xh.shape or not np.array_equal(cells.inputs, Xh):
        raise ValueError(f"cells were enumerated for other data or bias: pass unit_cells(X, bias={bias}), or cells=None.")
    return cells


@dataclass(frozen=True)
class SubglobalMinima:
    """Every region of a network with its subglobal minimum and verdict (Sec. 4.1, Fig. 3).

    ``status[r]`` and ``loss[r]`` belong to region ``r`` of ``regions``.
    """

    regions: Regions
    fit: Fit
    status: np.ndarray

    @property
    def loss(self) -> np.ndarray:
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
    tol : see :func:`genuineness`.
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
    unit = _in_units(data)[0]
    verdicts = _statuses(unit, representatives, solve_batch(unit, representatives), tol)
    spread = Fit(**{name: getattr(fit, name)[inverse] for name in Fit.__dataclass_fields__})
    p = _permute_units(spread.p, regions.members[first][inverse], regions.members)
    return SubglobalMinima(regions=regions, fit=replace(spread, p=p), status=verdicts[inverse])


def _statuses(data: Dataset, patterns: np.ndarray, fit: Fit, tol: float) -> np.ndarray:
    """The verdicts' statuses of many regions: screened together, the rest's margin programs solved in batches."""
    scale = tol * data.scale
    screen = margins.screen(data, patterns, fit, scale)
    searched = np.flatnonzero(~screen.genuine & np.isnan(screen.margin))
    pending = [margins.prepare_search(data, patterns[k], scale, _row(fit, k), screen, k) for k in searched]
    solved = iter(margins.solve_programs([program for item in pending for program in item.programs]))
    margin = screen.margin.copy()
    for k, item in zip(searched, pending):
        margin[k] = _decide(data, item, [next(solved) for _ in item.programs], False).margin
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
