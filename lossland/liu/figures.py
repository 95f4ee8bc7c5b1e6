"""Figures and explorers of Chapter 2, Sec. 2-6 of the Liu paper (drawing only).

The mathematics comes from :mod:`lossland.liu`, :mod:`lossland.liu.example`
and :mod:`lossland.liu.boundary`.
"""
from __future__ import annotations

import functools

import numpy as np

from lossland.book.plots import PALETTE, check_axes, check_figure, describe, figure, label, square_limits
from lossland.book.widgets import explorer, live_view, scrubber, wipe
from lossland.core.validation import as_vector, check_positive, check_real
from lossland.liu.example import CELLS, example_cells, example_loss

__all__ = ["draw_example", "fig2", "example_frame", "example_explorer"]

#: Where each cell's label goes: near the outer edge, clear of the minimisers for labels y2 in [-1.5, 1.5]
#: (r2's line and r4's point sit at w2 = y2, r3's line at w1 = 1).
_CELL_CENTRES = {"r1": (-1.5, -2.3), "r2": (-1.5, 2.35), "r3": (2.02, -2.3), "r4": (1.85, 2.35)}
#: Contour levels shared by every panel and frame, so one colour means one loss everywhere.
#: Spaced evenly in colour (BoundaryNorm), finer near the cells' minima (0, 1/2, 1), each of
#: which lies inside a band rather than on a level.
LEVELS = np.array([0.0, 0.25, 0.4, 0.6, 0.9, 1.1, 1.5, 2.0, 3.0, 4.5, 7.0, 10.0])


@functools.lru_cache(maxsize=32)
def _cells(y: tuple[float, float]) -> dict:
    """:func:`example_cells` for labels ``y``, computed once for the drawing and its description (read only)."""
    return example_cells(y)


def _cell_text(name: str, cell) -> str:
    """Two short lines for one cell: its minimisers and loss, or the loss it only approaches."""
    if cell.genuine:
        return f"{name}: {cell.kind}\nmin L = {cell.loss:.3g}"
    return f"{name}: no minimum\nL > {cell.lowest:.3g} inside"


def draw_example(ax, y, radius: float = 3.0):
    """Fig. 2 / A1 of the Liu paper: the loss over the weight plane and each cell's minimisers (z = 1).

    Green: minimisers inside their cell (solid line, dot); vermillion: minimisers of the
    cell's quadratic that lie outside the cell (dashed line, cross). Returns the contour
    set, for a colour bar.
    """
    check_axes(ax)
    y = tuple(as_vector(y, "y", length=2))
    radius = check_positive(radius, "radius")
    from matplotlib import colormaps
    from matplotlib.colors import BoundaryNorm

    grid = np.linspace(-radius, radius, 161)
    W1, W2 = np.meshgrid(grid, grid)
    cmap = colormaps["viridis"]
    image = ax.contourf(W1, W2, example_loss(W1, W2, y), levels=LEVELS, norm=BoundaryNorm(LEVELS, cmap.N), cmap=cmap, extend="max")
    cells = _cells(y)
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
        ax.annotate(_cell_text(name, cell), _CELL_CENTRES[name], ha="center", va="center", fontsize=9,
                    color="white", weight="bold", linespacing=1.2,
                    bbox=dict(boxstyle="round,pad=0.2", fc="black", alpha=0.45, ec="none"))  # legible on any colour
    square_limits(ax, radius)
    ax.grid(False)
    label(ax, "$w_1$", "$w_2$", f"$y = ({y[0]:g}, {y[1]:g})$")
    return image


def _example_text(y) -> str:
    """In words, what :func:`draw_example` shows for labels ``y``: each cell's minimisers and loss."""
    parts = []
    for name, cell in _cells(tuple(float(v) for v in y)).items():
        if cell.genuine:
            kind = {"point": "a single minimum"}.get(cell.kind, f"a {cell.kind} of minima")
            parts.append(f"{name} has {kind} at loss {cell.loss:.3g}")
        else:
            parts.append(f"{name} has no minimum (its quadratic's minimisers lie outside it; loss above {cell.lowest:.3g})")
    return f"for y = ({y[0]:g}, {y[1]:g}), " + "; ".join(parts)


def fig2():
    """Fig. 2 of the Liu paper: the two-sample example for y = (1, 1) and y = (1, -1), on shared levels."""
    fig, axes = figure(ncols=2, width=8.4, height=4.0)
    for ax, y in zip(axes, ((1.0, 1.0), (1.0, -1.0))):
        image = draw_example(ax, y)
    bar = fig.colorbar(image, ax=list(axes), label="Liu's loss $L$", shrink=0.9)
    bar.set_ticks(LEVELS, labels=[f"{level:g}" for level in LEVELS])  # every level labelled
    return describe(fig, "Liu's loss over the weight plane, shaded by level, in four activation cells r1 to r4. "
                         "Left, " + _example_text((1.0, 1.0)) + ". Right, " + _example_text((1.0, -1.0)) + ".")


def example_frame(y2: float, fig=None):
    """One frame of the example explorer: :func:`draw_example` for the labels ``y = (1, y2)``.

    ``fig``: a figure of this explorer to redraw in place (``None`` creates one).
    """
    y2 = check_real(y2, "y2")
    check_figure(fig)
    if fig is None:
        fig, ax = figure(width=5.0, height=4.6, fast=True)
    else:
        ax = fig.axes[0]
        wipe(ax)
    draw_example(ax, (1.0, y2))
    return describe(fig, "Liu's loss over the weight plane in four activation cells, " + _example_text((1.0, y2)) + ".")


def example_explorer(y2: float = 1.0, values=np.linspace(-1.5, 1.5, 25)):
    """Change the second label and watch each cell's minimisers move, and leave their cells."""
    y2 = check_real(y2, "y2")
    values = as_vector(values, "values")

    def draw(fig, value):
        return example_frame(value, fig)

    def live():
        import ipywidgets as w

        return live_view(dict(value=w.FloatSlider(value=y2, min=-1.5, max=1.5, step=0.05, description="y2")), draw)

    def fallback():
        start = int(np.argmin(np.abs(values - y2)))
        return scrubber(draw, values, label="label y2", caption=lambda v: f"y = (1, {v:.2f})", start=start, in_place=True)

    return explorer(live, fallback)
