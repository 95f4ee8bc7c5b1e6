"""Benchmark of the Fig. 3 website setting of the exp-neuron chapter (run by hand, not by the tests).

    python scripts/expneuron/bench_expneuron_trials.py [--runs 3]

Measures the whole website run (``lossland.expneuron.trials.website_trials``) in a fresh
Python process, as the chapter pays for it (imports, loading the digits, 3 variants x
trials), as wall-clock and CPU time, then the chapter's short comparison run on the MNIST
subset (``lossland.expneuron.claims.good_case_mnist``, loading included) the same way, and prints the load average: other
processes on the machine slow every figure down. The budget is 15 s for both together.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = {name: f"from lossland.expneuron.{module} import {name}; from lossland.expneuron.trials import format_table; "
              f"print(format_table({name}()))"
        for module, name in (("trials", "website_trials"), ("claims", "good_case_mnist"))}


def whole_run(show: bool, name: str = "website_trials") -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run (``website_trials`` or ``good_case_mnist``) in a fresh interpreter."""
    env = os.environ | {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUNS[name]], check=True, env=env, capture_output=True, text=True)
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
    for name in RUNS:
        times = [whole_run(show=(i == 0), name=name) for i in range(args.runs)]
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(f"{name}, whole run in a fresh process: median wall {wall:.1f} s, CPU {cpu:.1f} s over "
              f"{args.runs} runs; load average now: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
