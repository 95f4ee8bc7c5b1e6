"""Margin programs: how far inside its region the best minimiser of a region's convex problem lies.

:mod:`lossland.core.genuine` (one region) and :mod:`lossland.core.all_regions` (thousands of
regions at once) ask whether a region's subglobal minimum is realised strictly inside the region.  The question and its plain
answer, one linear program per choice of the single units' output signs, are written out in
:mod:`lossland.core.genuine_reference`; this module answers it fast, in two steps that give
the same verdicts (tested against the reference):

1. :func:`screen` reads off what the minimum-norm solutions of a batch of regions already
   settle, with array algebra and no linear program: most regions end here.
2. For the others, :func:`prepare_search` writes the margin program of each sign choice that
   the screen leaves open, and :func:`solve_programs` solves many of them in one call.

Everything here runs on a validated :class:`~lossland.core.dataset.Dataset` scaled to largest
entry 1 (:func:`lossland.core.scaling.scaled_to_one`); the public functions of
:mod:`lossland.core.genuine` and :mod:`lossland.core.all_regions` validate their arguments and call these.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from lossland.core.dataset import Dataset
from lossland.core.lp import solve_lp
from lossland.core.subglobal import Fit, design_matrix

__all__ = ["BATCH", "SIGNS", "unit_signs", "Screen", "screen", "status", "groups", "Search", "prepare_search",
           "solve_programs"]

#: Margin programs solved in one call of the LP solver (see :func:`solve_programs`).
BATCH = 256

#: The output signs a single unit may take, in the order :func:`_choices` tries them: v_j > 0,
#: v_j < 0, and v_j = 0 (then p_j = 0).
SIGNS = (1, -1, 0)


def unit_signs(Xh: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Rows ``s_i x~_i`` of a unit's cell, :math:`s_i = \\pm 1` for active/inactive; zero rows dropped."""
    rows = np.any(Xh != 0, axis=1)
    return np.where(column, 1.0, -1.0)[rows, None] * Xh[rows]


def _margin_program(Xh, A, design, fitted, bias, singles, choice) -> dict | None:
    """The linear program of one choice of output signs, or ``None`` if it is infeasible.

    Maximise ``t`` over minimisers ``p`` (``design @ p = fitted``, the region's :func:`~lossland.core.subglobal.design_matrix`) subject to
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
            S = unit_signs(Xh, A[:, j])
            block = np.zeros((len(S), n_p))
            block[:, j * d : (j + 1) * d] = -sigma * S
            ub_rows.append(block)
    A_eq = np.hstack([np.vstack(eq_rows), np.zeros((sum(len(r) for r in eq_rows), 1))])
    A_ub = np.hstack([np.vstack(ub_rows), np.ones((sum(len(r) for r in ub_rows), 1))]) if ub_rows else np.zeros((0, n_p + 1))
    return {"A_ub": A_ub, "A_eq": A_eq, "b_eq": np.concatenate(eq_rhs), "size": n_p + 1}


def _choices(options: list[tuple[int, ...]], first: tuple[int, ...]):
    """All sign choices allowed by ``options``, the minimum-norm solution's guess first."""
    if all(f in o for f, o in zip(first, options)):
        yield first
    for choice in itertools.product(*options):
        if choice != first:
            yield choice


def solve_programs(programs: list[dict | None]) -> list[tuple[float, np.ndarray | None]]:
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

    The equality constraints of :func:`_margin_program`; a least-squares residual beyond 1e-6 (in the
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


@dataclass(frozen=True)
class Screen:
    """What the minimum-norm solutions alone settle, for a batch of R regions at once (h units each).

    Attributes
    ----------
    single : (R, h) bool, the units whose output sign matters: active on some point and with an
        activation pattern no other unit shares (shared patterns only matter through their sum).
    guess : (R, h) int, the sign the minimum-norm :math:`p_j` suggests: +1 or -1 when all its sign
        margins :math:`s_i \\tilde x_i \\cdot p_j` lie beyond the tolerance on that side, else 0.
    allowed : (R, h, 3) bool, whether each of :data:`SIGNS` can reach a margin above ``-tol``:
        without biases, a point that only unit ``j`` sees has the fitted value
        :math:`x_i^\\top p_j` for every minimiser, so its sign rules out the opposite sign.
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


def screen(data: Dataset, patterns: np.ndarray, fit: Fit, scale: float) -> Screen:
    r""":class:`Screen` of the regions ``patterns`` (R, N, h) with their minimum-norm solutions ``fit``.

    ``scale`` is the margin tolerance.  The question is the one written out in
    :mod:`lossland.core.genuine_reference`; the array algebra below answers it from the
    minimum-norm solution alone wherever that suffices, one line per array:

    * ``margins[r, i, j]`` :math:`= s_{ij}\, \tilde x_i \cdot p_j` with :math:`s_{ij} = +1` where
      unit ``j`` is active on point ``i`` and -1 where not: the sign margins of Liu's Eq. 11-12.
      ``low`` and ``high`` are their least and largest over the points, so :math:`p_j \in C_j`
      (output sign :math:`v_j > 0`, Eq. 11) exactly when ``low > 0`` and :math:`p_j \in -C_j`
      (:math:`v_j < 0`, Eq. 12) exactly when ``high < 0``: the margins of the signs +1 and -1
      are ``low`` and ``-high``.
    * ``small``: :math:`p_j = 0` within the tolerance, realised by :math:`v_j = 0` (sign 0).
    * ``single``: active on some point and sharing its pattern with no other unit; only these
      units constrain anything.  ``repeated`` marks the second and later units of a shared
      pattern, so that ``active & ~repeated`` counts the distinct active patterns.
    * ``guess`` and ``genuine``: each single unit's sign read off ``low``/``high``; the region is
      genuine at once when every single unit has a sign or is ``small``, i.e. the minimum-norm
      solution itself lies inside the region (the particular-solution test of the
      decomposition paper's Sec. 4.1, Liu's Eq. 11-12 applied to it).
    * ``allowed``: without biases, a point ``i`` that unit ``j`` alone sees is fitted by
      :math:`\hat y_i = x_i \cdot p_j` (Eq. 4 with one active unit and no output bias) for
      every minimiser, since all minimisers share :math:`\hat y`, and that is the margin of
      sign +1 at point ``i`` (minus it, of sign -1).  So sign +1 is hopeless where
      :math:`\hat y_i < -\mathrm{tol}`, sign -1 where :math:`\hat y_i > \mathrm{tol}`, and
      sign 0 unless :math:`|\hat y_i| \le \mathrm{tol}`: such a sign only reaches margins
      below ``-tol`` (absent) and is not searched.  A fitted value within the tolerance of zero
      rules out no sign: it may put the minimiser on the region's boundary.
    * ``unique``: the design matrix, with the units that share a pattern merged, has full column
      rank (``distinct active patterns * d (+1)`` columns).  Then every minimiser has the same
      :math:`p_j` for each single unit (Liu's case of a unique :math:`R^*`), the margin program
      separates over the units, and its optimum is
      :math:`\min(1, \min_j \max_{\sigma\ \mathrm{allowed}} m_j(\sigma))` with
      :math:`m_j(+1) =` ``low``, :math:`m_j(-1) =` ``-high`` and :math:`m_j(0) = +\infty` if
      ``small``, else :math:`-\infty` (``values``, ``best``); the cap 1 is the program's
      :math:`t \le 1`.
    * ``hopeless``: some single unit has no allowed sign, so no program is feasible: ``-inf``.

    Elsewhere the minimisers form an affine set (Liu's Eq. 13) and ``margin`` is NaN:
    :func:`prepare_search` writes the margin programs that search it.
    """
    Xh, A, R, h = data.Xh, patterns, len(patterns), patterns.shape[2]
    seen = np.any(Xh != 0, axis=1)  # zero rows constrain no unit (see unit_signs)
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
        for k, possible in enumerate((fitted >= -scale, fitted <= scale, np.abs(fitted) <= scale)):
            allowed[:, :, k] = np.all(~alone | possible, axis=1)
    values = np.stack([low, -high, np.where(small, np.inf, -np.inf)], axis=2)  # one per sign in SIGNS
    best = np.where(single, np.where(allowed, values, -np.inf).max(axis=2), np.inf)
    unique = fit.rank == (active & ~repeated).sum(axis=1) * Xh.shape[1] + int(data.bias)
    hopeless = np.any(single & ~allowed.any(axis=2), axis=1)  # a unit with no sign left: no program at all
    margin = np.where((unique | hopeless) & ~genuine, np.minimum(1.0, best.min(axis=1)), np.nan)
    return Screen(single, guess, allowed, genuine, margin)


def status(margin: float, scale: float) -> str:
    """Genuine beyond the margin tolerance, boundary within it, absent below it."""
    return "genuine" if margin > scale else "boundary" if margin >= -scale else "absent"


@dataclass(frozen=True)
class Search:
    """A region whose verdict waits for the margin programs of its sign choices."""

    A: np.ndarray
    fit: Fit
    scale: float
    singles: list[int]
    groups: list[list[int]]
    choices: list[tuple[int, ...]]
    programs: list[dict | None]


def groups(A: np.ndarray) -> list[list[int]]:
    """The units of a region grouped by their activation pattern."""
    by_pattern: dict[bytes, list[int]] = {}
    for j in range(A.shape[1]):
        by_pattern.setdefault(A[:, j].tobytes(), []).append(j)
    return list(by_pattern.values())


def prepare_search(data: Dataset, A: np.ndarray, scale: float, fit: Fit, screen: Screen, k: int) -> Search:
    """The margin programs of region ``k`` of ``screen`` (pattern ``A``, solution ``fit``), one per sign choice."""
    singles = list(np.flatnonzero(screen.single[k]))
    options = [tuple(sign for sign, ok in zip(SIGNS, screen.allowed[k, j]) if ok) for j in singles]
    choices = list(_choices(options, tuple(int(screen.guess[k, j]) for j in singles)))
    design = design_matrix(data.Xh, A, data.bias)
    fitted = fit.fitted[0]
    programs = [_margin_program(data.Xh, A, design, fitted, data.bias, singles, choice) for choice in choices]
    return Search(A, fit, scale, singles, groups(A), choices, programs)
