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
