"""The printed book's figures speak (issue 24): a one-page site printed by scripts/book_pdf.py is a
tagged PDF whose figures carry the page's text alternatives as ``/Alt``.

The page holds a figure displayed as the book displays it (its ``<img alt>`` is
:func:`lossland.book.plots.alt_text`) and an explorer's kernel-free fallback, which prints its
default frame with that frame's alternative. Needs Debian's ``chromium`` and ``chromium-driver``
(``.ci/run`` installs them); a missing one fails the test with the line that installs it.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402

from lossland.book import plots, widgets  # noqa: E402

# scripts/ is on the path: pyproject's [tool.pytest.ini_options] pythonpath
import book_pdf  # noqa: E402
from check_pages import CHROMEDRIVER, CHROMIUM  # noqa: E402


def _figure(fig, slope: float):
    """A figure described as the book's figures are: a summary written from its data, then its axes."""
    fig, ax = plots.figure(width=4.0, height=2.5) if fig is None else (fig, fig.axes[0])
    widgets.wipe(ax)
    ax.plot([0.0, 1.0], [0.0, slope], label="loss")
    plots.label(ax, "step", "loss")
    return plots.describe(fig, f"The loss rises from 0 to {slope:g} over one step.")


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Figures</title></head><body>
<article class="bd-article"><section id="top"><h1>Figures</h1>
<p>A figure:</p>
<img src="data:image/png;base64,{png}" alt="{alt}">
<p>An explorer's fallback:</p>
{scrubber}
</section></article></body></html>
"""


@pytest.mark.slow
def test_the_printed_figures_carry_the_pages_text_alternatives(tmp_path):

    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).is_file()]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: apt-get install chromium chromium-driver (.ci/run installs them)",
                    pytrace=False)
    figure = _figure(None, 2.0)
    scrubber = widgets.scrubber(_figure, [1.0, 3.0], "slope", caption=lambda v: f"slope = {v:g}", start=1, in_place=True)
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "figures.html").write_text(PAGE.format(
        png=base64.b64encode(widgets.png(figure)).decode(), alt=html.escape(plots.alt_text(figure)),
        scrubber=scrubber._repr_html_()))
    pdf = tmp_path / "figures.pdf"
    book_pdf.print_book(tmp_path, ["book/figures.html"], pdf)
    alts = book_pdf.figure_alts(pdf)
    # Both images are /Figure elements with the page's words: the figure's, then the default frame's (slope 3).
    assert alts == [plots.alt_text(figure), scrubber.alts[1]], alts
    assert alts[1].startswith("The loss rises from 0 to 3 over one step.")
    assert all(plots.weak_alt(alt) is None for alt in alts)
