"""Deep ReLU regression (Sec. 3.2, Eq. 2, Lemmas 1-2, Corollary 1, Theorem 1 and App. B.3 of Swirszcz, Czarnecki & Pascanu).

A tiny deep ReLU regression net with the loss of Eq. (2), a point with a dead layer, and the
three-neuron construction that beats it on a *decent* dataset (Def. 1).  The one-hidden-layer
part of the chapter is :mod:`lossland.blindspots.relu_regression`.

Errata:

* Theorem 1 i) needs the constant output to equal the mean of ``y`` (what Corollary 1 calls
  "after the training"); the condition should read :math:`W_n h_{n-1}(x_i) < -b_n` for *some*
  layer ``n``.
* App. B.3 with more than one hidden layer passes the output value through ReLUs
  (``W_n = I``): it fails when a target mean is negative; shifting by a constant inside and
  subtracting it at the output repairs it.
"""
from __future__ import annotations


import numpy as np
from numpy.typing import ArrayLike

from lossland.core.validation import (
    as_matrix, as_vector, check_dataset, check_flag, check_index, check_positive, check_seed, check_widths,
)

__all__ = [
    "deep_forward", "deep_loss", "deep_gradient", "flatten", "unflatten", "dead_layers", "dead_layer_point", "decent_index", "theorem1_construction",
]


# ``layers`` is a list of (W_n, b_n), W_n of shape (m_n, m_{n-1}); ReLU after every layer but the
# last, whose width is 1: M(x) = W_k h_{k-1} + b_k.

def _check_layers(layers, n_inputs: int | None = None, name: str = "layers") -> list:
    """A non-empty list of ``(W_n, b_n)`` with chained shapes, finite entries and an output of width 1."""
    if isinstance(layers, (str, bytes)) or not isinstance(layers, (list, tuple)) or len(layers) == 0:
        raise TypeError(f"{name} must be a non-empty list of (W, b) pairs, got {layers!r:.60}.")
    out = []
    for n, pair in enumerate(layers):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"{name}[{n}] must be a pair (W, b), got {pair!r:.60}.")
        W = as_matrix(pair[0], f"{name}[{n}][0]")
        b = as_vector(pair[1], f"{name}[{n}][1]", length=W.shape[0])
        if n_inputs is not None and W.shape[1] != n_inputs:
            before = "the columns of X" if n == 0 else f"the rows of {name}[{n - 1}][0]"
            raise ValueError(f"{name}[{n}] has W of shape {W.shape}: it needs {n_inputs} columns, {before}.")
        out.append((W, b))
        n_inputs = W.shape[0]
    if n_inputs != 1:
        raise ValueError(f"the last of {name} must have one output row (M(x) is a number), got {n_inputs}.")
    return out


def deep_forward(layers, X: ArrayLike):
    """Outputs (N,), hidden states ``h_0..h_{k-1}`` and pre-activations ``z_1..z_k`` (rows = points)."""
    X = as_matrix(X, "X")
    return _deep_forward(_check_layers(layers, X.shape[1]), X)


def _deep_forward(layers, X):
    h = [X]
    zs = []
    for n, (W, b) in enumerate(layers):
        zs.append(h[-1] @ np.asarray(W, float).T + np.asarray(b, float))
        if n < len(layers) - 1:
            h.append(np.maximum(zs[-1], 0.0))
    return zs[-1][:, 0], h, zs


def deep_loss(layers, X: ArrayLike, y: ArrayLike) -> float:
    """Eq. (2): :math:`\\sum_i (\\mathcal{M}(x_i) - y_i)^2`."""
    X, y = check_dataset(X, y)
    return float(np.sum((_deep_forward(_check_layers(layers, X.shape[1]), X)[0] - y) ** 2))


def deep_gradient(layers, X: ArrayLike, y: ArrayLike) -> list:
    """Exact gradient of Eq. (2) by back-propagation (ReLU'(0) = 0), list of (dW_n, db_n)."""
    X, y = check_dataset(X, y)
    layers = _check_layers(layers, X.shape[1])
    out, h, zs = _deep_forward(layers, X)
    delta = 2 * (out - y)[:, None]
    grads = []
    for n in range(len(layers) - 1, -1, -1):
        grads.append((delta.T @ h[n], delta.sum(axis=0)))
        if n:
            delta = (delta @ np.asarray(layers[n][0], float)) * (zs[n - 1] > 0)
    return grads[::-1]


def flatten(layers) -> np.ndarray:
    """All weights and biases as one vector (layer by layer, W then b)."""
    layers = _check_layers(layers)
    return np.concatenate([np.concatenate([np.ravel(W), np.ravel(b)]) for W, b in layers])


def unflatten(theta: ArrayLike, like) -> list:
    """Inverse of :func:`flatten`, shaped like the list ``like``."""
    like = _check_layers(like, name="like")
    theta = as_vector(theta, "theta", length=sum(W.size + b.size for W, b in like))
    out, k = [], 0
    for W, b in like:
        W, b = np.asarray(W), np.asarray(b)
        out.append((theta[k:k + W.size].reshape(W.shape), theta[k + W.size:k + W.size + b.size]))
        k += W.size + b.size
    return out


def dead_layers(layers, X: ArrayLike) -> list[int]:
    """Hidden layers ``n`` (1-based) with :math:`W_n h_{n-1}(x_i) < -b_n` for every unit and point."""
    zs = deep_forward(layers, X)[2]
    return [n + 1 for n, z in enumerate(zs[:-1]) if np.all(z < 0)]


def dead_layer_point(widths, X: ArrayLike, y: ArrayLike, dead: int = 1, margin: float = 1.0, seed: int = 0) -> list:
    """Random deep net (``widths`` = hidden widths) whose layer ``dead`` is dead on all data,
    with the output bias chosen so that the constant output is ``mean(y)`` (Corollary 1)."""
    X, y = check_dataset(X, y)
    widths = check_widths(widths)
    dims = [X.shape[1]] + list(widths) + [1]
    dead = check_index(dead, "dead", len(widths) + 1)
    if dead == 0:
        raise ValueError(f"dead must be a hidden layer between 1 and {len(widths)}, got 0.")
    margin = check_positive(margin, "margin")
    rng = np.random.default_rng(check_seed(seed))
    layers = [(rng.standard_normal((dims[n + 1], dims[n])), rng.standard_normal(dims[n + 1])) for n in range(len(dims) - 1)]
    h = _deep_forward(layers[:dead - 1] + [(np.zeros((1, dims[dead - 1])), np.zeros(1))], X)[1][-1]
    W = layers[dead - 1][0]
    layers[dead - 1] = (W, -(h @ W.T).max(axis=0) - margin)
    out = _deep_forward(layers, X)[0]
    W, b = layers[-1]
    layers[-1] = (W, b + y.mean() - out[0])
    return layers


def decent_index(X: ArrayLike, y: ArrayLike) -> int | None:
    """Def. 1: an index ``r`` with mean{y_p : x_p = x_r} != mean(y), or None if the dataset is not decent."""
    X, y = check_dataset(X, y)
    for r in range(len(y)):
        same = np.all(X == X[r], axis=1)
        if not np.isclose(y[same].mean(), y.mean()):
            return r
    return None


def theorem1_construction(X: ArrayLike, y: ArrayLike, widths, shift: bool = True, seed: int = 0) -> list:
    """App. B.3: three first-layer neurons that output nu at x_r and mu elsewhere.

    ``widths`` are the hidden widths (the first >= 3, the others >= 1).  With
    more than one hidden layer the printed construction (``shift=False``)
    carries the value through ReLUs with ``W_n = I``: wrong when ``nu`` or ``mu``
    is negative.  ``shift=True`` adds a constant ``s`` inside and subtracts it
    at the output.
    """
    X, y = check_dataset(X, y)
    widths = list(check_widths(widths))
    if widths[0] < 3:
        raise ValueError(f"widths[0] must be at least 3: the first hidden layer needs 3 neurons (Theorem 1 ii), got {widths[0]}.")
    shift = check_flag(shift, "shift")
    seed = check_seed(seed)
    r = decent_index(X, y)
    if r is None:
        raise ValueError("the dataset (X, y) is not decent (Def. 1): every x has the mean label of the whole set.")
    same = np.all(X == X[r], axis=1)
    nu, mu = y[same].mean(), y[~same].mean() if (~same).any() else y.mean()
    u = np.random.default_rng(seed).standard_normal(X.shape[1])
    gaps = np.abs((X[~same] - X[r]) @ u)
    if gaps.size and gaps.min() == 0:
        raise ValueError("the random direction hit another data point; try another seed.")
    v = u * (3.0 / gaps.min() if gaps.size else 1.0)  # |v^T(x_s - x_r)| >= 3 > 2
    gamma = v @ X[r]
    W1 = np.zeros((widths[0], X.shape[1]))
    W1[:3] = [v, 2 * v, v]
    b1 = np.zeros(widths[0])
    b1[:3] = [-gamma + 1, -2 * gamma, -gamma - 1]
    row = np.zeros(widths[0])
    row[:3] = [nu - mu, mu - nu, nu - mu]
    s = max(0.0, -min(nu, mu)) + 1.0 if shift and len(widths) > 1 else 0.0
    layers = [(W1, b1)]
    dims = widths + [1]
    for n in range(1, len(dims)):
        W = np.zeros((dims[n], dims[n - 1]))
        b = np.zeros(dims[n])
        if n == 1:
            W[0], b[0] = row, mu + s
        else:
            W[0, 0] = 1.0  # the identity on the carried coordinate (the other units stay 0)
            if n == len(dims) - 1:
                b[0] = -s
        layers.append((W, b))
    return layers
