"""Write the instructor's coursework kit from the chapters' MyST sources, with otter-grader.

Usage::

    python scripts/assignments.py _build/assignments [--chapters liu petzka] [--roster roster.csv] [--convert-only]

For every chapter ``book/<chapter>.md`` this writes, under ``DEST/<chapter>/``:

* ``student/<chapter>.ipynb``: the chapter as a notebook, exercise solutions removed, a cell for
  the student's ID and one that installs the student package where lossland is missing, an
  answer cell (``answer = ...``) and the self-check cell the exercise names after each
  exercise, and a *Your answer* cell where the solution explains in words;
* ``student/lossland-*.whl``: the student package (``scripts/student_package.py``);
* ``student/<chapter>-<id>.ipynb`` with ``--roster``: each student's own version (``scripts/versions.py``);
* ``instructor/<chapter>.ipynb``: the same notebook with the solutions and rubrics in place;
* ``autograder/<chapter>-autograder.zip``: otter's autograder (Gradescope takes the zip as it
  is; a wheel of the full ``lossland`` is inside), and ``autograder/<chapter>-grading.json``,
  the same tests with each question's points for ``scripts/grade.py``.

How.  The chapter is read with jupytext; ``strip_solutions`` of ``student_edition.py`` removes its
solutions, which are read separately.  Each exercise (found by ``lossland.book.syllabus``)
becomes one otter question per self-check call that its text names, e.g.
``check_region_count(3, bias=False, answer=...)``: the names in that call are the student's
answers; the exercise's solution calls the same self-check, and the arguments it passes become
the solution (``answer = len(unit_cells(X)) ** 3``).  Each question's public test is that call
on the student's answers, asserting ``feedback.ok`` with the feedback as the message; a
self-check listed in its module's ``HIDDEN_TESTS`` also gets a hidden test: the exercise's own
cases, then the other instances.  The exercise's points (a ``points-N`` class, default 1) are
shared by its self-check questions; a solution's rubric (``{admonition} Rubric (N points)``)
makes its written part a manual question of N points.  The MyST the JupyterLab extension cannot
resolve alone (citations, ``{doc}`` links to other chapters, figure numbers, glued numbers) is
written out as text.  Then ``otter assign`` makes the student notebook and the autograder, and
the student notebook with the model answers filled in is graded by ``scripts/grading.py``: it
must score full marks, and the run's glued values are written into both notebooks.
``--convert-only`` stops before that run (no chapter is executed).  A generated file someone
edited is never replaced (``scripts/outputs.py``).

Otter's route (the zip, for Gradescope) and ``scripts/grade.py`` grade alike except in one way.
Alike: per question (one otter test file each, with its points); per student version (the zip
ships ``scripts/versions.py``, and an otter test of a varied exercise calls its check through
``versions.version_call``, which reads the version from the notebook's ``LOSSLAND_VERSION``:
otter hands its tests the notebook's variables, never its metadata); and an answer cell that
raises or loops costs only its own question (otter executes with errors allowed, and the
handed-out notebook's guard cell, :data:`OTTER_GUARD`, stops any cell after
:data:`OTTER_CELL_LIMIT` seconds while otter grades, since otter 7 sets no time limit per cell
and has no setting for one).  Different: otter grades every question on the notebook's final
state.  It runs a test file once, keeps its first result, and runs the tests no cell ran
after the last cell; ``scripts/grade.py`` grades right after the check cell *and* on the final
state and keeps the better, so scratch work that reuses an answer's name costs nothing there.
Doing that in otter would mean running the tests from the notebook (cells a student sees and
can edit) and discarding failed first results from otter's private ``Checker`` state, which
its public interface does not offer.
"""
from __future__ import annotations

import argparse
import ast
import copy
import importlib
import json
import math
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat
from pybtex.database import parse_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
import grading  # noqa: E402
from outputs import Outputs, Refused  # noqa: E402
from gradebook import read_roster  # noqa: E402
from student_package import student_wheel  # noqa: E402
from versions import VARIANTS, personal_notebook  # noqa: E402
from student_edition import strip_solutions  # noqa: E402

from lossland.book.ledger import CHAPTERS  # noqa: E402
from lossland.book.myst_blocks import blocks, headings, labels, source_lines  # noqa: E402
from lossland.book.syllabus import Exercise, chapter_syllabus  # noqa: E402
from sitebuild.wheel import lossland_wheel  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
WRITTEN_PROMPT = "**Your answer** (graded by hand, {points}): write your derivation or reasons here, replacing this line."
REASONS_PROMPT = "**Your reasons in words**, where the exercise asks for them (not graded): replace this line."
HIDDEN_MESSAGE = ("Right on the exercise's own cases, but wrong on other cases the grader tried: "
                  "check that your answer holds in general.")
CELL_LIMIT = 600.0  # seconds per cell when the model answers are graded (a chapter's slowest cell takes about a minute)
CONFIG = {
    "init_cell": False, "check_all_cell": False, "export_cell": False, "run_tests": False, "solutions_pdf": False,
    "python_version": "3.11", "generate": {"pdf": False, "show_hidden": False}, "tests": {"files": False, "ok_format": False},
}


# ---------------------------------------------------------------- MyST that JupyterLab renders alone

def _citation(entry) -> tuple[str, str]:
    """(authors, year) of a bibliography entry, as an author-year citation names them."""
    people = [" ".join(person.last_names).replace("{", "").replace("}", "") for person in entry.persons.get("author", [])]
    authors = people[0] if len(people) == 1 else " and ".join(people) if len(people) == 2 else f"{people[0]} et al."
    return authors, entry.fields.get("year", "n.d.")


def _title(name: str) -> str:
    """The first heading of ``book/<name>.md``, for a ``{doc}`` link written out as text."""
    heading = next((heading.title for heading in headings((BOOK / f"{name}.md").read_text()) if heading.level == 1), None)
    title = f"*{heading}*" if heading else name
    return f"Chapter {CHAPTERS.index(name) + 1}, {title}" if name in CHAPTERS else title


def _sections() -> dict[str, str]:
    """Every section label of the book, as text naming its page and section (for a reference from another page)."""
    sections = {}
    for path in sorted(BOOK.glob("*.md")):
        for heading in headings(path.read_text()):
            if heading.label:
                page = f"Chapter {CHAPTERS.index(path.stem) + 1}" if path.stem in CHAPTERS else _title(path.stem)
                sections[heading.label] = f"{page}, section *{heading.title}*"
    return sections


def _plain(bibtex: str) -> str:
    """A BibTeX field as text: ``\\url{x}`` as x, protective braces dropped."""
    return re.sub(r"\\url\{([^}]*)\}", r"\1", bibtex).replace("{", "").replace("}", "")


class LabMarkdown:
    """Rewrites one chapter's Markdown for jupyterlab-myst, which sees a single notebook.

    It renders admonitions, math, proofs, exercises and references inside the notebook; what
    points outside it is written out: ``{cite}`` as author-year text (with a reference list at
    the end), ``{doc}`` as the other page's title, ``{term}`` as its word, and ``{numref}`` to a figure as "Fig. 1.2"
    linked to the caption (the figure's caption lives in cell metadata that JupyterLab does not show).
    """

    ROLE = re.compile(r"\{(?P<role>cite:t|cite|doc|numref|ref|term)\}`(?P<target>[^`]+)`")

    def __init__(self, chapter: str, figures: list[str]):
        self.number = CHAPTERS.index(chapter) + 1
        self.figures = {name: f"Fig. {self.number}.{k}" for k, name in enumerate(figures, start=1)}
        self.local = labels((BOOK / f"{chapter}.md").read_text()) | set(figures)
        self.elsewhere = {label: where for label, where in _sections().items() if label not in self.local}
        self.bibliography = parse_file(str(BOOK / "references.bib")).entries
        self.cited: list[str] = []

    def _role(self, match: re.Match) -> str:
        role, target = match.group("role"), match.group("target")
        explicit = re.fullmatch(r"(.*?)\s*<(.+)>", target)
        text, target = (explicit.group(1), explicit.group(2)) if explicit else (None, target)
        if role.startswith("cite"):
            keys = [key.strip() for key in target.split(",")]
            self.cited += [key for key in keys if key not in self.cited]
            names = [_citation(self.bibliography[key]) for key in keys]
            if role == "cite:t":
                return "; ".join(f"{authors} ({year})" for authors, year in names)
            return "(" + "; ".join(f"{authors}, {year}" for authors, year in names) + ")"
        if role == "doc":
            return text or _title(target)
        if role == "term":  # a glossary entry: the word itself (the glossary is a page of the website)
            return text or target
        if target in self.figures:
            number = self.figures[target]
            return f"[{text.replace('%s', number.split()[-1]) if text else number}](#{target})"
        if target in self.elsewhere:  # a section of another chapter
            return text or self.elsewhere[target]
        return match.group(0)  # a label of this notebook: jupyterlab-myst resolves it

    def __call__(self, source: str) -> str:
        """``source`` with its outward roles written out."""
        return self.ROLE.sub(self._role, source)

    def exercise(self, exercise: Exercise) -> str:
        """An exercise block as one ``{exercise}`` directive (the gated form needs Sphinx)."""
        fence, block = "`" * 4, blocks(exercise.block, "exercise")[0]
        options = "".join(source_lines(exercise.block)[block.start + 1:block.options_end])
        return self(f"{fence}{{exercise}}\n{options}{exercise.body.rstrip()}\n{fence}")

    def caption(self, name: str, caption: str) -> str:
        """A figure's caption as a labelled paragraph under the figure's cell."""
        return f"({name})=\n**{self.figures[name]}.** {self(caption.strip())}"

    def references(self) -> str:
        """The works this notebook cites, as a list (the book's References page, for this chapter)."""
        items = []
        for key in self.cited:
            entry = self.bibliography[key]
            authors, year = _citation(entry)
            where = entry.fields.get("journal") or entry.fields.get("booktitle") or entry.fields.get("howpublished") or entry.fields.get("publisher", "")
            items.append(f"- {authors} ({year}). *{_plain(entry.fields['title'])}*. {_plain(where)}.")
        return "## References\n\n" + "\n".join(items)


# ---------------------------------------------------------------- exercises as otter questions

def solution_blocks(text: str) -> dict[str, str]:
    """The MyST inside each solution block of ``text``, by the label of its exercise.

    The blocks are those ``strip_solutions`` removes (:func:`lossland.book.myst_blocks.blocks`): gated
    ones, from the line after ``{solution-start} label``'s options to ``{solution-end}``, and plain
    ``{solution}`` ones, after their options.
    """
    lines = source_lines(text)
    return {block.argument: "".join(lines[block.body_start:block.body_end]) for block in blocks(text, "solution")}


def _bind(asked: ast.expr, given: ast.expr, where: str, names: dict[str, str]) -> None:
    """Match the exercise's argument ``asked`` with the solution's ``given``: ``names[student name] = solution code``."""
    if isinstance(asked, ast.Name):
        names[asked.id] = ast.unparse(given)
    elif isinstance(asked, (ast.Tuple, ast.List)) and type(given) is type(asked) and len(given.elts) == len(asked.elts):
        for a, g in zip(asked.elts, given.elts):
            _bind(a, g, where, names)
    elif ast.dump(asked) != ast.dump(given):
        raise ValueError(f"{where}: the solution passes {ast.unparse(given)} where the exercise's call has {ast.unparse(asked)}.")


class Question:
    """One otter question: a self-check call of an exercise, its answer names and the solution's values for them."""

    def __init__(self, asked: str, given: ast.Call, module: str, module_names: set[str], where: str):
        self.module = module
        call = ast.parse(asked, mode="eval").body
        for keyword in call.keywords:  # check_region_count(3, answer=...): the answer is called "answer"
            if isinstance(keyword.value, ast.Constant) and keyword.value.value is Ellipsis:
                keyword.value = ast.Name(keyword.arg)
        self.call, self.function = call, call.func.id
        given_args = {**dict(enumerate(given.args)), **{k.arg: k.value for k in given.keywords}}
        asked_args = {**dict(enumerate(call.args)), **{k.arg: k.value for k in call.keywords}}
        if given.func.id != self.function or set(given_args) != set(asked_args):
            raise ValueError(f"{where}: the solution calls {ast.unparse(given)}, the exercise asks for {ast.unparse(call)}.")
        values: dict[str, str] = {}
        for key, value in asked_args.items():
            _bind(value, given_args[key], where, values)
        self.answers = [name for name in values if name not in module_names]  # EXERCISE_2_PATTERN is no answer
        self.values = {name: values[name] for name in self.answers}

    def check(self) -> str:
        """The self-check cell: the exercise's call, on the student's names."""
        return ast.unparse(self.call)

    def test(self, name: str, hidden: bool, otter: bool = False) -> str:
        """An exception-based otter test: the self-check on the student's answers must be ok.

        ``otter``: the test for otter's autograder, which sees no notebook metadata: where the
        exercise has per-student versions, its first call takes the parameters of the version the
        notebook's ``LOSSLAND_VERSION`` names (none: the book's), through ``versions.version_call``.

        A hidden test first runs the exercise's own cases, then the other instances: an answer
        wrong on a case the exercise names (its boundary, say) fails both tests.  Its message for
        the other instances is :data:`HIDDEN_MESSAGE`, which says nothing about them.
        """
        call = copy.deepcopy(self.call)
        given = sorted({node.id for node in ast.walk(call) if isinstance(node, ast.Name)} - set(self.answers))
        lines = [f"def test_{name}({', '.join(self.answers)}):",
                 f"    from lossland.{self.module}.selfcheck import {', '.join(given + (['HIDDEN_TESTS'] if hidden else []))}",
                 f"    feedback = {ast.unparse(call)}",
                 "    assert feedback.ok, feedback.message"]
        if otter and (self.module, self.function) in VARIANTS:  # otter's test finds the student's version in the notebook
            versioned = ast.Call(func=ast.Name("version_call"), args=[ast.Name(self.function), ast.Constant(self.module),
                                 ast.Name("env"), *call.args], keywords=call.keywords)
            lines[0] = f"def test_{name}({', '.join(self.answers + ['env'])}):"
            lines[1:1] = ["    from versions import version_call  # scripts/versions.py, shipped in the autograder's files"]
            lines[3] = f"    feedback = {ast.unparse(versioned)}"
        if hidden:
            call.keywords.append(ast.keyword(value=ast.parse(f"HIDDEN_TESTS[{self.function!r}]", mode="eval").body))
            lines += [f"    feedback = {ast.unparse(call)}", f"    assert feedback.ok, {HIDDEN_MESSAGE!r}"]
        config = '""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\n' if hidden else ""
        return config + "\n".join(lines)

    def spec(self, name: str, hidden: bool) -> dict:
        """The test as ``scripts/grading.py`` runs it: its function, arguments and source."""
        return {"function": f"test_{name}", "args": self.answers, "hidden": hidden, "source": self.test(name, hidden)}


def _split_checks(code: str, checks: set[str]) -> list[tuple[str, object]]:
    """A solution's code cell as ("code", text) and ("check", call) events, in order."""
    tree, lines = ast.parse(code), code.splitlines()
    events, start = [], 0
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", None) in checks:
            events.append(("code", "\n".join(lines[start:node.lineno - 1])))
            events.append(("check", node.value))
            start = node.end_lineno
    events.append(("code", "\n".join(lines[start:])))
    return [(kind, value) for kind, value in events if kind == "check" or value.strip()]


def _prompt(names: list[str], code: str) -> str:
    """What the student's answer cell shows: ``name = ...`` per answer, ``def f(args): ...`` for a function."""
    defined = {node.name: node for node in ast.parse(code or "pass").body if isinstance(node, ast.FunctionDef)}
    lines = []
    for name in names:
        if name in defined:
            lines.append(f"def {name}({ast.unparse(defined[name].args)}):\n    ...")
        else:
            lines.append(f"{name} = ...")
    return "\n".join(lines)


def _raw(text: str) -> nbformat.NotebookNode:
    """A raw cell: otter reads its markers (``# BEGIN QUESTION``, ...) from raw cells."""
    return nbformat.v4.new_raw_cell(text)


def _solution_parts(solution: str, checks: set[str], lab: LabMarkdown) -> list[list[tuple[str, object]]]:
    """The solution's ("prose", text), ("code", text) and ("check", call) events, cut after each self-check call.

    Each part becomes one otter question; prose after the last call belongs to the last part.
    """
    events = []
    for cell in jupytext.reads(solution, fmt="myst").cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            events.append(("prose", lab(cell.source)))
        elif cell.cell_type == "code":
            events += _split_checks(cell.source, checks)
    parts, part = [], []
    for kind, value in events:
        part.append((kind, value))
        if kind == "check":
            parts, part = parts + [part], []
    if part and parts:
        parts[-1] += part
    return parts or [part]


def _mark(cell: nbformat.NotebookNode, question: str, role: str) -> nbformat.NotebookNode:
    """Tag a cell as the ``role`` ("answer", "check", "written") cell of ``question``, for the grader to find."""
    cell.metadata["lossland"] = {"question": question, "role": role}
    return cell


def _rubric(solution: str) -> tuple[int, str] | None:
    """The points and text of the solution's ``{admonition} Rubric (N points)`` block, or None without one."""
    for block in blocks(solution, "admonition"):
        points = re.match(r"Rubric[ \t]*\((\d+) points?\)", block.argument)
        if points:
            return int(points.group(1)), "".join(source_lines(solution)[block.body_start:block.body_end]).strip()
    return None


def _part_cells(part: list, label: str, questions: list, hidden: set[str], name: str, prompt: str) -> tuple[list, list[dict]]:
    """The cells of one question (the student's prompts, the solution, the self-check cell, the tests) and its tests' specs."""
    cells, code, prompted, tests, specs = [], [], False, [], []
    for kind, value in part:
        if kind == "prose":
            if not prompted:
                cells += [_raw("# BEGIN PROMPT"), _mark(nbformat.v4.new_markdown_cell(prompt), name, "written"), _raw("# END PROMPT")]
                prompted = True
            box = f"````{{solution}} {label}\n{value}\n````"  # the instructor's model answer (and rubric)
            cells += [_raw("# BEGIN SOLUTION"), nbformat.v4.new_markdown_cell(box), _raw("# END SOLUTION")]
        elif kind == "code":
            code.append(value)
        else:
            question = questions.pop(0)
            solved = "\n".join(code + [f"{n} = {v}" for n, v in question.values.items() if v != n])
            answer = (f"# BEGIN SOLUTION NO PROMPT\n{solved}\n# END SOLUTION\n"
                      f'""" # BEGIN PROMPT\n{_prompt(question.answers, solved)}\n"""; # END PROMPT')
            cells += [_raw("# BEGIN SOLUTION"), _mark(nbformat.v4.new_code_cell(answer), name, "answer"), _raw("# END SOLUTION"),
                      _mark(nbformat.v4.new_code_cell(question.check()), name, "check")]
            kinds = [False, True] if question.function in hidden else [False]
            tests += [question.test(f"{name}_{'hidden' if secret else 'public'}", secret, otter=True) for secret in kinds]
            specs.append({"check": question.check(), "answers": question.answers, "solution": solved,
                          "tests": [question.spec(f"{name}_{'hidden' if secret else 'public'}", secret) for secret in kinds]})
            code = []
    if code:  # solution code that no self-check follows: shown to the instructor only
        cells += [_raw("# BEGIN SOLUTION"), nbformat.v4.new_code_cell("# BEGIN SOLUTION\n" + "\n".join(code) + "\n# END SOLUTION"),
                  _raw("# END SOLUTION")]
    if tests:
        cells += [_raw("# BEGIN TESTS"), *map(nbformat.v4.new_code_cell, tests), _raw("# END TESTS")]
    return cells, specs


def question_cells(exercise: Exercise, solution: str, chapter: str, lab: LabMarkdown) -> tuple[list, list[str], dict]:
    """The master-notebook cells of one exercise, the names of its otter questions, and their grading specs.

    Each self-check call is one autograded question; the exercise's points (``points-N``, default 1)
    are shared equally by them.  The written part is a manually graded question when the solution
    has a rubric (``{admonition} Rubric (N points)``: N points; the rubric shows in the
    instructor notebook only) or when the text names no self-check (then it carries the
    exercise's points).  Otherwise the words the solution gives are a model answer for the
    student's own use, not graded.
    """
    module = importlib.import_module(f"lossland.{chapter}.selfcheck")
    checks, hidden = set(module.__all__), set(getattr(module, "HIDDEN_TESTS", {}))
    where = f"book/{chapter}.md, exercise {exercise.label}"
    parts = _solution_parts(solution, checks, lab)
    given = [value for part in parts for kind, value in part if kind == "check"]
    if len(given) != len(exercise.checks):
        raise ValueError(f"{where}: its text names {len(exercise.checks)} self-check call(s) but its solution makes {len(given)}.")
    questions = [Question(asked, call, chapter, checks, where) for asked, call in zip(exercise.checks, given)]
    rubric = _rubric(solution)
    base, cells, names, specs = exercise.label.replace("-", "_"), [], [], {}
    auto = [part for part in parts if any(kind == "check" for kind, _ in part)]
    graded = []  # (name, points, manual, events): one per otter question
    if rubric or not auto:
        prose = [event for part in parts for event in part if event[0] == "prose" or not auto]
        graded.append((f"{base}_written" if auto else base, rubric[0] if rubric else exercise.points, True, prose))
        auto = [[event for event in part if event[0] != "prose"] for part in auto]
    graded += [(base if len(auto) == 1 and not graded else f"{base}_{number}", exercise.points / len(auto), False, part)
               for number, part in enumerate(auto, start=1)]
    for number, (name, points, manual, events) in enumerate(graded):
        flag = "\nmanual: true" if manual else ""
        cells.append(_raw(f"# BEGIN QUESTION\nname: {name}\npoints: {points:g}\ncheck_cell: false{flag}"))
        if number == 0:
            cells.append(nbformat.v4.new_markdown_cell(lab.exercise(exercise)))
        prompt = WRITTEN_PROMPT.format(points=f"{points:g} point{'s' if points != 1 else ''}") if manual else REASONS_PROMPT
        new, tests = _part_cells(events, exercise.label, questions, hidden, name, prompt)
        cells += new
        cells.append(_raw("# END QUESTION"))
        names.append(name)
        spec = {"exercise": exercise.label, "points": points, "manual": manual}
        if manual:
            spec["rubric"] = rubric[1] if rubric else ""
        else:
            spec.update(tests[0])
        specs[name] = spec
    return cells, names, specs


# ---------------------------------------------------------------- the master notebook

INSTALL = ("try:\n    import lossland\nexcept ImportError:  # not yet installed: the course's package, shipped beside this notebook\n"
           '    %pip install --quiet "./{wheel}[data]"')
ID_COMMENT = "# your student ID, in quotes, as on the class roster"
VERSIONS_FILE = Path(__file__).resolve().parent / "versions.py"
#: Seconds a cell may run while otter grades the notebook (the Gradescope route; ``scripts/grade.py`` has its own limit).
OTTER_CELL_LIMIT = 120
# Otter runs a submission with nbclient, errors allowed but without a time limit per cell: one cell that loops would
# leave the whole notebook without a score.  This cell, inert unless otter is grading, stops such a cell (a
# KeyboardInterrupt, as Jupyter's stop button raises: a loop's `except Exception` does not swallow it), and the
# notebook goes on, so the other answers still count.
OTTER_GUARD = """\
# While otter grades this notebook (Gradescope), a cell that runs longer than {limit} s is stopped, so that one
# loop costs only its own answer. While you work, this cell does nothing.
try:
    from otter import Notebook as _Otter
except ImportError:  # otter is the grader's, not yours
    _Otter = None
if getattr(_Otter, "_grading_mode", False):
    import signal as _signal

    def _lossland_stop(signum, frame):
        raise KeyboardInterrupt("this cell ran longer than {limit} s while the notebook was graded")

    _signal.signal(_signal.SIGALRM, _lossland_stop)
    get_ipython().events.register("pre_run_cell", lambda info: _signal.setitimer(_signal.ITIMER_REAL, {limit}))
    get_ipython().events.register("post_run_cell", lambda result: _signal.setitimer(_signal.ITIMER_REAL, 0))"""
NOTE = ("```{{note}}\nCoursework: Chapter {number} of *lossland*. Type your student ID into the next cell. Run the cells "
        "from the top. In each exercise, replace "
        "every `...` in the answer cell, run the self-check cell under it, and write your reasons in the *Your answer* "
        "cells. Hand in this notebook.\n```")


def chapter_parts(chapter: str):
    """What a notebook of ``book/<chapter>.md`` is made from (the coursework's and ``make lab``'s).

    Returns the chapter without its solutions as a jupytext notebook, the solutions by exercise
    label (:func:`solution_blocks`), its :class:`LabMarkdown`, its exercises by their MyST block,
    and a pattern that splits a Markdown cell at each exercise block (``None`` without exercises).
    """
    text = (BOOK / f"{chapter}.md").read_text()
    visible, _ = strip_solutions(text)
    source = jupytext.reads(visible, fmt="myst")
    figures = [cell.metadata["mystnb"]["figure"]["name"] for cell in source.cells
               if cell.cell_type == "code" and "name" in cell.metadata.get("mystnb", {}).get("figure", {})]
    exercises = {exercise.block: exercise for exercise in chapter_syllabus(chapter, BOOK).exercises}
    splitter = re.compile("(" + "|".join(map(re.escape, exercises)) + ")") if exercises else None
    return source, solution_blocks(text), LabMarkdown(chapter, figures), exercises, splitter


def master_notebook(chapter: str, wheel_name: str | None = None, **config) -> tuple[nbformat.NotebookNode, dict]:
    """The otter master notebook of ``chapter`` (its cells, each exercise as question(s), solutions marked) and its grading spec.

    ``wheel_name``, the student package's file, adds a cell that installs it where lossland is
    missing.  ``config`` adds to otter's assignment configuration (:data:`CONFIG`).  The spec, which
    ``scripts/grading.py`` reads, lists each question's exercise, points, tests and model answer.
    """
    source, solutions, lab, exercises, splitter = chapter_parts(chapter)
    cells, questions, specs = [], [], {}
    for cell in source.cells:
        if cell.cell_type != "markdown":
            cell.metadata.pop("lines_to_next_cell", None)
            cells.append(cell)
            figure = cell.metadata.get("mystnb", {}).get("figure", {})
            if "name" in figure:
                cells.append(nbformat.v4.new_markdown_cell(lab.caption(figure["name"], figure.get("caption", ""))))
            continue
        for piece in splitter.split(cell.source) if splitter else [cell.source]:
            if piece in exercises:
                exercise = exercises[piece]
                new, names, spec = question_cells(exercise, solutions.get(exercise.label, ""), chapter, lab)
                cells += new
                questions.append([exercise.label, names])
                specs.update(spec)
            elif piece.strip():
                cells.append(nbformat.v4.new_markdown_cell(lab(piece.strip())))
    if lab.cited:
        cells.append(nbformat.v4.new_markdown_cell(lab.references()))
    cells.insert(1, nbformat.v4.new_markdown_cell(NOTE.format(number=CHAPTERS.index(chapter) + 1)))
    if wheel_name:
        cells.insert(2, nbformat.v4.new_code_cell(INSTALL.format(wheel=wheel_name)))
    identity = nbformat.v4.new_code_cell(f'STUDENT_ID = "..."  {ID_COMMENT}')
    identity.metadata["lossland"] = {"role": "student-id"}
    cells.insert(2, identity)
    guard = nbformat.v4.new_code_cell(OTTER_GUARD.format(limit=OTTER_CELL_LIMIT))
    guard.metadata["lossland"] = {"role": "otter-guard"}
    cells.insert(3, guard)
    config = {"name": f"lossland-{chapter}", **CONFIG, **config}
    cells.insert(0, _raw("# ASSIGNMENT CONFIG\n" + json.dumps(config, indent=1)))
    metadata = {"kernelspec": source.metadata["kernelspec"], "language_info": {"name": "python"},
                "lossland": {"chapter": chapter, "exercises": questions}}
    return nbformat.v4.new_notebook(cells=cells, metadata=metadata), {"chapter": chapter, "questions": specs}


# ---------------------------------------------------------------- otter, the instructor notebook, glued numbers

def instructor_notebook(autograder_nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Otter's autograder notebook read as a solutions notebook: no markers, no student prompts."""
    nb = copy.deepcopy(autograder_nb)
    cells = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown" and "otter_answer_cell" in tags:
            continue
        if cell.cell_type == "code":
            source = re.sub(r'\n?""" # BEGIN PROMPT\n.*?\n"""; # END PROMPT', "", cell.source, flags=re.DOTALL)
            cell.source = re.sub(r"^# (BEGIN SOLUTION( NO PROMPT)?|END SOLUTION)\n?", "", source, flags=re.MULTILINE).strip("\n")
        cell.metadata["tags"] = [tag for tag in tags if not tag.startswith("otter_")]
        if not cell.metadata["tags"]:
            del cell.metadata["tags"]
        cells.append(cell)
    nb.cells = cells
    return nb


def glued(executed: nbformat.NotebookNode) -> dict[str, dict[str, str]]:
    """The values a run glued (myst_nb ``glue``), by name: their MIME bundles."""
    values = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                prefix = record["mime_prefix"]
                values[record["name"]] = {key.removeprefix(prefix): value for key, value in output["data"].items()}
    return values


def _glue_text(bundle: dict[str, str], fmt: str) -> str:
    """A glued value as ``{glue:text}`name:fmt``` prints it: the plain text, formatted if it is a number."""
    text = bundle.get("text/plain", "")
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return format(value, fmt) if fmt and isinstance(value, (int, float)) else str(value)


def fill_glue(nb: nbformat.NotebookNode, values: dict[str, dict[str, str]], where: str) -> None:
    """Write glued values into the notebook's Markdown, where the book's ``{glue:text}``/``{glue:md}`` roles stand."""
    def value(match: re.Match) -> str:
        name, _, fmt = match.group(2).partition(":")
        if name not in values:
            raise ValueError(f"{where}: {match.group(0)} names a value the run did not glue.")
        return values[name].get("text/markdown", "") if match.group(1) == "md" else _glue_text(values[name], fmt)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = re.sub(r"\{glue:(text|md)\}`([^`]+)`", value, cell.source)


def with_model_answers(student: nbformat.NotebookNode, spec: dict) -> nbformat.NotebookNode:
    """The handed-out notebook with each answer cell holding the model answer, as a strong student would hand it in."""
    nb = copy.deepcopy(student)
    for cell in nb.cells:
        mark = cell.metadata.get("lossland", {})
        if mark.get("role") == "answer":
            cell.source = spec["questions"][mark["question"]]["solution"]
    return nb


def grade(nb: nbformat.NotebookNode, spec: dict) -> grading.Graded:
    """The grading engine's results for one notebook (executes it)."""
    return grading.grade_notebook(nb, spec, limit=CELL_LIMIT)


def build_chapter(chapter: str, dest: Path, wheel: Path, convert_only: bool, student_wheel: Path | None = None,
                  roster: dict | None = None) -> dict:
    """Write the student and instructor notebooks, the autograder and the grading spec of ``chapter`` under ``dest/chapter``.

    Unless ``convert_only``, the handed-out notebook with the model answers filled in is graded
    first: it must score full marks (the path a student's notebook takes), or nothing is written.
    A file under ``dest/chapter`` that someone edited since it was generated is never replaced.
    With a ``roster``, each student also gets ``student/<chapter>-<id>.ipynb``: their own version
    (``scripts/versions.py``), their ID filled in.
    """
    from otter.assign import main as otter_assign

    out = dest / chapter
    paths = {"student": out / "student" / f"{chapter}.ipynb", "instructor": out / "instructor" / f"{chapter}.ipynb",
             "autograder": out / "autograder" / f"{chapter}-autograder.zip", "spec": out / "autograder" / f"{chapter}-grading.json"}
    outputs = Outputs(dest)
    outputs.check(paths.values())
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        shutil.copy(wheel, work)  # Gradescope's image installs it, with the MNIST images (the data extra)
        shutil.copy(VERSIONS_FILE, work)  # otter's tests of varied exercises import it (Question.test)
        master, spec = master_notebook(chapter, student_wheel.name if student_wheel else None,
                                       autograder_files=[wheel.name, VERSIONS_FILE.name],
                                       requirements=[f"/autograder/source/files/{wheel.name}[data]"])
        nbformat.write(master, work / f"{chapter}.ipynb")
        otter_assign(str(work / f"{chapter}.ipynb"), str(work / "dist"), no_pdfs=True, no_run_tests=True)
        zipped = next((work / "dist" / "autograder").glob("*-autograder_*.zip")).read_bytes()
        student = nbformat.read(work / "dist" / "student" / f"{chapter}.ipynb", as_version=4)
        instructor = instructor_notebook(nbformat.read(work / "dist" / "autograder" / f"{chapter}.ipynb", as_version=4))
    summary = {"chapter": chapter, "questions": len(spec["questions"])}
    if not convert_only:
        results = grade(with_model_answers(student, spec), spec)
        autograded = [q for q in results.questions if not q.manual]
        total, possible = sum(q.score for q in autograded), sum(q.points for q in autograded)
        if results.status != "graded" or not math.isclose(total, possible):
            failed = {q.name: q.messages for q in autograded if not math.isclose(q.score, q.points)}
            raise SystemExit(f"{chapter}: the student notebook with the model answers scores {total:g} of {possible:g} "
                             f"({results.status}; {failed}); nothing written.")
        values = glued(results.executed)
        for nb in (student, instructor):
            fill_glue(nb, values, f"book/{chapter}.md")
        summary["score"] = f"{total:g}/{possible:g}"
    outputs.write(paths["autograder"], zipped)
    outputs.write(paths["spec"], json.dumps(spec, indent=1))
    outputs.write(paths["student"], nbformat.writes(student))
    outputs.write(paths["instructor"], nbformat.writes(instructor))
    if student_wheel:
        outputs.write(out / "student" / student_wheel.name, student_wheel.read_bytes())
    for student_id in roster or {}:
        outputs.write(out / "student" / f"{chapter}-{student_id}.ipynb", nbformat.writes(personal_notebook(student, spec, student_id)))
    return summary


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to write <chapter>/{student,instructor,autograder} into")
    parser.add_argument("--chapters", nargs="+", choices=CHAPTERS, default=list(CHAPTERS), help="chapters to build (default: all)")
    parser.add_argument("--convert-only", action="store_true",
                        help="write the notebooks and autograders without running the instructor notebook "
                             "(no full-marks check; glued numbers stay as roles)")
    parser.add_argument("--roster", type=Path, help="CSV of the class (columns id, name): also write one version per student")
    args = parser.parse_args(argv)
    roster = read_roster(args.roster) if args.roster else None
    args.dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as wheel_dir:
        wheel = lossland_wheel(Path(wheel_dir) / "full")
        student = student_wheel(Path(wheel_dir) / "student")
        for chapter in args.chapters:
            start = time.perf_counter()
            try:
                summary = build_chapter(chapter, args.dest.resolve(), wheel, args.convert_only, student, roster)
            except Refused as error:
                raise SystemExit(f"{chapter}: {error}") from None
            score = f", model answers score {summary['score']}" if "score" in summary else ""
            print(f"{chapter}: {summary['questions']} questions{score} ({time.perf_counter() - start:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
