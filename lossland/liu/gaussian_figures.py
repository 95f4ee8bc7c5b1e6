"""Figures of Chapter 2, Sec. 7 and App. E of the Liu paper (parallel weights, Gaussian data).

Each ``draw_*`` function fills given axes with arrays it is handed; each
``fig*`` function computes them with :mod:`lossland.liu.gaussian` and returns
a new figure rebuilding one of the paper's figures.
"""
from __future__ import annotations

import numpy as np

from lossland.book.plots import PALETTE, check_axes, check_figure, describe, figure, label
from lossland.book.widgets import wipe
from lossland.core.validation import (
    as_matrix, as_vector, check_choice, check_flag, check_positive, check_real, check_seed, check_text,
)
from lossland.liu import gaussian as lg

__all__ = ["draw_parallel_weights", "fig3", "figA3", "draw_curve", "draw_map", "fig4", "figA4", "draw_monte_carlo", "gap_frame", "gap_explorer"]


def draw_parallel_weights(ax, h, normals, top: float, number_from: str = "left") -> None:
    """Weights parallel to :math:`\\mathbf i` (Sec. 7.1): a vertical line at each position :math:`h_k`, an arrow for
    its normal :math:`n_k`, and each region :math:`\\Omega_j` between adjacent weights labelled with its active units.

    ``top``: the height (in data units) at which the arrows and labels are drawn.
    ``number_from``: ``"left"`` numbers the regions :math:`\\Omega_1, \\Omega_2, \\ldots` from the left,
    ``"right"`` from the right (Eq. 23 calls :math:`w_1`'s side on the right :math:`\\Omega_1`).
    """
    check_axes(ax)
    normals = as_vector(normals, "normals")
    h = as_vector(h, "h", length=len(normals))
    top = check_real(top, "top")
    number_from = check_choice(number_from, "number_from", ("left", "right"))
    left, right = ax.get_xlim()
    edges = np.concatenate([[left], np.sort(h), [right]])
    colours = (PALETTE["vermillion"], PALETTE["green"], PALETTE["purple"], PALETTE["black"])
    for k, (position, normal) in enumerate(zip(h, normals)):
        colour = colours[k % len(colours)]
        ax.axvline(position, color=colour, lw=2)
        ax.annotate("", xy=(position + 0.6 * normal, top), xytext=(position, top),
                    arrowprops=dict(arrowstyle="->", color=colour, lw=1.5))
        ax.text(position + 0.08 * normal, 0.9 * top, f"$w_{k + 1}$", color=colour, ha="left" if normal > 0 else "right",
                va="top", fontsize=10)
    for number, mid, units in _regions(edges, h, normals, number_from):
        names = ",".join(f"$w_{k}$" for k in units) or "none"
        ax.text(mid, 0.62 * top, f"$\\Omega_{number}$\n{names}", ha="center", va="top", fontsize=9,
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1))


def _regions(edges, h, normals, number_from: str = "left") -> list[tuple[int, float, list[int]]]:
    """The regions between adjacent ``edges``, left to right: (its number, its middle, the active units from 1)."""
    mids = 0.5 * (np.asarray(edges[:-1]) + np.asarray(edges[1:]))
    active = lg.activation_pattern(mids, h, normals)
    return [(j + 1 if number_from == "left" else len(mids) - j, float(mid), [int(k) + 1 for k in np.flatnonzero(row)])
            for j, (mid, row) in enumerate(zip(mids, active))]


def _regions_text(h, normals, number_from: str = "left") -> str:
    """Which units are active in each region between the weights at ``h``, left to right, in words."""
    edges = np.concatenate([[np.min(h) - 1.0], np.sort(h), [np.max(h) + 1.0]])
    return "; ".join(f"Omega{number}: {' and '.join(f'w{k}' for k in units) or 'no unit'}"
                     for number, _, units in _regions(edges, h, normals, number_from))


def fig3(x_w1: float = 2.5, x_w2: float = -1.0):
    """Our redrawing of the lost Fig. 3 of the Liu paper: parallel weights, their regions and the gaps.

    (a) Three parallel weights in a two-dimensional input plane, each a line perpendicular to
    :math:`\\mathbf i` with its normal; the regions :math:`\\Omega_j` between them and the units active there.
    (b) The two-weight setting of Eq. 23 and Fig. 4 on the class densities: :math:`w_1` at ``x_w1``
    facing :math:`+\\mathbf i`, :math:`w_2` at ``x_w2`` facing :math:`-\\mathbf i`, their population optima
    (Eq. 24, dashed) and the gaps :math:`g_1, g_2` between them (shaded).
    """
    x_w1, x_w2 = check_real(x_w1, "x_w1"), check_real(x_w2, "x_w2")
    if x_w1 < x_w2:
        raise ValueError("x_w1 must be >= x_w2: Fig. 3 (right) has disjoint active sides (Eq. 23).")
    fig, (ax_a, ax_b) = figure(2, width=8.4, height=3.6)
    x, y = lg.sample_data(60, seed=1)
    second = np.random.default_rng(2).standard_normal(60)
    for label_, sign, marker, colour in (("class +1", 1.0, "o", PALETTE["blue"]), ("class -1", -1.0, "s", PALETTE["orange"])):
        ax_a.plot(x[y == sign], second[y == sign], marker, ms=3.5, color=colour, label=label_)
    ax_a.set_xlim(-4.5, 4.5)
    ax_a.set_ylim(-3.0, 5.0)
    a_h, a_normals = np.array([2.0, 0.0, -2.0]), np.array([1.0, -1.0, 1.0])
    draw_parallel_weights(ax_a, a_h, a_normals, top=4.5)
    label(ax_a, r"$x = \mathbf{x}\cdot\mathbf{i}$", "another input coordinate", "(a) parallel weights, regions $\\Omega_j$")
    grid = np.linspace(-4.0, 5.0, 400)
    for label_, mean, colour in (("class +1", 1.0, PALETTE["blue"]), ("class -1", -1.0, PALETTE["orange"])):
        ax_b.plot(grid, 0.5 * np.exp(-0.5 * (grid - mean) ** 2) / np.sqrt(2 * np.pi), color=colour, label=label_)
    ax_b.set_xlim(-4.0, 5.0)
    ax_b.set_ylim(0.0, 0.4)
    h = np.array([x_w1, x_w2])
    h_star = lg.population_optimal_positions(h, lg.FIG4_NORMALS)
    draw_parallel_weights(ax_b, h, lg.FIG4_NORMALS, top=0.37, number_from="right")  # Eq. 23: Omega_1 is w1's side
    for k, (start, best, colour) in enumerate(zip(h, h_star, (PALETTE["vermillion"], PALETTE["green"]))):
        ax_b.axvline(best, color=colour, lw=1.5, ls="--")
        ax_b.axvspan(min(start, best), max(start, best), color=colour, alpha=0.2)
        ax_b.text(0.5 * (start + best), 0.01, f"$g_{k + 1}$", ha="center", color="black", fontsize=10)
    label(ax_b, r"$x = \mathbf{x}\cdot\mathbf{i}$", "density of samples", "(b) two weights (Eq. 23), optima dashed")
    ax_b.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9)  # below the axes, off the data
    gaps = np.abs(h - h_star)
    return describe(fig, f"(a) {int(np.sum(y == 1))} samples of class +1 and {int(np.sum(y == -1))} of class -1 in the "
                         f"plane, cut by {len(a_h)} parallel weights at x = {', '.join(f'{v:g}' for v in a_h)} into "
                         f"{len(a_h) + 1} regions, left to right {_regions_text(a_h, a_normals)}. (b) The class "
                         f"densities along x (class +1 centred at {lg.CLASS_MEANS[1]:g}, class -1 at "
                         f"{lg.CLASS_MEANS[-1]:g}); w1 at {h[0]:.2f} has its optimum at {h_star[0]:.2f}, w2 at "
                         f"{h[1]:.2f} at {h_star[1]:.2f}; the shaded gaps between them are {gaps[0]:.2f} and "
                         f"{gaps[1]:.2f} wide.")


def figA3(cases: dict):
    """Our redrawing of Fig. A3 (App. E.1): discrete samples on the line and parallel weights, one row per case.

    ``cases``: :func:`lossland.liu.discrete.rank_deficient_cases` (each entry with ``x, y, h, normals, rank``).
    """
    if not isinstance(cases, dict) or not cases:
        raise TypeError(f"cases must be the dict of rank_deficient_cases(), got {type(cases).__name__}.")
    fig, axes = figure(1, len(cases), width=6.6, height=1.9 * len(cases))
    for ax, (name, case) in zip(np.atleast_1d(axes), cases.items()):
        x, y = as_vector(case["x"], "x"), as_vector(case["y"], "y")
        ax.set_xlim(-4.2, 4.2)
        ax.set_ylim(-0.3, 1.3)
        for sign, marker, colour in ((1.0, "o", PALETTE["blue"]), (-1.0, "s", PALETTE["orange"])):
            ax.plot(x[y == sign], np.zeros(int(np.sum(y == sign))), marker, ms=7, color=colour)
        draw_parallel_weights(ax, case["h"], case["normals"], top=1.15)
        ax.set_yticks([])
        label(ax, r"$x = \mathbf{x}\cdot\mathbf{i}$", "", f"{name}: rank $F$ = {case['rank']} of {len(case['h'])}")
        ax.title.set_fontsize(10)
    return describe(fig, "Samples on a line with parallel weights, one row per case. " + " ".join(
        f"{name}: {int(np.sum(np.asarray(case['y']) == 1))} samples of class +1 and "
        f"{int(np.sum(np.asarray(case['y']) == -1))} of class -1; {len(case['h'])} weights at x = "
        f"{', '.join(f'{v:g}' for v in np.asarray(case['h'], float))}, regions left to right "
        f"{_regions_text(np.asarray(case['h'], float), np.asarray(case['normals'], float))}; rank F = {case['rank']} "
        f"of {len(case['h'])}." for name, case in cases.items()))


def draw_curve(ax, x, values, xlabel: str, ylabel: str, title: str, log: bool = False, **style) -> None:
    """One curve against a weight position, optionally on a log scale."""
    check_axes(ax)
    x = as_vector(x, "x")
    values = as_vector(values, "values", length=len(x))
    for text, name in ((xlabel, "xlabel"), (ylabel, "ylabel"), (title, "title")):
        check_text(text, name)
    log = check_flag(log, "log")
    if log and not np.any(values > 0):
        raise ValueError("values must have a positive entry to be drawn on a log scale.")
    ax.plot(x, values, color=style.pop("color", PALETTE["blue"]), **style)
    if log:
        ax.set_yscale("log")
        _decade_ticks(ax, values)
    label(ax, xlabel, ylabel, title)


def _decade_ticks(ax, values, most: int = 7) -> None:
    """Log-axis ticks at round multiples of decades (10^0, 10^-20, 10^-40, ...), every one labelled."""
    from matplotlib.ticker import FixedLocator, NullLocator

    positive = np.asarray(values, float)
    positive = positive[positive > 0]
    low = max(np.floor(np.log10(positive.min())), -300.0)  # clear of the subnormal doubles
    high = np.ceil(np.log10(positive.max()))
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200) if (high - low) / s <= most)
    exponents = np.arange(np.ceil(low / step) * step, high + 1, step)
    ax.yaxis.set_major_locator(FixedLocator(10.0 ** exponents))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylim(10.0 ** low, 10.0 ** high)


def draw_map(ax, x_w1, x_w2, values, title: str):
    """A probability map over both weight positions (Fig. 4c); returns the image for a colour bar."""
    check_axes(ax)
    x_w1, x_w2 = as_vector(x_w1, "x_w1"), as_vector(x_w2, "x_w2")
    values = as_matrix(values, "values")
    check_text(title, "title")
    image = ax.pcolormesh(x_w1, x_w2, values, shading="auto", vmin=0.0, vmax=1.0)
    ax.grid(False)
    label(ax, r"$x_{w_1}$", r"$x_{w_2}$", title)
    return image


def _with(grid: np.ndarray, *points: float, halfwidth: float = 0.05, count: int = 41) -> np.ndarray:
    """``grid`` refined around ``points`` (and containing them): sharp peaks are drawn at their height."""
    extra = [np.linspace(p - halfwidth, p + halfwidth, count) for p in points]
    inside = [e[(e >= grid.min()) & (e <= grid.max())] for e in extra]
    return np.unique(np.concatenate([grid, *inside]))


def fig4(n: int = 100, seed: int = 0, rule: str = "product", peak: float | None = None):
    """Fig. 4 (a)-(c) and, in (d), Eq. (25)-(26) as written on the slice of (b); two weights, 2 x 2 panels.

    ``peak``: the position where :math:`w_1` sits at its own population optimum; the grids are
    refined around it (and around :math:`-` ``peak`` for :math:`w_2`), so the sharp peak is drawn at its height.
    """
    n = check_positive(n, "n", integer=True)
    seed = check_seed(seed)
    rule = check_choice(rule, "rule", lg.RULES)
    if peak is not None:
        peak = check_real(peak, "peak")
    points = () if peak is None else (float(peak),)
    x_w1 = _with(np.linspace(0.0, 6.0, 241), *points)
    grid = _with(np.linspace(-6.0, 6.0, 241), *points, *(-p for p in points), halfwidth=0.02, count=9)
    fig, axes = figure(2, 2, width=8.4, height=6.4)
    ax_a, ax_b, ax_c, ax_d = axes
    slice_label = r"$x_{w_1}$ ($x_{w_2} = 0$)"
    loss, factor = lg.fig4a_loss(x_w1, n=n, seed=seed), lg.fig4b_trap(x_w1, n=n)
    trap_map = lg.fig4c_trap_map(grid, grid, n=n, rule=rule)
    union = lg.trap_probability(np.stack([x_w1, np.zeros_like(x_w1)], axis=-1), lg.FIG4_NORMALS, n, "union")
    draw_curve(ax_a, x_w1, loss, slice_label, "empirical loss", "(a) Fig. 4a: loss of one dataset")
    draw_curve(ax_b, x_w1, factor, slice_label, r"$(1 - P(x\in g_1))^N$", "(b) Fig. 4b: $w_1$'s factor")
    image = draw_map(ax_c, grid, grid, trap_map, f"(c) Fig. 4c: $P_t$, {rule} rule")
    fig.colorbar(image, ax=ax_c, label=r"$P_t$")
    if peak is not None:
        _zoom_on_peak(ax_c, float(peak), n, rule)
    draw_curve(ax_d, x_w1, union, slice_label, r"$P_t = (1 - P_g)^N$", "(d) Eq. 25-26 on the slice of (b)", log=True,
               color=PALETTE["vermillion"])
    row, col = np.unravel_index(np.argmax(trap_map), trap_map.shape)
    return describe(fig, f"Two weights, w2 at 0 in (a), (b), (d), with N = {n} samples. (a) The loss of one dataset "
                         f"against x_w1 is smallest, {loss.min():.3g}, at x_w1 = {x_w1[np.argmin(loss)]:.2f}. (b) w1's "
                         f"trap factor peaks at {factor.max():.3g} at x_w1 = {x_w1[np.argmax(factor)]:.2f}. (c) The "
                         f"{rule} rule's trap probability over both positions is at most {trap_map.max():.3g}, at "
                         f"(x_w1, x_w2) = ({grid[col]:.2f}, {grid[row]:.2f}), and above 0.5 on {np.mean(trap_map > 0.5):.1%}"
                         f" of the map. (d) On a log scale, Eq. 25-26 give P_t from {_small(union.min())} to "
                         f"{union.max():.3g}, largest at x_w1 = {x_w1[np.argmax(union)]:.2f}.")


def _small(value: float) -> str:
    """A probability for a figure's text: below 1e-300 (subnormal, machine-dependent) as its bound."""
    return f"{value:.2g}" if value >= 1e-300 else "below 1e-300"


def _zoom_on_peak(ax, peak: float, n: int, rule: str, halfwidth: float = 0.3) -> None:
    """An inset magnifying the small peak of Fig. 4(c) at (``peak``, ``-peak``), a few pixels wide on the full map.

    The inset sits in the upper-left corner of the map (crossed weights, where :math:`P_t` is
    about 0 and nothing else is drawn); a box on the map marks the magnified square.
    """
    from matplotlib.patches import Rectangle

    x_w1 = np.linspace(peak - halfwidth, peak + halfwidth, 121)
    x_w2 = np.linspace(-peak - halfwidth, -peak + halfwidth, 121)
    inset = ax.inset_axes([0.13, 0.44, 0.4, 0.42])
    inset.pcolormesh(x_w1, x_w2, lg.fig4c_trap_map(x_w1, x_w2, n=n, rule=rule), shading="auto", vmin=0.0, vmax=1.0)
    inset.grid(False)
    inset.tick_params(labelsize=9, colors="white")
    for spine in inset.spines.values():
        spine.set_edgecolor("white")
    ax.add_patch(Rectangle((peak - halfwidth, -peak - halfwidth), 2 * halfwidth, 2 * halfwidth, fill=False, edgecolor="white", lw=1))


def figA4(n: int = 100, rule: str = "max"):
    """Fig. A4 (a)-(b): four weights, moving the uppermost or all of them (log scale)."""
    n = check_positive(n, "n", integer=True)
    rule = check_choice(rule, "rule", lg.RULES)
    shift = np.linspace(-3.0, 6.0, 361)
    fig, axes = figure(2, width=8.0, height=3.2)
    words = []
    for ax, move, title in zip(axes, ("uppermost", "all"), ("(a) shifting the uppermost", "(b) shifting all weights")):
        trap = lg.figA4_trap(shift, move, n=n, rule=rule)
        if not np.any(trap > 0):
            raise ValueError(f"n = {n} samples make every trap probability underflow to 0 (P_t falls like a power "
                             f"of n): there is nothing to draw on a log scale; reduce n.")
        draw_curve(ax, shift, trap, "shift", rf"$P_t$ ({rule} rule)", f"Fig. A4{title[:3]} {title[4:]}", log=True)
        words.append(f"{title}: largest, {trap.max():.3g}, at shift {shift[np.argmax(trap)]:.2f}, smallest "
                     f"{_small(trap.min())} at shift {shift[np.argmin(trap)]:.2f}")
    return describe(fig, f"The trap probability P_t ({rule} rule, N = {n}) of four weights on a log scale against the "
                         f"shift from {shift[0]:g} to {shift[-1]:g}. " + "; ".join(words) + ".")


def draw_monte_carlo(ax, x_curve, analytic, x_points, sample_optimum, population_gaps=None) -> None:
    """Eq. (25) (a curve on ``x_curve``) against Monte-Carlo fractions at ``x_points``.

    ``sample_optimum``: datasets whose sample optimum stays in the cell; ``population_gaps``:
    datasets with no sample in the population gaps. The legend sits above the axes, off the data.
    """
    check_axes(ax)
    x_curve = as_vector(x_curve, "x_curve")
    analytic = as_vector(analytic, "analytic", length=len(x_curve))
    x_points = as_vector(x_points, "x_points")
    sample_optimum = as_vector(sample_optimum, "sample_optimum", length=len(x_points))
    if population_gaps is not None:
        population_gaps = as_vector(population_gaps, "population_gaps", length=len(x_points))
    ax.plot(x_curve, analytic, color=PALETTE["blue"], label="Eq. (25), population optimum")
    if population_gaps is not None:
        ax.plot(x_points, population_gaps, "o", color=PALETTE["sky"], ms=4, label="Monte Carlo, population gaps")
    ax.plot(x_points, sample_optimum, "s", color=PALETTE["vermillion"], ms=4, label="Monte Carlo, sample optimum")
    label(ax, r"$x_{w_1}$ ($w_2$ far away)", "probability of a genuine minimum")
    ax.set_ylim(-0.03, 1.05)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=9)
    expected = np.interp(x_points, x_curve, analytic)
    gaps = ("" if population_gaps is None else
            f"the Monte-Carlo fractions with no sample in the population gaps differ from it by at most "
            f"{np.max(np.abs(population_gaps - expected)):.3f}; ")
    describe(ax.figure, f"The probability of a genuine minimum against x_w1: Eq. 25 runs from {analytic.min():.3f} to "
                        f"{analytic.max():.3f}, largest at x_w1 = {x_curve[np.argmax(analytic)]:.2f}; {gaps}at the "
                        f"{len(x_points)} simulated positions the fractions whose sample optimum stays in its cell "
                        f"lie from {np.min(sample_optimum - expected):+.3f} to {np.max(sample_optimum - expected):+.3f} "
                        f"off the curve.")


def gap_frame(x_w1: float, x_w2: float, n: int = 100, fig=None):
    """One frame of the gap explorer: the two classes along the line, the weights, their optima and the gaps.

    ``fig``: a figure of this explorer to redraw in place (``None`` creates one).
    """
    x_w1, x_w2 = check_real(x_w1, "x_w1"), check_real(x_w2, "x_w2")
    n = check_positive(n, "n", integer=True)
    check_figure(fig)
    h = np.array([x_w1, x_w2], dtype=float)
    h_star = lg.population_optimal_positions(h, lg.FIG4_NORMALS)
    gaps = lg.gap_probabilities(h, h_star)
    factors = lg.weight_trap_factors(h, lg.FIG4_NORMALS, n)
    p_union = float(lg.trap_probability(h, lg.FIG4_NORMALS, n, "union"))
    if fig is None:
        fig, ax = figure(width=8.0, height=4.4, fast=True)
        fig.subplots_adjust(left=0.09, right=0.98, top=0.86, bottom=0.33)
    else:
        ax = fig.axes[0]
        wipe(ax)  # the axes and their ticks stay
    x = np.linspace(-6.5, 7.0, 400)
    for label_, mean, colour in (("class +1", 1.0, PALETTE["blue"]), ("class -1", -1.0, PALETTE["orange"])):
        ax.plot(x, 0.5 * np.exp(-0.5 * (x - mean) ** 2) / np.sqrt(2 * np.pi), color=colour, label=label_)
    for k, (start, best, colour) in enumerate(zip(h, h_star, (PALETTE["vermillion"], PALETTE["green"]))):
        ax.axvline(start, color=colour, lw=2, label=f"w{k + 1} at {start:.2f}")
        ax.axvline(best, color=colour, lw=1.5, ls="--", label=f"w{k + 1}* at {best:.2f}")
        ax.axvspan(min(start, best), max(start, best), color=colour, alpha=0.15)
    ax.set_xlim(-6.5, 7.0)  # the live sliders reach -6 and 6
    ax.set_ylim(0.0, 0.25)
    label(
        ax,
        "position along the weights' direction",
        "density of samples",
        f"gap masses {gaps[0]:.3f}, {gaps[1]:.3f}; per-weight factors {factors[0]:.2g}, {factors[1]:.2g}\n"
        f"$P_t$ of Eq. 25-26 (both gaps) = {p_union:.2g}",
    )
    ax.title.set_fontsize(10)
    ax.legend(fontsize=9, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.2))  # below the axes, off the data
    return describe(fig, f"The densities of the two classes along the weights' direction (class +1 centred at "
                         f"{lg.CLASS_MEANS[1]:g}, class -1 at {lg.CLASS_MEANS[-1]:g}). w1 at {h[0]:.2f} has its "
                         f"optimum at {h_star[0]:.2f}, w2 at {h[1]:.2f} at {h_star[1]:.2f}; the gaps between them "
                         f"(shaded) hold {gaps[0]:.3f} and {gaps[1]:.3f} of the samples, so with N = {n} the "
                         f"probability of a trap P_t is {p_union:.2g}.")


def gap_explorer(x_w1: float = 2.0, x_w2: float = 0.0, n: int = 100, positions=np.linspace(0.0, 6.0, 25)):
    """Drag the two parallel weights and watch their optima, the gaps and the probability of a trap."""
    x_w1, x_w2 = check_real(x_w1, "x_w1"), check_real(x_w2, "x_w2")
    n = check_positive(n, "n", integer=True)
    positions = as_vector(positions, "positions")
    from lossland.book.widgets import explorer, live_view, scrubber

    def live():
        import ipywidgets as w

        controls = dict(
            first=w.FloatSlider(value=x_w1, min=-6, max=6, step=0.05, description="x_w1"),
            second=w.FloatSlider(value=x_w2, min=-6, max=6, step=0.05, description="x_w2"),
        )
        return live_view(controls, lambda fig, first, second: gap_frame(first, second, n, fig))

    def fallback():
        start = int(np.argmin(np.abs(positions - x_w1)))
        caption = lambda v: f"x_w1 = {v:.2f}, x_w2 = {x_w2:.2f}, N = {n}"
        return scrubber(lambda fig, v: gap_frame(v, x_w2, n, fig), positions, label="position of w1", caption=caption,
                        start=start, in_place=True)

    return explorer(live, fallback)
