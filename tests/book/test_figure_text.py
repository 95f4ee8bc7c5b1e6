"""Figures' text alternatives (issue 24): written from what is drawn, carried to the page, never a file name."""
from __future__ import annotations

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from sitebuild import figure_text  # noqa: E402

from lossland.book import plots, widgets  # noqa: E402


def _line(fig, slope: float):
    ax = fig.axes[0] if fig is not None else plots.figure()[1]
    fig = ax.figure
    widgets.wipe(ax)
    ax.plot([0, 1], [0, slope], label="loss")
    plots.label(ax, "$w_1$", r"loss $\mathcal{L}$")
    return plots.describe(fig, f"The loss rises from 0 to {slope:g}.")


def test_alt_text_is_the_summary_then_the_axes_drawn():
    fig = _line(None, 2.0)
    text = plots.alt_text(fig)
    assert text.startswith("The loss rises from 0 to 2.")
    assert "loss L" in text and "w1" in text and "Curves: loss" in text
    assert "$" not in text and "\\" not in text


def test_a_figure_without_a_summary_still_says_what_it_draws():
    fig, ax = plots.figure()
    ax.plot(np.arange(3), np.arange(3))
    plots.label(ax, "step", "loss")
    assert plots.weak_alt(plots.alt_text(fig)) is None
    assert "loss" in plots.alt_text(fig) and "step" in plots.alt_text(fig)


@pytest.mark.parametrize("text", ["", "  ", "../_images/30a6.png", "plot.PNG", "Figure", "image", "precomputed frame"])
def test_weak_alternatives_are_named(text):
    assert plots.weak_alt(text) is not None


@pytest.mark.slow
def test_each_frame_of_a_scrubber_has_its_own_alternative():
    scrubber = widgets.scrubber(_line, [1.0, 2.0, 3.0], "slope", caption=lambda v: f"slope = {v:g}", in_place=True)
    assert [alt.split(".")[0] for alt in scrubber.alts] == [f"The loss rises from 0 to {v}" for v in (1, 2, 3)]
    page = scrubber._repr_html_()
    assert 'aria-valuetext="slope = 1"' in page and 'aria-live="polite"' in page
    assert f'alt="{scrubber.alts[0]}"' in page


def test_a_frame_that_does_not_describe_itself_does_not_keep_the_last_frames_words():
    def draw(fig, value):
        fig = _line(fig, value) if value < 2 else fig
        if value >= 2:
            widgets.wipe(fig.axes[0])
            fig.axes[0].plot([0, 1], [1, 0])
        return fig

    scrubber = widgets.scrubber(draw, [1.0, 2.0], "slope", in_place=True)
    assert "rises" not in scrubber.alts[1]


def test_the_page_image_takes_the_alternative_from_the_output_metadata():
    image = {"uri": "a.png"}
    render = figure_text._with_alt(lambda self, data: [image])
    data = SimpleNamespace(mime_type="image/png", output_metadata={"image/png": {"alt": " what it shows "}})
    assert render(None, data)[0]["alt"] == "what it shows"
    image.clear()
    render(None, SimpleNamespace(mime_type="image/png", output_metadata={}))
    assert "alt" not in image
