"""Exponential-neuron elimination of bad local minima (Kawaguchi & Kaelbling 2020): exact gradients, Theorem 1, detector."""
import numpy as np
import pytest

from lossland import expneuron as en

RNG = np.random.default_rng(0)
X5 = RNG.standard_normal((5, 2))


def central(fun, x, eps=1e-6):
    return np.array([(fun(x + eps * e) - fun(x - eps * e)) / (2 * eps) for e in np.eye(x.size)])


CASES = {
    "squared-linear": (en.LinearModel(2, 3), en.SquaredLoss(), RNG.standard_normal((5, 3))),
    "xent-tanh": (en.TanhNetwork(2, 3, 3), en.CrossEntropyLoss(), np.eye(3)[RNG.integers(0, 3, 5)]),
    "hinge-tanh": (en.TanhNetwork(2, 3, 1), en.SmoothedHingeLoss(3), np.sign(RNG.standard_normal((5, 1)))),
    "hinge-example1": (en.example1_model(), en.SmoothedHingeLoss(3), -np.ones((5, 1))),
    "squared-example1": (en.example1_model(), en.SquaredLoss(), RNG.standard_normal((5, 1))),
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
    problem = en.Problem(en.LinearModel(2, 3), en.SquaredLoss(), X5, CASES["squared-linear"][2])
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
