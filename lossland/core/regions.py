"""Activation regions of a one-hidden-layer ReLU network (Def. 2.1 of the decomposition paper).

A hidden unit with weights :math:`w_j` (and bias :math:`b_j`) is active on the
data point :math:`x_i` when :math:`w_j^\\top x_i + b_j > 0`.  For one unit, the
data points cut its weight space by the hyperplanes
:math:`\\{w : w^\\top x_i + b = 0\\}`, all through the origin; the open cells of
this *central hyperplane arrangement* are the unit's activation regions.  The
network's regions are products of its units' cells, one cell per unit, so a
network of width ``h`` has ``C**h`` regions when one unit has ``C`` cells,
instead of the ``2**(N*h)`` conceivable activation patterns.

We enumerate the cells incrementally, adding one hyperplane :math:`H` at a time.
A cell of the arrangement so far is cut in two by :math:`H` exactly when it meets
:math:`H`, and then its trace on :math:`H` is one open cell of the arrangement the
earlier hyperplanes cut *inside* :math:`H`, a central arrangement one dimension
down. So the cells of that smaller arrangement (found by the same recursion, down
to a line, where the two half-lines are the cells) name the cells that split and
give a point on :math:`H` inside each, from which a small step to either side is
a point of each half; every other cell lies on one side of :math:`H`, the side of
its point. No linear program is needed (:func:`_enumerate_cells`). The first
implementation, which asks a linear program for every cell and each side of every
new hyperplane, stays as the readable reference the tests compare against
(:func:`_enumerate_cells_by_programs`).
"""
from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.optimize import linprog

from lossland.core.validation import (
    as_array, as_matrix, as_vector, check_flag, check_index, check_positive, check_width,
)

__all__ = [
    "UnitCells",
    "Regions",
    "homogeneous",
    "unit_cells",
    "activation_regions",
    "regions_from_cells",
    "activation_pattern",
    "general_position_cell_count",
    "interior_points",
    "MAX_REGIONS",
    "unit_cells_of_inputs",
]

#: The most regions :func:`activation_regions` and :func:`regions_from_cells` enumerate; beyond
#: it they refuse up front (a million regions of width ``h`` take ``8 h`` MB for their indices
#: alone, and every later step handles each region).
MAX_REGIONS = 10**6


def homogeneous(X: ArrayLike, bias: bool) -> NDArray[np.float64]:
    """Inputs in the coordinates of one unit's weight space.

    With a bias the unit's parameters are :math:`(w_j, b_j)` and the data point
    acts through :math:`(x_i, 1)`; without one, through :math:`x_i` itself.
    """
    X = as_matrix(X, "X")
    return np.hstack([X, np.ones((len(X), 1))]) if check_flag(bias, "bias") else X


@dataclass(frozen=True)
class UnitCells:
    """The open cells of one hidden unit's weight space.

    Attributes
    ----------
    patterns : bool array (C, N); ``patterns[c, i]`` is the unit's activation on
        data point ``i`` anywhere inside cell ``c``.
    witnesses : array (C, d); a point strictly inside each cell, the unit's
        weights followed by its bias when ``bias`` is true.
    inputs : array (N, d); the data in the unit's coordinates, :math:`\\tilde x_i`
        (see :func:`homogeneous`).
    bias : whether the unit has a bias.
    """

    patterns: np.ndarray
    witnesses: np.ndarray
    inputs: np.ndarray
    bias: bool

    def __len__(self) -> int:
        return len(self.patterns)


@dataclass(frozen=True)
class Regions:
    """The nonempty activation regions of a width-``h`` network.

    Region ``r`` puts hidden unit ``j`` in cell ``members[r, j]`` of ``cells``.
    """

    cells: UnitCells
    members: np.ndarray

    def __len__(self) -> int:
        return len(self.members)

    @property
    def width(self) -> int:
        return self.members.shape[1]

    @property
    def patterns(self) -> np.ndarray:
        """Bool array (R, N, h): the activation values :math:`a_{ij}` of every region."""
        return np.transpose(self.cells.patterns[self.members], (0, 2, 1))

    def witness(self, r: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Hidden-layer parameters ``(W, b)`` strictly inside region ``r`` (``b`` is None without bias)."""
        rows = self.cells.witnesses[self.members[check_index(r, "r", len(self))]]
        return (rows[:, :-1], rows[:, -1]) if self.cells.bias else (rows, None)


def interior_points(cones: ArrayLike, planes: ArrayLike | None = None) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Decide for each cone ``{w : S w > 0}`` whether it is nonempty, with a point inside.

    Parameters
    ----------
    cones : array (k, m, d), ``k`` matrices ``S`` of the same shape.
    planes : optional array (k, d); restrict cone ``k`` to the hyperplane
        ``planes[k] . w = 0`` (the cone's relative interior there).

    Returns
    -------
    nonempty : bool array (k,).
    points : array (k, d); ``S_k points[k] > 0`` wherever ``nonempty[k]`` (each row of ``S_k`` times
        the point is at least the row's largest entry in magnitude).

    One linear program for all cones: maximise the sum of ``t_k`` subject to
    ``S_k w_k >= t_k`` and ``0 <= t_k <= 1``.  The cones are open and
    scale-free, so ``t_k = 1`` is reachable exactly when cone ``k`` is
    nonempty; otherwise its best is ``t_k = 0`` (at ``w_k = 0``).
    """
    cones = as_array(cones, "cones")
    if cones.ndim != 3:
        raise ValueError(f"cones must be 3-D, one (m, d) matrix per cone, got shape {cones.shape}; "
                         "for a single cone pass S[None].")
    k, m, d = cones.shape
    # A cone does not change when a row of S is multiplied by a positive number: rows of order one
    # keep the program within the solver's accuracy whatever the data's units.
    largest = np.abs(cones).max(axis=2, keepdims=True)
    cones = cones / np.where(largest > 0, largest, 1.0)
    entries = np.concatenate([-cones, np.ones((k, m, 1))], axis=2)  # rows of -S_k w_k + t_k <= 0
    rows = np.broadcast_to(np.arange(k * m).reshape(k, m, 1), entries.shape)
    cols = np.broadcast_to((np.arange(k) * (d + 1))[:, None, None] + np.arange(d + 1), entries.shape)
    constraint = sparse.csr_matrix((entries.ravel(), (rows.ravel(), cols.ravel())), shape=(k * m, k * (d + 1)))
    cost = np.tile(np.append(np.zeros(d), -1.0), k)
    bounds = ([(None, None)] * d + [(0.0, 1.0)]) * k
    on_plane = {}
    if planes is not None:
        planes = as_array(planes, "planes")
        if planes.shape not in ((k, d), (k * d,)):
            raise ValueError(f"planes must have shape (k, d) = ({k}, {d}), one normal per cone, got {planes.shape}.")
        planes = _unit_scale(planes.reshape(k, d))
        columns = (np.arange(k) * (d + 1))[:, None] + np.arange(d)
        rows = np.broadcast_to(np.arange(k)[:, None], columns.shape)
        on_plane = dict(A_eq=sparse.csr_matrix((planes.ravel(), (rows.ravel(), columns.ravel())), shape=(k, k * (d + 1))), b_eq=np.zeros(k))
    result = linprog(cost, A_ub=constraint, b_ub=np.zeros(k * m), bounds=bounds, method="highs", **on_plane)
    if result.status != 0:  # pragma: no cover - the program is always feasible and bounded
        raise RuntimeError(f"cell enumeration LP failed: {result.message}")
    solution = result.x.reshape(k, d + 1)
    return solution[:, d] > 0.5, solution[:, :d]


def _split(signs, points, A, cut, i):
    """Cut every cell by hyperplane ``i``; return the new cells' signs and interior points.

    A cell keeps the side its interior point lies on.  For the other side we
    first try the point mirrored just across the hyperplane; only if that
    leaves the cell does a linear program decide (one program for all such cells).
    """
    normal, rows = A[i], cut + [i]
    new_signs, new_points, undecided = [], [], []
    for s, p in zip(signs, points):
        level = normal @ p
        if abs(level) <= 1e-12 * np.linalg.norm(p):  # on the hyperplane: test both sides
            undecided += [np.append(s, 1.0), np.append(s, -1.0)]
            continue
        side = np.sign(level)
        new_signs.append(np.append(s, side))
        new_points.append(p)
        crossed = p - 2.0 * level / (normal @ normal) * normal
        other = np.append(s, -side)
        if np.all(other[rows] * (A[rows] @ crossed) > 0):
            new_signs.append(other)
            new_points.append(crossed)
        else:
            undecided.append(other)
    if undecided:
        cones = np.array([t[rows][:, None] * A[rows] for t in undecided])
        nonempty, found = interior_points(cones)
        new_signs += [t for t, keep in zip(undecided, nonempty) if keep]
        new_points += list(found[nonempty])
    return new_signs, new_points


def unit_cells(X: ArrayLike, bias: bool = False) -> UnitCells:
    """Enumerate the open activation cells of one hidden unit (Def. 2.1, Fig. 1).

    Parameters
    ----------
    X : array (N, n), one data point per row.
    bias : whether the unit has a bias :math:`b_j`.

    Returns
    -------
    UnitCells
        One realizable activation pattern per nonempty open cell, with a point
        strictly inside it, in a fixed order (all-active first).  A data point
        whose hyperplane is degenerate (the zero input without bias) never
        activates the unit.
    """
    return unit_cells_of_inputs(homogeneous(X, bias), bias)


def unit_cells_of_inputs(A: np.ndarray, bias: bool) -> UnitCells:
    """:func:`unit_cells` on validated homogeneous inputs ``A`` (N, d), in the data's own units.

    Cells do not change when the data are multiplied by ``c > 0`` (nor when one hyperplane's
    normal is), so the enumeration runs on :func:`_unit_scale` inputs, where the linear programs
    and the tolerance in :func:`_split` see numbers of order one, and the witnesses are mapped
    back to the weights of ``A``.
    """
    columns = _column_scale(A, bias)
    cells = _enumerate_cells(_unit_scale(A / columns))
    return UnitCells(patterns=cells[0], witnesses=cells[1] / columns, inputs=A, bias=bias)


def _column_scale(A: np.ndarray, bias: bool) -> np.ndarray:
    """The data's scale on the input columns (1 on the bias column), so that ``A / scale`` is of order one."""
    n = A.shape[1] - int(bias)
    largest = float(np.abs(A[:, :n]).max()) if n else 0.0
    return np.concatenate([np.full(n, largest if largest > 0 else 1.0), np.ones(int(bias))])


def _unit_scale(A: np.ndarray) -> np.ndarray:
    """Every nonzero row divided by its largest entry: the same hyperplanes and sides, of order one."""
    largest = np.abs(A).max(axis=1, keepdims=True)
    return A / np.where(largest > 0, largest, 1.0)


def _enumerate_cells(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cells' patterns (C, N) and interior points (C, d) of the arrangement of ``A``'s rows.

    A zero row (the zero input without bias) cuts nothing and is never active. The cells of
    the other rows come from :func:`_arrangement_cells`; every interior point is checked
    against every row and the cells must be distinct, and should rounding ever break either
    (it has not on any instance tried), the linear programs of
    :func:`_enumerate_cells_by_programs` decide instead.
    """
    cutting = np.flatnonzero(np.any(A != 0, axis=1))
    if not len(cutting):
        raise ValueError("X has only zero rows and no bias: no unit can ever be active; add a bias.")
    signs, points = _arrangement_cells(A[cutting])
    if (signs is None or not np.array_equal(np.sign(points @ A[cutting].T), signs)
            or len(np.unique(signs, axis=0)) < len(signs)):
        return _enumerate_cells_by_programs(A)
    patterns = np.zeros((len(signs), len(A)), dtype=bool)
    patterns[:, cutting] = signs > 0
    order = np.lexsort(patterns.T[::-1])[::-1]
    return patterns[order], points[order]


def _arrangement_cells(A: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """Sign vectors (C, m) and interior points (C, d) of the open cells cut by ``A``'s rows (none zero).

    The hyperplanes are added one at a time (:func:`_cut`). On a line (``d = 1``) the
    cells are the two half-lines. ``None`` for the signs if rounding made the recursion
    inconsistent (see :func:`_cut`).
    """
    if A.shape[1] == 1:
        side = np.sign(A[:, 0])
        return np.array([side, -side]), np.array([[1.0], [-1.0]])
    signs, points = np.array([[1.0], [-1.0]]), np.array([A[0], -A[0]])
    for i in range(1, len(A)):
        signs, points = _cut(signs, points, A[:i], A[i])
        if signs is None:
            return None, points
    return signs, points


def _cut(signs: np.ndarray, points: np.ndarray, earlier: np.ndarray, normal: np.ndarray):
    """Add the hyperplane ``normal . w = 0`` to the cells (``signs`` on the ``earlier`` rows, ``points``).

    If it coincides with an earlier hyperplane, no cell splits: each takes that one's side. Otherwise the
    earlier hyperplanes cut the new one, in an orthonormal basis of it, into the cells of a central
    arrangement one dimension down (:func:`_arrangement_cells`); each of those lies in exactly one cell,
    the one with its signs, which splits into the points half way from it to the nearest earlier
    hyperplane along the normal, on either side. Every other cell keeps its point and takes its side.
    ``(None, None)`` if rounding broke that bijection (a trace whose signs name no cell, a point on the
    new hyperplane).
    """
    unit = normal / np.linalg.norm(normal)
    along = earlier @ unit
    across = np.linalg.norm(earlier - np.outer(along, unit), axis=1)
    same = np.flatnonzero(across <= 1e-12 * np.linalg.norm(earlier, axis=1))
    if len(same):
        k = same[0]
        return np.column_stack([signs, signs[:, k] * np.sign(along[k])]), points
    basis = np.linalg.svd(unit[None, :])[2][1:].T  # (d, d - 1), orthonormal, orthogonal to the normal
    traces, inside = _arrangement_cells(earlier @ basis)
    if traces is None:
        return None, None
    on_plane = inside @ basis.T
    room = traces * (on_plane @ earlier.T) / np.where(along != 0, np.abs(along), np.nan)  # distance along the normal
    step = 0.5 * np.nanmin(np.where(along != 0, room, np.nan), axis=1) if np.any(along != 0) else np.ones(len(traces))
    index = {row.tobytes(): c for c, row in enumerate(signs.astype(np.int8))}
    split = [index.get(row.tobytes()) for row in traces.astype(np.int8)]
    side = np.sign(points @ unit)
    if None in split or not np.all(step > 0):
        return None, None
    stays = np.ones(len(signs), dtype=bool)
    stays[split] = False
    if not np.all(side[stays] != 0):
        return None, None
    new_signs = np.vstack([np.column_stack([signs[stays], side[stays]]), np.column_stack([traces, np.ones(len(traces))]),
                           np.column_stack([traces, -np.ones(len(traces))])])
    new_points = np.vstack([points[stays], on_plane + step[:, None] * unit, on_plane - step[:, None] * unit])
    return new_signs, new_points


def _enumerate_cells_by_programs(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The reference for :func:`_enumerate_cells`: the same patterns, found by linear programs (:func:`_split`).

    Slower (one program per new hyperplane for the cells its points cannot decide) but
    short; the tests check that both give the same cells.
    """
    signs: list[np.ndarray] = [np.zeros(0)]
    points: list[np.ndarray] = [np.zeros(A.shape[1])]
    cut: list[int] = []  # data points whose hyperplane has cut the space so far
    for i, normal in enumerate(A):
        if not np.any(normal):
            signs = [np.append(s, -1.0) for s in signs]
        elif not cut:  # the first hyperplane splits the whole space in two
            signs = [np.append(signs[0], 1.0), np.append(signs[0], -1.0)]
            points = [normal, -normal]
            cut.append(i)
        else:
            signs, points = _split(signs, points, A, cut, i)
            cut.append(i)
    if not cut:
        raise ValueError("X has only zero rows and no bias: no unit can ever be active; add a bias.")
    patterns = np.array([s > 0 for s in signs], dtype=bool)
    order = np.lexsort(patterns.T[::-1])[::-1]
    return patterns[order], np.array(points)[order]


def activation_regions(X: ArrayLike, width: int, bias: bool = False) -> Regions:
    """All nonempty activation regions of a one-hidden-layer ReLU network.

    Parameters
    ----------
    X : array (N, n), one data point per row.
    width : the number of hidden units ``h`` (at least 1).
    bias : whether the hidden units have biases.

    Returns
    -------
    Regions
        ``C**h`` regions, where ``C`` is the number of one unit's cells (see
        :func:`unit_cells`), in lexicographic order of their units' cells.

    Raises
    ------
    ValueError
        Up front, before any cell is enumerated, if the general-position bound on the
        number of regions, :math:`C(N, d)^h` (:func:`general_position_cell_count`),
        exceeds :data:`MAX_REGIONS`.
    """
    A = homogeneous(X, bias)
    width = check_width(width)
    cells = general_position_cell_count(len(A), A.shape[1])
    if _too_many(cells, width):
        raise ValueError(
            f"width={width} on {len(A)} points in {A.shape[1]} dimensions could give up to "
            f"{cells}**{width} = {_power(cells, width)} regions, more than "
            f"MAX_REGIONS = {MAX_REGIONS:.0e}: reduce width (or the number of points). For data far from general "
            "position, regions_from_cells(unit_cells(X, bias), width) checks the exact count instead."
        )
    return regions_from_cells(unit_cells(X, bias), width)


def regions_from_cells(cells: UnitCells, width: int) -> Regions:
    """The regions of a width-``h`` network whose units share the given cells (one per unit).

    Refuses, before allocating, more than :data:`MAX_REGIONS` regions.
    """
    if not isinstance(cells, UnitCells):
        raise TypeError(f"cells must be a lossland.core.regions.UnitCells (from unit_cells), got {type(cells).__name__}.")
    width = check_width(width)
    C = len(cells)
    if _too_many(C, width):
        raise ValueError(
            f"width={width} with {C} cells per unit gives {C}**{width} = {_power(C, width)} regions, more than "
            f"MAX_REGIONS = {MAX_REGIONS:.0e}: reduce width."
        )
    members = np.stack(np.unravel_index(np.arange(C**width), (C,) * width), axis=1)
    return Regions(cells=cells, members=members)


def _too_many(cells: int, width: int) -> bool:
    """``cells**width > MAX_REGIONS``, decided without computing a power that may have millions of digits."""
    return cells > 1 and width * np.log10(cells) > np.log10(MAX_REGIONS) - 1e-9 and cells**min(width, 64) > MAX_REGIONS


def _power(cells: int, width: int) -> str:
    """``cells**width`` in a few characters, e.g. ``1.68e+07``."""
    return f"{10.0 ** (width * np.log10(cells) % 1):.3g}e+{int(width * np.log10(cells)):02d}"


def activation_pattern(X: ArrayLike, W: ArrayLike, b: ArrayLike | None = None) -> NDArray[np.bool_]:
    """The activation values :math:`a_{ij} = 1(w_j^\\top x_i + b_j > 0)` (Def. 2.1), bool (N, h)."""
    X = as_matrix(X, "X")
    W = as_matrix(W, "W", columns=X.shape[1])
    z = X @ W.T
    if b is not None:
        z = z + as_vector(b, "b", length=len(W))
    return z > 0


def general_position_cell_count(n_hyperplanes: int, dimension: int) -> int:
    """Cells of a central arrangement of hyperplanes in general position.

    Cover's function-counting theorem: :math:`C(N, d) = 2\\sum_{k=0}^{d-1}\\binom{N-1}{k}`.
    Used as an independent check of :func:`unit_cells`.
    """
    n_hyperplanes = check_positive(n_hyperplanes, "n_hyperplanes", integer=True)
    dimension = check_positive(dimension, "dimension", integer=True)
    return 2 * sum(comb(n_hyperplanes - 1, k) for k in range(min(dimension, n_hyperplanes)))  # C(n-1, k) = 0 for k >= n
