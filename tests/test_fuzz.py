"""The fuzz layer: adversarial values of every kind over every public function (issue 25).

For every :class:`badinput.Spec` row of the four bad-input tables, Hypothesis draws an
argument and a family of values for it (``tests/fuzzing.py``: arrays of the wrong kind,
ragged lists, huge counts and unusual integer types, bools and complex numbers where a real
number goes, callables of the wrong arity or return value, data in other units, huge data)
and the call must give a clear error naming the argument or, for a valid value, the answer
of the plain call: never an obscure error, garbage, a hang or a valid value refused.

The draws are derandomised (``tests/conftest.py``); ``FUZZ_EXAMPLES`` per function keeps the
layer within its share of ``make test``.  ``LOSSLAND_HYPOTHESIS=thorough`` draws many more, and
``python tests/fuzzing.py PART... OUT`` runs every family's representative over every argument.
"""
from __future__ import annotations

import functools
import importlib
import os

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from fuzzing import call, classify, same, trials_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PARTS = ("test_bad_inputs_core", "test_bad_inputs_liu_expneuron", "test_bad_inputs_petzka_blindspots",
         "test_bad_inputs_figures")
SPECS = [spec for part in PARTS for spec in importlib.import_module(part).SPECS]

#: Examples per public function (two Specs of one function share nothing).
FUZZ_EXAMPLES = 1000 if os.environ.get("LOSSLAND_HYPOTHESIS") == "thorough" else 2
TIME_LIMIT = 5.0  # seconds per call: longer is a hang

GOOD = {"clear error", "accepted and correct"}


@functools.cache
def pairs_of(index: int) -> list:
    return trials_of(SPECS[index])


@functools.cache
def baseline(index: int):
    """The plain valid call's answer, if it repeats (see ``fuzzing._baseline``)."""
    spec = SPECS[index]
    first, second = (call(spec.function, spec.valid(), 30.0) for _ in range(2))
    return first if first[0] == second[0] == "ok" and same(first[1], second[1]) else None


@pytest.fixture(autouse=True)
def _isolated_figures():
    with mpl.rc_context():
        yield
    plt.close("all")


@pytest.mark.parametrize("index", range(len(SPECS)), ids=[spec.name.removeprefix("lossland.") for spec in SPECS])
@settings(max_examples=FUZZ_EXAMPLES, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_adversarial_values_get_a_clear_error_or_the_right_answer(index, data):
    spec = SPECS[index]
    pairs = pairs_of(index)
    if not pairs:
        return
    argument, family = data.draw(st.sampled_from(pairs), label="argument, family")
    value = family.make(spec.valid()[argument], data.draw(family.params, label="parameter"))
    base = baseline(index) if family.expect != "bad" else None
    outcome, detail = classify(spec, argument, value, family.expect, base, TIME_LIMIT)
    assert outcome in GOOD, f"{spec.name}({argument}=<{family.label}>): {outcome}: {detail}"
