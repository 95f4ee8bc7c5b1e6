"""The Instructors page's facts come from the chapters' sources, and a source missing one is an error."""
import re
from pathlib import Path

import pytest

from lossland.book.ledger import CHAPTERS
from lossland.book.syllabus import KINDS, chapter_syllabus, syllabus_markdown

BOOK = Path(__file__).resolve().parents[2] / "book"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_facts_are_read_from_the_overview(chapter):
    text = (BOOK / f"{chapter}.md").read_text()
    course = chapter_syllabus(chapter)
    assert f"({course.label})=\n# {course.title}\n" in text
    assert course.time.startswith("about") and "minutes" in course.time
    assert course.prerequisites and "**" not in course.prerequisites
    assert course.objectives and all(objective in " ".join(text.split()) for objective in course.objectives)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_exercise_is_found_with_its_kind_and_self_checks(chapter):
    text = (BOOK / f"{chapter}.md").read_text()
    exercises = chapter_syllabus(chapter).exercises
    assert [exercise.label for exercise in exercises] == re.findall(r"\{exercise-start\}\n:label: (\S+)", text)
    for exercise in exercises:
        assert exercise.kind in KINDS and exercise.block in text
        assert exercise.autograded == bool(exercise.checks)
        assert all(f"`{call}`" in exercise.body and call.startswith("check_") for call in exercise.checks)
        assert set(exercise.hidden) <= {call.partition("(")[0] for call in exercise.checks}


def test_the_books_exercises_are_autograded_and_some_have_hidden_tests():
    exercises = [exercise for chapter in CHAPTERS for exercise in chapter_syllabus(chapter).exercises]
    assert len(exercises) >= 15 and all(exercise.autograded for exercise in exercises if exercise.kind != "derivation")
    assert {exercise.kind for exercise in exercises} == set(KINDS)
    assert sum(bool(exercise.hidden) for exercise in exercises) >= 5


OVERVIEW = """(toy)=
# A toy chapter

## Overview

**Who it is for.** Anyone.

**You will learn to**
- count to
  three;
- stop.

**Time:** about 5 minutes.

```{exercise-start}
:label: ex-toy
:class: dropdown computation
```
*Counting.* Count, and check with `check_region_count(3, bias=False, answer=...)`, or not `check_nothing(1)`.
```{exercise-end}
```
"""


def _book(tmp_path, text: str) -> Path:
    (tmp_path / "decomposition.md").write_text(text)
    return tmp_path


def test_a_written_out_chapter_is_read_as_written(tmp_path):
    course = chapter_syllabus("decomposition", _book(tmp_path, OVERVIEW))
    assert (course.label, course.title, course.prerequisites, course.time) == ("toy", "A toy chapter", "Anyone.", "about 5 minutes.")
    assert course.objectives == ("count to three;", "stop.")
    (exercise,) = course.exercises
    assert (exercise.label, exercise.kind, exercise.title) == ("ex-toy", "computation", "Counting")
    assert exercise.checks == ("check_region_count(3, bias=False, answer=...)",)  # check_nothing is no self-check
    assert exercise.hidden == ()


@pytest.mark.parametrize("broken, message", [
    (OVERVIEW.replace(":class: dropdown computation\n", ""), "give its kind"),
    (OVERVIEW.replace("computation", "concept exploration"), "exactly one"),
    (OVERVIEW.replace(":label: ex-toy\n", ""), "needs a :label:"),
    (OVERVIEW.replace("**Time:** about 5 minutes.", ""), "Time:"),
    (OVERVIEW.replace("**You will learn to**", "You learn"), "You will learn to"),
    (OVERVIEW.replace("## Overview", "## Intro"), "## Overview"),
])
def test_a_chapter_missing_a_fact_is_an_error_naming_it(tmp_path, broken, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        chapter_syllabus("decomposition", _book(tmp_path, broken))


@pytest.mark.slow
def test_the_page_lists_every_chapter_and_exercise():
    page = syllabus_markdown()
    for number, chapter in enumerate(CHAPTERS, start=1):
        assert f"**Chapter {number}: {{doc}}`{chapter}`**" in page
        for exercise in chapter_syllabus(chapter).exercises:
            row = next(line for line in page.splitlines() if line.startswith(f"| {{ref}}`{exercise.label}`"))
            assert f"| {exercise.kind} |" in row and all(f"`{call}`" in row for call in exercise.checks)
            assert ("hidden tests" in row) == bool(exercise.hidden)


def test_bad_arguments_are_rejected_with_their_names():
    with pytest.raises(ValueError, match="chapter"):
        chapter_syllabus("intro")
    with pytest.raises(TypeError, match="book"):
        chapter_syllabus("liu", 3)
    with pytest.raises(ValueError, match="book"):
        chapter_syllabus("liu", "/no/such/folder")
    for bad in ("liu", [], None):
        with pytest.raises(TypeError, match="chapters"):
            syllabus_markdown(bad)
    with pytest.raises(ValueError, match="chapters"):
        syllabus_markdown(["liu", "no-such-chapter"])
