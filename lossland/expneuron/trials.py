"""Good-case experiment of the exponential-neuron paper: Fig. 3 (Appendix D), in numpy.

Kawaguchi & Kaelbling (AISTATS 2020), Sec. 2.1, add one neuron to each output
logit :math:`k` of a network :math:`f` and a penalty on its output weights:

.. math::

    \\tilde f(x; \\tilde\\theta)_k = f(x; \\theta)_k + a_k \\exp(w_k^\\top x + b_k),
    \\qquad
    \\tilde L(\\tilde\\theta) = \\frac1m \\sum_{i=1}^m \\ell(\\tilde f(x_i; \\tilde\\theta), y_i)
        + \\lambda \\|a\\|_2^2 .

Fig. 3 compares histograms of the final training loss over many random trials of
three variants trained with identical settings (same initial :math:`\\theta`, same
mini-batches, same optimiser):

* ``"original"`` - :math:`f` minimising :math:`L` (softmax cross-entropy);
* ``"eliminated"`` - :math:`\\tilde f` minimising :math:`\\tilde L`;
* ``"detector"`` - as ``"eliminated"``, but a trial whose
  :math:`\\|a\\|_2 + \\|b\\|_2 + \\|W\\|_F` reaches ``threshold`` (7 in the paper) is
  restarted from a fresh seeded random point (all of :math:`\\tilde\\theta` and its
  optimiser state); the remaining step budget is not extended.

The network :math:`f` is :mod:`lossland.core.mlp`'s two-hidden-layer ReLU network
(widths ``2k`` and ``k``); the optimiser is AdaGrad, as in the paper. All trials are
stacked along a leading axis (``R``) and trained together.

Overflow guard: inputs must lie in [0, 1] and the exponent is clipped,
:math:`\\exp(\\min(z, z_{max}))` with ``z_max = EXP_CLIP = 30``; where the clip is
active the neuron's gradient with respect to :math:`(b_k, w_k)` is that of the clipped
function, i.e. zero. The detector keeps :math:`\\|W\\|_F < 7` anyway, so the clip
only matters for ``"eliminated"`` trials that drift far.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import mlp
from lossland.core.validation import (
    LOOP_COST, as_matrix, check_callable, check_entries, check_flag, check_positive, check_seed, check_width,
    check_work,
)

__all__ = [
    "VARIANTS", "EXP_CLIP", "TrialsResult", "init_trials", "modified_loss_and_grad",
    "exp_norm", "train_variant", "run_trials", "format_table", "WEBSITE", "website_trials",
]

VARIANTS = ("original", "eliminated", "detector")
EXP_CLIP = 30.0
_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3", "a", "b", "W")

#: The website setting (timed by ``scripts/expneuron/bench_expneuron_trials.py``): the 1347 training
#: images of the 8x8 digits, a narrow f (64-8-4-10 ReLU), AdaGrad with a small step and a
#: short budget, so that a share of the original trials end on a plateau.
WEBSITE = dict(trials=120, k=4, epochs=20, batch_size=64, lr=0.02, lam=0.01, threshold=7.0,
               w_scale=0.05, seed=0)


def _shapes(n_in: int, k: int, n_classes: int) -> list[tuple[int, ...]]:
    return [(n_in, 2 * k), (2 * k,), (2 * k, k), (k,), (k, n_classes), (n_classes,),
            (n_classes,), (n_classes,), (n_in, n_classes)]


def _flat_size(n_in: int, k: int, n_classes: int) -> int:
    """Number of parameters P of one modified network (f's, then a, b, W)."""
    return sum(int(np.prod(s)) for s in _shapes(n_in, k, n_classes))


def _views(flat: np.ndarray, shapes) -> dict[str, np.ndarray]:
    """Named views (R, *shape) into the flat (R, P) parameter buffer."""
    out, start = {}, 0
    for name, shape in zip(_NAMES, shapes):
        size = int(np.prod(shape))
        out[name] = flat[:, start:start + size].reshape((flat.shape[0],) + shape)
        start += size
    return out


def _init_one(shapes, seed: int, trial: int, restart: int, w_scale: float) -> np.ndarray:
    """Seeded initial point of one trial: mlp's He init for theta, a = b = 0, W ~ N(0, w_scale^2)."""
    n_in, two_k = shapes[0]
    k, n_classes = shapes[4]
    theta = mlp.init_params(n_in, k, n_classes, seed=[seed, trial, restart, 0])
    W = np.random.default_rng([seed, trial, restart, 1]).normal(0.0, w_scale, size=(n_in, n_classes))
    parts = [p[0].ravel() for p in theta] + [np.zeros(n_classes), np.zeros(n_classes), W.ravel()]
    return np.concatenate(parts)


def init_trials(n_in: int, k: int, n_classes: int, trials: int, *, seed: int = 0,
                w_scale: float = 0.05) -> np.ndarray:
    """Initial flat parameters, shape (trials, P), one independent seeded draw per trial.

    Trial ``t`` draws from ``default_rng([seed, t, 0, .])``, so every variant starts
    trial ``t`` from the same :math:`\\theta`; the added neuron starts at
    :math:`a = b = 0` (so :math:`\\tilde f = f`) with :math:`W \\sim N(0, w_{scale}^2)`.
    """
    shapes = _shapes(check_width(n_in, "n_in"), check_width(k, "k"), check_width(n_classes, "n_classes"))
    trials = check_positive(trials, "trials", integer=True)
    seed, w_scale = check_seed(seed), check_positive(w_scale, "w_scale")
    check_entries(float(trials) * _flat_size(n_in, k, n_classes), "trials, n_in, k or n_classes")
    return np.stack([_init_one(shapes, seed, t, 0, w_scale) for t in range(trials)])


def _theta(v: dict) -> mlp.Params:
    return mlp.Params(v["W1"], v["b1"], v["W2"], v["b2"], v["W3"], v["b3"])


def _loss_and_grad(flat: np.ndarray, shapes, X: np.ndarray, y: np.ndarray, lam: float,
                   modified: bool):
    """Per-trial objective (R,), cross-entropy of the network (R,), and gradient (R, P).

    ``X`` is (R, B, n_in) or (B, n_in); ``y`` is (R, B) or (B,). With ``modified=False``
    the added neuron is ignored (gradient zero) and the objective is L.
    """
    v = _views(flat, shapes)
    theta = _theta(v)
    logits, (m1, h1, m2, h2) = mlp.forward_cached(theta, X, None)
    if modified:
        z = X @ v["W"] + v["b"][:, None, :]
        e = np.exp(np.minimum(z, EXP_CLIP))
        logits = logits + v["a"][:, None, :] * e
    log_p = mlp.log_softmax(logits)
    ce = mlp.cross_entropy(log_p, y)
    d = np.exp(log_p)  # d(ce)/d(logits) = (softmax - one-hot) / B
    yy = np.broadcast_to(y, logits.shape[:2])[..., None]
    np.put_along_axis(d, yy, np.take_along_axis(d, yy, axis=2) - 1.0, axis=2)
    d /= logits.shape[1]
    g = {}
    # Backprop through f: the same lines as mlp._loss_and_grad.
    W1, b1, W2, b2, W3, b3 = theta
    d2 = (d @ W3.transpose(0, 2, 1)) * m2
    d1 = (d2 @ W2.transpose(0, 2, 1)) * m1
    g["W1"] = np.swapaxes(X, -1, -2) @ d1
    g["b1"] = d1.sum(axis=1)
    g["W2"] = h1.transpose(0, 2, 1) @ d2
    g["b2"] = d2.sum(axis=1)
    g["W3"] = h2.transpose(0, 2, 1) @ d
    g["b3"] = d.sum(axis=1)
    objective = ce
    if modified:
        a = v["a"]
        g["a"] = (d * e).sum(axis=1) + 2.0 * lam * a
        dz = d * a[:, None, :] * e * (z < EXP_CLIP)
        g["b"] = dz.sum(axis=1)
        g["W"] = np.swapaxes(X, -1, -2) @ dz
        objective = ce + lam * (a**2).sum(axis=1)
    else:
        for name in ("a", "b", "W"):
            g[name] = np.zeros_like(v[name])
    return objective, ce, _flat_of(g, flat.shape)


def _flat_of(g: dict, shape) -> np.ndarray:
    return np.concatenate([g[n].reshape(shape[0], -1) for n in _NAMES], axis=1)


def _check_X(X, n_in: int | None = None) -> np.ndarray:
    X = as_matrix(X, "X", columns=n_in)
    if X.min() < 0 or X.max() > 1:
        raise ValueError(f"X must be scaled to [0, 1] (the exponential neuron would overflow "
                         f"otherwise), got values in [{X.min()}, {X.max()}]; divide by the maximum pixel value.")
    return X


def _check_labels(y, n: int, n_classes: int | None = None) -> np.ndarray:
    return mlp.check_labels(y, n, n_classes)


def modified_loss_and_grad(flat: ArrayLike, X: ArrayLike, y: ArrayLike, k: int, n_classes: int, *, lam: float = 0.01,
                           modified: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """:math:`\\tilde L` (or :math:`L` if ``modified=False``) of each trial and its exact gradient.

    Parameters
    ----------
    flat : parameters, shape (R, P), as from :func:`init_trials`.
    X, y : inputs in [0, 1], shape (N, n_in), and integer labels, shape (N,).
    k : width of the second hidden layer of f (the first has ``2k``).
    n_classes : number of outputs :math:`d_y`.
    lam : :math:`\\lambda > 0` of Sec. 2.1.

    Returns
    -------
    objective (R,), gradient (R, P).
    """
    X = _check_X(X)
    shapes = _shapes(X.shape[1], check_width(k, "k"), check_width(n_classes, "n_classes"))
    y = _check_labels(y, X.shape[0], n_classes)
    flat = _check_flat(flat, X.shape[1], k, n_classes)
    modified = check_flag(modified, "modified")
    objective, _, grad = _loss_and_grad(flat, shapes, X, y, check_positive(lam, "lam"), modified)
    return objective, grad


def exp_norm(flat: ArrayLike, n_in: int, k: int, n_classes: int) -> np.ndarray:
    """Detector statistic :math:`\\|a\\|_2 + \\|b\\|_2 + \\|W\\|_F` of each trial, shape (R,)."""
    n_in, k, n_classes = check_width(n_in, "n_in"), check_width(k, "k"), check_width(n_classes, "n_classes")
    return _exp_norm(_check_flat(flat, n_in, k, n_classes), _shapes(n_in, k, n_classes))


def _check_flat(flat, n_in: int, k: int, n_classes: int) -> np.ndarray:
    """Finite flat parameters of shape (R, P) for these sizes."""
    flat = as_matrix(flat, "flat")
    P = _flat_size(n_in, k, n_classes)
    if flat.shape[1] != P:
        raise ValueError(f"flat must have shape (R, {P}) for inputs X of n_in = {n_in} columns, k = {k} and "
                         f"n_classes = {n_classes}, got {flat.shape}; make it with init_trials.")
    return flat


def _exp_norm(flat: np.ndarray, shapes) -> np.ndarray:
    """:func:`exp_norm` on checked parameters."""
    v = _views(np.asarray(flat, dtype=float), shapes)
    return (np.linalg.norm(v["a"], axis=1) + np.linalg.norm(v["b"], axis=1)
            + np.linalg.norm(v["W"].reshape(len(v["W"]), -1), axis=1))


@dataclass(frozen=True)
class VariantRun:
    """One variant: final L per trial (R,), restarts per trial (R,), final parameters (R, P)."""

    final_loss: np.ndarray
    restarts: np.ndarray
    params: np.ndarray
    loss_without_g: np.ndarray


def train_variant(X: ArrayLike, y: ArrayLike, variant: str, *, trials: int = 100, k: int = 2, n_classes: int | None = None,
                  epochs: int = 10, batch_size: int = 64, lr: float = 0.05, lam: float = 0.01,
                  threshold: float = 7.0, w_scale: float = 0.05, seed: int = 0, eps: float = 1e-8,
                  dtype: type = np.float32, callback: Callable[[int], None] | None = None) -> VariantRun:
    """Train ``trials`` stacked networks of one variant with AdaGrad on shuffled mini-batches.

    AdaGrad (Duchi et al., 2011): :math:`G \\mathrel{+}= g^2`,
    :math:`\\theta \\mathrel{-}= \\mathrm{lr}\\, g / (\\sqrt G + \\epsilon)`.
    The mini-batch order of trial ``t`` depends only on ``(seed, t)``, so all
    variants see the same batches. For ``"detector"`` the statistic of
    :func:`exp_norm` is checked after every step; a trial with statistic
    ``>= threshold`` (the paper's test) gets a new seeded initial point
    (``default_rng([seed, t, restart, .])``) and a zeroed AdaGrad accumulator.

    Training runs in ``dtype`` (single precision by default, for speed); the final
    losses are evaluated in double precision.

    Returns
    -------
    VariantRun
        ``final_loss`` is the training cross-entropy :math:`L` of the trained network
        (:math:`\\tilde f` for the modified variants, without :math:`\\lambda\\|a\\|^2`) on
        all of ``X``, as plotted in Fig. 3; ``loss_without_g`` is :math:`L(\\theta)` of
        :math:`f` alone.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}.")
    X = _check_X(X)
    y = _check_labels(y, X.shape[0])
    k = check_width(k, "k")
    if n_classes is None:
        n_classes = int(y.max()) + 1
    n_classes = check_width(n_classes, "n_classes")
    if y.max() >= n_classes:
        raise ValueError(f"y must hold labels 0..{n_classes - 1} for n_classes = {n_classes}, got a label {y.max()}; "
                         f"raise n_classes or leave it None.")
    trials = check_positive(trials, "trials", integer=True)
    epochs = check_positive(epochs, "epochs", integer=True)
    batch_size = check_positive(batch_size, "batch_size", integer=True)
    lr, lam = check_positive(lr, "lr"), check_positive(lam, "lam")
    threshold, w_scale = check_positive(threshold, "threshold"), check_positive(w_scale, "w_scale")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer, got {seed!r}.")
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"dtype must be numpy.float32 or numpy.float64, got {dtype!r}.")
    eps = check_positive(eps, "eps")
    if callback is not None:
        check_callable(callback, "callback", "None or a function of the epoch", arity=1)
    check_entries(4.0 * trials * _flat_size(X.shape[1], k, n_classes) + float(trials) * min(batch_size, len(X)) * X.shape[1],
                  "trials, k or n_classes")
    _check_epoch_work(len(X), _flat_size(X.shape[1], k, n_classes), trials, epochs, batch_size)

    return _train_trials(X, y, variant, range(trials), k, n_classes, epochs, batch_size, lr, lam, threshold,
                         w_scale, seed, eps, dtype, callback)


def _check_epoch_work(n: int, size: int, trials: int, epochs: int, batch_size: int) -> None:
    """Refuse ``epochs`` beyond the work budget: per epoch a forward and backward pass of every trial on every point."""
    check_work(epochs, "epochs", -(-n // batch_size) * LOOP_COST + 12.0 * trials * n * size,
               f"epoch of {trials} trial(s)", loop=False)


def _train_trials(X64: np.ndarray, y: np.ndarray, variant: str, ids, k: int, n_classes: int, epochs: int,
                  batch_size: int, lr: float, lam: float, threshold: float, w_scale: float, seed: int,
                  eps: float, dtype: type, callback) -> VariantRun:
    """:func:`train_variant` on checked input, for the trials numbered ``ids`` (each seeded by its number).

    Every trial trains independently of the others in the stack, so any split of the
    trials into blocks gives the same numbers as training them all at once.
    """
    n, n_in = X64.shape
    shapes = _shapes(n_in, k, n_classes)
    ids = [int(t) for t in ids]
    X = X64.astype(dtype)
    flat = np.stack([_init_one(shapes, seed, t, 0, w_scale) for t in ids]).astype(dtype)
    G = np.zeros_like(flat)
    restarts = np.zeros(len(ids), dtype=int)
    modified = variant != "original"
    orders = [np.random.default_rng([seed, t, 2**31]) for t in ids]
    for epoch in range(epochs):
        order = np.stack([r.permutation(n) for r in orders])
        for start in range(0, n, batch_size):
            idx = order[:, start:start + batch_size]
            _, _, grad = _loss_and_grad(flat, shapes, X[idx], y[idx], lam, modified)
            G += grad * grad
            flat -= (lr * grad / (np.sqrt(G) + eps)).astype(dtype, copy=False)
            if variant == "detector":
                for t in np.flatnonzero(_exp_norm(flat, shapes) >= threshold):
                    restarts[t] += 1
                    flat[t] = _init_one(shapes, seed, ids[t], int(restarts[t]), w_scale)
                    G[t] = 0.0
        if callback is not None:
            callback(epoch)
    flat = flat.astype(np.float64)  # final losses in double precision, on all of X
    _, ce, _ = _loss_and_grad(flat, shapes, X64, y, lam, modified)
    _, ce_f, _ = _loss_and_grad(flat, shapes, X64, y, lam, False)
    return VariantRun(ce, restarts, flat, ce_f)


@dataclass(frozen=True)
class TrialsResult:
    """Final training loss L per trial for each variant, restarts, the setting used and the number of
    training points (``n_train``, 0 if unknown)."""

    final_loss: dict[str, np.ndarray]
    restarts: np.ndarray
    loss_without_g: dict[str, np.ndarray]
    setting: dict
    stuck_level: float = 1.0
    data_name: str = "digits 8x8"
    seconds: float = field(default=float("nan"))
    n_train: int = 0

    def restarts_per_100_steps(self) -> float:
        """Detector restarts per 100 AdaGrad steps of one trial (an epoch has ``ceil(n_train / batch_size)``)."""
        if self.n_train < 1:
            raise ValueError("n_train is not set (0): build the result with run_trials, which records it.")
        steps = self.setting["epochs"] * -(-self.n_train // self.setting["batch_size"])
        return float(100 * self.restarts.sum() / (len(self.restarts) * steps))

    def summary(self) -> dict[str, dict[str, float]]:
        """Per variant: median, mean, 10th/90th percentile, min, max and share above ``stuck_level``."""
        out = {}
        for name, L in self.final_loss.items():
            out[name] = dict(median=float(np.median(L)), mean=float(L.mean()),
                             p10=float(np.quantile(L, 0.1)), p90=float(np.quantile(L, 0.9)),
                             min=float(L.min()), max=float(L.max()),
                             stuck=float((L > self.stuck_level).mean()))
        return out


def run_trials(X: ArrayLike, y: ArrayLike, *, trials: int = 200, k: int = 2, epochs: int = 15, batch_size: int = 64,
               lr: float = 0.05, lam: float = 0.01, threshold: float = 7.0, w_scale: float = 0.05,
               seed: int = 0, stuck_level: float = 1.0, data_name: str = "digits 8x8",
               callback: Callable[[str, int], None] | None = None, jobs: int | None = 1,
               scheduler: str | None = None, chunk: int = 100, progress: bool = False) -> TrialsResult:
    """Fig. 3: train the three :data:`VARIANTS` with identical settings (see :func:`train_variant`).

    ``callback(variant, epoch)`` is called after each epoch (e.g. for a progress bar).
    ``stuck_level`` is the loss above which :meth:`TrialsResult.summary` counts a trial as stuck.

    Parallel runs (:func:`lossland.core.parallel.run_parallel`): ``jobs`` worker processes
    (``1``, the default, trains the variants one after another in this process; ``None`` or
    ``-1`` all cores) or the workers of the Dask ``scheduler``. The tasks are the variants
    cut into blocks of at most ``chunk`` trials; trial ``t`` is seeded by ``(seed, t)``
    wherever it runs, so the numbers are bit-identical to the serial run. There
    ``callback`` must be ``None``. ``progress=True`` shows a tqdm bar on stderr: over
    variants x epochs when serial (unless ``callback`` is given), over the tasks when parallel.
    """
    import time

    stuck_level = check_positive(stuck_level, "stuck_level")
    if not isinstance(data_name, str):
        raise TypeError(f"data_name must be a string naming the data set, got {data_name!r}.")
    if callback is not None:
        check_callable(callback, "callback", "None or a function of (variant, epoch)", arity=2)
    chunk = check_width(chunk, "chunk")
    progress = check_flag(progress, "progress")
    setting = dict(trials=trials, k=k, epochs=epochs, batch_size=batch_size, lr=lr, lam=lam,
                   threshold=threshold, w_scale=w_scale, seed=seed)
    start = time.perf_counter()
    if jobs == 1 and not isinstance(jobs, bool) and scheduler is None:
        bar = None
        if progress and callback is None:
            from tqdm import tqdm

            bar = tqdm(total=len(VARIANTS) * check_positive(epochs, "epochs", integer=True), unit="epoch")
            callback = lambda variant, epoch: (bar.set_description(variant), bar.update())  # noqa: E731
        runs = {}
        for variant in VARIANTS:
            cb = None if callback is None else (lambda e, v=variant: callback(v, e))
            runs[variant] = train_variant(X, y, variant, callback=cb, **setting)
        if bar is not None:
            bar.close()
    else:
        if callback is not None:
            raise ValueError("callback must be None when the trials run in parallel (jobs != 1 or a scheduler): "
                             "pass progress=True for a bar over the tasks.")
        runs = _run_parallel_trials(X, y, setting, jobs, scheduler, chunk, progress)
    return TrialsResult({v: r.final_loss for v, r in runs.items()}, runs["detector"].restarts,
                        {v: r.loss_without_g for v, r in runs.items()}, setting, stuck_level,
                        data_name, time.perf_counter() - start, int(np.shape(X)[0]))


def _run_parallel_trials(X, y, setting: dict, jobs, scheduler, chunk: int, progress: bool) -> dict:
    """The variants of :func:`run_trials` in blocks of ``chunk`` trials through :func:`run_parallel`."""
    from lossland.core.parallel import run_parallel

    # Check the setting once, here, on one trial (train_variant's own checks, in the same words).
    X, y = _check_X(X), _check_labels(y, np.shape(X)[0])
    n_classes = int(y.max()) + 1
    trials = check_positive(setting["trials"], "trials", integer=True)
    train_variant(X, y, VARIANTS[0], **{**setting, "trials": 1, "epochs": 1})
    _check_epoch_work(len(X), _flat_size(X.shape[1], setting["k"], n_classes), trials,
                      check_positive(setting["epochs"], "epochs", integer=True), setting["batch_size"])
    args = tuple(setting[name] for name in ("k", "epochs", "batch_size", "lr", "lam", "threshold", "w_scale", "seed"))
    blocks = [range(first, min(first + chunk, trials)) for first in range(0, trials, chunk)]
    tasks = [(X, y, variant, block, args[0], n_classes) + args[1:] for variant in VARIANTS for block in blocks]
    done = run_parallel(_train_block, tasks, jobs=jobs, scheduler=scheduler, progress=progress,
                        desc="Fig. 3 trial blocks")
    runs = {}
    for i, variant in enumerate(VARIANTS):
        part = done[i * len(blocks):(i + 1) * len(blocks)]
        runs[variant] = VariantRun(*(np.concatenate([getattr(r, name) for r in part])
                                     for name in ("final_loss", "restarts", "params", "loss_without_g")))
    return runs


def _train_block(task) -> VariantRun:
    """One parallel task: a block of trials of one variant (float32, as :func:`train_variant`)."""
    X, y, variant, ids, k, n_classes, epochs, batch_size, lr, lam, threshold, w_scale, seed = task
    return _train_trials(X, y, variant, ids, k, n_classes, epochs, batch_size, lr, lam, threshold, w_scale,
                         seed, 1e-8, np.float32, None)


def format_table(result: TrialsResult) -> str:
    """A short plain-text table of :meth:`TrialsResult.summary` (one row per variant)."""
    if not isinstance(result, TrialsResult):
        raise TypeError(f"result must be a TrialsResult from run_trials, got {type(result).__name__}.")
    s = result.summary()
    n = len(next(iter(result.final_loss.values())))
    lines = [f"Final training cross-entropy of the trained network (f, or f + g without lambda ||a||^2) "
             f"over {n} trials ({result.data_name}); stuck = above {result.stuck_level:g}",
             f"{'variant':<12}{'median':>8}{'p10':>8}{'p90':>8}{'max':>8}{'stuck':>8}"]
    for name, row in s.items():
        lines.append(f"{name:<12}{row['median']:8.3f}{row['p10']:8.3f}{row['p90']:8.3f}"
                     f"{row['max']:8.3f}{row['stuck']:8.0%}")
    r = result.restarts
    lines.append(f"detector restarts: {int(r.sum())} in total, {int((r > 0).sum())} of {n} trials restarted")
    return "\n".join(lines)


def website_trials(callback: Callable[[str, int], None] | None = None) -> TrialsResult:
    """Fig. 3 at the website setting :data:`WEBSITE` on the bundled 8x8 digits (training split)."""
    from lossland.core.images import load_digits_split

    data = load_digits_split()
    return run_trials(data.X_train, data.y_train, data_name=data.name, callback=callback, **WEBSITE)
