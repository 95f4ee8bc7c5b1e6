"""Bad input to the chapters' figure modules is rejected clearly.

One :class:`Spec` row per public function of the ``figures`` modules of every chapter
(``lossland.<chapter>.*figures``) and of :func:`lossland.book.plots.check_figure`.  Valid
calls use tiny inputs and short explorers (one or two frames); figures are closed after
every test.  Functions drawing only a precomputed heavy result are exempt.
"""
from __future__ import annotations

from functools import lru_cache

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from badinput import Spec, assert_rejects, assert_valid_calls_succeed, cases

from lossland.blindspots import figures as bsf
from lossland.blindspots import jellyfish as jf
from lossland.blindspots import bump_figures as bpf
from lossland.blindspots import jellyfish_figures as jff
from lossland.blindspots import scale_figures as scf
from lossland.blindspots import relu_figures as rf
from lossland.book import plots
from lossland.core import data
from lossland.core.regions import activation_regions, unit_cells
from lossland.decomposition import figures as df
from lossland.decomposition.constructions import minima_by_width
from lossland.expneuron import failure as ef
from lossland.expneuron import figures as xf
from lossland.liu import figures as lf
from lossland.liu import discrete as liu_discrete
from lossland.liu import gaussian_figures as gf
from lossland.petzka import figures as pf
from lossland.petzka import nonattracting_figures as nf


@pytest.fixture(autouse=True)
def _close_figures():
    with mpl.rc_context():
        yield
        plt.close("all")


# ---------------------------------------------------------------- shared inputs and bad values
X, Y = data.three_points()
X1, Y1 = data.two_points_1d()
CELLS = unit_cells(X)
REGIONS = activation_regions(X, 1)
MINIMA = minima_by_width(X, Y, [1])
PATTERN = REGIONS.patterns[0]
V5 = np.linspace(0.1, 1.0, 5)
M35 = np.outer(np.ones(3), V5)

AX_BAD = [("text", "ax"), ("None", None)]
AXES_BAD = [("text", "axes"), ("None", None)]
FIG_BAD = [("text", "fig"), ("number", 3)]
FLAG_BAD = [("text", "yes"), ("number", 2), ("None", None)]
TEXT_BAD = [("number", 3), ("None", None)]
OPTIONAL_TEXT_BAD = [("number", 3)]
ARRAY_BAD = [("None", None), ("text", "values"), ("empty", np.zeros(0)), ("NaN", np.array([np.nan, 1.0])),
             ("inf", np.array([1.0, np.inf]))]
TYPE_BAD = [("text", "result"), ("None", None), ("number", 3)]
FRACTION_BAD = [("fraction", 2.5), ("bool", True)]


def ax():
    return plt.figure(figsize=(2, 2)).add_subplot()


def wrong_length(n):
    return [("wrong length", np.linspace(0.1, 1.0, n))]


def index_bad(size):
    return [("out of range", size), ("-1", -1), ("fraction", 1.5), ("text", "0"), ("None", None)]


# ---------------------------------------------------------------- book.plots
SPECS = [
    Spec(plots.check_figure, lambda: dict(fig=None, name="fig"), {}, {"fig": FIG_BAD + [("axes", ax())]}),
    Spec(plots.check_axes, lambda: dict(ax=ax(), name="ax"), {}, {"ax": AX_BAD + [("figure", plt.figure())]}),
    Spec(plots.check_axes_list, lambda: dict(axes=[ax(), ax()], name="axes"), {},
         {"axes": AX_BAD + [("empty", []), ("not all axes", [ax(), "ax"])]}),
]

# ---------------------------------------------------------------- decomposition
SPECS += [
    Spec(df.pattern_text, lambda: dict(pattern=PATTERN), {},
         {"pattern": [("None", None), ("text", "101"), ("empty", []), ("NaN", [np.nan, 1.0]), ("values 2", [2, 0])]}),
    Spec(df.draw_unit_cells, lambda: dict(ax=ax(), X=X, cells=CELLS, radius=1.0, resolution=11, annotate=True),
         {"X": "matrix", "radius": "positive", "resolution": "count"},
         {"ax": AX_BAD, "cells": TYPE_BAD, "annotate": FLAG_BAD, "X": [("wrong columns", np.ones((3, 3)))]}),
    Spec(df.fig1, lambda: dict(X=X), {"X": "matrix"}),
    Spec(df.fig2, lambda: dict(X=X1, y=Y1, radius=1.0), {"X": "matrix", "y": "vector", "radius": "positive"},
         {"y": wrong_length(3)}),
    Spec(df.draw_histograms, lambda: dict(axes=[ax()], minima=MINIMA, log=False), {},
         {"axes": AXES_BAD, "minima": TYPE_BAD + [("empty", {}), ("bad value", {1: "x"}), ("bad key", {0: MINIMA[1]})],
          "log": FLAG_BAD}),
    Spec(df.fig3, lambda: dict(minima=MINIMA), {}, {"minima": TYPE_BAD + [("empty", {})]}),
    Spec(df.explorer_frame, lambda: dict(X=X, y=Y, moved=2, point=(0.5, 1.0), target=1.0, width=1, fig=None),
         {"X": "matrix", "y": "vector", "target": "real", "width": "count"},
         {"moved": index_bad(3), "point": [("None", None), ("text", "p"), ("NaN", (np.nan, 1.0)), ("wrong length", (1.0,))],
          "fig": FIG_BAD, "y": wrong_length(2)}),
    Spec(df.region_explorer, lambda: dict(X=X, y=Y, width=1, moved=2, positions=np.array([0.5])),
         {"X": "matrix", "y": "vector", "width": "count", "positions": "vector"}, {"moved": index_bad(3)}),
    Spec(df.draw_region, lambda: dict(axes=[ax()], X=X, y=Y, pattern=PATTERN, cells=CELLS),
         {"X": "matrix", "y": "vector"},
         {"axes": AXES_BAD, "cells": TYPE_BAD,
          "pattern": [("text", "on"), ("None", None), ("1-D", PATTERN[:, 0]), ("values 2", np.full((3, 1), 2)),
                      ("wrong rows", np.ones((2, 1), dtype=bool)), ("no cell", np.array([[1], [1], [0]], dtype=bool))]}),
    Spec(df.inspector_frame, lambda: dict(X=X, y=Y, regions=REGIONS, r=0, fig=None), {},
         {"regions": TYPE_BAD, "r": index_bad(len(REGIONS)), "fig": FIG_BAD}),
    Spec(df.region_inspector, lambda: dict(X=X, y=Y, width=1), {"X": "matrix", "y": "vector", "width": "count"}),
]

# ---------------------------------------------------------------- liu
SPECS += [
    Spec(lf.draw_example, lambda: dict(ax=ax(), y=(1.0, 1.0), radius=1.0), {"y": "vector", "radius": "positive"},
         {"ax": AX_BAD, "y": wrong_length(3)}),
    Spec(lf.fig2, dict, {}),
    Spec(lf.example_frame, lambda: dict(y2=0.5, fig=None), {"y2": "real"}, {"fig": FIG_BAD}),
    Spec(lf.example_explorer, lambda: dict(y2=0.5, values=np.array([0.5])), {"y2": "real", "values": "vector"}),
    Spec(gf.draw_curve, lambda: dict(ax=ax(), x=V5, values=V5, xlabel="x", ylabel="y", title="t", log=True),
         {"x": "vector", "values": "vector"},
         {"ax": AX_BAD, "values": wrong_length(4) + [("no positive entry on a log scale", -V5)],
          "xlabel": TEXT_BAD, "ylabel": TEXT_BAD, "title": TEXT_BAD, "log": FLAG_BAD}),
    Spec(gf.draw_map, lambda: dict(ax=ax(), x_w1=V5, x_w2=V5[:3], values=M35, title="t"),
         {"x_w1": "vector", "x_w2": "vector", "values": "matrix"}, {"ax": AX_BAD, "title": TEXT_BAD}),
    Spec(gf.fig4, lambda: dict(n=10, seed=0, rule="product", peak=None),
         {"n": "count", "seed": "seed", "rule": "name"}, {"peak": [("NaN", np.nan), ("text", "1")]}),
    Spec(gf.figA4, lambda: dict(n=10, rule="max"), {"n": "count", "rule": "name"}),
    Spec(gf.fig3, lambda: dict(x_w1=2.5, x_w2=-1.0), {"x_w1": "real", "x_w2": "real"},
         {"x_w1": [("below x_w2", -2.0)]}),
    Spec(gf.figA3, lambda: dict(cases=liu_discrete.rank_deficient_cases()), {},
         {"cases": [("None", None), ("empty", {}), ("list", [1.0])]}),
    Spec(gf.draw_parallel_weights, lambda: dict(ax=ax(), h=[1.0, -1.0], normals=[1.0, -1.0], top=1.0, number_from="left"),
         {"h": "vector", "normals": "vector", "top": "real", "number_from": "name"}, {"ax": AX_BAD, "h": wrong_length(3)}),
    Spec(gf.draw_monte_carlo, lambda: dict(ax=ax(), x_curve=V5, analytic=V5, x_points=V5[:3], sample_optimum=V5[:3],
                                           population_gaps=V5[:3]),
         {"x_curve": "vector", "analytic": "vector", "x_points": "vector", "sample_optimum": "vector"},
         {"ax": AX_BAD, "analytic": wrong_length(4), "sample_optimum": wrong_length(4),
          "population_gaps": wrong_length(4) + [("text", "gaps"), ("NaN", np.array([np.nan, 1.0, 1.0]))]}),
    Spec(gf.gap_frame, lambda: dict(x_w1=2.0, x_w2=0.0, n=10, fig=None), {"x_w1": "real", "x_w2": "real", "n": "count"},
         {"fig": FIG_BAD}),
    Spec(gf.gap_explorer, lambda: dict(x_w1=2.0, x_w2=0.0, n=10, positions=np.array([1.0])),
         {"x_w1": "real", "x_w2": "real", "n": "count", "positions": "vector"}),
]


# ---------------------------------------------------------------- expneuron
@lru_cache(maxsize=None)
def _minima():
    return ef.locate_minima(ef.example1())


@lru_cache(maxsize=None)
def _paths():
    return {inst.loss: ef.descend(0.25, inst, lr=2e-3, steps=5) for inst in (ef.example1(), ef.example1_squared())}


DESCENT = {"lam": "positive", "lr": "positive", "steps": "count"}
SPECS += [
    Spec(xf.draw_loss, lambda: dict(ax=ax(), theta=V5, loss=V5, minima=_minima(), title="t"),
         {"theta": "vector", "loss": "vector"},
         {"ax": AX_BAD, "loss": wrong_length(4), "minima": TYPE_BAD, "title": TEXT_BAD}),
    Spec(xf.draw_surface, lambda: dict(ax=ax(), theta=V5, b=V5[:3], values=M35, title="t"),
         {"values": "matrix"}, {"ax": AX_BAD, "theta": ARRAY_BAD, "b": ARRAY_BAD, "title": TEXT_BAD}),
    Spec(xf.draw_field, lambda: dict(ax=ax(), theta=M35, b=M35, u=M35, v=M35, trajectories=[(V5, V5)], title="t"),
         {},
         {"theta": ARRAY_BAD, "b": ARRAY_BAD, "u": ARRAY_BAD, "v": ARRAY_BAD + [("wrong shape", np.ones((2, 2)))], "ax": AX_BAD, "trajectories": [("number", 3), ("text", "paths"), ("NaN", [(V5, np.full(5, np.nan))])],
          "title": TEXT_BAD}),
    Spec(xf.draw_iterations, lambda: dict(ax=ax(), series={"b": V5}, ylabel="y", title="t", log=True, logx=True,
                                          level=(0.5, "half"), legend="best"),
         {},
         {"ax": AX_BAD, "series": [("None", None), ("empty", {}), ("text", "b"), ("NaN", {"b": np.array([np.nan, 1.0])}),
                                   ("bad name", {3: V5})],
          "ylabel": TEXT_BAD, "title": TEXT_BAD, "log": FLAG_BAD, "logx": FLAG_BAD,
          "level": [("number", 0.5), ("NaN", (np.nan, "x")), ("no name", (0.5, 3))], "legend": TEXT_BAD}),
    Spec(xf.draw_losses, lambda: dict(ax=ax(), modified=M35.T, original=M35.T, title="t", floor=1e-12),
         {"modified": "matrix", "original": "matrix", "floor": "positive"},
         {"ax": AX_BAD, "title": TEXT_BAD, "original": [("wrong shape", M35)]}),
    Spec(xf.fig1, lambda: dict(lam=1.0, lr=2e-3, steps=3), DESCENT),
    Spec(xf.fig4, lambda: dict(lam=1.0, lr=2e-3, steps=3), DESCENT),
    Spec(xf.fig_norms, lambda: dict(lam=1.0, lr=2e-3, steps=3, paths=_paths()), DESCENT,
         {"paths": [("text", "paths"), ("empty", {}), ("bad value", {"cubic_hinge": 1, "squared": 2})]}),
    Spec(xf.failure_frame, lambda: dict(lam=1.0, theta0=0.25, lr=2e-3, steps=3, loss="squared", fig=None),
         {**DESCENT, "theta0": "real", "loss": "name"}, {"fig": FIG_BAD}),
    Spec(xf.failure_explorer, lambda: dict(lam=1.0, theta0=0.25, lr=2e-3, loss="squared", starts=np.array([0.25])),
         {"lam": "positive", "lr": "positive", "theta0": "real", "loss": "name", "starts": "vector"}),
]

# ---------------------------------------------------------------- petzka
SWEEP = (np.array([0.2, 0.8]), np.array([[0.1, 0.2], [0.1, 0.3]]))
SPECS += [
    Spec(pf.draw_probe, lambda: dict(ax=ax(), steps=V5, losses=M35, minimum=V5, centre=0.5, title="t", shown=2),
         {"steps": "vector", "losses": "matrix", "minimum": "vector", "centre": "real", "shown": "natural"},
         {"ax": AX_BAD, "losses": [("wrong columns", np.ones((3, 4)))], "minimum": wrong_length(4), "title": TEXT_BAD}),
    Spec(pf.draw_eigenvalues, lambda: dict(ax=ax(), lams=SWEEP[0], eigenvalues=SWEEP[1], current=(0.5, 0.1), title="t",
                                           legend=True),
         {"lams": "vector", "eigenvalues": "matrix"},
         {"ax": AX_BAD, "eigenvalues": [("wrong rows", np.ones((3, 2)))],
          "current": [("text", "c"), ("wrong length", (1.0,)), ("NaN", (np.nan, 1.0))], "title": TEXT_BAD,
          "legend": FLAG_BAD}),
    Spec(pf.eigenvalue_sweep, lambda: dict(lams=SWEEP[0], seed=2), {"lams": "vector", "seed": "seed"}),
    Spec(pf.fig_eigenvalues, dict, {}),
    Spec(pf.fig_deep_saddle, lambda: dict(lams=SWEEP[0]), {"lams": "vector"}),
    Spec(pf.lambda_frame, lambda: dict(lam=0.5, sweep=SWEEP, fig=None, seed=2), {"lam": "real", "seed": "seed"},
         {"sweep": [("None", None), ("text", "sweep"), ("one array", SWEEP[0]), ("mismatch", (SWEEP[0], np.ones((3, 2))))],
          "fig": FIG_BAD}),
    Spec(pf.lambda_explorer, lambda: dict(lam=0.5, values=np.array([0.5]), seed=2),
         {"lam": "real", "values": "vector", "seed": "seed"}),
    Spec(nf.draw_surface, lambda: dict(ax=ax(), xs=V5, ys=V5[:3], values=M35, title="t"),
         {"xs": "vector", "ys": "vector", "values": "matrix"},
         {"ax": AX_BAD, "values": [("wrong shape", M35.T)], "title": TEXT_BAD}),
    Spec(nf.draw_region, lambda: dict(ax=ax(), y_range=(-1.0, 1.0), text="R"), {"y_range": "vector"},
         {"ax": AX_BAD, "y_range": wrong_length(3), "text": TEXT_BAD}),
    Spec(nf.draw_path, lambda: dict(ax=ax(), points=M35.T[:, :2]), {"points": "matrix"},
         {"ax": AX_BAD, "points": [("wrong columns", M35.T)]}),
    Spec(nf.fig1, lambda: dict(y0=0.5), {"y0": "real"}, {"y0": [("outside R", 3.0)]}),
    Spec(nf.fig1_descent, lambda: dict(starts=((0.3, 0.5),), steps=3), {"starts": "matrix", "steps": "count"},
         {"starts": [("wrong columns", np.ones((2, 3)))]}),
    Spec(nf.draw_loss_curve, lambda: dict(ax=ax(), x=V5, loss=V5, xlabel="x", title="t"), {"x": "vector", "loss": "vector"},
         {"ax": AX_BAD, "loss": wrong_length(4), "xlabel": TEXT_BAD, "title": TEXT_BAD}),
    Spec(nf.fig_theorem4, lambda: dict(steps=5), {"steps": "count"}),
    Spec(nf.fig_theorem5, dict, {"N": "count", "seed": "seed"}),
    Spec(nf.path_frame, lambda: dict(position=0.5, y0=0.5, kind="attracting", fig=None),
         {"position": "real", "y0": "real", "kind": "name"}, {"fig": FIG_BAD}),
    Spec(nf.path_explorer, lambda: dict(y0=0.5, kind="attracting", positions=np.array([0.5])),
         {"y0": "real", "kind": "name", "positions": "vector"}),
]


# ---------------------------------------------------------------- blindspots
@lru_cache(maxsize=None)
def _params():
    return jf.init_params([3], rng=np.random.default_rng(0))


JX = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
JY = np.array([1.0, 0.0, 0.0, 1.0])
TAUS = np.array([0.1, 1.0, 10.0])
SPECS += [
    Spec(bsf.fig6, lambda: dict(hs=[10], depths=(1, 2), collapse_widths=(1,), max_depth=2, n_networks=5, seed=0),
         {"max_depth": "count", "n_networks": "count", "seed": "seed"},
         {"hs": [("empty", []), ("zero", [0]), ("text", "10"), ("None", None)],
          "depths": [("empty", ()), ("zero", (0,)), ("None", None)],
          "collapse_widths": [("empty", ()), ("fraction", (1.5,)), ("None", None)]}),
    Spec(bsf.blindspot_frame, lambda: dict(mu=0.3, sigma=0.3, depth=2, outlier=10.0, h=3, n_networks=5, seed=0, fig=None),
         {"mu": "real", "sigma": "positive", "depth": "count", "outlier": "real", "h": "count", "n_networks": "count",
          "seed": "seed"},
         {"depth": [("too deep", bsf.MAX_DEPTH + 1)], "fig": FIG_BAD}),
    Spec(bsf.blindspot_explorer, lambda: dict(mu=0.3, sigma=0.3, depth=2, outlier=10.0, mus=np.array([0.3])),
         {"mu": "real", "sigma": "positive", "depth": "count", "outlier": "real", "mus": "vector"},
         {"depth": [("too deep", bsf.MAX_DEPTH + 1)]}),
    Spec(rf.draw_panel, lambda: dict(ax=ax(), panel="b", printed=True), {"panel": "name"},
         {"ax": AX_BAD, "panel": [("list", ["a"])], "printed": FLAG_BAD}),
    Spec(rf.fig4, lambda: dict(printed=False), {}, {"printed": FLAG_BAD}),
    Spec(jff.draw_data, lambda: dict(ax=ax(), X=JX, y=JY), {"X": "matrix", "y": "vector"},
         {"ax": AX_BAD, "X": [("wrong columns", np.ones((4, 3)))], "y": wrong_length(3)}),
    Spec(jff.draw_boundary, lambda: dict(ax=ax(), params=_params(), X=JX, y=JY, activation="relu", title="t", n=11),
         {"X": "matrix", "y": "vector", "activation": "name", "n": "count"},
         {"ax": AX_BAD, "params": TYPE_BAD, "title": OPTIONAL_TEXT_BAD, "y": wrong_length(3)}),
    Spec(jff.draw_converged_and_stuck, lambda: dict(good=_params(), bad=_params(), X=JX, y=JY, activation="sigmoid"),
         {"X": "matrix", "y": "vector", "activation": "name"}, {"good": TYPE_BAD, "bad": TYPE_BAD, "y": wrong_length(3)}),
    Spec(bpf.draw_bump, lambda: dict(X=np.array([[0.0], [2.0], [4.0]]), y=np.array([1.0, 0.0, 0.0]), r=0),
         {"X": "matrix", "y": "vector"},
         {"r": [("out of range", 3), ("negative", -1), ("text", "0")], "y": wrong_length(2),
          "X": [("two columns", np.ones((3, 2)))]}),
    Spec(scf.fig1, lambda: dict(runs={"accuracy": {("mnist", 0.0, 1, 2): 0.5, ("permuted", 0.0, 1, 2): 0.2}, "widths": (2,),
                                      "depths": (1,), "w_means": (0.0,), "chance": 0.1}),
         {}, {"runs": TYPE_BAD + [("missing keys", {"accuracy": {}})]}),
    Spec(scf.fig2, lambda: dict(runs={"accuracy": {(1.0, 2): np.array([0.5])}, "taus": (1.0,), "widths": (2,)}),
         {}, {"runs": TYPE_BAD + [("missing keys", {"accuracy": {}})]}),
    Spec(scf.fig5, lambda: dict(runs={"taus": np.array([1.0]), "widths": (2,), "mse": np.ones((1, 1, 1)),
                                      "grid": np.linspace(-1, 1, 3), "curves": np.zeros((1, 3))}),
         {}, {"runs": TYPE_BAD + [("missing keys", {"taus": (1.0,)})]}),
    Spec(jff.draw_concentration, lambda: dict(taus=TAUS, patterns=np.array([1.0, 2.0, 3.0]), mse=np.ones((3, 2))),
         {"taus": "vector", "patterns": "vector"},
         {"taus": [("zero", np.array([0.0, 1.0, 2.0]))], "patterns": wrong_length(2),
          "mse": [("text", "mse"), ("wrong rows", np.ones((2, 2))), ("NaN", np.full((3, 2), np.nan))]}),
]

EXEMPT = {
    "lossland.book.plots.forget_summary": "takes any value: anything but a Figure is left alone (an explorer's redraw)",
    "lossland.decomposition.figures.table1_figure":
        "draws Table 1 from a precomputed random_regions.table1 result (minutes of training); no other argument",
    "lossland.expneuron.figures.fig3_histograms":
        "draws the chapter's Fig. 3 from a precomputed trials.run_trials result (minutes of training); no other argument",
    "lossland.petzka.figures.fig3":
        "draws the chapter's Fig. 3 from a precomputed experiment.figure3 result (minutes of computing); no other argument",
}


@pytest.mark.parametrize(("spec", "argument", "value"), cases(SPECS))
def test_bad_input_is_rejected_clearly(spec, argument, value):
    assert_rejects(spec, argument, value)


def test_valid_calls_succeed():
    for spec in SPECS:  # one at a time, closing its figures: dozens stay open otherwise
        assert_valid_calls_succeed([spec])
        plt.close("all")
