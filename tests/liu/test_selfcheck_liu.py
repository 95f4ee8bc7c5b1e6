"""Self-checks of Chapter 2 accept right answers and explain typical wrong ones."""
import numpy as np
import pytest

from lossland.liu import gaussian as lg
from lossland.liu.selfcheck import (
    check_loss_factor, check_r4_rule, check_trap_probability, check_underestimate,
)


def test_loss_factor_feedback():
    assert check_loss_factor(10, 0.2)
    assert "other way" in check_loss_factor(10, 5.0).message
    assert "1/2" in check_loss_factor(10, 0.1).message


@pytest.mark.slow
def test_r4_rule_feedback_explains_the_boundary():
    assert check_r4_rule(lambda y2: y2 > 0)
    wrong = check_r4_rule(lambda y2: y2 >= 0)
    assert not wrong and "boundary" in wrong.message
    assert "outside" in check_r4_rule(lambda y2: True).message


def test_trap_probability_feedback_names_the_rule():
    h = np.array([2.0, 0.0])
    gaps = lg.gap_probabilities(h, lg.population_optimal_positions(h, lg.FIG4_NORMALS))
    assert check_trap_probability((1 - gaps.sum()) ** 100)
    assert "power N" in check_trap_probability(1 - gaps.sum()).message
    assert "max rule" in check_trap_probability((1 - gaps.max()) ** 100).message


@pytest.mark.slow
def test_underestimate_feedback():
    h = np.array([2.0, -8.0])
    analytic = float(lg.trap_probability(h, lg.FIG4_NORMALS))
    sampled = lg.monte_carlo_trap(h, lg.FIG4_NORMALS, datasets=4000, seed=0)["sample"]
    assert bool(check_underestimate(2.0)) == (sampled > 10 * analytic)
    assert not check_underestimate(0.0, factor=1e6)


def test_trap_probability_feedback_on_p_g():
    h = np.array([2.0, 0.0])
    gaps = lg.gap_probabilities(h, lg.population_optimal_positions(h, lg.FIG4_NORMALS))
    assert "P_g" in check_trap_probability(gaps.sum()).message


def test_trap_probability_is_judged_relative_to_its_tiny_value():
    """P_t is about 1e-9 here: 0 and other tiny numbers must not pass for it."""
    h = np.array([2.0, 0.0])
    gaps = lg.gap_probabilities(h, lg.population_optimal_positions(h, lg.FIG4_NORMALS))
    truth = (1 - gaps.sum()) ** 100
    zero = check_trap_probability(0.0)
    assert not zero and "Close" not in zero.message and f"{truth:.3g}" not in zero.message
    assert not check_trap_probability(truth / 2) and not check_trap_probability(truth * 3)
    assert check_trap_probability((1 - round(gaps.sum(), 3)) ** 100)  # rounded gap masses still pass
    assert "Close" in check_trap_probability(np.prod((1 - gaps) ** 100)).message


def test_wrong_answers_never_show_the_true_value():
    h = np.array([2.0, 0.0])
    truth = float(lg.trap_probability(h, lg.FIG4_NORMALS))
    for answer in (0.0, 0.5, 1e-3, 2.0):
        feedback = check_trap_probability(answer)
        assert not feedback and f"{truth:.3g}" not in feedback.message and f"{truth:.2g}" not in feedback.message
    assert "0.2" not in check_loss_factor(10, 0.3).message


def test_underestimate_needs_enough_trapped_datasets():
    feedback = check_underestimate(0.0)
    assert not feedback and "too few" in feedback.message


def _moments(x_w1=2.0):
    """E.9-E.10 by numerical integration, independent of the package's closed forms."""
    from scipy.integrate import quad
    from scipy.stats import norm

    mass = quad(lambda x: norm.pdf(x - 1.0), x_w1, np.inf)[0]
    return mass, quad(lambda x: x * norm.pdf(x - 1.0), x_w1, np.inf)[0] / mass


def test_region_moments_accepts_the_integrals_and_explains_typical_slips():
    from lossland.liu.selfcheck import check_region_moments

    P, xbar = _moments()
    assert check_region_moments(P, xbar)
    assert check_region_moments(*_moments(0.5), x_w1=0.5)
    left = check_region_moments(1 - P, xbar)
    assert not left and "left of x_w1" in left.message
    no_mean = check_region_moments(P, xbar - 1.0)
    assert not no_mean and "class mean" in no_mean.message
    inside = check_region_moments(P, 1.5)
    assert not inside and "right of x_w1" in inside.message
    both = check_region_moments(0.5, 3.0)
    assert not both and "P_1+" in both.message and "xbar_1+" in both.message


def test_region_moments_feedback_never_shows_the_values():
    from lossland.liu.selfcheck import check_region_moments

    P, xbar = _moments()
    for answer in ((0.1, 2.0), (1 - P, xbar - 1), (0.5, 3.0), (P, 1.0)):
        message = check_region_moments(*answer).message
        for value in (P, xbar):
            assert f"{value:.2g}" not in message and f"{value:.3f}" not in message


@pytest.mark.slow
def test_kink_rule_accepts_the_weak_inequality_only():
    from lossland.liu.selfcheck import HIDDEN_TESTS, check_kink_rule

    assert check_kink_rule(lambda y2: y2 <= 0)
    assert check_kink_rule(lambda y2: y2 <= 0, **HIDDEN_TESTS["check_kink_rule"])
    strict = check_kink_rule(lambda y2: y2 < 0)
    assert not strict and "y2 = 0" in strict.message and "weak" in strict.message
    flipped = check_kink_rule(lambda y2: y2 > 0)
    assert not flipped and "g_2" in flipped.message
    assert not check_kink_rule(lambda y2: True)
    for wrong in (lambda y2: y2 < 0, lambda y2: y2 > 0, lambda y2: True, lambda y2: False):
        assert "<=" not in check_kink_rule(wrong).message
