"""Figures of Chapter 4 (Petzka & Sminchisescu 2021): Fig. 1, Theorem 4, Theorem 5 / Fig. 4, the path explorer.

Each ``draw_*`` function fills given axes with arrays it is handed; each ``fig*``
function computes them with :mod:`lossland.petzka.toy_surface`, :mod:`~lossland.petzka.infinity` or :mod:`~lossland.petzka.wide_path` and returns a new figure.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from lossland.book.display import below
from lossland.book.plots import PALETTE, check_axes, check_figure, describe, figure, label
from lossland.book.widgets import wipe
from lossland.core.validation import (
    as_matrix, as_vector, check_choice, check_positive, check_real, check_text,
)
from lossland.petzka import infinity as ti
from lossland.petzka import toy_surface as ts
from lossland.petzka import wide_path as wp

__all__ = ["draw_surface", "draw_region", "draw_path", "fig1", "fig1_descent", "draw_loss_curve", "fig_theorem4",
           "fig_theorem5", "path_frame", "path_explorer"]

_TITLES = {"nonattracting": r"non-attracting: $x^2(1-y^2)$", "attracting": r"attracting: $x^2(1+y^2)$"}


@lru_cache(maxsize=4)
def _grid(kind: str, radius: float = 2.0, n: int = 121):
    xs = np.linspace(-radius, radius, n)
    return xs, xs, ts.toy_loss(xs[None, :], xs[:, None], kind)


def draw_surface(ax, xs, ys, values, title: str):
    """A surface over the (x, y) plane (colour, contours at -1, 0, 1); returns the image for a colour bar."""
    check_axes(ax)
    xs, ys = as_vector(xs, "xs"), as_vector(ys, "ys")
    values = as_matrix(values, "values", columns=len(xs))
    if len(values) != len(ys):
        raise ValueError(f"values must have shape ({len(ys)}, {len(xs)}) (rows: ys), got {values.shape}.")
    check_text(title, "title")
    image = ax.imshow(values, origin="lower", extent=(xs[0], xs[-1], ys[0], ys[-1]), cmap="RdBu_r",
                      vmin=-4.0, vmax=4.0, interpolation="bilinear", aspect="auto")
    ax.contour(xs, ys, values, levels=[-1.0, 0.0, 1.0], colors=PALETTE["black"], linewidths=0.6)
    label(ax, "x", "y", title)
    return image


def draw_region(ax, y_range=(-1.0, 1.0), text: str = "R") -> None:
    """The region of minima ``R`` as a thick segment on the y axis."""
    check_axes(ax)
    y_range = tuple(as_vector(y_range, "y_range", length=2))
    check_text(text, "text")
    ax.plot([0, 0], y_range, color=PALETTE["orange"], lw=4, solid_capstyle="butt", label=f"region of minima {text}")


def draw_path(ax, points, **style) -> None:
    """A path in the plane with its start marked."""
    check_axes(ax)
    points = as_matrix(points, "points", columns=2)
    ax.plot(points[:, 0], points[:, 1], color=style.pop("color", PALETTE["green"]), lw=2, **style)
    ax.plot(*points[0], "o", color=PALETTE["green"], ms=5)


def fig1(y0: float = 0.5):
    """Fig. 1 of the paper: non-attracting (left) and attracting (right) region of minima, with the escape path."""
    y0 = check_real(y0, "y0")
    for kind in ts.TOY_KINDS:
        ts.escape_path(y0, kind)  # reject a start outside R before drawing
    fig, axes = figure(2, width=8.4, height=3.6)
    for ax, kind in zip(axes, ts.TOY_KINDS):
        image = draw_surface(ax, *_grid(kind), _TITLES[kind])
        draw_region(ax, (-1.0, 1.0) if kind == "nonattracting" else (-2.0, 2.0))
        path = ts.escape_path(y0, kind)
        draw_path(ax, path.points, label="path of Definition 1")
        ax.set_aspect("equal")
    axes[0].legend(loc="lower left", fontsize=9)
    fig.colorbar(image, ax=axes, label="loss", shrink=0.8)
    ends = [_path_text(ts.escape_path(y0, kind)) for kind in ts.TOY_KINDS]
    return describe(fig, f"Two loss surfaces over the plane, each with a region R of minima at loss 0 and the path of "
                         f"Definition 1 from ({0.0:g}, {y0:g}) in R. Left (non-attracting): {ends[0]}. "
                         f"Right (attracting): {ends[1]}.")


def _value(loss: float) -> str:
    """A loss for a figure's text: 0 up to round-off as its bound (the same on every machine)."""
    return f"{loss:.3g}" if abs(loss) >= 1e-9 else "0 (|loss| < 1e-9)"


def _path_text(path) -> str:
    """Where Definition 1's path ends and how its loss behaves, in words."""
    rises = not np.all(np.diff(path.loss) <= 1e-12)
    return (f"the path ends at ({path.points[-1, 0]:.2f}, {path.points[-1, 1]:.2f}) with loss {_value(path.loss[-1])}, "
            f"{'rising on the way' if rises else 'never rising on the way'}")


def fig1_descent(starts=((0.3, 0.5), (0.3, 0.9), (0.15, 1.1), (-0.3, -0.6)), steps: int = 400):
    """Gradient descent from starts near R on both surfaces (Fig. 1 companion)."""
    starts = as_matrix(starts, "starts", columns=2)
    steps = check_positive(steps, "steps", integer=True)
    fig, axes = figure(2, width=8.4, height=3.6)
    for ax, kind in zip(axes, ts.TOY_KINDS):
        draw_surface(ax, *_grid(kind), _TITLES[kind])
        draw_region(ax, (-1.0, 1.0) if kind == "nonattracting" else (-2.0, 2.0))
        run = ts.toy_descent(np.array(starts), kind, steps=steps)
        for j in range(len(starts)):
            colour = PALETTE["vermillion"] if run.escaped[j] else PALETTE["green"]
            ax.plot(run.path[:, j, 0], run.path[:, j, 1], color=colour, lw=1.5)
            ax.plot(*run.starts[j], "o", color=colour, ms=4)
        ax.set_xlim(-2, 2)
        ax.set_ylim(-2, 2)
        ax.set_aspect("equal")
    escaped = {kind: int(ts.toy_descent(np.array(starts), kind, steps=steps).escaped.sum()) for kind in ts.TOY_KINDS}
    return describe(fig, f"Gradient descent from {len(starts)} starts near the region R of minima on both surfaces "
                         f"(vermillion: paths that escape R, green: paths that stay): {escaped[ts.TOY_KINDS[0]]} escape on the "
                         f"left surface, {escaped[ts.TOY_KINDS[1]]} on the right.")


def draw_loss_curve(ax, x, loss, xlabel: str, title: str, **style) -> None:
    """Loss against a path or iteration coordinate."""
    check_axes(ax)
    x = as_vector(x, "x")
    loss = as_vector(loss, "loss", length=len(x))
    check_text(xlabel, "xlabel")
    check_text(title, "title")
    ax.plot(x, loss, color=style.pop("color", PALETTE["blue"]), **style)
    label(ax, xlabel, "loss", title)


def fig_theorem4(steps: int = 20000):
    """Theorem 4 / App. A.2: biases diverge (left) while the loss creeps down to the suboptimal limit (right)."""
    steps = check_positive(steps, "steps", integer=True)
    inst = ti.theorem4_instance()
    run = ti.descend_to_infinity(inst, steps=steps)
    fig, (ax_b, ax_l) = figure(2, width=8.4, height=3.2)
    ax_b.semilogx(run.steps + 1, run.hidden_bias[:, 0], color=PALETTE["blue"], label=r"$u_{1,0}$")
    ax_b.semilogx(run.steps + 1, run.hidden_bias[:, 1], color=PALETTE["orange"], label=r"$u_{2,0}$")
    ax_b.semilogx(run.steps + 1, run.norm, color=PALETTE["black"], ls="--", label=r"$\|w\|$")
    label(ax_b, "iteration + 1", "value", "weights grow like log t")
    ax_b.legend()
    ax_l.loglog(run.steps + 1, run.loss - inst.limit_loss, color=PALETTE["vermillion"])
    label(ax_l, "iteration + 1", r"$\mathcal{L} - \mathcal{L}_\infty$", rf"excess over $\mathcal{{L}}_\infty = {inst.limit_loss:.3g}$")
    return describe(fig, _theorem4_text(run, inst.limit_loss))


def _theorem4_text(run, limit: float) -> str:
    """What :func:`fig_theorem4` shows, from the run it draws: growth of the biases and fall of the excess loss."""
    excess = run.loss - limit
    decade = int(np.searchsorted(run.steps + 1, (run.steps[-1] + 1) / 10.0))  # the record a decade before the last
    earlier = int(np.searchsorted(run.steps + 1, (run.steps[-1] + 1) / 100.0))  # and two decades before
    per_decade = run.hidden_bias[-1] - run.hidden_bias[decade]
    before = run.hidden_bias[decade] - run.hidden_bias[earlier]
    return (f"Left: over {run.steps[-1]} iterations the hidden biases grow from {run.hidden_bias[0, 0]:.3g} and "
            f"{run.hidden_bias[0, 1]:.3g} to {run.hidden_bias[-1, 0]:.3g} and {run.hidden_bias[-1, 1]:.3g}, the norm of "
            f"all parameters from {run.norm[0]:.3g} to {run.norm[-1]:.3g}; the last tenfold of iterations adds "
            f"{per_decade[0]:.2g} and {per_decade[1]:.2g} to the biases, the tenfold before it {before[0]:.2g} and "
            f"{before[1]:.2g}. Right: the loss's excess over its limit "
            f"{limit:.3g} falls from {excess[0]:.3g} to {excess[-1]:.3g} (by a factor {excess[decade] / excess[-1]:.3g} "
            f"over the last tenfold of iterations), "
            f"{'never rising' if np.all(np.diff(run.loss) <= 1e-12 * np.max(np.abs(run.loss))) else 'not always falling'}.")


def fig_theorem5(**instance):
    """Theorem 5 / Fig. 4: loss along the constructed path against the planned ``(1 - t)^2 ||y - z||^2``."""
    arch, theta, X, y = wp.theorem5_instance(**instance)
    path = wp.theorem5_path(arch, theta, X, y, wide_layer=instance.get("wide_layer", 1))
    fig, ax = figure(width=5.0, height=3.2)
    draw_loss_curve(ax, path.t, path.loss, "path parameter t", f"Theorem 5 path, widths {arch.sizes}", label="network loss along the path")
    ax.plot(path.t, path.planned, ls=":", color=PALETTE["orange"], lw=2.5, label=r"$(1-t)^2\|y-z\|^2$")
    ax.legend()
    return describe(fig, f"The loss along the path of Theorem 5 in a network of widths {arch.sizes} on {len(y)} data "
                         f"points falls from {path.loss[0]:.3g} at t = 0 to {_value(path.loss[-1])} at t = 1, "
                         f"{'never increasing' if path.non_increasing else 'but rises on the way'}; it differs from the "
                         f"planned (1 - t)^2 ||y - z||^2 by {below(np.max(np.abs(path.loss - path.planned)), 1e-9)} at most.")


# ---------------------------------------------------------------- explorer
@lru_cache(maxsize=8)
def _paths(y0: float):
    return {kind: ts.escape_path(y0, kind) for kind in ts.TOY_KINDS}


def path_frame(position: float, y0: float = 0.5, kind: str = "nonattracting", fig=None):
    """One frame of the path explorer: the point at ``position`` (0..1) along Definition 1's path, and the loss so far.

    ``fig``: a figure of this explorer to redraw in place (``None`` creates one).
    """
    position = check_real(position, "position")
    y0 = check_real(y0, "y0")
    kind = check_choice(kind, "kind", ts.TOY_KINDS)
    check_figure(fig)
    path = _paths(float(y0))[kind]
    k = int(round(float(np.clip(position, 0.0, 1.0)) * (len(path.loss) - 1)))
    s = np.linspace(0.0, 1.0, len(path.loss))
    if fig is None or getattr(fig, "_lossland_key", None) != (y0, kind):
        fig, (ax_s, ax_l) = figure(2, width=8.4, height=3.6, fast=True) if fig is None else (fig, fig.axes[:2])
        wipe(ax_s)  # not clear(): that builds every tick anew, a third of the redraw of a new surface
        wipe(ax_l)
        draw_surface(ax_s, *_grid(kind), _TITLES[kind])
        draw_region(ax_s, (-1.0, 1.0) if kind == "nonattracting" else (-2.0, 2.0))
        draw_path(ax_s, path.points, alpha=0.5)
        ax_s.set_aspect("equal")
        ax_l.plot(s, path.loss, color="0.8", lw=1)
        ax_l.axhline(0.0, color=PALETTE["orange"], lw=1, label="c = 0 (value on R)")
        label(ax_l, "position along the path", "loss")
        ax_l.legend(loc="lower left", fontsize=9)
        # The moving parts, animated: a live view redraws only them on the rest's pixels (widgets._quick_png).
        fig._lossland_marker = ax_s.plot([], [], "o", color=PALETTE["vermillion"], ms=8, animated=True)[0]
        fig._lossland_trace = ax_l.plot([], [], color=PALETTE["vermillion"], lw=2, animated=True)[0]
        ax_l.title.set_animated(True)
        fig._lossland_key = (y0, kind)
    fig._lossland_marker.set_data([path.points[k, 0]], [path.points[k, 1]])
    fig._lossland_trace.set_data(s[: k + 1], path.loss[: k + 1])
    # set_text, not set_title: set_title also resets the title's offset, which marks the whole figure for a redraw
    fig.axes[1].title.set_text(f"loss {path.loss[k]:.3f} ({'non-increasing so far' if np.all(np.diff(path.loss[: k + 1]) <= 1e-12) else 'has risen'})")
    return describe(fig, f"The point {position:.2f} of the way along Definition 1's path on the {kind} surface, at "
                         f"({path.points[k, 0]:.2f}, {path.points[k, 1]:.2f}); the loss there is {_value(path.loss[k])}, "
                         f"{'never above its start so far' if np.all(np.diff(path.loss[: k + 1]) <= 1e-12) else 'after a rise'}"
                         f" (right: the loss along the path so far, against the value 0 on R).")


def path_explorer(y0: float = 0.5, kind: str = "nonattracting", positions=np.linspace(0.0, 1.0, 21)):
    """Slide along Definition 1's path out of R: the position on the surface and the loss so far."""
    from lossland.book.widgets import explorer, live_view, scrubber

    ts.escape_path(y0, kind)  # reject bad input before any widget is built
    positions = as_vector(positions, "positions")

    def live():
        import ipywidgets as w

        controls = dict(
            position=w.FloatSlider(value=0.0, min=0.0, max=1.0, step=0.01, description="position"),
            kind=w.Dropdown(options=list(ts.TOY_KINDS), value=kind, description="surface"),
        )
        return live_view(controls, lambda fig, position, kind: path_frame(position, y0, kind, fig))

    def fallback():
        caption = lambda v: f"position {v:.2f} along the path from (0, {y0:.2f}), {kind} surface"
        return scrubber(lambda fig, v: path_frame(v, y0, kind, fig), positions, label="position along the path", caption=caption,
                        in_place=True)

    return explorer(live, fallback)
