"""Test-wide settings: Hypothesis draws the same examples on every machine and in every order."""
import os

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


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items):
    """The book's, the coursework's and the lab's tests are ``slow`` too (``pytest -m "not slow"``: the fast suite).

    Under ``pytest -n N --dist loadgroup`` (make test): the book's tests on one worker, the coursework's on one.

    The book tests share ``_build`` (the PDF test prints the site the build test made) and run in
    their file order on one worker; each coursework test grades a class with otter.  Every other
    test goes to whichever worker is free.  The long groups come first in the collection (their
    own order kept), so that xdist starts them at once and the short tests fill in around them.
    Without ``--dist loadgroup`` the order stays.
    """
    for item in items:
        if any(item.get_closest_marker(kind) is not None for kind in SLOW_KINDS):
            item.add_marker(pytest.mark.slow)
    if not getattr(config.option, "loadgroup", False):  # set by xdist in its workers under --dist loadgroup
        return
    long_first = []
    for item in items:
        for group in ("book", "coursework"):
            if item.get_closest_marker(group) is not None:
                item.add_marker(pytest.mark.xdist_group(group))
                long_first.append(item)
                break
    items[:] = long_first + [item for item in items if item not in long_first]
