"""Plain gradient descent, vectorised over many starting points."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from lossland.core.validation import as_matrix, check_callable, check_nonnegative, check_positive

__all__ = ["Descent", "gradient_descent"]


@dataclass(frozen=True)
class Descent:
    """Where each run ended and whether it stayed in the allowed set throughout.

    Attributes
    ----------
    final : array (S, P), the last iterate of each run (frozen where it stopped).
    stayed : bool array (S,), ``True`` if ``inside`` held at every iterate.
    steps : int array (S,), the iterations each run took before stopping.
    """

    final: np.ndarray
    stayed: np.ndarray
    steps: np.ndarray


def gradient_descent(
    grad: Callable[[np.ndarray], np.ndarray],
    starts,
    *,
    learning_rate: float,
    steps: int,
    inside: Callable[[np.ndarray], np.ndarray] | None = None,
    tolerance: float = 1e-10,
) -> Descent:
    """Run :math:`\\theta \\leftarrow \\theta - \\eta \\nabla\\mathcal{L}(\\theta)` from every start at once.

    A run stops when its gradient norm falls below ``tolerance``, or, if
    ``inside`` is given, as soon as it leaves the set ``inside`` describes
    (``inside(theta)`` returns one bool per run).
    """
    check_callable(grad, "grad", "a function mapping parameter vectors (S, P) to their gradients (S, P)")
    theta = as_matrix(np.atleast_2d(starts) if np.ndim(starts) == 1 else starts, "starts").copy()
    learning_rate = check_positive(learning_rate, "learning_rate")
    steps = int(check_positive(steps, "steps", integer=True))
    if inside is not None:
        check_callable(inside, "inside", "a function mapping parameter vectors (S, P) to S bools, or None")
    tolerance = check_nonnegative(tolerance, "tolerance")
    running = np.ones(len(theta), dtype=bool)
    stayed = np.ones(len(theta), dtype=bool) if inside is None else np.asarray(inside(theta), dtype=bool)
    running &= stayed
    taken = np.zeros(len(theta), dtype=int)
    for _ in range(steps):
        if not running.any():
            break
        g = np.asarray(grad(theta[running]))
        if g.shape != (running.sum(), theta.shape[1]):
            raise ValueError(f"grad must return one gradient per parameter vector, shape {(running.sum(), theta.shape[1])}, "
                             f"got {g.shape}.")
        converged = np.linalg.norm(g, axis=1) < tolerance
        step = theta[running] - learning_rate * g * ~converged[:, None]
        index = np.flatnonzero(running)
        if inside is not None:
            ok = np.asarray(inside(step), dtype=bool)
            stayed[index[~ok]] = False
            converged |= ~ok
            step[~ok] = theta[index[~ok]]
        theta[index] = step
        taken[index] += ~converged
        running[index[converged]] = False
    return Descent(final=theta, stayed=stayed, steps=taken)
