"""Self-checks of Chapter 3 accept right answers and explain typical wrong ones, without giving the answer away."""
import numpy as np
import pytest

from lossland.expneuron.selfcheck import check_best_a, check_escaping_start, check_example3_value


def test_example3_feedback():
    assert check_example3_value(np.exp(-20.0))
    assert "lambda a^2" in check_example3_value(np.exp(-10.0)).message
    assert "cancels" in check_example3_value(1.0).message
    assert "positive" in check_example3_value(0.0).message


@pytest.mark.parametrize("by_hand", [2.06e-9, 2e-9, 2.1e-9])
def test_example3_accepts_two_significant_digits(by_hand):
    assert check_example3_value(by_hand)


@pytest.mark.parametrize("wrong", [1.5e-9, 3e-9, 1e-9])
def test_example3_rejects_a_wrong_value_without_printing_the_right_one(wrong):
    feedback = check_example3_value(wrong)
    assert not feedback and "2.06" not in feedback.message and "2.1e" not in feedback.message


def right(f, y, b, lam):
    return (y - f) * np.exp(b) / (np.exp(2 * b) + lam)


def test_best_a_feedback_names_the_mistake():
    assert check_best_a(right)
    assert "sign" in check_best_a(lambda f, y, b, lam: -right(f, y, b, lam)).message
    assert "exp(b)" in check_best_a(lambda f, y, b, lam: right(f, y, b, lam) * np.exp(b)).message
    assert "lam = 0" in check_best_a(lambda f, y, b, lam: (y - f) * np.exp(-b)).message
    assert "raised" in check_best_a(lambda f, y, b, lam: 1 / 0).message


def test_best_a_says_the_direction_and_never_the_minimiser():
    too_large = check_best_a(lambda f, y, b, lam: right(f, y, b, lam) + 0.1)
    too_small = check_best_a(lambda f, y, b, lam: right(f, y, b, lam) - 0.1)
    assert not too_large and "too large" in too_large.message
    assert not too_small and "too small" in too_small.message
    truth = f"{right(2.0, 1.0, 0.0, 1.0):.4g}"  # the first test point: a* = -0.5
    for feedback in (too_large, too_small):
        assert truth not in feedback.message


def test_best_a_cannot_be_answered_with_the_library():
    """The test points lie outside the range of Example 1's model, so the library cannot reproduce them."""
    from lossland.expneuron import failure as ef
    from lossland.expneuron.selfcheck import _BEST_A_POINTS

    theta = np.linspace(-3, 3, 2001)
    low, high = float(ef.model(theta).min()), float(ef.model(theta).max())
    assert any(not low <= f <= high for f, *_ in _BEST_A_POINTS)


def test_escaping_start_feedback():
    assert check_escaping_start(0.7)
    stuck = check_escaping_start(0.3)
    assert not stuck and "Fig. 1(a)" in stuck.message


def test_a_correct_non_escaping_start_is_accepted():
    assert check_escaping_start(0.3, escapes=False)
    assert check_escaping_start(2.0, escapes=False)
    wrong = check_escaping_start(0.7, escapes=False)
    assert not wrong and "does reach" in wrong.message


def test_escaping_start_needs_a_flag():
    with pytest.raises(TypeError, match=r"\bescapes\b"):
        check_escaping_start(0.3, escapes="no")


def test_the_boundary_of_the_solution_is_the_barrier_of_L():
    """The solution's claims: the switch between the wells is at the maximum of L (0.4955); far-out starts freeze."""
    from scipy.optimize import minimize_scalar

    from lossland.expneuron import failure as ef

    barrier = minimize_scalar(lambda t: -ef.original_loss(t, ef.example1()), bounds=(0.3, 0.7), method="bounded").x
    assert barrier == pytest.approx(0.4955, abs=5e-4)
    assert check_escaping_start(0.49, escapes=False) and check_escaping_start(0.50)
    for far in (2.0, -1.0):
        path = ef.descend(np.array([far]), ef.example1(), lam=1.0, lr=2e-3, steps=1500)
        assert abs(path.theta[-1, 0] - far) < 0.01 and abs(ef.model_derivative(far)) > 0  # not stationary, yet frozen
