"""A local minimum at infinity (Theorem 4 and App. A.2 of the non-attracting-regions paper).

A sigmoid network whose last-hidden-layer biases ``u_{i,0}`` are large and whose output weights
are chosen with the signs of App. A.2: gradient descent pushes the biases to ``+inf`` while the
loss creeps down to the (suboptimal) loss of the best constant function.  The network
computations (forward pass, loss, gradient) come from :mod:`lossland.core.sigmoid_nets`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import sigmoid_nets as nets
from lossland.core.validation import (
    as_vector, check_dataset, check_positive, check_work,
)

__all__ = ["InfinityInstance", "theorem4_instance", "InfinityRun", "descend_to_infinity", "fitted_step", "theorem4_expansion"]


@dataclass(frozen=True)
class InfinityInstance:
    """A one-hidden-layer sigmoid network with a local minimum at infinity (proof of Theorem 4).

    Attributes
    ----------
    arch : ``sigmoid_nets.Architecture((d, 2, 1), bias=True)``; the output bias is held at 0
        (App. A.2 has ``f = sum_i v_i sigma(...)``), see :attr:`free`.
    X, y : the data, shapes (N, d) and (N,).
    theta0 : starting parameters: hidden biases ``u_{i,0} = bias0``, hidden weights
        ``u^<``, ``u^>`` of Lemma A.2, output weights ``v`` with ``sum v = c`` and
        ``v_i phi_i < 0``.
    c : mean target, the best constant (the network's value when all ``u_{i,0} = inf``).
    phi : ``phi_i = sum_a (c - y_a) exp(-u_i . x_a)`` for the two hidden neurons.
    limit_loss : ``sum_a (y_a - c)^2``, the loss at the minimum at infinity (summed, no 1/2).
    free : boolean mask of the parameters gradient descent may move (all but the output bias).
    """

    arch: object
    X: np.ndarray
    y: np.ndarray
    theta0: np.ndarray
    c: float
    phi: np.ndarray
    limit_loss: float
    free: np.ndarray

    def hidden_bias(self, theta) -> np.ndarray:
        """The two last-hidden-layer biases ``u_{i,0}`` inside ``theta``."""
        return self.arch.unpack(as_vector(theta, "theta", length=self.arch.size))[1][0]


def _check_instance(instance) -> None:
    if not isinstance(instance, InfinityInstance):
        raise TypeError(f"instance must come from theorem4_instance(), got {type(instance).__name__}.")


def _phi(d, X, u):
    """``phi(u) = sum_a d_a exp(-u . x_a)``, as ``sum_a d_a expm1(-u . x_a)`` (equal since ``sum_a d_a = 0``).

    The second form keeps its digits when ``u . x`` is tiny (data of small scale), where
    ``exp(-u . x)`` rounds to 1 and the first form to the rounding error of ``sum_a d_a``;
    inf or NaN where ``exp`` overflows (the caller then shrinks ``u``).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.sum(d * np.expm1(-X @ u)))


def theorem4_instance(X: ArrayLike | None = None, y: ArrayLike | None = None, bias0: float = 6.0, weight: float = 10.0, spread: float = 10.0) -> InfinityInstance:
    """Build App. A.2's local minimum at infinity for data ``(X, y)`` (one hidden layer, two neurons).

    Steps of the proof, as printed: ``c = mean(y)``, ``d_a = c - y_a``; pick a coordinate
    ``r`` with ``sum_a d_a x_{a,r} != 0`` (the "mild condition"); Lemma A.2 gives
    ``u^> = s e_r`` with ``phi(u^>) > 0`` and ``u^< = -s e_r`` with ``phi(u^<) < 0``;
    output weights ``v_< > 0``, ``v_> < 0`` with ``v_< + v_> = c``.  Then the term (*)
    ``= -sum_i v_i p_i phi_i + O(p^2)`` is positive, ``p_i = exp(-u_{i,0})``.

    Lemma A.2 only needs *some* ``u`` with the right sign of ``phi``; we start from
    ``|u_r| = weight`` and halve it until the signs hold, and take ``|v| ~ spread``.  The tests
    are relative to the data's scale, so the construction is invariant under ``X -> cX``
    (``c > 0``) with ``weight -> weight / c``: it gives ``u / c`` and the same network outputs, as the
    theory says; for data of large scale the halving itself brings ``u`` down to ``~1 / max|x|``.
    Large ``weight`` and ``spread`` matter for gradient descent (not for the minimum):
    at the limit the loss is flat in ``u`` and in ``v`` along ``sum v = c``, and gradient
    descent drifts along these flat directions by an amount proportional to the growth of
    ``u_{i,0}`` (rates ``~ max|x|`` for ``u``, ``~ 1/|v|^2`` for ``v``); once a sign condition
    breaks, the loss drops below ``limit_loss`` and the run escapes (see the tests).

    Default data: ``x = 0.1 (-1.5, -0.5, 0.5, 1.5)``, ``y = (0, 0, 1, 1)`` (a step, which a
    sigmoid fits far better than the constant 0.5).

    Parameters
    ----------
    X, y : data, shapes (N, d) and (N,); ``None`` for the default.
    bias0 : starting value of the hidden biases ``u_{i,0}`` (the "sufficiently large" of the proof).
    weight : starting ``|u_{i,r}|`` before Lemma A.2's halving.
    spread : ``|v_>|``; ``v_< = c + spread`` if ``c >= 0``.
    """
    if X is None and y is None:
        X, y = 0.1 * np.array([[-1.5], [-0.5], [0.5], [1.5]]), np.array([0.0, 0.0, 1.0, 1.0])
    X, y = check_dataset(X, y)
    bias0 = check_positive(bias0, "bias0")
    weight, spread = check_positive(weight, "weight"), check_positive(spread, "spread")
    c = float(y.mean())
    d = c - y
    moments = d @ X
    r = int(np.argmax(np.abs(moments)))
    if abs(moments[r]) <= 1e-12 * np.abs(d).sum() * np.abs(X).max():  # relative: invariant under X -> cX
        raise ValueError("the data violate App. A.2's condition sum_a (c - y_a) x_{a,r} != 0 for every r "
                         "(e.g. constant targets y): there is no suboptimal minimum at infinity to build.")
    e = np.zeros(X.shape[1])
    e[r] = 1.0
    s = -np.sign(moments[r])  # d phi / d u_r (0) = -moments[r]: phi(s t e_r) > 0 for small t > 0
    t = weight
    while not (np.inf > _phi(d, X, s * t * e) > 0 > _phi(d, X, -s * t * e) > -np.inf):  # finite, of opposite signs
        t /= 2.0  # exact: for data cX the same halvings give u / c (up to a power of 2 in c)
        if t * np.abs(X).max() < 1e-8:  # pragma: no cover - Lemma A.2 guarantees a small enough t
            raise RuntimeError("Lemma A.2: no sign change found.")
    u_less, u_greater = -s * t * e, s * t * e
    phi = np.array([_phi(d, X, u_less), _phi(d, X, u_greater)])
    v = np.array([max(c, 0.0) + spread, min(c, 0.0) - spread])  # v_< > 0, v_> < 0, sum = c
    arch = nets.Architecture((X.shape[1], 2, 1), bias=True)
    theta0 = arch.pack([np.vstack([u_less, u_greater]), v[None, :]], [np.full(2, bias0), np.zeros(1)])
    free = np.ones(arch.size, dtype=bool)
    free[-1] = False
    return InfinityInstance(arch, X, y, theta0, c, phi, float(np.sum((y - c) ** 2)), free)


@dataclass(frozen=True)
class InfinityRun:
    """Gradient descent towards the minimum at infinity, recorded at ``steps``.

    Attributes
    ----------
    steps : iteration numbers recorded.
    loss : total loss there.
    norm : Euclidean norm of all parameters.
    hidden_bias : (len(steps), 2) the biases ``u_{i,0}``.
    theta : final parameters.
    """

    steps: np.ndarray
    loss: np.ndarray
    norm: np.ndarray
    hidden_bias: np.ndarray
    theta: np.ndarray


def descend_to_infinity(instance: InfinityInstance, lr: float = 0.05, steps: int = 20000, records: int = 200) -> InfinityRun:
    """Plain gradient descent (exact gradient of :mod:`lossland.core.sigmoid_nets`) from ``instance.theta0``.

    Near the minimum at infinity ``L - L_inf ~ kappa p`` with ``p = exp(-u_0)``, so gradient
    descent gives ``u_0 ~ log(t)`` and ``L - L_inf ~ 1/t``: the biases diverge slowly while
    the loss creeps down to ``limit_loss`` and never below it.
    """
    _check_instance(instance)
    lr = check_positive(lr, "lr")
    steps = check_positive(steps, "steps", integer=True)
    records = check_positive(records, "records", integer=True)
    theta = instance.theta0.copy()
    arch, X, y, free = instance.arch, instance.X, instance.y, instance.free
    check_work(steps, "steps", 10.0 * theta.size * len(X), "gradient step (one backpropagation)")
    # Records beyond steps + 1 could only repeat iterations (they are made unique): at most steps + 1 points.
    at = np.unique(np.round(np.geomspace(1, steps + 1, min(records, steps + 1))).astype(int) - 1)
    out_loss, out_norm, out_bias, k_rec = [], [], [], 0
    for k in range(steps + 1):
        if k == at[k_rec]:
            out_loss.append(nets.loss(arch, theta, X, y))
            out_norm.append(np.linalg.norm(theta))
            out_bias.append(arch.unpack(theta)[1][0].copy())
            k_rec = min(k_rec + 1, len(at) - 1)
        if k < steps:
            theta = theta - lr * free * nets.backprop(arch, theta, X, y)
    return InfinityRun(at, np.array(out_loss), np.array(out_norm), np.array(out_bias), theta)


def fitted_step(instance: InfinityInstance, sharpness: float = 8.0) -> np.ndarray:
    """Finite parameters that beat the minimum at infinity (it is suboptimal).

    One hidden neuron ``sigma(k (x_r - m))`` along the coordinate of App. A.2, output weights and
    bias by least squares on ``[sigma(...), 1]``; returns parameters (free output bias set too).
    """
    _check_instance(instance)
    sharpness = check_positive(sharpness, "sharpness")
    X, y = instance.X, instance.y
    u = instance.arch.unpack(instance.theta0)[0][0][1]
    direction = u / np.linalg.norm(u)
    proj = X @ direction
    h = nets.sigmoid(sharpness * (proj - np.median(proj)))
    coef, *_ = np.linalg.lstsq(np.column_stack([h, np.ones_like(h)]), y, rcond=None)
    return instance.arch.pack([np.vstack([sharpness * direction, np.zeros_like(direction)]), np.array([[coef[0], 0.0]])],
                              [np.array([-sharpness * np.median(proj), 0.0]), np.array([coef[1]])])


def theorem4_expansion(instance: InfinityInstance, ps, theta: ArrayLike | None = None) -> dict:
    """The expansion in :math:`p = e^{-u_0}` behind Theorem 4 (App. A.2), exact loss beside its first-order term.

    With both hidden biases set to :math:`u_{i,0} = -\\log p` (other parameters from ``theta``,
    default ``instance.theta0``) and :math:`\\sum_i v_i = c`, a sigmoid expands as
    :math:`1/(1 + p\\,e^{-u_i x}) = 1 - p\\,e^{-u_i x} + O(p^2)`, so
    :math:`f(x_\\alpha) = c + \\epsilon_\\alpha` with :math:`\\epsilon_\\alpha = -p \\sum_i v_i e^{-u_i x_\\alpha} + O(p^2)`, and

    .. math::
        \\mathcal L - \\mathcal L_\\infty = \\sum_\\alpha \\epsilon_\\alpha^2 + 2 \\sum_\\alpha \\epsilon_\\alpha (c - y_\\alpha)
        = \\kappa\\, p + O(p^2), \\qquad \\kappa = -2 \\sum_i v_i \\phi_i,
        \\quad \\phi_i = \\sum_\\alpha (c - y_\\alpha) e^{-u_i \\cdot x_\\alpha}.

    (Our loss has no 1/2, hence the 2; App. A.2 writes the loss with 1/2.)  The sign conditions
    :math:`v_i \\phi_i < 0` make :math:`\\kappa > 0`: for small ``p`` the loss lies above its value at
    ``p = 0`` (biases at infinity), a local minimum at infinity.  If a condition fails so that
    :math:`\\kappa < 0`, the loss dips below :math:`\\mathcal L_\\infty` for small ``p``.

    Parameters
    ----------
    instance : from :func:`theorem4_instance`.
    ps : values of :math:`p` in (0, 1].
    theta : parameters whose weights and output weights are used (biases are replaced); the output
        weights must sum to ``instance.c``.

    Returns
    -------
    dict with ``p``, ``excess`` (exact :math:`\\mathcal L - \\mathcal L_\\infty`), ``linear`` (:math:`\\kappa p`),
    ``kappa``, ``phi`` (:math:`\\phi_i`) and ``v`` (output weights).
    """
    _check_instance(instance)
    ps = as_vector(ps, "ps")
    if np.any(ps <= 0) or np.any(ps > 1):
        raise ValueError("ps must lie in (0, 1]: p = exp(-u_0) for a hidden bias u_0 >= 0.")
    theta = instance.theta0 if theta is None else as_vector(theta, "theta", length=instance.arch.size)
    arch, X, y, c = instance.arch, instance.X, instance.y, instance.c
    weights, biases = arch.unpack(theta)
    U, v = weights[0], weights[1][0]
    if abs(v.sum() - c) > 1e-9 * max(1.0, abs(c), np.abs(v).sum()) or biases[1][0] != 0.0:
        raise ValueError(f"theta's output weights must sum to c = {c:g} with output bias 0 (App. A.2), "
                         f"got sum {v.sum():g} and bias {biases[1][0]:g}.")
    phi = np.array([_phi(c - y, X, u) for u in U])
    excess = np.array([nets.loss(arch, arch.pack([U, v[None, :]], [np.full(len(v), -np.log(p)), np.zeros(1)]), X, y)
                       for p in ps]) - instance.limit_loss
    kappa = float(-2.0 * v @ phi)
    return {"p": ps, "excess": excess, "linear": kappa * ps, "kappa": kappa, "phi": phi, "v": v.copy()}
