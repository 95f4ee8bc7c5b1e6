"""Figures of Chapter 3 (Kawaguchi & Kaelbling 2020): the failure mode of Fig. 1 and Fig. 4.

Each ``draw_*`` function fills given axes with arrays it is handed; ``fig1``,
``fig4`` and ``failure_explorer`` compute those arrays with
:mod:`lossland.expneuron.failure` and draw them.
"""
from __future__ import annotations

import numpy as np

from lossland.book.plots import PALETTE, SEQUENTIAL, figure, label
from lossland.expneuron import failure as ef

THETA = np.linspace(0.0, 1.0, 201)
B_RANGE = (-2.0, 5.0)
STARTS = np.array([0.1, 0.15, 0.25, 0.3, 0.65, 0.95])  # four near the bad minimum, two in the good basin
COLOURS = [PALETTE[c] for c in ("vermillion", "orange", "purple", "yellow", "green", "sky")]


def draw_loss(ax, theta, loss, minima: ef.Minima, title: str) -> None:
    """Panel (a): ``L(theta)`` with its bad local minimum and its global minimum marked."""
    ax.plot(theta, loss, color=PALETTE["blue"], label=r"$L(\theta)$")
    ax.plot(minima.bad_theta, minima.bad_value, "o", color=PALETTE["vermillion"],
            label=rf"bad local min $\theta={minima.bad_theta:.4f}$, $L={minima.bad_value:.3f}$")
    ax.plot(minima.global_theta, minima.global_value, "s", color=PALETTE["green"],
            label=rf"global min $\theta\approx{minima.global_theta:.3f}$, $L={minima.global_value:.0f}$")
    ax.legend(fontsize=7, loc="upper right")
    label(ax, r"$\theta$", r"$L(\theta)$", title)


def draw_surface(ax, theta, b, values, title: str):
    """Panel (b): ``log10 min_{a,W} L~`` over ``(theta, b)``; returns the image for a colour bar."""
    image = ax.pcolormesh(theta, b, np.log10(np.maximum(values, 1e-12)), shading="auto", cmap=SEQUENTIAL)
    label(ax, r"$\theta$", r"$b$", title)
    return image


def draw_field(ax, theta, b, u, v, trajectories=(), title: str = "") -> None:
    """Panel (c): unit arrows of the negative gradient, with descent paths ``(theta_t, b_t)`` on top."""
    ax.quiver(theta, b, u, v, color="0.45", angles="xy", scale=28, width=0.004)
    for (t, bb), colour in zip(trajectories, COLOURS):
        ax.plot(t, bb, color=colour, lw=2)
        ax.plot(t[0], bb[0], "o", color=colour, ms=4)
    label(ax, r"$\theta$", r"$b$", title)


def draw_iterations(ax, series: dict, ylabel: str, title: str, log: bool = False) -> None:
    """Quantities along a descent path against the iteration count."""
    for (name, values), colour in zip(series.items(), (PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"])):
        ax.plot(np.arange(len(values)), values, color=colour, label=name)
    if log:
        ax.set_yscale("log")
    ax.legend(fontsize=8)
    label(ax, "iteration", ylabel, title)


def _failure_figure(instance: ef.FailureInstance, name: str, lam: float, lr: float, steps: int):
    minima = ef.locate_minima(instance)
    b = np.linspace(*B_RANGE, 141)
    T, B = np.meshgrid(THETA, b)
    coarse_t, coarse_b = np.meshgrid(np.linspace(0.0, 1.0, 21), np.linspace(*B_RANGE, 15))
    u, v = ef.descent_field(coarse_t, coarse_b, instance, lam)
    tr = ef.descend(STARTS, instance, lam=lam, lr=lr, steps=steps)
    fig, (ax_a, ax_b, ax_c) = figure(3, width=11.0, height=3.4)
    draw_loss(ax_a, THETA, ef.original_loss(THETA, instance), minima, f"(a) {name}a: $L$")
    image = draw_surface(ax_b, THETA, b, ef.reduced_loss(T, B, instance, lam), rf"(b) {name}b: $\min_{{a,W}}\tilde L$")
    fig.colorbar(image, ax=ax_b, label=r"$\log_{10}\min_{a,W}\tilde L$")
    draw_field(ax_c, coarse_t, coarse_b, u, v, [(tr.theta[:, k], tr.b[:, k]) for k in range(len(STARTS))],
               rf"(c) {name}c: $-\nabla$, descent paths")
    ax_c.set_ylim(*B_RANGE)
    return fig


def fig1(lam: float = 1.0, lr: float = 2e-3, steps: int = 3000):
    """Fig. 1 (a)-(c): Example 1, cubic hinge, ``y_1 = -1``, ``x_1 = 0``.

    (a) ``L(theta)``: bad local minimum at ``theta* = 0.20003`` (``L = 7.9996``), global
    value 0 on ``[0.7931, 0.8061]`` where ``f <= -1``.  (b) ``min_{a,W} L~`` over
    ``(theta, b)`` (``a`` in closed form; ``W`` drops out as ``x_1 = 0``), log scale: it keeps
    falling as ``b`` grows at every ``theta``.  (c) Unit arrows of ``-grad`` of (b) and
    gradient descent on the full ``L~(theta, a, b)`` from ``a = b = 0``: from starts near 0.2
    ``theta -> theta*`` while ``b`` climbs without end; starts at 0.65 and 0.95 reach the
    global minimum with bounded ``b``.  ``lambda`` is not stated in the paper (here 1).
    """
    return _failure_figure(ef.example1(), "Fig. 1", lam, lr, steps)


def fig4(lam: float = 1.0, lr: float = 2e-3, steps: int = 3000):
    """Fig. 4 (a)-(c), App. E: as Fig. 1 with the squared loss and ``y_1 = f(x_1; 0.8)``.

    (a) bad local minimum at ``theta* = 0.20003`` (``L = 4.0188``), global ``L = 0`` at
    ``theta = 0.8`` (and at ``0.79918``, the other root of ``f = y_1``).  (b), (c) as in Fig. 1:
    qualitatively identical behaviour, as the paper says.
    """
    return _failure_figure(ef.example1_squared(), "Fig. 4", lam, lr, steps)


def fig_norms(lam: float = 1.0, lr: float = 2e-3, steps: int = 6000):
    """``||(a, b, W)||`` along descent from ``theta_0 = 0.25`` (Fig. 1 and Fig. 4 settings): it keeps growing.

    This is the quantity the paper's detector monitors (App. D restarts at 7).
    """
    fig, axes = figure(2, width=9.0, height=3.2)
    for ax, inst, name in zip(axes, (ef.example1(), ef.example1_squared()), ("Fig. 1 setting", "Fig. 4 setting")):
        tr = ef.descend(0.25, inst, lam=lam, lr=lr, steps=steps)
        draw_iterations(ax, {r"$\|(a,b,W)\|$": tr.norm, r"$b$": tr.b, r"$|a|$": np.abs(tr.a)}, "value", name)
    return fig


# ---------------------------------------------------------------- the explorer
_EXPLORER_B = np.linspace(-2.0, 5.0, 57)
_EXPLORER_T = np.linspace(0.0, 1.0, 81)


def failure_frame(lam: float = 1.0, theta0: float = 0.25, lr: float = 2e-3, steps: int = 1500,
                  loss: str = "cubic_hinge", fig=None):
    """One frame: the descent path on the ``(theta, b)`` map, ``L`` and ``L~``, and ``||(a, b, W)||``.

    ``fig``: a figure made by this function to update in place (``None`` creates one); updates
    only reset the data of existing artists, which keeps a slider move near 100 ms.
    """
    if loss not in ef.LOSSES:
        raise ValueError(f"loss must be one of {ef.LOSSES}, got {loss!r}.")
    inst = ef.example1() if loss == "cubic_hinge" else ef.example1_squared()
    tr = ef.descend(theta0, inst, lam=lam, lr=lr, steps=steps)
    T, B = np.meshgrid(_EXPLORER_T, _EXPLORER_B)
    surface = np.log10(np.maximum(ef.reduced_loss(T, B, inst, lam), 1e-12))
    steps_axis = np.arange(steps + 1)
    curves = {
        "L": np.maximum(tr.loss, 1e-16), "Lt": np.maximum(tr.modified, 1e-16),
        "norm": tr.norm, "b": tr.b, "a": tr.a,
    }
    if fig is None or not hasattr(fig, "_lossland_artists"):
        fig, (ax_map, ax_loss, ax_norm) = figure(3, width=10.0, height=3.2, fast=True)
        art = dict(mesh=ax_map.pcolormesh(_EXPLORER_T, _EXPLORER_B, surface, shading="auto", cmap=SEQUENTIAL, vmin=-12, vmax=2))
        art["path"], = ax_map.plot(tr.theta, tr.b, color=PALETTE["vermillion"], lw=2)
        art["start"], = ax_map.plot(tr.theta[:1], tr.b[:1], "o", color=PALETTE["vermillion"])
        ax_map.set_ylim(_EXPLORER_B[0], _EXPLORER_B[-1])
        label(ax_map, r"$\theta$", r"$b$", r"path on $\log_{10}\min_a\tilde L$")
        for key, name, colour, ax in (("L", r"$L(\theta_t)$", "blue", ax_loss), ("Lt", r"$\tilde L$", "vermillion", ax_loss),
                                      ("norm", r"$\|(a,b,W)\|$", "blue", ax_norm), ("b", r"$b$", "vermillion", ax_norm),
                                      ("a", r"$a$", "green", ax_norm)):
            art[key], = ax.plot(steps_axis, curves[key], color=PALETTE[colour], label=name)
        ax_loss.set_yscale("log")
        ax_loss.legend(fontsize=8, loc="lower left")
        ax_norm.legend(fontsize=8, loc="upper left")
        label(ax_loss, "iteration", "loss")
        label(ax_norm, "iteration", "value")
        fig._lossland_artists = art
    art = fig._lossland_artists
    ax_map, ax_loss, ax_norm = fig.axes[:3]
    art["mesh"].set_array(surface.ravel())
    art["path"].set_data(tr.theta, tr.b)
    art["start"].set_data(tr.theta[:1], tr.b[:1])
    for key, values in curves.items():
        art[key].set_data(steps_axis, values)
    for ax in (ax_loss, ax_norm):
        ax.relim()
        ax.autoscale_view()
    ax_loss.set_title(rf"$\theta_t$ = {tr.theta[-1]:.4f}, $\tilde L$ = {tr.modified[-1]:.3g}")
    ax_norm.set_title(f"a = {tr.a[-1]:.3f}, b = {tr.b[-1]:.2f}")
    return fig


def failure_explorer(lam: float = 1.0, theta0: float = 0.25, lr: float = 2e-3, loss: str = "cubic_hinge",
                     starts=np.linspace(0.05, 0.95, 19)):
    """Sliders for ``lambda``, the start ``theta_0`` and the step size; scrubber over ``theta_0`` offline."""
    from lossland.book.widgets import explorer, live_view, scrubber

    def live():
        import ipywidgets as w

        controls = dict(
            lam=w.FloatLogSlider(value=lam, base=10, min=-2, max=1, step=0.1, description="λ"),
            theta0=w.FloatSlider(value=theta0, min=0.0, max=1.0, step=0.01, description="start θ"),
            lr=w.FloatLogSlider(value=lr, base=10, min=-4, max=-2, step=0.1, description="step"),
        )
        return live_view(controls, lambda fig, lam, theta0, lr: failure_frame(lam, theta0, lr, loss=loss, fig=fig))

    def fallback():
        start = int(np.argmin(np.abs(starts - theta0)))
        caption = lambda t: f"start θ = {t:.2f}, λ = {lam:g}, step = {lr:g}, {loss} loss"
        return scrubber(lambda t: failure_frame(lam, t, lr, loss=loss), starts, label="start θ", caption=caption, start=start)

    return explorer(live, fallback)


def fig3_histograms(result):
    """Fig. 3 of the paper (App. D): final training loss over trials, one panel per variant, same bins."""
    names = {"original": "(i) original network", "eliminated": "(ii) with exponential neurons", "detector": "(iii) with neurons and detector"}
    values = np.concatenate([result.final_loss[v] for v in names])
    bins = np.linspace(0.0, float(np.quantile(values, 0.99)) * 1.05, 25)
    fig, axes = figure(ncols=3, width=10.0, height=3.2, sharey=True)
    for ax, (variant, title), colour in zip(axes, names.items(), (PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"])):
        ax.hist(np.clip(result.final_loss[variant], 0, bins[-1]), bins=bins, color=colour)
        ax.axvline(result.stuck_level, color="0.4", ls="--", lw=1)
        label(ax, "final training loss L", "trials", title)
    return fig
