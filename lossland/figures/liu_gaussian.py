"""Figures of Chapter 2, Sec. 7 and App. E of the Liu paper (parallel weights, Gaussian data).

Each ``draw_*`` function fills given axes with arrays it is handed; each
``fig*`` function computes them with :mod:`lossland.liu_gaussian` and returns
a new figure rebuilding one of the paper's figures.
"""
from __future__ import annotations

import numpy as np

from .. import liu_gaussian as lg
from ..plots import PALETTE, figure, label


def draw_curve(ax, x, values, xlabel: str, ylabel: str, title: str, log: bool = False, **style) -> None:
    """One curve against a weight position, optionally on a log scale."""
    ax.plot(x, values, color=style.pop("color", PALETTE["blue"]), **style)
    if log:
        ax.set_yscale("log")
    label(ax, xlabel, ylabel, title)


def draw_map(ax, x_w1, x_w2, values, title: str):
    """A probability map over both weight positions (Fig. 4c); returns the image for a colour bar."""
    image = ax.pcolormesh(x_w1, x_w2, values, shading="auto", vmin=0.0, vmax=1.0)
    label(ax, r"$x_{w_1}$", r"$x_{w_2}$", title)
    return image


def fig4(n: int = 100, seed: int = 0, rule: str = "product"):
    """Fig. 4 (a)-(c): empirical loss and probability of a genuine local minimum, two weights."""
    x_w1 = np.linspace(0.0, 6.0, 241)
    grid = np.linspace(-6.0, 6.0, 241)
    fig, (ax_a, ax_b, ax_c) = figure(3, width=10.0, height=3.2)
    draw_curve(ax_a, x_w1, lg.fig4a_loss(x_w1, n=n, seed=seed), r"$x_{w_1}$ ($x_{w_2} = 0$)", "empirical loss", "(a) Fig. 4a")
    draw_curve(ax_b, x_w1, lg.fig4b_trap(x_w1, n=n), r"$x_{w_1}$ ($x_{w_2} = 0$)", r"$(1 - P(x\in g_1))^N$", "(b) Fig. 4b")
    image = draw_map(ax_c, grid, grid, lg.fig4c_trap_map(grid, grid, n=n, rule=rule), f"(c) Fig. 4c, {rule} rule")
    fig.colorbar(image, ax=ax_c, label=r"$P_t$")
    return fig


def figA4(n: int = 100, rule: str = "max"):
    """Fig. A4 (a)-(b): four weights, moving the uppermost or all of them (log scale)."""
    shift = np.linspace(-3.0, 6.0, 361)
    fig, axes = figure(2, width=8.0, height=3.2)
    for ax, move, title in zip(axes, ("uppermost", "all"), ("(a) shifting the uppermost", "(b) shifting all weights")):
        draw_curve(ax, shift, lg.figA4_trap(shift, move, n=n, rule=rule), "shift", rf"$P_t$ ({rule} rule)", f"Fig. A4{title[:3]} {title[4:]}", log=True)
    return fig


def draw_monte_carlo(ax, x_w1, analytic, sample_optimum, population_gaps=None) -> None:
    """Eq. (25) against the Monte-Carlo fraction of datasets whose sample optimum stays in the cell."""
    ax.plot(x_w1, analytic, color=PALETTE["blue"], label="Eq. (25), population optimum")
    if population_gaps is not None:
        ax.plot(x_w1, population_gaps, "o", color=PALETTE["sky"], ms=3, label="Monte Carlo, population gaps")
    ax.plot(x_w1, sample_optimum, "s", color=PALETTE["vermillion"], ms=3, label="Monte Carlo, sample optimum")
    label(ax, r"$x_{w_1}$", "probability of a genuine minimum")
    ax.legend()
