"""The coursework kit: every chapter converted to otter notebooks and autograders, one graded end to end.

The conversion tests run ``scripts/assignments.py --convert-only`` on all five chapters (no
chapter is executed).  Grading, the gradebook and the end-to-end class are tested in
``tests/test_coursework.py``.
"""
from __future__ import annotations

import ast
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

# scripts/ is on the path: pyproject's [tool.pytest.ini_options] pythonpath
import assignments
import student_edition
from versions import VARIANTS

ROOT = Path(__file__).resolve().parents[1]


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
@pytest.mark.slow
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
    spec = json.loads((kit / chapter / "autograder" / f"{chapter}-grading.json").read_text())["questions"]
    with zipfile.ZipFile(kit / chapter / "autograder" / f"{chapter}-autograder.zip") as zipped:
        tests = {Path(name).stem: zipped.read(name).decode() for name in zipped.namelist() if name.startswith("tests/")}
        assert any(name.startswith("files/lossland-") for name in zipped.namelist())
    for exercise in exercises:
        names = [name for name in questions[exercise.label] if not spec[name]["manual"]]
        assert len(names) == len(exercise.checks)
        for name, call in zip(names, exercise.checks):
            function = call.partition("(")[0]
            called = f"feedback = version_call({function}, {chapter!r}, env, " if (chapter, function) in VARIANTS else f"feedback = {function}("
            assert called in tests[name] and "assert feedback.ok, feedback.message" in tests[name]  # a version's: see test_versions.py
            assert ("hidden=True" in tests[name]) == (function in exercise.hidden)
    checks = {call.replace("...", "answer") for exercise in exercises for call in exercise.checks}
    for nb in (student, instructor):  # the self-check cells are the exercises' own calls
        cells = {ast.unparse(ast.parse(cell.source)) for cell in nb.cells if cell.cell_type == "code" and cell.source.startswith("check_")}
        assert {ast.unparse(ast.parse(call)) for call in checks} <= cells


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answer_cells_leave_the_answers_to_the_student(kit, chapter):
    student = _notebook(kit, chapter, "student")
    answers = [cell.source for cell in student.cells if cell.cell_type == "code" and "otter_answer_cell" in cell.metadata.get("tags", [])]
    tagged = [cell for cell in student.cells if cell.metadata.get("lossland", {}).get("role") == "answer"]
    assert len(tagged) == sum(len(exercise.checks) for exercise in chapter_syllabus(chapter).exercises)
    for source in answers:
        assert all(line.endswith("...") or re.fullmatch(r"def \w+\(.*\):", line) for line in source.splitlines()), source


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_student_notebooks_need_no_sphinx(kit, chapter):
    """No MyST that jupyterlab-myst cannot resolve inside one notebook: citations, other pages, gated exercises."""
    markdown = "\n".join(cell.source for cell in _notebook(kit, chapter, "student").cells if cell.cell_type == "markdown")
    assert not re.search(r"\{(cite|cite:t|doc|numref|term)\}`|\{exercise-(start|end)\}|\{solution", markdown)
    labels = set(re.findall(r"^\(([\w-]+)\)=", markdown, re.MULTILINE)) | set(re.findall(r"^:label: (\S+)", markdown, re.MULTILINE))
    assert set(re.findall(r"\{ref\}`(?:[^`<]*<)?([^`<>]+)>?`", markdown)) <= labels  # `text <label>` or `label`
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
    cells, names, spec = assignments.question_cells(exercise, solution, "petzka", assignments.LabMarkdown("petzka", []))
    assert names == ["ex_free"] and "manual: true" in cells[0].source and spec["ex_free"]["points"] == 1
    sources = [cell.source for cell in cells]
    assert not any("BEGIN TESTS" in source for source in sources)
    solved = sources.index("# BEGIN SOLUTION")  # the model answer and its code are solutions, hidden from students
    assert "Because it is so." in sources[solved + 1] and "x = 1 + 1" in "".join(sources[solved + 2:])


@pytest.mark.slow
def test_model_answers_short_of_full_marks_fail_the_build(tmp_path, monkeypatch):
    def short(nb, spec):  # a run in which every autograded question but the first failed
        questions = [assignments.grading.QuestionResult(name, q["exercise"], q["points"], q["manual"], score=q["points"] * (i == 0))
                     for i, (name, q) in enumerate(spec["questions"].items())]
        return assignments.grading.Graded(questions)

    monkeypatch.setattr(assignments, "grade", short)
    with pytest.raises(SystemExit, match="model answers scores"):
        assignments.main([str(tmp_path), "--chapters", "petzka"])
    assert not (tmp_path / "petzka").exists()


def test_glued_values_are_written_as_the_book_formats_them():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("from {glue:text}`share:.0%` to {glue:text}`n` ({glue:md}`list`)")])
    values = {"share": {"text/plain": "0.176"}, "n": {"text/plain": "12"}, "list": {"text/markdown": "1, 2", "text/plain": "<Markdown>"}}
    assignments.fill_glue(nb, values, "here")
    assert nb.cells[0].source == "from 18% to 12 (1, 2)"
    with pytest.raises(ValueError, match="missing"):
        assignments.fill_glue(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("{glue:text}`missing`")]), {}, "here")


@pytest.mark.slow
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


# ---------------------------------------------------------------- secrecy and hand grading

PROBES = (None, "text", 0.0, -1.0, 7.123, [0.5, 0.5], lambda *a, **k: True, lambda *a, **k: False, lambda *a, **k: 1 / 0)


def _secret_values(question: dict, exercise_text: str) -> list[str]:
    """What a feedback on a wrong answer must not show: the model answer's lines, and its numbers the exercise does not state."""
    secrets = []
    for line in question["solution"].splitlines():
        if len(line.strip()) > 8 and line.strip() not in exercise_text:
            secrets.append(line.strip())
        target, _, expression = line.partition(" = ")
        try:
            value = float(eval(expression, {"__builtins__": {}}))  # the solution's literal arithmetic, e.g. 0.25 * 3.0
        except Exception:
            continue
        text = f"{value:g}"
        if len(text.replace("-", "").replace(".", "")) >= 3 and text not in exercise_text:
            secrets.append(text)
    return secrets


@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.slow
def test_no_self_check_feedback_shows_a_model_answer(kit, chapter):
    """Every self-check, on wrong answers of every kind, says what is wrong without giving the model answer.

    The wrong answers: generic probes (None, a word, numbers, rules that say yes, no or raise) in
    every answer name, and the model answer with one of its names wrong (where a check would be
    tempted to name the missing part).
    """
    module = importlib.import_module(f"lossland.{chapter}.selfcheck")
    spec = json.loads((kit / chapter / "autograder" / f"{chapter}-grading.json").read_text())["questions"]
    texts = {exercise.label: exercise.body for exercise in chapter_syllabus(chapter).exercises}
    leaks = []
    for name, question in spec.items():
        if question["manual"]:
            continue
        model = {}
        try:
            exec(question["solution"], vars(module).copy(), model)
        except Exception:  # the solution needs the chapter's earlier cells: generic probes only
            model = {}
        tries = [{answer: probe for answer in question["answers"]} for probe in PROBES]
        if all(answer in model for answer in question["answers"]):
            tries += [{**{a: model[a] for a in question["answers"]}, wrong: probe}
                      for wrong in question["answers"] for probe in (None, 7.123)]
        secrets = _secret_values(question, texts[question["exercise"]])
        for answers in tries:
            try:
                feedback = eval(question["check"], vars(module).copy(), answers)
            except Exception:
                continue  # a check that raises is the bad-input tests' business
            given = repr(list(answers.values()))  # feedback may echo the student's own answer
            if not feedback.ok:
                leaks += [(name, secret, feedback.message) for secret in secrets if secret in feedback.message and secret not in given]
    assert not leaks, leaks[:3]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_rubrics_make_hand_graded_questions_shown_to_the_instructor_only(kit, chapter):
    """A solution's rubric gives a manual question its points; the rubric is in the instructor notebook, not the student's."""
    text = (ROOT / "book" / f"{chapter}.md").read_text()
    solutions = assignments.solution_blocks(text)
    spec = json.loads((kit / chapter / "autograder" / f"{chapter}-grading.json").read_text())["questions"]
    student = json.dumps(nbformat.reader.reads((kit / chapter / "student" / f"{chapter}.ipynb").read_text()))
    instructor = "\n".join(cell.source for cell in _notebook(kit, chapter, "instructor").cells)
    for exercise in chapter_syllabus(chapter).exercises:
        rubric = assignments._rubric(solutions.get(exercise.label, ""))
        manual = [q for q in spec.values() if q["exercise"] == exercise.label and q["manual"]]
        if rubric is None:
            assert len(manual) == (0 if exercise.autograded else 1)
            continue
        (question,) = manual
        assert question["points"] == rubric[0]
        for line in rubric[1].splitlines():
            if len(line.strip()) > 20:
                assert line.strip() in instructor and json.dumps(line.strip())[1:-1] not in student, line
        auto = [q for q in spec.values() if q["exercise"] == exercise.label and not q["manual"]]
        assert sum(q["points"] for q in auto) == pytest.approx(exercise.points if auto else 0)


def test_points_and_rubric_points_come_from_the_chapter_source():
    from lossland.book.syllabus import Exercise

    block = "```{exercise-start}\n:label: ex-two\n:class: derivation points-4\n```\n*Two.* `check_split((u1, u2, v1, v2))`\n```{exercise-end}\n```"
    exercise = Exercise("ex-two", "derivation", "Two", "*Two.* `check_split((u1, u2, v1, v2))`", block,
                        checks=("check_split((u1, u2, v1, v2))",), hidden=(), points=4)
    solution = ("Share the outgoing weight.\n\n```{admonition} Rubric (3 points)\n:class: rubric\n- **3 points**: it is shared.\n```\n"
                "```{code-cell} ipython3\ncheck_split((2.0, 2.0, 0.75, 2.25))\n```\n")
    cells, names, spec = assignments.question_cells(exercise, solution, "petzka", assignments.LabMarkdown("petzka", []))
    assert names == ["ex_two_written", "ex_two_1"]
    assert spec["ex_two_written"] == {"exercise": "ex-two", "points": 3, "manual": True, "rubric": "- **3 points**: it is shared."}
    assert spec["ex_two_1"]["points"] == 4 and not spec["ex_two_1"]["manual"]
    assert "points: 3\ncheck_cell: false\nmanual: true" in cells[0].source


def test_a_rule_wrong_at_the_boundary_the_exercise_names_gets_no_credit(kit):
    """The kink exercise is about w2 = 0: ``w2 >= 0`` fails its public test and its hidden test alike (no half credit)."""
    spec = json.loads((kit / "decomposition" / "autograder" / "decomposition-grading.json").read_text())["questions"]
    (question,) = [q for q in spec.values() if (q.get("check") or "").startswith("check_kink_minima")]
    assert [test["hidden"] for test in question["tests"]] == [False, True]
    for rule, passes in ((lambda w2: w2 >= 0, False), (lambda w2: w2 > 0, True)):
        for test in question["tests"]:
            namespace = {}
            exec(test["source"], namespace)
            try:
                namespace[test["function"]](rule)
            except AssertionError:
                assert not passes
            else:
                assert passes
