"""Every public function of Chapter 4 (non-attracting regions) rejects bad input clearly.

One :class:`badinput.Spec` row per public function of ``embedding``, ``toy_surface``, ``infinity``,
``wide_path``, ``experiment`` and the chapter's self-checks. A malformed *answer* to a self-check gets
feedback instead of an error (see :func:`badinput.answer_cases`).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pytest
from badinput import (
    INDEX_BAD, TYPE_BAD, Spec, answer_cases, assert_not_yet, crashes, drop, table_tests, uncovered, without,
)

from lossland.core import sigmoid_nets as sn
from lossland.petzka import embedding as em
from lossland.petzka import experiment as pe
from lossland.petzka import infinity as ti
from lossland.petzka import selfcheck as sc_pe
from lossland.petzka import toy_surface as ts
from lossland.petzka import wide_path as wp


HUGE = 10**10  # a size whose arrays would need hundreds of gigabytes


@lru_cache(maxsize=None)
def _shallow():
    return em.shallow_example(n_points=5)


def _site(**more) -> dict:
    arch, theta, X, y = _shallow()
    return dict(arch=arch, theta=theta.copy(), X=X.copy(), y=y.copy(), layer=1, neuron=0, **more)


@lru_cache(maxsize=None)
def _instance():
    return ti.theorem4_instance()


@lru_cache(maxsize=None)
def _wide5():
    return wp.theorem5_instance()


def _wide5_kwargs(**more) -> dict:
    arch, theta, X, y = _wide5()
    return dict(arch=arch, theta=theta.copy(), X=X.copy(), y=y.copy(), **more)


@lru_cache(maxsize=None)
def _teacher():
    return pe.teacher_student()


@lru_cache(maxsize=None)
def _wide():
    return pe.wide_minimum(_teacher(), n_add=(1, 1), lam=0.1)


def _student(**more) -> dict:
    data = _teacher()
    return dict(arch=sn.Architecture(pe.STUDENT_SIZES), theta=data.student.copy(), X=data.X.copy(), y=data.y.copy(), **more)


SIG_THETA = [("wrong length", np.zeros(7))]
SIG_X = [("wrong columns", np.zeros((5, 3)))]
SIG_Y = [("wrong length", np.zeros(4))]
LAYER = [("zero", 0), ("too deep", 2), *INDEX_BAD]
NEURON = [("out of range", 1), *INDEX_BAD]
N_ADD = [("None", None), ("text", "ab"), ("wrong length", (1,)), ("negative", (-1, 1)), ("fraction", (1.5, 1)),
         ("too large", (10**6, 10**6))]
LAM01 = [("zero", 0.0), ("one", 1.0), ("negative", -0.5), ("NaN", math.nan), ("text", "0.5"), ("None", None)]


SPECS = [
    # ------------------------------------------------------------------ embedding
    Spec(em.embed, lambda: drop(_site(lam=0.3), "X", "y"),
         {"theta": "vector", "lam": "real"},
         {"arch": TYPE_BAD, "theta": SIG_THETA, "layer": LAYER, "neuron": NEURON}),
    Spec(em.split_directions, lambda: _site(lam=0.3), {"theta": "vector", "X": "matrix", "y": "vector", "lam": "real"},
         {"arch": TYPE_BAD, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON}),
    Spec(em.deep_example, dict, {}),
    Spec(em.b_matrix, _site, {"theta": "vector", "X": "matrix", "y": "vector"},
         {"arch": TYPE_BAD, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON}),
    Spec(em.d_matrix, _site, {"theta": "vector", "X": "matrix", "y": "vector"},
         {"arch": TYPE_BAD, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON}),
    Spec(em.prop15_identity, _site, {"theta": "vector", "X": "matrix", "y": "vector"},
         {"arch": TYPE_BAD, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON}),
    Spec(em.theorem13_steps, lambda: drop(_site(lam=0.3, n_add=2), "layer", "neuron"),
         {"theta": "vector", "X": "matrix", "y": "vector", "lam": "real", "n_add": "count"},
         {"arch": TYPE_BAD + [("two hidden layers", sn.Architecture((1, 1, 1, 1)))], "theta": SIG_THETA, "X": SIG_X,
          "y": SIG_Y, "lam": LAM01, "n_add": [("too large", HUGE)]}),
    Spec(em.lemma12_basis, lambda: dict(arch=_shallow()[0], layer=1, neuron=0, lam=0.3), {"lam": "real"},
         {"arch": TYPE_BAD, "layer": LAYER, "neuron": NEURON}),
    Spec(em.lemma12_hessian, lambda: _site(lam=0.3), {"theta": "vector", "X": "matrix", "y": "vector", "lam": "real"},
         {"arch": TYPE_BAD, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON}),
    Spec(em.embedded_smallest_eigenvalues, lambda: _site(lams=[0.2, 1.5], k=2),
         {"theta": "vector", "X": "matrix", "y": "vector", "lams": "vector", "k": "count"},
         {"arch": TYPE_BAD, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON,
          "k": [("more than the parameters", 100)]}),
    Spec(em.shallow_example, lambda: dict(n_points=5, seed=2), {"n_points": "count", "seed": "seed"},
         {"n_points": [("too large", HUGE)]}),
    # ------------------------------------------------------------------ toy_surface, infinity, wide_path
    Spec(ts.toy_loss, lambda: dict(x=np.array([0.5, 1.0]), y=np.array([0.2, 0.3]), kind="attracting"),
         {"x": "real", "y": "real", "kind": "name"}, {"y": [("mismatched shape", np.zeros(3))]}),
    Spec(ts.toy_gradient, lambda: dict(x=np.array([0.5, 1.0]), y=np.array([0.2, 0.3]), kind="nonattracting"),
         {"x": "real", "y": "real", "kind": "name"}, {"y": [("mismatched shape", np.zeros(3))]}),
    Spec(ts.escape_path, lambda: dict(y0=0.5, kind="nonattracting", y_exit=1.5, x_end=1.0, n=11),
         {"y0": "real", "kind": "name", "y_exit": "positive", "x_end": "real", "n": "count"},
         {"y0": [("outside the region", 1.5)], "y_exit": [("below one", 0.5)], "x_end": [("zero", 0.0)],
          "n": [("two", 2), ("too large", HUGE)]}),
    Spec(ts.toy_descent, lambda: dict(starts=np.array([[0.1, 0.5], [0.1, 1.5]]), kind="nonattracting", lr=0.05, steps=5,
                                      escape_level=0.5),
         {"starts": "matrix", "kind": "name", "lr": "positive", "steps": "count", "escape_level": "positive"},
         {"starts": [("three columns", np.zeros((2, 3)))], "steps": [("too large", HUGE)]}),
    Spec(ts.outcome_map, lambda: dict(xs=[0.1, 0.2], ys=[0.5, 1.5], kind="attracting", lr=0.05, steps=5),
         {"xs": "vector", "ys": "vector", "kind": "name", "lr": "positive", "steps": "count"},
         {"steps": [("too large", HUGE)]}),
    Spec(ti.theorem4_instance, lambda: dict(X=[[-0.15], [-0.05], [0.05], [0.15]], y=[0.0, 0.0, 1.0, 1.0], bias0=6.0,
                                            weight=10.0, spread=10.0),
         {"X": "matrix", "y": "vector", "bias0": "positive", "weight": "positive", "spread": "positive"},
         {"y": [("wrong length", np.zeros(3)), ("constant", np.ones(4))]}),
    Spec(ti.descend_to_infinity, lambda: dict(instance=_instance(), lr=0.05, steps=20, records=5),
         {"lr": "positive", "steps": "count", "records": "count"}, {"instance": TYPE_BAD}),
    Spec(ti.theorem4_expansion, lambda: dict(instance=_instance(), ps=[1e-3, 1e-2], theta=_instance().theta0.copy()),
         {"ps": "vector"},
         {"instance": TYPE_BAD, "ps": [("zero", [0.0]), ("above one", [2.0])],
          "theta": [("text", "theta"), ("NaN", np.full(_instance().arch.size, np.nan)), ("wrong length", np.zeros(3)),
                    ("output weights not summing to c", _instance().theta0 + 1.0)]}),
    Spec(ti.fitted_step, lambda: dict(instance=_instance(), sharpness=8.0), {"sharpness": "positive"}, {"instance": TYPE_BAD}),
    Spec(ti.InfinityInstance.hidden_bias, lambda: {"self": _instance(), "theta": _instance().theta0.copy()},
         {"theta": "vector"}, {"theta": [("wrong length", np.zeros(3))]}),
    Spec(wp.lemma16_conditions, lambda: drop(_wide5_kwargs(wide_layer=1, tol=1e-9), "y"),
         {"theta": "vector", "X": "matrix", "tol": "tolerance"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "X": [("wrong columns", np.zeros((4, 3)))],
          "wide_layer": [("zero", 0), ("too deep", 4), *INDEX_BAD]}),
    Spec(wp.lemma16_perturb, lambda: drop(_wide5_kwargs(wide_layer=1, eps=1e-3, seed=0), "y"),
         {"theta": "vector", "X": "matrix", "eps": "positive", "seed": "seed"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "X": [("wrong columns", np.zeros((4, 3)))],
          "wide_layer": [("zero", 0), ("too deep", 4), *INDEX_BAD]}),
    Spec(wp.theorem5_instance, lambda: dict(N=4, sizes=(2, 5, 3, 2, 1), wide_layer=1, seed=0),
         {"N": "count", "seed": "seed"},
         {"N": [("too large", HUGE)], "sizes": [("None", None), ("text", "2-5-1"), ("no 1 at the end", (2, 5, 2)),
                                                 ("zero width", (2, 0, 1))],
          "wide_layer": [("zero", 0), ("too deep", 4), *INDEX_BAD]}),
    Spec(wp.theorem5_path, lambda: _wide5_kwargs(wide_layer=1, n_t=3, eps=1e-3, seed=0),
         {"theta": "vector", "X": "matrix", "y": "vector", "n_t": "count", "eps": "positive", "seed": "seed"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "X": [("wrong columns", np.zeros((4, 3)))],
          "y": [("wrong length", np.zeros(3))], "wide_layer": [("zero", 0), ("too deep", 4), *INDEX_BAD],
          "n_t": [("one", 1), ("too large", HUGE)]}),
    # ------------------------------------------------------------------ petzka_experiment
    Spec(pe.teacher_student, lambda: dict(seed=22, n_points=20, gtol=1e-5),
         {"seed": "seed", "n_points": "count", "gtol": "tolerance"}, {"n_points": [("too large", HUGE)]}),
    Spec(pe.widen, lambda: drop(_student(n_add=(1, 1), lam=0.5), "X", "y"),
         {"theta": "vector"}, {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "n_add": N_ADD, "lam": LAM01}),
    Spec(pe.wide_minimum, lambda: dict(data=_teacher(), n_add=(1, 1), lam=0.1), {},
         {"data": [("text", "data"), ("number", 3)], "n_add": N_ADD, "lam": LAM01}),
    Spec(pe.random_directions, lambda: dict(n=3, size=4, seed=0), {"n": "count", "size": "count", "seed": "seed"},
         {"n": [("too large", HUGE)], "size": [("too large", HUGE)]}),
    Spec(pe.random_direction_losses, lambda: _student(steps=[-0.1, 0.1], n_directions=3, seed=0, chunk=2),
         {"theta": "vector", "X": "matrix", "y": "vector", "steps": "vector", "n_directions": "count", "seed": "seed",
          "chunk": "count"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "X": [("wrong columns", np.zeros((20, 3)))],
          "y": [("wrong length", np.zeros(3))], "n_directions": [("too large", HUGE)]}),
    Spec(pe.degenerate_path, lambda: dict(wide=_wide(), lambdas=[0.1, 2.0]), {"lambdas": "vector"}, {"wide": TYPE_BAD}),
    Spec(pe.lemma12_direction, lambda: dict(wide=_wide(), theta_saddle=_wide().theta.copy(), lam_saddle=3.0),
         {"theta_saddle": "vector", "lam_saddle": "real"},
         {"wide": TYPE_BAD, "theta_saddle": [("wrong length", np.zeros(3))], "lam_saddle": [("inside [0, 1]", 0.5)]}),
    Spec(pe.line_losses, lambda: _student(direction=np.ones(4) / 2, steps=[-0.1, 0.1]),
         {"theta": "vector", "direction": "vector", "steps": "vector", "X": "matrix", "y": "vector"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "direction": [("wrong length", np.zeros(3))],
          "X": [("wrong columns", np.zeros((20, 3)))], "y": [("wrong length", np.zeros(3))]}),
    Spec(pe.figure3, lambda: dict(wide=_wide(), steps=[-0.1, 0.1], n_directions=3, lam_saddle=3.0, n_path=3, seed=0, chunk=2),
         {"n_directions": "count", "lam_saddle": "real", "n_path": "count", "seed": "seed", "chunk": "count"},
         {"wide": [("text", "wide"), ("number", 3)], "steps": without("vector", "None"),
          "lam_saddle": [("inside [0, 1]", 0.5)], "n_path": [("too large", HUGE)], "n_directions": [("too large", HUGE)]}),
    # ------------------------------------------------------------------ self-checks: the exercise's own settings
    Spec(sc_pe.check_toy_minimum, lambda: dict(is_minimum=lambda y: abs(y) < 1), {}),
    Spec(sc_pe.check_split, lambda: dict(weights=(2.0, 2.0, 0.75, 2.25)), {"u": "real", "v": "real", "lam": "real"}),
    Spec(sc_pe.check_escape, lambda: dict(escape=lambda eps: (lambda t: (eps / 2, 3.0 * t) if t <= 0.5 else (t, 1.5)),
                                          eps_values=(0.1,)),
         {"eps_values": "vector"}, {"eps_values": [("zero", [0.0]), ("negative", [-0.1])]}),
    Spec(sc_pe.check_b111, lambda: dict(B=0.25), {}, {"seed": [("text", "2"), ("None", None), ("bool", True), ("not a B > 0 student", 3)]}),
    Spec(sc_pe.check_infinity_slope, lambda: dict(kappa=100.0), {}, {"targets": [("text", "0 0 1 1"), ("NaN", [0.0, math.nan, 1.0, 1.0]), ("too short", [0.0, 1.0]), ("constant", [1.0, 1.0, 1.0, 1.0])]}),
    Spec(sc_pe.check_flat_count, lambda: dict(count=lambda t: t, splits=(1, 2), lam=0.3),
         {"splits": "vector", "lam": "real"},
         {"splits": [("zero", [0]), ("fraction", [1.5]), ("too many", [100])], "lam": LAM01}),
    Spec(sc_pe.check_lambda_rule, lambda: dict(is_minimum=lambda lam: 0 < lam < 1), {}),
]

EXEMPT = {
    "lossland.petzka.embedding.SHALLOW_SEEDS": "constant: the seeds of the two signs of B",
    "lossland.petzka.toy_surface.TOY_KINDS": "constant: the names of the two toy surfaces",
    "lossland.petzka.toy_surface.ToyPath": "plain data container returned by escape_path",
    "lossland.petzka.toy_surface.ToyDescent": "plain data container returned by toy_descent",
    "lossland.petzka.infinity.InfinityInstance": "data container returned by theorem4_instance (hidden_bias has a row)",
    "lossland.petzka.infinity.InfinityRun": "plain data container returned by descend_to_infinity",
    "lossland.petzka.wide_path.WidePath": "plain data container returned by theorem5_path",
    "lossland.petzka.experiment.TEACHER_SIZES": "constant: the paper's teacher architecture",
    "lossland.petzka.experiment.STUDENT_SIZES": "constant: the paper's student architecture",
    "lossland.petzka.experiment.TeacherStudent": "plain data container returned by teacher_student",
    "lossland.petzka.experiment.WideMinimum": "plain data container returned by wide_minimum",
    "lossland.petzka.experiment.Figure3": "plain data container returned by figure3",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS)


@pytest.mark.parametrize("module", [em, ts, ti, wp, pe, sc_pe])
def test_every_public_name_has_a_row_or_an_exemption(module):
    assert not uncovered([module], SPECS, EXEMPT)


# ----------------------------------------------------------------------------- a student's answers
BAD_ANSWERS = [
    (sc_pe.check_toy_minimum, "is_minimum", [("number", 3), ("None", None), ("raises", crashes),
                                             ("not a truth value", lambda y: np.array([True, False]))]),
    (sc_pe.check_split, "weights", [("text", "2 2 0.75 2.25"), ("None", None), ("NaN", [2.0, 2.0, math.nan, 2.25]),
                                    ("wrong shape", [2.0, 2.0])]),
    (sc_pe.check_lambda_rule, "is_minimum", [("number", 3), ("None", None), ("raises", crashes)]),
    (sc_pe.check_escape, "escape", [("number", 3), ("None", None), ("raises", crashes),
                                    ("path not a function", lambda eps: 3), ("path raises", lambda eps: crashes),
                                    ("point not two numbers", lambda eps: (lambda t: (1.0, 2.0, 3.0))),
                                    ("NaN point", lambda eps: (lambda t: (math.nan, 0.0)))]),
    (sc_pe.check_b111, "B", [("text", "B"), ("None", None), ("NaN", math.nan), ("array", [0.2, 0.3])]),
    (sc_pe.check_infinity_slope, "kappa", [("text", "kappa"), ("None", None), ("NaN", math.nan), ("array", [1.0, 2.0])]),
    (sc_pe.check_flat_count, "count", [("number", 3), ("None", None), ("raises", crashes), ("text answer", lambda t: "t")]),
]


@pytest.mark.parametrize("spec, argument, value", answer_cases(SPECS, BAD_ANSWERS))
def test_bad_answers_get_feedback(spec, argument, value):
    """A student's malformed answer gets a 'Not yet' that says what kind of answer is expected."""
    assert_not_yet(spec, argument, value)
