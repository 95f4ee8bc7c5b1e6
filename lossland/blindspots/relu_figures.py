"""Fig. 4 of Swirszcz, Czarnecki & Pascanu (drawing only): data and two local minima per panel.

The mathematics comes from :mod:`lossland.blindspots.relu_regression`.
"""
from __future__ import annotations

import numpy as np

from lossland.blindspots.relu_regression import dataset, paper_loss, solution
from lossland.book.plots import PALETTE, check_axes, describe, figure, label
from lossland.core import nets
from lossland.core.validation import check_choice, check_flag

__all__ = ["draw_panel", "fig4"]

PANELS = {
    "a": ("D1", "prop1_better", "prop1_local", "1 hidden unit"),
    "b": ("D2", "prop2_global", "prop2_local", "2 hidden units"),
    "c": ("D3", "prop3_better", "prop3_local", "3 hidden units"),
}
PERFECT = {"c": "prop3_perfect"}
"""A perfect fit (ours, not the paper's) drawn dotted where the better minimum is not global."""


def draw_panel(ax, panel: str, printed: bool = False):
    """One panel of Fig. 4: the data, the better fit (blue), the worse one (vermillion) and,
    in panel (c), a perfect fit (black, dotted).

    ``printed=True`` draws Prop. 2's parameters as printed (``w_2 = -1``) in panel (b):
    then neither line is a local minimum, and the legend says so.
    """
    panel = check_choice(panel, "panel", sorted(PANELS))
    check_axes(ax)
    printed = check_flag(printed, "printed")
    data, good, bad, title = PANELS[panel]
    names = [(good, PALETTE["blue"], "-", "better minimum"), (bad, PALETTE["vermillion"], "-", "worse minimum")]
    if printed and panel == "b":
        names = [(good + "_printed", PALETTE["blue"], "-", "printed 'global'"),
                 (bad + "_printed", PALETTE["vermillion"], "-", "printed 'local'")]
        title = "2 units, $w_2 = -1$ as printed"
    elif panel in PERFECT:
        names.append((PERFECT[panel], PALETTE["black"], ":", "perfect fit"))
    X, y = dataset(data)
    grid = np.linspace(X.min() - 1.5, X.max() + 1.5, 400)[:, None]
    for name, colour, style, what in names:
        arch, theta, _, _ = solution(name)
        loss = float(paper_loss(theta, X, y))
        loss = "0" if loss < 1e-12 else f"{loss:.3g}"   # a perfect fit's round-off is not a number to print
        ax.plot(grid[:, 0], nets.outputs(arch, theta, grid), style, color=colour, lw=2,
                label=f"{what}, $\\mathcal{{L}}$ = {loss}")
    ax.plot(X[:, 0], y, "D", color=PALETTE["black"], ms=6, label=data)
    label(ax, "$x$", "$y$", f"{data}, {title}")
    ax.legend(fontsize=9, loc="upper right")
    return ax


def fig4(printed: bool = True):
    """Fig. 4 (a)-(c) in a 2 x 2 grid: local minima of ReLU regression with 1, 2 and 3 hidden units;
    with ``printed`` (default) a fourth panel (d) draws Prop. 2's parameters as printed."""
    printed = check_flag(printed, "printed")
    fig, axes = figure(2, 2, width=8.8, height=6.6)
    for ax, panel in zip(axes, "abc"):
        draw_panel(ax, panel)
        ax.set_title(f"({panel}) " + ax.get_title())
    if printed:
        draw_panel(axes[3], "b", printed=True)
        axes[3].set_title("(d) " + axes[3].get_title())
    else:
        axes[3].set_visible(False)
    fits = [len([line for line in ax.lines if "minimum" in line.get_label()]) for ax in axes[:3]]
    return describe(fig, f"ReLU regression on small datasets (black diamonds) with 1, 2 and 3 hidden units, panels (a) to "
                         f"(c): each panel draws {' and '.join(sorted(set(map(str, fits))))} local minima as fitted lines, the "
                         f"better in blue and the worse in vermillion, their losses in the legend"
                         f"{'; panel (d): the two-unit parameters as the paper prints them' if printed else ''}.")
