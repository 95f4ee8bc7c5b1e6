"""The jellyfish and XOR experiments of Swirszcz, Czarnecki & Pascanu (Sec. 3.1.2, Table 1,
Fig. 3) and the data-concentration effect of Sec. 3.1.1 / 3.1.3 (Figs. 2 and 5, reduced).

A 2-h-1 network with hidden activation ``relu`` or ``sigmoid`` and a logistic output,

.. math::

    z(x) = v^\\top \\sigma(W x + b) + c, \\qquad
    L = -\\frac{1}{N} \\sum_i \\big[y_i \\log s(z_i) + (1 - y_i) \\log(1 - s(z_i))\\big],

with :math:`s` the logistic function (binary cross-entropy on labels :math:`y_i \\in \\{0, 1\\}`),
is trained full batch from many random initialisations **at once**: every array carries a
leading run axis ``R`` and widths ``h < H`` are padded to ``H`` with masked (frozen, zero)
units, so one numpy loop over steps trains every run and every width together.

Our protocol (the paper does not state one for Table 1):

* initialisation: PyTorch's default for ``nn.Linear``, every weight and bias
  :math:`\\sim U(-1/\\sqrt{\\text{fan-in}}, 1/\\sqrt{\\text{fan-in}})`;
* optimisers: full-batch gradient descent with step 0.5 (ReLU) or 2.0 (sigmoid: with 0.5
  many sigmoid runs are still on a plateau after a few thousand steps), or Adam with step
  0.01 and :math:`\\beta = (0.9, 0.999)`, :math:`\\epsilon = 10^{-8}`; 3000 steps, 40
  initialisations per cell (``WEBSITE``; the script runs more);
* "converged" = zero training error at the end: every point on the right side of
  :math:`z = 0`.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lossland.core.adam import Adam
from lossland.core.threads import one_blas_thread
from lossland.core.validation import (
    LOOP_COST, as_matrix, as_vector, check_choice, check_entries, check_index, check_positive, check_seed,
    check_width, check_widths, check_work,
)

__all__ = [
    "XOR", "JELLYFISH", "PAPER_TABLE1", "WEBSITE", "WIDTHS", "Params", "init_params", "forward",
    "train", "convergence_table", "Table1Result", "paper_adam_vs_gd", "format_table1", "decision_grid",
    "activation_patterns", "linearity", "kink_distances", "pick_examples", "zigzag", "patterns_vs_tau",
    "zigzag_training", "fig5_runs", "ACTIVATIONS",
]

XOR = (np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]), np.array([0.0, 0.0, 1.0, 1.0]))
"""XOR: inputs (4, 2) and labels (4,)."""
JELLYFISH = (np.array([[1.0, 0.0], [0.2, 0.6], [0.0, 1.0], [0.6, 0.2]]), np.array([1.0, 1.0, 0.0, 0.0]))
"""The jellyfish of Sec. 3.1.2: positive [1, 0], [0.2, 0.6]; negative [0, 1], [0.6, 0.2]."""

WIDTHS = (2, 3, 4, 5, 6, 7)
WEBSITE = {"runs": 40, "steps": 3000, "seed": 0,
           "lr": {("gd", "relu"): 0.5, ("gd", "sigmoid"): 2.0, ("adam", "relu"): 0.01, ("adam", "sigmoid"): 0.01}}
"""The website's Table 1 run (see ``convergence_table`` for its time); scripts/blindspots/jellyfish_table.py runs larger."""

# Table 1 of the paper, transcribed: PAPER_TABLE1[optimiser][(dataset, activation)] = % per h = 2..7.
PAPER_TABLE1 = {
    "adam": {
        ("xor", "relu"): (28, 52, 68, 81, 91, 97),
        ("xor", "sigmoid"): (79, 98, 100, 100, 100, 100),
        ("jellyfish", "relu"): (7, 34, 50, 51, 61, 69),
        ("jellyfish", "sigmoid"): (0, 0, 2, 27, 17, 58),
    },
    "gd": {
        ("xor", "relu"): (23, 47, 70, 80, 89, 89),
        ("xor", "sigmoid"): (90, 100, 100, 100, 100, 100),
        ("jellyfish", "relu"): (16, 33, 66, 68, 69, 86),
        ("jellyfish", "sigmoid"): (62, 100, 100, 100, 100, 100),
    },
}
_DATASETS = {"xor": XOR, "jellyfish": JELLYFISH}
#: The hidden activations of the paper's Table 1 (also the figures' choices).
ACTIVATIONS = ("relu", "sigmoid")
_OPTIMISERS = ("gd", "adam")


@dataclass
class Params:
    """A batch of R one-hidden-layer networks: W (R, d, H), b (R, H), v (R, H), c (R,).

    Network r computes :math:`z = v_r^\\top \\sigma(W_r^\\top x + b_r) + c_r` (``W`` is stored
    input-major so that a batch of inputs multiplies it without a transpose).

    ``mask`` (R, H) is 1 for a real unit and 0 for padding (a run of width h < H).
    """

    W: np.ndarray
    b: np.ndarray
    v: np.ndarray
    c: np.ndarray
    mask: np.ndarray

    def run(self, r: int) -> "Params":
        """The single network ``r`` (kept as a batch of one)."""
        r = check_index(r, "r", len(self.c))
        return Params(self.W[r:r + 1], self.b[r:r + 1], self.v[r:r + 1], self.c[r:r + 1], self.mask[r:r + 1])


def _act(u, activation):
    return np.maximum(u, 0.0) if activation == "relu" else 0.5 * (1.0 + np.tanh(0.5 * u))


def _check_params(params) -> None:
    if not isinstance(params, Params):
        raise TypeError(f"params must be a Params batch from init_params(), got {type(params).__name__}.")


def _ndim(value, name: str) -> int:
    """``np.ndim`` that names the argument when ``value`` is ragged (rows of different lengths)."""
    try:
        return np.ndim(value)
    except ValueError:
        raise ValueError(f"{name} is ragged: its rows have different lengths; pass a rectangular array.") from None


def _check_inputs(params: Params, X) -> np.ndarray:
    """Inputs ``(N, d)`` shared by all runs, or ``(R, N, d)`` one set per run."""
    if _ndim(X, "X") == 3:
        X = as_vector(np.ravel(X), "X").reshape(np.shape(X))
    else:
        X = as_matrix(X, "X")
    R, d = params.W.shape[:2]
    if X.shape[-1] != d or (X.ndim == 3 and X.shape[0] != R):
        raise ValueError(f"X must have shape (N, {d}) or ({R}, N, {d}) for these {R} networks, got {X.shape}.")
    return X


def _check_rng(rng):
    """``None``, a ``numpy`` Generator or SeedSequence, or a seed (a whole number >= 0)."""
    if rng is None or isinstance(rng, (np.random.Generator, np.random.SeedSequence)):
        return rng
    return check_seed(rng, "rng")


def init_params(widths, d: int = 2, rng=None) -> Params:
    """PyTorch-default initialisation of one network per entry of ``widths`` (padded to max).

    Every weight and bias is drawn from :math:`U(-1/\\sqrt{\\text{fan-in}}, 1/\\sqrt{\\text{fan-in}})`:
    fan-in ``d`` for the hidden layer and ``h`` for the output.
    """
    widths = np.asarray(check_widths([widths] if isinstance(widths, numbers.Integral) else widths))
    d = check_width(d, "d")
    rng = np.random.default_rng(_check_rng(rng))
    R, H = len(widths), int(widths.max())
    check_entries(R * H * (d + 2), "widths or d")
    mask = (np.arange(H)[None, :] < widths[:, None]).astype(float)
    a1, a2 = 1.0 / np.sqrt(d), 1.0 / np.sqrt(widths)
    W = rng.uniform(-a1, a1, (R, d, H)) * mask[:, None, :]
    b = rng.uniform(-a1, a1, (R, H)) * mask
    v = rng.uniform(-1.0, 1.0, (R, H)) * a2[:, None] * mask
    c = rng.uniform(-1.0, 1.0, R) * a2
    return Params(W, b, v, c, mask)


def forward(params: Params, X: ArrayLike, activation: str = "relu"):
    """Pre-activations U (R, N, H), hidden outputs A (R, N, H) and logits z (R, N) on X (N, d) or (R, N, d)."""
    check_choice(activation, "activation", ACTIVATIONS)
    _check_params(params)
    return _forward(params, _check_inputs(params, X), activation)


def _forward(params: Params, X: np.ndarray, activation: str):
    U = X @ params.W + params.b[:, None, :]
    A = _act(U, activation) * params.mask[:, None, :]
    return U, A, (A @ params.v[:, :, None])[:, :, 0] + params.c[:, None]


def _grads(params, X, Xt, y, activation):
    """Gradients of the mean binary cross-entropy, per run."""
    U, A, z = _forward(params, X, activation)
    dz = (0.5 * (1.0 + np.tanh(0.5 * z)) - y) / z.shape[1]            # (R, N)
    dA = dz[:, :, None] * params.v[:, None, :]
    dU = dA * ((U > 0) if activation == "relu" else A * (1.0 - A)) * params.mask[:, None, :]
    dW = Xt @ dU
    return [dW, dU.sum(1), (dz[:, None, :] @ A)[:, 0], dz.sum(1)]


def _check_labels(y, runs: int, points: int) -> np.ndarray:
    """Labels in {0, 1}, one per input point: shape (N,) shared by all runs, or (R, N)."""
    if _ndim(y, "y") == 2:
        y = as_vector(np.ravel(y), "y").reshape(np.shape(y))
    else:
        y = as_vector(y, "y")
    if y.shape != (points,) and y.shape != (runs, points):
        raise ValueError(f"y must have one label per input point, shape ({points},) or ({runs}, {points}), got {y.shape}.")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold 0/1 labels (the cross-entropy of Sec. 3.1.2 needs y in {0, 1}); map -1/+1 labels by (y + 1) / 2.")
    return y


def _bce(z, y):
    return np.mean(np.logaddexp(0.0, z) - y * z, axis=-1)


def train(params: Params, X: ArrayLike, y: ArrayLike, activation: str = "relu", optimiser: str = "gd",
          steps: int = 4000, lr: float | None = None):
    """Train every network of the batch full batch; returns (params, loss (R,), zero_error (R,)).

    ``X`` is (N, d) shared by all runs or (R, N, d) per run; ``y`` is (N,) or (R, N) in {0, 1}.
    ``lr`` defaults to ``WEBSITE["lr"][(optimiser, activation)]``; Adam uses
    :math:`\\beta = (0.9, 0.999)`, :math:`\\epsilon = 10^{-8}` (Kingma & Ba, 2014).
    """
    check_choice(activation, "activation", ACTIVATIONS)
    check_choice(optimiser, "optimiser", _OPTIMISERS)
    steps = int(check_positive(steps, "steps", integer=True))
    lr = WEBSITE["lr"][(optimiser, activation)] if lr is None else check_positive(lr, "lr")
    _check_params(params)
    X = _check_inputs(params, X)
    y = _check_labels(y, len(params.c), X.shape[-2])
    check_work(steps, "steps", 20.0 * params.W.size * X.shape[-2])  # forward and backward pass of every run
    return _train(params, X, y, activation, optimiser, steps, lr)


def _train(params: Params, X: np.ndarray, y: np.ndarray, activation: str, optimiser: str, steps: int, lr: float):
    Xt = np.ascontiguousarray(np.swapaxes(X, -1, -2))
    theta = [params.W.copy(), params.b.copy(), params.v.copy(), params.c.copy()]
    adam = Adam(theta, lr, form="algorithm") if optimiser == "adam" else None
    if adam is not None:
        theta = adam.params  # the arrays Adam updates in place
    p = Params(*theta, params.mask)
    for _ in range(steps):
        g = _grads(p, X, Xt, y, activation)
        if adam is not None:
            adam.update(g)
            continue
        for t, gradient in zip(theta, g):
            t -= lr * gradient
    _, _, z = _forward(p, X, activation)
    return p, _bce(z, y), np.all((z > 0) == (y > 0.5), axis=-1)


@dataclass
class Table1Result:
    """Convergence rates ``rate[optimiser][(dataset, activation)]`` (fraction per h in ``widths``)."""

    widths: tuple
    runs: int
    steps: int
    lr: dict
    rate: dict
    params: dict      # final Params per (optimiser, dataset, activation), runs grouped by width
    converged: dict   # (len(widths) * runs,) booleans per key, same order as params


def convergence_table(runs: int = WEBSITE["runs"], steps: int = WEBSITE["steps"], widths=WIDTHS,
                      lr: dict | None = None, seed: int = WEBSITE["seed"], progress=None, *,
                      jobs: int | None = 1, scheduler: str | None = None, pieces: int = 1) -> Table1Result:
    """Our Table 1: share of ``runs`` initialisations reaching zero training error.

    All widths and both datasets of one (optimiser, activation) pair train as one batch of
    ``2 * len(widths) * runs`` networks. Each pair gets its own seeded draw; the same
    initialisations are used for XOR and the jellyfish. ``progress`` wraps the loop over the
    four pairs (e.g. ``tqdm``).

    Parallel runs (:func:`lossland.core.parallel.run_parallel`): ``jobs`` worker processes
    (``1``, the default, is the serial loop above; ``None`` or ``-1`` all cores) or the
    workers of the Dask ``scheduler``; the tasks are the four pairs, each cut into
    ``pieces`` blocks of networks (more tasks than four for more than four workers). A task
    carries its pair's seed and re-draws the pair's initialisation, and every network trains
    independently of the others in its batch, so the numbers are bit-identical to the
    serial run for every ``jobs``, ``pieces`` and scheduler. There ``progress`` (any
    non-``None`` value) shows a bar over the tasks.
    """
    runs = int(check_positive(runs, "runs", integer=True))
    steps = int(check_positive(steps, "steps", integer=True))
    lr = {**WEBSITE["lr"], **_check_rates(lr)}
    widths = check_widths(widths)
    check_entries(16 * len(widths) * runs, "runs")
    seed = check_seed(seed)
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be None or a callable wrapping an iterable (e.g. tqdm), got {progress!r}.")
    pieces = check_width(pieces, "pieces")
    per = np.repeat(np.array(widths), runs)
    pairs = [(o, a) for o in _OPTIMISERS for a in ACTIVATIONS]
    check_work(steps, "steps", len(pairs) * (LOOP_COST + 2 * 20.0 * 2 * 4 * float(per.sum())),
               "step of every network", loop=False)  # both datasets, 2 inputs, 4 points
    rate, params, converged = {o: {} for o in _OPTIMISERS}, {}, {}
    seeds = np.random.SeedSequence(seed).spawn(len(pairs))
    if jobs == 1 and not isinstance(jobs, bool) and scheduler is None:
        X, y = _batch_data(len(per))
        trained = []
        for (opt, act), ss in zip(pairs if progress is None else progress(pairs), seeds):
            p, _, ok = _train(_pair_init(per, ss), X, y, act, opt, steps, lr[(opt, act)])
            trained.append((p, ok))
    else:
        from lossland.core.parallel import run_parallel

        blocks = np.array_split(np.arange(2 * len(per)), min(pieces, 2 * len(per)))
        tasks = [(per, ss, (int(rows[0]), int(rows[-1]) + 1), act, opt, steps, lr[(opt, act)])
                 for (opt, act), ss in zip(pairs, seeds) for rows in blocks]
        done = run_parallel(_train_block, tasks, jobs=jobs, scheduler=scheduler,
                            progress=progress is not None, desc="Table 1 blocks")
        trained = []
        for i in range(len(pairs)):
            part = done[i * len(blocks):(i + 1) * len(blocks)]
            trained.append((Params(*(np.concatenate([getattr(q, f) for q, _ in part])
                                     for f in ("W", "b", "v", "c", "mask"))),
                            np.concatenate([ok for _, ok in part])))
    for (opt, act), (p, ok) in zip(pairs, trained):
        for j, name in enumerate(_DATASETS):
            sl = slice(j * len(per), (j + 1) * len(per))
            rate[opt][(name, act)] = tuple(ok[sl].reshape(len(widths), runs).mean(1))
            params[(opt, name, act)] = Params(p.W[sl], p.b[sl], p.v[sl], p.c[sl], p.mask[sl])
            converged[(opt, name, act)] = ok[sl]
    return Table1Result(widths, runs, steps, lr, rate, params, converged)


def _batch_data(n: int):
    """Inputs (2n, 4, 2) and labels (2n, 4): n copies of XOR, then n of the jellyfish."""
    X = np.concatenate([np.broadcast_to(_DATASETS[name][0], (n, 4, 2)) for name in _DATASETS])
    y = np.concatenate([np.broadcast_to(_DATASETS[name][1], (n, 4)) for name in _DATASETS])
    return X, y


def _pair_init(per: np.ndarray, ss: np.random.SeedSequence) -> Params:
    """The initialisation of one (optimiser, activation) pair, the same for both datasets."""
    p0 = init_params(per, rng=np.random.default_rng(ss))
    return Params(*(np.concatenate([a, a]) for a in (p0.W, p0.b, p0.v, p0.c, p0.mask)))


def _train_block(task):
    """One parallel task: networks ``start:stop`` of a pair's batch; returns (Params, zero_error)."""
    per, ss, (start, stop), activation, optimiser, steps, lr = task
    X, y = _batch_data(len(per))
    rows = slice(start, stop)
    p0 = _pair_init(per, ss)
    p0 = Params(p0.W[rows], p0.b[rows], p0.v[rows], p0.c[rows], p0.mask[rows])
    p, _, ok = _train(p0, X[rows], y[rows], activation, optimiser, steps, lr)
    return p, ok


def _check_rates(lr) -> dict:
    """Step sizes overriding ``WEBSITE["lr"]``: a dict ``{(optimiser, activation): rate > 0}`` or ``None``."""
    if lr is None:
        return {}
    if not isinstance(lr, dict):
        raise TypeError(f"lr must be None or a dict {{(optimiser, activation): rate}}, got {lr!r}.")
    for key, rate in lr.items():
        check_choice(key, "lr key", tuple(WEBSITE["lr"]))
        check_positive(rate, f"lr[{key!r}]")
    return lr


def paper_adam_vs_gd() -> dict:
    """Cell-by-cell comparison of Adam with GD in the paper's own Table 1 (24 cells: h = 2..7,
    four columns): counts ``below``, ``above`` and ``equal`` (Adam's rate against GD's), and
    ``above_cells``, the (dataset, activation, h) of the cells where Adam is ahead."""
    out = {"below": 0, "above": 0, "equal": 0, "above_cells": []}
    for key, adam in PAPER_TABLE1["adam"].items():
        for h, a, g in zip(WIDTHS, adam, PAPER_TABLE1["gd"][key]):
            kind = "below" if a < g else "above" if a > g else "equal"
            out[kind] += 1
            if kind == "above":
                out["above_cells"].append((*key, h))
    return out


def _check_result(result) -> None:
    if not isinstance(result, Table1Result):
        raise TypeError(f"result must come from convergence_table(), got {type(result).__name__}.")


def format_table1(result: Table1Result) -> str:
    """Markdown table: ours beside the paper's Table 1, as 'ours ± standard error (paper)' in percent.

    The standard error of a cell is the binomial :math:`\\sqrt{p(1-p)/n}` over its ``n = runs``
    initialisations; a cell at 0 % or 100 % has none printed (it vanishes there).
    """
    _check_result(result)
    cols = [(d, a) for d in _DATASETS for a in ACTIVATIONS]
    head = "| h | opt | " + " | ".join(f"{d} {a}" for d, a in cols) + " |"
    lines = [head, "|" + "---|" * (2 + len(cols))]
    for opt in _OPTIMISERS:
        for i, h in enumerate(result.widths):
            cells = []
            for key in cols:
                p = result.rate[opt][key][i]
                se = np.sqrt(p * (1 - p) / result.runs)
                ours = f"{100 * p:.0f}" + (f" ± {100 * se:.0f}" if 0 < p < 1 else "")
                paper = PAPER_TABLE1[opt][key][h - 2] if 2 <= h <= 7 else None
                cells.append(ours if paper is None else f"{ours} ({paper})")
            lines.append(f"| {h} | {'Adam' if opt == 'adam' else 'GD'} | " + " | ".join(cells) + " |")
    lines.append(f"\nPercent of {result.runs} runs reaching zero training error after {result.steps} "
                 "full-batch steps, ± one standard error; the paper's value in brackets.")
    return "\n".join(lines)


# ---------------------------------------------------------------- Fig. 3: boundaries, linearity

def decision_grid(params: Params, activation: str = "relu", lim=(-0.5, 1.5), n: int = 121):
    """Logits of the first network on an n x n grid: returns (xs, ys, Z (n, n), patterns (n, n) int codes).

    The decision boundary is the zero level set of Z; ``patterns`` labels each grid point by its
    ReLU activation pattern (one integer per linear piece).
    """
    check_choice(activation, "activation", ACTIVATIONS)
    _check_params(params)
    if params.W.shape[1] != 2:
        raise ValueError(f"params must be networks of 2 inputs to draw on a plane grid, got {params.W.shape[1]}.")
    lim = as_vector(lim, "lim", length=2)
    if not lim[0] < lim[1]:
        raise ValueError(f"lim must be (low, high) with low < high, got {tuple(lim)}.")
    n = check_positive(n, "n", integer=True)
    check_entries(n * n * params.W.shape[2], "n")
    xs = np.linspace(*lim, n)
    G = np.stack(np.meshgrid(xs, xs), -1).reshape(-1, 2)
    U, _, z = _forward(params.run(0), G, activation)
    codes = _pattern_codes(U[0], params.mask[0])
    return xs, xs, z[0].reshape(n, n), codes.reshape(n, n)


def _pattern_codes(U, mask):
    bits = (U > 0) & (mask > 0)
    return bits.astype(np.int64) @ (1 << np.arange(bits.shape[-1], dtype=np.int64))


def activation_patterns(params: Params, X: ArrayLike):
    """ReLU activation pattern of every run on every point: integer codes (R, N)."""
    _check_params(params)
    U, _, _ = _forward(params, as_matrix(X, "X", columns=params.W.shape[1]), "relu")
    return _pattern_codes(U, params.mask[:, None, :])


def linearity(params: Params, X: ArrayLike):
    """How linear each ReLU network is on the data: (distinct patterns (R,), share in the largest piece (R,)).

    A share of 1.0 means every data point lies in one linear region, where the network is the
    affine map :math:`x \\mapsto v_P^\\top (W_P x + b_P) + c` and cannot separate XOR-like data.
    """
    codes = activation_patterns(params, X)
    distinct = np.array([len(np.unique(row)) for row in codes])
    share = np.array([np.bincount(np.unique(row, return_inverse=True)[1].ravel()).max() for row in codes]) / codes.shape[1]
    return distinct, share


def kink_distances(params: Params, X: ArrayLike) -> np.ndarray:
    """Euclidean distance of every point to the nearest kink line of each ReLU network, (R, N).

    Unit j of run r has its kink on the line :math:`w_j^\\top x + b_j = 0`; a point's distance to
    it is :math:`|w_j^\\top x + b_j| / \\lVert w_j \\rVert`. A small distance means the point sits
    on the edge of its linear piece: a picture cannot show on which side (Fig. 3).
    """
    _check_params(params)
    X = as_matrix(X, "X", columns=params.W.shape[1])
    U, _, _ = _forward(params, X, "relu")
    norms = np.linalg.norm(params.W, axis=1)[:, None, :]                   # (R, 1, H)
    real = (params.mask[:, None, :] > 0) & (norms > 0)
    dist = np.where(real, np.abs(U) / np.where(norms > 0, norms, 1.0), np.inf)
    return dist.min(axis=2)


def pick_examples(result: Table1Result, optimiser: str = "gd", width: int = 4):
    """(converged, stuck) single-run Params of the jellyfish ReLU networks of one width, or None."""
    _check_result(result)
    check_choice(optimiser, "optimiser", _OPTIMISERS)
    if isinstance(width, (bool, np.bool_)) or not isinstance(width, numbers.Integral) or width not in result.widths:
        raise ValueError(f"width must be one of the table's widths {result.widths}, got {width!r}.")
    key = (optimiser, "jellyfish", "relu")
    i = result.widths.index(width)
    sl = slice(i * result.runs, (i + 1) * result.runs)
    ok = result.converged[key][sl]
    p = result.params[key]
    good, bad = np.flatnonzero(ok), np.flatnonzero(~ok)
    return (p.run(sl.start + good[0]) if len(good) else None, p.run(sl.start + bad[0]) if len(bad) else None)


# ---------------------------------------------------------------- Figs. 2, 5: concentration

def zigzag(n: int = 20):
    """Our stand-in for the Zig-Zag regression task (Fig. 5): n points with x evenly spaced in
    [-1, 1] on a triangle wave of period 1 and amplitude 1 (four straight pieces, three kinks
    inside the data). The paper shows the task only as a picture (lost in our text copy) and
    says it has 20 points; the exact coordinates are our choice.
    """
    n = int(check_positive(n, "n", integer=True))
    check_entries(n, "n")
    x = np.linspace(-1.0, 1.0, n)
    return x[:, None], 1.0 - 4.0 * np.abs(np.mod(x + 1.0, 1.0) - 0.5)


def patterns_vs_tau(X: ArrayLike, taus, width: int = 100, runs: int = 50, seed: int = 0):
    """Mean number of distinct ReLU activation patterns over the scaled data tau * X, per tau.

    Fresh PyTorch-default networks (nonzero biases, so scaling matters); the same ``runs``
    networks for every tau. Returns an array (len(taus),).
    """
    X = as_matrix(X, "X")
    taus = _check_taus(taus)
    runs, width = int(check_positive(runs, "runs", integer=True)), check_width(width)
    check_entries(runs * width * (X.shape[1] + 2 + len(X)), "width or runs")
    p = init_params(np.full(runs, width), d=X.shape[1], rng=check_seed(seed))
    return np.array([linearity(p, t * X)[0].mean() for t in taus])


def _check_taus(taus) -> np.ndarray:
    taus = as_vector(taus, "taus")
    if np.any(taus <= 0):
        raise ValueError(f"taus must be positive scales, got {taus}.")
    return taus


def zigzag_training(taus, width: int = 100, runs: int = 8, steps: int = 3000, lr: float = 1e-2,
                    batch: int = 10, seed: int = 0, grid=None):
    """Short runs of Fig. 5: final training MSE (len(taus), runs) of 1-width-1 ReLU nets on tau * zigzag.

    Adam (:class:`lossland.core.adam.Adam`, Algorithm 1; lr 1e-2: ten times Appendix A's larger
    rate, to compress the run) on minibatches of
    ``batch`` (the paper's 10) for ``steps`` updates, all taus x runs as one batch; the paper
    ran 2,000,000 updates with 100-3000 units, we run a few thousand (*short runs*). Loss:
    mean squared error. Returns the final full-data MSE; with ``grid`` (points x in the data's
    units, 1-D) also the trained functions there, ``(mse, curves)`` with curves
    (len(taus), runs, len(grid)) drawn against the unscaled x (Fig. 5, right: the network sees
    tau * x).
    """
    X, y = zigzag()
    taus = _check_taus(taus)
    runs, width = int(check_positive(runs, "runs", integer=True)), check_width(width)
    R = len(taus) * runs
    check_entries(R * width * (len(y) + 3), "width or runs")
    steps = int(check_positive(steps, "steps", integer=True))
    lr = check_positive(lr, "lr")
    batch = check_width(batch, "batch")
    check_work(steps, "steps", 20.0 * R * width * batch, f"step (runs x taus = {R}, width = {width}, batch = {batch})")
    if batch > len(y):
        raise ValueError(f"batch must be at most the {len(y)} data points, got {batch}.")
    rng = np.random.default_rng(check_seed(seed))
    if grid is not None:
        grid = as_vector(grid, "grid")
        check_entries(R * width * len(grid), "grid")
    start = init_params(np.full(R, width), d=1, rng=rng)
    Xs = np.repeat(taus, runs)[:, None, None] * X[None]                 # (R, 20, 1)
    adam = Adam([start.W, start.b, start.v, start.c], lr, form="algorithm")
    p = Params(*adam.params, start.mask)  # the arrays Adam updates in place
    for _ in range(steps):
        idx = rng.choice(len(y), batch, replace=False)
        xb, yb = Xs[:, idx], y[idx]
        U = xb @ p.W + p.b[:, None, :]
        A = np.maximum(U, 0.0)
        dz = 2.0 * ((A @ p.v[:, :, None])[:, :, 0] + p.c[:, None] - yb) / batch
        dU = dz[:, :, None] * p.v[:, None, :] * (U > 0)
        adam.update([np.swapaxes(xb, 1, 2) @ dU, dU.sum(1), (dz[:, None, :] @ A)[:, 0], dz.sum(1)])
    pred = _forward(p, Xs, "relu")[2]
    mse = np.mean((pred - y) ** 2, axis=1).reshape(len(taus), runs)
    if grid is None:
        return mse
    curves = _forward(p, np.repeat(taus, runs)[:, None, None] * grid[None, :, None], "relu")[2]
    return mse, curves.reshape(len(taus), runs, len(grid))


def fig5_runs(taus=(1.0, 0.1, 0.01), widths=(10, 30, 100), runs: int = 3, steps: int = 1500, seed: int = 0,
              n_grid: int = 201) -> dict:
    """Fig. 5 at book scale: :func:`zigzag_training` for every width, and the curves found at the smallest tau.

    Returns ``mse`` (len(widths), len(taus), runs), ``grid`` (n_grid,) over the data's x range and
    ``curves`` (runs, n_grid): the ``runs`` functions trained by the widest network at the
    smallest tau (Fig. 5, right: "three found solutions for tau = .01").
    """
    taus = _check_taus(taus)
    widths = check_widths(widths)
    n_grid = check_width(n_grid, "n_grid")
    check_entries(float(n_grid) * (int(check_positive(runs, "runs", integer=True)) + 1), "n_grid or runs")
    X, _ = zigzag()
    grid = np.linspace(X.min() - 0.1, X.max() + 0.1, n_grid)
    mse, curves = [], None
    for width in widths:
        with one_blas_thread():      # small products: more BLAS threads only contend
            m, c = zigzag_training(taus, width=width, runs=runs, steps=steps, seed=seed, grid=grid)
        mse.append(m)
        if width == max(widths):
            curves = c[int(np.argmin(taus))]
    return {"taus": taus, "widths": widths, "mse": np.array(mse), "grid": grid, "curves": curves}
