"""Discrete data in Sec. 7 of the Liu paper: App. E.1's rank-deficient cases and Sec. 7.3's closing claim.

App. E.1: with finitely many samples the matrix :math:`F` of Eq. (21)-(22) can be singular,
and some optimal positions are then free.  Sec. 7.3 ends by arguing that on discrete data
wider networks have *more* free weights and so a growing chance of bad minima; Chapter 1
(the decomposition paper) finds the share of poor minima *falling* with width.  The census
here measures both on one dataset, and a third quantity that neither paper computes: the
probability that a random start's own cells hold a genuine bad minimum.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossland.core.all_regions import subglobal_minima
from lossland.core.regions import unit_cells
from lossland.core.validation import check_dataset, check_entries, check_positive, check_seed, check_widths
from lossland.liu import gaussian as lg

__all__ = ["rank_deficient_cases", "trap_census"]


def rank_deficient_cases() -> dict[str, dict]:
    """The three scenarios of App. E.1 (Fig. A3) on small discrete datasets, with :math:`F`, its rank and the free weights.

    * ``"a) no sample between two weights"``: two weights face :math:`+\\mathbf i` and no
      sample lies between them, so both are active on the same samples and rows :math:`l, l'`
      of :math:`F` are equal;
    * ``"b) no sample on a weight's positive side"``: :math:`w_1` faces :math:`+\\mathbf i` beyond
      every sample, so its row of :math:`F` is zero;
    * ``"c) no sample on any positive side"`` (Fig. A3 b): :math:`F = 0`, the flat plateau.

    Each entry holds ``x, y, h, normals`` and ``F, f`` (Eq. 22), ``rank`` and ``free``: the
    weights whose optimal position is not unique (a nonzero row of :math:`I - F^+F`).
    """
    x = np.array([-2.0, -1.5, 0.0, 1.0, 2.0])
    y = np.array([-1.0, -1.0, 1.0, 1.0, 1.0])
    setups = {
        "a) no sample between two weights": ((0.8, 0.2, -1.0), (1.0, 1.0, -1.0)),
        "b) no sample on a weight's positive side": ((3.0, -1.0), (1.0, -1.0)),
        "c) no sample on any positive side": ((3.0, -3.0), (1.0, -1.0)),
    }
    cases = {}
    for name, (h, normals) in setups.items():
        F, f = lg.normal_equations(x, y, np.array(h), normals)
        free = np.eye(len(h)) - np.linalg.pinv(F) @ F
        cases[name] = {"x": x, "y": y, "h": np.array(h), "normals": np.array(normals), "F": F, "f": f,
                       "rank": int(np.linalg.matrix_rank(F)), "free": np.flatnonzero(np.abs(free).max(axis=1) > 1e-9).tolist()}
    return cases


def trap_census(X: ArrayLike, y: ArrayLike, widths, starts: int = 20000, seed: int = 0, tol: float = 1e-9) -> dict[int, dict]:
    """Bad minima per width on one dataset, counted three ways (Sec. 7.3 of Liu against Chapter 1).

    For each width :math:`K` (networks without bias on the inputs ``X``, Liu's homogeneous
    inputs): every pattern of cells and its genuine differentiable minimum (Eq. 5 and the
    strict test of Sec. 4.3).  A genuine minimum is *bad* when its loss is above the best genuine
    loss of that width.

    Returns, per width: ``regions``, ``genuine``, ``bad`` (how many genuine bad minima: Liu's
    "more bad minima"), ``bad_share`` (bad among genuine: Chapter 1's share of poor minima),
    and ``trapped``: the share of ``starts`` random starts (rows :math:`w_j` standard normal, seeded)
    whose own cells hold a genuine bad minimum, the discrete counterpart of Liu's :math:`P_t`
    restricted to bad minima.  ``trapped_any``: the same for any genuine minimum.
    """
    X, y = check_dataset(X, y)
    widths = check_widths(widths)
    starts = int(check_positive(starts, "starts", integer=True))
    seed = check_seed(seed)
    check_entries(float(starts) * max(widths) * X.size, "starts")
    tol = check_positive(tol, "tol")
    cells = unit_cells(X, bias=False)
    rng = np.random.default_rng(seed)
    census = {}
    for K in widths:
        minima = subglobal_minima(X, y, K, bias=False, cells=cells)
        genuine = minima.genuine
        if not genuine.any():  # the global minimum is genuine: none found means the solves lost their digits
            raise ValueError(f"no genuine minimum found at width {K} for these X, y: the least-squares solves lost "
                             f"their precision (X's columns of very different scales, e.g. x ~ "
                             f"{np.abs(X).max():.3g} beside liu_inputs' constant 1); rescale X to about unit scale.")
        best = minima.loss[genuine].min()
        bad = genuine & (minima.loss > best + tol)
        index = {pattern.tobytes(): r for r, pattern in enumerate(minima.regions.patterns)}
        W = rng.standard_normal((starts, K, X.shape[1]))
        patterns = np.einsum("nd,skd->snk", X, W) > 0  # I_ij of each start, shape (starts, N, K)
        hits = np.array([index.get(p.tobytes(), -1) for p in patterns])
        found = hits >= 0
        census[K] = {
            "regions": len(minima.loss), "genuine": int(genuine.sum()), "bad": int(bad.sum()),
            "bad_share": float(bad.sum() / genuine.sum()),
            "trapped": float(np.mean(found & bad[np.maximum(hits, 0)])),
            "trapped_any": float(np.mean(found & genuine[np.maximum(hits, 0)])),
        }
    return census
