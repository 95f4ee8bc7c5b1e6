"""A wheel of lossland for students: no hidden test instances, self-checks that stop explaining after a few tries.

Usage::

    python scripts/student_package.py DEST_FOLDER

The autograder keeps the full package (``sitebuild.wheel``).  The student's copy differs in
each ``lossland/<chapter>/selfcheck.py`` only: its ``HIDDEN_TESTS`` (the other instances the
hidden tests use) is emptied, and every public self-check is wrapped by
``lossland.book.answers.limit_attempts``, so that calling it in a loop does not search out the
answer quickly.  This is a deterrent, not a lock: the count of attempts lives in the running
kernel and restarts with it, and a student can edit an installed package; grades do not depend
on it (the grader runs its own full package).  ``scripts/assignments.py`` puts the wheel beside each student notebook, whose first code
cell installs it when ``lossland`` is missing.  The book's sources (and their solutions) are not
in it: a wheel holds the package alone.
"""
from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRAP = ("\n\n# Student package: the self-checks explain a limited number of wrong attempts (scripts/student_package.py).\n"
        "from lossland.book.answers import limit_attempts as _limit_attempts  # noqa: E402\n\n"
        "for _name in __all__:\n"
        "    if _name.startswith('check_'):\n"
        "        globals()[_name] = _limit_attempts(globals()[_name])\n")


def student_selfcheck(source: str) -> str:
    """A self-check module's source with ``HIDDEN_TESTS`` emptied and its checks wrapped by ``limit_attempts``."""
    lines = source.splitlines(keepends=True)
    for node in reversed(ast.parse(source).body):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(getattr(target, "id", None) == "HIDDEN_TESTS" for target in targets):
            lines[node.lineno - 1:node.end_lineno] = ["HIDDEN_TESTS: dict = {}  # the grader's instances are not in the student package\n"]
    return "".join(lines) + WRAP


def student_wheel(dest: Path) -> Path:
    """Build the student wheel of lossland into the folder ``dest``; returns its path."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as copy:
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, copy)
        shutil.copytree(ROOT / "lossland", Path(copy) / "lossland", ignore=shutil.ignore_patterns("__pycache__"))
        for module in sorted(Path(copy, "lossland").glob("*/selfcheck.py")):
            module.write_text(student_selfcheck(module.read_text()))
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                        "--wheel-dir", str(dest), copy], check=True, stdout=subprocess.DEVNULL)
    return next(dest.glob("lossland-*.whl"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to write the wheel into")
    print(student_wheel(parser.parse_args(argv).dest))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
