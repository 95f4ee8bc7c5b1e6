"""Link each chapter to the notation page and its terms to the glossary, idempotently.

Usage::

    python scripts/link_glossary.py [book/decomposition.md ...] [--glossary book/glossary.md] [--dry-run]

Default: the five paper chapters.  For each chapter this

* adds, after the first paragraph of its ``## Overview``, a paragraph linking the
  {doc}`notation` page and the {doc}`glossary` (unless the Overview already links the notation);
* turns the *first* use of each glossary term in the chapter's prose into a ``{term}`` role
  (``{term}`activation regions <activation region>``` for a plural), unless the chapter already
  has a ``{term}`` role for that term.

Prose only: the front matter, fenced code and code cells, ``{math}`` and other non-prose blocks,
``$$`` display math, a directive's option lines, headings, label lines, comments (the lines
:func:`lossland.book.myst_blocks.prose_lines` finds not to be prose, by the MyST parser), and inside
a line inline code, inline math, roles, links and HTML are left exactly as they are.  Running it
twice changes nothing the second time.  ``--dry-run`` prints what it would change, one line per
term with its context, and writes nothing.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lossland.book.ledger import CHAPTERS as BOOK_CHAPTERS
from lossland.book.myst_blocks import blocks, paragraphs, prose_lines, section_lines, source_lines

ROOT = Path(__file__).resolve().parents[1]
#: The paper chapters: every chapter of the book but the closing one, which reproduces no paper.
CHAPTERS = tuple(name for name in BOOK_CHAPTERS if name != "synthesis")
OVERVIEW_LINK = ("The {doc}`notation` page maps this paper's symbols to the book's one notation, and terms link "
                 "to the {doc}`glossary` where they first appear.")

#: Terms that are also everyday words elsewhere: linked only in the chapters that define them
#: ("cell" is a notebook's cell in Chapter 3, "genuine" means "real" there).
TERM_CHAPTERS = {"cell": ("decomposition", "liu"), "genuine": ("decomposition", "liu"),
                 "certified local minimum": ("expneuron",)}
#: Other ways the chapters write a term.
ALIASES = {"γ_λ embedding": ("splitting a neuron", "neuron splitting"), "saddle": ("saddle point", "saddle points"),
           "probability of being trapped": ("probability of a trap",)}

#: Directives whose body is not prose: code, math, data, or a list of terms.
NOT_PROSE = ("code-cell", "code", "code-block", "math", "glue", "glue:figure", "glue:math", "raw", "glossary",
             "figure", "image", "list-table", "csv-table", "mermaid", "bibliography", "toctree", "eval-rst")
#: Spans of a prose line that are left alone: inline code, roles, inline math, links, HTML, autolinks.
PROTECTED = re.compile(
    r"\{[\w:-]+\}`[^`]*`"          # a role with its target
    r"|`+[^`]*`+"                   # inline code
    r"|\$\$.*?\$\$|\$[^$]+\$"       # inline math
    r"|!?\[[^\]]*\]\([^)]*\)"       # a link or an image, text included
    r"|<[^>\s][^>]*>"               # HTML tags and autolinks
)


def glossary_terms(path: Path) -> list[str]:
    """The terms of the ``{glossary}`` block of ``path``: its unindented lines (definitions are indented)."""
    text = path.read_text()
    found = blocks(text, "glossary")
    if not found:
        raise ValueError(f"{path} has no {{glossary}} block.")
    lines = source_lines(text)[found[0].body_start:found[0].body_end]
    return [line.strip() for line in lines if line.strip() and not line[0].isspace()]


def surface_forms(term: str) -> list[str]:
    """How a term may appear in prose: as defined, in the plural, and with minimum -> minima."""
    forms = [term, *ALIASES.get(term, ())]
    if term.endswith("minimum"):
        forms.append(term[: -len("minimum")] + "minima")
    elif term[-1].isalpha() and term[-1] != "s" and term.lower() == term:
        forms.append(term + "s")
    return sorted(forms, key=len, reverse=True)


@dataclass
class Linker:
    """Scans one chapter line by line and links the first prose use of each term not yet linked."""

    terms: list[str]
    pending: set[str] = field(default_factory=set)
    changes: list[str] = field(default_factory=list)

    def patterns(self) -> list[tuple[str, re.Pattern]]:
        return [(term, re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, surface_forms(term))) + r")(?![\w-])",
                                  re.IGNORECASE if term.lower() == term else 0))
                for term in self.terms if term in self.pending]

    def link_line(self, line: str) -> str:
        """``line`` with the first use of each pending term linked, outside the protected spans."""
        pieces, last = [], 0
        for match in PROTECTED.finditer(line):
            pieces += [(line[last:match.start()], True), (match.group(0), False)]
            last = match.end()
        pieces.append((line[last:], True))
        out = []
        for text, prose in pieces:
            if prose:
                text = self._link_text(text)
            out.append(text)
        return "".join(out)

    def _link_text(self, text: str) -> str:
        for term, pattern in self.patterns():
            match = pattern.search(text)
            if not match:
                continue
            found = match.group(1)
            role = f"{{term}}`{found}`" if found == term else f"{{term}}`{found} <{term}>`"
            self.changes.append(f"{term!r}: ...{text[max(0, match.start() - 40):match.end() + 40].strip()}...")
            self.pending.discard(term)
            # link the rest of this text for the other terms, without touching the new role
            return self._link_text(text[: match.start()]) + role + self._link_text(text[match.end():])
        return text


def already_linked(text: str, terms: list[str]) -> set[str]:
    """The terms ``text`` already has a ``{term}`` role for."""
    targets = {(m.group(2) or m.group(1)).strip() for m in re.finditer(r"\{term\}`([^`<]*?)\s*(?:<([^`>]+)>)?`", text)}
    lowered = {target.lower() for target in targets}
    return {term for term in terms if term in targets or term.lower() in lowered}


def add_overview_link(text: str) -> str:
    """``text`` with :data:`OVERVIEW_LINK` after the first paragraph of its Overview (unless it links the notation)."""
    overview, lines = section_lines(text, "Overview"), source_lines(text)
    if overview is None or "{doc}`notation`" in "".join(lines[overview[0]:overview[1]]):
        return text
    first = next((end for start, end in paragraphs(text) if overview[0] <= start < overview[1]), None)
    if first is None:
        return text
    at = first + 1 if first < len(lines) and not lines[first].strip() else first  # after its blank line
    return "".join(lines[:at]) + OVERVIEW_LINK + "\n\n" + "".join(lines[at:])


def link_chapter(text: str, terms: list[str], chapter: str = "") -> tuple[str, list[str]]:
    """The chapter ``text`` (``book/<chapter>.md``) linked (see the module docstring), and a description of each change."""
    terms = [term for term in terms if chapter in TERM_CHAPTERS.get(term, (chapter,))]
    text = add_overview_link(text)
    linker = Linker(terms, pending=set(terms) - already_linked(text, terms))
    prose = prose_lines(text, NOT_PROSE)
    return "".join(linker.link_line(line) if is_prose else line
                   for line, is_prose in zip(source_lines(text), prose)), linker.changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", type=Path, help="chapter files (default: the five paper chapters)")
    parser.add_argument("--glossary", type=Path, default=ROOT / "book" / "glossary.md")
    parser.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    args = parser.parse_args(argv)
    terms = glossary_terms(args.glossary)
    for path in args.chapters or [ROOT / "book" / f"{name}.md" for name in CHAPTERS]:
        text = path.read_text()
        linked, changes = link_chapter(text, terms, path.stem)
        overview = "{doc}`notation`" in linked and "{doc}`notation`" not in text
        print(f"{path}: {len(changes)} terms linked{', notation linked in the Overview' if overview else ''}")
        for change in changes if args.dry_run else ():
            print("   ", change)
        if linked != text and not args.dry_run:
            path.write_text(linked)
    return 0


if __name__ == "__main__":
    sys.exit(main())
