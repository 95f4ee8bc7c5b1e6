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
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp, softmax

from lossland.core.probes import is_local_minimum
from lossland.core.threads import one_blas_thread
from lossland.core.validation import (
    as_array, as_matrix, as_vector, check_callable, check_entries, check_natural, check_nonnegative,
    check_positive, check_real, check_result, check_seed, check_width, times_exp,
)

__all__ = [
    "SquaredLoss", "CrossEntropyLoss", "SmoothedHingeLoss",
    "Model", "LinearModel", "TanhNetwork", "ScalarModel",
    "example1_f", "example1_df", "example1_model",
    "Problem", "random_start", "Run", "local_runs", "global_minimum_least_squares",
    "global_minimum_by_restarts", "Detection", "optimise_with_restarts", "check_problem",
]


# ---------------------------------------------------------------- loss criteria (Sec. 2.1, Assumption 1)

def _outputs_and_targets(q, y) -> tuple[np.ndarray, np.ndarray]:
    """Outputs ``q`` and finite targets ``y`` of one shape; ``q`` may overflow to inf while optimising."""
    y = as_array(y, "y")
    q = as_array(q, "q", infinite=True)
    if q.shape != y.shape:
        raise ValueError(f"q must have the shape of y, {y.shape} (one row of outputs per target), got {q.shape}.")
    return q, y


class SquaredLoss:
    """:math:`\\ell(q, y) = \\|q - y\\|_2^2`; gradient :math:`2(q - y)`."""

    def value(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return np.sum((q - y) ** 2, axis=-1)

    def gradient(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return 2.0 * (q - y)

    def check_targets(self, Y: np.ndarray) -> None:
        """Any finite real targets, one row per data point, are allowed."""
        as_matrix(Y, "Y")


class CrossEntropyLoss:
    """:math:`\\ell(q, y) = -\\sum_k y_k \\log \\operatorname{softmax}(q)_k` for one-hot ``y``; gradient :math:`\\operatorname{softmax}(q) - y`."""

    def value(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return logsumexp(q, axis=-1) - np.sum(y * q, axis=-1)

    def gradient(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return softmax(q, axis=-1) - y

    def check_targets(self, Y: np.ndarray) -> None:
        """Targets must be one-hot rows."""
        Y = as_matrix(Y, "Y")
        if not (np.all((Y == 0) | (Y == 1)) and np.all(Y.sum(axis=1) == 1)):
            raise ValueError("Y must be one-hot for the cross-entropy loss: one 1 per row, zeros elsewhere.")


@dataclass(frozen=True)
class SmoothedHingeLoss:
    """:math:`\\ell(q, y) = (\\max\\{0, 1 - yq\\})^p`, :math:`p \\ge 2`, :math:`d_y = 1` (Example 1 uses :math:`p = 3`)."""

    p: float = 3.0

    def __post_init__(self) -> None:
        check_positive(self.p, "p")
        if self.p < 2:
            raise ValueError(f"p must be at least 2 for a differentiable smoothed hinge loss, got {self.p}.")

    def value(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return np.sum(np.maximum(0.0, 1.0 - y * q) ** self.p, axis=-1)

    def gradient(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return -self.p * y * np.maximum(0.0, 1.0 - y * q) ** (self.p - 1)

    def check_targets(self, Y: np.ndarray) -> None:
        """The hinge loss has one output."""
        Y = as_matrix(Y, "Y")
        if Y.shape[1] != 1:
            raise ValueError(f"the smoothed hinge loss needs d_y = 1 (Y of shape (m, 1)), got Y of shape {Y.shape}.")


# ---------------------------------------------------------------- models: any function of its parameters

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
    theta = as_array(theta, "theta")
    return 5 * (-0.3 * np.exp(-16 * (theta - 0.2) ** 2) - 0.7 * np.exp(-32 * (theta - 0.8) ** 2) + 0.5)


def example1_df(theta):
    """Derivative of :func:`example1_f`."""
    theta = as_array(theta, "theta")
    return 5 * (9.6 * (theta - 0.2) * np.exp(-16 * (theta - 0.2) ** 2) + 44.8 * (theta - 0.8) * np.exp(-32 * (theta - 0.8) ** 2))


def example1_model() -> ScalarModel:
    """The scalar model of Example 1 (and of Fig. 4)."""
    return ScalarModel(example1_f, example1_df)


# ---------------------------------------------------------------- the original and modified objectives

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
        return check_result(self._modified_loss(params), "params", "the modified loss")

    def _modified_loss(self, params) -> float:
        """:meth:`modified_loss`, inf where it overflows: an optimiser's line search steps back from inf."""
        theta, a, b, W = self.unpack(params)
        with np.errstate(over="ignore", invalid="ignore"):
            q = self.model.outputs(theta, self.X) + times_exp(a, self.X @ W + b)
            return float(np.mean(self.loss.value(q, self.Y)) + self.lam * a @ a)

    def modified_gradient(self, params) -> np.ndarray:
        """The exact gradient of :math:`\\tilde L` (:meth:`_modified_gradient`); refused where it overflows float64."""
        return check_result(self._modified_gradient(params), "params", "the gradient of the modified loss")

    def _modified_gradient(self, params) -> np.ndarray:
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
        return check_result(self._modified_loss_batch(params), "params", "the modified loss")

    def _modified_loss_batch(self, params: np.ndarray) -> np.ndarray:
        """:meth:`modified_loss_batch` on checked rows, inf where it overflows (for the probes of :func:`local_runs`)."""
        return np.array([self._modified_loss(p) for p in np.atleast_2d(params)])


# ---------------------------------------------------------------- Theorem 1 on instances

def check_problem(problem) -> Problem:
    """Refuse anything but a :class:`Problem`, naming the argument."""
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a Problem(model, loss, X, Y), got {type(problem).__name__}.")
    return problem


def random_start(problem: Problem, rng: np.random.Generator, theta_scale: float = 1.0,
                 extra_scale: float = 1.0, theta_centre: float = 0.0) -> np.ndarray:
    """A seeded start: :math:`\\theta \\sim N(\\text{centre}, \\text{scale}^2)`, :math:`(a, b, W) \\sim N(0, \\text{extra\\_scale}^2)`."""
    problem = check_problem(problem)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator such as numpy.random.default_rng(0), got {rng!r}.")
    theta_scale, extra_scale = check_nonnegative(theta_scale, "theta_scale"), check_nonnegative(extra_scale, "extra_scale")
    theta_centre = check_real(theta_centre, "theta_centre")
    theta = theta_centre + theta_scale * rng.standard_normal(problem.model.size)
    return np.concatenate([theta, extra_scale * rng.standard_normal(problem.size - problem.model.size)])


@dataclass(frozen=True)
class Run:
    """One local optimisation of :math:`\\tilde L` and the certificate of its end point."""

    start: np.ndarray
    params: np.ndarray
    grad_norm: float
    certified: bool
    a: np.ndarray
    extra_norm_start: float
    extra_norm: float
    L: float
    L_tilde: float
    converged: bool


def _starts(problem, starts, n_starts, seed, start_options):
    if starts is not None:
        starts = as_matrix(starts, "starts")
        if starts.shape[1] != problem.size:
            raise ValueError(f"starts must have {problem.size} columns (problem.size), got shape {starts.shape}.")
        return starts
    n_starts = check_positive(n_starts, "n_starts", integer=True)
    check_entries(float(n_starts) * problem.size, "n_starts")
    rng = np.random.default_rng(seed)
    return np.array([random_start(problem, rng, **start_options) for _ in range(n_starts)])


def local_runs(problem: Problem, n_starts: int = 20, seed: int = 0, *, starts=None, maxiter: int = 2000,
               grad_tol: float = 1e-6, radii=(1e-4, 1e-3, 1e-2), n_directions: int = 300,
               probe_tol: float = 1e-10, ftol: float = 1e-15, **start_options) -> list[Run]:
    """Theorem 1 on an instance: L-BFGS-B on :math:`\\tilde L` (exact gradient) from seeded starts, each end point certified.

    By the rescaling of :meth:`Problem.rescale`, a point with :math:`a \\ne 0` is never a local minimum,
    and near a local minimum (finite :math:`b, W`, :math:`a = 0`) switching the added neurons off
    changes :math:`\\tilde L` by as little as the distance to it.  So an end point is *certified* a
    local minimum when :math:`\\|\\nabla\\tilde L\\| \\le` ``grad_tol`` there, switching its neurons off
    (:meth:`Problem.switch_off`) raises :math:`\\tilde L` by no more than the run's resolution
    ``ftol`` :math:`\\cdot\\max(1, |\\tilde L|)` (L-BFGS-B's own stopping test), and the switched-off
    point has :math:`\\|\\nabla\\tilde L\\| \\le` ``grad_tol`` and passes the random-direction probe
    (:func:`lossland.core.probes.is_local_minimum`, no point lower by more than ``probe_tol``).  The middle
    test tells a minimum from a run that stopped while still escaping along Theorem 4's path:
    there the gradient and :math:`\\tilde L` shrink below any fixed tolerance, but the neurons carry
    :math:`f`'s whole error, and switching them off restores :math:`L(\\theta)`, larger by orders of
    magnitude on every BLAS kernel.  Theorem 1 predicts :math:`L(\\theta) = \\min L` at every certified
    point; Theorem 4 predicts that uncertified runs have a growing :math:`\\|(a, b, W)\\|`.
    ``starts`` (n, size) overrides the random starts; ``start_options`` go to :func:`random_start`.
    """
    problem, seed = check_problem(problem), check_seed(seed)
    radii = as_vector(radii, "radii")
    if np.any(radii <= 0):
        raise ValueError(f"radii must be positive probe distances such as (1e-4, 1e-3, 1e-2), got {radii}.")
    n_directions = check_positive(n_directions, "n_directions", integer=True)
    check_entries(float(n_directions) * problem.size, "n_directions")
    probe_tol = check_positive(probe_tol, "probe_tol")
    grad_tol = check_positive(grad_tol, "grad_tol")
    ftol = check_positive(ftol, "ftol")
    maxiter = check_positive(maxiter, "maxiter", integer=True)
    runs = []
    for index, start in enumerate(_starts(problem, starts, n_starts, seed, start_options)):
        with one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
            result = minimize(problem._modified_loss, start, jac=problem._modified_gradient, method="L-BFGS-B",
                              options={"maxiter": maxiter, "gtol": grad_tol * 1e-2, "ftol": ftol})
        params = result.x
        grad_norm = float(np.linalg.norm(problem._modified_gradient(params)))
        probe = {"radii": radii, "n_directions": n_directions, "seed": index, "tol": probe_tol}
        certified = grad_norm <= grad_tol and _near_a_minimum(problem, params, grad_tol, ftol, probe)
        runs.append(Run(start, params, grad_norm, bool(certified), problem.unpack(params)[1],
                        problem.extra_norm(start), problem.extra_norm(params), problem.original_loss(problem.theta_of(params)),
                        problem._modified_loss(params), bool(result.success)))
    return runs


def _near_a_minimum(problem: Problem, params: np.ndarray, grad_tol: float, ftol: float, probe: dict) -> bool:
    """The certificate of :func:`local_runs`: is ``params`` within the run's resolution of a local minimum?"""
    off = problem.switch_off(params)
    value = problem._modified_loss(params)
    if problem._modified_loss(off) - value > ftol * max(1.0, abs(value)):
        return False  # the added neurons hold L~ down: still escaping
    return bool(np.linalg.norm(problem._modified_gradient(off)) <= grad_tol
                and is_local_minimum(problem._modified_loss_batch, off, **probe))


def global_minimum_least_squares(problem: Problem) -> tuple[np.ndarray, float]:
    """The global minimum of :math:`L` when it is convex: a :class:`LinearModel` with :class:`SquaredLoss` (least squares)."""
    problem = check_problem(problem)
    if not isinstance(problem.model, LinearModel) or not isinstance(problem.loss, SquaredLoss):
        raise TypeError("problem must have a LinearModel with SquaredLoss for global_minimum_least_squares; "
                        "use global_minimum_by_restarts otherwise.")
    design = np.hstack([problem.X, np.ones((problem.m, 1))])
    coef = np.linalg.lstsq(design, problem.Y, rcond=None)[0]  # (d_x + 1, d_y)
    theta = np.concatenate([coef[:-1].T.ravel(), coef[-1]])
    return theta, problem.original_loss(theta)


def global_minimum_by_restarts(problem: Problem, n_starts: int = 50, seed: int = 0,
                               theta_scale: float = 1.0, theta_centre: float = 0.0) -> tuple[np.ndarray, float]:
    """Best of ``n_starts`` seeded L-BFGS-B runs on :math:`L` alone: an upper bound on :math:`\\min L`, exact only if a start lands in its basin."""
    problem = check_problem(problem)
    n_starts = check_positive(n_starts, "n_starts", integer=True)
    theta_scale, theta_centre = check_nonnegative(theta_scale, "theta_scale"), check_real(theta_centre, "theta_centre")
    rng = np.random.default_rng(check_seed(seed))
    best = None
    with one_blas_thread():
        for _ in range(n_starts):
            start = theta_centre + theta_scale * rng.standard_normal(problem.model.size)
            result = minimize(problem.original_loss, start, jac=problem.original_gradient, method="L-BFGS-B",
                              options={"gtol": 1e-12, "ftol": 1e-15})
            if best is None or result.fun < best.fun:
                best = result
    return best.x, problem.original_loss(best.x)


# ---------------------------------------------------------------- the failure-mode detector (Sec. 5, App. D)

@dataclass(frozen=True)
class Detection:
    """History of :func:`optimise_with_restarts`: one entry per monitored iterate, ``attempt`` = restarts so far."""

    params: np.ndarray
    restarts: int
    attempt: np.ndarray
    L: np.ndarray
    L_tilde: np.ndarray
    extra_norm: np.ndarray


def optimise_with_restarts(problem: Problem, threshold: float = 7.0, max_iterations: int = 2000,
                           max_restarts: int = 10, seed: int = 0, *, start=None, **start_options) -> Detection:
    """L-BFGS-B on :math:`\\tilde L`, restarting from a new seeded start when :math:`\\|a\\|+\\|b\\|+\\|W\\| \\ge` ``threshold``.

    The failure-mode detector of Sec. 5 and App. D (the paper uses threshold 7 with AdaGrad on
    LeNet; here L-BFGS-B with the exact gradient, monitored after every iteration).
    ``max_iterations`` counts iterations over all attempts; after ``max_restarts`` restarts the
    monitor only watches.  ``start`` fixes the first start; later ones come from :func:`random_start`.
    """
    problem = check_problem(problem)
    threshold = check_positive(threshold, "threshold")
    budget = check_positive(max_iterations, "max_iterations", integer=True)
    check_entries(4.0 * budget, "max_iterations")
    max_restarts = check_natural(max_restarts, "max_restarts")
    rng = np.random.default_rng(check_seed(seed))
    params = random_start(problem, rng, **start_options) if start is None else as_vector(start, "start", length=problem.size)
    rows: list[tuple[int, float, float, float]] = []
    restarts = 0

    def record(x: np.ndarray) -> bool:
        norm = problem.extra_norm(x)
        rows.append((restarts, problem.original_loss(problem.theta_of(x)), problem._modified_loss(x), norm))
        return norm >= threshold and restarts < max_restarts

    def monitor(intermediate_result) -> None:
        if record(intermediate_result.x) or len(rows) >= budget:
            raise StopIteration

    with one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
        while len(rows) < budget:
            if record(params):
                restarts += 1
                params = random_start(problem, rng, **start_options)
                continue
            result = minimize(problem._modified_loss, params, jac=problem._modified_gradient, method="L-BFGS-B",
                              callback=monitor, options={"maxiter": budget, "gtol": 1e-10, "ftol": 1e-15})
            params = result.x
            if rows[-1][3] < threshold or restarts >= max_restarts:
                break
    attempt, L, L_tilde, extra = (np.array(column) for column in zip(*rows))
    return Detection(params, restarts, attempt.astype(int), L, L_tilde, extra)
