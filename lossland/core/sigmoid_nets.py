"""Deep fully connected sigmoid networks with exact gradients and Hessians (Sec. 3 of Petzka & Sminchisescu).

.. math::
    f(x) = \\mathbf{w}^L \\sigma(\\mathbf{w}^{L-1} \\sigma(\\cdots \\sigma(\\mathbf{w}^1 x + \\mathbf{w}^1_0) \\cdots)
           + \\mathbf{w}^{L-1}_0) + \\mathbf{w}^L_0, \\qquad
    \\mathcal{L} = \\sum_{\\alpha=1}^N (f(x_\\alpha) - y_\\alpha)^2 ,

with the sigmoid :math:`\\sigma(t) = 1 / (1 + e^{-t})` on every hidden layer and a
linear output, as in Sec. 3 of the paper.  The loss is the *total* squared loss,
summed over the data and without a factor 1/2 (the paper's convention).

Flat layout of the parameters ``theta`` (length ``arch.size``), layer by layer
for :math:`l = 1, \\dots, L`::

    [ W^1 (row-major, n_1 x n_0), b^1 (n_1), W^2 (n_2 x n_1), b^2 (n_2), ..., W^L (1 x n_{L-1}), b^L (1) ]

where the biases ``b^l`` are present only when ``arch.bias`` is true (the paper's
experiment, Sec. 5.4, has none).  Row ``k`` of ``W^l`` holds the incoming weights
:math:`w^l_{k,j}` of neuron ``k`` of layer ``l``.

The private helpers are written without comparisons, ``abs`` or conjugation, so
they accept complex parameters; :func:`hessian` uses this for complex-step
differentiation of the exact gradient, which is exact to rounding error.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize

from lossland.core.validation import as_matrix, as_vector, check_dataset, check_flag, check_positive, check_width

__all__ = [
    "Architecture",
    "sigmoid",
    "forward",
    "neuron_values",
    "loss",
    "gradient",
    "hessian",
    "loss_batch",
    "refine_critical_point",
    "layer_values",
    "backprop",
    "check_arguments",
    "BatchBuffers",
    "losses_into",
]

_COMPLEX_STEP = 1e-30


@dataclass(frozen=True)
class Architecture:
    """Layer sizes :math:`(n_0, n_1, \\dots, n_{L-1}, n_L = 1)` and whether there are biases."""

    sizes: tuple[int, ...]
    bias: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.sizes, (str, bytes)) or not hasattr(self.sizes, "__len__"):
            raise TypeError(f"sizes must be a sequence of layer widths such as (2, 5, 5, 1), got {self.sizes!r}.")
        sizes = tuple(check_width(n, f"sizes[{i}]") for i, n in enumerate(self.sizes))
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output size, got {self.sizes!r}.")
        if sizes[-1] != 1:
            raise ValueError(f"sizes must end in 1: the paper's networks are regression networks (n_L = 1), got {sizes}.")
        object.__setattr__(self, "bias", check_flag(self.bias, "bias"))
        object.__setattr__(self, "sizes", sizes)

    @property
    def depth(self) -> int:
        """Number of weight layers :math:`L` (hidden layers plus the output layer)."""
        return len(self.sizes) - 1

    @property
    def size(self) -> int:
        """Number of parameters, :math:`\\sum_l n_l n_{l-1}` (+ :math:`\\sum_l n_l` with biases)."""
        return sum(n * (m + self.bias) for m, n in zip(self.sizes[:-1], self.sizes[1:]))

    def unpack(self, theta) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Split ``theta`` (..., size) into weight matrices ``W^l`` (..., n_l, n_{l-1}) and biases ``b^l`` (..., n_l).

        The biases are zero arrays when the network has none.  The arrays are
        views into ``theta`` where numpy allows; the dtype (also complex) is kept.  NaN,
        infinity and non-numbers are refused.
        """
        theta = _numbers(theta, "theta")
        if theta.shape[-1:] != (self.size,):
            raise ValueError(f"theta must end in {self.size} parameters for {self}, got shape {theta.shape}.")
        return self._unpack(theta)

    def _unpack(self, theta: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """:meth:`unpack` without checks: views into ``theta`` (also of buffers not yet filled)."""
        batch = theta.shape[:-1]
        weights, biases, start = [], [], 0
        for m, n in zip(self.sizes[:-1], self.sizes[1:]):
            weights.append(theta[..., start : start + n * m].reshape(batch + (n, m)))
            start += n * m
            if self.bias:
                biases.append(theta[..., start : start + n])
                start += n
            else:
                biases.append(np.zeros(batch + (n,), dtype=theta.dtype))
        return weights, biases

    def pack(self, weights, biases=None) -> np.ndarray:
        """Join weight matrices (and biases, if the network has them) into one flat vector (..., size)."""
        for name, value in (("weights", weights), ("biases", biases)):
            if (value is not None or name == "weights") and (isinstance(value, (str, bytes)) or not hasattr(value, "__len__")):
                raise TypeError(f"{name} must be a list of {self.depth} arrays, one per layer, got {value!r}.")
        if len(weights) != self.depth:
            raise ValueError(f"weights must hold {self.depth} matrices for {self}, got {len(weights)}.")
        if biases is not None and len(biases) != self.depth:
            raise ValueError(f"biases must hold {self.depth} vectors for {self}, got {len(biases)}.")
        for l, (m, n) in enumerate(zip(self.sizes[:-1], self.sizes[1:])):
            W = _numbers(weights[l], f"weights[{l}]")
            if W.shape[-2:] != (n, m):
                raise ValueError(f"weights[{l}] must have shape (..., {n}, {m}), got {W.shape}.")
            if self.bias and biases is not None and _numbers(biases[l], f"biases[{l}]").shape[-1:] != (n,):
                raise ValueError(f"biases[{l}] must have shape (..., {n}), got {np.shape(biases[l])}.")
        return self._pack(weights, biases)

    def _pack(self, weights, biases) -> np.ndarray:
        parts = []
        for l, (m, n) in enumerate(zip(self.sizes[:-1], self.sizes[1:])):
            W = np.asarray(weights[l])
            parts.append(W.reshape(W.shape[:-2] + (n * m,)))
            if self.bias:
                parts.append(np.zeros(W.shape[:-2] + (n,)) if biases is None else np.asarray(biases[l]))
        return np.concatenate(parts, axis=-1)


def _numbers(value, name: str) -> np.ndarray:
    """``value`` as a finite array of real or complex numbers, its dtype kept.

    Complex parameters are valid here on purpose (complex-step derivatives, see :func:`hessian`);
    text, bytes, objects, bools, ragged lists, NaN and infinity are not.
    """
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}.")
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} is ragged: its rows have different lengths; pass a rectangular array.") from None
    if array.dtype.kind not in "iufc":
        raise TypeError(f"{name} must be an array of numbers, got entries of dtype {array.dtype}.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite entries.")
    return array


def sigmoid(t):
    """The logistic sigmoid :math:`\\sigma(t) = 1/(1+e^{-t}) = (1 + \\tanh(t/2))/2`, complex-safe, no overflow."""
    return _sigmoid(_numbers(t, "t"))


def _sigmoid(t):
    return 0.5 + 0.5 * np.tanh(0.5 * t)


def layer_values(arch: Architecture, theta, X):
    """Pre-activations ``n(l)`` and activations ``act(l)`` of every layer, each of shape (..., N, n_l).

    ``acts[0]`` is the input ``X``; ``pre[l]`` is :math:`n(l; x)` for l = 1..L
    (``pre[0]`` is ``None``); ``acts[L]`` equals ``pre[L]``, the linear output.
    """
    weights, biases = arch.unpack(theta)
    pre, acts = [None], [X]
    for l in range(arch.depth):
        z = acts[-1] @ np.swapaxes(weights[l], -1, -2) + biases[l][..., None, :]
        pre.append(z)
        acts.append(z if l == arch.depth - 1 else _sigmoid(z))
    return weights, pre, acts


def _deltas(arch: Architecture, weights, acts, y) -> list:
    """Backpropagated :math:`\\partial \\ell_\\alpha / \\partial n(l,k;x_\\alpha)`, list over l = 1..L of (N, n_l)."""
    delta = 2.0 * (acts[-1] - y[:, None])
    deltas = [delta]
    for l in range(arch.depth - 1, 0, -1):
        a = acts[l]
        delta = (delta @ weights[l]) * a * (1.0 - a)
        deltas.insert(0, delta)
    return [None] + deltas


def backprop(arch: Architecture, theta, X, y):
    """Backpropagation for one (possibly complex) parameter vector; no input checks."""
    weights, _, acts = layer_values(arch, theta, X)
    deltas = _deltas(arch, weights, acts, y)
    grads_W = [deltas[l].T @ acts[l - 1] for l in range(1, arch.depth + 1)]
    grads_b = [deltas[l].sum(axis=0) for l in range(1, arch.depth + 1)]
    return arch._pack(grads_W, grads_b)


def check_arguments(arch: Architecture, X, y=None, *, targets: bool = True):
    """Validated ``(X, y)`` for ``arch`` (``y`` is not read unless ``targets``): the check at every public entry."""
    if not isinstance(arch, Architecture):
        raise TypeError(f"arch must be a sigmoid_nets.Architecture, got {type(arch).__name__}.")
    if not targets:
        X = as_matrix(X, "X")
    else:
        X, y = check_dataset(X, y)
    if X.shape[1] != arch.sizes[0]:
        raise ValueError(f"X has {X.shape[1]} columns but the network takes {arch.sizes[0]} inputs.")
    return X, y


def _theta(arch: Architecture, theta, name: str = "theta") -> np.ndarray:
    return as_vector(theta, name, length=arch.size)


def forward(arch: Architecture, theta: ArrayLike, X: ArrayLike) -> NDArray[np.float64]:
    """Network outputs :math:`f(x_\\alpha)` of Sec. 3, shape (N,), for one parameter vector ``theta``."""
    X, _ = check_arguments(arch, X, targets=False)
    return layer_values(arch, _theta(arch, theta), X)[2][-1][:, 0]


def neuron_values(arch: Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> tuple[list, list, list]:
    """Neuron values of Sec. 4 at every layer, for one parameter vector.

    Returns
    -------
    pre : list of ndarray
        ``pre[l]`` is :math:`\\mathsf{n}(l; x_\\alpha)`, shape (N, n_l), for l = 1..L; ``pre[0]`` is ``None``.
    acts : list of ndarray
        ``acts[l]`` is :math:`\\mathsf{act}(l; x_\\alpha)`, shape (N, n_l); ``acts[0]`` is ``X``
        and ``acts[L]`` the linear output.
    deltas : list of ndarray
        ``deltas[l]`` is :math:`\\partial \\ell_\\alpha / \\partial \\mathsf{n}(l, k; x_\\alpha)`,
        shape (N, n_l), for l = 1..L; ``deltas[0]`` is ``None``.
    """
    X, y = check_arguments(arch, X, y)
    weights, pre, acts = layer_values(arch, _theta(arch, theta), X)
    return pre, acts, _deltas(arch, weights, acts, y)


def loss(arch: Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    """Total squared loss :math:`\\mathcal{L} = \\sum_\\alpha (f(x_\\alpha) - y_\\alpha)^2` (Sec. 3)."""
    X, y = check_arguments(arch, X, y)
    f = layer_values(arch, _theta(arch, theta), X)[2][-1][:, 0]
    return float(np.sum((f - y) ** 2))


def gradient(arch: Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """Exact gradient of the total loss by backpropagation, in the flat layout of the module docstring."""
    X, y = check_arguments(arch, X, y)
    return backprop(arch, _theta(arch, theta), X, y)


def hessian(arch: Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """Exact Hessian of the total loss, shape (size, size), by complex-step differentiation of the gradient.

    .. math::
        H_{:, j} = \\operatorname{Im} \\nabla \\mathcal{L}(\\theta + i h e_j) / h, \\qquad h = 10^{-30},

    which has no subtraction and hence no cancellation error: the result is exact
    to rounding (Squire & Trapp, SIAM Review 40, 1998).
    """
    X, y = check_arguments(arch, X, y)
    theta = _theta(arch, theta)
    columns = [backprop(arch, theta + 1j * _COMPLEX_STEP * e, X, y).imag for e in np.eye(arch.size)]
    return np.array(columns).T / _COMPLEX_STEP


def loss_batch(arch: Architecture, thetas: ArrayLike, X: ArrayLike, y: ArrayLike, chunk_size: int = 256) -> NDArray[np.float64]:
    """Total loss at many parameter vectors ``thetas`` (K, size), returned as shape (K,).

    The vectors are evaluated ``chunk_size`` at a time in arrays allocated once
    (:class:`BatchBuffers`), so the largest array held is (chunk_size, N, max width):
    memory stays bounded however many directions are probed (Fig. 3 of the paper uses 5000).
    """
    X, y = check_arguments(arch, X, y)
    thetas = as_matrix(thetas, "thetas", columns=arch.size)
    chunk_size = min(check_positive(chunk_size, "chunk_size", integer=True), len(thetas))
    rows = np.empty((chunk_size, arch.size))
    net = BatchBuffers.allocate(arch, rows, len(X))
    out = np.empty(len(thetas))
    for start in range(0, len(thetas), chunk_size):
        k = min(chunk_size, len(thetas) - start)
        rows[:k] = thetas[start : start + k]
        losses_into(net, k, X, y, out[start : start + k])
    return out


@dataclass(frozen=True)
class BatchBuffers:
    """Views of a batch's parameter rows and one activation array per layer, reused by every chunk of the batch."""

    weights: list          # W^l (K, n_l, n_{l-1}), views into the parameter rows
    biases: list | None    # b^l (K, n_l), views; None when the network has no biases
    layers: list           # (K, N, n_l) for l = 1..L: pre-activations, then activations in place

    @classmethod
    def allocate(cls, arch: Architecture, thetas: np.ndarray, n_points: int) -> "BatchBuffers":
        """Unpack ``thetas`` (K, size) once (the views follow its contents) and allocate the layer arrays."""
        weights, biases = arch._unpack(thetas)
        layers = [np.empty((len(thetas), n_points, n)) for n in arch.sizes[1:]]
        return cls(weights, biases if arch.bias else None, layers)


def losses_into(net: BatchBuffers, k: int, X: np.ndarray, y: np.ndarray, out: np.ndarray) -> None:
    """Total loss (Sec. 3) of the first ``k`` parameter rows into ``out`` (k,), in ``net``'s arrays.

    The operations of :func:`layer_values` and :func:`loss`: ``a @ W^T`` per layer, the sigmoid
    ``0.5 + 0.5 tanh(0.5 z)``, then ``sum((f - y)^2)`` over the data, each written over its
    input with ``out=``, so that no chunk allocates.  Without biases :func:`layer_values` adds
    zeros, which changes nothing but the sign of a zero; that add is skipped here.
    """
    a = X
    for l, layer in enumerate(net.layers):
        z = layer[:k]
        np.matmul(a, np.swapaxes(net.weights[l][:k], -1, -2), out=z)
        if net.biases is not None:
            z += net.biases[l][:k, None, :]
        if l < len(net.layers) - 1:
            _sigmoid_in_place(z)
        a = z
    residual = a[..., 0]                                      # (k, N): the outputs f, then f - y, then squared
    np.subtract(residual, y, out=residual)
    np.square(residual, out=residual)
    np.sum(residual, axis=-1, out=out)


def _sigmoid_in_place(z: np.ndarray) -> None:
    """Overwrite ``z`` with :math:`\\sigma(z) = 0.5 + 0.5 \\tanh(0.5 z)`, the operations of :func:`_sigmoid`."""
    np.multiply(z, 0.5, out=z)
    np.tanh(z, out=z)
    np.multiply(z, 0.5, out=z)
    np.add(z, 0.5, out=z)


def refine_critical_point(arch: Architecture, theta0: ArrayLike, X: ArrayLike, y: ArrayLike, gtol: float = 1e-10) -> NDArray[np.float64]:
    """Descend from ``theta0`` to a nearby critical point with an exact-Hessian trust-region method.

    Uses ``scipy.optimize.minimize(method="trust-exact")`` with :func:`gradient` and
    :func:`hessian`, which converges quadratically near a non-degenerate minimum,
    so the returned point has a gradient norm near ``gtol``.  Raises a ``ValueError`` naming
    ``theta0``, ``X`` and ``y`` if the gradient norm stays above ``1000 * gtol``: another start may
    converge, and data far from unit scale saturate the sigmoids (``X``) or give gradients whose
    scale dwarfs the absolute ``gtol`` (``y``).
    """
    X, y = check_arguments(arch, X, y)
    theta0 = _theta(arch, theta0, "theta0")
    gtol = check_positive(gtol, "gtol")
    result = minimize(
        lambda t: loss(arch, t, X, y),
        theta0,
        jac=lambda t: backprop(arch, t, X, y),
        hess=lambda t: hessian(arch, t, X, y),
        method="trust-exact",
        options={"gtol": gtol, "maxiter": 2000},
    )
    norm = np.linalg.norm(backprop(arch, result.x, X, y))
    if not norm <= 1000 * gtol:
        raise ValueError(f"no critical point reached from theta0 (gradient norm {norm:.3g} > 1000 gtol; the solver: "
                         f"{result.message}): try another theta0, or rescale X and y to about unit scale (far from it "
                         f"the sigmoids saturate or the gradient's scale dwarfs gtol).")
    return result.x
