"""Figures of Chapter 5, Swirszcz, Czarnecki & Pascanu (drawing only).

The mathematics comes from :mod:`lossland.blindspots.jellyfish`.
"""
from __future__ import annotations

import numpy as np

from lossland.blindspots.jellyfish import (
    ACTIVATIONS, Params, activation_patterns, decision_grid, forward, kink_distances, linearity,
)
from lossland.book.plots import PALETTE, check_axes, describe, figure, label
from lossland.core.validation import as_matrix, as_vector, check_choice, check_positive, check_text

__all__ = ["draw_data", "draw_boundary", "draw_converged_and_stuck", "draw_concentration"]


def _check_network(params, name: str) -> None:
    if not isinstance(params, Params):
        raise TypeError(f"{name} must be a Params batch (from jellyfish.init_params or train), got {type(params).__name__}.")


def draw_data(ax, X, y) -> None:
    """The four points: positives as blue circles, negatives as vermillion crosses."""
    check_axes(ax)
    X = as_matrix(X, "X", columns=2)
    y = as_vector(y, "y", length=len(X))
    ax.scatter(*X[y > 0.5].T, marker="o", s=60, color=PALETTE["blue"], edgecolor="white", zorder=3, label="positive")
    ax.scatter(*X[y < 0.5].T, marker="X", s=70, color=PALETTE["vermillion"], edgecolor="white", zorder=3, label="negative")


def draw_boundary(ax, params, X, y, activation: str = "relu", title: str | None = None, n: int = 161) -> None:
    """Fig. 3 of the paper, one panel: the network's output probability, its decision boundary
    (black, z = 0) and, for ReLU, the edges of its linear pieces (grey); where every point lies
    in one piece, that piece is hatched and edged dashed, and the title gives the smallest
    distance from a point to a kink line (:func:`~lossland.blindspots.jellyfish.kink_distances`)."""
    check_axes(ax)
    _check_network(params, "params")
    X = as_matrix(X, "X", columns=2)
    y = as_vector(y, "y", length=len(X))
    activation = check_choice(activation, "activation", ACTIVATIONS)
    if title is not None:
        check_text(title, "title")
    n = check_positive(n, "n", integer=True)
    xs, ys, Z, codes = decision_grid(params, activation, n=n)
    ax.contourf(xs, ys, 1.0 / (1.0 + np.exp(-Z)), levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.6)
    ax.contour(xs, ys, Z, levels=[0.0], colors="black", linewidths=1.5)
    if activation == "relu":
        ax.contour(xs, ys, codes, levels=np.unique(codes)[:-1] + 0.5, colors="0.4", linewidths=0.5)
        distinct, share = linearity(params, X)
        if share[0] == 1.0:   # hatch the one piece that holds every point, edged dashed
            piece = (codes == activation_patterns(params.run(0), X)[0, 0]).astype(float)
            ax.contourf(xs, ys, piece, levels=[0.5, 1.5], colors="none", hatches=["////"])
            ax.contour(xs, ys, piece, levels=[0.5], colors="black", linewidths=1.2, linestyles="dashed")
        near = float(kink_distances(params.run(0), X).min())
        title = (f"{title or ''} ({distinct[0]} linear piece{'s' if distinct[0] > 1 else ''} on the data;\n"
                 f"nearest kink {near:.2g} from a point)").strip()
    draw_data(ax, X, y)
    ax.set_aspect("equal")
    label(ax, "$x_1$", "$x_2$", title)


def draw_converged_and_stuck(good, bad, X, y, activation: str = "relu"):
    """Fig. 3 rebuilt: a converged (left) and a stuck (right) network on the jellyfish."""
    _check_network(good, "good")
    _check_network(bad, "bad")
    fig, axes = figure(2, width=7.0, height=3.6)
    draw_boundary(axes[0], good, X, y, activation, "converged")
    draw_boundary(axes[1], bad, X, y, activation, "stuck")
    axes[0].legend(loc="upper right", fontsize=9)
    y = as_vector(y, "y")
    return describe(fig, f"The output probability of two networks over the input plane with their decision boundaries "
                         f"and the {int(np.sum(y > 0.5))} positive and {int(np.sum(y < 0.5))} negative points. "
                         + " ".join(_network_text(name, params, X, y, activation)
                                    for name, params in (("Left (converged)", good), ("Right (stuck)", bad))))


def _network_text(name: str, params, X, y, activation: str) -> str:
    """How one network of the batch ``params`` (its first) classifies the points, and for ReLU its pieces, in words."""
    z = forward(params.run(0), X, activation)[2][0]
    wrong = int(np.sum((z > 0) != (np.asarray(y) > 0.5)))
    text = f"{name}: {wrong} of {len(z)} points on the wrong side of the boundary"
    if activation == "relu":
        distinct, share = linearity(params.run(0), X)
        near = float(kink_distances(params.run(0), X).min())
        text += (f", {distinct[0]} linear piece{'s' if distinct[0] > 1 else ''} on the data"
                 f"{' (all points in one, hatched)' if share[0] == 1.0 else ''}, nearest kink {near:.2g} from a point")
    return text + "."


def draw_concentration(taus, patterns, mse=None):
    """Figs. 2 and 5, reduced: distinct activation patterns on tau * data for fresh networks
    (left) and, if given, the final training MSE of short zig-zag runs (right), against tau."""
    taus = as_vector(taus, "taus")
    if np.any(taus <= 0):
        raise ValueError("taus must be positive: they are drawn on a log scale.")
    patterns = as_vector(patterns, "patterns", length=len(taus))
    if mse is not None:
        mse = as_matrix(mse, "mse", columns=None)
        if len(mse) != len(taus):
            raise ValueError(f"mse must have one row per tau ({len(taus)}), got shape {mse.shape}.")
    fig, axes = figure(2 if mse is not None else 1, width=7.0 if mse is not None else 3.6, height=3.2)
    ax = axes[0] if mse is not None else axes
    ax.semilogx(taus, patterns, "o-", color=PALETTE["blue"])
    label(ax, r"scale $\tau$ of the inputs", "distinct activation patterns", "fresh ReLU nets")
    if mse is not None:
        mse = np.asarray(mse)
        for r in range(mse.shape[1]):
            axes[1].semilogx(taus, mse[:, r], ".", color=PALETTE["vermillion"], alpha=0.6)
        axes[1].semilogx(taus, np.median(mse, 1), "-", color=PALETTE["black"], label="median")
        label(axes[1], r"scale $\tau$ of the inputs", "training MSE (short runs)", "zig-zag (Fig. 5)")
        axes[1].legend()
    text = (f"Distinct activation patterns of fresh ReLU nets on the inputs scaled by tau, {patterns[0]:g} at tau = "
            f"{taus[0]:g} and {patterns[-1]:g} at tau = {taus[-1]:g} (from {patterns.min():g} to {patterns.max():g}).")
    if mse is not None:
        median = np.median(mse, 1)
        text += (f" Right: the median training MSE of short zig-zag runs is {median[0]:.3g} at tau = {taus[0]:g} "
                 f"and {median[-1]:.3g} at tau = {taus[-1]:g}.")
    return describe(fig, text)
