"""Where the bad-input Spec tables live, for the tests that read them all (coverage, fuzzing).

Each chapter's table sits with its tests (``tests/<chapter>/test_bad_inputs_<chapter>.py``); the
tables still shared by several packages stay at the top of ``tests/``.  They are found by their file
names, not listed.  :func:`load` imports each under its file name, as pytest does, so a table is
built once however many tests read it.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

TESTS = Path(__file__).resolve().parent

#: The tables, as paths relative to ``tests/``: every ``test_bad_inputs_*.py`` under ``tests/`` but the coverage
#: test itself, so that a new chapter's tables (``tests/<chapter>/test_bad_inputs_<chapter>*.py``) count without a list to extend.
PARTS = tuple(sorted(path.relative_to(TESTS).as_posix() for path in TESTS.rglob("test_bad_inputs_*.py")
                     if path.name != "test_bad_inputs_coverage.py"))


def load(parts: tuple[str, ...] = PARTS) -> list[ModuleType]:
    """The table modules of ``parts`` (paths relative to ``tests/``), imported once each."""
    modules = []
    for part in parts:
        path = TESTS / part
        if not path.is_file():
            raise FileNotFoundError(f"no bad-input table {part!r} under {TESTS}")
        if str(path.parent) not in sys.path:
            sys.path.insert(0, str(path.parent))
        modules.append(importlib.import_module(path.stem))
    return modules
