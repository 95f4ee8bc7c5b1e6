"""Plain gradient descent, vectorised over many starting points."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from lossland.core.validation import (
    as_array, as_matrix, as_returned, check_callable, check_nonnegative, check_positive, check_work,
)

__all__ = ["Descent", "gradient_descent"]

BOOLS = "one bool per parameter vector"


@dataclass(frozen=True)
class Descent:
    """Where each run ended and whether it stayed in the allowed set throughout.

    Attributes
    ----------
    final : array (S, P), the last iterate of each run (frozen where it stopped).
    stayed : bool array (S,), ``True`` if ``inside`` held at every iterate.
    steps : int array (S,), the iterations each run took before stopping.
    diverged : bool array (S,), ``True`` if the run stopped because its next iterate or gradient
        overflowed (NaN or infinite; the learning rate is too large for this loss): ``final`` is
        then its last finite iterate.
    """

    final: np.ndarray
    stayed: np.ndarray
    steps: np.ndarray
    diverged: np.ndarray


def gradient_descent(
    grad: Callable[[np.ndarray], np.ndarray],
    starts: ArrayLike,
    *,
    learning_rate: float,
    steps: int,
    inside: Callable[[np.ndarray], np.ndarray] | None = None,
    tolerance: float = 1e-10,
) -> Descent:
    """Run :math:`\\theta \\leftarrow \\theta - \\eta \\nabla\\mathcal{L}(\\theta)` from every start at once.

    A run stops when its gradient norm falls below ``tolerance``, or, if
    ``inside`` is given, as soon as it leaves the set ``inside`` describes
    (``inside(theta)`` returns one bool per run).  A run whose iterate or gradient overflows
    stops at its last finite iterate and is marked ``diverged``: a learning rate too large for
    the loss is reported, not hidden behind NaN.
    """
    grad_kind = "a function mapping parameter vectors (S, P) to their gradients (S, P)"
    check_callable(grad, "grad", grad_kind, arity=1)
    theta = as_matrix(np.atleast_2d(as_array(starts, "starts")), "starts").copy()
    learning_rate = check_positive(learning_rate, "learning_rate")
    steps = int(check_positive(steps, "steps", integer=True))
    inside_kind = "a function mapping parameter vectors (S, P) to S bools, or None"
    if inside is not None:
        check_callable(inside, "inside", inside_kind, arity=1)
    tolerance = check_nonnegative(tolerance, "tolerance")
    S, P = theta.shape
    check_work(steps, "steps", 10.0 * S * P)  # at least: the update (grad's own work comes on top)
    running = np.ones(S, dtype=bool)
    stayed = np.ones(S, dtype=bool) if inside is None else as_returned(inside(theta), "inside", (S,), BOOLS, bools=True) != 0
    running &= stayed
    diverged = np.zeros(S, dtype=bool)
    taken = np.zeros(S, dtype=int)
    for _ in range(steps):
        if not running.any():
            break
        index = np.flatnonzero(running)
        g = as_returned(grad(theta[running]), "grad", (len(index), P), "one gradient per parameter vector", nan=True)
        with np.errstate(over="ignore", invalid="ignore"):
            converged = np.linalg.norm(g, axis=1) < tolerance
            step = theta[running] - learning_rate * g * ~converged[:, None]
        blown = ~np.isfinite(step).all(axis=1)
        diverged[index[blown]] = True
        step[blown] = theta[index[blown]]
        if inside is not None:
            ok = as_returned(inside(step), "inside", (len(index),), BOOLS, bools=True) != 0
            stayed[index[~ok]] = False
            converged |= ~ok
            step[~ok] = theta[index[~ok]]
        theta[index] = step
        taken[index] += ~(converged | blown)
        running[index[converged | blown]] = False
    return Descent(final=theta, stayed=stayed, steps=taken, diverged=diverged)
