"""Timing helpers shared by the benchmark scripts (not part of the package).

``--baseline COMMIT`` measures another commit's code beside today's, in the same run: the
commit is checked out into a temporary ``git worktree`` and the same benchmark script runs in
a subprocess with that worktree as its working directory and first on ``PYTHONPATH`` (the child
checks that ``lossland`` comes from there). Rounds alternate between the two, so that load from
elsewhere on the machine falls on both alike.
"""
from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_CHILD_FLAG = "--print-updates-json"


def median_seconds(function, repeats: int) -> float:
    """Median wall time of ``function()`` over ``repeats`` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def spread(times) -> str:
    """Median and spread of a list of seconds, in ms: 'median [25th-75th percentile] (min-max), n'."""
    ms = sorted(t * 1e3 for t in times)
    q1, _, q3 = statistics.quantiles(ms, n=4) if len(ms) > 1 else (ms[0],) * 3
    return f"{statistics.median(ms):4.0f} ms [IQR {q1:.0f}-{q3:.0f}] (range {ms[0]:.0f}-{ms[-1]:.0f}), n = {len(ms)}"


@contextlib.contextmanager
def worktree(commit: str):
    """A temporary detached ``git worktree`` of ``commit`` (removed afterwards); yields its path."""
    with tempfile.TemporaryDirectory(prefix="lossland-baseline-") as tmp:
        path = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(path), commit], check=True)
        try:
            yield path
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False)


def tree_environment(root: Path) -> dict:
    """The environment of a run of the code in ``root``: that tree first on the module path."""
    env = dict(os.environ, MPLBACKEND="Agg")
    if root != ROOT:
        env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def _updates_in(root: Path, script: Path, count: int) -> dict[str, list[float]]:
    """Run ``script``'s update measurement on the code in ``root`` in a subprocess; per-update seconds."""
    out = subprocess.run([sys.executable, str(script), _CHILD_FLAG, str(root), "--count", str(count)], cwd=root,
                         env=tree_environment(root), check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def chapter_seconds(chapter: str, static: bool, root: Path = ROOT) -> float:
    """Execute ``book/<chapter>.md`` as a notebook in a fresh kernel and return the wall time.

    ``static=True`` runs it as the website build does (kernel-free fallbacks);
    ``False`` as a student in Jupyter does (live widgets). ``root``: the tree whose book and
    package run (a baseline worktree; the kernel inherits its ``PYTHONPATH``).
    """
    with tempfile.TemporaryDirectory() as tmp:
        notebook = Path(tmp) / f"{chapter}.ipynb"
        source = root / "book" / f"{chapter}.md"
        subprocess.run([sys.executable, "-m", "jupytext", "--quiet", "--to", "ipynb", "-o", str(notebook), str(source)], check=True)
        env = dict(tree_environment(root), LOSSLAND_STATIC="1" if static else "0")
        code = (
            "import nbformat, sys; from nbclient import NotebookClient; "
            "nb = nbformat.read(sys.argv[1], 4); "
            "NotebookClient(nb, timeout=600, resources={'metadata': {'path': sys.argv[2]}}).execute()"
        )
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(notebook), str(root / "book")], check=True, env=env,
                       capture_output=True, cwd=root)
        return time.perf_counter() - start


def report(doc: str, chapter: str, updates, prelude=None, count: int = 40) -> None:
    """The common command line of the chapter benchmarks: print explorer updates, then chapter times.

    ``updates(count)`` returns ``{explorer name: [seconds of each of count updates]}``;
    ``prelude()``, if given, prints the script's other measurements first. Options:
    ``--skip-chapter`` skips the (slow) notebook executions; ``--baseline COMMIT`` measures
    that commit beside today's code (see the module's docstring); ``--rounds R`` alternates
    R rounds of ``count`` updates per explorer and per tree.
    """
    import argparse

    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-chapter", action="store_true", help="do not execute the chapter notebook")
    parser.add_argument("--baseline", metavar="COMMIT", help="also measure this commit's code (from a temporary git worktree)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per tree (default 3)")
    parser.add_argument("--count", type=int, default=count, help=f"updates per explorer and round (default {count})")
    parser.add_argument(_CHILD_FLAG, metavar="ROOT", help=argparse.SUPPRESS)  # the child of a --baseline run
    args = parser.parse_args()
    if args.print_updates_json:
        import lossland

        where = Path(lossland.__file__).resolve()
        if not where.is_relative_to(Path(args.print_updates_json).resolve()):
            raise SystemExit(f"lossland was imported from {where}, not from the tree {args.print_updates_json}")
        print(json.dumps(updates(args.count)))
        return
    if prelude is not None:
        prelude()
    script = Path(sys.argv[0]).resolve()
    with contextlib.ExitStack() as stack:
        trees = {"today": ROOT}
        if args.baseline:
            commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline], check=True,
                                    capture_output=True, text=True).stdout.strip()
            trees = {f"baseline {commit}": stack.enter_context(worktree(commit)), "today (working tree)": ROOT}
        pooled: dict[str, dict[str, list[float]]] = {tree: {} for tree in trees}
        for _ in range(args.rounds):
            for tree, root in trees.items():
                for name, times in _updates_in(root, script, args.count).items():
                    pooled[tree].setdefault(name, []).extend(times)
        print(f"explorer updates (compute + redraw in place + PNG), {args.rounds} rounds x {args.count}:")
        for name in pooled[next(iter(trees))]:
            for tree in trees:
                print(f"  {name:<24s} {tree:<22s} {spread(pooled[tree][name])}")
        if not args.skip_chapter:
            for tree, root in trees.items():
                live, static = chapter_seconds(chapter, static=False, root=root), chapter_seconds(chapter, static=True, root=root)
                print(f"chapter {chapter} as a notebook, {tree}: live widgets (Jupyter) {live:.1f} s, "
                      f"website fallbacks (book build) {static:.1f} s")
