"""Every public function of the Petzka and blind-spot chapters rejects bad input clearly.

One :class:`badinput.Spec` row per public function of ``embedding``, ``nonattracting``,
``petzka_experiment``, ``relu_regression``, ``blindspots``, ``jellyfish`` and the
self-checks of ``selfcheck.petzka``, ``selfcheck.blindspots`` and
``selfcheck.decomposition``.  A self-check's *answer* is the student's: a bad answer
(a word, NaN, a wrong shape, a rule that raises) gets friendly :class:`Feedback` saying
what is expected, tested in :func:`test_bad_answers_get_feedback`; the exercise's own
settings (``h``, ``probability``, ``width``, ``bias``) are rejected like any argument.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pytest
from badinput import BAD, Spec, answer_cases, assert_not_yet, assert_rejects, assert_valid_calls_succeed, cases

from lossland.blindspots import bump as bp
from lossland.blindspots import initialisation as bs
from lossland.blindspots import jellyfish as jf
from lossland.blindspots import mnist as mn
from lossland.blindspots import deep_regression as dr
from lossland.blindspots import relu_regression as rr
from lossland.blindspots import selfcheck as sc_bs
from lossland.core import sigmoid_nets as sn
from lossland.decomposition import selfcheck as sc_dec
from lossland.petzka import embedding as em
from lossland.petzka import experiment as pe
from lossland.petzka import infinity as ti
from lossland.petzka import toy_surface as ts
from lossland.petzka import wide_path as wp
from lossland.petzka import selfcheck as sc_pe

NOT_AN_ARCH = [("None", None), ("text", "arch"), ("number", 3)]
NOT_DATA = [("None", None), ("text", "data"), ("number", 3)]
INDEX = [("negative", -1), ("fraction", 0.5), ("text", "0"), ("None", None), ("bool", True)]
HUGE = 10**10  # a size whose arrays would need hundreds of gigabytes


def _without(kind: str, *labels: str) -> list:
    """The bad values of ``kind`` except those labelled ``labels`` (valid for this argument)."""
    return [(label, value) for label, value in BAD[kind] if label not in labels]


# ----------------------------------------------------------------------------- fixtures
@lru_cache(maxsize=None)
def _shallow():
    return em.shallow_example(n_points=5)


def _drop(kwargs: dict, *names: str) -> dict:
    return {key: value for key, value in kwargs.items() if key not in names}


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


def _relu(name: str = "prop1_local", **more) -> dict:
    arch, theta, X, y = rr.solution(name)
    return dict(arch=arch, theta=theta, X=X, y=y, **more)


def _deep():
    X, y = rr.dataset("D1")
    return dr.dead_layer_point([2, 2], X, y)


@lru_cache(maxsize=None)
def _params():
    return jf.init_params([3], rng=0)


@lru_cache(maxsize=None)
def _table():
    return jf.convergence_table(runs=2, steps=3, widths=(2, 3), seed=0)


# ----------------------------------------------------------------------------- bad values
SIG_THETA = [("wrong length", np.zeros(7))]
SIG_X = [("wrong columns", np.zeros((5, 3)))]
SIG_Y = [("wrong length", np.zeros(4))]
LAYER = [("zero", 0), ("too deep", 2), *INDEX]
NEURON = [("out of range", 1), *INDEX]
LAYERS = [("None", None), ("text", "layers"), ("empty", []), ("not pairs", [1, 2]),
          ("wrong shapes", [(np.ones((2, 3)), np.zeros(2)), (np.ones((1, 2)), np.zeros(1))]),
          ("NaN", [(np.full((2, 1), np.nan), np.zeros(2)), (np.ones((1, 2)), np.zeros(1))]),
          ("output not 1 wide", [(np.ones((2, 1)), np.zeros(2)), (np.ones((2, 2)), np.zeros(2))])]
WIDTHS = [("None", None), ("text", "22"), ("empty", []), ("zero width", [0]), ("fraction", [2.5]), ("number", 2)]
N_ADD = [("None", None), ("text", "ab"), ("wrong length", (1,)), ("negative", (-1, 1)), ("fraction", (1.5, 1)),
         ("too large", (10**6, 10**6))]
LAM01 = [("zero", 0.0), ("one", 1.0), ("negative", -0.5), ("NaN", math.nan), ("text", "0.5"), ("None", None)]
FLAG = [("text", "no"), ("None", None), ("number", 2)]
PARAMS = [("None", None), ("text", "params")]
LABELS01 = [("plus-minus one", np.array([1.0, 1.0, -1.0, -1.0])), ("wrong length", np.zeros(3))]
INIT = [("unknown", "no-such-name"), ("None", None), ("zero", 0.0), ("negative", -1.0), ("NaN", math.nan)]

SPECS = [
    # ------------------------------------------------------------------ embedding
    Spec(em.embed, lambda: _drop(_site(lam=0.3), "X", "y"),
         {"theta": "vector", "lam": "real"},
         {"arch": NOT_AN_ARCH, "theta": SIG_THETA, "layer": LAYER, "neuron": NEURON}),
    Spec(em.split_directions, lambda: _site(lam=0.3), {"theta": "vector", "X": "matrix", "y": "vector", "lam": "real"},
         {"arch": NOT_AN_ARCH, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON}),
    Spec(em.deep_example, dict, {}),
    Spec(em.b_matrix, _site, {"theta": "vector", "X": "matrix", "y": "vector"},
         {"arch": NOT_AN_ARCH, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON}),
    Spec(em.d_matrix, _site, {"theta": "vector", "X": "matrix", "y": "vector"},
         {"arch": NOT_AN_ARCH, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON}),
    Spec(em.prop15_identity, _site, {"theta": "vector", "X": "matrix", "y": "vector"},
         {"arch": NOT_AN_ARCH, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON}),
    Spec(em.theorem13_steps, lambda: _drop(_site(lam=0.3, n_add=2), "layer", "neuron"),
         {"theta": "vector", "X": "matrix", "y": "vector", "lam": "real", "n_add": "count"},
         {"arch": NOT_AN_ARCH + [("two hidden layers", sn.Architecture((1, 1, 1, 1)))], "theta": SIG_THETA, "X": SIG_X,
          "y": SIG_Y, "lam": LAM01, "n_add": [("too large", HUGE)]}),
    Spec(em.lemma12_basis, lambda: dict(arch=_shallow()[0], layer=1, neuron=0, lam=0.3), {"lam": "real"},
         {"arch": NOT_AN_ARCH, "layer": LAYER, "neuron": NEURON}),
    Spec(em.lemma12_hessian, lambda: _site(lam=0.3), {"theta": "vector", "X": "matrix", "y": "vector", "lam": "real"},
         {"arch": NOT_AN_ARCH, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON}),
    Spec(em.embedded_smallest_eigenvalues, lambda: _site(lams=[0.2, 1.5], k=2),
         {"theta": "vector", "X": "matrix", "y": "vector", "lams": "vector", "k": "count"},
         {"arch": NOT_AN_ARCH, "theta": SIG_THETA, "X": SIG_X, "y": SIG_Y, "layer": LAYER, "neuron": NEURON,
          "k": [("more than the parameters", 100)]}),
    Spec(em.shallow_example, lambda: dict(n_points=5, seed=2), {"n_points": "count", "seed": "seed"},
         {"n_points": [("too large", HUGE)]}),
    # ------------------------------------------------------------------ nonattracting
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
         {"lr": "positive", "steps": "count", "records": "count"}, {"instance": NOT_DATA}),
    Spec(ti.theorem4_expansion, lambda: dict(instance=_instance(), ps=[1e-3, 1e-2], theta=_instance().theta0.copy()),
         {"ps": "vector"},
         {"instance": NOT_DATA, "ps": [("zero", [0.0]), ("above one", [2.0])],
          "theta": [("text", "theta"), ("NaN", np.full(_instance().arch.size, np.nan)), ("wrong length", np.zeros(3)),
                    ("output weights not summing to c", _instance().theta0 + 1.0)]}),
    Spec(ti.fitted_step, lambda: dict(instance=_instance(), sharpness=8.0), {"sharpness": "positive"}, {"instance": NOT_DATA}),
    Spec(ti.InfinityInstance.hidden_bias, lambda: {"self": _instance(), "theta": _instance().theta0.copy()},
         {"theta": "vector"}, {"theta": [("wrong length", np.zeros(3))]}),
    Spec(wp.lemma16_conditions, lambda: _drop(_wide5_kwargs(wide_layer=1, tol=1e-9), "y"),
         {"theta": "vector", "X": "matrix", "tol": "tolerance"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "X": [("wrong columns", np.zeros((4, 3)))],
          "wide_layer": [("zero", 0), ("too deep", 4), *INDEX]}),
    Spec(wp.lemma16_perturb, lambda: _drop(_wide5_kwargs(wide_layer=1, eps=1e-3, seed=0), "y"),
         {"theta": "vector", "X": "matrix", "eps": "positive", "seed": "seed"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "X": [("wrong columns", np.zeros((4, 3)))],
          "wide_layer": [("zero", 0), ("too deep", 4), *INDEX]}),
    Spec(wp.theorem5_instance, lambda: dict(N=4, sizes=(2, 5, 3, 2, 1), wide_layer=1, seed=0),
         {"N": "count", "seed": "seed"},
         {"N": [("too large", HUGE)], "sizes": [("None", None), ("text", "2-5-1"), ("no 1 at the end", (2, 5, 2)),
                                                 ("zero width", (2, 0, 1))],
          "wide_layer": [("zero", 0), ("too deep", 4), *INDEX]}),
    Spec(wp.theorem5_path, lambda: _wide5_kwargs(wide_layer=1, n_t=3, eps=1e-3, seed=0),
         {"theta": "vector", "X": "matrix", "y": "vector", "n_t": "count", "eps": "positive", "seed": "seed"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "X": [("wrong columns", np.zeros((4, 3)))],
          "y": [("wrong length", np.zeros(3))], "wide_layer": [("zero", 0), ("too deep", 4), *INDEX],
          "n_t": [("one", 1), ("too large", HUGE)]}),
    # ------------------------------------------------------------------ petzka_experiment
    Spec(pe.teacher_student, lambda: dict(seed=22, n_points=20, gtol=1e-5),
         {"seed": "seed", "n_points": "count", "gtol": "tolerance"}, {"n_points": [("too large", HUGE)]}),
    Spec(pe.widen, lambda: _drop(_student(n_add=(1, 1), lam=0.5), "X", "y"),
         {"theta": "vector"}, {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "n_add": N_ADD, "lam": LAM01}),
    Spec(pe.wide_minimum, lambda: dict(data=_teacher(), n_add=(1, 1), lam=0.1), {},
         {"data": [("text", "data"), ("number", 3)], "n_add": N_ADD, "lam": LAM01}),
    Spec(pe.random_directions, lambda: dict(n=3, size=4, seed=0), {"n": "count", "size": "count", "seed": "seed"},
         {"n": [("too large", HUGE)], "size": [("too large", HUGE)]}),
    Spec(pe.random_direction_losses, lambda: _student(steps=[-0.1, 0.1], n_directions=3, seed=0, chunk=2),
         {"theta": "vector", "X": "matrix", "y": "vector", "steps": "vector", "n_directions": "count", "seed": "seed",
          "chunk": "count"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "X": [("wrong columns", np.zeros((20, 3)))],
          "y": [("wrong length", np.zeros(3))], "n_directions": [("too large", HUGE)]}),
    Spec(pe.degenerate_path, lambda: dict(wide=_wide(), lambdas=[0.1, 2.0]), {"lambdas": "vector"}, {"wide": NOT_DATA}),
    Spec(pe.lemma12_direction, lambda: dict(wide=_wide(), theta_saddle=_wide().theta.copy(), lam_saddle=3.0),
         {"theta_saddle": "vector", "lam_saddle": "real"},
         {"wide": NOT_DATA, "theta_saddle": [("wrong length", np.zeros(3))], "lam_saddle": [("inside [0, 1]", 0.5)]}),
    Spec(pe.line_losses, lambda: _student(direction=np.ones(4) / 2, steps=[-0.1, 0.1]),
         {"theta": "vector", "direction": "vector", "steps": "vector", "X": "matrix", "y": "vector"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "direction": [("wrong length", np.zeros(3))],
          "X": [("wrong columns", np.zeros((20, 3)))], "y": [("wrong length", np.zeros(3))]}),
    Spec(pe.figure3, lambda: dict(wide=_wide(), steps=[-0.1, 0.1], n_directions=3, lam_saddle=3.0, n_path=3, seed=0, chunk=2),
         {"n_directions": "count", "lam_saddle": "real", "n_path": "count", "seed": "seed", "chunk": "count"},
         {"wide": [("text", "wide"), ("number", 3)], "steps": _without("vector", "None"),
          "lam_saddle": [("inside [0, 1]", 0.5)], "n_path": [("too large", HUGE)], "n_directions": [("too large", HUGE)]}),
    # ------------------------------------------------------------------ relu_regression
    Spec(rr.dataset, lambda: dict(name="D2"), {"name": "name"}),
    Spec(rr.architecture, lambda: dict(width=2), {"width": "count"}, {"width": [("too large", HUGE)]}),
    Spec(rr.pack, lambda: dict(w=[1.0], b=[-3.0], v=[1.0], c=0.0), {"w": "vector", "b": "vector", "v": "vector", "c": "real"},
         {"b": [("wrong length", np.zeros(2))], "v": [("wrong length", np.zeros(2))]}),
    Spec(rr.paper_loss, lambda: _drop(_relu(), "arch"),
         {"theta": "vector", "X": "matrix", "y": "vector"},
         {"theta": [("wrong length", np.zeros(6))], "X": [("two columns", np.zeros((5, 2)))], "y": [("wrong length", np.zeros(3))]}),
    Spec(rr.solution, lambda: dict(name="prop2_local"), {"name": "name"}),
    Spec(rr.reachable_patterns, lambda: _drop(_relu(tol=1e-12), "y"),
         {"theta": "vector", "X": "matrix", "tol": "tolerance"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "X": [("two columns", np.zeros((5, 2))),
                                                                              ("too many kinks", np.full((40, 1), 3.0))]}),
    Spec(rr.pattern_lower_bound, lambda: dict(X=rr.dataset("D1")[0], y=rr.dataset("D1")[1], pattern=np.ones((5, 1))),
         {"X": "matrix", "y": "vector"},
         {"X": [("two columns", np.zeros((5, 2)))], "y": [("wrong length", np.zeros(3))],
          "pattern": [("None", None), ("text", "pattern"), ("wrong rows", np.ones((3, 1))), ("3-D", np.ones((5, 1, 1))),
                      ("not 0/1", np.full((5, 1), 0.5))]}),
    Spec(rr.certify, lambda: _relu(tol=1e-12), {"theta": "vector", "X": "matrix", "y": "vector", "tol": "tolerance"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "X": [("two columns", np.zeros((5, 2)))],
          "y": [("wrong length", np.zeros(3))]}),
    Spec(rr.probe, lambda: _relu(radii=(1e-3,), n_directions=10, seed=0),
         {"theta": "vector", "X": "matrix", "y": "vector", "radii": "vector", "n_directions": "count", "seed": "seed"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "X": [("two columns", np.zeros((5, 2)))],
          "y": [("wrong length", np.zeros(3))], "radii": [("negative", [-1e-3])], "n_directions": [("too large", HUGE)]}),
    Spec(rr.rescale, lambda: _drop(_relu(unit=0, alpha=2.0), "X", "y"),
         {"theta": "vector", "alpha": "positive"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "unit": [("out of range", 1), *INDEX]}),
    Spec(rr.rescaling_direction, lambda: _drop(_relu(unit=0), "X", "y"), {"theta": "vector"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3)), ("unit all zero", np.array([0.0, 0.0, 0.0, 1.0]))],
          "unit": [("out of range", 1), *INDEX]}),
    Spec(rr.blind_spots, lambda: _drop(_relu(strict=True), "y"),
         {"theta": "vector", "X": "matrix"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "X": [("two columns", np.zeros((5, 2)))],
          "strict": FLAG}),
    Spec(rr.region, lambda: dict(X=rr.dataset("D3")[0], split=6.0), {"X": "matrix", "split": "real"},
         {"X": [("two columns", np.zeros((5, 2)))]}),
    Spec(rr.units_by_region, lambda: _drop(_relu("prop3_local", split=6.0), "y"),
         {"theta": "vector", "X": "matrix", "split": "real"},
         {"arch": NOT_AN_ARCH, "theta": [("wrong length", np.zeros(3))], "X": [("two columns", np.zeros((6, 2)))]}),
    Spec(dr.deep_forward, lambda: dict(layers=_deep(), X=rr.dataset("D1")[0]), {"X": "matrix"},
         {"layers": LAYERS, "X": [("two columns", np.zeros((5, 2)))]}),
    Spec(dr.deep_loss, lambda: dict(layers=_deep(), X=rr.dataset("D1")[0], y=rr.dataset("D1")[1]),
         {"X": "matrix", "y": "vector"},
         {"layers": LAYERS, "X": [("two columns", np.zeros((5, 2)))], "y": [("wrong length", np.zeros(3))]}),
    Spec(dr.deep_gradient, lambda: dict(layers=_deep(), X=rr.dataset("D1")[0], y=rr.dataset("D1")[1]),
         {"X": "matrix", "y": "vector"},
         {"layers": LAYERS, "X": [("two columns", np.zeros((5, 2)))], "y": [("wrong length", np.zeros(3))]}),
    Spec(dr.flatten, lambda: dict(layers=_deep()), {}, {"layers": LAYERS[:4] + LAYERS[5:6]}),
    Spec(dr.unflatten, lambda: dict(theta=dr.flatten(_deep()), like=_deep()), {"theta": "vector"},
         {"theta": [("too short", np.zeros(3)), ("too long", np.zeros(100))], "like": LAYERS[:4]}),
    Spec(dr.dead_layers, lambda: dict(layers=_deep(), X=rr.dataset("D1")[0]), {"X": "matrix"},
         {"layers": LAYERS, "X": [("two columns", np.zeros((5, 2)))]}),
    Spec(dr.dead_layer_point, lambda: dict(widths=[2, 2], X=rr.dataset("D1")[0], y=rr.dataset("D1")[1], dead=1, margin=1.0, seed=0),
         {"X": "matrix", "y": "vector", "margin": "positive", "seed": "seed"},
         {"widths": WIDTHS, "y": [("wrong length", np.zeros(3))], "dead": [("zero", 0), ("too deep", 3), *INDEX]}),
    Spec(dr.decent_index, lambda: dict(X=rr.dataset("D1")[0], y=rr.dataset("D1")[1]), {"X": "matrix", "y": "vector"},
         {"y": [("wrong length", np.zeros(3))]}),
    Spec(dr.theorem1_construction, lambda: dict(X=rr.dataset("D1")[0], y=rr.dataset("D1")[1], widths=[3, 2], shift=True, seed=0),
         {"X": "matrix", "y": "vector", "seed": "seed"},
         {"widths": WIDTHS + [("first below 3", [2])], "y": [("wrong length", np.zeros(3)), ("not decent", np.ones(5))],
          "shift": FLAG}),
    # ------------------------------------------------------------------ blindspots
    Spec(bs.blindspot_dataset, lambda: dict(n_points=6, dim=2, outlier=10.0, seed=0),
         {"n_points": "count", "dim": "count", "outlier": "positive", "seed": "seed"},
         {"n_points": [("two", 2), ("too large", HUGE)], "dim": [("too large", HUGE)]}),
    Spec(bs.layer_sigmas, lambda: dict(h=3, depth=2, dim=2, init="xavier"), {"h": "count", "depth": "count", "dim": "count"},
         {"init": INIT, "depth": [("too large", HUGE)]}),
    Spec(bs.weight_count, lambda: dict(h=3, depth=2, dim=2), {"h": "count", "depth": "count", "dim": "count"},
         {"depth": [("too large", HUGE)]}),
    Spec(bs.prob_all_positive, lambda: dict(mu=0.5, h=3, depth=1, dim=2, init="lecun", log=False),
         {"mu": "real", "h": "count", "depth": "count", "dim": "count"}, {"init": INIT, "log": FLAG}),
    Spec(bs.mu_for_failure, lambda: dict(h=3, depth=1, dim=2, init="lecun", probability=0.9),
         {"h": "count", "depth": "count", "dim": "count", "probability": "probability"},
         {"init": INIT, "probability": [("zero", 0.0), ("one", 1.0)]}),
    Spec(bs.sample_networks, lambda: dict(n_networks=3, h=2, depth=1, dim=2, mu=0.0, sigma=1.0, seed=0, bias_sigma=0.5,
                                          bias_mu=0.0),
         {"n_networks": "count", "h": "count", "depth": "count", "dim": "count", "mu": "real", "sigma": "positive",
          "seed": "seed", "bias_sigma": "nonnegative", "bias_mu": "real"},
         {"sigma": [("wrong length", [1.0, 1.0, 1.0])], "n_networks": [("too large", HUGE)], "h": [("too large", 10**6)]}),
    Spec(bs.forward_all, lambda: dict(X=np.ones((4, 2)), Ws=bs.sample_networks(3, 2, 1, 2, 0.0, 1.0)[0],
                                      bs=bs.sample_networks(3, 2, 1, 2, 0.0, 1.0)[1]),
         {"X": "matrix"},
         {"X": [("wrong columns", np.ones((4, 3)))], "Ws": [("None", None), ("text", "Ws"), ("empty", [])],
          "bs": [("None", None), ("text", "bs"), ("too few", [np.zeros((3, 2))])]}),
    Spec(bs.monte_carlo_prop4, lambda: dict(mu=0.5, h=2, depth=1, dim=2, init="lecun", n_networks=10, X=None, seed=0, chunk=4),
         {"mu": "real", "h": "count", "depth": "count", "dim": "count", "n_networks": "count", "seed": "seed", "chunk": "count"},
         {"init": INIT, "X": _without("matrix", "None") + [("wrong columns", np.ones((4, 3)))]}),
    Spec(bs.train_logistic_relu, lambda: dict(X=bs.blindspot_dataset(6)[0], y=bs.blindspot_dataset(6)[1], h=2, mu=1.0, sigma=0.3,
                                              n_networks=2, steps=3, lr=0.1, seed=0),
         {"X": "matrix", "y": "vector", "h": "count", "mu": "real", "sigma": "positive", "n_networks": "count",
          "steps": "count", "lr": "positive", "seed": "seed"},
         {"y": [("plus-minus one", np.array([1.0, -1, 1, -1, 1, 1])), ("wrong length", np.zeros(3))]}),
    Spec(bs.dead_unit_share, lambda: dict(X=bs.blindspot_dataset(6)[0], mu=0.5, sigma=1.0, h=2, depth=1, n_networks=5, seed=0),
         {"X": "matrix", "mu": "real", "sigma": "positive", "h": "count", "depth": "count", "n_networks": "count",
          "seed": "seed"}, {"X": [("one point", np.ones((1, 2)))]}),
    Spec(bs.collapse_bound, lambda: dict(depth=np.array([1, 2, 3]), h=2, bias="normal"), {"h": "count", "bias": "name"},
         {"depth": [("zero", 0), ("negative", -1), ("fraction", 2.5), ("text", "3"), ("None", None), ("empty", [])]}),
    Spec(bs.monte_carlo_collapse, lambda: dict(depth=2, h=2, X=None, n_networks=10, bias="zero", seed=0, chunk=4),
         {"depth": "count", "h": "count", "n_networks": "count", "bias": "name", "seed": "seed", "chunk": "count"},
         {"X": _without("matrix", "None")}),
    # ------------------------------------------------------------------ jellyfish
    Spec(jf.init_params, lambda: dict(widths=[2, 3], d=2, rng=0), {"d": "count"},
         {"widths": WIDTHS[:-1] + [("too large", [HUGE])], "rng": [("negative", -1), ("fraction", 1.5), ("text", "seed")]}),
    Spec(jf.forward, lambda: dict(params=_params(), X=jf.XOR[0], activation="sigmoid"), {"X": "matrix", "activation": "name"},
         {"params": PARAMS, "X": [("wrong columns", np.ones((4, 3)))]}),
    Spec(jf.train, lambda: dict(params=_params(), X=jf.XOR[0], y=jf.XOR[1], activation="relu", optimiser="adam", steps=3, lr=None),
         {"X": "matrix", "y": "vector", "activation": "name", "optimiser": "name", "steps": "count"},
         {"params": PARAMS, "X": [("wrong columns", np.ones((4, 3)))], "y": LABELS01, "lr": _without("positive", "None")}),
    Spec(jf.convergence_table, lambda: dict(runs=1, steps=2, widths=(2,), lr=None, seed=0, progress=None),
         {"runs": "count", "steps": "count", "seed": "seed"},
         {"widths": WIDTHS[:-1] + [("too large", (HUGE,))], "runs": [("too large", HUGE)],
          "lr": [("text", "0.5"), ("unknown key", {("sgd", "relu"): 0.1}), ("negative", {("gd", "relu"): -1.0})],
          "progress": [("number", 3), ("text", "tqdm")]}),
    Spec(jf.format_table1, lambda: dict(result=_table()), {}, {"result": NOT_DATA}),
    Spec(jf.decision_grid, lambda: dict(params=_params(), activation="relu", lim=(-0.5, 1.5), n=5), {"activation": "name", "n": "count"},
         {"params": PARAMS, "lim": [("None", None), ("text", "ab"), ("reversed", (1.0, 0.0)), ("NaN", (math.nan, 1.0)),
                                    ("three", (0.0, 1.0, 2.0))], "n": [("too large", 10**6)]}),
    Spec(jf.activation_patterns, lambda: dict(params=_params(), X=jf.XOR[0]), {"X": "matrix"},
         {"params": PARAMS, "X": [("wrong columns", np.ones((4, 3)))]}),
    Spec(jf.linearity, lambda: dict(params=_params(), X=jf.XOR[0]), {"X": "matrix"},
         {"params": PARAMS, "X": [("wrong columns", np.ones((4, 3)))]}),
    Spec(jf.pick_examples, lambda: dict(result=_table(), optimiser="gd", width=2), {"optimiser": "name"},
         {"result": NOT_DATA, "width": [("not in the table", 5), *INDEX]}),
    Spec(jf.zigzag, lambda: dict(n=20), {"n": "count"}, {"n": [("too large", HUGE)]}),
    Spec(jf.patterns_vs_tau, lambda: dict(X=jf.XOR[0], taus=[1.0, 0.1], width=3, runs=2, seed=0),
         {"X": "matrix", "taus": "vector", "width": "count", "runs": "count", "seed": "seed"},
         {"taus": [("negative", [-1.0])], "width": [("too large", HUGE)]}),
    Spec(jf.zigzag_training, lambda: dict(taus=[1.0, 0.1], width=3, runs=2, steps=3, lr=1e-2, batch=10, seed=0),
         {"taus": "vector", "width": "count", "runs": "count", "steps": "count", "lr": "positive", "batch": "count", "seed": "seed"},
         {"taus": [("negative", [-1.0])], "batch": [("more than the data", 21)], "width": [("too large", HUGE)]}),
    Spec(jf.Params.run, lambda: {"self": _params(), "r": 0}, {}, {"r": [("out of range", 1), *INDEX]}),
    Spec(jf.paper_adam_vs_gd, lambda: dict(), {}),
    Spec(jf.kink_distances, lambda: dict(params=_params(), X=jf.XOR[0]), {"X": "matrix"},
         {"params": PARAMS, "X": [("wrong columns", np.ones((4, 3)))]}),
    Spec(jf.fig5_runs, lambda: dict(taus=[1.0, 0.1], widths=(3,), runs=1, steps=2, seed=0, n_grid=5),
         {"taus": "vector", "runs": "count", "steps": "count", "seed": "seed", "n_grid": "count"},
         {"taus": [("negative", [-1.0])], "widths": WIDTHS}),
    # ------------------------------------------------------------------ bump (Theorem 1 (ii))
    Spec(bp.bump, lambda: dict(t=[0.0, 0.5]), {"t": "vector"}),
    Spec(bp.bump_parts, lambda: dict(t=[0.0, 0.5]), {"t": "vector"}),
    Spec(bp.isolating_direction, lambda: dict(X=rr.dataset("D1")[0], r=0, gap=1.0), {"X": "matrix", "gap": "positive"},
         {"r": [("out of range", 5), *INDEX]}),
    Spec(bp.bump_fit, lambda: dict(X=rr.dataset("D1")[0], y=rr.dataset("D1")[1], r=0), {"X": "matrix", "y": "vector"},
         {"r": [("out of range", 5), *INDEX], "y": [("wrong length", np.zeros(3))],
          "X": [("all inputs equal", np.ones((5, 1)))]}),
    Spec(bp.bump_shift, lambda: dict(X=rr.dataset("D1")[0], y=rr.dataset("D1")[1], r=3), {"X": "matrix", "y": "vector"},
         {"r": [("out of range", 5), *INDEX], "y": [("wrong length", np.zeros(3))]}),
    # ------------------------------------------------------------------ MNIST at book scale (Figs. 1, 2)
    Spec(mn.mnist_subset, lambda: dict(n=10), {"n": "count"}, {"n": [("more than the subset", 4001)]}),
    Spec(mn.train_mlp, lambda: dict(X=np.eye(4), y=[0, 1, 2, 3], width=2, depth=1, w_mean=0.0, bias="zero", tau=1.0,
                                    steps=2, batch=2, lr=1e-3, seed=0),
         {"X": "matrix", "y": "vector", "width": "count", "depth": "count", "w_mean": "real", "bias": "name",
          "tau": "positive", "steps": "count", "batch": "count", "lr": "positive", "seed": "seed"},
         {"y": [("wrong length", [0, 1]), ("fraction", [0.5, 1, 2, 3]), ("negative", [-1, 1, 2, 3]),
                ("label 1e30", [0, 1, 2, 1e30]), ("label beyond MAX_CLASSES", [0, 1, 2, mn.MAX_CLASSES])],
          "batch": [("more than the data", 5)]}),
    Spec(mn.fig1_runs, lambda: dict(widths=(2,), depths=(1,), w_means=(0.0,), n=10, steps=1, seed=0),
         {"w_means": "vector", "n": "count", "steps": "count", "seed": "seed"},
         {"widths": WIDTHS, "depths": WIDTHS, "n": [("more than the subset", 4001)]}),
    Spec(mn.fig2_runs, lambda: dict(taus=(1.0,), widths=(2,), n=10, steps=1, seeds=(0,)),
         {"taus": "vector", "n": "count", "steps": "count"},
         {"taus": [("negative", [-1.0])], "widths": WIDTHS, "seeds": [("negative", (-1,)), ("text", ("a",))]}),
    # ------------------------------------------------------------------ self-checks: the exercise's own settings
    Spec(sc_pe.check_toy_minimum, lambda: dict(is_minimum=lambda y: abs(y) < 1), {}),
    Spec(sc_pe.check_split, lambda: dict(weights=(2.0, 2.0, 0.75, 2.25)), {"u": "real", "v": "real", "lam": "real"}),
    Spec(sc_pe.check_escape, lambda: dict(escape=lambda eps: (lambda t: (eps / 2, 3.0 * t) if t <= 0.5 else (t, 1.5)),
                                          eps_values=(0.1,)),
         {"eps_values": "vector"}, {"eps_values": [("zero", [0.0]), ("negative", [-0.1])]}),
    Spec(sc_pe.check_b111, lambda: dict(B=0.25), {}),
    Spec(sc_pe.check_infinity_slope, lambda: dict(kappa=100.0), {}),
    Spec(sc_pe.check_flat_count, lambda: dict(count=lambda t: t, splits=(1, 2), lam=0.3),
         {"splits": "vector", "lam": "real"},
         {"splits": [("zero", [0]), ("fraction", [1.5]), ("too many", [100])], "lam": LAM01}),
    Spec(sc_pe.check_lambda_rule, lambda: dict(is_minimum=lambda lam: 0 < lam < 1), {}),
    Spec(sc_bs.check_prop1_loss, lambda: dict(answer=18.0), {}),
    Spec(sc_bs.check_dead_output, lambda: dict(c=0.6), {}, {"targets": [("text", "2 1 0"), ("NaN", [2.0, 1.0, math.nan, -3.0, 3.0]), ("too short", [2.0, 1.0])]}),
    Spec(sc_bs.check_blind_mean, lambda: dict(mu=0.5, h=10, probability=0.99), {"h": "count", "probability": "probability"},
         {"probability": [("zero", 0.0), ("one", 1.0)]}),
    Spec(sc_bs.check_bump_loss, lambda: dict(loss=5.0), {}, {"targets": [("text", "2 1 0"), ("NaN", [2.0, 1.0, math.nan, -3.0, 3.0]), ("too short", [2.0, 1.0])]}),
    Spec(sc_bs.check_bump_shift, lambda: dict(s=3.0), {}, {"targets": [("text", "2 1 0"), ("NaN", [2.0, 1.0, math.nan, -3.0, 3.0]), ("too short", [2.0, 1.0])]}),
    Spec(sc_bs.check_explorer_mu, lambda: dict(mu=1.0, sigma=0.3, depth=2, h=10),
         {"sigma": "positive", "depth": "count", "h": "count"}),
    Spec(sc_bs.check_crossing, lambda: dict(s=0.5), {}),
    Spec(sc_dec.check_region_count, lambda: dict(width=2, bias=False, answer=36), {"width": "count"}, {"bias": FLAG}),
    Spec(sc_dec.check_subglobal_loss, lambda: dict(pattern=sc_dec.EXERCISE_2_PATTERN, answer=0.5), {}, {"targets": [("text", "1 2 3"), ("NaN", [1.0, math.nan, 3.0]), ("too short", [1.0, 2.0])]}),
    Spec(sc_dec.check_kernel_form, lambda: dict(fitted_values=lambda X, y, pattern: y), {}),
    Spec(sc_dec.check_kink_minima, lambda: dict(is_minimum=lambda w2: w2 > 0), {}),
    Spec(sc_dec.check_dead_bias, lambda: dict(w=[1.0, 1.0], b=-10.0), {}, {"weights": [("text", "1 1"), ("NaN", [math.nan, 1.0]), ("wrong shape", [1.0])]}),
    Spec(sc_dec.check_fewer_regions, lambda: dict(X=[[-1.0, 1.0], [2.0, 1.0], [-2.0, 2.0]]), {}),
    Spec(sc_dec.check_block_eigenvalues, lambda: dict(eigenvalues=[-0.1, 3.1]), {}),
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
    "lossland.blindspots.relu_regression.DATASETS": "constant: the printed datasets",
    "lossland.blindspots.relu_regression.SOLUTIONS": "constant: the printed parameter sets",
    "lossland.blindspots.relu_regression.Certificate": "plain data container returned by certify",
    "lossland.blindspots.jellyfish.XOR": "constant: the XOR data",
    "lossland.blindspots.jellyfish.ACTIVATIONS": "constant: the activations of Table 1",
    "lossland.blindspots.jellyfish.JELLYFISH": "constant: the jellyfish data",
    "lossland.blindspots.jellyfish.PAPER_TABLE1": "constant: the paper's Table 1",
    "lossland.blindspots.jellyfish.WEBSITE": "constant: the website's run settings",
    "lossland.blindspots.jellyfish.WIDTHS": "constant: the widths of Table 1",
    "lossland.blindspots.jellyfish.Params": "data container returned by init_params (Params.run has a row)",
    "lossland.blindspots.jellyfish.Table1Result": "plain data container returned by convergence_table",
    "lossland.blindspots.mnist.BIASES": "constant: the names of the two bias initialisations",
    "lossland.decomposition.selfcheck.EXERCISE_2_PATTERN": "constant: the pattern of Exercise 2",
    "lossland.decomposition.selfcheck.EXERCISE_BLOCK_REGION": "constant: the region of the Case 2 exercise",
}


@pytest.mark.parametrize("spec, argument, value", cases(SPECS))
def test_bad_input_is_rejected_clearly(spec, argument, value):
    assert_rejects(spec, argument, value)


def test_valid_calls_succeed():
    assert_valid_calls_succeed(SPECS)


@pytest.mark.parametrize("module", [em, ts, ti, wp, pe, rr, dr, bs, jf, sc_pe, sc_bs, sc_dec])
def test_every_public_name_has_a_row_or_an_exemption(module):
    covered = {spec.name for spec in SPECS} | set(EXEMPT)
    assert {f"{module.__name__}.{name}" for name in module.__all__} <= covered


# ----------------------------------------------------------------------------- a student's answers
def _raises(*args):
    raise ZeroDivisionError("oops")


BAD_ANSWERS = [
    (sc_pe.check_toy_minimum, "is_minimum", [("number", 3), ("None", None), ("raises", _raises),
                                             ("not a truth value", lambda y: np.array([True, False]))]),
    (sc_pe.check_split, "weights", [("text", "2 2 0.75 2.25"), ("None", None), ("NaN", [2.0, 2.0, math.nan, 2.25]),
                                    ("wrong shape", [2.0, 2.0])]),
    (sc_pe.check_lambda_rule, "is_minimum", [("number", 3), ("None", None), ("raises", _raises)]),
    (sc_pe.check_escape, "escape", [("number", 3), ("None", None), ("raises", _raises),
                                    ("path not a function", lambda eps: 3), ("path raises", lambda eps: _raises),
                                    ("point not two numbers", lambda eps: (lambda t: (1.0, 2.0, 3.0))),
                                    ("NaN point", lambda eps: (lambda t: (math.nan, 0.0)))]),
    (sc_pe.check_b111, "B", [("text", "B"), ("None", None), ("NaN", math.nan), ("array", [0.2, 0.3])]),
    (sc_pe.check_infinity_slope, "kappa", [("text", "kappa"), ("None", None), ("NaN", math.nan), ("array", [1.0, 2.0])]),
    (sc_pe.check_flat_count, "count", [("number", 3), ("None", None), ("raises", _raises), ("text answer", lambda t: "t")]),
    (sc_bs.check_prop1_loss, "answer", [("text", "eighteen"), ("None", None), ("NaN", math.nan), ("inf", math.inf),
                                        ("array", [18.0, 1.0])]),
    (sc_bs.check_dead_output, "c", [("text", "mean"), ("None", None), ("NaN", math.nan), ("array", [0.6, 0.6])]),
    (sc_bs.check_blind_mean, "mu", [("text", "0.5"), ("None", None), ("NaN", math.nan), ("array", [0.5, 0.6])]),
    (sc_bs.check_bump_loss, "loss", [("text", "five"), ("None", None), ("NaN", math.nan), ("array", [5.0, 1.0])]),
    (sc_bs.check_bump_shift, "s", [("text", "three"), ("None", None), ("NaN", math.nan), ("array", [3.0, 1.0])]),
    (sc_bs.check_explorer_mu, "mu", [("text", "1"), ("None", None), ("NaN", math.nan), ("array", [1.0, 1.1])]),
    (sc_bs.check_crossing, "s", [("text", "s"), ("None", None), ("NaN", math.nan), ("array", [0.5, 0.6])]),
    (sc_dec.check_region_count, "answer", [("text", "36"), ("None", None), ("NaN", math.nan), ("fraction", 36.5),
                                           ("array", [36, 36])]),
    (sc_dec.check_subglobal_loss, "answer", [("text", "half"), ("None", None), ("NaN", math.nan), ("array", [0.5, 0.5])]),
    (sc_dec.check_subglobal_loss, "pattern", [("text", "pattern"), ("None", None), ("wrong shape", np.ones((3, 2)))]),
    (sc_dec.check_kernel_form, "fitted_values", [("number", 3), ("None", None), ("raises", _raises)]),
    (sc_dec.check_kink_minima, "is_minimum", [("number", 3), ("None", None), ("raises", _raises)]),
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
