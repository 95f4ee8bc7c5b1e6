"""lossland.book.myst_blocks: the chapters' exercise and solution blocks, found by markdown-it-py.

Before the parser, three line scanners (the student edition's, the coursework's and the
syllabus's regular expression) found these blocks; the parser's blocks were compared with
theirs on every chapter (the same solutions removed, the same solution bodies, the same
exercise blocks and bodies, byte for byte) before they were removed.  The tests here hold
the chapters to what the books' pages need and the parser to the cases a line scan got wrong.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from lossland.book.ledger import CHAPTERS
from lossland.book.myst_blocks import blocks, source_lines, without_blocks
from lossland.book.syllabus import chapter_syllabus

BOOK = Path(__file__).resolve().parents[2] / "book"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_exercise_of_a_chapter_has_one_solution_and_the_student_text_keeps_the_exercises(chapter):
    text = (BOOK / f"{chapter}.md").read_text()
    exercises = [block for block in blocks(text, "exercise") if block.gated]
    solutions = blocks(text, "solution")
    # Each opening line of a block starts the chapter's line of that name (nothing is found twice or missed).
    assert len(exercises) == len(re.findall(r"^```\{exercise-start\}", text, re.M)) > 0
    assert len(solutions) == len(re.findall(r"^```\{solution(-start)?\}", text, re.M))
    labels = [exercise.options["label"] for exercise in exercises]
    assert [solution.argument for solution in solutions] == labels
    assert [exercise.label for exercise in chapter_syllabus(chapter).exercises] == labels
    student, removed = without_blocks(text, "solution")
    assert removed == len(labels) and "{solution" not in student
    lines = source_lines(text)
    for exercise in exercises:
        assert "".join(lines[exercise.start:exercise.end]) in student
    for solution in solutions:
        body = "".join(lines[solution.body_start:solution.body_end])
        assert body.strip() and body not in student


MYST = """\
---
jupytext: {}
---
# A page

````markdown
How to write a solution (an example, not a block):
```{solution} ex-shown
:class: dropdown
Shown, not removed.
```
````

:::{exercise-start}
:label: ex-a
:class: concept
:::
Task A.
:::{exercise-end}
:::

````{solution} ex-a
:class: dropdown

ANSWER-A
```python
print("inside the solution")
```
````

```{solution-start} ex-b
```
ANSWER-B
```{code-cell} ipython3
print("ANSWER-B-CODE")
```
```{solution-end}
```
Text after.
"""


def test_a_directive_inside_a_longer_fence_is_text_and_colon_fences_count():
    [exercise] = blocks(MYST, "exercise")
    assert exercise.gated and exercise.options == {"label": "ex-a", "class": "concept"}
    lines = source_lines(MYST)
    assert "".join(lines[exercise.body_start:exercise.body_end]) == "Task A.\n"
    plain, gated = blocks(MYST, "solution")
    assert (plain.argument, plain.gated, plain.options) == ("ex-a", False, {"class": "dropdown"})
    assert "".join(lines[plain.body_start:plain.body_end]).strip().startswith("ANSWER-A")
    assert "".join(lines[plain.body_start:plain.body_end]).rstrip().endswith("```")  # the code inside, to its end
    assert (gated.argument, gated.gated) == ("ex-b", True)
    assert "".join(lines[gated.body_start:gated.body_end]) == 'ANSWER-B\n```{code-cell} ipython3\nprint("ANSWER-B-CODE")\n```\n'


def test_without_blocks_cuts_whole_blocks_and_keeps_every_other_byte():
    student, removed = without_blocks(MYST, "solution")
    assert removed == 2
    assert "ANSWER" not in student and "Shown, not removed." in student and student.endswith("Text after.\n")
    assert student == MYST[:MYST.index("````{solution} ex-a")] + "\n" + "Text after.\n"


def test_lines_are_counted_as_the_parser_counts_them():
    assert source_lines("a\nb") == ["a\n", "b"] and source_lines("a\n") == ["a\n"] and source_lines("") == []
    assert source_lines("a\u2028b\n") == ["a\u2028b\n"]  # only a newline ends a line, as in markdown-it


def test_a_gated_block_must_be_closed():
    with pytest.raises(ValueError, match="line 1 has no {solution-end}"):
        blocks("```{solution-start} ex-a\n```\nno end\n", "solution")
