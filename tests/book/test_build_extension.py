"""The book build's Sphinx extension (sitebuild.build): figure references each page unpickled once, pages executed ahead."""
from pathlib import Path

import pytest
from sitebuild import build

sphinx = pytest.importorskip("sphinx.application")

PAGES = {
    "index": "Home\n====\n\n.. toctree::\n\n   a\n   b\n",
    "a": "A\n=\n\n.. _fig-a:\n\n.. figure:: pic.png\n\n   A figure.\n\nSee :numref:`fig-b` and :numref:`sec-b`.\n",
    "b": ("B\n=\n\n.. _sec-b:\n\nPart\n----\n\n.. _fig-b:\n\n.. figure:: pic.png\n\n   B figure.\n\n"
          "Back to :numref:`fig-a`, again :numref:`fig-a` and :numref:`Figure {number} <fig-b>`.\n"),
}
CONF = "numfig = True\n"
OVERRIDE = "def setup(app):\n    from sitebuild.build import _StandardDomain\n    app.add_domain(_StandardDomain, override=True)\n"


def _built(root: Path, conf: str, monkeypatch) -> tuple[dict, int]:
    """Build the small project in ``root`` with ``conf``; its pages' HTML and how often a doctree was unpickled."""
    source = root / "src"
    source.mkdir(parents=True)
    (source / "conf.py").write_text(conf)
    (source / "pic.png").write_bytes(b"")
    for name, text in PAGES.items():
        (source / f"{name}.rst").write_text(text)
    loads = []
    original = sphinx.BuildEnvironment.get_doctree

    def counted(env, docname):
        loads.append(docname)
        return original(env, docname)

    monkeypatch.setattr(sphinx.BuildEnvironment, "get_doctree", counted)
    app = sphinx.Sphinx(str(source), str(source), str(root / "html"), str(root / "doctrees"), "html",
                        status=None, warning=None, freshenv=True)
    app.build()
    monkeypatch.undo()
    return {name: (root / "html" / f"{name}.html").read_text() for name in PAGES}, len(loads)


def test_figure_references_read_each_page_once_and_come_out_as_sphinx_makes_them(tmp_path, monkeypatch):
    reference, reference_loads = _built(tmp_path / "reference", CONF, monkeypatch)
    ours, our_loads = _built(tmp_path / "ours", CONF + OVERRIDE, monkeypatch)
    assert ours == reference
    assert "Fig. 2" in reference["a"] and "Figure 2" in reference["b"]  # the references were resolved
    assert our_loads < reference_loads


def test_the_pages_unpickled_for_references_are_forgotten_when_pages_are_read_again():
    class Domain:
        pass

    class Env:
        def get_domain(self, name):
            return domain

    domain = Domain()
    domain._lossland_doctrees = {"book/liu": object()}
    build._forget_doctrees(None, Env())
    assert not hasattr(domain, "_lossland_doctrees")


def _done(value=None, error=None):
    from concurrent.futures import Future

    future = Future()
    future.set_exception(error) if error is not None else future.set_result(value)
    return future


def test_pages_executed_ahead_count_as_done_only_when_every_one_ran_without_error():
    class Result:
        def __init__(self, err=None):
            self.err = err

    assert build._executed([_done(Result()), _done(Result())])
    assert not build._executed([_done(Result()), _done(Result(err=RuntimeError("a cell raised")))])
    assert not build._executed([_done(error=OSError("the kernel did not start"))])
    assert build._executed([])


def test_a_page_that_failed_ahead_or_was_not_run_is_left_to_myst_nb(monkeypatch):
    cached = []
    monkeypatch.setattr(build, "_cache", lambda env, item, result: cached.append(item))

    class App:
        env = None
        _lossland_ahead = {"book/liu": (("book/liu", None, None), _done(error=OSError("no kernel")))}
        _lossland_last_pages = {"book/ledger": (("book/ledger", None, None), _done(None))}

    app = App()
    for name in ("book/liu", "book/ledger", "book/intro"):
        build._cache_ahead(app, name, [""])
    assert cached == [] and not app._lossland_ahead and not app._lossland_last_pages


def test_the_live_site_takes_the_saved_runs_only_once_the_pages_are_executed(tmp_path, monkeypatch):
    from concurrent.futures import Future

    from lossland.book.ledger import CACHE_ENVIRONMENT_VARIABLE

    class Result:
        err = None

    monkeypatch.setenv(CACHE_ENVIRONMENT_VARIABLE, str(tmp_path))
    running = Future()
    runs = build._runs_when_executed([running])  # asks nothing yet: the runtime is prepared meanwhile
    (tmp_path / "decomposition-table1.run.json").write_text("{}")  # saved by a page still running
    running.set_result(Result())
    assert [path.name for path in runs] == ["decomposition-table1.run.json"]
    with pytest.raises(build._FailedAhead):
        list(build._runs_when_executed([_done(error=OSError("the kernel did not start"))]))
