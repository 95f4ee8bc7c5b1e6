"""One PDF per submission with what is graded by hand: each manual question, its points and the student's written answer.

Gradescope-style hand grading wants one document per student in which every manually graded
question can be found.  :func:`write_pdf` takes from the submitted notebook, for each manual
question, the exercise's statement (the ``{exercise}`` block with its label) and the student's
answer (the *Your answer* cell tagged for that question and the Markdown cells the student added
after it), writes them as one HTML page and prints it with headless Chromium (the same browser
``make pdf`` uses).  Formulas stay in their TeX source: the page loads nothing from the network.
The rubric is not printed: it lives in the instructor notebook.
"""
from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat
from nbconvert.filters import markdown2html_mistune

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
STYLE = ("body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.45}"
         "section{border-top:2px solid #0072B2;margin-top:1.5em;padding-top:.5em;page-break-inside:avoid}"
         ".answer{border-left:4px solid #E69F00;padding-left:1em}")


def _answer(cells: list, question: str) -> list[str]:
    """The Markdown of the student's written answer to ``question``: its tagged cell and the Markdown cells after it."""
    texts, inside = [], False
    for cell in cells:
        mark = cell.metadata.get("lossland", {})
        if mark.get("role") == "written" and mark.get("question") == question:
            inside = True
        elif inside and (cell.cell_type != "markdown" or mark or ":label:" in cell.source):
            break
        if inside:
            texts.append(cell.source)
    return texts


def _statement(cells: list, exercise: str) -> str:
    """The exercise's statement: the Markdown cell of its ``{exercise}`` block, fences and options dropped."""
    for cell in cells:
        if cell.cell_type == "markdown" and f":label: {exercise}" in cell.source:
            lines = [line for line in cell.source.splitlines() if not line.startswith(("````", ":label:", ":class:"))]
            return "\n".join(lines)
    return ""


def page(notebook: Path, record: dict) -> str:
    """The HTML page of one submission's hand-graded questions."""
    cells = nbformat.read(notebook, as_version=4).cells
    parts = [f"<h1>{html.escape(notebook.name)}</h1><p>Student ID: {html.escape(record.get('student_id') or 'not given')}</p>"]
    for question in record["questions"]:
        if not question["manual"]:
            continue
        answer = "\n\n".join(_answer(cells, question["name"])) or "*(no answer cell found)*"
        parts.append(f"<section><h2>{html.escape(question['exercise'])}: {html.escape(question['name'])} "
                     f"({question['points']:g} points)</h2>{markdown2html_mistune(_statement(cells, question['exercise']))}"
                     f"<div class='answer'><h3>Answer</h3>{markdown2html_mistune(answer)}</div></section>")
    return f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{html.escape(notebook.name)}</title><style>{STYLE}</style>" \
           f"<body>{''.join(parts)}</body></html>"


def print_pdf(page_html: str) -> bytes:
    """``page_html`` printed to PDF by headless Chromium."""
    browser = next((shutil.which(name) for name in CHROMIUM if shutil.which(name)), None)
    if browser is None:
        raise RuntimeError("printing the hand-grading PDFs needs Chromium (apt-get install chromium).")
    with tempfile.TemporaryDirectory() as work:
        source, target = Path(work) / "page.html", Path(work) / "page.pdf"
        source.write_text(page_html)
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={work}/profile",
                        "--no-pdf-header-footer", f"--print-to-pdf={target}", source.as_uri()],
                       check=True, capture_output=True, timeout=120)
        return target.read_bytes()


def write_pdf(notebook: Path, record: dict, outputs, dest: Path) -> Path:
    """Write the hand-grading PDF of ``notebook`` (graded as ``record``) to ``dest`` through ``outputs``."""
    return outputs.write(dest, print_pdf(page(notebook, record)))
