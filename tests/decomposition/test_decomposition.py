"""The decomposition paper's claims, tested on instances."""
import numpy as np
import pytest

from lossland.core import nets
from lossland.core.data import bumpy_1d, three_points, two_points_1d
from lossland.core.inregion import descend_in_region, saddle_in_region
from lossland.core.probes import is_local_minimum
from lossland.core.regions import activation_regions
from lossland.core.subglobal import solve_regions
from lossland.decomposition.constructions import (
    FIG2, add_dead_unit, fig2_loss, linear_region_parameters, linear_regression, minima_by_width, poor_share,
)


def test_fig2_minima_on_the_kink_line_are_exactly_those_with_positive_w2():
    X, y = two_points_1d()
    loss = lambda theta: nets.loss(FIG2, theta, X, y)
    for w2 in (0.3, 1.0, 2.5):
        assert is_local_minimum(loss, [0.0, w2])
    for w2 in (-1.0, -0.2, 0.0):
        assert not is_local_minimum(loss, [0.0, w2])
    # Every point of the line has the same loss, above the global minimum.
    assert np.allclose(fig2_loss(0.0, np.linspace(-3, 3, 7), X, y), 0.5 * np.sum(y**2))
    grid = fig2_loss(*np.meshgrid(np.linspace(-3, 3, 301), np.linspace(-3, 3, 301)), X, y)
    assert grid.min() < 0.5 * np.sum(y**2) - 1


def test_fig2_certificate_the_loss_is_at_least_5_on_the_half_plane_w2_positive():
    """The chapter's exact argument: on each side of the kink the loss is a square that only grows with |w1|."""
    X, y = two_points_1d()
    on_line = 0.5 * np.sum(y**2)
    W1, W2 = np.meshgrid(np.linspace(-3, 3, 241), np.linspace(1e-3, 3, 241))
    assert fig2_loss(W1, W2, X, y).min() >= on_line - 1e-12
    # the two smooth pieces, written independently of the network code
    right = 0.5 * (2 * W1 * W2 - y[1]) ** 2 + 0.5 * y[0] ** 2
    left = 0.5 * (-2 * W1 * W2 - y[0]) ** 2 + 0.5 * y[1] ** 2
    assert np.allclose(fig2_loss(W1, W2, X, y), np.where(W1 >= 0, right, left))


def test_linear_region_point_is_linear_regression_and_a_local_minimum():
    """Sec. 3.1 and Eq. (5): all units active, outputs = least squares, gradient 0, Hessian PSD."""
    X, y = bumpy_1d()
    u, d, lin_loss = linear_regression(X, y)
    arch, theta = linear_region_parameters(X, y, width=4, seed=1)
    W, v, b, c = arch.unpack(theta)
    assert np.all(X @ W.T + b >= 1 - 1e-12)
    assert np.allclose(nets.outputs(arch, theta, X), X @ u + d)
    assert np.isclose(nets.loss(arch, theta, X, y), lin_loss)
    assert np.linalg.norm(nets.gradient(arch, theta, X, y)) < 1e-9
    assert np.linalg.eigvalsh(nets.hessian(arch, theta, X, y)).min() > -1e-9


def test_adding_a_dead_unit_keeps_the_function_and_the_minimum():
    """Sec. 3.2: a unit inactive on all data changes nothing; the minimum stays a minimum."""
    X, y = bumpy_1d()
    arch, theta = linear_region_parameters(X, y, width=2)
    wider, widened = add_dead_unit(arch, theta, X, v_new=1.0, margin=1.0)
    assert wider.width == 3
    assert np.allclose(nets.outputs(wider, widened, X), nets.outputs(arch, theta, X))
    W, v, b, c = wider.unpack(widened)
    assert np.all(X @ W[-1] + b[-1] <= -1 + 1e-12)
    loss = lambda t: nets.loss(wider, t, X, y)
    assert is_local_minimum(loss, widened)


def test_the_papers_bias_for_the_new_unit_leaves_a_point_on_the_kink():
    """b = -max_i w.x_i (margin 0): one point sits on the kink, and with v != 0 the loss can drop."""
    X, y = bumpy_1d()
    arch, theta = linear_region_parameters(X, y, width=2)
    outcomes = []
    for v_new in (1.0, -1.0, 0.0):
        wider, widened = add_dead_unit(arch, theta, X, v_new=v_new, margin=0.0)
        W, v, b, c = wider.unpack(widened)
        assert np.isclose(np.max(X @ W[-1] + b[-1]), 0.0)
        outcomes.append(is_local_minimum(lambda t: nets.loss(wider, t, X, y), widened))
    assert not all(outcomes[:2])
    # A zero output weight does not rescue it: raise b by s and set v = -sign(r) s, a drop of |r| s^2.
    assert not outcomes[2]


def test_dead_unit_without_bias_needs_data_on_one_side():
    X = np.array([[1.0], [-1.0]])
    with pytest.raises(ValueError, match="bias"):
        add_dead_unit(nets.Architecture(1, 1), np.zeros(2), X)


@pytest.mark.parametrize("r", [0, 7, 21, 35])
@pytest.mark.slow
def test_descent_inside_a_region_reaches_its_convex_minimum_or_leaves(r):
    """Theorem 2.5 on instances: no run settles inside a region above its subglobal minimum."""
    X, y = three_points()
    regions = activation_regions(X, 2)
    run = descend_in_region(X, y, regions, r, count=20, steps=4000, learning_rate=0.02, seed=r)
    assert np.allclose(run.final_loss[run.converged], run.subglobal_loss, atol=1e-6)
    assert np.all(run.converged <= run.stayed)


@pytest.mark.slow
def test_critical_points_in_a_region_are_its_minimum_or_saddles():
    """Theorem 2.5 (3): a non-global critical point has a negative Hessian eigenvalue."""
    X, y = three_points()
    regions = activation_regions(X, 2, bias=True)
    arch = nets.Architecture(2, 2, bias=True)
    subglobal = solve_regions(X, y, regions.patterns, bias=True).loss
    saddles = 0
    for r in range(len(regions)):
        theta = saddle_in_region(X, y, regions, r)
        if theta is None:
            continue
        assert np.linalg.norm(nets.gradient(arch, theta, X, y)) < 1e-8
        assert np.array_equal(nets.pattern_of(arch, theta, X), regions.patterns[r])
        if nets.loss(arch, theta, X, y) > subglobal[r] + 1e-8:
            assert np.linalg.eigvalsh(nets.hessian(arch, theta, X, y)).min() < -1e-6
            saddles += 1
    assert saddles > 0


@pytest.mark.slow
def test_share_of_poor_minima_falls_as_the_network_widens():
    X, y = three_points()
    shares = [poor_share(m) for m in minima_by_width(X, y, [1, 2, 3, 4]).values()]
    assert all(a > b for a, b in zip(shares, shares[1:]))


@pytest.mark.slow
def test_width_census_counts_regions_up_to_permutation():
    from lossland.decomposition.claims import width_census
    census = width_census()
    assert [census[h]["regions_unordered"] for h in (1, 2, 3, 4)] == [6, 21, 56, 126]  # multisets of 6 cells
    assert census[4]["genuine_unordered"] == 118 and census[4]["genuine"] == 1232
    shares = [census[h]["poor_unordered"] for h in (1, 2, 3, 4)]
    assert all(a > b for a, b in zip(shares, shares[1:]))


def test_width_census_orderings_count_the_permutations_of_each_multiset_of_cells():
    """An unordered region (a multiset of h cells) stands for h! / prod(multiplicity!) ordered ones."""
    from math import factorial, prod

    from lossland.decomposition.claims import fig3_minima, width_census
    census = width_census()
    for h, m in fig3_minima().items():
        c = census[h]
        _, first = np.unique(np.sort(m.regions.members, axis=1), axis=0, return_index=True)
        best = m.loss[m.genuine].min()
        orderings = {"perfect": [], "poor": []}
        for r in first[m.genuine[first]]:
            multiplicities = np.unique(m.regions.members[r], return_counts=True)[1]
            kind = "poor" if m.loss[r] > best + 1e-9 else "perfect"
            orderings[kind].append(factorial(h) // prod(factorial(k) for k in multiplicities))
        assert c["poor_count"] == sum(orderings["poor"]) and c["poor_count_unordered"] == len(orderings["poor"])
        assert c["genuine"] - c["poor_count"] == sum(orderings["perfect"])
        assert c["orderings_perfect"] == pytest.approx(np.mean(orderings["perfect"]))
        if orderings["poor"]:
            assert c["orderings_poor"] == pytest.approx(np.mean(orderings["poor"]))


@pytest.mark.slow
def test_theorem_2_5_runs_count_every_run_once_for_the_chapter_and_the_ledger():
    from lossland.decomposition.claims import CLAIMS, theorem_2_5_runs

    runs = theorem_2_5_runs()
    assert runs is theorem_2_5_runs()  # computed once per kernel: the chapter and its ledger row share it
    assert runs["runs"] == 8 * runs["regions"] == 288
    assert runs["left"] + runs["converged"] <= runs["runs"] and runs["reached"] <= runs["converged"]
    claim = next(c for c in CLAIMS if c.compute is theorem_2_5_runs)
    assert claim.check(runs)
