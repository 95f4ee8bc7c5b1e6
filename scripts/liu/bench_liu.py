"""Benchmarks for Chapter 2 (run by hand, not by the tests): python scripts/liu/bench_liu.py

Measures the median time of one live explorer update (computation, redraw in place,
PNG), and the chapter's execution time as a notebook with live widgets and with the
website's precomputed fallbacks.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from lossland.book.plots import figure
from lossland.book.widgets import png
from lossland.liu import figures
from lossland.liu.gaussian_figures import gap_frame

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/, where benchlib lives
from benchlib import report  # noqa: E402


def _example_frame_before(y2: float, fig=None):
    """The example explorer's update before ``example_frame`` (for ``--baseline`` runs of older commits)."""
    if fig is None:
        fig, ax = figure(width=5.0, height=4.6, fast=True)
    else:
        ax = fig.axes[0]
        ax.clear()
    figures.draw_example(ax, (1.0, y2))
    return fig


def explorer_updates(count: int, seed: int = 0) -> dict[str, list[float]]:
    """Seconds of each live update of both explorers (random slider values)."""
    rng = np.random.default_rng(seed)
    example_frame = getattr(figures, "example_frame", _example_frame_before)
    times: dict[str, list[float]] = {"gap explorer": [], "example explorer": []}
    fig = None
    for x_w1, x_w2 in rng.uniform(-6, 6, (count, 2)):
        start = time.perf_counter()
        fig = gap_frame(x_w1, x_w2, fig=fig)
        png(fig, close=False)
        times["gap explorer"].append(time.perf_counter() - start)
    fig = example_frame(1.0)
    for y2 in rng.uniform(-1.5, 1.5, count):
        start = time.perf_counter()
        fig = example_frame(y2, fig)
        png(fig, close=False)
        times["example explorer"].append(time.perf_counter() - start)
    return times


def main() -> None:
    report(__doc__, "liu", explorer_updates)


if __name__ == "__main__":
    main()
