"""Table 1 of the decomposition paper: random versus rich subglobal minima (Sec. 4.2).

For each width ``k`` the experiment trains two kinds of two-hidden-layer
networks (``2k`` and ``k`` units) and records their accuracy:

* **random** subglobal minima: the ReLUs are replaced by activation values
  fixed at random, :math:`P(a=1) = P(a=0) = 1/2`, one pair of masks per
  training point (Eq. (8)), and the resulting network is trained;
* **rich** subglobal minima: the real ReLU network, trained the same way.

Pairing: within one repeat, both kinds start from the same initial weights and
see the same mini-batches, so they differ only in the activation values; the
gap between them is judged by its paired standard error (:meth:`Table1Result.gap_se`).

Data: by default the 5000 real MNIST images of :func:`lossland.core.images.load_mnist5k`
(4000 for training, 1000 for testing, stratified, seed 0; pixels / 255), with the
paper's architecture on 784 pixels; the full MNIST when the reader has its files.

Which accuracy? The paper does not say. A test point has no mask of its own,
so the test accuracy of a random subglobal minimum is undefined; the paper's
99.6 % for random masks is only plausible as *training* accuracy (the
accuracy at the minimum of the training loss). We report training accuracy
as the reproduction and, as a labelled extra, test accuracy: the usual one for
the ReLU network, and for random masks the accuracy with *fresh* random masks
drawn for the test points.
"""
from __future__ import annotations

import html
import numbers
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from lossland.book import saved_runs
from lossland.core import mlp
from lossland.core.images import ImageData, load_mnist, load_mnist5k
from lossland.core.threads import one_blas_thread
from lossland.core.validation import (
    LOOP_COST, check_entries, check_flag, check_natural, check_positive, check_width, check_work,
)

__all__ = [
    "PAPER_KS", "PAPER_TABLE1", "PAPER_PARAMS_PER_POINT", "WEBSITE", "Setting", "Table1Result",
    "params_per_point", "paper_scale_setting", "table1", "website_table1", "table1_paper_scale",
    "render_table1",
]

#: The widths ``k`` of Table 1 (hidden layers of ``2k`` and ``k`` units).
PAPER_KS = (16, 32, 64, 128, 256)

#: Table 1 as printed (MNIST, 100 repeats): ``{kind: (means, stds)}`` in %, one entry per ``PAPER_KS``.
PAPER_TABLE1 = {
    "random": ((82.59, 92.84, 98.19, 99.61, 99.60), (0.32, 0.24, 0.27, 0.07, 0.06)),
    "rich": ((98.10, 99.41, 99.80, 99.88, 99.91), (0.20, 0.13, 0.06, 0.04, 0.03)),
}

#: Parameters per training point of the paper's networks on MNIST (784 pixels, 60 000 images).
PAPER_PARAMS_PER_POINT = {k: mlp.n_params(784, k, 10) / 60000 for k in PAPER_KS}

KINDS = ("random", "rich")

#: The work budget of :func:`table1` (validation.check_work): the paper's scale (100 repeats on the
#: full MNIST, about 1.4e15 operations by the same estimate) runs for hours by design.
PAPER_SCALE_WORK = 1e16
SPLITS = ("train", "test")


@dataclass(frozen=True)
class Setting:
    """How much work a run does.

    Attributes
    ----------
    ks : widths ``k``.
    repeats : independent runs per width and kind.
    epochs : passes over the training set for each ``k`` (smaller networks are
        cheaper per epoch but need more epochs to level off).
    lr : Adam step size (the paper does not state one).
    """

    ks: tuple[int, ...]
    repeats: int
    epochs: dict[int, int]
    lr: float


#: The book's run on the 4000 MNIST training images: about 11 s of CPU time on one core
#: (``scripts/decomposition/bench_table1.py``), of which k = 256 takes a third; 2 repeats
#: are what that budget allows. Besides the paper's widths it has k = 4 and 8, where random
#: regions are far from fitting 4000 images (at the paper's widths they fit from k = 32 on).
#: The epochs (240 to 1200 Adam steps) let the ReLU networks reach 99.5 % training accuracy
#: at k >= 32, where random-mask networks fit the training set in fewer epochs than ReLU
#: networks; at k <= 16 both kinds are still improving when training stops (longer runs:
#: :func:`paper_scale_setting`).
WEBSITE = Setting(ks=(4, 8) + PAPER_KS, repeats=2,
                  epochs={4: 30, 8: 30, 16: 30, 32: 20, 64: 12, 128: 8, 256: 6}, lr=2e-3)

#: The name of the book's run among the build's saved runs (see :func:`website_table1`).
SAVED_RUN = "decomposition-table1"


@dataclass(frozen=True)
class Table1Result:
    """Accuracies (%) of every repeat, per width.

    Attributes
    ----------
    ks : the widths ``k``.
    accuracy : ``{(kind, split): array of shape (len(ks), repeats)}`` with
        ``kind`` in ``("random", "rich")`` and ``split`` in ``("train", "test")``.
        For ``("random", "test")`` the test points get fresh random masks.
    loss : ``{kind: array (len(ks), repeats)}``, training cross-entropy at the end.
    epochs : epochs trained at each ``k``.
    lr : Adam step size.
    params_per_point : parameters of one network per training point, per ``k``.
    n_train : number of training points (one of them is worth ``100 / n_train`` %).
    data_name : the dataset, e.g. ``"MNIST 5k"``.
    """

    ks: tuple[int, ...]
    accuracy: dict[tuple[str, str], np.ndarray]
    loss: dict[str, np.ndarray]
    epochs: tuple[int, ...]
    lr: float
    params_per_point: np.ndarray
    n_train: int
    data_name: str

    @property
    def repeats(self) -> int:
        """Independent runs per width and kind."""
        return self.accuracy["rich", "train"].shape[1]

    def mean(self, kind: str, split: str = "train") -> np.ndarray:
        """Mean accuracy (%) over repeats, one entry per ``k``."""
        return self._get(kind, split).mean(axis=1)

    def std(self, kind: str, split: str = "train") -> np.ndarray:
        """Standard deviation (%, ``ddof=0``) over repeats, one entry per ``k``."""
        return self._get(kind, split).std(axis=1)

    def gap(self, split: str = "train") -> np.ndarray:
        """Mean rich accuracy minus mean random accuracy (percentage points), per ``k``."""
        return self.mean("rich", split) - self.mean("random", split)

    def gap_se(self, split: str = "train") -> np.ndarray:
        """Standard error (percentage points) of :meth:`gap`, per ``k``, from the paired repeats.

        Both kinds of one repeat share initial weights and mini-batches, so the gap is
        estimated from the per-repeat differences ``d``: ``std(d, ddof=1) / sqrt(repeats)``.
        NaN with a single repeat.
        """
        d = self._get("rich", split) - self._get("random", split)
        if d.shape[1] < 2:
            return np.full(d.shape[0], np.nan)
        return d.std(axis=1, ddof=1) / np.sqrt(d.shape[1])

    def _get(self, kind: str, split: str) -> np.ndarray:
        if (kind, split) not in self.accuracy:
            raise ValueError(f"kind must be one of {KINDS} and split one of {SPLITS}, "
                             f"got kind={kind!r}, split={split!r}.")
        return self.accuracy[kind, split]

    def to_dict(self) -> dict:
        """Plain lists and numbers, for JSON."""
        return {
            "ks": list(self.ks), "data": self.data_name, "repeats": self.repeats,
            "epochs": list(self.epochs), "lr": self.lr,
            "params_per_point": self.params_per_point.tolist(), "n_train": self.n_train,
            "accuracy": {f"{kind}_{split}": a.tolist() for (kind, split), a in self.accuracy.items()},
            "loss": {kind: a.tolist() for kind, a in self.loss.items()},
        }

    @classmethod
    def from_dict(cls, data: dict) -> Table1Result:
        """The result :meth:`to_dict` describes (JSON keeps every float to the last bit)."""
        if not isinstance(data, dict):
            raise TypeError(f"data must be a dict from Table1Result.to_dict, got {type(data).__name__}.")
        try:
            accuracy = {tuple(key.rsplit("_", 1)): np.array(a, dtype=float) for key, a in data["accuracy"].items()}
            return cls(tuple(data["ks"]), accuracy, {kind: np.array(a, dtype=float) for kind, a in data["loss"].items()},
                       tuple(data["epochs"]), float(data["lr"]), np.array(data["params_per_point"], dtype=float),
                       int(data["n_train"]), str(data["data"]))
        except (KeyError, AttributeError, ValueError) as error:
            raise ValueError(f"data must be a dict from Table1Result.to_dict; it lacks or mangles {error}.") from None

    def _repr_html_(self) -> str:
        return render_table1(self, "html")


def params_per_point(k: int, n_in: int, n_train: int, n_classes: int = 10) -> float:
    """Parameters of one network (hidden widths ``2k``, ``k``) per training point.

    The random networks of Eq. (8) give every training point its own masks, so
    how well they fit depends on how many parameters there are per point to fit:
    0.43 to 8.9 for the paper's k = 16..256 on MNIST (784 pixels, 60 000 points),
    1.6 to 134 for k = 4..256 on the book's 4000 MNIST training images.
    """
    return mlp.n_params(n_in, k, n_classes) / check_positive(n_train, "n_train", integer=True)


def _check_ks(ks) -> tuple[int, ...]:
    if isinstance(ks, numbers.Integral):
        ks = (ks,)
    if isinstance(ks, (str, bytes)) or not hasattr(ks, "__iter__"):
        raise TypeError(f"ks must be a width or a sequence of widths such as (16, 32), got {ks!r}.")
    ks = tuple(check_width(k, "each k in ks") for k in ks)
    if not ks:
        raise ValueError("ks is empty: pass at least one width, e.g. ks=(16, 32).")
    return ks


def _check_epochs(epochs, ks: tuple[int, ...]) -> tuple[int, ...]:
    if isinstance(epochs, Mapping):
        missing = [k for k in ks if k not in epochs]
        if missing:
            raise ValueError(f"epochs has no entry for k = {missing}: add them, "
                             "or pass one int for all k.")
        return tuple(check_positive(epochs[k], f"epochs[{k}]", integer=True) for k in ks)
    return (check_positive(epochs, "epochs", integer=True),) * len(ks)


def table1(ks: Sequence[int] = PAPER_KS, repeats: int = WEBSITE.repeats,
           epochs: int | Mapping[int, int] = WEBSITE.epochs, data: ImageData | None = None,
           seed: int = 0, progress: bool = False, *, lr: float = WEBSITE.lr,
           chunk: int | None = None, first: int = 0) -> Table1Result:
    """Train random-mask and ReLU networks at every width ``k`` (Table 1, Eq. (8)).

    Parameters
    ----------
    ks : widths; the networks have hidden layers of ``2k`` and ``k`` units.
    repeats : independent runs per width and kind (the paper uses 100).
    epochs : passes over the training set (mini-batches of 100, Adam), one int for
        every ``k`` or a dict ``{k: epochs}``.
    data : images and labels; by default the 5000 MNIST images of :func:`load_mnist5k`
        (4000 training, 1000 test).
    seed : master seed; the same seed gives the same numbers.
    progress : show a tqdm progress bar.
    lr : Adam step size (the paper does not state one).
    chunk : train at most this many repeats at once (saves memory on MNIST, where
        the masks of one repeat take 46 MB at k = 256); by default all at once.
        The random numbers of a chunk depend on ``(seed, k, its first repeat)`` and
        its size, so different chunk sizes draw different random numbers.
    first : index of the first repeat: the chunks start at ``first``, ``first + chunk``, ...
        and are seeded with that start. With ``first`` a multiple of ``chunk``, the
        result is the matching slice of a longer run with the same ``chunk``, bit for
        bit: ``table1(..., repeats=5, first=10, chunk=5)`` gives repeats 10 to 14 of
        ``table1(..., repeats=100, chunk=5)``. This is how a run is split into
        parallel tasks (``scripts/decomposition/table1.py``).

    Returns
    -------
    Table1Result
        Training and test accuracies of every repeat, and the final training losses.

    Notes
    -----
    BLAS runs single-threaded here: the matrices are small, a second thread gains
    little, and when another process competes for the cores it can make a run
    several times slower.
    """
    ks = _check_ks(ks)
    repeats = check_positive(repeats, "repeats", integer=True)
    epochs = _check_epochs(epochs, ks)
    lr = check_positive(lr, "lr")
    chunk = repeats if chunk is None else min(check_positive(chunk, "chunk", integer=True), repeats)
    first = check_natural(first, "first")
    progress = check_flag(progress, "progress")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be a non-negative integer, got {seed!r}.")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}.")
    if data is None:
        data = load_mnist5k()
    if not isinstance(data, ImageData):
        raise TypeError(f"data must be an ImageData (from load_mnist5k, load_mnist or load_digits_split), "
                        f"got {type(data).__name__}.")
    check_entries(7.0 * len(ks) * repeats, "repeats")  # the table's accuracies and losses
    n, d = data.X_train.shape
    epoch_cost = [n / 100 * LOOP_COST + 12.0 * n * k * (d + k + data.n_classes) for k in ks]  # batches of 100
    check_work(repeats, "repeats", len(KINDS) * sum(e * c for e, c in zip(epochs, epoch_cost)),
               "repeat (every width and kind)", loop=False, budget=PAPER_SCALE_WORK)
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(KINDS) * repeats * sum(epochs), unit="net-epoch",
                   desc=f"Table 1 on {data.name}")

    accuracy = {(kind, split): np.empty((len(ks), repeats)) for kind in KINDS for split in SPLITS}
    loss = {kind: np.empty((len(ks), repeats)) for kind in KINDS}
    n_train, n_test = len(data.y_train), len(data.y_test)
    with one_blas_thread():
        for i, k in enumerate(ks):
            for start in range(first, first + repeats, chunk):
                r = min(chunk, first + repeats - start)
                part = slice(start - first, start - first + r)
                random_masks = {
                    "train": mlp.random_masks(n_train, k, repeats=r, seed=[seed, k, start, 1]),
                    "test": mlp.random_masks(n_test, k, repeats=r, seed=[seed, k, start, 2]),
                }
                for kind in KINDS:
                    masks = random_masks if kind == "random" else {"train": None, "test": None}
                    tick = None if bar is None else (lambda _epoch, r=r: bar.update(r))
                    # Same seed for both kinds: same initial weights and mini-batches.
                    trained = mlp.train(data.X_train, data.y_train, k, masks=masks["train"],
                                        n_classes=data.n_classes, repeats=r, epochs=epochs[i],
                                        lr=lr, seed=[seed, k, start], callback=tick,
                                        budget=PAPER_SCALE_WORK).params
                    loss[kind][i, part] = mlp.loss(trained, data.X_train, data.y_train, masks["train"])
                    for split, X, y in (("train", data.X_train, data.y_train),
                                        ("test", data.X_test, data.y_test)):
                        accuracy[kind, split][i, part] = 100 * mlp.accuracy(trained, X, y, masks[split])
    if bar is not None:
        bar.close()
    ratio = np.array([params_per_point(k, data.n_features, n_train, data.n_classes) for k in ks])
    return Table1Result(ks, accuracy, loss, epochs, lr, ratio, n_train, data.name)


@lru_cache(maxsize=1)
def website_table1() -> Table1Result:
    """The book's run (:data:`WEBSITE` setting, the MNIST subset, seed 0), computed once per session.

    In the reader's browser, where this training takes minutes instead of seconds, it is the run
    the book's build saved (:mod:`lossland.book.saved_runs`): the same code and seed, hence the
    website's numbers; ``table1(WEBSITE.ks, WEBSITE.repeats, WEBSITE.epochs)`` trains it again.
    """
    saved = saved_runs.load(SAVED_RUN)
    if saved is not None:
        return Table1Result.from_dict(saved)
    w = WEBSITE
    result = table1(w.ks, repeats=w.repeats, epochs=w.epochs, lr=w.lr)
    saved_runs.save(SAVED_RUN, result.to_dict())
    return result


def paper_scale_setting(full_mnist: bool = False) -> dict:
    """The arguments of :func:`table1` for a paper-scale run (100 repeats), without the data.

    The protocol of :data:`WEBSITE` (its widths and step size, mini-batches of 100,
    paired kinds) with the paper's 100 repeats in chunks of 5 (memory; also the unit of
    work of a parallel run) and longer training: on the 5000-image
    subset, twice the website's epochs (about 100 times the website run: some 20 CPU
    minutes, half that on two cores); on the full MNIST (``full_mnist=True``, 60 000 training images),
    20 epochs at every width (12 000 Adam steps; several hours on two cores, by the
    operation count).
    """
    if check_flag(full_mnist, "full_mnist"):
        epochs = dict.fromkeys(WEBSITE.ks, 20)
    else:
        epochs = {k: 2 * e for k, e in WEBSITE.epochs.items()}
    return dict(ks=WEBSITE.ks, repeats=100, epochs=epochs, lr=WEBSITE.lr, chunk=5)


def table1_paper_scale(mnist_dir: str | Path | None = None, *, repeats: int = 100,
                       epochs: int | Mapping[int, int] | None = None, seed: int = 0,
                       progress: bool = True, chunk: int | None = 5) -> Table1Result:
    """Table 1 at the paper's scale (:func:`paper_scale_setting`): 100 repeats in chunks of 5,
    on the full MNIST if ``mnist_dir`` (the folder of its four IDX files) is given, else on the
    5000-image subset of :func:`load_mnist5k`."""
    if mnist_dir is not None and not isinstance(mnist_dir, (str, Path)):
        raise TypeError(f"mnist_dir must be a path to the MNIST folder, or None for the 5000-image subset, "
                        f"got {mnist_dir!r}.")
    setting = paper_scale_setting(full_mnist=mnist_dir is not None)
    data = load_mnist5k() if mnist_dir is None else load_mnist(mnist_dir)
    return table1(setting["ks"], repeats, setting["epochs"] if epochs is None else epochs, data, seed,
                  progress, lr=setting["lr"], chunk=chunk)


def _cell(values: np.ndarray) -> str:
    return f"{values.mean():.2f} ± {values.std():.2f}"


def render_table1(result: Table1Result, fmt: str = "markdown") -> str:
    """Table 1 with the paper's values beside ours (mean ± std in %).

    Parameters
    ----------
    result : from :func:`table1`.
    fmt : ``"markdown"`` or ``"html"``.

    Returns
    -------
    str
        One column per ``k``. Rows: parameters per training point (paper and
        ours), our epochs, then for each kind the paper's accuracy (MNIST), our
        training accuracy and our test accuracy (for random masks: fresh random
        masks for the test points), and last the rich-minus-random gap of training
        accuracy, the paper's and ours with its paired standard error
        (:meth:`Table1Result.gap_se`). A width the paper did not use shows "–".
    """
    if not isinstance(result, Table1Result):
        raise TypeError(f"result must be a Table1Result from table1(), got {type(result).__name__}.")
    if fmt not in ("markdown", "html"):
        raise ValueError(f"fmt must be 'markdown' or 'html', got {fmt!r}.")
    ours = f"ours ({result.data_name})"
    rows = [
        ["parameters per training point: paper (MNIST)"]
        + [f"{PAPER_PARAMS_PER_POINT[k]:.2f}" if k in PAPER_PARAMS_PER_POINT else "–" for k in result.ks],
        [f"parameters per training point: {ours}"] + [f"{r:.2f}" for r in result.params_per_point],
        [f"epochs: {ours}"] + [str(e) for e in result.epochs],
    ]
    for kind in KINDS:
        paper = dict(zip(PAPER_KS, zip(*PAPER_TABLE1[kind])))
        test = "test, fresh random masks" if kind == "random" else "test"
        rows += [
            [f"{kind.capitalize()}: paper"]
            + [f"{paper[k][0]:.2f} ± {paper[k][1]:.2f}" if k in paper else "–" for k in result.ks],
            [f"{kind.capitalize()}: {ours}, train"] + [_cell(a) for a in result.accuracy[kind, "train"]],
            [f"{kind.capitalize()}: {ours}, {test}"] + [_cell(a) for a in result.accuracy[kind, "test"]],
        ]
    paper_gap = dict(zip(PAPER_KS, np.subtract(PAPER_TABLE1["rich"][0], PAPER_TABLE1["random"][0])))
    rows += [
        ["Rich − random (points): paper"] + [f"{paper_gap[k]:.2f}" if k in paper_gap else "–" for k in result.ks],
        [f"Rich − random (points): {ours}, train ± SE"]
        + [f"{g:.2f} ± {se:.2f}" if np.isfinite(se) else f"{g:.2f}"
           for g, se in zip(result.gap(), result.gap_se())],
    ]
    header = ["accuracy (%)"] + [f"k = {k}" for k in result.ks]
    repeats = f"{result.repeats} repeat{'s' if result.repeats != 1 else ''}"
    caption = (f"Table 1 of the decomposition paper beside ours. Accuracy in %, mean ± std over "
               f"repeats: paper 100 repeats on MNIST (60000 training images; training accuracy, by "
               f"our reading); ours {repeats} on {result.data_name} ({result.n_train} training images), "
               f"Adam (step {result.lr:g}), mini-batches of 100. SE: standard error of the paired gap.")
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines + ["", caption])
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (f"<table class='table1'><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")
