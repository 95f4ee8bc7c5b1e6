"""Grade every submitted notebook with the chapter's otter autograder and write ``grades.csv``.

Usage::

    python scripts/grade.py SUBMISSIONS [--assignments _build/assignments] [--timeout 600]

Every ``.ipynb`` under ``SUBMISSIONS`` (checkpoints skipped) is graded with ``otter run`` (no
Docker) against ``ASSIGNMENTS/<chapter>/autograder/<chapter>-autograder.zip``, the output of
``scripts/assignments.py``.  A notebook's chapter is read from its metadata (``lossland.chapter``,
which the handed-out notebooks carry) or, failing that, from its file name.  Each run has a time
limit: a notebook that hangs is stopped and recorded as such, and the next one is graded.

``SUBMISSIONS/grades.csv`` gets one row per notebook: its path, chapter, the score of every
exercise (the sum of its questions' scores, by the handed-out notebook's
``lossland.exercises``), the total, the points possible and a status (``graded``, ``timed out
after N s``, ``no chapter``, or otter's error).  ``SUBMISSIONS/feedback/<notebook>.txt`` holds
otter's per-question output, with the self-checks' feedback for every failed test.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from lossland.book.ledger import CHAPTERS

ROOT = Path(__file__).resolve().parents[1]


def chapter_of(notebook: Path) -> str | None:
    """The chapter a notebook belongs to: its ``lossland.chapter`` metadata, else a chapter name in its file name."""
    try:
        chapter = nbformat.read(notebook, as_version=4).metadata.get("lossland", {}).get("chapter")
    except Exception:  # not a readable notebook: fall back on the name
        chapter = None
    if chapter in CHAPTERS:
        return chapter
    return next((name for name in CHAPTERS if name in notebook.stem.lower()), None)


def exercises_of(assignments: Path, chapter: str) -> list[tuple[str, list[str]]]:
    """The chapter's exercises, in order, with their otter questions: from the handed-out notebook, not the submission."""
    handed_out = nbformat.read(assignments / chapter / "student" / f"{chapter}.ipynb", as_version=4)
    return [(label, names) for label, names in handed_out.metadata["lossland"]["exercises"]]


def run_otter(notebook: Path, autograder: Path, timeout: float) -> tuple[dict | None, str]:
    """Otter's results.json for one notebook, and otter's console output; ``None`` on a timeout or a crash."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(autograder), "-o", out, str(notebook)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True)  # its own process group: the kernel goes with it
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return None, f"timed out after {timeout:g} s"
        results = Path(out) / "results.json"
        if process.returncode or not results.is_file():
            return None, output
        return json.loads(results.read_text()), output


def grade_notebook(notebook: Path, assignments: Path, timeout: float) -> tuple[dict, str]:
    """One row of grades.csv for ``notebook``, and the feedback text for it."""
    row = {"notebook": str(notebook), "chapter": chapter_of(notebook) or ""}
    if not row["chapter"]:
        return {**row, "status": "no chapter: neither its metadata nor its name names one"}, ""
    autograder = assignments / row["chapter"] / "autograder" / f"{row['chapter']}-autograder.zip"
    if not autograder.is_file():
        return {**row, "status": f"no autograder at {autograder}: run make assignments"}, ""
    results, output = run_otter(notebook, autograder, timeout)
    if results is None:
        status = output if output.startswith("timed out") else "otter failed: " + output.strip().splitlines()[-1][:200]
        return {**row, "status": status}, output
    questions = {test["name"]: test for test in results["tests"] if "score" in test}
    total = possible = 0.0
    for exercise, names in exercises_of(assignments, row["chapter"]):
        scored = [questions[name] for name in names if name in questions]  # none: graded by hand
        row[exercise] = float(sum(test["score"] for test in scored)) if scored else ""
        total += sum(test["score"] for test in scored)
        possible += sum(test["max_score"] for test in scored)
    feedback = "\n\n".join(f"{name}: {test['score']:g} / {test['max_score']:g}\n{test.get('output', '')}" for name, test in questions.items())
    return {**row, "total": round(total, 6), "possible": round(possible, 6), "status": "graded"}, feedback


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path, help="folder of submitted notebooks (searched recursively)")
    parser.add_argument("--assignments", type=Path, default=ROOT / "_build" / "assignments",
                        help="the output of scripts/assignments.py (default: _build/assignments)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds allowed per notebook (default 600)")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"SUBMISSIONS must be a folder of notebooks, got {args.submissions}")
    if args.timeout <= 0:
        parser.error(f"--timeout must be > 0 seconds, got {args.timeout:g}")
    notebooks = sorted(path for path in args.submissions.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts)
    rows = []
    (args.submissions / "feedback").mkdir(exist_ok=True)
    for notebook in notebooks:
        row, feedback = grade_notebook(notebook, args.assignments.resolve(), args.timeout)
        rows.append(row)
        name = notebook.relative_to(args.submissions).with_suffix(".txt").as_posix().replace("/", "__")
        (args.submissions / "feedback" / name).write_text(feedback)
        print(f"{notebook}: {row.get('total', '-')} / {row.get('possible', '-')} ({row['status']})", flush=True)
    exercises = [label for chapter in CHAPTERS for row in rows if row["chapter"] == chapter
                 for label in row if label not in ("notebook", "chapter", "total", "possible", "status")]
    columns = ["notebook", "chapter", *dict.fromkeys(exercises), "total", "possible", "status"]
    with open(args.submissions / "grades.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} notebook(s) graded: {args.submissions / 'grades.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
