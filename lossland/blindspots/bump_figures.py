"""The bump of Theorem 1 (ii), drawn (drawing only; the numbers come from :mod:`lossland.blindspots.bump`)."""
from __future__ import annotations

import numpy as np

from lossland.blindspots.bump import bump_fit, bump_parts
from lossland.book.plots import PALETTE, describe, figure, label
from lossland.core.validation import check_dataset, check_index

__all__ = ["draw_bump"]


def draw_bump(X, y, r: int):
    """Two panels: (a) the three ReLUs of App. B.3 and their sum, the bump, against t;
    (b) a one-input dataset, the dead-layer point's constant mean(y) and the bump network
    :math:`\\mu + (\\nu - \\mu)\\,\\mathrm{bump}(v (x - x_r))`, with the losses (Eq. 2) in the legend."""
    X, y = check_dataset(X, y)
    r = check_index(r, "r", len(y))
    if X.shape[1] != 1:
        raise ValueError(f"X must have one column to draw the fit against x, got shape {X.shape}.")
    fit = bump_fit(X, y, r)
    fig, (left, right) = figure(2, width=7.0, height=3.4)
    t = np.linspace(-2.5, 2.5, 501)
    parts = bump_parts(t)
    for row, colour, name in zip(parts, (PALETTE["sky"], PALETTE["orange"], PALETTE["purple"]),
                                 ("relu(t + 1)", "-2 relu(t)", "relu(t - 1)")):
        left.plot(t, row, "--", color=colour, lw=1.5, label=name)
    left.plot(t, parts.sum(0), color=PALETTE["black"], lw=2.5, label="sum: the bump")
    left.set_ylim(-2.6, 3.6)
    label(left, "$t = v\\,(x - x_r)$", "unit output", "(a) three ReLUs, one bump")
    left.legend(fontsize=9, loc="upper left")
    x = X[:, 0]
    pad = min(1.0, x.max() - x.min()) or 1.0  # at most the data's spread: t = v (x - x_r) stays in the bump's units
    grid = np.linspace(x.min() - pad, x.max() + pad, 801)
    curve = fit["mu"] + (fit["nu"] - fit["mu"]) * bump_parts(fit["v"][0] * (grid - x[r])).sum(0)
    right.axhline(y.mean(), color=PALETTE["vermillion"], lw=2,
                  label=f"dead layer: mean(y), $\\mathcal{{L}}$ = {fit['dead_loss']:.3g}")
    right.plot(grid, curve, color=PALETTE["blue"], lw=2, label=f"bump at $x_r$ = {x[r]:g}, $\\mathcal{{L}}$ = {fit['loss']:.3g}")
    right.plot(x, y, "D", color=PALETTE["black"], ms=6, label="data")
    label(right, "$x$", "$y$", "(b) the bump isolates one input")
    right.legend(fontsize=9, loc="lower left")
    bump = parts.sum(0)
    support = t[np.abs(bump) > 1e-12]
    return describe(fig, f"(a) The three ReLUs add up to the bump, which peaks at {bump.max():g} at t = "
                         f"{t[np.argmax(bump)]:.2f} and is non-zero only for t between {support.min():.1f} and "
                         f"{support.max():.1f}. (b) {len(y)} data points; the dead layer's constant mean(y) = "
                         f"{y.mean():.3g} has loss {fit['dead_loss']:.3g}, the bump network at x_r = {x[r]:g} (level "
                         f"{fit['mu']:.3g} elsewhere, {fit['nu']:.3g} at x_r) has loss {fit['loss']:.3g}, "
                         f"{'lower' if fit['loss'] < fit['dead_loss'] else 'not lower'}.")
