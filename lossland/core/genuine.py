"""Genuine subglobal minima: is a region's convex minimum a real local minimum of the network?

A minimiser :math:`(p_j)` of a region's convex problem (:mod:`lossland.core.subglobal`)
is realised by network parameters in the open region exactly when every
:math:`p_j` can be written :math:`v_j w_j` with :math:`w_j` strictly inside unit
``j``'s cell.  This module decides it over the whole solution set, with one
linear program per choice of output signs, and lists every region's verdict
(Sec. 4.1 and Fig. 3 of the decomposition paper).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse

from lossland.core.dataset import Dataset, dataset
from lossland.core.lp import MARGIN_TOL, check_margin_tol, solve_lp
from lossland.core.regions import Regions, UnitCells, interior_points, regions_from_cells, unit_cells
from lossland.core.subglobal import Fit, _check_pattern, _design, _solve_regions
from lossland.core.validation import as_array, check_flag, check_width

__all__ = ["Verdict", "genuineness", "minimum_norm_inside", "SubglobalMinima", "subglobal_minima"]

#: Margin programs solved in one call of the LP solver (see :func:`_solve_programs`).
BATCH = 256


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


def _unit_signs(Xh: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Rows ``s_i x~_i`` of a unit's cell, :math:`s_i = \\pm 1` for active/inactive; zero rows dropped."""
    rows = np.any(Xh != 0, axis=1)
    return np.where(column, 1.0, -1.0)[rows, None] * Xh[rows]


def _margin_program(Xh, A, design, fitted, bias, singles, choice) -> dict | None:
    """The linear program of one choice of output signs, or ``None`` if it is infeasible.

    Maximise ``t`` over minimisers ``p`` (``design @ p = fitted``, the region's :func:`_design`) subject to
    ``sigma_j s_i x~_i . p_j >= t`` for each single unit with sign ``sigma_j``
    and ``p_j = 0`` where ``sigma_j = 0``; ``t <= 1``.  Variables ``[p, t]``.
    """
    h, d = A.shape[1], Xh.shape[1]
    n_p = h * d + int(bias)
    if not _consistent(design, fitted, [j for j, sigma in zip(singles, choice) if sigma == 0], d):
        return None
    eq_rows, eq_rhs = [design], [fitted]
    ub_rows = []
    for j, sigma in zip(singles, choice):
        if sigma == 0:
            block = np.zeros((d, n_p))
            block[:, j * d : (j + 1) * d] = np.eye(d)
            eq_rows.append(block)
            eq_rhs.append(np.zeros(d))
        else:
            S = _unit_signs(Xh, A[:, j])
            block = np.zeros((len(S), n_p))
            block[:, j * d : (j + 1) * d] = -sigma * S
            ub_rows.append(block)
    A_eq = np.hstack([np.vstack(eq_rows), np.zeros((sum(len(r) for r in eq_rows), 1))])
    A_ub = np.hstack([np.vstack(ub_rows), np.ones((sum(len(r) for r in ub_rows), 1))]) if ub_rows else np.zeros((0, n_p + 1))
    return {"A_ub": A_ub, "A_eq": A_eq, "b_eq": np.concatenate(eq_rhs), "size": n_p + 1}


def _solve_programs(programs: list[dict | None]) -> list[tuple[float, np.ndarray | None]]:
    """The largest margin ``t`` and its ``p`` for each program of :func:`_margin_program` (``-inf`` for ``None``).

    The programs share no variable, so one block-diagonal program maximising the sum of their
    margins maximises each margin: one call to the solver for a whole batch of sign choices
    and regions, instead of one per choice (the solver's set-up costs more than its solve).
    """
    out: list[tuple[float, np.ndarray | None]] = [(-np.inf, None)] * len(programs)
    feasible = [k for k, program in enumerate(programs) if program is not None]
    for start in range(0, len(feasible), BATCH):
        batch = feasible[start : start + BATCH]
        for k, one in zip(batch, _solve_halving([programs[k] for k in batch])):
            out[k] = one
    return out


def _solve_halving(blocks: list[dict]) -> list[tuple[float, np.ndarray | None]]:
    """:func:`_solve_blocks`, halving a batch the solver finds infeasible until the culprits stand alone.

    A program can pass the least-squares screen of :func:`_consistent` and still be infeasible
    at the solver's tighter tolerance; alone, it gets the margin ``-inf``, as it always did.
    """
    solved = _solve_blocks(blocks)
    if solved is not None:
        return solved
    if len(blocks) == 1:
        return [(-np.inf, None)]
    middle = len(blocks) // 2
    return _solve_halving(blocks[:middle]) + _solve_halving(blocks[middle:])


def _solve_blocks(blocks: list[dict]) -> list[tuple[float, np.ndarray]] | None:
    """One block-diagonal program for ``blocks``; ``None`` if the solver finds it infeasible."""
    sizes = [block["size"] for block in blocks]
    ends = np.cumsum(sizes)
    cost = np.zeros(ends[-1])
    cost[ends - 1] = -1.0
    result = solve_lp(
        cost,
        A_ub=sparse.block_diag([block["A_ub"] for block in blocks], format="csr"),
        b_ub=np.zeros(sum(len(block["A_ub"]) for block in blocks)),
        A_eq=sparse.block_diag([block["A_eq"] for block in blocks], format="csr"),
        b_eq=np.concatenate([block["b_eq"] for block in blocks]),
        bounds=[bound for size in sizes for bound in [(None, None)] * (size - 1) + [(None, 1.0)]],
    )
    if result.status != 0:
        return None
    return [(float(result.x[end - 1]), result.x[end - size : end - 1]) for end, size in zip(ends, sizes)]


def _consistent(design: np.ndarray, fitted: np.ndarray, zero_units: list[int], d: int) -> bool:
    """Can the fitted values be reached with the units ``zero_units`` switched off (``p_j = 0``)?

    The equality constraints of :func:`_max_margin`; a least-squares residual beyond 1e-6 (in the
    targets' units, a thousand times the LP's feasibility tolerance) means the program is
    infeasible, and a residual that small costs no linear program to find.  Most sign choices
    with a switched-off unit end here.
    """
    if not zero_units:
        return True
    keep = np.ones(design.shape[1], dtype=bool)
    for j in zero_units:
        keep[j * d : (j + 1) * d] = False
    reduced = design[:, keep]
    residual = fitted - reduced @ np.linalg.lstsq(reduced, fitted, rcond=None)[0]
    return bool(np.max(np.abs(residual)) <= 1e-6 * max(1.0, float(np.max(np.abs(fitted)))))


def _choices(options: list[tuple[int, ...]], first: tuple[int, ...]):
    """All sign choices allowed by ``options``, the minimum-norm solution's guess first."""
    if all(f in o for f, o in zip(first, options)):
        yield first
    for choice in itertools.product(*options):
        if choice != first:
            yield choice


def _parameters(Xh, A, bias, p, c, groups, choice_of) -> np.ndarray:
    """Build ``[vec(W), v, b, c]`` strictly inside the region with :math:`v_j w_j = p_j`."""
    h, d = A.shape[1], Xh.shape[1]
    weights, v = np.zeros((h, d)), np.zeros(h)
    for units in groups:
        S = _unit_signs(Xh, A[:, units[0]])
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


def genuineness(X, y, pattern, bias: bool = False, tol: float = MARGIN_TOL, parameters: bool = True) -> Verdict:
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
    A = _check_pattern(pattern, data.n_points)
    unit, units = _in_units(data)
    verdict = _genuineness(unit, A, check_margin_tol(tol), check_flag(parameters, "parameters"))
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


#: The output signs a single unit may take, in the order :func:`_choices` tries them (0: p_j = 0).
SIGNS = (1, -1, 0)


@dataclass(frozen=True)
class _Screen:
    """What the minimum-norm solutions alone settle, for a batch of R regions at once (h units each).

    Attributes
    ----------
    single : (R, h) bool, the units whose output sign matters: active on some point and with an
        activation pattern no other unit shares (shared patterns only matter through their sum).
    guess : (R, h) int, the sign the minimum-norm :math:`p_j` suggests: +1 or -1 when all its sign
        margins :math:`s_i \\tilde x_i \\cdot p_j` lie beyond the tolerance on that side, else 0.
    allowed : (R, h, 3) bool, whether each of :data:`SIGNS` is allowed: without biases, a point
        that only unit ``j`` sees has fitted value :math:`x_i^\\top p_j`, whose sign is then forced.
    genuine : (R,) bool, the minimum-norm solution itself can be realised inside the region.
    margin : (R,) the best margin where it is known without a linear program and the region is
        not genuine: where the solution set is one point, and ``-inf`` where some single unit has
        no allowed sign; NaN where linear programs must search the solution set (:func:`_margin_program`).
    """

    single: np.ndarray
    guess: np.ndarray
    allowed: np.ndarray
    genuine: np.ndarray
    margin: np.ndarray


def _screen(data: Dataset, patterns: np.ndarray, fit: Fit, scale: float) -> _Screen:
    """:class:`_Screen` of the regions ``patterns`` (R, N, h) with their solutions ``fit``.

    Where the design matrix, with the units that share a pattern merged, has full column rank,
    every single unit's :math:`p_j` is the same for all minimisers, so the margin program's
    optimum is known without solving it: each unit takes its best allowed sign, and the region's
    margin is the smallest unit's best, capped at 1 like the program's ``t``.  A region with a
    single unit that no sign is allowed has no program to solve: its margin is ``-inf``.
    """
    Xh, A, R, h = data.Xh, patterns, len(patterns), patterns.shape[2]
    seen = np.any(Xh != 0, axis=1)  # zero rows constrain no unit (see _unit_signs)
    z = np.einsum("nd,rhd->rnh", Xh[seen], fit.p)
    margins = np.where(A[:, seen], z, -z)
    low, high = margins.min(axis=1, initial=np.inf), margins.max(axis=1, initial=-np.inf)
    small = np.linalg.norm(fit.p, axis=2) <= scale
    active = A.any(axis=1)
    shared, repeated = np.zeros((R, h), dtype=bool), np.zeros((R, h), dtype=bool)
    for j, k in itertools.combinations(range(h), 2):
        same = np.all(A[:, :, j] == A[:, :, k], axis=1)
        shared[:, j] |= same
        shared[:, k] |= same
        repeated[:, k] |= same
    single = active & ~shared
    guess = np.where(low > scale, 1, np.where(high < -scale, -1, 0))
    genuine = np.all(~single | (guess != 0) | small, axis=1)
    allowed = np.ones((R, h, len(SIGNS)), dtype=bool)
    if not data.bias:
        alone = A & (A.sum(axis=2, keepdims=True) == 1)
        fitted = fit.fitted[:, :, None]
        for k, forced in enumerate((fitted > scale, fitted < -scale, np.abs(fitted) <= scale)):
            allowed[:, :, k] = np.all(~alone | forced, axis=1)
    values = np.stack([low, -high, np.where(small, np.inf, -np.inf)], axis=2)  # one per sign in SIGNS
    best = np.where(single, np.where(allowed, values, -np.inf).max(axis=2), np.inf)
    unique = fit.rank == (active & ~repeated).sum(axis=1) * Xh.shape[1] + int(data.bias)
    hopeless = np.any(single & ~allowed.any(axis=2), axis=1)  # a unit with no sign left: no program at all
    margin = np.where((unique | hopeless) & ~genuine, np.minimum(1.0, best.min(axis=1)), np.nan)
    return _Screen(single, guess, allowed, genuine, margin)


def _status(margin: float, scale: float) -> str:
    """Genuine beyond the margin tolerance, boundary within it, absent below it."""
    return "genuine" if margin > scale else "boundary" if margin >= -scale else "absent"


@dataclass(frozen=True)
class _Pending:
    """A region whose verdict waits for the margin programs of its sign choices."""

    A: np.ndarray
    fit: Fit
    scale: float
    singles: list[int]
    groups: list[list[int]]
    choices: list[tuple[int, ...]]
    programs: list[dict | None]


def _groups(A: np.ndarray) -> list[list[int]]:
    """The units of a region grouped by their activation pattern."""
    by_pattern: dict[bytes, list[int]] = {}
    for j in range(A.shape[1]):
        by_pattern.setdefault(A[:, j].tobytes(), []).append(j)
    return list(by_pattern.values())


def _genuineness(data: Dataset, A: np.ndarray, tol: float, parameters: bool, fit: Fit | None = None) -> Verdict:
    """:func:`genuineness` on a validated dataset and pattern; ``fit`` is the region's solution if already known."""
    fit = _solve_regions(data, A[None]) if fit is None else fit
    scale = tol * data.scale
    screen = _screen(data, A[None], fit, scale)
    loss = float(fit.loss[0])
    if screen.genuine[0]:
        singles = list(np.flatnonzero(screen.single[0]))
        choice_of = {j: int(screen.guess[0, j]) for j in singles}
        theta = _parameters(data.Xh, A, data.bias, fit.p[0], fit.c[0], _groups(A), choice_of) if parameters else None
        return Verdict("genuine", loss, np.inf, theta)
    if not np.isnan(screen.margin[0]):
        return Verdict(_status(screen.margin[0], scale), loss, float(screen.margin[0]), None)
    pending = _prepare(data, A, scale, fit, screen, 0)
    return _decide(data, pending, _solve_programs(pending.programs), parameters)


def _prepare(data: Dataset, A: np.ndarray, scale: float, fit: Fit, screen: _Screen, k: int) -> _Pending:
    """The margin programs of region ``k`` of ``screen`` (pattern ``A``, solution ``fit``), one per sign choice."""
    singles = list(np.flatnonzero(screen.single[k]))
    options = [tuple(sign for sign, ok in zip(SIGNS, screen.allowed[k, j]) if ok) for j in singles]
    choices = list(_choices(options, tuple(int(screen.guess[k, j]) for j in singles)))
    design = _design(data.Xh, A, data.bias)
    fitted = fit.fitted[0]
    programs = [_margin_program(data.Xh, A, design, fitted, data.bias, singles, choice) for choice in choices]
    return _Pending(A, fit, scale, singles, _groups(A), choices, programs)


def _decide(data: Dataset, pending: _Pending, solved: list, parameters: bool) -> Verdict:
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
    return Verdict(_status(best, scale), float(fit.loss[0]), best, None)


def minimum_norm_inside(X, y, pattern, p, bias: bool = False, tol: float = MARGIN_TOL) -> bool:
    """The particular-solution test of Sec. 4.1: can the minimum-norm ``p`` itself be realised inside?

    True when every unit's :math:`p_j` is zero or has all its sign margins :math:`s_i \\tilde x_i \\cdot p_j`
    beyond ``tol`` (times ``max |y|``) on one side, so that :math:`p_j = v_j w_j` with :math:`w_j`
    strictly inside unit ``j``'s cell.  :func:`genuineness` decides over the whole solution set
    instead; this test is what the paper's wording asks for, shown to count what it misses.
    """
    data = dataset(X, y, bias)
    A = _check_pattern(pattern, data.n_points)
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
        margins = _unit_signs(Xh, A[:, j]) @ p[j]
        if not (np.all(margins > scale) or np.all(margins < -scale)):
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


def subglobal_minima(X, y, width: int, bias: bool = False, tol: float = MARGIN_TOL, cells: UnitCells | None = None) -> SubglobalMinima:
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
    fit = _solve_regions(data, representatives)  # minimum-norm in the data's own units
    unit = _in_units(data)[0]
    verdicts = _statuses(unit, representatives, _solve_regions(unit, representatives), tol)
    spread = Fit(**{name: getattr(fit, name)[inverse] for name in Fit.__dataclass_fields__})
    p = _permute_units(spread.p, regions.members[first][inverse], regions.members)
    return SubglobalMinima(regions=regions, fit=replace(spread, p=p), status=verdicts[inverse])


def _statuses(data: Dataset, patterns: np.ndarray, fit: Fit, tol: float) -> np.ndarray:
    """The verdicts' statuses of many regions: screened together, the rest's margin programs solved in batches."""
    scale = tol * data.scale
    screen = _screen(data, patterns, fit, scale)
    searched = np.flatnonzero(~screen.genuine & np.isnan(screen.margin))
    pending = [_prepare(data, patterns[k], scale, _row(fit, k), screen, k) for k in searched]
    solved = iter(_solve_programs([program for item in pending for program in item.programs]))
    margin = screen.margin.copy()
    for k, item in zip(searched, pending):
        margin[k] = _decide(data, item, [next(solved) for _ in item.programs], False).margin
    return np.array(["genuine" if genuine else _status(m, scale) for genuine, m in zip(screen.genuine, margin)])


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
