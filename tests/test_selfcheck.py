"""Self-checks accept right answers and explain typical wrong ones."""
import numpy as np

from lossland.data import three_points
from lossland.selfcheck.decomposition import (
    check_dead_weights,
    check_fewer_regions,
    check_kink_minima,
    check_region_count,
    check_subglobal_loss,
)


def test_region_count_feedback_names_the_mistake():
    assert check_region_count(2, False, 36)
    assert "2^(N h)" in check_region_count(2, False, 64).message
    assert "multiply" in check_region_count(2, False, 12).message
    assert "bias" in check_region_count(2, True, 36).message
    assert not check_region_count(2, False, "36")


def test_subglobal_loss_feedback():
    X, y = three_points()
    pattern = np.array([[1, 0], [0, 1], [0, 0]])  # x3 is left unexplained
    D = np.hstack([pattern[:, [0]] * X, pattern[:, [1]] * X])
    p = np.linalg.lstsq(D, y, rcond=None)[0]
    half_sse = 0.5 * np.sum((D @ p - y) ** 2)
    assert half_sse > 0
    assert check_subglobal_loss(pattern, half_sse)
    assert "1/2" in check_subglobal_loss(pattern, 2 * half_sse).message
    assert "p = 0" in check_subglobal_loss(pattern, 0.5 * y @ y).message


def test_kink_rule_feedback_points_at_a_counterexample():
    assert check_kink_minima(lambda w2: w2 > 0)
    wrong = check_kink_minima(lambda w2: w2 >= 0)
    assert not wrong and "w2 = 0" in wrong.message


def test_dead_weights_feedback():
    assert check_dead_weights([0.0, -1.0])
    assert "active" in check_dead_weights([1.0, -1.0]).message
    assert "kink" in check_dead_weights([-1.0, -1.0]).message  # x1 . w = 0 exactly
    assert "shape" in check_dead_weights([1.0]).message


def test_fewer_regions_feedback():
    assert check_fewer_regions([[-1.0, 1.0], [2.0, 1.0], [-2.0, 2.0]])
    assert not check_fewer_regions(three_points()[0])
    assert "shape" in check_fewer_regions([[1.0, 2.0]]).message
