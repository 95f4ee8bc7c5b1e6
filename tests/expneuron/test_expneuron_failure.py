"""Kawaguchi & Kaelbling, Sec. 5-6 and App. E: the failure mode of the added neuron, on instances."""
import numpy as np
import pytest
from numerics import central_gradient
from scipy.optimize import minimize_scalar

from lossland.core.probes import is_local_minimum
from lossland.expneuron import failure as ef

INSTANCES = {"Fig. 1 (cubic hinge)": ef.example1(), "Fig. 4 (squared)": ef.example1_squared()}
CASES = pytest.mark.parametrize("inst", list(INSTANCES.values()), ids=list(INSTANCES))


def central(fun, x):
    """The derivative of an elementwise ``fun`` at each entry of ``x``: the gradient of the sum of its values."""
    return central_gradient(lambda s: np.sum(fun(s)), x)


# ------------------------------------------------------------ exact derivatives
def test_model_derivative_matches_finite_differences():
    t = np.linspace(-0.2, 1.2, 57)
    assert np.allclose(ef.model_derivative(t), central(ef.model, t), atol=1e-6)


def test_model_agrees_with_the_objective_module():
    from lossland.expneuron.models import example1_f

    t = np.linspace(0.0, 1.0, 11)
    assert np.allclose(np.asarray(example1_f(t), dtype=float).ravel(), ef.model(t))


@CASES
@pytest.mark.parametrize("lam", [0.3, 1.0])
def test_modified_gradient_matches_finite_differences(inst, lam):
    rng = np.random.default_rng(0)
    t, a, b = rng.uniform(0, 1, 20), rng.uniform(-1, 1, 20), rng.uniform(-1, 2, 20)
    gt, ga, gb = ef.modified_gradient(t, a, b, inst, lam)
    L = lambda t_, a_, b_: ef.modified_loss(t_, a_, b_, inst, lam)
    assert np.allclose(gt, central(lambda s: L(s, a, b), t), rtol=1e-5, atol=1e-5)
    assert np.allclose(ga, central(lambda s: L(t, s, b), a), rtol=1e-5, atol=1e-5)
    assert np.allclose(gb, central(lambda s: L(t, a, s), b), rtol=1e-5, atol=1e-5)


@CASES
def test_closed_form_reduced_loss_matches_a_numerical_one_dimensional_minimisation(inst):
    for t in (0.1, 0.2, 0.5, 0.79, 0.9):
        for b in (-2.0, 0.0, 1.5, 4.0):
            res = minimize_scalar(lambda a: ef.modified_loss(t, a, b, inst, 0.7), bounds=(-20, 20), method="bounded",
                                  options=dict(xatol=1e-12))
            assert ef.reduced_loss(t, b, inst, 0.7) <= res.fun + 1e-9
            assert ef.reduced_loss(t, b, inst, 0.7) == pytest.approx(res.fun, rel=1e-6, abs=1e-10)


@CASES
def test_reduced_gradient_is_the_envelope_gradient(inst):
    T, B = np.meshgrid(np.linspace(0.05, 0.95, 9), np.linspace(-2, 4, 7))
    gt, gb = ef.reduced_gradient(T, B, inst, 1.0)
    R = lambda t, b: ef.reduced_loss(t, b, inst, 1.0)
    assert np.allclose(gt, central(lambda s: R(s, B), T), rtol=1e-5, atol=1e-6)
    assert np.allclose(gb, central(lambda s: R(T, s), B), rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------ Fig. 1a / Fig. 4a
# Checks that follow from Example 1 as printed (f written out again here, not lossland's):
# the root finder (brentq, xtol 1e-15) must leave a sign change of f' (or of f - target) within
# DELTA = 1e-11 of each reported point; there |f'|, |f''| are of order 0.1-50, so the function
# moves by >= 1e-12 across DELTA, far above its float64 rounding (~1e-15). The paper locates the
# minima only "near theta = 0.2" and "near 0.8" (one decimal), i.e. to within 0.05.
DELTA = 1e-11


def paper_f(t):
    return 5 * (-0.3 * np.exp(-16 * (t - 0.2) ** 2) - 0.7 * np.exp(-32 * (t - 0.8) ** 2) + 0.5)


def paper_df(t):
    return 5 * (0.3 * 32 * (t - 0.2) * np.exp(-16 * (t - 0.2) ** 2) + 0.7 * 64 * (t - 0.8) * np.exp(-32 * (t - 0.8) ** 2))


def changes_sign(g, x, rising):
    lo, hi = g(x - DELTA), g(x + DELTA)
    return lo < 0 < hi if rising else lo > 0 > hi


@CASES
def test_bad_minimum_is_where_f_prime_vanishes_near_0_2(inst):
    m = ef.locate_minima(inst)
    assert abs(m.bad_theta - 0.2) < 0.05  # "near theta = 0.2" (Fig. 1 caption)
    assert changes_sign(paper_df, m.bad_theta, rising=True)  # f' - to +: a minimum of f, so of L (l' != 0 there)
    f = paper_f(m.bad_theta)
    value = max(0.0, 1.0 + f) ** 3 if inst.loss == "cubic_hinge" else (f - paper_f(0.8)) ** 2
    assert m.bad_value == pytest.approx(value, rel=1e-12)
    assert m.bad_value <= ef.original_loss(0.2, inst)  # a minimum of L near 0.2


def test_global_set_of_example1_is_where_f_crosses_minus_one():
    """Cubic hinge, y = -1: L = max(0, 1 + f)^3 is 0 exactly where f <= -1, an interval near 0.8."""
    m = ef.locate_minima(ef.example1())
    lo, hi = m.global_set
    assert 0.75 < lo < hi < 0.85  # "global minimum near theta = 0.8"
    assert changes_sign(lambda t: paper_f(t) + 1.0, lo, rising=False)
    assert changes_sign(lambda t: paper_f(t) + 1.0, hi, rising=True)
    assert np.all(paper_f(np.linspace(lo + DELTA, hi - DELTA, 101)) < -1.0)
    assert lo < m.global_theta < hi and m.global_value == 0.0


def test_global_minimum_of_appendix_e_is_theta_0_8():
    """Squared loss, y = f(0.8): 0.8 is a simple root of f - y (f'(0.8) = 0.09), and there is a second one below it."""
    inst = ef.example1_squared()
    m = ef.locate_minima(inst)
    assert m.global_theta == pytest.approx(0.8, abs=1e-12) and m.global_value < 1e-25
    lo = m.global_set[0]
    assert 0.75 < lo < 0.8 - 1e-6
    assert changes_sign(lambda t: paper_f(t) - inst.y, lo, rising=False)
    assert m.bad_theta == pytest.approx(ef.locate_minima(ef.example1()).bad_theta, abs=1e-13)  # a root of f' alone


@CASES
def test_bad_minimum_is_a_strict_local_minimum_of_L(inst):
    m = ef.locate_minima(inst)
    around = ef.original_loss(m.bad_theta + np.array([-1e-3, -1e-5, 1e-5, 1e-3]), inst)
    assert np.all(around > m.bad_value) and m.bad_value > m.global_value + 3


# ------------------------------------------------------------ Fig. 1c / Fig. 4c: gradient descent on the full L~
@CASES
@pytest.mark.slow
def test_descent_from_near_the_bad_minimum_keeps_theta_and_sends_b_up_and_a_to_zero(inst):
    star = ef.locate_minima(inst).bad_theta
    tr = ef.descend(np.array([0.15, 0.25]), inst, lam=1.0, lr=2e-3, steps=4000)
    assert np.all(np.abs(tr.theta[-1] - star) < 1e-6)
    assert np.all(np.diff(tr.b, axis=0) >= 0) and np.all(tr.b[-1] > 2.0)
    peak = np.argmax(np.abs(tr.a), axis=0)
    for k in range(2):
        assert np.all(np.diff(np.abs(tr.a[peak[k]:, k])) <= 0)  # after its peak |a| only shrinks
    assert np.all(np.abs(tr.a[-1]) < 0.5 * np.abs(tr.a).max(axis=0))
    assert np.all(tr.modified[-1] < 0.1) and np.all(tr.loss[-1] == pytest.approx(ef.locate_minima(inst).bad_value, rel=1e-6))
    assert np.all(np.diff(tr.modified[100:], axis=0) <= 1e-12)


# ------------------------------------------------------------ Theorem 4
@CASES
def test_theorem4_no_local_minimum_in_a_b_at_the_bad_theta(inst):
    c = ef.theorem4_check(inst)
    assert np.all(np.diff(c["inf_over_a"]) < 0)  # the infimum over a falls strictly with b ...
    assert np.all(c["db_reduced"] < 0)  # ... with no stationary point in b
    assert c["inf_over_a"][-1] < 1e-9 < c["inf_over_a"][-1] * 1e10  # approaches 0 = min L, never reaches it
    assert c["max_abs_dtheta"] < 1e-9 * c["max_abs_dtheta_nearby"]  # dL~/dtheta = 0 for all (a, b, W)


@CASES
def test_at_the_bad_theta_every_a_equal_zero_point_can_be_improved(inst):
    star = ef.locate_minima(inst).bad_theta
    fun = lambda p: ef.modified_loss(star, p[:, 0], p[:, 1], inst, 1.0)
    for b in (-1.0, 0.0, 3.0):
        assert not is_local_minimum(fun, [0.0, b], n_directions=200)


# ------------------------------------------------------------ Examples 3-7
EPS = np.array([0.5, 0.2, 0.1, 0.05, 0.02, 0.01])


@pytest.mark.parametrize("example", [3, 4, 7])
def test_printed_sequences_reach_the_paper_limits(example):
    r = ef.analytical_sequence(example, EPS, lam=1.0)
    assert np.allclose(r.value, r.exact, atol=1e-12)
    assert r.value[-1] == pytest.approx(r.paper_limit, abs=1e-12)
    assert np.all(np.diff(r.value) <= 0)


def test_examples_3_and_4_printed_closed_forms_are_right():
    for example in (3, 4):
        r = ef.analytical_sequence(example, EPS, lam=2.0)
        assert np.allclose(r.value, r.printed, rtol=1e-12, atol=1e-300)


def test_example6_printed_sign_sends_the_sequence_to_64_not_0():
    printed = ef.analytical_sequence(6, EPS, lam=1.0, construction="printed")
    fixed = ef.analytical_sequence(6, EPS, lam=1.0, construction="corrected")
    assert printed.value[-1] == pytest.approx(64.0) and printed.paper_limit == 0.0  # erratum: a = -2e^{-1/eps}
    assert fixed.value[-1] == pytest.approx(0.0, abs=1e-80)
    assert np.allclose(fixed.value, 4 * np.exp(-2 / EPS), rtol=1e-12)  # 4 lam e^{-2/eps}, printed lam e^{-2/eps}
    assert np.allclose(fixed.value, 4 * fixed.printed, rtol=1e-12)


def test_example7_regulariser_term_is_four_lambda_not_lambda():
    r = ef.analytical_sequence(7, EPS, lam=1.0)
    assert np.allclose(r.value - r.printed, 3 * np.exp(-2 / EPS), rtol=1e-9, atol=1e-14)
    assert r.value[0] - r.printed[0] > 0.05  # visible at eps = 0.5; the limit 8 is unaffected


def test_printed_two_sample_sequence_sends_b_to_plus_infinity_only_when_the_inputs_allow_it():
    """Examples 4 and 7 print b -> infinity; the construction keeps a e^{w.x1 + b} = c exactly and gives
    b = (1 + (x2 - x1).x1)/eps, so the sign of 1 + (x2 - x1).x1 decides; ||w|| = ||x2 - x1||/eps always grows."""
    from lossland.expneuron.claims import COUNTER_X1, COUNTER_X2, printed_b

    for x1, x2 in ((ef.X1, ef.X2), (COUNTER_X1, COUNTER_X2)):
        w, b = ef.printed_w_b(EPS, x1, x2)
        np.testing.assert_allclose(w @ x1 + b, 1 / EPS, rtol=1e-12)  # the neuron's value at x1 is c
        np.testing.assert_allclose(b, (1 + (x2 - x1) @ x1) / EPS, rtol=1e-12)
        np.testing.assert_allclose(np.linalg.norm(w, axis=1), np.linalg.norm(x2 - x1) / EPS, rtol=1e-12)
    out = printed_b()
    assert out["book"]["inner"] > -1 and np.all(np.diff(out["book"]["b"]) > 0)
    assert out["counter"]["inner"] < -1 and np.all(np.diff(out["counter"]["b"]) < 0) and out["counter"]["b"][0] < 0
    # the sequence still reaches the limit with the counterexample's inputs: only the direction of b differs
    lam, c = 1.0, 1.0
    w, b = ef.printed_w_b(EPS, COUNTER_X1, COUNTER_X2)
    params = np.column_stack([c * np.exp(-1 / EPS), b, w])
    value = ef.two_sample_objective(params, (0.0, 0.0), (1.0, -1.0), (COUNTER_X1, COUNTER_X2), lam, "squared")
    d = float(np.sum((COUNTER_X2 - COUNTER_X1) ** 2))
    np.testing.assert_allclose(value, (np.exp(-d / EPS) + 1) ** 2 + lam * np.exp(-2 / EPS), rtol=1e-12)


def test_example5_a_zero_is_a_genuine_local_minimum_but_not_in_example4():
    x, w = ef.X1, np.array([0.2, -0.4])
    same = lambda p: ef.two_sample_objective(p, (0.0, 0.0), (1.0, -1.0), (x, x), 1.0, "squared")
    distinct = lambda p: ef.two_sample_objective(p, (0.0, 0.0), (1.0, -1.0), (ef.X1, ef.X2), 1.0, "squared")
    point = np.concatenate([[0.0, 0.3], w])
    assert same(point[None])[0] == pytest.approx(2.0)
    assert is_local_minimum(same, point, n_directions=500)
    assert not is_local_minimum(distinct, point, n_directions=500)


# ------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: ef.FailureInstance("hinge", -1.0), ValueError, "loss"),
        (lambda: ef.FailureInstance("cubic_hinge", 0.5), ValueError, "y must be -1 or"),
        (lambda: ef.FailureInstance("squared", "1"), TypeError, "y must be"),
        (lambda: ef.modified_loss(0.2, 0.0, 0.0, ef.example1(), lam=-1.0), ValueError, "lam"),
        (lambda: ef.reduced_loss(0.2, 0.0, "example1"), TypeError, "instance"),
        (lambda: ef.descend(0.2, ef.example1(), steps=0), ValueError, "steps"),
        (lambda: ef.descend(0.2, ef.example1(), lr=0.0), ValueError, "lr"),
        (lambda: ef.descend(np.nan, ef.example1()), ValueError, "theta0"),
        (lambda: ef.analytical_sequence(5, EPS), ValueError, "example"),
        (lambda: ef.analytical_sequence(3, [0.0, 0.1]), ValueError, "eps"),
        (lambda: ef.analytical_sequence(3, EPS, construction="fixed"), ValueError, "construction"),
        (lambda: ef.theorem4_check(ef.example1(), b_values=[]), ValueError, "b_values"),
    ],
)
def test_bad_input_is_rejected_with_a_message_naming_the_argument(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ------------------------------------------------------------ figures and explorer (drawing only)
@pytest.mark.slow
def test_figures_and_explorer_draw(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossland.expneuron import figures as fx

    for make in (fx.fig1, fx.fig4):
        fig = make(steps=300)
        assert len(fig.axes) == 5  # the paper's three panels, our panel (d) and a colour bar
        assert fig.get_figwidth() <= 9.1  # legible in the 660 px text column
        plt.close(fig)
    plt.close(fx.fig_norms(steps=300))
    fig = fx.failure_frame(theta0=0.2, steps=200)
    assert fx.failure_frame(theta0=0.7, lam=0.3, steps=200, loss="squared", fig=fig) is fig  # updated in place
    plt.close(fig)
    with pytest.raises(ValueError, match="loss"):
        fx.failure_frame(loss="hinge")
    monkeypatch.setenv("LOSSLAND_STATIC", "1")
    scrub = fx.failure_explorer(starts=np.array([0.2, 0.7]))
    assert len(scrub.frames) == 2 and "start θ" in scrub._repr_html_()


# ------------------------------------------------------------ how fast b runs away (the text after Fig. 1)
@pytest.mark.slow
def test_fixed_steps_stall_b_for_the_squared_loss_but_not_for_the_cubic_hinge():
    from lossland.expneuron.claims import b_growth

    growth = b_growth()
    stall = growth["stall"]
    assert growth["squared"]["b"][-1] == pytest.approx(stall, abs=0.05)  # e^{2b} ~ 1/lr - lambda
    assert growth["cubic_hinge"]["b"][-1] > stall + 0.2  # passes it and keeps growing
    for name in ("cubic_hinge", "squared"):  # the gradient-flow estimate 1/2 ln(4 lam r^2 lr n), late in the run
        assert growth[name]["flow"][-1] > growth[name]["b"][-1] - 0.1
    assert growth["cubic_hinge"]["flow"][-1] == pytest.approx(growth["cubic_hinge"]["b"][-1], abs=0.1)


@pytest.mark.slow
def test_every_figure_fits_the_text_column(monkeypatch):
    """At most 9.1 in wide: >= 1 CSS px per point in the 660 px column at any dpi >= 72."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossland.expneuron import figures as fx
    from lossland.expneuron.trials import TrialsResult

    rng = np.random.default_rng(0)
    result = TrialsResult({v: rng.uniform(0, 2, 10) for v in ("original", "eliminated", "detector")},
                          np.zeros(10, dtype=int), {}, {})
    for fig in (fx.fig1(steps=50), fx.fig4(steps=50), fx.fig_norms(steps=50), fx.failure_frame(steps=50),
                fx.fig3_histograms(result)):
        assert fig.get_figwidth() <= 9.1
        plt.close(fig)


@pytest.mark.slow
def test_a_larger_lambda_speeds_up_the_escape_as_the_estimate_says():
    """Try next of the chapter: b grows by about ln(10)/2 more when lambda is 10 times larger."""
    ends = [float(ef.descend(0.25, ef.example1(), lam=lam, lr=2e-3, steps=1500).b[-1]) for lam in (1.0, 10.0)]
    assert ends[1] - ends[0] == pytest.approx(0.5 * np.log(10.0), abs=0.15)
