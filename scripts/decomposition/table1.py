"""Run Table 1 of the decomposition paper (Sec. 4.2): random versus rich subglobal minima.

Examples
--------
The book's setting (digits, about 15 s)::

    python scripts/decomposition/table1.py

The paper's scale on real MNIST (100 repeats, 50 epochs; hours on two cores)::

    python scripts/decomposition/table1.py --paper-scale --mnist-dir ~/data/mnist

The table is printed; the accuracies of every repeat are saved to ``OUT.npz``
(one array per kind and split, shape (len(ks), repeats)) and ``OUT.json``.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from lossland.core.images import load_digits_split, load_mnist
from lossland.decomposition.random_regions import PAPER_KS, WEBSITE, render_table1, table1, table1_paper_scale


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paper-scale", action="store_true",
                        help="100 repeats and long training (MNIST if --mnist-dir is given)")
    parser.add_argument("--mnist-dir", type=Path,
                        help="folder with the four MNIST IDX files (raw or .gz); default: digits")
    parser.add_argument("--repeats", type=int, help="independent runs per width and kind")
    parser.add_argument("--epochs", type=int, help="epochs for every width (default: per-width)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk", type=int, help="train at most this many repeats at once (memory)")
    parser.add_argument("--out", type=Path, default=Path("table1_results"),
                        help="output path without suffix (.npz and .json are written)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    progress = not args.quiet
    if args.paper_scale:
        result = table1_paper_scale(args.mnist_dir, repeats=args.repeats or 100, epochs=args.epochs,
                                    seed=args.seed, progress=progress, chunk=args.chunk)
    else:
        data = load_digits_split() if args.mnist_dir is None else load_mnist(args.mnist_dir)
        ks = WEBSITE.ks if args.mnist_dir is None else PAPER_KS
        result = table1(ks, args.repeats or WEBSITE.repeats, args.epochs or WEBSITE.epochs, data,
                        seed=args.seed, progress=progress, lr=WEBSITE.lr, chunk=args.chunk)
    print(render_table1(result))
    arrays = {f"{kind}_{split}": a for (kind, split), a in result.accuracy.items()}
    arrays |= {f"loss_{kind}": a for kind, a in result.loss.items()}
    np.savez(args.out.with_suffix(".npz"), ks=np.array(result.ks), epochs=np.array(result.epochs),
             **arrays)
    args.out.with_suffix(".json").write_text(json.dumps(result.to_dict(), indent=1))
    print(f"\nSaved {args.out.with_suffix('.npz')} and {args.out.with_suffix('.json')}.")


if __name__ == "__main__":
    main()
