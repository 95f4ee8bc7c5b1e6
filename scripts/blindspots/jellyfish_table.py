"""Table 1 of Swirszcz, Czarnecki & Pascanu at a larger setting (opt-in; about a minute).

    python scripts/blindspots/jellyfish_table.py [--runs 200] [--steps 10000] [--seed 0] [--jobs N] [--pieces P]
    python scripts/blindspots/jellyfish_table.py --dask-scheduler tcp://10.0.0.1:8786 --pieces 16

Trains every (optimiser, activation) pair of :func:`lossland.blindspots.jellyfish.convergence_table`
and prints ours beside the paper's Table 1. By default on every core: the tasks are the
four pairs, each cut into ``--pieces`` blocks of networks (default: about two tasks per
core); ``--jobs 1`` is the serial run with a tqdm bar over the pairs. Every pair is seeded
on its own and every network trains independently, so ``--jobs``, ``--pieces`` and a Dask
cluster (``pip install 'lossland[cluster]'``) print the same numbers as ``--jobs 1``.
The paper does not state its protocol; ours is in the docstring of :mod:`lossland.blindspots.jellyfish`.
"""
from __future__ import annotations

import argparse
import math
import time

from tqdm import tqdm

from lossland.blindspots.jellyfish import WEBSITE, convergence_table, format_table1
from lossland.core.parallel import add_parallel_arguments


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Parallel runs (--jobs, --dask-scheduler, --pieces) print the same numbers as --jobs 1 "
               "for the same seed: every task carries its own seed.")
    parser.add_argument("--runs", type=int, default=200, help="initialisations per (h, cell)")
    parser.add_argument("--steps", type=int, default=10000, help="full-batch steps")
    parser.add_argument("--seed", type=int, default=WEBSITE["seed"])
    add_parallel_arguments(parser, "one block of networks per task")
    parser.add_argument("--pieces", type=int,
                        help="blocks of networks per (optimiser, activation) pair, i.e. 4 x PIECES tasks "
                             "(default: about two tasks per local core, at least 2 blocks per pair)")
    args = parser.parse_args()
    pieces = args.pieces
    if pieces is None:
        from joblib import cpu_count

        workers = cpu_count() if args.jobs is None or args.jobs < 0 else args.jobs
        pieces = max(2, math.ceil(workers / 2))  # about two tasks per worker: the four pairs differ in cost
    start = time.perf_counter()
    result = convergence_table(runs=args.runs, steps=args.steps, seed=args.seed,
                               progress=None if args.quiet else tqdm, jobs=args.jobs,
                               scheduler=args.dask_scheduler, pieces=pieces)
    print(format_table1(result))
    print(f"{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
