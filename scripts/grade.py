"""Grade submitted notebooks question by question, in parallel, into a gradebook and feedback for students.

Usage::

    python scripts/grade.py SUBMISSIONS [--assignments _build/assignments] [--cell-limit 60] [--jobs N]
                            [--roster roster.csv] [--deadline 2026-12-01T17:00] [--only NOTEBOOK ...] [--pdf]

Every ``.ipynb`` under ``SUBMISSIONS`` (checkpoints skipped) is graded by ``scripts/grading.py``
against its chapter's ``ASSIGNMENTS/<chapter>/autograder/<chapter>-grading.json`` (written by
``scripts/assignments.py`` with the otter autograder): each question right after its check cell,
each cell within ``--cell-limit`` seconds, so that a loop or an error costs only its own
question.  Notebooks are graded in parallel (joblib, ``--jobs``), with a progress bar.  A
notebook's chapter is read from its metadata (``lossland.chapter``) or its file name; its student
ID from its ID cell (``STUDENT_ID = "..."``).

Written into ``SUBMISSIONS`` (never over a file someone edited, see ``scripts/outputs.py``):

* ``grades.csv``: a row per submission (and per roster student without one): ID, name, file,
  chapter, submission time, late flag, the autograded points per exercise, the hand-graded
  points per manual question (from ``hand-grades.csv``), total, possible, status;
* ``hand-grades.csv``, once, with blank cells to fill in (then it is the instructor's);
* ``canvas-<chapter>.csv`` and ``moodle-<chapter>.csv``, to import into those gradebooks
  (``scripts/gradebook.py`` cites their formats);
* ``feedback/<notebook>.md``: per exercise the points and what to fix, in the self-checks'
  words (no hidden instance, no grader internals), to hand to the student;
* with ``--pdf``, ``hand-grading/<notebook>.pdf``: the manually graded questions with the
  student's written answers, for grading by hand (``scripts/handgrading_pdf.py``).

``--only`` regrades the named notebooks and keeps every other notebook's grades (they live in
``.lossland-results.json``).  Hand grades are merged on every run.
"""
from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import sys
from datetime import datetime
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gradebook  # noqa: E402
import grading  # noqa: E402
from outputs import Outputs, Refused  # noqa: E402

from lossland.book.ledger import CHAPTERS  # noqa: E402
from lossland.core.parallel import run_parallel  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ".lossland-results.json"


def chapter_of(notebook: Path) -> str | None:
    """The chapter a notebook belongs to: its ``lossland.chapter`` metadata, else a chapter name in its file name."""
    try:
        chapter = nbformat.read(notebook, as_version=4).metadata.get("lossland", {}).get("chapter")
    except Exception:  # not a readable notebook: fall back on the name
        chapter = None
    if chapter in CHAPTERS:
        return chapter
    return next((name for name in CHAPTERS if name in notebook.stem.lower()), None)


def student_id(notebook: Path) -> str:
    """The ID a student typed into the notebook's ID cell (``STUDENT_ID = "..."``), or ``""``."""
    try:
        cells = nbformat.read(notebook, as_version=4).cells
    except Exception:
        return ""
    for cell in cells:
        if cell.cell_type != "code" or "STUDENT_ID" not in cell.source:
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if (isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "STUDENT_ID" for target in node.targets)
                    and isinstance(node.value, ast.Constant) and isinstance(node.value.value, (str, int))):
                value = str(node.value.value).strip()
                return "" if value == "..." else value
    return ""


def _spec_path(assignments: Path, chapter: str) -> Path:
    return assignments / chapter / "autograder" / f"{chapter}-grading.json"


def _grade_task(task: tuple[str, str, float]) -> dict:
    """Grade one notebook (a joblib task): its questions' results as plain data."""
    path, spec_path, limit = task
    graded = grading.grade_file(path, spec_path, limit)
    return {"status": graded.status, "seconds": round(graded.seconds, 1),
            "questions": [vars(question) for question in graded.questions]}


def _name(notebook: str) -> str:
    """A notebook's relative path as one file name (``alice/petzka.ipynb`` -> ``alice__petzka``)."""
    return Path(notebook).with_suffix("").as_posix().replace("/", "__")


def grade_all(submissions: Path, assignments: Path, notebooks: list[Path], limit: float, jobs: int | None, quiet: bool) -> dict:
    """The results of grading ``notebooks`` (paths under ``submissions``), by relative path."""
    results, tasks, keys = {}, [], []
    for notebook in notebooks:
        key = notebook.relative_to(submissions).as_posix()
        chapter = chapter_of(notebook)
        record = {"chapter": chapter or "", "student_id": student_id(notebook), "submitted": notebook.stat().st_mtime}
        results[key] = record
        if not chapter:
            record.update(status="no chapter: neither its metadata nor its name names one", questions=[], seconds=0)
        elif not _spec_path(assignments, chapter).is_file():
            record.update(status=f"no grading spec at {_spec_path(assignments, chapter)}: run make assignments", questions=[], seconds=0)
        else:
            tasks.append((str(notebook), str(_spec_path(assignments, chapter)), limit))
            keys.append(key)
    for key, graded in zip(keys, run_parallel(_grade_task, tasks, jobs=jobs, progress=not quiet, desc="grading")):
        results[key].update(graded)
    return results


def _rows(results: dict, roster: dict, hand: dict, deadline: datetime | None) -> tuple[list[dict], list[str]]:
    """grades.csv's rows (and its columns) from the stored results, the roster and the hand grades."""
    rows, columns = [], {}
    for key, record in sorted(results.items()):
        person = roster.get(record["student_id"], {})
        row = {"student_id": record["student_id"], "name": person.get("name", ""), "email": person.get("email", ""),
               "sis_login_id": person.get("sis_login_id", ""), "section": person.get("section", ""),
               "canvas_id": person.get("canvas_id", ""), "notebook": key, "chapter": record["chapter"],
               "submitted": datetime.fromtimestamp(record["submitted"]).isoformat(timespec="seconds"),
               "late": gradebook.lateness(record["submitted"], deadline)}
        total = possible = 0.0
        pending = []
        for question in record["questions"]:
            if question["manual"]:
                column = gradebook.hand_column(question["name"], question["points"])
                score = hand.get(key, {}).get(question["name"])
                row[column] = "" if score is None else score
                if score is None:
                    pending.append(question["name"])
            else:
                column = question["exercise"]
                score = question["score"]
                row[column] = round(row.get(column, 0.0) + score, 6)
            columns.setdefault(column, None)
            total += score or 0.0
            possible += question["points"]
        notes = [record["status"]] + ([f"hand grading pending: {', '.join(pending)}"] if pending else [])
        if roster and record["student_id"] not in roster:
            notes.append("student ID not on the roster")
        row.update(total=round(total, 6) if record["questions"] else "", possible=round(possible, 6) if record["questions"] else "",
                   status="; ".join(notes))
        rows.append(row)
    submitted = {record["student_id"] for record in results.values()}
    for key, person in sorted(roster.items()):
        if key not in submitted:
            rows.append({"student_id": key, "name": person.get("name", ""), "email": person.get("email", ""),
                         "sis_login_id": person.get("sis_login_id", ""), "section": person.get("section", ""),
                         "canvas_id": person.get("canvas_id", ""), "notebook": "", "chapter": "", "total": "",
                         "possible": "", "status": "missing: no submission"})
    return rows, list(columns)


def feedback_text(key: str, record: dict, hand: dict) -> str:
    """The feedback file of one submission: per exercise the points and what to fix, in words a student may read."""
    lines = [f"# Feedback: {key}", ""]
    if record["status"] != "graded":  # the details are in grades.csv, for the instructor
        lines += ["Grading note: part of this notebook could not be graded automatically; your instructor will look at it.", ""]
    for question in record["questions"]:
        if question["manual"]:
            score = hand.get(key, {}).get(question["name"])
            state = "to be graded by hand" if score is None else f"{score:g} / {question['points']:g} (graded by hand)"
            lines.append(f"- {question['exercise']} ({question['name']}): {state}")
            continue
        lines.append(f"- {question['exercise']} ({question['name']}): {question['score']:g} / {question['points']:g}")
        lines += [f"  - {message}" for message in question["messages"]]
    return "\n".join(lines) + "\n"


def _csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_gradebook(submissions: Path, results: dict, roster: dict, deadline: datetime | None, pdf: bool) -> list[dict]:
    """Write grades.csv, the LMS tables, the feedback files (and PDFs) from ``results``; returns grades.csv's rows."""
    outputs = Outputs(submissions)
    manual = {q["name"]: q["points"] for record in results.values() for q in record["questions"] if q["manual"]}
    hand_path = submissions / "hand-grades.csv"
    hand = gradebook.read_hand_grades(hand_path, manual)
    rows, scored = _rows(results, roster, hand, deadline)
    targets = [submissions / "grades.csv", *(submissions / "feedback" / f"{_name(key)}.md" for key in results)]
    chapters = sorted({record["chapter"] for record in results.values() if record["chapter"]})
    targets += [submissions / f"{kind}-{chapter}.csv" for chapter in chapters for kind in ("canvas", "moodle")]
    outputs.check(targets)  # before writing anything: all or nothing
    columns = ["student_id", "name", "notebook", "chapter", "submitted", "late", *scored, "total", "possible", "status"]
    outputs.write(submissions / "grades.csv", _csv(rows, columns))
    for key, record in results.items():
        outputs.write(submissions / "feedback" / f"{_name(key)}.md", feedback_text(key, record, hand))
    for chapter in chapters:
        mine = [row for row in rows if row["chapter"] == chapter or (row["notebook"] == "" and len(chapters) == 1)]
        possible = max((row["possible"] for row in mine if row["possible"] != ""), default=0.0)
        title = f"lossland Chapter {CHAPTERS.index(chapter) + 1}"
        outputs.write(submissions / f"canvas-{chapter}.csv", gradebook.canvas_csv(mine, title, possible))
        outputs.write(submissions / f"moodle-{chapter}.csv", gradebook.moodle_csv(mine, title))
    if manual and not hand_path.exists():  # once: from now on the file is the instructor's
        hand_path.write_text(gradebook.hand_template([row for row in rows if row["notebook"]], manual))
    if pdf:
        import handgrading_pdf

        for key, record in results.items():
            if any(q["manual"] for q in record["questions"]):
                handgrading_pdf.write_pdf(submissions / key, record, outputs, submissions / "hand-grading" / f"{_name(key)}.pdf")
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path, help="folder of submitted notebooks (searched recursively)")
    parser.add_argument("--assignments", type=Path, default=ROOT / "_build" / "assignments",
                        help="the output of scripts/assignments.py (default: _build/assignments)")
    parser.add_argument("--cell-limit", type=float, default=60.0, help="seconds a cell may run before it is stopped (default 60)")
    parser.add_argument("--jobs", type=int, help="notebooks graded at once (joblib's convention; default: all cores)")
    parser.add_argument("--roster", type=Path, help="CSV of the class: columns id, name (optional email, sis_login_id, section, canvas_id)")
    parser.add_argument("--deadline", type=datetime.fromisoformat, help="flag notebooks modified after this time (ISO, e.g. 2026-12-01T17:00)")
    parser.add_argument("--only", nargs="+", type=Path, help="regrade only these notebooks; keep every other notebook's grades")
    parser.add_argument("--pdf", action="store_true", help="also print each submission's hand-graded answers to hand-grading/*.pdf")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"SUBMISSIONS must be a folder of notebooks, got {args.submissions}")
    if args.cell_limit <= 0:
        parser.error(f"--cell-limit must be > 0 seconds, got {args.cell_limit:g}")
    submissions = args.submissions.resolve()
    notebooks = sorted(path for path in submissions.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts)
    roster = gradebook.read_roster(args.roster) if args.roster else {}
    stored_path = submissions / RESULTS
    stored = json.loads(stored_path.read_text()) if stored_path.is_file() else {}
    if args.only:
        chosen = [path.resolve() for path in args.only]
        unknown = [str(path) for path in chosen if path not in notebooks]
        if unknown:
            parser.error(f"--only: not notebooks under {submissions}: {unknown}")
        notebooks = chosen
    else:
        stored = {}
    try:  # before hours of grading: a grades table corrected by hand is never overwritten
        Outputs(submissions).check([submissions / "grades.csv", stored_path])
    except Refused as error:
        print(f"grade.py: {error}", file=sys.stderr)
        return 1
    results = {**stored, **grade_all(submissions, args.assignments.resolve(), notebooks, args.cell_limit, args.jobs, args.quiet)}
    try:
        Outputs(submissions).write(stored_path, json.dumps(results, indent=1))
        rows = write_gradebook(submissions, results, roster, args.deadline, args.pdf)
    except (Refused, ValueError) as error:
        print(f"grade.py: {error}", file=sys.stderr)
        return 1
    for row in rows:
        print(f"{row['notebook'] or row['student_id']}: {row['total']} / {row['possible']} ({row['status']})", flush=True)
    print(f"{len(results)} notebook(s): {submissions / 'grades.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
