"""Write the book's sources without exercise solutions, for the student edition.

Usage::

    python scripts/student_edition.py _build/student/src

Copies ``_config.yml`` (with ``hide_solutions`` switched on), ``_toc.yml`` and ``book/``
into the destination, links ``scripts/`` there (the build's Sphinx extensions, which the
configuration loads from it), and deletes every solution from the chapters: gated ones
(``{solution-start}`` ... ``{solution-end}``, which may hold code cells) and plain
``{solution}`` blocks.  Deleting them from the sources, rather than only hiding them at
render time, keeps them out of the page's downloadable ``.md``/``.ipynb`` too, and works
around sphinx-exercise crashing on gated solutions when ``hide_solutions`` is set
(executablebooks/sphinx-exercise#89).  ``make student`` then builds the copy.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from lossland.book.myst_blocks import without_blocks

ROOT = Path(__file__).resolve().parents[1]


def strip_solutions(text: str) -> tuple[str, int]:
    """Return ``text`` without its solution blocks (plain and gated, as the parser finds them), and how many were removed."""
    return without_blocks(text, "solution")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to write the student edition's sources into (replaced)")
    dest = parser.parse_args(argv).dest
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT / "book", dest / "book", ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    shutil.copy(ROOT / "_toc.yml", dest / "_toc.yml")
    config, switched = re.subn(r"(?m)^(\s*hide_solutions:)\s*false\b", r"\1 true",
                               (ROOT / "_config.yml").read_text())
    if switched != 1:
        raise SystemExit("_config.yml must contain exactly one 'hide_solutions: false' line.")
    (dest / "_config.yml").write_text(config)
    (dest / "scripts").symlink_to(ROOT / "scripts", target_is_directory=True)  # the build's extensions (local_extensions)
    for chapter in sorted((dest / "book").glob("*.md")):
        text, removed = strip_solutions(chapter.read_text())
        if removed:
            chapter.write_text(text)
            print(f"{chapter.relative_to(dest)}: removed {removed} solution(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
