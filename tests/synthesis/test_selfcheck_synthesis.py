"""Self-checks of the closing chapter: right answers pass, typical wrong ones fail without revealing the answer."""
from __future__ import annotations

import numpy as np
import pytest

from lossland.liu.discrete import trap_census
from lossland.synthesis import running as rx
from lossland.synthesis import selfcheck as sc


def _census(width):
    X, y = rx.running_data()
    return trap_census(np.hstack([X, np.ones((5, 1))]), y, (width,), starts=2000, seed=0)[width]


@pytest.mark.parametrize("width", [1, 2])
@pytest.mark.slow
def test_census_right_and_wrong(width):
    c = _census(width)
    assert sc.check_census(width, bad=c["bad"], trapped=c["trapped"]).ok
    for wrong in (sc.check_census(width, bad=c["genuine"], trapped=c["trapped"]),
                  sc.check_census(width, bad=c["bad"], trapped=c["trapped_any"] + (1e-3 if c["trapped_any"] == c["trapped"] else 0)),
                  sc.check_census(width, bad=c["bad"], trapped=100 * c["trapped"])):
        assert not wrong.ok
        assert str(c["bad"]) not in wrong.message.split() and f"{c['trapped']:.3f}" not in wrong.message


def test_slope_formula_by_hand_passes_and_wrong_factors_fail():
    X, y = rx.running_data()
    slope = 2 / len(y) * np.sum((y.mean() - y) * X[:, 0])  # derived by hand, independent of the package
    assert sc.check_slope_in_w(slope).ok
    for wrong in (-slope, slope / 2, 0.0, len(y) * slope / 2):
        feedback = sc.check_slope_in_w(wrong)
        assert not feedback.ok and f"{slope:.2f}" not in feedback.message and f"{slope:g}" not in feedback.message


@pytest.mark.slow
def test_blind_losses_from_the_formula_pass():
    losses = [0.5 * np.sum((y - y.mean()) ** 2) for y in (rx.running_data(t)[1] for t in rx.MIDDLE_TARGETS)]
    assert sc.check_blind_losses(losses).ok
    wrong = sc.check_blind_losses(2 * np.array(losses))
    assert not wrong.ok and "factor of 2" in wrong.message
    one_off = list(losses)
    one_off[0] += 0.1
    feedback = sc.check_blind_losses(one_off)
    assert not feedback.ok and all(f"{value:.3f}" not in feedback.message for value in losses)


def test_statements():
    assert sc.check_statements("bde").ok and sc.check_statements(["e", "d", "b"]).ok
    for wrong in ("abde", "bd", "acf", ""):
        feedback = sc.check_statements(wrong)
        assert not feedback.ok and "bde" not in feedback.message
