"""Models :math:`f(x;\\theta)` written as functions of their parameters (Sec. 2.1 of the exponential-neuron paper).

The paper's result holds for any model; :class:`lossland.expneuron.objective.Problem` asks only
for outputs (m, d_y) and a Jacobian (m, d_y, size) (:class:`Model`).  Here: a linear model, a
one-hidden-layer tanh network, and the scalar model of Example 1.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

import numpy as np

from lossland.core.validation import as_array, as_matrix, as_vector, check_callable, check_width

__all__ = ["Model", "LinearModel", "TanhNetwork", "ScalarModel", "example1_f", "example1_df", "example1_model",
           "example1_f_unchecked", "example1_df_unchecked"]


class Model(Protocol):
    """Any model written as a function of its parameters: outputs (m, d_y) and Jacobian (m, d_y, size)."""

    size: int
    d_y: int

    def outputs(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray: ...

    def jacobian(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True)
class LinearModel:
    """:math:`f(x;\\theta) = V x + c`; ``theta = [V.ravel() (d_y, d_x), c]``."""

    d_x: int
    d_y: int = 1

    def __post_init__(self) -> None:
        check_width(self.d_x, "d_x")
        check_width(self.d_y, "d_y")

    @property
    def size(self) -> int:
        return self.d_y * (self.d_x + 1)

    def outputs(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        theta, X = _parameters_and_inputs(self, theta, X)
        V, c = theta[: self.d_y * self.d_x].reshape(self.d_y, self.d_x), theta[self.d_y * self.d_x :]
        return X @ V.T + c

    def jacobian(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        theta, X = _parameters_and_inputs(self, theta, X)
        m, eye = len(X), np.eye(self.d_y)
        dV = eye[None, :, :, None] * X[:, None, None, :]  # (m, d_y, d_y, d_x)
        return np.concatenate([dV.reshape(m, self.d_y, -1), np.broadcast_to(eye, (m, self.d_y, self.d_y))], axis=2)


@dataclass(frozen=True)
class TanhNetwork:
    """:math:`f(x;\\theta) = V \\tanh(U x + c) + d`; ``theta = [U.ravel() (h, d_x), c (h), V.ravel() (d_y, h), d (d_y)]``."""

    d_x: int
    width: int
    d_y: int = 1

    def __post_init__(self) -> None:
        check_width(self.d_x, "d_x")
        check_width(self.width, "width")
        check_width(self.d_y, "d_y")

    @property
    def size(self) -> int:
        h = self.width
        return h * self.d_x + h + self.d_y * h + self.d_y

    def _split(self, theta):
        h, n, k = self.width, self.d_x, self.d_y
        U = theta[: h * n].reshape(h, n)
        c = theta[h * n : h * n + h]
        V = theta[h * n + h : h * n + h + k * h].reshape(k, h)
        return U, c, V, theta[h * n + h + k * h :]

    def outputs(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        theta, X = _parameters_and_inputs(self, theta, X)
        U, c, V, d = self._split(theta)
        return np.tanh(X @ U.T + c) @ V.T + d

    def jacobian(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        theta, X = _parameters_and_inputs(self, theta, X)
        U, c, V, d = self._split(theta)
        m, k = len(X), self.d_y
        t = np.tanh(X @ U.T + c)  # (m, h)
        s = (1 - t**2)[:, None, :] * V[None]  # (m, k, h): d f_k / d c_j
        dU = s[..., None] * X[:, None, None, :]  # (m, k, h, n)
        dV = np.eye(k)[None, :, :, None] * t[:, None, None, :]  # (m, k, k, h)
        dd = np.broadcast_to(np.eye(k), (m, k, k))
        return np.concatenate([dU.reshape(m, k, -1), s, dV.reshape(m, k, -1), dd], axis=2)


@dataclass(frozen=True)
class ScalarModel:
    """A model with one scalar parameter whose output ignores ``x``: :math:`f(x;\\theta) = \\varphi(\\theta)` (``d_y = 1``).

    ``func`` and ``derivative`` map a float array of :math:`\\theta` values to :math:`\\varphi` and :math:`\\varphi'`.
    """

    func: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    size: int = field(default=1, init=False)
    d_y: int = field(default=1, init=False)

    def __post_init__(self) -> None:
        check_callable(self.func, "func", "a function of theta, such as example1_f", arity=1)
        check_callable(self.derivative, "derivative", "a function of theta, such as example1_df", arity=1)

    def outputs(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        theta, X = _parameters_and_inputs(self, theta, X)
        return np.full((len(X), 1), float(self.func(np.asarray(theta, dtype=float)[0])))

    def jacobian(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        theta, X = _parameters_and_inputs(self, theta, X)
        return np.full((len(X), 1, 1), float(self.derivative(np.asarray(theta, dtype=float)[0])))


def _parameters_and_inputs(model, theta, X) -> tuple[np.ndarray, np.ndarray]:
    """``theta`` of length ``model.size`` and inputs ``X`` with ``model.d_x`` columns (any for a ScalarModel)."""
    theta = as_vector(theta, "theta", length=model.size)
    return theta, as_matrix(X, "X", columns=getattr(model, "d_x", None))


def example1_f(theta):
    """Example 1 (Sec. 6.1): :math:`f(\\theta) = 5(-0.3e^{-16(\\theta-0.2)^2} - 0.7e^{-32(\\theta-0.8)^2} + 0.5)`."""
    return example1_f_unchecked(as_array(theta, "theta"))


def example1_df(theta):
    """Derivative of :func:`example1_f`."""
    return example1_df_unchecked(as_array(theta, "theta"))


def example1_f_unchecked(theta: np.ndarray) -> np.ndarray:
    """:func:`example1_f` on a checked array (the inner loop of a descent: validated once, at its entry)."""
    return 5 * (-0.3 * np.exp(-16 * (theta - 0.2) ** 2) - 0.7 * np.exp(-32 * (theta - 0.8) ** 2) + 0.5)


def example1_df_unchecked(theta: np.ndarray) -> np.ndarray:
    """:func:`example1_df` on a checked array."""
    return 5 * (9.6 * (theta - 0.2) * np.exp(-16 * (theta - 0.2) ** 2) + 44.8 * (theta - 0.8) * np.exp(-32 * (theta - 0.8) ** 2))


def example1_model() -> ScalarModel:
    """The scalar model of Example 1 (and of Fig. 4)."""
    return ScalarModel(example1_f, example1_df)
