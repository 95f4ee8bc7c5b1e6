"""Probing a loss around a point along random directions.

A numerical certificate of local minimality where the loss is not
differentiable (so no Hessian test applies): evaluate the loss at
:math:`\\theta + r u` for many random unit directions ``u`` and a few radii
``r``, and check that none is lower.  Seeded, and evaluated in batches so
memory stays small however many directions are asked for.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossland.core.validation import (
    as_array, as_matrix, as_returned, as_vector, check_callable, check_entries, check_nonnegative, check_positive, check_seed,
)

__all__ = ["random_directions", "loss_along_directions", "is_local_minimum"]

LOSS_KIND = "a function of a batch of parameter vectors (B, P) returning (B,) losses"
LOSSES = "one loss per parameter vector of the batch"


def random_directions(dimension: int, count: int, seed: int = 0) -> NDArray[np.float64]:
    """``count`` directions drawn uniformly from the unit sphere in ``dimension`` dimensions."""
    dimension = int(check_positive(dimension, "dimension", integer=True))
    count = int(check_positive(count, "count", integer=True))
    check_entries(count * dimension, "count or dimension")
    u = np.random.default_rng(check_seed(seed)).standard_normal((count, dimension))
    return u / np.linalg.norm(u, axis=1, keepdims=True)


def loss_along_directions(
    loss: Callable[[np.ndarray], np.ndarray], theta: ArrayLike, directions: ArrayLike, radii: ArrayLike, batch_size: int = 1024
) -> NDArray[np.float64]:
    """Loss at ``theta + r * u`` for every direction ``u`` (rows) and radius ``r``: array (count, len(radii)).

    ``loss`` maps a batch of parameter vectors (B, P) to losses (B,).
    """
    check_callable(loss, "loss", LOSS_KIND, arity=1)
    theta = as_vector(theta, "theta")
    directions = as_matrix(np.atleast_2d(as_array(directions, "directions")), "directions")
    if directions.shape[1] != theta.size:
        raise ValueError(f"directions must have {theta.size} columns like theta, got shape {directions.shape}.")
    radii = as_vector(radii, "radii")
    batch_size = int(check_positive(batch_size, "batch_size", integer=True))
    return _along(loss, theta, directions, radii, batch_size)


def _along(loss, theta: np.ndarray, directions: np.ndarray, radii: np.ndarray, batch_size: int) -> np.ndarray:
    """:func:`loss_along_directions` on validated arguments."""
    out = np.empty((len(directions), len(radii)))
    for start in range(0, len(directions), batch_size):
        chunk = directions[start : start + batch_size]
        points = theta + radii[None, :, None] * chunk[:, None, :]
        values = as_returned(loss(points.reshape(-1, theta.size)), "loss", (len(chunk), len(radii)), LOSSES)
        out[start : start + batch_size] = values
    return out


def is_local_minimum(
    loss: Callable[[np.ndarray], np.ndarray],
    theta: ArrayLike,
    radii: ArrayLike = (1e-4, 1e-3, 1e-2),
    n_directions: int = 2000,
    seed: int = 0,
    tol: float = 1e-12,
) -> bool:
    """True if no probed point around ``theta`` has a lower loss (by more than ``tol``).

    A necessary condition checked on a finite sample, not a proof: it can
    miss a descent direction that is very thin, which is why the book pairs it
    with an analysis wherever one exists.
    """
    check_callable(loss, "loss", LOSS_KIND, arity=1)
    theta = as_vector(theta, "theta")
    radii = as_vector(radii, "radii")
    n_directions = int(check_positive(n_directions, "n_directions", integer=True))
    check_entries(float(n_directions) * theta.size, "n_directions")  # the random directions, one row each
    tol = check_nonnegative(tol, "tol")
    centre = float(as_returned(loss(theta[None]), "loss", (1,), LOSSES)[0])
    around = _along(loss, theta, random_directions(theta.size, n_directions, seed), radii, 1024)
    return bool(np.all(around >= centre - tol))
