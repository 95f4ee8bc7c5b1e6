"""Self-checks for the exercises of Chapter 2 (Liu's criteria)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from lossland.book.answers import Feedback, number, verdict
from lossland.core.validation import as_vector, check_positive, check_real
from lossland.liu import gaussian as lg
from lossland.liu.boundary import boundary_minimum
from lossland.liu.example import EXAMPLE_X, example_cells

__all__ = ["check_loss_factor", "check_r4_rule", "check_trap_probability", "check_underestimate",
           "check_region_moments", "check_kink_rule"]


def _near(answer: float, value: float, rtol: float) -> bool:
    """``answer`` within ``rtol`` of ``value``, relative to ``value`` (no absolute floor: tiny values count too)."""
    return abs(answer - value) <= rtol * abs(value)


def check_loss_factor(n_points: int, answer: float) -> Feedback:
    """Exercise 1: the factor turning the decomposition paper's loss into Liu's for ``n_points`` samples.

    Accepted within 1 % of the factor (a fraction written to two or more digits).
    """
    truth = 2.0 / check_positive(n_points, "n_points", integer=True)
    answer = number(answer, "answer", "the factor")
    if isinstance(answer, Feedback):
        return answer
    if _near(answer, truth, 0.01):
        return Feedback(True, f"Liu averages squared errors (1/N) where Chapter 1 halves their sum (1/2): the factor is 2/N = {truth:g}.")
    if _near(answer, 1.0 / truth, 0.01):
        return Feedback(False, "That converts the other way round: Liu's loss into Chapter 1's.")
    if _near(answer, 1.0 / n_points, 0.01) or _near(answer, 0.5, 0.01):
        return Feedback(False, "Both papers scale the sum of squared errors: Chapter 1 by 1/2, Liu by 1/N. Divide one by the other.")
    return Feedback(False, f"Not {answer:g}. Write both losses as a constant times the sum of squared errors and compare the constants.")


def check_r4_rule(rule: Callable[[float], bool], y2_values: tuple[float, ...] = (-1.0, -0.3, 0.0, 0.2, 1.0, 2.0)) -> Feedback:
    """Exercise 2: for which labels y2 does cell r4 of the example hold a genuine local minimum (z = 1)? Tried at ``y2_values``."""
    def why(y2: float, truth: bool) -> str:
        if y2 == 0.0:
            return "R* = (1, 0) lies on the boundary w2 = 0 of r4, not inside it."
        if truth:
            return f"R* = (1, {y2:g}) has both coordinates positive, inside r4."
        return f"R* = (1, {y2:g}) has a negative second coordinate, outside r4."

    return _rule_feedback(rule, y2_values, lambda y2: example_cells((1.0, y2))["r4"].genuine, why,
                          "In r4 both samples are active, A is the identity and R* = y: inside r4 exactly when y2 > 0.")


def _rule_feedback(rule: Callable[[float], bool], y2_values, truth: Callable[[float], bool],
                   why: Callable[[float, bool], str], right: str) -> Feedback:
    """Ask the student's ``rule`` at each label y2 of ``y2_values`` and compare with ``truth``.

    The first disagreement gets a hint ``why(y2, truth)`` (never the rule itself); agreement
    everywhere gets ``right``.  Shared by the two exercises that ask for a rule in y2.
    """
    for y2 in map(float, as_vector(y2_values, "y2_values")):
        expected = truth(y2)
        answer = verdict(rule, "rule", y2)
        if isinstance(answer, Feedback):
            return answer
        if answer != expected:
            return Feedback(False, f"Wrong at y2 = {y2:g}: {why(y2, expected)}")
    return Feedback(True, right)


#: Relative tolerance for P_t: gap masses rounded to three decimals move (1 - P_g)^100 by up to about 4 %.
TRAP_RTOL = 0.05


def check_trap_probability(answer: float, x_w1: float = 2.0, x_w2: float = 0.0, n: int = 100) -> Feedback:
    """Exercise 3: P_t of Eq. 25-26 (union of the two gaps) for two weights at ``x_w1`` and ``x_w2``.

    :math:`P_t` is tiny here (about :math:`10^{-9}`), so every comparison is relative: an answer
    within 5 % of the value is accepted (gap masses rounded to three decimals stay within it).
    """
    h = np.array([check_real(x_w1, "x_w1"), check_real(x_w2, "x_w2")])
    n = check_positive(n, "n", integer=True)
    answer = number(answer, "answer", "the probability P_t")
    if isinstance(answer, Feedback):
        return answer
    truth = float(lg.trap_probability(h, lg.FIG4_NORMALS, n, "union"))
    if _near(answer, truth, TRAP_RTOL):
        return Feedback(True, f"P_t = {truth:.3g}: each of the N samples must avoid both gaps.")
    if answer <= 0.0 or answer > 1.0:
        return Feedback(False, "P_t = (1 - P_g)^N is a probability strictly between 0 and 1: tiny here, but not zero. "
                               "Keep every digit of (1 - P_g) before raising it to the power N.")
    h_star = lg.population_optimal_positions(h, lg.FIG4_NORMALS)
    gaps = lg.gap_probabilities(h, h_star)
    if _near(answer, 1.0 - gaps.sum(), 0.01) or _near(answer, 1.0 - float(lg.gap_probability(h, h_star)), 0.01):
        return Feedback(False, "That is the chance that one sample avoids the gaps; all N samples must, so raise it to the power N.")
    if _near(answer, gaps.sum(), 0.01):
        return Feedback(False, "That is P_g, the chance that one sample falls in a gap; P_t is the chance that none of the N samples does.")
    if _near(answer, float((1.0 - gaps.max()) ** n), TRAP_RTOL):
        return Feedback(False, "You used only the larger gap (the max rule of Eq. E.8); Eq. 26 asks for the union of both gaps.")
    if _near(answer, float(np.prod((1.0 - gaps) ** n)), TRAP_RTOL):
        return Feedback(False, "Close: the product of per-weight factors treats the gaps as independent events; here they are disjoint, so add their masses.")
    return Feedback(False, f"Not {answer:.3g}. Find each weight's optimum with population_optimal_positions, the gap masses with gap_probabilities, then (1 - P_g)^N.")


#: Fewest trapped datasets (of 4000) for a simulated probability worth comparing: below it, one or
#: two lucky datasets could fake a large ratio.
MIN_TRAPPED = 10


def check_underestimate(x_w1: float, factor: float = 10.0) -> Feedback:
    """Exercise 4: a position of w1 (w2 far away) where Eq. 25 underestimates Monte Carlo by more than ``factor``.

    The simulation must have seen at least :data:`MIN_TRAPPED` trapped datasets out of 4000,
    so that the ratio is not the noise of one or two datasets.
    """
    factor = check_positive(factor, "factor")
    x_w1 = number(x_w1, "x_w1", "a position of w1")
    if isinstance(x_w1, Feedback):
        return x_w1
    h = np.array([x_w1, -8.0])
    analytic = float(lg.trap_probability(h, lg.FIG4_NORMALS, 100, "union"))
    datasets = 4000
    sampled = lg.monte_carlo_trap(h, lg.FIG4_NORMALS, datasets=datasets, seed=0)["sample"]
    trapped = round(sampled * datasets)
    if trapped < MIN_TRAPPED:
        return Feedback(False, f"At x_w1 = {x_w1:g} only {trapped} of {datasets} simulated datasets are trapped: too few to "
                               "compare with Eq. 25. Try another position.")
    ratio = sampled / analytic if analytic > 0 else np.inf
    if ratio > factor:
        return Feedback(True, f"At x_w1 = {x_w1:g}: Eq. 25 gives {analytic:.2g}, Monte Carlo {sampled:.2g}, {ratio:.0f} times more. "
                              "The sample optimum scatters around the population optimum; in the datasets where it lands near x_w1, "
                              "the gap is short and often empty.")
    return Feedback(False, f"At x_w1 = {x_w1:g}: Eq. 25 gives {analytic:.2g}, Monte Carlo {sampled:.2g} (ratio {ratio:.2g}). "
                           "Try the positions where Eq. 25 is smallest, between the class mean and the plateau.")


def check_region_moments(P_plus: float, xbar_plus: float, x_w1: float = 2.0) -> Feedback:
    """Exercise (Eq. E.9-E.10): the mass :math:`P_{1+}` and mean :math:`\\bar x_{1+}` of class +1 on :math:`(x_{w_1}, \\infty)`.

    Each is accepted within 0.5 % (relative); the feedback names which one is off, never its value.
    """
    x_w1 = check_real(x_w1, "x_w1")
    P_plus = number(P_plus, "P_plus", "the probability P_1+")
    if isinstance(P_plus, Feedback):
        return P_plus
    xbar_plus = number(xbar_plus, "xbar_plus", "the mean xbar_1+")
    if isinstance(xbar_plus, Feedback):
        return xbar_plus
    truth_P = float(lg.region_probability(x_w1, np.inf, 1))
    truth_x = float(lg.region_mean(x_w1, np.inf, 1))
    problems = []
    if not _near(P_plus, truth_P, 0.005):
        if _near(P_plus, 1.0 - truth_P, 0.005):
            problems.append("P_1+ is the mass to the left of x_w1; Omega_1 lies to its right")
        else:
            problems.append("P_1+ is off: integrate the class +1 density over Omega_1 and write it with Phi")
    if not _near(xbar_plus, truth_x, 0.005):
        if _near(xbar_plus, truth_x - 1.0, 0.005):
            problems.append("xbar_1+ is off by the class mean: the integral of x phi(x - x_+) has two parts")
        elif xbar_plus <= x_w1:
            problems.append("xbar_1+ must lie to the right of x_w1: it is the mean of the samples beyond x_w1")
        else:
            problems.append("xbar_1+ is off: divide the first moment over Omega_1 by P_1+")
    if problems:
        return Feedback(False, "; ".join(problems) + ".")
    return Feedback(True, "Both agree with Eq. E.9-E.10: a tail mass and a truncated-normal mean (always beyond x_w1).")


def check_kink_rule(rule: Callable[[float], bool], y2_values: tuple[float, ...] = (-2.0, -1.0, -0.4, 0.0, 0.3, 1.0)) -> Feedback:
    """Exercise (Theorem 3 by hand): for which y2 (y1 = 1) is w = (1, 0), z = 1 a non-differentiable local minimum?

    The unit sits on x2's hyperplane in App. B's example; the truth at each of ``y2_values`` is
    :func:`lossland.liu.boundary.boundary_minimum` with the corrected conditions.
    """
    def why(y2: float, truth: bool) -> str:
        if y2 == 0.0:
            return "at y2 = 0 both one-sided gradients vanish; decide with the weak inequalities."
        if truth:
            return "compute g_2 = g_1 + e_2 x_2 there. Which way does it point?"
        return "there a step into r4 lowers the loss; check the sign of g_2 . x_2."

    return _rule_feedback(
        rule, y2_values,
        lambda y2: boundary_minimum(EXAMPLE_X, np.array([1.0, y2]), np.array([[1], [0]]), 0, 1).theta is not None, why,
        "g_1 = 0 for every y2 and g_2 = -y2 x_2: a minimum exactly when g_2 points along x_2 or vanishes.")


#: Other instances for the autograder's hidden tests: keyword arguments that ``scripts/assignments.py``
#: adds to the exercise's own call, so that a rule fitted to the public cases alone does not pass.
#: Read by name by the coursework tools, not part of the API a student calls (hence not in ``__all__``).
HIDDEN_TESTS = {"check_r4_rule": {"y2_values": (-3.0, -0.05, 0.05, 0.6, 4.0)},
                "check_kink_rule": {"y2_values": (-3.0, -0.05, 0.05, 0.6, 4.0)}}
