"""Timing helpers shared by the benchmark scripts (not part of the package)."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(function, repeats: int) -> float:
    """Median wall time of ``function()`` over ``repeats`` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def chapter_seconds(chapter: str, static: bool) -> float:
    """Execute ``book/<chapter>.md`` as a notebook in a fresh kernel and return the wall time.

    ``static=True`` runs it as the website build does (kernel-free fallbacks);
    ``False`` as a student in Jupyter does (live widgets).
    """
    with tempfile.TemporaryDirectory() as tmp:
        notebook = Path(tmp) / f"{chapter}.ipynb"
        source = ROOT / "book" / f"{chapter}.md"
        subprocess.run([sys.executable, "-m", "jupytext", "--quiet", "--to", "ipynb", "-o", str(notebook), str(source)], check=True)
        env = dict(os.environ, MPLBACKEND="Agg", LOSSLAND_STATIC="1" if static else "0")
        code = (
            "import nbformat, sys; from nbclient import NotebookClient; "
            "nb = nbformat.read(sys.argv[1], 4); "
            "NotebookClient(nb, timeout=600, resources={'metadata': {'path': sys.argv[2]}}).execute()"
        )
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(notebook), str(ROOT / "book")], check=True, env=env, capture_output=True)
        return time.perf_counter() - start


def report(doc: str, chapter: str, updates) -> None:
    """The common command line of the chapter benchmarks: print explorer updates, then chapter times.

    ``updates()`` returns ``{explorer name: median seconds}``; ``--skip-chapter`` skips the
    (slow) notebook executions.
    """
    import argparse

    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-chapter", action="store_true", help="do not execute the chapter notebook")
    args = parser.parse_args()
    for name, seconds in updates().items():
        print(f"{name} update (compute + redraw + PNG), median: {seconds * 1e3:.0f} ms")
    if not args.skip_chapter:
        print(f"chapter as a notebook, live widgets (Jupyter): {chapter_seconds(chapter, static=False):.1f} s")
        print(f"chapter as a notebook, website fallbacks (book build): {chapter_seconds(chapter, static=True):.1f} s")
