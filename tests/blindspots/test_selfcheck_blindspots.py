"""Self-checks of Chapter 5 accept right answers and explain typical wrong ones."""
import numpy as np

from lossland.blindspots import initialisation as bs
from lossland.blindspots import relu_regression as rr
from lossland.blindspots.selfcheck import check_blind_mean, check_dead_output, check_prop1_loss


def test_prop1_feedback():
    assert check_prop1_loss(18.0)
    assert "1/2" in check_prop1_loss(9.0).message
    assert "mean" in check_prop1_loss(18.0 / 5).message


def test_dead_output_feedback():
    _, y = rr.dataset("D1")
    assert check_dead_output(y.mean())
    assert "median" in check_dead_output(np.median(y)).message
    assert "derivative" in check_dead_output(5.0).message


def test_blind_mean_feedback():
    truth = bs.mu_for_failure(20, depth=1, init="lecun")
    assert check_blind_mean(round(truth, 2))                         # "to two decimals" passes
    assert check_blind_mean(bs.mu_for_failure(10, depth=1, init="lecun"), h=10)
    assert not check_blind_mean(bs.mu_for_failure(10, depth=1, init="lecun"))   # h = 10's answer is not h = 20's
    assert "Eq. 3" in check_blind_mean(0.5).message
    assert "output weights" in check_blind_mean(0.778).message       # only the 40 first-layer weights
    assert "1/sqrt(h)" in check_blind_mean(truth / np.sqrt(20)).message
    for wrong in (0.5, 0.778, 1.076):
        assert f"{truth:.2f}" not in check_blind_mean(wrong).message and f"{truth:.4f}" not in check_blind_mean(wrong).message


def test_bump_loss_feedback():
    from lossland.blindspots.selfcheck import check_bump_loss

    X, y = rr.dataset("D1")
    others = np.arange(5) != 3                                    # isolate x_r = 1
    truth = np.sum((y[others] - y[others].mean()) ** 2)           # independent: the mean of the others, squared errors
    assert check_bump_loss(truth)
    assert "dead-layer" in check_bump_loss(np.sum((y - y.mean()) ** 2)).message
    assert "other" in check_bump_loss(np.sum((y[others] - y.mean()) ** 2)).message
    assert "no mean" in check_bump_loss(truth / 5).message
    for wrong in (0.0, 7.0, truth / 5):
        message = check_bump_loss(wrong).message
        assert not check_bump_loss(wrong) and f"{truth:g}" not in message


def test_bump_shift_feedback():
    from lossland.blindspots.selfcheck import check_bump_shift

    _, y = rr.dataset("D1")
    least = -y[3]                                                 # nu = -3 is the lowest carried value; mu = 1.5 > 0
    assert check_bump_shift(least)
    assert "Too small" in check_bump_shift(least / 2).message
    assert "not the least" in check_bump_shift(least + 2).message
    assert "negative" in check_bump_shift(-1.0).message
    for wrong in (0.0, 1.0, 5.0):
        assert f"{least:g}" not in check_bump_shift(wrong).message


def test_explorer_mu_feedback():
    from scipy.stats import norm

    from lossland.blindspots.selfcheck import check_explorer_mu

    # independent: a 2-10-10-1 network has 20 + 100 + 10 = 130 weights, all N(mu, 0.3^2) and positive
    truth = 0.30 * norm.ppf(0.99 ** (1 / 130))
    assert check_explorer_mu(truth) and check_explorer_mu(round(truth, 3))
    # the page prints 1.076 (h = 10, LeCun, one hidden layer); the old depth-1 answer was 0.32 * ...(1/30)
    for printed in (1.076, 0.32 * norm.ppf(0.99 ** (1 / 30)), 1.08, 1.1, 1.14):
        assert not check_explorer_mu(printed)
    assert "output unit" in check_explorer_mu(0.30 * norm.ppf(0.99 ** (1 / 120))).message
    assert "too small" in check_explorer_mu(truth - 0.2).message
    assert "larger than needed" in check_explorer_mu(truth + 0.2).message
    assert "solve Eq. 3" in check_explorer_mu(truth - 0.03).message
    for wrong in (0.5, 1.1, truth - 0.2, truth + 0.2):
        message = check_explorer_mu(wrong).message
        assert f"{truth:.3f}" not in message and f"{truth:.2f}" not in message


def test_crossing_feedback():
    from lossland.blindspots.selfcheck import check_crossing

    s = 5 / 7                                                     # by hand: 1 - 0.8 s = 0.6 t, 0.6 s = 1 - 0.8 t
    t = (1 - 0.8 * s) / 0.6
    assert np.isclose(0.6 * s, 1 - 0.8 * t)
    assert check_crossing(s)
    assert "[0, 1]" in check_crossing(1.5).message
    for wrong in (0.5, 0.7, 1.5):
        message = check_crossing(wrong).message
        assert not check_crossing(wrong) and "5/7" not in message and "0.714" not in message
