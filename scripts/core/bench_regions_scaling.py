"""Scaling of the core pipeline (cells, convex solves, genuineness), beside the naive loop and an older commit.

Run by hand, not by the tests::

    .venv/bin/python scripts/core/bench_regions_scaling.py [--baseline COMMIT ...] [--quick]

For each instance (N points in d dimensions, h hidden units, without biases) it prints the
theoretical region count (Cover's count of one unit's cells, to the power h), the regions
found, and time and peak resident memory (the whole process, numpy and scipy included) of
``subglobal_minima`` with this tree's code and
with ``--baseline`` (a commit, checked out into a temporary git worktree and run in a
subprocess), and of the naive loop over all 2^(N h) patterns with one least-squares solve
each where that loop is small enough to run (N h <= 16), and this tree's time per region.
One BLAS thread throughout, so the figures compare algorithms, not thread scheduling.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from math import comb
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Fixed N = 12 with growing width shows the cost per region as R grows; then growing N.
INSTANCES = [(12, 2, 1), (12, 2, 2), (12, 2, 3), (8, 4, 2), (24, 2, 2), (56, 2, 2), (64, 2, 2)]
QUICK = [(8, 4, 2), (24, 2, 2)]

# Runs one instance with whatever lossland is importable; prints a JSON line.
MEASURE = r"""
import json, resource, sys, time
import lossland
import numpy as np
from threadpoolctl import threadpool_limits
try:
    from lossland.core.all_regions import subglobal_minima
except ImportError:  # commits before genuine.py was split (issue 26)
    try:
        from lossland.core.genuine import subglobal_minima
    except ImportError:  # commits before the package layout of one home per chapter
        from lossland.genuine import subglobal_minima
N, d, h = map(int, sys.argv[1:4])
rng = np.random.default_rng(0)
X, y = rng.standard_normal((N, d)), rng.standard_normal(N)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
with threadpool_limits(limits=1):
    start = time.perf_counter()
    minima = subglobal_minima(X, y, h)
    seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
print(json.dumps({"seconds": seconds, "peak_mb": peak, "added_mb": peak - before, "regions": int(len(minima.loss)),
                  "genuine": int(minima.genuine.sum()), "module": lossland.__file__}))
"""


def cover_cells(N: int, d: int) -> int:
    """Cells cut by N hyperplanes through the origin in general position in R^d: 2 sum_{k<d} C(N-1, k)."""
    return 2 * sum(comb(N - 1, k) for k in range(d))


def measure(N: int, d: int, h: int, path: Path | None) -> dict:
    """One instance in a fresh interpreter, importing lossland from ``path`` (None: this tree)."""
    tree = path or ROOT
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", MEASURE, str(N), str(d), str(h)], env=env, cwd=tree,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"N={N}, d={d}, h={h} with {tree} failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["module"].startswith(str(tree)), f"measured {result['module']}, not the code in {tree}"
    return result


def naive(N: int, d: int, h: int) -> dict:
    """Every one of the 2^(N h) patterns, realizable or not, with one least-squares solve each."""
    import numpy as np

    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((N, d)), rng.standard_normal(N)
    start = time.perf_counter()
    for bits in range(2 ** (N * h)):
        A = ((bits >> np.arange(N * h)) & 1).reshape(N, h)
        np.linalg.lstsq(np.hstack([A[:, [j]] * X for j in range(h)]), y, rcond=None)
    return {"seconds": time.perf_counter() - start}


def baseline_tree(commit: str, folder: Path) -> Path:
    """A worktree of ``commit`` in ``folder`` (removed by the caller)."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(folder), commit], check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", action="append", metavar="COMMIT",
                        help="commit to compare with; repeat for several (default: 84337c5, before batching)")
    parser.add_argument("--quick", action="store_true", help="only the two small instances")
    args = parser.parse_args()
    instances = QUICK if args.quick else INSTANCES
    commits = args.baseline or ["84337c5"]
    print(f"{'N':>3} {'d':>2} {'h':>2} {'theory':>8} {'regions':>8} | {'now s':>7} {'MB':>6} | "
          + "".join(f"{commit[:10]:>10} s {'MB':>6} {'speed-up':>8} | " for commit in commits)
          + f"{'naive s':>8} | {'us/region':>9}")
    with tempfile.TemporaryDirectory(prefix="lossland-baseline-") as tmp:
        trees = [baseline_tree(commit, Path(tmp) / f"tree{k}") for k, commit in enumerate(commits)]
        try:
            for N, d, h in instances:
                now = measure(N, d, h, None)
                row = f"{N:3d} {d:2d} {h:2d} {cover_cells(N, d) ** h:8d} {now['regions']:8d} | {now['seconds']:7.2f} {now['peak_mb']:6.0f} | "
                for tree in trees:
                    then = measure(N, d, h, tree)
                    assert now["regions"] == then["regions"] and now["genuine"] == then["genuine"], "verdicts differ"
                    row += f"{then['seconds']:12.2f} {then['peak_mb']:6.0f} {then['seconds'] / now['seconds']:7.1f}x | "
                slow = f"{naive(N, d, h)['seconds']:8.2f}" if N * h <= 16 else f"{'-':>8}"
                print(row + f"{slow} | {1e6 * now['seconds'] / now['regions']:9.0f}", flush=True)
        finally:
            for tree in trees:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


if __name__ == "__main__":
    main()
