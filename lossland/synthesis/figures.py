"""Figures of the closing chapter: the running example through five lenses, and its explorer.

Figures draw and never compute: :func:`lossland.synthesis.running.five_lenses` computes, these draw.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lossland.book.plots import PALETTE, describe, figure, label
from lossland.book.widgets import explorer, live_view, scrubber, wipe
from lossland.core import nets
from lossland.core import sigmoid_nets as sn
from lossland.core.validation import check_choice, check_real
from lossland.synthesis.running import MIDDLE_TARGETS, Lenses, five_lenses

__all__ = ["lenses_figure", "lenses_caption", "lenses_explorer"]

_GRID = np.linspace(-2.3, 2.3, 185)[:, None]


def _check_lenses(lenses) -> Lenses:
    if not isinstance(lenses, Lenses):
        raise TypeError(f"lenses must be a Lenses (from five_lenses), got {type(lenses).__name__}.")
    return lenses


def lenses_figure(lenses: Lenses, fig=None):
    """Left: the data and three fitted functions; right: per width, the share of poor minima and of trapped starts.

    ``fig`` is ``None`` (a new figure) or the figure of a previous call, redrawn in place (the explorer).
    """
    lenses = _check_lenses(lenses)
    if fig is not None and (not isinstance(fig, Figure) or len(fig.axes) != 2):
        raise TypeError(f"fig must be None or a figure from an earlier lenses_figure call, got {fig!r:.60}.")
    if fig is None:
        fig, axes = figure(2, width=7.0, height=3.7, fast=True)
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.36, top=0.92, wspace=0.3)
    axes = fig.axes
    for ax in axes:
        wipe(ax)
    ax = axes[0]
    ax.plot(lenses.X[:, 0], lenses.y, "o", color=PALETTE["black"], label="data", zorder=3)
    if lenses.bad is not None:
        ax.plot(_GRID[:, 0], nets.outputs(lenses.bad.arch, lenses.bad.theta, _GRID), color=PALETTE["vermillion"],
                label="worst bad minimum, width 1 (Ch. 1, 3)")
    student = sn.Architecture((1, 1, 1))
    ax.plot(_GRID[:, 0], sn.forward(student, lenses.split["theta"], _GRID), "--", color=PALETTE["blue"],
            label="sigmoid 1-1-1 minimum (Ch. 4)")
    arch = nets.Architecture(1, 3, True)
    ax.plot(_GRID[:, 0], nets.outputs(arch, lenses.blind["theta_blind"], _GRID), ":", color=PALETTE["purple"], lw=2,
            label="trained from a blind spot (Ch. 5)")
    ax.set_ylim(-0.6, 2.6)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=9)
    label(ax, "input x", "target / output", f"(a) data (middle target t = {lenses.t:g}), fits")
    ax = axes[1]
    widths = sorted(lenses.regions)
    x = np.arange(len(widths))
    bars = [("poor share (Ch. 1)", [lenses.regions[h]["poor_share"] for h in widths], PALETTE["vermillion"], None),
            ("bad share (Ch. 2)", [lenses.liu[h]["bad_share"] for h in widths], PALETTE["orange"], "//"),
            ("trapped starts (Ch. 2)", [lenses.liu[h]["trapped"] for h in widths], PALETTE["blue"], None)]
    for k, (name, values, colour, hatch) in enumerate(bars):
        ax.bar(x + (k - 1) * 0.27, values, 0.27, color=colour, hatch=hatch, edgecolor="white", label=name)
    ax.set_xticks(x, [str(h) for h in widths])
    ax.set_ylim(0, 1.0)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=9)
    label(ax, "hidden units", "share", "(b) shares of bad minima and of traps")
    return describe(fig, _lenses_text(lenses, widths, bars))


def _lenses_text(lenses: Lenses, widths: list, bars: list) -> str:
    """What :func:`lenses_figure` shows, from the numbers it draws: the fits' losses, then each width's bars."""
    bad = ("no bad minimum at width 1" if lenses.bad is None else
           f"the worst bad minimum of width 1 (loss {lenses.bad.loss:.3g}, the best is {lenses.bad.best:.3g})")
    shares = "; ".join(f"width {h}: " + ", ".join(f"{name.split(' (')[0]} {values[k]:.0%}" for name, values, _, _ in bars)
                       for k, h in enumerate(widths))
    return (f"(a) The {len(lenses.y)} data points with middle target t = {lenses.t:g} and three fits: {bad}, the sigmoid "
            f"1-1-1 minimum (loss {lenses.split['loss']:.3g}) and the net trained from a blind spot (loss "
            f"{lenses.blind['loss_blind']:.3g}). (b) Bars per width, {shares}.")


def lenses_caption(lenses: Lenses) -> str:
    """One line per lens, from the same numbers the figure draws: the text under an explorer frame."""
    lenses = _check_lenses(lenses)
    widest = max(lenses.regions)
    exp, split, blind = lenses.exp, lenses.split, lenses.blind
    exp_text = ("Ch. 3: no bad minimum at width 1" if exp is None else
                f"Ch. 3: exp-neuron from the bad minimum: L~ {exp['L_start']:.3f} -> {exp['L_tilde_end']:.3f}, "
                f"certified minimum {exp['certified']}, |(a,b,w)| {exp['extra_norm']:.1f}")
    kind = "minimum" if split["smallest"][0.5] > -1e-9 else "saddle"
    return (f"t = {lenses.t:g}. Ch. 1: width {widest}: {lenses.regions[widest]['poor']} poor of "
            f"{lenses.regions[widest]['genuine']} genuine region minima. Ch. 2: {lenses.liu[widest]['bad']} bad minima, "
            f"{lenses.liu[widest]['trapped']:.0%} of starts trapped. {exp_text}. Ch. 4: B = {split['B']:+.3f}, split at "
            f"lambda = 0.5 is a {kind}. Ch. 5: blind start ends at loss {blind['loss_blind']:.3f} (mean fit "
            f"{blind['mean_bound']:.3f}), random start {blind['loss_random']:.3f}.")


def lenses_explorer(t: float = 0.0, values=MIDDLE_TARGETS):
    """Move the middle target ``t`` of the running example; all five lenses are recomputed for each value.

    The lenses are computed once per value when the explorer is built (about a second each), so that
    moving the slider only redraws.  Live: a slider over ``values``; kernel-free: one precomputed frame per value.
    """
    t = check_real(t, "t")
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or not 1 <= len(values) <= 12:
        raise TypeError(f"values must be a sequence of 1 to 12 middle targets (each a frame), got {values!r:.60}.")
    values = tuple(float(check_real(v, "values")) for v in values)
    start = check_choice(t, "t", values)

    seen = {value: five_lenses(value) for value in values}  # computed once: a slider move only redraws

    def live():
        import ipywidgets as w
        from IPython.display import display

        slider = w.SelectionSlider(options=values, value=start, description="middle target t",
                                   style={"description_width": "initial"})  # the whole label, not "middle tar..."
        caption = w.HTML()

        def frame(fig, value):
            caption.value = lenses_caption(seen[value])
            return lenses_figure(seen[value], fig)

        view = live_view(dict(value=slider), frame)
        display(caption)  # beside, not around, the explorer's box of slider and figure
        return view

    def fallback():
        return scrubber(lambda fig, value: lenses_figure(seen[value], fig), values, label="middle target t",
                        caption=lambda value: lenses_caption(seen[value]), start=values.index(start), in_place=True)

    return explorer(live, fallback)
