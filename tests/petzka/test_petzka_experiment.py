"""Tests for lossland.petzka.experiment (Petzka & Sminchisescu, Sec. 5.4 and Fig. 3)."""
import numpy as np
import pytest

from lossland.core import sigmoid_nets as sn
from lossland.petzka import experiment as pe
from lossland.petzka.embedding import b_matrix


@pytest.fixture(scope="module")
def data():
    return pe.teacher_student()


@pytest.fixture(scope="module")
def wide(data):
    return pe.wide_minimum(data)


@pytest.fixture(scope="module")
def fig(wide):
    return pe.figure3(wide, steps=np.linspace(-1, 1, 21), n_directions=5000, n_path=11)


def test_reproduces_the_papers_numbers(data):
    # Sec. 5.4: total loss 4.817, eig B(1) = 0.0182, 0.0004, B(2) = 0.0757 (paper rounds to the digits shown).
    assert data.loss == pytest.approx(4.817, abs=5e-4)
    assert np.linalg.eigvalsh(data.B1_paper) == pytest.approx([0.0004, 0.0182], abs=5e-5)
    assert data.B2_paper == pytest.approx(0.0757, abs=5e-5)


def test_student_is_an_isolated_minimum(data):
    arch = sn.Architecture(pe.STUDENT_SIZES)
    assert data.grad_norm < 1e-4
    assert np.linalg.eigvalsh(sn.hessian(arch, data.student, data.X, data.y))[0] > 0
    assert data.loss < sn.loss(arch, data.student_init, data.X, data.y)


def test_teacher_fits_its_data_and_student_does_not(data):
    assert sn.loss(sn.Architecture(pe.TEACHER_SIZES), data.teacher, data.X, data.y) == 0.0
    assert data.loss > 1.0


def test_wide_network_computes_the_small_networks_function(data, wide):
    assert wide.arch.sizes == (2, 21, 21, 1)
    X_new = np.random.default_rng(5).uniform(-2, 2, size=(50, 2))
    small = sn.forward(sn.Architecture(pe.STUDENT_SIZES), data.student, X_new)
    np.testing.assert_allclose(sn.forward(wide.arch, wide.theta, X_new), small, rtol=1e-12, atol=1e-12)
    assert wide.loss == pytest.approx(data.loss, rel=1e-12)


def test_gradient_vanishes_at_the_embedded_point(data, wide):
    # Theorem 7: the embedding of a critical point is critical (up to the student's own residual gradient).
    assert wide.grad_norm < 10 * data.grad_norm + 1e-10


@pytest.mark.slow
def test_wide_hessian_is_psd_and_the_saddle_is_not(wide, fig):
    H = sn.hessian(wide.arch, wide.theta, wide.data.X, wide.data.y)
    ev = np.linalg.eigvalsh(H)
    assert ev[0] > -1e-8 * ev[-1]
    Hs = sn.hessian(wide.arch, fig.theta_saddle, wide.data.X, wide.data.y)
    assert np.linalg.eigvalsh(Hs)[0] < -1e-3


@pytest.mark.slow
def test_no_random_direction_descends_at_the_minimum(wide, fig):
    assert fig.minimum_losses.shape == (5000, 21)
    assert fig.minimum_min.min() >= wide.loss - 1e-9
    off_centre = fig.steps != 0
    assert np.all(fig.minimum_min[off_centre] > wide.loss)


def test_degenerate_path_keeps_the_loss(wide, fig):
    assert fig.lambdas[0] == pytest.approx(wide.lam) and not 0 <= fig.lambdas[-1] <= 1
    np.testing.assert_allclose(fig.path_losses, wide.loss, rtol=1e-12)


def test_some_random_direction_descends_at_the_saddle(wide, fig):
    assert fig.saddle_min.min() < wide.loss - 1e-6
    assert fig.descent_losses.min() < fig.saddle_min.min()


def test_lemma12_curvature(wide, fig):
    # Along the unnormalised direction (alpha xi, -beta xi) the second derivative is alpha*beta*xi^T B xi.
    lam = fig.lambdas[-1]
    alpha, beta = 1 - lam, lam
    merged = pe.degenerate_path(wide, [0.0])[0]
    B = b_matrix(wide.arch, merged, wide.data.X, wide.data.y, layer=2, neuron=0)
    top = np.linalg.eigvalsh(B)[-1]
    h = 1e-3
    L = pe.line_losses(wide.arch, fig.theta_saddle, fig.descent_direction, [-h, 0, h], wide.data.X, wide.data.y)
    curvature = (L[0] - 2 * L[1] + L[2]) / h**2 * (alpha**2 + beta**2)
    assert curvature == pytest.approx(alpha * beta * top, rel=1e-3)


def test_probe_is_deterministic_and_chunk_independent(wide):
    args = (wide.arch, wide.theta, wide.data.X, wide.data.y, [0.0, 0.5])
    a = pe.random_direction_losses(*args, n_directions=100, seed=3, chunk=64)
    for chunk in (1, 7, 100, 1000):  # one row at a time, a last partial chunk, one chunk, chunk > n_directions
        np.testing.assert_array_equal(pe.random_direction_losses(*args, n_directions=100, seed=3, chunk=chunk), a)
    d = pe.random_directions(100, wide.arch.size, seed=3)
    np.testing.assert_allclose(a[:, 1], [pe.line_losses(wide.arch, wide.theta, v, [0.5], wide.data.X, wide.data.y)[0]
                                         for v in d], rtol=1e-12)
    assert pe.teacher_student().student.tolist() == pe.teacher_student().student.tolist()


def _probe_cases(wide):
    """The 2-21-21-1 minimum, and a small net with biases (the probe's other branch), with seeded data."""
    rng = np.random.default_rng(11)
    arch = sn.Architecture((3, 4, 5, 1), bias=True)
    small = (arch, rng.standard_normal(arch.size), rng.standard_normal((7, 3)), rng.standard_normal(7))
    return [(wide.arch, wide.theta, wide.data.X, wide.data.y), small]


def test_probe_repeats_loss_batch_bit_for_bit(wide):
    # The probe's reused buffers must not change the arithmetic of sigmoid_nets.loss_batch (same BLAS, same process).
    steps = np.array([-1.0, -0.3, 0.0, 0.45, 1.0])
    for arch, theta, X, y in _probe_cases(wide):
        d = pe.random_directions(30, arch.size, seed=5)
        thetas = theta + steps[None, :, None] * d[:, None, :]
        expected = sn.loss_batch(arch, thetas.reshape(-1, arch.size), X, y).reshape(30, len(steps))
        np.testing.assert_array_equal(pe.random_direction_losses(arch, theta, X, y, steps, 30, seed=5, chunk=4), expected)


def _loss_error_bound(arch, theta, X, y) -> float:
    """A first-order bound on the float64 rounding error of the total loss at ``theta`` (standard error model).

    Layer by layer with fan-in n: |fl(W a + b) - (W a + b)| <= gamma_{n+1} (|W||a| + |b|) (any summation order,
    FMA or not), plus |W| times the error carried in a; the sigmoid 0.5 + 0.5 tanh(z / 2) has slope <= 1/4 and
    adds <= 4u (tanh within 4 ulp, one rounding of the sum); then f - y, its square and a sum of N terms.
    """
    u = np.finfo(float).eps / 2
    gamma = lambda k: k * u / (1 - k * u)  # noqa: E731
    weights, biases = arch.unpack(theta)
    _, acts, _ = sn.neuron_values(arch, theta, X, y)
    err = np.zeros_like(X)
    for l, (W, b) in enumerate(zip(weights, biases), start=1):
        err = err @ np.abs(W).T + gamma(W.shape[1] + 1) * (np.abs(acts[l - 1]) @ np.abs(W).T + np.abs(b))
        if l < arch.depth:
            err = err / 4 + 4 * u
    r = np.abs(acts[-1][:, 0] - y)
    err_r = err[:, 0] + u * r
    return float(np.sum(2 * r * err_r + u * r**2) + gamma(len(y)) * np.sum(r**2))


def test_probe_matches_direct_losses_within_rounding(wide):
    # Independent reference: sigmoid_nets.loss at each point (a 2-D evaluation, possibly another BLAS path). Both
    # are within the bound of the exact loss, so they differ by at most twice the bound.
    steps = np.array([-1.0, -0.25, 0.5, 1.0])
    for arch, theta, X, y in _probe_cases(wide):
        losses = pe.random_direction_losses(arch, theta, X, y, steps, 6, seed=2, chunk=4)
        for k, v in enumerate(pe.random_directions(6, arch.size, seed=2)):
            for j, t in enumerate(steps):
                point = theta + t * v
                bound = _loss_error_bound(arch, point, X, y)
                assert bound < 1e-12 * sn.loss(arch, point, X, y)  # the check is tight enough to mean something
                assert abs(losses[k, j] - sn.loss(arch, point, X, y)) <= 2 * bound


def test_bad_input_is_named():
    arch = sn.Architecture(pe.STUDENT_SIZES)
    with pytest.raises(ValueError, match="lam"):
        pe.widen(arch, np.zeros(arch.size), lam=1.5)
    with pytest.raises(TypeError, match="seed"):
        pe.teacher_student(seed="22")
    with pytest.raises(ValueError, match="n_points"):
        pe.teacher_student(n_points=0)
    w = pe.wide_minimum(lam=0.2)
    with pytest.raises(ValueError, match="lam_saddle"):
        pe.lemma12_direction(w, w.theta, 0.5)
