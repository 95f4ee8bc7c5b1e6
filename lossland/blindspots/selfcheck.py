"""Self-checks for the exercises of Chapter 5 (ReLU blind spots)."""
from __future__ import annotations

import numpy as np
from scipy.stats import norm

from lossland.blindspots import initialisation as bs
from lossland.blindspots import relu_regression as rr
from lossland.book.answers import Feedback, number

__all__ = ["check_prop1_loss", "check_dead_output", "check_blind_mean"]


def check_prop1_loss(answer: float) -> Feedback:
    """Exercise 1: the summed squared error of relu(x - 3) on D1 (Proposition 1)."""
    arch, theta, X, y = rr.solution("prop1_local")
    truth = float(rr.paper_loss(theta, X, y))
    answer = number(answer, "answer", "the summed squared error")
    if isinstance(answer, Feedback):
        return answer
    if np.isclose(answer, truth):
        return Feedback(True, f"{truth:g}: the unit fits x = 5 and 4 exactly and is blind to x = 3, 1, -1.")
    if np.isclose(answer, truth / 2):
        return Feedback(False, "That is half of it: the paper's Eq. 1 is the plain sum of squared errors, with no 1/2.")
    if np.isclose(answer, truth / len(y)):
        return Feedback(False, "That is the mean; the paper's Eq. 1 sums the squared errors.")
    return Feedback(False, f"Not {answer:g}. Evaluate relu(x - 3) at each input: it is 0 for x <= 3.")


def check_dead_output(c: float) -> Feedback:
    """Exercise 2: the constant output that makes a dead-layer point a local minimum on D1."""
    _, y = rr.dataset("D1")
    c = number(c, "c", "the constant output")
    if isinstance(c, Feedback):
        return c
    if np.isclose(c, y.mean()):
        return Feedback(True, f"c = mean(y) = {y.mean():g}: the only direction that changes the loss is c itself, and it is at its best.")
    if np.isclose(c, np.median(y)):
        return Feedback(False, "The median minimises absolute errors; squared errors want the mean.")
    return Feedback(False, f"With c = {c:g} the derivative 2 sum(c - y_i) = {2 * np.sum(c - y):.3g} is not zero: moving c lowers the loss.")


def check_blind_mean(mu: float, h: int = 20, probability: float = 0.99) -> Feedback:
    """Exercise 3: the weight mean giving a 99% chance that all weights of a 2-h-1 LeCun net are positive (h = 20)."""
    truth = bs.mu_for_failure(h, depth=1, init="lecun", probability=probability)
    mu = number(mu, "mu", "the weight mean")
    if isinstance(mu, Feedback):
        return mu
    if np.isclose(mu, truth, rtol=1e-2):
        return Feedback(True, f"mu = {truth:.4f}: then every unit is blind to the cluster with probability {probability:.0%}.")
    p = float(bs.prob_all_positive(mu, h, depth=1, init="lecun"))
    hint = "Count the weights of both layers (2h into the hidden layer, h out of it), all with sigma^2 = 1/h."
    first_layer_only = norm.ppf(probability ** (1 / (2 * h))) / np.sqrt(h)
    if np.isclose(mu, first_layer_only, rtol=1e-2):
        hint = "You counted only the 2h weights into the hidden layer; the h output weights must be positive too."
    elif np.isclose(mu, truth / np.sqrt(h), rtol=1e-2):
        hint = "sigma is 1/sqrt(h), not 1/h: LeCun's variance is 1/h."
    elif abs(mu - truth) / truth < 0.5:
        hint = "Close; " + hint
    return Feedback(False, f"With mu = {mu:.4f}, Eq. 3 gives {p:.4f}, not {probability}. {hint}")
