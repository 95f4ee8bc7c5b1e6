"""Speed-up of the three paper-scale runners on this machine: serial vs --jobs 2 (run by hand).

    python scripts/core/bench_parallel.py [--repeats 3] [--only decomposition]

Each runner at a moderate setting: serial as today (jobs=1, BLAS free to use threads),
serial with BLAS held to one thread (threadpoolctl; the parallel workers get this from
joblib), and jobs=2. Runs alternate so that a load from other processes hits all alike;
the median and the spread (min-max) over the repeats are printed with the load average.
Every parallel result is checked to be bit-identical to the serial one. Chapter 1's Table 1
runs through its script on the script's data (the 5000 MNIST images), in chunks of 2 repeats:
one task per (width, chunk), as ``--paper-scale`` runs it with chunks of 5.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "decomposition"))

from lossland.blindspots import jellyfish as jf  # noqa: E402
from lossland.core.images import load_digits_split, load_mnist5k  # noqa: E402
from lossland.decomposition.random_regions import WEBSITE, table1  # noqa: E402
from lossland.expneuron import trials as et  # noqa: E402

DATA = load_digits_split()
JF = dict(runs=60, steps=3000, seed=0)
ET = dict(trials=96, k=4, epochs=4, lr=0.02, lam=0.01, threshold=7.0, w_scale=0.05, seed=0, batch_size=64)
T1 = dict(repeats=4, chunk=2, epochs=WEBSITE.epochs)


def jellyfish(jobs, pieces=1):
    r = jf.convergence_table(**JF, jobs=jobs, pieces=pieces)
    return np.concatenate([r.params[k].W.ravel() for k in sorted(r.params)])


def expneuron(jobs):
    r = et.run_trials(DATA.X_train, DATA.y_train, **ET, jobs=jobs, chunk=24)
    return np.concatenate([r.final_loss[v] for v in et.VARIANTS] + [r.restarts])


def decomposition(jobs):
    if jobs == 1:
        r = table1(WEBSITE.ks, T1["repeats"], T1["epochs"], load_mnist5k(), seed=0, lr=WEBSITE.lr, chunk=T1["chunk"])
    else:
        import table1 as script

        r = script.parallel_table1(script.parse_args(["--repeats", str(T1["repeats"]), "--chunk", str(T1["chunk"]),
                                                      "--quiet", "--jobs", str(jobs)]))
    return np.concatenate([r.accuracy[k].ravel() for k in sorted(r.accuracy)])


def timed(function, *args):
    start = time.perf_counter()
    out = function(*args)
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", choices=["jellyfish", "expneuron", "decomposition"],
                        help="run one runner only (default: all three)")
    args = parser.parse_args()
    runners = {"Ch. 5 Table 1 (jellyfish, runs 60, steps 3000)": (jellyfish, [("jobs 2, pieces 2", (2, 2))]),
               "Ch. 3 trials (96 trials, 4 epochs, chunk 24)": (expneuron, []),
               "Ch. 1 Table 1 (website widths, 4 repeats, chunk 2)": (decomposition, [])}
    for name, (function, extra) in runners.items():
        if args.only not in (None, function.__name__):
            continue
        function(2)  # warm-up: start the workers, load the data
        times = {"serial": [], "serial, 1 BLAS thread": [], "jobs 2": []} | {label: [] for label, _ in extra}
        for _ in range(args.repeats):
            t, reference = timed(function, 1)
            times["serial"].append(t)
            with threadpool_limits(1):
                t, out = timed(function, 1)
            times["serial, 1 BLAS thread"].append(t)
            assert out.tobytes() == reference.tobytes()
            t, out = timed(function, 2)
            times["jobs 2"].append(t)
            assert out.tobytes() == reference.tobytes(), name
            for label, call in extra:
                t, out = timed(function, *call)
                times[label].append(t)
                assert out.tobytes() == reference.tobytes(), (name, label)
        base = statistics.median(times["serial"])
        print(f"{name}  (load average {os.getloadavg()[0]:.2f})")
        for label, ts in times.items():
            print(f"  {label:<24} median {statistics.median(ts):6.2f} s  [{min(ts):.2f}-{max(ts):.2f}]"
                  f"  speed-up vs serial {base / statistics.median(ts):4.2f}"
                  f"  [{min(times['serial']) / max(ts):.2f}-{max(times['serial']) / min(ts):.2f}]")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
