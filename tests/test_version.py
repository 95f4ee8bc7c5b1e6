"""The version is written once, in lossland/__init__.py: pyproject reads it, CITATION.cff repeats it (checked)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

import lossland

ROOT = Path(__file__).resolve().parents[1]


def test_pyproject_reads_the_version_from_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "lossland.__version__"}


def test_the_citation_file_names_the_same_version():
    assert str(yaml.safe_load((ROOT / "CITATION.cff").read_text())["version"]) == lossland.__version__
