"""Exact derivatives of the one-hidden-layer network, checked against finite differences."""
import numpy as np
import pytest
from numerics import assert_exact_derivatives

from lossland.core import nets


@pytest.fixture(params=[False, True], ids=["no-bias", "bias"])
def problem(request):
    rng = np.random.default_rng(7)
    arch = nets.Architecture(2, 3, request.param)
    return arch, rng.standard_normal(arch.size), rng.standard_normal((6, 2)), rng.standard_normal(6)


def test_gradient_and_hessian_match_central_differences(problem):
    arch, theta, X, y = problem
    assert_exact_derivatives(lambda t: nets.loss(arch, t, X, y), lambda t: nets.gradient(arch, t, X, y),
                             lambda t: nets.hessian(arch, t, X, y), theta, hessian_atol=1e-5)


def test_fixed_pattern_network_agrees_with_relu_network_on_its_region(problem):
    """Lemma 2.2: inside its region, g_A and f coincide together with their gradients."""
    arch, theta, X, y = problem
    pattern = nets.pattern_of(arch, theta, X)
    assert np.allclose(nets.outputs(arch, theta, X), nets.outputs(arch, theta, X, pattern))
    assert np.allclose(nets.gradient(arch, theta, X, y), nets.gradient(arch, theta, X, y, pattern))


def test_batches_of_parameters_are_evaluated_independently(problem):
    arch, theta, X, y = problem
    batch = np.stack([theta, 2 * theta, -theta])
    assert np.allclose(nets.loss(arch, batch, X, y), [nets.loss(arch, t, X, y) for t in batch])
    assert np.allclose(nets.gradient(arch, batch, X, y)[1], nets.gradient(arch, 2 * theta, X, y))


def test_pack_and_unpack_are_inverse(problem):
    arch, theta, _, _ = problem
    assert np.array_equal(arch.pack(*arch.unpack(theta)), theta)


def test_bad_shapes_are_rejected():
    arch = nets.Architecture(2, 3)
    with pytest.raises(ValueError, match="theta"):
        nets.loss(arch, np.zeros(5), np.zeros((4, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="columns"):
        nets.loss(arch, np.zeros(arch.size), np.zeros((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match="y"):
        nets.loss(arch, np.zeros(arch.size), np.zeros((4, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="width"):
        nets.Architecture(2, 0)
