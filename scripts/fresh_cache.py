"""Drop the executed outputs when the package or what runs it changed, so that no page shows stale numbers.

jupyter-cache keys a chapter's outputs on its code cells only, and Sphinx re-reads only the
pages whose source changed; neither sees a change to ``lossland/`` or to the installed
versions.  This script hashes the package's files (names and contents), the Python version and
the installed distributions' versions (:func:`lossland.book.ledger.source_hash`, the key of the
claim cache too) and, when
the hash differs from the one recorded at the last build, removes the execution cache and Sphinx's saved environment of every build
(website and student edition), so the next build re-executes and re-reads every page.
When the package is unchanged it does nothing, and cached outputs stay.

Usage: ``python scripts/fresh_cache.py [ROOT]`` (``make book``, ``make test`` and
``make student`` run it first).
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from lossland.book.ledger import source_hash

STAMP = Path("_build") / ".lossland-sources"
STALE = [
    Path("_build") / ".jupyter_cache", Path("_build") / ".doctrees", Path("_build") / ".claims",
    Path("_build") / "student" / "_build" / ".doctrees", Path("_build") / "student" / "_build" / ".claims",
]


def refresh(root: Path) -> bool:
    """Remove the stale outputs if the package (or the venv) changed since the last build; True if it did."""
    current = source_hash(root / "lossland")
    stamp = root / STAMP
    if stamp.exists() and stamp.read_text().strip() == current:
        return False
    for path in STALE:
        shutil.rmtree(root / path, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return True


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=Path.cwd(), help="the repository (default: here)")
    root = parser.parse_args().root
    if not (root / "lossland").is_dir():
        parser.error(f"{root} has no lossland/ folder: pass the repository's root")
    if refresh(root):
        print("lossland/ or the installed versions changed since the last build: every page will be executed again.")
