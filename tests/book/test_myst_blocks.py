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
from lossland.book.myst_blocks import (VERBATIM, blocks, headings, labels, lists, paragraphs, prose_lines, section_lines,
                                       source_lines, without_blocks)
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


PAGE = """\
---
title: HIDE front matter
---
(sec-top)=
# HIDE top heading

PROSE first paragraph,
PROSE on two lines.

% HIDE a comment
```python
HIDE code
```

````{note}
:class: HIDE an option
PROSE inside a note.
```{math}
:label: eq-inner
HIDE math inside the note
```
(sec-inner)=
## HIDE a heading inside the note
````

$$
HIDE display math
$$

\\begin{align}
HIDE an amsmath environment
\\end{align}

````markdown
```{note}
HIDE an example of a note, not a note
(sec-shown)=
# HIDE not a heading
```
````

```{code-cell} ipython3
:label: not-a-directive-label
HIDE a code cell
```

- PROSE a list item
  ```{admonition} HIDE the title line
  PROSE inside an admonition in a list.
  ```

```{glossary}
PROSE a term unless the glossary is verbatim
  PROSE its definition
```
"""


def test_prose_lines_are_what_the_parser_reads_as_text():
    lines, prose = source_lines(PAGE), prose_lines(PAGE)
    assert len(prose) == len(lines)
    assert [line for line, is_prose in zip(lines, prose) if "PROSE" in line and not is_prose] == []
    assert [line for line, is_prose in zip(lines, prose) if "HIDE" in line and is_prose] == []
    glossary = prose_lines(PAGE, verbatim=(*VERBATIM, "glossary"))
    assert [line for line, is_prose in zip(lines, glossary) if is_prose and "glossary" in line] == []


def test_headings_and_labels_come_from_blocks_not_from_code():
    assert [(h.level, h.title, h.label) for h in headings(PAGE)] == [
        (1, "HIDE top heading", "sec-top"), (2, "HIDE a heading inside the note", "sec-inner")]
    assert labels(PAGE) == {"sec-top", "sec-inner", "eq-inner", "not-a-directive-label"}  # a code cell's options count
    assert headings("(a)=\n\n# Title\n")[0].label == ""  # the target must be on the line above


def test_a_section_ends_at_the_next_heading_of_its_level_or_at_the_first_code_cell():
    text = "# T\n## Overview\nOne.\n\n### Part\nTwo.\n```{code-cell} ipython3\nx\n```\n## Next\n"
    lines = source_lines(text)
    start, end = section_lines(text, "Overview")
    assert "".join(lines[start:end]) == "One.\n\n### Part\nTwo.\n"
    assert section_lines("## Overview\nOne.\n## Next\n", "Overview") == (1, 2)
    assert section_lines("## Overview\nOne.\n", "Overview") == (1, 2)
    assert section_lines("### Overview\nOne.\n", "Overview") is None
    assert section_lines("```\n## Overview\n```\n", "Overview") is None


def test_paragraphs_and_the_option_lines_of_a_block():
    assert paragraphs("One\ntwo.\n\n```\ncode\n```\n\nThree.\n") == [(0, 2), (7, 8)]
    lines = source_lines(MYST)
    [exercise] = blocks(MYST, "exercise")
    assert "".join(lines[exercise.start + 1:exercise.options_end]) == ":label: ex-a\n:class: concept\n"
    plain = blocks(MYST, "solution")[0]
    assert "".join(lines[plain.start + 1:plain.options_end]) == ":class: dropdown\n"


def test_lists_give_their_items_lines_nested_items_inside_their_parent():
    text = "Intro\n- a\n  b\n- c\n\n1. one\n2. two\n\n```\n- not a list\n```\n"
    assert lists(text) == [[(1, 3), (3, 5)], [(5, 6), (6, 8)]]
    assert lists("- a\n  - nested\n- b\n") == [[(0, 2), (2, 3)]]
