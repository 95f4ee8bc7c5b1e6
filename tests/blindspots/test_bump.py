"""The bump of Theorem 1 (ii) (App. B.3) on instances: shape, isolation, and the deeper network's shift."""
import numpy as np
import pytest

from lossland.blindspots import bump as bp
from lossland.blindspots import deep_regression as dr
from lossland.blindspots import relu_regression as rr


def test_bump_is_the_hat():
    t = np.linspace(-3, 3, 601)
    hat = np.clip(1 - np.abs(t), 0, None)            # independent closed form: 1 - |t| on [-1, 1], 0 outside
    assert np.allclose(bp.bump(t), hat, atol=1e-12)
    assert np.allclose(bp.bump_parts(t).sum(0), hat, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_isolating_direction_separates_every_other_input(seed):
    rng = np.random.default_rng(seed)
    X = rng.integers(-2, 3, size=(12, 3)).astype(float)   # repeated inputs and lattice points
    r = 4
    v = bp.isolating_direction(X, r, gap=1.0)
    others = np.any(X != X[r], axis=1)
    assert np.all(np.abs((X[others] - X[r]) @ v) >= 1 - 1e-12)


def test_bump_fit_is_nu_at_xr_mu_elsewhere_and_beats_the_mean():
    X, y = rr.dataset("D1")
    for r in range(len(y)):
        fit = bp.bump_fit(X, y, r)
        others = np.arange(len(y)) != r
        assert np.isclose(fit["outputs"][r], y[r]) and np.allclose(fit["outputs"][others], y[others].mean())
        # the mean minimises squared error, so the bump is strictly better where y_r != mean(y)
        expected = np.sum((y[others] - y[others].mean()) ** 2)
        assert np.isclose(fit["loss"], expected)
        assert fit["loss"] < fit["dead_loss"]


def test_shift_is_what_a_relu_needs():
    X, y = rr.dataset("D1")
    for r in range(len(y)):
        fit = bp.bump_fit(X, y, r)
        s = bp.bump_shift(X, y, r)
        carried = fit["outputs"] + s
        assert np.all(carried >= -1e-12)                               # passes a ReLU unchanged
        if s > 0:
            assert np.any(fit["outputs"] + 0.9 * s < 0)                # a smaller shift would be clipped


def test_deep_construction_matches_the_bump_fit():
    X, y = rr.dataset("D1")
    r = dr.decent_index(X, y)
    layers = dr.theorem1_construction(X, y, (3, 2, 2))
    out = dr.deep_forward(layers, X)[0]
    assert np.allclose(out, bp.bump_fit(X, y, r)["outputs"])
    unshifted = dr.deep_forward(dr.theorem1_construction(X, y, (3, 2, 2), shift=False), X)[0]
    if bp.bump_shift(X, y, r) > 0:
        assert not np.allclose(unshifted, out)


def test_nothing_to_isolate():
    with pytest.raises(ValueError, match="nothing to isolate"):
        bp.bump_fit(np.ones((3, 1)), np.array([1.0, 2.0, 3.0]), 0)
