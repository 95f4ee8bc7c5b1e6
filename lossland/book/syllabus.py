"""What an instructor needs to know about each chapter, read from the chapter's own source.

The Instructors page and the coursework generator (``scripts/assignments.py``) both read the
facts here, so that nothing is written twice: a chapter's title, the **Who it is for.**
paragraph of its Overview (the prerequisites), its **You will learn to** list (the learning
objectives), its **Time:** line, and its exercises.  Each exercise is a gated
``{exercise-start}`` block whose ``:class:`` names its kind (:data:`KINDS`); it is autograded
when its text names a self-check of the chapter, such as ``check_region_count(3, bias=False,
answer=...)``; the names of those calls are the student's answers.  A self-check listed in its
module's ``HIDDEN_TESTS`` also has hidden tests: the same check on other instances.
"""
from __future__ import annotations

import ast
import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from lossland.book.ledger import CHAPTERS
from lossland.book.myst_blocks import Block, blocks, headings, lists, paragraphs, section_lines, source_lines
from lossland.core.validation import check_choice

__all__ = ["KINDS", "Exercise", "Syllabus", "chapter_syllabus", "syllabus_markdown"]

#: The kinds of exercise, the ``:class:`` of each ``{exercise-start}`` block.  A *derivation* asks the
#: student to derive, prove or construct; its solution ends with a rubric (``{admonition} Rubric``).
KINDS = ("concept", "derivation", "computation", "exploration")

BOOK = Path(__file__).resolve().parents[2] / "book"

_INLINE_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


@dataclass(frozen=True)
class Exercise:
    """One exercise of a chapter, as its ``{exercise-start}`` block states it.

    ``block`` is the whole block as written, ``body`` its text between the fences, ``title``
    the italic lead-in of the text (``*Counting (conceptual).*``), ``kind`` one of
    :data:`KINDS`, ``checks`` the self-check calls the text asks the student to run, as
    written, and ``hidden`` the names of those self-checks that also have hidden tests.
    ``points`` is what its autograded part is worth: a class ``points-N`` among its ``:class:``
    words (sphinx-exercise rejects unknown options, so the points ride on a class), 1 without one.
    """

    label: str
    kind: str
    title: str
    body: str
    block: str
    checks: tuple[str, ...]
    hidden: tuple[str, ...]
    points: int = 1

    @property
    def autograded(self) -> bool:
        """Whether an autograder can score the exercise: its text names a self-check."""
        return bool(self.checks)


@dataclass(frozen=True)
class Syllabus:
    """A chapter's facts for an instructor: title, prerequisites, objectives, time and exercises."""

    chapter: str
    label: str
    title: str
    prerequisites: str
    objectives: tuple[str, ...]
    time: str
    exercises: tuple[Exercise, ...]


def _paragraph(overview: str, lead: str, chapter: str) -> str:
    """The paragraph of ``overview`` that starts with ``lead``, without it, on one line."""
    lines = source_lines(overview)
    for start, end in paragraphs(overview):
        paragraph = "".join(lines[start:end])
        if paragraph.startswith(lead) and paragraph[len(lead):].strip():
            return " ".join(paragraph[len(lead):].split())
    raise ValueError(f"book/{chapter}.md: its Overview needs a paragraph starting with {lead!r}.")


def _objectives(overview: str, chapter: str) -> tuple[str, ...]:
    """The items of the list right under the Overview's **You will learn to** line, each on one line."""
    lines = source_lines(overview)
    lead = next((end for start, end in paragraphs(overview) if lines[start].rstrip() == "**You will learn to**"), None)
    items = next((items for items in lists(overview) if items[0][0] == lead), None)
    if items is None:
        raise ValueError(f"book/{chapter}.md: its Overview needs a '**You will learn to**' line followed by a list.")
    return tuple(" ".join("".join(lines[start:end]).split()[1:]) for start, end in items)  # without the item's marker


def _self_checks(chapter: str) -> tuple[set[str], set[str]]:
    """The public self-checks of ``lossland.<chapter>.selfcheck`` and those with hidden tests."""
    module = importlib.import_module(f"lossland.{chapter}.selfcheck")
    public = {name for name in module.__all__ if name.startswith("check_")}
    return public, set(getattr(module, "HIDDEN_TESTS", {})) & public


def _exercise(block: Block, lines: list[str], chapter: str, checks: set[str], hidden: set[str]) -> Exercise:
    """An :class:`Exercise` from one gated ``{exercise-start}`` block of the chapter's ``lines``."""
    options, body = block.options, "".join(lines[block.body_start:block.body_end])
    label = options.get("label", "")
    if not label:
        raise ValueError(f"book/{chapter}.md: every exercise needs a :label:; one starting {body[:40]!r} has none.")
    kinds = [word for word in options.get("class", "").split() if word in KINDS]
    if len(kinds) != 1:
        raise ValueError(f"book/{chapter}.md, exercise {label}: give its kind as ':class: {' | '.join(KINDS)}' (exactly one).")
    points = [word.removeprefix("points-") for word in options.get("class", "").split() if word.startswith("points-")]
    if len(points) > 1 or not all(value.isdigit() and int(value) > 0 for value in points):
        raise ValueError(f"book/{chapter}.md, exercise {label}: give its points as one class 'points-N', N a whole number >= 1.")
    title = re.match(r"\s*\*([^*]+)\*", body)
    calls = []
    for span in _INLINE_CODE.findall(body):
        try:
            node = ast.parse(span, mode="eval").body
        except SyntaxError:
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in checks:
            calls.append(span)
    names = {ast.parse(call, mode="eval").body.func.id for call in calls}
    return Exercise(
        label=label, kind=kinds[0], title=title.group(1).strip().rstrip(".") if title else "", body=body,
        block="".join(lines[block.start:block.end]).removesuffix("\n"), checks=tuple(calls), hidden=tuple(sorted(names & hidden)),
        points=int(points[0]) if points else 1,
    )


def chapter_syllabus(chapter: str, book: Path | str | None = None) -> Syllabus:
    """Read the instructor's facts of ``chapter`` (one of the ledger's ``CHAPTERS``) from ``book/<chapter>.md``.

    ``book`` is the folder of the chapters (default: this repository's ``book/``).  Raises a
    ``ValueError`` naming the chapter and what is missing when the source lacks a part.
    """
    chapter = check_choice(chapter, "chapter", CHAPTERS)
    folder = BOOK if book is None else Path(book) if isinstance(book, (str, Path)) else None
    if folder is None:
        raise TypeError(f"book must be the folder of the chapters (a str or Path), got {type(book).__name__}.")
    path = folder / f"{chapter}.md"
    if not path.is_file():
        raise ValueError(f"book has no {chapter}.md: pass the folder that holds the chapters, got {str(folder)!r}.")
    text = path.read_text()
    head = next((heading for heading in headings(text) if heading.level == 1 and heading.label), None)
    overview = section_lines(text, "Overview")
    if not head or not overview:
        raise ValueError(f"book/{chapter}.md must start with a '(label)=' line, a '# title' and a '## Overview' section.")
    lines = source_lines(text)
    overview = "".join(lines[overview[0]:overview[1]])
    checks, hidden = _self_checks(chapter)
    exercises = tuple(_exercise(block, lines, chapter, checks, hidden) for block in blocks(text, "exercise") if block.gated)
    return Syllabus(
        chapter=chapter, label=head.label, title=head.title,
        prerequisites=_paragraph(overview, "**Who it is for.**", chapter), objectives=_objectives(overview, chapter),
        time=_paragraph(overview, "**Time:**", chapter), exercises=exercises,
    )


def _grading(exercise: Exercise) -> str:
    """How the autograder treats ``exercise``, in a table cell."""
    if not exercise.autograded:
        return "no: graded by hand"
    calls = ", ".join(f"`{call}`" for call in exercise.checks)
    hidden = f"; hidden tests of {', '.join(f'`{name}`' for name in exercise.hidden)} on other instances" if exercise.hidden else ""
    return f"yes: {calls}{hidden}"


def syllabus_markdown(chapters: tuple[str, ...] | list[str] = CHAPTERS, book: Path | str | None = None) -> str:
    """The Instructors page's per-chapter part, as MyST Markdown: prerequisites, time, objectives, exercises."""
    if isinstance(chapters, str) or not isinstance(chapters, (tuple, list)) or not chapters:
        raise TypeError(f"chapters must be a non-empty list of chapter names from {CHAPTERS}, got {chapters!r}.")
    unknown = [name for name in chapters if name not in CHAPTERS]
    if unknown:
        raise ValueError(f"chapters must be names from {CHAPTERS}; unknown: {unknown!r}.")
    parts = []
    for chapter in chapters:
        course = chapter_syllabus(chapter, book)
        rows = "\n".join(
            f"| {{ref}}`{ex.label}`{': ' + ex.title if ex.title else ''} | {ex.kind} | {_grading(ex)} |" for ex in course.exercises
        )
        objectives = "\n".join(f"- {item}" for item in course.objectives)
        parts.append(
            f"**Chapter {CHAPTERS.index(chapter) + 1}: {{doc}}`{chapter}`**\n\n"
            f"*Prerequisites.* {course.prerequisites}\n\n*Time.* {course.time}\n\n"
            f"*Learning objectives.* The student will learn to\n\n{objectives}\n\n"
            f"| exercise | kind | autograded |\n| --- | --- | --- |\n{rows}\n"
        )
    return "\n".join(parts)
