"""Benchmarks for Chapter 4 (run by hand, not by the tests): python scripts/petzka/bench_petzka.py

Measures the median time of one live update of the lambda and path explorers (compute,
redraw in place, PNG) and the chapter's execution time as a notebook, live and with website
fallbacks. The 5000-direction probe has its own benchmark: scripts/petzka/bench_petzka_probe.py.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from lossland.book.widgets import png
from lossland.petzka.figures import eigenvalue_sweep, lambda_frame
from lossland.petzka.nonattracting_figures import path_frame

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/, where benchlib lives
from benchlib import report  # noqa: E402


def updates(count: int, seed: int = 0) -> dict[str, list[float]]:
    """Seconds of each live update of both explorers (random slider values)."""
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
    return times


def main() -> None:
    report(__doc__, "petzka", updates)


if __name__ == "__main__":
    main()
