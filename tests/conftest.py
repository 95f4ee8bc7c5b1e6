"""Test-wide settings: Hypothesis draws the same examples on every machine and in every order;
the book is built once per run, and the long tests run in two lanes (pytest-xdist)."""
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from hypothesis import settings

# derandomize: examples come from a fixed seed per test, so a local run and CI test the
# same cases; database=None: no example replayed from an earlier run changes what is tested.
settings.register_profile("lossland", derandomize=True, database=None, deadline=None, print_blob=True)
# The same, drawing ten times as many examples (LOSSLAND_HYPOTHESIS=thorough): for a fuzz by hand.
settings.register_profile("thorough", parent=settings.get_profile("lossland"), max_examples=1000)
settings.load_profile(os.environ.get("LOSSLAND_HYPOTHESIS", "lossland"))


@pytest.fixture
def isolated_figures():
    """The test's matplotlib settings and open figures do not leak into other tests (the bad-input tables' calls draw)."""
    import matplotlib as mpl  # imported here: conftest is loaded by every run, most of which never draw
    import matplotlib.pyplot as plt

    with mpl.rc_context():
        yield
    plt.close("all")


#: Markers of tests that are slow by what they do (build the book, grade a class, drive JupyterLab): slow as well.
SLOW_KINDS = ("book", "coursework", "lab")
#: The lanes of long tests under ``--dist loadgroup``, in this order (one xdist group each, so each on its own worker).
LANES = ("book", "coursework")


def _lane(item) -> str | None:
    """The item's lane: its own ``xdist_group`` mark, else ``book`` or ``coursework`` by its marker, else none."""
    mark = item.get_closest_marker("xdist_group")
    if mark is not None:
        return mark.args[0] if mark.args else mark.kwargs.get("name")
    return next((kind for kind in LANES if item.get_closest_marker(kind) is not None), None)


def _phase(item) -> int:
    """Within a lane: the coursework's classes, then the book's tests, then the rest (the claims, read from the build's cache)."""
    return 0 if item.get_closest_marker("coursework") else 1 if item.get_closest_marker("book") else 2


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items):
    """The book's, the coursework's and the lab's tests are ``slow`` too (``pytest -m "not slow"``: the fast suite).

    Under ``pytest -n N --dist loadgroup`` (make test), the long tests run in two lanes, each on
    its own worker, while the short tests go to whichever worker is free.  Lane ``book``: the
    build, then the page check (two Chromiums), then the ledger's claims (from the cache the build
    filled).  Lane ``coursework``: the classes graded with otter, then the tests that only read the
    built site (a chapter live, the PDF; marked ``xdist_group("coursework")``), which wait for the
    build (fixture :func:`book_build`) if the classes finish first.  The lanes come first in the
    collection, in that order, so that xdist starts them at once and the short tests fill in
    around them.  Without ``--dist loadgroup`` the order stays.
    """
    for item in items:
        if any(item.get_closest_marker(kind) is not None for kind in SLOW_KINDS):
            item.add_marker(pytest.mark.slow)
    if not getattr(config.option, "loadgroup", False):  # set by xdist in its workers under --dist loadgroup
        return
    lanes = {}
    for item in items:
        lane = _lane(item)
        if lane in LANES:
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group(lane))
            lanes[item] = (LANES.index(lane), _phase(item))
    long_first = sorted(lanes, key=lanes.get)  # stable: each phase in its collection order
    items[:] = long_first + [item for item in items if item not in lanes]


#: The book build's lock and its result for the other workers of the same run (fixture book_build).
BUILD_LOCK = Path(__file__).resolve().parents[1] / "_build" / ".test-build.lock"
BUILD_RESULT = BUILD_LOCK.with_suffix(".json")
_THIS_RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex  # xdist's id is shared by a run's workers


@pytest.fixture(scope="session")
def book_build() -> subprocess.CompletedProcess:
    """The book built as `make book` builds it, but with Sphinx warnings as errors: once per test run.

    The build re-reads every page (``--all``) so that warnings of unchanged pages are not hidden by
    Sphinx's incremental build; executed cells come from the jupyter-cache in ``_build/.jupyter_cache``
    when a chapter's code is unchanged.  The first test of the run that asks for it builds the book,
    holding a lock on ``_build/.test-build.lock``; a test on another worker that asks meanwhile waits
    for the lock, then reads the build's exit code and output from ``_build/.test-build.json``, which
    names the run (xdist's test run id): a later run builds afresh.
    """
    import fcntl

    BUILD_LOCK.parent.mkdir(parents=True, exist_ok=True)
    with BUILD_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        try:
            result = json.loads(BUILD_RESULT.read_text())
        except (OSError, ValueError):
            result = {}
        if result.get("run") != _THIS_RUN:
            env = dict(os.environ, LOSSLAND_STATIC="1")
            env.pop("MPLBACKEND", None)  # the kernel must pick its inline backend for figures
            command = [str(Path(sys.executable).with_name("jupyter-book")), "build", ".", "--all", "-W", "-n", "--keep-going"]
            built = subprocess.run(command, cwd=BUILD_LOCK.parents[1], env=env, capture_output=True, text=True, timeout=3600)
            result = {"run": _THIS_RUN, "args": command, "returncode": built.returncode,
                      "stdout": built.stdout, "stderr": built.stderr}
            BUILD_RESULT.write_text(json.dumps(result))
    return subprocess.CompletedProcess(result["args"], result["returncode"], result["stdout"], result["stderr"])
