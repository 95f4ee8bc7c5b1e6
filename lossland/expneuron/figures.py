"""Figures of Chapter 3 (Kawaguchi & Kaelbling 2020): the failure mode of Fig. 1 and Fig. 4.

Each ``draw_*`` function fills given axes with arrays it is handed; ``fig1``,
``fig4`` and ``failure_explorer`` compute those arrays with
:mod:`lossland.expneuron.failure` and draw them.
"""
from __future__ import annotations

import numpy as np

from lossland.book.plots import PALETTE, SEQUENTIAL, check_axes, check_figure, describe, figure, label
from lossland.book.widgets import grid_lines, moving_changes
from lossland.core.validation import (
    as_array, as_matrix, as_vector, check_choice, check_flag, check_positive, check_real, check_text,
)
from lossland.expneuron import failure as ef

__all__ = ["draw_loss", "draw_surface", "draw_field", "draw_iterations", "draw_losses", "fig1", "fig4", "fig_norms",
           "failure_frame", "failure_explorer", "fig3_histograms"]

THETA = np.linspace(0.0, 1.0, 201)
B_RANGE = (-2.0, 5.0)
STARTS = np.array([0.1, 0.15, 0.25, 0.3, 0.65, 0.95])  # four near the bad minimum, two in the good basin
COLOURS = [PALETTE[c] for c in ("vermillion", "orange", "purple", "black", "green", "sky")]
WIDTH = 8.6
"""Width in inches of the chapter's figures: 860 px at the inline backend's 100 dpi, shown in the
660 px text column at 660 / 860 x 100 / 72 = 1.07 CSS px per typographic point (at least 1 is needed)."""


def draw_loss(ax, theta, loss, minima: ef.Minima, title: str) -> None:
    """Panel (a): ``L(theta)`` with its bad local minimum and its global minimum marked.

    The y axis gets 45 % headroom above the curve so that the legend sits in empty space.
    """
    check_axes(ax)
    theta = as_vector(theta, "theta")
    loss = as_vector(loss, "loss", length=len(theta))
    if not isinstance(minima, ef.Minima):
        raise TypeError(f"minima must be a Minima (from failure.locate_minima), got {type(minima).__name__}.")
    check_text(title, "title")
    ax.plot(theta, loss, color=PALETTE["blue"])
    ax.plot(minima.bad_theta, minima.bad_value, "o", color=PALETTE["vermillion"],
            label=rf"bad local min $\theta={minima.bad_theta:.4f}$, $L={minima.bad_value:.3f}$")
    ax.plot(minima.global_theta, minima.global_value, "s", color=PALETTE["green"],
            label=rf"global min $\theta\approx{minima.global_theta:.3f}$, $L={minima.global_value:.0f}$")
    top = float(np.max(loss))
    ax.set_ylim(-0.04 * top, 1.45 * top)
    ax.legend(fontsize=9, loc="upper left")
    label(ax, r"$\theta$", r"$L(\theta)$", title)


def draw_surface(ax, theta, b, values, title: str):
    """Panel (b): ``log10 min_{a,W} L~`` over ``(theta, b)``; returns the image for a colour bar."""
    check_axes(ax)
    theta, b = as_array(theta, "theta"), as_array(b, "b")
    values = as_matrix(values, "values")
    check_text(title, "title")
    image = ax.pcolormesh(theta, b, np.log10(np.maximum(values, 1e-12)), shading="auto", cmap=SEQUENTIAL)
    label(ax, r"$\theta$", r"$b$", title)
    return image


def draw_field(ax, theta, b, u, v, trajectories=(), title: str = "") -> None:
    """Panel (c): unit arrows of the negative gradient, with descent paths ``(theta_t, b_t)`` on top."""
    check_axes(ax)
    theta, b = as_array(theta, "theta"), as_array(b, "b")
    u = as_array(u, "u")
    v = as_array(v, "v")
    if not (theta.shape == b.shape == u.shape == v.shape):
        raise ValueError(f"theta, b, u and v must have one shape, got {theta.shape}, {b.shape}, {u.shape}, {v.shape}.")
    if isinstance(trajectories, (str, bytes)) or not hasattr(trajectories, "__iter__"):
        raise TypeError(f"trajectories must be a sequence of (theta_t, b_t) pairs, got {trajectories!r}.")
    trajectories = [(as_vector(t, "trajectories"), as_vector(bb, "trajectories")) for t, bb in trajectories]
    check_text(title, "title")
    ax.quiver(theta, b, u, v, color="0.45", angles="xy", scale=28, width=0.004)
    for (t, bb), colour in zip(trajectories, COLOURS):
        ax.plot(t, bb, color=colour, lw=2)
        ax.plot(t[0], bb[0], "o", color=colour, ms=4)
    label(ax, r"$\theta$", r"$b$", title)


def draw_iterations(ax, series: dict, ylabel: str, title: str, log: bool = False, logx: bool = False,
                    level: tuple[float, str] | None = None, legend: str = "best") -> None:
    """Quantities along a descent path against the iteration count (from 1 if ``logx``).

    ``level = (value, name)`` adds a dashed grey horizontal line at ``value``.
    """
    check_axes(ax)
    if not isinstance(series, dict) or not series:
        raise TypeError(f"series must be a non-empty dict {{name: values}}, got {type(series).__name__}.")
    series = {check_text(name, "series (a name)"): as_vector(values, "series") for name, values in series.items()}
    check_text(ylabel, "ylabel")
    check_text(title, "title")
    log, logx = check_flag(log, "log"), check_flag(logx, "logx")
    if level is not None:
        if not isinstance(level, tuple) or len(level) != 2:
            raise TypeError(f"level must be None or a pair (value, name), got {level!r}.")
        level = (check_real(level[0], "level"), check_text(level[1], "level"))
    check_text(legend, "legend")
    first = 1 if logx else 0
    for (name, values), colour in zip(series.items(), (PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"])):
        ax.plot(np.arange(first, len(values)), values[first:], color=colour, label=name)
    if level is not None:
        ax.axhline(level[0], color="0.4", ls="--", lw=1, label=level[1])
    if log:
        ax.set_yscale("log")
    if logx:
        ax.set_xscale("log")
    ax.legend(fontsize=9, loc=legend)
    label(ax, "iteration", ylabel, title)


def draw_losses(ax, modified, original, title: str, floor: float = 1e-12) -> None:
    """Panel (d): ``L~`` (solid) and ``L(theta_t)`` (dashed) along each descent path, log scale, floored at ``floor``."""
    check_axes(ax)
    modified = as_matrix(modified, "modified", columns=None)
    original = as_matrix(original, "original")
    if original.shape != modified.shape:
        raise ValueError(f"original must have the shape of modified {modified.shape}, got {original.shape}.")
    check_text(title, "title")
    floor = check_positive(floor, "floor")
    steps = np.arange(modified.shape[0])
    for k, colour in enumerate(COLOURS[: modified.shape[1]]):
        ax.plot(steps, np.maximum(original[:, k], floor), color=colour, ls="--", lw=1.2)
        ax.plot(steps, np.maximum(modified[:, k], floor), color=colour, lw=1.5)
    ax.plot([], [], color="0.3", ls="--", lw=1.2, label=r"$L(\theta_t)$")
    ax.plot([], [], color="0.3", lw=1.5, label=r"$\tilde L$")
    ax.set_yscale("log")
    low = max(floor, float(np.min(np.minimum(modified, original)[-1])))
    ax.set_ylim(low / 30, 1e3)
    ax.legend(fontsize=9, loc="upper right", ncol=2)
    label(ax, "iteration", "loss", title)


def _check_descent(lam, lr, steps) -> tuple[float, float, int]:
    return check_positive(lam, "lam"), check_positive(lr, "lr"), check_positive(steps, "steps", integer=True)


def _failure_figure(instance: ef.FailureInstance, name: str, lam: float, lr: float, steps: int):
    lam, lr, steps = _check_descent(lam, lr, steps)
    minima = ef.locate_minima(instance)
    b = np.linspace(*B_RANGE, 141)
    T, B = np.meshgrid(THETA, b)
    coarse_t, coarse_b = np.meshgrid(np.linspace(0.0, 1.0, 21), np.linspace(*B_RANGE, 15))
    u, v = ef.descent_field(coarse_t, coarse_b, instance, lam)
    tr = ef.descend(STARTS, instance, lam=lam, lr=lr, steps=steps)
    fig, (ax_a, ax_b, ax_c, ax_d) = figure(2, 2, width=WIDTH, height=6.6)
    draw_loss(ax_a, THETA, ef.original_loss(THETA, instance), minima, f"(a) {name}a: $L$")
    image = draw_surface(ax_b, THETA, b, ef.reduced_loss(T, B, instance, lam), rf"(b) {name}b: $\mathrm{{min}}_{{a,W}}\,\tilde L$")
    fig.colorbar(image, ax=ax_b, label=r"$\log_{10}\,\mathrm{min}_{a,W}\,\tilde L$ (0 drawn as $-12$)")
    draw_field(ax_c, coarse_t, coarse_b, u, v, [(tr.theta[:, k], tr.b[:, k]) for k in range(len(STARTS))],
               rf"(c) {name}c: $-\nabla$, descent paths")
    ax_c.set_ylim(*B_RANGE)
    draw_losses(ax_d, tr.modified, tr.loss, r"(d) the losses along the paths")
    _mark_floor_and_overlap(ax_b, ax_c, ax_d, minima, tr)
    handles = [ax_c.plot([], [], "o-", color=c, ms=4, lw=2)[0] for c in COLOURS]
    fig.legend(handles, [rf"$\theta_0 = {t:g}$" for t in STARTS], loc="outside lower center", ncol=len(STARTS),
               fontsize=9, title="start of the descent path (dot in (c); colour in (c) and (d))", title_fontsize=9)
    stuck = tr.loss[-1] > 1.0  # as _mark_floor_and_overlap counts them
    return describe(fig, f"(a) The loss L over theta has a bad local minimum at theta = {minima.bad_theta:.4g} and "
                         f"its global minimum near theta = {minima.global_theta:.4g}. (b) The reduced loss keeps "
                         f"falling as b grows. (c), (d) Of {len(STARTS)} descent paths from a = b = 0, "
                         f"{int(stuck.sum())} (starts {', '.join(f'{t:g}' for t in np.atleast_1d(STARTS)[stuck])}) "
                         f"end at the bad minimum with L = {tr.loss[-1][stuck].max() if stuck.any() else 0:.4g} "
                         f"while b climbs to {tr.b[-1][stuck].max() if stuck.any() else 0:.3g}, and "
                         f"{int((~stuck).sum())} reach the global minimum with b at most "
                         f"{tr.b[-1][~stuck].max() if (~stuck).any() else 0:.3g}.")


def _mark_floor_and_overlap(ax_b, ax_c, ax_d, minima: ef.Minima, tr: ef.Trajectory) -> None:
    """Say on the figure what it cannot show: (b) where ``min L~ = 0`` the log scale sits at its floor
    ``-12``; (c)-(d) the paths stuck at the bad minimum share one line, so only the last drawn is seen."""
    box = dict(boxstyle="round,pad=0.2", fc="white", ec="0.6", alpha=0.9)
    ax_b.annotate(r"$\min\tilde L = 0$ here:" "\n" r"drawn at the floor $-12$", xy=(minima.global_theta, 3.6),
                  xytext=(0.3, 3.6), fontsize=9, va="center", ha="center", bbox=box,
                  arrowprops=dict(arrowstyle="->", color="white"))
    stuck = int(np.sum(tr.loss[-1] > 1.0))
    if stuck > 1:
        ax_c.annotate(f"{stuck} stuck paths\nshare this line", xy=(minima.bad_theta, 1.2), xytext=(0.45, 2.6),
                      fontsize=9, ha="left", bbox=box, arrowprops=dict(arrowstyle="->", color="0.2"))
        ax_d.text(0.03, 0.62, f"{stuck} stuck paths: their curves\ncoincide, one is visible", transform=ax_d.transAxes,
                  fontsize=9, va="top", bbox=box)


def fig1(lam: float = 1.0, lr: float = 2e-3, steps: int = 3000):
    """Fig. 1 (a)-(c), and a panel (d) of ours: Example 1, cubic hinge, ``y_1 = -1``, ``x_1 = 0``.

    (a) ``L(theta)``: bad local minimum at ``theta* = 0.20003`` (``L = 7.9996``), global
    value 0 on ``[0.7931, 0.8061]`` where ``f <= -1``.  (b) ``min_{a,W} L~`` over
    ``(theta, b)`` (``a`` in closed form; ``W`` drops out as ``x_1 = 0``), log scale: it keeps
    falling as ``b`` grows at every ``theta``.  (c) Unit arrows of ``-grad`` of (b) and
    gradient descent on the full ``L~(theta, a, b)`` from ``a = b = 0``: from starts near 0.2
    ``theta -> theta*`` while ``b`` climbs without end; starts at 0.65 and 0.95 reach the
    global minimum with bounded ``b``.  (d) ``L~`` (solid) and ``L(theta_t)`` (dashed) along the
    same paths.  ``lambda`` is not stated in the paper (here 1).
    """
    return _failure_figure(ef.example1(), "Fig. 1", lam, lr, steps)


def fig4(lam: float = 1.0, lr: float = 2e-3, steps: int = 3000):
    """Fig. 4 (a)-(c), App. E: as Fig. 1 with the squared loss and ``y_1 = f(x_1; 0.8)``.

    (a) bad local minimum at ``theta* = 0.20003`` (``L = 4.0188``), global ``L = 0`` at
    ``theta = 0.8`` (and at ``0.79918``, the other root of ``f = y_1``).  (b), (c) as in Fig. 1:
    qualitatively identical behaviour, as the paper says.
    """
    return _failure_figure(ef.example1_squared(), "Fig. 4", lam, lr, steps)


def fig_norms(lam: float = 1.0, lr: float = 2e-3, steps: int = 30_000, paths: dict | None = None):
    """``||(a, b, W)||``, ``b`` and ``|a|`` along descent from ``theta_0 = 0.25`` (Fig. 1 and Fig. 4 settings).

    This is the quantity the paper's detector monitors (App. D restarts at 7).  Log-scaled
    iterations; the dashed line is ``ln(1/lr)/2``, where fixed-step descent on the squared loss
    stalls (see :func:`lossland.expneuron.failure.descend`); on the cubic hinge ``b`` passes it.
    ``paths``: trajectories already computed with step ``lr`` (``{"cubic_hinge": ..., "squared": ...}``,
    as in :func:`lossland.expneuron.claims.b_growth`); ``None`` computes them (``steps`` steps).
    """
    lam, lr, steps = _check_descent(lam, lr, steps)
    if paths is not None and (not isinstance(paths, dict) or set(paths) != set(ef.LOSSES)
                              or not all(isinstance(p, ef.Trajectory) for p in paths.values())):
        raise TypeError(f"paths must be None or a dict {{loss: Trajectory}} for the losses {ef.LOSSES}, got {paths!r:.80}.")
    fig, axes = figure(2, width=WIDTH, height=3.3, sharey=True)
    level, words = 0.5 * np.log(1.0 / lr), []
    for ax, inst, name in zip(axes, (ef.example1(), ef.example1_squared()),
                              ("Fig. 1 setting (cubic hinge)", "Fig. 4 setting (squared loss)")):
        tr = ef.descend(0.25, inst, lam=lam, lr=lr, steps=steps) if paths is None else paths[inst.loss]
        draw_iterations(ax, {r"$\|(a,b,W)\|$": tr.norm, r"$b$": tr.b, r"$|a|$": np.abs(tr.a)}, "value", name,
                        logx=True, level=(level, r"$\frac{1}{2}\ln(1/\mathrm{step})$"),
                        legend="center left")
        words.append(f"{name}, from theta = {float(tr.theta[0]):g}: after {len(tr.b) - 1} iterations the norm is {tr.norm[-1]:.3g}, b is {tr.b[-1]:.3g} and "
                     f"|a| is {abs(tr.a[-1]):.3g}; b ends {_beside(float(tr.b[-1]), level)} the dashed line")
    return describe(fig, f"The norm of (a, b, W), b and |a| along gradient descent against the iteration (log "
                         f"scale); the dashed line is ln(1/step)/2 = {level:.3g}. " + "; ".join(words) + ".")


def _beside(value: float, level: float) -> str:
    """Where ``value`` ends against ``level`` in words: "at" within 1 % of it (where descent stalls), else above or below."""
    return "at" if abs(value - level) <= 0.01 * abs(level) else ("above" if value > level else "below")


# ---------------------------------------------------------------- the explorer
_EXPLORER_B = np.linspace(-2.0, 5.0, 57)
_EXPLORER_T = np.linspace(0.0, 1.0, 81)


def failure_frame(lam: float = 1.0, theta0: float = 0.25, lr: float = 2e-3, steps: int = 1500,
                  loss: str = "cubic_hinge", fig=None):
    """One frame (2 x 2): the descent path on the ``(theta, b)`` map, ``L`` and ``L~``, ``theta_t``, and ``||(a, b, W)||``.

    ``fig``: a figure made by this function to update in place (``None`` creates one). What a
    move changes is animated (the map, the curves, the titles and the three rescaled y axes,
    see :func:`lossland.book.widgets.moving_changes`): the live view draws only those on the
    saved rest of the picture, which keeps a slider move near 100 ms.
    """
    lam, lr, steps = _check_descent(lam, lr, steps)
    theta0 = check_real(theta0, "theta0")
    loss = check_choice(loss, "loss", ef.LOSSES)
    check_figure(fig)
    inst = ef.example1() if loss == "cubic_hinge" else ef.example1_squared()
    tr = ef.descend(theta0, inst, lam=lam, lr=lr, steps=steps)
    T, B = np.meshgrid(_EXPLORER_T, _EXPLORER_B)
    surface = np.log10(np.maximum(ef.reduced_loss(T, B, inst, lam), 1e-12))
    steps_axis = np.arange(steps + 1)
    curves = {
        "L": np.maximum(tr.loss, 1e-16), "Lt": np.maximum(tr.modified, 1e-16),
        "norm": tr.norm, "b": tr.b, "a": tr.a, "theta": tr.theta,
    }
    if fig is None or not hasattr(fig, "_lossland_artists"):
        fig, (ax_map, ax_loss, ax_theta, ax_norm) = figure(2, 2, width=WIDTH, height=5.8, fast=True)
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.09, top=0.94, wspace=0.25, hspace=0.42)
        art = dict(mesh=ax_map.pcolormesh(_EXPLORER_T, _EXPLORER_B, surface, shading="auto", cmap=SEQUENTIAL, vmin=-12, vmax=2))
        art["path"], = ax_map.plot(tr.theta, tr.b, color=PALETTE["vermillion"], lw=2)
        art["start"], = ax_map.plot(tr.theta[:1], tr.b[:1], "o", color=PALETTE["vermillion"])
        ax_map.set_ylim(_EXPLORER_B[0], _EXPLORER_B[-1])
        label(ax_map, r"$\theta$", r"$b$", r"path on $\log_{10}\,\mathrm{min}_{a}\,\tilde L$")
        for key, name, colour, ax in (("L", r"$L(\theta_t)$", "blue", ax_loss), ("Lt", r"$\tilde L$", "vermillion", ax_loss),
                                      ("theta", r"$\theta_t$", "blue", ax_theta),
                                      ("norm", r"$\|(a,b,W)\|$", "blue", ax_norm), ("b", r"$b$", "vermillion", ax_norm),
                                      ("a", r"$a$", "green", ax_norm)):
            art[key], = ax.plot(steps_axis, curves[key], color=PALETTE[colour], label=name)
        ax_loss.set_yscale("log")
        ax_loss.legend(fontsize=9, loc="upper center", ncol=2)  # in the headroom kept free below
        ax_norm.legend(fontsize=9, loc="upper center", ncol=3)
        label(ax_loss, "iteration", "loss")
        label(ax_theta, "iteration", r"$\theta_t$")
        label(ax_norm, "iteration", "value")
        art["grid"] = grid_lines(ax_map)  # over the map, which is redrawn on every move
        moving = [*art.values(), ax_loss.yaxis, ax_theta.yaxis, ax_norm.yaxis, ax_loss.title, ax_theta.title, ax_norm.title]
        for artist in moving + [spine for ax in fig.axes for spine in ax.spines.values()]:  # spines over curves
            artist.set_animated(True)
        fig._lossland_artists = art
    art = fig._lossland_artists
    ax_map, ax_loss, ax_theta, ax_norm = fig.axes[:4]
    art["mesh"].set_array(surface.ravel())
    art["path"].set_data(tr.theta, tr.b)
    art["start"].set_data(tr.theta[:1], tr.b[:1])
    for key, values in curves.items():
        art[key].set_data(steps_axis, values)
    with moving_changes(fig):
        for ax in (ax_loss, ax_theta, ax_norm):
            ax.relim()
            ax.autoscale()  # on again: the band below switched it off, and a fixed band would compound
        for ax in (ax_loss, ax_norm):  # a free band on top for the legend, whatever the data
            low, high = ax.get_ylim()
            ax.set_ylim(low, high * (high / low) ** 0.3 if ax.get_yscale() == "log" else high + 0.3 * (high - low))
    # The titles' text alone (set_title would also reset every title's placement: a change to the saved picture).
    ax_loss.title.set_text(rf"end: $L$ = {tr.loss[-1]:.3g}, $\tilde L$ = {tr.modified[-1]:.3g}")
    ax_theta.title.set_text(rf"end: $\theta_t$ = {tr.theta[-1]:.4f}")
    ax_norm.title.set_text(f"end: a = {tr.a[-1]:.3f}, b = {tr.b[-1]:.2f}")
    where = "stuck at the bad local minimum" if tr.loss[-1] > 1.0 else "at the global minimum"
    return describe(fig, f"Descent from theta = {theta0:.2f} ends after {steps} steps {where}: theta = "
                         f"{tr.theta[-1]:.4f}, L = {tr.loss[-1]:.3g}, modified loss {tr.modified[-1]:.3g}, "
                         f"b = {tr.b[-1]:.2f}. Top left: its path on the map of the reduced loss over (theta, b).")


def failure_explorer(lam: float = 1.0, theta0: float = 0.25, lr: float = 2e-3, loss: str = "cubic_hinge",
                     starts=np.linspace(0.05, 0.95, 19)):
    """Sliders for ``lambda``, the start ``theta_0`` and the step size; scrubber over ``theta_0`` offline."""
    lam, lr, _ = _check_descent(lam, lr, 1)
    theta0 = check_real(theta0, "theta0")
    loss = check_choice(loss, "loss", ef.LOSSES)
    starts = as_vector(starts, "starts")
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
        return scrubber(lambda fig, t: failure_frame(lam, t, lr, loss=loss, fig=fig), starts, label="start θ",
                        caption=caption, start=start, in_place=True)

    return explorer(live, fallback)


def fig3_histograms(result):
    """Fig. 3 of the paper (App. D): final training loss over trials, one panel per variant (stacked), same bins.

    The bins end at 1.05 x the 99th percentile of all trials; larger losses are counted in the last bin.
    """
    from lossland.expneuron.trials import TrialsResult

    if not isinstance(result, TrialsResult):
        raise TypeError(f"result must be a TrialsResult (from trials.run_trials), got {type(result).__name__}.")
    names = {"original": "(i) original network", "eliminated": "(ii) with exponential neurons", "detector": "(iii) with neurons and detector"}
    values = np.concatenate([result.final_loss[v] for v in names])
    bins = np.linspace(0.0, float(np.quantile(values, 0.99)) * 1.05, 25)
    fig, axes = figure(nrows=3, width=7.0, height=5.6, sharex=True, sharey=True)
    for ax, (variant, title), colour in zip(axes, names.items(), (PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"])):
        ax.hist(np.clip(result.final_loss[variant], 0, bins[-1]), bins=bins, color=colour)
        ax.axvline(result.stuck_level, color="0.4", ls="--", lw=1)
        ax.set_ylabel("trials")
        ax.set_title(title, loc="left", fontsize=10)
    axes[-1].set_xlabel(r"final training cross-entropy of the trained network ($f$ in (i), $f + g$ in (ii), (iii))")
    shares = "; ".join(f"{title}: {np.mean(result.final_loss[variant] > result.stuck_level):.0%} of "
                       f"{len(result.final_loss[variant])} trials" for variant, title in names.items())
    return describe(fig, f"Histograms of the final training loss, one per variant, same bins; the dashed line is the "
                         f"stuck level {result.stuck_level:.3g}. Trials ending above it: {shares}.")
