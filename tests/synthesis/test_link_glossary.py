"""scripts/link_glossary.py on copies of the five chapters: idempotent, prose only, each term once."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import jupytext
import link_glossary as lg  # scripts/ is on the path: pyproject's [tool.pytest.ini_options] pythonpath
import pytest

from lossland.book.syllabus import chapter_syllabus

ROOT = Path(__file__).resolve().parents[2]
TERMS = lg.glossary_terms(ROOT / "book" / "glossary.md")
ROLE = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^`>]+)>)?`")


def _unlinked(text: str) -> str:
    """``text`` with every {term} role written back as its text, and the Overview's link paragraph removed."""
    return ROLE.sub(lambda m: m.group(1), text.replace(lg.OVERVIEW_LINK + "\n\n", ""))


@pytest.fixture(scope="module", params=lg.CHAPTERS)
def linked(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    for name in (*lg.CHAPTERS, "glossary", "notation"):
        shutil.copy(ROOT / "book" / f"{name}.md", folder / f"{name}.md")
    path = folder / f"{request.param}.md"
    original = path.read_text()
    assert lg.main([str(path), "--glossary", str(folder / "glossary.md")]) == 0
    return request.param, original, path.read_text(), folder


@pytest.mark.slow
def test_only_roles_and_the_overview_paragraph_are_added(linked):
    _, original, text, _ = linked
    assert "{doc}`notation`" in text
    assert _unlinked(text) == _unlinked(original)  # the chapters may already be linked


@pytest.mark.slow
def test_running_it_again_changes_nothing(linked):
    chapter, _, text, _ = linked
    again, changes = lg.link_chapter(text, TERMS, chapter)
    assert again == text and changes == []


def test_each_term_is_linked_once_to_a_glossary_term(linked):
    _, original, text, _ = linked
    targets = [(m.group(2) or m.group(1)).strip() for m in ROLE.finditer(text)]
    before = [(m.group(2) or m.group(1)).strip() for m in ROLE.finditer(original)]
    new = list(targets)
    for target in before:
        new.remove(target)
    assert len(new) == len(set(new)), "a term was linked twice"
    assert set(t.lower() for t in new) <= set(t.lower() for t in TERMS)


def test_code_math_headings_labels_and_options_are_untouched(linked):
    _, original, text, _ = linked
    cells = lambda source: [c.source for c in jupytext.reads(source, fmt="md:myst").cells if c.cell_type == "code"]
    assert cells(text) == cells(original)
    for line in text.splitlines():
        if "{term}" in line:
            assert not re.match(r"^\s*(#|\(\S+\)=|:[\w-]+:|`{3,}|:{3,}|\$\$)", line), line
            without_roles = ROLE.sub("", line)
            assert all("{term}" not in span for span in re.findall(r"\$[^$]*\$", line)), line
            assert "{term}" not in without_roles


@pytest.mark.slow
def test_the_syllabus_reads_the_linked_chapter_alike(linked):
    chapter, _, _, folder = linked
    before, after = chapter_syllabus(chapter), chapter_syllabus(chapter, book=folder)
    assert [(e.label, e.kind, e.checks, e.points) for e in after.exercises] == \
           [(e.label, e.kind, e.checks, e.points) for e in before.exercises]
    assert (after.title, after.time) == (before.title, before.time)


def test_a_synthetic_chapter_links_prose_only():
    text = "\n".join([
        "---", "title: activation region", "---", "", "(label-activation-region)=", "# The activation region", "",
        "## Overview", "", "First paragraph.", "", "**Who it is for.** Anyone.", "",
        "```{code-cell} ipython3", "activation_region = 'activation region'", "```", "",
        "```{prf:theorem} An activation region", ":label: activation-region", "",
        "Inline `activation region` and $\\text{activation region}$ and {ref}`activation region <x>`.",
        "Here the activation regions are prose, and a second activation region is not linked.", "```", "",
        "$$", "\\text{activation region}", "$$",
    ]) + "\n"
    linked, changes = lg.link_chapter(text, ["activation region"], "decomposition")
    assert len(changes) == 1 and linked.count("{term}") == 1
    assert "Here the {term}`activation regions <activation region>` are prose" in linked
    assert lg.OVERVIEW_LINK in linked and linked.index("First paragraph.") < linked.index(lg.OVERVIEW_LINK)
    assert _unlinked(linked) == text
