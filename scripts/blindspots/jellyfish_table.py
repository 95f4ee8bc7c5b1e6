"""Table 1 of Swirszcz, Czarnecki & Pascanu at a larger setting (opt-in; about a minute).

    python scripts/blindspots/jellyfish_table.py [--runs 200] [--steps 10000] [--seed 0]

Trains every (optimiser, activation) pair of :func:`lossland.blindspots.jellyfish.convergence_table`
with a tqdm bar over the four pairs and prints ours beside the paper's Table 1.
The paper does not state its protocol; ours is in the docstring of :mod:`lossland.blindspots.jellyfish`.
"""
from __future__ import annotations

import argparse
import time

from tqdm import tqdm

from lossland.blindspots.jellyfish import WEBSITE, convergence_table, format_table1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="initialisations per (h, cell)")
    parser.add_argument("--steps", type=int, default=10000, help="full-batch steps")
    parser.add_argument("--seed", type=int, default=WEBSITE["seed"])
    args = parser.parse_args()
    start = time.perf_counter()
    result = convergence_table(runs=args.runs, steps=args.steps, seed=args.seed, progress=tqdm)
    print(format_table1(result))
    print(f"{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
