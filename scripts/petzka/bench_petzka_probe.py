"""Time and peak memory of the Fig. 3 probe of Petzka & Sminchisescu (5000 random directions, 2-21-21-1).

Run: ``.venv/bin/python scripts/petzka/bench_petzka_probe.py [--steps 41] [--chunk 64]``.

Peak memory is reported two ways: the tracemalloc peak of numpy allocations during
one probe (a separate, slower run: tracemalloc slows allocation), and the process
peak resident size (``ru_maxrss``, which includes the interpreter and libraries).
Budget: < 5 s and < 300 MB.
"""
import argparse
import resource
import sys
import time
import tracemalloc

import numpy as np

from lossland.petzka import experiment as pe


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=41)
    parser.add_argument("--chunk", type=int, default=64)
    parser.add_argument("--directions", type=int, default=5000)
    args = parser.parse_args()

    wide = pe.wide_minimum()
    steps = np.linspace(-1.0, 1.0, args.steps)
    X, y = wide.data.X, wide.data.y

    def probe():
        return pe.random_direction_losses(wide.arch, wide.theta, X, y, steps, args.directions, 0, args.chunk)

    probe()  # warm-up
    times = []
    for _ in range(3):
        start = time.perf_counter()
        losses = probe()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    probe()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 1024**2)

    full = args.directions * args.steps * wide.arch.size * 8 / 1e6
    print(f"probe: {args.directions} directions x {args.steps} steps, {wide.arch.size} parameters, chunk {args.chunk}")
    print(f"  wall time (median of 3): {np.median(times):.2f} s   [budget 5 s]")
    print(f"  tracemalloc peak:        {peak / 1e6:.1f} MB   [budget 300 MB; all points at once: {full:.0f} MB]")
    print(f"  process max RSS:         {rss:.0f} MB")
    print(f"  min over directions - centre loss: {losses.min() - wide.loss:.3e}")


if __name__ == "__main__":
    main()
