"""Genuine subglobal minima: is one region's convex minimum a real local minimum of the network?

A minimiser :math:`(p_j)` of a region's convex problem (:mod:`lossland.core.subglobal`)
is realised by network parameters in the open region exactly when every
:math:`p_j` can be written :math:`v_j w_j` with :math:`w_j` strictly inside unit
``j``'s cell.  This module gives the verdict of one region (:func:`genuineness`, with
parameters that attain a genuine minimum), deciding over the whole solution set with the
margin programs of :mod:`lossland.core.margins`; every region of a network at once (Sec. 4.1
and Fig. 3 of the decomposition paper) is :mod:`lossland.core.all_regions`.  The same test
written plainly, one linear program per choice of output signs, is
:mod:`lossland.core.genuine_reference`, which the tests hold these verdicts to.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import margins
from lossland.core.dataset import Dataset, dataset
from lossland.core.lp import MARGIN_TOL, check_margin_tol
from lossland.core.regions import interior_points
from lossland.core.scaling import scaled_to_one
from lossland.core.subglobal import check_region_pattern, solve_batch
from lossland.core.validation import as_array, check_flag

__all__ = ["Verdict", "genuineness", "region_verdict", "minimum_norm_inside"]


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
    scaled, scales = scaled_to_one(data)
    verdict = region_verdict(scaled, A, check_margin_tol(tol), check_flag(parameters, "parameters"))
    theta = None if verdict.theta is None else scales.parameters(verdict.theta, A.shape[1], data.X.shape[1])
    return Verdict(verdict.status, verdict.loss * scales.y**2, verdict.margin * scales.y, theta)


def region_verdict(data: Dataset, A: np.ndarray, tol: float, parameters: bool) -> Verdict:
    """:func:`genuineness` on a validated dataset of order one and a bool pattern ``A`` (N, h), in its units.

    For the package's functions that have validated their arguments and scaled the data
    (:func:`lossland.core.scaling.scaled_to_one`; the saddles of :mod:`lossland.core.inregion`):
    the margin tolerance is ``tol`` times ``data.scale``, absolute on data of order one.
    """
    fit = solve_batch(data, A[None])
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
    data, scales = scaled_to_one(data)
    p = p / scales.products(np.ones_like(p))
    scale = check_margin_tol(tol) * data.scale
    Xh = data.Xh
    for j in range(A.shape[1]):
        if not A[:, j].any() or np.linalg.norm(p[j]) <= scale:
            continue
        signed = margins.unit_signs(Xh, A[:, j]) @ p[j]
        if not (np.all(signed > scale) or np.all(signed < -scale)):
            return False
    return True
