"""A shared table of bad values per argument kind, and the check every public function must pass.

A test file lists its public functions as :class:`Spec` rows: a valid call and, for each
argument, its kind. :func:`cases` expands the rows into one pytest case per (function,
argument, bad value); :func:`assert_rejects` calls the function with that one argument
replaced and requires a ``ValueError`` or ``TypeError`` whose message names the argument,
within a time limit (a hang is a failure too).

A table file lists its rows (``SPECS``, ``EXEMPT``) and ends with one line,
``test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS)``: the two
tests every table runs, defined once in :func:`table_tests`.  The bad values several tables share
(an Axes, a Figure, a flag, a text; a wrong length, an index out of range) are here too.  The
tables are found by their file names (``tests/spec_parts.py``), through which
``tests/test_bad_inputs_coverage.py`` (every public name has a row or an exemption) and
``tests/test_fuzz.py`` read them all.

Valid calls use tiny inputs and short explorers (one or two frames), so that a table runs in
seconds; a function that only draws a precomputed heavy result (minutes of training) is exempt,
with the reason in its table's ``EXEMPT``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lossland.book.answers import Feedback

#: Bad values per argument kind: (label, value). Values a kind cannot hold in any valid call.
BAD: dict[str, list[tuple[str, Any]]] = {
    "matrix": [
        ("None", None),
        ("text", "points"),
        ("empty", np.zeros((0, 2))),
        ("3-D", np.zeros((2, 2, 2))),
        ("NaN", np.array([[np.nan, 1.0], [0.0, 1.0]])),
        ("inf", np.array([[np.inf, 1.0], [0.0, 1.0]])),
        ("object", np.array([[object(), 1.0]], dtype=object)),
        ("complex", np.array([[1.0 + 1j, 1.0], [0.0, 1.0]])),
        ("ragged", [[1.0, 2.0], [3.0]]),
    ],
    "vector": [
        ("None", None),
        ("text", "values"),
        ("empty", np.zeros(0)),
        ("NaN", np.array([np.nan, 1.0])),
        ("inf", np.array([1.0, np.inf])),
        ("2-D", np.ones((3, 3))),
        ("complex", np.array([1.0 + 1j, 1.0])),
        ("ragged", [[1.0], 2.0]),
    ],
    "count": [  # an integer >= 1: widths, steps, repeats, sizes
        ("zero", 0),
        ("negative", -1),
        ("fraction", 2.5),
        ("text", "3"),
        ("bool", True),
        ("None", None),
        ("NaN", math.nan),
        ("huge", 10**30),
    ],
    "natural": [  # an integer >= 0
        ("negative", -1),
        ("fraction", 2.5),
        ("text", "3"),
        ("bool", True),
        ("None", None),
        ("huge", 10**30),
    ],
    "positive": [  # a real number > 0: rates, scales, spreads
        ("bool", True),
        ("complex", 1.0 + 1j),
        ("zero", 0.0),
        ("negative", -1.0),
        ("NaN", math.nan),
        ("inf", math.inf),
        ("text", "1"),
        ("None", None),
    ],
    "nonnegative": [  # a finite real number >= 0
        ("bool", True),
        ("complex", 1.0 + 1j),
        ("negative", -1.0),
        ("NaN", math.nan),
        ("inf", math.inf),
        ("text", "1"),
        ("None", None),
    ],
    "real": [  # any finite real number
        ("bool", True),
        ("complex", 1.0 + 1j),
        ("NaN", math.nan),
        ("inf", math.inf),
        ("text", "1"),
        ("None", None),
    ],
    "probability": [  # in [0, 1]
        ("negative", -0.1),
        ("above one", 1.5),
        ("NaN", math.nan),
        ("text", "0.5"),
    ],
    "tolerance": [  # a small positive number
        ("zero", 0.0),
        ("negative", -1.0),
        ("NaN", math.nan),
        ("inf", math.inf),
        ("text", "1e-9"),
    ],
    "seed": [
        ("negative", -1),
        ("fraction", 1.5),
        ("text", "seed"),
    ],
    "name": [
        ("unknown", "no-such-name"),
        ("number", 3),
        ("None", None),
    ],
    "callable": [
        ("number", 3),
        ("None", None),
    ],
}

#: Bad values of an array of any shape (a number is fine) that must be finite.
ANY_SHAPE_BAD = [
    ("None", None),
    ("text", "values"),
    ("empty", np.zeros(0)),
    ("NaN", np.array([np.nan, 1.0])),
    ("inf", np.array([1.0, np.inf])),
    ("object", np.array([object(), 1.0], dtype=object)),
]

#: Bad values of the arguments figure functions share: where to draw, a switch, a label.
AX_BAD = [("text", "ax"), ("None", None)]
FIG_BAD = [("text", "fig"), ("number", 3)]
FLAG_BAD = [("text", "yes"), ("number", 2), ("None", None)]
TEXT_BAD = [("number", 3), ("None", None)]

#: Bad values where an object of a given type goes (another function's result, an architecture, a dataset).
TYPE_BAD = [("text", "result"), ("None", None), ("number", 3)]

#: Bad values of an index >= 0 whose upper end the function checks itself.
INDEX_BAD = [("negative", -1), ("fraction", 0.5), ("text", "0"), ("None", None), ("bool", True)]


def ax():
    """A small new Axes for a valid call (the ``isolated_figures`` fixture closes it after the test)."""
    return plt.figure(figsize=(2, 2)).add_subplot()


def wrong_length(n: int) -> list[tuple[str, Any]]:
    """A finite vector of length ``n``, for an argument whose valid length is another."""
    return [("wrong length", np.linspace(0.1, 1.0, n))]


def index_bad(size: int) -> list[tuple[str, Any]]:
    """Indices into ``size`` things that are out of range, negative or not integers."""
    return [("out of range", size), ("-1", -1), ("fraction", 1.5), ("text", "0"), ("None", None)]


def drop(kwargs: dict, *names: str) -> dict:
    """``kwargs`` without ``names``: a call that leaves those arguments at their defaults."""
    return {key: value for key, value in kwargs.items() if key not in names}


def without(kind: str, *labels: str) -> list[tuple[str, Any]]:
    """The bad values of ``kind`` except those labelled ``labels`` (valid for this argument)."""
    return [(label, value) for label, value in BAD[kind] if label not in labels]


TIME_LIMIT = 20  # CPU seconds: a call that computes longer on bad input counts as a hang (tests/fuzzing.call)


@dataclass(frozen=True)
class Spec:
    """One public function: a factory for a valid call and the kinds of its arguments.

    ``valid`` returns the keyword arguments of a call that succeeds; ``kinds`` maps an
    argument name to a kind of :data:`BAD`; ``extra`` maps an argument name to further
    bad values that only this function rejects (a wrong length, an index out of range,
    an instance too large to enumerate).
    """

    function: Callable
    valid: Callable[[], dict]
    kinds: dict[str, str]
    extra: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.function.__module__}.{self.function.__qualname__}"


def cases(specs: list[Spec]) -> list:
    """One ``pytest.param`` per (function, argument, bad value), with a readable id."""
    params = []
    for spec in specs:
        arguments = set(spec.kinds) | set(spec.extra)
        for argument in sorted(arguments):
            bad = BAD.get(spec.kinds.get(argument, ""), []) + spec.extra.get(argument, [])
            for label, value in bad:
                params.append(
                    pytest.param(spec, argument, value, id=f"{spec.function.__qualname__}-{argument}-{label}")
                )
    return params


def assert_rejects(spec: Spec, argument: str, value: Any) -> None:
    """The call with ``argument=value`` raises a clear error naming ``argument``, in time.

    The time limit is on CPU time, with ten times as much wall-clock time as a backstop
    (:func:`fuzzing.call`, as the fuzz test does): a wall-clock alarm also fires in a call that is
    only slowed by a loaded machine, and its exception lands wherever the call is (inside a lock,
    a pool half started), which can leave the worker stuck.
    """
    from fuzzing import call  # the fuzz test's timer, which the bad-input tables share

    kwargs = spec.valid()
    assert argument in kwargs or argument in spec.kinds or argument in spec.extra
    kwargs[argument] = value
    outcome, detail = call(spec.function, kwargs, TIME_LIMIT)
    if outcome == "hang":
        pytest.fail(f"{spec.name}: {argument}={value!r} ran for more than {TIME_LIMIT} CPU s")
    if outcome == "error":
        if not isinstance(detail, (ValueError, TypeError)):
            raise detail
        message = str(detail)
        assert re.search(rf"\b{re.escape(argument)}\b", message), f"{spec.name}: the error for {argument}={value!r} does not name it: {message!r}"
        return
    pytest.fail(f"{spec.name}: {argument}={value!r} was accepted")


def assert_valid_calls_succeed(specs: list[Spec]) -> None:
    """Every spec's valid call runs: otherwise a rejection would prove nothing.

    One at a time, closing the figures each drew: dozens would stay open otherwise.
    """
    for spec in specs:
        spec.function(**spec.valid())
        plt.close("all")


def table_tests(specs: list[Spec], *, slow: bool = False) -> tuple[Callable, Callable]:
    """The two tests of a table of ``specs``, for its module to bind to their names.

    ``test_bad_input_is_rejected_clearly`` has one case per (function, argument, bad value), with
    the id ``<function>-<argument>-<label>``; ``test_valid_calls_succeed`` runs every valid call
    (marked ``slow`` where a table's calls take seconds).  Both run inside the fixture
    ``isolated_figures`` (``tests/conftest.py``): no settings or open figures leak out.
    """

    @pytest.mark.usefixtures("isolated_figures")
    @pytest.mark.parametrize("spec, argument, value", cases(specs))
    def test_bad_input_is_rejected_clearly(spec, argument, value):
        assert_rejects(spec, argument, value)

    @pytest.mark.usefixtures("isolated_figures")
    def test_valid_calls_succeed():
        assert_valid_calls_succeed(specs)

    if slow:
        test_valid_calls_succeed = pytest.mark.slow(test_valid_calls_succeed)
    return test_bad_input_is_rejected_clearly, test_valid_calls_succeed


def uncovered(modules, specs: list[Spec], exempt: dict[str, str]) -> list[str]:
    """The public names of ``modules`` (their ``__all__``, and a class's public methods) with no row and no exemption.

    A table checks its own modules with this, so that a chapter's functions get their rows in
    the chapter's table (``tests/test_bad_inputs_coverage.py`` checks the package as a whole).
    """
    covered = {spec.name for spec in specs}
    missing = []
    for module in modules:
        for name in module.__all__:
            full = f"{module.__name__}.{name}"
            if full in exempt:
                continue
            obj = getattr(module, name)
            if f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}" not in covered:
                missing.append(full)
            if isinstance(obj, type):  # its public methods too
                missing += [f"{full}.{m}" for m, v in vars(obj).items()
                            if callable(v) and not m.startswith("_") and f"{full}.{m}" not in exempt
                            and f"{obj.__module__}.{obj.__qualname__}.{m}" not in covered]
    return missing


#: A student's malformed numeric answers: each must get "not yet" asking for one finite number.
NOT_A_NUMBER = [("text", "0.2"), ("None", None), ("NaN", float("nan")), ("inf", float("inf")), ("list", [0.1, 0.2]),
                ("bool", True)]


def crashes(*args):
    """A student's function that fails when called: a self-check must answer "not yet", not raise."""
    raise ZeroDivisionError("oops")


def answer_cases(specs: list[Spec], bad_answers: list) -> list:
    """pytest parameters (spec, argument, value) for each malformed answer of ``bad_answers``.

    A self-check's *answer* is the student's: a bad answer (a word, NaN, a wrong shape, a rule
    that raises) gets friendly :class:`Feedback` saying what is expected, not an error; the
    exercise's own settings are rejected like any argument (the self-check's :class:`Spec` row).

    ``bad_answers`` lists ``(self-check function, argument, [(label, value), ...])``; the valid
    call of each function comes from its :class:`Spec` in ``specs``.
    """
    spec_of = {spec.function: spec for spec in specs}
    return [pytest.param(spec_of[function], argument, value, id=f"{function.__name__}-{argument}-{label}")
            for function, argument, bad in bad_answers for label, value in bad]


def assert_not_yet(spec: Spec, argument: str, value: Any, words: tuple[str, ...] = ("Give",)) -> None:
    """A self-check given a malformed answer says "not yet" and names the argument or one of ``words``."""
    feedback = spec.function(**{**spec.valid(), argument: value})
    assert isinstance(feedback, Feedback) and not feedback.ok
    assert argument in feedback.message or any(word in feedback.message for word in words), feedback.message
