"""Self-checks of Chapter 3 accept right answers and explain typical wrong ones."""
import numpy as np

from lossland.expneuron.selfcheck import check_best_a, check_escaping_start, check_example3_value


def test_example3_feedback():
    assert check_example3_value(np.exp(-20.0))
    assert "lambda a^2" in check_example3_value(np.exp(-10.0)).message
    assert "cancels" in check_example3_value(1.0).message


def test_best_a_feedback_names_the_mistake():
    right = lambda f, y, b, lam: (y - f) * np.exp(b) / (np.exp(2 * b) + lam)
    assert check_best_a(right)
    assert "sign" in check_best_a(lambda f, y, b, lam: -right(f, y, b, lam)).message
    assert "exp(b)" in check_best_a(lambda f, y, b, lam: right(f, y, b, lam) * np.exp(b)).message
    assert "raised" in check_best_a(lambda f, y, b, lam: 1 / 0).message


def test_escaping_start_feedback():
    assert check_escaping_start(0.7)
    stuck = check_escaping_start(0.3)
    assert not stuck and "barrier" in stuck.message
