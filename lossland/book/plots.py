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
    if ncols * nrows > 100:  # matplotlib builds every panel at once: 2**31 of them exhaust the memory
        raise ValueError(f"ncols x nrows = {ncols} x {nrows} panels is too many: at most 100 in one figure "
                         f"(the book's figures have at most two side by side); reduce ncols or nrows.")
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


# Labels as a screen reader should say them: TeX read as words, the way one reads a formula aloud.
_TEX_SYMBOLS = {"cdot": "·", "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "to": "→", "approx": "≈",
                "pm": "±", "neq": "≠", "ne": "≠", "ldots": "…", "dots": "…", "|": "‖"}
"""Commands read as a symbol, set apart by spaces as a relation (``a \\le b``); ‖ is a delimiter and is not."""
_TEX_WORDS = {"infty": "infinity", "top": "transpose"}
"""Commands read as another word (any other, \\alpha say, reads as its name)."""
_TEX_FONTS = {"mathrm", "mathbf", "mathit", "mathcal", "mathsf", "mathbb", "boldsymbol", "text", "operatorname"}
_TEX_SIZES = {"left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr"}
_TEX_ACCENTS = {"tilde", "hat", "bar", "widetilde", "widehat", "overline", "vec", "dot"}
_TEX_SPACES = {",", ";", "!", " ", ":", "quad", "qquad"}
_OPERATORS = {"min": "over", "max": "over", "inf": "over", "sup": "over", "argmin": "over", "argmax": "over",
              "sum": "over", "lim": "as", "log": "base"}
"""Operators whose subscript is read as a clause: min_{a,W} f is "min over a, W of f", log_10 x "log base 10 of x"."""
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _plain(text: str) -> str:
    """A label as words: its $...$ parts read aloud (\\alpha as alpha, x_1 as x1, \\Omega_j as Omega sub j,
    \\min_{a,W} \\tilde L as min over a, W of L tilde, t^2 as t², \\le as ≤); the rest as matplotlib shows it."""
    parts = re.split(r"(?<!\\)\$", text)
    if len(parts) % 2 == 0:  # an unpaired $: matplotlib draws the label as plain text
        return " ".join(text.split())
    words = _join([(part, False) if k % 2 == 0 else (_math_words(part).strip(), True) for k, part in enumerate(parts)])
    return " ".join(words.replace("\\$", "$").split())


def _math_words(tex: str) -> str:
    """One formula (the inside of $...$) read as words."""
    pieces, i = [], 0
    while i < len(tex):
        start = i
        word, i, operator = _atom(tex, i)
        spaced = tex[start] in "\\{"  # a command or a group reads as a word of its own
        while i + 1 < len(tex) and tex[i] in "_^":
            spaced = True
            mark, (script, i, _) = tex[i], _atom(tex, i + 1)
            if mark == "_" and operator in _OPERATORS:  # min_{a,W} as "min over a, W of"
                word, operator = f"{operator} {_OPERATORS[operator]} {', '.join(script.split(','))} of", None
            elif mark == "_":
                word = f"{word}{script}" if script.isdigit() and len(word) == 1 else f"{word} sub {script}"
            elif script.isdigit():
                word = f"{word}{script.translate(_SUPERSCRIPT_DIGITS)}"
            else:
                word = f"{word} {script}" if script == "transpose" else f"{word} to the power {script}"
        pieces.append((word, spaced))
    return _join(pieces)


def _join(pieces: list[tuple[str, bool]]) -> str:
    """A formula's pieces as one text: a space between two words that would run together (a_1a_2 as
    a1 a2, 2\\pi as 2 pi), none inside a run of plain letters and digits (10 stays 10)."""
    text, last_spaced = "", False
    for piece, spaced in pieces:
        if text and piece and (spaced or last_spaced) and text[-1].isalnum() and piece[0].isalnum():
            text += " "
        text, last_spaced = text + piece, spaced
    return text


def _atom(tex: str, i: int) -> tuple[str, int, str | None]:
    """The atom of ``tex`` at ``i`` in words, the index after it, and its name if it is an operator (min, log)."""
    if i >= len(tex):  # a command that wants an argument at the end (\frac{1}): nothing to read
        return "", i, None
    if tex[i] == "{":
        depth = 0
        for end in range(i, len(tex)):
            depth += {"{": 1, "}": -1}.get(tex[end], 0)
            if depth == 0:
                return _math_words(tex[i + 1:end]).strip(), end + 1, None
        return _math_words(tex[i + 1:]).strip(), len(tex), None  # unclosed: the rest is the group
    if tex[i] != "\\":
        return tex[i], i + 1, None
    name = re.match(r"[A-Za-z]+|.?", tex[i + 1:]).group(0)
    i += 1 + len(name)
    if name in _TEX_FONTS or name in _TEX_ACCENTS:
        i += len(tex[i:]) - len(tex[i:].lstrip())
        inner, i, operator = _atom(tex, i)
        if name in _TEX_ACCENTS:
            return f"{inner} {name.removeprefix('wide').replace('overline', 'bar')}", i, None
        return inner, i, operator or (inner if name == "operatorname" or inner in _OPERATORS else None)
    if name in ("frac", "dfrac", "tfrac"):  # \frac{1}{2} read as 1/2, \frac{a+b}{c} as (a+b)/c
        top, i, _ = _atom(tex, i)
        bottom, i, _ = _atom(tex, i)
        return "/".join(p if p.isalnum() else f"({p})" for p in (top, bottom)), i, None
    if name in _TEX_SIZES:
        return "", i, None
    if name in _TEX_SPACES:
        return " ", i, None
    if name in _TEX_SYMBOLS:
        return f" {_TEX_SYMBOLS[name]} " if name != "|" else _TEX_SYMBOLS[name], i, None
    if name in ("in", "notin"):
        return f" {'in' if name == 'in' else 'not in'} ", i, None
    return _TEX_WORDS.get(name, name), i, name if name in _OPERATORS else None


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

    MyST-NB then writes it into the page's ``<img alt>`` (the build's Sphinx extension,
    ``scripts/sitebuild/figure_text.py``).
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.mimebundle_formatter.for_type(Figure, _alt_metadata)
