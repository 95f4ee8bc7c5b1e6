"""A made-up class of submissions for a chapter, to try the grader on (and for the end-to-end test).

Usage::

    python scripts/sample_class.py _build/assignments DEST [--chapters petzka ...]

For each chapter, from its handed-out notebook and grading spec (``scripts/assignments.py``),
writes ``DEST/<student>/<chapter>.ipynb`` for six students, each from their own version of the
notebook (``scripts/versions.py``), and ``DEST/roster.csv``:

========== ============================================================================================
full       every answer cell holds the model answer
blank      the notebook as handed out
partial    model answers in the first half of the autograded questions, the rest left blank
raising    model answers, but the first question's answer cell raises ZeroDivisionError at its line 1
looping    model answers, but the second question's answer cell never ends (``while True: pass``)
scratch    model answers, then a last cell that reuses every answer name as scratch (``= None``)
========== ============================================================================================

:func:`expected` gives each student's autograded points, computed from the spec alone.
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from assignments import with_model_answers  # noqa: E402
from versions import personal_notebook, personal_spec  # noqa: E402

from lossland.book.ledger import CHAPTERS  # noqa: E402

STUDENTS = ("full", "blank", "partial", "raising", "looping", "scratch")


def _autograded(spec: dict) -> list[str]:
    return [name for name, question in spec["questions"].items() if not question["manual"]]


def _answer_cell(nb: nbformat.NotebookNode, question: str) -> nbformat.NotebookNode:
    return next(cell for cell in nb.cells if cell.metadata.get("lossland", {}) == {"question": question, "role": "answer"})


def _identify(nb: nbformat.NotebookNode, student_id: str) -> None:
    cell = next(cell for cell in nb.cells if cell.metadata.get("lossland", {}).get("role") == "student-id")
    cell.source = f'STUDENT_ID = "{student_id}"'


def submission(student: str, handed_out: nbformat.NotebookNode, spec: dict, student_id: str) -> nbformat.NotebookNode:
    """The notebook ``student`` (one of :data:`STUDENTS`) hands in."""
    questions = _autograded(spec)
    if student == "blank":
        nb = copy.deepcopy(handed_out)
    elif student == "partial":
        nb = with_model_answers(handed_out, spec)
        for name in questions[len(questions) // 2:]:
            _answer_cell(nb, name).source = _answer_cell(handed_out, name).source
    else:
        nb = with_model_answers(handed_out, spec)
    if student == "raising":
        cell = _answer_cell(nb, questions[0])
        cell.source = "scale = 1 / 0\n" + cell.source
    elif student == "looping":
        cell = _answer_cell(nb, questions[1 % len(questions)])
        cell.source = "while True:\n    pass\n" + cell.source
    elif student == "scratch":
        names = sorted({name for q in questions for name in spec["questions"][q]["answers"]})
        nb.cells.append(nbformat.v4.new_code_cell("\n".join(f"{name} = None  # scratch work" for name in names)))
    _identify(nb, student_id)
    return nb


def expected(student: str, spec: dict) -> float:
    """The autograded points ``student`` should get: the points of the questions answered right."""
    questions = _autograded(spec)
    right = {"full": questions, "blank": [], "partial": questions[: len(questions) // 2], "raising": questions[1:],
             "looping": [q for i, q in enumerate(questions) if i != 1 % len(questions)], "scratch": questions}[student]
    return sum(spec["questions"][name]["points"] for name in right)


def write_class(kit: Path, dest: Path, chapters: list[str]) -> dict[str, dict[str, float]]:
    """Write the class under ``dest`` (and its roster); returns the expected points by chapter and student."""
    points: dict[str, dict[str, float]] = {}
    for chapter in chapters:
        handed_out = nbformat.read(kit / chapter / "student" / f"{chapter}.ipynb", as_version=4)
        spec = json.loads((kit / chapter / "autograder" / f"{chapter}-grading.json").read_text())
        points[chapter] = {}
        for number, student in enumerate(STUDENTS, start=1):  # each student's own version (scripts/versions.py)
            (dest / student).mkdir(parents=True, exist_ok=True)
            own, key = personal_notebook(handed_out, spec, f"s{number:03d}"), personal_spec(spec, f"s{number:03d}")
            nbformat.write(submission(student, own, key, f"s{number:03d}"), dest / student / f"{chapter}.ipynb")
            points[chapter][student] = expected(student, spec)
    roster = ["id,name,email"] + [f"s{n:03d},{student.title()} Student,{student}@example.edu" for n, student in enumerate(STUDENTS, 1)]
    (dest / "roster.csv").write_text("\n".join(roster) + "\n")
    return points


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kit", type=Path, help="the output of scripts/assignments.py")
    parser.add_argument("dest", type=Path, help="folder for the class's notebooks (must not exist)")
    parser.add_argument("--chapters", nargs="+", choices=CHAPTERS, default=list(CHAPTERS))
    args = parser.parse_args(argv)
    if args.dest.exists():
        parser.error(f"{args.dest} exists: pick a new folder (nothing is overwritten)")
    print(json.dumps(write_class(args.kit, args.dest, args.chapters), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
