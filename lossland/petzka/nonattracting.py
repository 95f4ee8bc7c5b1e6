"""Non-attracting regions of local minima (Petzka & Sminchisescu, JMLR 2021).

Three constructions of the paper, each small enough to hold in one's head:

1. **Definition 1 / Fig. 1** - the toy surface ``f(x, y) = x^2 (1 - y^2)``.
   Its minima ``R = {x = 0, |y| < 1}`` (value ``c = 0``) form a
   *non-attracting* region: from ``(0, y0)`` the path that first slides along
   ``y`` to ``|y| > 1`` (loss stays 0) and then moves in ``x`` (loss
   ``x^2 (1 - y^2) < 0``) never increases the loss and ends below ``c``.
   The counterpart ``x^2 (1 + y^2)`` is ``>= 0`` everywhere, so its region of
   minima (the whole ``y`` axis) is attracting: no path can go below 0.
2. **Theorem 4 / App. A.2** - a *local minimum at infinity*: a sigmoid network
   whose last-hidden-layer biases ``u_{i,0}`` are large and whose output weights
   are chosen with the signs of App. A.2; gradient descent then pushes the
   biases to ``+inf`` while the loss creeps down to the (suboptimal) loss of the
   best constant function.
3. **Theorem 5 / Lemmas 16-20 / Fig. 4** - an explicit non-increasing path to a
   global minimum for an extremely wide network (``n_{l*} >= N``, widths
   non-increasing after ``l*``): the output moves on the straight line
   ``z + t (y - z)`` and every layer is pulled along by Lemmas 17-19.

The network computations (forward pass, loss, gradient) come from
:mod:`lossland.core.sigmoid_nets`; the toy surfaces need no network.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lossland.core.validation import (
    as_array, as_matrix, as_vector, check_dataset, check_entries, check_positive, check_real, check_result,
    check_seed,
)

__all__ = [
    "TOY_KINDS", "toy_loss", "toy_gradient", "ToyPath", "escape_path", "ToyDescent", "toy_descent",
    "outcome_map", "InfinityInstance", "theorem4_instance", "InfinityRun", "descend_to_infinity", "fitted_step",
    "theorem4_expansion",
    "lemma16_conditions", "lemma16_perturb", "WidePath", "theorem5_instance", "theorem5_path",
]

# ---------------------------------------------------------------- 1. Definition 1 / Fig. 1
TOY_KINDS = ("nonattracting", "attracting")


def _kind(kind: str) -> float:
    if kind not in TOY_KINDS:
        raise ValueError(f"kind must be one of {TOY_KINDS}, got {kind!r}.")
    return -1.0 if kind == "nonattracting" else 1.0


def _coordinates(x, y) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as finite arrays broadcast against each other."""
    x, y = as_array(x, "x"), as_array(y, "y")
    try:
        return np.broadcast_arrays(x, y)
    except ValueError:
        raise ValueError(f"x and y must broadcast against each other, got shapes {x.shape} and {y.shape}.") from None


def toy_loss(x, y, kind: str = "nonattracting"):
    """The surfaces of Fig. 1.

    .. math::

        f_{\\mathrm{non}}(x, y) = x^2 (1 - y^2), \\qquad f_{\\mathrm{att}}(x, y) = x^2 (1 + y^2).

    Parameters
    ----------
    x, y : coordinates (broadcast against each other).
    kind : ``"nonattracting"`` (Fig. 1 left) or ``"attracting"`` (Fig. 1 right).
    """
    return _toy_loss(*_coordinates(x, y), _kind(kind))


def _toy_loss(x: np.ndarray, y: np.ndarray, s: float) -> np.ndarray:
    """:func:`toy_loss` on checked input, ``s = -1`` (non-attracting) or ``+1``."""
    return x**2 * (1.0 + s * y**2)


def _toy_gradient(x: np.ndarray, y: np.ndarray, s: float) -> np.ndarray:
    """:func:`toy_gradient` on checked input."""
    return np.stack([2.0 * x * (1.0 + s * y**2), 2.0 * s * x**2 * y], axis=-1)


def toy_gradient(x, y, kind: str = "nonattracting"):
    """Exact gradient ``(df/dx, df/dy)`` of :func:`toy_loss`, stacked on the last axis."""
    return _toy_gradient(*_coordinates(x, y), _kind(kind))


@dataclass(frozen=True)
class ToyPath:
    """A path in the plane and the loss along it.

    Attributes
    ----------
    points : (n, 2) array of ``(x, y)``.
    loss : (n,) loss at each point.
    corner : index of the point where the path turns from the ``y`` leg to the ``x`` leg.
    """

    points: np.ndarray
    loss: np.ndarray
    corner: int

    @property
    def non_increasing(self) -> bool:
        """True if the loss never rises along the path (up to 1e-12)."""
        return bool(np.all(np.diff(self.loss) <= 1e-12))


def escape_path(y0: float = 0.5, kind: str = "nonattracting", y_exit: float = 1.5, x_end: float = 1.0, n: int = 201) -> ToyPath:
    """The non-increasing path of Definition 1 out of ``R = {x = 0, |y| < 1}``.

    Leg 1: ``(0, y0) -> (0, y_exit sign(y0))`` (loss stays ``c = 0`` on the ``y`` axis);
    leg 2: ``-> (x_end, y_exit sign(y0))``, where ``f = x^2 (1 - y_exit^2) < 0``.
    On the attracting surface the same path climbs in leg 2 (``f = x^2 (1 + y_exit^2)``).

    Parameters
    ----------
    y0 : start on the region of minima, ``|y0| < 1``.
    kind : which surface to evaluate the loss on.
    y_exit : ``|y|`` reached by leg 1; must exceed 1.
    x_end : final ``x`` (non-zero).
    n : number of points (at least 3).
    """
    y0 = check_real(y0, "y0")
    if abs(y0) >= 1.0:
        raise ValueError(f"y0 must lie on the region of minima, |y0| < 1, got {y0}.")
    y_exit = check_positive(y_exit, "y_exit")
    if y_exit <= 1.0:
        raise ValueError(f"y_exit must exceed 1 (where 1 - y^2 < 0), got {y_exit}.")
    x_end = check_real(x_end, "x_end")
    if x_end == 0.0:
        raise ValueError("x_end must be non-zero: the second leg has to leave the y axis.")
    n = check_positive(n, "n", integer=True)
    if n < 3:
        raise ValueError(f"n must be at least 3 points, got {n}.")
    check_entries(2 * n, "n")
    sign = 1.0 if y0 >= 0 else -1.0
    n1 = n // 2 + 1
    leg1 = np.column_stack([np.zeros(n1), np.linspace(y0, sign * y_exit, n1)])
    leg2 = np.column_stack([np.linspace(0.0, x_end, n - n1 + 1)[1:], np.full(n - n1, sign * y_exit)])
    points = np.vstack([leg1, leg2])
    return ToyPath(points=points, loss=toy_loss(points[:, 0], points[:, 1], kind), corner=n1 - 1)


@dataclass(frozen=True)
class ToyDescent:
    """Gradient descent on a toy surface from many starts at once.

    Attributes
    ----------
    starts : (m, 2) starting points.
    path : (steps + 1, m, 2) iterates (frozen once a start has escaped).
    loss : (steps + 1, m) loss of the iterates.
    escaped : (m,) True where the loss fell below ``-escape_level`` (left ``R`` for lower loss).
    """

    starts: np.ndarray
    path: np.ndarray
    loss: np.ndarray
    escaped: np.ndarray

    @property
    def final(self) -> np.ndarray:
        return self.path[-1]


def toy_descent(starts, kind: str = "nonattracting", lr: float = 0.05, steps: int = 400, escape_level: float = 0.5) -> ToyDescent:
    """Plain gradient descent ``w <- w - lr grad f(w)`` from each start.

    On the non-attracting surface a start ``(x0, y0)`` with ``|y0| < 1`` and
    small ``x0`` ends on ``R`` (``x -> 0``, ``y`` drifts outwards a little): gradient
    descent gets stuck although a non-increasing escape path exists; starts with
    ``|y0| > 1`` run off to ``f -> -inf`` (iterates freeze once ``f < -escape_level``).
    On the attracting surface every start converges to the ``y`` axis.
    """
    starts = as_array(starts, "starts")
    if starts.ndim == 1 and starts.shape == (2,):
        starts = starts[None, :]
    if starts.ndim != 2 or starts.shape[1] != 2 or len(starts) == 0:
        raise ValueError(f"starts must have shape (m, 2) (one (x, y) per row, m >= 1), got {starts.shape}.")
    _kind(kind)
    lr = check_positive(lr, "lr")
    steps = check_positive(steps, "steps", integer=True)
    check_entries(2 * (steps + 1) * len(starts), "steps")
    escape_level = check_positive(escape_level, "escape_level")
    return _toy_descent(starts, _kind(kind), lr, steps, escape_level, "starts")


def _toy_descent(starts: np.ndarray, s: float, lr: float, steps: int, escape_level: float, name: str) -> ToyDescent:
    """:func:`toy_descent` on checked input; an iterate or loss beyond float64 is refused, naming ``name``."""
    path = np.empty((steps + 1, len(starts), 2))
    path[0] = starts
    w = starts.copy()
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            active = _toy_loss(w[:, 0], w[:, 1], s) > -escape_level
            w = np.where(active[:, None], w - lr * _toy_gradient(w[:, 0], w[:, 1], s), w)
            path[k + 1] = w
        loss = _toy_loss(path[..., 0], path[..., 1], s)
    check_result(path, name, "the gradient-descent iterates (they diverge)")
    check_result(loss, name, "the loss along the descent")
    return ToyDescent(starts=starts, path=path, loss=loss, escaped=loss[-1] <= -escape_level)


def outcome_map(xs, ys, kind: str = "nonattracting", lr: float = 0.05, steps: int = 400):
    """Where gradient descent from each grid start ends: ``(final_y, escaped)`` arrays of shape (len(ys), len(xs))."""
    xs, ys = as_vector(xs, "xs"), as_vector(ys, "ys")
    s, lr = _kind(kind), check_positive(lr, "lr")
    steps = check_positive(steps, "steps", integer=True)
    check_entries(2 * (steps + 1) * xs.size * ys.size, "steps")
    X, Y = np.meshgrid(xs, ys)
    run = _toy_descent(np.column_stack([X.ravel(), Y.ravel()]), s, lr, steps, 0.5, "xs or ys")
    return run.final[:, 1].reshape(X.shape), run.escaped.reshape(X.shape)


# ---------------------------------------------------------------- 2. Theorem 4 / App. A.2
def _nets():
    from lossland.core import sigmoid_nets

    return sigmoid_nets


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


def theorem4_instance(X=None, y=None, bias0: float = 6.0, weight: float = 10.0, spread: float = 10.0) -> InfinityInstance:
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
    nets = _nets()
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
    nets = _nets()
    at = np.unique(np.round(np.geomspace(1, steps + 1, records)).astype(int) - 1)
    theta = instance.theta0.copy()
    arch, X, y, free = instance.arch, instance.X, instance.y, instance.free
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
    nets = _nets()
    X, y = instance.X, instance.y
    u = instance.arch.unpack(instance.theta0)[0][0][1]
    direction = u / np.linalg.norm(u)
    proj = X @ direction
    h = nets.sigmoid(sharpness * (proj - np.median(proj)))
    coef, *_ = np.linalg.lstsq(np.column_stack([h, np.ones_like(h)]), y, rcond=None)
    return instance.arch.pack([np.vstack([sharpness * direction, np.zeros_like(direction)]), np.array([[coef[0], 0.0]])],
                              [np.array([-sharpness * np.median(proj), 0.0]), np.array([coef[1]])])


def theorem4_expansion(instance: InfinityInstance, ps, theta=None) -> dict:
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
    nets = _nets()
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


# ---------------------------------------------------------------- 3. Theorem 5 / Lemmas 16-20 / Fig. 4
def _logit(a):
    return np.log(a) - np.log1p(-a)  # sigma^{-1}: Lemma 18


def _pivots(M: np.ndarray, k: int) -> np.ndarray:
    """Indices of ``k`` linearly independent columns of ``M`` (QR with column pivoting)."""
    from scipy.linalg import qr

    return np.sort(qr(M, mode="r", pivoting=True)[1][:k])


def _check_point(arch, theta, X, wide_layer) -> tuple[np.ndarray, np.ndarray, int]:
    """``theta``, ``X`` and the hidden-layer index ``wide_layer`` checked against ``arch``."""
    nets = _nets()
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


def lemma16_conditions(arch, theta, X, wide_layer: int, tol: float = 1e-9) -> bool:
    """Lemma 16 (ii)-(iii): ``rank a^{l*} = N`` and ``w^l`` of full rank ``n_l`` for every ``l > l* + 1``."""
    theta, X, wide_layer = _check_point(arch, theta, X, wide_layer)
    return _lemma16_conditions(arch, theta, X, wide_layer, check_positive(tol, "tol"))


def _lemma16_conditions(arch, theta, X, wide_layer: int, tol: float = 1e-9) -> bool:
    nets = _nets()
    acts = nets.layer_values(arch, theta, X)[2]
    if np.linalg.matrix_rank(acts[wide_layer].T, tol=tol) < len(X):
        return False
    weights = arch.unpack(theta)[0]
    return all(np.linalg.matrix_rank(weights[l - 1], tol=tol) == arch.sizes[l] for l in range(wide_layer + 2, arch.depth + 1))


def lemma16_perturb(arch, theta, X, wide_layer: int, eps: float = 1e-3, seed: int = 0) -> np.ndarray:
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
    nets = _nets()
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


def theorem5_path(arch, theta, X, y, wide_layer: int = 1, n_t: int = 101, eps: float = 1e-3, seed: int = 0) -> WidePath:
    """Construct the non-increasing path of Theorem 5 explicitly (Lemmas 16-20, Fig. 4).

    1. Lemma 16: move ``theta`` by less than ``eps`` so that ``rank a^{l*} = N`` and later weights have full rank.
    2. Output path ``f(t) = z + t (y - z)`` (proof of Theorem 5): loss ``(1 - t)^2 ||y - z||^2``.
    3. Lemma 20, top down for each t: the output layer and every layer ``l > l* + 1`` by Lemma 19
       (scale ``w^l`` by ``lambda``, shift ``w_0^l`` by ``-delta``, ask the layer below for ``a^{l-1}(t)``),
       Lemma 18 (``n = sigma^{-1}(a)``), and layer ``l* + 1`` by Lemma 17 (weights only).
    Layers up to ``l*`` never move.  The loss is then recomputed from the parameters.
    """
    nets = _nets()
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
