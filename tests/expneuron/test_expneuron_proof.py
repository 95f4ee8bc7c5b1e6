"""The proof devices of Theorems 1-3 and Example 2 (lossland.expneuron.proof), tested on instances.

References are independent of the module: central differences of L~, hand-derived moments of the
three-point instance, convexity of the loss, and the Vandermonde argument redone on its own.
"""
import numpy as np
import pytest
from numerics import central_gradient

from lossland.expneuron import losses as el
from lossland.expneuron import models as em
from lossland.expneuron import objective as en
from lossland.expneuron import theorem1 as th1
from lossland.expneuron import proof as pr

RNG = np.random.default_rng(7)
X5 = RNG.standard_normal((5, 2))
CASES = {
    "squared-linear": (em.LinearModel(2, 3), el.SquaredLoss(), RNG.standard_normal((5, 3))),
    "xent-tanh": (em.TanhNetwork(2, 3, 3), el.CrossEntropyLoss(), np.eye(3)[RNG.integers(0, 3, 5)]),
    "hinge-tanh": (em.TanhNetwork(2, 2, 1), el.SmoothedHingeLoss(3), np.sign(RNG.standard_normal((5, 1)))),
}
STEEP_STEP = np.array([10.0, 10.0, 0.5, 0.0])  # f = 0.5 tanh(10(x + 1)): outputs about (0, 1/2, 1/2), L about 1/6


def three_point_start():
    problem = pr.three_point_instance()
    return problem, problem.pack(pr.THREE_POINT_THETA, [0.0], [0.0], [[0.0]])


@pytest.mark.parametrize("name", CASES)
def test_rescaling_identity_holds_and_is_the_derivative_along_the_rescaling(name):
    model, loss, Y = CASES[name]
    problem = en.Problem(model, loss, X5, Y, lam=0.3)
    for seed in range(3):
        params = 0.5 * np.random.default_rng(seed).standard_normal(problem.size)
        sides = pr.rescaling_identity(problem, params)
        assert np.allclose(sides["lhs"], sides["rhs"], rtol=1e-10, atol=1e-12)
        # independent: d/d delta L~(e^{-delta} a, b + delta) at 0 is -sum_k 2 lam a_k^2 (central difference)
        slope = central_gradient(lambda delta: problem.modified_loss(problem.rescale(params, delta)), 0.0, step=1e-5)
        assert slope == pytest.approx(-np.sum(sides["rhs"]), rel=1e-6, abs=1e-9)


def test_three_point_instance_is_a_suboptimal_stationary_point():
    problem, _ = three_point_start()
    theta = pr.THREE_POINT_THETA
    assert np.allclose(problem.original_gradient(theta), 0, atol=1e-15)
    assert problem.original_loss(theta) == pytest.approx(2 / 9)  # residuals 1/3, -2/3, 1/3
    assert problem.original_loss(STEEP_STEP) < problem.original_loss(theta) - 0.05  # about 1/6


def test_moments_of_the_three_point_instance_by_hand():
    problem, params = three_point_start()
    z = pr.exponential_moments(problem, params, [1.0], 3)[:, 0]
    # r = 2(f - y) = (2/3, -4/3, 2/3) at x = (-1, 0, 1), e^{wx + b} = 1: z_t = mean(r x^t)
    assert z[0] == pytest.approx(0, abs=1e-15) and z[1] == pytest.approx(0, abs=1e-15)
    assert z[2] == pytest.approx((2 / 3 + 2 / 3) / 3) and z[3] == pytest.approx(0, abs=1e-15)


def test_switch_on_lowers_the_loss_where_a_moment_is_nonzero():
    problem, params = three_point_start()
    result = pr.switch_on(problem, params, [1.0], eps=0.1, step=1e-3, degree=12)
    assert result.slope[0] == pytest.approx(result.series[0], rel=1e-10)
    # the slope by central differences in a at the moved point
    moved = problem.pack(pr.THREE_POINT_THETA, [0.0], [0.0], [[0.1]])
    e_a = np.eye(problem.size)[problem.model.size]
    numeric = central_gradient(lambda a: problem.modified_loss(moved + a * e_a), 0.0)
    assert result.slope[0] == pytest.approx(numeric, rel=1e-6)
    assert result.L_tilde < result.L == pytest.approx(2 / 9)
    assert problem.unpack(result.params)[1][0] < 0  # against a positive slope


def test_at_a_fit_that_is_optimal_sample_by_sample_nothing_switches_on():
    X = np.array([[0.0, 1.0], [1.0, -1.0], [2.0, 0.5]])
    Y = X @ np.array([[0.5], [-1.0]]) + 0.3  # realisable by the linear model
    problem = en.Problem(em.LinearModel(2), el.SquaredLoss(), X, Y, lam=0.1)
    theta, _ = th1.global_minimum_least_squares(problem)
    params = problem.pack(theta, [0.0], [0.2], [[0.1], [-0.3]])
    result = pr.switch_on(problem, params, [0.7, -0.2], eps=0.2)
    assert np.allclose(result.moments, 0, atol=1e-12) and abs(result.slope[0]) < 1e-12
    assert result.L_tilde >= result.L


def test_interpolation_step_matches_convexity_and_the_moments():
    problem, params = three_point_start()
    out = pr.interpolation_step(problem, params, STEEP_STEP, [1.0])
    assert out["via_moments"] == pytest.approx(out["linear"], rel=1e-10)
    assert out["bound"] <= out["L_prime"] + 1e-12  # convexity of the squared loss
    # independent: the coefficients reproduce the change of outputs (e^{wx + b} = 1 here)
    s = problem.X[:, 0]
    delta = problem.model.outputs(STEEP_STEP, problem.X)[:, 0] - 1 / 3
    assert np.allclose(np.polyval(out["coefficients"][::-1, 0], s), delta, atol=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_interpolation_step_on_random_instances(name):
    model, loss, Y = CASES[name]
    problem = en.Problem(model, loss, X5, Y, lam=0.3)
    rng = np.random.default_rng(3)
    params = problem.switch_off(0.4 * rng.standard_normal(problem.size))
    out = pr.interpolation_step(problem, params, rng.standard_normal(model.size), rng.standard_normal(2))
    assert out["via_moments"] == pytest.approx(out["linear"], rel=1e-6, abs=1e-9)
    assert out["bound"] <= out["L_prime"] + 1e-9


def test_tangent_span_is_full_for_distinct_inputs_and_a_line_for_repeated_ones():
    problem, params = three_point_start()
    out = pr.tangent_span(problem, params)
    assert (out["rank_at_point"], out["rank_of_span"], out["distinct_inputs"]) == (1, 3, 3)
    assert out["pgb_min"] < 1e-20 < out["L"]  # Theorem 3 fails: not a local minimum
    # Example 5: x1 = x2, f = 0, y = (1, -1): the span is the line q1 = q2; min mean((q-1)^2, (q+1)^2) = 1 = L
    X = np.array([[0.5, -1.0], [0.5, -1.0]])
    same = en.Problem(em.LinearModel(2), el.SquaredLoss(), X, np.array([[1.0], [-1.0]]), lam=0.1)
    out = pr.tangent_span(same, same.pack([0, 0, 0], [0.0], [0.3], [[0.2], [-0.4]]))
    assert out["rank_of_span"] == 1 and out["pgb_min"] == pytest.approx(1.0) == out["L"]


def test_theta_gradients_example_2_by_hand():
    problem, _ = three_point_start()
    params = problem.pack(pr.THREE_POINT_THETA, [-0.05], [0.0], [[0.3]])
    out = pr.theta_gradients(problem, params)
    assert np.allclose(out["grad_L"], 0, atol=1e-15) and out["rank_A"] == 1
    g = -0.05 * np.exp(0.3 * np.array([-1.0, 0.0, 1.0]))  # the neuron at the three inputs
    expected_d = np.mean(2 * (1 / 3 + g - np.array([0.0, 1.0, 0.0])))  # only d moves f at V = 0
    assert np.allclose(out["grad_L_tilde"], [0, 0, 0, expected_d], atol=1e-15)


def test_candidate_points_and_directions_are_checked():
    problem, params = three_point_start()
    on = params.copy()
    on[problem.model.size] = 0.1
    for function in (lambda p: pr.switch_on(problem, p, [1.0]), lambda p: pr.interpolation_step(problem, p, STEEP_STEP, [1.0]),
                     lambda p: pr.tangent_span(problem, p)):
        with pytest.raises(ValueError, match="a = 0"):
            function(on)
    two_d = en.Problem(em.LinearModel(2), el.SquaredLoss(), np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0], [0.0]]))
    with pytest.raises(ValueError, match="separate"):
        pr.interpolation_step(two_d, two_d.pack([0, 0, 0], [0.0], [0.0], [[0.0], [0.0]]), [0, 0, 0], [1.0, 1.0])
