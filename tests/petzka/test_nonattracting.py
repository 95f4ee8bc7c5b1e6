"""Tests of lossland.petzka.toy_surface, infinity and wide_path (Petzka & Sminchisescu 2021, Def. 1, Thm. 4, Thm. 5)."""
import numpy as np
import pytest
from numerics import central_gradient

from lossland.petzka import infinity as ti
from lossland.petzka import toy_surface as ts
from lossland.petzka import wide_path as wp


# ---------------------------------------------------------------- Definition 1 / Fig. 1
def test_toy_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    for kind in ts.TOY_KINDS:
        x, y = rng.normal(size=2)
        fd = central_gradient(lambda point: ts.toy_loss(*point, kind), [x, y])
        np.testing.assert_allclose(ts.toy_gradient(x, y, kind), fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("y0", [-0.9, 0.0, 0.5])
def test_escape_path_is_non_increasing_and_ends_below_region(y0):
    path = ts.escape_path(y0)
    assert path.non_increasing
    np.testing.assert_allclose(path.loss[: path.corner + 1], 0.0)  # leg 1 stays at c = 0
    assert path.loss[-1] < 0.0
    np.testing.assert_allclose(path.points[0], [0.0, y0])


def test_attracting_counterpart_never_goes_below_region():
    path = ts.escape_path(0.5, kind="attracting")
    assert not path.non_increasing  # the same path climbs
    grid = np.linspace(-3, 3, 61)
    assert ts.toy_loss(grid[:, None], grid[None, :], "attracting").min() >= 0.0


def test_gradient_descent_stuck_on_nonattracting_region_but_attracted_on_counterpart():
    starts = [[0.2, 0.5], [-0.1, -0.3], [0.1, 1.05]]
    non = ts.toy_descent(starts, "nonattracting")
    # inside |y| < 1 gradient descent ends on R near its start, although an escape path exists
    assert np.all(np.abs(non.final[:2, 0]) < 1e-8) and np.all(np.abs(non.final[:2, 1]) < 1)
    assert list(non.escaped) == [False, False, True]  # every neighbourhood of R holds escaping starts
    att = ts.toy_descent(starts, "attracting")
    assert not att.escaped.any() and np.all(np.abs(att.final[:, 0]) < 1e-8)
    assert np.all(np.diff(att.loss, axis=0) <= 1e-15)


def test_outcome_map_shapes():
    final_y, escaped = ts.outcome_map(np.linspace(-0.3, 0.3, 4), np.linspace(-1.2, 1.2, 5), steps=50)
    assert final_y.shape == escaped.shape == (5, 4)
    assert escaped[0].any() and not escaped[2].any()


def test_toy_rejects_bad_input():
    with pytest.raises(ValueError, match="kind"):
        ts.toy_loss(0.0, 0.0, "saddle")
    with pytest.raises(ValueError, match="y0"):
        ts.escape_path(1.0)
    with pytest.raises(ValueError, match="y_exit"):
        ts.escape_path(0.0, y_exit=0.9)
    with pytest.raises(ValueError, match="x_end"):
        ts.escape_path(0.0, x_end=0.0)
    with pytest.raises(ValueError, match="NaN"):
        ts.toy_loss(np.nan, 0.0)
    with pytest.raises(TypeError):
        ts.toy_loss("a", 0.0)
    with pytest.raises(ValueError, match="shape"):
        ts.toy_descent(np.zeros((3, 3)))
    with pytest.raises(ValueError):
        ts.toy_descent([[0.1, 0.2]], lr=-1.0)


# ---------------------------------------------------------------- Theorem 4 / App. A.2
from lossland.core import sigmoid_nets as sn  # noqa: E402 (the section of Theorem 4 imports what it tests)


@pytest.fixture(scope="module")
def infinity():
    inst = ti.theorem4_instance()
    return inst, ti.descend_to_infinity(inst, lr=0.05, steps=20000)


@pytest.mark.slow
def test_theorem4_instance_meets_the_sign_conditions_of_A2(infinity):
    inst, _ = infinity
    v = inst.arch.unpack(inst.theta0)[0][1][0]
    assert np.isclose(v.sum(), inst.c)  # sum_i v_i = c: optimal constant at u_{i,0} = inf
    assert np.all(v * inst.phi < 0)  # then (*) > 0
    assert np.isclose(inst.limit_loss, np.sum((inst.y - inst.y.mean()) ** 2))


@pytest.mark.slow
def test_loss_near_infinity_exceeds_the_limit(infinity):
    """A local minimum at infinity: large biases and a neighbourhood of (u, v) all cost more than L_inf."""
    inst, _ = infinity
    rng = np.random.default_rng(1)
    thetas = inst.theta0 + 0.05 * rng.normal(size=(500, inst.arch.size)) * inst.free
    biases = rng.uniform(8.0, 14.0, size=(500, 2))
    thetas[:, 2:4] = biases  # layout (W^1, b^1, W^2, b^2) with d = 1
    np.testing.assert_allclose(inst.hidden_bias(thetas[0]), biases[0])
    assert np.all(sn.loss_batch(inst.arch, thetas, inst.X, inst.y) > inst.limit_loss)


def test_gradient_descent_diverges_at_suboptimal_loss(infinity):
    inst, run = infinity
    assert np.all(np.diff(run.hidden_bias, axis=0) > 0)  # both biases grow at every record
    assert np.all(run.hidden_bias[-1] > inst.hidden_bias(inst.theta0) + 4)
    assert run.norm[-1] > run.norm[0]
    assert np.all(np.diff(run.loss) < 0) and np.all(run.loss > inst.limit_loss)
    assert run.loss[-1] - inst.limit_loss < 5e-3 * inst.limit_loss
    better = sn.loss(inst.arch, ti.fitted_step(inst), inst.X, inst.y)
    assert better < 0.5 * inst.limit_loss  # the minimum at infinity is suboptimal


@pytest.mark.slow
def test_small_output_weights_drift_off_the_minimum_at_infinity():
    """With |v| ~ 1 the flat drift along sum v = c flips the sign of v_> and the run escapes."""
    inst = ti.theorem4_instance(spread=1.0)
    run = ti.descend_to_infinity(inst, lr=0.05, steps=20000)
    assert run.loss[-1] < 0.5 * inst.limit_loss


def test_theorem4_rejects_bad_input():
    with pytest.raises(ValueError, match="condition"):
        ti.theorem4_instance([[0.0], [1.0], [2.0]], [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="length"):
        ti.theorem4_instance([[0.0], [1.0]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        ti.theorem4_instance(bias0=-1.0)
    with pytest.raises(TypeError):
        ti.descend_to_infinity("instance")
    with pytest.raises(TypeError):
        ti.descend_to_infinity(ti.theorem4_instance(), steps=2.5)


# ---------------------------------------------------------------- Theorem 5 / Lemmas 16-20
@pytest.mark.parametrize("kw, wide", [(dict(), 1), (dict(N=3, sizes=(1, 3, 3, 3, 1)), 1),
                                      (dict(N=6, sizes=(2, 8, 4, 1), seed=3), 1), (dict(N=5, sizes=(1, 2, 6, 6, 1)), 2)])
@pytest.mark.slow
def test_theorem5_path_is_non_increasing_and_reaches_zero(kw, wide):
    arch, theta, X, y = wp.theorem5_instance(wide_layer=wide, **kw)
    path = wp.theorem5_path(arch, theta, X, y, wide_layer=wide)
    assert path.non_increasing
    np.testing.assert_allclose(path.loss, path.planned, rtol=1e-6, atol=1e-6 * path.loss[0])  # output = z + t (y - z)
    assert path.loss[-1] < 1e-9 * path.loss[0]  # a global minimum, f(x_a) = y_a
    assert path.moved < 1e-3
    # layers up to l* never move; the path is continuous (steps shrink when t is refined)
    n_fixed = sum(n * (m + 1) for m, n in zip(arch.sizes[:wide], arch.sizes[1 : wide + 1]))
    assert np.all(path.thetas[:, :n_fixed] == path.thetas[0, :n_fixed])
    finer = wp.theorem5_path(arch, theta, X, y, wide_layer=wide, n_t=201)
    steps = lambda p: np.linalg.norm(np.diff(p.thetas, axis=0), axis=1).max()
    assert steps(finer) < 0.7 * steps(path)


def test_lemma16_perturbation_restores_rank():
    arch, theta, X, y = wp.theorem5_instance()
    W, b = arch.unpack(theta)
    W[0][:] = 0.0  # every wide neuron sees the same value on every sample: rank a^{l*} = 1
    bad = arch.pack(W, b)
    assert not wp.lemma16_conditions(arch, bad, X, 1)
    good = wp.lemma16_perturb(arch, bad, X, 1, eps=1e-3)
    assert wp.lemma16_conditions(arch, good, X, 1) and np.linalg.norm(good - bad) < 1e-3
    path = wp.theorem5_path(arch, bad, X, y)
    assert path.non_increasing and path.loss[-1] < 1e-9 * path.loss[0]


def test_theorem5_rejects_bad_input():
    with pytest.raises(ValueError, match="extremely wide"):
        wp.theorem5_instance(N=6, sizes=(2, 5, 3, 1))
    with pytest.raises(ValueError, match="not increase"):
        wp.theorem5_instance(N=4, sizes=(2, 5, 3, 4, 1))
    with pytest.raises(ValueError, match="hidden layer"):
        wp.theorem5_instance(wide_layer=4)
    with pytest.raises(TypeError):
        wp.theorem5_instance(wide_layer=1.0)
    arch, theta, X, y = wp.theorem5_instance()
    with pytest.raises(ValueError, match="bias"):
        wp.theorem5_path(sn.Architecture((2, 5, 3, 2, 1)), np.zeros(sn.Architecture((2, 5, 3, 2, 1)).size), X, y)
    with pytest.raises(ValueError):
        wp.theorem5_path(arch, theta[:-1], X, y)
    with pytest.raises(ValueError):
        wp.theorem5_path(arch, theta, X, y, n_t=1)
    with pytest.raises(TypeError):
        wp.theorem5_path("arch", theta, X, y)


# ---------------------------------------------------------------- figures and explorer (drawing only)
@pytest.mark.slow
def test_figures_and_explorer_draw(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossland.petzka import nonattracting_figures as fn

    fig = fn.fig1()
    assert len(fig.axes) == 3  # two surfaces and a colour bar
    plt.close(fig)
    for make in (fn.fig1_descent, lambda: fn.fig_theorem4(steps=2000), fn.fig_theorem5):
        plt.close(make())
    fig = fn.path_frame(0.0)
    assert fn.path_frame(0.5, fig=fig) is fig  # updated in place
    assert fn.path_frame(0.5, kind="attracting", fig=fig) is fig
    from lossland.book.widgets import png

    for position in (0.2, 0.6, 0.9):  # speed is measured by scripts/petzka/bench_petzka.py, not here
        assert png(fn.path_frame(position, fig=fig), close=False).startswith(b"\x89PNG")
    plt.close(fig)
    with pytest.raises(ValueError, match="y0"):
        fn.path_explorer(y0=1.5)
    monkeypatch.setenv("LOSSLAND_STATIC", "1")
    scrub = fn.path_explorer(positions=np.array([0.0, 0.5, 1.0]))
    assert len(scrub.frames) == 3 and "position along the path" in scrub._repr_html_()


def test_printed_output_path_loss_is_squared_not_linear():
    """Erratum: Sec. 6 / App. A.4 print (1 - t)||y - z||^2; the loss of z + t (y - z) is (1 - t)^2 ||y - z||^2."""
    arch, theta, X, y = wp.theorem5_instance()
    path = wp.theorem5_path(arch, theta, X, y, n_t=3)
    assert path.loss[1] == pytest.approx(0.25 * path.loss[0], rel=1e-9)
    assert path.loss[1] != pytest.approx(0.5 * path.loss[0], rel=1e-3)


# ---------------------------------------------------------------- Theorem 4: the expansion in p
def test_theorem4_expansion_first_order_term_dominates_as_p_shrinks():
    instance = ti.theorem4_instance()
    ps = np.geomspace(1e-7, 1e-3, 5)
    out = ti.theorem4_expansion(instance, ps)
    assert out["kappa"] > 0 and np.all(out["v"] * out["phi"] < 0)       # the sign conditions of App. A.2
    assert np.all(out["excess"] > 0)                                       # above the limit: a minimum at infinity
    error = np.abs(out["excess"] / out["linear"] - 1)
    assert np.all(np.diff(error) > 0) and error[0] < 1e-5                  # O(p) relative error
    np.testing.assert_allclose(error / ps, error[0] / ps[0], rtol=0.05)


def test_theorem4_expansion_with_a_sign_condition_broken_dips_below_the_limit():
    instance = ti.theorem4_instance()
    weights, biases = instance.arch.unpack(instance.theta0)
    swapped = instance.arch.pack([weights[0], weights[1][:, ::-1]], biases)  # v_i phi_i > 0 for both neurons
    out = ti.theorem4_expansion(instance, [1e-6, 1e-4], swapped)
    assert out["kappa"] < 0 and np.all(out["excess"] < 0)


def test_theorem4_expansion_checks_its_inputs():
    instance = ti.theorem4_instance()
    with pytest.raises(ValueError, match="ps"):
        ti.theorem4_expansion(instance, [0.0, 0.1])
    with pytest.raises(ValueError, match="sum"):
        ti.theorem4_expansion(instance, [0.1], instance.theta0 + 1.0)
