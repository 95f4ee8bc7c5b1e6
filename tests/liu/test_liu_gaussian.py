"""Liu paper, Sec. 7 and App. E: parallel weights and Gaussian data, tested on instances."""
import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numerics import central_gradient
from scipy.integrate import quad
from scipy.optimize import brentq, minimize
from scipy.stats import norm, truncnorm

from lossland.liu import gaussian as g

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from lossland.liu import gaussian_figures as figures

DENSITY = {1: lambda x: norm.pdf(x - 1.0), -1: lambda x: norm.pdf(x + 1.0)}


# ------------------------------------------------------------ population quantities
@pytest.mark.parametrize("a, b", [(-np.inf, 0.0), (0.3, 2.0), (-4.0, -1.5), (2.5, np.inf), (5.0, 7.0)])
@pytest.mark.parametrize("label", [1, -1])
def test_region_probability_and_mean_match_numerical_integration(a, b, label):
    mass = quad(DENSITY[label], a, b, epsabs=1e-14)[0]
    moment = quad(lambda x: x * DENSITY[label](x), a, b, epsabs=1e-14)[0]
    assert g.region_probability(a, b, label) == pytest.approx(mass, rel=1e-7, abs=1e-14)
    assert g.region_mean(a, b, label) == pytest.approx(moment / mass, rel=1e-6)
    mu = g.CLASS_MEANS[label]
    assert g.region_mean(a, b, label) == pytest.approx(truncnorm.mean(a - mu, b - mu, loc=mu), rel=1e-9)


def test_region_quantities_match_a_large_seeded_sample():
    x, y = g.sample_data(400_000, seed=3)
    for a, b in [(-np.inf, -0.5), (-0.5, 0.7), (0.7, np.inf)]:
        for label in (1, -1):
            inside = (y == label) & (x > a) & (x <= b)
            share = inside.sum() / (y == label).sum()
            assert g.region_probability(a, b, label) == pytest.approx(share, abs=4e-3)
            assert g.region_mean(a, b, label) == pytest.approx(x[inside].mean(), abs=1e-2)


def test_region_mean_is_nan_without_mass():
    assert np.isnan(g.region_mean(50.0, 60.0, 1))
    assert g.region_probability(2.0, 1.0, -1) == 0.0


# -------------------------------------------------------------- Eq. (20)-(22)
def summed_loss(x, y, h, normals, pattern_at):
    return len(x) * g.parallel_loss(x, y, h, normals, pattern_at=pattern_at)


@settings(max_examples=25, deadline=None)
@given(
    k=st.integers(1, 4),
    seed=st.integers(0, 10_000),
)
def test_eq22_is_half_the_gradient_of_eq20(k, seed):
    """Eq. (22) as printed: dL/dh = 2 (F h - f) for the summed loss of Eq. (20)."""
    rng = np.random.default_rng(seed)
    x, y = g.sample_data(60, seed)
    normals = rng.choice([-1.0, 1.0], size=k)
    h0 = rng.uniform(-2, 2, size=k)
    F, f = g.normal_equations(x, y, h0, normals)
    probe = h0 + rng.normal(size=k)  # any point: the loss is quadratic once the pattern is fixed
    gradient = central_gradient(lambda point: summed_loss(x, y, point, normals, h0), probe, step=1e-5)
    np.testing.assert_allclose(gradient, 2 * (F @ probe - f), atol=1e-5)
    np.testing.assert_allclose(F, F.T)


@pytest.mark.parametrize("normals, h0", [((1, -1), (0.4, -0.2)), ((1, 1, -1), (0.5, -0.3, 0.1)), ((1, 1, -1, -1), (0.9, 0.3, -0.2, -0.8))])
def test_sample_optimum_minimises_eq20_with_the_pattern_fixed(normals, h0):
    x, y = g.sample_data(100, seed=11)
    h_star = g.optimal_positions(x, y, h0, normals)
    direct = minimize(lambda h: g.parallel_loss(x, y, h, normals, pattern_at=h0), np.asarray(h0, float), method="BFGS", options={"gtol": 1e-10})
    np.testing.assert_allclose(h_star, direct.x, atol=1e-5)
    F, f = g.normal_equations(x, y, h0, normals)  # region-by-region form of Eq. (22)
    np.testing.assert_allclose(h_star, np.linalg.solve(F, f), atol=1e-10)


def test_rank_deficient_case_a_still_reaches_the_minimum_loss():
    """App. E.1 case a: no sample between two weights facing the same way, equal rows of F."""
    x, y = g.sample_data(100, seed=11)
    h0 = np.array(g.FIGA4_START)
    F, _ = g.normal_equations(x, y, h0, g.FIGA4_NORMALS)
    assert np.linalg.matrix_rank(F) < 4
    h_star = g.optimal_positions(x, y, h0, g.FIGA4_NORMALS)
    direct = minimize(lambda h: g.parallel_loss(x, y, h, g.FIGA4_NORMALS, pattern_at=h0), h0, method="BFGS")
    loss = g.parallel_loss(x, y, h_star, g.FIGA4_NORMALS, pattern_at=h0)
    assert loss == pytest.approx(direct.fun, abs=1e-9)


def test_free_weight_without_active_samples_stays_put():
    """App. E.1 case b: no sample on the active side, the row of F is zero, the weight is free."""
    x, y = g.sample_data(100, seed=0)
    h0 = np.array([x.max() + 1.0, -0.3])
    h_star = g.optimal_positions(x, y, h0, (1, -1))
    assert h_star[0] == pytest.approx(h0[0])


def test_many_datasets_solved_at_once_match_one_by_one():
    x, y = g.sample_data(100, seed=5, datasets=6)
    h0, normals = (0.2, 0.1, -0.4), (1, -1, -1)
    batch = g.optimal_positions(x, y, h0, normals)
    for row in range(6):
        np.testing.assert_allclose(batch[row], g.optimal_positions(x[row], y[row], h0, normals), atol=1e-12)


@pytest.mark.parametrize("normals, h0", [((1, -1), (1.5, 0.0)), ((1, 1, -1, -1), g.FIGA4_START), ((-1, 1, 1), (0.8, -0.5, 1.2))])
@pytest.mark.slow
def test_population_equations_are_the_large_sample_limit(normals, h0):
    """Eq. (E.4)-(E.5) are Eq. (22) divided by N/2 as N grows."""
    x, y = g.sample_data(400_000, seed=7)
    F, f = g.normal_equations(x, y, h0, normals)
    F_pop, f_pop = g.population_normal_equations(np.asarray(h0, float), normals)
    np.testing.assert_allclose(F / (len(x) / 2), F_pop, atol=1e-2)  # sampling error about 0.003
    np.testing.assert_allclose(f / (len(x) / 2), f_pop, atol=3e-2)  # sampling error about 0.006
    # and the population optimum minimises a huge sample's fixed-pattern loss
    direct = minimize(lambda h: g.parallel_loss(x, y, h, normals, pattern_at=h0), np.asarray(h0, float))
    np.testing.assert_allclose(g.population_optimal_positions(np.asarray(h0, float), normals), direct.x, atol=2e-2)


def test_eq24_agrees_with_the_general_solver():
    x_w1 = np.linspace(-1.0, 6.0, 15)
    x_w2 = np.linspace(-3.0, -1.0, 15)
    h1, h2 = g.two_weight_optimum(x_w1, x_w2)
    general = g.population_optimal_positions(np.stack([x_w1, x_w2], -1), g.FIG4_NORMALS)
    np.testing.assert_allclose(general, np.stack([h1, h2], -1), atol=1e-9)


def test_eq24_is_refused_when_the_active_sides_overlap():
    with pytest.raises(ValueError, match="x_w1 >= x_w2"):
        g.two_weight_optimum(0.0, 1.0)


# ------------------------------------------------------------ gaps and P_t
def test_union_of_gaps_matches_brute_force_integration():
    h = np.array([0.1, 0.05, 0.0, -0.05])
    h_star = np.array([0.9, -0.6, 0.4, -1.2])  # overlapping gaps
    grid = np.linspace(-3, 3, 600_001)
    low, high = np.minimum(h, h_star), np.maximum(h, h_star)
    covered = ((grid[:, None] > low) & (grid[:, None] < high)).any(axis=1)
    mixture = 0.5 * (norm.pdf(grid - 1) + norm.pdf(grid + 1))
    brute = np.sum(covered * mixture) * (grid[1] - grid[0])
    assert g.gap_probability(h, h_star, "union") == pytest.approx(brute, abs=1e-5)
    single = g.gap_probabilities(h, h_star)
    assert g.gap_probability(h, h_star, "max") == pytest.approx(single.max())
    assert single.max() <= brute <= single.sum()  # Eq. (E.8): max is a lower bound of the union


@pytest.mark.slow
def test_trap_probability_is_the_chance_of_empty_population_gaps():
    """Eq. (25) with the union rule, against counting seeded datasets."""
    for h in ([4.0, -4.0], [0.73, -0.73], [1.2, -0.9]):
        result = g.monte_carlo_trap(np.array(h), g.FIG4_NORMALS, datasets=20_000, seed=1)
        analytic = g.trap_probability(np.array(h), g.FIG4_NORMALS)
        assert abs(result["population"] - analytic) < 4 * result["stderr"][1] + 1e-3


def test_fig4c_product_map_is_a_tensor_product_of_one_factor_per_weight():
    x_w1 = np.linspace(0.0, 6.0, 25)
    x_w2 = np.linspace(-6.0, 0.0, 19)
    factor = g.fig4b_trap(x_w1)
    mirrored = g.fig4b_trap(-x_w2)  # the setting is symmetric under x -> -x, y -> -y
    np.testing.assert_allclose(g.fig4c_trap_map(x_w1, x_w2), np.outer(mirrored, factor), rtol=1e-9, atol=1e-300)
    union = g.fig4c_trap_map(x_w1, x_w2, rule="union")
    assert np.all(union <= g.fig4c_trap_map(x_w1, x_w2) * (1 + 1e-12))


def test_fig4b_peaks_at_the_population_fixed_point_and_on_the_plateau():
    fixed = brentq(lambda t: g.two_weight_optimum(t, -5.0)[0] - t, 0.0, 3.0)
    assert g.fig4b_trap([fixed])[0] == pytest.approx(1.0, abs=1e-9)
    curve = g.fig4b_trap(np.linspace(0, 6, 61))
    assert curve[-1] > 0.99 and curve[10:30].max() < 0.5  # plateau far out, traps rare over the data
    with_w2 = g.trap_probability(np.array([fixed, 0.0]), g.FIG4_NORMALS)
    assert with_w2 < 1e-4  # the fixed w2 = 0 gap alone: Fig. 4(b) cannot include it


def test_fig4a_loss_is_flat_beyond_the_data():
    x, _ = g.sample_data(100, seed=0)
    grid = np.linspace(0, 6, 121)
    loss = g.fig4a_loss(grid)
    beyond = grid > x.max()
    assert np.ptp(loss[beyond]) == 0.0 and loss[~beyond].min() < loss[beyond][0]


def test_figA4_moves_the_right_weights():
    shift = np.array([0.0, 1.0])
    np.testing.assert_allclose(g.figA4_positions(shift)[1], [1.1, 0.05, 0.0, -0.05])
    np.testing.assert_allclose(g.figA4_positions(shift, "all")[1], np.add(g.FIGA4_START, 1.0))
    assert g.figA4_trap(np.linspace(-2, 4, 13)).shape == (13,)


# ------------------------------------------------------------ beyond the paper
def test_monte_carlo_is_deterministic_and_independent_of_chunking():
    first = g.monte_carlo_trap([3.0, -3.0], g.FIG4_NORMALS, datasets=300, seed=4, chunk=7)
    second = g.monte_carlo_trap([3.0, -3.0], g.FIG4_NORMALS, datasets=300, seed=4)
    assert first == second


@pytest.mark.slow
def test_sample_optimum_rarely_stays_in_the_cell_of_the_population_fixed_point():
    """Where Eq. (25) predicts a near-certain trap, the sample optimum mostly leaves the cell."""
    fixed = brentq(lambda t: g.two_weight_optimum(t, -5.0)[0] - t, 0.0, 3.0)
    h = np.array([fixed, -fixed])
    result = g.monte_carlo_trap(h, g.FIG4_NORMALS, datasets=4000, seed=2)
    assert g.trap_probability(h, g.FIG4_NORMALS) > 0.95
    assert result["sample"] < 0.3


# ------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: g.trap_probability([0.0, 0.0], [1, 0]), ValueError, "normals"),
        (lambda: g.trap_probability([0.0, 0.0, 1.0], [1, -1]), ValueError, "last axis"),
        (lambda: g.trap_probability([0.0, np.nan], [1, -1]), ValueError, "NaN"),
        (lambda: g.trap_probability([0.0, 1.0], [1, -1], n=0), ValueError, "n must be positive"),
        (lambda: g.trap_probability([0.0, 1.0], [1, -1], rule="sum"), ValueError, "rule"),
        (lambda: g.trap_probability("ab", [1, -1]), TypeError, "h"),
        (lambda: g.region_probability(0, 1, 0), ValueError, "label"),
        (lambda: g.sample_data(10, seed=-1), TypeError, "seed"),
        (lambda: g.sample_data(10, datasets=0), ValueError, "datasets"),
        (lambda: g.parallel_loss([], [], [0.0], [1]), ValueError, "empty"),
        (lambda: g.parallel_loss([1.0, 2.0], [1.0], [0.0], [1]), ValueError, "length"),
        (lambda: g.optimal_positions([1.0, 2.0], [1.0], [0.0], [1]), ValueError, "equal shape"),
        (lambda: g.figA4_positions([0.0], move="lowest"), ValueError, "move"),
        (lambda: g.monte_carlo_trap([[0.0, 1.0]], [1, -1]), ValueError, "one configuration"),
    ],
)
def test_bad_input_is_rejected_with_a_named_argument(call, error, words):
    with pytest.raises(error, match=words):
        call()


@pytest.mark.slow
def test_figures_draw_labelled_panels():
    for fig, panels in ((figures.fig4(), 4), (figures.figA4(), 2)):
        axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
        assert len(axes) == panels and all(ax.get_xlabel() and ax.get_ylabel() for ax in axes)
        plt.close(fig)


@pytest.mark.slow
def test_fig4_grids_reach_the_peak():
    """With peak given, panel (b) is drawn through w1's own optimum, where its factor is 1."""
    from lossland.liu.claims import optimum_position

    peak = optimum_position()
    fig = figures.fig4(peak=peak)
    x, factor = fig.axes[1].lines[0].get_data()
    assert peak in x and factor.max() > 0.999
    plt.close(fig)


@pytest.mark.slow
def test_figures_fit_the_text_column():
    """Figure standard: at most 9.1 in wide (660 px at >= 1 CSS px per point)."""
    from lossland.liu import figures as example_figures

    for fig in (figures.fig4(), figures.figA4(), figures.gap_frame(2.0, 0.0), example_figures.fig2()):
        assert fig.get_size_inches()[0] <= 9.1
        plt.close(fig)


def test_fig3b_numbers_the_regions_as_eq23_does():
    """Eq. 23: Omega_1 is w1's active side (right of x_w1), Omega_3 is w2's (left of x_w2)."""
    fig = figures.fig3(x_w1=2.5, x_w2=-1.0)
    labels = {text.get_text().split("\n")[0]: (text.get_position()[0], text.get_text().split("\n")[1])
              for text in fig.axes[1].texts if "Omega" in text.get_text()}
    assert labels["$\\Omega_1$"][1] == "$w_1$" and labels["$\\Omega_1$"][0] > 2.5
    assert labels["$\\Omega_3$"][1] == "$w_2$" and labels["$\\Omega_3$"][0] < -1.0
    assert labels["$\\Omega_2$"][1] == "none"
    plt.close(fig)
