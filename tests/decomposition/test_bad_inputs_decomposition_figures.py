"""Bad input to Chapter 1's figure modules is rejected clearly (how: ``tests/badinput.py``)."""
from __future__ import annotations

import numpy as np
from badinput import AX_BAD, FIG_BAD, FLAG_BAD, TYPE_BAD, Spec, ax, index_bad, table_tests, wrong_length

from lossland.core import data
from lossland.core.regions import activation_regions, unit_cells
from lossland.decomposition import figures as df
from lossland.decomposition.constructions import minima_by_width


X, Y = data.three_points()
X1, Y1 = data.two_points_1d()
CELLS = unit_cells(X)
REGIONS = activation_regions(X, 1)
MINIMA = minima_by_width(X, Y, [1])
PATTERN = REGIONS.patterns[0]
AXES_BAD = [("text", "axes"), ("None", None)]


SPECS = []

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

EXEMPT = {
    "lossland.decomposition.figures.table1_figure":
        "draws Table 1 from a precomputed random_regions.table1 result (minutes of training); no other argument",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)
