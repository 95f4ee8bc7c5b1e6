"""The embedding gamma_lambda^r (Sec. 5), Theorem 7, Lemma 12, Proposition 15(i) and the Theorem 8 example."""
import numpy as np
import pytest
from numerics import central_gradient

from lossland.core import sigmoid_nets as sn
from lossland.petzka import embedding as em

LAMS = [-1.5, 0.0, 0.3, 1.0, 2.5]


@pytest.fixture(params=[((2, 3, 2, 1), True), ((2, 3, 2, 1), False), ((1, 1, 1), False)], ids=["2-3-2-1+b", "2-3-2-1", "1-1-1"])
def random_point(request):
    sizes, bias = request.param
    rng = np.random.default_rng(5)
    arch = sn.Architecture(sizes, bias)
    return arch, rng.standard_normal(arch.size), rng.standard_normal((6, sizes[0])), rng.standard_normal(6)


@pytest.fixture(scope="module")
def deep_critical_point():
    """A critical point of a bias-free 2-2-2-1 network on data from a random 2-4-3-1 teacher."""
    rng = np.random.default_rng(11)
    arch = sn.Architecture((2, 2, 2, 1))
    X = rng.standard_normal((12, 2))
    y = sn.forward(sn.Architecture((2, 4, 3, 1)), 2 * rng.standard_normal(2 * 4 + 4 * 3 + 3), X)
    theta = sn.refine_critical_point(arch, rng.standard_normal(arch.size), X, y)
    return arch, theta, X, y


def test_embed_copies_incoming_and_shares_outgoing_weights():
    arch = sn.Architecture((2, 3, 2, 1), bias=True)
    theta = np.random.default_rng(0).standard_normal(arch.size)
    big, big_theta = em.embed(arch, theta, 1, 1, 0.25)
    assert big.sizes == (2, 4, 2, 1) and big.bias
    (U, V, W), (b, c, d) = arch.unpack(theta)
    (U2, V2, W2), (b2, c2, d2) = big.unpack(big_theta)
    assert np.array_equal(U2[3], U[1]) and b2[3] == b[1] and np.array_equal(U2[:3], U)
    assert np.allclose(V2[:, 3], 0.25 * V[:, 1]) and np.allclose(V2[:, 1], 0.75 * V[:, 1])
    assert np.array_equal(V2[:, [0, 2]], V[:, [0, 2]]) and np.array_equal(W2, W) and np.array_equal(c2, c)


@pytest.mark.parametrize("lam", LAMS)
def test_network_function_is_unchanged_for_every_lambda(random_point, lam):
    arch, theta, X, _ = random_point
    X_new = np.random.default_rng(1).standard_normal((20, arch.sizes[0]))
    for layer in range(1, arch.depth):
        for neuron in range(arch.sizes[layer]):
            big, big_theta = em.embed(arch, theta, layer, neuron, lam)
            assert np.allclose(sn.forward(big, big_theta, X_new), sn.forward(arch, theta, X_new), atol=1e-12)


def _split_gradient_norm(arch, gradient, layer, neuron, lam):
    """The norm Theorem 7's proof predicts after splitting: incoming parts scaled by lam and 1 - lam, outgoing copied.

    Each copy sees the original's incoming weights and carries lam (resp. 1 - lam) of its outgoing
    weights, so its incoming gradient is lam (1 - lam) times the original's and each copy's outgoing
    gradient equals the original's.
    """
    weights, biases = arch.unpack(gradient)
    incoming = np.append(weights[layer - 1][neuron], biases[layer - 1][neuron] if arch.bias else [])
    outgoing = weights[layer][:, neuron]
    extra = (lam**2 + (1 - lam) ** 2 - 1) * incoming @ incoming + outgoing @ outgoing
    return np.sqrt(gradient @ gradient + extra)


@pytest.mark.parametrize("lam", LAMS)
def test_theorem7_gradient_after_splitting_follows_the_proof(random_point, lam):
    """At any point, not only critical ones: the split gradient is the original's, rearranged."""
    arch, theta, X, y = random_point
    gradient = sn.gradient(arch, theta, X, y)
    for layer in range(1, arch.depth):
        for neuron in range(arch.sizes[layer]):
            big, big_theta = em.embed(arch, theta, layer, neuron, lam)
            expected = _split_gradient_norm(arch, gradient, layer, neuron, lam)
            assert np.linalg.norm(sn.gradient(big, big_theta, X, y)) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("lam", LAMS)
@pytest.mark.slow
def test_theorem7_critical_points_map_to_critical_points(deep_critical_point, lam):
    """The bound sqrt(max(2, lam^2 + (1 - lam)^2)) |grad| of the rearrangement, at refine's promised 1e-7."""
    arch, theta, X, y = deep_critical_point
    small = np.linalg.norm(sn.gradient(arch, theta, X, y))
    assert small < 1e-7  # refine_critical_point's guarantee (1000 * gtol)
    factor = np.sqrt(max(2.0, lam**2 + (1 - lam) ** 2))
    for layer in (1, 2):
        big, big_theta = em.embed(arch, theta, layer, 0, lam)
        assert np.linalg.norm(sn.gradient(big, big_theta, X, y)) <= factor * small * (1 + 1e-8) + 1e-14


def test_a_non_critical_point_stays_non_critical(random_point):
    arch, theta, X, y = random_point
    big, big_theta = em.embed(arch, theta, 1, 0, 0.3)
    assert np.linalg.norm(sn.gradient(big, big_theta, X, y)) > 1e-3


@pytest.mark.parametrize("lam", LAMS[:1] + LAMS[2:])
def test_lemma12_hessian_block_structure_holds_at_any_point(random_point, lam):
    arch, theta, X, y = random_point
    for layer in range(1, arch.depth):
        big, big_theta = em.embed(arch, theta, layer, 0, lam)
        P = em.lemma12_basis(arch, layer, 0, lam)
        assert np.linalg.matrix_rank(P) == big.size
        actual = P.T @ sn.hessian(big, big_theta, X, y) @ P
        assert np.allclose(actual, em.lemma12_hessian(arch, theta, X, y, layer, 0, lam), atol=1e-10)


def test_lemma12_at_a_deep_critical_point(deep_critical_point):
    arch, theta, X, y = deep_critical_point
    for layer in (1, 2):
        big, big_theta = em.embed(arch, theta, layer, 1, 0.4)
        P = em.lemma12_basis(arch, layer, 1, 0.4)
        actual = P.T @ sn.hessian(big, big_theta, X, y) @ P
        assert np.allclose(actual, em.lemma12_hessian(arch, theta, X, y, layer, 1, 0.4), atol=1e-10)


def test_b_matrix_is_twice_the_theorem8_matrix_for_one_hidden_layer():
    rng = np.random.default_rng(4)
    arch = sn.Architecture((2, 3, 1))
    theta, X, y = rng.standard_normal(arch.size), rng.standard_normal((9, 2)), rng.standard_normal(9)
    residual = sn.forward(arch, theta, X) - y
    U, v = arch.unpack(theta)[0]
    s = sn.sigmoid(X @ U[2])
    theorem8 = np.einsum("a,a,ai,aj->ij", residual * v[0, 2], s * (1 - s) * (1 - 2 * s), X, X)
    assert np.allclose(em.b_matrix(arch, theta, X, y, 1, 2), 2 * theorem8)
    assert em.d_matrix(arch, theta, X, y, 1, 2).shape == (2, 1)


def test_proposition15i_d_vanishes_in_the_last_hidden_layer_at_a_critical_point(deep_critical_point):
    arch, theta, X, y = deep_critical_point
    for neuron in (0, 1):
        assert np.allclose(em.d_matrix(arch, theta, X, y, 2, neuron), 0, atol=1e-8)


def test_theorem8_shallow_example_psd_inside_negative_outside():
    arch, theta, X, y = em.shallow_example()
    assert sn.loss(arch, theta, X, y) > 1e-2  # suboptimal: the 1-2-1 teacher fits exactly
    assert np.all(np.linalg.eigvalsh(sn.hessian(arch, theta, X, y)) > 0)  # isolated minimum
    assert em.b_matrix(arch, theta, X, y, 1, 0)[0, 0] > 0
    inside = em.embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, [0.05, 0.3, 0.5, 0.95])
    outside = em.embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, [-1.0, -0.05, 1.05, 2.0])
    assert np.all(inside[:, 0] > -1e-10) and np.all(inside[:, 1] > 1e-3)
    assert np.all(outside[:, 0] < -1e-3)


def test_theorem8_other_half_negative_b_minima_outside_saddles_inside():
    arch, theta, X, y = em.shallow_example(seed=em.SHALLOW_SEEDS["negative"])
    assert sn.loss(arch, theta, X, y) > 1e-2
    assert np.all(np.linalg.eigvalsh(sn.hessian(arch, theta, X, y)) > 0)  # isolated minimum
    assert em.b_matrix(arch, theta, X, y, 1, 0)[0, 0] < 0
    inside = em.embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, [0.05, 0.3, 0.5, 0.95])
    outside = em.embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, [-1.0, -0.05, 1.05, 2.0])
    assert np.all(outside[:, 0] > -1e-10) and np.all(outside[:, 1] > 1e-3)
    assert np.all(inside[:, 0] < -1e-3)


@pytest.mark.parametrize("lam", [-0.5, 0.3, 1.2])
def test_split_directions_flat_line_and_softest_curvature(lam):
    arch, theta, X, y = em.shallow_example()
    split = em.split_directions(arch, theta, X, y, 1, 0, lam)
    big, big_theta, null, soft = split["big_arch"], split["big_theta"], split["null"], split["softest"]
    assert null.shape == (big.size, 1) and np.isclose(np.linalg.norm(soft), 1.0) and abs(null[:, 0] @ soft) < 1e-12
    steps = np.linspace(-1.0, 1.0, 5)
    flat = sn.loss_batch(big, big_theta + steps[:, None] * null[:, 0], X, y)
    assert np.ptp(flat) < 1e-12  # exactly flat: the network function does not change
    H = sn.hessian(big, big_theta, X, y)
    assert split["curvature"] == pytest.approx(soft @ H @ soft, abs=1e-12)
    # q = 1: the flat direction is in the kernel, so the curvature is the other eigenvalue nearest zero
    values = split["hessian_eigenvalues"]
    nonzero = values[np.argsort(np.abs(values))[1]]
    assert split["curvature"] == pytest.approx(nonzero, rel=1e-8)
    assert (split["curvature"] > 0) == (0 < lam < 1)


def test_theorem9_d_nonzero_gives_a_saddle_for_every_lambda():
    arch, theta, X, y = em.deep_example()
    assert np.linalg.norm(sn.gradient(arch, theta, X, y)) < 1e-9
    assert np.linalg.eigvalsh(sn.hessian(arch, theta, X, y))[0] > 1e-3  # isolated minimum
    D = em.d_matrix(arch, theta, X, y, 1, 0)
    assert np.abs(D).max() > 1e-3
    smallest = em.embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, [-1.0, 0.0, 0.3, 0.5, 1.0, 2.0], k=1)
    assert np.all(smallest < -5e-4)
    # the reason: the 2 x 2 principal block [[lam (1 - lam) B, D], [D, 0]] of Lemma 12 has determinant -D^2 < 0
    big, big_theta = em.embed(arch, theta, 1, 0, 0.5)
    P = em.lemma12_basis(arch, 1, 0, 0.5)
    Hb = P.T @ sn.hessian(big, big_theta, X, y) @ P
    block = Hb[np.ix_([-3, -1], [-3, -1])]  # u-difference (one input) and the v-difference for s = 2
    assert block[1, 1] == pytest.approx(0.0, abs=1e-12) and np.linalg.det(block) < 0


def test_bad_input_is_rejected():
    arch = sn.Architecture((2, 3, 2, 1))
    theta, X, y = np.zeros(arch.size), np.zeros((4, 2)), np.zeros(4)
    with pytest.raises(ValueError, match="layer"):
        em.embed(arch, theta, 3, 0, 0.5)
    with pytest.raises(ValueError, match="layer"):
        em.b_matrix(arch, theta, X, y, 0, 0)
    with pytest.raises(ValueError, match="neuron"):
        em.d_matrix(arch, theta, X, y, 2, 2)
    with pytest.raises(TypeError, match="neuron"):
        em.embed(arch, theta, 1, 0.0, 0.5)
    with pytest.raises(ValueError, match="lam"):
        em.embed(arch, theta, 1, 0, np.nan)
    with pytest.raises(TypeError, match="lam"):
        em.lemma12_basis(arch, 1, 0, "half")
    with pytest.raises(ValueError, match="theta"):
        em.embed(arch, theta[1:], 1, 0, 0.5)
    with pytest.raises(ValueError, match="lams"):
        em.embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, [])
    with pytest.raises(ValueError, match="y"):
        em.lemma12_hessian(arch, theta, X, y[:3], 1, 0, 0.5)
    with pytest.raises(TypeError, match="arch"):
        em.embed((2, 3, 1), theta, 1, 0, 0.5)
    with pytest.raises(ValueError, match="n_points"):
        em.shallow_example(n_points=0)



def test_theorem13_repeated_splitting_scales_b_by_one_minus_lambda(deep_critical_point):
    arch, theta, X, y = deep_critical_point
    lam = 0.3
    B = em.b_matrix(arch, theta, X, y, 1, 0)
    big, big_theta = arch, theta
    for t in range(1, 4):  # the t-th split of neuron 0 sees B^{1,(t)} = (1 - lam)^(t-1) B^{1,(1)}
        assert np.allclose(em.b_matrix(big, big_theta, X, y, 1, 0), (1 - lam) ** (t - 1) * B)
        big, big_theta = em.embed(big, big_theta, 1, 0, lam)


def test_section53_b2_is_constant_after_widening_the_first_layer(deep_critical_point):
    _, _, X, y = deep_critical_point
    small = sn.Architecture((2, 1, 1, 1))
    theta = np.array([1.0, -2.0, 1.5, 0.7])
    big, big_theta = small, theta
    for _ in range(3):
        big, big_theta = em.embed(big, big_theta, 1, 0, 0.3)
    B2 = em.b_matrix(small, theta, X, y, 2, 0)[0, 0]
    assert np.allclose(em.b_matrix(big, big_theta, X, y, 2, 0), np.full((4, 4), B2))


# ---------------------------------------------------------------- Proposition 15 and Theorem 13
def test_prop15_identity_holds_anywhere_on_the_last_hidden_layer(random_point):
    """Prop. 15 (i): D = dL/du_r / v_r at any point, not only at critical points (independent finite differences)."""
    arch, theta, X, y = random_point
    layer = arch.depth - 1
    D, G = em.prop15_identity(arch, theta, X, y, layer, 0)
    np.testing.assert_allclose(D, G, rtol=1e-10, atol=1e-12)
    assert np.abs(D).max() > 1e-3  # a random point is not critical: the identity is not 0 = 0
    u_r, _ = em._incoming_outgoing(arch, layer, 0)
    v_r = arch.unpack(theta)[0][layer][0, 0]
    fd = central_gradient(lambda t: sn.loss(arch, t, X, y), theta)[u_r] / v_r
    np.testing.assert_allclose(D[:, 0], fd, rtol=1e-6, atol=1e-8)


def test_prop15_d_vanishes_at_a_critical_point_only_when_a_condition_holds(deep_critical_point):
    arch, theta, X, y = deep_critical_point
    D2, _ = em.prop15_identity(arch, theta, X, y, 2, 0)          # last hidden layer: (i)
    assert np.abs(D2).max() < 1e-8
    arch1, theta1, X1, y1 = em.deep_example()                     # layer 1 of 1-1-2-1: neither (i) nor (ii)
    D1, G1 = em.prop15_identity(arch1, theta1, X1, y1, 1, 0)
    assert np.abs(G1).max() < 1e-8 and np.abs(D1).max() > 1e-3


def test_prop15_refuses_outgoing_weights_summing_to_zero():
    arch = sn.Architecture((1, 1, 2, 1))
    theta = arch.pack([np.array([[1.0]]), np.array([[1.0], [-1.0]]), np.array([[1.0, 2.0]])])
    with pytest.raises(ValueError, match="sum"):
        em.prop15_identity(arch, theta, [[0.5], [1.0]], [0.0, 1.0], 1, 0)


@pytest.fixture(scope="module")
def theorem13():
    arch, theta, X, y = em.shallow_example(seed=em.SHALLOW_SEEDS["positive"])
    return em.theorem13_steps(arch, theta, X, y, lam=0.4, n_add=4), (arch, theta, X, y)


def test_theorem13_b_shrinks_by_one_minus_lambda_per_split(theorem13):
    steps, _ = theorem13
    np.testing.assert_allclose(steps["B_ratio"], 0.6 ** np.arange(4), rtol=1e-10)
    assert np.all(steps["B"] > 0)


def test_theorem13_psd_hessian_with_one_flat_direction_per_split(theorem13):
    steps, (arch, theta, X, y) = theorem13
    np.testing.assert_array_equal(steps["zero_eigenvalues"], np.arange(1, 5))
    assert np.all(steps["smallest_positive"] > 1e-4) and np.all(steps["smallest"] > -1e-9)
    assert np.all(steps["flat_change"] < 1e-12)
    wide, wide_theta = steps["big_arch"], steps["big_theta"]
    assert wide.sizes == (1, 5, 1)
    np.testing.assert_allclose(sn.forward(wide, wide_theta, X), sn.forward(arch, theta, X), atol=1e-12)
    U = wide.unpack(wide_theta)[0][0]
    assert np.ptp(U) == 0.0  # Remark 14: every hidden neuron has the same incoming weight


def test_theorem13_refuses_deep_networks_and_lambda_outside_0_1():
    arch, theta, X, y = em.deep_example()
    with pytest.raises(ValueError, match="one hidden layer"):
        em.theorem13_steps(arch, theta, X, y)
    arch, theta, X, y = em.shallow_example(n_points=4)
    with pytest.raises(ValueError, match="between 0 and 1"):
        em.theorem13_steps(arch, theta, X, y, lam=1.5)
