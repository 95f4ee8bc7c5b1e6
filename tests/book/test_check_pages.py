"""The page check's accessibility rules (issue 24) on tiny pages: each must catch what it names.

Runs headless Chromium and axe-core (fetched with the venv: ``python -m sitebuild.live_assets
fetch``); skipped where either is missing.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import check_pages  # noqa: E402  (scripts/ is on pytest's path: pyproject's pythonpath)
from sitebuild import live_assets  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _ready() -> bool:
    try:
        live_assets.axe_source()
    except live_assets.LiveAssetError:
        return False
    return shutil.which("chromium") is not None and shutil.which("chromedriver") is not None


pytestmark = pytest.mark.skipif(not _ready(), reason="needs chromium, chromedriver and the venv's axe-core (make)")

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([0, 1], [0, 1])
    fig.savefig(site / "plot.png", dpi=72)
    plt.close(fig)
    pages = {
        "good.html": '<div class="cell_output"><img src="plot.png" alt="The loss falls from 1 to 0 along w."></div>'
                     '<p><a href="good.html">a link</a> in <code>short code</code></p>',
        "file_name.html": '<div class="cell_output"><img src="plot.png" alt="../_images/plot.png"></div>',
        "generic.html": '<div class="cell_output"><img src="plot.png" alt="Figure"></div>',
        "slider.html": '<label>w <input type="range" min="0" max="2" value="0" '
                       'oninput="this.nextElementSibling.textContent = this.value"><span>0</span></label>',
        "contrast.html": '<p style="background: #ecf3ff"><a href="good.html" style="color: #176de8">Fig. 4.2</a></p>',
        "wide.html": '<p><span style="white-space: nowrap">' + "unbreakable_" * 60 + "</span></p>",
        "no_alt.html": '<div class="cell_output"><img src="plot.png"></div>',
        "empty_header.html": TABLE,
        "headings.html": "<h3>A heading two levels down</h3><p>text</p>",
    }
    for name, body in pages.items():
        (site / name).write_text(PAGE.format(title=name[:-5], body=body))
    # Outside every landmark (axe "region"): the theme's sidebar logo, as it is without lossland.js.
    (site / "outside.html").write_text(PAGE.format(title="outside", body="").replace("<main>", SIDEBAR + "<main>"))
    # The theme's shape mended by the book's script: the sidebar a landmark, the corner cell a data cell.
    shutil.copy(ROOT / "book" / "_static" / "lossland.js", site)
    (site / "mended.html").write_text(PAGE.format(title="mended", body=TABLE).replace(
        "<main>", SIDEBAR + "<main>").replace("</head>", '<script src="lossland.js"></script></head>'))
    return check_pages.check_site(site, None)


SIDEBAR = '<div class="bd-sidebar-primary"><div class="sidebar-primary-item"><a href="good.html">lossland</a></div></div>'
TABLE = ("<table><thead><tr><th><p></p></th><th>decomposition paper</th><th>Liu</th></tr></thead>"
         "<tbody><tr><td>bias</td><td>separate</td><td>last weight</td></tr></tbody></table>")


@pytest.mark.slow
def test_a_page_that_follows_the_rules_passes(results):
    assert results["good.html"] == []


@pytest.mark.slow
def test_the_books_script_mends_the_themes_landmarks_and_empty_header_cells(results):
    assert results["mended.html"] == []


@pytest.mark.parametrize("page, words", [
    ("file_name.html", "text alternative is a file name"),
    ("generic.html", "text alternative is a generic word"),
    ("slider.html", "slider without aria-valuetext"),
    ("contrast.html", "axe color-contrast"),
    ("wide.html", "phone window"),
    ("no_alt.html", "axe image-alt"),
    ("empty_header.html", "axe empty-table-header"),
    ("headings.html", "axe heading-order"),
    ("outside.html", "axe region"),
])
def test_each_rule_catches_what_it_names(results, page, words):
    assert any(words in problem for problem in results[page]), results[page]
