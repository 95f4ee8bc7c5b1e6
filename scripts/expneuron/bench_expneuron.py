"""Benchmarks for Chapter 3 (run by hand, not by the tests): python scripts/expneuron/bench_expneuron.py

Measures the median time of one live update of the failure explorer (descent, redraw in
place, PNG) and the chapter's execution time as a notebook, live and with website fallbacks.
The good-case trials have their own benchmark: scripts/expneuron/bench_expneuron_trials.py.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from lossland.book.widgets import png
from lossland.expneuron.figures import failure_frame

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/, where benchlib lives
from benchlib import report  # noqa: E402


def explorer_updates(count: int, seed: int = 0) -> dict[str, list[float]]:
    """Seconds of each of ``count`` live updates of the failure explorer, at random slider values."""
    rng = np.random.default_rng(seed)
    times, fig = [], None
    for lam, theta0, lr in zip(10 ** rng.uniform(-2, 1, count), rng.uniform(0, 1, count), 10 ** rng.uniform(-4, -2, count)):
        start = time.perf_counter()
        fig = failure_frame(lam, theta0, lr, fig=fig)
        png(fig, close=False)
        times.append(time.perf_counter() - start)
    return {"failure explorer": times}


def main() -> None:
    report(__doc__, "expneuron", explorer_updates)


if __name__ == "__main__":
    main()
