"""Fig. 4 of Swirszcz, Czarnecki & Pascanu (drawing only): data and two local minima per panel.

The mathematics comes from :mod:`lossland.blindspots.relu_regression`.
"""
from __future__ import annotations

import numpy as np

from lossland.blindspots.relu_regression import dataset, paper_loss, solution
from lossland.book.plots import PALETTE, figure, label
from lossland.core import nets

PANELS = {
    "a": ("D1", "prop1_better", "prop1_local", "1 hidden unit"),
    "b": ("D2", "prop2_global", "prop2_local", "2 hidden units"),
    "c": ("D3", "prop3_better", "prop3_local", "3 hidden units"),
}


def draw_panel(ax, panel: str, printed: bool = False):
    """One panel of Fig. 4: the data, the better fit (blue) and the worse local minimum (red).

    ``printed=True`` draws Prop. 2's parameters as printed (``w_2 = -1``) in panel (b).
    """
    if panel not in PANELS:
        raise ValueError(f"panel must be one of {sorted(PANELS)}, got {panel!r}.")
    data, good, bad, title = PANELS[panel]
    if printed and panel == "b":
        good, bad = good + "_printed", bad + "_printed"
    X, y = dataset(data)
    grid = np.linspace(X.min() - 1.5, X.max() + 1.5, 400)[:, None]
    for name, colour, what in [(good, PALETTE["blue"], "better"), (bad, PALETTE["vermillion"], "worse")]:
        arch, theta, _, _ = solution(name)
        ax.plot(grid[:, 0], nets.outputs(arch, theta, grid), color=colour, lw=2,
                label=f"{what} minimum, $\\mathcal{{L}}$ = {paper_loss(theta, X, y):.3g}")
    ax.plot(X[:, 0], y, "D", color=PALETTE["black"], ms=6, label=data)
    label(ax, "$x$", "$y$", f"Fig. 4 ({panel}): {data}, {title}")
    ax.legend(fontsize=8)
    return ax


def fig4(printed: bool = False):
    """Fig. 4 (a)-(c): local minima of ReLU regression with 1, 2 and 3 hidden units."""
    fig, axes = figure(3, width=11.0, height=3.6)
    for ax, panel in zip(axes, "abc"):
        draw_panel(ax, panel, printed)
    return fig
