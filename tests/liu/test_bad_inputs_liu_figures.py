"""Bad input to Chapter 2's figure modules is rejected clearly (how: ``tests/badinput.py``)."""
from __future__ import annotations

import numpy as np
from badinput import AX_BAD, FIG_BAD, FLAG_BAD, TEXT_BAD, Spec, ax, table_tests, wrong_length

from lossland.liu import figures as lf
from lossland.liu import discrete as liu_discrete
from lossland.liu import gaussian_figures as gf


V5 = np.linspace(0.1, 1.0, 5)
M35 = np.outer(np.ones(3), V5)


SPECS = []

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


EXEMPT = {
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)
