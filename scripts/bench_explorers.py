"""Every explorer's live update, timed as a student in Jupyter waits for it (run by hand, not by the tests).

    python scripts/bench_explorers.py [--baseline COMMIT | --baseline-tree DIR] [--rounds R] [--count N] [--only NAME]

Each explorer of the book is built as its chapter builds it (live widgets, ``LOSSLAND_STATIC``
unset); then its controls are moved to random values within their ranges (seeded), and each
move is timed from the control's new value to the image widget's new PNG: the computation,
the redraw and the encoding, as the kernel does them. ``--baseline COMMIT`` measures that
commit's code in the same run, rounds alternating (see ``scripts/benchlib.py``);
``--baseline-tree DIR`` the ``lossland`` package in ``DIR`` instead (e.g. a copy of the
working tree with one's own changes undone, while others' uncommitted work is in the tree).
Prints the median and maximum update per explorer.

``--paired`` (for a loaded machine, where separate processes see different load) measures,
as wall time and as the process's CPU time (which load from other processes barely changes),
in one process, move by move alternately, each explorer's live update as issue 27 left it
and as it was before: the draw function and ``png`` of the figure (titles placed by
matplotlib's search, the resolution switched for the save, zlib level 6) with one unit's
cells found by the linear programs (``regions._enumerate_cells_by_programs``).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/, where benchlib lives
from benchlib import ROOT, spread, tree_environment, worktree  # noqa: E402


def explorers() -> dict:
    """The book's explorers, each a function of no arguments building its live widget (in the book's style)."""
    from lossland.book.plots import book_style

    book_style()  # as every chapter does first: grid lines, spines and fonts as in the book
    from lossland.blindspots import figures as bs_figures
    from lossland.core.data import three_points
    from lossland.decomposition import figures as dec_figures
    from lossland.expneuron import figures as exp_figures
    from lossland.liu import figures as liu_figures
    from lossland.liu import gaussian_figures
    from lossland.petzka import figures as petzka_figures
    from lossland.petzka import nonattracting_figures
    from lossland.synthesis import figures as syn_figures

    X, y = three_points()
    return {
        "decomposition region": lambda: dec_figures.region_explorer(X, y, width=2),
        "decomposition inspector": lambda: dec_figures.region_inspector(X, y, width=2),
        "liu gap": gaussian_figures.gap_explorer,
        "liu example": liu_figures.example_explorer,
        "expneuron failure": exp_figures.failure_explorer,
        "petzka lambda": petzka_figures.lambda_explorer,
        "petzka path": nonattracting_figures.path_explorer,
        "blindspots": bs_figures.blindspot_explorer,
        "synthesis lenses": syn_figures.lenses_explorer,
    }


def _controls_and_image(box):
    """The controls and the image widget of an explorer's box (VBox([HBox(controls), image]))."""
    import ipywidgets as w

    controls, image = [], None
    stack = [box]
    while stack:
        widget = stack.pop(0)
        if isinstance(widget, w.Image) or (isinstance(widget, w.HTML) and "<img" in widget.value):
            image = widget  # an Image widget, or since issue 27 an HTML one holding the <img> and its alt text
        elif isinstance(widget, (w.HTML, w.Label)):
            continue
        elif isinstance(widget, w.Box):
            stack.extend(widget.children)
        elif hasattr(widget, "value"):
            controls.append(widget)
    return controls, image


def _random_value(control, rng):
    """A random value within ``control``'s range (a slider) or among its options (a dropdown)."""
    import ipywidgets as w

    if isinstance(control, w.FloatLogSlider):
        return float(control.base ** rng.uniform(control.min, control.max))
    if isinstance(control, (w.IntSlider,)):
        return int(rng.integers(control.min, control.max + 1))
    if hasattr(control, "min") and hasattr(control, "max"):
        steps = int(round((control.max - control.min) / control.step))
        return float(control.min + control.step * rng.integers(0, steps + 1))
    if hasattr(control, "options"):
        options = list(control.options)
        choice = options[int(rng.integers(len(options)))]
        return choice[1] if isinstance(choice, tuple) else choice
    raise TypeError(f"no way to move {type(control).__name__}")


def updates(count: int, only: str | None = None, seed: int = 0) -> dict[str, list[float]]:
    """Seconds of each of ``count`` moves per explorer (wall, and the process's CPU time under "<name> CPU")."""
    os.environ.pop("LOSSLAND_STATIC", None)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    times: dict[str, list[float]] = {}
    for name, build in explorers().items():
        if only and only not in name:
            continue
        rng = np.random.default_rng(seed)
        controls, image = _controls_and_image(build())
        times[name] = []
        while len(times[name]) < count:
            control = controls[int(rng.integers(len(controls)))]
            value = _random_value(control, rng)
            if value == control.value:
                continue
            before = image.value
            start, cpu = time.perf_counter(), time.process_time()
            control.value = value
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            if image.value == before:
                raise SystemExit(f"{name}: the image did not change when {control.description} moved to {value}")
            times[name].append(elapsed)
            times.setdefault(f"{name} CPU", []).append(cpu)
        plt.close("all")
    return times


def paired_updates(count: int, only: str | None = None, seed: int = 0) -> dict[str, dict[str, list[float]]]:
    """Seconds of ``count`` moves per explorer, before and after issue 27, alternating move by move."""
    os.environ.pop("LOSSLAND_STATIC", None)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossland.book import widgets
    from lossland.core import regions

    fast_cells = regions._enumerate_cells
    times: dict[str, dict[str, list[float]]] = {}
    for name, build in explorers().items():
        if only and only not in name:
            continue
        views = []
        real = widgets.live_view

        def spy(controls, draw, views=views, real=real):
            views.append((controls, draw))
            return real(controls, draw)

        modules = [m for m in list(sys.modules.values()) if getattr(m, "live_view", None) is real]
        for module in modules:
            module.live_view = spy
        try:
            box = build()
        finally:
            for module in modules:
                module.live_view = real
        (controls, draw), = views
        _, image = _controls_and_image(box)
        old_fig = draw(None, **{key: c.value for key, c in controls.items()})
        rng = np.random.default_rng(seed)
        times[name] = {"before": [], "after": [], "before CPU": [], "after CPU": []}
        while len(times[name]["after"]) < count:
            key = list(controls)[int(rng.integers(len(controls)))]
            control = controls[key]
            value = _random_value(control, rng)
            if value == control.value:
                continue
            start, cpu = time.perf_counter(), time.process_time()
            control.value = value  # today's live view: redraw, PNG, alt text into the widget
            times[name]["after"].append(time.perf_counter() - start)
            times[name]["after CPU"].append(time.process_time() - cpu)
            regions._enumerate_cells = regions._enumerate_cells_by_programs
            try:
                start, cpu = time.perf_counter(), time.process_time()
                old_fig = draw(old_fig, **{key: c.value for key, c in controls.items()})  # the live view before
                widgets.png(old_fig, close=False)
                times[name]["before"].append(time.perf_counter() - start)
                times[name]["before CPU"].append(time.process_time() - cpu)
            finally:
                regions._enumerate_cells = fast_cells
        plt.close("all")
    return times


def _child(root: Path, count: int, only: str | None) -> dict[str, list[float]]:
    """This script's measurement on the code in ``root``, in a subprocess."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(root), "--count", str(count)]
    if only:
        command += ["--only", only]
    env = tree_environment(root)
    env.pop("LOSSLAND_STATIC", None)
    out = subprocess.run(command, cwd=root, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", metavar="COMMIT", help="also measure this commit's code (a temporary git worktree)")
    parser.add_argument("--baseline-tree", metavar="DIR", type=Path, help="also measure the lossland package in DIR")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds per tree (default 4)")
    parser.add_argument("--count", type=int, default=6, help="moves per explorer and round (default 6)")
    parser.add_argument("--only", help="only the explorers whose name contains this")
    parser.add_argument("--paired", action="store_true", help="before and after issue 27 in one process, move by move")
    parser.add_argument("--child", metavar="ROOT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import lossland

        where = Path(lossland.__file__).resolve()
        if not where.is_relative_to(Path(args.child).resolve()):
            raise SystemExit(f"lossland was imported from {where}, not from the tree {args.child}")
        print(json.dumps(updates(args.count, args.only)))
        return
    if args.paired:
        pooled = {}
        for _ in range(args.rounds):
            for name, pair in paired_updates(args.count, args.only).items():
                for tree, seconds in pair.items():
                    pooled.setdefault(name, {}).setdefault(tree, []).extend(seconds)
        print(f"live explorer updates before and after issue 27, alternating move by move, {args.rounds} rounds x {args.count}:")
        for name, pair in pooled.items():
            for tree, seconds in pair.items():
                print(f"  {name:<24s} {tree:<10s} {spread(seconds)}; max {max(seconds) * 1e3:.0f} ms")
            for kind in ("", " CPU"):
                ratio = statistics.median(pair["after" + kind]) / statistics.median(pair["before" + kind])
                print(f"  {'':<24s} after / before median{kind or ' (wall)'}: {ratio:.2f}")
        return
    with contextlib.ExitStack() as stack:
        trees = {"today": ROOT}
        if args.baseline:
            commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline], check=True,
                                    capture_output=True, text=True).stdout.strip()
            trees = {f"baseline {commit}": stack.enter_context(worktree(commit)), "today (working tree)": ROOT}
        elif args.baseline_tree:
            trees = {f"baseline {args.baseline_tree.name}": args.baseline_tree.resolve(), "today (working tree)": ROOT}
        pooled: dict[str, dict[str, list[float]]] = {tree: {} for tree in trees}
        for _ in range(args.rounds):
            for tree, root in trees.items():
                for name, seconds in _child(root, args.count, args.only).items():
                    pooled[tree].setdefault(name, []).extend(seconds)
        print(f"live explorer updates (control moved -> new PNG in the image widget), {args.rounds} rounds x {args.count}:")
        for name in pooled[next(iter(trees))]:
            for tree in trees:
                seconds = pooled[tree][name]
                print(f"  {name:<24s} {tree:<22s} {spread(seconds)}; max {max(seconds) * 1e3:.0f} ms")
            if len(trees) == 2:
                old, new = (statistics.median(pooled[tree][name]) for tree in trees)
                print(f"  {'':<24s} {'new / old median':<22s} {new / old:.2f}")


if __name__ == "__main__":
    main()
