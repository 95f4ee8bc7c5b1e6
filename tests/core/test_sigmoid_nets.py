"""Deep sigmoid networks: exact gradient and Hessian against finite differences, batching, bad input."""
import numpy as np
import pytest
from numerics import assert_exact_derivatives

from lossland.core import sigmoid_nets as sn


@pytest.fixture(params=[((2, 3, 1), False), ((2, 3, 4, 1), True), ((3, 2, 2, 2, 1), False)], ids=["2-3-1", "2-3-4-1+b", "3-2-2-2-1"])
def problem(request):
    sizes, bias = request.param
    rng = np.random.default_rng(3)
    arch = sn.Architecture(sizes, bias)
    return arch, rng.standard_normal(arch.size), rng.standard_normal((7, sizes[0])), rng.standard_normal(7)


def test_size_and_layout():
    arch = sn.Architecture((2, 5, 5, 1))
    assert arch.size == 2 * 5 + 5 * 5 + 5
    assert sn.Architecture((2, 5, 5, 1), bias=True).size == 3 * 5 + 6 * 5 + 6
    theta = np.arange(arch.size, dtype=float)
    weights, biases = arch.unpack(theta)
    assert [W.shape for W in weights] == [(5, 2), (5, 5), (1, 5)]
    assert weights[0][1, 0] == 2.0 and weights[1][0, 0] == 10.0  # row-major, layer by layer
    assert all(np.all(b == 0) for b in biases)
    assert np.array_equal(arch.pack(weights), theta)


def test_pack_unpack_roundtrip_with_bias_and_batches():
    arch = sn.Architecture((2, 3, 1), bias=True)
    thetas = np.random.default_rng(0).standard_normal((4, arch.size))
    assert np.array_equal(arch.pack(*arch.unpack(thetas)), thetas)


def test_forward_matches_the_formula_of_section_3():
    arch = sn.Architecture((2, 3, 1), bias=True)
    rng = np.random.default_rng(1)
    W1, b1, W2, b2 = rng.standard_normal((3, 2)), rng.standard_normal(3), rng.standard_normal((1, 3)), rng.standard_normal(1)
    X = rng.standard_normal((5, 2))
    expected = (W2 @ (1 / (1 + np.exp(-(W1 @ X.T + b1[:, None])))) + b2[:, None])[0]
    assert np.allclose(sn.forward(arch, arch.pack([W1, W2], [b1, b2]), X), expected)


def test_loss_is_summed_not_averaged(problem):
    arch, theta, X, y = problem
    assert np.isclose(sn.loss(arch, theta, X, y), np.sum((sn.forward(arch, theta, X) - y) ** 2))


def test_gradient_and_hessian_match_central_differences(problem):
    arch, theta, X, y = problem
    assert_exact_derivatives(lambda t: sn.loss(arch, t, X, y), lambda t: sn.gradient(arch, t, X, y),
                             lambda t: sn.hessian(arch, t, X, y), theta, symmetry_atol=1e-12)


def test_deltas_are_derivatives_with_respect_to_neuron_values(problem):
    arch, theta, X, y = problem
    pre, acts, deltas = sn.neuron_values(arch, theta, X, y)
    # the bias-free identity dL/dW^l = sum_alpha delta_l(alpha) act(l-1)(alpha)^T
    weights_grad, _ = arch.unpack(sn.gradient(arch, theta, X, y))
    for l in range(1, arch.depth + 1):
        assert np.allclose(weights_grad[l - 1], deltas[l].T @ acts[l - 1])
    assert np.allclose(deltas[-1][:, 0], 2 * (sn.forward(arch, theta, X) - y))


def test_loss_batch_agrees_with_loss_for_every_chunk_size(problem):
    arch, theta, X, y = problem
    thetas = theta + 0.3 * np.random.default_rng(2).standard_normal((11, arch.size))
    expected = [sn.loss(arch, t, X, y) for t in thetas]
    for chunk in (1, 4, 11, 100):
        assert np.allclose(sn.loss_batch(arch, thetas, X, y, chunk_size=chunk), expected)


def test_sigmoid_does_not_overflow():
    with np.errstate(all="raise"):
        assert np.allclose(sn.sigmoid(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.5, 1.0])


@pytest.mark.parametrize("sizes, error", [((2, 0, 1), ValueError), ((2,), ValueError), ((2, 3, 2), ValueError), ((2, 1.5, 1), TypeError), ("231", TypeError), (3, TypeError)])
def test_bad_architecture_is_rejected(sizes, error):
    with pytest.raises(error, match="sizes"):
        sn.Architecture(sizes)


def test_bad_data_and_parameters_are_rejected():
    arch = sn.Architecture((2, 3, 1))
    theta, X, y = np.zeros(arch.size), np.zeros((4, 2)), np.zeros(4)
    with pytest.raises(ValueError, match="theta"):
        sn.loss(arch, theta[:-1], X, y)
    with pytest.raises(ValueError, match="theta"):
        sn.gradient(arch, np.full(arch.size, np.nan), X, y)
    with pytest.raises(ValueError, match="X"):
        sn.loss(arch, theta, np.zeros((4, 3)), y)
    with pytest.raises(ValueError, match="X"):
        sn.forward(arch, theta, np.zeros((0, 2)))
    with pytest.raises(ValueError, match="y"):
        sn.hessian(arch, theta, X, np.zeros(5))
    with pytest.raises(ValueError, match="thetas"):
        sn.loss_batch(arch, np.zeros((3, arch.size + 1)), X, y)
    with pytest.raises(ValueError, match="chunk_size"):
        sn.loss_batch(arch, np.zeros((3, arch.size)), X, y, chunk_size=0)
    with pytest.raises(TypeError, match="arch"):
        sn.loss((2, 3, 1), theta, X, y)


def test_refine_critical_point_reaches_a_zero_gradient_minimum():
    rng = np.random.default_rng(8)
    arch = sn.Architecture((2, 2, 1))
    X = rng.standard_normal((10, 2))
    y = sn.forward(sn.Architecture((2, 3, 1)), 2 * rng.standard_normal(9), X)  # a teacher, so no minimum at infinity
    theta = sn.refine_critical_point(arch, rng.standard_normal(arch.size), X, y)
    assert np.linalg.norm(sn.gradient(arch, theta, X, y)) < 1e-8
    assert np.linalg.eigvalsh(sn.hessian(arch, theta, X, y))[0] > -1e-8
    with pytest.raises(ValueError, match="gtol"):
        sn.refine_critical_point(arch, theta, X, y, gtol=-1.0)
