"""Benchmark the live site: what it adds to the website, and how fast chapters run in the browser.

Usage::

    python scripts/bench_live.py [_build/html] [--chapter NAME ...] [--moves 5]

Assembles the live site afresh into a copy of the built site (timing the assembly), prints its
size by part (the Pyodide runtime, the kernel's wheels, the JupyterLite app, the notebooks),
then runs each chapter live in headless Chromium, offline, in a fresh browser profile
(a first launch): seconds to an idle kernel, seconds to run every cell, the explorers'
median and worst update, and the megabytes received (scripts/check_live.py).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_live  # noqa: E402

from lossland.book import live_site  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PARTS = {"Pyodide runtime and wheels": "static/pyodide", "kernel wheels (piplite)": "pypi",
         "notebooks": "files", "JupyterLite app and extensions": None}


def _megabytes(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def site_sizes(lite: Path) -> dict[str, float]:
    """Megabytes of each part of the live site; the app is whatever the other parts are not."""
    sizes = {name: _megabytes(lite / folder) for name, folder in PARTS.items() if folder}
    sizes["JupyterLite app and extensions"] = _megabytes(lite) - sum(sizes.values())
    sizes["total"] = _megabytes(lite)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", nargs="?", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--chapter", action="append", choices=check_live.CHAPTERS)
    parser.add_argument("--moves", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "html"
        shutil.copytree(args.html, site, ignore=shutil.ignore_patterns(live_site.LITE_FOLDER))
        start = time.perf_counter()
        lite = live_site.build(site, {name: ROOT / "book" / f"{name}.md" for name in check_live.CHAPTERS})
        seconds = time.perf_counter() - start
        print(f"live site assembled in {seconds:.1f} s; size in MB:")
        for name, size in site_sizes(lite).items():
            print(f"  {name:<32} {size:7.1f}")
        print(f"  (the rest of the website:        {_megabytes(site) - _megabytes(lite):7.1f})")
        runs = check_live.check_chapters(site, args.chapter or check_live.CHAPTERS, args.moves)
    print(check_live.report(runs))
    return 1 if any(run.problems for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
