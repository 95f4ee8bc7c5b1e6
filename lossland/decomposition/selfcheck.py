"""Self-checks for the exercises of Chapter 1."""
from __future__ import annotations

from typing import Callable

import numpy as np

from lossland.book.answers import Feedback, number, numbers, verdict
from lossland.core import nets
from lossland.core.data import three_points, two_points_1d
from lossland.core.probes import is_local_minimum
from lossland.core.regions import unit_cells
from lossland.core.subglobal import solve_pattern
from lossland.core.validation import as_vector, check_dataset, check_flag, check_width
from lossland.core.inregion import saddle_in_region
from lossland.core.regions import activation_regions
from lossland.decomposition.constructions import FIG2
from lossland.decomposition.proof_ideas import unit_block

__all__ = [
    "EXERCISE_2_PATTERN",
    "check_region_count",
    "check_subglobal_loss",
    "check_kernel_form",
    "check_kink_minima",
    "check_dead_bias",
    "check_fewer_regions",
    "EXERCISE_BLOCK_REGION",
    "check_block_eigenvalues",
]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def check_region_count(width: int, bias: bool, answer) -> Feedback:
    """Exercise 1: the number of activation regions of the three-point network."""
    width, bias = check_width(width, "width"), check_flag(bias, "bias")
    if width > 1000:  # the exact count cells**width has width * log2(cells) digits: 2**31 units would not finish
        raise ValueError(f"width must be at most 1000 units for this exercise, got {width}.")
    X, _ = three_points()
    cells = len(unit_cells(X, bias))
    other = len(unit_cells(X, not bias))
    truth = cells**width
    count = number(answer, "answer", "a whole number of regions")
    if isinstance(count, Feedback) or count != int(count):
        return Feedback(False, f"Give a whole number of regions as answer, not {answer!r}.")
    answer = int(count)
    if answer == truth:
        return Feedback(True, f"{cells} cells per unit, and each of the {width} units picks one: {cells}^{width} = {truth}.")
    if answer == 2 ** (len(X) * width):
        return Feedback(False, f"{answer} = 2^(N h) counts every conceivable pattern; some cannot be realised by any weights. Count the cells of one unit first.")
    if answer == cells * width:
        return Feedback(False, "Regions multiply, they do not add: the units choose their cells independently.")
    if answer == other**width:
        which = "with" if not bias else "without"
        return Feedback(False, f"That is the count {which} biases. A bias adds a dimension to each unit's weight space and changes how many cells the data cut it into.")
    return Feedback(False, f"Not {answer}. Count one unit's cells (look at Fig. 1, or call unit_cells) and combine {width} units.")


#: The activation pattern of Exercise 2: both units active on x1 and x3.
EXERCISE_2_PATTERN = np.array([[1, 1], [0, 0], [1, 1]])


def check_subglobal_loss(pattern, answer: float, targets=None) -> Feedback:
    """Exercise 2: the subglobal minimum of ``EXERCISE_2_PATTERN``, computed by hand from Eq. 7.

    ``targets``: three targets in place of the three-point dataset's (a student's version), or None for its own.
    """
    X, y = three_points()
    if targets is not None:
        y = as_vector(targets, "targets", length=len(X))
    pattern = numbers(pattern, "pattern", EXERCISE_2_PATTERN.shape, "the exercise's pattern")
    if isinstance(pattern, Feedback) or not np.array_equal(pattern, EXERCISE_2_PATTERN):
        return Feedback(False, f"Solve the pattern the exercise asks for, passed as pattern (rows are data points, columns units):\n{EXERCISE_2_PATTERN}")
    truth = float(solve_pattern(X, y, EXERCISE_2_PATTERN).loss[0])
    answer = number(answer, "answer", "the subglobal minimum")
    if isinstance(answer, Feedback):
        return answer
    if np.isclose(answer, truth, atol=1e-8):
        return Feedback(True, f"The subglobal minimum is {truth:.6g}: x2 is seen by no unit, so its whole target y2 = {y[1]:g} stays as the error.")
    if np.isclose(answer, 2 * truth, atol=1e-8):
        return Feedback(False, "You found the sum of squared residuals: the paper's loss (Eq. 3) has a factor 1/2.")
    if np.isclose(answer, 0.5 * float(y @ y)):
        return Feedback(False, "That is the loss of the zero network: did you solve the system at all (p = 0)?")
    if np.isclose(answer, 0.0, atol=1e-8):
        return Feedback(False, "Zero would mean a perfect fit, but no unit is active on x2: its output is 0 there, whatever the weights.")
    return Feedback(False, f"Your {answer:.6g} is off. Build D = [diag(a_:1) X, diag(a_:2) X], solve the least-squares problem (np.linalg.lstsq copes with a singular Eq. 7), and evaluate 1/2 ||D p - y||^2.")


def check_kernel_form(fitted_values: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
                      data: tuple[np.ndarray, np.ndarray] | None = None) -> Feedback:
    """Exercise 3: a function ``fitted_values(X, y, pattern)`` returning the region's fitted values via its kernel form.

    Tried on 13 patterns of the three-point dataset, or of ``data = (X, y)`` if given (another instance).
    """
    if data is None:
        X, y = three_points()
    elif isinstance(data, tuple) and len(data) == 2:
        X, y = check_dataset(*data)
    else:
        raise TypeError(f"data must be None or a pair (X, y) of data points and targets, got {data!r:.60}.")
    if not callable(fitted_values):
        return Feedback(False, f"Give fitted_values as a function (X, y, pattern) -> fitted values, got {fitted_values!r}.")
    rng = np.random.default_rng(0)
    patterns = [rng.integers(0, 2, (len(X), h)) for h in (1, 2, 3) for _ in range(4)] + [np.ones((len(X), 2), dtype=int)]
    for pattern in patterns:
        truth = solve_pattern(X, y, pattern).fitted[0]
        try:
            ours = np.asarray(fitted_values(X, y, pattern), dtype=float)
        except Exception as error:  # the student's code: report, do not crash
            return Feedback(False, f"Your fitted_values raised {type(error).__name__}: {error}")
        if ours.shape != truth.shape:
            return Feedback(False, f"Return one fitted value per data point, shape {truth.shape}; got {ours.shape}.")
        if not np.allclose(ours, truth, atol=1e-8):
            A = pattern.astype(float)
            hint = "Check the Gram matrix: G = (X X^T) * (A A^T), an N x N elementwise product, where A is the N x h pattern."
            if np.allclose(ours, y):
                hint = "You returned y itself: that is only right where the region can fit the data exactly. Project y with G G^+."
            elif pattern.sum() and np.linalg.matrix_rank((X @ X.T) * (A @ A.T)) < len(X):
                hint += " This pattern makes G singular: use the pseudo-inverse np.linalg.pinv, not np.linalg.inv or solve."
            # The right fitted values are not shown: they would hand over the answer for this pattern.
            return Feedback(False, f"Wrong fitted values for the pattern\n{pattern}\n(yours {np.round(ours, 4)}). {hint}")
    return Feedback(True, f"Your kernel form agrees with lossland's solver on {len(patterns)} patterns, including singular ones: the fitted values G G^+ y depend on the region only through A A^T.")


def check_kink_minima(is_minimum: Callable[[float], bool],
                      w2_values: tuple[float, ...] = (-2.0, -0.5, -1e-3, 0.0, 1e-3, 0.4, 2.0)) -> Feedback:
    """Exercise 4: a rule deciding which points (0, w2) of Fig. 2 are local minima, tried at ``w2_values``."""
    w2_values = as_vector(w2_values, "w2_values")
    X, y = two_points_1d()
    loss = lambda theta: nets.loss(FIG2, theta, X, y)
    wrong = []
    for w2 in map(float, w2_values):
        # The neighbourhood of a minimum shrinks as w2 -> 0: probe at radii well below |w2|.
        radii = 1e-2 * max(abs(w2), 1e-2) * np.array([1e-2, 1e-1, 1.0])
        truth = is_local_minimum(loss, [0.0, w2], radii=radii)
        answer = verdict(is_minimum, "is_minimum", w2)
        if isinstance(answer, Feedback):
            return answer
        if answer != truth:
            wrong.append((w2, truth))
    if not wrong:
        return Feedback(True, "On the kink line the one-sided slopes in w1 are 2 w2 (to the right) and 6 w2 (to the left, going down in w1), both uphill exactly when w2 > 0.")
    w2, truth = wrong[0]
    if w2 == 0.0:
        why = "both one-sided slopes in w1 vanish there, but moving both weights, to (w1, w2) = (e, -d), lowers the loss by about 2 e d"
    elif truth:
        why = "the loss rises in every direction there"
    else:
        why = "moving w1 slightly to one side lowers the loss"
    status = "is" if truth else "is not"
    return Feedback(False, f"Your rule is wrong at w2 = {w2:g}: the point {status} a local minimum ({why}). Work out the loss for small w1 > 0 and w1 < 0 separately.")


def check_dead_bias(w, b: float, weights=None) -> Feedback:
    """Exercise 5: a bias that switches a unit with weights ``w`` off on all three points, strictly.

    ``weights``: the weights the exercise gives (a student's version), which ``w`` must be; None
    (the book's call) accepts any ``w``.
    """
    X, _ = three_points()
    asked = None if weights is None else as_vector(weights, "weights", length=2)
    w = numbers(w, "w", (2,), "two weights (w1, w2)")
    b = number(b, "b", "the bias")
    if isinstance(w, Feedback) or isinstance(b, Feedback):
        return w if isinstance(w, Feedback) else b
    if asked is not None and not np.allclose(w, asked):
        return Feedback(False, f"Take the weights the exercise gives, w = ({asked[0]:g}, {asked[1]:g}), and find a bias for them.")
    pre = X @ w + b
    if np.all(pre < 0):
        return Feedback(True, f"Pre-activations {np.round(pre, 3).tolist()} are all negative: the unit is off on every point, strictly inside its region.")
    on = [int(i) + 1 for i in np.flatnonzero(np.isclose(pre, 0.0))]
    active = [int(i) + 1 for i in np.flatnonzero(pre > 0) if int(i) + 1 not in on]
    parts = []
    if active:
        parts.append(f"the unit is still active on point(s) {active}")
    if on:
        parts.append(f"point(s) {on} sit exactly on the kink, a region boundary: this is the bias b = -max_i w.x_i of Sec. 3.2, which is not enough")
    return Feedback(False, _sentence("; ".join(parts)) + ". Take b below -max_i w.x_i.")


def check_fewer_regions(X) -> Feedback:
    """Exercise 6: three points in the plane whose unit has fewer than six regions."""
    X = numbers(X, "X", (3, 2), "three points in the plane")
    if isinstance(X, Feedback):
        return X
    count = len(unit_cells(X))
    if count < 6:
        return Feedback(True, f"{count} regions. Some lines w.x_i = 0 coincide (points on one line through the origin, or a zero point): the arrangement is no longer in general position.")
    return Feedback(False, "Still 6 regions: three distinct lines through the origin always make six sectors. Make two of the lines coincide.")



#: The region (width 2, with biases, three-point data) of the Case 2 exercise: its saddle has unit 1 idle.
EXERCISE_BLOCK_REGION = 3


def _case2_instance():
    """The exercise's Case 2 point and the blocks a student may confuse: (arch, theta, X, y)."""
    X, y = three_points()
    regions = activation_regions(X, 2, bias=True)
    arch = nets.Architecture(2, 2, bias=True)
    return arch, saddle_in_region(X, y, regions, EXERCISE_BLOCK_REGION), X, y


def check_block_eigenvalues(eigenvalues) -> Feedback:
    """Exercise ex-block: the eigenvalues of the Hessian block in (w_11, v_1) at the exercise's Case 2 point (Eq. 12)."""
    answer = numbers(eigenvalues, "eigenvalues", (2,), "the block's two eigenvalues")
    if isinstance(answer, Feedback):
        return answer
    arch, theta, X, y = _case2_instance()
    block = lambda k: np.linalg.eigvalsh(unit_block(arch, theta, X, y, 0, k))
    ours = np.sort(answer)
    if np.allclose(ours, block(0), atol=1e-6):
        return Feedback(True, "A zero corner (v_1 = 0) and a non-zero product gradient off the diagonal make the "
                              "determinant negative, so one eigenvalue of each sign: a saddle, as Case 2 says.")
    if np.allclose(ours, 2 * block(0), atol=1e-6):
        return Feedback(False, "Your eigenvalues are twice too large: the paper's loss (Eq. 3) has a factor 1/2.")
    if np.allclose(ours, block(1), atol=1e-6):
        return Feedback(False, "That is the block of unit 1's second weight, w_12. The exercise asks for its first weight, w_11.")
    if np.allclose(ours, block(2), atol=1e-6):
        return Feedback(False, "That is the block of the bias b_1, not of the weight w_11.")
    if ours[0] >= 0 or ours[1] <= 0:
        return Feedback(False, "A symmetric 2x2 matrix with a zero corner and a non-zero off-diagonal entry has a negative "
                               "determinant, so its eigenvalues have opposite signs. Check the corner: what is v_1 there?")
    return Feedback(False, "Not the block's eigenvalues. Differentiate the loss twice in w_11 and v_1 (Eq. 12 of the "
                           "paper's appendix), then evaluate the three entries at the exercise's point, with its "
                           "residuals and pre-activations.")


#: Other instances for the autograder's hidden tests: keyword arguments that ``scripts/assignments.py``
#: adds to the exercise's own call, so that a rule fitted to the public cases alone does not pass.
#: Read by name by the coursework tools, not part of the API a student calls (hence not in ``__all__``).
HIDDEN_TESTS = {
    "check_kernel_form": {"data": (np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.5], [0.5, 2.0, -1.0], [2.0, -1.0, 1.0],
                                             [0.0, 1.0, 1.0]]), np.array([1.0, -2.0, 0.5, 3.0, 1.5]))},
    "check_kink_minima": {"w2_values": (-3.0, -0.2, -0.01, 0.01, 0.7, 3.0)},
}
