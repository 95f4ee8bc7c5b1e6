"""Print the whole book as one PDF, for reading offline and for handouts (``make pdf``).

Usage::

    python scripts/book_pdf.py [--site _build/html] [--out _build/pdf/lossland.pdf] [--paper a4|letter]

The pages are taken in the order of ``_toc.yml`` (the introduction, the five chapters, then
the reference pages) from the built website, served on a free loopback port; every other
host name "does not exist" for the browser (the page check's Chromium flags), so nothing is
fetched from the network.  Headless Chromium loads the first page, fetches the others from
the same server and joins their articles into that one document, then waits for MathJax to
typeset all of it, for the fonts and for every image, and prints it once through the
DevTools ``Page.printToPDF`` command.  The print rules live in ``book/_static/lossland.css``
(``@media print``): long code lines wrap, each explorer's kernel-free fallback (a
:class:`lossland.book.widgets.Scrubber`) prints its default frame without its slider,
figures are not split across pages, navigation is hidden, solutions print open.  The PDF is
tagged (``generateTaggedPDF``): headings, paragraphs, lists, tables and figures are structure
elements, and each figure carries its page's text alternative (``<img alt>``, from
:func:`lossland.book.plots.alt_text`) as its ``/Alt``, so a screen reader reads the PDF's
figures as it reads the website's.

Why Chromium and not LaTeX: Jupyter Book's LaTeX route needs about 350 MB of texlive and
drops what the website shows best (the explorers' fallbacks and the ledger's HTML table
have no LaTeX form, and MyST's HTML outputs need fixes one by one), while Chromium is
already installed for the page check and prints exactly what a reader sees on the website,
typeset by the same MathJax.

Why one document and not one PDF per page joined with ``pdfunite``: poppler's ``pdfunite``
drops the joined files' bookmarks and named destinations, so the result had no outline, its
links between chapters pointed at the vanished local server and every chapter restarted at
page 1.  Printed as one document, the PDF has a bookmark per section (their titles mended
after printing: see :func:`retitle_outline`), page numbers that run through the book, and
working links: a link to another page of the book (a cross-reference, a citation, a ledger
row's "where") goes to that place in the PDF; a link to a page that is not in the book (the
search page, the index, a page's source) is kept as text only.

Solutions: the website's solutions are dropdowns and the PDF prints them open, so the PDF
of ``_build/html`` is the instructor's.  The student edition (``make student``) has no
solutions; print it with ``--site _build/student/html --out _build/pdf/lossland-student.pdf``.
"""
from __future__ import annotations

import argparse
import base64
import re
import sys
import tempfile
import time
from collections import Counter
from io import BytesIO
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_pages import WAIT_FOR_MATHJAX, _requests_elsewhere, serve, start_chromium  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PAPER = {"a4": "A4", "letter": "letter"}   # CSS @page size keywords
PRINT_SECONDS = 600                         # a whole book on a loaded machine; usually under a minute


def toc_pages(toc: Path) -> list[str]:
    """The book's pages in reading order, as HTML paths relative to the site's root.

    ``_toc.yml`` (Jupyter Book's ``jb-book`` format) names the root page, then parts
    with their chapters; sub-sections of a chapter, if any, follow it.
    """
    spec = yaml.safe_load(Path(toc).read_text())
    if not isinstance(spec, dict) or "root" not in spec:
        raise ValueError(f"{toc} is not a Jupyter Book table of contents: it names no root page.")

    def walk(entries) -> list[str]:
        files = []
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            files += walk(entry.get("sections"))
        return files

    files = [spec["root"]] + walk(spec.get("chapters"))
    for part in spec.get("parts") or []:
        files += walk(part.get("chapters"))
    return [re.sub(r"\.(md|ipynb|rst)$", "", f) + ".html" for f in files]


# Joins the book's pages into the loaded one. For each page, in order: its print title (the
# theme's #jb-print-docs-body: title and contents) and its article, with every id prefixed by
# the page's key so that ids stay unique, links into the book rewritten to those ids, links to
# pages outside the book made plain text, scripts dropped (a scrubber keeps its default frame;
# nothing on the page must change while it prints). Then MathJax typesets the whole book and
# every image loads. Resolves with what went wrong (an empty list when all is well) and the
# text of the headings that print.
JOIN_PAGES = r"""
const pages = arguments[0], done = arguments[arguments.length - 1];
// The theme's print styles select these ids; they are not link targets, so they may repeat.
const THEME_IDS = new Set(["jb-print-docs-body", "print-main-content", "jb-print-toc"]);
(async () => {
  const root = new URL("/", location.href);
  const keys = new Map(pages.map((p) => [new URL(p, root).pathname, p.replace(/\.html$/, "").replace(/\W+/g, "-")]));
  const book = document.createElement("div");
  book.className = "lossland-book";
  for (const page of pages) {
    const url = new URL(page, root), key = keys.get(url.pathname);
    const response = await fetch(url);
    if (!response.ok) return done({problems: [`${page}: HTTP ${response.status}`], headings: []});
    const source = new DOMParser().parseFromString(await response.text(), "text/html");
    const part = document.createElement("div");
    part.className = "lossland-book-page";
    part.id = key + "--";
    for (const selector of ["#jb-print-docs-body", "article.bd-article"]) {
      const element = source.querySelector(selector);
      if (element) part.append(document.adoptNode(element));
    }
    if (!part.querySelector("article")) return done({problems: [`${page}: no article.bd-article`], headings: []});
    part.querySelectorAll("script").forEach((s) => s.remove());
    part.querySelectorAll("[id]").forEach((e) => { if (!THEME_IDS.has(e.id)) e.id = key + "--" + e.id; });
    part.querySelectorAll("[src]").forEach((e) => e.setAttribute("src", new URL(e.getAttribute("src"), url).href));
    for (const a of part.querySelectorAll("a[href]")) {
      const target = new URL(a.getAttribute("href"), url);
      if (target.origin !== root.origin) continue;   // another site: a link for the reader, never fetched
      const targetKey = keys.get(target.pathname);
      if (targetKey === undefined) a.removeAttribute("href");
      else a.setAttribute("href", "#" + targetKey + "--" + decodeURIComponent(target.hash.slice(1)));
    }
    // The theme's "Contents" over each page's list of sections is no heading of the book: not in the outline.
    part.querySelectorAll("#jb-print-toc h2").forEach((h) => {
      const label = document.createElement("p");
      label.className = "lossland-print-contents";
      label.textContent = h.textContent.trim();
      h.replaceWith(label);
    });
    // The print title with the chapter's number, as the article's own heading has it.
    const title = part.querySelector("#jb-print-docs-body > h1"), heading = part.querySelector("article h1");
    if (title && heading) {
      const numbered = heading.cloneNode(true);
      numbered.querySelectorAll("a.headerlink").forEach((a) => a.remove());
      title.replaceChildren(...numbered.childNodes);
    }
    book.append(part);
  }
  const printTitle = document.getElementById("jb-print-docs-body"), article = document.querySelector("article.bd-article");
  (printTitle || article).before(book);
  if (printTitle) printTitle.remove();
  article.remove();

  const problems = [];
  if (window.MathJax && MathJax.typesetPromise) {
    await MathJax.startup.promise;
    await MathJax.typesetPromise([book]);
  }
  await document.fonts.ready;
  const images = Array.from(book.querySelectorAll("img"));
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  for (const img of images) if (!img.naturalWidth) problems.push("image did not load: " + img.src.slice(0, 120));
  for (const el of book.querySelectorAll(".math"))
    if (!el.querySelector("mjx-container")) problems.push("math not typeset: " + el.textContent.trim().slice(0, 120));
  for (const el of book.querySelectorAll("mjx-merror")) problems.push("MathJax error: " + el.textContent.slice(0, 120));
  // The headings the PDF's outline will hold (the page is laid out for print), in order.
  const headings = Array.from(book.querySelectorAll("h1, h2, h3, h4, h5, h6"))
    .filter((h) => h.getClientRects().length).map((h) => h.innerText.replace(/\s+/g, " ").trim());
  done({problems, headings});
})().catch((error) => done({problems: [String(error)], headings: []}));
"""


def _print_css(paper: str) -> str:
    """The sheet size, each page of the book on a new sheet, "Contents" styled as the heading it was."""
    return (f"@page {{ size: {PAPER[paper]}; }}\n"
            "@media print { .lossland-book-page + .lossland-book-page { break-before: page; }\n"
            "  .lossland-print-contents { font-size: var(--pst-font-size-h2); margin: 1.5em 0 0.5em; } }")


def print_book(site: Path, pages: list[str], out: Path, paper: str = "a4", title: str | None = None) -> dict:
    """Print ``pages`` of the built ``site`` (paths relative to its root) as one PDF at ``out``.

    Returns the number of sheets, the file's size in bytes and the seconds it took.  Raises
    RuntimeError if a page is missing, an image or formula did not render, or the browser
    asked for anything but the local server.
    """
    site = Path(site).resolve()
    if paper not in PAPER:
        raise ValueError(f"paper must be one of {sorted(PAPER)}, got {paper!r}.")
    if not pages:
        raise ValueError("pages must name at least one page of the site.")
    missing = [p for p in pages if not (site / p).is_file()]
    if missing:
        raise RuntimeError(f"{site} lacks {', '.join(missing)}: build the book first (make book).")
    start = time.perf_counter()
    server, base = serve(site)
    try:
        with tempfile.TemporaryDirectory(prefix="lossland-pdf-") as profile:
            driver = start_chromium(profile)
            try:
                pdf = _print(driver, base, pages, paper, title)
            finally:
                driver.quit()
    finally:
        server.shutdown()
        server.server_close()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    return {"pages": len(PdfReader(BytesIO(pdf)).pages), "bytes": len(pdf), "seconds": time.perf_counter() - start}


def _print(driver, base: str, pages: list[str], paper: str, title: str | None) -> bytes:
    """Load the first page in light mode, join the rest into it, print it; the PDF's bytes."""
    driver.set_script_timeout(PRINT_SECONDS)
    driver.command_executor.client_config.timeout = PRINT_SECONDS  # printToPDF of a whole book
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",  # laid out as printed, in the light theme
                           {"media": "print", "features": [{"name": "prefers-color-scheme", "value": "light"}]})
    driver.get(base + pages[0])
    status = driver.execute_async_script(WAIT_FOR_MATHJAX)
    if status not in ("typeset", "no MathJax on this page"):
        raise RuntimeError(f"{pages[0]}: {status}")
    driver.execute_script(
        "document.documentElement.dataset.theme = 'light'; document.documentElement.dataset.mode = 'light';"
        "const style = document.createElement('style'); style.textContent = arguments[0]; document.head.append(style);"
        "if (arguments[1]) document.title = arguments[1];", _print_css(paper), title)
    joined = driver.execute_async_script(JOIN_PAGES, pages)
    problems = joined["problems"]
    problems += [f"browser console error: {e['message']}" for e in driver.get_log("browser")
                 if e["level"] == "SEVERE" and "/favicon.ico " not in e["message"]]
    problems += [f"request left this machine: {url}" for url in _requests_elsewhere(driver, base)]
    if problems:
        raise RuntimeError("the book did not render for print:\n  " + "\n  ".join(problems))
    result = driver.execute_cdp_cmd("Page.printToPDF", {
        "preferCSSPageSize": True, "printBackground": True,
        "generateDocumentOutline": True, "generateTaggedPDF": True,
    })
    return retitle_outline(base64.b64decode(result["data"]), joined["headings"])


def _outline_items(writer: PdfWriter) -> list[DictionaryObject]:
    """The outline's items in reading order (each before its children, then its next sibling); [] if malformed."""
    root = writer.root_object.get("/Outlines")
    if root is None:
        return []
    order: list[DictionaryObject] = []
    seen: set[int] = set()

    def visit(item) -> bool:
        while item is not None:
            item = item.get_object()
            if id(item) in seen:   # a loop: not an outline to rename
                return False
            seen.add(id(item))
            order.append(item)
            if not visit(item.get("/First")):
                return False
            item = item.get("/Next")
        return True

    return order if visit(root.get_object().get("/First")) else []


def retitle_outline(pdf: bytes, headings: list[str]) -> bytes:
    """Give the bookmarks the text of their headings, by an incremental update of the PDF (pypdf).

    Chromium (156) builds the outline from the text it laid out, so a heading that was first
    set at the foot of a sheet and then moved to the next one is named twice over ("2.6. 2.6.
    Saddle pointsSaddle points"), and a heading that wraps loses the space at its line break.
    A heading's formula is missing from its title.  Read in order, the outline's items are
    the headings; an item is renamed only when its title holds its heading's characters, some
    of them twice at most, or only some of them.  The update appends the renamed items and a
    cross-reference section (PDF 1.7, 7.5.6), so nothing written before moves: the structure
    tree (the tags and the figures' ``/Alt``) stays as Chromium wrote it.  A PDF whose outline
    is not one item per heading is returned unchanged.
    """
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    items = _outline_items(writer)
    if not items or len(items) != len(headings):
        return pdf

    def letters(text: str) -> Counter:
        return Counter(re.sub(r"\s+", "", text))

    renamed = 0
    for item, heading in zip(items, headings):
        title = str(item.get("/Title", ""))
        dropped = letters(title) <= letters(heading)  # e.g. the letters of a formula (MathJax) left out
        if title != heading and (dropped or letters(heading) <= letters(title) <= letters(heading * 2)):
            item[NameObject("/Title")] = TextStringObject(heading)
            renamed += 1
    if not renamed:
        return pdf
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def figure_alts(pdf: Path) -> list[str]:
    """The ``/Alt`` text of every ``/Figure`` element in the PDF's structure tree, in document order.

    What a screen reader announces for the printed figures; ``[]`` for an untagged PDF.
    """
    alts, seen = [], set()

    def visit(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                visit(child)
            return
        if not hasattr(node, "get") or id(node) in seen:
            return
        seen.add(id(node))
        if node.get("/S") == "/Figure":
            alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        if kids is not None:
            visit(kids)

    tree = PdfReader(pdf).root_object.get("/StructTreeRoot")
    if tree is not None:
        visit(tree)
    return alts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default=ROOT / "_build" / "html", type=Path,
                        help="the built website (default: %(default)s); the student edition: _build/student/html")
    parser.add_argument("--out", default=ROOT / "_build" / "pdf" / "lossland.pdf", type=Path,
                        help="the PDF to write (default: %(default)s)")
    parser.add_argument("--toc", default=ROOT / "_toc.yml", type=Path, help="the page order (default: %(default)s)")
    parser.add_argument("--paper", default="a4", choices=sorted(PAPER), help="sheet size (default: %(default)s)")
    args = parser.parse_args(argv)
    title = yaml.safe_load((ROOT / "_config.yml").read_text()).get("title")
    try:
        made = print_book(args.site, toc_pages(args.toc), args.out, args.paper, title)
    except RuntimeError as error:
        print(f"book_pdf: {error}", file=sys.stderr)
        return 1
    print(f"{args.out}: {made['pages']} pages, {made['bytes'] / 1e6:.1f} MB, {made['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
