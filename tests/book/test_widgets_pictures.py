"""Every explorer draws, after any number of moves, the picture drawn fresh at that position (issue 27).

The live view redraws one figure in place, with titles placed without the search for tick
labels above the axes and the PNG encoded on the figure's own canvas (see
``lossland.book.widgets._drawn_quickly`` and ``_quick_png``). Here each of the book's
explorers is moved through seeded random positions of its controls; its image after the
moves must equal, pixel for pixel, the figure its draw function makes from nothing at the
final position, drawn as the live view draws; and, saved by ``png`` with matplotlib's own title
placement (the way every frame was drawn before), it may differ only where an explorer's
moving (animated) artists lie, which the live view blits on top rather than in their z-order.
The image's alt text must be the fresh figure's ``alt_text``.
"""
from __future__ import annotations

import base64
import html
import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axis import Axis  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402
from PIL import Image  # noqa: E402

from lossland.book import widgets  # noqa: E402
from lossland.book.plots import alt_text  # noqa: E402
from lossland.book.widgets import STATIC_ENVIRONMENT_VARIABLE, png  # noqa: E402
from lossland.core.data import three_points  # noqa: E402


def _explorers():
    from lossland.blindspots import figures as bs_figures
    from lossland.decomposition import figures as dec_figures
    from lossland.expneuron import figures as exp_figures
    from lossland.liu import figures as liu_figures
    from lossland.liu import gaussian_figures
    from lossland.petzka import figures as petzka_figures
    from lossland.petzka import nonattracting_figures
    from lossland.synthesis import figures as syn_figures

    X, y = three_points()
    return {
        "decomposition region": (dec_figures, lambda: dec_figures.region_explorer(X, y, width=2)),
        "decomposition inspector": (dec_figures, lambda: dec_figures.region_inspector(X, y, width=2)),
        "liu gap": (gaussian_figures, gaussian_figures.gap_explorer),
        "liu example": (liu_figures, liu_figures.example_explorer),
        "expneuron failure": (exp_figures, exp_figures.failure_explorer),
        "petzka lambda": (petzka_figures, petzka_figures.lambda_explorer),
        "petzka path": (nonattracting_figures, nonattracting_figures.path_explorer),
        "blindspots": (bs_figures, bs_figures.blindspot_explorer),
        "synthesis lenses": (syn_figures, syn_figures.lenses_explorer),
    }


EXPLORERS = list(_explorers())


def _random_value(control, rng):
    """A random value of a slider's range (on its steps) or of a dropdown's options."""
    import ipywidgets as w

    if isinstance(control, w.FloatLogSlider):
        steps = int(round((control.max - control.min) / control.step))
        return float(control.base ** (control.min + control.step * rng.integers(0, steps + 1)))
    if isinstance(control, w.IntSlider):
        return int(rng.integers(control.min, control.max + 1))
    if hasattr(control, "min"):
        steps = int(round((control.max - control.min) / control.step))
        return float(control.min + control.step * rng.integers(0, steps + 1))
    choice = list(control.options)[int(rng.integers(len(control.options)))]
    return choice[1] if isinstance(choice, tuple) else choice


def _pixels(frame: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(frame)).convert("RGBA"))


def _shown(image) -> tuple[np.ndarray, str]:
    """The pixels and the alt text of the live view's image (an HTML widget holding one <img>)."""
    match = re.fullmatch(r'<img alt="([^"]*)" src="data:image/png;base64,([^"]+)">', image.value)
    assert match, f"the live image is not one <img> with alt text: {image.value[:80]!r}"
    return _pixels(base64.b64decode(match[2])), html.unescape(match[1])


def _extent(artist, renderer) -> Bbox:
    """Where ``artist`` draws: an animated axis (see ``widgets.moving_changes``) over its axes too, for its grid lines and
    tick marks; an artist that cannot tell (a collection of lines) anywhere in its axes."""
    if isinstance(artist, Axis):
        return Bbox.union([artist.get_tightbbox(renderer), artist.axes.bbox])
    extent = artist.get_window_extent(renderer)
    return extent if np.isfinite(extent.bounds).all() else artist.axes.bbox


@pytest.fixture
def book_style():
    """The book's matplotlib settings, as every chapter sets them first (undone afterwards)."""
    from lossland.book.plots import book_style

    with matplotlib.rc_context():
        book_style()
        yield


@pytest.mark.parametrize("name", EXPLORERS)
@pytest.mark.slow
def test_moved_explorer_shows_the_fresh_picture_and_its_alt_text(name, monkeypatch, book_style):
    module, build = _explorers()[name]
    views = []
    real = widgets.live_view

    def spy(controls, draw):
        views.append((controls, draw))
        return real(controls, draw)

    monkeypatch.setattr(widgets, "live_view", spy)
    if hasattr(module, "live_view"):
        monkeypatch.setattr(module, "live_view", spy)
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "0")
    box = build()
    (controls, draw), = views
    image = box.children[-1]
    rng = np.random.default_rng(sum(map(ord, name)))
    alts = {_shown(image)[1]}
    for _ in range(4):
        control = list(controls.values())[int(rng.integers(len(controls)))]
        control.value = _random_value(control, rng)
        alts.add(_shown(image)[1])
    shown, alt = _shown(image)
    values = {key: c.value for key, c in controls.items()}
    live = widgets._drawn_quickly(lambda fig: draw(fig, **values), None, "")
    assert np.array_equal(shown, _pixels(widgets._quick_png(live))), f"{name}: not the picture drawn fresh live"
    moving = np.zeros(shown.shape[:2], dtype=bool)  # where the blitted artists are (see widgets._quick_png)
    for artist in widgets._moving(live):
        box = _extent(artist, live.canvas.get_renderer()).padded(2)
        rows = slice(max(0, int(shown.shape[0] - box.y1)), max(0, int(np.ceil(shown.shape[0] - box.y0))))
        moving[rows, max(0, int(box.x0)):max(0, int(np.ceil(box.x1)))] = True
    fresh = draw(None, **values)
    assert alt == alt_text(fresh)
    expected = _pixels(png(fresh))  # closes it; draws the animated artists in their z-order
    plt.close("all")
    assert shown.shape == expected.shape
    differ = np.any(shown != expected, axis=2)
    assert not (differ & ~moving).any(), f"{name}: {(differ & ~moving).sum()} pixels differ from the fresh picture"
    assert len(alts) > 1 or len(controls) == 0, "the alt text never changed with the picture"
