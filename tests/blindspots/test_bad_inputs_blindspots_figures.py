"""Bad input to Chapter 5's figure modules is rejected clearly (how: ``tests/badinput.py``)."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from badinput import AX_BAD, FIG_BAD, FLAG_BAD, TYPE_BAD, Spec, ax, table_tests, wrong_length

from lossland.blindspots import figures as bsf
from lossland.blindspots import jellyfish as jf
from lossland.blindspots import bump_figures as bpf
from lossland.blindspots import jellyfish_figures as jff
from lossland.blindspots import scale_figures as scf
from lossland.blindspots import relu_figures as rf
from lossland.core import data


X, Y = data.three_points()
OPTIONAL_TEXT_BAD = [("number", 3)]


SPECS = []

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
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)
