"""Self-checks' answers: the :class:`Feedback` a student reads, and how an answer is read.

Each self-check says what is wrong, not only that something is.

A self-check's answer comes from a notebook cell, so a word, a NaN, a list of the wrong
length or a rule that crashes is a mistake to explain, like a wrong number.  Each helper
returns the answer in a usable form, or the :class:`Feedback` that says what was expected.
"""
from __future__ import annotations

from dataclasses import dataclass
import functools
from typing import Callable

import numpy as np

__all__ = ["Feedback", "number", "numbers", "verdict", "limit_attempts"]


@dataclass(frozen=True)
class Feedback:
    """The verdict of a self-check: ``ok`` and a message addressed to the student."""

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return ("Correct. " if self.ok else "Not yet. ") + self.message

    def _repr_html_(self) -> str:
        import html

        colour = "#009E73" if self.ok else "#D55E00"
        head = "Correct." if self.ok else "Not yet."
        return f"<div style='border-left:4px solid {colour};padding:4px 8px'><b>{head}</b> {html.escape(self.message)}</div>"


def number(value, name: str, what: str) -> float | Feedback:
    """``value`` as one finite ``float``, or Feedback asking for ``what`` as one number."""
    if not isinstance(value, (bool, str, bytes)) and value is not None:
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            array = np.array([])
        if array.size == 1 and np.isfinite(array).all():
            return float(array.reshape(()))
    return Feedback(False, f"Give {what} as {name}: one finite number, not {value!r}.")


def numbers(value, name: str, shape: tuple, what: str) -> np.ndarray | Feedback:
    """``value`` as a finite float array of ``shape`` (a 1-D ``shape`` takes any row or column), or Feedback."""
    if not isinstance(value, (str, bytes)) and value is not None:
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            array = None
        if array is not None and len(shape) == 1:
            array = array.ravel()
        if array is not None and array.shape == shape and np.isfinite(array).all():
            return array
        if array is not None and np.isfinite(array).all():
            return Feedback(False, f"Give {what} as {name}, an array of shape {shape}; got shape {array.shape}.")
    return Feedback(False, f"Give {what} as {name}: finite numbers in an array of shape {shape}, not {value!r:.80}.")


def verdict(rule: Callable, name: str, value: float) -> bool | Feedback:
    """The student's ``rule(value)`` as True/False, or Feedback if it is no rule, crashes or answers otherwise."""
    if not callable(rule):
        return Feedback(False, f"Give {name} as a function of one number that returns True or False (a def or a lambda); got {rule!r}.")
    try:
        answer = rule(value)
    except Exception as error:  # the student's code: report, do not crash
        return Feedback(False, f"Your {name} raised {type(error).__name__} at {value:g}: {error}")
    if isinstance(answer, (str, bytes)) or np.ndim(answer) != 0:
        return Feedback(False, f"Your {name} must return True or False for one number; at {value:g} it returned {answer!r:.60}.")
    return bool(answer)


def limit_attempts(check: Callable[..., Feedback], informative: int = 8) -> Callable[..., Feedback]:
    """``check`` that explains only its first ``informative`` wrong answers; later ones get a plain "not yet".

    A self-check called in a loop would otherwise let a student search for the answer by its
    feedback.  The student package (``scripts/student_package.py``) wraps every self-check with
    this; the book and the grader call them unwrapped.  Right answers are always confirmed.  The
    count lives in the running kernel: restarting it starts again, which makes a search slow,
    not impossible.
    """
    if not callable(check):
        raise TypeError(f"check must be a self-check function, got {check!r}.")
    if isinstance(informative, bool) or not isinstance(informative, int) or informative < 1:
        raise ValueError(f"informative must be a whole number >= 1 of explained attempts, got {informative!r}.")
    wrong = 0

    @functools.wraps(check)
    def limited(*args, **kwargs) -> Feedback:
        nonlocal wrong
        feedback = check(*args, **kwargs)
        if feedback.ok:
            return feedback
        wrong += 1
        if wrong <= informative:
            return feedback
        return Feedback(False, f"Still not right. This check explained your first {informative} attempts; "
                               "reread them and the exercise, and reason it out before trying again.")

    return limited
