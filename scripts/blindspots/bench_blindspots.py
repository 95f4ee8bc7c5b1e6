"""Benchmarks for Chapter 5 (run by hand, not by the tests): python scripts/blindspots/bench_blindspots.py

Measures the median time of one live update of the blind-spot explorer (sampling networks,
redraw in place, PNG) and the chapter's execution time as a notebook, live and with website
fallbacks.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from lossland.blindspots.figures import blindspot_frame
from lossland.book.widgets import png

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/, where benchlib lives
from benchlib import report  # noqa: E402


def explorer_updates(count: int, seed: int = 0) -> dict[str, list[float]]:
    """Seconds of each live update of the explorer (random slider values)."""
    rng = np.random.default_rng(seed)
    times, fig = [], None
    for mu, sigma, depth, outlier in zip(rng.uniform(-0.5, 1.5, count), rng.uniform(0.05, 1.0, count),
                                         rng.integers(1, 8, count), rng.uniform(2.0, 20.0, count)):
        start = time.perf_counter()
        fig = blindspot_frame(mu, sigma, int(depth), outlier, fig=fig)
        png(fig, close=False)
        times.append(time.perf_counter() - start)
    return {"blind-spot explorer": times}


def main() -> None:
    report(__doc__, "blindspots", explorer_updates)


if __name__ == "__main__":
    main()
