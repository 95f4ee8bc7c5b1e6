"""What the book build adds to Sphinx: shared claims, a notebook download and a live launch per chapter.

Listed among the Sphinx extensions in ``_config.yml``.

* Sphinx reads (and MyST-NB executes) pages in alphabetical order, which would run the
  Ledger page before the last chapters, so the Ledger would compute their claims itself.
  :func:`setup` points :data:`lossland.book.ledger.CACHE_ENVIRONMENT_VARIABLE` at
  ``_build/.claims`` for the kernels the build starts, and reorders the pages so that the
  Ledger is read last and finds every claim already computed.
* Every chapter page offers its executed notebook as an ``.ipynb`` download (beside the
  theme's ``.md`` and ``.pdf``) and a "Run this chapter live" launch, a button at the top of
  the page and an entry in the header's launch menu, into the live site that
  :mod:`lossland.book.live_site` assembles under ``lite/`` once the pages are written, with
  the runs the chapters saved for it (:mod:`lossland.book.saved_runs`).
"""
from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

from lossland.book import live_site, saved_runs
from lossland.book.ledger import CACHE_ENVIRONMENT_VARIABLE, CHAPTERS

__all__ = ["LAST_PAGES", "CHAPTER_PAGES", "setup"]

#: Pages that show what other pages computed: read after all the others.
LAST_PAGES = ("book/ledger",)
#: The chapter pages, which run live and download as notebooks.
CHAPTER_PAGES = {f"book/{name}": name for name in CHAPTERS}
#: The line under a chapter's title: the live launch and the notebook download.
LAUNCH_BUTTON = (
    '<p class="lossland-live"><a class="btn lossland-live-button" href="{url}">&#9654; Run this chapter live</a> '
    "in your browser: no install and no server (the first start downloads the Python runtime once). "
    '<a href="{notebook}" download>Download the notebook</a> to run it in Jupyter instead.</p>\n'
)


def _ledger_last(app, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: move :data:`LAST_PAGES` to the end, in place."""
    for name in LAST_PAGES:
        if name in docnames:
            docnames.remove(name)
            docnames.append(name)


def _chapter_buttons(app, pagename: str, templatename, context: dict, doctree) -> None:
    """``html-page-context`` (after the theme's buttons): the notebook download and the live launch."""
    chapter = CHAPTER_PAGES.get(pagename)
    if chapter is None or app.builder.format != "html":
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    notebook = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    notebook.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(executed, notebook)
    pathto = context["pathto"]
    notebook_url = pathto(f"_sources/{pagename}.ipynb", 1)
    launch_url = pathto(live_site.launch_path(chapter), 1)
    buttons = context.get("header_buttons", [])
    for group in buttons:
        if group.get("label") == "download-buttons":
            group["buttons"].insert(0, {"type": "link", "url": notebook_url, "text": ".ipynb", "icon": "fas fa-code",
                                        "tooltip": "Download the chapter as a notebook", "label": "download-notebook-button"})
    buttons.insert(0, {"type": "group", "tooltip": "Run this chapter live", "icon": "fas fa-rocket", "label": "launch-buttons",
                       "buttons": [{"type": "link", "url": launch_url, "text": "Live in your browser",
                                    "tooltip": "Run this chapter in your browser (JupyterLite, no install)",
                                    "icon": "fas fa-play", "label": "launch-live-button"}]})
    button = LAUNCH_BUTTON.format(url=html.escape(launch_url), notebook=html.escape(notebook_url))
    context["body"] = context["body"].replace("</h1>", "</h1>\n" + button, 1)


def _build_live_site(app, exception) -> None:
    """``build-finished``: assemble the live site from the chapters' sources under ``lite/``."""
    if exception is not None or app.builder.format != "html":
        return
    sources = {name: Path(app.srcdir) / f"{page}.md" for page, name in CHAPTER_PAGES.items() if page in app.env.found_docs}
    live_site.build(Path(app.outdir), sources, runs=saved_runs.saved_files(Path(os.environ[CACHE_ENVIRONMENT_VARIABLE])))


def setup(app) -> dict:
    """Register the reordering, the chapter buttons and the live site; share a claim cache."""
    os.environ.setdefault(CACHE_ENVIRONMENT_VARIABLE, str(Path(app.outdir).resolve().parent / ".claims"))
    app.connect("env-before-read-docs", _ledger_last)
    app.connect("html-page-context", _chapter_buttons, priority=510)
    app.connect("build-finished", _build_live_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
