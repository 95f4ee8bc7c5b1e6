"""The genuineness test written plainly: one linear program per choice of output signs, no shortcuts.

This is the version to read first, and the reference :func:`lossland.core.genuine.genuineness`
is tested against (``tests/core/test_genuine_reference.py``).  The fast version decides the
same question for thousands of regions at once: it settles most regions without a linear
program (:func:`lossland.core.margins.screen`) and solves the rest in batches.

The question (decomposition paper, Def. 2.6 and Corollary 2.7).  Fix a region, i.e. the
activation values :math:`a_{ij}`.  There the network's output is linear in
:math:`p_j = v_j w_j` (with a bias, :math:`\\tilde x_i = (x_i, 1)` and :math:`(p_j, q_j)`
stacked), Eq. 4, so the region's loss is a least-squares problem; its minimum is the
region's *subglobal minimum*.  It is a real (differentiable) local minimum of the network,
*genuine*, exactly when some minimiser is realised by parameters strictly inside the region:

* every minimiser fits the same values :math:`\\hat y` (least squares), so the minimisers are
  the affine set :math:`\\{p : Dp = \\hat y\\}` (Liu's Eq. 13 writes it as
  :math:`A^+y + (I - A^+A)c`);
* :math:`p_j = v_j w_j` with :math:`w_j` strictly inside unit ``j``'s cell
  :math:`C_j = \\{w : s_{ij}\\, \\tilde x_i \\cdot w > 0 \\text{ for all } i\\}`,
  :math:`s_{ij} = +1` where the unit is active and :math:`-1` where not, exactly when
  :math:`p_j \\in C_j` (:math:`v_j > 0`), :math:`p_j \\in -C_j` (:math:`v_j < 0`) or
  :math:`p_j = 0` (:math:`v_j = 0`): Liu's Eq. 11 and its mirror, one per sign of
  :math:`z_j = v_j`, with strict inequalities on both sides because a region is open;
* units that share an activation pattern only matter through their sum, and any sum is
  :math:`(P + \\lambda w_0) - \\lambda w_0` with both terms in the cell for large
  :math:`\\lambda`; units active on no point do not enter the output.  Only the other units,
  the *single* ones, constrain anything.

So: for each choice :math:`\\sigma_j \\in \\{+1, -1, 0\\}` of the single units' signs, maximise
the margin :math:`t` over minimisers with :math:`\\sigma_j s_{ij} \\tilde x_i \\cdot p_j \\ge t`
(and :math:`p_j = 0` where :math:`\\sigma_j = 0`), capped at :math:`t \\le 1`.  The region's
minimum is genuine when the best margin over all choices is positive, on the region's
boundary when it is zero, and absent when it is negative (or no choice is feasible).
"""
from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import ArrayLike

from lossland.core.dataset import dataset
from lossland.core.lp import MARGIN_TOL, check_margin_tol, solve_lp
from lossland.core.subglobal import check_region_pattern, design_matrix

__all__ = ["reference_margin", "reference_status"]

#: The output signs a single unit may take: v_j > 0, v_j < 0, v_j = 0.
SIGNS = (1, -1, 0)


def reference_margin(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, bias: bool = False) -> float:
    """The best sign margin over the whole solution set of a region's convex problem.

    One linear program for every choice of the single units' output signs (see the module
    docstring); ``-inf`` when no choice is feasible.  The margin is in the targets' units and
    at most ``max |y|``.

    Parameters
    ----------
    X, y : the dataset, shapes (N, n) and (N,).
    pattern : activation values (N, h) of a nonempty region.
    bias : whether the network has biases.
    """
    margin, y_scale = _relative_margin(X, y, pattern, bias)
    return margin * y_scale


def reference_status(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, bias: bool = False, tol: float = MARGIN_TOL) -> str:
    """``"genuine"``, ``"boundary"`` or ``"absent"``: the best margin beyond, within or below ``tol`` times ``max |y|``."""
    tol = check_margin_tol(tol)
    margin = _relative_margin(X, y, pattern, bias)[0]
    return "genuine" if margin > tol else "boundary" if margin >= -tol else "absent"


def _relative_margin(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, bias: bool) -> tuple[float, float]:
    """The best margin on the data scaled to largest entry 1, and the targets' scale ``max |y|`` (1 if zero).

    The verdict does not change when ``X`` or ``y`` is multiplied by a positive number (regions
    are cones; margins scale with ``y``), so the programs are solved on scaled data, where the
    solver's accuracy means the same for every dataset.
    """
    data = dataset(X, y, bias)
    A = check_region_pattern(pattern, data.n_points)
    x_scale = float(np.abs(data.X).max()) or 1.0
    y_scale = float(np.abs(data.y).max()) or 1.0
    Xh = dataset(data.X / x_scale, data.y, bias).Xh
    D = design_matrix(Xh, A, bias)
    fitted = D @ np.linalg.lstsq(D, data.y / y_scale, rcond=None)[0]  # the same for every minimiser
    singles = _single_units(A)
    best = -np.inf
    for choice in itertools.product(SIGNS, repeat=len(singles)):
        best = max(best, _choice_margin(Xh, A, D, fitted, dict(zip(singles, choice))))
    return best, y_scale


def _single_units(A: np.ndarray) -> list[int]:
    """The units whose sign matters: active on some point, with a pattern (column of ``A``) no other unit has."""
    h = A.shape[1]
    return [j for j in range(h) if A[:, j].any() and sum(np.array_equal(A[:, j], A[:, k]) for k in range(h)) == 1]


def _choice_margin(Xh: np.ndarray, A: np.ndarray, D: np.ndarray, fitted: np.ndarray, sign: dict[int, int]) -> float:
    """The largest ``t`` over minimisers ``p`` (``D p = fitted``) for the output signs ``sign[j]`` of the single units.

    Variables ``[p, t]``; constraints :math:`\\sigma_j s_{ij} \\tilde x_i \\cdot p_j \\ge t` for every
    point :math:`\\tilde x_i \\neq 0` (the zero input lies on every hyperplane and constrains no
    cell), :math:`p_j = 0` where :math:`\\sigma_j = 0`, and :math:`t \\le 1`.
    """
    d = Xh.shape[1]
    n = D.shape[1] + 1
    equal_rows, equal_rhs = [np.hstack([D, np.zeros((len(D), 1))])], [fitted]
    below_rows = []
    points = np.any(Xh != 0, axis=1)
    for j, sigma in sign.items():
        block = np.zeros((d, n)) if sigma == 0 else np.zeros((points.sum(), n))
        if sigma == 0:  # p_j = 0
            block[:, j * d : (j + 1) * d] = np.eye(d)
            equal_rows.append(block)
            equal_rhs.append(np.zeros(d))
        else:  # t - sigma_j s_ij x_i . p_j <= 0
            s = np.where(A[points, j], 1.0, -1.0)
            block[:, j * d : (j + 1) * d] = -sigma * s[:, None] * Xh[points]
            block[:, -1] = 1.0
            below_rows.append(block)
    cost = np.zeros(n)
    cost[-1] = -1.0  # maximise t
    result = solve_lp(
        cost,
        A_ub=np.vstack(below_rows) if below_rows else None,
        b_ub=np.zeros(sum(len(rows) for rows in below_rows)) if below_rows else None,
        A_eq=np.vstack(equal_rows),
        b_eq=np.concatenate(equal_rhs),
        bounds=[(None, None)] * (n - 1) + [(None, 1.0)],
    )
    return float(result.x[-1]) if result.status == 0 else -np.inf
