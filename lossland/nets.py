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

from .validation import check_dataset, check_width

__all__ = ["Architecture", "outputs", "loss", "gradient", "hessian", "pattern_of"]


@dataclass(frozen=True)
class Architecture:
    """Shape of a one-hidden-layer network: ``n_inputs`` -> ``width`` ReLUs -> 1 output."""

    n_inputs: int
    width: int
    bias: bool = False

    def __post_init__(self) -> None:
        check_width(self.n_inputs, "n_inputs")
        check_width(self.width, "width")

    @property
    def size(self) -> int:
        """Number of parameters: :math:`hn + h` (+ :math:`h + 1` with biases)."""
        h, n = self.width, self.n_inputs
        return h * n + h + (h + 1 if self.bias else 0)

    def unpack(self, theta) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Split ``theta`` (..., size) into ``W`` (..., h, n), ``v`` (..., h), ``b`` (..., h), ``c`` (...)."""
        theta = np.asarray(theta, dtype=float)
        if theta.shape[-1:] != (self.size,):
            raise ValueError(f"theta must end in {self.size} parameters for {self}, got shape {theta.shape}.")
        h, n = self.width, self.n_inputs
        W = theta[..., : h * n].reshape(theta.shape[:-1] + (h, n))
        v = theta[..., h * n : h * n + h]
        if self.bias:
            return W, v, theta[..., h * n + h : h * n + 2 * h], theta[..., -1]
        return W, v, np.zeros_like(v), np.zeros(theta.shape[:-1])

    def pack(self, W, v, b=None, c=None) -> np.ndarray:
        """Join parameters into one flat vector (batch dimensions allowed)."""
        W, v = np.asarray(W, dtype=float), np.asarray(v, dtype=float)
        parts = [W.reshape(W.shape[:-2] + (-1,)), v]
        if self.bias:
            b = np.zeros_like(v) if b is None else np.asarray(b, dtype=float)
            c = np.zeros(v.shape[:-1]) if c is None else np.asarray(c, dtype=float)
            parts += [b, c[..., None]]
        theta = np.concatenate(parts, axis=-1)
        if theta.shape[-1] != self.size:
            raise ValueError(f"W and v do not fit {self}: got {theta.shape[-1]} parameters, expected {self.size}.")
        return theta


def _forward(arch: Architecture, theta, X, pattern):
    W, v, b, c = arch.unpack(theta)
    z = np.einsum("...hn,in->...ih", W, X) + b[..., None, :]
    a = (z > 0).astype(float) if pattern is None else np.broadcast_to(np.asarray(pattern, dtype=float), z.shape)
    f = np.einsum("...ih,...h->...i", a * z, v) + c[..., None]
    return W, v, z, a, f


def _check(arch: Architecture, X, y, pattern):
    X, y = check_dataset(X, y)
    if X.shape[1] != arch.n_inputs:
        raise ValueError(f"X has {X.shape[1]} columns but the network takes {arch.n_inputs} inputs.")
    if pattern is not None and np.shape(pattern) != (len(X), arch.width):
        raise ValueError(f"pattern must have shape (N, width) = ({len(X)}, {arch.width}), got {np.shape(pattern)}.")
    return X, y


def pattern_of(arch: Architecture, theta, X) -> np.ndarray:
    """The activation values :math:`a_{ij}` at ``theta`` (Def. 2.1), bool (..., N, h)."""
    X = _check(arch, X, np.zeros(len(np.atleast_2d(X))), None)[0]
    return _forward(arch, theta, X, None)[2] > 0


def outputs(arch: Architecture, theta, X, pattern=None) -> np.ndarray:
    """Network outputs :math:`f(x_i, \\theta)` (Eq. 1), or :math:`g_\\mathcal{A}` (Eq. 2) with ``pattern``."""
    X = _check(arch, X, np.zeros(len(np.atleast_2d(X))), pattern)[0]
    return _forward(arch, theta, X, pattern)[4]


def loss(arch: Architecture, theta, X, y, pattern=None) -> np.ndarray:
    """Squared-error loss :math:`\\frac12\\sum_i (f(x_i,\\theta) - y_i)^2` (Eq. 3)."""
    X, y = _check(arch, X, y, pattern)
    return 0.5 * np.sum((_forward(arch, theta, X, pattern)[4] - y) ** 2, axis=-1)


def gradient(arch: Architecture, theta, X, y, pattern=None) -> np.ndarray:
    """Exact gradient of the loss (the derivatives of Eq. 11 of the paper's appendix)."""
    X, y = _check(arch, X, y, pattern)
    W, v, z, a, f = _forward(arch, theta, X, pattern)
    r = f - y
    ra = r[..., :, None] * a  # (..., N, h)
    g_v = np.einsum("...ih,...ih->...h", ra, z)
    g_W = v[..., :, None] * np.einsum("...ih,in->...hn", ra, X)
    parts = [g_W.reshape(g_W.shape[:-2] + (-1,)), g_v]
    if arch.bias:
        parts += [v * ra.sum(axis=-2), r.sum(axis=-1)[..., None]]
    return np.concatenate(parts, axis=-1)


def hessian(arch: Architecture, theta, X, y, pattern=None) -> np.ndarray:
    """Exact Hessian of the loss at one parameter vector, shape (size, size).

    :math:`H = J^\\top J + \\sum_i r_i \\nabla^2 f_i`, where the only second
    derivatives of the output are :math:`\\partial^2 f_i / \\partial v_j \\partial w_{jk} = a_{ij} x_{ik}`
    and :math:`\\partial^2 f_i / \\partial v_j \\partial b_j = a_{ij}` (cf. Eq. 9 and 12).
    """
    X, y = _check(arch, X, y, pattern)
    theta = np.asarray(theta, dtype=float)
    if theta.ndim != 1:
        raise ValueError(f"hessian takes one parameter vector, got shape {theta.shape}.")
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
