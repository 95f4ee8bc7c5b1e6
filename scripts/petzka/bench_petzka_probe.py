"""Time and peak memory of the Fig. 3 probe of Petzka & Sminchisescu (5000 random directions, 2-21-21-1).

Run: ``.venv/bin/python scripts/petzka/bench_petzka_probe.py [--steps 41] [--chunk 64] [--baseline COMMIT]``.

Peak memory is reported two ways: the tracemalloc peak of numpy allocations during
one probe (a separate, slower run: tracemalloc slows allocation), and the process
peak resident size (``ru_maxrss``, which includes the interpreter and libraries).
Budget: < 5 s and < 300 MB.

``--baseline COMMIT`` measures that commit's code beside this tree's, in one run: the commit
is checked out into a temporary ``git worktree`` (``scripts/benchlib.py``) and each tree is
measured in its own subprocess, ``--rounds`` times, alternating, so load from elsewhere on the
machine falls on both alike; it prints both side by side and whether the losses agree bit for bit.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from lossland.petzka import experiment as pe

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/, where benchlib lives
from benchlib import ROOT, spread, tree_environment, worktree  # noqa: E402

_CHILD_FLAG = "--print-json-for"


def measure(args, repeats: int = 3, trace: bool = True) -> dict:
    """Seconds of ``repeats`` probes after a warm-up, tracemalloc peak of one more, max RSS, digest of the losses."""
    wide = pe.wide_minimum()
    steps = np.linspace(-1.0, 1.0, args.steps)
    X, y = wide.data.X, wide.data.y

    def probe():
        return pe.random_direction_losses(wide.arch, wide.theta, X, y, steps, args.directions, 0, args.chunk)

    probe()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        losses = probe()
        times.append(time.perf_counter() - start)
    peak = None
    if trace:
        tracemalloc.start()
        probe()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 1024**2)
    return {"times": times, "peak_mb": peak, "rss_mb": rss, "size": wide.arch.size,
            "digest": hashlib.sha256(losses.tobytes()).hexdigest(), "min_excess": float(losses.min() - wide.loss)}


def measure_in(root: Path, args, trace: bool) -> dict:
    """:func:`measure` in a subprocess that imports lossland from ``root`` (a baseline worktree or this tree)."""
    command = [sys.executable, str(Path(__file__).resolve()), _CHILD_FLAG, str(root), "--steps", str(args.steps),
               "--chunk", str(args.chunk), "--directions", str(args.directions), "--repeats", str(args.repeats)]
    out = subprocess.run(command + ([] if trace else ["--no-trace"]), cwd=root, env=tree_environment(root), check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def child(args) -> None:
    """The subprocess of a ``--baseline`` run: check where lossland comes from, print one JSON line."""
    import lossland

    where = Path(lossland.__file__).resolve()
    if not where.is_relative_to(Path(args.child_root).resolve()):
        raise SystemExit(f"lossland was imported from {where}, not from the tree being measured")
    print(json.dumps(measure(args, args.repeats, trace=not args.no_trace)))


def compare(args) -> None:
    """Alternate ``args.rounds`` rounds of baseline and this tree; print time, memory and agreement side by side."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline], check=True,
                            capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()[0]
    with contextlib.ExitStack() as stack:
        trees = {f"baseline {commit}": stack.enter_context(worktree(commit)), "today (working tree)": ROOT}
        runs: dict[str, list[dict]] = {tree: [] for tree in trees}
        for round_ in range(args.rounds):
            for tree, root in trees.items():
                runs[tree].append(measure_in(root, args, trace=round_ == 0))
    first = runs[next(iter(trees))][0]
    print(f"probe: {args.directions} directions x {args.steps} steps, {first['size']} parameters, chunk {args.chunk}; "
          f"{args.rounds} rounds x {args.repeats} probes per tree, alternating (load average {load:.2f} -> "
          f"{os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs)")
    for tree in trees:
        times = [t for run in runs[tree] for t in run["times"]]
        print(f"  {tree:<22s} {spread(times)}   tracemalloc peak {runs[tree][0]['peak_mb']:5.1f} MB   "
              f"max RSS {max(run['rss_mb'] for run in runs[tree]):4.0f} MB")
    digests = {run["digest"] for tree in trees for run in runs[tree]}
    print("  losses: identical to the last bit in both trees" if len(digests) == 1
          else f"  losses DIFFER between trees or rounds ({len(digests)} distinct results)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=41)
    parser.add_argument("--chunk", type=int, default=64)
    parser.add_argument("--directions", type=int, default=5000)
    parser.add_argument("--baseline", metavar="COMMIT", help="also measure this commit's code (a temporary git worktree)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per tree with --baseline (default 3)")
    parser.add_argument("--repeats", type=int, default=3, help="timed probes per round (default 3)")
    parser.add_argument(_CHILD_FLAG, dest="child_root", metavar="ROOT", help=argparse.SUPPRESS)  # the child of a --baseline run
    parser.add_argument("--no-trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_root:
        child(args)
        return
    if args.baseline:
        compare(args)
        return
    result = measure(args, args.repeats)
    full = args.directions * args.steps * result["size"] * 8 / 1e6
    print(f"probe: {args.directions} directions x {args.steps} steps, {result['size']} parameters, chunk {args.chunk}")
    print(f"  wall time (median of {args.repeats}): {np.median(result['times']):.2f} s   [budget 5 s]")
    print(f"  tracemalloc peak:        {result['peak_mb']:.1f} MB   [budget 300 MB; all points at once: {full:.0f} MB]")
    print(f"  process max RSS:         {result['rss_mb']:.0f} MB")
    print(f"  min over directions - centre loss: {result['min_excess']:.3e}")


if __name__ == "__main__":
    main()
