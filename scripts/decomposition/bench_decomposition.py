"""Benchmarks for Chapter 1 (run by hand, not by the tests): python scripts/decomposition/bench_decomposition.py

Measures (1) Fig. 3's region enumeration and convex solves against the naive loop over
all 2^(N h) patterns with one least-squares solve each, (2) the same with genuineness,
(3) the median time of one explorer update (computation and redraw to PNG), and
(4) the chapter's execution time as a notebook, with live widgets (a student in Jupyter)
and with the website's precomputed fallbacks. ``--baseline COMMIT`` measures (3) and (4) for
that commit's code too, side by side (see ``scripts/benchlib.py``); ``--help`` lists the options.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from lossland.book.widgets import png
from lossland.core.data import three_points
from lossland.core.regions import activation_regions, regions_from_cells, unit_cells
from lossland.core.subglobal import solve_regions
from lossland.decomposition.constructions import minima_by_width
from lossland.decomposition.figures import explorer_frame, inspector_frame

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/, where benchlib lives
from benchlib import median_seconds, report  # noqa: E402

WIDTHS = (1, 2, 3, 4)


def naive(X, y):
    """Every one of the 2^(N h) patterns, realizable or not, with one least-squares solve each."""
    for h in WIDTHS:
        for bits in range(2 ** (len(X) * h)):
            A = ((bits >> np.arange(len(X) * h)) & 1).reshape(len(X), h)
            D = np.hstack([A[:, [j]] * X for j in range(h)])
            np.linalg.lstsq(D, y, rcond=None)


def ours(X, y):
    """Cells of one unit once, then every realizable region of each width solved in one batch."""
    cells = unit_cells(X)
    for h in WIDTHS:
        solve_regions(X, y, regions_from_cells(cells, h).patterns)


def widget_updates(X, y, count: int, seed: int = 0) -> dict[str, list[float]]:
    """Seconds of each live update: compute, redraw the explorer's figure in place, encode the PNG.

    Slider values are drawn at random; the explorer's width uniformly from its slider's range 1..3.
    """
    rng = np.random.default_rng(seed)
    times: dict[str, list[float]] = {"explorer": [], "explorer h=1": [], "explorer h=2": [], "explorer h=3": [], "inspector": []}
    fig = None
    for _ in range(count):
        point, target, width = rng.uniform(-3, 3, 2), rng.uniform(-4, 4), int(rng.integers(1, 4))
        start = time.perf_counter()
        fig = explorer_frame(X, y, 2, point, target, width, fig)
        png(fig, close=False)
        elapsed = time.perf_counter() - start
        times["explorer"].append(elapsed)
        times[f"explorer h={width}"].append(elapsed)
    regions = activation_regions(X, 2)
    fig = None
    for r in rng.integers(0, len(regions), count):
        start = time.perf_counter()
        fig = inspector_frame(X, y, regions, int(r), fig)
        png(fig, close=False)
        times["inspector"].append(time.perf_counter() - start)
    return {name: values for name, values in times.items() if values}


def fig3_timings() -> None:
    """(1) and (2): Fig. 3's enumeration, naive and ours, with and without genuineness."""
    X, y = three_points()
    t_naive, t_ours = median_seconds(lambda: naive(X, y), 5), median_seconds(lambda: ours(X, y), 21)
    t_all = median_seconds(lambda: minima_by_width(X, y, WIDTHS), 5)
    print(f"Fig. 3, h = 1..4: naive loop {t_naive * 1e3:.1f} ms | cells + batched solves {t_ours * 1e3:.1f} ms "
          f"| speed-up {t_naive / t_ours:.0f}x")
    print(f"Fig. 3 including genuineness of every region (linear programs): {t_all * 1e3:.0f} ms")


def main() -> None:
    X, y = three_points()
    report(__doc__, "decomposition", lambda count: widget_updates(X, y, count), prelude=fig3_timings, count=60)


if __name__ == "__main__":
    main()
