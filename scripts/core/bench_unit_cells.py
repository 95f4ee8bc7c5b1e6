"""One unit's cells: the recursion (``unit_cells``) against the linear programs it replaced (run by hand).

    .venv/bin/python scripts/core/bench_unit_cells.py [--repeats R]

The reference, ``regions._enumerate_cells_by_programs``, is the former implementation kept in
the package; both run in this process on the same scaled inputs, alternating call by call, so
that load from elsewhere on the machine falls on both alike. One BLAS thread. Prints the
median CPU time of the process for each (on a loaded machine steadier than wall time; the two
agree on a quiet one: both run on one thread) and their ratio per instance (N points in d dimensions, with or without
bias; the first is the N = 56 instance of ``scripts/core/bench_regions_scaling.py``).
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_limits

from lossland.core import regions

INSTANCES = [(56, 2, False), (12, 2, False), (24, 2, True), (12, 3, False), (24, 3, False), (10, 4, True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7, help="alternating calls of each (default 7)")
    args = parser.parse_args()
    print(f"{'N':>3} {'d':>2} {'bias':>5} {'cells':>6} {'recursion CPU ms':>17} {'programs CPU ms':>16} {'ratio':>6}")
    for N, d, bias in INSTANCES:
        X = np.random.default_rng(0).standard_normal((N, d))
        A = regions.homogeneous(X, bias)
        scaled = regions._unit_scale(A / regions._column_scale(A, bias))
        new, old = [], []
        with threadpool_limits(limits=1):
            for _ in range(args.repeats):
                for times, enumerate_cells in ((new, regions._enumerate_cells), (old, regions._enumerate_cells_by_programs)):
                    start = time.process_time()
                    patterns, _ = enumerate_cells(scaled)
                    times.append(time.process_time() - start)
        assert np.array_equal(patterns, regions._enumerate_cells(scaled)[0])
        fast, slow = statistics.median(new) * 1e3, statistics.median(old) * 1e3
        print(f"{N:3d} {d + bias:2d} {str(bias):>5} {len(patterns):6d} {fast:17.1f} {slow:16.1f} {fast / slow:6.2f}")


if __name__ == "__main__":
    main()
