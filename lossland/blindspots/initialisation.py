"""Blind spots of rectifier networks: Propositions 4 and 5 of Swirszcz, Czarnecki & Pascanu.

G. Swirszcz, W. M. Czarnecki & R. Pascanu, *Local minima in training of deep networks*
(2016), Sec. 3.2, Fig. 6 and Appendices B.1, B.2.

* **Proposition 4** (App. B.1).  A whitened, linearly separable dataset: ``N - 1`` points with
  all features negative and one outlier ``x*`` with all features positive.  If every weight of a
  ``d - h - ... - h - 1`` ReLU network with zero biases is positive, every hidden unit is dead on
  the ``N - 1`` points, and gradient descent on the log loss never revives them.  Eq. (3):

  .. math:: P(\\mathbf W > 0) = \\Phi(\\mu/\\sigma)^{dh + (L-1)h^2 + h}

  for weights :math:`N(\\mu, \\sigma^2)` and ``L`` hidden layers of ``h`` units.
* **Proposition 5** (App. B.2).  With :math:`E[w] = E[b] = 0`, a hidden layer ``j > 1`` whose
  weights are all negative and biases non-positive outputs its biases for every input, so

  .. math:: P(\\text{fail}) \\ge 1 - \\bigl(1 - F_b(0)^h F_W(0)^{h^2}\\bigr)^{k-1}.

  (The printed formula has an unbalanced bracket and the line before it writes
  :math:`P(\\forall_j b_j > 0, W_j \\ge 0)` where the complement of "some layer is all
  negative" is meant; the final expression, bracketed as above, is right.)

Every Monte-Carlo routine is seeded and vectorised over the sampled networks.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq
from scipy.special import expit, log_ndtr

from lossland.core.validation import (
    as_array, as_matrix, as_vector, check_choice, check_entries, check_flag, check_positive, check_real, check_seed,
    check_width, check_work,
)

__all__ = [
    "blindspot_dataset",
    "layer_sigmas",
    "weight_count",
    "prob_all_positive",
    "mu_for_failure",
    "sample_networks",
    "forward_all",
    "monte_carlo_prop4",
    "train_logistic_relu",
    "dead_unit_share",
    "collapse_bound",
    "monte_carlo_collapse",
]

INITIALISATIONS = ("lecun", "xavier")


# ----------------------------------------------------------------------------- checks
def _check_probability(value, name: str, *, open_interval: bool = True) -> float:
    value = check_real(value, name)
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value}.")
    return float(value)


def _check_networks(Ws, bs, dim: int) -> None:
    """Weights ``(S, fan_in, fan_out)`` and biases ``(S, fan_out)`` of :func:`sample_networks`, chained from ``dim``."""
    for name, arrays in (("Ws", Ws), ("bs", bs)):
        if isinstance(arrays, (str, bytes)) or not isinstance(arrays, (list, tuple)) or len(arrays) == 0:
            raise TypeError(f"{name} must be a non-empty list of arrays from sample_networks(), got {arrays!r:.60}.")
    if len(bs) != len(Ws):
        raise ValueError(f"bs must hold one bias array per weight array ({len(Ws)}), got {len(bs)}.")
    fan_in = dim
    for l, (W, b) in enumerate(zip(Ws, bs)):
        W, b = np.asarray(W), np.asarray(b)
        if l == 0 and W.ndim == 3 and W.shape[1] != dim:
            raise ValueError(f"X has {dim} columns but Ws[0] takes {W.shape[1]} inputs.")
        if W.ndim != 3 or W.shape[1] != fan_in or W.shape[0] != np.shape(Ws[0])[0]:
            raise ValueError(f"Ws[{l}] must have shape (S, {fan_in}, fan_out), got {W.shape}.")
        if b.shape != (W.shape[0], W.shape[2]):
            raise ValueError(f"bs[{l}] must have shape {(W.shape[0], W.shape[2])}, got {b.shape}.")
        fan_in = W.shape[2]
    if fan_in != 1:
        raise ValueError(f"the last of Ws must have one output (fan_out 1), got {fan_in}.")


# ----------------------------------------------------------------------------- Prop. 4 data
def blindspot_dataset(n_points: int = 20, dim: int = 2, outlier: float = 10.0, seed: int = 0):
    """The whitened, linearly separable dataset of App. B.1 (Fig. 6 left).

    ``n_points - 1`` raw points have coordinates drawn from ``-U(0.1, 1)`` (all negative) and one
    outlier sits at ``outlier * (1, ..., 1)``; every coordinate is then standardised to mean 0
    and standard deviation 1 ("normalized (whitened)" in the paper's coordinate-wise sense).
    Labels: the outlier is 1, the others are 1 when their first feature exceeds the median of
    the cluster's first feature, so the classes are separated by a line ``x_1 = t``.

    A small ``outlier`` can let centring push cluster coordinates above 0: the construction then
    fails, which the explorer shows (check with ``(X[:-1] < 0).all()``).

    Returns
    -------
    X : (n_points, dim) array, the outlier last.
    y : (n_points,) array of 0/1 labels.
    """
    n_points = check_width(n_points, "n_points")
    if n_points < 3:
        raise ValueError(f"n_points must be at least 3 (a cluster of two and the outlier), got {n_points}.")
    dim = check_width(dim, "dim")
    check_entries(dim, "dim")
    check_entries(n_points * dim, "n_points")
    outlier = check_positive(outlier, "outlier")
    rng = np.random.default_rng(check_seed(seed))
    raw = np.vstack([-rng.uniform(0.1, 1.0, size=(n_points - 1, dim)), np.full((1, dim), outlier)])
    X = (raw - raw.mean(axis=0)) / raw.std(axis=0)
    threshold = np.median(X[:-1, 0])
    y = np.append((X[:-1, 0] > threshold).astype(float), 1.0)
    return X, y


# ----------------------------------------------------------------------------- Prop. 4, Eq. (3)
def layer_sigmas(h: int, depth: int = 1, dim: int = 2, init="lecun") -> np.ndarray:
    """Standard deviation of each weight matrix (``depth + 1`` of them) of a ``dim-h-...-h-1`` net.

    ``init``: ``"lecun"`` gives :math:`\\sigma^2 = 1/h` for all (the caption of Fig. 6),
    ``"xavier"`` gives :math:`2/(h_{in} + h_{out})`, a positive number is a fixed ``sigma``.
    """
    h, depth, dim = check_width(h, "h"), check_width(depth, "depth"), check_width(dim, "dim")
    check_entries(depth, "depth")
    sizes = [dim] + [h] * depth + [1]
    if isinstance(init, str):
        if init not in INITIALISATIONS:
            raise ValueError(f"init must be one of {INITIALISATIONS} or a positive sigma, got {init!r}.")
        if init == "lecun":
            return np.full(depth + 1, 1.0 / np.sqrt(h))
        return np.array([np.sqrt(2.0 / (a + b)) for a, b in zip(sizes[:-1], sizes[1:])])
    return np.full(depth + 1, check_positive(init, "init"))


def weight_count(h: int, depth: int = 1, dim: int = 2) -> np.ndarray:
    """Weights in each matrix: ``dim*h``, ``h*h`` (``depth - 1`` times), ``h``.  Their sum is App. B.1's exponent."""
    h, depth, dim = check_width(h, "h"), check_width(depth, "depth"), check_width(dim, "dim")
    check_entries(depth, "depth")
    return np.array([dim * h] + [h * h] * (depth - 1) + [h], dtype=float)


def prob_all_positive(mu, h: int, depth: int = 1, dim: int = 2, init="lecun", log: bool = False):
    """Eq. (3) of App. B.1: the probability that every weight is positive, :math:`\\prod_l \\Phi(\\mu/\\sigma_l)^{n_l}`.

    This is the paper's lower bound on the probability that all hidden units are dead on the
    ``N - 1`` cluster points and training never reaches zero error.  ``mu`` may be an array;
    ``log=True`` returns the natural logarithm (exact far into the tail).
    """
    mu = as_array(mu, "mu")
    log = check_flag(log, "log")
    sig, cnt = layer_sigmas(h, depth, dim, init), weight_count(h, depth, dim)
    logp = np.sum(cnt * log_ndtr(mu[..., None] / sig), axis=-1)
    return logp if log else np.exp(logp)


def mu_for_failure(h: int, depth: int = 1, dim: int = 2, init="lecun", probability: float = 0.99) -> float:
    """The weight mean ``mu`` at which Eq. (3) equals ``probability`` (Fig. 6 middle panels)."""
    probability = _check_probability(probability, "probability")
    sig = layer_sigmas(h, depth, dim, init)
    target = np.log(probability)
    f = lambda m: float(prob_all_positive(m, h, depth, dim, init, log=True)) - target
    upper = sig.max()
    while f(upper) < 0:
        upper *= 2.0
    return brentq(f, 0.0, upper, xtol=1e-12, rtol=1e-12)


# ----------------------------------------------------------------------------- sampling networks
def sample_networks(n_networks: int, h: int, depth: int, dim: int, mu: float, sigma, seed: int = 0,
                    bias_sigma: float = 0.0, bias_mu: float = 0.0):
    """Draw ``n_networks`` ReLU nets at once: lists of weight arrays ``(S, fan_in, fan_out)`` and biases ``(S, fan_out)``.

    ``sigma`` is a number or one value per weight matrix (as :func:`layer_sigmas` returns).
    Biases are ``N(bias_mu, bias_sigma^2)`` (zero when ``bias_sigma = 0`` and ``bias_mu = 0``).
    """
    n_networks = check_width(n_networks, "n_networks")
    h, depth, dim = check_width(h, "h"), check_width(depth, "depth"), check_width(dim, "dim")
    mu, bias_mu = check_real(mu, "mu"), check_real(bias_mu, "bias_mu")
    bias_sigma = check_real(bias_sigma, "bias_sigma")
    if bias_sigma < 0:
        raise ValueError(f"bias_sigma must be non-negative, got {bias_sigma}.")
    check_entries(float(depth) + n_networks * _weights_per_network(h, depth, dim), "n_networks, h, depth or dim")
    sizes = [dim] + [h] * depth + [1]
    check_entries(h * h, "h")
    check_entries(n_networks * sum(a * b for a, b in zip(sizes[:-1], sizes[1:])), "n_networks")
    if isinstance(sigma, (str, bytes)) or sigma is None or np.shape(sigma) not in ((), (depth + 1,)):
        raise TypeError(f"sigma must be a positive number or {depth + 1} of them (one per weight matrix), got {sigma!r}.")
    sig = np.broadcast_to(as_array(sigma, "sigma"), (depth + 1,))
    if not np.all(np.isfinite(sig)) or np.any(sig <= 0):
        raise ValueError(f"sigma must be positive (one number or {depth + 1} values), got {sigma!r}.")
    rng = np.random.default_rng(check_seed(seed))
    Ws = [mu + s * rng.standard_normal((n_networks, a, b)) for s, a, b in zip(sig, sizes[:-1], sizes[1:])]
    bs = [bias_mu + bias_sigma * rng.standard_normal((n_networks, b)) for b in sizes[1:]]
    return Ws, bs


def _weights_per_network(h: int, depth: int, dim: int) -> float:
    """The weights and biases of one ``dim - h x depth - 1`` network (as a float: no overflow for any depth)."""
    return float(dim) * h + (depth - 1.0) * h * h + h + depth * h + 1.0


def forward_all(X: ArrayLike, Ws, bs):
    """Forward every sampled network on ``X``: hidden activations per layer ``(S, N, h)`` and outputs ``(S, N)``."""
    X = as_matrix(X, "X")
    _check_networks(Ws, bs, X.shape[1])
    return _forward_all(X, Ws, bs)


def _forward_all(X, Ws, bs):
    a = np.broadcast_to(X, (Ws[0].shape[0],) + X.shape)
    hidden = []
    for W, b in zip(Ws[:-1], bs[:-1]):
        a = np.maximum(np.matmul(a, W) + b[:, None, :], 0.0)
        hidden.append(a)
    out = (np.matmul(a, Ws[-1]) + bs[-1][:, None, :])[..., 0]
    return hidden, out


def monte_carlo_prop4(mu: float, h: int, depth: int = 1, dim: int = 2, init="lecun", n_networks: int = 20000,
                      X: ArrayLike | None = None, seed: int = 0, chunk: int = 5000) -> dict:
    """Monte Carlo for Eq. (3), vectorised over networks (in chunks to bound memory).

    Returns the frequency of ``all weights > 0`` (Eq. 3 exactly), of ``all hidden units of the
    first layer dead on every cluster point`` (the event the bound protects; it is at least as
    frequent), its binomial standard errors and the analytic value.
    """
    seed = check_seed(seed)
    if X is None:
        X, _ = blindspot_dataset(dim=dim, seed=seed)
    X = as_matrix(X, "X", columns=check_width(dim, "dim"))
    n_networks, chunk = check_width(n_networks, "n_networks"), check_width(chunk, "chunk")
    sig = layer_sigmas(h, depth, dim, init)
    check_work(n_networks, "n_networks", 4.0 * (_weights_per_network(h, 1, dim) + len(X) * h * dim),
               f"network (h = {h} units, depth = {depth})", loop=False)
    positive = dead = 0
    for k, start in enumerate(range(0, n_networks, chunk)):
        S = min(chunk, n_networks - start)
        Ws, bs = sample_networks(S, h, depth, dim, mu, sig, seed=seed * 100_003 + k)
        positive += int(np.sum(np.all(np.stack([np.all(W > 0, axis=(1, 2)) for W in Ws]), axis=0)))
        pre = np.maximum(np.matmul(X[:-1], Ws[0]), 0.0)  # (S, N-1, h): zero biases in layer 1
        dead += int(np.sum(np.all(pre == 0.0, axis=(1, 2))))
    p_pos, p_dead = positive / n_networks, dead / n_networks
    se = lambda p: float(np.sqrt(max(p * (1 - p), 1.0 / n_networks) / n_networks))
    return dict(analytic=float(prob_all_positive(mu, h, depth, dim, init)), all_positive=p_pos,
                all_positive_se=se(p_pos), cluster_dead=p_dead, cluster_dead_se=se(p_dead), n_networks=n_networks)


def dead_unit_share(X: ArrayLike, mu: float, sigma: float, h: int = 10, depth: int = 1, n_networks: int = 200, seed: int = 0) -> dict:
    """Share of dead hidden units on the cluster points ``X[:-1]`` for sampled zero-bias nets, per layer.

    Returns ``per_layer`` (share of (network, unit) pairs silent on every cluster point), ``all_dead``
    (share of networks whose first layer is silent on the whole cluster: their cluster
    predictions are constant) and ``analytic`` (Eq. 3 for these ``mu, sigma``).
    """
    X = as_matrix(X, "X")
    if len(X) < 2:
        raise ValueError(f"X must hold the cluster points and the outlier last (at least 2 rows), got {len(X)}.")
    Ws, bs = sample_networks(n_networks, h, depth, X.shape[1], mu, check_positive(sigma, "sigma"), seed=seed)
    hidden, _ = _forward_all(X[:-1], Ws, bs)
    silent = [np.all(a == 0, axis=1) for a in hidden]       # (S, h) per layer
    return dict(per_layer=np.array([s.mean() for s in silent]), all_dead=float(np.all(silent[0], axis=1).mean()),
                analytic=float(prob_all_positive(mu, h, depth, X.shape[1], init=sigma)))


# ----------------------------------------------------------------------------- training (Prop. 4)
def train_logistic_relu(X: ArrayLike, y: ArrayLike, h: int = 10, mu: float = 1.0, sigma: float = 0.3, n_networks: int = 8,
                        steps: int = 2000, lr: float = 0.1, seed: int = 0) -> dict:
    """Full-batch gradient descent on the log loss for ``n_networks`` one-hidden-layer ReLU nets at once.

    Initialisation as in Prop. 4: weights ``N(mu, sigma^2)``, biases 0; every parameter
    (``W, b, v, c``) is trained.  Returns the training error after each step ``(steps + 1, S)``,
    the final loss, the fraction of dead (unit, cluster point) pairs at the end, and whether
    each net started with all weights positive.
    """
    X = as_matrix(X, "X")
    y = as_vector(y, "y", length=X.shape[0])
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold 0/1 labels.")
    steps, h = check_width(steps, "steps"), check_width(h, "h")
    lr = check_positive(lr, "lr")
    sigma = check_positive(sigma, "sigma")
    Ws, bs = sample_networks(n_networks, h, 1, X.shape[1], mu, sigma, seed=seed)
    check_work(steps, "steps", 12.0 * len(Ws[0]) * X.shape[0] * h * (X.shape[1] + 1))  # full batch, all networks
    W, v = Ws[0], Ws[1][..., 0]                      # (S, d, h), (S, h)
    b, c = bs[0], bs[1][:, 0]                          # (S, h), (S,)
    started_positive = np.all(W > 0, axis=(1, 2)) & np.all(v > 0, axis=1)
    N = X.shape[0]
    errors = np.empty((steps + 1, W.shape[0]))
    for t in range(steps + 1):                         # loop over time only; all networks at once
        pre = np.matmul(X, W) + b[:, None, :]          # (S, N, h)
        act = np.maximum(pre, 0.0)
        z = np.einsum("snh,sh->sn", act, v) + c[:, None]
        errors[t] = np.mean((z > 0) != (y > 0.5), axis=1)
        if t == steps:
            break
        g = (expit(z) - y) / N                         # dL/dz, (S, N)
        gact = g[..., None] * v[:, None, :] * (pre > 0)
        W -= lr * np.matmul(np.swapaxes(X, 0, 1)[None], gact)
        b -= lr * gact.sum(axis=1)
        v -= lr * np.einsum("sn,snh->sh", g, act)
        c -= lr * g.sum(axis=1)
    loss = np.mean(np.logaddexp(0.0, z) - y * z, axis=1)
    dead = np.mean(np.matmul(X[:-1], W) + b[:, None, :] <= 0, axis=(1, 2))
    return dict(errors=errors, loss=loss, dead_share=dead, started_positive=started_positive)


# ----------------------------------------------------------------------------- Prop. 5
def collapse_bound(depth, h: int, bias: str = "normal") -> np.ndarray:
    """App. B.2's lower bound on P(network constant on the data) with ``depth`` hidden layers of ``h`` units.

    .. math:: 1 - \\bigl(1 - F_b(0)^h F_W(0)^{h^2}\\bigr)^{k-1}, \\quad F_W(0) = 1/2,

    with :math:`F_b(0) = 1/2` for symmetric random biases (``bias="normal"``) and 1 for zero
    biases (``bias="zero"``).  ``depth`` may be an array of integers >= 1.
    """
    h = check_width(h, "h")
    check_choice(bias, "bias", ("normal", "zero"))
    k = np.asarray(depth)
    if k.dtype.kind not in "iu" or np.any(k < 1):
        raise ValueError(f"depth must hold integers >= 1, got {depth!r}.")
    log_q = -np.log(2.0) * (h * h + (h if bias == "normal" else 0))
    return -np.expm1((k - 1) * np.log1p(-np.exp(log_q)))


def monte_carlo_collapse(depth: int, h: int, X: ArrayLike | None = None, n_networks: int = 20000, bias: str = "normal",
                         seed: int = 0, chunk: int = 5000) -> dict:
    """Monte Carlo for Prop. 5 with weights ``N(0, 1/fan_in)`` and biases ``N(0, 1)`` (or 0), vectorised over networks.

    Returns the frequencies of the bound's event (some layer ``j > 1`` with all weights < 0 and
    biases <= 0), of a hidden layer dead on every data point, and of an output constant on the
    data (all three with standard errors), and the analytic bound.
    """
    depth, h, seed = check_width(depth, "depth"), check_width(h, "h"), check_seed(seed)
    check_choice(bias, "bias", ("normal", "zero"))
    if X is None:
        X = np.random.default_rng(seed).standard_normal((20, 2))
    X = as_matrix(X, "X")
    n_networks, chunk = check_width(n_networks, "n_networks"), check_width(chunk, "chunk")
    dim = X.shape[1]
    check_work(n_networks, "n_networks", 4.0 * (_weights_per_network(h, depth, dim) + len(X) * h * (dim + depth * h)),
               f"network (h = {h} units, depth = {depth})", loop=False)
    sig = np.sqrt(1.0 / np.array([dim] + [h] * depth, dtype=float))
    counts = np.zeros(3)
    for k, start in enumerate(range(0, n_networks, chunk)):
        S = min(chunk, n_networks - start)
        Ws, bs = sample_networks(S, h, depth, dim, 0.0, sig, seed=seed * 100_003 + k,
                                 bias_sigma=1.0 if bias == "normal" else 0.0)
        event = np.zeros(S, bool)
        for W, b in zip(Ws[1:-1], bs[1:-1]):
            event |= np.all(W < 0, axis=(1, 2)) & np.all(b <= 0, axis=1)
        hidden, out = _forward_all(X, Ws, bs)
        dead_layer = np.any(np.stack([np.all(a == 0, axis=(1, 2)) for a in hidden]), axis=0)
        scale = np.maximum(np.abs(out).max(axis=1), 1.0)
        constant = np.ptp(out, axis=1) <= 1e-12 * scale
        counts += [event.sum(), dead_layer.sum(), constant.sum()]
    p = counts / n_networks
    se = np.sqrt(np.maximum(p * (1 - p), 1.0 / n_networks) / n_networks)
    return dict(analytic=float(collapse_bound(np.array([depth]), h, bias)[0]), bound_event=float(p[0]),
                bound_event_se=float(se[0]), dead_layer=float(p[1]), dead_layer_se=float(se[1]), constant=float(p[2]),
                constant_se=float(se[2]), n_networks=n_networks)
