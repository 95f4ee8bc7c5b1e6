"""Runs saved by the book build for the live notebooks, where computing them takes minutes.

A few of the book's runs take seconds in Jupyter but minutes in the reader's browser, where
Pyodide runs one thread with an untuned BLAS (Chapter 1's Table 1: about 12 s against
5.5 min).  While the book is built, :func:`save` writes such a run's result as JSON into the
build's cache folder (:data:`lossland.book.ledger.CACHE_ENVIRONMENT_VARIABLE`, emptied
whenever the package's sources change, so a saved run is always the current code's);
the build's live site (``scripts/sitebuild/live_site.py``) ships the files beside the live
notebooks; and in the browser :func:`load` reads them back, so the live notebook shows the
numbers the website shows, from the same code and seed.  Everywhere else (Jupyter, the tests,
the build itself) :func:`load` returns ``None`` and the run is computed.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from lossland.book.ledger import CACHE_ENVIRONMENT_VARIABLE
from lossland.core.threads import in_browser
from lossland.core.validation import check_text

__all__ = ["SUFFIX", "save", "load", "saved_files"]

#: The saved runs' file names end so, in the build's cache folder and beside the live notebooks.
SUFFIX = ".run.json"


def _file_name(name) -> str:
    """``name`` + :data:`SUFFIX`, for a plain name (letters, digits, ``-`` and ``_``)."""
    name = check_text(name, "name")
    if not name.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"name must hold only letters, digits, '-' and '_' (it names a file), got {name!r}.")
    return name + SUFFIX


def save(name: str, data: dict) -> None:
    """Save ``data`` (a JSON-able dict) as the run ``name`` while the book is built; elsewhere do nothing."""
    file_name = _file_name(name)
    if not isinstance(data, dict):
        raise TypeError(f"data must be a dict of plain values (for JSON), got {type(data).__name__}.")
    folder = os.environ.get(CACHE_ENVIRONMENT_VARIABLE)
    if not folder or in_browser():
        return
    path = Path(folder) / file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_text(json.dumps(data))
    partial.replace(path)  # atomic: the live site never ships half a file


def load(name: str) -> dict | None:
    """The saved run ``name`` in the browser, from the live notebook's folder; ``None`` elsewhere or if absent."""
    path = Path.cwd() / _file_name(name)
    if not in_browser() or not path.is_file():
        return None
    return json.loads(path.read_text())


def saved_files(folder: Path) -> list[Path]:
    """The saved runs in a build's cache ``folder`` (none if it does not exist)."""
    return sorted(Path(folder).glob(f"*{SUFFIX}"))
