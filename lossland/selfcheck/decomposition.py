"""Self-checks for the exercises of Chapter 1."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import nets
from ..data import three_points, two_points_1d
from ..decomposition import FIG2
from ..probes import is_local_minimum
from ..regions import unit_cells
from ..subglobal import solve_pattern
from . import Feedback

__all__ = ["check_region_count", "check_subglobal_loss", "check_kink_minima", "check_dead_weights", "check_fewer_regions"]


def check_region_count(width: int, bias: bool, answer) -> Feedback:
    """Exercise 1: the number of activation regions of the three-point network."""
    X, _ = three_points()
    cells = len(unit_cells(X, bias))
    truth = cells**width
    if not isinstance(answer, (int, np.integer)):
        return Feedback(False, f"Give a whole number of regions, not {answer!r}.")
    if answer == truth:
        return Feedback(True, f"{cells} cells per unit, and each of the {width} units picks one: {cells}^{width} = {truth}.")
    if answer == 2 ** (len(X) * width):
        return Feedback(False, f"{answer} = 2^(N h) counts every conceivable pattern; most cannot be realised by any weights. Count the cells of one unit first.")
    if answer == cells * width:
        return Feedback(False, "Regions multiply, they do not add: the units choose their cells independently.")
    if bias and answer == 6**width:
        return Feedback(False, "That is the count without biases. A bias adds a dimension to each unit's weight space: how many cells do three planes through the origin of R^3 make?")
    return Feedback(False, f"Not {answer}. Count one unit's cells (look at Fig. 1, or call unit_cells) and combine {width} units.")


def check_subglobal_loss(pattern, answer: float) -> Feedback:
    """Exercise 2: the subglobal minimum of a given pattern, computed by hand from Eq. 7."""
    X, y = three_points()
    fit = solve_pattern(X, y, pattern)
    truth = float(fit.loss[0])
    truth = 0.0 if abs(truth) < 1e-12 else truth
    answer = float(answer)
    if np.isclose(answer, truth, atol=1e-8):
        return Feedback(True, f"The subglobal minimum is {truth:.6g}.")
    if np.isclose(answer, 2 * truth, atol=1e-8):
        return Feedback(False, "You found the sum of squared residuals: the paper's loss (Eq. 3) has a factor 1/2.")
    if np.isclose(answer, 0.5 * float(y @ y)):
        return Feedback(False, "That is the loss of the zero network: did you solve the system at all (p = 0)?")
    return Feedback(False, f"Your {answer:.6g} is off. Build D = [diag(a_1) X, diag(a_2) X], solve the least-squares problem (np.linalg.lstsq handles a singular Eq. 7), and evaluate 1/2 ||D p - y||^2.")


def check_kink_minima(is_minimum: Callable[[float], bool]) -> Feedback:
    """Exercise 3: a rule deciding which points (0, w2) of Fig. 2 are local minima."""
    X, y = two_points_1d()
    loss = lambda theta: nets.loss(FIG2, theta, X, y)
    wrong = []
    for w2 in (-2.0, -0.5, 0.0, 0.5, 2.0):
        truth = is_local_minimum(loss, [0.0, w2])
        if bool(is_minimum(w2)) != truth:
            wrong.append((w2, truth))
    if not wrong:
        return Feedback(True, "Right: on the kink line the one-sided slopes in w1 are 2 w2 (to the right) and 6 w2 (to the left, going down in w1), both uphill exactly when w2 > 0.")
    w2, truth = wrong[0]
    why = "the loss rises in every direction there" if truth else "moving w1 slightly to one side lowers the loss"
    return Feedback(False, f"Your rule is wrong at w2 = {w2:g}: it {'is' if truth else 'is not'} a local minimum ({why}). Work out the loss for small w1 > 0 and w1 < 0 separately.")


def check_dead_weights(w) -> Feedback:
    """Exercise 4: weights of an added unit that is switched off on all three points (no bias)."""
    X, _ = three_points()
    w = np.asarray(w, dtype=float).ravel()
    if w.shape != (2,):
        return Feedback(False, f"Give two weights (w1, w2), got shape {w.shape}.")
    pre = X @ w
    if np.all(pre < 0):
        return Feedback(True, f"Pre-activations {np.round(pre, 3)} are all negative: the unit is dead on the data, strictly inside its region.")
    on = [i + 1 for i in np.flatnonzero(pre == 0)]
    active = [i + 1 for i in np.flatnonzero(pre > 0)]
    parts = []
    if active:
        parts.append(f"the unit is active on point(s) {active}")
    if on:
        parts.append(f"point(s) {on} sit exactly on the kink, which is a boundary (the Sec. 3.2 erratum)")
    return Feedback(False, "; ".join(parts).capitalize() + ". Look for w in the region labelled 000 in Fig. 1.")


def check_fewer_regions(X) -> Feedback:
    """Exercise 5: three points in the plane whose unit has fewer than six regions."""
    X = np.asarray(X, dtype=float)
    if X.shape != (3, 2):
        return Feedback(False, f"Give three points in the plane, an array of shape (3, 2); got {X.shape}.")
    count = len(unit_cells(X))
    if count < 6:
        return Feedback(True, f"{count} regions. Some lines w.x_i = 0 coincide (parallel or zero points): the arrangement is no longer in general position.")
    return Feedback(False, "Still 6 regions: three distinct lines through the origin always make six sectors. Make two of the lines coincide.")
