"""Exponential-neuron elimination of bad local minima (Kawaguchi & Kaelbling 2020): exact gradients, Theorem 1, detector."""
import numpy as np
import pytest
from numerics import central_gradient as central

from lossland.expneuron import detector as ed
from lossland.expneuron import losses as el
from lossland.expneuron import models as em
from lossland.expneuron import objective as en
from lossland.expneuron import theorem1 as th1

RNG = np.random.default_rng(0)
X5 = RNG.standard_normal((5, 2))


CASES = {
    "squared-linear": (em.LinearModel(2, 3), el.SquaredLoss(), RNG.standard_normal((5, 3))),
    "xent-tanh": (em.TanhNetwork(2, 3, 3), el.CrossEntropyLoss(), np.eye(3)[RNG.integers(0, 3, 5)]),
    "hinge-tanh": (em.TanhNetwork(2, 3, 1), el.SmoothedHingeLoss(3), np.sign(RNG.standard_normal((5, 1)))),
    "hinge-example1": (em.example1_model(), el.SmoothedHingeLoss(3), -np.ones((5, 1))),
    "squared-example1": (em.example1_model(), el.SquaredLoss(), RNG.standard_normal((5, 1))),
}


@pytest.mark.parametrize("name", CASES)
def test_modified_gradient_matches_central_differences(name):
    model, loss, Y = CASES[name]
    problem = en.Problem(model, loss, X5, Y, lam=0.1)
    params = 0.5 * np.random.default_rng(1).standard_normal(problem.size)
    assert np.allclose(problem.modified_gradient(params), central(problem.modified_loss, params), atol=1e-6)
    theta = problem.theta_of(params)
    assert np.allclose(problem.original_gradient(theta), central(problem.original_loss, theta), atol=1e-6)


@pytest.mark.parametrize("name", CASES)
def test_loss_gradients_match_central_differences(name):
    _, loss, Y = CASES[name]
    q = np.random.default_rng(2).standard_normal(Y.shape)
    for i in range(len(Y)):
        numeric = central(lambda v: float(loss.value(v[None], Y[i : i + 1])[0]), q[i])
        assert np.allclose(loss.gradient(q[i : i + 1], Y[i : i + 1])[0], numeric, atol=1e-6)


def test_pack_unpack_round_trip_and_layout():
    problem = en.Problem(em.LinearModel(2, 3), el.SquaredLoss(), X5, CASES["squared-linear"][2])
    theta, a, b, W = np.arange(9.0), np.array([1.0, 2, 3]), np.array([4.0, 5, 6]), np.arange(6.0).reshape(2, 3)
    params = problem.pack(theta, a, b, W)
    assert params.size == problem.size == 9 + 3 + 3 + 6
    assert np.array_equal(params[9:12], a) and np.array_equal(params[15:], W.ravel())
    for got, want in zip(problem.unpack(params), (theta, a, b, W)):
        assert np.array_equal(got, want)


def test_modified_objective_reduces_to_original_when_a_is_zero():
    model, loss, Y = CASES["xent-tanh"]
    problem = en.Problem(model, loss, X5, Y)
    theta = np.random.default_rng(3).standard_normal(model.size)
    params = problem.pack(theta, np.zeros(3), np.ones(3), np.ones((2, 3)))
    assert problem.modified_loss(params) == pytest.approx(problem.original_loss(theta))


def realizable_linear():
    X = np.random.default_rng(4).standard_normal((8, 2))
    return en.Problem(em.LinearModel(2), el.SquaredLoss(), X, X @ [[1.0], [-2.0]] + 0.5, lam=0.1)


def example1(loss=el.SmoothedHingeLoss(3)):
    y = -1.0 if isinstance(loss, el.SmoothedHingeLoss) else float(em.example1_f(0.8))  # Example 1 / Fig. 4
    return en.Problem(em.example1_model(), loss, np.zeros((1, 1)), [[y]], lam=0.1)


@pytest.mark.slow
def test_theorem1_convex_instance_every_run_certifies_at_least_squares():
    problem = realizable_linear()
    _, best = th1.global_minimum_least_squares(problem)
    runs = th1.local_runs(problem, n_starts=6, seed=0, extra_scale=0.1)
    assert all(run.certified for run in runs)
    for run in runs:
        assert np.all(np.abs(run.a) < 1e-6) and run.L == pytest.approx(best, abs=1e-10)
        assert run.L_tilde == pytest.approx(run.L, abs=1e-10)


@pytest.mark.slow
def test_theorem1_example1_certified_points_are_global_and_the_rest_diverge():
    problem = example1()
    theta_star, best = th1.global_minimum_by_restarts(problem, n_starts=20, theta_scale=0.5, theta_centre=0.5)
    assert best == pytest.approx(0.0, abs=1e-12) and abs(theta_star[0] - 0.8) < 0.1
    runs = th1.local_runs(problem, n_starts=12, seed=0, theta_scale=0.3, theta_centre=0.5, extra_scale=0.1)
    certified = [run for run in runs if run.certified]
    failed = [run for run in runs if not run.certified]
    assert certified and failed  # both outcomes occur on this instance
    for run in certified:  # Theorem 1
        assert np.all(np.abs(run.a) < 1e-6) and run.L == pytest.approx(best, abs=1e-8)
    for run in failed:  # Theorem 4: suboptimal theta, (a, b, W) escapes
        assert run.L > best + 1e-8 and run.extra_norm > 7 and run.extra_norm > 10 * run.extra_norm_start


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("lam", [0.1, 1.0])
@pytest.mark.slow
def test_no_certified_run_is_above_the_global_value(seed, lam):
    """Runs still sliding along Theorem 4's escape path (L~ ~ 1e-10, ||(a,b,W)|| > 10) never certify."""
    problem = example1()
    problem = en.Problem(problem.model, problem.loss, problem.X, problem.Y, lam=lam)
    runs = th1.local_runs(problem, n_starts=8, seed=seed, theta_scale=0.5, theta_centre=0.5, n_directions=50)
    certified = [run for run in runs if run.certified]
    assert certified  # the check below must have something to check
    for run in certified:  # the global value of L is 0 (f(theta) <= -1 near 0.8)
        assert run.L <= 1e-8, (run.L, run.extra_norm)


def test_rescaling_keeps_the_added_neurons_and_lowers_only_the_regulariser():
    """Theorem 1's step: (theta, e^-d a, b + d, W) has the same g, and L~ drops by lam |a|^2 (1 - e^-2d)."""
    problem = en.Problem(em.LinearModel(2), el.SquaredLoss(), np.random.default_rng(3).standard_normal((5, 2)),
                         np.random.default_rng(4).standard_normal((5, 1)), lam=0.3)
    params = np.random.default_rng(5).standard_normal(problem.size)
    for delta in (0.5, 1.0, 2.0):
        moved = problem.rescale(params, delta)
        assert np.allclose(problem.neuron(moved), problem.neuron(params), rtol=1e-13, atol=0)
        a = problem.unpack(params)[1]
        expected = 0.3 * (a @ a) * (1 - np.exp(-2 * delta))
        drop = problem.modified_loss(params) - problem.modified_loss(moved)
        assert drop == pytest.approx(expected, rel=1e-9)


def test_the_derivative_along_the_rescaling_is_the_identity_of_the_proof():
    """a_k dL~/da_k - dL~/db_k = 2 lam a_k^2 at every point (the chapter's first step of Theorem 1's proof)."""
    problem = en.Problem(em.LinearModel(2, d_y=2), el.SquaredLoss(), np.random.default_rng(6).standard_normal((5, 2)),
                         np.random.default_rng(7).standard_normal((5, 2)), lam=0.3)
    for seed in range(3):
        params = np.random.default_rng(seed).standard_normal(problem.size)
        _, a, _, _ = problem.unpack(params)
        grad = problem.modified_gradient(params)
        g_a, g_b = problem.unpack(grad)[1:3]
        assert np.allclose(a * g_a - g_b, 2 * 0.3 * a**2, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("loss", [el.SmoothedHingeLoss(3), el.SquaredLoss()], ids=["Fig1-hinge", "Fig4-squared"])
@pytest.mark.slow
def test_detector_restarts_on_the_failure_mode(loss):
    problem = example1(loss)
    start = problem.pack([0.2], [0.1], [0.0], [[0.0]])  # in the basin of the suboptimal theta = 0.2
    watched = ed.optimise_with_restarts(problem, seed=0, max_restarts=0, start=start)
    half = len(watched.extra_norm) // 2
    assert watched.restarts == 0 and watched.L[-1] > 1.0
    assert watched.extra_norm[-1] > watched.extra_norm[half] > 7  # still growing
    detected = ed.optimise_with_restarts(problem, seed=0, start=start, theta_scale=0.3, theta_centre=0.5, extra_scale=0.1)
    assert detected.restarts >= 1 and detected.extra_norm[detected.attempt == 0].max() >= 7
    assert detected.L[-1] == pytest.approx(0.0, abs=1e-8) and detected.extra_norm[-1] < 7


def test_scalar_model_derivative_matches_differences():
    t = np.linspace(-1, 2, 31)
    assert np.allclose(em.example1_df(t), np.diag(central(em.example1_f, t)), atol=1e-6)  # f acts entrywise


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"X": np.full((5, 2), np.nan)}, ValueError),
        ({"X": np.zeros((0, 2)), "Y": np.zeros((0, 1))}, ValueError),
        ({"Y": np.zeros((4, 1))}, ValueError),
        ({"Y": np.zeros((5, 2))}, ValueError),
        ({"lam": 0.0}, ValueError),
        ({"lam": -1.0}, ValueError),
        ({"lam": "big"}, TypeError),
        ({"loss": "squared"}, TypeError),
        ({"X": "data"}, TypeError),
    ],
)
def test_bad_problem_rejected(kwargs, error):
    args = {"model": em.LinearModel(2), "loss": el.SquaredLoss(), "X": X5, "Y": np.zeros((5, 1)), "lam": 0.1} | kwargs
    with pytest.raises(error):
        en.Problem(**args)


def test_bad_targets_and_parameters_rejected():
    with pytest.raises(ValueError, match="one-hot"):
        en.Problem(em.LinearModel(2, 3), el.CrossEntropyLoss(), X5, np.ones((5, 3)))
    with pytest.raises(ValueError, match="d_y = 1"):
        en.Problem(em.LinearModel(2, 2), el.SmoothedHingeLoss(3), X5, np.ones((5, 2)))
    with pytest.raises(ValueError, match="at least 2"):
        el.SmoothedHingeLoss(1.5)
    problem = realizable_linear()
    with pytest.raises(ValueError, match="params"):
        problem.modified_loss(np.zeros(problem.size + 1))
    with pytest.raises(ValueError, match="W"):
        problem.pack(np.zeros(3), [0.0], [0.0], np.zeros((3, 1)))
    with pytest.raises(ValueError, match="starts"):
        th1.local_runs(problem, starts=np.zeros((2, 3)))
    with pytest.raises(ValueError, match="threshold"):
        ed.optimise_with_restarts(problem, threshold=0)
    with pytest.raises(TypeError, match="LinearModel"):
        th1.global_minimum_least_squares(example1())
