"""Explorers: live widgets in a kernel, self-contained scrubbers on the website."""
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

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


def test_region_inspector_has_a_live_widget_and_a_frame_per_region(monkeypatch):
    X, y = three_points()
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
    live = region_inspector(X, y, width=1)
    assert type(live).__name__ == "VBox"
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
    static = region_inspector(X, y, width=1)
    assert len(static.frames) == 6


def test_chapter_2_explorers_have_live_and_static_forms(monkeypatch):
    from lossland.liu.figures import example_explorer
    from lossland.liu.gaussian_figures import gap_explorer

    for make in (example_explorer, gap_explorer):
        monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
        assert type(make()).__name__ == "VBox"
        monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
        assert len(make().frames) == 25


def test_chapter_3_explorer_has_live_and_static_forms(monkeypatch):
    from lossland.expneuron.figures import failure_explorer

    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
    assert type(failure_explorer()).__name__ == "VBox"
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
    assert len(failure_explorer(starts=np.linspace(0.1, 0.9, 3)).frames) == 3


def test_chapter_4_explorers_have_live_and_static_forms(monkeypatch):
    from lossland.petzka.figures import lambda_explorer
    from lossland.petzka.nonattracting_figures import path_explorer

    for make, kwargs in ((lambda_explorer, dict(values=np.linspace(-0.5, 1.5, 3))), (path_explorer, dict(positions=np.linspace(0, 1, 3)))):
        monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
        assert type(make()).__name__ == "VBox"
        monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
        assert len(make(**kwargs).frames) == 3


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
