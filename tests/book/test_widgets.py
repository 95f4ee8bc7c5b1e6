"""Explorers: live widgets in a kernel, self-contained scrubbers on the website."""
import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from lossland.book.widgets import STATIC_ENVIRONMENT_VARIABLE, Scrubber, explorer, scrubber
from lossland.core.data import three_points
from lossland.decomposition.figures import region_inspector


def tiny_figure(value):
    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, value])
    return fig


def test_scrubber_is_self_contained_and_deterministic():
    first = scrubber(tiny_figure, [1, 2, 3], label="slope", start=1)._repr_html_()
    second = scrubber(tiny_figure, [1, 2, 3], label="slope", start=1)._repr_html_()
    assert first == second
    assert not re.search(r"(src|href)=\"https?:", first), "nothing may be fetched from the network"
    assert first.count("data:image/png;base64,") == 4  # three frames plus the one shown first
    assert 'value="1"' in first


def test_scrubber_rejects_inconsistent_frames():
    with pytest.raises(ValueError, match="caption"):
        Scrubber(frames=(b"a", b"b"), captions=("only one",), label="x")
    with pytest.raises(ValueError, match="start"):
        Scrubber(frames=(b"a",), captions=("a",), label="x", start=3)


def test_explorer_switches_on_the_environment(monkeypatch):
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
    assert explorer(lambda: "live", lambda: "fallback") == "fallback"
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
    assert explorer(lambda: "live", lambda: "fallback") == "live"


@pytest.mark.slow
def test_region_inspector_has_a_live_widget_and_a_frame_per_region(monkeypatch):
    X, y = three_points()
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
    live = region_inspector(X, y, width=1)
    assert type(live).__name__ == "VBox"
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
    static = region_inspector(X, y, width=1)
    assert len(static.frames) == 6


@pytest.mark.slow
def test_chapter_2_explorers_have_live_and_static_forms(monkeypatch):
    from lossland.liu.figures import example_explorer
    from lossland.liu.gaussian_figures import gap_explorer

    for make in (example_explorer, gap_explorer):
        monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
        assert type(make()).__name__ == "VBox"
        monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
        assert len(make().frames) == 25


@pytest.mark.slow
def test_chapter_3_explorer_has_live_and_static_forms(monkeypatch):
    from lossland.expneuron.figures import failure_explorer

    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
    assert type(failure_explorer()).__name__ == "VBox"
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
    assert len(failure_explorer(starts=np.linspace(0.1, 0.9, 3)).frames) == 3


@pytest.mark.slow
def test_chapter_4_explorers_have_live_and_static_forms(monkeypatch):
    from lossland.petzka.figures import lambda_explorer
    from lossland.petzka.nonattracting_figures import path_explorer

    for make, kwargs in ((lambda_explorer, dict(values=np.linspace(-0.5, 1.5, 3))), (path_explorer, dict(positions=np.linspace(0, 1, 3)))):
        monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
        assert type(make()).__name__ == "VBox"
        monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
        assert len(make(**kwargs).frames) == 3


@pytest.mark.slow
def test_chapter_5_explorer_has_live_and_static_forms(monkeypatch):
    from lossland.blindspots.figures import blindspot_explorer

    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
    assert type(blindspot_explorer()).__name__ == "VBox"
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
    assert len(blindspot_explorer().frames) >= 2


def test_scrubber_repr_is_short_and_its_png_is_the_default_frame():
    from lossland.book.widgets import Scrubber

    frames = (b"\x89PNG first" * 1000, b"\x89PNG second" * 1000)
    scrub = Scrubber(frames=frames, captions=("a", "b"), label="width", start=1)
    assert len(repr(scrub)) < 100 and "2 frames" in repr(scrub) and "width" in repr(scrub)
    assert scrub._repr_png_() == frames[1]


def slope_figure(fig, value):
    """A live-view draw function: draws into ``fig`` (``None``: creates it), wiping it first."""
    from lossland.book.widgets import wipe

    if fig is None:
        fig, ax = plt.subplots(figsize=(1, 1))
    else:
        ax = fig.axes[0]
        wipe(ax)
    ax.plot([0, value])
    ax.set_title(f"slope {value}")
    return fig


@pytest.mark.slow
def test_scrubber_in_place_redraws_one_figure_into_the_same_frames():
    made = []

    def draw(fig, value):
        made.append(fig)
        return slope_figure(fig, value)

    before = set(plt.get_fignums())
    in_place = scrubber(draw, [1, 2, 3], label="slope", in_place=True)
    assert made[0] is None and made[1] is made[2] is not None  # one figure for every frame
    assert set(plt.get_fignums()) == before  # and closed at the end
    fresh = scrubber(lambda v: slope_figure(None, v), [1, 2, 3], label="slope")
    pixels = lambda frames: [np.asarray(Image.open(io.BytesIO(frame))).tolist() for frame in frames]
    assert pixels(in_place.frames) == pixels(fresh.frames)  # same pictures (encoded by different writers)
    with pytest.raises(TypeError, match="in_place"):
        scrubber(draw, [1], label="slope", in_place="yes")


def test_wipe_removes_the_drawing_but_keeps_the_ticks():
    from lossland.book.widgets import wipe

    fig, ax = plt.subplots()
    ax.plot([0, 10], [0, 5])
    ax.bar([1, 2], [3, 4])
    ax.annotate("a", (1, 1))
    ax.imshow(np.eye(2), extent=(0, 1, 0, 1))
    ax.legend(["line"])
    ax.set_xlim(0, 3)
    fig.canvas.draw()
    ticks = ax.xaxis.get_major_ticks()
    wipe(ax)
    assert not (ax.lines or ax.patches or ax.texts or ax.images or ax.collections) and ax.get_legend() is None
    assert ax.xaxis.get_major_ticks()[0] is ticks[0] and ax.get_autoscale_on()
    ax.plot([0, 1], [0, 2])  # limits follow the new data only, as after ax.clear()
    assert ax.get_ylim()[1] < 2.5
    plt.close(fig)


def test_a_legend_after_wipe_lists_only_what_is_drawn_again():
    from lossland.book.widgets import wipe

    fig, ax = plt.subplots()
    for _ in range(3):  # an explorer's frames drawn into one figure
        wipe(ax)
        ax.bar([1, 2], [3, 4], label="bars")
        ax.plot([0, 1], [0, 1], label="line")
        legend = ax.legend()
    assert sorted(text.get_text() for text in legend.get_texts()) == ["bars", "line"]
    plt.close(fig)


def _blitted_figure():
    """A drawn figure with an animated line and y axis on the left and a plain line on the right."""
    fig, (left, right) = plt.subplots(1, 2)
    moving, = left.plot([0, 1], [0, 1], animated=True)
    left.yaxis.set_animated(True)
    still, = right.plot([0, 1], [0, 1])
    fig.canvas.draw()
    assert not fig.stale
    return fig, left, right, moving, still


def test_moving_changes_keeps_the_saved_picture_when_only_animated_artists_change():
    from lossland.book.widgets import moving_changes

    fig, left, right, moving, still = _blitted_figure()
    with moving_changes(fig):
        moving.set_data([0, 1], [0, 7])
        left.relim()
        left.autoscale_view()  # the y limits of an animated y axis over animated data
        left.plot([0, 1], [1, 0], animated=True)  # a new animated artist
    assert left.get_ylim()[1] > 7 and not fig.stale
    for change in (lambda: right.set_ylim(0, 9), lambda: left.set_xlim(0, 9), lambda: left.plot([0, 1], [2, 3]),
                   lambda: still.remove()):  # a picture that must be drawn again: a full redraw follows
        fig.canvas.draw()
        with moving_changes(fig):
            change()
        assert fig.stale
    plt.close(fig)


def _panels_frame(fig, label: str, height: float, at: float = 0.2):
    """Two panels drawn by animated artists alone: ``label`` on the left (at ``at`` of the left panel's
    x range, 1.5 reaching into the right panel), a bar of ``height`` on the right. The left panel
    is left as drawn (``keep_moving``) when its label has not changed."""
    from lossland.book.widgets import keep_moving, moving_changes, wipe

    if fig is None:
        fig, axes = plt.subplots(1, 2, figsize=(3, 1.5))
        for ax in axes:
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
    left, right = fig.axes
    same = getattr(fig, "_shown_label", None) == label
    with moving_changes(fig):
        if not same:
            wipe(left)
            left.text(at, 0.5, label, animated=True, clip_on=False)
            left.plot([0, 1], [0, 1], animated=True)
        wipe(right)
        right.bar([0.5], [height], animated=True)
        right.set_xlim(0, 1)
        right.set_ylim(0, 1)  # fixed: the rest of the picture stays as saved
    if same:
        keep_moving(left)
    fig._shown_label = label
    return fig


@pytest.mark.parametrize("at", [0.2, 1.5])
def test_a_kept_panel_is_copied_from_the_last_picture_only_where_that_is_what_drawing_gives(at):
    """``keep_moving``: the left label is copied, not drawn, while it stays clear of the right panel's bar;
    over the bar (at = 1.5) it is drawn; either way each picture is the one drawn fresh."""
    from lossland.book.widgets import _quick_png

    fig = _panels_frame(None, "a label", 0.3, at)
    drawn = []
    for k, height in enumerate([0.5, 0.9, 0.2, 0.8]):
        label = "a label" if k < 3 else "another"
        fig = _panels_frame(fig, label, height, at)
        text = fig.axes[0].texts[0]
        real = text.draw
        text.draw = lambda renderer, real=real: (drawn.append(k), real(renderer))
        shown = _quick_png(fig)
        del text.draw
        fresh = _panels_frame(None, label, height, at)
        assert _pixels(shown).tolist() == _pixels(_quick_png(fresh)).tolist(), f"move {k}: not the fresh picture"
        plt.close(fresh)
    plt.close(fig)
    # The first move draws (no picture recorded yet); later ones copy, unless the label lies over the bar.
    assert drawn == ([0, 3] if at < 1 else [0, 1, 2, 3])


def _pixels(frame: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(frame)).convert("RGBA"))


def test_the_live_views_plain_png_holds_the_pixels():
    from lossland.book.widgets import _plain_png

    rng = np.random.default_rng(0)
    for shape in [(1, 1, 4), (7, 13, 4), (40, 3, 4)]:
        pixels = rng.integers(0, 256, shape, dtype=np.uint8)
        decoded = Image.open(io.BytesIO(_plain_png(pixels)))
        assert decoded.mode == "RGBA" and np.array_equal(np.asarray(decoded), pixels)


@pytest.mark.parametrize("chapter", ["decomposition", "liu", "petzka", "blindspots"])
@pytest.mark.slow
def test_explorer_frames_redrawn_in_place_match_fresh_figures(chapter):
    """An explorer's live update draws into its previous figure: the picture must equal a fresh one's."""
    from lossland.book.widgets import png

    if chapter == "decomposition":
        from lossland.core.regions import activation_regions
        from lossland.decomposition.figures import explorer_frame, inspector_frame

        X, y = three_points()
        regions = activation_regions(X, 2)
        frames = [lambda f: explorer_frame(X, y, 2, (0.5, 2.0), 1.0, 3, f), lambda f: explorer_frame(X, y, 2, (-2.0, 1.0), -3.0, 1, f)]
        frames += [lambda f: inspector_frame(X, y, regions, 3, f), lambda f: inspector_frame(X, y, regions, 20, f)]
    elif chapter == "liu":
        from lossland.liu.figures import example_frame
        from lossland.liu.gaussian_figures import gap_frame

        frames = [lambda f: example_frame(1.0, f), lambda f: example_frame(-1.2, f)]
        frames += [lambda f: gap_frame(2.0, 0.0, fig=f), lambda f: gap_frame(-4.0, 5.0, fig=f)]
    elif chapter == "petzka":
        from lossland.petzka.figures import eigenvalue_sweep, lambda_frame
        from lossland.petzka.nonattracting_figures import path_frame

        sweep = eigenvalue_sweep(lams=np.linspace(-1.0, 2.0, 7))
        frames = [lambda f: lambda_frame(0.5, sweep, f), lambda f: lambda_frame(1.5, sweep, f)]
        frames += [lambda f: path_frame(0.2, fig=f), lambda f: path_frame(0.9, fig=f)]
    else:
        from lossland.blindspots.figures import blindspot_frame

        frames = [lambda f: blindspot_frame(0.3, 0.3, 2, 10.0, fig=f), lambda f: blindspot_frame(1.2, 0.1, 5, 3.0, fig=f)]
    for first, second in zip(frames[::2], frames[1::2]):
        fig = first(None)
        png(fig, close=False)
        assert png(second(fig)) == png(second(None))
