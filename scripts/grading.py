"""Grade one notebook question by question, each cell within a time limit: the engine of ``scripts/grade.py``.

Otter's ``otter run`` executes a whole notebook with no time limit per cell (on its own, one
infinite loop leaves the notebook without any score; the handed-out notebooks' guard cell,
``assignments.OTTER_GUARD``, stops such a cell while otter grades) and grades its final state: an
answer overwritten later by scratch work loses its point.  This engine runs the same tests (``scripts/assignments.py`` writes them, with the
points of each question, into ``<chapter>-grading.json`` beside the otter autograder) as follows:

* the submission's code cells run in order in a fresh kernel (in a scratch folder, so nothing
  is written beside the submission); a cell that runs longer than ``cell_limit`` seconds is
  interrupted and the next one runs;
* right after each question's self-check cell, a grading cell runs the question's tests on the
  state at that point; at the end every question short of full marks is graded again on the
  final state, and the better result counts (an answer written below its check cell counts too);
* a test that fails says why in words a student may read: the self-check's own feedback for a
  public test, one fixed sentence for a hidden one (written into the test: nothing about the other instances), "your
  answer cell raised ..., at line ..." when the answer cell itself failed, and a time-limit
  message when it was stopped.

:func:`grade_notebook` returns a :class:`Graded`: per question its score and messages.
"""
from __future__ import annotations

import ast
import json
import os
import re
import secrets
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

GRADER_ERROR = "The grader could not check this answer (an error on the grader's side, not in your work): it will be regraded."
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

# The grading cell: runs a question's tests in the student's namespace and prints the results after a token.
_GRADER = '''\
def _lossland_grade(question, tests, token, limit):
    import json as _json, sys as _sys
    results = []
    for test in tests:
        namespace = {}
        missing = [name for name in test["args"] if name not in globals()]
        if missing:
            results.append([False, f"Your answer cell must define {', '.join(missing)}: it is not defined.", ""])
            continue
        try:
            exec(test["source"], namespace)
            namespace[test["function"]](*[globals()[name] for name in test["args"]])
            results.append([True, "", ""])
        except AssertionError as failed:
            results.append([False, str(failed), ""])
        except KeyboardInterrupt:
            results.append([False, f"Checking your answer took longer than {limit:g} s: it was stopped.", ""])
        except Exception as error:  # the self-checks report the student's errors: this one is the grader's
            results.append([False, "", f"{type(error).__name__}: {error}"])
    globals().setdefault("_lossland_full", {})[question] = all(ok for ok, _, _ in results)
    _sys.stdout.write(token + _json.dumps({"question": question, "results": results}) + "\\n")
'''


@dataclass
class QuestionResult:
    """One question's grade: ``score`` of ``points``, the tests' verdicts and messages for the student."""

    name: str
    exercise: str
    points: float
    manual: bool = False
    score: float = 0.0
    messages: list[str] = field(default_factory=list)
    grader_errors: list[str] = field(default_factory=list)  # for the instructor, not the student


@dataclass
class Graded:
    """A notebook's grades: its questions in order, a ``status``, the run's seconds and the executed notebook."""

    questions: list[QuestionResult]
    status: str = "graded"
    seconds: float = 0.0
    executed: nbformat.NotebookNode | None = None  # the run (code cells, grading cells added), for its glued values


def _normal(source: str) -> str | None:
    """``source`` as Python normalises it (comments and spacing dropped), or None if it does not parse."""
    try:
        return ast.unparse(ast.parse(source))
    except (SyntaxError, ValueError):
        return None


def _tagged(cell, role: str) -> str | None:
    """The question a cell is the ``role`` ("answer", "check") cell of, by the metadata the handed-out notebook carries."""
    mark = cell.get("metadata", {}).get("lossland", {})
    return mark.get("question") if mark.get("role") == role else None


def locate(nb: nbformat.NotebookNode, spec: dict) -> dict[str, dict[str, int]]:
    """For each autograded question, the indices of its check cell and answer cell among ``nb``'s code cells.

    The check cell is found by its source (the exercise's self-check call, with the student's
    parameters in a per-student version), the answer cell by its metadata or, failing that, as the
    code cell just above the check cell.  A question whose check
    cell the student deleted has neither: it is graded on the notebook's final state.
    """
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    found: dict[str, dict[str, int]] = {}
    for name, question in spec["questions"].items():
        if question["manual"]:
            continue
        target = _normal(question["check"])
        taken = {where.get("check") for where in found.values()}
        checks = [i for i, cell in enumerate(code) if _tagged(cell, "check") == name and _normal(cell.source) == target]
        checks = checks or [i for i, cell in enumerate(code) if _normal(cell.source) == target and i not in taken]
        where: dict[str, int] = {}
        if checks:
            where["check"] = checks[0]
        answers = [i for i, cell in enumerate(code) if _tagged(cell, "answer") == name]
        if answers:
            where["answer"] = answers[0]
        elif checks and checks[0] > 0:
            where["answer"] = checks[0] - 1
        found[name] = where
    return found


def _grading_cell(name: str, question: dict, token: str, limit: float, final: bool) -> nbformat.NotebookNode:
    tests = repr(question["tests"])
    guard = f"if globals().get('_lossland_full', {{}}).get({name!r}) is not True:\n    " if final else ""
    cell = nbformat.v4.new_code_cell(f"{guard}_lossland_grade({name!r}, {tests}, {token!r}, {limit!r})")
    return cell


def grading_notebook(nb: nbformat.NotebookNode, spec: dict, token: str, limit: float) -> tuple[nbformat.NotebookNode, dict]:
    """The notebook the grader runs: the submission's code cells with grading cells after the check cells and at the end.

    Returns it and a map from each question to the index (in the new notebook) of its answer cell.
    """
    where = locate(nb, spec)
    after = {spot["check"]: name for name, spot in where.items() if "check" in spot}
    answer_at = {spot["answer"]: name for name, spot in where.items() if "answer" in spot}
    cells, answers = [nbformat.v4.new_code_cell(_GRADER)], {}
    for i, cell in enumerate(cell for cell in nb.cells if cell.cell_type == "code"):
        if i in answer_at:
            answers[answer_at[i]] = len(cells)
        cells.append(nbformat.v4.new_code_cell(cell.source))
        if i in after:
            cells.append(_grading_cell(after[i], spec["questions"][after[i]], token, limit, final=False))
    for name, question in spec["questions"].items():
        if not question["manual"]:
            cells.append(_grading_cell(name, question, token, limit, final=True))
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": kernelspec}), answers


def _cell_error(cell, limit: float) -> str | None:
    """What went wrong in an answer cell, in words: it was stopped, or it raised (and where); None if it ran."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error" and output.get("ename") == "KeyboardInterrupt":
            return f"Your answer cell did not finish within {limit:g} s and was stopped"
        if output.get("output_type") == "error":
            trace = _ANSI.sub("", "\n".join(output.get("traceback", [])))
            line = re.search(r"Cell In\[\d*\], line (\d+)", trace) or re.search(r'File "<[^>]*>", line (\d+)', trace)
            at = f", at line {line.group(1)}" if line else ""
            return f"Your answer cell raised {output['ename']}: {output['evalue']}{at}"
    return None


def _execute(nb: nbformat.NotebookNode, limit: float, budget: float) -> str:
    """Run ``nb`` in place, each cell interrupted after ``limit`` seconds; the kernel is killed after ``budget``. A status.

    An interrupted cell shows a KeyboardInterrupt and the next cell runs.  Code that ignores the
    interrupt keeps the kernel busy until ``budget`` is spent, when the kernel is killed.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    def kill() -> None:
        provisioner = getattr(client.km, "provisioner", None)
        if provisioner is not None and getattr(provisioner, "pid", None):
            os.kill(provisioner.pid, signal.SIGKILL)

    with tempfile.TemporaryDirectory() as scratch:
        client = NotebookClient(nb, timeout=max(1, round(limit)), interrupt_on_timeout=True, allow_errors=True,
                                kernel_name="python3", resources={"metadata": {"path": scratch}}, iopub_timeout=10)
        watchdog = threading.Timer(budget, kill)
        watchdog.start()
        try:
            client.execute()
        except DeadKernelError:
            return f"the notebook's kernel stopped (it crashed, or the run passed {budget:g} s): later questions score 0"
        finally:
            watchdog.cancel()
    return "graded"


def grade_notebook(nb: nbformat.NotebookNode, spec: dict, limit: float = 60.0, budget: float | None = None) -> Graded:
    """Grade the submission ``nb`` against ``spec`` (a chapter's ``-grading.json``), each cell within ``limit`` s.

    ``budget`` bounds the whole run (default: ``limit`` per code cell, at most an hour): past it
    the kernel is killed and the questions not yet graded score 0.
    """
    start = time.monotonic()
    token = f"@@lossland-{secrets.token_hex(8)}@@"
    runnable, answers = grading_notebook(nb, spec, token, limit)
    status = _execute(runnable, limit, budget or min(3600.0, limit * len(runnable.cells)))
    verdicts: dict[str, list] = {}
    for cell in runnable.cells:
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines() if output.get("name") == "stdout" else []:
                if line.startswith(token):
                    record = json.loads(line[len(token):])
                    previous = verdicts.get(record["question"])
                    if previous is None or sum(ok for ok, _, _ in record["results"]) > sum(ok for ok, _, _ in previous):
                        verdicts[record["question"]] = record["results"]
    questions = []
    for name, question in spec["questions"].items():
        result = QuestionResult(name, question["exercise"], question["points"], question["manual"])
        questions.append(result)
        if question["manual"]:
            continue
        outcome = verdicts.get(name)
        if outcome is None:
            result.messages.append("This question could not be graded: the notebook stopped before its check.")
            continue
        result.score = question["points"] * sum(ok for ok, _, _ in outcome) / len(outcome)
        failed = [(message, internal) for ok, message, internal in outcome if not ok]
        error = _cell_error(runnable.cells[answers[name]], limit) if name in answers else None
        if failed and error:
            result.messages.append(f"{error}; fix that first.")
        for message, internal in failed:  # a hidden test's message names no instance
            if internal:
                result.grader_errors.append(internal)
                message = GRADER_ERROR
            elif error and message.startswith("Your answer cell must define"):
                continue  # said above: the cell failed before defining it
            if message not in result.messages:
                result.messages.append(message)
        if result.grader_errors:
            status = f"grader error in {name} ({result.grader_errors[0]}): regrade with --only after fixing it"
    return Graded(questions, status, time.monotonic() - start, runnable)


def grade_file(path: str | Path, spec_path: str | Path, limit: float) -> Graded:
    """:func:`grade_notebook` of the notebook file ``path`` with the spec file ``spec_path`` (a joblib task)."""
    spec = json.loads(Path(spec_path).read_text())
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # not a notebook: nothing to grade, say why
        return Graded([QuestionResult(name, q["exercise"], q["points"], q["manual"]) for name, q in spec["questions"].items()],
                      f"not a readable notebook ({type(error).__name__})")
    student = nb.metadata.get("lossland", {}).get("version")
    if student:  # a notebook made for one student (scripts/versions.py): their parameters, their expected answers
        import versions

        spec = versions.personal_spec(spec, str(student))
    return grade_notebook(nb, spec, limit)
