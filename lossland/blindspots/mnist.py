"""Figs. 1 and 2 of Swirszcz, Czarnecki & Pascanu at book scale: rectifier MLPs on real MNIST.

Fig. 1 trains ``784 - h - ... - h - 10`` ReLU networks with Adam from good and from bad
initialisations, on MNIST and on MNIST with permuted labels, and plots the final training
accuracy against h. Fig. 2 trains one-hidden-layer networks on MNIST whose inputs are scaled
by :math:`\\tau`. The paper's runs (App. A) use 60,000 images, h in [100, 2000] and 10^6
updates; ours use the first images of :func:`lossland.core.images.load_mnist5k`, small h
and a few hundred updates, so that the chapter executes in seconds. The mechanism they show
needs no scale: MNIST pixels are non-negative, so weights drawn around a negative mean give
every unit a negative pre-activation on (almost) every image, and a dead unit gets no
gradient (the blind spot of Sec. 3.1.1).

Model: softmax cross-entropy on one-hot labels (App. A), biases either zero or PyTorch's
default :math:`U(-1/\\sqrt{\\text{fan-in}}, 1/\\sqrt{\\text{fan-in}})`, weights
:math:`N(\\text{mean}, 1/\\text{fan-in})` (LeCun's variance), Adam (Kingma & Ba, 2014) with
:math:`\\beta = (0.9, 0.999)`, :math:`\\epsilon = 10^{-8}`, seeded minibatches.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from lossland.core.adam import Adam
from lossland.core.threads import one_blas_thread
from lossland.core.validation import (
    as_matrix, as_vector, check_choice, check_entries, check_positive, check_real, check_seed, check_width,
    check_widths, check_work,
)

__all__ = ["mnist_subset", "train_mlp", "fig1_runs", "fig2_runs", "BIASES"]

BIASES = ("zero", "uniform")

#: The most classes :func:`train_mlp` accepts: labels are indices of output units (one per class,
#: MNIST has 10), and a label of ``10**30`` would ask for that many units and overflow the integer cast.
MAX_CLASSES = 10_000


@lru_cache(maxsize=4)
def _subset(n: int) -> tuple[np.ndarray, np.ndarray]:
    from lossland.core.images import load_mnist5k

    data = load_mnist5k()
    return data.X_train[:n].copy(), data.y_train[:n].copy()


def mnist_subset(n: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n`` training images of :func:`~lossland.core.images.load_mnist5k` (pixels in [0, 1]) and labels."""
    n = check_width(n, "n")
    if n > 4000:
        raise ValueError(f"n must be at most the 4000 training images of load_mnist5k, got {n}.")
    X, y = _subset(n)
    return X.copy(), y.copy()


def _init(dims, w_mean: float, bias: str, rng) -> list:
    layers = []
    for fan_in, fan_out in zip(dims[:-1], dims[1:]):
        W = w_mean + rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)
        a = 1.0 / np.sqrt(fan_in)
        b = rng.uniform(-a, a, fan_out) if bias == "uniform" else np.zeros(fan_out)
        layers.append([W, b])
    return layers


def _forward(layers, X):
    hs = [X]
    for W, b in layers[:-1]:
        hs.append(np.maximum(hs[-1] @ W + b, 0.0))
    W, b = layers[-1]
    return hs, hs[-1] @ W + b


def train_mlp(X, y, width: int = 64, depth: int = 1, w_mean: float = 0.0, bias: str = "zero",
              tau: float = 1.0, steps: int = 300, batch: int = 50, lr: float = 1e-3, seed: int = 0) -> dict:
    """Train a ``d - width x depth - classes`` ReLU MLP with Adam; return the final training accuracy.

    ``X`` (N, d) inputs (multiplied by ``tau``, Fig. 2), ``y`` (N,) integer labels. Weights
    :math:`N(\\text{w\\_mean}, 1/\\text{fan-in})`, biases ``"zero"`` or ``"uniform"`` (PyTorch's
    default), softmax cross-entropy, ``steps`` Adam updates on seeded minibatches of ``batch``.
    Returns ``accuracy`` (on the training set, as in Figs. 1 and 2), ``loss`` (final mean
    cross-entropy) and ``dead`` (share of first-layer units inactive on every training image).
    """
    X = as_matrix(X, "X")
    labels = as_vector(y, "y", length=len(X))
    if np.any(labels != np.round(labels)) or labels.min() < 0 or labels.max() >= MAX_CLASSES:
        raise ValueError(f"y must hold class labels 0, 1, 2, ..., at most {MAX_CLASSES - 1} (whole numbers: the index of "
                         f"each image's output unit), got labels from {labels.min():.3g} to {labels.max():.3g}.")
    labels = labels.astype(int)
    width, depth = check_width(width, "width"), check_width(depth, "depth")
    w_mean = check_real(w_mean, "w_mean")
    bias = check_choice(bias, "bias", BIASES)
    tau = check_positive(tau, "tau")
    steps = int(check_positive(steps, "steps", integer=True))
    batch = check_width(batch, "batch")
    if batch > len(X):
        raise ValueError(f"batch must be at most the {len(X)} training images, got {batch}.")
    lr = check_positive(lr, "lr")
    rng = np.random.default_rng(check_seed(seed))
    classes = int(labels.max()) + 1
    check_entries(float(depth) * width * (width + 1), "width or depth")  # before the list of layer sizes
    dims = [X.shape[1]] + [width] * depth + [classes]
    check_work(steps, "steps", 6.0 * batch * sum(a * b for a, b in zip(dims[:-1], dims[1:])))  # an Adam step on a batch
    check_entries(sum(a * b for a, b in zip(dims[:-1], dims[1:])) * max(batch, 1) // 16 + steps * batch, "width")
    X = tau * X
    onehot = np.eye(classes)[labels]
    layers = _init(dims, w_mean, bias, rng)
    with one_blas_thread():      # small products: more BLAS threads only contend
        return _train(layers, X, labels, onehot, steps, batch, lr, rng)


def _train(layers, X, labels, onehot, steps: int, batch: int, lr: float, rng) -> dict:
    """Adam (:class:`lossland.core.adam.Adam`, Kingma & Ba's Algorithm 1) on seeded minibatches (see :func:`train_mlp`)."""
    adam = Adam([p for layer in layers for p in layer], lr, form="algorithm")
    layers = [adam.params[2 * n: 2 * n + 2] for n in range(len(layers))]  # the arrays Adam updates in place
    for _ in range(steps):
        idx = rng.choice(len(X), batch, replace=False)
        hs, z = _forward(layers, X[idx])
        p = np.exp(z - z.max(1, keepdims=True))
        delta = (p / p.sum(1, keepdims=True) - onehot[idx]) / batch
        grads = [None] * len(layers)
        for n in range(len(layers) - 1, -1, -1):
            grads[n] = (hs[n].T @ delta, delta.sum(0))
            if n:
                delta = (delta @ layers[n][0].T) * (hs[n] > 0)
        adam.update([g for layer in grads for g in layer])
    hs, z = _forward(layers, X)
    logp = z - z.max(1, keepdims=True)
    logp -= np.log(np.exp(logp).sum(1, keepdims=True))
    return {"accuracy": float(np.mean(z.argmax(1) == labels)), "loss": float(-np.mean(logp[np.arange(len(X)), labels])),
            "dead": float(np.mean(np.all(hs[1] <= 0, axis=0)))}


def fig1_runs(widths=(16, 64), depths=(1, 3), w_means=(0.0, -0.01, -0.02), n: int = 500, steps: int = 200, seed: int = 0) -> dict:
    """Fig. 1 at book scale: final training accuracy per (labels, w_mean, depth, width).

    ``labels`` is ``"mnist"`` (top row of the paper's figure) or ``"permuted"`` (bottom row:
    the labels of the same images in a seeded random order). Biases start at zero, as in
    Prop. 4. Returns ``accuracy`` and ``dead`` as dicts keyed by those tuples, and the settings.
    """
    widths, depths = check_widths(widths, "widths"), check_widths(depths, "depths")
    w_means = tuple(check_real(w, "w_means entry") for w in as_vector(w_means, "w_means"))
    seed = check_seed(seed)
    X, y = mnist_subset(n)
    permuted = np.random.default_rng(seed).permutation(y)
    accuracy, dead = {}, {}
    for name, labels in (("mnist", y), ("permuted", permuted)):
        for w_mean in w_means:
            for depth in depths:
                for width in widths:
                    run = train_mlp(X, labels, width, depth, w_mean, "zero", 1.0, steps, batch=min(50, len(y)), seed=seed)
                    accuracy[(name, w_mean, depth, width)] = run["accuracy"]
                    dead[(name, w_mean, depth, width)] = run["dead"]
    return {"accuracy": accuracy, "dead": dead, "widths": widths, "depths": depths, "w_means": w_means,
            "n": len(y), "steps": steps, "chance": _chance(y)}


def _chance(y: np.ndarray) -> float:
    """The share of the most common label: the accuracy of always guessing it.

    Counted with ``np.unique``, not ``np.bincount``: in the browser (Pyodide, 32-bit WebAssembly)
    ``np.bincount`` refuses int64 labels ("Cannot cast array data from dtype('int64') to dtype('int32')").
    """
    return float(np.unique(y, return_counts=True)[1].max() / len(y))


def fig2_runs(taus=(1.0, 0.1, 0.01), widths=(16, 64), n: int = 500, steps: int = 300, seeds=(0, 1)) -> dict:
    """Fig. 2 at book scale: final training accuracy of one-hidden-layer nets on tau * MNIST.

    Biases start from PyTorch's uniform default (with zero biases a ReLU network without biases
    is positively homogeneous, and scaling the inputs would change no activation pattern).
    Returns ``accuracy`` keyed by (tau, width) as arrays over ``seeds``, and the settings.
    """
    taus = tuple(float(t) for t in as_vector(taus, "taus"))
    if any(t <= 0 for t in taus):
        raise ValueError(f"taus must be positive scales, got {taus}.")
    widths = check_widths(widths, "widths")
    seeds = tuple(check_seed(s, "seeds entry") for s in np.atleast_1d(seeds))
    X, y = mnist_subset(n)
    accuracy = {(tau, width): np.array([train_mlp(X, y, width, 1, 0.0, "uniform", tau, steps, batch=min(50, len(y)),
                                                  seed=s)["accuracy"]
                                        for s in seeds])
                for tau in taus for width in widths}
    return {"accuracy": accuracy, "taus": taus, "widths": widths, "n": len(y), "steps": steps}
