"""The closing chapter's figure, caption and explorer."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from lossland.book.widgets import STATIC_ENVIRONMENT_VARIABLE, Scrubber
from lossland.synthesis import figures
from lossland.synthesis import running as rx


@pytest.fixture(scope="module")
def lenses():
    return rx.five_lenses(1.0, widths=(1, 2), starts=200)


@pytest.mark.slow
def test_figure_has_two_panels_and_redraws_in_place(lenses):
    fig = figures.lenses_figure(lenses)
    assert len(fig.axes) == 2
    assert len(fig.axes[1].patches) == 3 * 2  # three bars per width
    again = figures.lenses_figure(rx.five_lenses(0.0, widths=(1, 2), starts=200), fig)
    assert again is fig and len(fig.axes[1].patches) == 6
    plt.close(fig)


def test_caption_reports_the_numbers_it_is_made_from(lenses):
    text = figures.lenses_caption(lenses)
    assert f"{lenses.liu[2]['bad']} bad minima" in text
    assert f"B = {lenses.split['B']:+.3f}" in text


@pytest.mark.slow
def test_explorer_fallback_has_one_frame_per_value(monkeypatch):
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
    scrub = figures.lenses_explorer(t=0.5, values=(0.5, 1.0))
    assert isinstance(scrub, Scrubber) and len(scrub.frames) == 2 and scrub.start == 0
    assert scrub.captions[1].startswith("t = 1.")
