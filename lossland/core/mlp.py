"""The two-hidden-layer classifier of Sec. 4.2 of the decomposition paper, in numpy.

The network has hidden layers of ``2k`` and ``k`` units with biases and a
softmax output trained with cross-entropy, mini-batches of 100 and Adam. Its
hidden units are either real ReLUs or, for the "random subglobal minima" of
Table 1, multiplications by *fixed* binary activation values (Eq. (8)):

.. math::

    h_{\\mathcal A}(x_i, \\theta) = \\operatorname{diag}(a_{i2})
        \\bigl(W_2 \\operatorname{diag}(a_{i1})(W_1 x_i + b_1) + b_2\\bigr),

one pair of masks :math:`(a_{i1}, a_{i2})` per training point :math:`x_i`.
ReLU itself is the special case :math:`a_{ij} = \\mathbb 1(\\text{pre-activation} > 0)`.

To be fast enough for a book chapter, ``R`` independent networks are stacked
along a leading axis and trained together; every array below starts with
that repeat axis. Rows are data points (``x`` is a row vector, so the code
computes ``x W + b`` with ``W`` of shape (inputs, outputs)).
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossland.core.adam import Adam
from lossland.core.validation import (
    LOOP_COST, MAX_COUNT, as_matrix, as_vector, check_callable, check_entries, check_positive, check_seeds, check_width,
    check_work,
)

__all__ = [
    "Params", "Masks", "TrainResult", "n_params", "init_params", "random_masks",
    "activation_pattern", "forward", "loss", "loss_and_grad", "accuracy", "train",
    "check_labels", "forward_cached", "log_softmax", "cross_entropy",
]


class Params(NamedTuple):
    """Weights of ``R`` stacked networks (first axis = repeat).

    Shapes: ``W1`` (R, n_in, 2k), ``b1`` (R, 2k), ``W2`` (R, 2k, k), ``b2`` (R, k),
    ``W3`` (R, k, n_classes), ``b3`` (R, n_classes).
    """

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    W3: np.ndarray
    b3: np.ndarray


class Masks(NamedTuple):
    """Fixed activation values of Eq. (8): ``a1`` (R, N, 2k) and ``a2`` (R, N, k), 0 or 1."""

    a1: np.ndarray
    a2: np.ndarray


class TrainResult(NamedTuple):
    """Trained weights and the mean mini-batch loss of every epoch, shape (epochs, R)."""

    params: Params
    losses: np.ndarray


def n_params(n_in: int, k: int, n_classes: int) -> int:
    """Number of weights and biases of one network.

    .. math:: 2k(n_{in} + 1) + k(2k + 1) + n_{classes}(k + 1)
    """
    n_in, k = check_width(n_in, "n_in"), check_width(k, "k")
    n_classes = check_width(n_classes, "n_classes")
    return 2 * k * (n_in + 1) + k * (2 * k + 1) + n_classes * (k + 1)


def init_params(n_in: int, k: int, n_classes: int, *, repeats: int = 1,
                seed: int | Sequence[int] = 0, dtype: type = np.float64) -> Params:
    """He-style initialisation of ``repeats`` independent networks.

    Hidden weights are drawn from :math:`N(0, 2/\\text{fan-in})` (He et al., 2015),
    the output weights from :math:`N(0, 1/k)`; biases start at zero.

    Parameters
    ----------
    n_in : number of inputs (pixels).
    k : width of the second hidden layer; the first has ``2k`` units.
    n_classes : number of softmax outputs.
    repeats : number of stacked networks ``R``.
    seed : seed of ``numpy.random.default_rng``.
    dtype : floating-point type of the weights (``numpy.float32`` trains several
        times faster; ``numpy.float64`` is for gradient checks).
    """
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"dtype must be numpy.float32 or numpy.float64, got {dtype!r}.")
    n_in, k = check_width(n_in, "n_in"), check_width(k, "k")
    n_classes = check_width(n_classes, "n_classes")
    repeats = check_positive(repeats, "repeats", integer=True)
    check_entries(float(repeats) * (2 * k * (n_in + k + 2) + n_classes * (k + 1)), "n_in, k, n_classes or repeats")
    rng = np.random.default_rng(check_seeds(seed))
    sizes = [(n_in, 2 * k, 2.0), (2 * k, k, 2.0), (k, n_classes, 1.0)]
    arrays = []
    for fan_in, fan_out, gain in sizes:
        scale = np.sqrt(gain / fan_in)
        arrays.append(rng.normal(0.0, scale, size=(repeats, fan_in, fan_out)).astype(dtype))
        arrays.append(np.zeros((repeats, fan_out), dtype=dtype))
    return Params(*arrays)


def random_masks(n_points: int, k: int, *, repeats: int = 1,
                 seed: int | Sequence[int] = 0) -> Masks:
    """Activation values fixed at random, :math:`P(a=1) = P(a=0) = 1/2` (Sec. 4.2).

    Returns boolean masks: ``a1`` of shape (repeats, n_points, 2k) and
    ``a2`` of shape (repeats, n_points, k), one independent draw per point and repeat.
    """
    n_points = check_positive(n_points, "n_points", integer=True)
    k = check_width(k, "k")
    repeats = check_positive(repeats, "repeats", integer=True)
    check_entries(3.0 * repeats * n_points * k / 8, "n_points, k or repeats")  # bools: 8 to a float's bytes
    rng = np.random.default_rng(check_seeds(seed))
    return Masks(rng.integers(0, 2, size=(repeats, n_points, 2 * k), dtype=bool),
                 rng.integers(0, 2, size=(repeats, n_points, k), dtype=bool))


def _check_params(params) -> Params:
    if not isinstance(params, Params):
        raise TypeError(f"params must be a lossland.core.mlp.Params (from init_params or train), "
                        f"got {type(params).__name__}.")
    W1 = np.asarray(params.W1)
    if W1.ndim != 3:
        raise ValueError(f"params.W1 must have shape (repeats, n_in, 2k), got {W1.shape}.")
    (repeats, n_in, two_k), k = W1.shape, W1.shape[2] // 2
    n_classes = np.shape(params.b3)[-1] if np.ndim(params.b3) else 0
    shapes = {"W1": (repeats, n_in, 2 * k), "b1": (repeats, 2 * k), "W2": (repeats, 2 * k, k), "b2": (repeats, k),
              "W3": (repeats, k, n_classes), "b3": (repeats, n_classes)}
    for name, shape in shapes.items():
        array = np.asarray(getattr(params, name))
        if array.shape != shape or array.dtype.kind != "f":
            raise ValueError(f"params does not fit one network: params.{name} must be a float array of shape {shape} "
                             f"(layers 2k = {two_k}, k = {k}), got {array.dtype} {array.shape}; use init_params.")
        if not np.all(np.isfinite(array)):
            raise ValueError(f"params.{name} contains NaN or infinite weights: training diverged; "
                             "retrain with a smaller lr.")
    return params


def _check_inputs(params: Params, X) -> np.ndarray:
    return as_matrix(X, "X", columns=params.W1.shape[1]).astype(params.W1.dtype, copy=False)


def check_labels(y, n_points: int, n_classes: int | None = None) -> np.ndarray:
    """``y`` as ``n_points`` whole-number class labels ``0 .. n_classes - 1``; a ValueError naming ``y`` otherwise."""
    y = as_vector(y, "y", length=n_points)
    too_many = MAX_COUNT if n_classes is None else n_classes
    if np.any(y != np.round(y)) or y.min() < 0 or y.max() >= too_many:
        allowed = "0, 1, 2, ..." if n_classes is None else f"0..{n_classes - 1}"
        raise ValueError(f"y must hold integer class labels {allowed}, "
                         f"got values in [{y.min()}, {y.max()}].")
    return y.astype(np.int64)


def _check_masks(params: Params, masks, n_points: int) -> Masks | None:
    if masks is None:
        return None
    if not isinstance(masks, tuple) or len(masks) != 2:
        raise TypeError("masks must be a pair (a1, a2), e.g. from random_masks, or None for ReLU.")
    repeats, k = params.W2.shape[0], params.W2.shape[2]
    checked = []
    for name, a, width in (("masks.a1", masks[0], 2 * k), ("masks.a2", masks[1], k)):
        a = np.asarray(a)
        if a.shape != (repeats, n_points, width):
            raise ValueError(f"{name} must have shape (repeats, n_points, units) = "
                             f"{(repeats, n_points, width)}, got {a.shape}.")
        if not np.all((a == 0) | (a == 1)):
            raise ValueError(f"{name} must hold activation values 0 or 1 only (Eq. 8).")
        checked.append(a.astype(bool))
    return Masks(*checked)


def forward_cached(params: Params, X: np.ndarray, masks: Masks | None):
    """Logits and the cache backprop needs. ``X`` is (N, n_in) or (R, N, n_in)."""
    W1, b1, W2, b2, W3, b3 = params
    z1 = X @ W1 + b1[:, None, :]
    a1 = z1 > 0 if masks is None else masks.a1
    h1 = z1 * a1
    z2 = h1 @ W2 + b2[:, None, :]
    a2 = z2 > 0 if masks is None else masks.a2
    h2 = z2 * a2
    logits = h2 @ W3 + b3[:, None, :]
    return logits, (a1, h1, a2, h2)


def _logits(params: Params, X: np.ndarray, masks: Masks | None, block: int = 4096) -> np.ndarray:
    """Logits (R, N, n_classes), computed ``block`` points at a time to bound memory."""
    parts = []
    for s in range(0, X.shape[0], block):
        part = None if masks is None else Masks(masks.a1[:, s:s + block], masks.a2[:, s:s + block])
        parts.append(forward_cached(params, X[s:s + block], part)[0])
    return np.concatenate(parts, axis=1)


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Log-probabilities of the softmax over the last axis of (R, N, classes) logits, shifted by the row maximum so that no exp overflows."""
    shifted = logits - logits.max(axis=2, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))


def cross_entropy(log_p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean cross-entropy :math:`-\\frac1N\\sum_i \\log p_{i, y_i}` of each of R networks (R,), from :func:`log_softmax`."""
    y = np.broadcast_to(y, log_p.shape[:2])[..., None]
    return -np.take_along_axis(log_p, y, axis=2)[..., 0].mean(axis=1)


def _loss_and_grad(params: Params, X: np.ndarray, y: np.ndarray, masks: Masks | None):
    """Mean cross-entropy of each network and its exact gradient (backprop)."""
    logits, (a1, h1, a2, h2) = forward_cached(params, X, masks)
    log_p = log_softmax(logits)
    loss = cross_entropy(log_p, y)
    d_logits = np.exp(log_p)  # dL/dlogits = (softmax - one-hot) / N
    y = np.broadcast_to(y, logits.shape[:2])[..., None]
    np.put_along_axis(d_logits, y, np.take_along_axis(d_logits, y, axis=2) - 1.0, axis=2)
    d_logits /= logits.shape[1]
    W1, b1, W2, b2, W3, b3 = params
    d_z2 = (d_logits @ W3.transpose(0, 2, 1)) * a2
    d_z1 = (d_z2 @ W2.transpose(0, 2, 1)) * a1
    grads = Params(
        np.swapaxes(X, -1, -2) @ d_z1, d_z1.sum(axis=1),
        h1.transpose(0, 2, 1) @ d_z2, d_z2.sum(axis=1),
        h2.transpose(0, 2, 1) @ d_logits, d_logits.sum(axis=1),
    )
    return loss, grads


def forward(params: Params, X: ArrayLike, masks: Masks | None = None) -> NDArray[np.floating]:
    """Logits of every network for every point, shape (R, N, n_classes).

    Parameters
    ----------
    params : weights from :func:`init_params` or :func:`train`.
    X : inputs, shape (N, n_in).
    masks : ``None`` for the real ReLU network; otherwise fixed activation values of
        shape (R, N, 2k) and (R, N, k), one row per point of ``X`` (Eq. (8)).
    """
    params = _check_params(params)
    X = _check_inputs(params, X)
    return _logits(params, X, _check_masks(params, masks, X.shape[0]))


def activation_pattern(params: Params, X: ArrayLike) -> Masks:
    """The ReLU network's own activation values :math:`\\mathbb 1(z > 0)` at each point of ``X``.

    Feeding them back as ``masks`` reproduces the ReLU network exactly: ReLU is
    Eq. (8) with the activation values its own pre-activations select.
    """
    params = _check_params(params)
    X = _check_inputs(params, X)
    _, (a1, _, a2, _) = forward_cached(params, X, None)
    return Masks(a1, a2)


def loss(params: Params, X: ArrayLike, y: ArrayLike, masks: Masks | None = None) -> NDArray[np.floating]:
    """Mean cross-entropy of each network, shape (R,).

    .. math:: \\mathcal L(\\theta) = -\\frac1N \\sum_i \\log \\operatorname{softmax}(f(x_i, \\theta))_{y_i}

    Parameters as in :func:`forward`; ``y`` holds integer labels, shape (N,).
    """
    params = _check_params(params)
    X = _check_inputs(params, X)
    y = check_labels(y, X.shape[0], params.W3.shape[2])
    return cross_entropy(log_softmax(_logits(params, X, _check_masks(params, masks, X.shape[0]))), y)


def loss_and_grad(params: Params, X: ArrayLike, y: ArrayLike, masks: Masks | None = None) -> tuple[np.ndarray, Params]:
    """The :func:`loss` of each network, shape (R,), and its exact gradient.

    The gradient is computed by backpropagation; at a point where some
    pre-activation is exactly zero it is the one-sided derivative ReLU'(0) = 0.
    """
    params = _check_params(params)
    X = _check_inputs(params, X)
    y = check_labels(y, X.shape[0], params.W3.shape[2])
    return _loss_and_grad(params, X, y, _check_masks(params, masks, X.shape[0]))


def accuracy(params: Params, X: ArrayLike, y: ArrayLike, masks: Masks | None = None) -> NDArray[np.floating]:
    """Share of points classified correctly by each network, shape (R,), in [0, 1]."""
    params = _check_params(params)
    X = _check_inputs(params, X)
    y = check_labels(y, X.shape[0], params.W3.shape[2])
    logits = _logits(params, X, _check_masks(params, masks, X.shape[0]))
    return (logits.argmax(axis=2) == y).mean(axis=1)


def train(X: ArrayLike, y: ArrayLike, k: int, *, masks: Masks | None = None, n_classes: int | None = None,
          repeats: int = 1, epochs: int = 10, batch_size: int = 100, lr: float = 1e-3,
          seed: int | Sequence[int] = 0, dtype: type = np.float32,
          callback: Callable[[int], None] | None = None, budget: float | None = None) -> TrainResult:
    """Train ``repeats`` networks with Adam on shuffled mini-batches (Sec. 4.2).

    Each repeat has its own initialisation and its own shuffling of the data in
    every epoch, all drawn from ``numpy.random.default_rng(seed)``, so a call is
    reproducible. Adam (:class:`lossland.core.adam.Adam`, the efficient form of Kingma & Ba's
    Sec. 2) uses the paper's defaults:
    :math:`\\beta_1 = 0.9`, :math:`\\beta_2 = 0.999`, :math:`\\epsilon = 10^{-8}`.

    Parameters
    ----------
    X, y : training inputs (N, n_in) and integer labels (N,).
    k : width of the second hidden layer (the first has ``2k``).
    masks : ``None`` trains the real ReLU network ("rich" minima); fixed activation
        values of shape (repeats, N, 2k) and (repeats, N, k) train Eq. (8) ("random").
    n_classes : number of softmax outputs; by default ``max(y) + 1``.
    repeats : number of independent networks, trained together.
    epochs : passes over the data.
    batch_size : mini-batch size (the paper uses 100).
    lr : Adam step size.
    seed : seed of the initialisation and the shuffling.
    dtype : floating-point type used in training (single precision by default, for speed).
    callback : called with the epoch number after each epoch (e.g. a progress bar).
    budget : the work budget in operations (:func:`lossland.core.validation.check_work`); ``None``
        is :data:`~lossland.core.validation.MAX_WORK`. A caller whose purpose is a long run (Table 1
        at the paper's scale) passes the budget it has already checked its whole run against.

    Returns
    -------
    TrainResult
        The trained :class:`Params` and the mean mini-batch loss per epoch, (epochs, R).
    """
    X = as_matrix(X, "X")
    k = check_width(k, "k")
    repeats = check_positive(repeats, "repeats", integer=True)
    epochs = check_positive(epochs, "epochs", integer=True)
    batch_size = check_positive(batch_size, "batch_size", integer=True)
    lr = check_positive(lr, "lr")
    y = check_labels(y, X.shape[0])
    n_classes = int(y.max()) + 1 if n_classes is None else check_width(n_classes, "n_classes")
    if n_classes <= y.max():
        raise ValueError(f"n_classes = {n_classes} is too small for the labels in y (up to {y.max()}): "
                         f"pass n_classes >= {y.max() + 1}, or None.")
    batches, n = -(-X.shape[0] // batch_size), X.shape[0]  # Adam steps per epoch; forward and backward pass
    check_work(epochs, "epochs", batches * LOOP_COST + 12.0 * repeats * n * k * (X.shape[1] + k + n_classes),
               f"epoch (repeats = {repeats} network(s) of k = {k} units)", loop=False,
               budget=None if budget is None else check_positive(budget, "budget"))
    if callback is not None:
        check_callable(callback, "callback", "a function of the epoch number, or None", arity=1)
    rng = np.random.default_rng(check_seeds(seed))
    params = init_params(X.shape[1], k, n_classes, repeats=repeats, seed=rng.integers(2**63),
                         dtype=dtype)
    X = X.astype(dtype)
    if not np.isfinite(X).all():
        raise ValueError(f"X has entries beyond the range of {np.dtype(dtype).name} (largest about "
                         f"{np.finfo(dtype).max:.2g}): rescale X, or pass dtype=np.float64.")
    masks = _check_masks(params, masks, X.shape[0])

    adam = Adam(params, lr, form="efficient")
    current = Params(*adam.params)  # views of the arrays Adam updates in place
    n, rows = X.shape[0], np.arange(repeats)[:, None]
    losses = np.empty((epochs, repeats))
    for epoch in range(epochs):
        order = rng.permuted(np.tile(np.arange(n), (repeats, 1)), axis=1)
        total = np.zeros(repeats)
        for start in range(0, n, batch_size):
            idx = order[:, start:start + batch_size]
            batch_masks = None if masks is None else Masks(masks.a1[rows, idx], masks.a2[rows, idx])
            loss, grads = _loss_and_grad(current, X[idx], y[idx], batch_masks)
            total += loss * idx.shape[1]
            adam.update(grads)
        losses[epoch] = total / n
        if callback is not None:
            callback(epoch)
    return TrainResult(Params(*(p.copy() for p in adam.params)), losses)
