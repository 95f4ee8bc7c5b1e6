"""Lemma 1 of the Liu paper on an instance: the perturbation argument for a unit with :math:`z_j = 0`.

At a differentiable local minimum :math:`\\partial L/\\partial w_j = z_j\\,g_j = 0` and
:math:`\\partial L/\\partial z_j = g_j\\cdot w_j = 0` (Eq. 3-4), with
:math:`g_j = \\partial L/\\partial R_j = \\frac2N\\sum_i e_iI_{ij}x_i`.  When
:math:`z_j = 0` the first equation says nothing, and the second only that
:math:`g_j\\perp w_j`.  App. A's move: with :math:`z_j = 0` the loss does not depend on
:math:`w_j`, so :math:`w_j \\to w_j + r u` keeps the loss, keeps :math:`g_j` (no
:math:`R_k` changes) and, for small :math:`r`, keeps the point a local minimum; there
:math:`g_j\\cdot(w_j + ru) = 0` too, and subtracting gives :math:`g_j\\cdot u = 0` for every
:math:`u`, so :math:`g_j = 0`.  Run the other way, the move is a descent recipe: if
:math:`g_j \\ne 0`, the step :math:`u = -g_j/|g_j|` costs nothing and makes
:math:`\\partial L/\\partial z_j = -r|g_j| < 0`, after which a step in :math:`z_j` lowers the loss.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossland.core.validation import as_vector, check_dataset, check_index, check_positive

__all__ = ["lemma1_step"]


def _split(theta: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """``[vec(W), z]`` into the rows :math:`w_j` (K, d) and the output weights :math:`z_j` (K,)."""
    if theta.size % (d + 1):
        raise ValueError(f"theta must be [vec(W), z] with K * (d + 1) = K * {d + 1} entries for inputs of "
                         f"d = {d} coordinates, got {theta.size} entries.")
    K = theta.size // (d + 1)
    return theta[: K * d].reshape(K, d).copy(), theta[K * d :].copy()


def _loss_and_gradient(X: np.ndarray, y: np.ndarray, W: np.ndarray, z: np.ndarray, j: int) -> tuple[float, np.ndarray, np.ndarray]:
    """Liu's loss (Eq. 1), :math:`g_j = \\partial L/\\partial R_j` and unit ``j``'s activation pattern."""
    active = X @ W.T > 0
    errors = (np.where(active, X @ W.T, 0.0) @ z) - y
    g = 2.0 / len(X) * (errors * active[:, j]) @ X
    return float(np.mean(errors**2)), g, active[:, j]


def lemma1_step(X: ArrayLike, y: ArrayLike, theta: ArrayLike, unit: int, direction=None, radius: float = 0.1) -> dict:
    """Replay App. A's perturbation for unit ``unit`` (which must have :math:`z_j = 0`) on an instance.

    Parameters
    ----------
    X, y : Liu's homogeneous inputs (N, d) and labels (N,).
    theta : ``[vec(W), z]`` with ``z[unit] == 0``.
    unit : the unit :math:`j` with :math:`z_j = 0`.
    direction : the unit vector :math:`u` of the move :math:`w_j \\to w_j + r u` (normalised here);
        by default :math:`-g_j/|g_j|`, the descent direction of the converse (or the first axis when :math:`g_j = 0`).
    radius : the length :math:`r` of the move.

    Returns
    -------
    dict
        ``g`` (:math:`g_j` at the point), ``dz`` and ``dz_moved`` (:math:`\\partial L/\\partial z_j`
        before and after the move), ``loss``, ``loss_moved`` (equal: the move is free),
        ``loss_z_step`` (after the best step in :math:`z_j`: the loss is a quadratic in :math:`z_j`
        alone, minimised exactly), ``z_step`` (that step), ``same_cell`` (the move kept unit ``j``'s pattern).
    """
    X, y = check_dataset(X, y)
    d = X.shape[1]
    W, z = _split(as_vector(theta, "theta"), d)
    j = check_index(unit, "unit", len(z))
    radius = check_positive(radius, "radius")
    if z[j] != 0.0:
        raise ValueError(f"unit {j} has z = {z[j]:g}; Lemma 1's perturbation concerns a unit with z_j = 0: pick such a unit.")
    loss, g, pattern = _loss_and_gradient(X, y, W, z, j)
    if direction is None:
        norm = np.linalg.norm(g)
        u = -g / norm if norm > 0 else np.eye(d)[0]
    else:
        u = as_vector(direction, "direction", length=d)
        if not np.linalg.norm(u):
            raise ValueError("direction must be a nonzero vector (the move w_j -> w_j + r u needs a direction u).")
        u = u / np.linalg.norm(u)
    moved = W.copy()
    moved[j] = W[j] + radius * u
    loss_moved, g_moved, pattern_moved = _loss_and_gradient(X, y, moved, z, j)
    dz_moved = float(g_moved @ moved[j])
    a = np.where(pattern_moved, X @ moved[j], 0.0)  # unit j's activations after the move
    z_step = -dz_moved * len(X) / (2.0 * (a @ a)) if a @ a > 0 else 0.0  # minimiser of the quadratic in z_j
    stepped = z.copy()
    stepped[j] = z_step
    loss_z_step = _loss_and_gradient(X, y, moved, stepped, j)[0]
    return {
        "g": g, "dz": float(g @ W[j]), "dz_moved": dz_moved, "loss": loss, "loss_moved": loss_moved,
        "loss_z_step": loss_z_step, "z_step": float(z_step), "same_cell": bool(np.array_equal(pattern, pattern_moved)),
    }
