"""The whole book: a warning-free build, then every page looked at in headless Chromium.

The build is the fixture ``book_build`` (tests/conftest.py): once per test run, shared by the
workers.  Screenshots of every page land in ``_build/screenshots``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"


def _excerpt(output: str, tail: int = 80) -> str:
    """Every warning and error line of a Sphinx run, then its last lines."""
    output = re.sub(r"\x1b\[[0-9;]*m", "", output)  # colour codes
    lines = output.splitlines()
    flagged = [line for line in lines if re.search(r"WARNING|ERROR|CRITICAL|Error|Traceback", line)]
    return "\n".join(["--- warnings and errors ---", *flagged, f"--- last {tail} lines ---", *lines[-tail:]])


@pytest.mark.book
def test_book_builds_without_warnings(book_build):
    if book_build.returncode != 0:
        pytest.fail(f"jupyter-book build failed (exit {book_build.returncode}):\n"
                    + _excerpt(book_build.stdout + book_build.stderr), pytrace=False)


@pytest.mark.book
def test_every_page_renders_in_chromium(book_build):
    if book_build.returncode != 0:
        pytest.skip("the book did not build; see test_book_builds_without_warnings")
    import check_pages
    results = check_pages.check_site(HTML, SHOTS, browsers=2)
    assert "book/ledger.html" in results and "book/decomposition.html" in results
    if any(results.values()):
        pytest.fail(check_pages.report(results) + f"\nScreenshots: {SHOTS}", pytrace=False)


@pytest.mark.book
@pytest.mark.xdist_group("coursework")  # the second lane, while the first checks the pages (tests/conftest.py)
def test_a_chapter_runs_live_in_the_browser_offline(book_build):
    """Launch a chapter from its page into JupyterLite, run every cell, drag its explorers.

    Chromium resolves no host but 127.0.0.1: the Pyodide runtime, the wheels and lossland
    itself must all come from the built site (scripts/check_live.py has the details).
    """
    if book_build.returncode != 0:
        pytest.skip("the book did not build; see test_book_builds_without_warnings")
    import check_live
    [run] = check_live.check_chapters(HTML, ["petzka"], moves=2, screenshots=SHOTS)
    if run.problems or not run.updates_ms:
        pytest.fail("the chapter did not run live:\n" + check_live.report([run]), pytrace=False)
    assert run.explorers >= 1 and len(run.updates_ms) == 2 * run.explorers


CHAPTER_WITH_SOLUTIONS = """\
```{exercise}
:label: ex-a
Task A.
```

````{solution} ex-a
:class: dropdown
ANSWER-A
```python
print("inside the solution")
```
````

```{exercise-start}
:label: ex-b
```
Task B.
```{exercise-end}
```

```{solution-start} ex-b
:class: dropdown
```
ANSWER-B
```{code-cell} ipython3
print("ANSWER-B-CODE")
```
```{solution-end}
```

Text after the solutions.
"""


def test_student_edition_strips_every_solution():
    import student_edition
    text, removed = student_edition.strip_solutions(CHAPTER_WITH_SOLUTIONS)
    assert removed == 2
    assert "ANSWER" not in text and "{solution" not in text
    for kept in ("Task A.", "Task B.", "{exercise-end}", "Text after the solutions."):
        assert kept in text
