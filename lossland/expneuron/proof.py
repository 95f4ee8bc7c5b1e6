"""The proof devices of Kawaguchi & Kaelbling (2020) on instances: Theorems 1-3 and Example 2.

The proof of Theorem 1 (Sec. 4 and App. B.1) turns on four moves, each computed here:

1. :func:`rescaling_identity`: at every point
   :math:`a_k\\,\\partial_{a_k}\\tilde L - \\partial_{b_k}\\tilde L = 2\\lambda a_k^2`,
   so a stationary point has :math:`a = 0`.
2. :func:`exponential_moments` and :func:`switch_on`: at a point with :math:`a = 0` the slope of
   :math:`\\tilde L` in :math:`a_k`, with :math:`w_k` moved to :math:`w_k + \\epsilon u`, is
   :math:`\\frac1m\\sum_i r_{ik} e^{w_k^\\top x_i + b_k} e^{\\epsilon u^\\top x_i}
   = \\sum_t \\frac{\\epsilon^t}{t!} z_{t,k}` (the exponential expanded); a local minimum needs every
   moment :math:`z_{t,k} = \\frac1m\\sum_i r_{ik} e^{w_k^\\top x_i + b_k}(u^\\top x_i)^t` to vanish
   (Eq. 10-11), and the first one that does not gives a lower point.
3. :func:`interpolation_step`: with distinct inputs, any change of the outputs
   :math:`\\Delta_i = f(x_i;\\theta') - f(x_i;\\theta)` is :math:`e^{w_k^\\top x_i + b_k}` times a polynomial
   in :math:`u^\\top x_i` (for a ``u`` that separates the inputs), so
   :math:`\\frac1m\\sum_i r_i^\\top\\Delta_i = \\sum_t c_t z_t`; convexity of :math:`\\ell` then gives
   :math:`L(\\theta') \\ge L(\\theta) + \\frac1m\\sum_i r_i^\\top \\Delta_i`, which is :math:`L(\\theta)`
   when all moments vanish.

Theorem 3 (the PGB necessary condition, Sec. 3) in its geometric reading: at a local minimum the
outputs are optimal over the *span of the tangent spaces* of the output map at the perturbed points
:math:`z + \\epsilon v` that leave the outputs unchanged (:func:`tangent_span`).  Example 2
(Sec. 6.2): :math:`\\partial_\\theta\\tilde L = A[\\theta]\\,r[f + g]` can be nonzero where
:math:`\\nabla L(\\theta) = A[\\theta]\\,r[f] = 0` (:func:`theta_gradients`).

Residuals :math:`r_i = \\nabla\\ell_{y_i}(\\tilde f(x_i))` are taken at the modified outputs (at
:math:`a = 0` these are :math:`f`'s).  Unlike App. B we divide the moments by ``m``, as
:math:`\\tilde L` does.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import factorial

import numpy as np
from numpy.typing import ArrayLike

from lossland.core.validation import (
    as_vector, check_natural, check_positive, check_result, check_seed, check_width,
)
from lossland.expneuron.losses import SquaredLoss
from lossland.expneuron.models import LinearModel, TanhNetwork
from lossland.expneuron.objective import check_problem, Problem

__all__ = [
    "three_point_instance", "THREE_POINT_THETA", "example5_instance", "rescaling_identity", "exponential_moments", "SwitchOn", "switch_on",
    "interpolation_step", "tangent_span", "theta_gradients",
]

THREE_POINT_THETA = np.array([0.0, 0.0, 0.0, 1.0 / 3.0])
"""A stationary point of :math:`L` on :func:`three_point_instance`: ``U = c = V = 0``, ``d = 1/3`` (the mean target)."""


def three_point_instance(lam: float = 0.1) -> Problem:
    """Inputs ``-1, 0, 1``, targets ``0, 1, 0``, squared loss, a tanh network of width 1.

    At :data:`THREE_POINT_THETA` every derivative of :math:`L` vanishes (``V = 0`` hides ``U`` and
    ``c``; ``d`` is the mean target), yet :math:`L = 2/9` while a steep step ``(0, 1/2, 1/2)`` reaches
    :math:`1/6`: a suboptimal stationary point whose residuals are orthogonal to the monomials
    :math:`1` and :math:`x` but not to :math:`x^2`.
    """
    lam = check_positive(lam, "lam")
    return Problem(TanhNetwork(d_x=1, width=1), SquaredLoss(), np.array([[-1.0], [0.0], [1.0]]),
                   np.array([[0.0], [1.0], [0.0]]), lam=lam)


def example5_instance(lam: float = 1.0, target: float = 1.0) -> tuple[Problem, np.ndarray]:
    """Example 5 (Sec. 6.2) as a :class:`Problem` and a point: a linear model at ``theta = 0`` (so ``f = 0``),
    one input twice (``x_1 = x_2``), targets ``1`` and ``-1``, squared loss, the neuron off (``a = 0``).

    ``target``: the targets ``target`` and ``-target`` instead (a coursework version; any ``target > 0``
    keeps the example's point: the best common shift is 0 and leaves the loss unchanged).
    """
    lam, target = check_positive(lam, "lam"), check_positive(target, "target")
    X = np.array([[0.5, -1.0], [0.5, -1.0]])
    problem = Problem(LinearModel(2), SquaredLoss(), X, np.array([[target], [-target]]), lam=lam)
    return problem, problem.pack(np.zeros(3), [0.0], [0.3], [[0.2], [-0.4]])


def rescaling_identity(problem: Problem, params: ArrayLike) -> dict:
    """Both sides of :math:`a_k\\,\\partial_{a_k}\\tilde L - \\partial_{b_k}\\tilde L = 2\\lambda a_k^2` (proof of Theorem 1, Eq. 9).

    The identity is the derivative of :math:`\\tilde L` along :math:`(e^{-\\delta}a, b + \\delta)`,
    which keeps every added neuron's output and shrinks the penalty.  Returns ``lhs`` and ``rhs``
    (each of length ``d_y``).
    """
    problem = check_problem(problem)
    params = as_vector(params, "params", length=problem.size)
    p, k = problem.model.size, problem.model.d_y
    grad = problem.modified_gradient(params)
    a = params[p : p + k]
    return {"lhs": a * grad[p : p + k] - grad[p + k : p + 2 * k], "rhs": 2.0 * problem.lam * a**2}


def _residuals_and_weights(problem: Problem, params: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:math:`r_i = \\nabla\\ell_{y_i}(\\tilde f(x_i))` and :math:`e^{w_k^\\top x_i + b_k}`, both (m, d_y)."""
    theta, _, b, W = problem.unpack(params)
    q = problem.model.outputs(theta, problem.X) + problem.neuron(params)
    with np.errstate(over="ignore"):
        e = check_result(np.exp(problem.X @ W + b), "params", "the exponentials exp(w x + b)")
    return problem.loss.gradient(q, problem.Y), e


def _direction(problem: Problem, u) -> np.ndarray:
    return as_vector(u, "u", length=problem.d_x)


def exponential_moments(problem: Problem, params: ArrayLike, u, degree: int) -> np.ndarray:
    """The moments :math:`z_{t,k} = \\frac1m\\sum_i r_{ik} e^{w_k^\\top x_i + b_k}(u^\\top x_i)^t`, ``t = 0..degree`` (App. B.1, Eq. 10-11).

    At a local minimum (where :math:`a = 0`) every one of them vanishes for every ``u``.
    Returns shape ``(degree + 1, d_y)``.
    """
    problem = check_problem(problem)
    params = as_vector(params, "params", length=problem.size)
    u, degree = _direction(problem, u), check_natural(degree, "degree")
    if degree > 50:
        raise ValueError(f"degree must be at most 50 (the moments of higher degree overflow), got {degree}.")
    r, e = _residuals_and_weights(problem, params)
    s = problem.X @ u
    with np.errstate(over="ignore", invalid="ignore"):
        moments = np.array([(r * e * (s**t)[:, None]).mean(axis=0) for t in range(degree + 1)])
    return check_result(moments, "params or u", "the moments z_t")


@dataclass(frozen=True)
class SwitchOn:
    """The lower point that a nonzero moment gives (see :func:`switch_on`)."""

    moments: np.ndarray  # z_t, (degree + 1, d_y), at the unperturbed point
    slope: np.ndarray  # dL~/da_k at (theta, 0, b, W + eps u), (d_y,)
    series: np.ndarray  # sum_t eps^t / t! z_t, the same slope from the expansion, (d_y,)
    params: np.ndarray  # (theta, -step sign(slope), b, W + eps u)
    L: float  # L(theta) = L~ at the switched-off start
    L_tilde: float  # L~ at the lower point


def switch_on(problem: Problem, params: ArrayLike, u, eps: float = 0.1, step: float = 1e-3, degree: int = 8) -> SwitchOn:
    """Move ``w`` by ``eps u`` and switch the neurons on against their slope (proof of Theorem 1, App. B.1).

    ``params`` must have ``a = 0`` (a candidate point: by :func:`rescaling_identity` no other point
    is stationary).  There :math:`\\tilde L = L(\\theta)` whatever ``b, W`` are, so moving ``W`` keeps
    :math:`\\tilde L`; the slope in :math:`a_k` at the moved point is
    :math:`\\frac1m\\sum_i r_{ik} e^{(w_k + \\epsilon u)^\\top x_i + b_k} = \\sum_t \\frac{\\epsilon^t}{t!} z_{t,k}`.
    If it is nonzero, :math:`a_k = -\\text{step}\\cdot\\operatorname{sign}(\\text{slope}_k)` lowers
    :math:`\\tilde L` below :math:`L(\\theta)` for a small enough ``step``: the point was no local minimum.
    ``series`` sums the expansion to ``degree`` (a check of the expansion, not of the slope).
    """
    problem = check_problem(problem)
    params = as_vector(params, "params", length=problem.size)
    u = _direction(problem, u)
    eps, step, degree = check_positive(eps, "eps"), check_positive(step, "step"), check_natural(degree, "degree")
    theta, a, b, W = problem.unpack(params)
    if np.any(a != 0):
        raise ValueError("params must have a = 0 (a candidate local minimum); switch the neurons off first with "
                         "problem.switch_off(params).")
    moments = exponential_moments(problem, params, u, degree)
    moved = problem.pack(theta, a, b, W + eps * u[:, None])
    p, k = problem.model.size, problem.model.d_y
    why = "the slope and loss at the moved point (theta, a, b, W + eps u)"
    slope = check_result(problem.search_gradient(moved)[p : p + k], "params or u", why)
    series = sum(eps**t / factorial(t) * moments[t] for t in range(degree + 1))
    lower = problem.pack(theta, -step * np.sign(slope), b, W + eps * u[:, None])
    return SwitchOn(moments, slope, series, lower, problem.original_loss(theta),
                    check_result(problem.search_loss(lower), "params or u", why))


def _separating(problem: Problem, u: np.ndarray) -> np.ndarray:
    """The projections ``u.x_i``, refused unless distinct inputs get distinct projections."""
    s = problem.X @ u
    for i in range(problem.m):
        for j in range(i):
            if abs(s[i] - s[j]) < 1e-9 and not np.array_equal(problem.X[i], problem.X[j]):
                raise ValueError(f"u must separate the inputs: u.x_{j} = u.x_{i} although x_{j} != x_{i}; "
                                 "pick u with distinct projections (a random u almost surely works).")
    return s


def interpolation_step(problem: Problem, params: ArrayLike, theta_prime, u) -> dict:
    """Theorem 1's last two steps at a point with ``a = 0`` (App. B.1, after Eq. 12; Sec. 4).

    Interpolation: writes the change of outputs :math:`\\Delta_i = f(x_i;\\theta') - f(x_i;\\theta)` as
    :math:`e^{w_k^\\top x_i + b_k}\\sum_{t<m'} c_{t,k}(u^\\top x_i)^t` at the :math:`m'` distinct inputs
    (a Vandermonde system in the projections :math:`u^\\top x_i`), so that
    :math:`\\frac1m\\sum_i r_i^\\top\\Delta_i = \\sum_{t,k} c_{t,k} z_{t,k}`.  Convexity:
    :math:`L(\\theta') \\ge L(\\theta) + \\frac1m\\sum_i r_i^\\top\\Delta_i`.

    Returns ``moments`` (``z``, degree :math:`m' - 1`), ``coefficients`` (``c``), ``linear``
    (:math:`\\frac1m\\sum_i r_i^\\top\\Delta_i`), ``via_moments`` (:math:`\\sum c z`, equal to ``linear``),
    ``L``, ``L_prime`` and ``bound`` (``L + linear``, at most ``L_prime``).
    """
    problem = check_problem(problem)
    params = as_vector(params, "params", length=problem.size)
    theta, a, _, _ = problem.unpack(params)
    if np.any(a != 0):
        raise ValueError("params must have a = 0 (a candidate local minimum); switch the neurons off first with "
                         "problem.switch_off(params).")
    theta_prime = as_vector(theta_prime, "theta_prime", length=problem.model.size)
    u = _direction(problem, u)
    s = _separating(problem, u)
    _, first = np.unique(s.round(9), return_index=True)  # one representative per distinct input
    r, e = _residuals_and_weights(problem, params)
    delta = problem.model.outputs(theta_prime, problem.X) - problem.model.outputs(theta, problem.X)
    vandermonde = np.vander(s[first], len(first), increasing=True)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        coefficients = check_result(np.linalg.solve(vandermonde, delta[first] / e[first]), "params or u",
                                    "the interpolation coefficients c (the exponentials underflow to 0 or the "
                                    "projections u.x overflow)")  # (m', d_y)
    moments = exponential_moments(problem, params, u, len(first) - 1)
    L = problem.original_loss(theta)
    linear = float(np.sum(r * delta) / problem.m)
    return {"moments": moments, "coefficients": coefficients, "linear": linear,
            "via_moments": float(np.sum(coefficients * moments)), "L": L,
            "L_prime": problem.original_loss(theta_prime), "bound": L + linear}


def tangent_span(problem: Problem, params: ArrayLike, n_points: int = 6, eps: float = 0.5, seed: int = 0) -> dict:
    """Theorem 3 in its geometric reading, for :math:`\\tilde L|_\\theta` at a point with ``a = 0`` (Sec. 3-4).

    The output map sends :math:`(a, b, W)` to the added neurons' values :math:`g(x_i)` (the
    penalty's map :math:`a \\mapsto a^2` has zero derivative at ``a = 0`` and drops out, Sec. 4).
    Its Jacobian at ``params`` spans the tangent space there; perturbing ``(b, W)`` by ``eps v``
    (``n_points`` seeded unit ``v``, ``a`` kept at 0) leaves every output unchanged, and the span of the
    Jacobians at all these points is the PGB space.  Returns ``rank_at_point``, ``rank_of_span``,
    ``distinct_inputs`` and, for the squared loss, ``pgb_min``: the least :math:`\\frac1m\\sum_i
    \\ell(f(x_i;\\theta) + q_i, y_i)` over outputs ``q`` in that span (a least-squares projection).
    Theorem 3 (here with :math:`\\rho = 1/2` and ``a = 0``) says a local minimum has
    :math:`L(\\theta) \\le` ``pgb_min``; ``L`` is returned beside it.
    """
    problem = check_problem(problem)
    params = as_vector(params, "params", length=problem.size)
    n_points, eps, seed = check_width(n_points, "n_points"), check_positive(eps, "eps"), check_seed(seed)
    if n_points > 1000:
        raise ValueError(f"n_points must be at most 1000 perturbed points, got {n_points}.")
    if not isinstance(problem.loss, SquaredLoss):
        raise TypeError("problem must use SquaredLoss for tangent_span (its pgb_min is a least-squares projection).")
    theta, a, b, W = problem.unpack(params)
    if np.any(a != 0):
        raise ValueError("params must have a = 0 (a candidate local minimum); switch the neurons off first with "
                         "problem.switch_off(params).")
    rng = np.random.default_rng(seed)
    k = problem.model.d_y

    def jacobian(b_, W_) -> np.ndarray:
        """d g(x_i)_k / d a_k (the only nonzero block at a = 0), as columns of an (m d_y, d_y) matrix."""
        e = np.exp(problem.X @ W_ + b_)  # (m, d_y)
        return np.stack([np.outer(e[:, j], np.eye(k)[j]).ravel() for j in range(k)], axis=1)

    columns = [jacobian(b, W)]
    for _ in range(n_points):
        v = rng.standard_normal(k + W.size)
        v /= np.linalg.norm(v)
        columns.append(jacobian(b + eps * v[:k], W + eps * v[k:].reshape(W.shape)))
    with np.errstate(over="ignore"):
        span = check_result(np.hstack(columns), "params", "the exponentials exp(w x + b)")
    residual = (problem.Y - problem.model.outputs(theta, problem.X)).ravel()
    q = span @ np.linalg.lstsq(span, residual, rcond=None)[0]
    return {"rank_at_point": int(np.linalg.matrix_rank(columns[0])), "rank_of_span": int(np.linalg.matrix_rank(span)),
            "distinct_inputs": int(len(np.unique(problem.X, axis=0))),
            "pgb_min": float(np.sum((residual - q) ** 2) / problem.m), "L": problem.original_loss(theta)}


def theta_gradients(problem: Problem, params: ArrayLike) -> dict:
    """Example 2 (Sec. 6.2): :math:`\\nabla L(\\theta) = A[\\theta]\\,r[f]` beside :math:`\\partial_\\theta\\tilde L = A[\\theta]\\,r[f + g]`.

    At a stationary point of :math:`L` the first is 0; the second is not 0 once the added neurons
    change the residuals out of :math:`\\mathrm{Null}(A[\\theta])`, which gives :math:`\\theta` a descent
    direction of :math:`\\tilde L`.  In Example 1 :math:`A[\\theta^*] = 0` and the second is 0 too
    (Theorem 4 (ii)).  Returns ``grad_L`` and ``grad_L_tilde`` (length ``d_theta``), ``rank_A`` (singular
    values above ``1e-10`` times the largest, or above ``1e-12``) and ``norm_A`` (the largest).
    """
    problem = check_problem(problem)
    params = as_vector(params, "params", length=problem.size)
    theta = problem.theta_of(params)
    A = problem.model.jacobian(theta, problem.X).reshape(-1, problem.model.size).T / problem.m
    sv = np.linalg.svd(A, compute_uv=False)
    return {"grad_L": problem.original_gradient(theta), "grad_L_tilde": problem.modified_gradient(params)[: problem.model.size],
            "rank_A": int(np.sum(sv > max(1e-12, 1e-10 * sv[0]))), "norm_A": float(sv[0])}
