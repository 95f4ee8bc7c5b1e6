"""Chapter 5 figures: Fig. 6 of Swirszcz, Czarnecki & Pascanu and the blind-spot explorer.

Drawing only; the numbers come from :mod:`lossland.blindspots`.
"""
from __future__ import annotations

import numpy as np

from lossland.blindspots import initialisation as bs
from lossland.book.plots import PALETTE, check_figure, describe, figure, label
from lossland.core.validation import (
    as_vector, check_entries, check_positive, check_real, check_seed, check_width, check_widths,
)

__all__ = ["fig6", "blindspot_frame", "blindspot_explorer"]


def fig6(hs=np.unique(np.logspace(1, 4, 13).astype(int)), depths=(1, 100), collapse_widths=(1, 2, 3),
         max_depth: int = 40, n_networks: int = 4000, seed: int = 0):
    """Rebuild Fig. 6 in a 2 x 2 grid: (a) the dataset of Prop. 4, (b, c) mu for a 99% failure
    against h (LeCun, Xavier), (d) Prop. 5 against depth."""
    hs = np.asarray(check_widths(hs, "hs"))
    depths = check_widths(depths, "depths")
    collapse_widths = check_widths(collapse_widths, "collapse_widths")
    max_depth = check_width(max_depth, "max_depth")
    check_entries(8.0 * max_depth * len(collapse_widths), "max_depth")  # the collapse bound at every depth
    n_networks = check_width(n_networks, "n_networks")
    seed = check_seed(seed)
    from matplotlib.lines import Line2D

    X, y = bs.blindspot_dataset(seed=seed)
    fig, axes = figure(2, 2, width=8.8, height=7.0)
    ax = axes[0]
    for value, colour, name in ((1, PALETTE["blue"], "label 1"), (0, PALETTE["orange"], "label 0")):
        ax.scatter(*X[y == value].T, color=colour, s=18, label=name)
    ax.axhline(0, color="grey", lw=0.6)
    ax.axvline(0, color="grey", lw=0.6)
    label(ax, "$x_1$ (standardised)", "$x_2$ (standardised)", "(a) Prop. 4 dataset")
    ax.legend(fontsize=9, loc="center right")
    for ax, init, name in ((axes[1], "lecun", "(b) LeCun'98"), (axes[2], "xavier", "(c) Xavier'10")):
        for depth, style in zip(depths, ("-", "--")):
            ax.plot(hs, [bs.mu_for_failure(int(h), depth, init=init) for h in hs], style, color=PALETTE["blue"],
                    label=f"{depth} hidden layer{'s' if depth > 1 else ''}")
        ax.plot(hs, [bs.mu_for_failure(int(h), depths[-1], init=0.01) for h in hs], ":", color=PALETTE["vermillion"],
                label=f"fixed $\\sigma$ = 0.01, {depths[-1]} layers")
        ax.set_xscale("log")
        label(ax, "hidden units per layer $h$", "$\\mu$ for 99% failure", name)
        ax.legend(fontsize=9, loc="upper right")
    ax = axes[3]
    k = np.arange(1, max_depth + 1)
    colours = (PALETTE["blue"], PALETTE["green"], PALETTE["purple"])
    for h, colour in zip(collapse_widths, colours):
        ax.plot(k, bs.collapse_bound(k, h), color=colour)
        ks = k[:: max(1, max_depth // 8)]
        mc = [bs.monte_carlo_collapse(int(d), h, n_networks=n_networks, seed=seed) for d in ks]
        ax.plot(ks, [m["bound_event"] for m in mc], "o", color=colour, ms=4)
        ax.plot(ks, [m["constant"] for m in mc], "^", color=colour, ms=5, mfc="none")
    label(ax, "hidden layers $k$", "P(constant on the data)", "(d) Prop. 5")
    ax.set_ylim(-0.03, 1.03)
    handles = [Line2D([], [], color=c, label=f"h = {h}") for h, c in zip(collapse_widths, colours)]
    handles += [Line2D([], [], color="0.3", label="B.2 bound"),
                Line2D([], [], ls="", marker="o", ms=4, color="0.3", label="bound's event (MC)"),
                Line2D([], [], ls="", marker="^", ms=5, mfc="none", color="0.3", label="constant output (MC)")]
    ax.legend(handles=handles, fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    needed = {init: [bs.mu_for_failure(int(h), depths[-1], init=init) for h in (hs[0], hs[-1])] for init in ("lecun", "xavier")}
    bounds = ", ".join(f"h = {h}: {bs.collapse_bound(np.array([1]), h)[0]:.2f} at 1 layer, "
                       f"{bs.collapse_bound(np.array([max_depth]), h)[0]:.2f} at {max_depth}" for h in collapse_widths)
    trend = "falls" if needed["lecun"][1] < needed["lecun"][0] else "does not fall"
    return describe(fig, f"(a) The dataset of Prop. 4: {int((y == 1).sum())} points of label 1 and {int((y == 0).sum())} "
                         f"of label 0. (b), (c) The weight mean mu at which 99% of networks fail {trend} as the width h "
                         f"grows from {hs[0]} to {hs[-1]}: with {depths[-1]} layers from {needed['lecun'][0]:.3g} to "
                         f"{needed['lecun'][1]:.3g} (LeCun) and from {needed['xavier'][0]:.3g} to {needed['xavier'][1]:.3g} "
                         f"(Xavier). (d) The bound on the probability that the network is constant on the data "
                         f"against depth ({bounds}), with Monte Carlo markers beside it.")


MAX_DEPTH = 8
"""The explorer's deepest network (bars for deeper layers are drawn empty)."""


def blindspot_frame(mu: float = 0.3, sigma: float = 0.3, depth: int = 2, outlier: float = 10.0, h: int = 10,
                    n_networks: int = 200, seed: int = 0, fig=None):
    """One frame: the dataset for this data scale, and the share of dead units per layer for N(mu, sigma^2) weights.

    ``fig``: a figure made by this function to update in place (artists are moved, not redrawn).
    """
    mu = check_real(mu, "mu")
    sigma = check_positive(sigma, "sigma")
    depth = check_width(depth, "depth")
    outlier = check_real(outlier, "outlier")
    h = check_width(h, "h")
    n_networks = check_width(n_networks, "n_networks")
    seed = check_seed(seed)
    check_figure(fig)
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH} in the explorer, got {depth}.")
    X, y = bs.blindspot_dataset(outlier=outlier, seed=seed)
    share = bs.dead_unit_share(X, mu, sigma, h=h, depth=depth, n_networks=n_networks, seed=seed)
    heights = np.zeros(MAX_DEPTH)
    heights[:depth] = share["per_layer"]
    negative = np.all(X[:-1] < 0, axis=1)
    colours = np.where(negative, PALETTE["blue"], PALETTE["vermillion"])
    data_title = f"data, outlier at {outlier:.1f}: {int((~negative).sum())} cluster points leave the negative quadrant"
    share_title = f"Eq. (3): {share['analytic']:.3f}; nets dead on the whole cluster: {share['all_dead']:.3f}"
    if fig is None or not hasattr(fig, "_blindspot"):
        fig, axes = figure(ncols=2, width=9.0, height=3.6, fast=True)
        ax = axes[0]
        points = ax.scatter(*X[:-1].T, c=colours, s=16)
        star = ax.scatter(*X[-1], color=PALETTE["black"], marker="*", s=80, label="outlier x*")
        ax.scatter([], [], color=PALETTE["blue"], s=16, label="cluster, all features < 0")
        ax.scatter([], [], color=PALETTE["vermillion"], s=16, label="cluster, a feature >= 0")
        ax.axhline(0, color="grey", lw=0.6)
        ax.axvline(0, color="grey", lw=0.6)
        ax.set_xlim(-2.5, 5.0)
        ax.set_ylim(-2.5, 5.0)
        label(ax, "$x_1$ (standardised)", "$x_2$ (standardised)", data_title)
        ax.legend(fontsize=9, loc="upper left")  # the points lie near the diagonal: upper left stays empty
        ax = axes[1]
        bars = ax.bar(np.arange(1, MAX_DEPTH + 1), heights, color=PALETTE["sky"])
        ax.set_ylim(0, 1.05)
        ax.set_xticks(np.arange(1, MAX_DEPTH + 1))
        label(ax, "hidden layer", "share of units dead on the cluster", share_title)
        for a in axes:
            a.title.set_fontsize(9)
        fig._blindspot = dict(points=points, star=star, bars=bars)
        return describe(fig, _frame_text(mu, share))
    art = fig._blindspot
    art["points"].set_offsets(X[:-1])
    art["points"].set_facecolors(colours)
    art["star"].set_offsets(X[-1:])
    for bar, height in zip(art["bars"], heights):
        bar.set_height(height)
    fig.axes[0].set_title(data_title, fontsize=9)
    fig.axes[1].set_title(share_title, fontsize=9)
    return describe(fig, _frame_text(mu, share))


def _frame_text(mu: float, share: dict) -> str:
    """What a frame of the blind-spot explorer shows, in words, from the shares it draws."""
    layers = ", ".join(f"{value:.2f}" for value in share["per_layer"])
    return (f"With weight mean mu = {mu:.2f}, the share of units dead on the cluster, layer by layer: {layers}; "
            f"a share {share['all_dead']:.3f} of the networks is dead on the whole cluster (Eq. (3): "
            f"{share['analytic']:.3f}). Left: the data, the outlier as a star.")


def blindspot_explorer(mu: float = 0.3, sigma: float = 0.3, depth: int = 2, outlier: float = 10.0,
                       mus=np.linspace(-0.5, 1.5, 21)):
    """Sliders for the weight mean, the spread, the depth and the data scale (the outlier's distance)."""
    mu = check_real(mu, "mu")
    sigma = check_positive(sigma, "sigma")
    depth = check_width(depth, "depth")
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH} in the explorer, got {depth}.")
    outlier = check_real(outlier, "outlier")
    mus = as_vector(mus, "mus")
    from lossland.book.widgets import explorer, live_view, scrubber

    def live():
        import ipywidgets as w

        controls = dict(
            mu=w.FloatSlider(value=mu, min=-1.0, max=2.0, step=0.02, description="mu"),
            sigma=w.FloatSlider(value=sigma, min=0.01, max=1.0, step=0.01, description="sigma"),
            depth=w.IntSlider(value=depth, min=1, max=MAX_DEPTH, description="depth"),
            outlier=w.FloatSlider(value=outlier, min=0.2, max=30.0, step=0.1, description="outlier"),
        )
        return live_view(controls, lambda fig, mu, sigma, depth, outlier: blindspot_frame(mu, sigma, depth, outlier, fig=fig))

    def fallback():
        start = int(np.argmin(np.abs(mus - mu)))
        caption = lambda m: f"mu = {m:.2f}, sigma = {sigma:.2f}, depth = {depth}, outlier at {outlier:.1f}"
        return scrubber(lambda fig, m: blindspot_frame(m, sigma, depth, outlier, fig=fig), mus, label="weight mean mu",
                        caption=caption, start=start, in_place=True)

    return explorer(live, fallback)
