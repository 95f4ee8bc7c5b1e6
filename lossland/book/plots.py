"""The book's figure style: one palette, labelled axes, the same look in every chapter.

Plotting functions here only draw what they are given; the mathematics is
computed by the modules of each chapter.
"""
from __future__ import annotations

import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lossland.core.validation import check_flag, check_positive, check_text

__all__ = ["GENERIC_ALTS", "PALETTE", "SEQUENTIAL", "alt_text", "book_style", "check_figure", "describe", "figure", "label",
           "square_limits", "weak_alt", "check_axes", "check_axes_list", "forget_summary"]

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
    _show_alt_text()

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
    check_axes(ax)
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
    check_axes(ax)
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


def check_axes(ax, name: str = "ax") -> None:
    """Raise a TypeError naming ``name`` unless ``ax`` is a matplotlib Axes: the figure functions' check of their ``ax``."""
    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes (e.g. from figure()), got {type(ax).__name__}.")


def check_axes_list(axes, name: str = "axes") -> list:
    """A sequence of matplotlib Axes (or one), as a flat list; a TypeError naming ``name`` otherwise."""
    flat = list(np.ravel(np.array(axes, dtype=object))) if not isinstance(axes, Axes) else [axes]
    if not flat or not all(isinstance(ax, Axes) for ax in flat):
        raise TypeError(f"{name} must be matplotlib Axes (e.g. from figure()), got {type(axes).__name__}.")
    return flat


# ---------------------------------------------------------------- text alternatives
# A figure's text alternative (the page's <img alt>, a screen reader's words for it) says what
# the figure shows, in two parts: the summary the figure's own code attaches with describe(),
# written from the data it draws (which curve is where, counts, ranges), and a description of
# its panels generated from what is drawn (axis quantities and ranges, named curves, colour
# maps). A figure without a summary still gets the panels: its alternative is never a file name.
_SUMMARY = "_lossland_alt"
#: Alternatives that say nothing about the picture (compared lower-case, without punctuation).
GENERIC_ALTS = frozenset({"figure", "image", "img", "plot", "graph", "chart", "picture", "frame", "png",
                          "precomputed frame", "photo", "diagram", "output", "untitled"})
_FILE_NAME = re.compile(r"(^|[\\/])[\w.-]+\.(png|jpe?g|gif|svg|pdf|webp)$|^(\.\.?/|data:|https?:)", re.IGNORECASE)


def weak_alt(text) -> str | None:
    """Why ``text`` fails as a figure's text alternative (empty, a file name, a generic word), or ``None``."""
    if not isinstance(text, str) or not text.strip():
        return "it is empty"
    cleaned = text.strip()
    if _FILE_NAME.search(cleaned):
        return f"it is a file name or address ({cleaned[:60]!r})"
    words = re.sub(r"[^a-z ]", " ", cleaned.lower()).split()
    if " ".join(words) in GENERIC_ALTS or (words and len(words) <= 3 and words[-1] in GENERIC_ALTS and
                                           all(w in GENERIC_ALTS or w in {"a", "the", "of", "one"} for w in words)):
        return f"it is a generic word ({cleaned!r}), not what the figure shows"
    return None


def describe(fig, text: str):
    """Attach to ``fig`` the summary of what it shows; returns ``fig``.

    ``text`` says what the reader should see, written by the figure's code from the data it
    draws ("the loss falls from 0.8 to 0.02 in 40 steps"), not what the figure is called; the
    caption stays the caption. :func:`alt_text` adds the axes' description to it. Calling it
    again replaces the summary (an explorer's frame describes itself on every redraw).
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure (e.g. from figure()), got {type(fig).__name__}.")
    text = check_text(text, "text", empty=False).strip()
    reason = weak_alt(text)
    if reason:
        raise ValueError(f"text must say what the figure shows, but {reason}: name its quantities and what to see.")
    setattr(fig, _SUMMARY, text)
    return fig


def alt_text(fig) -> str:
    """The text alternative of ``fig``: its :func:`describe` summary, then what each panel draws."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure (e.g. from figure()), got {type(fig).__name__}.")
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>" and _drawn_on(ax)]
    parts = [getattr(fig, _SUMMARY, "")]
    many = len(panels) > 1
    if many:
        parts.append(f"{len(panels)} panels.")
    for number, ax in enumerate(panels):
        parts.append(_panel_text(ax, f"Panel {chr(ord('a') + number)}" if many else "The plot"))
    for bar in (ax for ax in fig.axes if ax.get_label() == "<colorbar>"):
        name = _plain(bar.get_ylabel() or bar.get_xlabel() or bar.get_title())
        vertical = bar.get_ylim() if bar.get_ylabel() or not bar.get_xlabel() else bar.get_xlim()
        parts.append(f"Colour bar{': ' + name if name else ''} ({_range(*sorted(vertical))}).")
    text = " ".join(p for p in parts if p)
    return text if not weak_alt(text) else "A figure with no labelled axes."


def forget_summary(fig) -> None:
    """Drop the summary of the last frame drawn into ``fig`` (an explorer redraws it in place)."""
    if isinstance(fig, Figure):
        fig.__dict__.pop(_SUMMARY, None)


def _drawn_on(ax) -> bool:
    return bool(ax.lines or ax.collections or ax.images or ax.patches or ax.texts or ax.get_title())


_TEX_WORDS = {"cdot": "·", "times": "×", "in": "in", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "to": "→",
              "infty": "infinity", "approx": "≈", "pm": "±", "|": "‖", "ldots": "…", "dots": "…"}


def _plain(text: str) -> str:
    """A label as words: TeX's $, braces and subscript marks removed, \\alpha read as alpha, \\le as ≤."""
    text = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}",  # \frac{1}{2} read as 1/2, \frac{a+b}{c} as (a+b)/c
                  lambda m: "/".join(p if p.strip().isalnum() else f"({p})" for p in m.groups()), text)
    text = re.sub(r"\\(mathrm|mathbf|mathit|mathcal|text|operatorname|left|right|big|Big)", "", text)
    text = re.sub(r"\\[,;! ]", " ", text)
    text = re.sub(r"\\([A-Za-z]+|\|)", lambda m: f" {_TEX_WORDS.get(m.group(1), m.group(1))} ", text)
    text = re.sub(r"(?<=\w)\s*_", "", re.sub(r"[${}]", "", text))
    return " ".join(text.split())


def _range(low: float, high: float) -> str:
    """An axis range in words; one of round-off size (it differs between machines) as its bound."""
    if max(abs(low), abs(high)) < 1e-9:
        return "within 1e-09 of zero"
    return f"from {low:.3g} to {high:.3g}"


def _axis_range(ax, which: str) -> str:
    """One axis's range in words; a log axis says so and keeps its tiny bounds (1e-300 is not "zero" there)."""
    low, high = sorted(ax.get_ylim() if which == "y" else ax.get_xlim())
    if (ax.get_yscale() if which == "y" else ax.get_xscale()) == "log":
        return f"log scale, from {low:.3g} to {high:.3g}"
    return _range(low, high)


def _panel_text(ax, name: str) -> str:
    """One panel in words: title, axis quantities with their ranges, named curves, colour maps."""
    title = _plain(ax.get_title() or ax.get_title("left") or "")
    lettered = re.match(r"^\(?[a-h]\)\s", title)  # "(a) ..." already names the panel
    words = [f"{title}:" if lettered else f"{name}{', ' + title if title else ''}:"]
    xlabel, ylabel = _plain(ax.get_xlabel()), _plain(ax.get_ylabel())
    if xlabel or ylabel:
        words.append(f"{ylabel or 'value'} ({_axis_range(ax, 'y')}) against {xlabel or 'position'} ({_axis_range(ax, 'x')}).")
    named = [_plain(line.get_label()) for line in ax.lines if not line.get_label().startswith("_")]
    named += [_plain(c.get_label()) for c in ax.collections if not c.get_label().startswith("_")]
    if named:
        words.append("Curves: " + ", ".join(dict.fromkeys(n for n in named if n)) + ".")
    elif ax.lines:
        words.append(f"{len(ax.lines)} line{'s' if len(ax.lines) > 1 else ''}.")
    if ax.images or any(type(c).__name__ in ("QuadMesh", "QuadContourSet", "ContourSet") or hasattr(c, "levels")
                        for c in ax.collections):
        words.append("Colour shading fills the panel.")
    return " ".join(words)


def _alt_metadata(fig, include=None, exclude=None) -> tuple[dict, dict]:
    """IPython's display metadata for a figure: its text alternative, which the page's <img> carries."""
    return {}, {"image/png": {"alt": alt_text(fig)}}


def _show_alt_text() -> None:
    """In IPython, every displayed figure carries :func:`alt_text` in its output's metadata.

    MyST-NB then writes it into the page's ``<img alt>`` (:mod:`lossland.book.figure_text`).
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.mimebundle_formatter.for_type(Figure, _alt_metadata)
