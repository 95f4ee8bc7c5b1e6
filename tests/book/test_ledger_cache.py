"""Compute once, show everywhere: the build's claim cache and the Ledger page read last."""
from sitebuild import build

from lossland.book.ledger import CACHE_ENVIRONMENT_VARIABLE, Claim, evaluate


def _claim(key, compute):
    return Claim(key=key, chapter="liu", label="sec-x", where="Fig. 1", statement="s", paper="1",
                 compute=compute, check=lambda ours: ours is not None, tolerance="exact")


def test_a_claim_is_computed_once_per_build_and_checked_every_time(tmp_path, monkeypatch):
    calls = []
    claim = _claim("test/once", lambda: calls.append(1) or {"value": 3})
    monkeypatch.setenv(CACHE_ENVIRONMENT_VARIABLE, str(tmp_path))
    first, second = evaluate([claim]), evaluate([claim])
    assert len(calls) == 1 and first[0].ours == second[0].ours == {"value": 3} and second[0].holds
    assert len(list(tmp_path.glob("*.pickle"))) == 1


def test_without_the_cache_every_evaluation_computes(monkeypatch):
    calls = []
    claim = _claim("test/fresh", lambda: calls.append(1) or 1)
    monkeypatch.delenv(CACHE_ENVIRONMENT_VARIABLE, raising=False)
    evaluate([claim]), evaluate([claim])
    assert len(calls) == 2


def test_a_value_that_cannot_be_stored_is_computed_again(tmp_path, monkeypatch):
    calls = []
    claim = _claim("test/unpicklable", lambda: calls.append(1) or (lambda: 0))
    monkeypatch.setenv(CACHE_ENVIRONMENT_VARIABLE, str(tmp_path))
    evaluate([claim]), evaluate([claim])
    assert len(calls) == 2 and not list(tmp_path.iterdir())


def test_the_ledger_page_is_read_after_every_chapter():
    docnames = ["book/blindspots", "book/decomposition", "book/ledger", "book/liu", "book/petzka"]
    build._ledger_last(None, None, docnames)
    assert docnames[-1] == "book/ledger" and sorted(docnames) == sorted(set(docnames))
