"""A shared table of bad values per argument kind, and the check every public function must pass.

A test file lists its public functions as :class:`Spec` rows: a valid call and, for each
argument, its kind. :func:`cases` expands the rows into one pytest case per (function,
argument, bad value); :func:`assert_rejects` calls the function with that one argument
replaced and requires a ``ValueError`` or ``TypeError`` whose message names the argument,
within a time limit (a hang is a failure too).
"""
from __future__ import annotations

import math
import re
import signal
from dataclasses import dataclass, field
from typing import Any, Callable

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

TIME_LIMIT = 20  # seconds: a call that takes longer on bad input counts as a hang


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


class _Hang(Exception):
    pass


def _alarm(signum, frame):
    raise _Hang


def assert_rejects(spec: Spec, argument: str, value: Any) -> None:
    """The call with ``argument=value`` raises a clear error naming ``argument``, in time."""
    kwargs = spec.valid()
    assert argument in kwargs or argument in spec.kinds or argument in spec.extra
    kwargs[argument] = value
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        spec.function(**kwargs)
    except (ValueError, TypeError) as error:
        message = str(error)
        assert re.search(rf"\b{re.escape(argument)}\b", message), f"{spec.name}: the error for {argument}={value!r} does not name it: {message!r}"
        return
    except _Hang:
        pytest.fail(f"{spec.name}: {argument}={value!r} ran for more than {TIME_LIMIT} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    pytest.fail(f"{spec.name}: {argument}={value!r} was accepted")


def assert_valid_calls_succeed(specs: list[Spec]) -> None:
    """Every spec's valid call runs: otherwise a rejection would prove nothing."""
    for spec in specs:
        spec.function(**spec.valid())


def answer_cases(specs: list[Spec], bad_answers: list) -> list:
    """pytest parameters (spec, argument, value) for each malformed answer of ``bad_answers``.

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
