"""Claims of Chapter 1: the loss-surface decomposition paper (anonymous ICLR 2018 submission).

Each ``compute`` runs lossland; nothing here copies a number from our output.
The paper's printed values appear only in the ``paper`` field.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from lossland.book.ledger import Claim, every
from lossland.core import nets
from lossland.core.critical import RTOL, second_order_test
from lossland.core.data import bumpy_1d, three_points, two_points_1d
from lossland.core.genuine import minimum_norm_inside
from lossland.core.inregion import descend_in_region
from lossland.core.probes import is_local_minimum
from lossland.core.regions import activation_regions, unit_cells
from lossland.decomposition.constructions import (
    FIG2, add_dead_unit, linear_region_parameters, linear_regression, minima_by_width, poor_share,
)
from lossland.decomposition.proof_ideas import case_2_points
from lossland.decomposition.table1_claims import CLAIMS as TABLE1_CLAIMS

CHAPTER = "decomposition"


@lru_cache(maxsize=1)
def fig3_minima():
    """All subglobal minima of the three-point dataset for widths 1-4 (shared by several claims)."""
    X, y = three_points()
    return minima_by_width(X, y, (1, 2, 3, 4))


def fig2_line() -> dict:
    """Probe the kink line w1 = 0 of Fig. 2 at a few heights w2."""
    X, y = two_points_1d()
    loss = lambda theta: nets.loss(FIG2, theta, X, y)
    heights = (-1.0, -0.25, 0.25, 1.0, 2.0)
    return {w2: is_local_minimum(loss, [0.0, w2]) for w2 in heights}


def fig2_caption_as_written() -> dict:
    """With w1 fixed to one, as the caption says: minimise over w2 and test differentiability there."""
    X, y = two_points_1d()
    w2 = np.linspace(-3, 3, 60001)
    losses = nets.loss(FIG2, np.column_stack([np.ones_like(w2), w2]), X, y)
    best = w2[np.argmin(losses)]
    preactivations = X[:, 0] * 1.0  # w1 x_i with w1 = 1: never zero, so f is differentiable everywhere
    return {"argmin_w2": float(best), "loss": float(losses.min()), "kinks": int(np.sum(preactivations == 0))}


@lru_cache(maxsize=1)
def theorem_2_5_runs() -> dict:
    """Gradient descent from 8 starts inside every region of the width-2 network on three points.

    Run once per kernel: the chapter prints these counts and the claim checks them. ``runs``:
    all runs; ``left``: runs that left their region; ``converged``: runs that settled inside it;
    ``reached``: of those, runs at the region's minimum (loss within 1e-6).
    """
    X, y = three_points()
    regions = activation_regions(X, 2)
    left = converged = reached = 0
    for r in range(len(regions)):
        run = descend_in_region(X, y, regions, r, count=8, steps=3000, learning_rate=0.02, seed=r)
        left += int(np.sum(~run.stayed))
        converged += int(run.converged.sum())
        reached += int(np.sum(np.isclose(run.final_loss[run.converged], run.subglobal_loss, atol=1e-6)))
    return {"regions": len(regions), "runs": 8 * len(regions), "left": left, "converged": converged, "reached": reached}


@lru_cache(maxsize=1)
def non_global_critical_points() -> list:
    """:func:`lossland.decomposition.proof_ideas.case_2_points` on the three points, width 2 with biases.

    Run once per kernel: the chapter's table prints these points and two claims count them.
    """
    return case_2_points(*three_points(), width=2)


def saddle_census() -> dict:
    """Case-2 critical points of every region (width 2, with biases): minima or saddles?"""
    points = non_global_critical_points()
    return {"above": len(points), "saddles": sum(point.hessian.negative > 0 for point in points)}


def case_2_blocks() -> dict:
    """The proof of Theorem 2.5 on the constructed saddles: Case 2, an idle unit, an indefinite 2x2 block (Eq. 12)."""
    points = non_global_critical_points()
    blocks = sum(p.case.case in (2, 3) and p.case.output_weight == 0.0 and p.case.eigenvalues[0] < 0 < p.case.eigenvalues[1]
                 for p in points)
    return {"points": len(points), "indefinite": int(blocks)}


def linear_region_check() -> dict:
    """Eq. 5's point of the linear region (width 3, y = |x|): its loss, linear regression's, its gradient and Hessian.

    ``negative_eigenvalues`` counts the Hessian's eigenvalues below zero by
    :func:`lossland.core.critical.second_order_test` (none: positive semi-definite).
    """
    X, y = bumpy_1d()
    arch, theta = linear_region_parameters(X, y, width=3)
    test = second_order_test(nets.hessian(arch, theta, X, y))
    return {
        "network": float(nets.loss(arch, theta, X, y)),
        "regression": linear_regression(X, y)[2],
        "gradient": float(np.linalg.norm(nets.gradient(arch, theta, X, y))),
        "min_eigenvalue": float(test.eigenvalues[0]),
        "negative_eigenvalues": test.negative,
    }


def persistence() -> list[bool]:
    """For h = 1, 2, 3: are all genuine losses of width h found again at width h + 1?"""
    minima = fig3_minima()
    sets = {h: set(np.round(m.loss[m.genuine], 8)) for h, m in minima.items()}
    return [sets[h] <= sets[h + 1] for h in (1, 2, 3)]


def dead_unit_bias() -> dict:
    """Is the widened point a local minimum for the paper's bias (margin 0) and for a strict one?

    Tried with the new unit's output weight at +1, -1 and 0.
    """
    X, y = bumpy_1d()
    arch, theta = linear_region_parameters(X, y, width=2)
    outcome = {}
    for margin in (0.0, 1.0):
        minimal, kink = [], 0.0
        for v_new in (1.0, -1.0, 0.0):
            wider, widened = add_dead_unit(arch, theta, X, v_new=v_new, margin=margin)
            minimal.append(is_local_minimum(lambda t: nets.loss(wider, t, X, y), widened))
            W, v, b, c = wider.unpack(widened)
            kink = float(np.max(X @ W[-1] + b[-1]))
        outcome[margin] = {"max_preactivation": kink, "local_min": minimal}
    return outcome


@lru_cache(maxsize=1)
def particular_solution_errors() -> dict:
    """Genuine minima (widths 3 and 4) that a test on the minimum-norm solution alone would reject."""
    X, y = three_points()
    counts = {}
    for h in (3, 4):
        minima = fig3_minima()[h]
        genuine = np.flatnonzero(minima.genuine)
        rejected = sum(not minimum_norm_inside(X, y, minima.regions.patterns[r], minima.fit.p[r]) for r in genuine)
        counts[h] = {"rejected": int(rejected), "genuine": len(genuine)}
    return counts


def width_census() -> dict[int, dict]:
    """Per width of Fig. 3: regions, genuine minima and the share of poor ones, ordered and unordered.

    *Ordered* counts every region, as Fig. 3 does; *unordered* counts regions up to a
    permutation of the hidden units (one multiset of unit cells), which have the same
    convex problem relabelled and so the same loss and verdict.  A genuine minimum is
    *poor* when its loss is above the best genuine loss of the same width (:func:`poor_share`).
    ``poor_count`` counts the poor ones; ``orderings_perfect`` and ``orderings_poor`` are how many
    ordered regions one unordered region stands for, on average, among the perfect (best) and
    the poor genuine minima.
    """
    census = {}
    for h, m in fig3_minima().items():
        _, first = np.unique(np.sort(m.regions.members, axis=1), axis=0, return_index=True)
        genuine = m.genuine[first]
        best = m.loss[m.genuine].min()
        poor, poor_unordered = int(np.sum(m.loss[m.genuine] > best + 1e-9)), int(np.sum(m.loss[first][genuine] > best + 1e-9))
        perfect, perfect_unordered = int(m.genuine.sum()) - poor, int(genuine.sum()) - poor_unordered
        census[h] = {
            "regions": len(m.loss), "genuine": int(m.genuine.sum()), "poor": poor_share(m),
            "regions_unordered": len(first), "genuine_unordered": int(genuine.sum()),
            "poor_unordered": float(np.mean(m.loss[first][genuine] > best + 1e-9)),
            "best": float(best), "poor_count": poor, "poor_count_unordered": poor_unordered,
            "orderings_perfect": perfect / perfect_unordered if perfect_unordered else float("nan"),
            "orderings_poor": poor / poor_unordered if poor_unordered else float("nan"),
        }
    return census


def _shares() -> list[float]:
    return [poor_share(m) for m in fig3_minima().values()]


CLAIMS: list[Claim] = [
    Claim(
        key="decomposition/fig1-regions",
        chapter=CHAPTER,
        label="sec-regions",
        where="Fig. 1",
        statement="One hidden unit's weight plane is cut into six nonempty activation regions by the three data points.",
        paper="6 regions",
        compute=lambda: len(unit_cells(three_points()[0])),
        check=lambda ours: ours == 6,
        tolerance="exact",
        fmt=lambda ours: f"{ours} regions",
    ),
    Claim(
        key="decomposition/fig2-kink-minima",
        chapter=CHAPTER,
        label="sec-kinks",
        where="Fig. 2",
        statement="Non-differentiable local minima lie on the line w1 = 0, the boundary of two regions.",
        paper="minima on the line w1 = 0",
        compute=fig2_line,
        check=lambda ours: all(ours[w2] == (w2 > 0) for w2 in ours),
        tolerance="qualitative: random-direction probes at 5 heights w2 (2000 directions, radii 1e-4 to 1e-2)",
        fmt=lambda ours: "local minimum exactly where w2 > 0: " + ", ".join(f"w2={w2:g}: {'yes' if m else 'no'}" for w2, m in ours.items()),
    ),
    Claim(
        key="decomposition/fig2-caption",
        chapter=CHAPTER,
        label="sec-kinks",
        where="Fig. 2 caption",
        statement="The caption fixes w1 to one, yet places the minima on the line w1 = 0.",
        paper="'w1 is fixed to one'",
        compute=fig2_caption_as_written,
        check=lambda ours: ours["kinks"] == 0,
        tolerance="qualitative: with w1 = 1 no data point sits on a kink",
        status="erratum",
        reason="With w1 = 1 the loss is a smooth parabola in w2 (one differentiable minimum), so no kink minimum can appear; the figure must let both weights vary (we draw the whole (w1, w2) plane and slices at fixed w2).",
        fmt=lambda ours: f"w1 = 1: smooth, minimum at w2 = {ours['argmin_w2']:.3f}, loss {ours['loss']:.3f}, {ours['kinks']} kinks",
    ),
    Claim(
        key="decomposition/theorem-2-5-minima",
        chapter=CHAPTER,
        label="sec-inside",
        where="Theorem 2.5 (2), Corollary 2.7",
        statement="Inside a region, every local minimum is the region's global (subglobal) minimum.",
        paper="every local minimum is global in its region",
        compute=theorem_2_5_runs,
        check=lambda ours: every(ours["reached"], of=ours["converged"]),
        tolerance="loss within 1e-6 of the region's convex minimum",
        fmt=lambda ours: f"{ours['reached']} of {ours['converged']} runs that converged inside a region reached its minimum ({ours['regions']} regions, 8 starts each)",
    ),
    Claim(
        key="decomposition/theorem-2-5-saddles",
        chapter=CHAPTER,
        label="sec-inside",
        where="Theorem 2.5 (3)",
        statement="Every critical point of a region that is not its global minimum is a saddle point.",
        paper="non-global critical points are saddles",
        compute=saddle_census,
        check=lambda ours: every(ours["saddles"], of=ours["above"]),
        tolerance=f"qualitative: smallest Hessian eigenvalue below -{RTOL:g} times the largest in size",
        fmt=lambda ours: f"{ours['saddles']} of {ours['above']} constructed non-global critical points have a negative Hessian eigenvalue",
    ),
    Claim(
        key="decomposition/theorem-2-5-case-2",
        chapter=CHAPTER,
        label="sec-inside",
        where="Theorem 2.5, proof (App. A.3, Eq. 12)",
        statement="At a critical point where some gradient in p_j is non-zero, v_j = 0 and the Hessian block in (w_jk, v_j) is indefinite.",
        paper="Case 2: v_j = 0, block neither PSD nor NSD",
        compute=case_2_blocks,
        check=lambda ours: every(ours["indefinite"], of=ours["points"]),
        tolerance="exact signs: block eigenvalues computed from Eq. 12",
        fmt=lambda ours: f"{ours['indefinite']} of {ours['points']} constructed non-global critical points: idle unit, one negative and one positive block eigenvalue",
    ),
    Claim(
        key="decomposition/linear-region",
        chapter=CHAPTER,
        label="sec-linear",
        where="Sec. 3.1, Eq. 5",
        statement="The linear region's subglobal minimum exists and has the loss of linear regression.",
        paper="loss of linear regression",
        compute=linear_region_check,
        check=lambda ours: abs(ours["network"] - ours["regression"]) < 1e-9 and ours["gradient"] < 1e-9 and ours["negative_eigenvalues"] == 0,
        tolerance=f"1e-9 (loss), gradient norm < 1e-9, Hessian PSD (no eigenvalue below -{RTOL:g} times the largest in size)",
        fmt=lambda ours: f"network {ours['network']:.6f} vs regression {ours['regression']:.6f}; |grad| {ours['gradient']:.1e}",
    ),
    Claim(
        key="decomposition/persistence",
        chapter=CHAPTER,
        label="sec-fig3",
        where="Sec. 3.2, Fig. 3",
        statement="Every local minimum of a network reappears, with the same loss, in the network with one more unit "
                  "(switched off on all data: possible with biases, or without when the data lie on one side of a "
                  "hyperplane through the origin, as here).",
        paper="poor minima persist as h grows",
        compute=persistence,
        check=lambda ours: all(ours),
        tolerance="loss values equal to 1e-8",
        fmt=lambda ours: ", ".join(f"h={h}->{h + 1}: {'all kept' if ok else 'LOST'}" for h, ok in zip((1, 2, 3), ours)),
    ),
    Claim(
        key="decomposition/poor-share",
        chapter=CHAPTER,
        label="sec-fig3",
        where="Sec. 4.1, Fig. 3",
        statement="The share of poor subglobal minima falls as the hidden layer widens.",
        paper="share decreases with h",
        compute=_shares,
        check=lambda ours: all(a > b for a, b in zip(ours, ours[1:])),
        tolerance="qualitative: strictly decreasing over h = 1..4",
        fmt=lambda ours: ", ".join(f"h={h}: {s:.0%}" for h, s in zip((1, 2, 3, 4), ours)),
    ),
    Claim(
        key="decomposition/dead-unit-bias",
        chapter=CHAPTER,
        label="sec-fig3",
        where="Sec. 3.2",
        statement="Choosing the new unit's bias b = -max_i w.h_i switches it off on all data, so minima carry over.",
        paper="b_j = -max_i w_j^T h_i",
        compute=dead_unit_bias,
        check=lambda ours: ours[0.0]["max_preactivation"] == 0.0 and not all(ours[0.0]["local_min"]) and all(ours[1.0]["local_min"]),
        tolerance="qualitative: kink at one data point; probe test of local minimality",
        status="erratum",
        reason="With b = -max exactly, one data point sits on the new unit's kink: raising b a little while giving the unit an output weight against that point's residual lowers the loss (at second order even when the output weight starts at 0), so the widened point need not be a minimum. A strict margin, b = -max - 1, repairs the argument.",
        fmt=lambda ours: "local minimum with output weight +1, -1, 0: "
        + "; ".join(f"b = -max{' - 1' if m else ''}: " + ", ".join("yes" if ok else "no" for ok in ours[m]["local_min"]) for m in (0.0, 1.0)),
    ),
    Claim(
        key="decomposition/particular-solution",
        chapter=CHAPTER,
        label="sec-fig3",
        where="Sec. 4.1, after Eq. 7",
        statement="When the system of Eq. 7 is singular, a particular solution is computed.",
        paper="'we compute a particular solution'",
        compute=particular_solution_errors,
        check=lambda ours: all(0 < c["rejected"] < c["genuine"] for c in ours.values()),
        tolerance="qualitative: the min-norm test rejects some, but not all, genuine minima (each region's own solution)",
        status="differs",
        reason="Genuineness must be decided over the whole solution set (a linear program per sign choice); the minimum-norm solution alone wrongly rejects some genuine minima, so our histograms may count more regions than a particular-solution test would.",
        fmt=lambda ours: "; ".join(f"h = {h}: the min-norm test rejects {c['rejected']} of the {c['genuine']} genuine minima" for h, c in ours.items()),
    ),
]
CLAIMS += TABLE1_CLAIMS  # Table 1 (random against rich regions), registered in table1_claims
