"""Every public function of Chapter 1's self-checks rejects bad input clearly.

One :class:`badinput.Spec` row per public function of ``lossland.decomposition.selfcheck``. A malformed
*answer* to a self-check gets feedback instead of an error (see :func:`badinput.answer_cases`).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from badinput import FLAG_BAD, Spec, answer_cases, assert_not_yet, crashes, table_tests, uncovered

from lossland.decomposition import selfcheck as sc_dec


SPECS = [
    # ------------------------------------------------------------------ self-checks: the exercise's own settings
    Spec(sc_dec.check_region_count, lambda: dict(width=2, bias=False, answer=36), {"width": "count"}, {"bias": FLAG_BAD}),
    Spec(sc_dec.check_subglobal_loss, lambda: dict(pattern=sc_dec.EXERCISE_2_PATTERN, answer=0.5), {}, {"targets": [("text", "1 2 3"), ("NaN", [1.0, math.nan, 3.0]), ("too short", [1.0, 2.0])]}),
    Spec(sc_dec.check_kernel_form, lambda: dict(fitted_values=lambda X, y, pattern: y), {}),
    Spec(sc_dec.check_kink_minima, lambda: dict(is_minimum=lambda w2: w2 > 0), {}),
    Spec(sc_dec.check_dead_bias, lambda: dict(w=[1.0, 1.0], b=-10.0), {}, {"weights": [("text", "1 1"), ("NaN", [math.nan, 1.0]), ("wrong shape", [1.0])]}),
    Spec(sc_dec.check_fewer_regions, lambda: dict(X=[[-1.0, 1.0], [2.0, 1.0], [-2.0, 2.0]]), {}),
    Spec(sc_dec.check_block_eigenvalues, lambda: dict(eigenvalues=[-0.1, 3.1]), {}),
]

EXEMPT = {
    "lossland.decomposition.selfcheck.EXERCISE_2_PATTERN": "constant: the pattern of Exercise 2",
    "lossland.decomposition.selfcheck.EXERCISE_BLOCK_REGION": "constant: the region of the Case 2 exercise",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS)


@pytest.mark.parametrize("module", [sc_dec])
def test_every_public_name_has_a_row_or_an_exemption(module):
    assert not uncovered([module], SPECS, EXEMPT)


# ----------------------------------------------------------------------------- a student's answers
BAD_ANSWERS = [
    (sc_dec.check_region_count, "answer", [("text", "36"), ("None", None), ("NaN", math.nan), ("fraction", 36.5),
                                           ("array", [36, 36])]),
    (sc_dec.check_subglobal_loss, "answer", [("text", "half"), ("None", None), ("NaN", math.nan), ("array", [0.5, 0.5])]),
    (sc_dec.check_subglobal_loss, "pattern", [("text", "pattern"), ("None", None), ("wrong shape", np.ones((3, 2)))]),
    (sc_dec.check_kernel_form, "fitted_values", [("number", 3), ("None", None), ("raises", crashes)]),
    (sc_dec.check_kink_minima, "is_minimum", [("number", 3), ("None", None), ("raises", crashes)]),
    (sc_dec.check_dead_bias, "w", [("text", "w"), ("None", None), ("NaN", [math.nan, 1.0]), ("wrong shape", [1.0])]),
    (sc_dec.check_dead_bias, "b", [("text", "b"), ("None", None), ("NaN", math.nan), ("array", [1.0, 2.0])]),
    (sc_dec.check_block_eigenvalues, "eigenvalues", [("text", "two"), ("None", None), ("NaN", [math.nan, 1.0]),
                                                     ("wrong shape", [1.0, 2.0, 3.0])]),
    (sc_dec.check_fewer_regions, "X", [("text", "points"), ("None", None), ("NaN", [[math.nan, 1.0], [2.0, 1.0], [3.0, 1.0]]),
                                       ("wrong shape", [[1.0, 2.0]])]),
]


@pytest.mark.parametrize("spec, argument, value", answer_cases(SPECS, BAD_ANSWERS))
def test_bad_answers_get_feedback(spec, argument, value):
    """A student's malformed answer gets a 'Not yet' that says what kind of answer is expected."""
    assert_not_yet(spec, argument, value)
