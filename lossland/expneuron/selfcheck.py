"""Self-checks for the exercises of Chapter 3 (the exponential neuron)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from lossland.book.answers import Feedback, number
from lossland.core.validation import check_positive
from lossland.expneuron import failure as ef

__all__ = ["check_example3_value", "check_best_a", "check_escaping_start"]


def check_example3_value(answer: float, eps: float = 0.1, lam: float = 1.0) -> Feedback:
    """Exercise 1: the modified loss of Example 3 along the paper's sequence, at ``eps``."""
    eps, lam = check_positive(eps, "eps"), check_positive(lam, "lam")
    answer = number(answer, "answer", "the modified loss L~")
    if isinstance(answer, Feedback):
        return answer
    truth = float(ef.analytical_sequence(3, np.array([eps]), lam=lam).value[0])
    if np.isclose(answer, truth, rtol=1e-6, atol=0.0):
        return Feedback(True, f"L~ = lambda exp(-2/eps) = {truth:.3g}: the first term vanishes exactly, only the regulariser is left.")
    if np.isclose(answer, np.exp(-1.0 / eps), rtol=1e-6):
        return Feedback(False, "That is |a| itself; the regulariser is lambda a^2.")
    if np.isclose(answer, 1.0):
        return Feedback(False, "1 is L(theta) = (f - y)^2; with a exp(b) = -1 the added neuron cancels the residual exactly.")
    return Feedback(False, f"Not {answer:.3g}. Substitute a = -exp(-1/eps) and b = 1/eps - w.x1: a exp(w.x1 + b) = -1, so (2 - 1 - 1)^2 + lambda a^2.")


def check_best_a(best_a: Callable[[float, float, float, float], float]) -> Feedback:
    """Exercise 2: a function ``best_a(f, y, b, lam)`` minimising (f + a e^b - y)^2 + lam a^2 over a."""
    if not callable(best_a):
        return Feedback(False, f"Give best_a as a function best_a(f, y, b, lam) returning one number, got {best_a!r}.")
    instance = ef.example1_squared()
    for theta, b, lam in ((0.2, 0.0, 1.0), (0.2, 2.0, 0.5), (0.5, -1.0, 2.0), (0.8, 1.0, 1.0)):
        f = float(ef.model(theta))
        truth = float(ef.best_a(theta, b, instance, lam))
        try:
            ours = best_a(f, instance.y, b, lam)
        except Exception as error:  # the student's code: report, do not crash
            return Feedback(False, f"Your function raised {type(error).__name__}: {error}")
        ours = number(ours, "the result of best_a", f"a* at f = {f:.3f}, b = {b:g}, lam = {lam:g}")
        if isinstance(ours, Feedback):
            return ours
        if not np.isclose(ours, truth, rtol=1e-8, atol=1e-12):
            if np.isclose(ours, -truth, rtol=1e-8):
                hint = "the sign is flipped: the neuron must push f towards y, so a has the sign of y - f."
            elif np.isclose(ours * np.exp(-b), truth, rtol=1e-8) or np.isclose(ours, truth * np.exp(b), rtol=1e-8):
                hint = "a factor exp(b) is off: write u = a e^b, minimise over u, then divide by e^b."
            else:
                hint = "set the derivative 2 e^b (f + a e^b - y) + 2 lam a to zero and solve for a."
            return Feedback(False, f"At f = {f:.3f}, b = {b:g}, lam = {lam:g} you give {ours:.6g}, the minimiser is {truth:.6g}: {hint}")
    return Feedback(True, "a* = (y - f) e^b / (e^{2b} + lam): as b grows, a* -> 0 while a* e^b -> y - f, the failure mode in one formula.")


def check_escaping_start(theta0: float) -> Feedback:
    """Exercise 3: a start from which plain gradient descent on the modified loss reaches L = 0 (Example 1)."""
    theta0 = number(theta0, "theta0", "a starting theta")
    if isinstance(theta0, Feedback):
        return theta0
    path = ef.descend(np.array([theta0]), ef.example1(), lam=1.0, lr=2e-3, steps=1500)
    final = float(path.loss[-1, 0])
    if final < 1e-3:
        return Feedback(True, f"From theta = {theta0:g} descent ends at L = {final:.1g}: the start lies in the basin of the global minimum (right of the barrier near 0.5).")
    return Feedback(False, f"From theta = {theta0:g} descent ends at L = {final:.3g}, theta = {path.theta[-1, 0]:.3f}, with b = {path.b[-1, 0]:.2f} still growing. Look at Fig. 1(a): where is the barrier between the two wells?")
