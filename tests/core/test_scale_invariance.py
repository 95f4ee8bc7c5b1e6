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
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossland.core import all_regions, genuine, nets, regions
from lossland.core.dataset import dataset
from lossland.core.lp import LP_FEASIBILITY
from lossland.core.scaling import scaled_to_one
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
    plain = all_regions.subglobal_minima(X, y, 2, bias)
    scaled = all_regions.subglobal_minima(a * X, b * y, 2, bias)
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
    plain, scaled = all_regions.subglobal_minima(X, y, 2), all_regions.subglobal_minima(a * X, b * y, 2)
    # compared in the scaled targets' units, so that nothing underflows
    np.testing.assert_allclose(scaled.loss / b / b, plain.loss, rtol=1e-8, atol=1e-12 * max(1.0, plain.loss.max()))


@settings(max_examples=3)
@given(seed=SEEDS, exponent=EXPONENTS, bias=BIAS)
@pytest.mark.slow
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
@given(seed=SEEDS, exponent=st.floats(-100.0, 90.0), y_exponent=st.floats(-100.0, 90.0))
@pytest.mark.slow
def test_an_idle_unit_beside_an_exact_fit_has_a_point_in_every_cell(seed, exponent, y_exponent):
    # Three points in general position in R^3, positive targets and one busy unit active on all of
    # them: it fits y exactly (v > 0, w inside its cell), the residuals are zero, and so is the idle unit's gradient g = sum_i r_i a_i x_i.
    # Every cell of the idle unit then holds a critical point (no plane g . w = 0 to meet), at any
    # scale of the data; round-off in g must not be read as a plane.
    from lossland.core.inregion import saddle_in_region

    X, y = random_data(seed, 3, 3)
    X, y = X * np.sign(X @ np.ones(3))[:, None], np.abs(y) + 0.1  # all active at w = (1, 1, 1); v w = X^-1 y fits

    for data, targets in ((X, y), (10.0**exponent * X, y), (X, 10.0**y_exponent * y)):
        found = regions.activation_regions(data, 2)
        busy_on_all = [r for r, pattern in enumerate(found.patterns) if pattern[:, 1].all()]
        assert len(busy_on_all) == len(regions.unit_cells(data).patterns)
        assert all(saddle_in_region(data, targets, found, r, idle=(0,)) is not None for r in busy_on_all)


def _saddles(X: np.ndarray, y: np.ndarray, bias: bool) -> dict[bytes, np.ndarray | None]:
    """Case 2's point of every region of width 2 with unit 0 idle (or None), keyed by the region's pattern."""
    from lossland.core.inregion import saddle_in_region

    found = regions.activation_regions(X, 2, bias)
    return {pattern.tobytes(): saddle_in_region(X, y, found, r, idle=(0,)) for r, pattern in enumerate(found.patterns)}


@pytest.mark.slow
@pytest.mark.parametrize("seed, n_points, n_inputs, bias", [(2, 3, 2, True), (4, 5, 1, True), (3, 4, 2, False)])
def test_saddles_do_not_depend_on_the_units(seed, n_points, n_inputs, bias):
    """Case 2 of Theorem 2.5 finds a point in a region of ``(aX, by)`` exactly when it finds one in ``(X, y)``.

    ``X -> aX`` (``a > 0``) maps a unit's cells to themselves (weights ``W/a``, hidden biases kept);
    ``y -> by`` (``b != 0``) multiplies the busy units' minimiser, the residuals and the idle unit's
    gradient ``g`` by ``b``: the smaller region's verdict and the plane ``g . w = 0`` do not change.
    The point found is critical in the data's own units (mapped back, its gradient vanishes).
    The first instance (three points, two inputs, biases) lost 7 of its 40 points at ``a = 1e-3``
    when the smaller region was decided in the data's units.
    """
    X, y = random_data(seed, n_points, n_inputs)
    arch = nets.Architecture(n_inputs, 2, bias=bias)
    plain = _saddles(X, y, bias)
    assert any(theta is not None for theta in plain.values())
    for a in (1e-3, 1.0, 1e3):
        for b in (1e-3, 1.0, 1e3, -1.0):
            scaled = _saddles(a * X, b * y, bias)
            assert {key: theta is None for key, theta in scaled.items()} == {key: theta is None for key, theta in plain.items()}
            for theta in filter(lambda theta: theta is not None, scaled.values()):
                W, v, *rest = arch.unpack(theta)
                back = arch.pack(a * W, v / b, rest[0], rest[1] / b) if bias else arch.pack(a * W, v / b)
                # the busy units' parameters may come from a margin program: accurate to its feasibility tolerance
                np.testing.assert_allclose(nets.gradient(arch, back, X, y), 0.0, atol=10 * LP_FEASIBILITY)


@settings(max_examples=8)
@given(seed=SEEDS, n_points=st.integers(3, 6), n_inputs=st.integers(1, 2), exponent=st.floats(-80.0, 80.0))
def test_petzka_theorem4_instance_is_invariant_under_the_datas_units(seed, n_points, n_inputs, exponent):
    """App. A.2's construction on ``cX`` with ``weight / c`` is the one on ``X`` with hidden weights ``u / c``.

    The network ``sum_i v_i sigma(u_i . x + u_{i,0})`` computes the same function of ``cx`` with
    ``u_i / c`` as of ``x`` with ``u_i``, and ``phi(u) = sum_a d_a exp(-u . x_a)`` is unchanged, so the
    local minimum at infinity, its limit loss and Lemma A.2's signs must not depend on the units.
    """
    from lossland.core import sigmoid_nets
    from lossland.petzka import infinity

    X, y = random_data(seed, n_points, n_inputs)
    c = 10.0**exponent
    plain = infinity.theorem4_instance(X, y)
    scaled = infinity.theorem4_instance(c * X, y, weight=10.0 / c)
    (U, v), biases = plain.arch.unpack(plain.theta0)
    (U_c, v_c), biases_c = scaled.arch.unpack(scaled.theta0)
    np.testing.assert_allclose(U_c * c, U, rtol=1e-12)
    np.testing.assert_array_equal(v_c, v)
    for b, b_c in zip(biases, biases_c):
        np.testing.assert_array_equal(b_c, b)
    np.testing.assert_allclose(scaled.phi, plain.phi, rtol=1e-9)
    assert (scaled.c, scaled.limit_loss) == (plain.c, plain.limit_loss)
    np.testing.assert_allclose(sigmoid_nets.forward(scaled.arch, scaled.theta0, c * X),
                               sigmoid_nets.forward(plain.arch, plain.theta0, X), rtol=1e-9)


@settings(max_examples=8)
@given(seed=SEEDS, exponent=EXPONENTS)
def test_petzka_theorem4_instance_meets_lemma_a2_at_any_scale(seed, exponent):
    """With the default ``weight``, data of any scale still give a finite instance with Lemma A.2's signs."""
    from lossland.petzka import infinity

    X, y = random_data(seed, 5, 1)
    instance = infinity.theorem4_instance(10.0**exponent * X, y)
    (_, v), _ = instance.arch.unpack(instance.theta0)
    assert np.all(np.isfinite(instance.theta0)) and np.all(np.isfinite(instance.phi))
    assert instance.phi[0] < 0 < instance.phi[1] and v[0, 0] > 0 > v[0, 1]
    assert np.isclose(v.sum(), instance.c, rtol=1e-12, atol=1e-12 * np.abs(v).sum())


@settings(max_examples=4)
@given(exponent=st.floats(-30.0, 30.0))
def test_petzka_theorem5_path_is_invariant_under_the_inputs_units(exponent):
    """Theorem 5's path never moves the layers up to ``l*``: on ``cX`` with first-layer weights ``/ c`` it is the same path."""
    from lossland.petzka import wide_path

    arch, theta, X, y = wide_path.theorem5_instance()
    c = 10.0**exponent
    weights, biases = arch.unpack(theta)
    scaled_theta = arch.pack([weights[0] / c] + list(weights[1:]), biases)
    plain = wide_path.theorem5_path(arch, theta, X, y, n_t=5)
    scaled = wide_path.theorem5_path(arch, scaled_theta, c * X, y, n_t=5)
    np.testing.assert_allclose(scaled.outputs, plain.outputs, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(scaled.loss, plain.loss, rtol=1e-9, atol=1e-12)
    assert scaled.non_increasing == plain.non_increasing


@settings(max_examples=10)
@given(seed=SEEDS, delta=st.floats(-200.0, 700.0))
@pytest.mark.slow
def test_the_added_neuron_is_invariant_under_chapter_3s_rescaling(seed, delta):
    """``(a, b) -> (e^{-delta} a, b + delta)`` keeps every added neuron ``a e^{w.x + b}`` (proof of Theorem 1).

    Also where ``e^{w.x + b + delta}`` alone overflows float64 (``b`` is raised by 30, so beyond
    ``delta`` of about 680): the neuron is computed as ``sign(a) e^{log|a| + w.x + b}`` there, not
    as ``0 * inf`` or ``inf``; the data-fit part of the modified loss is unchanged too.
    """
    from lossland.expneuron.losses import SquaredLoss
    from lossland.expneuron.models import LinearModel
    from lossland.expneuron.objective import Problem

    X, y = random_data(seed, 4, 2)
    problem = Problem(LinearModel(2), SquaredLoss(), X, y[:, None])
    theta, a, b, W = problem.unpack(np.random.default_rng(seed).standard_normal(problem.size))
    a = np.where(np.abs(a) < 1e-3, 1e-3, a)  # e^{-700} a stays a normal float
    params, moved = problem.pack(theta, a, b + 30.0, W), problem.pack(theta, a * np.exp(-delta), b + 30.0 + delta, W)
    np.testing.assert_allclose(problem.neuron(moved), problem.neuron(params), rtol=1e-13 * max(1.0, abs(delta)))

    def fit(point):
        return problem.modified_loss(point) - problem.lam * float(np.sum(problem.unpack(point)[1] ** 2))

    if delta >= 0:  # the penalty shrinks (for delta < 0 it grows by e^{-2 delta} and swamps the fit's digits)
        assert np.isclose(fit(moved), fit(params), rtol=1e-9, atol=1e-12)
        assert problem.modified_loss(moved) <= problem.modified_loss(params) * (1 + 1e-12)


@settings(max_examples=15)
@given(seed=SEEDS, x_exponent=st.floats(-40.0, 40.0), y_exponent=st.floats(-40.0, 40.0), bias=BIAS)
def test_parameters_built_on_the_scaled_data_map_back(seed, x_exponent, y_exponent, bias):
    """scaling.Scales maps a network on the data of order one to the data's units: outputs scale with ``max |y|``.

    ``f(X; W/x, y v, b, y c) = y f(X/x; W, v, b, c)``, and the products ``v_j (w_j, b_j)`` map as
    :meth:`~lossland.core.scaling.Scales.products` says.
    """
    rng = np.random.default_rng(seed)
    X, y = 10.0**x_exponent * rng.standard_normal((5, 2)), 10.0**y_exponent * rng.standard_normal(5)
    scaled, scales = scaled_to_one(dataset(X, y, bias))
    assert np.abs(scaled.X).max() == pytest.approx(1.0) and np.abs(scaled.y).max() == pytest.approx(1.0)
    arch = nets.Architecture(2, 3, bias=bias)
    theta = rng.standard_normal(arch.size)
    mapped = scales.parameters(theta, 3, 2)
    np.testing.assert_allclose(nets.outputs(arch, mapped, X) / scales.y, nets.outputs(arch, theta, scaled.X), rtol=1e-9, atol=1e-12)
    W, v, *rest = arch.unpack(theta)
    products = v[:, None] * (np.hstack([W, rest[0][:, None]]) if bias else W)
    W_m, v_m, *rest_m = arch.unpack(mapped)
    mapped_products = v_m[:, None] * (np.hstack([W_m, rest_m[0][:, None]]) if bias else W_m)
    np.testing.assert_allclose(scales.products(products), mapped_products, rtol=1e-12)


@pytest.mark.parametrize("x_scale", [1e-250, 1e-120])
def test_parameters_beyond_the_packages_range_are_refused_naming_the_data(x_scale):
    """Weights grow like ``1 / max|x|``: data so small that they would pass 1e100 get a clear error, not an inner one."""
    rng = np.random.default_rng(3)
    X, y = x_scale * rng.standard_normal((5, 2)), rng.standard_normal(5)
    scales = scaled_to_one(dataset(X, y, True))[1]
    with pytest.raises(ValueError, match=r"X and y .*rescale X and y"):
        scales.parameters(np.ones(nets.Architecture(2, 2, bias=True).size), 2, 2)
