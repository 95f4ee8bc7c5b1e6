"""Tests of lossland.expneuron.trials: exact gradients, a = 0 gives f, determinism, the detector, input checks."""
from __future__ import annotations

import numpy as np
import pytest
from numerics import central_gradient

from lossland.expneuron import trials as et

N_IN, K, C, N, R = 3, 2, 3, 7, 2


@pytest.fixture
def problem():
    rng = np.random.default_rng(1)
    X = rng.uniform(0, 1, size=(N, N_IN))
    y = rng.integers(0, C, N)
    flat = et.init_trials(N_IN, K, C, R, seed=3)
    P = flat.shape[1]
    # Non-zero a and b (and biases of f) so every gradient entry is exercised.
    flat = flat + 0.3 * rng.normal(size=(R, P))
    return X, y, flat


def numerical_gradient(flat, X, y, modified):
    """Each trial's loss differentiated in its own parameters (the trials are independent: the sum's gradient)."""
    return central_gradient(lambda f: et.modified_loss_and_grad(f, X, y, K, C, lam=0.1, modified=modified)[0].sum(), flat)


@pytest.mark.parametrize("modified", [True, False])
def test_gradient_matches_finite_differences(problem, modified):
    X, y, flat = problem
    _, grad = et.modified_loss_and_grad(flat, X, y, K, C, lam=0.1, modified=modified)
    np.testing.assert_allclose(grad, numerical_gradient(flat, X, y, modified), rtol=1e-5, atol=1e-7)


def test_exp_gradient_nonzero(problem):
    X, y, flat = problem
    _, grad = et.modified_loss_and_grad(flat, X, y, K, C, lam=0.1)
    assert np.all(np.abs(grad[:, -(2 * C + N_IN * C):]) > 0)  # a, b, W all move


def test_a_zero_gives_original_network(problem):
    X, y, flat = problem
    v = et._views(flat, et._shapes(N_IN, K, C))
    v["a"][...] = 0.0  # b and W stay random: the neuron is switched off only through a
    modified, g_mod = et.modified_loss_and_grad(flat, X, y, K, C, lam=0.1)
    original, g_orig = et.modified_loss_and_grad(flat, X, y, K, C, lam=0.1, modified=False)
    np.testing.assert_allclose(modified, original, rtol=1e-14)
    n_theta = flat.shape[1] - (2 * C + N_IN * C)
    np.testing.assert_allclose(g_mod[:, :n_theta], g_orig[:, :n_theta], rtol=1e-12)


def test_exp_overflow_is_guarded(problem):
    X, y, flat = problem
    v = et._views(flat, et._shapes(N_IN, K, C))
    v["b"][...] = 1e4  # exp(1e4) would overflow
    value, grad = et.modified_loss_and_grad(flat, X, y, K, C)
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad))


@pytest.fixture
def data():
    rng = np.random.default_rng(5)
    return rng.uniform(0, 1, size=(40, 6)), rng.integers(0, 3, 40)


def test_same_seed_same_numbers(data):
    X, y = data
    kw = dict(trials=3, k=2, epochs=2, batch_size=16, lr=0.1, threshold=2.0)
    first = et.train_variant(X, y, "detector", seed=4, **kw)
    second = et.train_variant(X, y, "detector", seed=4, **kw)
    other = et.train_variant(X, y, "detector", seed=5, **kw)
    np.testing.assert_array_equal(first.params, second.params)
    np.testing.assert_array_equal(first.final_loss, second.final_loss)
    np.testing.assert_array_equal(first.restarts, second.restarts)
    assert not np.array_equal(first.params, other.params)


def test_variants_share_initial_theta(data):
    X, y = data
    kw = dict(trials=2, k=2, epochs=1, batch_size=40, lr=1e-12, dtype=np.float64)
    orig = et.train_variant(X, y, "original", **kw)
    elim = et.train_variant(X, y, "eliminated", **kw)
    np.testing.assert_allclose(orig.params, elim.params, atol=1e-10)


def test_exp_norm():
    flat = np.zeros((1, et._flat_size(N_IN, K, C)))
    v = et._views(flat, et._shapes(N_IN, K, C))
    v["a"][0, 0], v["b"][0, 1], v["W"][0, 0, 0], v["W"][0, 1, 2] = 3.0, -2.0, 3.0, 4.0
    assert et.exp_norm(flat, N_IN, K, C)[0] == pytest.approx(3 + 2 + 5)


def test_detector_restarts_exactly_at_threshold(data):
    X, y = data
    kw = dict(trials=2, k=2, epochs=1, batch_size=40, lr=0.5, dtype=np.float64)  # one step
    free = et.train_variant(X, y, "eliminated", **kw)
    norms = et.exp_norm(free.params, 6, 2, 3)
    hi, lo = int(np.argmax(norms)), int(np.argmin(norms))
    assert norms[hi] > norms[lo]
    for threshold in (norms[hi], (norms[hi] + norms[lo]) / 2):  # ">=": reaching it is enough
        run = et.train_variant(X, y, "detector", threshold=float(threshold), **kw)
        assert run.restarts[hi] == 1 and run.restarts[lo] == 0
        np.testing.assert_array_equal(run.params[lo], free.params[lo])
        fresh = et._init_one(et._shapes(6, 2, 3), 0, hi, 1, 0.05)
        np.testing.assert_array_equal(run.params[hi], fresh)
    above = et.train_variant(X, y, "detector", threshold=float(norms[hi]) * (1 + 1e-9), **kw)
    assert above.restarts.sum() == 0
    np.testing.assert_array_equal(above.params, free.params)


def test_detector_below_initial_norm_restarts_every_step(data):
    X, y = data
    run = et.train_variant(X, y, "detector", trials=2, k=2, epochs=3, batch_size=20, threshold=1e-3)
    np.testing.assert_array_equal(run.restarts, [6, 6])


def test_run_trials_and_table(data):
    X, y = data
    result = et.run_trials(X, y, trials=4, k=2, epochs=2, batch_size=20, lr=0.1)
    assert set(result.final_loss) == set(et.VARIANTS)
    assert all(L.shape == (4,) and np.all(L > 0) for L in result.final_loss.values())
    table = et.format_table(result)
    assert "original" in table and "detector restarts" in table
    assert 0 <= result.summary()["original"]["stuck"] <= 1


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(variant="both"), ValueError, "variant"),
    (dict(trials=0), ValueError, "trials"),
    (dict(lam=-1.0), ValueError, "lam"),
    (dict(threshold=0.0), ValueError, "threshold"),
    (dict(lr=float("nan")), ValueError, "lr"),
    (dict(k=1.5), TypeError, "k"),
    (dict(seed=-1), TypeError, "seed"),
    (dict(dtype=int), TypeError, "dtype"),
])
def test_bad_arguments_rejected(data, kwargs, error, match):
    X, y = data
    kwargs = dict(dict(variant="original"), **kwargs)
    with pytest.raises(error, match=match):
        et.train_variant(X, y, kwargs.pop("variant"), **kwargs)


def test_bad_data_rejected(data, problem):
    X, y = data
    with pytest.raises(ValueError, match=r"X must be scaled to \[0, 1\]"):
        et.train_variant(X * 255, y, "original")
    with pytest.raises(ValueError, match="y"):
        et.train_variant(X, y[:-1], "original")
    with pytest.raises(ValueError, match="y"):
        et.train_variant(X, y + 0.5, "original")
    with pytest.raises(ValueError, match="flat"):
        et.modified_loss_and_grad(problem[2][:, :-1], problem[0], problem[1], K, C)
    with pytest.raises(TypeError, match="result"):
        et.format_table({"original": [1.0]})


def test_restarts_per_100_steps_counts_steps_from_the_data(data):
    X, y = data  # 40 points in batches of 15: 3 steps per epoch (the last one of 10 points)
    every_step = et.run_trials(X, y, trials=2, k=2, epochs=2, batch_size=15, threshold=1e-3)
    assert every_step.n_train == 40
    np.testing.assert_array_equal(every_step.restarts, [6, 6])  # 2 epochs x 3 steps, each a restart
    assert every_step.restarts_per_100_steps() == 100.0
    never = et.run_trials(X, y, trials=2, k=2, epochs=2, batch_size=15, threshold=1e6)
    assert never.restarts_per_100_steps() == 0.0
    unknown = et.TrialsResult(never.final_loss, never.restarts, never.loss_without_g, never.setting)
    with pytest.raises(ValueError, match="n_train"):
        unknown.restarts_per_100_steps()


@pytest.mark.slow
def test_mnist_comparison_of_the_good_case():
    """The chapter's comparison: the short MNIST run and the digits run, on the 4000 and 1347 training images."""
    from lossland.expneuron.claims import MNIST_SHORT, data_comparison, good_case_mnist

    mnist = good_case_mnist()
    assert mnist.n_train == 4000 and mnist.data_name == "MNIST 5k"
    assert mnist.setting == {k: v for k, v in MNIST_SHORT.items()}
    assert len(mnist.restarts) == MNIST_SHORT["trials"]
    compared = data_comparison()
    assert compared["pixel_ratio"] == (4000 * 784) / (1347 * 64)
    for name in ("digits", "mnist"):
        assert compared[name]["restarts_per_100_steps"] >= 0 and 0 <= compared[name]["detector_stuck"] <= 1
    steps = MNIST_SHORT["epochs"] * -(-4000 // MNIST_SHORT["batch_size"])  # 2 epochs of 63 batches
    assert compared["mnist"]["restarts_per_100_steps"] == 100 * mnist.restarts.sum() / (len(mnist.restarts) * steps)


@pytest.mark.slow
def test_good_case_reports_both_readings_of_the_papers_loss():
    """App. D is ambiguous (L of f, or of f + g); the ledger row carries both, per variant, from the same trials."""
    from lossland.expneuron.claims import good_case, good_case_trials

    trials = good_case_trials()
    out = good_case()
    assert set(out["without_g"]) == set(trials.loss_without_g)
    for name, values in trials.loss_without_g.items():
        assert out["without_g"][name] == float(np.median(values))
    # for the original network there is no g: both readings coincide
    np.testing.assert_array_equal(trials.loss_without_g["original"], trials.final_loss["original"])
