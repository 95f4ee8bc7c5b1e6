"""Self-checks for the exercises of Chapter 4 (non-attracting regions)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from lossland.book.answers import Feedback, numbers, verdict
from lossland.core import sigmoid_nets as sn
from lossland.core.probes import is_local_minimum
from lossland.core.validation import as_vector
from lossland.petzka import embedding as em
from lossland.petzka import nonattracting as na

__all__ = ["check_toy_minimum", "check_split", "check_lambda_rule"]


def check_toy_minimum(is_minimum: Callable[[float], bool], y_values: tuple[float, ...] = (-1.5, -1.0, -0.5, 0.0, 0.9, 1.0, 1.2)) -> Feedback:
    """Exercise 1: which points (0, y) are local minima of x^2 (1 - y^2)? Tried at ``y_values``.

    The truth is probed at radii up to 0.1: a ``y`` closer than that to +-1 (but not +-1 itself) would be misjudged.
    """
    y_values = as_vector(y_values, "y_values")
    loss = lambda p: na.toy_loss(np.atleast_2d(p)[:, 0], np.atleast_2d(p)[:, 1])
    for y in map(float, y_values):
        truth = is_local_minimum(loss, [0.0, y], radii=(1e-3, 1e-2, 1e-1))
        answer = verdict(is_minimum, "is_minimum", y)
        if isinstance(answer, Feedback):
            return answer
        if answer != truth:
            if abs(y) == 1.0:
                why = "every neighbourhood of (0, +-1) reaches |y| > 1, where x^2 (1 - y^2) < 0 for x != 0"
            elif truth:
                why = "for |y| < 1 the loss is x^2 times a positive number near (0, y)"
            else:
                why = "for |y| > 1 moving in x makes the loss negative"
            return Feedback(False, f"Wrong at y = {y:g}: {why}.")
    return Feedback(True, "Exactly |y| < 1: the region R of the paper, whose edge at |y| = 1 is the way out.")


def check_split(weights) -> Feedback:
    """Exercise 2: gamma_lambda applied to a 1-1-1 network with u = 2, v = 3, lambda = 0.25."""
    arch = sn.Architecture((1, 1, 1))
    big, theta = em.embed(arch, arch.pack([np.array([[2.0]]), np.array([[3.0]])]), 1, 0, 0.25)
    (W1, W2), _ = big.unpack(theta)
    truth = np.array([W1[0, 0], W1[1, 0], W2[0, 0], W2[0, 1]])
    weights = numbers(weights, "weights", (4,), "four numbers (u1, u2, v1, v2)")
    if isinstance(weights, Feedback):
        return weights
    same_up_to_order = np.allclose(weights[:2], truth[:2]) and np.allclose(np.sort(weights[2:]), np.sort(truth[2:]))
    if same_up_to_order:
        return Feedback(True, "Both copies keep u = 2; the outgoing weight 3 is shared as 0.75 and 2.25, so the output is unchanged.")
    if np.isclose(weights[2] + weights[3], 3.0) and not np.allclose(weights[:2], 2.0):
        return Feedback(False, "The outgoing weights are right, but the incoming weight is copied, not split: both copies must compute the same activation.")
    if np.allclose(weights[:2], 2.0) and not np.isclose(weights[2] + weights[3], 3.0):
        return Feedback(False, "The outgoing weights must add up to v = 3, so that the two identical activations together give the old output.")
    return Feedback(False, "Not quite: gamma_lambda copies the incoming weight to both copies and shares the outgoing "
                           "one as lambda v and (1 - lambda) v (in either order).")


def check_lambda_rule(is_minimum: Callable[[float], bool], example: str = "positive",
                      lam_values: tuple[float, ...] = (-0.5, -0.05, 0.1, 0.5, 0.9, 1.05, 1.5)) -> Feedback:
    """Exercise 3: for which lambda is the embedded shallow example a local minimum (Theorem 8)? Tried at ``lam_values``.

    ``example``: ``"positive"`` (the example with B > 0, the default) or ``"negative"`` (B < 0).
    """
    lam_values = as_vector(lam_values, "lam_values")
    if example not in em.SHALLOW_SEEDS:
        return Feedback(False, f"example must be one of {sorted(em.SHALLOW_SEEDS)}, got {example!r}.")
    arch, theta, X, y = em.shallow_example(seed=em.SHALLOW_SEEDS[example])
    sign = "B > 0" if example == "positive" else "B < 0"
    for lam in map(float, lam_values):
        smallest = em.embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, [lam])[0, 0]
        truth = smallest > -1e-9
        answer = verdict(is_minimum, "is_minimum", lam)
        if isinstance(answer, Feedback):
            return answer
        if answer != truth:
            return Feedback(False, f"Wrong at lambda = {lam:g}. Here {sign}, and the split direction has curvature "
                                   "lambda (1 - lambda) B: the point is a minimum exactly where that curvature is positive.")
    if example == "positive":
        return Feedback(True, "With B > 0, lambda (1 - lambda) B > 0 inside (0, 1): a minimum; outside [0, 1] the curvature "
                              "is negative: a saddle at the same loss.")
    return Feedback(True, "With B < 0 the roles swap: lambda (1 - lambda) B > 0 outside [0, 1] (minima) and < 0 inside (saddles).")


#: Other instances for the autograder's hidden tests: keyword arguments that ``scripts/assignments.py``
#: adds to the exercise's own call, so that a rule fitted to the public cases alone does not pass.
#: Read by name by the coursework tools, not part of the API a student calls (hence not in ``__all__``).
HIDDEN_TESTS = {
    "check_toy_minimum": {"y_values": (-3.0, -0.7, -0.2, 0.3, 0.6, 1.3, 2.5)},
    "check_lambda_rule": {"lam_values": (-1.0, -0.2, 0.3, 0.7, 1.2, 2.0)},
}
