"""Bad input to Chapter 4's figure modules is rejected clearly (how: ``tests/badinput.py``)."""
from __future__ import annotations

import numpy as np
from badinput import AX_BAD, FIG_BAD, FLAG_BAD, TEXT_BAD, Spec, ax, table_tests, wrong_length

from lossland.petzka import figures as pf
from lossland.petzka import nonattracting_figures as nf


V5 = np.linspace(0.1, 1.0, 5)
M35 = np.outer(np.ones(3), V5)


SPECS = []

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


EXEMPT = {
    "lossland.petzka.figures.fig3":
        "draws the chapter's Fig. 3 from a precomputed experiment.figure3 result (minutes of computing); no other argument",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)
