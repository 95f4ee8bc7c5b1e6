"""Every explorer's live update, timed as a student in Jupyter waits for it (run by hand, not by the tests).

    python scripts/bench_explorers.py [--baseline COMMIT | --baseline-tree DIR] [--rounds R] [--count N] [--only NAME]
                                      [--live _build/html [--profile]]

Each explorer of the book is built as its chapter builds it (live widgets, ``LOSSLAND_STATIC``
unset); then its controls are moved to random values within their ranges (seeded), and each
move is timed from the control's new value to the image widget's new PNG: the computation,
the redraw and the encoding, as the kernel does them. ``--baseline COMMIT`` measures that
commit's code in the same run, rounds alternating (see ``scripts/benchlib.py``);
``--baseline-tree DIR`` the ``lossland`` package in ``DIR`` instead (e.g. a copy of the
working tree with one's own changes undone, while others' uncommitted work is in the tree).
Prints the median and maximum update per explorer. (With ``--count`` above 16 the run stops at
the blind-spot explorer: at moves 17-18 of seed 0 its picture rightly does not change when sigma
moves from 0.86 to 0.43: the outlier then sits at 5.4, where standardising pushes cluster points
out of the negative quadrant, so no zero-bias unit is silent on the whole cluster at any sigma and
every bar stays at 0.)

``--live HTML`` times the same moves inside the Pyodide kernel of a built site (``make book``),
in headless Chromium, the trees' rounds alternating in one kernel (see :func:`live_updates`):
what a reader of the live chapter waits for in the kernel, in WebAssembly. Its "CPU" figures
are the CPU time of the browser's worker thread that runs the kernel, read from /proc (the
kernel itself has no CPU clock: ``time.process_time`` reads zero in WebAssembly); on a loaded
machine they, not the wall times, compare two trees. A first round is not counted (a fresh
kernel's first moves are several times slower). ``--profile`` adds the kernel's profile
(cProfile, by cumulative time) of today's tree.

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


def moves(count: int, only: str | None = None, seed: int = 0, backend: str | None = "Agg", profiler=None):
    """Each explorer built, then moved ``count`` times: yields ``(name, None, None)`` once it is built, then
    ``(name, wall seconds, CPU seconds)`` per move.

    ``backend``: matplotlib's backend for the run; ``None`` keeps the process's own (the live kernel's).
    ``profiler``: a ``cProfile.Profile`` to run during the moves only (not the explorers' building).
    """
    os.environ.pop("LOSSLAND_STATIC", None)
    import matplotlib

    if backend is not None:
        matplotlib.use(backend)
    import matplotlib.pyplot as plt

    for name, build in explorers().items():
        if only and only not in name:
            continue
        rng = np.random.default_rng(seed)
        controls, image = _controls_and_image(build())
        yield name, None, None
        done = 0
        while done < count:
            control = controls[int(rng.integers(len(controls)))]
            value = _random_value(control, rng)
            if value == control.value:
                continue
            before = image.value
            if profiler is not None:
                profiler.enable()
            start, cpu = time.perf_counter(), time.process_time()
            control.value = value
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            if profiler is not None:
                profiler.disable()
            if image.value == before:
                raise SystemExit(f"{name}: the image did not change when {control.description} moved to {value}")
            done += 1
            yield name, elapsed, cpu
        plt.close("all")


def updates(count: int, only: str | None = None, seed: int = 0) -> dict[str, list[float]]:
    """Seconds of each of ``count`` moves per explorer (wall, and the process's CPU time under "<name> CPU")."""
    times: dict[str, list[float]] = {}
    for name, elapsed, cpu in moves(count, only, seed):
        if elapsed is not None:
            times.setdefault(name, []).append(elapsed)
            times.setdefault(f"{name} CPU", []).append(cpu)
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


# In the live kernel, after the site's install cells (what the chapters load): unpack each tree's
# lossland package where a round can put it first on the path.
KERNEL_SETUP = """
import base64, io, importlib, json, sys, time, zipfile
for label, data in {archives!r}.items():
    zipfile.ZipFile(io.BytesIO(base64.b64decode(data))).extractall(f"/tmp/bench/{{label}}")
importlib.invalidate_caches()
"""

# One round in the live kernel: the tree's lossland imported afresh (no module of another tree's
# left), this script's ``moves`` made one per request (KERNEL_STEP) with the kernel's own
# matplotlib backend, with ``profile``, under a profiler whose statistics KERNEL_PROFILE prints.
KERNEL_ROUND = """
def _bench_moves(label, count, only, profiler):
    for name in [m for m in sys.modules if m == "lossland" or m.startswith("lossland.")]:
        del sys.modules[name]
    root = f"/tmp/bench/{{label}}"
    sys.path.insert(0, root)
    try:
        import lossland
        if not lossland.__file__.startswith(root):
            raise RuntimeError(f"lossland came from {{lossland.__file__}}, not from {{root}}")
        yield from moves(count, only, backend=None, profiler=profiler)
    finally:
        sys.path.remove(root)
import cProfile, pstats
_profiler = cProfile.Profile() if {profile} else None
_moves = _bench_moves({label!r}, {count}, {only!r}, _profiler)
"""
KERNEL_STEP = "print(json.dumps(next(_moves, None)))"
KERNEL_PROFILE = 'pstats.Stats(_profiler).sort_stats("cumulative").print_stats(70)'
KERNEL_EMPTY = "print(json.dumps(None))"  # a request that does nothing: what each step costs besides its move

# Runs arguments[0] in the open notebook's kernel (not in a cell); resolves with [stdout, error].
KERNEL_EXECUTE = """
const [code, done] = arguments;
const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
const future = kernel.requestExecute({code: code, store_history: false});
let text = "", error = null;
future.onIOPub = msg => {
  if (msg.header.msg_type === "stream") text += msg.content.text;
  else if (msg.header.msg_type === "error") error = `${msg.content.ename}: ${msg.content.evalue}`;
};
future.done.then(() => done([text, error]), reason => done([text, String(reason)]));
"""


def _worker_threads(driver) -> list[Path]:
    """The browser's web-worker threads (the Pyodide kernel runs in one), as /proc task folders."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    threads, todo = [], [driver.service.process.pid]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                if task.joinpath("comm").read_text().strip() == "DedicatedWorker":
                    threads.append(task)
            except OSError:
                continue
    return threads


def _cpu_seconds(threads: list[Path]) -> float:
    """CPU seconds these threads have run (the scheduler's nanosecond count, /proc/.../schedstat)."""
    total = 0
    for task in threads:
        try:
            total += int(task.joinpath("schedstat").read_text().split()[0])
        except OSError:
            continue
    return total / 1e9


def _archive(root: Path) -> str:
    """The ``lossland`` package of the tree ``root`` (its Python files), zipped, in base64."""
    import base64
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((root / "lossland").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, path.relative_to(root).as_posix())
    return base64.b64encode(buffer.getvalue()).decode()


def _in_kernel(driver, code: str) -> str:
    """What ``code`` printed in the live kernel; raises if it failed."""
    text, error = driver.execute_async_script(KERNEL_EXECUTE, code)
    if error:
        raise SystemExit(f"the live kernel failed: {error}\n{text[-2000:]}")
    return text


def live_updates(html: Path, trees: dict[str, Path], rounds: int, count: int, only: str | None,
                 profile: bool = False) -> dict[str, dict[str, list[float]]]:
    """Seconds per move of each explorer inside the Pyodide kernel of the built site ``html``, per tree.

    The site is served as ``make serve`` serves it and opened in headless Chromium (as
    ``scripts/check_live.py`` does), at Chapter 1's live notebook, whose kernel is used without
    running its cells. Each tree's ``lossland`` package is sent into the kernel; the rounds
    alternate between the trees in that one kernel, each importing its tree afresh, and time every
    move as :func:`moves` does natively: from the control's new value to the new PNG in the
    image widget, inside the kernel (the browser's drawing of the PNG is not included). Each move
    is one request to the kernel, so that the CPU time of the kernel's thread (the browser's web
    worker) can be read around it: under "<name> CPU", with the median cost of an empty request
    (also a few ms) under "empty request CPU". A first round is not counted (the first moves in a
    fresh kernel are several times slower), and with ``profile`` a last one, of today's tree, is
    profiled.
    """
    import inspect
    import tempfile

    import check_live
    import serve

    functions = "\n\n".join(inspect.getsource(f) for f in (explorers, _controls_and_image, _random_value, moves))
    # Each live notebook's first cell loads lossland and its chapter's extras from the site.
    installs = sorted({"".join(json.loads(path.read_text())["cells"][0]["source"])
                       for path in (html / "lite" / "files").glob("*.ipynb")})
    labels = {tree: f"tree{k}" for k, tree in enumerate(trees)}
    server, base = serve.serve(html)
    pooled: dict[str, dict[str, list[float]]] = {tree: {} for tree in trees}
    try:
        with tempfile.TemporaryDirectory() as folder:
            driver = check_live.start_chromium(str(Path(folder) / "profile"), Path(folder) / "netlog.json")
            try:
                driver.get(base + "lite/notebooks/index.html?path=decomposition.ipynb")
                status, _ = check_live._wait(driver, check_live.KERNEL_STATUS, lambda s: bool(s) and s[1] == "idle",
                                             check_live.KERNEL_TIMEOUT)
                if not status or status[1] != "idle":
                    raise SystemExit(f"the live kernel is not idle after {check_live.KERNEL_TIMEOUT} s ({status})")
                driver.set_script_timeout(600)
                archives = {labels[tree]: _archive(root) for tree, root in trees.items()}
                for install in installs:
                    _in_kernel(driver, install)
                _in_kernel(driver, KERNEL_SETUP.format(archives=archives))
                _in_kernel(driver, "import os, sys, time\nimport numpy as np\n\n" + functions)
                threads = _worker_threads(driver)
                today = list(trees)[-1]
                for round in range(rounds + 1 + int(profile)):
                    for tree in trees:
                        profiled = round > rounds
                        if profiled and tree != today:
                            continue
                        _in_kernel(driver, KERNEL_ROUND.format(label=labels[tree], count=count, only=only,
                                                               profile=profiled))
                        counted = 0 < round <= rounds
                        while True:
                            cpu = _cpu_seconds(threads)
                            step = json.loads(_in_kernel(driver, KERNEL_STEP).strip().splitlines()[-1])
                            cpu = _cpu_seconds(threads) - cpu
                            if step is None:
                                break
                            name, elapsed, _ = step
                            if counted and elapsed is not None:
                                pooled[tree].setdefault(name, []).append(elapsed)
                                pooled[tree].setdefault(f"{name} CPU", []).append(cpu)
                        if counted:
                            for _ in range(3):
                                cpu = _cpu_seconds(threads)
                                _in_kernel(driver, KERNEL_EMPTY)
                                pooled[tree].setdefault("empty request CPU", []).append(_cpu_seconds(threads) - cpu)
                        if profiled:
                            print(_in_kernel(driver, KERNEL_PROFILE))
            finally:
                driver.quit()
    finally:
        server.shutdown()
        server.server_close()
    return pooled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", metavar="COMMIT", help="also measure this commit's code (a temporary git worktree)")
    parser.add_argument("--baseline-tree", metavar="DIR", type=Path, help="also measure the lossland package in DIR")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds per tree (default 4)")
    parser.add_argument("--count", type=int, default=6, help="moves per explorer and round (default 6)")
    parser.add_argument("--only", help="only the explorers whose name contains this")
    parser.add_argument("--paired", action="store_true", help="before and after issue 27 in one process, move by move")
    parser.add_argument("--live", metavar="HTML", type=Path,
                        help="time the moves inside the Pyodide kernel of the site built in HTML (e.g. _build/html)")
    parser.add_argument("--profile", action="store_true", help="with --live: print the kernel's profile of today's tree")
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
        if args.live:
            if not (args.live / "lite" / "index.html").is_file():
                parser.error(f"{args.live} has no live site (lite/index.html): build the book first (make book)")
            pooled = live_updates(args.live, trees, args.rounds, args.count, args.only, args.profile)
        else:
            for _ in range(args.rounds):
                for tree, root in trees.items():
                    for name, seconds in _child(root, args.count, args.only).items():
                        pooled[tree].setdefault(name, []).extend(seconds)
        where = "inside the Pyodide kernel of " + str(args.live) if args.live else "natively"
        print(f"live explorer updates (control moved -> new PNG in the image widget), {where}, "
              f"{args.rounds} rounds x {args.count}:")
        for name in pooled[next(iter(trees))]:
            for tree in trees:
                seconds = pooled[tree][name]
                print(f"  {name:<24s} {tree:<22s} {spread(seconds)}; max {max(seconds) * 1e3:.0f} ms")
            if len(trees) == 2:
                old, new = (statistics.median(pooled[tree][name]) for tree in trees)
                print(f"  {'':<24s} {'new / old median':<22s} {new / old:.2f}")


if __name__ == "__main__":
    main()
