"""Self-checks for the exercises of Chapter 5 (ReLU blind spots)."""
from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from lossland.blindspots import bump as bp
from lossland.blindspots import initialisation as bs
from lossland.blindspots import jellyfish as jf
from lossland.blindspots import relu_regression as rr
from lossland.book.answers import Feedback, number
from lossland.core.validation import as_vector, check_positive, check_width

__all__ = ["check_prop1_loss", "check_dead_output", "check_blind_mean", "check_bump_loss", "check_bump_shift",
           "check_explorer_mu", "check_crossing"]

#: The exercise's instance: D1, the input x_r = 1 (index 3) isolated by the bump.
BUMP_DATA, BUMP_INDEX = "D1", 3


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


def check_dead_output(c: float, targets=None) -> Feedback:
    """Exercise 2: the constant output that makes a dead-layer point a local minimum on D1.

    ``targets``: five targets in place of D1's (a student's version; D1's inputs stay), or None for D1's own.
    """
    X, y = rr.dataset("D1")
    if targets is not None:
        y = as_vector(targets, "targets", length=len(X))
    c = number(c, "c", "the constant output")
    if isinstance(c, Feedback):
        return c
    if np.isclose(c, y.mean()):
        return Feedback(True, f"c = mean(y) = {y.mean():g}: the only direction that changes the loss is c itself, and it is at its best.")
    if np.isclose(c, np.median(y)):
        return Feedback(False, "The median minimises absolute errors; squared errors want the mean.")
    # The derivative's value is not shown: c minus it over 2N would be the answer.
    side = "lower" if np.sum(c - y) > 0 else "higher"
    return Feedback(False, f"With c = {c:g} the derivative 2 sum(c - y_i) is not zero: a {side} c lowers the loss.")


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
    first_layer_only = ndtri(probability ** (1 / (2 * h))) / np.sqrt(h)
    if np.isclose(mu, first_layer_only, rtol=1e-2):
        hint = "You counted only the 2h weights into the hidden layer; the h output weights must be positive too."
    elif np.isclose(mu, truth / np.sqrt(h), rtol=1e-2):
        hint = "sigma is 1/sqrt(h), not 1/h: LeCun's variance is 1/h."
    elif abs(mu - truth) / truth < 0.5:
        hint = "Close; " + hint
    return Feedback(False, f"With mu = {mu:.4f}, Eq. 3 gives {p:.4f}, not {probability}. {hint}")


def _bump_data(targets) -> tuple[np.ndarray, np.ndarray]:
    """D1, or D1's inputs with ``targets`` in place of its targets (a student's version)."""
    X, y = rr.dataset(BUMP_DATA)
    return X, (y if targets is None else as_vector(targets, "targets", length=len(X)))


def check_bump_loss(loss: float, targets=None) -> Feedback:
    """Exercise (Theorem 1 (ii)): the loss (Eq. 2) of the bump network on D1 that isolates x_r = 1.

    ``targets``: five targets in place of D1's (a student's version; D1's inputs stay), or None for D1's own.
    """
    X, y = _bump_data(targets)
    fit = bp.bump_fit(X, y, BUMP_INDEX)
    loss = number(loss, "loss", "the summed squared error of your bump network")
    if isinstance(loss, Feedback):
        return loss
    if np.isclose(loss, fit["loss"]):
        return Feedback(True, f"Right: the bump fits x_r exactly and every other point gets the mean of its targets; "
                              f"the dead layer's constant has loss {fit['dead_loss']:.4g}.")
    if np.isclose(loss, fit["dead_loss"]):
        return Feedback(False, "That is the loss of the constant mean(y), the dead-layer point; the bump network does better.")
    others = np.arange(len(y)) != BUMP_INDEX
    if np.isclose(loss, np.sum((y[others] - y.mean()) ** 2)):
        return Feedback(False, "Away from x_r the network should output the mean of the *other* targets (mu), not mean(y).")
    if np.isclose(loss, fit["loss"] / len(y)) or np.isclose(loss, fit["loss"] / 2):
        return Feedback(False, "Eq. 2 is the plain sum of squared errors: no mean, no 1/2.")
    if loss < fit["loss"]:
        return Feedback(False, "Lower than this construction can give: check that the output away from x_r is one constant.")
    return Feedback(False, "Not the bump network's loss: compute its output at every input (nu at x_r, mu elsewhere), then Eq. 2.")


def check_bump_shift(s: float, targets=None) -> Feedback:
    """Exercise (Theorem 1 (ii), deeper networks): the least shift s >= 0 that lets the bump's value pass a ReLU.

    ``targets``: as for :func:`check_bump_loss`.
    """
    X, y = _bump_data(targets)
    truth = bp.bump_shift(X, y, BUMP_INDEX)
    fit = bp.bump_fit(X, y, BUMP_INDEX)
    s = number(s, "s", "the shift")
    if isinstance(s, Feedback):
        return s
    if np.isclose(s, truth):
        return Feedback(True, "Right: with this shift every carried value is >= 0, so each ReLU passes it unchanged.")
    if s < 0:
        return Feedback(False, "A shift is added to the carried value to make it non-negative; it cannot be negative here.")
    if np.any(fit["outputs"] + s < -1e-12):
        return Feedback(False, "Too small: some carried value mu + s or nu + s is still negative, and a ReLU would zero it.")
    return Feedback(False, "That shift works, but it is not the least one: a smaller s still keeps mu + s and nu + s >= 0.")


def check_explorer_mu(mu: float, sigma: float = 0.30, depth: int = 2, h: int = 10) -> Feedback:
    """Exploration exercise: the weight mean at which Eq. 3 equals 0.99 for the explorer's opening network.

    The explorer opens at ``sigma = 0.30``, depth 2: a 2-10-10-1 network whose 130 weights are
    all drawn from N(mu, sigma^2).  The student brackets the crossing with the slider and then
    solves Eq. 3 (App. B.1) for it to three decimals, so the tolerance is 0.002.
    """
    sigma, depth, h = check_positive(sigma, "sigma"), check_width(depth, "depth"), check_width(h, "h")
    truth = bs.mu_for_failure(h, depth=depth, init=sigma)
    mu = number(mu, "mu", "the weight mean")
    if isinstance(mu, Feedback):
        return mu
    p = float(bs.prob_all_positive(mu, h, depth=depth, init=sigma))
    if abs(mu - truth) <= 0.002:
        return Feedback(True, f"Eq. 3 reads {p:.4f} at mu = {mu:g}: the crossing of 0.99 to three decimals.")
    counts = bs.weight_count(h, depth, 2)
    no_output = float(sigma * ndtri(0.99 ** (1 / float(np.sum(counts[:-1])))))
    if abs(mu - no_output) <= 0.002:
        return Feedback(False, "That solves Eq. 3 for the hidden layers' weights only: the weights into the "
                               "output unit must be positive too (App. B.1 counts them).")
    side = "too small: Eq. 3 is below 0.99 there" if mu < truth else "larger than needed: Eq. 3 is above 0.99 there"
    hint = ("The slider brackets the crossing; now solve Eq. 3 for it: count the weights of every layer."
            if abs(mu - truth) <= 0.1 else "Move the slider and read Eq. 3 in the title first.")
    return Feedback(False, f"mu = {mu:g} is {side} ({p:.4f}). {hint}")


def check_crossing(s: float) -> Feedback:
    """Concept exercise: the parameter s at which the jellyfish's two segments cross.

    The positives' segment is (1 - 0.8 s, 0.6 s), the negatives' (0.6 t, 1 - 0.8 t), s, t in [0, 1].
    """
    (p1, p2, n1, n2) = jf.JELLYFISH[0][[0, 1, 2, 3]]
    A = np.column_stack([p2 - p1, -(n2 - n1)])
    truth = float(np.linalg.solve(A, n1 - p1)[0])
    s = number(s, "s", "the parameter of the crossing")
    if isinstance(s, Feedback):
        return s
    if np.isclose(s, truth, rtol=1e-3):
        return Feedback(True, "Right: both parameters lie in [0, 1], so the segments really cross.")
    if not 0 <= s <= 1:
        return Feedback(False, "s must lie in [0, 1] for a point of the positives' segment.")
    return Feedback(False, "At that s the point of the positives' segment is not on the negatives' segment: "
                           "write both segments with parameters s and t and solve the two coordinate equations.")
