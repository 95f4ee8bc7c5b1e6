"""Self-checks for the exercises of Chapter 3 (the exponential neuron).

Each check says in which way an answer is off, never what the right answer is.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from lossland.book.answers import Feedback, number
from lossland.core.validation import as_matrix, check_flag, check_positive
from lossland.expneuron import failure as ef
from lossland.expneuron import proof as pr

__all__ = ["check_example3_value", "check_best_a", "check_escaping_start", "check_switch_on_slope",
           "check_example6_value", "check_pgb_min", "check_hinge_optimal_output"]

HAND_RTOL = 0.05
"""Relative tolerance for a number worked out by hand: two significant digits (2e-9 for 2.06e-9) pass."""


def check_example3_value(answer: float, eps: float = 0.1, lam: float = 1.0) -> Feedback:
    """Exercise 1: the modified loss of Example 3 along the paper's sequence, at ``eps``.

    Accepts any answer within :data:`HAND_RTOL` (two significant digits) of the exact value.
    """
    eps, lam = check_positive(eps, "eps"), check_positive(lam, "lam")
    answer = number(answer, "answer", "the modified loss L~")
    if isinstance(answer, Feedback):
        return answer
    truth = float(ef.analytical_sequence(3, np.array([eps]), lam=lam).value[0])
    close = lambda value: np.isclose(answer, value, rtol=HAND_RTOL, atol=0.0)
    if close(truth):
        return Feedback(True, f"L~ = lambda exp(-2/eps) = {truth:.3g}: the first term vanishes exactly, only the regulariser is left.")
    if close(np.exp(-1.0 / eps)) or close(lam * np.exp(-1.0 / eps)):
        return Feedback(False, "That is |a| itself (times lambda); the regulariser is lambda a^2.")
    if np.isclose(answer, 1.0, rtol=HAND_RTOL):
        return Feedback(False, "1 is L(theta) = (f - y)^2; with this a and b the added neuron cancels the residual exactly.")
    if answer <= 0:
        return Feedback(False, "L~ is a square plus lambda a^2 > 0, so it is positive: the first term may vanish, the regulariser does not.")
    return Feedback(False, f"Not {answer:.3g}. Substitute a = -exp(-1/eps) and b = 1/eps - w.x1: what is a exp(w.x1 + b)? "
                           "Then evaluate (f + a exp(w.x1 + b) - y)^2 + lambda a^2 at f = 2, y = 1.")


# (f, y, b, lam): f and y need not come from any model; e^{2b} and lam are of different sizes at each point.
_BEST_A_POINTS = ((2.0, 1.0, 0.0, 1.0), (0.0, 1.0, 2.0, 0.5), (3.0, -1.0, -1.0, 2.0), (-2.0, 0.5, 1.0, 0.1))


def _minimiser(f: float, y: float, b: float, lam: float) -> float:
    """The exact minimiser over a of (f + a e^b - y)^2 + lam a^2 (private: the check's reference)."""
    return (y - f) * np.exp(b) / (np.exp(2 * b) + lam)


def check_best_a(best_a: Callable[[float, float, float, float], float], points=_BEST_A_POINTS) -> Feedback:
    """Exercise 2: a function ``best_a(f, y, b, lam)`` minimising (f + a e^b - y)^2 + lam a^2 over a.

    Tried at a few ``points`` ``(f, y, b, lam)`` (rows, lam > 0); on a wrong value it names the point, the typical
    mistake if it recognises one, and whether the value lies above or below the minimiser.
    """
    points = as_matrix(points, "points", columns=4)
    if np.any(points[:, 3] <= 0):
        raise ValueError(f"points: lam (the last column) must be > 0 in every row, got {points[:, 3].tolist()}.")
    if not callable(best_a):
        return Feedback(False, f"Give best_a as a function best_a(f, y, b, lam) returning one number, got {best_a!r}.")
    for f, y, b, lam in points.tolist():
        truth = _minimiser(f, y, b, lam)
        try:
            ours = best_a(f, y, b, lam)
        except Exception as error:  # the student's code: report, do not crash
            return Feedback(False, f"Your function raised {type(error).__name__}: {error}")
        ours = number(ours, "the result of best_a", f"a* at f = {f:g}, y = {y:g}, b = {b:g}, lam = {lam:g}")
        if isinstance(ours, Feedback):
            return ours
        if np.isclose(ours, truth, rtol=1e-6, atol=1e-12):
            continue
        slope = 2 * np.exp(b) * (f + ours * np.exp(b) - y) + 2 * lam * ours  # d/da of the objective at your a
        where = f"At f = {f:g}, y = {y:g}, b = {b:g}, lam = {lam:g} your a = {ours:.4g} is not the minimiser"
        if np.isclose(ours, -truth, rtol=1e-6):
            hint = "The sign is flipped: the neuron must push f towards y, so a has the sign of y - f."
        elif any(np.isclose(ours, truth * factor, rtol=1e-6) for factor in (np.exp(b), np.exp(-b))):
            hint = "A factor exp(b) is off: write u = a e^b, minimise over u, then divide by e^b."
        elif np.isclose(ours, (y - f) * np.exp(-b), rtol=1e-6):
            hint = "That would be right for lam = 0: the penalty lam a^2 is missing from your derivative."
        else:
            side = "too large: the objective still falls if you lower a" if slope > 0 else "too small: the objective still falls if you raise a"
            hint = f"It is {side}. Set the derivative 2 e^b (f + a e^b - y) + 2 lam a to zero and solve for a."
        return Feedback(False, f"{where}. {hint}")
    return Feedback(True, "a* = (y - f) e^b / (e^{2b} + lam): as b grows, a* -> 0 while a* e^b -> y - f, the failure mode in one formula.")


def check_escaping_start(theta0: float, escapes: bool = True) -> Feedback:
    """Exercise 3: a start from which plain gradient descent on L~ of Example 1 reaches L = 0 (or, with
    ``escapes=False``, one from which it does not).

    Descent as in the exercise: lambda = 1, from a = b = W = 0, 1500 steps of size 2e-3; it
    "reaches the global minimum" when L(theta) ends below 1e-3.
    """
    theta0 = number(theta0, "theta0", "a starting theta")
    if isinstance(theta0, Feedback):
        return theta0
    escapes = check_flag(escapes, "escapes")
    path = ef.descend(np.array([theta0]), ef.example1(), lam=1.0, lr=2e-3, steps=1500)
    final, theta, b = float(path.loss[-1, 0]), float(path.theta[-1, 0]), float(path.b[-1, 0])
    reached = final < 1e-3
    ends = f"From theta = {theta0:g} descent ends at theta = {theta:.3f} with L = {final:.3g} and b = {b:.2f}"
    if reached and escapes:
        return Feedback(True, f"{ends}: the start lies in the basin of the global minimum.")
    if not reached and not escapes:
        return Feedback(True, f"{ends}: theta is held while b keeps growing, the failure mode.")
    if reached:
        return Feedback(False, f"{ends}: this start does reach the global minimum. Look for one on the other side of the barrier in Fig. 1(a).")
    return Feedback(False, f"{ends}: it does not reach the global minimum. Look at Fig. 1(a): from which starts does theta run downhill into the global well?")


def check_switch_on_slope(coefficient: float) -> Feedback:
    """Exercise (moments): the coefficient ``c`` in ``dL~/da = c eps^2 + O(eps^4)`` at the three-point
    instance's stationary point with the neuron off and ``w = eps`` (:func:`lossland.expneuron.proof.three_point_instance`).

    The reference is the package's moment ``z_2 / 2!``; answers within :data:`HAND_RTOL` pass.
    """
    coefficient = number(coefficient, "coefficient", "the coefficient of eps^2 in the slope")
    if isinstance(coefficient, Feedback):
        return coefficient
    problem = pr.three_point_instance()
    z = pr.exponential_moments(problem, problem.pack(pr.THREE_POINT_THETA, [0.0], [0.0], [[0.0]]), [1.0], 2)[:, 0]
    truth = float(z[2] / 2)
    close = lambda value: np.isclose(coefficient, value, rtol=HAND_RTOL, atol=0.0)
    if close(truth):
        return Feedback(True, "Right: z_0 and z_1 vanish (the residuals sum to 0 and are symmetric in x), so the slope "
                              "starts at eps^2 z_2 / 2!: a degree-2 monomial sees what f cannot fix.")
    if coefficient == 0:
        return Feedback(False, "The slope is not 0 to this order: the moments of degree 0 and 1 vanish, but look at degree 2.")
    if close(2 * truth):
        return Feedback(False, "Off by a factor 2: the exponential's series divides the degree-t term by t!.")
    if close(3 * truth) or close(6 * truth):
        return Feedback(False, "Off by the number of samples: L~ averages the loss over the m samples.")
    if close(-truth):
        return Feedback(False, "The sign is flipped: the residual gradient is 2(f - y), not 2(y - f).")
    return Feedback(False, "Not that value. Expand exp(eps x_i) in the slope (1/m) sum_i 2(f(x_i) - y_i) exp(eps x_i) "
                           "and keep the first term that does not vanish.")


def check_example6_value(answer: float, eps: float = 0.2, lam: float = 1.0) -> Feedback:
    """Exercise (Example 6 corrected): ``L~`` along ``a = +2 e^{-1/eps}``, ``b = 1/eps - w.x1`` at ``eps`` (``f = -1``, ``y = 1``).

    Accepts any answer within :data:`HAND_RTOL` of :func:`lossland.expneuron.failure.analytical_sequence`'s value.
    """
    eps, lam = check_positive(eps, "eps"), check_positive(lam, "lam")
    answer = number(answer, "answer", "the modified loss L~")
    if isinstance(answer, Feedback):
        return answer
    truth = float(ef.analytical_sequence(6, np.array([eps]), lam=lam, construction="corrected").value[0])
    printed = float(ef.analytical_sequence(6, np.array([eps]), lam=lam, construction="printed").value[0])
    close = lambda value: np.isclose(answer, value, rtol=HAND_RTOL, atol=0.0)
    if close(truth):
        return Feedback(True, "Right: the hinge term vanishes exactly, and only the penalty lambda a^2 is left.")
    if close(lam * np.exp(-2.0 / eps)):
        return Feedback(False, "That is the paper's printed value; square a = 2 exp(-1/eps) in the penalty.")
    if close(printed):
        return Feedback(False, "That is the printed sequence a = -2 exp(-1/eps), which pushes the output away from the target.")
    if answer <= 0:
        return Feedback(False, "L~ is a cube of a nonnegative number plus lambda a^2 > 0: it is positive.")
    return Feedback(False, "Not that value. What is a exp(w.x1 + b) along the sequence? Put it into max(0, 1 - y(f + a e^{...}))^3 + lambda a^2.")


def check_pgb_min(answer: float, target: float = 1.0) -> Feedback:
    """Exercise (Theorem 3): the least mean squared loss of Example 5 over outputs in the PGB span at ``a = 0``.

    The reference is :func:`lossland.expneuron.proof.tangent_span` on :func:`lossland.expneuron.proof.example5_instance`;
    ``target``: Example 5 with targets ``target`` and ``-target`` (a student's version).
    """
    instance = pr.example5_instance(target=target)
    answer = number(answer, "answer", "the least loss over the span")
    if isinstance(answer, Feedback):
        return answer
    truth = pr.tangent_span(*instance)["pgb_min"]
    close = lambda value: np.isclose(answer, value, rtol=HAND_RTOL, atol=1e-9)
    if close(truth):
        return Feedback(True, "Right: with x1 = x2 every tangent vector adds the same amount at both samples, and the best "
                              "common shift leaves L(theta) unchanged, so Theorem 3 does not rule this point out (Example 5).")
    if close(0.0):
        return Feedback(False, "0 would need the two outputs to move independently; with x1 = x2 every tangent vector "
                               "e^{w.x + b} takes the same value at both samples.")
    if close(2 * truth):
        return Feedback(False, "Off by a factor 2: the objective averages the loss over the two samples.")
    return Feedback(False, f"Not that value. The span is the line q1 = q2 = q: minimise the mean of (q - {target:g})^2 and (q + {target:g})^2 over q.")


def check_hinge_optimal_output(q: float) -> Feedback:
    """Exercise (hinge suboptimality): an output ``q != y_1 = 1`` at which the cubic hinge ``max(0, 1 - q)^3`` is globally minimal.

    Any ``q`` whose loss is the least possible value (0, by :func:`lossland.expneuron.failure.loss_value`) and which
    differs from the target passes.
    """
    q = number(q, "q", "an output q")
    if isinstance(q, Feedback):
        return q
    loss = float(ef.loss_value(q, 1.0, "cubic_hinge"))
    if q == 1.0:
        return Feedback(False, "That output equals the target y_1; the exercise asks for an optimal output that misses it.")
    if loss == 0.0:
        return Feedback(True, "Right: the hinge loss is 0 there although f != y, so 'f != y' does not make theta suboptimal; "
                              "the margin y f >= 1 is what counts.")
    return Feedback(False, f"At q = {q:g} the loss is {loss:.3g} > 0, not the least possible value: the margin 1 - y q is still positive.")


#: Other instances for the autograder's hidden tests: keyword arguments that ``scripts/assignments.py``
#: adds to the exercise's own call, so that a rule fitted to the public cases alone does not pass.
#: Read by name by the coursework tools, not part of the API a student calls (hence not in ``__all__``).
HIDDEN_TESTS = {"check_best_a": {"points": ((1.0, 4.0, 0.5, 3.0), (-1.0, -3.0, -2.0, 0.25), (0.5, 0.5, 1.5, 1.0), (4.0, 0.0, 2.5, 5.0))}}
