"""The gradebook side of ``scripts/grade.py``: the roster, hand grades, late flags and the LMS tables.

* **Roster** (``--roster FILE``): a CSV with a column ``id`` (the student ID students type into
  their notebook's ID cell) and ``name``; optional ``email``, ``sis_login_id``, ``section`` and
  ``canvas_id`` (Canvas's own user ID, from a Canvas gradebook export).  Submissions are joined
  to it by ID; a student on the roster without a submission gets a row marked ``missing``.
* **Hand grades** (``SUBMISSIONS/hand-grades.csv``): one row per submission, one column per
  manually graded question, headed ``<question> (/N)``.  The grader writes this file once, with
  blank cells, when it does not exist; after that it is the instructor's and is only read.
  Blank cells count as not yet graded (0, and the status says so).
* **Late flags**: a submission's time is its file's modification time; with ``--deadline``,
  a later time is flagged ``late`` with how late.
* **Canvas** (``canvas-<chapter>.csv``): Canvas imports a gradebook CSV in the layout of its
  own export: the columns ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``,
  then one column per assignment (a new name creates the assignment), and an optional second
  row ``Points Possible``; read-only columns are ignored on import (Canvas Instructor Guide,
  "How do I import grades in the Gradebook?"; the export layout and its read-only columns are
  described e.g. at https://ts.vcu.edu/askit/teaching-and-learning/canvas/faculty/grading-faculty/gradebook-action-menu-faculty/).
* **Moodle** (``moodle-<chapter>.csv``): Moodle's CSV grade import maps one column of the file
  to a user field ("Map from" ``ID number`` to ``useridnumber``, or ``Email address`` to
  ``useremail``) and the other columns to grade items, with an optional feedback column
  imported together with its grade (https://docs.moodle.org/311/en/Grade_import, "CSV grade
  import" and Note 3).
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

ROSTER_COLUMNS = ("id", "name")


def read_roster(path: Path) -> dict[str, dict[str, str]]:
    """The roster as ``{student ID: row}``; a missing ``id``/``name`` column or a repeated ID is an error."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    missing = [column for column in ROSTER_COLUMNS if rows and column not in rows[0]] or ([] if rows else ["any row"])
    if missing:
        raise ValueError(f"roster {path}: needs the columns id and name (and a row per student); missing {missing}.")
    roster: dict[str, dict[str, str]] = {}
    for row in rows:
        key = row["id"].strip()
        if key in roster:
            raise ValueError(f"roster {path}: student ID {key!r} appears twice.")
        roster[key] = {name: (value or "").strip() for name, value in row.items()}
    return roster


def hand_column(question: str, points: float) -> str:
    """The column of a manually graded question in hand-grades.csv and grades.csv."""
    return f"{question} (/{points:g})"


def hand_template(rows: list[dict], manual: dict[str, float]) -> str:
    """hand-grades.csv with a blank cell per submission and manual question (``manual``: question -> points)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["notebook", "student_id", *(hand_column(q, p) for q, p in manual.items())])
    for row in rows:
        writer.writerow([row["notebook"], row.get("student_id", ""), *[""] * len(manual)])
    return out.getvalue()


def read_hand_grades(path: Path, manual: dict[str, float]) -> dict[str, dict[str, float]]:
    """The hand grades by notebook: ``{notebook: {question: points}}``; blank cells are left out.

    A grade outside ``[0, points]`` or not a number is an error naming the cell.
    """
    if not path.is_file():
        return {}
    grades: dict[str, dict[str, float]] = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            for question, points in manual.items():
                cell = (row.get(hand_column(question, points)) or "").strip()
                if not cell:
                    continue
                try:
                    value = float(cell)
                except ValueError:
                    raise ValueError(f"{path}, line {line}: {hand_column(question, points)} must be a number, got {cell!r}.") from None
                if not 0 <= value <= points:
                    raise ValueError(f"{path}, line {line}: {hand_column(question, points)} must be between 0 and {points:g}, got {cell}.")
                grades.setdefault(row["notebook"], {})[question] = value
    return grades


def lateness(submitted: float, deadline: datetime | None) -> str:
    """``""`` if on time (or no deadline), else ``late by 1 h 5 min``."""
    if deadline is None:
        return ""
    over = submitted - deadline.timestamp()
    if over <= 0:
        return ""
    hours, minutes = divmod(round(over / 60), 60)
    return f"late by {hours} h {minutes} min" if hours else f"late by {max(minutes, 1)} min"


def canvas_csv(rows: list[dict], assignment: str, possible: float) -> str:
    """The Canvas gradebook import: its five identity columns, one assignment column, a Points Possible row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment])
    writer.writerow(["Points Possible", "", "", "", "", f"{possible:g}"])
    for row in rows:
        writer.writerow([row.get("name", ""), row.get("canvas_id", ""), row.get("student_id", ""), row.get("sis_login_id", ""),
                         row.get("section", ""), "" if row.get("total", "") == "" else f"{row['total']:g}"])
    return out.getvalue()


def moodle_csv(rows: list[dict], assignment: str) -> str:
    """The Moodle CSV import: ID number and email (either can be the "Map from" column), the grade, its feedback."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ID number", "Email address", "Full name", assignment, f"{assignment} feedback"])
    for row in rows:
        writer.writerow([row.get("student_id", ""), row.get("email", ""), row.get("name", ""),
                         "" if row.get("total", "") == "" else f"{row['total']:g}", row.get("status", "")])
    return out.getvalue()
