"""Claims of Chapter 2: Bo Liu, "Understanding global loss landscape of one-hidden-layer ReLU neural networks".

Each ``compute`` runs lossland; the paper's printed values appear only in ``paper``.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from lossland.book.display import below
from lossland.book.ledger import Claim, every
from lossland.core import nets
from lossland.core.critical import RTOL, second_order_test
from lossland.core.genuine import genuineness
from lossland.core.inregion import descend_in_region
from lossland.core.probes import is_local_minimum
from lossland.core.regions import activation_regions
from lossland.core.subglobal import solve_regions
from lossland.liu import gaussian as lg
from lossland.core.data import three_points, two_points_1d
from lossland.liu.boundary import boundary_inequalities, boundary_minimum, boundary_system
from lossland.liu.criteria import (
    SplitPoint, cell_minimum, differentiable_minima, liu_criterion, liu_inputs, liu_matrix, theorem2_point,
)
from lossland.liu.discrete import rank_deficient_cases, trap_census
from lossland.liu.example import EXAMPLE_X, example_cells
from lossland.liu.lemma1 import lemma1_step

CHAPTER = "liu"

#: Small instances used by the chapter and its claims (homogeneous inputs, labels +-1).
RANDOM_X = liu_inputs(np.random.default_rng(0).standard_normal((4, 1)))
RANDOM_Y = np.random.default_rng(1).choice([-1.0, 1.0], 4)
BOUNDARY_X, BOUNDARY_Y, BOUNDARY_PATTERN = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]), np.ones(3), np.array([[1], [1], [0]])
ZERO_Z_X, ZERO_Z_Y, ZERO_Z_PATTERN = liu_inputs([[0.0], [1.0], [2.0]]), -np.ones(3), np.array([[1, 1], [1, 1], [1, 0]])


@lru_cache(maxsize=1)
def theorem_1_runs() -> dict:
    """Many-start gradient descent inside every cell pattern of a width-2 network on RANDOM_X."""
    regions = activation_regions(RANDOM_X, 2)
    subglobal = solve_regions(RANDOM_X, RANDOM_Y, regions.patterns).loss
    converged = reached = left = unsettled = 0
    for r in range(len(regions)):
        run = descend_in_region(RANDOM_X, RANDOM_Y, regions, r, count=6, steps=3000, learning_rate=0.05, seed=r)
        left += int(np.sum(~run.stayed))
        converged += int(run.converged.sum())
        unsettled += int(np.sum(run.stayed & ~run.converged))
        reached += int(np.sum(np.isclose(run.final_loss[run.converged], subglobal[r], atol=1e-6)))
    return {"cells": len(regions), "runs": 6 * len(regions), "converged": converged, "reached": reached,
            "left": left, "unsettled": unsettled}


def plateau_maximum(radius: float = 0.1, directions: int = 200, seed: int = 0) -> float:
    """Largest loss change over random steps of length ``radius`` in (w, z) from a point of the r1 plateau.

    One unit on the example's samples (App. B), w = (-1, -1) (no sample active), z = 1:
    every nearby (w, z) leaves both samples inactive, so the loss stays 1 and the point is a
    local maximum in the non-strict sense (as it is a local minimum).
    """
    arch = nets.Architecture(2, 1)
    theta = arch.pack([[-1.0, -1.0]], [1.0])
    steps = np.random.default_rng(seed).standard_normal((directions, theta.size))
    steps *= radius / np.linalg.norm(steps, axis=1, keepdims=True)
    start = float(nets.loss(arch, theta, EXAMPLE_X, np.ones(2)))
    return float(np.max(np.abs(nets.loss(arch, theta + steps, EXAMPLE_X, np.ones(2)) - start)))


def hessian_of_L_R() -> dict:
    """Smallest eigenvalue of the Hessian (2/N) A^T A of L(R) in cell r3 of the example (App. F)."""
    A = liu_matrix(EXAMPLE_X, np.array([[1], [0]]))
    test = second_order_test(2.0 / len(EXAMPLE_X) * A.T @ A)
    return {"min": float(test.eigenvalues[0]), "max": float(test.eigenvalues[-1]), "zero": test.zero, "negative": test.negative}


def boundary_criterion() -> dict:
    """Eq. (10)-(11) as printed against a strict test, on a minimiser that lies on its cell's boundary."""
    minimum = cell_minimum(BOUNDARY_X, BOUNDARY_Y, BOUNDARY_PATTERN)
    arch = nets.Architecture(2, 1)
    theta = arch.pack(minimum.R, [1.0])
    return {
        "printed": liu_criterion(BOUNDARY_X, BOUNDARY_Y, BOUNDARY_PATTERN),
        "ours": genuineness(BOUNDARY_X, BOUNDARY_Y, BOUNDARY_PATTERN).status,
        "local_min": is_local_minimum(lambda t: nets.loss(arch, t, BOUNDARY_X, BOUNDARY_Y), theta),
    }


def zero_output_criterion() -> dict:
    """A genuine minimum with z_2 = 0 that the strict criteria (11)-(13) reject."""
    verdict = genuineness(ZERO_Z_X, ZERO_Z_Y, ZERO_Z_PATTERN)
    return {"ours": verdict.status, "liu_strict": liu_criterion(ZERO_Z_X, ZERO_Z_Y, ZERO_Z_PATTERN, strict=True)}


@lru_cache(maxsize=1)
def random_x_splits() -> list[tuple[np.ndarray, tuple[int, ...], SplitPoint]]:
    """Theorem 2's construction on RANDOM_X, width 2: every cell pattern, both splits with one busy unit.

    ``(pattern, busy, point)`` per pair, unit 1 busy first, as :func:`theorem2_point` gives it;
    the chapter prints the first saddle and three claims count the kinds.
    """
    return [(pattern, (busy,), theorem2_point(RANDOM_X, RANDOM_Y, pattern, busy=[busy]))
            for pattern in activation_regions(RANDOM_X, 2).patterns for busy in (0, 1)]


def _census(points) -> dict:
    """How many of Theorem 2's points are candidates (critical, some idle dL/dR != 0) and how many of those saddles."""
    candidates = [point for point in points if point.kind not in ("no point", "not critical", "minimum")]
    return {"built": len(candidates), "indefinite": sum(point.kind == "saddle" for point in candidates)}


def saddle_census() -> dict:
    """Theorem 2's saddles (unit 1 busy, unit 2 idle) over every cell pattern of RANDOM_X, width 2."""
    return _census(point for _, busy, point in random_x_splits() if busy == (0,))


@lru_cache(maxsize=1)
def saddle_sufficiency(seeds: int = 6) -> dict:
    """Theorem 2's sufficiency on ``seeds`` random instances (4 samples, K = 2, both one-busy splits, every cell pattern).

    Every point the construction gives (genuine, zero gradient) with dL/dR_idle != 0 should be a
    saddle: Hessian eigenvalues of both signs.
    """
    points = []
    for seed in range(seeds):
        rng = np.random.default_rng(100 + seed)
        X, y = liu_inputs(rng.standard_normal((4, 1))), rng.choice([-1.0, 1.0], 4)
        points += [theorem2_point(X, y, pattern, busy=[busy]) for pattern in activation_regions(X, 2).patterns for busy in (0, 1)]
    return {"instances": seeds, **_census(points)}


@lru_cache(maxsize=1)
def boundary_verdicts() -> dict:
    """Theorem 3 with the corrected and the printed (18)-(19), against random-direction probes.

    One unit on random data, plus a dead second unit (K = 2) where the printed
    Eq. (19) subtracts y_n twice.
    """
    agree = {"corrected": 0, "printed": 0}
    cases = 0
    arch = nets.Architecture(2, 2)
    for seed in range(6):
        rng = np.random.default_rng(seed)
        X, y = liu_inputs(rng.standard_normal((4, 1))), rng.choice([-1.0, 1.0], 4)
        for pattern in activation_regions(X, 1).patterns:
            two = np.hstack([pattern, np.zeros_like(pattern)])
            for n in np.flatnonzero(~pattern[:, 0]):
                verdicts = {kind: boundary_minimum(X, y, two, 0, int(n), printed=(kind == "printed")) for kind in agree}
                theta = next((v.theta for v in verdicts.values() if v.theta is not None), None)
                if theta is None:
                    continue
                probe = is_local_minimum(lambda t: nets.loss(arch, t, X, y), theta, radii=(1e-6, 1e-5, 1e-4), n_directions=500)
                cases += 1
                for kind, verdict in verdicts.items():
                    agree[kind] += int((verdict.theta is not None) == probe)
    return {"cases": cases, **agree}


def first_saddle() -> tuple[np.ndarray, SplitPoint]:
    """The first cell pattern of RANDOM_X (unit 1 busy, unit 2 idle) where Theorem 2's construction gives a saddle."""
    return next((pattern, point) for pattern, busy, point in random_x_splits() if busy == (0,) and point.kind == "saddle")


def lemma1_instances() -> dict:
    """App. A's move on two instances: a genuine minimum with z_2 = 0 (g_2 = 0) and a Theorem 2 saddle (g_2 != 0).

    The saddle is the first one :func:`saddle_census` counts; its idle unit's weights are scaled
    to unit length (a positive factor keeps them in their cell and on the plane of Eq. 15).
    """
    minimum = genuineness(ZERO_Z_X, ZERO_Z_Y, ZERO_Z_PATTERN).theta
    saddle = first_saddle()[1].theta.copy()
    saddle[2:4] /= np.linalg.norm(saddle[2:4])
    return {"minimum": lemma1_step(ZERO_Z_X, ZERO_Z_Y, minimum, 1, direction=[1.0, 1.0]),
            "saddle": lemma1_step(RANDOM_X, RANDOM_Y, saddle, 1), "saddle_theta": saddle}


#: Theorem 3 by hand: the two-sample example of App. B, one unit, y = (1, -1); unit 0 on x2's hyperplane.
KINK_Y, KINK_PATTERN = np.array([1.0, -1.0]), np.array([[1], [0]])


def theorem3_by_hand() -> dict:
    """Theorem 3 on App. B's samples with y = (1, -1): D R = d (Eq. 17), its solution, (18)-(19), verdicts and a probe."""
    D, d = boundary_system(EXAMPLE_X, KINK_Y, KINK_PATTERN, 0, 1)
    R = np.linalg.lstsq(D, d, rcond=None)[0]
    a, b = boundary_inequalities(EXAMPLE_X, KINK_Y, KINK_PATTERN, 0, 1)
    corrected = boundary_minimum(EXAMPLE_X, KINK_Y, KINK_PATTERN, 0, 1)
    printed = boundary_minimum(EXAMPLE_X, KINK_Y, KINK_PATTERN, 0, 1, printed=True)
    arch = nets.Architecture(2, 1)
    theta = arch.pack([R], [1.0])
    probe = is_local_minimum(lambda t: nets.loss(arch, t, EXAMPLE_X, KINK_Y), theta)
    return {"D": D, "d": d, "R": R, "residual": float(np.abs(D @ R - d).max()), "eq18": float(a[0] @ R - b[0]),
            "eq19": float(a[1] @ R - b[1]), "corrected": corrected.theta is not None,
            "printed": printed.theta is not None, "probe": probe, "loss": liu_loss_at(EXAMPLE_X, KINK_Y, theta)}


def liu_loss_at(X, y, theta) -> float:
    """Liu's loss (Eq. 1) of a network in nets' layout, through 2/N times Chapter 1's loss."""
    arch = nets.Architecture(X.shape[1], len(theta) // (X.shape[1] + 1))
    return 2.0 / len(X) * float(nets.loss(arch, theta, X, y))


def two_hyperplane_kink() -> dict:
    """Chapter 1's line w1 = 0 (f = w2 [w1 x]_+, x = (-2, 2)): on both samples' hyperplanes at once.

    Theorem 3 (one sample's hyperplane) finds no minimum there for either choice of the sample n,
    while probing finds the point (w1, w2) = (0, 1) a local minimum.
    """
    X, y = two_points_1d()
    verdicts = [boundary_minimum(X, y, np.array(pattern), 0, n).theta is not None for pattern, n in (([[1], [0]], 1), ([[0], [1]], 0))]
    arch = nets.Architecture(1, 1)
    theta = arch.pack([[0.0]], [1.0])
    return {"theorem_3": verdicts, "probe": is_local_minimum(lambda t: nets.loss(arch, t, X, y), theta)}


def saddle_combinations() -> dict:
    """Theorem 2's "for all combinations" on RANDOM_X, width 2: every cell pattern and both splits (one busy unit).

    Counts the (pattern, split) pairs with a genuine saddle of the split, those where the split
    gives no genuine point (App. C.2), and those where it gives the cell's minimum (dL/dR_idle = 0).
    """
    kinds = [point.kind for _, _, point in random_x_splits()]
    return {"combinations": len(kinds), "saddle": kinds.count("saddle"), "no_point": kinds.count("no point"),
            "minimum": kinds.count("minimum")}


def bad_differentiable_minima() -> dict:
    """Genuine differentiable minima of RANDOM_X, width 2, whose loss is above the lowest one (Theorem 1's "global")."""
    losses = np.array([m.loss for m in differentiable_minima(RANDOM_X, RANDOM_Y, 2)])
    return {"genuine": len(losses), "above_best": int(np.sum(losses > losses.min() + 1e-9)), "best": float(losses.min())}


def all_involved_continuum() -> dict:
    """Sec. 3's "unique global minimum (unless some R_i are not involved)": both units active on all four samples of RANDOM_X."""
    minimum = cell_minimum(RANDOM_X, RANDOM_Y, np.ones((len(RANDOM_X), 2)))
    return {"rank": minimum.rank, "size": minimum.R.size, "unique": minimum.unique}


@lru_cache(maxsize=1)
def width_trap_census() -> dict:
    """:func:`lossland.liu.discrete.trap_census` on Chapter 1's three points, widths 1 to 4."""
    X, y = three_points()
    return trap_census(X, y, (1, 2, 3, 4))


def fig4b_far() -> dict:
    """Far from the data (x_w1 = 6, x_w2 = 0): w1's own factor against P_t of Eq. (25)-(26)."""
    h = np.array([6.0, 0.0])
    h_star = lg.population_optimal_positions(h, lg.FIG4_NORMALS)
    return {
        "w2_gap": float(lg.gap_probabilities(h, h_star)[1]),
        "w1_factor": float(lg.weight_trap_factors(h, lg.FIG4_NORMALS)[0]),
        "P_t": float(lg.trap_probability(h, lg.FIG4_NORMALS, rule="union")),
    }


@lru_cache(maxsize=1)
def optimum_position() -> float:
    """The position x_w1 at which w1 sits at its own population optimum (Eq. 24), w2 below it.

    With x_w1 >= x_w2 the optimum of w1 depends on x_w1 alone (its active side is
    (x_w1, inf)); iterating x -> h1*(x) converges to the fixed point, where w1's gap is empty.
    By the symmetry of the two classes, -optimum_position() is w2's.
    """
    h1 = 2.0
    for _ in range(60):  # a contraction: 60 steps reach round-off
        h1 = float(lg.population_optimal_positions(np.array([h1, -8.0]), lg.FIG4_NORMALS)[0])
    return h1


def fig4c_rules() -> float:
    """Largest difference between Fig. 4(c) as a product of per-weight factors and Eq. 25-26 (union)."""
    grid = np.linspace(-6.0, 6.0, 121)
    product = lg.fig4c_trap_map(grid, grid, rule="product")
    union = lg.fig4c_trap_map(grid, grid, rule="union")
    return float(np.abs(product - union).max())


@lru_cache(maxsize=1)
def monte_carlo_at_optimum() -> dict:
    """Eq. (25) against Monte Carlo where w1 starts at its own population optimum (w2 far away)."""
    h1 = optimum_position()
    h = np.array([h1, -8.0])
    mc = lg.monte_carlo_trap(h, lg.FIG4_NORMALS, datasets=4000, seed=0)
    return {"x_w1": h1, "eq25": float(lg.trap_probability(h, lg.FIG4_NORMALS, rule="union")), **mc}


def sample_rank() -> float:
    """Share of N = 100 samples for which F of Eq. (21) is singular at the Fig. A4 start."""
    singular = 0
    for seed in range(100):
        x, y = lg.sample_data(100, seed)
        F, _ = lg.normal_equations(x, y, np.array(lg.FIGA4_START), lg.FIGA4_NORMALS)
        singular += int(np.linalg.matrix_rank(F) < len(F))
    return singular / 100


def figA4_peak() -> float:
    shift = np.linspace(-3.0, 6.0, 361)
    return float(max(lg.figA4_trap(shift, move).max() for move in ("uppermost", "all")))


def eq24_against_solver() -> float:
    h = np.array([[1.0, 0.0], [2.0, -1.0], [3.5, 0.5], [0.2, -0.3]])
    closed = np.stack(lg.two_weight_optimum(h[:, 0], h[:, 1]), axis=-1)
    return float(np.abs(closed - lg.population_optimal_positions(h, lg.FIG4_NORMALS)).max())


def _r3_distances() -> dict:
    """Distances of r3's line of minimisers R* + t (I - A^+A) e (App. B, y = (1, 1)) from x1 and from x1's hyperplane."""
    minimum = cell_minimum(EXAMPLE_X, np.ones(2), np.array([[1], [0]]))
    point, direction = minimum.R[0], minimum.free @ np.array([0.0, 1.0])  # the line: point + t direction
    x1 = EXAMPLE_X[0]
    offset = x1 - point
    to_point = np.linalg.norm(offset - (offset @ direction) / (direction @ direction) * direction)
    to_hyperplane = abs(point @ x1) / np.linalg.norm(x1)  # constant along the line: direction . x1 = 0
    return {"to the point x1": float(to_point), HYPERPLANE: float(to_hyperplane)}


HYPERPLANE = "to x1's hyperplane"


def _example(y):
    return {name: (cell.kind, cell.loss, cell.genuine, tuple(float(v) for v in np.round(cell.R, 12))) for name, cell in example_cells(y).items()}


CLAIMS: list[Claim] = [
    Claim(
        key="liu/theorem-1", chapter=CHAPTER, label="sec-liu-cells", where="Lemma 1, Theorem 1",
        statement="Every differentiable local minimum is the global minimum of its cell.",
        paper="all differentiable local minima are global in their cells",
        compute=theorem_1_runs,
        check=lambda o: every(o["reached"], of=o["converged"]),
        tolerance="loss within 1e-6 of the cell's minimum",
        fmt=lambda o: f"{o['reached']} of {o['converged']} runs that settled inside a cell reached its minimum ({o['cells']} cell patterns, 6 starts each)",
    ),
    Claim(
        key="liu/theorem-1-global", chapter=CHAPTER, label="sec-liu-cells", where="Theorem 1",
        statement="Any differentiable local minimum of L(z, w) is a global minimum.",
        paper="'is a global minimum'",
        compute=bad_differentiable_minima,
        check=lambda o: o["above_best"] > 0,
        tolerance="exact: genuine minima of RANDOM_X, width 2, with loss above the lowest (by more than 1e-9)",
        status="erratum",
        reason="The proof shows a global minimum of the cell's L(R) only; the statement drops 'in its cell' (Sec. 4 "
               "and the abstract keep it). Genuine minima with loss above the global one exist on the chapter's instance.",
        fmt=lambda o: f"{o['above_best']} of {o['genuine']} genuine differentiable minima lie above the lowest loss {o['best']:g}",
    ),
    Claim(
        key="liu/sec3-unique", chapter=CHAPTER, label="sec-liu-cells", where="Sec. 3, Sec. 4.1 case 2a",
        statement="L(R) has a unique global minimum unless some R_i are not involved in L.",
        paper="'unique global minimum (unless some R_i are not involved)'",
        compute=all_involved_continuum,
        check=lambda o: not o["unique"],
        tolerance="exact: rank of A",
        status="erratum",
        reason="The paper's own case 2a (N < Kd) gives a continuum of minimisers with every R_i involved: here both "
               "units are active on all four samples, A = [X X] has rank 2 < Kd = 4.",
        fmt=lambda o: f"both units active on every sample: rank A = {o['rank']} of Kd = {o['size']}; unique: {o['unique']}",
    ),
    Claim(
        key="liu/lemma-1", chapter=CHAPTER, label="sec-liu-lemma1", where="Lemma 1, App. A",
        statement="At a differentiable local minimum dL/dR_j = 0 also for units with z_j = 0.",
        paper="dL/dR_j = 0",
        compute=lemma1_instances,
        check=lambda o: (np.linalg.norm(o["minimum"]["g"]) < 1e-12 and o["saddle"]["loss_moved"] == o["saddle"]["loss"]
                         and o["saddle"]["loss_z_step"] < o["saddle"]["loss"] - 1e-6),
        tolerance="round-off (1e-12) for g at the minimum; the saddle's loss falls after App. A's free move and a step in z",
        fmt=lambda o: f"minimum with z_2 = 0: |dL/dR_2| = {below(np.linalg.norm(o['minimum']['g']), 1e-12)}; "
                      f"Theorem 2 saddle (|dL/dR_2| = {np.linalg.norm(o['saddle']['g']):.3f}): the free move and a step in z_2 "
                      f"lower the loss from {o['saddle']['loss']:.4f} to {o['saddle']['loss_z_step']:.4f}",
    ),
    Claim(
        key="liu/theorem-1-maxima", chapter=CHAPTER, label="sec-liu-cells", where="Theorem 1",
        statement="L(z, w) has no local maxima.",
        paper="'there are no local maxima for L(z, w)'",
        compute=plateau_maximum,
        check=lambda o: o == 0.0,
        tolerance="exact: the loss is constant near a point of the r1 plateau (200 random steps of length 0.1)",
        status="erratum",
        reason="True only for strict local maxima. Where no sample activates any unit the loss is constant on an "
               "open set (the plateau r1 of App. B), so each of its points is a local maximum in the same "
               "non-strict sense in which the paper counts it as a local minimum.",
        fmt=lambda o: f"largest loss change near w = (-1, -1), z = 1: {o:g}",
    ),
    Claim(
        key="liu/appendix-f", chapter=CHAPTER, label="sec-liu-cells", where="Appendix F, Lemma A2",
        statement="L(R) is convex, proved by the positive definiteness of its Hessian.",
        paper="Hessian positive definite",
        compute=hessian_of_L_R,
        check=lambda o: o["zero"] > 0 and o["negative"] == 0 and o["max"] > 0,
        tolerance=f"qualitative: smallest Hessian eigenvalue is zero (within {RTOL:g} times the largest) in a rank-deficient cell",
        status="erratum",
        reason="The Hessian (2/N) A^T A is only positive semidefinite: singular whenever rank A < Kd (every cell with a continuous R*). Convexity, and the lemma, still hold.",
        fmt=lambda o: f"cell r3 of the example: eigenvalues from {o['min']:.2g} to {o['max']:.2g}",
    ),
    Claim(
        key="liu/appendix-b", chapter=CHAPTER, label="sec-liu-example", where="Sec. 4.2, Appendix B, Fig. 2(a)",
        statement="With y = (1, 1): plateau in r1 (loss 1), lines in r2 and r3 (loss 1/2), a single point in r4 (loss 0), all inside their cells.",
        paper="r1: 1, r3: 1/2, r4: 0",
        compute=lambda: _example((1.0, 1.0)),
        check=lambda o: o["r1"][:3] == ("plateau", 1.0, True) and o["r3"][:3] == ("line", 0.5, True) and o["r4"][:3] == ("point", 0.0, True),
        tolerance="exact",
        fmt=lambda o: "; ".join(f"{k}: {v[0]}, loss {v[1]:g}" for k, v in o.items()),
    ),
    Claim(
        key="liu/fig2b-r4", chapter=CHAPTER, label="sec-liu-example", where="Sec. 4.3, Fig. 2(b)",
        statement="With y2 = -1 the minimiser of cell r4 is R* = (1, -1), outside r4, so r4 holds no local minimum.",
        paper="R* = (1, -1), outside r4",
        compute=lambda: _example((1.0, -1.0))["r4"],
        check=lambda o: o[3] == (1.0, -1.0) and not o[2],
        tolerance="exact",
        fmt=lambda o: f"R* = {o[3]}, inside r4: {o[2]}",
    ),
    Claim(
        key="liu/appendix-b-distance", chapter=CHAPTER, label="sec-liu-example", where="Appendix B",
        statement="In r3 the minimisers R* = (1, c2) form 'a line with distance 1 from x1'.",
        paper="distance 1 from x1",
        compute=_r3_distances,
        check=lambda o: abs(o[HYPERPLANE] - 1.0) < 1e-12 and o["to the point x1"] < 1e-12,
        tolerance="round-off (1e-12)",
        status="ambiguity",
        reason="Two readings: the line w1 = 1 passes through the point x1 = (1, 0); it lies at distance 1 from x1's "
               "hyperplane w1 = 0, which is what the paper means, since it treats each sample as a hyperplane in "
               "w-space (Sec. 3). Only the half c2 < 0 of the line lies inside r3.",
        fmt=lambda o: f"distance to the point x1: {below(o['to the point x1'], 1e-12)}; "
                      f"to x1's hyperplane: {o[HYPERPLANE]:.6g}",
    ),
    Claim(
        key="liu/eq10-boundary", chapter=CHAPTER, label="sec-liu-criteria", where="Eq. 10-11",
        statement="A unique minimiser with R*.x_i > 0 on active and <= 0 on inactive samples is a genuine local minimum.",
        paper="'<= 0 if I_ij = 0'",
        compute=boundary_criterion,
        check=lambda o: o["printed"] and o["ours"] == "boundary" and not o["local_min"],
        tolerance="qualitative: one instance, checked by random-direction probes",
        status="erratum",
        reason="A minimiser with R*.x_i = 0 for an inactive sample lies on the cell's boundary, where the loss has a kink; it need not be a local minimum. The inequality must be strict (< 0).",
        fmt=lambda o: f"printed criterion: {o['printed']}; ours: {o['ours']}; local minimum: {o['local_min']}",
    ),
    Claim(
        key="liu/eq11-zero-output", chapter=CHAPTER, label="sec-liu-criteria", where="Eq. 11-13",
        statement="The sign tests decide whether a cell holds a genuine differentiable local minimum.",
        paper="criteria (11)-(13)",
        compute=zero_output_criterion,
        check=lambda o: o["ours"] == "genuine" and not o["liu_strict"],
        tolerance="qualitative: one instance",
        status="erratum",
        reason="A unit with z_j = 0 has R_j = 0 and may keep w_j anywhere in its cell: a genuine minimum that (11)-(13) reject, since they ask R_j.x_i > 0 on active samples. The test must allow R_j = 0.",
        fmt=lambda o: f"ours: {o['ours']}; Liu's strict criteria: {o['liu_strict']}",
    ),
    Claim(
        key="liu/theorem-2", chapter=CHAPTER, label="sec-liu-saddles", where="Theorem 2, Eq. 14-15",
        statement="Checked: every point built from B R = b (Eq. 14) and Eq. 15 inside its cells, with dL/dR != 0 "
                  "for the idle unit, is a saddle (random instances, 4 samples, K = 2, both one-busy splits, all cell patterns).",
        paper="saddle points",
        compute=saddle_sufficiency,
        check=lambda o: every(o["indefinite"], of=o["built"]),
        tolerance=f"qualitative: Hessian eigenvalues of both signs (beyond {RTOL:g} times the largest in size) at zero gradient (below 1e-9)",
        fmt=lambda o: f"{o['indefinite']} of {o['built']} constructed points on {o['instances']} instances have an indefinite Hessian",
    ),
    Claim(
        key="liu/theorem-2-all", chapter=CHAPTER, label="sec-liu-saddles", where="Theorem 2, App. C.2",
        statement="Differentiable saddle points exist for all combinations of busy and idle units.",
        paper="'there exist differentiable saddle points for all combinations'",
        compute=saddle_combinations,
        check=lambda o: 0 < o["saddle"] < o["combinations"],
        tolerance="exact count over the 64 cell patterns x 2 splits (one busy unit) of RANDOM_X, width 2",
        status="erratum",
        reason="Existence is not guaranteed: the construction gives a point only if it lies inside its cells (App. C.2, "
               "which the theorem's statement omits), and where the idle unit's dL/dR vanishes too it gives the "
               "cell's minimum, not a saddle. 'There exist' should read 'any saddle has this form, if one exists'.",
        fmt=lambda o: f"{o['saddle']} of {o['combinations']} (pattern, split) pairs give a saddle; the other "
                      f"{o['combinations'] - o['saddle']} give no genuine point or the cell's minimum",
    ),
    Claim(
        key="liu/eq18-19", chapter=CHAPTER, label="sec-liu-kinks", where="Theorem 3, Eq. 18-19",
        statement="A boundary point is a non-differentiable local minimum iff D R = d is solvable and the strict inequalities (18)-(19) hold.",
        paper="(18) < 0, (19) > 0 with sum_k(I_nk R_k.x_n - y_n)",
        compute=boundary_verdicts,
        check=lambda o: every(o["corrected"], of=o["cases"]) and o["printed"] < o["cases"],
        tolerance="qualitative: verdicts against random-direction probes of the real loss",
        status="erratum",
        reason="Eq. 19 as printed subtracts y_n once per unit (K times); it should be (sum_k I_nk R_k.x_n - y_n). And both inequalities must be weak (<= 0, >= 0): a vanishing one-sided gradient still gives a minimum.",
        fmt=lambda o: f"agreement with probes on {o['cases']} boundary points (K = 2): corrected {o['corrected']}, printed {o['printed']}",
    ),
    Claim(
        key="liu/theorem-3-by-hand", chapter=CHAPTER, label="sec-liu-kinks", where="Theorem 3, Eq. 17-19",
        statement="On App. B's samples with y = (1, -1), w = (1, 0) on x2's hyperplane is a non-differentiable local minimum.",
        paper="conditions (17)-(19)",
        compute=theorem3_by_hand,
        check=lambda o: o["residual"] < 1e-12 and o["corrected"] and not o["printed"] and o["probe"] and o["eq18"] == 0.0,
        tolerance="exact solution of D R = d; verdicts against random-direction probes",
        status="erratum",
        reason="Here (18) holds with equality (g_1 = 0): the strict inequality as printed rejects a genuine minimum.",
        fmt=lambda o: f"R* = ({o['R'][0]:g}, {o['R'][1]:g}), (18) = {o['eq18']:g}, (19) = {o['eq19']:g}; corrected: "
                      f"{o['corrected']}, printed: {o['printed']}, probing: {o['probe']}",
    ),
    Claim(
        key="liu/lemma-2-scope", chapter=CHAPTER, label="sec-liu-kinks", where="Lemma 2, Theorem 3",
        statement="Non-differentiable local minima are characterised by a unit on the hyperplane of one sample.",
        paper="one sample x_n",
        compute=two_hyperplane_kink,
        check=lambda o: not any(o["theorem_3"]) and o["probe"],
        tolerance="qualitative: Theorem 3's verdicts against random-direction probes",
        status="differs",
        reason="Lemma 2 and Theorem 3 assume the unit sits on one sample's hyperplane. On Chapter 1's line w1 = 0 "
               "(f = w2 [w1 x]_+, x = (-2, 2)) the unit is on both samples' hyperplanes: Theorem 3 does not apply "
               "and finds nothing, yet the points with w2 > 0 are local minima.",
        fmt=lambda o: f"Theorem 3 with n = either sample: {o['theorem_3']}; (w1, w2) = (0, 1) a local minimum by probing: {o['probe']}",
    ),
    Claim(
        key="liu/sec73-discrete", chapter=CHAPTER, label="sec-liu-between", where="Sec. 7.3 (last paragraph)",
        statement="On discrete data, wider networks bring more bad local minima.",
        paper="'an increasing probability of existing bad local minima'",
        compute=width_trap_census,
        check=lambda o: (all(o[k]["bad"] < o[k + 1]["bad"] for k in (1, 2, 3))
                         and all(o[k]["trapped"] > o[k + 1]["trapped"] for k in (2, 3))),
        tolerance="exact counts; random starts 20000 per width (seeded)",
        status="differs",
        reason="True of the number of genuine bad minima, which grows with width; the share of them among genuine minima "
               "(Chapter 1's measure) and the probability that a random start's cells hold one both fall.",
        fmt=lambda o: "; ".join(f"K = {k}: {v['bad']} bad, {v['bad_share']:.0%} of genuine, random start trapped {v['trapped']:.0%}"
                                for k, v in o.items()),
    ),
    Claim(
        key="liu/appendix-e1", chapter=CHAPTER, label="sec-liu-rank", where="App. E.1, Fig. A3",
        statement="F is rank-deficient when no sample lies between two same-facing weights, or none on a weight's positive side; F = 0 when none on any.",
        paper="cases a) and b)",
        compute=rank_deficient_cases,
        check=lambda o: [v["rank"] for v in o.values()] == [2, 1, 0] and [v["free"] for v in o.values()] == [[0, 1], [0], [0, 1]],
        tolerance="exact",
        fmt=lambda o: "; ".join(f"{k[:2]} rank {v['rank']} of {len(v['h'])}, free weights {[i + 1 for i in v['free']]}" for k, v in o.items()),
    ),
    Claim(
        key="liu/eq24", chapter=CHAPTER, label="sec-liu-gauss", where="Eq. 23-24",
        statement="For two weights facing apart, the optimal positions have the closed form of Eq. 24.",
        paper="Eq. 24",
        compute=eq24_against_solver,
        check=lambda o: o < 1e-9,
        tolerance="1e-9 against the general solver of Eq. 21-22",
        fmt=lambda o: f"largest difference {below(o, 1e-12)}",
    ),
    Claim(
        key="liu/fig4b", chapter=CHAPTER, label="sec-liu-gauss", where="Fig. 4(b), Eq. 25-26",
        statement="Far from the data the probability of a genuine local minimum approaches 1 (the plateau).",
        paper="P_t -> 1 as x_w1 grows (curve)",
        compute=fig4b_far,
        check=lambda o: o["w1_factor"] > 0.99 and o["P_t"] < 1e-4,
        tolerance="qualitative: at x_w1 = 6, x_w2 = 0",
        status="erratum",
        reason="With x_w2 = 0 fixed, w2's own gap holds a sample with a fixed, sizeable probability, so P_t of Eq. 25-26 stays tiny at every x_w1; the curve that approaches 1 is w1's factor (1 - P(x in g1))^N alone.",
        fmt=lambda o: f"w2's gap mass {o['w2_gap']:.3f}; w1's factor {o['w1_factor']:.3f}; P_t with both gaps {o['P_t']:.1e}",
    ),
    Claim(
        key="liu/fig4c", chapter=CHAPTER, label="sec-liu-gauss", where="Fig. 4(c), Eq. 25-26",
        statement="The probability of a trap over both positions is the tensor product of the two one-weight probabilities.",
        paper="'the tensor product of the two probabilities'",
        compute=fig4c_rules,
        check=lambda o: o < 2e-3,
        tolerance="largest |product - union| on a 121 x 121 grid over [-6, 6]^2 below 2e-3",
        reason="Eq. 26 asks for the union of the gaps, (1 - P_g1 - P_g2)^N for disjoint gaps, not the product "
               "(1 - P_g1)^N (1 - P_g2)^N; the two differ only where both gaps hold mass, where both are tiny.",
        fmt=lambda o: f"largest difference between the product and Eq. 25-26: {below(o, 2e-3)}",
    ),
    Claim(
        key="liu/eq25-monte-carlo", chapter=CHAPTER, label="sec-liu-gauss", where="Eq. 25",
        statement="P_t = (1 - P_g)^N is the probability of getting stuck in a genuine local minimum.",
        paper="P_t = 1 at the loss minimum",
        compute=monte_carlo_at_optimum,
        check=lambda o: o["eq25"] > 0.99 and o["sample"] < 0.5,
        tolerance="qualitative: Monte Carlo, 4000 datasets of N = 100",
        status="differs",
        reason="Eq. 25 measures gaps to the population optimum; a sampled dataset has its own optimum, about 1/sqrt(N) away, and samples fall between. At w1's optimum Eq. 25 gives 1 while the sample optimum stays in its cell only in a minority of datasets (see ours).",
        fmt=lambda o: f"at x_w1 = {o['x_w1']:.3f}: Eq. 25 {o['eq25']:.3f}; Monte Carlo, no sample in population gaps {o['population']:.3f}, sample optimum in cell {o['sample']:.3f}",
    ),
    Claim(
        key="liu/sec72-full-rank", chapter=CHAPTER, label="sec-liu-gauss", where="Sec. 7.2",
        statement="For Gaussian data every region has samples, so F has full rank and Eq. 21 a unique solution.",
        paper="F full rank",
        compute=sample_rank,
        check=lambda o: o > 0,
        tolerance="qualitative: share of 100 seeded datasets of N = 100 with singular F at the Fig. A4 start",
        status="differs",
        reason="True for the population; a finite sample can leave a narrow region (Fig. A4 starts with weights 0.05 apart) without samples, and F is then singular.",
        fmt=lambda o: f"F singular in {o:.0%} of datasets",
    ),
    Claim(
        key="liu/figA4", chapter=CHAPTER, label="sec-liu-gauss", where="Appendix E.3, Fig. A4",
        statement="With four weights the probability of getting trapped is very low.",
        paper="'usually very low'",
        compute=figA4_peak,
        check=lambda o: o < 1e-3,
        tolerance="qualitative: largest P_t (Eq. E.8) over both slices below 1e-3",
        fmt=lambda o: f"largest P_t over both slices {o:.1e}",
    ),
]
