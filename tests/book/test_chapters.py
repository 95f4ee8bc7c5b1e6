"""One list of the chapters: lossland.book.ledger.CHAPTERS, in the order of the book's table of contents."""
from __future__ import annotations

import importlib
from pathlib import Path

import yaml

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
