"""Grading a class: the engine (per question, per-cell time limit), the gradebook, and a whole class end to end.

The engine tests grade small made-up notebooks (one kernel each, seconds).  The end-to-end test
(marker ``coursework``) builds a chapter's kit, writes a class of six submissions with
``scripts/sample_class.py`` (full, blank, partial, raising, looping, scratch), grades them in
parallel and checks every score against what the chapter's grading spec predicts, that no
feedback holds a model answer, the hand-grading PDFs, the Canvas/Moodle tables, hand grades
merged on a regrade of one notebook, and that nothing a student or the instructor wrote is
replaced.  Its chapters are ``LOSSLAND_COURSEWORK_CHAPTERS`` (default ``petzka``, the quickest:
a chapter's notebook takes 20-60 s to run), or ``all``.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

from lossland.book.answers import Feedback, limit_attempts
from lossland.book.ledger import CHAPTERS

# scripts/ is on the path: pyproject's [tool.pytest.ini_options] pythonpath
import assignments
import grade
import gradebook
import grading
import outputs
import sample_class
import student_package
import versions

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- the engine, on made-up notebooks

def _question(exercise: str, check: str, answers: list[str], test: str, points: float = 1.0) -> dict:
    function = test.split("(")[0].removeprefix("def ")
    return {"exercise": exercise, "points": points, "manual": False, "check": check, "answers": answers, "solution": "",
            "tests": [{"function": function, "args": answers, "hidden": False, "source": test}]}


def _equals(name: str, value: int) -> str:
    return f"def test_{name}({name}):\n    assert {name} == {value}, 'Not yet: {name} is not right.'"


SPEC = {"chapter": "made-up", "questions": {
    "raises": _question("ex-a", "check(a)", ["a"], _equals("a", 1)),
    "loops": _question("ex-b", "check(b)", ["b"], _equals("b", 2)),
    "scratch": _question("ex-c", "check(c)", ["c"], _equals("c", 3)),
    "below": _question("ex-d", "check(d)", ["d"], _equals("d", 4)),
    "grader": _question("ex-e", "check(e)", ["e"], "def test_e(e):\n    from lossland.nowhere import nothing"),
    "proof": {"exercise": "ex-f", "points": 3, "manual": True, "rubric": "- 3 points: all of it"},
}}


def _answer(source: str, question: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["lossland"] = {"question": question, "role": "answer"}
    return cell


@pytest.mark.slow
def test_each_question_is_graded_on_its_own(tmp_path):
    code = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[
        code("def check(x):\n    return x"),
        _answer("a = 1\nb = 1 / 0", "raises"), code("check(a)"),  # raises at line 2, after defining a: still right
        _answer("b = 2\nwhile True:\n    pass", "loops"), code("check(b)"),  # stopped: b was set before the loop
        _answer("c = 3", "scratch"), code("check(c)"),
        code("check(d)"), _answer("d = 4", "below"),  # answered below the check cell: the final state counts
        _answer("e = 5", "grader"), code("check(e)"),
        code("a = b = c = None  # scratch work reuses the names"),
    ])
    graded = grading.grade_notebook(nb, SPEC, limit=3)
    scores = {q.name: q.score for q in graded.questions}
    assert scores == {"raises": 1, "loops": 1, "scratch": 1, "below": 1, "grader": 0, "proof": 0}
    assert "grader error in grader" in graded.status and "nowhere" in graded.status
    (grader,) = [q for q in graded.questions if q.name == "grader"]
    assert grader.messages == [grading.GRADER_ERROR] and "nowhere" not in " ".join(grader.messages)


@pytest.mark.slow
def test_an_answer_cell_that_raises_or_hangs_is_named(tmp_path):
    code = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[
        code("def check(x):\n    return x"),
        _answer("x = 0\na = undefined_name", "raises"), code("check(a)"),
        _answer("while True:\n    pass", "loops"), code("check(b)"),
        _answer("c = 3", "scratch"), code("check(c)"),
    ])
    graded = {q.name: q for q in grading.grade_notebook(nb, SPEC, limit=3).questions}
    assert graded["raises"].messages == ["Your answer cell raised NameError: name 'undefined_name' is not defined, at line 2; fix that first."]
    assert graded["loops"].messages == ["Your answer cell did not finish within 3 s and was stopped; fix that first."]
    assert graded["scratch"].score == 1 and graded["below"].score == 0  # the notebook goes on after the loop
    assert graded["below"].messages == ["Your answer cell must define d: it is not defined."]


_OTTER_TEST = """from otter.test_files import test_case

OK_FORMAT = False

name = "{name}"
points = 1

@test_case(points=None, hidden=False)
def test_{name}({name}):
    assert {name} == {value}, "not right"
"""


@pytest.mark.coursework
def test_otters_route_keeps_the_other_answers_when_one_cell_loops(tmp_path):
    """The Gradescope route: otter runs the notebook without a per-cell limit; the handed-out notebook's guard cell adds one."""
    from otter.execute import grade_notebook

    for name, value in (("a", 1), ("b", 2)):
        (tmp_path / f"{name}.py").write_text(_OTTER_TEST.format(name=name, value=value))
    code = nbformat.v4.new_code_cell
    loop = "while True:\n    try:\n        pass\n    except Exception:  # a loop that swallows errors\n        pass"
    nb = nbformat.v4.new_notebook(cells=[code(assignments.OTTER_GUARD.format(limit=2)), code("a = 1"), code(loop), code("b = 2")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "submission.ipynb")
    results = grade_notebook(str(tmp_path / "submission.ipynb"), tests_glob=[str(tmp_path / "a.py"), str(tmp_path / "b.py")],
                             test_dir=str(tmp_path), cwd=str(tmp_path))
    assert {name: result.score for name, result in results.results.items()} == {"a": 1.0, "b": 1.0}
    guard = assignments.master_notebook("petzka")[0].cells[4]  # in every handed-out notebook, before the chapter's cells
    assert guard.metadata["lossland"]["role"] == "otter-guard"
    assert guard.source == assignments.OTTER_GUARD.format(limit=assignments.OTTER_CELL_LIMIT)


# ---------------------------------------------------------------- never replace what a person wrote

def test_generated_files_never_replace_what_a_person_wrote(tmp_path):
    out = outputs.Outputs(tmp_path)
    out.write(tmp_path / "grades.csv", "a,b\n")
    out.write(tmp_path / "grades.csv", "a,b\n1,2\n")  # still as written: may be replaced
    (tmp_path / "grades.csv").write_text("a,b\n1,3\n")  # the instructor corrects a grade
    (tmp_path / "alice.ipynb").write_text("{}")  # a submission
    for path in ("grades.csv", "alice.ipynb"):
        with pytest.raises(outputs.Refused, match=path):
            outputs.Outputs(tmp_path).write(tmp_path / path, "new")
    assert (tmp_path / "grades.csv").read_text() == "a,b\n1,3\n" and (tmp_path / "alice.ipynb").read_text() == "{}"


# ---------------------------------------------------------------- the gradebook

ROWS = [{"student_id": "s1", "name": "Ada L", "email": "ada@example.edu", "canvas_id": "101", "sis_login_id": "ada",
         "section": "A", "total": 5.5, "status": "graded"},
        {"student_id": "s2", "name": "Bo, Jr", "email": "bo@example.edu", "total": "", "status": "missing: no submission"}]


def test_canvas_table_follows_the_gradebook_import_layout():
    rows = list(csv.reader(io.StringIO(gradebook.canvas_csv(ROWS, "lossland Chapter 4", 16))))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "lossland Chapter 4"]
    assert rows[1] == ["Points Possible", "", "", "", "", "16"]
    assert rows[2] == ["Ada L", "101", "s1", "ada", "A", "5.5"] and rows[3][0] == "Bo, Jr" and rows[3][5] == ""


def test_moodle_table_has_an_identity_column_and_a_grade_with_its_feedback():
    rows = list(csv.DictReader(io.StringIO(gradebook.moodle_csv(ROWS, "lossland Chapter 4"))))
    assert list(rows[0]) == ["ID number", "Email address", "Full name", "lossland Chapter 4", "lossland Chapter 4 feedback"]
    assert rows[0]["ID number"] == "s1" and rows[0]["lossland Chapter 4"] == "5.5" and rows[1]["lossland Chapter 4"] == ""


def test_roster_and_hand_grades_are_checked(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\ns1,Ada\ns1,Bo\n")
    with pytest.raises(ValueError, match="s1.*twice"):
        gradebook.read_roster(roster)
    roster.write_text("student,name\ns1,Ada\n")
    with pytest.raises(ValueError, match="id and name"):
        gradebook.read_roster(roster)
    hand = tmp_path / "hand.csv"
    hand.write_text(gradebook.hand_template([{"notebook": "a.ipynb", "student_id": "s1"}], {"ex_p": 3}))
    assert gradebook.read_hand_grades(hand, {"ex_p": 3}) == {}
    hand.write_text(hand.read_text().replace("s1,", "s1,4"))
    with pytest.raises(ValueError, match=r"between 0 and 3"):
        gradebook.read_hand_grades(hand, {"ex_p": 3})
    hand.write_text(hand.read_text().replace("s1,4", "s1,2.5"))
    assert gradebook.read_hand_grades(hand, {"ex_p": 3}) == {"a.ipynb": {"ex_p": 2.5}}


def test_late_submissions_are_flagged_against_the_deadline():
    from datetime import datetime

    deadline = datetime(2026, 12, 1, 17, 0)
    assert gradebook.lateness(deadline.timestamp() - 60, deadline) == ""
    assert gradebook.lateness(deadline.timestamp() + 3900, deadline) == "late by 1 h 5 min"
    assert gradebook.lateness(deadline.timestamp() + 3900, None) == ""


# ---------------------------------------------------------------- what students get

def test_the_student_package_has_no_hidden_instances_and_limits_its_self_checks():
    source = (ROOT / "lossland" / "petzka" / "selfcheck.py").read_text()
    namespace = {"__name__": "lossland.petzka.selfcheck_student"}
    exec(compile(student_package.student_selfcheck(source), "selfcheck.py", "exec"), namespace)
    assert namespace["HIDDEN_TESTS"] == {}
    check = namespace["check_toy_minimum"]
    assert check.__wrapped__  # limit_attempts keeps the original reachable for help(), not its count


def test_a_self_check_explains_only_a_limited_number_of_wrong_attempts():
    check = limit_attempts(lambda answer: Feedback(answer == 7, f"Not {answer}: it is odd." if answer != 7 else "Yes."), informative=2)
    messages = [check(n).message for n in (1, 2, 3)]
    assert messages[:2] == ["Not 1: it is odd.", "Not 2: it is odd."] and "first 2 attempts" in messages[2]
    assert check(7).ok and check(7).message == "Yes."
    with pytest.raises(ValueError, match="informative"):
        limit_attempts(check, informative=0)


# ---------------------------------------------------------------- a class, end to end

def _chapters() -> list[str]:
    chosen = os.environ.get("LOSSLAND_COURSEWORK_CHAPTERS", "petzka")
    return list(CHAPTERS) if chosen == "all" else chosen.split(",")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(folder: Path) -> dict[str, dict]:
    with open(folder / "grades.csv", newline="") as handle:
        return {row["notebook"]: row for row in csv.DictReader(handle)}


def _model_answers(spec: dict) -> list[str]:
    """Text a feedback file must not contain: each autograded model answer's lines, each rubric's lines."""
    lines = []
    for question in spec["questions"].values():
        text = question.get("solution", "") + "\n" + question.get("rubric", "")
        lines += [line.strip(" -") for line in text.splitlines() if len(line.strip(" -")) > 12]
    return lines


@pytest.mark.coursework
@pytest.mark.parametrize("chapter", _chapters())
def test_a_class_end_to_end(tmp_path, chapter):
    kit, folder = tmp_path / "kit", tmp_path / "class"
    start = time.perf_counter()
    assert assignments.main([str(kit), "--chapters", chapter]) == 0  # fails unless the model answers score full marks
    built = time.perf_counter() - start
    expected = sample_class.write_class(kit, folder, [chapter])[chapter]
    spec = json.loads((kit / chapter / "autograder" / f"{chapter}-grading.json").read_text())
    handed_in = {path: _digest(path) for path in folder.rglob("*.ipynb")}
    start = time.perf_counter()
    argv = [str(folder), "--assignments", str(kit), "--cell-limit", "30", "--roster", str(folder / "roster.csv"), "--jobs", "2",
            "--pdf", "--deadline", "2999-01-01T00:00", "--quiet"]
    assert grade.main(argv) == 0
    graded = time.perf_counter() - start
    print(f"\n{chapter}: kit {built:.0f} s, six notebooks graded in {graded:.0f} s")
    rows = _rows(folder)
    manual = {name: q["points"] for name, q in spec["questions"].items() if q["manual"]}
    possible = sum(q["points"] for q in spec["questions"].values())
    for student, points in expected.items():
        row = rows[f"{student}/{chapter}.ipynb"]
        print(f"  {student:8s} {float(row['total']):g} / {float(row['possible']):g}  ({row['status']})")
        assert float(row["total"]) == pytest.approx(points), (student, row)
        assert float(row["possible"]) == pytest.approx(possible) and row["status"].startswith("graded") and not row["late"]
        assert row["name"] == f"{student.title()} Student"
    secrets = _model_answers(spec)
    for path in (folder / "feedback").iterdir():
        text = path.read_text()
        assert not [line for line in secrets if line in text], path.name
        assert "Traceback" not in text and "otter" not in text.lower() and "hidden" not in text.lower()
    raising = (folder / "feedback" / f"raising__{chapter}.md").read_text()
    assert "raised ZeroDivisionError: division by zero, at line 1" in raising
    assert "did not finish within 30 s" in (folder / "feedback" / f"looping__{chapter}.md").read_text()
    canvas = list(csv.reader((folder / f"canvas-{chapter}.csv").open()))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] and canvas[1][0] == "Points Possible"
    assert {row[2]: float(row[5]) for row in canvas[2:]} == {row["student_id"]: float(row["total"]) for row in rows.values()}
    if manual:
        pdfs = list((folder / "hand-grading").glob("*.pdf"))
        assert len(pdfs) == 6 and all(path.read_bytes().startswith(b"%PDF") for path in pdfs)
        # The instructor grades the full student's proofs by hand and regrades that notebook alone.
        hand = folder / "hand-grades.csv"
        lines = [f"full/{chapter}.ipynb,s001," + ",".join(f"{p:g}" for p in manual.values()) if line.startswith(f"full/{chapter}.ipynb,")
                 else line for line in hand.read_text().splitlines()]
        hand.write_text("\n".join(lines) + "\n")
        hand_digest = _digest(hand)
        before = rows
        assert grade.main(argv + ["--only", str(folder / "full" / f"{chapter}.ipynb")]) == 0
        rows = _rows(folder)
        assert float(rows[f"full/{chapter}.ipynb"]["total"]) == pytest.approx(expected["full"] + sum(manual.values()))
        assert {k: v for k, v in rows.items() if not k.startswith("full/")} == {k: v for k, v in before.items() if not k.startswith("full/")}
        assert _digest(hand) == hand_digest
    # A grade corrected by hand in grades.csv is never overwritten: grading again refuses and says why.
    corrected = (folder / "grades.csv").read_text().replace(",graded", ",graded (checked by hand)", 1)
    (folder / "grades.csv").write_text(corrected)
    assert grade.main(argv + ["--only", str(folder / "blank" / f"{chapter}.ipynb")]) == 1
    assert (folder / "grades.csv").read_text() == corrected
    assert {path: _digest(path) for path in handed_in} == handed_in


# ---------------------------------------------------------------- one version per student


def _run_test(test: dict, **answers) -> bool:
    namespace: dict = {}
    exec(test["source"], namespace)
    try:
        namespace[test["function"]](*[answers[name] for name in test["args"]])
    except AssertionError:
        return False
    return True


def _spec(chapter: str, tmp_path: Path) -> dict:
    assert assignments.main([str(tmp_path), "--chapters", chapter, "--convert-only"]) == 0
    return json.loads((tmp_path / chapter / "autograder" / f"{chapter}-grading.json").read_text())


@pytest.mark.slow
def test_versions_differ_per_student_and_are_graded_with_the_students_own_parameters(tmp_path):
    spec = _spec("expneuron", tmp_path)
    (name,) = [n for n, q in spec["questions"].items() if (q.get("check") or "").startswith("check_example3_value")]
    mine, theirs = (versions.personal_spec(spec, student)["questions"][name] for student in ("s002", "s003"))
    assert versions.version("expneuron", "s002") == versions.version("expneuron", "s002") != versions.version("expneuron", "s003")
    my_answer, their_answer = (eval(q["solution"].partition(" = ")[2], {"np": np}) for q in (mine, theirs))
    assert _run_test(mine["tests"][0], answer=my_answer) and _run_test(theirs["tests"][0], answer=their_answer)
    assert not _run_test(mine["tests"][0], answer=their_answer)  # a classmate's number is wrong for me
    handed_out = nbformat.read(tmp_path / "expneuron" / "student" / "expneuron.ipynb", as_version=4)
    own = versions.personal_notebook(handed_out, spec, "s002")
    params = versions.version("expneuron", "s002")["check_example3_value"]
    text = "\n".join(cell.source for cell in own.cells)
    assert rf"$\varepsilon = {params['eps']:g}$" in text and f"eps={params['eps']!r}" in text and 'STUDENT_ID = "s002"' in text


@pytest.mark.slow
def test_a_rule_copied_from_a_classmates_cases_fails_on_mine(tmp_path):
    spec = _spec("petzka", tmp_path)
    name = next(n for n, q in spec["questions"].items() if (q.get("check") or "").startswith("check_toy_minimum"))
    theirs = versions.version("petzka", "s001")["check_toy_minimum"]["y_values"]
    table = lambda y: y in [v for v in theirs if abs(v) < 1]  # right on every case of s001's version
    test = versions.personal_spec(spec, "s001")["questions"][name]["tests"][0]
    assert _run_test(test, is_minimum=table) and _run_test(test, is_minimum=lambda y: abs(y) < 1)
    assert not _run_test(versions.personal_spec(spec, "s004")["questions"][name]["tests"][0], is_minimum=table)
