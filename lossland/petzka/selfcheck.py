"""Self-checks for the exercises of Chapter 4 (non-attracting regions)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from lossland.book.answers import Feedback, number, numbers, verdict
from lossland.core import sigmoid_nets as sn
from lossland.core.probes import is_local_minimum
from lossland.core.validation import as_vector, check_real
from lossland.petzka import embedding as em
from lossland.petzka import infinity as ti
from lossland.petzka import toy_surface as ts

__all__ = ["check_toy_minimum", "check_escape", "check_split", "check_b111", "check_lambda_rule", "check_infinity_slope", "check_flat_count"]


def check_toy_minimum(is_minimum: Callable[[float], bool], y_values: tuple[float, ...] = (-1.5, -1.0, -0.5, 0.0, 0.9, 1.0, 1.2)) -> Feedback:
    """Exercise 1: which points (0, y) are local minima of x^2 (1 - y^2)? Tried at ``y_values``.

    The truth is probed at radii up to 0.1: a ``y`` closer than that to +-1 (but not +-1 itself) would be misjudged.
    """
    y_values = as_vector(y_values, "y_values")
    loss = lambda p: ts.toy_loss(np.atleast_2d(p)[:, 0], np.atleast_2d(p)[:, 1])
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
    return Feedback(True, "Right at every y tried: these points form the region R of minima at value c = 0.")


def _distance_to_region(point: np.ndarray) -> float:
    """Distance from ``(x, y)`` to ``R = {x = 0, |y| < 1}`` (to its closure, which has the same distance)."""
    return float(np.hypot(point[0], max(0.0, abs(point[1]) - 1.0)))


def _path_points(path, t: np.ndarray) -> np.ndarray | Feedback:
    """The student's ``path(t)`` at each ``t`` as an (n, 2) array, or Feedback on a path that is no path."""
    if not callable(path):
        return Feedback(False, f"escape(eps) must return a function of t in [0, 1] giving a point (x, y); it returned {path!r:.60}.")
    points = []
    for s in t:
        try:
            point = path(float(s))
        except Exception as error:  # the student's code: report, do not crash
            return Feedback(False, f"The path your escape returned raised {type(error).__name__} at t = {s:g}: {error}")
        point = numbers(point, "path(t)", (2,), "the point (x, y) at time t")
        if isinstance(point, Feedback):
            return point
        points.append(point)
    return np.array(points)


def check_escape(escape: Callable[[float], Callable[[float], tuple[float, float]]],
                 eps_values: tuple[float, ...] = (0.1, 0.01)) -> Feedback:
    """Exercise 1 (b): Definition 1 for ``R = {x = 0, |y| < 1}`` of ``x^2 (1 - y^2)``, with a start *off* R.

    ``escape(eps)`` returns a path ``t -> (x, y)`` on [0, 1]; for each ``eps`` the path must start
    within ``eps`` of R but not on it (``x != 0``), move continuously (steps of at most 0.05 between
    2001 equally spaced times), never raise the loss and end below the region's value ``c = 0``.
    """
    eps_values = as_vector(eps_values, "eps_values")
    if np.any(eps_values <= 0):
        raise ValueError(f"eps_values must be positive radii of neighbourhoods, got {eps_values}.")
    t = np.linspace(0.0, 1.0, 2001)
    for eps in map(float, eps_values):
        if not callable(escape):
            return Feedback(False, f"Give escape as a function of eps that returns a path (a function of t); got {escape!r:.60}.")
        try:
            path = escape(eps)
        except Exception as error:  # the student's code: report, do not crash
            return Feedback(False, f"Your escape raised {type(error).__name__} at eps = {eps:g}: {error}")
        points = _path_points(path, t)
        if isinstance(points, Feedback):
            return points
        start = points[0]
        if _distance_to_region(start) >= eps:
            return Feedback(False, f"For eps = {eps:g} your path starts at distance {_distance_to_region(start):.3g} from R: "
                                   "Definition 1 asks for a starting point in every neighbourhood of R, so it must lie within eps.")
        if start[0] == 0.0 and abs(start[1]) < 1.0:
            return Feedback(False, "Your path starts on R itself. Definition 1 does not ask the start to lie in R; "
                                   "this exercise asks for a start off R (x != 0), as near R as eps demands.")
        jumps = np.linalg.norm(np.diff(points, axis=0), axis=1)
        if jumps.max() > 0.05:
            k = int(np.argmax(jumps))
            return Feedback(False, f"For eps = {eps:g} your path jumps by {jumps[k]:.3g} between t = {t[k]:.4f} and {t[k + 1]:.4f}: "
                                   "a path must be continuous.")
        loss = ts.toy_loss(points[:, 0], points[:, 1])
        rises = np.diff(loss) > 1e-12 * max(1.0, float(np.abs(loss).max()))
        if rises.any():
            k = int(np.argmax(rises))
            return Feedback(False, f"For eps = {eps:g} the loss rises from {loss[k]:.3g} to {loss[k + 1]:.3g} between "
                                   f"t = {t[k]:.4f} and {t[k + 1]:.4f}: a non-increasing path may never climb.")
        if loss[-1] >= 0.0:
            return Feedback(False, f"For eps = {eps:g} your path ends at loss {loss[-1]:.3g}: it must end below the value "
                                   "c = 0 of the region.")
    return Feedback(True, "For every eps tried the path starts off R but within eps of it, never climbs and ends below c = 0: "
                          "every neighbourhood of R holds such a start, as Definition 1 asks.")


#: Seeds of ``em.shallow_example`` whose 1-1-1 student is an isolated local minimum (smallest Hessian eigenvalue at
#: least 0.1) with B > 0 (at least 0.01), the book's first: the students of Exercise 3's per-student versions
#: (tests/test_versions.py checks each).  Read by name by the coursework tools, not part of ``__all__``.
B111_SEEDS = (em.SHALLOW_SEEDS["positive"], 6, 16, 23, 25, 28, 33, 35, 52, 56)


def check_b111(B, seed: int = em.SHALLOW_SEEDS["positive"]) -> Feedback:
    """Exercise 3: B of Eq. (1) for the 1-1-1 student with B > 0 (``shallow_example(seed=SHALLOW_SEEDS["positive"])``).

    ``seed``: another student of :data:`B111_SEEDS` (a student's version).  The loss is the
    book's ``sum (f - y)^2`` (no 1/2), so dl/df = 2 (f - y).
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed not in B111_SEEDS:
        raise ValueError(f"seed must be one of B111_SEEDS {B111_SEEDS} (students at an isolated minimum with B > 0), got {seed!r}.")
    B = number(B, "B", "the 1 x 1 matrix B of Eq. 1")
    if isinstance(B, Feedback):
        return B
    arch, theta, X, y = em.shallow_example(seed=int(seed))
    truth = float(em.b_matrix(arch, theta, X, y, 1, 0)[0, 0])
    if np.isclose(B, truth, rtol=1e-6, atol=1e-12):
        shown = ", as the left panel shows" if seed == em.SHALLOW_SEEDS["positive"] else ""
        return Feedback(True, f"B > 0 on this student: Theorem 8 predicts minima for lambda in (0, 1){shown}.")
    if np.isclose(B, truth / 2, rtol=1e-6):
        return Feedback(False, "Not Eq. 1 with this book's loss: differentiate l_alpha = (f - y)^2 (no 1/2) with respect to the output.")
    if np.isclose(B, -truth, rtol=1e-6) or np.isclose(B, -truth / 2, rtol=1e-6):
        return Feedback(False, "The sign is off: check sigma''(t) = sigma(t)(1 - sigma(t))(1 - 2 sigma(t)) and the residual f - y (not y - f).")
    return Feedback(False, "Not Eq. 1's value on this student. Each term is dl/df times v times sigma''(u x_alpha) times x_alpha^2, "
                           "summed over the data; check each factor against Eq. 1.")


def check_split(weights, u: float = 2.0, v: float = 3.0, lam: float = 0.25) -> Feedback:
    """Exercise 2: gamma_lambda applied to a 1-1-1 network with weights ``u``, ``v`` and split ``lam`` (the book's: 2, 3, 0.25)."""
    u, v, lam = check_real(u, "u"), check_real(v, "v"), check_real(lam, "lam")
    arch = sn.Architecture((1, 1, 1))
    big, theta = em.embed(arch, arch.pack([np.array([[u]]), np.array([[v]])]), 1, 0, lam)
    (W1, W2), _ = big.unpack(theta)
    truth = np.array([W1[0, 0], W1[1, 0], W2[0, 0], W2[0, 1]])
    weights = numbers(weights, "weights", (4,), "four numbers (u1, u2, v1, v2)")
    if isinstance(weights, Feedback):
        return weights
    same_up_to_order = np.allclose(weights[:2], truth[:2]) and np.allclose(np.sort(weights[2:]), np.sort(truth[2:]))
    if same_up_to_order:
        return Feedback(True, f"Both copies keep u = {u:g}; the outgoing weight {v:g} is shared as {lam * v:g} and "
                              f"{(1 - lam) * v:g}, so the output is unchanged.")
    if np.isclose(weights[2] + weights[3], v) and not np.allclose(weights[:2], u):
        return Feedback(False, "The outgoing weights are right, but the incoming weight is copied, not split: both copies must compute the same activation.")
    if np.allclose(weights[:2], u) and not np.isclose(weights[2] + weights[3], v):
        return Feedback(False, f"The outgoing weights must add up to v = {v:g}, so that the two identical activations together give the old output.")
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


def check_infinity_slope(kappa, targets=None) -> Feedback:
    """Exercise 5: the slope kappa of the loss in p = exp(-u_0) at the minimum at infinity (``theorem4_instance()``).

    ``targets``: targets in place of the default data's (a student's version; its inputs stay), or None.
    """
    instance = ti.theorem4_instance()
    if targets is not None:
        instance = ti.theorem4_instance(instance.X, as_vector(targets, "targets", length=len(instance.X)))
    kappa = number(kappa, "kappa", "the slope kappa of L - L_inf in p")
    if isinstance(kappa, Feedback):
        return kappa
    truth = ti.theorem4_expansion(instance, [1e-3])["kappa"]
    if np.isclose(kappa, truth, rtol=1e-6):
        return Feedback(True, "kappa > 0: for small p the loss lies above its limit, so the biases at infinity are a local minimum.")
    if np.isclose(kappa, truth / 2, rtol=1e-6):
        return Feedback(False, "Close: App. A.2 writes the loss with 1/2, this book's loss has none. Redo the cross term of "
                               "sum (c + eps_alpha - y_alpha)^2.")
    if np.isclose(kappa, -truth, rtol=1e-6) or np.isclose(kappa, -truth / 2, rtol=1e-6):
        return Feedback(False, "The sign is off: expand 1/(1 + p e^q) = 1 - p e^q + O(p^2), so eps_alpha is minus a sum.")
    return Feedback(False, "Not the slope on this instance: expand f(x_alpha) to first order in p, put it into the loss and "
                           "collect the terms linear in p; phi_i and v_i are stored in the instance.")


def check_flat_count(count: Callable[[int], int], splits: tuple[int, ...] = (1, 2, 3), lam: float = 0.3) -> Feedback:
    """Exercise 6: ``count(t)``, the number of zero Hessian eigenvalues after ``t`` splits of the 1-1-1 student (Theorem 13)."""
    splits = as_vector(splits, "splits")
    if np.any(splits != np.round(splits)) or np.any(splits < 1) or np.any(splits > 12):
        raise ValueError(f"splits must be whole numbers of splits from 1 to 12, got {splits}.")
    arch, theta, X, y = em.shallow_example(seed=em.SHALLOW_SEEDS["positive"])
    truth = em.theorem13_steps(arch, theta, X, y, lam, int(max(splits)))["zero_eigenvalues"]
    if not callable(count):
        return Feedback(False, f"Give count as a function of the number of splits t returning a whole number; got {count!r:.60}.")
    for t in map(int, splits):
        try:
            answer = count(t)
        except Exception as error:  # the student's code: report, do not crash
            return Feedback(False, f"Your count raised {type(error).__name__} at t = {t}: {error}")
        answer = number(answer, "count(t)", "a whole number of eigenvalues")
        if isinstance(answer, Feedback):
            return answer
        if answer != truth[t - 1]:
            return Feedback(False, f"Wrong at t = {t}. Compute the eigenvalues with sn.hessian after t splits and count those "
                                   "that vanish up to round-off; then explain the count from the directions along which "
                                   "the network function does not change.")
    return Feedback(True, "One flat direction per added neuron: moving outgoing weight between copies of the same neuron.")


#: Other instances for the autograder's hidden tests: keyword arguments that ``scripts/assignments.py``
#: adds to the exercise's own call, so that a rule fitted to the public cases alone does not pass.
#: Read by name by the coursework tools, not part of the API a student calls (hence not in ``__all__``).
HIDDEN_TESTS = {
    "check_toy_minimum": {"y_values": (-3.0, -0.7, -0.2, 0.3, 0.6, 1.3, 2.5)},
    "check_lambda_rule": {"lam_values": (-1.0, -0.2, 0.3, 0.7, 1.2, 2.0)},
    "check_escape": {"eps_values": (0.05, 0.001)},
    "check_flat_count": {"splits": (4, 5)},
}
