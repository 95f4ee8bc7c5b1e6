"""What the book build adds to Sphinx: shared claims, a notebook download and a live launch per chapter.

Listed among the Sphinx extensions in ``_config.yml`` (from ``scripts/``, by ``sphinx: local_extensions``).

* Sphinx reads (and MyST-NB executes) pages in alphabetical order, which would run the
  Ledger page before the last chapters, so the Ledger would compute their claims itself.
  :func:`setup` points :data:`lossland.book.ledger.CACHE_ENVIRONMENT_VARIABLE` at
  ``_build/.claims`` for the kernels the build starts, and reorders the pages so that the
  Ledger is read last and finds every claim already computed.
* Every chapter page offers its executed notebook as an ``.ipynb`` download (beside the
  theme's ``.md`` and ``.pdf``) and a "Run this chapter live" launch, a button at the top of
  the page and an entry in the header's launch menu, into the live site that
  :mod:`sitebuild.live_site` assembles under ``lite/`` once the pages are written, with
  the runs the chapters saved for it (:mod:`lossland.book.saved_runs`).
* MyST-NB executes the pages one after another as Sphinx reads them.  :func:`_execute_ahead`
  starts every page that the execution cache lacks first, on all of the machine's cores,
  exactly as MyST-NB would (same notebook, working folder, timeout and cache entry); Sphinx
  reads the pages that need no kernel meanwhile, then each executed page in the order they
  started, caching each just before it reads it (:func:`_cache_ahead`), so that reading finds
  each page in the cache and overlaps the kernels still running.  The longest pages (by their
  source's length, the one measure a fresh clone has) start first, so that both cores stay busy
  to the end.  The pages in :data:`LAST_PAGES` read what the others computed: they run once
  all others are done, in a background thread (:func:`_start_last_pages`).
* The live site does not depend on Sphinx's pages, only on the chapters' sources and saved
  runs: :func:`_start_live_site` assembles it in a background thread, which mostly waits on
  ``jupyter lite build``, ``pip wheel``, Node and zlib (none holds the interpreter's lock), while
  Sphinx reads and writes the pages.  When pages are executed ahead it starts with them: the
  runtime and the wheels are prepared meanwhile, and the saved runs are taken (:func:`_runs_when_executed`)
  only once every page is executed.
* A figure reference (``{numref}``) makes Sphinx unpickle the whole page that holds the figure,
  once per reference (megabytes for a chapter with explorers); :class:`_StandardDomain` keeps
  each page it unpickled for that while the pages are written.
"""
from __future__ import annotations

import html
import os
import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path

import nbformat

from lossland.book import saved_runs
from lossland.book.ledger import CACHE_ENVIRONMENT_VARIABLE, CHAPTERS
from sitebuild import live_site
from sphinx.domains.std import StandardDomain
from sphinx.util import logging

logger = logging.getLogger(__name__)

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


def _unexecuted(env, docnames: list[str], *, last: bool = False) -> list[tuple[str, object]]:
    """The notebook pages among ``docnames`` (less :data:`LAST_PAGES`; ``last``: only those) that the execution cache lacks.

    Each comes with its notebook as MyST-NB's parser makes it (reader, kernel alias), so that
    the cache entry written for it is the one the parser looks up.
    """
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    config = env.mystnb_config
    cache = get_cache(config.execution_cache_path)
    missing = []
    for name in docnames:
        path = env.doc2path(name)
        if (name in LAST_PAGES) != last or not Path(path).is_file():
            continue
        content = Path(path).read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), env.myst_config, config, content)
        if reader is None:
            continue  # plain Markdown: nothing to execute
        notebook = reader.read(content)
        if config.metadata_key in notebook.metadata:
            continue  # page-level execution settings: left to MyST-NB
        kernel = notebook.metadata.get("kernelspec", {}).get("name")
        for pattern, alias in (config.kernel_rgx_aliases or {}).items():
            if kernel is not None and re.fullmatch(pattern, kernel):
                notebook.metadata["kernelspec"]["name"] = alias
                break
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            missing.append((name, notebook, reader.read_fmt))
    return missing


def _execute_ahead(app, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: start executing the pages the cache lacks in parallel; reorder the reading.

    Only in MyST-NB's ``cache`` mode, in the page's own folder, with the same timeout and
    error settings as MyST-NB.  The pages that need no execution are read first, then the
    executed ones in the order they started (:data:`LAST_PAGES` stay last); :func:`_cache_ahead`
    caches each page just before Sphinx reads it (the cache, one SQLite file, is written from
    Sphinx's thread only).  A page that fails is not cached: MyST-NB then executes it again while
    reading and reports the error as it always does.
    """
    config = env.mystnb_config
    if config.execution_mode != "cache" or config.execution_in_temp:
        return
    missing = _unexecuted(env, docnames)
    if len(missing) < 2:  # a single page: nothing to gain, MyST-NB executes it itself
        _start_live_site(app, env, docnames)
        _start_last_pages(app, env, docnames)
        return
    missing.sort(key=lambda item: -len(Path(env.doc2path(item[0])).read_bytes()))  # longest first
    workers = min(len(missing), os.cpu_count() or 1)
    logger.info(f"lossland: executing {len(missing)} pages on {workers} cores while the others are read")
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lossland-ahead")
    app._lossland_ahead = {item[0]: (item, pool.submit(_execute, env, item[0], item[1])) for item in missing}
    pool.shutdown(wait=False)
    started = {item[0]: position for position, item in enumerate(missing)}
    docnames.sort(key=lambda name: (name in LAST_PAGES, started.get(name, -1)))
    ahead = [future for _, future in app._lossland_ahead.values()]
    _start_live_site(app, env, docnames, ahead=ahead)
    _start_last_pages(app, env, docnames, ahead=ahead)


def _executed(ahead: list) -> bool:
    """Wait for the pages executed ahead (futures of :func:`_execute`); whether every one succeeded."""
    return all(future.exception() is None and future.result().err is None for future in ahead)


def _execute(env, name: str, notebook):
    """Execute page ``name``'s ``notebook`` as MyST-NB would (its folder, timeout, errors); jupyter-cache's result."""
    from jupyter_cache.executors.utils import single_nb_execution

    config = env.mystnb_config
    return single_nb_execution(notebook, cwd=str(Path(env.doc2path(name)).parent.resolve()),
                               allow_errors=config.execution_allow_errors,
                               timeout=config.execution_timeout, meta_override=True)


def _cache(env, item: tuple, result) -> None:
    """Store an executed page (``item`` from :func:`_unexecuted`) in the execution cache, unless it failed.

    A page that failed is left out: MyST-NB executes it again while reading and reports the
    error as it always does.  Called from Sphinx's thread only (the cache is one SQLite file).
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    name, notebook, read_fmt = item
    if result.err is not None:
        logger.info(f"lossland: {name} failed ahead of reading ({type(result.err).__name__}); MyST-NB runs it again")
        return
    cache = get_cache(env.mystnb_config.execution_cache_path)
    path = str(env.doc2path(name))
    record = cache.add_nb_to_project(path, read_data=read_fmt) if read_fmt is not None else cache.add_nb_to_project(path)
    cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri, data={"execution_seconds": result.time}),
                                check_validity=False, overwrite=True)
    logger.info(f"lossland: executed {name} in {result.time:.1f} s")


def _start_last_pages(app, env, docnames: list[str], ahead: list = ()) -> None:
    """Execute the :data:`LAST_PAGES` the cache lacks in a background thread, once every other page is.

    ``ahead``: the pages still executing (:func:`_execute_ahead`), which the last pages wait for;
    without them, every other page must be in the cache already.  Sphinx reads the other pages
    meanwhile; :func:`_cache_ahead` caches each result just before Sphinx reads the page.  When a
    page failed ahead (MyST-NB then executes it while reading), the last pages are left to MyST-NB,
    which runs them after it.
    """
    if not ahead and _unexecuted(env, docnames):
        return
    pending = _unexecuted(env, docnames, last=True)
    if not pending:
        return

    def execute(item):
        return _execute(env, item[0], item[1]) if _executed(ahead) else None

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lossland-last-pages")
    app._lossland_last_pages = {item[0]: (item, pool.submit(execute, item)) for item in pending}
    pool.shutdown(wait=False)


def _cache_ahead(app, docname: str, source: list[str]) -> None:
    """``source-read``: a page executed in the background goes into the cache before Sphinx parses it.

    A page that failed, or a last page not run because another failed, is left to MyST-NB.
    """
    for started in (getattr(app, "_lossland_ahead", {}), getattr(app, "_lossland_last_pages", {})):
        item, future = started.pop(docname, (None, None))
        if future is None:
            continue
        if future.exception() is not None:
            logger.info(f"lossland: {docname} failed ahead of reading ({future.exception()!r}); MyST-NB runs it again")
        elif future.result() is not None:
            _cache(app.env, item, future.result())


def _with_outputs(app, executed: Path) -> str:
    """The page's notebook as MyST-NB wrote it, with its outputs from the execution cache if it lacks them.

    MyST-NB writes the notebook it read, so a page whose outputs came from the cache (a rebuild,
    or a page run by :func:`_execute_ahead`) would download without them.
    """
    notebook = nbformat.read(executed, as_version=4)
    config = app.env.mystnb_config
    if config.execution_mode == "cache" and not any(cell.get("outputs") for cell in notebook.cells):
        from jupyter_cache import get_cache
        from myst_nb.ext.glue import extract_glue_data_cell

        with suppress(KeyError):  # not in the cache: as written
            _, notebook = get_cache(config.execution_cache_path).merge_match_into_notebook(notebook)
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    extract_glue_data_cell(cell)  # glue records leave the outputs, as MyST-NB does
    return nbformat.writes(notebook)


def _chapter_buttons(app, pagename: str, templatename, context: dict, doctree) -> None:
    """``html-page-context`` (after the theme's buttons): the notebook download and the live launch."""
    chapter = CHAPTER_PAGES.get(pagename)
    if chapter is None or app.builder.format != "html":
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    notebook = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    notebook.parent.mkdir(parents=True, exist_ok=True)
    notebook.write_text(_with_outputs(app, executed), encoding="utf-8")
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


def _start_live_site(app, env, docnames=None, ahead: list = ()) -> None:
    """Start assembling the live site under ``lite/`` in a background thread, once the saved runs are final.

    That is when no chapter page among ``docnames`` (the pages still to be read) remains to be
    executed while reading, or (``ahead``) once the pages executing in the background are done:
    called from :func:`_execute_ahead`, and on ``env-updated`` (every page read) at the latest.
    Started once per build; :func:`_build_live_site` waits for it, and builds the site itself
    when a page failed ahead (the thread then returns ``False``).
    """
    if app.builder.format != "html" or getattr(app, "_lossland_live_site", None) is not None:
        return
    if not ahead and docnames is not None and _unexecuted(env, [name for name in docnames if name in CHAPTER_PAGES]):
        return  # a chapter will run while it is read: its saved runs are not written yet

    def assemble() -> bool:
        try:
            _assemble_live_site(app, env, runs=_runs_when_executed(ahead))
        except _FailedAhead:
            return False  # MyST-NB runs the failed page while reading: build-finished builds the site
        return True

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lossland-live-site")
    app._lossland_live_site = pool.submit(assemble)
    pool.shutdown(wait=False)  # the thread runs on; build-finished waits for its result


def _assemble_live_site(app, env, runs=None) -> None:
    """The live site under ``lite/``, from the chapters' sources and ``runs`` (default: the runs they saved)."""
    sources = {name: Path(app.srcdir) / f"{page}.md" for page, name in CHAPTER_PAGES.items() if page in env.found_docs}
    if runs is None:
        runs = saved_runs.saved_files(Path(os.environ[CACHE_ENVIRONMENT_VARIABLE]))
    live_site.build(Path(app.outdir), sources, runs=runs)


class _FailedAhead(Exception):
    """A page executed ahead failed: the saved runs are not final until MyST-NB has run it again."""


def _runs_when_executed(ahead: list):
    """The saved runs, listed only when first asked for, once the pages executing ``ahead`` are done.

    :func:`sitebuild.live_site.build` iterates over its runs once, when it places them beside the
    live notebooks, after it has prepared the runtime and the wheels: so these are prepared while
    the kernels run.  Raises :class:`_FailedAhead` (there) when a page failed.
    """
    if not _executed(ahead):
        raise _FailedAhead
    yield from saved_runs.saved_files(Path(os.environ[CACHE_ENVIRONMENT_VARIABLE]))


def _live_site_when_read(app, env) -> None:
    """``env-updated``: every page is read (and executed), so the live site can start if it has not."""
    _start_live_site(app, env)


def _build_live_site(app, exception) -> None:
    """``build-finished``: wait for the live site under ``lite/`` (started, at the latest, here)."""
    if app.builder.format != "html":
        return
    if exception is None:
        _start_live_site(app, app.env)  # a build that read no page at all
    future = getattr(app, "_lossland_live_site", None)
    if future is None:
        return
    if exception is not None:
        future.exception()  # let the thread finish: the build fails with Sphinx's error, not the live site's
        return
    if future.result() is False:  # the live site's own error, if any, fails the build
        _assemble_live_site(app, app.env)  # a page failed ahead: its saved runs are those of its run while read


class _StandardDomain(StandardDomain):
    """Sphinx's standard domain, unpickling each page once to resolve figure numbers (``{numref}``).

    Sphinx 7.4 unpickles the target page's whole doctree for every numbered reference, only to
    look up the target node's kind and ids; these references only read the doctree, so one
    unpickled copy per page serves them all.  The copies live as long as this domain object,
    which Sphinx makes afresh for every build and never pickles; ``env-updated`` (the pages read
    again) empties them.
    """

    def _resolve_numref_xref(self, env, *args, **kwargs):
        return super()._resolve_numref_xref(_DoctreesOnce(env, self._doctrees()), *args, **kwargs)

    def _doctrees(self) -> dict:
        return self.__dict__.setdefault("_lossland_doctrees", {})


class _DoctreesOnce:
    """The build environment ``env``, whose :meth:`get_doctree` unpickles each page only once (read-only use)."""

    def __init__(self, env, doctrees: dict) -> None:
        self._env, self._doctrees = env, doctrees

    def __getattr__(self, name):
        return getattr(self._env, name)

    def get_doctree(self, docname: str):
        if docname not in self._doctrees:
            self._doctrees[docname] = self._env.get_doctree(docname)
        return self._doctrees[docname]


def _forget_doctrees(app, env) -> None:
    """``env-updated``: pages were read again, so the domain's unpickled copies are stale."""
    env.get_domain("std").__dict__.pop("_lossland_doctrees", None)


def setup(app) -> dict:
    """Register the reordering, the chapter buttons and the live site; share a claim cache."""
    os.environ.setdefault(CACHE_ENVIRONMENT_VARIABLE, str(Path(app.outdir).resolve().parent / ".claims"))
    app.connect("env-before-read-docs", _ledger_last)
    app.connect("env-before-read-docs", _execute_ahead)
    app.connect("source-read", _cache_ahead)
    app.connect("env-updated", _live_site_when_read)
    app.connect("env-updated", _forget_doctrees)
    app.connect("html-page-context", _chapter_buttons, priority=510)
    app.connect("build-finished", _build_live_site)
    app.add_domain(_StandardDomain, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
