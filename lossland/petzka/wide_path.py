"""A non-increasing path to a global minimum of a wide network (Theorem 5, Lemmas 16-20, Fig. 4 of the non-attracting-regions paper).

For an extremely wide network (``n_{l*} >= N``, widths non-increasing after ``l*``) the output
moves on the straight line ``z + t (y - z)`` and every layer is pulled along by Lemmas 17-19.
The network computations come from :mod:`lossland.core.sigmoid_nets`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import sigmoid_nets as nets
from lossland.core.validation import (
    as_matrix, as_vector, check_dataset, check_entries, check_positive, check_seed,
)

__all__ = ["lemma16_conditions", "lemma16_perturb", "WidePath", "theorem5_instance", "theorem5_path"]


def _logit(a):
    return np.log(a) - np.log1p(-a)  # sigma^{-1}: Lemma 18


def _pivots(M: np.ndarray, k: int) -> np.ndarray:
    """Indices of ``k`` linearly independent columns of ``M`` (QR with column pivoting)."""
    from scipy.linalg import qr

    return np.sort(qr(M, mode="r", pivoting=True)[1][:k])


def _check_point(arch, theta, X, wide_layer) -> tuple[np.ndarray, np.ndarray, int]:
    """``theta``, ``X`` and the hidden-layer index ``wide_layer`` checked against ``arch``."""
    if not isinstance(arch, nets.Architecture):
        raise TypeError(f"arch must be a sigmoid_nets.Architecture, got {type(arch).__name__}.")
    X = as_matrix(X, "X", columns=arch.sizes[0])
    return as_vector(theta, "theta", length=arch.size), X, _check_layer(arch, wide_layer)


def _check_layer(arch, wide_layer) -> int:
    if isinstance(wide_layer, bool) or not isinstance(wide_layer, (int, np.integer)):
        raise TypeError(f"wide_layer must be an integer layer index, got {wide_layer!r}.")
    if not 1 <= wide_layer <= arch.depth - 1:
        raise ValueError(f"wide_layer must index a hidden layer (1..{arch.depth - 1}), got {wide_layer}.")
    return int(wide_layer)


def lemma16_conditions(arch, theta: ArrayLike, X: ArrayLike, wide_layer: int, tol: float = 1e-9) -> bool:
    """Lemma 16 (ii)-(iii): ``rank a^{l*} = N`` and ``w^l`` of full rank ``n_l`` for every ``l > l* + 1``."""
    theta, X, wide_layer = _check_point(arch, theta, X, wide_layer)
    return _lemma16_conditions(arch, theta, X, wide_layer, check_positive(tol, "tol"))


def _lemma16_conditions(arch, theta, X, wide_layer: int, tol: float = 1e-9) -> bool:
    acts = nets.layer_values(arch, theta, X)[2]
    if np.linalg.matrix_rank(acts[wide_layer].T, tol=tol) < len(X):
        return False
    weights = arch.unpack(theta)[0]
    return all(np.linalg.matrix_rank(weights[l - 1], tol=tol) == arch.sizes[l] for l in range(wide_layer + 2, arch.depth + 1))


def lemma16_perturb(arch, theta: ArrayLike, X: ArrayLike, wide_layer: int, eps: float = 1e-3, seed: int = 0) -> np.ndarray:
    """Lemma 16: a point ``w'`` with ``||w - w'|| < eps`` meeting :func:`lemma16_conditions` (random, seeded)."""
    theta, X, wide_layer = _check_point(arch, theta, X, wide_layer)
    return _lemma16_perturb(arch, theta, X, wide_layer, check_positive(eps, "eps"), check_seed(seed))


def _lemma16_perturb(arch, theta, X, wide_layer: int, eps: float, seed: int) -> np.ndarray:
    if _lemma16_conditions(arch, theta, X, wide_layer):
        return theta.copy()
    rng = np.random.default_rng(seed)
    for _ in range(100):
        step = rng.normal(size=theta.shape)
        candidate = theta + 0.5 * eps * step / np.linalg.norm(step)
        if _lemma16_conditions(arch, candidate, X, wide_layer):
            return candidate
    raise ValueError(f"no perturbation of theta within eps = {eps:g} met Lemma 16's conditions (the activations of "
                     f"layer {wide_layer} for the {len(X)} points of X of rank {len(X)}, later weights of full rank): "
                     "is the wide layer at least N wide?  Otherwise, in floating point, the network at theta cannot "
                     "tell the points of X apart (X's scale far from theta's first-layer weights, or saturated "
                     "sigmoids): rescale X or theta, or pass a larger eps.")


def _lemma19(W, b, a_prev, n_target):
    """Lemma 19 at one t: scale ``W`` by ``lambda``, shift the bias by ``-delta = -W_sub s``.

    ``W`` (n x m), ``b`` (n,), ``a_prev`` (m x N) the activations at t = 0, ``n_target`` (n x N).
    Returns the layer's new weights and bias and the activations ``a_prev(t)`` the previous
    layer has to realise; ``s >= 0`` and ``lambda >= 1`` are the smallest continuous choices
    keeping ``a_prev(t)`` inside ``(lo, hi) subset (0, 1)`` (both are 0 and 1 at t = 0).
    """
    n = W.shape[0]
    cols = _pivots(W, n)
    W_sub = W[:, cols]
    n0 = W @ a_prev + b[:, None]
    shifted = a_prev.copy()
    shifted[cols] += np.linalg.solve(W_sub, n_target - n0)
    lo, hi = 0.5 * a_prev.min(), 0.5 * (1.0 + a_prev.max())
    s = np.maximum(0.0, (lo - shifted[cols]).max(axis=1))  # W^{-1} delta(t), delta = W_sub s
    shifted[cols] += s[:, None]
    lam = max(1.0, shifted.max() / hi)
    return lam * W, b - W_sub @ s, shifted / lam


def _check_inside(a_prev: np.ndarray, layer: int) -> None:
    """Lemma 19's activations must lie strictly inside (0, 1); in floating point they leave it when the
    targets dwarf the network's outputs (the shift cancels digits), so the path cannot be built."""
    if not np.all((a_prev > 0) & (a_prev < 1)):
        raise ValueError(f"y is too far from the network's outputs for Lemma 19 in floating point: the activations "
                         f"asked of layer {layer} leave (0, 1) by cancellation; rescale y (or theta's output layer).")


def _lemma17(W, a_wide, n_target, n0):
    """Lemma 17 at one t: ``W + omega`` with ``omega A_bar = n_target - n0`` on N independent rows of ``a^{l*}``."""
    N = a_wide.shape[1]
    rows = _pivots(a_wide.T, N)
    W = W.copy()
    W[:, rows] += np.linalg.solve(a_wide[rows].T, (n_target - n0).T).T
    return W


@dataclass(frozen=True)
class WidePath:
    """The path of Theorem 5 in parameter space and the loss along it.

    Attributes
    ----------
    t : (T,) path parameter in [0, 1].
    thetas : (T, size) parameters (``sigmoid_nets`` layout); ``thetas[0]`` is ``w'`` of Lemma 16.
    outputs : (T, N) network outputs, recomputed by :func:`lossland.core.sigmoid_nets.forward`.
    loss : (T,) total loss, recomputed from the parameters.
    planned : (T,) ``(1 - t)^2 ||y - z||^2``, the loss of the output path ``z + t (y - z)``.
    moved : distance ``||w - w'||`` of the Lemma 16 perturbation.
    """

    t: np.ndarray
    thetas: np.ndarray
    outputs: np.ndarray
    loss: np.ndarray
    planned: np.ndarray
    moved: float

    @property
    def non_increasing(self) -> bool:
        return bool(np.all(np.diff(self.loss) <= 1e-10 * max(1.0, self.loss[0])))


def theorem5_instance(N: int = 4, sizes=(2, 5, 3, 2, 1), wide_layer: int = 1, seed: int = 0):
    """A small extremely wide network and data: ``(arch, theta, X, y)``, seeded.

    ``sizes[wide_layer] >= N`` and the widths after it never increase (Theorem 5's assumptions);
    biases on (Lemma 19 moves them).  Inputs and targets are standard normal.
    """
    N = check_positive(N, "N", integer=True)
    arch = nets.Architecture(sizes, bias=True)
    _check_wide(arch, N, wide_layer)
    rng = np.random.default_rng(check_seed(seed))
    return arch, rng.normal(size=arch.size), rng.normal(size=(N, arch.sizes[0])), rng.normal(size=N)


def _check_wide(arch, N: int, wide_layer) -> int:
    wide_layer = _check_layer(arch, wide_layer)
    if arch.sizes[wide_layer] < N:
        raise ValueError(f"layer {wide_layer} has {arch.sizes[wide_layer]} neurons, fewer than N = {N} data points: "
                         "Theorem 5 needs an extremely wide layer.")
    after = arch.sizes[wide_layer + 1 :]
    if any(b > a for a, b in zip(after[:-1], after[1:])):
        raise ValueError(f"the widths after layer {wide_layer} must not increase (Theorem 5), got {after}.")
    if not arch.bias:
        raise ValueError("Theorem 5's construction (Lemma 19) moves biases: use Architecture(..., bias=True).")
    return int(wide_layer)


def theorem5_path(arch, theta: ArrayLike, X: ArrayLike, y: ArrayLike, wide_layer: int = 1, n_t: int = 101, eps: float = 1e-3, seed: int = 0) -> WidePath:
    """Construct the non-increasing path of Theorem 5 explicitly (Lemmas 16-20, Fig. 4).

    1. Lemma 16: move ``theta`` by less than ``eps`` so that ``rank a^{l*} = N`` and later weights have full rank.
    2. Output path ``f(t) = z + t (y - z)`` (proof of Theorem 5): loss ``(1 - t)^2 ||y - z||^2``.
    3. Lemma 20, top down for each t: the output layer and every layer ``l > l* + 1`` by Lemma 19
       (scale ``w^l`` by ``lambda``, shift ``w_0^l`` by ``-delta``, ask the layer below for ``a^{l-1}(t)``),
       Lemma 18 (``n = sigma^{-1}(a)``), and layer ``l* + 1`` by Lemma 17 (weights only).
    Layers up to ``l*`` never move.  The loss is then recomputed from the parameters.
    """
    if not isinstance(arch, nets.Architecture):
        raise TypeError(f"arch must be a sigmoid_nets.Architecture, got {type(arch).__name__}.")
    X, y = nets.check_arguments(arch, *check_dataset(X, y))
    theta = as_vector(theta, "theta", length=arch.size)
    wide_layer = _check_wide(arch, len(X), wide_layer)
    n_t = check_positive(n_t, "n_t", integer=True)
    if n_t < 2:
        raise ValueError(f"n_t must be at least 2 points along the path, got {n_t}.")
    check_entries(n_t * (arch.size + len(X)), "n_t")
    eps = check_positive(eps, "eps")
    start = _lemma16_perturb(arch, theta, X, wide_layer, eps, check_seed(seed))
    weights, biases = arch.unpack(start)
    pre, acts = nets.layer_values(arch, start, X)[1:]
    a = [None if A is None else A.T for A in acts]  # paper's layout: (n_l, N)
    z = acts[-1][:, 0]
    ts = np.linspace(0.0, 1.0, n_t)
    thetas = np.empty((n_t, arch.size))
    for i, t in enumerate(ts):
        Ws, bs = [W.copy() for W in weights], [b.copy() for b in biases]
        target = (z + t * (y - z))[None, :]  # n^L(t)
        for l in range(arch.depth, wide_layer + 1, -1):  # Lemma 19, then Lemma 18
            Ws[l - 1], bs[l - 1], a_prev = _lemma19(weights[l - 1], biases[l - 1], a[l - 1], target)
            _check_inside(a_prev, l - 1)
            target = _logit(a_prev)
        Ws[wide_layer] = _lemma17(weights[wide_layer], a[wide_layer], target, pre[wide_layer + 1].T)
        thetas[i] = arch.pack(Ws, bs)
    outputs = np.array([nets.forward(arch, th, X) for th in thetas])
    return WidePath(ts, thetas, outputs, np.sum((outputs - y) ** 2, axis=1), (1 - ts) ** 2 * np.sum((y - z) ** 2),
                    float(np.linalg.norm(start - theta)))
