"""Tests of lossland.core.mlp: exact gradients, Eq. (8) masks, Adam training, input checks."""
from __future__ import annotations

import numpy as np
import pytest
from numerics import central_gradient

from lossland.core import mlp

N_IN, K, N_CLASSES, N, R = 3, 2, 3, 7, 2


@pytest.fixture
def problem():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(N, N_IN))
    y = rng.integers(0, N_CLASSES, N)
    params = mlp.init_params(N_IN, K, N_CLASSES, repeats=R, seed=2)
    # Non-zero biases, so the gradient check covers them properly.
    params = params._replace(**{b: rng.normal(size=getattr(params, b).shape) for b in ("b1", "b2", "b3")})
    return X, y, params


def numerical_gradient(params, X, y, masks):
    """The summed loss of the repeats differentiated in each parameter array in turn."""
    return [central_gradient(lambda moved: mlp.loss_and_grad(params._replace(**{name: moved}), X, y, masks)[0].sum(), array)
            for name, array in params._asdict().items()]


@pytest.mark.parametrize("mode", ["relu", "fixed masks"])
def test_gradient_matches_central_differences(problem, mode):
    X, y, params = problem
    masks = mlp.random_masks(N, K, repeats=R, seed=3) if mode == "fixed masks" else None
    _, grads = mlp.loss_and_grad(params, X, y, masks)
    for exact, numeric in zip(grads, numerical_gradient(params, X, y, masks)):
        np.testing.assert_allclose(exact, numeric, rtol=1e-5, atol=1e-8)


def test_relu_pattern_as_fixed_masks_reproduces_the_network_exactly(problem):
    X, y, params = problem
    pattern = mlp.activation_pattern(params, X)
    assert pattern.a1.shape == (R, N, 2 * K) and pattern.a2.shape == (R, N, K)
    np.testing.assert_array_equal(mlp.forward(params, X, pattern), mlp.forward(params, X))
    loss_masked, grads_masked = mlp.loss_and_grad(params, X, y, pattern)
    loss_relu, grads_relu = mlp.loss_and_grad(params, X, y)
    np.testing.assert_array_equal(loss_masked, loss_relu)
    for g_masked, g_relu in zip(grads_masked, grads_relu):
        np.testing.assert_array_equal(g_masked, g_relu)


def test_other_masks_change_the_outputs(problem):
    X, _, params = problem
    masks = mlp.random_masks(N, K, repeats=R, seed=4)
    assert not np.allclose(mlp.forward(params, X, masks), mlp.forward(params, X))


def test_random_masks_are_fair_coins_per_point():
    masks = mlp.random_masks(500, 8, repeats=3, seed=0)
    assert masks.a1.dtype == bool and masks.a1.shape == (3, 500, 16) and masks.a2.shape == (3, 500, 8)
    assert abs(masks.a1.mean() - 0.5) < 0.02 and abs(masks.a2.mean() - 0.5) < 0.02
    assert not np.array_equal(masks.a1[:, 0], masks.a1[:, 1])  # each point has its own mask


def test_n_params_counts_every_weight(problem):
    _, _, params = problem
    assert mlp.n_params(N_IN, K, N_CLASSES) * R == sum(p.size for p in params)


def blobs(n=300, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    centres = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    return centres[y] + 0.5 * rng.normal(size=(n, 2)), y


@pytest.mark.parametrize("random", [False, True])
def test_training_reduces_the_loss(random):
    X, y = blobs()
    masks = mlp.random_masks(len(y), 8, repeats=3, seed=1) if random else None
    result = mlp.train(X, y, 8, masks=masks, repeats=3, epochs=30, lr=1e-2, seed=0)
    assert result.losses.shape == (30, 3)
    assert np.all(result.losses[-1] < 0.5 * result.losses[0])
    assert np.all(mlp.accuracy(result.params, X, y, masks) > 0.9)


def test_training_is_deterministic_and_seeded():
    X, y = blobs()
    masks = mlp.random_masks(len(y), 4, repeats=2, seed=1)
    runs = [mlp.train(X, y, 4, masks=masks, repeats=2, epochs=3, seed=s) for s in (5, 5, 6)]
    for a, b in zip(runs[0].params, runs[1].params):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(runs[0].params.W1, runs[2].params.W1)


def test_repeats_are_independent_networks():
    X, y = blobs()
    result = mlp.train(X, y, 4, repeats=2, epochs=2, seed=0)
    assert not np.array_equal(result.params.W1[0], result.params.W1[1])


def test_callback_is_called_once_per_epoch():
    X, y = blobs(50)
    seen = []
    mlp.train(X, y, 2, epochs=4, callback=seen.append)
    assert seen == [0, 1, 2, 3]


@pytest.mark.parametrize("kwargs, error, name", [
    ({"k": 0}, ValueError, "k"),
    ({"k": 2.5}, TypeError, "k"),
    ({"repeats": 0}, ValueError, "repeats"),
    ({"epochs": -1}, ValueError, "epochs"),
    ({"lr": float("nan")}, ValueError, "lr"),
    ({"X": np.zeros((0, 2))}, ValueError, "X"),
    ({"X": np.full((10, 2), np.nan)}, ValueError, "X"),
    ({"X": np.zeros(10)}, ValueError, "X"),
    ({"y": np.arange(9)}, ValueError, "y"),
    ({"y": -np.ones(10)}, ValueError, "y"),
    ({"y": np.full(10, 0.5)}, ValueError, "y"),
    ({"masks": (np.ones((1, 10, 4)), np.ones((1, 10, 3)))}, ValueError, "masks.a2"),
    ({"masks": (np.ones((1, 10, 4)), 2 * np.ones((1, 10, 2)))}, ValueError, "masks.a2"),
    ({"masks": np.ones((1, 10, 4))}, TypeError, "masks"),
])
def test_train_rejects_bad_input(kwargs, error, name):
    args = {"X": np.zeros((10, 2)), "y": np.arange(10) % 2, "k": 2, "epochs": 1} | kwargs
    with pytest.raises(error, match=name):
        mlp.train(**args)


def test_public_functions_reject_bad_input(problem):
    X, y, params = problem
    with pytest.raises(ValueError, match="X must have 3 columns"):
        mlp.forward(params, X[:, :2])
    with pytest.raises(TypeError, match="params"):
        mlp.forward(list(params), X)
    with pytest.raises(ValueError, match="class labels 0..2"):
        mlp.accuracy(params, X, np.full(N, 3))
    with pytest.raises(ValueError, match="k"):
        mlp.init_params(3, 0, 2)
    with pytest.raises(TypeError, match="dtype"):
        mlp.init_params(3, 2, 2, dtype=int)
    with pytest.raises(ValueError, match="n_points"):
        mlp.random_masks(0, 2)


def test_loss_matches_loss_and_grad_and_blocks_do_not_change_logits(problem):
    X, y, params = problem
    masks = mlp.random_masks(N, K, repeats=R, seed=5)
    np.testing.assert_allclose(mlp.loss(params, X, y, masks), mlp.loss_and_grad(params, X, y, masks)[0])
    np.testing.assert_allclose(mlp._logits(params, X, masks, block=3), mlp.forward(params, X, masks))
