"""Every public function of ``lossland.book`` (what the chapters run: widgets, plots, ledger, display,
saved runs, syllabus, MyST blocks) rejects bad input clearly.  The build tools (``scripts/sitebuild``)
have their own table, ``tests/book/test_bad_inputs_sitebuild.py``.

Each :class:`Spec` row gives a small valid call and the kind of every argument (see ``tests/badinput.py``);
the shared data and bad values are the core table's (``tests/test_bad_inputs_core.py``).
"""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
from badinput import AX_BAD, TEXT_BAD, Spec, ax, table_tests
from test_bad_inputs_core import FLAG

from lossland.book import display, ledger, myst_blocks, plots, saved_runs, syllabus, widgets

ROOT = Path(__file__).resolve().parents[2]  # the repository


def _tiny_figure(value=None):
    return plt.figure(figsize=(0.5, 0.5))


def _scrubber():
    return dict(frames=(b"png",), captions=("one",), label="value", start=0)


def _claim(**changes) -> dict:
    fields = dict(key="chapter/claim", chapter="chapter", label="sec-claim", where="Fig. 1", statement="one is one",
                  paper="1", compute=lambda: 1, check=lambda value: value == 1, tolerance="exact",
                  status="matches", reason="", fmt=str)
    return {**fields, **changes}


def _results() -> list:
    return ledger.evaluate([ledger.Claim(**_claim())])


def _draw_line(fig, level):
    """A tiny draw function for live_view: one line at height ``level``."""
    fig = fig or plt.figure(figsize=(2, 1))
    fig.clear()
    fig.add_subplot().axhline(level)
    return fig


def _slider():
    import ipywidgets

    return ipywidgets.FloatSlider(value=0.5, min=0.0, max=1.0)


REAL_BAD = [("NaN", math.nan), ("text", "1"), ("None", None)]
# Any plain name is a valid run name (no list of known ones): only non-names are bad.

RUN_NAME_BAD = [("a path", "../up"), ("a dot", "a.b"), ("empty", ""), ("number", 3), ("None", None)]


_MYST = "```{exercise-start}\n:label: ex-a\n```\nTask.\n```{exercise-end}\n```\n"

_MYST_TEXT = [("None", None), ("number", 3), ("bytes", b"text"), ("unclosed", "```{exercise-start}\n```\n")]

_MYST_NAME = [("None", None), ("number", 3), ("empty", ""), ("braces", "{exercise}"), ("spaces", "an exercise")]


SPECS = [
    Spec(widgets.kernel_free, dict, {}),
    Spec(widgets.wipe, lambda: dict(ax=_tiny_figure().add_subplot()), {}, {"ax": [("None", None), ("figure", plt.figure())]}),
    Spec(widgets.grid_lines, lambda: dict(ax=_tiny_figure().add_subplot()), {}, {"ax": [("None", None), ("figure", plt.figure())]}),
    Spec(widgets.moving_changes, lambda: dict(fig=_tiny_figure()), {}, {"fig": [("None", None), ("axes", ax())]}),
    Spec(widgets.keep_moving, lambda: dict(ax=_tiny_figure().add_subplot()), {}, {"ax": [("None", None), ("figure", plt.figure())]}),
    Spec(widgets.png, lambda: dict(fig=_tiny_figure(), dpi=20, close=True), {"dpi": "positive"},
         {"fig": [("text", "fig"), ("None", None)], "close": FLAG}),
    Spec(widgets.Scrubber, _scrubber, {"start": "natural"},
         {"frames": [("empty", ()), ("text", "png"), ("not bytes", ("png",))],
          "captions": [("wrong length", ("one", "two")), ("not text", (1,))],
          "label": TEXT_BAD, "start": [("out of range", 1)],
          "alts": [("wrong length", ("a", "b")), ("file name", ("frame.png",)), ("generic", ("image",))]}),
    Spec(widgets.scrubber, lambda: dict(draw=_tiny_figure, values=[1], label="value", caption=str, start=0),
         {"draw": "callable", "caption": "callable", "start": "natural"},
         {"values": [("empty", []), ("None", None), ("number", 3)], "label": TEXT_BAD, "start": [("out of range", 1)]}),
    Spec(widgets.explorer, lambda: dict(live=lambda: 1, fallback=lambda: 2), {"live": "callable", "fallback": "callable"}),
    Spec(plots.book_style, dict, {}),
    Spec(plots.figure, lambda: dict(ncols=1, nrows=1, width=1.0, height=1.0, fast=True),
         {"ncols": "count", "nrows": "count", "width": "positive", "height": "positive"}, {"fast": FLAG}),
    Spec(plots.label, lambda: dict(ax=ax(), xlabel="x", ylabel="y", title="t"), {},
         {"ax": AX_BAD, "xlabel": TEXT_BAD, "ylabel": TEXT_BAD, "title": [("number", 3)]}),
    Spec(plots.square_limits, lambda: dict(ax=ax(), radius=1.0), {"radius": "positive"}, {"ax": AX_BAD}),
    Spec(plots.describe, lambda: dict(fig=_tiny_figure(), text="the loss falls from 1 to 0"), {},
         {"fig": [("None", None), ("axes", ax())],
          "text": TEXT_BAD + [("empty", " "), ("file name", "../_images/a1b2.png"), ("generic", "figure")]}),
    Spec(plots.alt_text, lambda: dict(fig=_tiny_figure()), {}, {"fig": [("None", None), ("axes", ax())]}),
    Spec(ledger.Claim, _claim, {"status": "name", "compute": "callable", "check": "callable", "fmt": "callable"},
         {name: [("number", 3), ("None", None)] for name in
          ("key", "chapter", "label", "where", "statement", "paper", "tolerance", "reason")}
         | {"key": [("number", 3), ("empty", "")]}),
    Spec(ledger.evaluate, lambda: dict(claims=[ledger.Claim(**_claim())]), {},
         {"claims": [("None", None), ("number", 3), ("not claims", [3])]}),
    Spec(ledger.LedgerTable, lambda: dict(results=_results(), link=True), {},
         {"results": [("None", None), ("text", "results"), ("not results", [3])], "link": FLAG}),
    Spec(ledger.source_hash, lambda: dict(package=ROOT / "lossland" / "core"), {},
         {"package": [("number", 3), ("missing folder", ROOT / "no-such-folder"), ("a file", ROOT / "pyproject.toml")]}),
    Spec(saved_runs.save, lambda: dict(name="a-run", data={"x": 1}), {},
         {"name": RUN_NAME_BAD, "data": [("a list", [1]), ("None", None)]}),
    Spec(saved_runs.load, lambda: dict(name="a-run"), {}, {"name": RUN_NAME_BAD}),
    Spec(display.below, lambda: dict(value=1e-15, bound=1e-12), {"bound": "positive"}, {"value": REAL_BAD}),
    Spec(display.at_least, lambda: dict(value=12.0, bound=10.0), {"bound": "real"}, {"value": REAL_BAD}),
    Spec(display.glue, lambda: dict(name="a-value", value=1.5, display=False), {},
         {"name": [("empty", ""), ("number", 3), ("None", None)], "display": FLAG}),
    Spec(ledger.chapter_claims, lambda: dict(chapter="liu"), {"chapter": "name"}),
    Spec(widgets.live_view, lambda: dict(controls={"level": _slider()}, draw=_draw_line), {"draw": "callable"},
         {"controls": [("None", None), ("list", [1, 2]), ("not widgets", {"level": 0.5})]}),
    Spec(syllabus.chapter_syllabus, lambda: dict(chapter="liu", book=None), {"chapter": "name"},
         {"book": [("number", 3), ("no such folder", "/no/such/folder")]}),
    Spec(syllabus.syllabus_markdown, lambda: dict(chapters=["liu"]), {},
         {"chapters": [("text", "liu"), ("empty", []), ("None", None), ("unknown", ["no-such-chapter"])]}),
    Spec(myst_blocks.source_lines, lambda: dict(text=_MYST), {}, {"text": _MYST_TEXT[:3]}),
    Spec(myst_blocks.blocks, lambda: dict(text=_MYST, name="exercise"), {}, {"text": _MYST_TEXT, "name": _MYST_NAME}),
    Spec(myst_blocks.without_blocks, lambda: dict(text=_MYST, name="exercise"), {},
         {"text": _MYST_TEXT, "name": _MYST_NAME}),
    Spec(myst_blocks.prose_lines, lambda: dict(text=_MYST, verbatim=["code-cell"]), {},
         {"text": _MYST_TEXT[:3], "verbatim": [("None", None), ("text", "code-cell"), ("not names", [3])]}),
    Spec(myst_blocks.headings, lambda: dict(text=_MYST), {}, {"text": _MYST_TEXT[:3]}),
    Spec(myst_blocks.labels, lambda: dict(text=_MYST), {}, {"text": _MYST_TEXT[:3]}),
    Spec(myst_blocks.section_lines, lambda: dict(text=_MYST, title="Overview"), {},
         {"text": _MYST_TEXT[:3], "title": [("None", None), ("number", 3)]}),
    Spec(myst_blocks.paragraphs, lambda: dict(text=_MYST), {}, {"text": _MYST_TEXT[:3]}),
    Spec(myst_blocks.lists, lambda: dict(text=_MYST), {}, {"text": _MYST_TEXT[:3]}),
]

EXEMPT = {
    "lossland.book.syllabus.KINDS": "a constant: the kinds of exercise",
    "lossland.book.myst_blocks.Block": "a plain data container (built by blocks)",
    "lossland.book.myst_blocks.Heading": "a plain data container (built by headings)",
    "lossland.book.myst_blocks.VERBATIM": "a constant: the directives whose body is not MyST",
    "lossland.book.syllabus.Exercise": "a plain data container (built by chapter_syllabus)",
    "lossland.book.syllabus.Syllabus": "a plain data container (built by chapter_syllabus)",
    "lossland.book.ledger.CACHE_ENVIRONMENT_VARIABLE": "a constant: the name of an environment variable",
    "lossland.book.saved_runs.SUFFIX": "a constant: the saved runs' file-name ending",
    "lossland.book.saved_runs.saved_files": "the build's listing of its own cache folder (a missing folder lists nothing)",
    "lossland.book.ledger.CHAPTERS": "a constant: the chapters in book order",
    "lossland.book.ledger.all_claims": "takes no arguments",
    "lossland.book.ledger.every": "a claim's check on two counts its own compute returns (never a reader's input)",
    "lossland.book.widgets.STATIC_ENVIRONMENT_VARIABLE": "a constant: the name of an environment variable",
    "lossland.book.plots.PALETTE": "a constant: the colour palette",
    "lossland.book.plots.SEQUENTIAL": "a constant: the colour map's name",
    "lossland.book.plots.GENERIC_ALTS": "a constant: the words that do not describe a figure",
    "lossland.book.plots.weak_alt": "a predicate on any value: anything that is not a describing text gets a reason",
    "lossland.book.ledger.STATUSES": "a constant: the allowed statuses",
    "lossland.book.ledger.Result": "a plain data container (built by evaluate)",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)
