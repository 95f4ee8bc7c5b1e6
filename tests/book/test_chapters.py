"""One list of the chapters: lossland.book.ledger.CHAPTERS, in the order of the book's table of contents.

The package cannot read ``_toc.yml`` (the wheel that the live site and the autograder install has no
table of contents), so the book order is written twice, in ``_toc.yml`` and in ``CHAPTERS``; these
tests hold the two equal and find what a new chapter still lacks: a package with claims that is
not listed, a chapter without tests, a citation without its bibliography entry.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import yaml
from pybtex.database import parse_file

from lossland.book.ledger import CHAPTERS

ROOT = Path(__file__).resolve().parents[2]


def test_chapters_are_the_numbered_part_of_the_table_of_contents_in_order():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    numbered = [part for part in toc["parts"] if part.get("numbered")]
    assert len(numbered) == 1, "_toc.yml should have one numbered part: the chapters"
    assert tuple(entry["file"].removeprefix("book/") for entry in numbered[0]["chapters"]) == CHAPTERS


def test_every_chapter_has_a_page_a_package_and_claims():
    for chapter in CHAPTERS:
        assert (ROOT / "book" / f"{chapter}.md").is_file()
        assert importlib.import_module(f"lossland.{chapter}.claims").CLAIMS


def test_every_chapter_package_is_in_the_list():
    """A package with claims (``lossland/<name>/claims.py``) is a chapter: forgetting CHAPTERS fails here."""
    assert {path.parent.name for path in (ROOT / "lossland").glob("*/claims.py")} == set(CHAPTERS)


def test_every_chapter_has_tests_beside_its_package():
    for chapter in CHAPTERS:
        assert list((ROOT / "tests" / chapter).glob("test_*.py")), f"tests/{chapter}/ holds no tests"


def test_every_work_a_chapter_cites_is_in_the_bibliography():
    entries = set(parse_file(str(ROOT / "book" / "references.bib")).entries)
    for chapter in CHAPTERS:
        cited = re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", (ROOT / "book" / f"{chapter}.md").read_text())
        missing = {key.strip() for keys in cited for key in keys.split(",")} - entries
        assert not missing, f"book/{chapter}.md cites {sorted(missing)}: add them to book/references.bib"
