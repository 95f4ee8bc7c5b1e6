"""Open every page of the built book in headless Chromium and look at it as a reader would.

Usage::

    python scripts/check_pages.py [_build/html] [--screenshots _build/screenshots] [--browsers 2]

The site is served from a local http.server on a free port; Chromium is told that
every other host name does not exist, so a page that needs the network fails.  Each
page fails the check on

* a browser console error (a script that threw, a file that did not load),
* a request to any host other than the local server,
* an image that did not load (``naturalWidth == 0``),
* math that MathJax did not typeset, a MathJax error, or raw ``$``/``\\(``/``\\[``
  delimiters left in the text; MyST markup left unparsed in the text (a fence, a
  directive or role name such as ``{prf:theorem}``, an option such as ``:label:``, the
  ``|---|`` rule of a Markdown table),
* an executed cell whose output shows stderr, a traceback or an exception/warning
  name, a ledger row whose check failed, or a Sphinx error node left in the page,
* a slider or drop-down in the content that changes nothing when moved (a dead
  kernel-free fallback), or whose new picture does not load,
* a link to a file of the site that does not exist, or to an anchor (``#label``) that
  its page does not have (the ledger's links into the chapters, for instance),
* a figure (a PNG with a resolution, as matplotlib writes it; scrubber frames included)
  shown at less than 1 CSS px per typographic point at the 1280 px window: a 9 pt label
  must be at least 9 px tall,
* accessibility (WCAG 2.1 A and AA and axe's best practices, issue 24): any violation that axe-core
  (:func:`sitebuild.live_assets.axe_source`, pinned, fetched from npm when the venv is
  made) finds, except the upstream ones named in :data:`AXE_UPSTREAM` with their reasons; and
  our own rules, which axe cannot know: a figure whose text alternative is empty, a file
  name or a generic word (:func:`lossland.book.plots.weak_alt`; scrubber frames checked
  again after their slider moved), a slider without ``aria-valuetext``, a page wider than a
  390 px phone window, and a chapter whose first slider is more than 30 Tab presses after
  its title.

Several Chromiums (``--browsers``) can share the pages; the results are the same.  A full-page
screenshot of each page is saved to ``<screenshots>/<page>.png``.  Exits 1
if any page fails.  Needs Debian's ``chromium`` and ``chromium-driver``.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from the repository
from lossland.book.plots import GENERIC_ALTS  # noqa: E402
from sitebuild.live_assets import axe_source  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
WIDTH, MAX_HEIGHT = 1280, 12000   # window size; screenshots go down to MAX_SHOT px
MAX_SHOT = 40000

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars",
    # Every host but the local server "does not exist": a page that fetches from the
    # network logs a console error instead of silently depending on it.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

# Resolves with a word once MathJax 3 has finished the page's first typesetting.
WAIT_FOR_MATHJAX = """
const done = arguments[arguments.length - 1];
const start = Date.now();
(function poll() {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(() => done("typeset"), (e) => done("MathJax failed: " + e));
  } else if (!document.querySelector("script[src*='mathjax']")) {
    done("no MathJax on this page");
  } else if (Date.now() - start > 30000) {
    done("MathJax did not start within 30 s");
  } else {
    setTimeout(poll, 50);
  }
})();
"""

# Collects what a reader would see go wrong; returns a list of messages.
INSPECT_PAGE = r"""
const problems = [];
const text = (el) => (el.innerText || el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 160);

for (const img of document.images) {
  if (!img.complete || img.naturalWidth === 0) problems.push("image did not load: " + img.src);
}
const hasMathJax = !!document.querySelector("script[src*='mathjax']");
for (const el of document.querySelectorAll(".math")) {
  if (!el.querySelector("mjx-container"))
    problems.push((hasMathJax ? "math not typeset: " : "math but no MathJax on page: ") + text(el));
}
for (const el of document.querySelectorAll("mjx-merror, mjx-container [data-mjx-error]"))
  problems.push("MathJax error: " + (el.getAttribute("data-mjx-error") || text(el)));

// Raw TeX delimiters in the visible text (code is allowed to contain them).
const skip = "pre, code, script, style, textarea, kbd, mjx-container, .highlight, .math";
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const raw = /\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\$[^$\s][^$\n]*\$/;
// MyST markup that was not parsed: a fence, a directive or role name, a directive option.
const myst = /```|~~~|\{(code-cell|cite(:[a-z]+)?|doc|ref|numref|eq|math|glue(:[a-z]+)?|prf:[a-z]+|exercise[a-z-]*|solution[a-z-]*|figure|image|admonition|note|warning|tip|important|dropdown|margin|bibliography|toctree|list-table|table|code-block|raw|div)\}|(^|\s):(label|class|name|tags|caption|width|align|nonumber):(\s|$)|\|\s*:?(-{3,}|—)/;
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!parent || parent.closest(skip) || !parent.getClientRects().length) continue;
  if (raw.test(node.textContent)) problems.push("raw math delimiters in text: " + node.textContent.trim().slice(0, 160));
  if (myst.test(node.textContent)) problems.push("unparsed MyST markup in text: " + node.textContent.trim().slice(0, 160));
}

for (const el of document.querySelectorAll(".cell_output .stderr, .cell_output .traceback, .cell_output .error"))
  problems.push("error output in a cell (" + el.className + "): " + text(el));
for (const el of document.querySelectorAll(".cell_output")) {
  const t = el.innerText || "";
  if (/Traceback \(most recent call last\)|\b\w*(Error|Exception|Warning):/.test(t))
    problems.push("error text in a cell output: " + text(el));
}
for (const el of document.querySelectorAll(".system-message, .problematic"))
  problems.push("Sphinx error left in the page: " + text(el));
for (const row of document.querySelectorAll("table.ledger tr"))
  if ((row.innerText || "").includes("check FAILED")) problems.push("ledger check failed: " + text(row));
return problems;
"""


# Resolves with the figures that render below 1 CSS px per typographic point at this window:
# displayed width / natural width x dpi / 72, the dpi read from the PNG's pHYs chunk (matplotlib
# writes it; an image without one is not a figure of ours). Hidden images (closed dropdowns,
# scrubber frames not shown) have no width and are skipped.
FIGURE_SCALE = r"""
const done = arguments[arguments.length - 1];
function dpiOf(bytes) {
  if (bytes.length < 33 || bytes[0] !== 0x89 || bytes[1] !== 0x50) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 8; i + 8 <= bytes.length;) {
    const length = view.getUint32(i);
    const type = String.fromCharCode(bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]);
    if (type === "pHYs") return bytes[i + 16] === 1 ? view.getUint32(i + 8) * 0.0254 : null;
    if (type === "IDAT" || type === "IEND") return null;
    i += 12 + length;
  }
  return null;
}
async function head(src) {
  if (src.startsWith("data:")) {
    const binary = atob(src.slice(src.indexOf(",") + 1, src.indexOf(",") + 1 + 8192));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }
  return new Uint8Array(await (await fetch(src)).arrayBuffer());
}
(async () => {
  const problems = [];
  for (const img of document.querySelectorAll("main img")) {
    const width = img.getBoundingClientRect().width;
    if (!width || !img.naturalWidth) continue;
    let dpi = null;
    try { dpi = dpiOf(await head(img.currentSrc || img.src)); } catch (error) { continue; }
    if (dpi === null) continue;
    const scale = width / img.naturalWidth * dpi / 72;
    if (scale < 0.995)
      problems.push(`figure below 1 CSS px per point: ${scale.toFixed(2)} (${Math.round(width)} px shown of `
                    + `${img.naturalWidth} px at ${Math.round(dpi)} dpi): ${(img.alt || img.src).slice(0, 90)}`);
  }
  done(problems);
})();
"""


# Moves every slider and drop-down in the page's content to another value, as a reader
# would, and reports the ones that change nothing (a kernel-free fallback that is dead).
MOVE_CONTROLS = r"""
const dead = [];
const controls = document.querySelectorAll("main input[type=range], main select, article input[type=range], article select");
for (const control of new Set(controls)) {
  const box = control.closest(".cell_output") || control.parentElement;
  const before = box.innerHTML;
  const frame = control.closest(".lossland-scrubber") && control.closest(".lossland-scrubber").querySelector("img");
  const shown = frame && [frame.src, frame.alt, control.getAttribute("aria-valuetext")];
  if (control.tagName === "SELECT") {
    if (control.options.length < 2) continue;
    control.selectedIndex = (control.selectedIndex + 1) % control.options.length;
  } else {
    control.value = control.value === control.max ? control.min : control.max;
  }
  control.dispatchEvent(new Event("input", {bubbles: true}));
  control.dispatchEvent(new Event("change", {bubbles: true}));
  if (box.innerHTML === before)
    dead.push("control changes nothing: " + (control.getAttribute("aria-label") || control.name || control.outerHTML.slice(0, 80)));
  else if (shown && frame.src !== shown[0] && (frame.alt === shown[1] || control.getAttribute("aria-valuetext") === shown[2]))
    dead.push("figure whose text alternative or slider value text does not follow its slider: " + shown[1].slice(0, 80));
}
return dead;
"""


# axe-core's rules for WCAG 2.0/2.1 level A and AA, and its best practices: landmarks (every
# content inside one, "region"; one main, unique names, "landmark-*"), heading order, table
# headers with a name ("empty-table-header"), and the rest of the "best-practice" tag.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: Violations that come from upstream code the book cannot change, by axe rule: (reason, a
#: CSS-selector fragment that every offending node's target contains). Anything else fails.
#: Empty: what the theme and Sphinx get wrong is mended by book/_static/lossland.js (the
#: primary sidebar made a named navigation landmark for "region", an empty corner header cell
#: made a data cell, the references' list items, the buttons' names). A table header holding only
#: a formula is "empty" to axe, whose rule asks for visible text (MathJax draws its glyphs with CSS
#: and hides its assistive MathML from view): give such a header a word ("targets $y$").
AXE_UPSTREAM: dict[str, tuple[str, str]] = {}

# Resolves with axe-core's WCAG A/AA violations: [rule, impact, [node targets]].
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then((r) => done(r.violations.map((v) => [v.id, v.impact, v.nodes.map((n) => n.target.join(" "))])),
        (e) => done([["axe-core failed", String(e), []]]));
"""

# Our own rules (issue 24), which axe cannot know: figures' text alternatives say what they
# show, sliders speak their value, the first explorer is near the chapter's title.
OWN_RULES = r"""
const generic = new Set(arguments[0]);
const problems = [];
const fileName = /(^|[\/])[\w.-]+\.(png|jpe?g|gif|svg|pdf|webp)$|^(\.\.?\/|data:|https?:)/i;
for (const img of document.querySelectorAll("main img")) {
  if (!img.closest(".cell_output")) continue;   // figures are cell outputs; the theme's logo is not
  const alt = (img.getAttribute("alt") || "").trim();
  const words = alt.toLowerCase().replace(/[^a-z ]/g, " ").split(/\s+/).filter(Boolean).join(" ");
  const src = (img.getAttribute("src") || "").slice(0, 60);
  if (!alt) problems.push("figure without a text alternative: " + src);
  else if (fileName.test(alt)) problems.push("figure whose text alternative is a file name: " + alt.slice(0, 90));
  else if (generic.has(words)) problems.push("figure whose text alternative is a generic word: " + alt.slice(0, 90));
}
const sliders = document.querySelectorAll("main input[type=range]");
for (const s of sliders)
  if (!(s.getAttribute("aria-valuetext") || "").trim())
    problems.push("slider without aria-valuetext: " + (s.closest("label") ? s.closest("label").innerText.trim() : s.outerHTML.slice(0, 80)));
const title = document.querySelector("main h1");
if (title && sliders.length) {
  const tabbable = "a[href], button, input, select, textarea, [tabindex]";
  let presses = 0;
  for (const el of document.querySelectorAll(tabbable)) {
    if (!(title.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
    if (el === sliders[0] || (el.hash && el.hash === "#" + (sliders[0].closest("[id]") || {}).id)) break;  // or a link to it
    if (el.tabIndex < 0 || el.disabled || !el.getClientRects().length) continue;
    presses += 1;
  }
  if (presses + 1 > 30) problems.push(`the first slider is ${presses + 1} Tab presses after the title (at most 30)`);
}
return problems;
"""
PHONE_WIDTH = 390  # px: a phone's window; no page may be wider


def accessibility(driver, axe: str) -> tuple[list[str], list[tuple[str, str, list[str]]]]:
    """Our own rules' problems, and axe-core's WCAG 2.1 A/AA violations on the loaded page.

    Violations of :data:`AXE_UPSTREAM` whose every node matches its selector are not problems.
    """
    problems = driver.execute_script(OWN_RULES, sorted(GENERIC_ALTS))
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(axe)
    violations = driver.execute_async_script(RUN_AXE, AXE_TAGS)
    # The same page in dark mode (the theme's colour switch): text contrast again, with the
    # theme's colour transitions off so that no element is measured halfway.
    driver.execute_script("const still = document.createElement('style'); still.id = 'lossland-still';"
                          "still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';"
                          "document.head.append(still);"
                          "document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.mode = 'dark';")
    time.sleep(0.5)
    violations += [(rule + " (dark mode)", impact, targets)
                   for rule, impact, targets in driver.execute_async_script(RUN_AXE, ["wcag2aa"])
                   if rule == "color-contrast"]
    driver.execute_script("document.documentElement.dataset.theme = 'light'; document.documentElement.dataset.mode = 'light';"
                          "document.getElementById('lossland-still').remove();")
    for rule, impact, targets in violations:
        reason, where = AXE_UPSTREAM.get(rule, ("", None))
        if where is not None and all(where in target for target in targets):
            continue
        problems.append(f"axe {rule} ({impact}), {len(targets)} node{'s' if len(targets) > 1 else ''}: "
                        + "; ".join(targets[:3]))
    return problems, violations


def phone_width(driver, height: int) -> list[str]:
    """The page laid out in a 390 px window must not scroll sideways."""
    driver.set_window_size(PHONE_WIDTH, height)
    time.sleep(0.3)
    inner, width = driver.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
    driver.set_window_size(WIDTH, height)
    return [] if width <= inner else [f"scrolls sideways in a {inner} px phone window: {width} px wide"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass

    def copyfile(self, source, outputfile):  # counts what the site sent (check_live reports it)
        start = source.tell()
        super().copyfile(source, outputfile)
        with self.server.lock:
            self.server.bytes_sent += source.tell() - start


class _Server(http.server.ThreadingHTTPServer):
    bytes_sent = 0  # bodies of the files served so far
    lock = threading.Lock()

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # the browser hung up: fine
            super().handle_error(request, client_address)


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``directory`` on a free localhost port; returns the server and its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def start_chromium(profile: str):
    """Headless Chromium driven by Debian's chromedriver (no driver downloads)."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not go online
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={profile}", f"--window-size={WIDTH},900"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(120)
    driver.set_script_timeout(300)  # axe-core on a chapter takes half a minute on a loaded machine; a hang still ends
    return driver


def _requests_elsewhere(driver, base: str) -> list[str]:
    """URLs the page requested from anywhere but the local server (performance log)."""
    import json

    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith((base, "data:", "blob:", "about:", "chrome")):
                urls.append(url)
    return urls


LINKS_AND_IDS = """
return [Array.from(document.querySelectorAll("a[href]"), a => a.href),
        Array.from(document.querySelectorAll("[id]"), e => e.id)];
"""


def _full_page_screenshot(driver, path: Path) -> None:
    """The whole page as one PNG, also when it is taller than the window."""
    import base64

    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], MAX_SHOT), "scale": 1}
    # optimizeForSpeed: zlib's fastest level, the same pixels in a larger file (a chapter's PNG encoded
    # in half the time or less: it is up to 1280 x 40000 px).
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                             "clip": clip, "optimizeForSpeed": True})
    path.write_bytes(base64.b64decode(shot["data"]))


def check_page(driver, base: str, page: str, screenshot: Path | None, anchors: dict | None = None,
               axe: str | None = None) -> list[str]:
    """Load one page (path relative to the site root) and return what is wrong with it.

    ``axe`` is axe-core's JavaScript (default: :func:`axe_source`, read once per site by
    :func:`check_site`).

    With ``anchors``, records ``anchors[page] = (links, ids)`` for :func:`broken_links`.
    """
    axe = axe if axe is not None else axe_source()
    driver.set_window_size(WIDTH, 900)
    driver.get(base + page)
    status = driver.execute_async_script(WAIT_FOR_MATHJAX)
    problems = [] if status in ("typeset", "no MathJax on this page") else [status]
    # Make the window as tall as the page: every image is in view (lazy images load) and
    # the screenshot shows the whole page.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(WIDTH, min(max(height, 900), MAX_HEIGHT))
    deadline = time.time() + 15
    while time.time() < deadline and not driver.execute_script(
        "return Array.from(document.images).every(i => i.complete)"
    ):
        time.sleep(0.1)
    time.sleep(0.3)  # let the theme settle after the resize
    problems += driver.execute_script(INSPECT_PAGE)
    problems += driver.execute_async_script(FIGURE_SCALE)
    found, _violations = accessibility(driver, axe)
    problems += found
    problems += phone_width(driver, driver.get_window_size()["height"])
    if anchors is not None:
        anchors[page] = driver.execute_script(LINKS_AND_IDS)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        _full_page_screenshot(driver, screenshot)
    # Then play with the page: every slider must change something, and what it shows must load.
    problems += driver.execute_script(MOVE_CONTROLS)
    time.sleep(0.3)
    problems += [p for p in driver.execute_script(INSPECT_PAGE) if p.startswith("image")]
    problems += [p for p in driver.execute_script(OWN_RULES, sorted(GENERIC_ALTS)) if p.startswith("figure")]
    # Browsers probe /favicon.ico on a page that names no icon (only the root redirect).
    problems += [f"browser console error: {e['message']}" for e in driver.get_log("browser")
                 if e["level"] == "SEVERE" and "/favicon.ico " not in e["message"]]
    problems += [f"request left this machine: {url}" for url in _requests_elsewhere(driver, base)]
    return sorted(set(problems), key=problems.index)


def broken_links(html_dir: Path, base: str, anchors: dict) -> dict[str, list[str]]:
    """Links between the site's pages whose file or ``#fragment`` does not exist."""
    from urllib.parse import unquote, urldefrag

    broken = {}
    for page, (links, _ids) in anchors.items():
        for link in links:
            if not link.startswith(base):
                continue  # another site: a link, never fetched
            target, fragment = urldefrag(link)
            path = unquote(target[len(base):].split("?")[0]) or "index.html"  # a query names no file
            if path.endswith("/"):
                path += "index.html"
            if not (html_dir / path).is_file():
                broken.setdefault(page, []).append(f"link to a missing file: {path}")
            elif fragment and path in anchors and unquote(fragment) not in anchors[path][1]:
                broken.setdefault(page, []).append(f"link to a missing anchor: {path}#{fragment}")
    return broken


def site_pages(html_dir: Path) -> list[str]:
    """Every HTML page of the site, as paths relative to its root."""
    skip = ("_static/", "_sources/", "_images/", "lite/")  # lite/: the live site, checked by check_live.py
    pages = (p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html"))
    return sorted(p for p in pages if not p.startswith(skip))


def check_site(html_dir: Path, screenshots: Path | None, browsers: int = 1) -> dict[str, list[str]]:
    """Check every page of the site; returns ``{page: [problems]}`` for every page, in the site's order.

    ``browsers`` Chromiums check pages at once, each in its own profile, taking the largest page
    left (the chapters take minutes, the short pages seconds), so that they finish together; each
    page is checked as with one browser.  The links between the pages are checked at the end, against
    the anchors of every page.
    """
    html_dir = Path(html_dir).resolve()
    pages = site_pages(html_dir)
    if not pages:
        return {str(html_dir): ["no HTML pages found: build the book first (make book)"]}
    axe = axe_source()
    server, base = serve(html_dir)
    todo = sorted(pages, key=lambda page: (html_dir / page).stat().st_size, reverse=True)
    taking = threading.Lock()
    results, anchors = {}, {}

    def browse() -> None:
        with tempfile.TemporaryDirectory(prefix="lossland-chromium-") as profile:
            driver = start_chromium(profile)
            try:
                while True:
                    with taking:
                        if not todo:
                            return
                        page = todo.pop(0)
                    shot = None if screenshots is None else Path(screenshots) / (page[: -len(".html")] + ".png")
                    results[page] = check_page(driver, base, page, shot, anchors, axe)
            finally:
                driver.quit()

    browsers = max(1, min(browsers, len(pages)))
    try:
        with ThreadPoolExecutor(max_workers=browsers) as pool:
            for done in [pool.submit(browse) for _ in range(browsers)]:
                done.result()  # a browser's exception, raised here
    finally:
        server.shutdown()
        server.server_close()
    results = {page: results[page] for page in pages}
    for page, problems in broken_links(html_dir, base, anchors).items():
        results[page] += sorted(set(problems))
    return results


def report(results: dict[str, list[str]]) -> str:
    """One line per page, its problems indented beneath it."""
    lines = []
    for page, problems in results.items():
        lines.append(f"{'FAIL' if problems else 'ok  '} {page}")
        lines += [f"       {p}" for p in problems]
    bad = sum(1 for p in results.values() if p)
    lines.append(f"{len(results) - bad} pages passed, {bad} failed")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", nargs="?", default="_build/html", type=Path)
    parser.add_argument("--screenshots", default="_build/screenshots", type=Path,
                        help="where to save one full-page PNG per page (default: %(default)s)")
    parser.add_argument("--browsers", default=2, type=int, help="Chromiums checking pages at once (default: %(default)s)")
    args = parser.parse_args(argv)
    results = check_site(args.html_dir, args.screenshots, args.browsers)
    print(report(results))
    return 1 if any(results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
