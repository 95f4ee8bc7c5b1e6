"""Self-checks for the exercises of the closing chapter.  Their feedback names what to reconsider, never the answer."""
from __future__ import annotations

import numpy as np

from lossland.book.answers import Feedback, number, numbers
from lossland.core.validation import check_width
from lossland.expneuron.losses import SquaredLoss
from lossland.expneuron.objective import Problem
from lossland.synthesis import running as rx

__all__ = ["check_census", "check_slope_in_w", "check_blind_losses", "check_statements"]

#: The true statements of the concept exercise (letters of ``ex-syn-statements``).
_TRUE_STATEMENTS = frozenset("bde")


def check_census(width: int, bad, trapped) -> Feedback:
    """Exercise 1: Liu's count of bad genuine minima and the share of trapped starts, running example, ``t = 1``.

    The truth is :func:`lossland.synthesis.running.liu_lens` (``trap_census`` with 2000 starts, seed 0).
    """
    width = check_width(width)
    if width > 3:
        raise ValueError(f"width must be 1, 2 or 3 (the widths the chapter counts), got {width}.")
    bad = number(bad, "bad", "the number of bad genuine minima")
    if isinstance(bad, Feedback):
        return bad
    trapped = number(trapped, "trapped", "the share of trapped starts, between 0 and 1")
    if isinstance(trapped, Feedback):
        return trapped
    X, y = rx.running_data()
    truth = rx.liu_lens(X, y, (width,))[width]
    chapter1 = rx.regions_lens(X, y, (width,))[width]
    if bad != truth["bad"]:
        if bad == truth["genuine"]:
            return Feedback(False, "That counts every genuine minimum: leave out those at the best loss of this width.")
        if bad == truth["regions"]:
            return Feedback(False, "That counts every pattern of cells: count only the genuine minima, and of those the bad ones.")
        if bad == chapter1["poor"]:
            return Feedback(False, "That is Chapter 1's network with an output bias; Liu's network has none (inputs (x, 1), no c).")
        return Feedback(False, "The count of bad minima is off: use Liu's network on the inputs (x, 1) and trap_census's 'bad'.")
    if trapped > 1.0 or trapped < 0.0:
        return Feedback(False, "trapped is a share of starts: give it between 0 and 1, not as a percentage.")
    if not np.isclose(trapped, truth["trapped"], rtol=0, atol=1e-12):
        if np.isclose(trapped, truth["trapped_any"], rtol=0, atol=1e-12):
            return Feedback(False, "The count is right; that share counts starts in cells with any genuine minimum, good ones too.")
        if np.isclose(trapped, truth["bad_share"], rtol=0, atol=1e-12):
            return Feedback(False, "The count is right; that share is among genuine minima, not among random starts.")
        return Feedback(False, "The count is right; the share of trapped starts is not: use 2000 starts and seed 0, as the exercise says.")
    return Feedback(True, "Right: the count and the probability of being trapped answer different questions.")


def _slope_truth(step: float = 1e-6) -> float:
    """d/dw of dL~/da at the mean fit, a = 0, b = 0, w = 0, by a central difference of the package's exact gradient."""
    X, y = rx.running_data()
    arch = rx.nets.Architecture(1, 1, True)
    mean_fit = arch.pack(np.array([[1.0]]), np.array([1.0]), np.array([-3.0]), y.mean())  # unit dead on all of [-2, 2]
    problem = Problem(rx.ReluModel(arch), SquaredLoss(), X, y[:, None], lam=0.1)
    a_index = arch.size

    def g(w: float) -> float:
        return float(problem.modified_gradient(problem.pack(mean_fit, [0.0], [0.0], [[w]]))[a_index])

    return (g(step) - g(-step)) / (2 * step)


def check_slope_in_w(slope) -> Feedback:
    """Exercise 2: the slope in ``w`` at ``w = 0`` of :math:`\\partial\\tilde L/\\partial a` at the mean fit (a = 0, b = 0)."""
    slope = number(slope, "slope", "the derivative in w of dL~/da at w = 0")
    if isinstance(slope, Feedback):
        return slope
    truth = _slope_truth()
    if np.isclose(slope, truth, rtol=1e-5, atol=1e-8):
        return Feedback(True, "Right: the slope is not zero, so a small w makes dL~/da nonzero and a small a then lowers L~.")
    if slope == 0.0:
        return Feedback(False, "dL~/da itself vanishes at w = 0, but its derivative in w need not: differentiate e^(w x_i) in w first.")
    if np.isclose(slope, -truth, rtol=1e-5):
        return Feedback(False, "The sign is off: the residual in the squared loss's gradient is (prediction - target).")
    if np.isclose(slope, truth / 2, rtol=1e-5) or np.isclose(slope, 2 * truth, rtol=1e-5):
        return Feedback(False, "Off by a factor of 2: the loss is (q - y)^2 with no 1/2, averaged over the m points.")
    if np.isclose(abs(slope), abs(truth) * len(rx.INPUTS), rtol=1e-5) or np.isclose(abs(slope), abs(truth) * len(rx.INPUTS) / 2, rtol=1e-5):
        return Feedback(False, "Check the average: Kawaguchi and Kaelbling's L divides the sum by m.")
    return Feedback(False, "Not the slope: write dL~/da at a = 0 as an average over the points, then differentiate in w at w = 0.")


def check_blind_losses(losses) -> Feedback:
    """Exercise 3: the loss training reaches from the blind spot, for each of the explorer's middle targets, in slider order."""
    count = len(rx.MIDDLE_TARGETS)
    losses = numbers(losses, "losses", (count,), f"the {count} losses, one per value of t in the slider's order")
    if isinstance(losses, Feedback):
        return losses
    runs = [rx.blind_lens(*rx.running_data(t)) for t in rx.MIDDLE_TARGETS]
    truth = np.array([run["loss_blind"] for run in runs])
    if np.allclose(losses, truth, rtol=0, atol=5e-4):
        return Feedback(True, "Right: from a blind spot only the output bias learns, whatever the targets.")
    if np.allclose(losses, [run["loss_random"] for run in runs], rtol=0, atol=5e-4):
        return Feedback(False, "Those are the losses from the random start; the exercise asks for the blind start.")
    if np.allclose(losses, 2 * truth, rtol=0, atol=1e-3):
        return Feedback(False, "Off by a factor of 2: Chapter 1's loss has a 1/2 in front of the sum.")
    if np.allclose(losses, 2 * truth / len(rx.INPUTS), rtol=0, atol=1e-3):
        return Feedback(False, "That is the mean squared error; give Chapter 1's loss, half the sum of squared errors.")
    wrong = int(np.sum(~np.isclose(losses, truth, rtol=0, atol=5e-4)))
    return Feedback(False, f"{wrong} of the {count} values are off: what does the network predict on every point after training from a blind spot?")


def check_statements(true_letters) -> Feedback:
    """Exercise 4: which of the statements (a)-(f) are true, as a string or collection of letters."""
    if isinstance(true_letters, str):
        letters = {c for c in true_letters.lower() if c.isalpha()}
    elif hasattr(true_letters, "__iter__") and all(isinstance(c, str) for c in true_letters):
        letters = {c.strip().lower() for c in true_letters}
    else:
        return Feedback(False, f"Give true_letters as letters, e.g. 'ac' or ['a', 'c']; got {true_letters!r:.60}.")
    if not letters <= set("abcdef"):
        return Feedback(False, f"The statements are (a) to (f); {sorted(letters - set('abcdef'))} are not among them.")
    if letters == _TRUE_STATEMENTS:
        return Feedback(True, "Right: each pair of results that seemed to clash measures a different thing or assumes a different setting.")
    if letters - _TRUE_STATEMENTS:
        return Feedback(False, "At least one letter you chose is a false statement: for each, ask which objective, network and quantity it is about.")
    return Feedback(False, "Every letter you chose is true, but at least one true statement is missing.")


HIDDEN_TESTS = {}
