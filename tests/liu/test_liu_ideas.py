"""The proof steps Chapter 2 teaches, on instances: Lemma 1's free move, Theorem 3 by hand, App. E.1, Sec. 7.3."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import norm

from lossland.core import nets
from lossland.core.data import three_points
from lossland.core.all_regions import subglobal_minima
from lossland.core.genuine import genuineness
from lossland.liu import gaussian as lg
from lossland.liu import gaussian_figures as gf
from lossland.liu.boundary import boundary_minimum, boundary_system
from lossland.liu.claims import (
    RANDOM_X, RANDOM_Y, ZERO_Z_PATTERN, ZERO_Z_X, ZERO_Z_Y, lemma1_instances, saddle_combinations, theorem3_by_hand,
    theorem_1_runs, two_hyperplane_kink,
)
from lossland.liu.criteria import liu_saddle
from lossland.liu.discrete import rank_deficient_cases, trap_census
from lossland.liu.example import EXAMPLE_X
from lossland.liu.lemma1 import lemma1_step
from lossland.core.regions import activation_regions


def _theorem2_saddle():
    for pattern in activation_regions(RANDOM_X, 2).patterns:
        theta = liu_saddle(RANDOM_X, RANDOM_Y, pattern, busy=[0])
        if theta is not None:
            residual = nets.outputs(nets.Architecture(2, 2), theta, RANDOM_X) - RANDOM_Y
            if np.linalg.norm((residual * pattern[:, 1]) @ RANDOM_X) > 1e-9:
                return theta
    raise AssertionError("no saddle")


@pytest.mark.slow
def test_lemma1_gradient_matches_chain_rule():
    """g_j and dL/dz_j from lemma1_step agree with 2/N times Chapter 1's gradient (independent code)."""
    theta = _theorem2_saddle()
    step = lemma1_step(RANDOM_X, RANDOM_Y, theta, 1)
    arch = nets.Architecture(2, 2)
    grad = 2.0 / len(RANDOM_X) * nets.gradient(arch, theta, RANDOM_X, RANDOM_Y)
    assert np.isclose(step["dz"], grad[-1], atol=1e-12)
    assert np.linalg.norm(grad) < 1e-9  # a stationary point of the network ...
    assert np.linalg.norm(step["g"]) > 0.1  # ... whose silent unit has g_2 != 0


@pytest.mark.parametrize("radius", [0.01, 0.1, 0.5])
@pytest.mark.slow
def test_lemma1_move_is_free_and_then_descends(radius):
    theta = _theorem2_saddle()
    step = lemma1_step(RANDOM_X, RANDOM_Y, theta, 1, radius=radius)
    assert step["loss_moved"] == pytest.approx(step["loss"], abs=1e-14)
    assert step["dz_moved"] == pytest.approx(-radius * np.linalg.norm(step["g"]), rel=1e-9)
    assert step["loss_z_step"] < step["loss"]


def test_lemma1_at_a_genuine_minimum_g_vanishes_for_every_direction():
    theta = genuineness(ZERO_Z_X, ZERO_Z_Y, ZERO_Z_PATTERN).theta
    for u in ([1.0, 0.0], [0.0, 1.0], [1.0, -3.0]):
        step = lemma1_step(ZERO_Z_X, ZERO_Z_Y, theta, 1, direction=u, radius=0.01)
        assert abs(step["dz_moved"]) < 1e-12 and np.linalg.norm(step["g"]) < 1e-12


@pytest.mark.slow
def test_lemma1_refuses_a_unit_with_nonzero_z():
    theta = _theorem2_saddle()
    with pytest.raises(ValueError, match="z_j = 0"):
        lemma1_step(RANDOM_X, RANDOM_Y, theta, 0)


@pytest.mark.slow
def test_lemma1_instances_claim():
    out = lemma1_instances()
    assert out["saddle"]["loss_z_step"] < out["saddle"]["loss"] - 1e-6


def test_theorem3_by_hand_matches_the_hand_computation():
    """D and d written out by hand in the chapter (App. B samples, y = (1, -1), m = 1, n = 2)."""
    D, d = boundary_system(EXAMPLE_X, np.array([1.0, -1.0]), np.array([[1], [0]]), 0, 1)
    np.testing.assert_array_equal(D, [[-1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    np.testing.assert_array_equal(d, [-1.0, 0.0, 0.0])
    out = theorem3_by_hand()
    np.testing.assert_allclose(out["R"], [1.0, 0.0], atol=1e-12)
    assert out["eq18"] == 0.0 and out["eq19"] == 1.0 and out["corrected"] and not out["printed"] and out["probe"]
    assert out["loss"] == pytest.approx(0.5)


@pytest.mark.parametrize("y2", [-2.0, -0.3, 0.0, 0.4, 1.5])
def test_kink_rule_of_the_exercise(y2):
    """g_1 = 0 and g_2 = -y2 x_2: a minimum exactly for y2 <= 0 (Lemma 2 with weak inequalities)."""
    verdict = boundary_minimum(EXAMPLE_X, np.array([1.0, y2]), np.array([[1], [0]]), 0, 1)
    assert (verdict.theta is not None) == (y2 <= 0)


def test_two_hyperplane_point_is_a_minimum_theorem_3_misses():
    out = two_hyperplane_kink()
    assert out["probe"] and not any(out["theorem_3"])


def test_saddle_combinations_add_up():
    out = saddle_combinations()
    assert out["combinations"] == 2 * len(activation_regions(RANDOM_X, 2))
    assert out["saddle"] + out["no_point"] + out["minimum"] == out["combinations"]
    assert 0 < out["saddle"] < out["combinations"]


@pytest.mark.slow
def test_theorem_1_runs_account_for_every_run():
    runs = theorem_1_runs()
    assert runs["left"] + runs["converged"] + runs["unsettled"] == runs["runs"] == 6 * runs["cells"]


def test_rank_deficient_cases():
    cases = list(rank_deficient_cases().values())
    a, b, c = cases
    np.testing.assert_array_equal(a["F"][0], a["F"][1])  # equal rows: no sample between w1 and w2
    assert not b["F"][0].any() and not c["F"].any()
    for case in cases:  # the free weights leave F h unchanged: F (I - F^+ F) = 0
        free = np.eye(len(case["h"])) - np.linalg.pinv(case["F"]) @ case["F"]
        np.testing.assert_allclose(case["F"] @ free, 0.0, atol=1e-12)


def test_trap_census_against_an_independent_count():
    """Bad minima and poor share from subglobal_minima directly; trapped starts by Monte Carlo on the same seed."""
    X, y = three_points()
    census = trap_census(X, y, (1, 2), starts=4000)
    for K in (1, 2):
        m = subglobal_minima(X, y, K)
        best = m.loss[m.genuine].min()
        bad = m.genuine & (m.loss > best + 1e-9)
        assert census[K]["bad"] == bad.sum() and census[K]["genuine"] == m.genuine.sum()
        assert census[K]["bad_share"] == pytest.approx(bad.sum() / m.genuine.sum())
        assert 0 <= census[K]["trapped"] <= census[K]["trapped_any"] <= 1


def test_trap_census_one_unit_trapped_share_is_the_cone_measure():
    """K = 1, no bias: a standard normal w lands in a cone with probability angle / (2 pi)."""
    X, y = three_points()
    census = trap_census(X, y, (1,), starts=20000, seed=3)[1]
    m = subglobal_minima(X, y, 1)
    best = m.loss[m.genuine].min()
    angles = np.sort(np.mod(np.arctan2(X[:, 1], X[:, 0]) + np.pi / 2, 2 * np.pi))  # hyperplane normals' lines
    lines = np.sort(np.concatenate([angles, np.mod(angles + np.pi, 2 * np.pi)]))
    widths = np.diff(np.append(lines, lines[0] + 2 * np.pi))
    mids = lines + widths / 2
    exact = 0.0
    for mid, width in zip(mids, widths):
        pattern = (X @ np.array([np.cos(mid), np.sin(mid)]) > 0)
        r = next(i for i, p in enumerate(m.regions.patterns) if np.array_equal(p[:, 0], pattern))
        exact += width / (2 * np.pi) * (m.genuine[r] and m.loss[r] > best + 1e-9)
    assert census["trapped"] == pytest.approx(exact, abs=4 * np.sqrt(0.25 / 20000))


@pytest.mark.parametrize("x_w1", [-1.0, 0.5, 2.0, 3.5])
def test_region_moments_by_quadrature(x_w1):
    """E.9-E.10 against numerical integration of the class +1 density."""
    mass = quad(lambda x: norm.pdf(x - 1.0), x_w1, np.inf)[0]
    moment = quad(lambda x: x * norm.pdf(x - 1.0), x_w1, np.inf)[0]
    assert lg.region_probability(x_w1, np.inf, 1) == pytest.approx(mass, rel=1e-8)
    assert lg.region_mean(x_w1, np.inf, 1) == pytest.approx(moment / mass, rel=1e-7)
    assert lg.region_mean(x_w1, np.inf, 1) > x_w1


@pytest.mark.slow
def test_fig3_draws_both_panels_and_fig4_inset_holds_the_peak():
    import matplotlib

    matplotlib.use("Agg")
    fig = gf.fig3()
    assert len(fig.axes) == 2
    from lossland.liu.claims import optimum_position

    fig4 = gf.fig4(peak=optimum_position())
    inset = fig4.axes[2].child_axes[0]
    values = inset.collections[0].get_array()
    assert values.max() > 0.5  # the peak, a few pixels wide on the full map, fills the inset
    with pytest.raises(ValueError, match="x_w1 must be >= x_w2"):
        gf.fig3(x_w1=-1.0, x_w2=1.0)


def test_figA3_draws_one_row_per_case_with_every_weight():
    import matplotlib

    matplotlib.use("Agg")
    cases = rank_deficient_cases()
    fig = gf.figA3(cases)
    assert len(fig.axes) == len(cases)
    for ax, case in zip(fig.axes, cases.values()):
        positions = sorted(line.get_xdata()[0] for line in ax.get_lines() if len(line.get_xdata()) == 2
                           and line.get_xdata()[0] == line.get_xdata()[1])
        np.testing.assert_allclose(positions, np.sort(case["h"]))
