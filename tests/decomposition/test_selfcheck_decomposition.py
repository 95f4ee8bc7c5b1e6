"""Self-checks accept right answers and explain typical wrong ones."""
import numpy as np
import pytest

from lossland.core import nets
from lossland.core.data import three_points
from lossland.core.inregion import saddle_in_region
from lossland.core.regions import activation_regions
from lossland.decomposition.selfcheck import (
    EXERCISE_2_PATTERN, EXERCISE_BLOCK_REGION, check_block_eigenvalues, check_dead_bias, check_fewer_regions, check_kernel_form, check_kink_minima,
    check_region_count, check_subglobal_loss,
)


def test_region_count_feedback_names_the_mistake():
    assert check_region_count(3, False, 216)
    assert check_region_count(3, False, 216.0)
    assert "2^(N h)" in check_region_count(3, False, 512).message
    assert "multiply" in check_region_count(3, False, 18).message
    assert "without biases" in check_region_count(2, True, 36).message
    assert not check_region_count(2, False, "36")
    assert "whole number" in check_region_count(2, False, 36.5).message


def test_subglobal_loss_feedback():
    X, y = three_points()
    D = np.hstack([EXERCISE_2_PATTERN[:, [0]] * X, EXERCISE_2_PATTERN[:, [1]] * X])
    p = np.linalg.lstsq(D, y, rcond=None)[0]
    half_sse = 0.5 * np.sum((D @ p - y) ** 2)
    assert half_sse > 0
    assert check_subglobal_loss(EXERCISE_2_PATTERN, half_sse)
    assert "1/2" in check_subglobal_loss(EXERCISE_2_PATTERN, 2 * half_sse).message
    assert "p = 0" in check_subglobal_loss(EXERCISE_2_PATTERN, 0.5 * y @ y).message
    assert "x2" in check_subglobal_loss(EXERCISE_2_PATTERN, 0.0).message
    assert "asks for" in check_subglobal_loss(np.ones((3, 2)), half_sse).message


def test_kink_rule_feedback_points_at_a_counterexample():
    assert check_kink_minima(lambda w2: w2 > 0)
    wrong = check_kink_minima(lambda w2: w2 >= 0)
    assert not wrong and "w2 = 0" in wrong.message and "both weights" in wrong.message
    assert not check_kink_minima(lambda w2: w2 > 0.4)


def test_dead_bias_feedback():
    X, _ = three_points()
    w = np.array([1.0, 1.0])
    assert check_dead_bias(w, -np.max(X @ w) - 1)
    kink = check_dead_bias(w, -np.max(X @ w))
    assert not kink and "kink" in kink.message and "Sec. 3.2" in kink.message
    assert "active" in check_dead_bias(w, 0.0).message
    assert "shape" in check_dead_bias([1.0], 0.0).message


def test_fewer_regions_feedback():
    assert check_fewer_regions([[-1.0, 1.0], [2.0, 1.0], [-2.0, 2.0]])
    assert not check_fewer_regions(three_points()[0])
    assert "shape" in check_fewer_regions([[1.0, 2.0]]).message


def test_kernel_form_feedback():
    def kernel(X, y, pattern):
        A = np.asarray(pattern, dtype=float)
        G = (X @ X.T) * (A @ A.T)
        return G @ np.linalg.pinv(G) @ y

    def with_inverse(X, y, pattern):
        A = np.asarray(pattern, dtype=float)
        G = (X @ X.T) * (A @ A.T)
        return G @ np.linalg.inv(G + 1e-30 * np.eye(len(X))) @ y if np.linalg.matrix_rank(G) == len(X) else G @ y

    assert check_kernel_form(kernel)
    assert "y itself" in check_kernel_form(lambda X, y, pattern: y).message
    assert "shape" in check_kernel_form(lambda X, y, pattern: y[:2]).message
    assert "pinv" in check_kernel_form(with_inverse).message
    assert "raised" in check_kernel_form(lambda X, y, pattern: 1 / 0).message


def test_kernel_form_feedback_does_not_show_the_right_values():
    message = check_kernel_form(lambda X, y, pattern: 0 * y + 1.0).message
    assert "yours" in message and "expected" not in message


@pytest.mark.slow
def test_block_eigenvalues_from_the_hand_formula_pass_and_typical_mistakes_are_named():
    X, y = three_points()
    arch = nets.Architecture(2, 2, bias=True)
    theta = saddle_in_region(X, y, activation_regions(X, 2, bias=True), EXERCISE_BLOCK_REGION)
    W, v, b, c = arch.unpack(theta)
    assert v[0] == 0.0  # the exercise's point has unit 1 idle
    # the block from Eq. 12 written out by hand, independently of proof_ideas.unit_block
    z = X @ W[0] + b[0]
    a = (z > 0).astype(float)
    r = nets.outputs(arch, theta, X) - y
    def block(column):
        return np.array([[v[0] ** 2 * np.sum(a * column**2), np.sum(a * (r + v[0] * z) * column)],
                         [np.sum(a * (r + v[0] * z) * column), np.sum(a * z**2)]])
    right = np.linalg.eigvalsh(block(X[:, 0]))
    assert right[0] < 0 < right[1]
    assert check_block_eigenvalues(right) and check_block_eigenvalues(right[::-1])
    assert "1/2" in check_block_eigenvalues(2 * right).message
    assert "w_12" in check_block_eigenvalues(np.linalg.eigvalsh(block(X[:, 1]))).message
    assert "bias" in check_block_eigenvalues(np.linalg.eigvalsh(block(np.ones(3)))).message
    assert "opposite signs" in check_block_eigenvalues([0.5, 3.0]).message
    wrong = check_block_eigenvalues([-1.0, 2.0])
    assert not wrong and "Differentiate" in wrong.message
    for feedback in (wrong, check_block_eigenvalues([0.5, 3.0])):  # the answer is never given away
        assert f"{right[0]:.2f}" not in feedback.message and f"{right[1]:.2f}" not in feedback.message


def test_block_exercise_point_is_as_its_solution_describes_it():
    """Exercise ex-block (c): w_1 = 0, v_1 = 0, b_1 > 0, residuals (0, 1/2, -1/2), eigenvalues (3b^2 ± sqrt(9b^4+1))/2."""
    X, y = three_points()
    arch = nets.Architecture(2, 2, bias=True)
    theta = saddle_in_region(X, y, activation_regions(X, 2, bias=True), EXERCISE_BLOCK_REGION)
    W, v, b, c = arch.unpack(theta)
    assert v[0] == 0.0 and np.all(W[0] == 0.0) and b[0] > 0
    r = nets.outputs(arch, theta, X) - y
    # unit 2 fits x_1 alone and the output bias fits x_2, x_3 by their mean
    np.testing.assert_allclose(r, [0.0, y[1:].mean() - y[1], y[1:].mean() - y[2]], atol=1e-12)
    hand = (3 * b[0] ** 2 + np.array([-1.0, 1.0]) * np.sqrt(9 * b[0] ** 4 + 1)) / 2
    assert check_block_eigenvalues(hand)
