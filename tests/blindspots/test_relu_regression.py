"""Prop. 1-3, Remark 1, Lemma 1-2, Corollary 1 and Theorem 1 of Swirszcz, Czarnecki & Pascanu."""
import numpy as np
import pytest
from numerics import central_gradient

from lossland.blindspots import deep_regression as dr
from lossland.blindspots import relu_regression as rr
from lossland.core import nets
from lossland.core.probes import is_local_minimum

CHECKED = ["prop1_local", "prop1_better", "prop2_global", "prop2_local", "prop3_better", "prop3_local"]
MINIMA = ["prop1_local", "prop2_global", "prop2_local", "prop3_better", "prop3_local"]


def test_datasets_as_printed():
    X, y = rr.dataset("D1")
    assert X[:, 0].tolist() == [5, 4, 3, 1, -1] and y.tolist() == [2, 1, 0, -3, 3]
    assert rr.dataset("D2")[1].tolist() == [5, 0, -1, -3, -4, -5]
    assert rr.dataset("D3")[1].tolist() == [3, 0, -1, -3, -4, -6]
    with pytest.raises(ValueError, match="name"):
        rr.dataset("D4")


def test_loss_is_the_sum_of_eq1():
    arch, theta, X, y = rr.solution("prop1_local")
    assert rr.paper_loss(theta, X, y) == pytest.approx(2 * nets.loss(arch, theta, X, y))
    # App. B.4 term by term: 0 + 0 + 0 + 9 + 9 and 4 + 1 + 0 + 9 + 0
    assert np.allclose((nets.outputs(arch, theta, X) - y) ** 2, [0, 0, 0, 9, 9])
    arch, theta, X, y = rr.solution("prop1_better")
    assert np.allclose((nets.outputs(arch, theta, X) - y) ** 2, [4, 1, 0, 9, 0])


@pytest.mark.parametrize("name", CHECKED)
def test_printed_values_check_out(name):
    arch, theta, X, y = rr.solution(name)
    assert rr.paper_loss(theta, X, y) == pytest.approx(rr.SOLUTIONS[name][5], abs=1e-12)


def test_prop2_erratum_sign_of_w2():
    """As printed (w2 = -1) unit 2 is dead on D2: no perfect fit, 'global' (29) worse than 'local' (23/3)."""
    for printed, _fixed in [("prop2_global_printed", "prop2_global"), ("prop2_local_printed", "prop2_local")]:
        arch, theta, X, y = rr.solution(printed)
        assert not nets.pattern_of(arch, theta, X)[:, 1].any()
        assert rr.paper_loss(theta, X, y) != pytest.approx(rr.SOLUTIONS[printed][5])
        assert not rr.certify(arch, theta, X, y).is_local_minimum
    assert rr.paper_loss(rr.solution("prop2_global_printed")[1], X, y) == pytest.approx(29)
    assert rr.paper_loss(rr.solution("prop2_local_printed")[1], X, y) == pytest.approx(23 / 3)


@pytest.mark.parametrize("name", MINIMA)
def test_case_analysis_certifies_local_minimum(name):
    arch, theta, X, y = rr.solution(name)
    cert = rr.certify(arch, theta, X, y)
    assert cert.is_local_minimum
    assert np.allclose(cert.gradient_norms, 0, atol=1e-10)
    assert np.all(cert.min_hessian_eigenvalues >= -1e-9)


def test_prop1_has_the_two_cases_of_appendix_b4():
    arch, theta, X, y = rr.solution("prop1_local")
    cert = rr.certify(arch, theta, X, y)
    # x_3 = 3 is at the kink: ReLU active or not there; always on x_1, x_2, off on x_4, x_5
    assert sorted(p[:, 0].tolist() for p in cert.patterns) == [[True, True, False, False, False], [True, True, True, False, False]]
    assert np.allclose(cert.lower_bounds, 18)


@pytest.mark.parametrize("name", MINIMA)
def test_random_perturbations_never_lower_the_loss(name):
    arch, theta, X, y = rr.solution(name)
    assert rr.probe(arch, theta, X, y, n_directions=3000)


def test_prop1_is_not_global():
    assert rr.paper_loss(rr.solution("prop1_better")[1], *rr.dataset("D1")) < rr.paper_loss(rr.solution("prop1_local")[1], *rr.dataset("D1"))


def test_certificate_rejects_a_non_minimum():
    arch, theta, X, y = rr.solution("prop1_local")
    moved = theta + 0.3 * np.eye(arch.size)[-1]  # shift c
    assert not rr.certify(arch, moved, X, y).is_local_minimum
    assert not rr.probe(arch, moved, X, y, n_directions=200)


@pytest.mark.parametrize("name", MINIMA)
def test_remark1_non_isolated_rescaling_manifold(name):
    arch, theta, X, y = rr.solution(name)
    L0 = rr.paper_loss(theta, X, y)
    for alpha in (0.5, 0.9, 1.3, 2.0):
        assert rr.paper_loss(rr.rescale(arch, theta, 0, alpha), X, y) == pytest.approx(L0, abs=1e-10)
    d = rr.rescaling_direction(arch, theta, 0)
    assert np.linalg.norm(d) == pytest.approx(1)
    assert abs(d @ rr.rescale(arch, theta, 0, 1.5)) > 0  # a genuine move
    # the Hessian is singular along the manifold
    H = 2 * nets.hessian(arch, theta, X, y)
    assert d @ H @ d == pytest.approx(0, abs=1e-9)
    if name == "prop1_local":
        assert rr.paper_loss(rr.rescale(arch, theta, 0, 3.0), X, y) == pytest.approx(18)


def test_blind_spots():
    arch, theta, X, y = rr.solution("prop2_global")
    assert rr.blind_spots(arch, theta, X).tolist() == [2]  # x_3 = 1: all units off, still a perfect fit
    assert rr.paper_loss(theta, X, y) == 0
    arch, theta, X, y = rr.solution("prop2_local")
    assert rr.blind_spots(arch, theta, X).tolist() == []  # the local one has none (x = 10 sits on a kink)
    assert rr.blind_spots(arch, theta, X, strict=False).tolist() == [3]


def test_prop3_regions():
    X, y = rr.dataset("D3")
    assert rr.region(X).tolist() == ["I"] * 3 + ["II"] * 3
    better, local = rr.solution("prop3_better"), rr.solution("prop3_local")
    assert rr.units_by_region(*better[:3]) == {"I": [0, 1], "II": [2]}
    assert rr.units_by_region(*local[:3]) == {"I": [0], "II": [1, 2]}
    # two units -> perfect fit of a region, one unit -> its least-squares line
    for (arch, theta, X, y), perfect in [(better, "I"), (local, "II")]:
        r = nets.outputs(arch, theta, X) - y
        assert np.allclose(r[rr.region(X) == perfect], 0)
    assert rr.paper_loss(better[1], X, y) < rr.paper_loss(local[1], X, y)


def test_lower_bound_is_least_squares_line():
    X, y = rr.dataset("D3")
    pattern = np.zeros((6, 1), bool)
    pattern[:3] = True
    # region I by a line (2/3) plus region II by the constant c: not below the affine least squares
    assert rr.pattern_lower_bound(X, y, pattern) >= 2 / 3


# --- deep nets: Lemma 1-2, Corollary 1, Theorem 1 ---------------------------------------

def test_deep_gradient_matches_differences():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((7, 2)), rng.standard_normal(7)
    layers = [(rng.standard_normal((4, 2)), rng.standard_normal(4)), (rng.standard_normal((3, 4)), rng.standard_normal(3)),
              (rng.standard_normal((1, 3)), rng.standard_normal(1))]
    theta = dr.flatten(layers)
    g = dr.flatten(dr.deep_gradient(layers, X, y))
    num = central_gradient(lambda t: dr.deep_loss(dr.unflatten(t, layers), X, y), theta)
    assert np.allclose(g, num, atol=1e-5)


@pytest.mark.parametrize("widths,dead", [([3], 1), ([4, 3], 1), ([4, 3], 2), ([3, 3, 2], 2)])
@pytest.mark.parametrize("data", ["D1", "D3"])
def test_dead_layer_is_a_local_minimum_predicting_the_mean(widths, dead, data):
    X, y = rr.dataset(data)
    layers = dr.dead_layer_point(widths, X, y, dead=dead, seed=len(widths) + dead)
    assert dead in dr.dead_layers(layers, X)
    assert np.allclose(dr.deep_forward(layers, X)[0], y.mean())  # Corollary 1
    assert np.allclose(dr.flatten(dr.deep_gradient(layers, X, y)), 0, atol=1e-10)
    theta = dr.flatten(layers)
    loss = lambda T: np.array([dr.deep_loss(dr.unflatten(t, layers), X, y) for t in T])
    assert is_local_minimum(loss, theta, radii=(1e-3, 1e-2), n_directions=300, seed=1, tol=1e-9)
    # Lemma 2: the layers up to the dead one get zero gradient, so training leaves them alone
    for gW, gb in dr.deep_gradient(layers, X, y)[:dead]:
        assert not gW.any() and not gb.any()


def test_theorem1_needs_the_mean_output():
    """A dead layer whose constant output is not the mean is not a minimum (gradient on the output bias)."""
    X, y = rr.dataset("D1")
    layers = dr.dead_layer_point([3], X, y)
    layers[-1] = (layers[-1][0], layers[-1][1] + 1.0)
    assert dr.dead_layers(layers, X) == [1]
    assert abs(dr.deep_gradient(layers, X, y)[-1][1][0]) > 1


def test_decent():
    X, y = rr.dataset("D1")
    assert dr.decent_index(X, y) == 0
    assert dr.decent_index(np.ones((4, 1)), [1, 2, 3, 4]) is None  # Lemma 1: constant input
    with pytest.raises(ValueError, match="decent"):
        dr.theorem1_construction(np.ones((4, 1)), [1, 2, 3, 4], [3])
    with pytest.raises(ValueError, match="3 neurons"):
        dr.theorem1_construction(X, y, [2])


@pytest.mark.parametrize("widths", [[3], [5], [3, 2], [4, 3, 3]])
@pytest.mark.parametrize("data", ["D1", "D2", "D3"])
def test_theorem1_construction_beats_the_dead_layer(widths, data):
    X, y = rr.dataset(data)
    r = dr.decent_index(X, y)
    same = np.all(X == X[r], axis=1)
    nu, mu = y[same].mean(), y[~same].mean()
    layers = dr.theorem1_construction(X, y, widths)
    out = dr.deep_forward(layers, X)[0]
    assert np.allclose(out, np.where(same, nu, mu))
    expected = np.sum((y[~same] - mu) ** 2) + np.sum((y[same] - nu) ** 2)
    assert dr.deep_loss(layers, X, y) == pytest.approx(expected)
    dead = dr.dead_layer_point(widths, X, y)
    assert dr.deep_loss(layers, X, y) < dr.deep_loss(dead, X, y) == pytest.approx(np.sum((y - y.mean()) ** 2))


def test_theorem1_printed_deep_construction_fails_for_negative_means():
    """Erratum in App. B.3: W_n = I, b_n = 0 pass mu < 0 through a ReLU."""
    X, y = rr.dataset("D2")  # nu = 5, mu = -2.6
    one = dr.theorem1_construction(X, y, [3], shift=False)
    assert dr.deep_loss(one, X, y) == pytest.approx(dr.deep_loss(dr.theorem1_construction(X, y, [3]), X, y))
    printed = dr.theorem1_construction(X, y, [3, 2], shift=False)
    fixed = dr.theorem1_construction(X, y, [3, 2])
    assert dr.deep_loss(printed, X, y) > dr.deep_loss(fixed, X, y) + 1
    X1, y1 = rr.dataset("D1")  # nu = 2, mu = 0.25: both positive, the two agree
    assert dr.deep_loss(dr.theorem1_construction(X1, y1, [3, 2], shift=False), X1, y1) == pytest.approx(
        dr.deep_loss(dr.theorem1_construction(X1, y1, [3, 2]), X1, y1))


def test_fig4_draws_three_panels_and_the_printed_prop2():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossland.blindspots import relu_figures as fig

    f = fig.fig4()
    visible = [ax for ax in f.axes if ax.get_visible()]
    assert len(visible) == 4 and [len(ax.lines) for ax in visible] == [3, 3, 4, 3]
    assert "29" in visible[3].get_legend().get_texts()[0].get_text()      # (d): w2 = -1 as printed
    assert f.get_size_inches()[0] <= 9.1                                   # >= 1 CSS px per point at 660 px
    plt.close(f)
    f = fig.fig4(printed=False)
    assert sum(ax.get_visible() for ax in f.axes) == 3
    plt.close(f)
    with pytest.raises(ValueError, match="panel"):
        fig.draw_panel(None, "d")


def test_printed_prop2_points_are_not_minima_and_d3_has_a_perfect_fit():
    for name in ("prop2_global_printed", "prop2_local_printed"):
        arch, theta, X, y = rr.solution(name)
        assert not rr.certify(arch, theta, X, y).is_local_minimum
        assert not rr.probe(arch, theta, X, y, n_directions=200)
    arch, theta, X, y = rr.solution("prop3_perfect")
    assert rr.paper_loss(theta, X, y) < 1e-20                                # both Prop. 3 minima are bad
    assert len(rr.blind_spots(arch, theta, X)) == 0
