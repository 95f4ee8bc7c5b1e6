"""Figures and explorers of Chapter 4, Sec. 5 of the Petzka-Sminchisescu paper (drawing only).

The mathematics comes from :mod:`lossland.petzka.embedding` and :mod:`lossland.petzka.experiment`.
"""
from __future__ import annotations

import numpy as np

from lossland.book.plots import PALETTE, figure, label
from lossland.book.widgets import explorer, live_view, scrubber
from lossland.core import sigmoid_nets as sn
from lossland.petzka import embedding


def draw_probe(ax, steps, losses, minimum, centre: float, title: str, shown: int = 200) -> None:
    """Loss along many random directions (thin lines, a subset) and its minimum over all of them (thick)."""
    for row in losses[:shown]:
        ax.plot(steps, row, color=PALETTE["sky"], lw=0.4, alpha=0.5)
    ax.plot(steps, minimum, color=PALETTE["vermillion"], lw=2, label=f"minimum over {len(losses)} directions")
    ax.axhline(centre, color="0.3", ls="--", lw=1, label="loss at the centre")
    ax.set_ylim(centre - 0.05 * abs(centre) - 0.02, centre + 0.5 * abs(centre) + 0.1)
    ax.legend(fontsize=7, loc="upper center")
    label(ax, "step along the direction", "total loss", title)


def fig3(result):
    """Fig. 3 of the paper (a)-(d): the wide local minimum, the path to a saddle, the saddle, its descent direction.

    Bottom row: the minimum over all directions minus the centre loss, for (a) and (c).
    """
    fig, axes = figure(ncols=4, nrows=2, width=12.0, height=5.6)
    top, bottom = axes[:4], axes[4:]
    centre = float(result.path_losses[0])
    draw_probe(top[0], result.steps, result.minimum_losses, result.minimum_min, centre, "(a) at the local minimum")
    top[1].plot(result.lambdas, result.path_losses, color=PALETTE["blue"])
    top[1].set_ylim(centre - 0.5, centre + 0.5)
    label(top[1], r"$\lambda$ of the last added neuron", "total loss", "(b) path to a saddle")
    draw_probe(top[2], result.steps, result.saddle_losses, result.saddle_min, centre, "(c) at the saddle")
    top[3].plot(result.steps, result.descent_losses, color=PALETTE["green"])
    top[3].axhline(centre, color="0.3", ls="--", lw=1)
    label(top[3], "step along the direction", "total loss", "(d) Lemma 12 direction")
    for ax, minimum, name in ((bottom[0], result.minimum_min, "(a)"), (bottom[2], result.saddle_min, "(c)")):
        ax.plot(result.steps, minimum - centre, color=PALETTE["vermillion"])
        ax.axhline(0.0, color="0.3", ls="--", lw=1)
        label(ax, "step along the direction", "min over directions - centre", f"{name}: best direction")
    bottom[1].axis("off")
    bottom[3].axis("off")
    return fig


def draw_eigenvalues(ax, lams, eigenvalues, current=None) -> None:
    """Smallest Hessian eigenvalues of the embedded point against lambda; (0, 1) shaded."""
    ax.axvspan(0.0, 1.0, color=PALETTE["green"], alpha=0.12, label=r"$\lambda \in (0, 1)$")
    ax.plot(lams, eigenvalues[:, 0], color=PALETTE["vermillion"], label="smallest eigenvalue")
    ax.plot(lams, eigenvalues[:, 1], color=PALETTE["blue"], ls="--", label="second smallest")
    ax.axhline(0.0, color="0.3", lw=0.8)
    if current is not None:
        ax.plot(*current, "o", color="black", ms=7)
    ax.legend(fontsize=8, loc="lower left")
    label(ax, r"$\lambda$ of the split neuron", "Hessian eigenvalue", "Embedded 1-1-1 minimum in a 1-2-1 network")


def eigenvalue_sweep(lams=np.linspace(-1.0, 2.0, 61)):
    """The shallow example of Sec. 5.2: smallest eigenvalues of the embedded point for each lambda."""
    arch, theta, X, y = embedding.shallow_example()
    return lams, embedding.embedded_smallest_eigenvalues(arch, theta, X, y, layer=1, neuron=0, lams=lams)


def lambda_frame(lam: float, sweep, fig=None):
    """One frame of the lambda explorer: where the embedded point sits on the eigenvalue curve, and the loss along its softest direction."""
    lams, eigenvalues = sweep
    arch, theta, X, y = embedding.shallow_example()
    big, big_theta = embedding.embed(arch, theta, 1, 0, float(lam))
    values, vectors = np.linalg.eigh(sn.hessian(big, big_theta, X, y))
    steps = np.linspace(-1.0, 1.0, 41)
    along = sn.loss_batch(big, big_theta + steps[:, None] * vectors[:, 0], X, y)
    if fig is None:
        fig, (left, right) = figure(ncols=2, width=9.0, height=3.6, fast=True)
    else:
        left, right = fig.axes[:2]
        left.clear()
        right.clear()
    draw_eigenvalues(left, lams, eigenvalues, current=(lam, values[0]))
    right.plot(steps, along - along[len(steps) // 2], color=PALETTE["vermillion"])
    label(right, "step along the softest eigenvector", "change of total loss", f"λ = {lam:.2f}: smallest eigenvalue {values[0]:.3g}")
    return fig


def lambda_explorer(lam: float = 0.5, values=np.linspace(-0.8, 1.8, 27)):
    """Move lambda of the split neuron: inside (0, 1) a (degenerate) minimum, outside a saddle."""
    sweep = eigenvalue_sweep()

    def live():
        import ipywidgets as w

        slider = w.FloatSlider(value=lam, min=-1.0, max=2.0, step=0.05, description="λ")
        return live_view(dict(value=slider), lambda fig, value: lambda_frame(value, sweep, fig))

    def fallback():
        start = int(np.argmin(np.abs(values - lam)))
        return scrubber(lambda v: lambda_frame(v, sweep), values, label="λ", caption=lambda v: f"λ = {v:.2f}", start=start)

    return explorer(live, fallback)
