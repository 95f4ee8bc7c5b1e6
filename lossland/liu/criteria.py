"""Differentiable local minima and saddles of Liu's one-hidden-layer ReLU network (Sec. 2-5, App. A-C).

Liu's conventions, and how they map onto the rest of ``lossland``:

* inputs :math:`x_i \\in \\mathbb{R}^d` are *homogeneous*: the hidden bias is
  the last weight and the last input coordinate is 1 (:func:`liu_inputs`).
  Every function here takes such inputs and treats them with ``lossland``'s
  ``bias=False`` machinery (:mod:`lossland.core.regions`, :mod:`lossland.core.subglobal`);
* output weights :math:`z_j` (our :math:`v_j`), no output bias, and
  :math:`R_j = z_j w_j` (our :math:`p_j = v_j w_j`);
* the loss is :math:`\\frac1N\\sum_i(\\cdot)^2` (Eq. 1), ours
  :math:`\\frac12\\sum_i(\\cdot)^2`: Liu's loss is ours times :math:`2/N`
  (:func:`liu_loss`);
* a *cell* is one unit's activation cell, and the defining cells of all units
  form one of our activation regions; ``pattern[i, j]`` is :math:`I_{ij}`.

Network parameters travel in :mod:`lossland.core.nets`' layout ``[vec(W), z]``.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import nets
from lossland.core.critical import SecondOrderTest, second_order_test
from lossland.core.dataset import dataset
from lossland.core.all_regions import subglobal_minima
from lossland.core.inregion import region_saddle
from lossland.core.lp import MARGIN_TOL, check_margin_tol, margin_threshold, solve_lp
from lossland.core.regions import UnitCells, homogeneous, unit_cells_of_inputs, unit_cells
from lossland.core.subglobal import solve_pattern
from lossland.core.validation import as_matrix, as_vector, check_dataset, check_flag, check_width

__all__ = [
    "checked_cells",
    "check_liu_pattern",
    "max_margin",
    "sign_rows",
    "liu_inputs",
    "liu_loss",
    "liu_matrix",
    "CellMinimum",
    "cell_minimum",
    "liu_criterion",
    "LiuMinimum",
    "differentiable_minima",
    "saddle_system",
    "liu_saddle",
    "SplitPoint",
    "theorem2_point",
]


def liu_inputs(X: ArrayLike) -> np.ndarray:
    """Liu's homogeneous inputs :math:`x_i = (x_i^{raw}, 1)` (Sec. 2), array (N, n + 1)."""
    return homogeneous(X, bias=True)


def liu_loss(X: ArrayLike, y: ArrayLike, theta: ArrayLike) -> float:
    """Liu's loss, Eq. (1) with squared :math:`l`: :math:`\\frac1N\\sum_i(\\sum_j z_j[w_j\\cdot x_i]_+ - y_i)^2`.

    Written out from the paper's formula (it does not call :mod:`lossland.core.nets`),
    so that comparing it with ``2 / N`` times :func:`lossland.core.nets.loss` on the
    homogeneous inputs without bias is a real check of the conversion between the
    two papers. ``theta`` is ``[vec(W), z]``: the K rows :math:`w_j`, then the K numbers :math:`z_j`.
    """
    X, y = check_dataset(X, y)
    theta = as_vector(theta, "theta")
    d = X.shape[1]
    if theta.size % (d + 1):
        raise ValueError(
            f"theta must be [vec(W), z] with K * (d + 1) = K * {d + 1} entries for K units on inputs of "
            f"d = {d} coordinates, got {theta.size} entries; for one unit pass {d + 1} numbers."
        )
    K = theta.size // (d + 1)
    W, z = theta[: K * d].reshape(K, d), theta[K * d :]  # rows w_j, output weights z_j
    outputs = np.maximum(X @ W.T, 0.0) @ z  # sum_j z_j [w_j . x_i]_+
    return float(np.mean((outputs - y) ** 2))  # (1/N) sum_i (.)^2


#: The most activation regions (cells ** units) that the enumerating functions accept.
MAX_REGIONS = 10**6
#: The most linear programs (signs ** units) that :func:`liu_criterion` runs.
MAX_LINEAR_PROGRAMS = 2**14


def checked_cells(X: np.ndarray, width: int, name: str) -> UnitCells:
    """One unit's cells on ``X``, refusing up front a network of more than :data:`MAX_REGIONS` regions."""
    cells = unit_cells(X, bias=False)
    digits = width * math.log10(len(cells))
    if digits > math.log10(MAX_REGIONS):
        raise ValueError(
            f"{name}: {width} units give {len(cells)}^{width} (about 10^{digits:.1f}) activation regions to "
            f"enumerate, more than {MAX_REGIONS:.0e}; use fewer units or fewer samples."
        )
    return cells


def check_liu_pattern(pattern: ArrayLike, n_points: int) -> np.ndarray:
    """Liu's cell indicators :math:`I_{ij}` as an (N, K) 0/1 array for ``n_points`` = N samples; a ValueError naming ``pattern`` otherwise."""
    I = as_matrix(pattern, "pattern", bools=True)
    if I.shape[0] != n_points or not np.isin(I, (0, 1)).all():
        raise ValueError(f"pattern must be an (N, K) array of 0/1 values I_ij with N = {n_points}, got shape {I.shape}.")
    return I.astype(bool)


def liu_matrix(X: ArrayLike, pattern: ArrayLike) -> np.ndarray:
    """The matrix :math:`A` of Eq. (6): row ``i`` is :math:`(I_{i1}x_i^T, \\dots, I_{iK}x_i^T)`, shape (N, Kd)."""
    X = as_matrix(X, "X")
    I = check_liu_pattern(pattern, len(X))
    return np.hstack([I[:, [j]] * X for j in range(I.shape[1])])


@dataclass(frozen=True)
class CellMinimum:
    """The minimisers of Liu's loss on one pattern of cells, Eq. (7) and (9).

    Attributes
    ----------
    R : array (K, d), the minimum-norm minimiser :math:`A^+ y`, one row per unit.
    free : array (Kd, Kd), :math:`I - A^+A`; every minimiser is ``R.ravel() + free @ c``.
    rank : the rank of :math:`A`.
    loss : Liu's loss at the minimisers, :math:`\\frac1N\\|AA^+y - y\\|^2` (Eq. 9).
    """

    R: np.ndarray
    free: np.ndarray
    rank: int
    loss: float

    @property
    def unique(self) -> bool:
        """Case 1 of Sec. 4.1: :math:`R^*` is unique exactly when rank :math:`A = Kd`."""
        return self.rank == self.R.size


def cell_minimum(X: ArrayLike, y: ArrayLike, pattern: ArrayLike) -> CellMinimum:
    """Solve Eq. (5) on one pattern of cells with :func:`lossland.core.subglobal.solve_pattern`."""
    X, y = check_dataset(X, y)
    I = check_liu_pattern(pattern, len(X))
    A = liu_matrix(X, I)
    fit = solve_pattern(X, y, I, bias=False)
    free = np.eye(A.shape[1]) - np.linalg.pinv(A) @ A  # Eq. (7)
    return CellMinimum(R=fit.p[0], free=free, rank=int(fit.rank[0]), loss=2.0 / len(X) * float(fit.loss[0]))


def max_margin(R0: np.ndarray, free: np.ndarray, strict, loose) -> tuple[float, np.ndarray | None]:
    """Largest ``t <= 1`` with ``a . R >= b + t`` (``strict`` rows) and ``a . R >= b`` (``loose`` rows).

    ``R = R0 + free @ c`` ranges over an affine solution set; one linear program
    in ``(c, t)``.  Returns ``t`` and the maximising ``R``, or ``(-inf, None)``
    when the loose rows alone are infeasible.
    """
    rows, rhs = [], []
    for (a, b), use_t in [(strict, 1.0), (loose, 0.0)]:
        if len(a):
            rows.append(np.hstack([-a @ free, np.full((len(a), 1), use_t)]))
            rhs.append(a @ R0 - b)
    cost = np.zeros(free.shape[1] + 1)
    cost[-1] = -1.0
    bounds = [(None, None)] * free.shape[1] + [(None, 1.0)]
    result = solve_lp(cost, A_ub=np.vstack(rows), b_ub=np.concatenate(rhs), bounds=bounds)
    if result.status != 0:
        return -np.inf, None
    return float(result.x[-1]), R0 + free @ result.x[:-1]


def sign_rows(X: ArrayLike, I: ArrayLike, signs, skip=None):
    """Rows of the cell tests (10)-(13) for units with output signs ``signs``: active rows, inactive rows.

    Each row ``a`` acts on the flat :math:`R`; unit ``j`` contributes
    :math:`\\sigma_j x_i` (active, want :math:`> 0`) or :math:`-\\sigma_j x_i`
    (inactive, want :math:`\\ge 0`).  ``skip = (i, j)`` leaves out one pair.
    """
    N, d = X.shape
    K = I.shape[1]
    active, inactive = [], []
    for j, i in itertools.product(range(K), range(N)):
        if (i, j) == skip or not X[i].any():
            continue
        row = np.zeros(K * d)
        row[j * d : (j + 1) * d] = signs[j] * X[i] * (1.0 if I[i, j] else -1.0)
        (active if I[i, j] else inactive).append(row)
    return np.array(active).reshape(-1, K * d), np.array(inactive).reshape(-1, K * d)


def liu_criterion(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, signs=(1, -1), strict: bool = False, tol: float = MARGIN_TOL) -> bool:
    """Liu's test for a genuine differentiable local minimum, Eq. (10)-(13), as written.

    Unique :math:`R^*`: each unit passes (11) (:math:`z_j > 0`) or (12)
    (:math:`z_j < 0`).  Continuous :math:`R^*`: a linear program decides
    whether the half-spaces (13) in :math:`c` intersect, for some choice of
    the signs of the :math:`z_j`.

    As printed, inactive samples need only :math:`R_j^*\\cdot x_i \\le 0`, so a
    minimiser *on* the cell's boundary passes; ``strict=True`` asks for
    :math:`< 0`, i.e. strictly inside, as :func:`lossland.core.genuine.genuineness` does.
    Even strict, (11)-(13) miss minima where some :math:`R_j = 0` (:math:`z_j = 0`,
    :math:`w_j` anywhere in its cell): they ask :math:`R_j\\cdot x_i > 0` on active
    samples; ``genuineness`` and :func:`differentiable_minima` include them.

    Parameters
    ----------
    X, y : Liu's homogeneous inputs (N, d) and labels (N,).
    pattern : the defining cells, :math:`I_{ij}`, array (N, K).
    signs : the allowed signs of each :math:`z_j`; ``(1,)`` fixes :math:`z_j > 0`
        as in the example of Sec. 4.2.
    strict : test inactive samples with a strict inequality.
    tol : numerical margin for "> 0", times ``max(1, max |y|)`` (as in ``genuineness``; at
        least ten times the linear programs' accuracy, see :mod:`lossland.core.lp`).
    """
    X, y = check_dataset(X, y)
    I = check_liu_pattern(pattern, len(X))
    tol = margin_threshold(y, check_margin_tol(tol))
    signs, strict = _signs(signs), check_flag(strict, "strict")
    K, d = I.shape[1], X.shape[1]
    minimum = cell_minimum(X, y, I)
    R0 = minimum.R.ravel()
    loose_b = 0.0 if strict else tol  # "<= 0" up to round-off, or strictly inside
    if minimum.unique:  # Eq. (11)-(12), unit by unit
        for j in range(K):
            levels = X @ minimum.R[j]
            ok = [np.all(s * levels[I[:, j]] > tol) and np.all(s * levels[~I[:, j]] < (-tol if strict else tol)) for s in signs]
            if not any(ok):
                return False
        return True
    if K * math.log2(len(signs)) > math.log2(MAX_LINEAR_PROGRAMS):
        raise ValueError(
            f"pattern has K = {K} units: Eq. (13) would need {len(signs)}^{K} linear programs, more than "
            f"{MAX_LINEAR_PROGRAMS}; use fewer units or fix the signs, e.g. signs=(1,)."
        )
    for choice in itertools.product(signs, repeat=K):  # Eq. (13), one LP per choice of signs
        active, inactive = sign_rows(X, I, choice)
        if strict:
            strict_rows, loose_rows = np.vstack([active, inactive]), np.zeros((0, K * d))
        else:
            strict_rows, loose_rows = active, inactive
        margin, _ = max_margin(R0, minimum.free, (strict_rows, np.zeros(len(strict_rows))), (loose_rows, np.full(len(loose_rows), -loose_b)))
        if margin > tol:
            return True
    return False


def _signs(signs) -> tuple[int, ...]:
    """The allowed signs of the :math:`z_j`: a non-empty sequence of +1 and -1."""
    values = as_vector(signs, "signs")
    if not np.isin(values, (-1.0, 1.0)).all():
        raise ValueError(f"signs must hold the allowed signs of z_j, +1 and/or -1, e.g. (1, -1) or (1,); got {signs!r}.")
    return tuple(int(s) for s in values)


@dataclass(frozen=True)
class LiuMinimum:
    """A genuine differentiable local minimum: its cells :math:`I_{ij}` (N, K), Liu's loss, and whether :math:`R^*` is unique."""

    pattern: np.ndarray
    loss: float
    unique: bool


def differentiable_minima(X: ArrayLike, y: ArrayLike, width: int) -> list[LiuMinimum]:
    """Every genuine differentiable local minimum of Liu's network, one per pattern of defining cells.

    Runs :func:`lossland.core.all_regions.subglobal_minima` (``bias=False``) on the
    homogeneous inputs: a pattern is listed when some minimiser of Eq. (5) lies
    *strictly* inside its cells (Sec. 4.3, with strict inequalities).
    Patterns that differ by a permutation of the units are listed separately.
    Losses are Liu's, Eq. (9).
    """
    X, y = check_dataset(X, y)
    width = check_width(width)
    minima = subglobal_minima(X, y, width, bias=False, cells=checked_cells(X, width, "width"))
    full = width * X.shape[1]
    return [
        LiuMinimum(pattern=minima.regions.patterns[r], loss=2.0 / len(X) * float(minima.loss[r]), unique=bool(minima.fit.rank[r] == full))
        for r in np.flatnonzero(minima.genuine)
    ]


def saddle_system(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, busy) -> tuple[np.ndarray, np.ndarray]:
    """The linear system :math:`B\\tilde R = b` of Theorem 2, Eq. (14), for the units ``busy``.

    :math:`B(j,k) = \\sum_i I_{ij}I_{ik}x_ix_i^T` and :math:`b(j) = \\sum_i I_{ij}y_ix_i`
    for :math:`j, k` in ``busy``; i.e. :math:`B = A^TA`, :math:`b = A^Ty` with
    :math:`A` of Eq. (6) restricted to the busy units.
    """
    X, y = check_dataset(X, y)
    I = check_liu_pattern(pattern, len(X))
    units = _units(busy, I.shape[1])
    if not units:
        raise ValueError("busy is empty: name at least one busy unit, e.g. busy=[0].")
    A = liu_matrix(X, I[:, units])
    return A.T @ A, A.T @ y


def _units(busy, width: int) -> list[int]:
    """The busy units as sorted distinct indices 0..width-1 (no wrap-around of negative ones)."""
    if busy is None or isinstance(busy, (str, bytes)):
        raise TypeError(f"busy must be a list of unit indices such as [0], got {busy!r}.")
    units = np.atleast_1d(np.asarray(busy, dtype=object)).ravel()
    for j in units:
        if isinstance(j, (bool, np.bool_)) or not isinstance(j, (int, np.integer)):
            raise TypeError(f"busy must hold whole-number unit indices, got {j!r} in {busy!r}.")
        if not 0 <= j < width:
            raise ValueError(f"busy units must lie between 0 and {width - 1} (pattern has {width} units), got {j}.")
    return sorted({int(j) for j in units})


def liu_saddle(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, busy) -> np.ndarray | None:
    """A differentiable saddle point of Theorem 2 inside the cells ``pattern``, or ``None`` (App. C.2).

    The ``busy`` units (:math:`j_1..j_{K'}`) solve :math:`B\\tilde R = b`
    (Eq. 14) strictly inside their cells; the others get :math:`z_j = 0` and
    :math:`w_j` inside its cell on the hyperplane
    :math:`\\sum_i e_iI_{ij}x_i\\cdot w_j = 0` (Eq. 15).  Built by
    :func:`lossland.core.inregion.saddle_in_region`, the same construction.
    Returns ``[vec(W), z]``; ``None`` when no genuine such point exists.
    """
    data = dataset(X, y)  # Liu's inputs are homogeneous already: no bias
    I = check_liu_pattern(pattern, data.n_points)
    idle = [j for j in range(I.shape[1]) if j not in _units(busy, I.shape[1])]
    if not idle:
        raise ValueError("busy must leave at least one unit idle (K' < K in Theorem 2).")
    cells = {column.tobytes() for column in unit_cells_of_inputs(data.Xh, bias=False).patterns}
    if any(I[:, j].tobytes() not in cells for j in range(I.shape[1])):
        raise ValueError("pattern is not a nonempty pattern of cells for these inputs: each column must be a cell of unit_cells(X).")
    return region_saddle(data, I, idle)


@dataclass(frozen=True)
class SplitPoint:
    """What Theorem 2's construction gives for one cell pattern and one split into busy and idle units.

    ``theta`` the point of Eq. (14)-(15) inside the cells (:func:`liu_saddle`), ``None`` if there is
    none; ``gradient_norm`` the norm of the loss's gradient there; ``idle_gradient`` the norm of
    :math:`\\partial L/\\partial R_k = \\sum_i e_iI_{ik}x_i` over the idle units ``k`` (in
    ``lossland``'s loss, :math:`\\tfrac12\\sum_i e_i^2`); ``hessian`` the second-order test of the
    point when it is one of Theorem 2's candidates (critical, some idle gradient non-zero).
    """

    theta: np.ndarray | None
    gradient_norm: float | None
    idle_gradient: float | None
    hessian: SecondOrderTest | None

    @property
    def kind(self) -> str:
        """``"no point"``, ``"not critical"``, ``"minimum"`` (every idle gradient vanishes: the cells'
        minimum) or the Hessian's verdict (``"saddle"``, as Theorem 2 says, App. C.1)."""
        if self.theta is None:
            return "no point"
        if self.gradient_norm > GRADIENT_TOL:
            return "not critical"
        if self.idle_gradient < GRADIENT_TOL:
            return "minimum"
        return self.hessian.kind


#: A gradient below this norm counts as zero: the construction solves linear systems of
#: order-one numbers, whose round-off is near 1e-15.
GRADIENT_TOL = 1e-9


def theorem2_point(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, busy) -> SplitPoint:
    """Theorem 2's point for the cells ``pattern`` and the ``busy`` units, and what kind of point it is.

    App. C.2: the split need not give a point inside the cells (``"no point"``); where every idle
    unit's :math:`\\partial L/\\partial R_k` vanishes too the point is the cells' minimum, not a
    saddle; otherwise App. C.1 shows it is a saddle, which the Hessian's eigenvalues confirm
    (:func:`lossland.core.critical.second_order_test`).
    """
    theta = liu_saddle(X, y, pattern, busy)
    if theta is None:
        return SplitPoint(None, None, None, None)
    X, y = check_dataset(X, y)
    I = check_liu_pattern(pattern, len(X))
    arch = nets.Architecture(X.shape[1], I.shape[1])
    idle = [j for j in range(I.shape[1]) if j not in _units(busy, I.shape[1])]
    residual = nets.outputs(arch, theta, X) - y
    idle_gradient = float(np.linalg.norm((residual[:, None] * I[:, idle]).T @ X))
    gradient_norm = float(np.linalg.norm(nets.gradient(arch, theta, X, y)))
    candidate = gradient_norm <= GRADIENT_TOL and idle_gradient >= GRADIENT_TOL
    return SplitPoint(theta, gradient_norm, idle_gradient, second_order_test(nets.hessian(arch, theta, X, y)) if candidate else None)
