"""The running example's lenses: theorems of the five chapters checked on it, and independent references."""
from __future__ import annotations

import numpy as np
import pytest
from numerics import central_gradient

from lossland.core import nets
from lossland.core import sigmoid_nets as sn
from lossland.liu.discrete import trap_census
from lossland.petzka.embedding import embed
from lossland.synthesis import running as rx


@pytest.fixture(scope="module")
def data():
    return rx.running_data(1.0)


def test_running_data_is_the_lopsided_w():
    X, y = rx.running_data(0.5)
    assert X.shape == (5, 1) and np.array_equal(X[:, 0], rx.INPUTS)
    assert np.array_equal(y, [2.0, 0.0, 0.5, 0.0, 1.0])


def test_relu_model_jacobian_matches_finite_differences_and_the_loss_gradient(data):
    X, y = data
    arch = nets.Architecture(1, 3, True)
    theta = np.random.default_rng(3).standard_normal(arch.size)
    model = rx.ReluModel(arch)
    J = model.jacobian(theta, X)[:, 0, :]
    numeric = central_gradient(lambda t: model.outputs(t, X)[:, 0], theta).T
    assert np.allclose(J, numeric, atol=1e-6)  # no kink within 1e-6 of these random parameters
    residual = model.outputs(theta, X)[:, 0] - y
    assert np.allclose(J.T @ residual, nets.gradient(arch, theta, X, y), atol=1e-12)


def test_regions_lens_counts_are_consistent(data):
    lens = rx.regions_lens(*data, widths=(1, 2))
    for c in lens.values():
        assert c["poor"] <= c["genuine"] <= c["regions"]
        assert c["poor_share"] == pytest.approx(c["poor"] / c["genuine"])
        assert c["best"] <= c["worst"]
    assert lens[2]["best"] <= lens[1]["best"] + 1e-12  # a wider network fits at least as well (widening)


def test_regions_lens_is_invariant_under_a_shift_of_the_inputs(data):
    """With biases, x -> x + s is absorbed by b_j -> b_j - w_j s: the same regions and losses."""
    X, y = data
    a, b = rx.regions_lens(X, y, (1, 2)), rx.regions_lens(X + 3.0, y, (1, 2))
    for h in (1, 2):
        assert {k: a[h][k] for k in ("regions", "genuine", "poor")} == {k: b[h][k] for k in ("regions", "genuine", "poor")}
        assert a[h]["best"] == pytest.approx(b[h]["best"], abs=1e-9)


def test_liu_lens_is_trap_census_on_homogeneous_inputs(data):
    X, y = data
    ours = rx.liu_lens(X, y, (1, 2), starts=300, seed=4)
    direct = trap_census(np.hstack([X, np.ones((5, 1))]), y, (1, 2), starts=300, seed=4)
    assert ours == direct
    for c in ours.values():
        assert c["bad"] <= c["genuine"] and c["trapped"] <= c["trapped_any"]


def test_bad_minimum_is_a_critical_point_with_its_loss(data):
    X, y = data
    bad = rx.bad_minimum(X, y, 1)
    assert bad.loss > bad.best
    assert float(nets.loss(bad.arch, bad.theta, X, y)) == pytest.approx(bad.loss, abs=1e-9)
    assert np.linalg.norm(nets.gradient(bad.arch, bad.theta, X, y)) < 1e-8


def test_bad_minimum_is_none_when_every_genuine_minimum_is_best():
    X = np.array([[-1.0], [1.0]])
    assert rx.bad_minimum(X, np.array([1.0, 1.0]), 1) is None  # constant targets: every genuine fit is exact


@pytest.mark.slow
def test_exp_lens_starts_at_L_of_the_bad_minimum_in_the_mean_scale(data):
    X, y = data
    bad = rx.bad_minimum(X, y, 1)
    run = rx.exp_lens(X, y)
    assert run["L_start"] == pytest.approx(2.0 / len(X) * bad.loss)  # Kawaguchi-Kaelbling's L: the mean, no 1/2
    assert run["L_best"] == pytest.approx(2.0 / len(X) * bad.best)


@pytest.mark.slow
def test_split_lens_student_is_a_nondegenerate_minimum_and_the_split_keeps_the_function(data):
    X, y = data
    lens = rx.split_lens(X, y)
    arch = sn.Architecture((1, 1, 1))
    assert np.linalg.norm(sn.gradient(arch, lens["theta"], X, y)) < 1e-6
    assert lens["hessian_min"] > 0
    big, theta = embed(arch, lens["theta"], 1, 0, 0.5)
    assert np.allclose(sn.forward(big, theta, X), sn.forward(arch, lens["theta"], X), atol=1e-12)  # Theorem 7


def test_blind_lens_ends_at_the_mean_fit_with_every_point_blind(data):
    """Lemma 2 of the blind-spots paper: only the output bias learns, to the mean of the targets."""
    lens = rx.blind_lens(*data)
    assert lens["blind_start"] == lens["blind_end"] == 5
    assert lens["loss_blind"] == pytest.approx(0.5 * np.sum((data[1] - data[1].mean()) ** 2), abs=1e-9)
    arch = nets.Architecture(1, 3, True)
    assert np.allclose(nets.outputs(arch, lens["theta_blind"], data[0]), data[1].mean())


@pytest.mark.slow
def test_five_lenses_gathers_the_lenses():
    lenses = rx.five_lenses(0.5, widths=(1,), starts=100)
    assert lenses.t == 0.5 and set(lenses.regions) == set(lenses.liu) == {1}
    assert np.array_equal(lenses.y, rx.running_data(0.5)[1])
