"""`make book` and `make test` on fresh clones, today's commit beside a baseline, in one run (by hand, not by the tests).

    .venv/bin/python scripts/bench_build.py --baseline ac0b400 [--targets book test] [--rounds 1] [--together] [--keep DIR]

What a new contributor or CI waits for: each measurement clones this repository afresh
(``git clone`` of HEAD, or of the baseline commit), so the venv is created and filled, the
live site's assets fetched and every notebook executed from nothing, exactly as on a first
checkout (the installers' download caches in the home folder are shared, as on any machine
that has installed Python packages before). Runs alternate between the two commits, round
by round, so that load from elsewhere on the machine falls on both alike; each run records
its wall time, the CPU time of everything it started, and the machine's load average before
and after. With ``--together`` the two commits' runs start at once, side by side: on a machine
that others load unevenly, both then see the same load (each has about half of what is left).
Each `make book` line of the output is timestamped, so the log shows where its time went (venv,
live assets, each notebook ahead of Sphinx, reading and writing); each `make test` prints
pytest's 60 slowest tests.

A fresh `make test` takes minutes on both cores: on a 2-core machine, one round of both
targets for both commits takes half an hour or more.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def fresh_clone(commit: str, where: Path) -> Path:
    """A clone of this repository at ``commit`` in ``where`` (removed first if it exists)."""
    shutil.rmtree(where, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(where)], check=True)
    subprocess.run(["git", "-C", str(where), "checkout", "--quiet", commit], check=True)
    return where


def run_target(clone: Path, target: str, log: Path) -> dict:
    """``make <target>`` in ``clone``, each output line timestamped into ``log``; wall and CPU seconds, load.

    The CPU time is that of make and everything it waited for (``os.wait4``), so that two runs side by
    side are told apart.
    """
    env = dict(os.environ, PYTEST_ADDOPTS="--durations=60")
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "MPLBACKEND"):
        env.pop(name, None)
    load_before, start = _load(), time.perf_counter()
    make = subprocess.Popen(["make", target], cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True)
    with log.open("w", buffering=1) as out:  # line by line: the log shows how far a run is
        for line in make.stdout:
            out.write(f"{time.perf_counter() - start:7.1f} {line}")
    _, status, usage = os.wait4(make.pid, 0)
    make.stdout.close()
    return {"seconds": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
            "ok": os.waitstatus_to_exitcode(status) == 0, "load": f"{load_before} -> {_load()}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="the commit to compare with (e.g. ac0b400)")
    parser.add_argument("--commit", default="HEAD", help="today's commit (default HEAD)")
    parser.add_argument("--targets", nargs="+", default=["book", "test"], choices=["book", "test"])
    parser.add_argument("--rounds", type=int, default=1, help="alternating rounds per target (default 1)")
    parser.add_argument("--together", action="store_true",
                        help="run the two commits side by side, started at once (a machine shared with others: both see the same load)")
    parser.add_argument("--keep", type=Path, help="keep the clones and logs here (default: a temporary folder)")
    args = parser.parse_args()
    commits = {"baseline": args.baseline, "today": args.commit}
    work = args.keep or Path(tempfile.mkdtemp(prefix="lossland-bench-build-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []

    def measure(target: str, label: str, commit: str, round_: int) -> None:
        clone = fresh_clone(commit, work / f"{label}-{target}-{round_}")
        result = run_target(clone, target, work / f"{label}-{target}-{round_}.log")
        rows.append((target, label, commit, result))
        print(f"make {target:4s} {label:8s} ({commit}): {result['seconds']:6.0f} s wall, {result['cpu']:6.0f} s CPU, "
              f"{'ok' if result['ok'] else 'FAILED'}, load {result['load']}", flush=True)
        if not args.keep:
            shutil.rmtree(clone, ignore_errors=True)

    for target in args.targets:
        for round_ in range(args.rounds):
            order = list(commits.items()) if round_ % 2 == 0 else list(commits.items())[::-1]
            if args.together:
                with ThreadPoolExecutor(max_workers=2) as pool:
                    list(pool.map(lambda item: measure(target, *item, round_), order))
            else:
                for label, commit in order:
                    measure(target, label, commit, round_)
    print(f"\nlogs in {work}")
    sys.exit(0 if all(result["ok"] for *_, result in rows) else 1)


if __name__ == "__main__":
    main()
