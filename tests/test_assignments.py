"""The coursework kit: every chapter converted to otter notebooks and autograders, one graded end to end.

The conversion tests run ``scripts/assignments.py --convert-only`` on all five chapters (no
chapter is executed).  The end-to-end test (marker ``coursework``) builds Chapter 4's kit, which
grades the instructor notebook (full marks or the build fails), then grades an untouched
student notebook, a notebook with one wrong answer, a notebook that hangs and a notebook of
no chapter with ``scripts/grade.py``.
"""
from __future__ import annotations

import ast
import csv
import importlib.util
import json
import re
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest

from lossland.book.ledger import CHAPTERS
from lossland.book.syllabus import chapter_syllabus

ROOT = Path(__file__).resolve().parents[1]


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


assignments = _load_script("assignments")
grade = _load_script("grade")
student_edition = _load_script("student_edition")


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """All five chapters converted (student and instructor notebooks, autograders), without running them."""
    dest = tmp_path_factory.mktemp("assignments")
    assert assignments.main([str(dest), "--convert-only"]) == 0
    return dest


def _notebook(kit: Path, chapter: str, part: str) -> nbformat.NotebookNode:
    return nbformat.read(kit / chapter / part / f"{chapter}.ipynb", as_version=4)


def _solution_lines(chapter: str) -> list[str]:
    """Lines of the chapter's solutions that the rest of the chapter does not also contain."""
    text = (ROOT / "book" / f"{chapter}.md").read_text()
    visible, removed = student_edition.strip_solutions(text)
    assert removed == len(chapter_syllabus(chapter).exercises)
    solution = set(text.splitlines()) - set(visible.splitlines())
    return [line.strip() for line in solution if len(line.strip()) > 12 and line.strip() not in visible
            and not line.lstrip().startswith(("```", ":class:"))]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_solution_text_in_any_student_notebook(kit, chapter):
    handed_out = json.dumps(nbformat.reader.reads((kit / chapter / "student" / f"{chapter}.ipynb").read_text()))
    exercises = chapter_syllabus(chapter).exercises
    calls = {call.replace("...", "answer") for exercise in exercises for call in exercise.checks}
    asked = " ".join(exercise.body for exercise in exercises)  # a prompt "def f(x):" shows the signature the exercise asks for
    leaked = [line for line in _solution_lines(chapter) if json.dumps(line)[1:-1] in handed_out and line not in calls
              and not (line.startswith("def ") and line[4:].rstrip(":") in asked)]
    assert not leaked, f"solution text in the student notebook of {chapter}: {leaked[:3]}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_instructor_notebook_holds_the_solutions(kit, chapter):
    """The counterpart of the test above: the solution lines are found where they belong (so that test can fail)."""
    instructor = "\n".join(cell.source for cell in _notebook(kit, chapter, "instructor").cells)
    lines = [line for line in _solution_lines(chapter) if "{" not in line and "check_" not in line]  # no roles, no self-check calls
    assert lines and all(line in instructor for line in lines)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_self_check_is_a_question_with_tests(kit, chapter):
    student, instructor = _notebook(kit, chapter, "student"), _notebook(kit, chapter, "instructor")
    exercises = chapter_syllabus(chapter).exercises
    questions = dict(student.metadata["lossland"]["exercises"])
    assert list(questions) == [exercise.label for exercise in exercises]
    with zipfile.ZipFile(kit / chapter / "autograder" / f"{chapter}-autograder.zip") as zipped:
        tests = {Path(name).stem: zipped.read(name).decode() for name in zipped.namelist() if name.startswith("tests/")}
        assert any(name.startswith("files/lossland-") for name in zipped.namelist())
    for exercise in exercises:
        names = questions[exercise.label]
        assert len(names) == len(exercise.checks)
        for name, call in zip(names, exercise.checks):
            function = call.partition("(")[0]
            assert f"feedback = {function}(" in tests[name] and "assert feedback.ok, feedback.message" in tests[name]
            assert ("hidden=True" in tests[name]) == (function in exercise.hidden)
    checks = {call.replace("...", "answer") for exercise in exercises for call in exercise.checks}
    for nb in (student, instructor):  # the self-check cells are the exercises' own calls
        cells = {ast.unparse(ast.parse(cell.source)) for cell in nb.cells if cell.cell_type == "code" and cell.source.startswith("check_")}
        assert {ast.unparse(ast.parse(call)) for call in checks} <= cells


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answer_cells_leave_the_answers_to_the_student(kit, chapter):
    student = _notebook(kit, chapter, "student")
    answers = [cell.source for cell in student.cells if cell.cell_type == "code" and "otter_answer_cell" in cell.metadata.get("tags", [])]
    assert len(answers) == sum(len(exercise.checks) for exercise in chapter_syllabus(chapter).exercises)
    for source in answers:
        assert all(line.endswith("...") or re.fullmatch(r"def \w+\(.*\):", line) for line in source.splitlines()), source


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_student_notebooks_need_no_sphinx(kit, chapter):
    """No MyST that jupyterlab-myst cannot resolve inside one notebook: citations, other pages, gated exercises."""
    markdown = "\n".join(cell.source for cell in _notebook(kit, chapter, "student").cells if cell.cell_type == "markdown")
    assert not re.search(r"\{(cite|cite:t|doc|numref)\}`|\{exercise-(start|end)\}|\{solution", markdown)
    labels = set(re.findall(r"^\(([\w-]+)\)=", markdown, re.MULTILINE)) | set(re.findall(r"^:label: (\S+)", markdown, re.MULTILINE))
    assert set(re.findall(r"\{ref\}`([^`]+)`", markdown)) <= labels
    assert set(re.findall(r"\]\(#([\w-]+)\)", markdown)) <= labels  # figure numbers link to the captions


def test_a_solution_that_does_not_match_its_exercise_is_an_error():
    given = ast.parse("check_loss_factor(12, 2 / 10)", mode="eval").body
    with pytest.raises(ValueError, match="12"):
        assignments.Question("check_loss_factor(10, answer)", given, "liu", {"check_loss_factor"}, "here")
    question = assignments.Question("check_split((u1, u2, v1, v2))", ast.parse("check_split((2.0, 2.0, 0.75, 2.25))", mode="eval").body,
                                    "petzka", {"check_split"}, "here")
    assert question.values == {"u1": "2.0", "u2": "2.0", "v1": "0.75", "v2": "2.25"}


def test_an_exercise_without_a_self_check_is_graded_by_hand():
    from lossland.book.syllabus import Exercise

    block = "```{exercise-start}\n:label: ex-free\n:class: concept\n```\n*Free.* Explain why.\n```{exercise-end}\n```"
    exercise = Exercise("ex-free", "concept", "Free", "*Free.* Explain why.", block, checks=(), hidden=())
    solution = "Because it is so.\n```{code-cell} ipython3\nx = 1 + 1\n```\n"
    cells, names = assignments.question_cells(exercise, solution, "petzka", assignments.LabMarkdown("petzka", []))
    assert names == ["ex_free"] and "manual: true" in cells[0].source
    sources = [cell.source for cell in cells]
    assert not any("BEGIN TESTS" in source for source in sources)
    solved = sources.index("# BEGIN SOLUTION")  # the model answer and its code are solutions, hidden from students
    assert "Because it is so." in sources[solved + 1] and "x = 1 + 1" in "".join(sources[solved + 2:])


def test_an_instructor_notebook_short_of_full_marks_fails_the_build(tmp_path, monkeypatch):
    class Short:  # otter's results of a run in which one question failed
        catastrophic_error, total, possible, results = None, 2.0, 3.0, {}

    monkeypatch.setattr(assignments, "grade", lambda notebook, autograder: Short())
    with pytest.raises(SystemExit, match="scores 2 of 3"):
        assignments.main([str(tmp_path), "--chapters", "petzka"])
    assert not (tmp_path / "petzka").exists()


def test_glued_values_are_written_as_the_book_formats_them():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("from {glue:text}`share:.0%` to {glue:text}`n` ({glue:md}`list`)")])
    values = {"share": {"text/plain": "0.176"}, "n": {"text/plain": "12"}, "list": {"text/markdown": "1, 2", "text/plain": "<Markdown>"}}
    assignments.fill_glue(nb, values, "here")
    assert nb.cells[0].source == "from 18% to 12 (1, 2)"
    with pytest.raises(ValueError, match="missing"):
        assignments.fill_glue(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("{glue:text}`missing`")]), {}, "here")


def test_hidden_tests_fail_a_rule_fitted_to_the_public_cases():
    """Each hidden instance catches an answer right only where the public check looks."""
    from lossland.decomposition import selfcheck as d
    from lossland.expneuron import selfcheck as e
    from lossland.liu import selfcheck as lq
    from lossland.petzka import selfcheck as p

    best_a = lambda f, y, b, lam: (y - f) * np.exp(b) / (np.exp(2 * b) + lam)
    public_points = {(2.0, 1.0, 0.0, 1.0), (0.0, 1.0, 2.0, 0.5), (3.0, -1.0, -1.0, 2.0), (-2.0, 0.5, 1.0, 0.1)}
    fitted = {  # right at every public case (a lookup table), wrong elsewhere
        (d, "check_kink_minima"): lambda w2: w2 in (1e-3, 0.4, 2.0),
        (lq, "check_r4_rule"): lambda y2: y2 in (0.2, 1.0, 2.0),
        (p, "check_toy_minimum"): lambda y: y in (-0.5, 0.0, 0.9),
        (p, "check_lambda_rule"): lambda lam: lam in (0.1, 0.5, 0.9),
        (e, "check_best_a"): lambda f, y, b, lam: best_a(f, y, b, lam) if (f, y, b, lam) in public_points else 0.0,
        (d, "check_kernel_form"): lambda X, y, pattern: _projection(X, y, pattern) if len(X) == 3 else y,
    }
    for (module, name), answer in fitted.items():
        check = getattr(module, name)
        assert check(answer), name
        assert not check(answer, **module.HIDDEN_TESTS[name]), name


def _projection(X, y, pattern):
    A = np.asarray(pattern, dtype=float)
    G = (X @ X.T) * (A @ A.T)
    return G @ np.linalg.pinv(G) @ y


@pytest.mark.coursework
def test_a_chapter_end_to_end(tmp_path):
    dest, submissions = tmp_path / "assignments", tmp_path / "submissions"
    assert assignments.main([str(dest), "--chapters", "petzka"]) == 0  # fails unless the instructor notebook scores full marks
    student = (dest / "petzka" / "student" / "petzka.ipynb")
    (submissions / "alice").mkdir(parents=True)
    (submissions / "untouched.ipynb").write_text(student.read_text())
    wrong = _notebook(dest, "petzka", "instructor")
    (cell,) = [cell for cell in wrong.cells if cell.source.startswith("is_minimum = lambda y:")]
    cell.source = "is_minimum = lambda y: abs(y) <= 1"  # wrong at y = +-1, a public case; right at every hidden one
    nbformat.write(wrong, submissions / "alice" / "petzka-alice.ipynb")
    assert grade.main([str(submissions), "--assignments", str(dest), "--timeout", "300"]) == 0
    with open(submissions / "grades.csv", newline="") as handle:
        rows = {Path(row["notebook"]).name: row for row in csv.DictReader(handle)}
    labels = [exercise.label for exercise in chapter_syllabus("petzka").exercises]
    assert list(next(iter(rows.values())))[2:2 + len(labels)] == labels
    untouched, alice = rows["untouched.ipynb"], rows["petzka-alice.ipynb"]
    assert untouched["status"] == "graded" and float(untouched["possible"]) == len(labels)
    assert [float(untouched[label]) for label in labels] == [0.0] * len(labels) and float(untouched["total"]) == 0
    assert float(alice["ex-pz-toy"]) == 0.5 and float(alice["total"]) == len(labels) - 0.5  # the hidden test passes
    feedback = (submissions / "feedback" / "alice__petzka-alice.txt").read_text()
    assert "Wrong at y = -1" in feedback  # the self-check's message, naming what is wrong


@pytest.mark.coursework
def test_grading_never_hangs_and_names_what_it_could_not_grade(tmp_path):
    dest, submissions = tmp_path / "assignments", tmp_path / "submissions"
    assert assignments.main([str(dest), "--chapters", "petzka", "--convert-only"]) == 0
    hang = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import time\ntime.sleep(600)")],
                                    metadata={"lossland": {"chapter": "petzka"}})
    submissions.mkdir()
    nbformat.write(hang, submissions / "hangs.ipynb")
    nbformat.write(nbformat.v4.new_notebook(), submissions / "notes.ipynb")
    assert grade.main([str(submissions), "--assignments", str(dest), "--timeout", "5"]) == 0
    with open(submissions / "grades.csv", newline="") as handle:
        rows = {Path(row["notebook"]).name: row for row in csv.DictReader(handle)}
    assert set(rows) == {"hangs.ipynb", "notes.ipynb"}
    assert rows["hangs.ipynb"]["status"] == "timed out after 5 s" and rows["hangs.ipynb"]["total"] == ""
    assert rows["notes.ipynb"]["status"].startswith("no chapter")
