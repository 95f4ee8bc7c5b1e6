"""The failure mode of the added exponential neuron (Kawaguchi & Kaelbling 2020, Sec. 5-6, App. E).

One sample, ``x_1 = 0``, scalar ``theta``: the modified objective of Sec. 2.1 is

.. math::

    \\tilde L(\\theta, a, b, W) = \\ell\\big(f(\\theta) + a e^{w^\\top x_1 + b}, y_1\\big) + \\lambda a^2
    = \\ell\\big(f(\\theta) + a e^{b}, y_1\\big) + \\lambda a^2 ,

so ``W`` drops out (``x_1 = 0``) and only ``(theta, a, b)`` matter.  With
``u = a e^b`` the inner problem ``min_a`` becomes ``min_u l(f + u) + mu u^2``,
``mu = lambda e^{-2b}``, a one-dimensional *convex* problem solved here in
closed form (:func:`reduced_loss`):

* squared loss ``(q - y)^2``: ``u* = (y - f)/(1 + mu)``, value ``mu (f - y)^2 / (1 + mu)``;
* cubic hinge ``max(0, 1 - y q)^3`` (``y = +-1``), residual ``r = 1 - y f``: if
  ``r <= 0`` then ``u* = 0`` (value 0); otherwise the hinge margin left,
  ``s = r - y u*``, solves ``3 s^2 + 2 mu s - 2 mu r = 0``, i.e.
  ``s = 2 mu r / (mu + sqrt(mu^2 + 6 mu r))``, value ``s^3 + mu (r - s)^2``.

Both values fall strictly and monotonically to 0 as ``b -> infinity`` whenever
``f`` misses the target: the infimum of ``L~|theta`` is approached only at
infinity (Theorem 4, first statement).  At a stationary point ``theta*`` of
``f``, ``dL~/dtheta = l'(q) f'(theta*) = 0`` for every ``(a, b, W)``
(Theorem 4, second statement; App. C: ``A[theta*] = 0``).

The examples use the paper's conventions as printed: Examples 1, 3-7 write
``L`` as a *sum* over samples (no ``1/m``), which we follow.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from lossland.core.validation import (
    as_array, as_matrix, as_vector, check_entries, check_positive, check_real, check_result, times_exp,
)
from lossland.expneuron.models import example1_df, example1_df_unchecked, example1_f, example1_f_unchecked

__all__ = [
    "LOSSES", "FailureInstance", "example1", "example1_squared", "model", "model_derivative",
    "loss_value", "loss_derivative", "original_loss", "modified_loss", "modified_gradient",
    "reduced_loss", "reduced_gradient", "descent_field", "Minima", "locate_minima", "Trajectory", "descend",
    "theorem4_check", "SequenceResult", "analytical_sequence", "ANALYTICAL_EXAMPLES",
    "two_sample_objective", "printed_w_b",
]

LOSSES = ("cubic_hinge", "squared")


# ---------------------------------------------------------------- the model of Example 1
model = example1_f
"""``f(x_1; theta)`` of Example 1 (:func:`lossland.expneuron.models.example1_f`)."""
model_derivative = example1_df
"""``f'(theta)``, exact (:func:`lossland.expneuron.models.example1_df`)."""


# ---------------------------------------------------------------- loss criteria
def _check_loss(loss: str) -> str:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}.")
    return loss


def _check_target(y: float, loss: str) -> float:
    y = check_real(y, "y")
    if loss == "cubic_hinge" and float(y) not in (-1.0, 1.0):
        raise ValueError(f"y must be -1 or +1 for the cubic hinge loss, got {y}.")
    return float(y)


def loss_value(q, y: float, loss: str):
    """``l(q, y)``: ``max(0, 1 - y q)^3`` (cubic hinge, Example 1) or ``(q - y)^2`` (squared, App. E)."""
    loss = _check_loss(loss)
    return _loss_value(as_array(q, "q"), _check_target(y, loss), loss)


def loss_derivative(q, y: float, loss: str):
    """``dl/dq``: ``-3 y max(0, 1 - y q)^2`` or ``2 (q - y)``."""
    loss = _check_loss(loss)
    return _loss_derivative(as_array(q, "q"), _check_target(y, loss), loss)


def _loss_value(q: np.ndarray, y: float, loss: str):
    """:func:`loss_value` on checked input."""
    return np.maximum(0.0, 1.0 - y * q) ** 3 if loss == "cubic_hinge" else (q - y) ** 2


def _loss_derivative(q: np.ndarray, y: float, loss: str):
    """:func:`loss_derivative` on checked input."""
    return -3.0 * y * np.maximum(0.0, 1.0 - y * q) ** 2 if loss == "cubic_hinge" else 2.0 * (q - y)


@dataclass(frozen=True)
class FailureInstance:
    """One sample ``(x_1 = 0, y)`` with the model of Example 1 and a loss criterion."""

    loss: str
    y: float

    def __post_init__(self) -> None:
        _check_loss(self.loss)
        object.__setattr__(self, "y", _check_target(self.y, self.loss))


def example1() -> FailureInstance:
    """Example 1 / Fig. 1: cubic hinge, ``y_1 = -1``."""
    return FailureInstance("cubic_hinge", -1.0)


def example1_squared() -> FailureInstance:
    """App. E / Fig. 4: squared loss, ``y_1 = f(x_1; 0.8)``."""
    return FailureInstance("squared", float(model(0.8)))


def _instance(instance) -> FailureInstance:
    if not isinstance(instance, FailureInstance):
        raise TypeError(f"instance must be a FailureInstance (e.g. example1()), got {type(instance).__name__}.")
    return instance


def _lam(lam) -> float:
    return check_positive(lam, "lam")


def _arrays(**arrays) -> list[np.ndarray]:
    """Finite float arrays (numbers are fine) that broadcast together, in the order given."""
    checked = [as_array(value, name) for name, value in arrays.items()]
    try:
        np.broadcast_shapes(*(a.shape for a in checked))
    except ValueError:
        shapes = ", ".join(f"{name} {a.shape}" for name, a in zip(arrays, checked))
        raise ValueError(f"{' and '.join(arrays)} must have shapes that broadcast together, got {shapes}.") from None
    return checked


def original_loss(theta, instance: FailureInstance):
    """``L(theta) = l(f(x_1; theta), y_1)``."""
    inst = _instance(instance)
    return _loss_value(model(as_array(theta, "theta")), inst.y, inst.loss)


def modified_loss(theta, a, b, instance: FailureInstance, lam: float = 1.0):
    """``L~(theta, a, b, W) = l(f(theta) + a e^b, y) + lam a^2`` (Sec. 2.1 with ``x_1 = 0``); broadcasts."""
    inst, lam = _instance(instance), _lam(lam)
    theta, a, b = _arrays(theta=theta, a=a, b=b)
    with np.errstate(over="ignore", invalid="ignore"):
        value = _loss_value(model(theta) + times_exp(a, b), inst.y, inst.loss) + lam * a**2
    return check_result(value, "a or b", "the modified loss (the neuron a e^b)")


def modified_gradient(theta, a, b, instance: FailureInstance, lam: float = 1.0):
    """Exact ``(dL~/dtheta, dL~/da, dL~/db)``; ``dL~/dW = 0`` because ``x_1 = 0``."""
    inst, lam = _instance(instance), _lam(lam)
    with np.errstate(over="ignore", invalid="ignore"):
        gradient = _modified_gradient(*_arrays(theta=theta, a=a, b=b), inst, lam)
    return tuple(check_result(part, "a or b", "the gradient of the modified loss (e^b)") for part in gradient)


def _modified_gradient(theta: np.ndarray, a: np.ndarray, b: np.ndarray, inst: FailureInstance, lam: float):
    """:func:`modified_gradient` on checked arrays (the inner loop of :func:`descend`)."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(b)
        ae = a * e  # times_exp's own plain product: it is called (validation and all) only where this is not finite
    if not np.all(np.isfinite(ae)):
        ae = times_exp(a, b)  # a e^b without 0 * inf where e^b overflows
    lp = _loss_derivative(example1_f_unchecked(theta) + ae, inst.y, inst.loss)  # unchecked: the arrays were checked once
    return lp * example1_df_unchecked(theta), lp * e + 2.0 * lam * a, lp * a * e if np.all(np.isfinite(e)) else lp * ae


# ---------------------------------------------------------------- a minimised out
def _best_u(f, b, inst: FailureInstance, lam: float):
    """Minimiser ``u* = a* e^b`` and value of ``min_u l(f + u) + mu u^2`` (closed form, see module doc)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        mu = lam * np.exp(-2.0 * np.asarray(b, dtype=float))  # inf for b below about -354, 0 above about 372
        return _best_u_given_mu(np.asarray(f, dtype=float), mu, inst)


def _best_u_given_mu(f: np.ndarray, mu: np.ndarray, inst: FailureInstance):
    """:func:`_best_u` for ``mu = lam e^{-2b}``; where ``mu**2`` would overflow (``mu > 1e150``) the forms
    divided by ``mu`` are used, whose limits as ``mu -> inf`` are the neuron switched off (``u = 0``)."""
    huge = mu > 1e150
    if inst.loss == "squared":
        u = (inst.y - f) / (1.0 + mu)
        return u, np.where(huge, (f - inst.y) ** 2 / (1.0 + 1.0 / mu), mu * (f - inst.y) ** 2 / (1.0 + mu))
    r = np.maximum(0.0, 1.0 - inst.y * f)
    t = np.sqrt(1.0 + 6.0 * r / mu)  # for huge mu: s = 2r / (1 + t), r - s = 6 r^2 / (mu (1 + t)^2)
    s = 2.0 * mu * r / (mu + np.sqrt(mu**2 + 6.0 * mu * r))  # stable root of 3s^2 + 2 mu s - 2 mu r = 0
    s = np.where(mu == 0, 0.0, np.where(huge, 2.0 * r / (1.0 + t), s))
    value = np.where(huge, s**3 + 36.0 * r**4 / (mu * (1.0 + t) ** 4), s**3 + mu * (r - s) ** 2)
    return inst.y * (r - s), value


def reduced_loss(theta, b, instance: FailureInstance, lam: float = 1.0):
    """``min_{a, W} L~(theta, a, b, W)``: the surface of Fig. 1b / Fig. 4b."""
    inst, lam = _instance(instance), _lam(lam)
    theta, b = _arrays(theta=theta, b=b)
    return _best_u(model(theta), b, inst, lam)[1]


def reduced_gradient(theta, b, instance: FailureInstance, lam: float = 1.0):
    """Exact gradient of :func:`reduced_loss` (envelope theorem): ``(l'(q*) f'(theta), l'(q*) u*)``.

    ``q* = f(theta) + u*`` with ``u* = a* e^b``; the arrows of Fig. 1c are its negative, normalised.
    """
    inst, lam = _instance(instance), _lam(lam)
    theta, b = _arrays(theta=theta, b=b)
    f = model(theta)
    u, _ = _best_u(f, b, inst, lam)
    lp = _loss_derivative(f + u, inst.y, inst.loss)
    return lp * model_derivative(theta), lp * u


def descent_field(theta, b, instance: FailureInstance, lam: float = 1.0):
    """Unit vectors of ``-grad`` of :func:`reduced_loss` (the arrows of Fig. 1c); zero where the gradient is."""
    gt, gb = reduced_gradient(theta, b, instance, lam)
    size = np.hypot(gt, gb)
    safe = np.where(size > 0, size, 1.0)
    return np.where(size > 0, -gt / safe, 0.0), np.where(size > 0, -gb / safe, 0.0)


# ---------------------------------------------------------------- the minima of L
@dataclass(frozen=True)
class Minima:
    """The bad and the global minima of ``L`` (Fig. 1a / Fig. 4a).

    ``global_set``: the ends of the set where ``L`` is (numerically) minimal near 0.8 -
    an interval where ``f <= -1`` for the cubic hinge, two roots of ``f = y_1`` for the
    squared loss (``f`` dips 2e-5 below ``f(0.8)`` between them).
    """

    bad_theta: float
    bad_value: float
    global_theta: float
    global_value: float
    global_set: tuple[float, float]


def _stationary(lo: float, hi: float) -> float:
    return float(brentq(model_derivative, lo, hi, xtol=1e-15, rtol=1e-15))


def locate_minima(instance: FailureInstance) -> Minima:
    """Bad local minimum near 0.2 (``f'(theta*) = 0``) and the global minimum near 0.8 of ``L``."""
    inst = _instance(instance)
    bad = _stationary(0.1, 0.3)  # a local minimum of f with l' != 0 there: a local minimum of L
    f_low = _stationary(0.7, 0.9)  # the bottom of the second well of f
    residual = (lambda t: 1.0 - inst.y * model(t)) if inst.loss == "cubic_hinge" else (lambda t: model(t) - inst.y)
    ends = (float(brentq(residual, 0.6, f_low, xtol=1e-15)), float(brentq(residual, f_low, 1.0, xtol=1e-15)))
    best = ends[1] if inst.loss == "squared" else 0.5 * (ends[0] + ends[1])
    return Minima(bad, float(original_loss(bad, inst)), best, float(original_loss(best, inst)), ends)


# ---------------------------------------------------------------- gradient descent on the full L~
@dataclass(frozen=True)
class Trajectory:
    """Gradient descent on ``L~(theta, a, b)``: arrays of shape ``(steps + 1,) + start shape``."""

    theta: np.ndarray
    a: np.ndarray
    b: np.ndarray
    loss: np.ndarray  # L(theta_t)
    modified: np.ndarray  # L~(theta_t, a_t, b_t)

    @property
    def norm(self) -> np.ndarray:
        """``||(a, b, W)||`` over iterations (``W`` stays 0: its gradient vanishes as ``x_1 = 0``)."""
        return np.hypot(self.a, self.b)


def descend(theta0, instance: FailureInstance, lam: float = 1.0, lr: float = 2e-3, steps: int = 3000, a0=0.0, b0=0.0) -> Trajectory:
    """Plain gradient descent on the full ``L~(theta, a, b, W)``, vectorised over starts ``theta0``.

    With the squared loss fixed steps cannot follow ``b -> infinity`` for ever: the
    curvature in ``a`` is ``2(e^{2b} + lam)``, so once ``e^{2b} ~ 1/lr`` the ``a``-direction
    becomes unstable and ``b`` stalls near ``ln(1/lr)/2``.  With the cubic hinge ``l''``
    vanishes as the margin closes and the loss is flat beyond it, and ``b`` keeps growing,
    like ``ln(4 lam r^2 lr n)/2`` after ``n`` steps (``r`` the residual cancelled by the neuron).
    """
    inst, lam = _instance(instance), _lam(lam)
    lr = check_positive(lr, "lr")
    steps = check_positive(steps, "steps", integer=True)
    t, a, b = _arrays(theta0=theta0, a0=a0, b0=b0)
    if np.broadcast_shapes(t.shape, a.shape, b.shape) != t.shape:
        raise ValueError(f"a0 and b0 must be numbers or have the shape of theta0, {t.shape}; got {a.shape} and {b.shape}.")
    check_entries(3.0 * (steps + 1) * t.size, "steps")
    a, b = np.broadcast_to(a, t.shape).copy(), np.broadcast_to(b, t.shape).copy()
    out = np.empty((3, steps + 1) + t.shape)
    out[:, 0] = t, a, b
    for k in range(1, steps + 1):
        gt, ga, gb = _modified_gradient(t, a, b, inst, lam)
        t, a, b = t - lr * gt, a - lr * ga, b - lr * gb
        out[:, k] = t, a, b
    theta, a, b = out
    return Trajectory(theta, a, b, original_loss(theta, inst), modified_loss(theta, a, b, inst, lam))


# ---------------------------------------------------------------- Theorem 4 on the instance
def theorem4_check(
    instance: FailureInstance,
    lam: float = 1.0,
    b_values=np.linspace(-4.0, 12.0, 65),
    a_values=np.linspace(-3.0, 3.0, 61),
    b_theta=np.linspace(-4.0, 4.0, 33),
) -> dict:
    """Numbers behind Theorem 4 at the bad minimum ``theta*``.

    Returns ``theta_star``, ``b`` and ``inf_over_a`` (``min_a L~|theta*`` at each ``b``:
    strictly decreasing towards the global value 0, never attained), ``db_reduced``
    (its exact derivative, negative everywhere: no stationary point, so no local
    minimum in ``(a, b)``), ``max_abs_dtheta`` (``max |dL~/dtheta|`` over the
    ``(a_values, b_theta)`` grid at ``theta*``: zero up to rounding since ``f'(theta*) = 0``) and
    ``max_abs_dtheta_nearby`` (the same at ``theta* + 0.05``, for contrast).
    """
    inst, lam = _instance(instance), _lam(lam)
    b_values, a_values = as_vector(b_values, "b_values"), as_vector(a_values, "a_values")
    star = locate_minima(inst).bad_theta
    A, B = np.meshgrid(a_values, as_vector(b_theta, "b_theta"))
    return dict(
        theta_star=star,
        b=b_values,
        inf_over_a=reduced_loss(star, b_values, inst, lam),
        db_reduced=reduced_gradient(star, b_values, inst, lam)[1],
        max_abs_dtheta=float(np.max(np.abs(modified_gradient(star, A, B, inst, lam)[0]))),
        max_abs_dtheta_nearby=float(np.max(np.abs(modified_gradient(star + 0.05, A, B, inst, lam)[0]))),
    )


# ---------------------------------------------------------------- analytical Examples 3-7
X1, X2 = np.array([0.5, -1.0]), np.array([1.5, 0.2])  # any x_1 != x_2 will do (||x2 - x1||^2 = 2.44)
W_FREE = np.array([0.3, 0.7])  # the free w of Examples 3 and 6


def two_sample_objective(params, f_values, y, X, lam: float, loss: str):
    """``sum_i l(f_i + a exp(w^T x_i + b), y_i) + lam a^2`` at ``params = (a, b, w)`` rows (Examples 3-7)."""
    loss, lam = _check_loss(loss), _lam(lam)
    X = as_matrix(np.atleast_2d(as_array(X, "X")), "X")
    p = np.atleast_2d(as_array(params, "params"))
    if p.ndim != 2 or p.shape[1] != 2 + X.shape[1]:
        raise ValueError(f"params must be rows (a, b, w) of 2 + {X.shape[1]} entries for X of {X.shape[1]} columns, "
                         f"got shape {np.shape(params)}.")
    f_values = as_vector(f_values, "f_values", length=len(X))
    y = [_check_target(y_i, loss) for y_i in as_vector(y, "y", length=len(X))]
    a, b, w = p[:, 0], p[:, 1], p[:, 2:]
    total = lam * a**2
    with np.errstate(over="ignore", invalid="ignore"):
        for f_i, y_i, x_i in zip(f_values, y, X):
            total = total + _loss_value(f_i + times_exp(a, w @ x_i + b), y_i, loss)
    return check_result(total, "params or X", "the objective (its neuron a exp(w x + b))")


@dataclass(frozen=True)
class SequenceResult:
    """``L~`` along an example's ``epsilon``-sequence, the closed form the paper prints, and its limit."""

    eps: np.ndarray
    value: np.ndarray  # L~ evaluated from its definition
    printed: np.ndarray  # the closed form printed in the paper
    exact: np.ndarray  # our closed form for the construction used (matches ``value``)
    paper_limit: float
    limit: float  # the exact limit of ``value`` as eps -> 0


# example: (loss, f values, y values, inputs, a(eps) printed, a(eps) corrected, printed closed form, paper's limit)
ANALYTICAL_EXAMPLES = {
    3: ("squared", (2.0,), (1.0,), (X1,), -1.0, -1.0, lambda e, lam, d: lam * np.exp(-2 / e), 0.0),
    4: ("squared", (0.0, 0.0), (1.0, -1.0), (X1, X2), 1.0, 1.0, lambda e, lam, d: (np.exp(-d / e) + 1) ** 2 + lam * np.exp(-2 / e), 1.0),
    6: ("cubic_hinge", (-1.0,), (1.0,), (X1,), -2.0, 2.0, lambda e, lam, d: lam * np.exp(-2 / e), 0.0),
    7: ("cubic_hinge", (-1.0, 1.0), (1.0, -1.0), (X1, X2), 2.0, 2.0, lambda e, lam, d: (2 + 2 * np.exp(-d / e)) ** 3 + lam * np.exp(-2 / e), 8.0),
}
"""Printed constructions: ``a = c exp(-1/eps)``, ``b = 1/eps - w^T x_1``, and (two samples)
``w = -(x_2 - x_1)/eps``.  Example 6 prints ``c = -2``, which drives the hinge the wrong way
(``L~ -> 64``); the corrected ``c = +2`` gives ``L~ = 4 lam e^{-2/eps} -> 0``, not the printed
``lam e^{-2/eps}``.  Example 7 (``c = 2``) reaches the printed limit 8, but its regulariser
term is ``4 lam e^{-2/eps}``, not the printed ``lam e^{-2/eps}``."""

EXACT = {  # closed forms derived for a = c e^{-1/eps} (u_1 = a e^{w^T x_1 + b} = c, u_2 = c e^{-d/eps})
    3: lambda e, lam, d, c: (1 + c) ** 2 + lam * c**2 * np.exp(-2 / e),
    4: lambda e, lam, d, c: (c - 1) ** 2 + (c * np.exp(-d / e) + 1) ** 2 + lam * c**2 * np.exp(-2 / e),
    6: lambda e, lam, d, c: np.maximum(0.0, 2 - c) ** 3 + lam * c**2 * np.exp(-2 / e),
    7: lambda e, lam, d, c: np.maximum(0.0, 2 - c) ** 3 + (2 + c * np.exp(-d / e)) ** 3 + lam * c**2 * np.exp(-2 / e),
}
LIMITS = {3: 0.0, 4: 1.0, 6: 0.0, 7: 8.0}  # exact limits of the corrected sequences
PRINTED_LIMITS = {6: 64.0}  # where the printed sequence's own limit differs


def printed_w_b(eps: np.ndarray, x1: np.ndarray, x2: np.ndarray | None):
    """``(w, b)`` of the printed sequences: ``b = 1/eps - w^T x_1`` with ``w = -(x_2 - x_1)/eps`` (two samples).

    With one sample ``w`` is the fixed ``W_FREE``.  With two, ``b = (1 + (x_2 - x_1)^T x_1)/eps``,
    which tends to ``+inf`` only when ``(x_2 - x_1)^T x_1 > -1``: the ``b -> inf`` that Examples 4
    and 7 print is not general, while ``||w|| -> inf`` always holds.
    """
    w = np.tile(W_FREE, (eps.size, 1)) if x2 is None else -np.outer(1 / eps, x2 - x1)
    return w, 1 / eps - w @ x1


def analytical_sequence(example: int, eps, lam: float = 1.0, construction: str = "printed") -> SequenceResult:
    """Evaluate ``L~`` along Example ``example``'s sequence (3, 4, 6 or 7) as printed or corrected.

    ``construction="printed"`` uses the paper's ``a(eps)`` verbatim; ``"corrected"`` fixes the
    sign of Example 6.  ``eps`` must lie in ``(0, 1]`` and above 0.003 (``e^{1/eps}`` overflows).
    """
    if isinstance(example, (bool, np.bool_)) or not isinstance(example, numbers.Integral) or example not in ANALYTICAL_EXAMPLES:
        raise ValueError(f"example must be one of {sorted(ANALYTICAL_EXAMPLES)}, got {example!r}.")
    if construction not in ("printed", "corrected"):
        raise ValueError(f"construction must be 'printed' or 'corrected', got {construction!r}.")
    lam = _lam(lam)
    eps = as_vector(eps, "eps")
    if np.any(eps <= 0.003) or np.any(eps > 1.0):
        raise ValueError("eps must lie in (0.003, 1]: smaller values overflow exp(1/eps).")
    loss, f, y, X, c_printed, c_corrected, printed, paper_limit = ANALYTICAL_EXAMPLES[example]
    c = c_printed if construction == "printed" else c_corrected
    X = np.array(X)
    dist2 = float(np.sum((X2 - X1) ** 2))
    w, b = printed_w_b(eps, X1, None if len(X) == 1 else X2)
    params = np.column_stack([c * np.exp(-1 / eps), b, w])
    value = two_sample_objective(params, f, y, X, lam, loss)
    limit = PRINTED_LIMITS.get(example, LIMITS[example]) if construction == "printed" else LIMITS[example]
    return SequenceResult(eps, value, printed(eps, lam, dist2), EXACT[example](eps, lam, dist2, c), paper_limit, limit)
