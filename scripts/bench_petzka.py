"""Benchmarks for Chapter 4 (run by hand, not by the tests): python scripts/bench_petzka.py

Measures the median time of one live update of the lambda and path explorers (compute,
redraw in place, PNG) and the chapter's execution time as a notebook, live and with website
fallbacks. The 5000-direction probe has its own benchmark: scripts/bench_petzka_probe.py.
"""
from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from lossland.figures.nonattracting import path_frame  # noqa: E402
from lossland.figures.petzka import eigenvalue_sweep, lambda_frame  # noqa: E402
from lossland.widgets import png  # noqa: E402

from benchlib import report  # noqa: E402


def updates(count: int, seed: int = 0) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    sweep = eigenvalue_sweep()
    times: dict[str, list[float]] = {"lambda explorer": [], "path explorer": []}
    fig = None
    for lam in rng.uniform(-1.0, 2.0, count):
        start = time.perf_counter()
        fig = lambda_frame(lam, sweep, fig)
        png(fig, close=False)
        times["lambda explorer"].append(time.perf_counter() - start)
    fig = None
    for position in rng.uniform(0.0, 1.0, count):
        start = time.perf_counter()
        fig = path_frame(position, fig=fig)
        png(fig, close=False)
        times["path explorer"].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    report(__doc__, "petzka", lambda: updates(40))


if __name__ == "__main__":
    main()
