"""Benchmark of Table 1's website setting (run by hand, not by the tests).

    python scripts/decomposition/bench_table1.py [--runs 3]

Measures (1) the whole website run in a fresh Python process, as the chapter pays
for it (imports, loading the 5000 MNIST images, training, evaluation), as wall-clock and
CPU time; and (2) the share of each width k, both kinds, within one process (medians of
``--runs``). The load average is printed too: other processes on the machine slow every
figure down, so compare medians taken at similar loads.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lossland.core.images import load_mnist5k
from lossland.decomposition.random_regions import WEBSITE, table1

ROOT = Path(__file__).resolve().parents[2]
WHOLE_RUN = "from lossland.decomposition.random_regions import website_table1; website_table1()"


def whole_run() -> tuple[float, float]:
    """Wall-clock and CPU seconds of the website run in a fresh interpreter."""
    env = os.environ | {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    before = os.times()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", WHOLE_RUN], check=True, env=env)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh-process runs of the whole setting")
    args = parser.parse_args()
    print(f"website setting: ks={WEBSITE.ks}, repeats={WEBSITE.repeats}, epochs={WEBSITE.epochs}, "
          f"lr={WEBSITE.lr}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    times = [whole_run() for _ in range(args.runs)]
    walls = [wall for wall, _ in times]
    print(f"(1) whole run, fresh process: median {statistics.median(walls):.1f} s wall "
          f"(min {min(walls):.1f}, max {max(walls):.1f}); CPU {statistics.median(c for _, c in times):.1f} s")
    data = load_mnist5k()
    print(f"(2) per width, both kinds, median of {args.runs}:")
    for k in WEBSITE.ks:
        seconds = []
        for _ in range(args.runs):
            start = time.perf_counter()
            table1((k,), WEBSITE.repeats, WEBSITE.epochs, data, lr=WEBSITE.lr)
            seconds.append(time.perf_counter() - start)
        print(f"    k = {k:3d}: {statistics.median(seconds):5.2f} s ({WEBSITE.epochs[k]} epochs)")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
