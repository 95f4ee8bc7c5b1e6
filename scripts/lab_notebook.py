"""Make a student's own notebook of a chapter, once: ``notebooks/<chapter>.ipynb``.

Usage (``make lab`` runs it before it starts JupyterLab; ``make notebook`` alone)::

    python scripts/lab_notebook.py liu            # make notebooks/liu.ipynb unless it exists
    python scripts/lab_notebook.py liu --fresh    # keep the old one as notebooks/liu-<time>.ipynb, make a new one

The notebook is the student's: it is made when missing and never written again.  When the
chapter's source changed since (after a ``git pull``), the notebook is kept as it is and the
message says how to get a fresh copy beside it.  ``notebooks/`` is outside ``_build``, so
``make clean`` leaves it alone, and git ignores it.  Notebooks an older ``make lab`` left in
``_build/lab/`` are moved into ``notebooks/`` first, never deleted.

The notebook is the chapter read by jupytext and rewritten for JupyterLab with jupyterlab-myst
(the reader's edition):

* each exercise is one ``{exercise}`` block and its solution, text and code, one folded
  ``{solution}`` dropdown in a Markdown cell, so that Run All executes no solution (its code
  is shown to copy, not run);
* what points outside the notebook (citations, ``{doc}`` links, other chapters' sections,
  figure numbers) is written out by ``scripts/assignments.py``'s ``LabMarkdown``, with a
  reference list at the end; a figure's caption becomes a paragraph under its cell;
* a number the book glues into the text (``glue(name, value, display=False)``) is named in the
  text, *(computed: ``name``)*: the website prints it, JupyterLab cannot;
* a note at the top says how the notebook behaves (explorers need the kernel; after reopening,
  run the cells again).
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from pathlib import Path

import jupytext
import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from assignments import LabMarkdown, chapter_parts  # noqa: E402

from lossland.book.ledger import CHAPTERS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OLD_LAB = ROOT / "_build" / "lab"
GLUE = re.compile(r"\{glue(?::text|:md)?\}`([^`:]+)(?::[^`]*)?`")
NOTE = """\
```{{note}}
**Your notebook of Chapter {number}.** It was made from `book/{chapter}.md` and is yours: edit
and save it freely, `make lab` never writes over it or deletes it.

- Each exercise's solution is folded under it and does not run with *Run All*: try the exercise
  first, then open the solution; its code is there to read or copy into a cell.
- The explorers (sliders and buttons) respond only while the kernel runs. A saved notebook
  shows them as they were; after reopening it, or restarting the kernel, run the cells again
  (*Run › Run All Cells*) to make them respond.
- A number shown as *(computed: `name`)* in the text is one the code above computes and hands to
  the book's website (`glue`), which prints it there; this notebook shows its name only.
```"""


def source_digest(chapter: str) -> str:
    """A fingerprint of ``book/<chapter>.md``, stored in the notebook to tell when the chapter changed."""
    return hashlib.sha256((ROOT / "book" / f"{chapter}.md").read_bytes()).hexdigest()


def _solution_cell(label: str, solution: str, lab: LabMarkdown) -> nbformat.NotebookNode:
    """The solution of exercise ``label`` as one folded ``{solution}`` block: its prose, and its code as listings."""
    parts = []
    for cell in jupytext.reads(solution, fmt="myst").cells:
        if cell.cell_type == "code":
            parts.append(f"```python\n{cell.source.strip()}\n```")
        elif cell.source.strip():
            parts.append(_markdown(cell.source.strip(), lab))
    fence = "`" * 4
    body = "\n\n".join(parts)
    cell = nbformat.v4.new_markdown_cell(f"{fence}{{solution}} {label}\n:class: dropdown\n\n{body}\n{fence}")
    cell.metadata["tags"] = ["solution"]
    return cell


def _markdown(source: str, lab: LabMarkdown) -> str:
    """A Markdown piece of the chapter with outward roles written out and glued numbers named."""
    return GLUE.sub(lambda match: f"*(computed: `{match.group(1)}`)*", lab(source))


def student_notebook(chapter: str) -> nbformat.NotebookNode:
    """``book/<chapter>.md`` as the reader's-edition notebook described in the module docstring."""
    source, solutions, lab, exercises, splitter = chapter_parts(chapter)
    cells = []
    for cell in source.cells:
        if cell.cell_type != "markdown":
            cell.metadata.pop("lines_to_next_cell", None)
            cells.append(cell)
            figure = cell.metadata.get("mystnb", {}).get("figure", {})
            if "name" in figure:
                cells.append(nbformat.v4.new_markdown_cell(_markdown(lab.caption(figure["name"], figure.get("caption", "")), lab)))
            continue
        for piece in splitter.split(cell.source) if splitter else [cell.source]:
            if piece in exercises:
                exercise = exercises[piece]
                cells.append(nbformat.v4.new_markdown_cell(_markdown(lab.exercise(exercise), lab)))
                if exercise.label in solutions:
                    cells.append(_solution_cell(exercise.label, solutions[exercise.label], lab))
            elif piece.strip():
                cells.append(nbformat.v4.new_markdown_cell(_markdown(piece.strip(), lab)))
    if lab.cited:
        cells.append(nbformat.v4.new_markdown_cell(lab.references()))
    cells.insert(1, nbformat.v4.new_markdown_cell(NOTE.format(number=CHAPTERS.index(chapter) + 1, chapter=chapter)))
    metadata = {"kernelspec": source.metadata["kernelspec"], "language_info": {"name": "python"},
                "lossland": {"chapter": chapter, "source_sha256": source_digest(chapter)}}
    return nbformat.v4.new_notebook(cells=cells, metadata=metadata)


def _aside(path: Path) -> Path:
    """A free name beside ``path`` stamped with the time: ``liu-20261207-1612.ipynb``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate, k = path.with_name(f"{path.stem}-{stamp}{path.suffix}"), 1
    while candidate.exists():
        candidate, k = path.with_name(f"{path.stem}-{stamp}-{k}{path.suffix}"), k + 1
    return candidate


def rescue_old_notebooks() -> list[str]:
    """Move the notebooks an older ``make lab`` kept in ``_build/lab`` into ``notebooks/`` (never over one)."""
    moved = []
    for old in sorted(OLD_LAB.glob("*.ipynb")) if OLD_LAB.is_dir() else []:
        NOTEBOOKS.mkdir(exist_ok=True)
        target = NOTEBOOKS / old.name
        target = _aside(target) if target.exists() else target
        old.rename(target)
        moved.append(f"Moved {old.relative_to(ROOT)} (made by an older make lab) to {target.relative_to(ROOT)}.")
    return moved


def prepare(chapter: str, fresh: bool = False) -> tuple[Path, str]:
    """Make ``notebooks/<chapter>.ipynb`` if missing (or, with ``fresh``, after moving the old one aside).

    Never writes over an existing file.  Returns the notebook's path and what was done, as a message.
    """
    path = NOTEBOOKS / f"{chapter}.ipynb"
    notes = rescue_old_notebooks()
    if path.exists() and fresh:
        kept = _aside(path)
        path.rename(kept)
        notes.append(f"Your notebook is kept as {kept.relative_to(ROOT)}.")
    if path.exists():
        made_from = nbformat.read(path, as_version=4).metadata.get("lossland", {}).get("source_sha256")
        if made_from != source_digest(chapter):
            notes.append(f"book/{chapter}.md has changed since {path.relative_to(ROOT)} was made. Your notebook is kept as "
                         f"it is. For a fresh copy of the chapter beside it: make lab CHAPTER={chapter} NEW=1 (yours "
                         f"is then renamed {chapter}-<date>-<time>.ipynb, nothing is deleted).")
        else:
            notes.append(f"Your notebook: {path.relative_to(ROOT)}.")
        return path, "\n".join(notes)
    NOTEBOOKS.mkdir(exist_ok=True)
    notebook = student_notebook(chapter)
    with open(path, "x") as file:  # "x": fails rather than overwrite a file that appeared meanwhile
        nbformat.write(notebook, file)
    notes.append(f"Made {path.relative_to(ROOT)} from book/{chapter}.md: it is yours to edit; make lab never writes over it.")
    return path, "\n".join(notes)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", choices=CHAPTERS, help="the chapter to make a notebook of")
    parser.add_argument("--fresh", action="store_true",
                        help="make a new notebook even if one exists (the old one is renamed <chapter>-<time>.ipynb)")
    args = parser.parse_args(argv)
    _, message = prepare(args.chapter, args.fresh)
    print(message)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
