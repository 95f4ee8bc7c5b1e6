"""Every public function of Chapter 5 (ReLU blind spots) rejects bad input clearly.

One :class:`badinput.Spec` row per public function of ``relu_regression``, ``deep_regression``,
``initialisation``, ``jellyfish``, ``bump``, ``mnist`` and the chapter's self-checks. A malformed
*answer* to a self-check gets feedback instead of an error (see :func:`badinput.answer_cases`).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pytest
from badinput import (
    FLAG_BAD, INDEX_BAD, TYPE_BAD, Spec, answer_cases, assert_not_yet, drop, table_tests, uncovered,
    without,
)

from lossland.blindspots import bump as bp
from lossland.blindspots import deep_regression as dr
from lossland.blindspots import initialisation as bs
from lossland.blindspots import jellyfish as jf
from lossland.blindspots import mnist as mn
from lossland.blindspots import relu_regression as rr
from lossland.blindspots import selfcheck as sc_bs


HUGE = 10**10  # a size whose arrays would need hundreds of gigabytes


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


LAYERS = [("None", None), ("text", "layers"), ("empty", []), ("not pairs", [1, 2]),
          ("wrong shapes", [(np.ones((2, 3)), np.zeros(2)), (np.ones((1, 2)), np.zeros(1))]),
          ("NaN", [(np.full((2, 1), np.nan), np.zeros(2)), (np.ones((1, 2)), np.zeros(1))]),
          ("output not 1 wide", [(np.ones((2, 1)), np.zeros(2)), (np.ones((2, 2)), np.zeros(2))])]
WIDTHS = [("None", None), ("text", "22"), ("empty", []), ("zero width", [0]), ("fraction", [2.5]), ("number", 2)]
PARAMS = [("None", None), ("text", "params")]
LABELS01 = [("plus-minus one", np.array([1.0, 1.0, -1.0, -1.0])), ("wrong length", np.zeros(3))]
INIT = [("unknown", "no-such-name"), ("None", None), ("zero", 0.0), ("negative", -1.0), ("NaN", math.nan)]


SPECS = [
    # ------------------------------------------------------------------ relu_regression
    Spec(rr.dataset, lambda: dict(name="D2"), {"name": "name"}),
    Spec(rr.architecture, lambda: dict(width=2), {"width": "count"}, {"width": [("too large", HUGE)]}),
    Spec(rr.pack, lambda: dict(w=[1.0], b=[-3.0], v=[1.0], c=0.0), {"w": "vector", "b": "vector", "v": "vector", "c": "real"},
         {"b": [("wrong length", np.zeros(2))], "v": [("wrong length", np.zeros(2))]}),
    Spec(rr.paper_loss, lambda: drop(_relu(), "arch"),
         {"theta": "vector", "X": "matrix", "y": "vector"},
         {"theta": [("wrong length", np.zeros(6))], "X": [("two columns", np.zeros((5, 2)))], "y": [("wrong length", np.zeros(3))]}),
    Spec(rr.solution, lambda: dict(name="prop2_local"), {"name": "name"}),
    Spec(rr.reachable_patterns, lambda: drop(_relu(tol=1e-12), "y"),
         {"theta": "vector", "X": "matrix", "tol": "tolerance"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "X": [("two columns", np.zeros((5, 2))),
                                                                              ("too many kinks", np.full((40, 1), 3.0))]}),
    Spec(rr.pattern_lower_bound, lambda: dict(X=rr.dataset("D1")[0], y=rr.dataset("D1")[1], pattern=np.ones((5, 1))),
         {"X": "matrix", "y": "vector"},
         {"X": [("two columns", np.zeros((5, 2)))], "y": [("wrong length", np.zeros(3))],
          "pattern": [("None", None), ("text", "pattern"), ("wrong rows", np.ones((3, 1))), ("3-D", np.ones((5, 1, 1))),
                      ("not 0/1", np.full((5, 1), 0.5))]}),
    Spec(rr.certify, lambda: _relu(tol=1e-12), {"theta": "vector", "X": "matrix", "y": "vector", "tol": "tolerance"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "X": [("two columns", np.zeros((5, 2)))],
          "y": [("wrong length", np.zeros(3))]}),
    Spec(rr.probe, lambda: _relu(radii=(1e-3,), n_directions=10, seed=0),
         {"theta": "vector", "X": "matrix", "y": "vector", "radii": "vector", "n_directions": "count", "seed": "seed"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "X": [("two columns", np.zeros((5, 2)))],
          "y": [("wrong length", np.zeros(3))], "radii": [("negative", [-1e-3])], "n_directions": [("too large", HUGE)]}),
    Spec(rr.rescale, lambda: drop(_relu(unit=0, alpha=2.0), "X", "y"),
         {"theta": "vector", "alpha": "positive"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "unit": [("out of range", 1), *INDEX_BAD]}),
    Spec(rr.rescaling_direction, lambda: drop(_relu(unit=0), "X", "y"), {"theta": "vector"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3)), ("unit all zero", np.array([0.0, 0.0, 0.0, 1.0]))],
          "unit": [("out of range", 1), *INDEX_BAD]}),
    Spec(rr.blind_spots, lambda: drop(_relu(strict=True), "y"),
         {"theta": "vector", "X": "matrix"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "X": [("two columns", np.zeros((5, 2)))],
          "strict": FLAG_BAD}),
    Spec(rr.region, lambda: dict(X=rr.dataset("D3")[0], split=6.0), {"X": "matrix", "split": "real"},
         {"X": [("two columns", np.zeros((5, 2)))]}),
    Spec(rr.units_by_region, lambda: drop(_relu("prop3_local", split=6.0), "y"),
         {"theta": "vector", "X": "matrix", "split": "real"},
         {"arch": TYPE_BAD, "theta": [("wrong length", np.zeros(3))], "X": [("two columns", np.zeros((6, 2)))]}),
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
         {"widths": WIDTHS, "y": [("wrong length", np.zeros(3))], "dead": [("zero", 0), ("too deep", 3), *INDEX_BAD]}),
    Spec(dr.decent_index, lambda: dict(X=rr.dataset("D1")[0], y=rr.dataset("D1")[1]), {"X": "matrix", "y": "vector"},
         {"y": [("wrong length", np.zeros(3))]}),
    Spec(dr.theorem1_construction, lambda: dict(X=rr.dataset("D1")[0], y=rr.dataset("D1")[1], widths=[3, 2], shift=True, seed=0),
         {"X": "matrix", "y": "vector", "seed": "seed"},
         {"widths": WIDTHS + [("first below 3", [2])], "y": [("wrong length", np.zeros(3)), ("not decent", np.ones(5))],
          "shift": FLAG_BAD}),
    # ------------------------------------------------------------------ blindspots
    Spec(bs.blindspot_dataset, lambda: dict(n_points=6, dim=2, outlier=10.0, seed=0),
         {"n_points": "count", "dim": "count", "outlier": "positive", "seed": "seed"},
         {"n_points": [("two", 2), ("too large", HUGE)], "dim": [("too large", HUGE)]}),
    Spec(bs.layer_sigmas, lambda: dict(h=3, depth=2, dim=2, init="xavier"), {"h": "count", "depth": "count", "dim": "count"},
         {"init": INIT, "depth": [("too large", HUGE)]}),
    Spec(bs.weight_count, lambda: dict(h=3, depth=2, dim=2), {"h": "count", "depth": "count", "dim": "count"},
         {"depth": [("too large", HUGE)]}),
    Spec(bs.prob_all_positive, lambda: dict(mu=0.5, h=3, depth=1, dim=2, init="lecun", log=False),
         {"mu": "real", "h": "count", "depth": "count", "dim": "count"}, {"init": INIT, "log": FLAG_BAD}),
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
         {"init": INIT, "X": without("matrix", "None") + [("wrong columns", np.ones((4, 3)))]}),
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
         {"X": without("matrix", "None")}),
    # ------------------------------------------------------------------ jellyfish
    Spec(jf.init_params, lambda: dict(widths=[2, 3], d=2, rng=0), {"d": "count"},
         {"widths": WIDTHS[:-1] + [("too large", [HUGE])], "rng": [("negative", -1), ("fraction", 1.5), ("text", "seed")]}),
    Spec(jf.forward, lambda: dict(params=_params(), X=jf.XOR[0], activation="sigmoid"), {"X": "matrix", "activation": "name"},
         {"params": PARAMS, "X": [("wrong columns", np.ones((4, 3)))]}),
    Spec(jf.train, lambda: dict(params=_params(), X=jf.XOR[0], y=jf.XOR[1], activation="relu", optimiser="adam", steps=3, lr=None),
         {"X": "matrix", "y": "vector", "activation": "name", "optimiser": "name", "steps": "count"},
         {"params": PARAMS, "X": [("wrong columns", np.ones((4, 3)))], "y": LABELS01, "lr": without("positive", "None")}),
    Spec(jf.convergence_table, lambda: dict(runs=1, steps=2, widths=(2,), lr=None, seed=0, progress=None),
         {"runs": "count", "steps": "count", "seed": "seed"},
         {"widths": WIDTHS[:-1] + [("too large", (HUGE,))], "runs": [("too large", HUGE)],
          "lr": [("text", "0.5"), ("unknown key", {("sgd", "relu"): 0.1}), ("negative", {("gd", "relu"): -1.0})],
          "progress": [("number", 3), ("text", "tqdm")]}),
    Spec(jf.format_table1, lambda: dict(result=_table()), {}, {"result": TYPE_BAD}),
    Spec(jf.decision_grid, lambda: dict(params=_params(), activation="relu", lim=(-0.5, 1.5), n=5), {"activation": "name", "n": "count"},
         {"params": PARAMS, "lim": [("None", None), ("text", "ab"), ("reversed", (1.0, 0.0)), ("NaN", (math.nan, 1.0)),
                                    ("three", (0.0, 1.0, 2.0))], "n": [("too large", 10**6)]}),
    Spec(jf.activation_patterns, lambda: dict(params=_params(), X=jf.XOR[0]), {"X": "matrix"},
         {"params": PARAMS, "X": [("wrong columns", np.ones((4, 3)))]}),
    Spec(jf.linearity, lambda: dict(params=_params(), X=jf.XOR[0]), {"X": "matrix"},
         {"params": PARAMS, "X": [("wrong columns", np.ones((4, 3)))]}),
    Spec(jf.pick_examples, lambda: dict(result=_table(), optimiser="gd", width=2), {"optimiser": "name"},
         {"result": TYPE_BAD, "width": [("not in the table", 5), *INDEX_BAD]}),
    Spec(jf.zigzag, lambda: dict(n=20), {"n": "count"}, {"n": [("too large", HUGE)]}),
    Spec(jf.patterns_vs_tau, lambda: dict(X=jf.XOR[0], taus=[1.0, 0.1], width=3, runs=2, seed=0),
         {"X": "matrix", "taus": "vector", "width": "count", "runs": "count", "seed": "seed"},
         {"taus": [("negative", [-1.0])], "width": [("too large", HUGE)]}),
    Spec(jf.zigzag_training, lambda: dict(taus=[1.0, 0.1], width=3, runs=2, steps=3, lr=1e-2, batch=10, seed=0),
         {"taus": "vector", "width": "count", "runs": "count", "steps": "count", "lr": "positive", "batch": "count", "seed": "seed"},
         {"taus": [("negative", [-1.0])], "batch": [("more than the data", 21)], "width": [("too large", HUGE)]}),
    Spec(jf.Params.run, lambda: {"self": _params(), "r": 0}, {}, {"r": [("out of range", 1), *INDEX_BAD]}),
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
         {"r": [("out of range", 5), *INDEX_BAD]}),
    Spec(bp.bump_fit, lambda: dict(X=rr.dataset("D1")[0], y=rr.dataset("D1")[1], r=0), {"X": "matrix", "y": "vector"},
         {"r": [("out of range", 5), *INDEX_BAD], "y": [("wrong length", np.zeros(3))],
          "X": [("all inputs equal", np.ones((5, 1)))]}),
    Spec(bp.bump_shift, lambda: dict(X=rr.dataset("D1")[0], y=rr.dataset("D1")[1], r=3), {"X": "matrix", "y": "vector"},
         {"r": [("out of range", 5), *INDEX_BAD], "y": [("wrong length", np.zeros(3))]}),
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
    Spec(sc_bs.check_prop1_loss, lambda: dict(answer=18.0), {}),
    Spec(sc_bs.check_dead_output, lambda: dict(c=0.6), {}, {"targets": [("text", "2 1 0"), ("NaN", [2.0, 1.0, math.nan, -3.0, 3.0]), ("too short", [2.0, 1.0])]}),
    Spec(sc_bs.check_blind_mean, lambda: dict(mu=0.5, h=10, probability=0.99), {"h": "count", "probability": "probability"},
         {"probability": [("zero", 0.0), ("one", 1.0)]}),
    Spec(sc_bs.check_bump_loss, lambda: dict(loss=5.0), {}, {"targets": [("text", "2 1 0"), ("NaN", [2.0, 1.0, math.nan, -3.0, 3.0]), ("too short", [2.0, 1.0])]}),
    Spec(sc_bs.check_bump_shift, lambda: dict(s=3.0), {}, {"targets": [("text", "2 1 0"), ("NaN", [2.0, 1.0, math.nan, -3.0, 3.0]), ("too short", [2.0, 1.0])]}),
    Spec(sc_bs.check_explorer_mu, lambda: dict(mu=1.0, sigma=0.3, depth=2, h=10),
         {"sigma": "positive", "depth": "count", "h": "count"}),
    Spec(sc_bs.check_crossing, lambda: dict(s=0.5), {}),
]

EXEMPT = {
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
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)


@pytest.mark.parametrize("module", [rr, dr, bs, jf, sc_bs])
def test_every_public_name_has_a_row_or_an_exemption(module):
    assert not uncovered([module], SPECS, EXEMPT)


# ----------------------------------------------------------------------------- a student's answers
BAD_ANSWERS = [
    (sc_bs.check_prop1_loss, "answer", [("text", "eighteen"), ("None", None), ("NaN", math.nan), ("inf", math.inf),
                                        ("array", [18.0, 1.0])]),
    (sc_bs.check_dead_output, "c", [("text", "mean"), ("None", None), ("NaN", math.nan), ("array", [0.6, 0.6])]),
    (sc_bs.check_blind_mean, "mu", [("text", "0.5"), ("None", None), ("NaN", math.nan), ("array", [0.5, 0.6])]),
    (sc_bs.check_bump_loss, "loss", [("text", "five"), ("None", None), ("NaN", math.nan), ("array", [5.0, 1.0])]),
    (sc_bs.check_bump_shift, "s", [("text", "three"), ("None", None), ("NaN", math.nan), ("array", [3.0, 1.0])]),
    (sc_bs.check_explorer_mu, "mu", [("text", "1"), ("None", None), ("NaN", math.nan), ("array", [1.0, 1.1])]),
    (sc_bs.check_crossing, "s", [("text", "s"), ("None", None), ("NaN", math.nan), ("array", [0.5, 0.6])]),
]


@pytest.mark.parametrize("spec, argument, value", answer_cases(SPECS, BAD_ANSWERS))
def test_bad_answers_get_feedback(spec, argument, value):
    """A student's malformed answer gets a 'Not yet' that says what kind of answer is expected."""
    assert_not_yet(spec, argument, value)
