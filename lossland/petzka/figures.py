"""Figures and explorers of Chapter 4, Sec. 5 of the Petzka-Sminchisescu paper (drawing only).

The mathematics comes from :mod:`lossland.petzka.embedding` and :mod:`lossland.petzka.experiment`.
"""
from __future__ import annotations

import numpy as np

from lossland.book.display import below
from lossland.book.plots import PALETTE, check_axes, check_figure, describe, figure, label
from lossland.book.widgets import explorer, live_view, moving_changes, scrubber
from lossland.core import sigmoid_nets as sn
from lossland.core.validation import (
    as_array, as_matrix, as_vector, check_flag, check_natural, check_real, check_seed, check_text,
)
from lossland.petzka import embedding

__all__ = ["draw_probe", "fig3", "draw_eigenvalues", "eigenvalue_sweep", "fig_eigenvalues", "fig_deep_saddle",
           "lambda_frame", "lambda_explorer"]


def draw_probe(ax, steps, losses, minimum, centre: float, title: str, shown: int = 200) -> None:
    """Loss along many random directions (thin lines, a subset) and its minimum over all of them (thick)."""
    check_axes(ax)
    steps = as_vector(steps, "steps")
    losses = as_matrix(losses, "losses", columns=len(steps))
    minimum = as_vector(minimum, "minimum", length=len(steps))
    centre = check_real(centre, "centre")
    check_text(title, "title")
    shown = check_natural(shown, "shown")
    for row in losses[:shown]:
        ax.plot(steps, row, color=PALETTE["sky"], lw=0.4, alpha=0.5)
    ax.plot(steps, minimum, color=PALETTE["vermillion"], lw=2, label=f"minimum over all {len(losses)} directions")
    ax.axhline(centre, color="0.3", ls="--", lw=1, label="loss at the centre")
    ax.set_ylim(centre - 0.05 * abs(centre) - 0.02, centre + 0.5 * abs(centre) + 0.1)
    label(ax, "step along the direction", "total loss", title)


def fig3(result):
    """Fig. 3 of the paper (a)-(d), three rows of two panels (8.4 in wide, for the text column).

    Row 1: (a) random directions at the wide local minimum, (b) the degenerate path to a saddle.
    Row 2: (c) the same directions at the saddle, (d) the Lemma 12 direction there.
    Row 3: the paper's bottom images of (a) and (c): the minimum over all directions minus the centre loss.
    """
    from lossland.petzka.experiment import Figure3

    if not isinstance(result, Figure3):
        raise TypeError(f"result must be a Figure3 (from experiment.figure3), got {type(result).__name__}.")
    fig, axes = figure(ncols=2, nrows=3, width=8.4, height=9.0)
    centre = float(result.path_losses[0])
    draw_probe(axes[0], result.steps, result.minimum_losses, result.minimum_min, centre, "(a) at the local minimum")
    axes[1].plot(result.lambdas, result.path_losses, color=PALETTE["blue"], label="loss along the path")
    axes[1].set_ylim(centre - 0.5, centre + 0.5)
    label(axes[1], r"$\lambda$ of the last added neuron", "total loss", "(b) path to a saddle")
    draw_probe(axes[2], result.steps, result.saddle_losses, result.saddle_min, centre, "(c) at the saddle")
    axes[3].plot(result.steps, result.descent_losses, color=PALETTE["green"], label="loss along the Lemma 12 direction")
    axes[3].axhline(centre, color="0.3", ls="--", lw=1)
    label(axes[3], "step along the direction", "total loss", "(d) Lemma 12 direction")
    for ax, minimum, name in ((axes[4], result.minimum_min, "(a)"), (axes[5], result.saddle_min, "(c)")):
        ax.plot(result.steps, minimum - centre, color=PALETTE["vermillion"])
        ax.axhline(0.0, color="0.3", ls="--", lw=1)
        label(ax, "step along the direction", "minimum - centre loss", f"{name} bottom: best of all directions")
    handles, labels = axes[0].get_legend_handles_labels()
    for ax in (axes[1], axes[3]):
        more = ax.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=9)
    return describe(fig, f"Losses along directions from two points of total loss {centre:.4g}. At the local minimum "
                         f"(a) no direction goes below it (the best of all directions changes it by "
                         f"{below(np.min(result.minimum_min - centre), 1e-9)}); (b) the path to the saddle keeps the loss between "
                         f"{np.min(result.path_losses):.4g} and {np.max(result.path_losses):.4g}; at the saddle (c) the "
                         f"best direction changes it by {below(np.min(result.saddle_min - centre), 1e-9)} and (d) the "
                         f"Lemma 12 direction reaches {np.min(result.descent_losses):.4g}.")


def draw_eigenvalues(ax, lams, eigenvalues, current=None, title: str = "Embedded 1-1-1 minimum in a 1-2-1 network",
                     legend: bool = True) -> None:
    """Smallest Hessian eigenvalues of the embedded point against lambda; (0, 1) shaded; legend under the axes."""
    check_axes(ax)
    lams = as_vector(lams, "lams")
    eigenvalues = as_array(eigenvalues, "eigenvalues")
    eigenvalues = as_matrix(eigenvalues, "eigenvalues", columns=None if eigenvalues.ndim == 2 else 1)
    if len(eigenvalues) != len(lams):
        raise ValueError(f"eigenvalues must have one row per lambda ({len(lams)}), got shape {eigenvalues.shape}.")
    if current is not None:
        current = tuple(as_vector(current, "current", length=2))
    check_text(title, "title")
    legend = check_flag(legend, "legend")
    ax.axvspan(0.0, 1.0, color=PALETTE["green"], alpha=0.12, label=r"$\lambda \in (0, 1)$")
    ax.plot(lams, eigenvalues[:, 0], color=PALETTE["vermillion"], label="smallest eigenvalue")
    if eigenvalues.shape[1] > 1:
        ax.plot(lams, eigenvalues[:, 1], color=PALETTE["blue"], ls="--", label="second smallest")
    ax.axhline(0.0, color="0.3", lw=0.8)
    if current is not None:
        ax.plot(*current, "o", color="black", ms=7, label="current $\\lambda$")
    if legend:
        ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2)
    label(ax, r"$\lambda$ of the split neuron", "Hessian eigenvalue", title)


def eigenvalue_sweep(lams=np.linspace(-1.0, 2.0, 61), seed: int = embedding.SHALLOW_SEEDS["positive"]):
    """The shallow example of Sec. 5.2: smallest eigenvalues of the embedded point for each lambda."""
    lams = as_vector(lams, "lams")
    seed = check_seed(seed)
    arch, theta, X, y = embedding.shallow_example(seed=seed)
    return lams, embedding.embedded_smallest_eigenvalues(arch, theta, X, y, layer=1, neuron=0, lams=lams)


def fig_eigenvalues():
    """Both halves of Theorem 8: the smallest two Hessian eigenvalues against lambda for B > 0 (left) and B < 0 (right)."""
    fig, axes = figure(ncols=2, width=8.4, height=3.6)
    for ax, sign, title in zip(axes, ("positive", "negative"), ("$B > 0$: minima inside (0, 1)", "$B < 0$: minima outside [0, 1]")):
        draw_eigenvalues(ax, *eigenvalue_sweep(seed=embedding.SHALLOW_SEEDS[sign]), title=title, legend=False)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3, fontsize=9)
    return describe(fig, "The smallest Hessian eigenvalue of the embedded point against lambda, the interval (0, 1) "
                         "shaded. " + " ".join(_sign_text(ax) for ax in axes))


def _sign_text(ax) -> str:
    """Where the smallest-eigenvalue curve drawn on ``ax`` is non-negative, in words (its title first)."""
    lams, smallest = (np.asarray(values) for values in ax.lines[0].get_data())
    keep = smallest >= -1e-9 * np.abs(smallest).max()  # zero up to round-off counts as non-negative
    runs, start = [], None
    for k, flag in enumerate(keep):
        if flag and start is None:
            start = k
        if start is not None and (not flag or k == len(keep) - 1):
            end = k if flag else k - 1
            runs.append(f"from {lams[start]:.2f} to {lams[end]:.2f}")
            start = None
    where = ("for lambda " + " and ".join(runs)) if runs else "for no lambda"
    return f"{ax.get_title().replace('$', '')}: the smallest eigenvalue is non-negative {where}."


def fig_deep_saddle(lams=np.linspace(-1.0, 2.0, 61)):
    """Theorem 9 with D != 0: the smallest Hessian eigenvalue of the split 1-1-2-1 minimum stays negative for every lambda."""
    lams = as_vector(lams, "lams")
    arch, theta, X, y = embedding.deep_example()
    eigenvalues = embedding.embedded_smallest_eigenvalues(arch, theta, X, y, layer=1, neuron=0, lams=lams, k=1)
    fig, ax = figure(width=6.4, height=3.4)
    draw_eigenvalues(ax, lams, eigenvalues, title="Split a first-layer neuron of a 1-1-2-1 minimum ($D \\neq 0$)")
    ax.set_ylim(top=-0.1 * eigenvalues.min())  # keep the zero line inside the axes
    return describe(fig, f"The smallest Hessian eigenvalue of the split point against lambda from {lams[0]:g} to "
                         f"{lams[-1]:g}: it stays between {eigenvalues.min():.3g} and {eigenvalues.max():.3g}, "
                         f"{'below zero for every lambda' if eigenvalues.max() < 0 else 'not always below zero'}.")


LAMBDA_STEPS = np.linspace(-0.4, 0.4, 41)
"""Steps of the explorer's right panel: small enough that the quadratic term shows (inside (0, 1) no dip)."""


def lambda_frame(lam: float, sweep, fig=None, seed: int = embedding.SHALLOW_SEEDS["positive"]):
    """One frame of the lambda explorer: where the embedded point sits on the eigenvalue curve (left), and the
    loss along the softest curved direction and along the flat direction (right)."""
    lam = check_real(lam, "lam")
    if not isinstance(sweep, tuple) or len(sweep) != 2:
        raise TypeError(f"sweep must be the pair (lams, eigenvalues) from eigenvalue_sweep(), got {type(sweep).__name__}.")
    lams = as_vector(sweep[0], "sweep")
    eigenvalues = as_matrix(sweep[1], "sweep")
    if len(eigenvalues) != len(lams):
        raise ValueError(f"sweep must hold one row of eigenvalues per lambda, got {len(lams)} and {eigenvalues.shape}.")
    sweep = (lams, eigenvalues)
    check_figure(fig)
    seed = check_seed(seed)
    lams, eigenvalues = sweep
    arch, theta, X, y = embedding.shallow_example(seed=seed)
    split = embedding.split_directions(arch, theta, X, y, 1, 0, float(lam))
    big, big_theta, steps = split["big_arch"], split["big_theta"], LAMBDA_STEPS
    centre = sn.loss(big, big_theta, X, y)
    along = sn.loss_batch(big, big_theta + steps[:, None] * split["softest"], X, y) - centre
    flat = sn.loss_batch(big, big_theta + steps[:, None] * split["null"][:, 0], X, y) - centre
    curves = {"along": along, "quadratic": 0.5 * split["curvature"] * steps**2, "flat": flat}
    dot = (lam, split["hessian_eigenvalues"][0])
    if fig is None or not hasattr(fig, "_lossland_artists"):
        fig = _lambda_figure(lams, eigenvalues, dot, steps, curves)
    right, art = fig.axes[1], fig._lossland_artists
    art["dot"].set_data(*([value] for value in dot))
    for key, values in curves.items():
        art[key].set_data(steps, values)
    with moving_changes(fig):
        right.relim()
        right.autoscale_view()
    # The title's text alone: set_title would also reset every title's placement, a change to the saved picture.
    right.title.set_text(f"λ = {lam:.2f}: curvature μ = {split['curvature']:.3f}")
    return describe(fig, f"At lambda = {lam:.2f} the smallest Hessian eigenvalue is "
                         f"{below(split['hessian_eigenvalues'][0], 1e-9)} (left, the dot on the curve); right, along the "
                         f"softest curved direction the loss changes by {below(along.min(), 1e-9)} to "
                         f"{below(along.max(), 1e-9)} (curvature {split['curvature']:.3f}), along the flat direction "
                         f"by {below(np.abs(flat).max(), 1e-9)}.")


def _lambda_figure(lams, eigenvalues, dot, steps, curves: dict):
    """The lambda explorer's figure, drawn once; a move changes only its animated artists (see ``moving_changes``):
    the dot on the eigenvalue curves (left), and the three curves, the y axis and the title of the right panel."""
    fig, (left, right) = figure(ncols=2, width=8.4, height=3.8, fast=True)
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.36, top=0.88, wspace=0.35)
    draw_eigenvalues(left, lams, eigenvalues, current=dot, title="Hessian eigenvalues")
    art = {"dot": left.lines[-1]}
    art["dot"].set_visible(False)  # the limits of the curves alone, the same in every frame: the dot moves on them
    left.relim(visible_only=True)
    left.autoscale_view()
    left.autoscale(False)
    art["dot"].set_visible(True)
    art["along"], = right.plot(steps, curves["along"], color=PALETTE["vermillion"], label="softest curved direction")
    art["quadratic"], = right.plot(steps, curves["quadratic"], color=PALETTE["black"], ls=":", lw=1.2,
                                   label=r"$\frac{1}{2}\mu t^2$ (its curvature $\mu$)")
    art["flat"], = right.plot(steps, curves["flat"], color=PALETTE["blue"], ls="--", label=r"flat direction $v_{-1} - v_r$")
    right.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=1)
    label(right, "step t along the direction", "change of total loss")
    for artist in (*art.values(), right.yaxis, right.title, *right.spines.values()):  # spines over the curves
        artist.set_animated(True)
    fig._lossland_artists = art
    return fig


def lambda_explorer(lam: float = 0.5, values=np.linspace(-0.8, 1.8, 27), seed: int = embedding.SHALLOW_SEEDS["positive"]):
    """Move lambda of the split neuron.  With the default seed (B > 0): inside (0, 1) a (degenerate) minimum,
    outside a saddle; with ``seed=embedding.SHALLOW_SEEDS["negative"]`` (B < 0) the other way round."""
    lam = check_real(lam, "lam")
    values = as_vector(values, "values")
    seed = check_seed(seed)
    sweep = eigenvalue_sweep(seed=seed)

    def live():
        import ipywidgets as w

        slider = w.FloatSlider(value=lam, min=-1.0, max=2.0, step=0.05, description="λ")
        return live_view(dict(value=slider), lambda fig, value: lambda_frame(value, sweep, fig, seed))

    def fallback():
        start = int(np.argmin(np.abs(values - lam)))
        return scrubber(lambda fig, v: lambda_frame(v, sweep, fig, seed), values, label="λ", caption=lambda v: f"λ = {v:.2f}",
                        start=start, in_place=True)

    return explorer(live, fallback)
