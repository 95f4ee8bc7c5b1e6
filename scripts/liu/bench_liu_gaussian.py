"""Runtimes of the Liu Sec. 7 / App. E computations, and Eq. (25) against Monte Carlo.

Run: ``.venv/bin/python scripts/liu/bench_liu_gaussian.py [--large]`` (``--help`` lists the options).
"""
import argparse
import time

import numpy as np
from scipy.optimize import brentq

from lossland.liu import gaussian as g


def timed(name, call):
    start = time.perf_counter()
    result = call()
    print(f"{name:<42s} {time.perf_counter() - start:7.3f} s")
    return result


def main(large: bool) -> None:
    x_w1 = np.linspace(0, 6, 241)
    grid = np.linspace(-6, 6, 241)
    timed("Fig. 4(a) loss, 241 positions", lambda: g.fig4a_loss(x_w1))
    timed("Fig. 4(b) trap factor, 241 positions", lambda: g.fig4b_trap(x_w1))
    timed("Fig. 4(c) map 241 x 241 (product)", lambda: g.fig4c_trap_map(grid, grid))
    timed("Fig. 4(c) map 241 x 241 (union)", lambda: g.fig4c_trap_map(grid, grid, rule="union"))
    timed("Fig. A4(a)+(b), 241 shifts each", lambda: (g.figA4_trap(grid), g.figA4_trap(grid, "all")))

    datasets = g.MC_LARGE if large else 4000
    fixed = brentq(lambda t: g.two_weight_optimum(t, -5.0)[0] - t, 0.0, 3.0)
    far = -8.0  # no sample reaches w2: its factor is 1 both in Eq. (25) and in the Monte Carlo
    print(f"\npopulation fixed point of w1: {fixed:.4f}; w2 held at {far}; {datasets} datasets of N = 100")
    print(f"{'x_w1':>6s} {'P_t union':>10s} {'P_t max':>10s} {'MC pop.gaps':>12s} {'MC sample opt':>14s}")
    start = time.perf_counter()
    for h1 in (0.0, 0.5, fixed, 1.0, 2.0, 3.0, 3.5, 4.0, 4.5, 5.0):
        h = np.array([h1, far])
        mc = g.monte_carlo_trap(h, g.FIG4_NORMALS, datasets=datasets, seed=0)
        print(
            f"{h1:6.3f} {g.trap_probability(h, g.FIG4_NORMALS):10.3g} {g.trap_probability(h, g.FIG4_NORMALS, rule='max'):10.3g}"
            f" {mc['population']:12.4f} {mc['sample']:14.4f}"
        )
    print(f"Monte-Carlo table: {time.perf_counter() - start:.2f} s")
    h = np.array([fixed, -fixed])
    mc = g.monte_carlo_trap(h, g.FIG4_NORMALS, datasets=datasets, seed=0)
    print(f"both weights at the population fixed point: P_t {g.trap_probability(h, g.FIG4_NORMALS):.3g}, MC {mc}")
    print("\nFig. A4 start, four weights:")
    h = np.array(g.FIGA4_START)
    mc = g.monte_carlo_trap(h, g.FIGA4_NORMALS, datasets=datasets, seed=0)
    print(f"union {g.trap_probability(h, g.FIGA4_NORMALS):.3g}  max {g.trap_probability(h, g.FIGA4_NORMALS, rule='max'):.3g}  MC {mc}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help=f"Monte Carlo with {g.MC_LARGE} datasets instead of 4000")
    main(parser.parse_args().large)
