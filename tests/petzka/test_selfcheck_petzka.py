"""Self-checks of Chapter 4 accept right answers and explain typical wrong ones."""
import numpy as np

from lossland.core import sigmoid_nets as sn
from lossland.petzka import embedding as em
from lossland.petzka import infinity as ti
from lossland.petzka.selfcheck import (
    HIDDEN_TESTS, check_b111, check_escape, check_flat_count, check_infinity_slope, check_lambda_rule, check_split,
    check_toy_minimum,
)


def test_toy_minimum_feedback():
    assert check_toy_minimum(lambda y: abs(y) < 1)
    edge = check_toy_minimum(lambda y: abs(y) <= 1)
    assert not edge and "|y| > 1" in edge.message
    assert "abs(y)" not in check_toy_minimum(3).message  # no model answer in the feedback


def _escape(eps):
    """Off R by eps/2, slide in y at fixed x (loss falls as |y| grows), then move out in x at |y| = 1.5."""
    def path(t):
        if t <= 0.5:
            return eps / 2, 3.0 * t
        return eps / 2 + (1 - eps / 2) * (2 * t - 1), 1.5
    return path


def test_escape_accepts_the_real_definition_on_public_and_hidden_instances():
    assert check_escape(_escape)
    assert check_escape(_escape, **HIDDEN_TESTS["check_escape"])


def test_escape_explains_typical_mistakes_without_the_answer():
    on_r = check_escape(lambda eps: (lambda t: (0.0, 0.5) if t < 0.5 else (2 * t - 1, 1.5 + 0 * t)))
    far = check_escape(lambda eps: _escape(0.5))
    climbs = check_escape(lambda eps: (lambda t: (eps / 2 + t, 0.0)))          # moves in x at |y| < 1
    stays = check_escape(lambda eps: (lambda t: (eps / 2 * (1 - t), 0.0)))      # slides into R, loss 0 at the end
    jumps = check_escape(lambda eps: (lambda t: (eps / 2, 0.0) if t < 0.5 else (1.0, 1.5)))
    for feedback, word in [(far, "within eps"), (climbs, "never climb"), (stays, "below the value"), (jumps, "continuous"),
                           (check_escape(3), "function of eps"), (check_escape(lambda eps: 3), "function of t"),
                           (check_escape(lambda eps: (lambda t: "x")), "(x, y)")]:
        assert not feedback and word in feedback.message, feedback.message
    assert not on_r and "off R" in on_r.message
    for feedback in (on_r, far, climbs, stays, jumps):
        assert "1.5" not in feedback.message and "eps / 2" not in feedback.message and "eps/2" not in feedback.message


def _b111_by_hand():
    arch, theta, X, y = em.shallow_example(seed=em.SHALLOW_SEEDS["positive"])
    (u,), (v,) = (w.ravel() for w in arch.unpack(theta)[0])
    s = 1 / (1 + np.exp(-u * X[:, 0]))
    return float(np.sum(2 * (sn.forward(arch, theta, X) - y) * v * s * (1 - s) * (1 - 2 * s) * X[:, 0] ** 2))


def test_b111_accepts_eq1_and_explains_the_factor_and_the_sign():
    B = _b111_by_hand()
    assert check_b111(B)
    half, flipped, off = check_b111(B / 2), check_b111(-B), check_b111(B + 1)
    assert not half and "1/2" in half.message
    assert not flipped and "sign" in flipped.message
    assert not off and "Eq. 1" in off.message
    for feedback in (half, flipped, off):
        assert f"{B:.3f}" not in feedback.message and f"{B:.2f}" not in feedback.message


def test_infinity_slope_accepts_kappa_and_explains_the_half():
    instance = ti.theorem4_instance()
    weights = instance.arch.unpack(instance.theta0)[0]
    kappa = float(-2 * weights[1][0] @ instance.phi)
    assert check_infinity_slope(kappa)
    half, flipped = check_infinity_slope(kappa / 2), check_infinity_slope(-kappa)
    assert not half and "1/2" in half.message and not flipped and "sign" in flipped.message
    assert f"{kappa:.1f}" not in half.message + flipped.message


def test_flat_count_accepts_one_direction_per_split_and_fails_rules_fitted_to_the_public_cases():
    assert check_flat_count(lambda t: t)
    assert check_flat_count(lambda t: t, **HIDDEN_TESTS["check_flat_count"])
    fitted = lambda t: t if t <= 3 else 0
    assert check_flat_count(fitted) and not check_flat_count(fitted, **HIDDEN_TESTS["check_flat_count"])
    wrong = check_flat_count(lambda t: 2 * t)
    assert not wrong and "Wrong at t = 1" in wrong.message
    assert "one flat direction" not in wrong.message.lower()
    assert not check_flat_count("t")


def test_split_feedback():
    assert check_split((2.0, 2.0, 0.75, 2.25))
    assert "copied" in check_split((1.0, 1.0, 0.75, 2.25)).message
    assert "add up" in check_split((2.0, 2.0, 3.0, 3.0)).message
    assert "four numbers" in check_split((2.0, 2.0)).message


def test_split_feedback_never_reveals_the_answer():
    wrong = check_split((1.0, 3.0, 0.5, 0.5))
    assert not wrong
    for value in ("0.75", "2.25"):
        assert value not in wrong.message


def test_lambda_rule_feedback():
    assert check_lambda_rule(lambda lam: 0 < lam < 1)
    wrong = check_lambda_rule(lambda lam: True)
    assert not wrong and "curvature" in wrong.message and "eigenvalue" not in wrong.message


def test_lambda_rule_for_negative_b():
    rule = lambda lam: not 0 <= lam <= 1
    assert check_lambda_rule(rule, example="negative")
    assert not check_lambda_rule(rule)
    wrong = check_lambda_rule(lambda lam: 0 < lam < 1, example="negative")
    assert not wrong and "B < 0" in wrong.message
    assert not check_lambda_rule(rule, example="zero")
