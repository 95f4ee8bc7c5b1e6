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


@pytest.mark.slow
def test_escaping_start_feedback():
    assert check_escaping_start(0.7)
    stuck = check_escaping_start(0.3)
    assert not stuck and "Fig. 1(a)" in stuck.message


@pytest.mark.slow
def test_a_correct_non_escaping_start_is_accepted():
    assert check_escaping_start(0.3, escapes=False)
    assert check_escaping_start(2.0, escapes=False)
    wrong = check_escaping_start(0.7, escapes=False)
    assert not wrong and "does reach" in wrong.message


def test_escaping_start_needs_a_flag():
    with pytest.raises(TypeError, match=r"\bescapes\b"):
        check_escaping_start(0.3, escapes="no")


@pytest.mark.slow
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


# ---------------------------------------------------------------- the proof exercises (issue 21)
from lossland.expneuron.selfcheck import check_example6_value, check_pgb_min, check_switch_on_slope  # noqa: E402


def test_switch_on_slope_accepts_the_hand_value_and_names_typical_slips():
    # by hand: r = 2(1/3 - y) = (2/3, -4/3, 2/3) at x = (-1, 0, 1); mean(r x^2) / 2! = (4/3) / 3 / 2
    right = (4 / 3) / 3 / 2
    assert check_switch_on_slope(right) and check_switch_on_slope(round(right, 2))
    assert "t!" in check_switch_on_slope(2 * right).message
    assert "samples" in check_switch_on_slope(3 * right).message
    assert "sign" in check_switch_on_slope(-right).message
    assert "degree 2" in check_switch_on_slope(0.0).message
    for wrong in (2 * right, 0.5, -right, 0.0):
        assert f"{right:.3g}" not in check_switch_on_slope(wrong).message


def test_example6_value_accepts_the_corrected_value_and_spots_the_printed_ones():
    eps = 0.2
    right = 4 * np.exp(-2 / eps)  # a = 2 e^{-1/eps} cancels the hinge exactly; lambda a^2 is left
    assert check_example6_value(right) and check_example6_value(float(f"{right:.2g}"))
    assert "printed value" in check_example6_value(np.exp(-2 / eps)).message
    assert "pushes" in check_example6_value(64.0).message
    assert "positive" in check_example6_value(0.0).message
    for wrong in (np.exp(-2 / eps), 64.0, 1.0):
        assert f"{right:.2g}" not in check_example6_value(wrong).message


def test_pgb_min_of_example_5():
    # span = the line q1 = q2 = q: min_q ((q - 1)^2 + (q + 1)^2) / 2 at q = 0
    assert check_pgb_min(1.0)
    assert "independently" in check_pgb_min(0.0).message
    assert "factor 2" in check_pgb_min(2.0).message
    assert not check_pgb_min(0.5)


def test_hinge_optimal_output():
    from lossland.expneuron.selfcheck import check_hinge_optimal_output

    assert check_hinge_optimal_output(2.0) and check_hinge_optimal_output(1.5)
    assert "equals the target" in check_hinge_optimal_output(1.0).message
    assert not check_hinge_optimal_output(0.5) and not check_hinge_optimal_output(-3.0)
