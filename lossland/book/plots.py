"""The book's figure style: one palette, labelled axes, the same look in every chapter.

Plotting functions here only draw what they are given; the mathematics is
computed by the modules of each chapter.
"""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lossland.core.validation import check_flag, check_positive, check_text

__all__ = ["PALETTE", "SEQUENTIAL", "book_style", "check_figure", "figure", "label", "square_limits"]

# Okabe & Ito's colour-blind-safe palette.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
SEQUENTIAL = "viridis"
"""Colour map for landscapes: perceptually uniform and readable in grey scale."""

def book_style() -> None:
    """Apply the book's matplotlib settings (call once at the top of a chapter)."""
    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.figsize": (7.0, 4.0),
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=list(PALETTE.values())),
            "image.cmap": SEQUENTIAL,
            "legend.frameon": False,
        }
    )

def figure(ncols: int = 1, nrows: int = 1, width: float = 7.0, height: float = 3.6, fast: bool = False, **kwargs):
    """A figure with a grid of axes, sized for the book's text column.

    ``fast=True`` uses fixed margins instead of constrained layout: several
    times quicker to draw, for explorers that redraw on every slider move.
    """
    ncols, nrows = check_positive(ncols, "ncols", integer=True), check_positive(nrows, "nrows", integer=True)
    width, height = check_positive(width, "width"), check_positive(height, "height")
    fast = check_flag(fast, "fast")
    if fast:
        fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False, **kwargs)
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.86, wspace=0.3, hspace=0.35)
    else:
        fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), constrained_layout=True, squeeze=False, **kwargs)
    return fig, axes.ravel() if axes.size > 1 else axes[0, 0]

def label(ax, xlabel: str, ylabel: str, title: str | None = None) -> None:
    """Label both axes (with units where they have any) and optionally title the panel."""
    _check_axes(ax)
    check_text(xlabel, "xlabel")
    check_text(ylabel, "ylabel")
    if title is not None:
        check_text(title, "title")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)

def square_limits(ax, radius: float) -> None:
    """Equal aspect ratio and symmetric limits, for pictures of a weight plane."""
    _check_axes(ax)
    radius = check_positive(radius, "radius")
    ax.set_xlim(-radius, radius)
    ax.set_ylim(-radius, radius)
    ax.set_aspect("equal")
    ax.axhline(0, color="0.6", lw=0.6)
    ax.axvline(0, color="0.6", lw=0.6)


def check_figure(fig, name: str = "fig"):
    """Return ``fig`` if it is ``None`` (make a new figure) or a matplotlib Figure to redraw."""
    if fig is not None and not isinstance(fig, Figure):
        raise TypeError(f"{name} must be None or a matplotlib Figure (e.g. from figure()), got {type(fig).__name__}.")
    return fig


def _check_axes(ax, name: str = "ax") -> None:
    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes (e.g. from figure()), got {type(ax).__name__}.")


def _check_axes_list(axes, name: str = "axes") -> list:
    """A sequence of matplotlib Axes (or one), as a flat list."""
    flat = list(np.ravel(np.array(axes, dtype=object))) if not isinstance(axes, Axes) else [axes]
    if not flat or not all(isinstance(ax, Axes) for ax in flat):
        raise TypeError(f"{name} must be matplotlib Axes (e.g. from figure()), got {type(axes).__name__}.")
    return flat
