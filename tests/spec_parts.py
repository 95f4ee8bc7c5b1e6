"""Where the bad-input Spec tables live, for the tests that read them all (coverage, fuzzing).

Each chapter's table sits with its tests (``tests/<chapter>/test_bad_inputs_<chapter>.py``); the
tables still shared by several packages stay at the top of ``tests/``.  :func:`load` imports each
under its file name, as pytest does, so a table is built once however many tests read it.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

TESTS = Path(__file__).resolve().parent

#: The tables, as paths relative to ``tests/``.
PARTS = (
    "test_bad_inputs_core.py",
    "decomposition/test_bad_inputs_decomposition.py",
    "liu/test_bad_inputs_liu.py",
    "expneuron/test_bad_inputs_expneuron.py",
    "decomposition/test_bad_inputs_decomposition_selfcheck.py",
    "petzka/test_bad_inputs_petzka.py",
    "blindspots/test_bad_inputs_blindspots.py",
    "book/test_bad_inputs_book.py",
    "book/test_bad_inputs_plots.py",
    "book/test_bad_inputs_sitebuild.py",
    "decomposition/test_bad_inputs_decomposition_figures.py",
    "liu/test_bad_inputs_liu_figures.py",
    "expneuron/test_bad_inputs_expneuron_figures.py",
    "petzka/test_bad_inputs_petzka_figures.py",
    "blindspots/test_bad_inputs_blindspots_figures.py",
    "synthesis/test_bad_inputs_synthesis.py",
)


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
