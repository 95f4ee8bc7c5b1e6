"""The form the chapters' MyST sources are kept in, so that saving one from JupyterLab changes nothing.

Usage::

    python scripts/lab_format.py --check book/*.md    # list the files not in that form (exit 1 if any)
    python scripts/lab_format.py --write book/*.md    # put them in that form (idempotent)

JupyterLab opens ``book/<chapter>.md`` as a notebook through jupytext and, on save, writes the
notebook back with jupytext.  A chapter is *in saved form* when that round trip returns it
unchanged: :func:`saved_form` is what JupyterLab writes.  Two settings keep the form close to how
the chapters are written (``make lab`` puts both into the lab venv's Jupyter server, see
``scripts/lab_setup.py``):

* :data:`METADATA_FILTER` leaves jupytext's and its format's version numbers out of the header,
  so that a newer jupytext does not rewrite every chapter;
* :func:`install` makes jupytext write a multi-line string in cell options (a figure's
  ``caption``) as a YAML block (``caption: |``), as the chapters write it, instead of a quoted
  string re-wrapped at 80 columns.

What remains for ``--write`` to change is layout jupytext imposes: a blank line before and after
each code cell (solutions hold code cells directly under their text).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import yaml
from jupytext.myst import CompactDumper

#: Leaves jupytext's version numbers out of the header when it writes a chapter.
METADATA_FILTER = "-jupytext.text_representation.jupytext_version,-jupytext.text_representation.format_version"
FORMAT = {"extension": ".md", "format_name": "myst", "notebook_metadata_filter": METADATA_FILTER}


def _block_strings(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """A string as YAML: a block (``|``) when it spans lines, as the chapters write captions."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


def install() -> None:
    """Make jupytext write multi-line cell options as YAML blocks (in this process)."""
    CompactDumper.add_representer(str, _block_strings)


def saved_form(text: str) -> str:
    """The chapter ``text`` as JupyterLab saves it: read and written again by jupytext."""
    install()
    return jupytext.writes(jupytext.reads(text, fmt="md:myst"), fmt=FORMAT)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="list the files not in saved form (exit 1 if any)")
    action.add_argument("--write", action="store_true", help="rewrite the files in saved form")
    parser.add_argument("files", nargs="+", type=Path, help="MyST notebooks with a jupytext header (book/<chapter>.md)")
    args = parser.parse_args(argv)
    differ = []
    for path in args.files:
        text = path.read_text()
        if not text.startswith("---") or "jupytext:" not in text.split("---", 2)[1]:
            continue  # a plain Markdown page (intro.md, references.md): JupyterLab opens it as text
        form = saved_form(text)
        if form != text:
            differ.append(path)
            if args.write:
                path.write_text(form)
    verb = "rewrote" if args.write else "not in saved form"
    for path in differ:
        print(f"{verb}: {path}")
    return 1 if differ and args.check else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
