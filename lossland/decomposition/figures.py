"""Figures and explorers of Chapter 1 (loss-surface decomposition).

Each ``draw_*`` function fills given axes; each ``fig*`` function returns a
new figure rebuilding one of the paper's figures; the explorers return a
live ipywidget in Jupyter and a :class:`lossland.book.widgets.Scrubber` on the website.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.colors import ListedColormap
from matplotlib.ticker import MaxNLocator

from lossland.book.display import below
from lossland.book.plots import (
    PALETTE, check_axes, check_axes_list, check_figure, describe, figure, label, square_limits,
)
from lossland.book.widgets import explorer, grid_lines, keep_moving, live_view, moving_changes, scrubber, wipe
from lossland.core.all_regions import SubglobalMinima
from lossland.core.genuine import genuineness
from lossland.core.regions import Regions, UnitCells, activation_pattern, activation_regions, unit_cells
from lossland.core.subglobal import solve_pattern
from lossland.core.validation import (
    as_array, as_matrix, as_vector, check_dataset, check_entries, check_flag, check_index, check_pattern,
    check_positive, check_real, check_width,
)
from lossland.decomposition.constructions import fig2_loss, minima_by_width, poor_share

__all__ = ["pattern_text", "draw_unit_cells", "fig1", "fig2", "draw_histograms", "fig3", "explorer_frame",
           "region_explorer", "draw_region", "inspector_frame", "region_inspector", "table1_figure"]

SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"
CELL_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"]


def pattern_text(pattern) -> str:
    """Activation values as a compact string, e.g. ``'101'``."""
    if not np.isin(as_array(pattern, "pattern", bools=True), (0, 1)).all():
        raise ValueError("pattern must hold activation values 0 or 1 only.")
    return "".join(str(int(a)) for a in np.ravel(pattern))


def draw_unit_cells(ax, X, cells: UnitCells, radius: float = 3.0, resolution: int = 201, annotate: bool = True) -> None:
    """Shade one unit's weight plane by activation region and draw the lines :math:`w^\\top x_i = 0` (Fig. 1)."""
    check_axes(ax)
    X = as_matrix(X, "X", columns=2)
    _check_cells(cells)
    radius = check_positive(radius, "radius")
    resolution = check_positive(resolution, "resolution", integer=True)
    check_entries(4.0 * resolution * resolution, "resolution")  # a resolution x resolution grid of the plane
    annotate = check_flag(annotate, "annotate")
    grid = np.linspace(-radius, radius, resolution)
    W1, W2 = np.meshgrid(grid, grid)
    powers = 2 ** np.arange(len(X))
    codes = powers @ activation_pattern(X, np.column_stack([W1.ravel(), W2.ravel()]))  # one code per grid point
    cell_codes = cells.patterns.astype(int) @ powers
    labels = np.full(codes.shape, np.nan)
    for k, code in enumerate(cell_codes):
        labels[codes == code] = k
    labels = labels.reshape(W1.shape)  # NaN: grid points exactly on a line
    colours = [CELL_COLOURS[k % len(CELL_COLOURS)] for k in range(len(cells))]
    ax.imshow(labels, extent=(-radius, radius, -radius, radius), origin="lower", cmap=ListedColormap(colours),
              vmin=-0.5, vmax=len(cells) - 0.5, alpha=0.35, interpolation="nearest")
    lines: dict[int, list[int]] = {}  # first point of each distinct line -> all points on it
    for i, x in enumerate(X):
        if not np.any(x):
            continue  # a zero point draws no line: the unit is off on it for every w
        same = [k for k in lines if abs(X[k, 0] * x[1] - X[k, 1] * x[0]) < 1e-12 * np.linalg.norm(X[k]) * np.linalg.norm(x)]
        lines.setdefault(same[0] if same else i, []).append(i)
    for first, points in lines.items():
        x = X[first]
        direction = np.array([-x[1], x[0]]) / np.linalg.norm(x)
        ax.plot(*np.outer([-2 * radius, 2 * radius], direction).T, color="0.25", lw=1)
        # On the line, well inside the square, on a white box so that it reads on any shade;
        # points on one line through the origin share it (and its label).
        spot = 0.9 * radius * direction / np.max(np.abs(direction))
        name = " = ".join(f"x_{i + 1}^\\top w" for i in points)
        inward = "left" if spot[0] < 0 else "right"  # the text runs from the spot towards the middle
        ax.annotate(f"${name} = 0$", spot, fontsize=9, ha=inward, va="center", color="black",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
    if annotate:
        for pattern, w in zip(cells.patterns, cells.witnesses):
            spot = 0.45 * radius * w / np.linalg.norm(w)
            ax.annotate(pattern_text(pattern), spot, ha="center", va="center", fontsize=10, weight="bold", color="black",
                        bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="0.5", lw=0.5, alpha=0.85))
    square_limits(ax, radius)
    label(ax, "$w_{1}$ (first weight)", "$w_{2}$ (second weight)")


def _check_cells(cells) -> None:
    if not isinstance(cells, UnitCells):
        raise TypeError(f"cells must be the UnitCells of the data (from unit_cells(X)), got {type(cells).__name__}.")


def _check_minima(minima) -> None:
    if not isinstance(minima, dict) or not minima:
        raise TypeError(f"minima must be a non-empty dict {{width: SubglobalMinima}} (from minima_by_width), got {type(minima).__name__}.")
    for width, result in minima.items():
        check_width(width, "minima (a width key)")
        if not isinstance(result, SubglobalMinima):
            raise TypeError(f"minima must map widths to SubglobalMinima, got {type(result).__name__} for width {width}.")


def fig1(X) -> object:
    """Fig. 1: the activation regions of one hidden unit for the three-point dataset."""
    fig, ax = figure(width=4.6, height=4.4)
    cells = unit_cells(X)
    draw_unit_cells(ax, X, cells)
    ax.set_title("Activation regions of one unit (pattern $a_1a_2a_3$)")
    patterns = ", ".join(pattern_text(p) for p in cells.patterns)
    return describe(fig, f"The weight plane of one unit is cut by {len(X)} lines through the origin, one per data "
                         f"point, into {len(cells)} shaded sectors, each labelled with its activation pattern: {patterns}.")


def fig2(X, y, radius: float = 3.0) -> object:
    """Fig. 2: the landscape of :math:`f(x) = w_2\\sigma(w_1 x)`, the kink line and its local minima."""
    radius = check_positive(radius, "radius")
    fig, (left, right) = figure(ncols=2, width=8.4, height=3.9)
    grid = np.linspace(-radius, radius, 241)
    W1, W2 = np.meshgrid(grid, grid)
    L = fig2_loss(W1, W2, X, y)
    contours = left.contourf(W1, W2, np.log10(L), levels=30)
    colourbar = fig.colorbar(contours, ax=left, pad=0.02)
    colourbar.ax.set_title(r"$\log_{10}\mathcal{L}$", fontsize=9)
    left.plot([0, 0], [0, radius], color=PALETTE["vermillion"], lw=3, label="local minima ($w_1=0,\\ w_2>0$)")
    left.plot([0, 0], [-radius, 0], color="white", lw=2, ls="--", label="kink, not minima ($w_2\\leq 0$)")
    w1 = np.linspace(1 / (2 * radius), radius, 200)  # the curve w1 w2 = -1/2, w1 > 0, inside the square
    left.plot(w1, -0.5 / w1, color=PALETTE["orange"], lw=2.5, ls=":",
              label="differentiable minima, loss 4.5 ($w_1w_2=-\\frac{1}{2},\\ w_1>0$)")
    label(left, "$w_1$", "$w_2$", "Loss landscape")
    w1 = np.linspace(-1.5, 1.5, 601)
    for w2, colour in ((1.0, PALETTE["vermillion"]), (-1.0, PALETTE["blue"])):
        right.plot(w1, fig2_loss(w1, w2, X, y), color=colour, label=f"$w_2 = {w2:g}$")
    right.axvline(0, color="0.5", lw=0.8)
    right.plot([0.5], [fig2_loss(0.5, -1.0, X, y)], "o", color=PALETTE["orange"], ms=7, mec="black", mew=0.6,
               label="on the dotted curve")
    right.legend(loc="upper center")  # the empty middle: the curves are low near w1 = 0
    label(right, "$w_1$", r"loss $\mathcal{L}$", "Slices across the kink")
    # Below the panels, off the landscape (the global minimum's valley fills the lower left).
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower left", ncols=2, fontsize=9,
               frameon=True, facecolor="0.85")
    kink = {w2: float(fig2_loss(0.0, w2, X, y)) for w2 in (1.0, -1.0)}
    return describe(fig, f"Left: the loss over the weight plane, log-shaded, from {L.min():.3g} to {L.max():.3g}; the "
                         f"half-line w1 = 0, w2 > 0 is a line of local minima at a kink, the half-line below it is "
                         f"a kink but no minimum, and the curve w1 w2 = -1/2 holds differentiable minima of loss 4.5. "
                         f"Right: slices along w1; at w1 = 0 the slice w2 = 1 has its kinked minimum (loss "
                         f"{kink[1.0]:.3g}) while the slice w2 = -1 passes the kink at loss {kink[-1.0]:.3g} "
                         f"and falls further to the dot on the dotted curve.")


def draw_histograms(axes, minima: dict[int, SubglobalMinima], log: bool = False) -> None:
    """Fig. 3: per width, the loss values of the genuine subglobal minima (one count per region).

    Each bar carries its count above it, so that a bar of height 1 reads even beside one of
    height 1000 (and on a log scale, where a count of 1 has no height at all).
    """
    axes = check_axes_list(axes)
    _check_minima(minima)
    log = check_flag(log, "log")
    for ax, (width, result) in zip(np.ravel(axes), minima.items()):
        loss = result.loss[result.genuine]
        best = loss.min()
        values, counts = np.unique(np.round(loss, 9), return_counts=True)
        colours = [PALETTE["green"] if v <= best + 1e-9 else PALETTE["vermillion"] for v in values]
        bars = ax.bar(np.arange(len(values)), counts, color=colours)
        ax.bar_label(bars, labels=[str(count) for count in counts], fontsize=9, padding=1)
        ax.set_xticks(np.arange(len(values)), [f"{v:.3g}" for v in values], rotation=60, fontsize=9)
        if log:
            ax.set_yscale("log")
        ax.set_ylim(top=(counts.max() * 3.0) if log else counts.max() * 1.18)  # room for the counts
        if not log:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        label(ax, "loss at the minimum", "regions",
              f"h = {width}: {result.genuine.sum()} of {len(result.loss)} genuine, {poor_share(result):.0%} poor")


def fig3(minima: dict[int, SubglobalMinima]) -> object:
    """Fig. 3: histograms of subglobal-minimum losses for widths 1 to 4 (green: the best; vermillion: poor).

    Two panels per row (2 x 2 for four widths), so that every label stays legible in the text column.
    """
    _check_minima(minima)
    ncols = min(2, len(minima))
    nrows = -(-len(minima) // ncols)
    fig, axes = figure(ncols=ncols, nrows=nrows, width=7.4, height=2.9 * nrows)  # own scale per width: counts differ 100-fold
    axes = np.atleast_1d(axes)
    draw_histograms(axes, minima)
    for ax in axes[len(minima):]:
        ax.set_visible(False)
    counts = "; ".join(f"width {width}: {result.genuine.sum()} genuine minima, {poor_share(result):.0%} of them poor"
                       for width, result in minima.items())
    return describe(fig, f"Histograms of the loss at the genuine subglobal minima, one per width, the best loss in "
                         f"green and poor ones in vermillion: {counts}.")


def explorer_frame(X, y, moved: int, point, target: float, width: int, fig=None):
    """One frame of the region explorer: data point ``moved`` placed at ``point`` with target ``target``."""
    X, y = check_dataset(X, y)
    X = as_matrix(X, "X", columns=2)
    moved = check_index(moved, "moved", len(X))
    point = as_vector(point, "point", length=2)
    target = check_real(target, "target")
    width = check_width(width)
    check_figure(fig)
    data, targets = np.array(X, dtype=float), np.array(y, dtype=float)
    data[moved], targets[moved] = point, target
    cells = unit_cells(data)
    minima = {width: _minima(tuple(data.ravel()), tuple(targets), width)}
    if fig is None:
        fig, _ = figure(ncols=2, width=8.4, height=3.8, fast=True)
    left, right = fig.axes
    # The left panel shows the points alone: a move of the target or the width leaves it as drawn.
    same_points = np.array_equal(getattr(fig, "_lossland_points", None), data)
    with moving_changes(fig):  # the left panel's axes (fixed limits) stay in the saved picture; the rest moves
        if not same_points:
            wipe(left)
            draw_unit_cells(left, data, cells, annotate=len(cells) <= 8, resolution=121)
            left.set_title(f"regions of one unit; x{SUBSCRIPTS[moved + 1]} = ({point[0]:.2f}, {point[1]:.2f})")
            left.locator_params(nbins=5)  # not the histogram: its ticks name the loss values
            grid_lines(left)  # over the shaded cells, drawn again on every move
        wipe(right)
        draw_histograms([right], minima, log=False)
        right.yaxis.get_major_locator().set_params(integer=True)
        # Moving: the left panel's drawing, and the whole histogram but its background (its ticks name the losses).
        moving = [*left.lines, *left.images, *left.collections, *left.texts, left.title, *left.spines.values()]
        for artist in moving + [a for a in right.get_children() if a is not right.patch]:
            artist.set_animated(True)
    if same_points:
        keep_moving(left)
    fig._lossland_points = data
    result = minima[width]
    return describe(fig, f"With x{moved + 1} at ({point[0]:.2f}, {point[1]:.2f}), one unit's weight plane has "
                         f"{len(cells)} regions (left); at width {width} (right) {result.genuine.sum()} of "
                         f"{len(result.loss)} regions hold a genuine minimum, {poor_share(result):.0%} of them poor, "
                         f"the best loss {_loss_text(result.loss[result.genuine].min())}.")


@lru_cache(maxsize=64)
def _minima(points: tuple, targets: tuple, width: int) -> SubglobalMinima:
    """``minima_by_width`` of the explorer's data at one width, remembered: a reader who moves a slider back, or
    the width there and back, sees the last minima again at once (their arrays are only read)."""
    return minima_by_width(np.reshape(points, (len(targets), -1)), np.array(targets), [width])[width]


def region_explorer(X, y, width: int = 2, moved: int = 2, positions=np.linspace(-3.0, 3.0, 25)):
    """Move one data point and watch the regions and the subglobal minima respond.

    Live: sliders for the moved point's coordinates and target and the width.
    Website: a scrubber over the point's first coordinate.
    """
    X, y = check_dataset(X, y)
    X = as_matrix(X, "X", columns=2)
    width = check_width(width)
    moved = check_index(moved, "moved", len(X))
    positions = as_vector(positions, "positions")
    X, y = np.array(X, dtype=float), np.array(y, dtype=float)

    def draw(first, second=X[moved, 1], target=y[moved], h=width, fig=None):
        return explorer_frame(X, y, moved, (first, second), target, h, fig)

    def live():
        import ipywidgets as w

        return live_view(
            dict(
                first=w.FloatSlider(value=X[moved, 0], min=-3, max=3, step=0.05, description=f"x{moved + 1} first"),
                second=w.FloatSlider(value=X[moved, 1], min=-3, max=3, step=0.05, description=f"x{moved + 1} second"),
                target=w.FloatSlider(value=y[moved], min=-4, max=4, step=0.1, description=f"y{moved + 1}"),
                h=w.IntSlider(value=width, min=1, max=3, description="width h"),
            ),
            lambda fig, **values: draw(fig=fig, **values),
        )

    def fallback():
        start = int(np.argmin(np.abs(positions - X[moved, 0])))
        caption = lambda v: f"x{moved + 1} = ({v:.2f}, {X[moved, 1]:.2f}), width h = {width}"
        return scrubber(lambda fig, first: draw(first, fig=fig), positions, label=f"first coordinate of x{moved + 1}",
                        caption=caption, start=start, in_place=True)

    return explorer(live, fallback)


def draw_region(axes, X, y, pattern, cells: UnitCells) -> str:
    """One region: each unit's cell and its minimum-norm :math:`p_j`; returns a text summary."""
    axes = check_axes_list(axes)
    X, y = check_dataset(X, y)
    X = as_matrix(X, "X", columns=2)
    if np.ndim(pattern) != 2 or isinstance(pattern, (str, bytes)):
        raise ValueError(f"pattern must be 2-D (one row per data point, one column per unit), got {pattern!r}.")
    pattern = check_pattern(pattern, "pattern", (len(X), np.shape(pattern)[1]))
    _check_cells(cells)
    known = {tuple(p) for p in cells.patterns}
    if len(cells.patterns[0]) != len(X) or any(tuple(column) not in known for column in pattern.T):
        raise ValueError("pattern must have, for each unit, the pattern of one of the cells (cells must belong to X).")
    for ax in axes:
        _draw_cells_panel(ax, X, cells)
    return _draw_solution(axes, X, y, pattern, cells)


def _draw_cells_panel(ax, X, cells: UnitCells) -> None:
    """What :func:`draw_region` draws on a unit's panel that is the same for every region: the shaded cells."""
    draw_unit_cells(ax, X, cells, annotate=False, resolution=121)
    ax.locator_params(nbins=5)


def _draw_solution(axes, X, y, pattern, cells: UnitCells) -> str:
    """What :func:`draw_region` draws that depends on the region (arrows, products, titles); returns its summary."""
    fit = solve_pattern(X, y, pattern)
    verdict = genuineness(X, y, pattern)
    for j, ax in enumerate(axes):
        k = next(k for k, p in enumerate(cells.patterns) if np.array_equal(p, pattern[:, j]))
        w = cells.witnesses[k]
        ax.annotate("", 2.2 * w / np.linalg.norm(w), (0, 0), arrowprops=dict(arrowstyle="->", color="0.1", lw=2))
        p = fit.p[0, j]
        if np.linalg.norm(p) > 0:
            # No legend over the plane: the chapter's text and the title name the markers.
            ax.plot(*p, "o", color=PALETTE["vermillion"], mec="black", ms=8)
            ax.plot(*-p, "s", mfc="none", color=PALETTE["vermillion"], mew=2, ms=8)
        ax.set_title(f"unit {j + 1}, pattern {pattern_text(pattern[:, j])}: dot $p_j$, square $-p_j$", fontsize=9)
    return (
        f"pattern per unit {', '.join(pattern_text(pattern[:, j]) for j in range(pattern.shape[1]))}; "
        f"subglobal loss {_loss_text(fit.loss[0])}; rank {fit.rank[0]} of {pattern.shape[1] * X.shape[1]} unknowns; verdict: {verdict.status}"
    )


def _loss_text(loss: float) -> str:
    """A loss for a title: round-off below 1e-12 as its bound, so frames read the same on every BLAS kernel."""
    return below(loss, 1e-12) if abs(loss) < 1e-12 else f"{loss:.4g}"


def inspector_frame(X, y, regions, r: int, fig=None):
    """One frame of the region inspector: region ``r``'s units, their cells and minimum-norm products.

    ``fig``: this inspector's last frame (same data and regions), redrawn in place: the shaded cells
    are the same for every region and stay as drawn; ``None`` draws a new figure.
    """
    if not isinstance(regions, Regions):
        raise TypeError(f"regions must be the Regions of the data (from activation_regions(X, width)), got {type(regions).__name__}.")
    r = check_index(r, "r", len(regions))
    check_figure(fig)
    width = regions.width
    if fig is None:
        fig, _ = figure(ncols=width, width=3.6 * width, height=3.8, fast=True)
        for ax in fig.axes:
            _draw_cells_panel(ax, X, regions.cells)  # the same for every region: drawn once, kept in the saved picture
    axes = fig.axes
    with moving_changes(fig):  # only the region's arrows, products and titles move
        for ax in axes:
            for artist in [*ax.lines, *ax.texts]:
                if artist.get_animated():  # the last region's
                    artist.remove()
        still = {id(artist) for ax in axes for artist in ax.get_children()}
        summary = _draw_solution(axes, X, y, regions.patterns[r], regions.cells)
        _figure_title(axes[0], f"region {r}: {summary}")
        for ax in axes:
            for artist in ax.get_children():
                if id(artist) not in still or artist is ax.title:
                    artist.set_animated(True)
    return describe(fig, f"Region {r}, one panel per unit: the unit's cell in its weight plane with an arrow to a "
                         f"weight vector in it, and the minimum-norm product p_j as a dot when it is not zero; "
                         f"{summary}.")


def _figure_title(ax, text: str) -> None:
    """``text`` centred above all panels, where ``fig.suptitle(text, fontsize=9)`` puts it, but held by ``ax``.

    So it can move with an explorer's animated parts: matplotlib leaves a figure's own animated
    artists out of a saved figure (see :func:`lossland.book.widgets.moving_changes`), and a new
    suptitle that is not animated has the whole figure drawn again.
    """
    ax.text(0.5, 0.98, text, transform=ax.figure.transSubfigure, ha="center", va="top", fontsize=9,
            fontweight=rcParams["figure.titleweight"])


def region_inspector(X, y, width: int = 2):
    """Pick a region and see its convex problem's solution and whether it is genuine."""
    width = check_width(width)
    regions = activation_regions(X, width)
    names = [" ".join(pattern_text(p[:, j]) for j in range(width)) for p in regions.patterns]

    def live():
        import ipywidgets as w

        picker = w.Dropdown(options=[(f"{r}: {name}", r) for r, name in enumerate(names)], description="region")
        return live_view(dict(r=picker), lambda fig, r: inspector_frame(X, y, regions, r, fig))

    def fallback():
        caption = lambda r: f"region {r}: the units' patterns are {names[r]} (arrow: a weight vector in the unit's cell)"
        return scrubber(lambda fig, r: inspector_frame(X, y, regions, r, fig), range(len(regions)), label="region",
                        caption=caption, in_place=True)

    return explorer(live, fallback)


def table1_figure(result):
    """Table 1 as a picture: training accuracy against parameters per training point, paper beside ours.

    Lining the columns up by parameters per point, not by ``k``, puts each width beside
    the paper's width with as many parameters per training image (the paper: 60,000 MNIST
    images; ours: the 4,000 training images of the MNIST subset). On the same images this
    is not equal capacity: our networks see 15 times fewer examples of the same digits.
    """
    from lossland.decomposition.random_regions import (
        PAPER_KS, PAPER_PARAMS_PER_POINT, PAPER_TABLE1, Table1Result,
    )

    if not isinstance(result, Table1Result):
        raise TypeError(f"result must be a Table1Result (from random_regions.table1), got {type(result).__name__}.")
    fig, ax = figure(width=6.4, height=3.8)
    paper_x = [PAPER_PARAMS_PER_POINT[k] for k in PAPER_KS]
    for kind, colour in (("random", PALETTE["vermillion"]), ("rich", PALETTE["blue"])):
        mean, std = PAPER_TABLE1[kind]
        ax.errorbar(paper_x, mean, yerr=std, color=colour, ls="--", marker="s", mfc="none", label=f"{kind}: paper (MNIST)")
        ax.errorbar(result.params_per_point, result.mean(kind), yerr=result.std(kind), color=colour, marker="o", label=f"{kind}: ours ({result.data_name}), train")
    ax.set_xscale("log")
    label(ax, "parameters per training point", "training accuracy (%)", "Random against rich subglobal minima")
    ax.legend(fontsize=9, loc="lower right")
    random, rich = np.asarray(result.mean("random")), np.asarray(result.mean("rich"))
    paper_gap = np.asarray(PAPER_TABLE1["rich"][0]) - np.asarray(PAPER_TABLE1["random"][0])
    return describe(fig, f"Training accuracy against the parameters per training point. Ours: random-region networks from "
                         f"{random[0]:.1f}% to {random[-1]:.1f}%, ordinary ReLU networks from {rich[0]:.1f}% to "
                         f"{rich[-1]:.1f}%. The paper's (dashed, open squares): rich minima lead random ones by "
                         f"{paper_gap[0]:.1f} points at its smallest width and {paper_gap[-1]:.1f} at its largest.")
