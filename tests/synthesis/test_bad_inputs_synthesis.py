"""Bad input to the closing chapter's modules (``lossland.synthesis``) is rejected clearly.

One :class:`Spec` row per public function of ``running`` and ``figures``; valid calls use the
running example at small widths.  The self-checks turn a malformed answer into feedback.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pytest
from badinput import Spec, answer_cases, assert_not_yet, table_tests, uncovered

from lossland.core import nets
from lossland.synthesis import figures as syf
from lossland.synthesis import running as rx
from lossland.synthesis import selfcheck as sc_syn

DATA = {"X": "matrix", "y": "vector"}
WIDTHS_BAD = [("zero", (0,)), ("too wide", (rx.MAX_WIDTH + 1,)), ("text", "12"), ("None", None), ("fraction", (1.5,))]
SEEDS_BAD = [("negative", (-1,)), ("text", "seed"), ("None", None), ("empty", ()), ("one number", 3)]


def _data(**more) -> dict:
    X, y = rx.running_data()
    return dict(X=X, y=y, **more)


@lru_cache(maxsize=1)
def _lenses() -> rx.Lenses:
    return rx.five_lenses(1.0, widths=(1,), starts=50)


def _model() -> dict:
    arch = nets.Architecture(1, 1, True)
    return dict(theta=arch.pack(np.array([[1.0]]), np.array([1.0]), np.array([0.5]), 0.0), X=rx.running_data()[0])


SPECS = [
    Spec(rx.running_data, lambda: dict(t=1.0), {"t": "real"}),
    Spec(rx.ReluModel, lambda: dict(arch=nets.Architecture(1, 1, True)), {}, {"arch": [("None", None), ("text", "relu")]}),
    Spec(rx.ReluModel(nets.Architecture(1, 1, True)).outputs, _model, {"theta": "vector", "X": "matrix"}),
    Spec(rx.ReluModel(nets.Architecture(1, 1, True)).jacobian, _model, {"theta": "vector", "X": "matrix"}),
    Spec(rx.regions_lens, lambda: _data(widths=(1,)), DATA, {"widths": WIDTHS_BAD}),
    Spec(rx.liu_lens, lambda: _data(widths=(1,), starts=50), {**DATA, "starts": "count", "seed": "seed"}, {"widths": WIDTHS_BAD}),
    Spec(rx.bad_minimum, lambda: _data(width=1), {**DATA, "width": "count"}, {"width": [("too wide", rx.MAX_WIDTH + 1)]}),
    Spec(rx.exp_lens, lambda: _data(width=1), {**DATA, "width": "count", "lam": "positive"}),
    Spec(rx.split_lens, lambda: _data(seeds=(0,), wider_seeds=(0,), lams=(0.5,)), {**DATA, "lams": "vector"},
         {"seeds": SEEDS_BAD, "wider_seeds": SEEDS_BAD}),
    Spec(rx.blind_lens, lambda: _data(width=2, steps=10), {**DATA, "width": "count", "steps": "count", "seed": "seed",
                                                           "learning_rate": "positive"}),
    Spec(rx.five_lenses, lambda: dict(t=1.0, widths=(1,), starts=50), {"t": "real", "starts": "count"}, {"widths": WIDTHS_BAD}),
    Spec(syf.lenses_figure, lambda: dict(lenses=_lenses()), {}, {"lenses": [("None", None), ("dict", {})],
                                                                  "fig": [("text", "fig"), ("number", 3)]}),
    Spec(syf.lenses_caption, lambda: dict(lenses=_lenses()), {}, {"lenses": [("None", None), ("dict", {})]}),
    Spec(syf.lenses_explorer, lambda: dict(t=1.0, values=(1.0,)), {"t": "real"},
         {"t": [("not a frame", 0.25)], "values": [("text", "1"), ("None", None), ("NaN", (math.nan,)), ("empty", ()),
                                                    ("too many", tuple(range(13)))]}),
    Spec(sc_syn.check_census, lambda: dict(width=1, bad=1, trapped=0.5), {"width": "count"},
         {"width": [("too wide", 4)]}),
    Spec(sc_syn.check_slope_in_w, lambda: dict(slope=0.5), {}),
    Spec(sc_syn.check_blind_losses, lambda: dict(losses=[1.0] * len(rx.MIDDLE_TARGETS)), {}),
    Spec(sc_syn.check_statements, lambda: dict(true_letters="ab"), {}),
]

EXEMPT = {
    "lossland.synthesis.running.INPUTS": "constant: the running example's inputs",
    "lossland.synthesis.running.MIDDLE_TARGETS": "constant: the explorer's middle targets",
    "lossland.synthesis.running.MAX_STEPS": "constant: the longest descent blind_lens runs",
    "lossland.synthesis.running.MAX_WIDTH": "constant: the widest network the lenses enumerate",
    "lossland.synthesis.running.BadMinimum": "plain data container returned by bad_minimum",
    "lossland.synthesis.running.Lenses": "plain data container returned by five_lenses",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)


@pytest.mark.parametrize("module", [rx, syf, sc_syn])
def test_every_public_name_has_a_row_or_an_exemption(module):
    assert not uncovered([module], SPECS, EXEMPT)


BAD_ANSWERS = [
    (sc_syn.check_census, "bad", [("text", "twenty"), ("None", None), ("NaN", math.nan), ("array", [1, 2])]),
    (sc_syn.check_census, "trapped", [("text", "22%"), ("None", None), ("NaN", math.nan), ("array", [0.2, 0.3])]),
    (sc_syn.check_slope_in_w, "slope", [("text", "slope"), ("None", None), ("NaN", math.nan), ("inf", math.inf),
                                        ("array", [0.5, 0.5])]),
    (sc_syn.check_blind_losses, "losses", [("text", "losses"), ("None", None), ("NaN", [math.nan] * 5),
                                           ("wrong shape", [1.0, 2.0])]),
    (sc_syn.check_statements, "true_letters", [("number", 3), ("None", None), ("unknown letter", "az"),
                                               ("numbers", [1, 2])]),
]


@pytest.mark.parametrize("spec, argument, value", answer_cases(SPECS, BAD_ANSWERS))
def test_bad_answers_get_feedback(spec, argument, value):
    """A student's malformed answer gets a 'Not yet' that says what kind of answer is expected."""
    assert_not_yet(spec, argument, value, ("Give", "statements"))
