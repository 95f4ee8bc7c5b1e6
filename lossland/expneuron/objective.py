"""Eliminating bad local minima with one exponential neuron per output (Kawaguchi & Kaelbling, AISTATS 2020).

Sec. 2.1 of the paper: for any model :math:`f(x;\\theta)\\in\\mathbb{R}^{d_y}` and loss criterion
:math:`\\ell`, the original and the modified objectives are

.. math::
    L(\\theta) = \\frac1m \\sum_{i=1}^m \\ell(f(x_i;\\theta), y_i), \\qquad
    \\tilde L(\\theta, a, b, W) = \\frac1m \\sum_{i=1}^m \\ell(f(x_i;\\theta) + g(x_i;a,b,W), y_i) + \\lambda\\|a\\|_2^2,

with :math:`g(x;a,b,W)_k = a_k \\exp(w_k^\\top x + b_k)`.  Theorem 1: at every local minimum of
:math:`\\tilde L`, :math:`a = 0` and :math:`\\theta` is a global minimum of :math:`L`.  Theorem 4 (Sec. 5):
away from a global minimum :math:`\\tilde L` has no local minimum in :math:`(a, b, W)`; the paper
suggests (it does not prove) that descent then either moves towards a global minimum of :math:`L` or
drives :math:`\\|(a, b, W)\\|` to infinity, and its detector (App. D) restarts when
:math:`\\|a\\| + \\|b\\| + \\|W\\| \\ge 7`.

Parameter layout of :math:`\\tilde\\theta` (one flat vector, see :meth:`Problem.pack`)::

    [ theta (d_theta) | a (d_y) | b (d_y) | W.ravel() (d_x * d_y, W of shape (d_x, d_y), column k = w_k) ]

Targets ``Y`` always have shape ``(m, d_y)``; model outputs ``(m, d_y)``; Jacobians ``(m, d_y, d_theta)``.

The loss criteria are in :mod:`lossland.expneuron.losses`, the models in
:mod:`lossland.expneuron.models`, Theorem 1's certified runs in :mod:`lossland.expneuron.theorem1`
and the failure-mode detector in :mod:`lossland.expneuron.detector`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lossland.core.validation import as_array, as_matrix, as_vector, check_positive, check_real, check_result, times_exp
from lossland.expneuron.models import Model

__all__ = ["Problem", "check_problem"]


@dataclass(frozen=True)
class Problem:
    """An instance :math:`(\\ell, f, \\{(x_i, y_i)\\}, \\lambda)` of :math:`L` and :math:`\\tilde L` (Sec. 2.1)."""

    model: Model
    loss: object
    X: np.ndarray
    Y: np.ndarray
    lam: float = 0.1

    def __post_init__(self) -> None:
        if not all(hasattr(self.model, name) for name in ("size", "d_y", "outputs", "jacobian")):
            raise TypeError(f"model must be a Model such as LinearModel(d_x), got {self.model!r}.")
        X = as_matrix(self.X, "X")
        Y = as_matrix(self.Y, "Y", columns=self.model.d_y)
        if len(Y) != len(X):
            raise ValueError(f"X and Y must have one row per data point each, got {len(X)} and {len(Y)} rows.")
        if not all(hasattr(self.loss, name) for name in ("value", "gradient", "check_targets")):
            raise TypeError(f"loss must be a loss criterion such as SquaredLoss(), got {self.loss!r}.")
        self.loss.check_targets(Y)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "Y", Y)
        object.__setattr__(self, "lam", check_positive(self.lam, "lam"))

    @property
    def m(self) -> int:
        return len(self.X)

    @property
    def d_x(self) -> int:
        return self.X.shape[1]

    @property
    def size(self) -> int:
        """Length of :math:`\\tilde\\theta`: :math:`d_\\theta + 2 d_y + d_x d_y`."""
        return self.model.size + self.model.d_y * (2 + self.d_x)

    def pack(self, theta, a, b, W) -> np.ndarray:
        """Join :math:`(\\theta, a, b, W)` into the flat layout of the module docstring."""
        k = self.model.d_y
        parts = [as_vector(theta, "theta", length=self.model.size), as_vector(a, "a", length=k),
                 as_vector(b, "b", length=k), as_matrix(W, "W", columns=k).ravel()]
        if parts[3].size != self.d_x * k:
            raise ValueError(f"W must have shape (d_x, d_y) = ({self.d_x}, {k}), got {np.shape(W)}.")
        return np.concatenate(parts)

    def unpack(self, params) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Split a flat :math:`\\tilde\\theta` into ``theta``, ``a`` (d_y), ``b`` (d_y), ``W`` (d_x, d_y)."""
        params = as_vector(params, "params", length=self.size)
        p, k = self.model.size, self.model.d_y
        return params[:p], params[p : p + k], params[p + k : p + 2 * k], params[p + 2 * k :].reshape(self.d_x, k)

    def theta_of(self, params) -> np.ndarray:
        """The :math:`\\theta` part of a flat :math:`\\tilde\\theta`."""
        return self.unpack(params)[0]

    def extra_norm(self, params) -> float:
        """Detector statistic of App. D: :math:`\\|a\\|_2 + \\|b\\|_2 + \\|W\\|_2` (Frobenius norm for ``W``)."""
        _, a, b, W = self.unpack(params)
        return float(np.linalg.norm(a) + np.linalg.norm(b) + np.linalg.norm(W))

    def neuron(self, params, X=None) -> np.ndarray:
        """The added neurons :math:`g(x_i; a, b, W)_k = a_k \\exp(w_k^\\top x_i + b_k)`, shape (m, d_y).

        Computed as :math:`\\operatorname{sign}(a_k) e^{\\log|a_k| + w_k^\\top x_i + b_k}` where the plain
        product overflows (:func:`lossland.core.validation.times_exp`), so a tiny ``a`` with a huge
        exponent gives its true value and ``a = 0`` gives 0; a value beyond float64 is refused.
        """
        _, a, b, W = self.unpack(params)
        X = self.X if X is None else as_matrix(X, "X", columns=self.d_x)
        return check_result(times_exp(a, X @ W + b), "params", "the added neuron a exp(w x + b)")

    def original_loss(self, theta) -> float:
        """:math:`L(\\theta)` of Sec. 2.1."""
        theta = as_vector(theta, "theta", length=self.model.size)
        return float(np.mean(self.loss.value(self.model.outputs(theta, self.X), self.Y)))

    def original_gradient(self, theta) -> np.ndarray:
        """:math:`\\nabla L(\\theta) = \\frac1m \\sum_i J_i^\\top \\nabla\\ell_{y_i}(f(x_i;\\theta))`."""
        theta = as_vector(theta, "theta", length=self.model.size)
        r = self.loss.gradient(self.model.outputs(theta, self.X), self.Y)
        return np.einsum("ik,ikp->p", r, self.model.jacobian(theta, self.X)) / self.m

    def modified_loss(self, params) -> float:
        """:math:`\\tilde L(\\theta, a, b, W)` of Sec. 2.1; refused where it overflows float64."""
        return check_result(self.search_loss(params), "params", "the modified loss")

    def search_loss(self, params) -> float:
        """:meth:`modified_loss`, inf where it overflows: an optimiser's line search steps back from inf."""
        theta, a, b, W = self.unpack(params)
        with np.errstate(over="ignore", invalid="ignore"):
            q = self.model.outputs(theta, self.X) + times_exp(a, self.X @ W + b)
            return float(np.mean(self.loss.value(q, self.Y)) + self.lam * a @ a)

    def modified_gradient(self, params) -> np.ndarray:
        """The exact gradient of :math:`\\tilde L` (:meth:`search_gradient`); refused where it overflows float64."""
        return check_result(self.search_gradient(params), "params", "the gradient of the modified loss")

    def search_gradient(self, params) -> np.ndarray:
        """Exact gradient of :math:`\\tilde L` in the flat layout.

        With :math:`e_{ik} = \\exp(w_k^\\top x_i + b_k)` and :math:`r_i = \\nabla\\ell_{y_i}(\\tilde f(x_i))`:
        :math:`\\partial_\\theta = \\frac1m\\sum_i J_i^\\top r_i`, :math:`\\partial_{a_k} = \\frac1m\\sum_i r_{ik} e_{ik} + 2\\lambda a_k`,
        :math:`\\partial_{b_k} = \\frac1m\\sum_i r_{ik} a_k e_{ik}`, :math:`\\partial_{w_k} = \\frac1m\\sum_i r_{ik} a_k e_{ik} x_i`.
        """
        theta, a, b, W = self.unpack(params)
        with np.errstate(over="ignore", invalid="ignore"):
            e = np.exp(self.X @ W + b)
            r = self.loss.gradient(self.model.outputs(theta, self.X) + times_exp(a, self.X @ W + b), self.Y)
            g_theta = np.einsum("ik,ikp->p", r, self.model.jacobian(theta, self.X)) / self.m
            re = r * e / self.m
            g_a = re.sum(axis=0) + 2 * self.lam * a
            g_b = a * re.sum(axis=0)
            g_W = (self.X.T @ re) * a
        return np.concatenate([g_theta, g_a, g_b, g_W.ravel()])

    def rescale(self, params, delta: float = 1.0) -> np.ndarray:
        """The point :math:`(\\theta, e^{-\\delta} a, b + \\delta, W)`: the same added neurons :math:`g`, a smaller :math:`\\|a\\|`.

        Since :math:`e^{-\\delta} a_k \\exp(w_k^\\top x + b_k + \\delta) = a_k \\exp(w_k^\\top x + b_k)`, only the
        regulariser changes: this is the step of the proof of Theorem 1 that forces :math:`a = 0`.
        """
        theta, a, b, W = self.unpack(params)
        delta = check_real(delta, "delta")
        return np.concatenate([theta, np.exp(-delta) * a, b + delta, W.ravel()])

    def switch_off(self, params) -> np.ndarray:
        """The point :math:`(\\theta, 0, b, W)`: the added neurons switched off, so :math:`\\tilde L = L(\\theta)` there."""
        theta, a, b, W = self.unpack(params)
        return np.concatenate([theta, np.zeros_like(a), b, W.ravel()])

    def modified_loss_batch(self, params: np.ndarray) -> np.ndarray:
        """:math:`\\tilde L` at each row of ``params`` (B, size); the form :mod:`lossland.core.probes` expects."""
        params = np.atleast_2d(as_array(params, "params"))
        if params.ndim != 2 or params.shape[1] != self.size:
            raise ValueError(f"params must be rows of {self.size} parameters (problem.size), got shape {params.shape}.")
        return check_result(self.search_loss_batch(params), "params", "the modified loss")

    def search_loss_batch(self, params: np.ndarray) -> np.ndarray:
        """:meth:`modified_loss_batch` on checked rows, inf where it overflows (for the probes of :func:`local_runs`)."""
        return np.array([self.search_loss(p) for p in np.atleast_2d(params)])


def check_problem(problem) -> Problem:
    """Refuse anything but a :class:`Problem`, naming the argument."""
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a Problem(model, loss, X, Y), got {type(problem).__name__}.")
    return problem
