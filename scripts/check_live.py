"""Run chapters live on the built website in headless Chromium, as a reader would, offline.

Usage::

    python scripts/check_live.py [_build/html] [--chapter petzka ...] [--moves 5] [--json FILE]

For each chapter (default: all six) the built site is served from a local server as
``make serve`` serves it (``scripts/serve.py``: precompressed copies where the build made
them); Chromium is told that every other host name does not exist.  The check opens the
chapter's page, follows its "Run this chapter live" button into JupyterLite, waits for the
Pyodide kernel, runs every cell, then moves the slider of every explorer (a box of ipywidgets
with a figure) ``--moves`` times by keyboard and times how long its figure takes to change.

A chapter fails on a cell that raised, a kernel that does not start or dies, an explorer
whose figure does not change when its slider moves, a browser console error, or any
request to a host other than the local server.  It prints, per chapter: seconds from
opening the live notebook to an idle kernel, seconds to run every cell (the first cell loads
lossland from the site), the CPU seconds the browser used for each (a figure that load from
elsewhere on the machine hardly changes), the median and maximum explorer update, the megabytes Chromium
received over the wire (its network log: headers and compressed bodies, a first launch, as
each chapter gets a fresh profile) and the slowest cells; ``--json`` saves them.  Needs
Debian's ``chromium`` and ``chromium-driver``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_pages  # noqa: E402  (the page check's browser)
import serve  # noqa: E402  (make serve's server)

from lossland.book.ledger import CHAPTERS  # noqa: E402  (the book's chapters, in order)
KERNEL_TIMEOUT, RUN_TIMEOUT, UPDATE_TIMEOUT = 240, 900, 30  # seconds

# The open notebook's kernel: [name, status, seconds since the page was opened] once the app
# and its session exist.
KERNEL_STATUS = """
const app = window.jupyterapp;
const panel = app && app.shell.currentWidget;
const kernel = panel && panel.sessionContext && panel.sessionContext.session && panel.sessionContext.session.kernel;
return kernel ? [kernel.name, kernel.status, performance.now() / 1000] : null;
"""

# [code cells, cells executed, cells still running, cells whose output is an error].
RUN_PROGRESS = """
const cells = window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'code');
const outputs = c => Array.from({length: c.model.outputs.length}, (_, i) => c.model.outputs.get(i).toJSON());
return [cells.length,
        cells.filter(c => c.model.executionCount !== null).length,
        cells.filter(c => c.promptNode && c.promptNode.textContent.includes('*')).length,
        cells.filter(c => outputs(c).some(o => o.output_type === 'error')).length];
"""

# The tracebacks of the cells that raised.
CELL_ERRORS = """
const cells = window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'code');
const found = [];
cells.forEach((c, i) => { for (let j = 0; j < c.model.outputs.length; j++) {
  const o = c.model.outputs.get(j).toJSON();
  if (o.output_type === 'error') found.push(`code cell ${i + 1}: ${o.ename}: ${o.evalue}`);
}});
return found;
"""

# Seconds each code cell ran, from the execution timestamps JupyterLab records (recordTiming).
CELL_SECONDS = """
const cells = window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'code');
return cells.map(c => {
  const t = c.model.getMetadata('execution') || {};
  return t['shell.execute_reply'] && t['iopub.status.busy']
    ? (Date.parse(t['shell.execute_reply']) - Date.parse(t['iopub.status.busy'])) / 1000 : null;
});
"""

# How many explorers (boxes holding a slider and a figure) the notebook shows.
COUNT_EXPLORERS = """
return Array.from(document.querySelectorAll('.jp-Notebook .widget-vbox'))
  .filter(box => box.querySelector('.widget-slider .noUi-handle') && box.querySelector('img')).length;
"""

# Presses the right arrow on explorer number arguments[0]'s first slider; resolves with
# the milliseconds until its figure changed, or a message.
MOVE_SLIDER = """
const [index, timeout, done] = arguments;
const boxes = Array.from(document.querySelectorAll('.jp-Notebook .widget-vbox'))
  .filter(box => box.querySelector('.widget-slider .noUi-handle') && box.querySelector('img'));
const box = boxes[index], handle = box.querySelector('.widget-slider .noUi-handle'), img = box.querySelector('img');
box.scrollIntoView({block: 'center'});
const before = img.src, start = performance.now();
// The live view's image is an HTML widget's <img> (with its alt text), replaced on every move.
const watch = new MutationObserver(() => {
  const now = box.querySelector('img');
  if (now && now.src !== before) { watch.disconnect(); done(performance.now() - start); }
});
watch.observe(box, {attributes: true, attributeFilter: ['src'], childList: true, subtree: true});
const at = handle.getAttribute('aria-valuenow'), max = handle.getAttribute('aria-valuemax');
const key = at === max ? 'ArrowLeft' : 'ArrowRight';  // at the end of its range, step back
handle.dispatchEvent(new KeyboardEvent('keydown', {key: key, keyCode: key === 'ArrowLeft' ? 37 : 39, bubbles: true}));
setTimeout(() => { watch.disconnect(); done(`the figure did not change within ${timeout} ms`); }, timeout);
"""


# Explorer number arguments[0] (its box of widgets).
EXPLORER = """
return Array.from(document.querySelectorAll('.jp-Notebook .widget-vbox'))
  .filter(box => box.querySelector('.widget-slider .noUi-handle') && box.querySelector('img'))[arguments[0]];
"""
# jupyterlab-myst logs the {numref} of a figure that Sphinx numbers from a cell's metadata,
# which a notebook does not know, as an error; the reference still shows its label.
KNOWN_CONSOLE_MESSAGES = ("favicon.ico", "Cross reference target was not found")


@dataclass
class LiveRun:
    """What one chapter did live: the figures and the problems found."""
    chapter: str
    kernel_ready_s: float = float("nan")
    run_all_s: float = float("nan")
    kernel_cpu_s: float = float("nan")
    run_all_cpu_s: float = float("nan")
    cells: int = 0
    explorers: int = 0
    served_mb: float = float("nan")
    wire_mb: float = float("nan")
    large_files: dict = field(default_factory=dict)  # path -> bytes sent, for each over 200 kB
    cell_seconds: list = field(default_factory=list)
    updates_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def median_update_ms(self) -> float:
        return statistics.median(self.updates_ms) if self.updates_ms else float("nan")


def browser_cpu_seconds(driver) -> float:
    """CPU seconds (user and system) that the browser's processes have used so far: every process
    under the driver's (Chromium's, its renderers' and workers'), with their reaped children.

    Unlike wall time, this hardly changes with load from elsewhere on the machine, so launches
    measured on a busy machine can be compared by it.
    """
    children: dict[int, list[tuple[int, list[str]]]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, ...
        except OSError:  # the process ended meanwhile
            continue
        children.setdefault(int(fields[1]), []).append((int(stat.parent.name), fields))
    ticks, todo = 0, [driver.service.process.pid]
    while todo:
        for pid, fields in children.get(todo.pop(), []):
            ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
            todo.append(pid)
    return ticks / os.sysconf("SC_CLK_TCK")


def _wait(driver, script: str, ready, timeout: float, poll: float = 0.25):
    """Poll ``script`` until ``ready(value)``; returns the last value and the seconds waited."""
    start = time.perf_counter()
    while True:
        value = driver.execute_script(script)
        if ready(value) or time.perf_counter() - start > timeout:
            return value, time.perf_counter() - start
        time.sleep(poll)


_BUTTONS = "return Array.from(document.querySelectorAll('a.lossland-live-button'), a => a.href);"
# What the browser had when it showed no button: where, how far loaded, the server's answer (status and
# bytes of the navigation, none if it never committed), the title and the first text.
_SEEN = """const nav = performance.getEntriesByType('navigation')[0];
return [document.location.href, document.readyState, nav ? [nav.responseStatus, nav.transferSize, nav.decodedBodySize] : null,
        document.title, (document.body ? document.body.innerText : '').slice(0, 200)];"""


# This page's document, fully loaded: its address (without a fragment) and its readyState.
_LOADED = "return [document.location.href.split('#')[0], document.readyState];"
PAGE_TIMEOUT = 60  # seconds for a chapter page (up to 4 MB with its figures) to load from the local server


def _launch_url(driver, base: str, chapter: str) -> str:
    """The chapter page's "Run this chapter live" link, as a reader would click it.

    ``driver.get`` can return before the new document is in place: three times in loaded runs
    the buttons query found none, while the same page, read a moment later, was complete, with
    status 200 and all its bytes (the built file has the button). So the query waits until this
    page's document is complete; if it still shows no button, the page is loaded once more, with
    a warning that says what the browser showed, and only a second miss fails.
    """
    url = f"{base}book/{chapter}.html"
    driver.get(url)
    _wait(driver, _LOADED, lambda seen: seen == [url, "complete"], PAGE_TIMEOUT, poll=0.1)
    links = driver.execute_script(_BUTTONS)
    if len(links) != 1:
        warnings.warn(f"book/{chapter}.html showed {len(links)} 'Run this chapter live' buttons on the first load "
                      f"(location, state, [status, bytes sent, bytes], title, text: {driver.execute_script(_SEEN)!r}); loading it again", stacklevel=2)
        driver.get(url)
        _wait(driver, _LOADED, lambda seen: seen == [url, "complete"], PAGE_TIMEOUT, poll=0.1)
        links = driver.execute_script(_BUTTONS)
    if len(links) != 1:
        raise AssertionError(f"book/{chapter}.html has {len(links)} 'Run this chapter live' buttons, not one "
                             f"(location, state, [status, bytes sent, bytes], title, text: {driver.execute_script(_SEEN)!r})")
    return links[0]


def _screenshot(driver, element, path: Path) -> None:
    """The element once scrolled into view; the window if it has no size there (a notebook
    lays out only the cells near the view)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    time.sleep(1)
    try:
        element.screenshot(str(path))
    except Exception:  # noqa: BLE001  (selenium's "0 width": a picture is a courtesy, not a check)
        driver.save_screenshot(str(path))


def run_chapter(driver, base: str, chapter: str, moves: int, screenshot: Path | None = None,
                launch: str | None = None, run_all: bool = True) -> LiveRun:
    """Launch ``chapter`` live, run it top to bottom and move each explorer's slider ``moves`` times.

    ``launch``: the live notebook's path under ``base``, opened directly; by default the
    chapter page's button is followed.  The kernel's start is timed from the opening of the
    live notebook's page (its navigation start) to the first poll that finds it idle; with
    ``run_all`` false, nothing more is done.
    """
    run = LiveRun(chapter)
    url = base + launch if launch else _launch_url(driver, base, chapter)
    cpu = browser_cpu_seconds(driver)
    driver.get(url)
    status, _ = _wait(driver, KERNEL_STATUS, lambda s: bool(s) and s[1] == "idle", KERNEL_TIMEOUT, poll=0.1)
    run.kernel_cpu_s, cpu = browser_cpu_seconds(driver) - cpu, browser_cpu_seconds(driver)
    if not status or status[1] != "idle":
        run.problems.append(f"the kernel is not idle after {KERNEL_TIMEOUT} s (status {status})")
        return run
    run.kernel_ready_s = status[2]
    if not run_all:
        return run
    driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
    progress, run.run_all_s = _wait(driver, RUN_PROGRESS, lambda p: p[3] > 0 or (p[1] == p[0] and p[2] == 0),
                                    RUN_TIMEOUT, poll=0.5)
    run.run_all_cpu_s = browser_cpu_seconds(driver) - cpu
    run.cells = progress[0]
    if progress[3]:
        run.problems += driver.execute_script(CELL_ERRORS)
        return run
    if progress[1] != progress[0]:
        run.problems.append(f"{progress[1]} of {progress[0]} code cells ran within {RUN_TIMEOUT} s")
        return run
    run.cell_seconds = driver.execute_script(CELL_SECONDS)
    run.explorers = driver.execute_script(COUNT_EXPLORERS)
    driver.set_script_timeout(UPDATE_TIMEOUT + 10)
    for index in range(run.explorers):
        for _ in range(moves):
            result = driver.execute_async_script(MOVE_SLIDER, index, UPDATE_TIMEOUT * 1000)
            if isinstance(result, str):
                run.problems.append(f"explorer {index + 1}: {result}")
                break
            run.updates_ms.append(result)
        if index == 0 and screenshot is not None:  # the first explorer, after its moves
            _screenshot(driver, driver.execute_script(EXPLORER, index), screenshot)
    return run


def _browser_problems(driver, base: str) -> list[str]:
    """Console errors (but :data:`KNOWN_CONSOLE_MESSAGES`) and requests off the machine."""
    problems = [f"console: {entry['message'][:300]}" for entry in driver.get_log("browser")
                if entry["level"] == "SEVERE" and not any(known in entry["message"] for known in KNOWN_CONSOLE_MESSAGES)]
    return problems + [f"request off the machine: {url}" for url in check_pages._requests_elsewhere(driver, base)]


def start_chromium(profile: str, netlog: Path):
    """The page check's headless Chromium, also writing its network log (NetLog) to ``netlog``."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not go online
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = check_pages.CHROMIUM
    for flag in check_pages.CHROMIUM_FLAGS + [f"--user-data-dir={profile}", f"--window-size={check_pages.WIDTH},900",
                                              f"--log-net-log={netlog}", "--net-log-capture-mode=Default"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=check_pages.CHROMEDRIVER))
    driver.set_page_load_timeout(120)
    driver.set_script_timeout(60)
    return driver


def wire_bytes(netlog: Path) -> int:
    """Bytes Chromium received on its sockets (headers and bodies as sent) in a NetLog file.

    Unlike the page's performance log, the NetLog also sees the kernel's web worker, which
    downloads the runtime and the wheels.
    """
    text = netlog.read_text()
    try:
        log = json.loads(text)
    except json.JSONDecodeError:  # Chromium stopped before closing the file: close it here
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    received = log["constants"]["logEventTypes"]["SOCKET_BYTES_RECEIVED"]
    return sum(event["params"]["byte_count"] for event in log["events"] if event["type"] == received)


def check_chapters(html_dir: Path, chapters=CHAPTERS, moves: int = 3, screenshots: Path | None = None,
                   launch: bool = False, run_all: bool = True) -> list[LiveRun]:
    """Every chapter in its own fresh browser profile, so each is a first launch.

    With ``screenshots``, each chapter's first explorer is saved there as ``<chapter>-live.png``;
    with ``launch``, the live notebooks are opened directly (no chapter pages needed); with
    ``run_all`` false, only the kernel's start is measured.
    """
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    server, base = serve.serve(Path(html_dir))
    runs = []
    try:
        for chapter in chapters:
            with tempfile.TemporaryDirectory() as folder:
                netlog = Path(folder) / "netlog.json"
                driver = start_chromium(str(Path(folder) / "profile"), netlog)
                try:
                    shot = screenshots / f"{chapter}-live.png" if screenshots is not None else None
                    sent, by_path = server.bytes_sent, dict(server.sent_by_path)
                    path = f"lite/notebooks/index.html?path={chapter}.ipynb" if launch else None
                    run = run_chapter(driver, base, chapter, moves, shot, launch=path, run_all=run_all)
                    run.problems += _browser_problems(driver, base)
                    run.served_mb = (server.bytes_sent - sent) / 1e6
                    run.large_files = {path: size - by_path.get(path, 0) for path, size in server.sent_by_path.items()
                                       if size - by_path.get(path, 0) > 200_000}
                finally:
                    driver.quit()
                run.wire_mb = wire_bytes(netlog) / 1e6
            runs.append(run)
    finally:
        server.shutdown()
        server.server_close()
    return runs


def _slowest(seconds: list, count: int = 3) -> str:
    """The ``count`` slowest code cells, as "cell 7: 12.3, ..." (numbered from 1, the install cell)."""
    timed = sorted(((t, i + 1) for i, t in enumerate(seconds) if t is not None), reverse=True)[:count]
    return ", ".join(f"cell {i}: {t:.1f}" for t, i in timed)


def report(runs: list[LiveRun]) -> str:
    """One line of figures per chapter, then its problems."""
    lines = [f"{'chapter':<14} {'kernel s':>8} {'(CPU)':>6} {'run all s':>9} {'(CPU)':>6} {'cells':>5} {'explorers':>9} "
             f"{'update median ms':>16} {'max ms':>7} {'wire MB':>7}  slowest cells (s)"]
    for run in runs:
        worst = max(run.updates_ms) if run.updates_ms else float("nan")
        lines.append(f"{run.chapter:<14} {run.kernel_ready_s:8.1f} {run.kernel_cpu_s:6.1f} {run.run_all_s:9.1f} "
                     f"{run.run_all_cpu_s:6.1f} {run.cells:5d} "
                     f"{run.explorers:9d} {run.median_update_ms:16.0f} {worst:7.0f} {run.wire_mb:7.1f}  "
                     + _slowest(run.cell_seconds))
        lines += [f"    {problem}" for problem in run.problems]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", nargs="?", type=Path, default=Path("_build/html"))
    parser.add_argument("--chapter", action="append", choices=CHAPTERS, help="repeatable; default: every chapter")
    parser.add_argument("--moves", type=int, default=3, help="slider moves per explorer (default 3)")
    parser.add_argument("--json", type=Path, help="save the figures here")
    parser.add_argument("--screenshots", type=Path, help="save each chapter's first explorer here")
    args = parser.parse_args(argv)
    if not (args.html / "lite" / "index.html").is_file():
        parser.error(f"{args.html} has no live site (lite/index.html): build the book first (make book)")
    runs = check_chapters(args.html, args.chapter or CHAPTERS, args.moves, args.screenshots)
    print(report(runs))
    if args.json:
        args.json.write_text(json.dumps([asdict(run) | {"median_update_ms": run.median_update_ms} for run in runs],
                                        indent=1))
    return 1 if any(run.problems for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
