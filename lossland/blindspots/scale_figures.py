"""Figs. 1, 2 and 5 of Swirszcz, Czarnecki & Pascanu at book scale (drawing only).

The runs come from :func:`lossland.blindspots.mnist.fig1_runs`, :func:`~lossland.blindspots.mnist.fig2_runs`
and :func:`lossland.blindspots.jellyfish.fig5_runs`.
"""
from __future__ import annotations

import numpy as np

from lossland.blindspots.jellyfish import zigzag
from lossland.book.plots import PALETTE, describe, figure, label

__all__ = ["fig1", "fig2", "fig5"]

_COLOURS = (PALETTE["blue"], PALETTE["orange"], PALETTE["vermillion"], PALETTE["green"])


def _check_runs(runs, keys: tuple, name: str) -> dict:
    if not isinstance(runs, dict) or not all(k in runs for k in keys):
        raise TypeError(f"runs must be the dict returned by {name}(), with keys {keys}.")
    return runs


def fig1(runs: dict):
    """Fig. 1 rebuilt: final training accuracy against hidden units per layer, MNIST (left) and
    permuted labels (right); colour = weight mean of the initialisation, circles/solid = one
    hidden layer, triangles/dashed = the deepest; grey dotted = the majority class."""
    runs = _check_runs(runs, ("accuracy", "widths", "depths", "w_means", "chance"), "mnist.fig1_runs")
    fig, axes = figure(2, width=7.0, height=4.4)
    widths = np.array(runs["widths"])
    for ax, name, title in zip(axes, ("mnist", "permuted"), ("(a) MNIST", "(b) MNIST, labels permuted")):
        for colour, w_mean in zip(_COLOURS, runs["w_means"]):
            for depth, style, marker in zip(runs["depths"], ("-", "--"), ("o", "^")):
                acc = [runs["accuracy"][(name, w_mean, depth, w)] for w in widths]
                ax.plot(widths, acc, style, marker=marker, color=colour, ms=6,
                        label=f"w ~ N({w_mean:g}, 1/fan-in), {depth} hidden")
        ax.axhline(runs["chance"], color="0.5", ls=":", lw=1)
        ax.set_xscale("log", base=2)
        ax.set_xticks(widths, [str(w) for w in widths])
        ax.set_ylim(0, 1.05)
        label(ax, "hidden units per layer $h$", "final training accuracy", title)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=9, ncol=2, loc="outside lower center", frameon=False)
    return describe(fig, f"Final training accuracy against {', '.join(str(w) for w in widths)} hidden units per layer, "
                         f"for {len(runs['w_means'])} weight means and {len(runs['depths'])} depths; the majority class "
                         f"is at {runs['chance']:.0%}. " + " ".join(_fig1_panel(runs, name, title) for name, title in
                                                                    (("mnist", "(a) MNIST"), ("permuted", "(b) permuted labels"))))


def _fig1_panel(runs: dict, name: str, title: str) -> str:
    """One panel of Fig. 1 in words: its best and worst setting, and how many end near the majority class."""
    settings = {key[1:]: acc for key, acc in runs["accuracy"].items() if key[0] == name}
    (best_w, best_d, best_h), (worst_w, worst_d, worst_h) = max(settings, key=settings.get), min(settings, key=settings.get)
    near = sum(acc <= runs["chance"] + 0.02 for acc in settings.values())
    return (f"{title}: best {settings[best_w, best_d, best_h]:.0%} (mean {best_w:g}, {best_d} hidden, h = {best_h}), "
            f"worst {settings[worst_w, worst_d, worst_h]:.0%} (mean {worst_w:g}, {worst_d} hidden, h = {worst_h}); "
            f"{near} of {len(settings)} settings end within 2 points of the majority class.")


def fig2(runs: dict):
    """Fig. 2 rebuilt: final training accuracy of one-hidden-layer nets on tau * MNIST against tau,
    one colour per width (dots: seeds, line: their mean)."""
    runs = _check_runs(runs, ("accuracy", "taus", "widths"), "mnist.fig2_runs")
    fig, ax = figure(1, width=4.6, height=3.4)
    taus = np.array(runs["taus"])
    for colour, width in zip(_COLOURS, runs["widths"]):
        acc = np.array([runs["accuracy"][(t, width)] for t in runs["taus"]])
        ax.plot(np.repeat(taus, acc.shape[1]), acc.ravel(), "o", color=colour, ms=5, alpha=0.7)
        ax.plot(taus, acc.mean(1), "-", color=colour, label=f"h = {width}")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.05)
    label(ax, r"scale $\tau$ of the inputs", "final training accuracy", "MNIST scaled by $\\tau$")
    ax.legend(fontsize=9, loc="lower right")
    means = {width: [float(np.mean(runs["accuracy"][(t, width)])) for t in runs["taus"]] for width in runs["widths"]}
    return describe(fig, "Mean final training accuracy of one-hidden-layer nets over their seeds, against the scale tau "
                         "of the inputs: " + "; ".join(f"h = {width}: " + ", ".join(
                             f"{acc:.0%} at tau = {t:g}" for t, acc in zip(runs["taus"], means[width])) for width in means) + ".")


def fig5(runs: dict):
    """Fig. 5 rebuilt: (a) final training MSE on the zig-zag against hidden units, one colour per
    tau (dots: runs, line: median); (b) the data and the functions found at the smallest tau."""
    runs = _check_runs(runs, ("taus", "widths", "mse", "grid", "curves"), "jellyfish.fig5_runs")
    fig, (left, right) = figure(2, width=7.0, height=3.4)
    widths = np.array(runs["widths"])
    for colour, (j, tau) in zip(_COLOURS, enumerate(runs["taus"])):
        mse = runs["mse"][:, j, :]
        left.plot(np.repeat(widths, mse.shape[1]), mse.ravel(), "o", color=colour, ms=4, alpha=0.7)
        left.plot(widths, np.median(mse, 1), "-", color=colour, label=f"$\\tau$ = {tau:g}")
    left.set_xscale("log")
    left.set_xticks(widths, [str(w) for w in widths])
    label(left, "hidden units $h$", "final training MSE", "(a) zig-zag, short runs")
    left.legend(fontsize=9, loc="center right")
    X, y = zigzag()
    for k, curve in enumerate(runs["curves"]):
        right.plot(runs["grid"], curve, ("-", "--", ":")[k % 3], color=_COLOURS[k % len(_COLOURS)], lw=2, label=f"run {k + 1}")
    right.plot(X[:, 0], y, "D", color=PALETTE["black"], ms=5, label="data")
    label(right, "$x$ (before scaling)", "$y$", f"(b) fits at $\\tau$ = {min(runs['taus']):g}, h = {max(widths)}")
    right.set_ylim(y.min() - 0.2, y.max() + 0.8)        # room for the legend above the data
    right.legend(fontsize=9, loc="upper center", ncol=2)
    errors = [float(np.mean((np.interp(X[:, 0], runs["grid"], curve) - y) ** 2)) for curve in runs["curves"]]
    return describe(fig, "(a) Median final training MSE on the zig-zag per scale tau, at the fewest and the most hidden "
                         "units: " + "; ".join(f"tau = {tau:g}: {np.median(runs['mse'][0, j]):.3g} at h = {widths[0]}, "
                                               f"{np.median(runs['mse'][-1, j]):.3g} at h = {widths[-1]}"
                                               for j, tau in enumerate(runs["taus"])) +
                         f". (b) The {len(y)} data points and the {len(errors)} functions found at tau = "
                         f"{min(runs['taus']):g} with h = {max(widths)}; their mean squared errors at the data are "
                         + ", ".join(f"{e:.3g}" for e in errors) + ".")
