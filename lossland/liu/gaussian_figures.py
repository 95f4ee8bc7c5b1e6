"""Figures of Chapter 2, Sec. 7 and App. E of the Liu paper (parallel weights, Gaussian data).

Each ``draw_*`` function fills given axes with arrays it is handed; each
``fig*`` function computes them with :mod:`lossland.liu.gaussian` and returns
a new figure rebuilding one of the paper's figures.
"""
from __future__ import annotations

import numpy as np

from lossland.book.plots import PALETTE, figure, label
from lossland.liu import gaussian as lg


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


def gap_frame(x_w1: float, x_w2: float, n: int = 100, fig=None):
    """One frame of the gap explorer: the two classes along the line, the weights, their optima and the gaps.

    ``fig``: a figure of this explorer to redraw in place (``None`` creates one).
    """
    h = np.array([x_w1, x_w2], dtype=float)
    h_star = lg.population_optimal_positions(h, lg.FIG4_NORMALS)
    gaps = lg.gap_probabilities(h, h_star)
    factors = lg.weight_trap_factors(h, lg.FIG4_NORMALS, n)
    p_union = float(lg.trap_probability(h, lg.FIG4_NORMALS, n, "union"))
    if fig is None:
        fig, ax = figure(width=8.4, height=3.8, fast=True)
    else:
        ax = fig.axes[0]
        ax.clear()
    x = np.linspace(-5.0, 7.0, 400)
    for label_, mean, colour in (("class +1", 1.0, PALETTE["blue"]), ("class -1", -1.0, PALETTE["orange"])):
        ax.plot(x, 0.5 * np.exp(-0.5 * (x - mean) ** 2) / np.sqrt(2 * np.pi), color=colour, label=label_)
    for k, (start, best, colour) in enumerate(zip(h, h_star, (PALETTE["vermillion"], PALETTE["green"]))):
        ax.axvline(start, color=colour, lw=2, label=f"w{k + 1} at {start:.2f}")
        ax.axvline(best, color=colour, lw=1.5, ls="--", label=f"w{k + 1}* at {best:.2f}")
        ax.axvspan(min(start, best), max(start, best), color=colour, alpha=0.15)
    ax.set_xlim(-5.0, 7.0)
    ax.set_ylim(0.0, 0.25)
    label(
        ax,
        "position along the weights' direction",
        "density of samples",
        f"gap masses {gaps[0]:.3f}, {gaps[1]:.3f}; per-weight factors {factors[0]:.2g}, {factors[1]:.2g}; P_t = {p_union:.2g}",
    )
    ax.title.set_fontsize(10)
    ax.legend(fontsize=8, ncol=3, loc="upper right")
    return fig


def gap_explorer(x_w1: float = 2.0, x_w2: float = 0.0, n: int = 100, positions=np.linspace(0.0, 6.0, 25)):
    """Drag the two parallel weights and watch their optima, the gaps and the probability of a trap."""
    from lossland.book.widgets import explorer, live_view, scrubber

    def live():
        import ipywidgets as w

        controls = dict(
            first=w.FloatSlider(value=x_w1, min=-6, max=6, step=0.05, description="x_w1"),
            second=w.FloatSlider(value=x_w2, min=-6, max=6, step=0.05, description="x_w2"),
        )
        return live_view(controls, lambda fig, first, second: gap_frame(first, second, n, fig))

    def fallback():
        start = int(np.argmin(np.abs(positions - x_w1)))
        caption = lambda v: f"x_w1 = {v:.2f}, x_w2 = {x_w2:.2f}, N = {n}"
        return scrubber(lambda v: gap_frame(v, x_w2, n), positions, label="position of w1", caption=caption, start=start)

    return explorer(live, fallback)
