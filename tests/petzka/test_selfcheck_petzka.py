"""Self-checks of Chapter 4 accept right answers and explain typical wrong ones."""
from lossland.petzka.selfcheck import check_lambda_rule, check_split, check_toy_minimum


def test_toy_minimum_feedback():
    assert check_toy_minimum(lambda y: abs(y) < 1)
    edge = check_toy_minimum(lambda y: abs(y) <= 1)
    assert not edge and "|y| > 1" in edge.message


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
