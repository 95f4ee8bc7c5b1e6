"""Runs saved by the build come back, unchanged, only in the browser (lossland.book.saved_runs)."""
import json
import sys

import pytest

from lossland.book import saved_runs
from lossland.book.ledger import CACHE_ENVIRONMENT_VARIABLE

RUN = {"ks": [4, 8], "accuracy": {"rich_train": [[0.1 + 0.2, 1 / 3]]}, "name": "MNIST"}


@pytest.fixture
def build_cache(tmp_path, monkeypatch):
    folder = tmp_path / "claims"
    monkeypatch.setenv(CACHE_ENVIRONMENT_VARIABLE, str(folder))
    return folder


def test_a_run_saved_by_the_build_loads_unchanged_in_the_browser(build_cache, tmp_path, monkeypatch):
    saved_runs.save("table", RUN)
    [path] = saved_runs.saved_files(build_cache)
    notebook_folder = tmp_path / "drive"
    notebook_folder.mkdir()
    (notebook_folder / path.name).write_bytes(path.read_bytes())  # what the live site does
    monkeypatch.chdir(notebook_folder)
    monkeypatch.setattr(sys, "platform", "emscripten")
    assert saved_runs.load("table") == RUN  # floats survive JSON to the last bit
    assert saved_runs.load("another") is None


def test_outside_the_browser_nothing_is_loaded(build_cache, tmp_path, monkeypatch):
    saved_runs.save("table", RUN)
    monkeypatch.chdir(build_cache)
    assert (build_cache / f"table{saved_runs.SUFFIX}").is_file()
    assert saved_runs.load("table") is None  # Jupyter and the build always compute


def test_without_a_build_nothing_is_saved(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    saved_runs.save("table", RUN)
    assert list(tmp_path.iterdir()) == []
    assert saved_runs.saved_files(tmp_path / "absent") == []


def test_the_live_site_ships_the_saved_runs(build_cache):
    saved_runs.save("b-run", RUN)
    saved_runs.save("a-run", {"x": 1})
    names = [path.name for path in saved_runs.saved_files(build_cache)]
    assert names == [f"a-run{saved_runs.SUFFIX}", f"b-run{saved_runs.SUFFIX}"]
    assert json.loads((build_cache / names[1]).read_text()) == RUN
