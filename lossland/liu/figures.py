"""Figures and explorers of Chapter 2, Sec. 2-6 of the Liu paper (drawing only).

The mathematics comes from :mod:`lossland.liu`, :mod:`lossland.liu.example`
and :mod:`lossland.liu.boundary`.
"""
from __future__ import annotations

import numpy as np

from lossland.book.plots import PALETTE, figure, label, square_limits
from lossland.book.widgets import explorer, live_view, scrubber
from lossland.liu.example import CELLS, example_cells, example_loss

_CELL_CENTRES = {"r1": (-1.6, -1.6), "r2": (-1.6, 1.6), "r3": (1.6, -1.6), "r4": (1.6, 1.6)}


def draw_example(ax, y, radius: float = 2.5, colourbar: bool = False):
    """Fig. 2 / A1 of the Liu paper: the loss over the weight plane and each cell's minimisers (z = 1)."""
    grid = np.linspace(-radius, radius, 161)
    W1, W2 = np.meshgrid(grid, grid)
    image = ax.contourf(W1, W2, example_loss(W1, W2, y), levels=20)
    cells = example_cells(y)
    for name, cell in cells.items():
        colour = PALETTE["green"] if cell.genuine else PALETTE["vermillion"]
        if cell.kind == "point":
            ax.plot(*cell.R, marker="o" if cell.genuine else "X", ms=10, color=colour, mec="white")
        elif cell.kind == "line":
            # R* = A^+ y + (I - A^+ A) c: a line along the inactive sample's coordinate;
            # inside the cell only its half with that coordinate negative.
            free = np.array([1.0, 1.0]) - np.array(CELLS[name])
            ends = np.array([cell.R - radius * free, cell.R - (cell.R @ free) * free])
            ax.plot(*ends.T, color=colour, lw=3, ls="-" if cell.genuine else "--")
        text = f"{name}: {cell.kind}, loss {cell.loss:g}" + ("" if cell.genuine else "\n(outside its cell)")
        ax.annotate(text, _CELL_CENTRES[name], ha="center", va="center", fontsize=8, color="white", weight="bold")
    square_limits(ax, radius)
    label(ax, "$w_1$", "$w_2$", f"$y = ({y[0]:g}, {y[1]:g})$")
    return image


def fig2():
    """Fig. 2 of the Liu paper: the two-sample example for y = (1, 1) and y = (1, -1)."""
    fig, axes = figure(ncols=2, width=8.6, height=4.2)
    for ax, y in zip(axes, ((1.0, 1.0), (1.0, -1.0))):
        image = draw_example(ax, y)
    fig.colorbar(image, ax=list(axes), label="Liu's loss $L$", shrink=0.85)
    return fig


def example_explorer(y2: float = 1.0, values=np.linspace(-1.5, 1.5, 25)):
    """Change the second label and watch each cell's minimisers move, and leave their cells."""

    def draw(fig, value):
        if fig is None:
            fig, ax = figure(width=5.0, height=4.6, fast=True)
        else:
            ax = fig.axes[0]
            ax.clear()
        draw_example(ax, (1.0, value))
        return fig

    def live():
        import ipywidgets as w

        return live_view(dict(value=w.FloatSlider(value=y2, min=-1.5, max=1.5, step=0.05, description="y2")), draw)

    def fallback():
        start = int(np.argmin(np.abs(values - y2)))
        return scrubber(lambda v: draw(None, v), values, label="label y2", caption=lambda v: f"y = (1, {v:.2f})", start=start)

    return explorer(live, fallback)
