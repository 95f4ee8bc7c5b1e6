"""A one-hidden-layer ReLU network with exact gradients and Hessians (Eq. 1-3 of the decomposition paper).

.. math::
    f(x, \\theta) = v^\\top \\sigma(W x + b) + c, \\qquad
    \\mathcal{L}(\\theta) = \\tfrac12 \\sum_i (f(x_i, \\theta) - y_i)^2 .

Parameters travel as one flat vector :math:`\\theta = [\\operatorname{vec}(W), v, b, c]`
(the paper's order; ``b`` and ``c`` only when the network has biases).  Every
function accepts a batch of parameter vectors, shape ``(..., size)``, so that
many starting points descend together.  Passing ``pattern`` fixes the
activation values (the network :math:`g_\\mathcal{A}` of Eq. 2) instead of
reading them off the pre-activations; on the open region of that pattern both
networks agree (Lemma 2.2).  At a kink we take :math:`\\sigma'(0) = 0`, as
Def. 2.1 does.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossland.core.validation import (
    as_array, as_matrix, check_dataset, check_flag, check_pattern, check_width,
)

__all__ = ["Architecture", "outputs", "loss", "gradient", "hessian", "pattern_of", "check_arguments"]


@dataclass(frozen=True)
class Architecture:
    """Shape of a one-hidden-layer network: ``n_inputs`` -> ``width`` ReLUs -> 1 output."""

    n_inputs: int
    width: int
    bias: bool = False

    def __post_init__(self) -> None:
        check_width(self.n_inputs, "n_inputs")
        check_width(self.width, "width")
        check_flag(self.bias, "bias")

    @property
    def size(self) -> int:
        """Number of parameters: :math:`hn + h` (+ :math:`h + 1` with biases)."""
        h, n = self.width, self.n_inputs
        return h * n + h + (h + 1 if self.bias else 0)

    def unpack(self, theta) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Split ``theta`` (..., size) into ``W`` (..., h, n), ``v`` (..., h), ``b`` (..., h), ``c`` (...)."""
        return self._split(_theta(self, theta))

    def _split(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        h, n = self.width, self.n_inputs
        W = theta[..., : h * n].reshape(theta.shape[:-1] + (h, n))
        v = theta[..., h * n : h * n + h]
        if self.bias:
            return W, v, theta[..., h * n + h : h * n + 2 * h], theta[..., -1]
        return W, v, np.zeros_like(v), np.zeros(theta.shape[:-1])

    def pack(self, W, v, b=None, c=None) -> np.ndarray:
        """Join parameters into one flat vector (batch dimensions allowed)."""
        W, v = as_array(W, "W"), as_array(v, "v")
        if W.shape[-2:] != (self.width, self.n_inputs):
            raise ValueError(f"W and v do not fit {self}: W must have shape (..., width, n_inputs) = "
                             f"(..., {self.width}, {self.n_inputs}), got {W.shape}.")
        if v.shape != W.shape[:-1]:
            raise ValueError(f"v must have shape {W.shape[:-1]}, one output weight per row of W, got {v.shape}.")
        parts = [W.reshape(W.shape[:-2] + (-1,)), v]
        if self.bias:
            b = np.zeros_like(v) if b is None else as_array(b, "b")
            c = np.zeros(v.shape[:-1]) if c is None else as_array(c, "c")
            if b.shape != v.shape:
                raise ValueError(f"b must have shape {v.shape} like v, one bias per hidden unit, got {b.shape}.")
            if c.shape != v.shape[:-1]:
                raise ValueError(f"c must have shape {v.shape[:-1]}, one output bias per network, got {c.shape}.")
            parts += [b, c[..., None]]
        theta = np.concatenate(parts, axis=-1)
        if theta.shape[-1] != self.size:
            raise ValueError(f"W and v do not fit {self}: got {theta.shape[-1]} parameters, expected {self.size}.")
        return theta


def _theta(arch: Architecture, theta, *, single: bool = False) -> np.ndarray:
    """``theta`` as a finite float array of shape (..., size), or (size,) if ``single``."""
    theta = as_array(theta, "theta")
    if single and theta.ndim != 1:
        raise ValueError(f"theta must be one parameter vector of length {arch.size} for {arch}, got shape {theta.shape}.")
    if theta.shape[-1:] != (arch.size,):
        raise ValueError(f"theta must end in {arch.size} parameters for {arch}, got shape {theta.shape}.")
    return theta


def _forward(arch: Architecture, theta, X, pattern):
    W, v, b, c = arch._split(theta)
    z = np.einsum("...hn,in->...ih", W, X) + b[..., None, :]
    a = (z > 0).astype(float) if pattern is None else np.broadcast_to(np.asarray(pattern, dtype=float), z.shape)
    f = np.einsum("...ih,...h->...i", a * z, v) + c[..., None]
    return W, v, z, a, f


def check_arguments(arch: Architecture, theta, X, y=None, pattern=None, *, targets: bool = True, single: bool = False):
    """Validated ``(theta, X, y, pattern)``; ``y`` is not read unless ``targets``, ``pattern`` may be ``None``."""
    if not isinstance(arch, Architecture):
        raise TypeError(f"arch must be a lossland.core.nets.Architecture, got {type(arch).__name__}.")
    theta = _theta(arch, theta, single=single)
    X, y = check_dataset(X, y) if targets else (as_matrix(X, "X"), None)
    if X.shape[1] != arch.n_inputs:
        raise ValueError(f"X has {X.shape[1]} columns but the network takes {arch.n_inputs} inputs.")
    if pattern is not None:
        pattern = check_pattern(pattern, "pattern", (len(X), arch.width))
    return theta, X, y, pattern


def pattern_of(arch: Architecture, theta: ArrayLike, X: ArrayLike) -> NDArray[np.bool_]:
    """The activation values :math:`a_{ij}` at ``theta`` (Def. 2.1), bool (..., N, h)."""
    theta, X, _, _ = check_arguments(arch, theta, X, targets=False)
    return _forward(arch, theta, X, None)[2] > 0


def outputs(arch: Architecture, theta: ArrayLike, X: ArrayLike, pattern: ArrayLike | None = None) -> NDArray[np.float64]:
    """Network outputs :math:`f(x_i, \\theta)` (Eq. 1), or :math:`g_\\mathcal{A}` (Eq. 2) with ``pattern``."""
    theta, X, _, pattern = check_arguments(arch, theta, X, pattern=pattern, targets=False)
    return _forward(arch, theta, X, pattern)[4]


def loss(arch: Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, pattern: ArrayLike | None = None) -> NDArray[np.float64]:
    """Squared-error loss :math:`\\frac12\\sum_i (f(x_i,\\theta) - y_i)^2` (Eq. 3)."""
    theta, X, y, pattern = check_arguments(arch, theta, X, y, pattern)
    return 0.5 * np.sum((_forward(arch, theta, X, pattern)[4] - y) ** 2, axis=-1)


def gradient(arch: Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, pattern: ArrayLike | None = None) -> NDArray[np.float64]:
    """Exact gradient of the loss (the derivatives of Eq. 11 of the paper's appendix)."""
    theta, X, y, pattern = check_arguments(arch, theta, X, y, pattern)
    W, v, z, a, f = _forward(arch, theta, X, pattern)
    r = f - y
    ra = r[..., :, None] * a  # (..., N, h)
    g_v = np.einsum("...ih,...ih->...h", ra, z)
    g_W = v[..., :, None] * np.einsum("...ih,in->...hn", ra, X)
    parts = [g_W.reshape(g_W.shape[:-2] + (-1,)), g_v]
    if arch.bias:
        parts += [v * ra.sum(axis=-2), r.sum(axis=-1)[..., None]]
    return np.concatenate(parts, axis=-1)


def hessian(arch: Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, pattern: ArrayLike | None = None) -> NDArray[np.float64]:
    """Exact Hessian of the loss at one parameter vector, shape (size, size).

    :math:`H = J^\\top J + \\sum_i r_i \\nabla^2 f_i`, where the only second
    derivatives of the output are :math:`\\partial^2 f_i / \\partial v_j \\partial w_{jk} = a_{ij} x_{ik}`
    and :math:`\\partial^2 f_i / \\partial v_j \\partial b_j = a_{ij}` (cf. Eq. 9 and 12).
    """
    theta, X, y, pattern = check_arguments(arch, theta, X, y, pattern, single=True)
    W, v, z, a, f = _forward(arch, theta, X, pattern)
    r = f - y
    h, n = arch.width, arch.n_inputs
    jac = [(a * v)[:, :, None] * X[:, None, :], a * z]  # d f_i / d W_jk, d f_i / d v_j
    if arch.bias:
        jac += [a * v, np.ones((len(X), 1))]
    J = np.hstack([jac[0].reshape(len(X), -1)] + jac[1:])
    H = J.T @ J
    cross_W = np.einsum("i,ij,ik->jk", r, a, X)  # sum_i r_i a_ij x_ik, block (v_j, W_jk)
    for j in range(h):
        H[h * n + j, j * n : (j + 1) * n] += cross_W[j]
        H[j * n : (j + 1) * n, h * n + j] += cross_W[j]
        if arch.bias:
            cross_b = r @ a[:, j]
            H[h * n + j, h * n + h + j] += cross_b
            H[h * n + h + j, h * n + j] += cross_b
    return H
