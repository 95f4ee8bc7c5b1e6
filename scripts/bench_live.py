"""Benchmark a reader's first live launch: bytes over the wire, seconds to an idle kernel, seconds to run all.

Usage::

    python scripts/bench_live.py [--runs _build/.claims] [--chapter NAME ...] [--baseline COMMIT] [--rounds 1]

Assembles the live site as the book build does (:func:`sitebuild.live_site.build`: the
chapters' notebooks, the verified Pyodide runtime, lossland's wheel, and the runs the build
saved for the browser, :mod:`lossland.book.saved_runs`, from ``--runs``, by default the
build's cache folder ``_build/.claims``), in a subprocess with the tree's code, and prints its
size by part.  Then each chapter is opened live in headless Chromium, offline, in a fresh
profile (a first visit), served as ``make serve`` serves it (``scripts/serve.py``): megabytes
Chromium received over the wire (its network log), seconds from opening the live notebook
to an idle kernel, and seconds to run every cell (``scripts/check_live.py``), each also as the
CPU seconds the browser used (hardly changed by load from elsewhere, unlike the wall time);
``--files`` lists every file over 200 kB that a launch fetched, as the server sent it.

``--baseline COMMIT`` assembles that commit's live site too (its code from a temporary git
worktree, the same saved runs) and measures both in the same run, alternating tree by tree
for each chapter and round, so that load from elsewhere on the machine falls on both alike.
Without saved runs, Chapter 1's first cell would retrain Table 1 in WebAssembly (minutes):
make them with ``make book``, or for Chapter 1 alone with
``LOSSLAND_CLAIM_CACHE=DIR python -c "from lossland.decomposition.random_regions import website_table1; website_table1()"``.
"""
from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import check_live  # noqa: E402

from lossland.book import saved_runs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PARTS = {"Pyodide runtime and wheels": "static/pyodide", "kernel wheels (piplite)": "pypi",
         "notebooks": "files", "JupyterLite app and extensions": None}

# Run with a tree's code (cwd and first on the path): the build's own assembly of the live site
# (its build tools in scripts/sitebuild; in lossland.book in a tree from before they left the package).
ASSEMBLE = """
import sys
from pathlib import Path
import lossland
sys.path.insert(0, str(Path.cwd() / "scripts"))
try:
    from sitebuild import live_site
except ModuleNotFoundError:
    from lossland.book import live_site
if not Path(lossland.__file__).resolve().is_relative_to(Path.cwd().resolve()):
    raise SystemExit(f"lossland was imported from {lossland.__file__}, not from {Path.cwd()}")
site, runs, chapters = Path(sys.argv[1]), [Path(p) for p in sys.argv[3:]], sys.argv[2].split(",")
live_site.build(site, {name: Path("book") / f"{name}.md" for name in chapters}, runs=runs)
"""


def _megabytes(path: Path, compressed: bool | None = None) -> float:
    """Megabytes of the files under ``path``: all, or only the gzip copies (True), or all but them (False)."""
    files = [f for f in path.rglob("*") if f.is_file()] if path.is_dir() else []
    if compressed is not None:
        files = [f for f in files if (f.suffix == ".gz") == compressed]
    return sum(f.stat().st_size for f in files) / 1e6


def site_sizes(lite: Path) -> dict[str, float]:
    """Megabytes of each part of the live site (gzip copies apart); the app is what the other parts are not."""
    sizes = {name: _megabytes(lite / folder, compressed=False) for name, folder in PARTS.items() if folder}
    sizes["JupyterLite app and extensions"] = _megabytes(lite, compressed=False) - sum(sizes.values())
    sizes["total"] = _megabytes(lite, compressed=False)
    sizes["gzip copies beside them"] = _megabytes(lite, compressed=True)
    return sizes


def assemble(root: Path, site: Path, chapters, runs: list[Path]) -> Path:
    """The live site of the code in ``root`` for ``chapters``, as the build makes it, in ``site/lite``."""
    site.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", ASSEMBLE, str(site), ",".join(chapters), *map(str, runs)], cwd=root,
                   env=benchlib.tree_environment(root), check=True)
    return site / "lite"


def _summary(runs: list[check_live.LiveRun]) -> str:
    median = lambda values: statistics.median(values) if values else float("nan")  # noqa: E731
    return (f"{median([r.wire_mb for r in runs]):7.1f} MB  idle {median([r.kernel_ready_s for r in runs]):5.1f} s "
            f"(CPU {median([r.kernel_cpu_s for r in runs]):5.1f} s)  run all {median([r.run_all_s for r in runs]):6.1f} s "
            f"(CPU {median([r.run_all_cpu_s for r in runs]):6.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=Path, default=ROOT / "_build" / ".claims",
                        help="the build's saved runs (default _build/.claims)")
    parser.add_argument("--chapter", action="append", choices=check_live.CHAPTERS, help="repeatable; default: all")
    parser.add_argument("--baseline", metavar="COMMIT", help="also measure this commit's live site, alternating")
    parser.add_argument("--rounds", type=int, default=1, help="launches per chapter and tree (default 1)")
    parser.add_argument("--moves", type=int, default=0, help="slider moves per explorer (default 0: none)")
    parser.add_argument("--idle-only", action="store_true", help="stop at the idle kernel (no run all)")
    parser.add_argument("--files", action="store_true", help="also list each file over 200 kB that a launch fetched")
    args = parser.parse_args(argv)
    runs = saved_runs.saved_files(args.runs)
    if not runs:
        parser.error(f"{args.runs} holds no saved runs (*{saved_runs.SUFFIX}): see this script's docstring")
    chapters = args.chapter or list(check_live.CHAPTERS)
    problems = False
    with contextlib.ExitStack() as stack:
        trees = {"today (working tree)": ROOT}
        if args.baseline:
            commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline], check=True,
                                    capture_output=True, text=True).stdout.strip()
            trees = {f"baseline {commit}": stack.enter_context(benchlib.worktree(commit)), **trees}
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-live-")))
        sites = {}
        print(f"saved runs: {', '.join(run.name for run in runs)}")
        for index, (tree, root) in enumerate(trees.items()):
            lite = assemble(root, scratch / f"site{index}", chapters, runs)
            sites[tree] = lite.parent
            print(f"{tree}: live site in MB, " + ", ".join(f"{name} {size:.1f}" for name, size in site_sizes(lite).items()))
        results: dict[tuple[str, str], list[check_live.LiveRun]] = {}
        for _ in range(args.rounds):
            for chapter in chapters:
                for tree, site in sites.items():
                    [run] = check_live.check_chapters(site, [chapter], args.moves, launch=True,
                                                      run_all=not args.idle_only)
                    results.setdefault((chapter, tree), []).append(run)
                    print(f"  {chapter:<14} {tree:<24} {_summary([run])}"
                          + (f"  PROBLEMS: {'; '.join(run.problems)[:300]}" if run.problems else ""), flush=True)
                    problems |= bool(run.problems)
                    if args.files:
                        for path, size in sorted(run.large_files.items(), key=lambda item: -item[1]):
                            print(f"      {size / 1e6:6.2f} MB  {path}")
    print(f"\nfirst live launch, median of {args.rounds} per chapter and tree "
          "(bytes over the wire, page open to idle kernel, run all):")
    for chapter in chapters:
        for tree in sites:
            print(f"  {chapter:<14} {tree:<24} {_summary(results[chapter, tree])}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
