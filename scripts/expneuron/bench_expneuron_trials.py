"""Benchmark of the Fig. 3 website setting of the exp-neuron chapter (run by hand, not by the tests).

    python scripts/expneuron/bench_expneuron_trials.py [--runs 3]

Measures the whole website run (``lossland.expneuron.trials.website_trials``) in a fresh
Python process, as the chapter pays for it (imports, loading the digits, 3 variants x
trials), as wall-clock and CPU time, and prints the load average: other processes on
the machine slow every figure down. The budget is 15 s.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WHOLE_RUN = ("from lossland.expneuron.trials import website_trials, format_table; "
             "print(format_table(website_trials()))")


def whole_run(show: bool) -> tuple[float, float]:
    """Wall-clock and CPU seconds of the website run in a fresh interpreter."""
    env = os.environ | {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WHOLE_RUN], check=True, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    if show:
        print(done.stdout)
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh-process runs (median reported)")
    args = parser.parse_args()
    from lossland.expneuron.trials import WEBSITE

    print(f"setting: {WEBSITE}")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    times = [whole_run(show=(i == 0)) for i in range(args.runs)]
    wall = statistics.median(t[0] for t in times)
    cpu = statistics.median(t[1] for t in times)
    print(f"whole website run: median wall {wall:.1f} s, CPU {cpu:.1f} s over {args.runs} runs "
          f"(budget 15 s); load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
