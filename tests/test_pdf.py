"""The book as one PDF (scripts/book_pdf.py, ``make pdf``), read back with poppler's tools.

The first tests print a two-page site made here in the built one's shape (the theme's print
title, an article, the theme's and the book's style sheets) with a code line far wider than
the sheet, a real :class:`~lossland.book.widgets.Scrubber`, a closed solution dropdown and
links between the pages.  The last one, marked ``book``, prints the built website itself.
All need Debian's ``chromium``, ``chromium-driver`` and ``poppler-utils``, which ``.ci/run``
installs; a missing tool fails the test with the line that installs it.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from lossland.book.widgets import Scrubber, png

# scripts/ is on the path: pyproject's [tool.pytest.ini_options] pythonpath
import book_pdf
from check_pages import CHROMEDRIVER, CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
TOOLS = ("pdftotext", "pdfinfo", "pdftohtml", "pdfimages")


def _require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    missing += [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).is_file()]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: apt-get install chromium chromium-driver poppler-utils "
                    "(.ci/run installs them)", pytrace=False)


def _text(pdf: Path, page: int | None = None) -> str:
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _outline(pdf: Path, nested: bool = False) -> list[tuple[int, str]]:
    """The PDF's top-level bookmarks (all of them with ``nested``) as (page, title), from pdftohtml."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", "-f", "1", "-l", "1", str(pdf)],
                         check=True, capture_output=True, text=True).stdout
    match = re.search(r"<outline>(.*)</outline>", xml, re.S)
    assert match, "the PDF has no outline (bookmarks)"
    top, depth = [], 0
    for tag in re.finditer(r'<outline>|</outline>|<item page="(\d+)">(.*?)</item>', match.group(1), re.S):
        if tag.group(0) == "<outline>":
            depth += 1
        elif tag.group(0) == "</outline>":
            depth -= 1
        elif depth == 0 or nested:
            top.append((int(tag.group(1)), re.sub(r"\s+", " ", tag.group(2)).strip()))
    return top


def _frame(word: str) -> bytes:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title(word)
    return png(fig)


def _installed(package: str, path: str) -> Path:
    return Path(importlib.util.find_spec(package).origin).parent / path


# The website's own style sheets, as the book's build copies them into _static: on screen a
# wide code line scrolls (it would be cut off in print), a closed solution is hidden.
THEME_CSS = (_installed("sphinx_book_theme", "theme/sphinx_book_theme/static/styles/sphinx-book-theme.css"),
             _installed("sphinx_togglebutton", "_static/togglebutton.css"))

LONG_LINE = "+".join(f"term{i:03d}" for i in range(90))   # 720 characters, no space to break at

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>pre {{ overflow: auto; }}</style>  <!-- pydata-sphinx-theme's (whose sheet needs its webfonts) -->
<link rel="stylesheet" href="../_static/sphinx-book-theme.css">
<link rel="stylesheet" href="../_static/togglebutton.css">
<link rel="stylesheet" href="../_static/lossland.css">
</head><body><div class="bd-main"><div class="bd-content"><div class="bd-article-container">
<div id="jb-print-docs-body"><h1>{title}</h1></div>
<article class="bd-article"><section id="{key}-top">
<h1><span class="section-number">{number}. </span>{title}<a class="headerlink" href="#{key}-top">#</a></h1>
{body}
</section></article></div></div></div></body></html>
"""


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    """A two-page site in the built book's shape, printed; returns (pdf, result)."""
    _require_tools()
    site = tmp_path_factory.mktemp("site")
    (site / "_static").mkdir()
    for sheet in (*THEME_CSS, ROOT / "book" / "_static" / "lossland.css"):
        shutil.copy(sheet, site / "_static")
    (site / "book").mkdir()
    scrubber = Scrubber(frames=(_frame("one"), _frame("two")), captions=("CAPTION-FIRST", "CAPTION-SECOND"),
                        label="SLIDER-LABEL", start=0)
    first = f"""
<div class="highlight"><pre>{LONG_LINE}</pre></div>
<p>To <a href="second.html#target">the second page</a>, to <a href="second.html">its top</a>,
to <a href="../search.html">the search page</a>, to <a href="https://example.org/">another site</a>.</p>
{scrubber._repr_html_()}
"""
    second = """
<p id="target">TARGET-PARAGRAPH</p>
<div class="solution dropdown admonition toggle toggle-hidden"><p class="admonition-title">Solution</p>
<p>SOLUTION-TEXT</p></div>
"""
    (site / "book" / "first.html").write_text(PAGE.format(title="First page", key="first", number=1, body=first))
    (site / "book" / "second.html").write_text(PAGE.format(title="Second page", key="second", number=2, body=second))
    pdf = site / "book.pdf"
    result = book_pdf.print_book(site, ["book/first.html", "book/second.html"], pdf, paper="a4")
    return pdf, result


@pytest.mark.slow
def test_each_page_starts_a_sheet_and_is_numbered(small_book):
    pdf, result = small_book
    assert _page_count(pdf) == result["pages"] == 2
    assert "First page" in _text(pdf, 1) and "Second page" in _text(pdf, 2)
    # The page number at the foot (the @page margin box of lossland.css).
    assert re.search(r"^\s*2\s*$", _text(pdf, 2), re.M)


def test_long_code_line_wraps_instead_of_being_cut(small_book):
    pdf, _ = small_book
    text = re.sub(r"\s+", "", _text(pdf, 1))
    assert LONG_LINE in text
    assert len(_text(pdf, 1).split("term000")[1].split("term089")[0].splitlines()) > 2  # wrapped over lines


def test_scrubber_prints_its_default_frame_and_solutions_print_open(small_book):
    pdf, _ = small_book
    first, second = _text(pdf, 1), _text(pdf, 2)
    assert "CAPTION-FIRST" in first and "CAPTION-SECOND" not in first
    assert "SOLUTION-TEXT" in second
    images = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "1", str(pdf)],
                            check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert len(images) == 1, images                 # the default frame, and only it


def test_links_stay_inside_the_pdf(small_book):
    pdf, _ = small_book
    raw = pdf.read_bytes()
    dests = subprocess.run(["pdfinfo", "-dests", str(pdf)], check=True, capture_output=True, text=True).stdout
    for target in ("book-second--target", "book-second--"):
        assert f'"{target}"' in dests and f"/Dest /{target}".encode() in raw
    assert b"127.0.0.1" not in raw and b"search.html" not in raw   # no link to the vanished local server
    assert b"example.org" in raw                   # a link to another site is kept
    assert [title for _, title in _outline(pdf)] == ["1. First page", "2. Second page"]


def test_bookmarks_can_be_renamed_by_an_incremental_update(small_book, tmp_path):
    pdf, _ = small_book
    original = pdf.read_bytes()
    # Only a title with its heading's characters (or some of them) is renamed ("2. Second page" has other ones);
    # a title beyond ASCII is written as UTF-16.
    renamed = book_pdf.retitle_outline(original, ["1. page First λ", "2. Other page"])
    assert renamed.startswith(original) and len(renamed) > len(original)   # appended, nothing moved
    out = tmp_path / "renamed.pdf"
    out.write_bytes(renamed)
    assert _page_count(out) == 2 and "First page" in _text(out, 1)
    assert [title for _, title in _outline(out)] == ["1. page First λ", "2. Second page"]
    assert book_pdf.retitle_outline(original, ["1. First page"]) == original   # another count: unchanged
    # The tags stay: the same structure tree, its figures with the same /Alt (pypdf rewrites no other object).
    assert book_pdf.figure_alts(out) == book_pdf.figure_alts(pdf) != []
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M), info


def test_toc_pages_follow_the_table_of_contents():
    pages = book_pdf.toc_pages(ROOT / "_toc.yml")
    toc = (ROOT / "_toc.yml").read_text()
    named = re.findall(r"^\s*(?:root|- file):\s*(\S+)", toc, re.M)
    assert pages == [f"{name}.html" for name in named]
    assert all((ROOT / name).with_suffix(".md").is_file() for name in named)


@pytest.mark.book
@pytest.mark.xdist_group("coursework")  # the second lane, while the first checks the pages (tests/conftest.py)
def test_the_built_book_prints_in_the_order_of_the_toc(book_build, tmp_path):
    _require_tools()  # the site as built (book_build waits for the build); a failed build fails below or in test_book.py
    pages = book_pdf.toc_pages(ROOT / "_toc.yml")
    if not all((HTML / page).is_file() for page in pages):
        pytest.fail(f"{HTML} lacks pages of _toc.yml: build the book first (make book)", pytrace=False)
    pdf = tmp_path / "lossland.pdf"
    result = book_pdf.print_book(HTML, pages, pdf)
    assert result["pages"] == _page_count(pdf) > 3 * len(pages)
    top = _outline(pdf)
    assert len(top) == len(pages), top           # one bookmark per page of the book, no more
    starts = [page for page, _ in top]
    assert starts[0] == 1 and starts == sorted(set(starts)), top
    chapters = [title for _, title in top if re.match(r"\d+\. ", title)]
    assert [int(t.split(".")[0]) for t in chapters] == list(range(1, len(chapters) + 1)) and len(chapters) >= 5
    # Every bookmark reads as its heading is printed on its page (Chromium's own titles repeat
    # the words of a heading moved to the next sheet and lose the spaces at line breaks).
    # A heading pushed to the next sheet keeps its bookmark's anchor (its section's start) at the
    # foot of the sheet before; a formula's letters are mathematical italics in the title (NFKC).
    flat = lambda text: unicodedata.normalize("NFKC", re.sub(r"\s+", " ", text))
    sheets = _text(pdf).split("\f") + [""]  # pdftotext ends each sheet with a form feed: read once, not twice a bookmark
    for page, title in _outline(pdf, nested=True):
        assert flat(title) in flat(sheets[page - 1] + " " + sheets[page]), (page, title)
