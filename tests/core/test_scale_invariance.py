"""The answers do not depend on the units of the data (issue 25, class 3).

A ReLU unit is active on ``x`` exactly when ``w . x + b > 0``; multiplying the data by
``a > 0`` and the weights by ``1/a`` changes nothing, so one unit's cells, the network's
regions and the verdict whether a region holds a genuine minimum are the same for ``X`` and
``aX``.  Multiplying the targets by ``b > 0`` multiplies the output weights, the fitted
values and every margin by ``b`` and the squared loss by ``b**2``: verdicts again do not
change.  Each property is tested on random data and scales from ``1e-150`` to ``1e95``.
"""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lossland.core import genuine, nets, regions
from lossland.liu import criteria

SEEDS = st.integers(0, 2**32 - 1)
EXPONENTS = st.floats(-150.0, 95.0)  # data beyond 1e100 are refused (validation.MAX_MAGNITUDE)
BIAS = st.booleans()


def random_data(seed: int, n_points: int, n_inputs: int) -> tuple[np.ndarray, np.ndarray]:
    """Data in general position (with probability one) and targets, from a seeded generator."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_points, n_inputs)), rng.standard_normal(n_points)


@settings(max_examples=10)
@given(seed=SEEDS, n_points=st.integers(2, 6), n_inputs=st.integers(1, 3), exponent=EXPONENTS, bias=BIAS)
def test_unit_cells_do_not_depend_on_the_units(seed, n_points, n_inputs, exponent, bias):
    X, _ = random_data(seed, n_points, n_inputs)
    a = 10.0**exponent
    plain, scaled = regions.unit_cells(X, bias), regions.unit_cells(a * X, bias)
    np.testing.assert_array_equal(scaled.patterns, plain.patterns)
    # every witness lies strictly inside its cell of the scaled data
    np.testing.assert_array_equal(scaled.inputs @ scaled.witnesses.T > 0, scaled.patterns.T)


@settings(max_examples=8)
@given(seed=SEEDS, exponent=EXPONENTS, width=st.integers(1, 2), bias=BIAS)
def test_region_counts_do_not_depend_on_the_units(seed, exponent, width, bias):
    X, _ = random_data(seed, 4, 2)
    assert len(regions.activation_regions(10.0**exponent * X, width, bias)) == len(regions.activation_regions(X, width, bias))


@settings(max_examples=6)
@given(seed=SEEDS, x_exponent=EXPONENTS, y_exponent=st.floats(-100.0, 95.0), bias=BIAS)
def test_verdicts_do_not_depend_on_the_units(seed, x_exponent, y_exponent, bias):
    X, y = random_data(seed, 4, 1)
    a, b = 10.0**x_exponent, 10.0**y_exponent
    plain = genuine.subglobal_minima(X, y, 2, bias)
    scaled = genuine.subglobal_minima(a * X, b * y, 2, bias)
    np.testing.assert_array_equal(scaled.status, plain.status)


@settings(max_examples=6)
@given(seed=SEEDS, x_exponent=EXPONENTS, y_exponent=st.floats(-100.0, 95.0))
def test_subglobal_losses_scale_as_the_targets_squared(seed, x_exponent, y_exponent):
    """Without biases, ``X -> aX`` leaves every region's least-squares loss alone and ``y -> by`` multiplies it by ``b**2``.

    (With biases the minimum-norm solve runs in the data's own units, where the bias column and
    inputs of a very different scale make the least-squares problem ill-conditioned.)
    """
    X, y = random_data(seed, 4, 1)
    a, b = 10.0**x_exponent, 10.0**y_exponent
    plain, scaled = genuine.subglobal_minima(X, y, 2), genuine.subglobal_minima(a * X, b * y, 2)
    # compared in the scaled targets' units, so that nothing underflows
    np.testing.assert_allclose(scaled.loss / b / b, plain.loss, rtol=1e-8, atol=1e-12 * max(1.0, plain.loss.max()))


@settings(max_examples=3)
@given(seed=SEEDS, exponent=EXPONENTS, bias=BIAS)
def test_a_genuine_minimum_is_built_in_the_datas_units(seed, exponent, bias):
    """The parameters of a genuine verdict lie in its region and attain its loss, at any scale."""
    X, y = random_data(seed, 4, 1)
    a = 10.0**np.clip(exponent, -40.0, 40.0)  # weights ~ 1/a must stay below validation.MAX_MAGNITUDE
    arch = nets.Architecture(1, 2, bias=bias)
    for pattern in regions.activation_regions(a * X, 2, bias).patterns:
        verdict = genuine.genuineness(a * X, y, pattern, bias)
        if verdict.theta is not None:
            np.testing.assert_array_equal(nets.pattern_of(arch, verdict.theta, a * X), pattern)
            assert np.isclose(nets.loss(arch, verdict.theta, a * X, y), verdict.loss, rtol=1e-7, atol=1e-10)


@settings(max_examples=6)
@given(seed=SEEDS, exponent=EXPONENTS)
def test_liu_minima_do_not_depend_on_the_inputs_units(seed, exponent):
    X, y = random_data(seed, 4, 1)
    Xh = criteria.liu_inputs(X)
    plain = criteria.differentiable_minima(Xh, y, 1)
    scaled = criteria.differentiable_minima(10.0**exponent * Xh, y, 1)
    assert [m.pattern.tolist() for m in scaled] == [m.pattern.tolist() for m in plain]
    np.testing.assert_allclose([m.loss for m in scaled], [m.loss for m in plain], rtol=1e-8, atol=1e-12)


@settings(max_examples=15)
@given(seed=SEEDS, exponent=st.floats(-40.0, 40.0), bias=BIAS)
def test_the_loss_is_invariant_when_weights_absorb_the_units(seed, exponent, bias):
    """``f(aX; W/a, v) = f(X; W, v)``: the loss is a function of the data's units only through the weights."""
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((5, 2)), rng.standard_normal(5)
    arch = nets.Architecture(2, 3, bias=bias)
    theta = rng.standard_normal(arch.size)
    a = 10.0**exponent
    W, v, *rest = arch.unpack(theta)
    scaled = arch.pack(W / a, v, *rest) if bias else arch.pack(W / a, v)
    assert np.isclose(nets.loss(arch, scaled, a * X, y), nets.loss(arch, theta, X, y), rtol=1e-9, atol=1e-12)


@settings(max_examples=10)
@given(seed=SEEDS, exponent=st.floats(-100.0, 90.0))
def test_an_idle_unit_beside_an_exact_fit_has_a_point_in_every_cell(seed, exponent):
    # Three points in general position in R^3, positive targets and one busy unit active on all of
    # them: it fits y exactly (v > 0, w inside its cell), the residuals are zero, and so is the idle unit's gradient g = sum_i r_i a_i x_i.
    # Every cell of the idle unit then holds a critical point (no plane g . w = 0 to meet), at any
    # scale of the data; round-off in g must not be read as a plane.
    from lossland.core.inregion import saddle_in_region

    X, y = random_data(seed, 3, 3)
    X, y = X * np.sign(X @ np.ones(3))[:, None], np.abs(y) + 0.1  # all active at w = (1, 1, 1); v w = X^-1 y fits

    for data in (X, 10.0**exponent * X):
        found = regions.activation_regions(data, 2)
        busy_on_all = [r for r, pattern in enumerate(found.patterns) if pattern[:, 1].all()]
        assert len(busy_on_all) == len(regions.unit_cells(data).patterns)
        assert all(saddle_in_region(data, y, found, r, idle=(0,)) is not None for r in busy_on_all)
