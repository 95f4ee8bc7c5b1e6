"""Bad input to Chapter 3's figure modules is rejected clearly (how: ``tests/badinput.py``)."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from badinput import AX_BAD, FIG_BAD, FLAG_BAD, TEXT_BAD, TYPE_BAD, Spec, ax, table_tests, wrong_length

from lossland.expneuron import failure as ef
from lossland.expneuron import figures as xf


V5 = np.linspace(0.1, 1.0, 5)
M35 = np.outer(np.ones(3), V5)

ARRAY_BAD = [("None", None), ("text", "values"), ("empty", np.zeros(0)), ("NaN", np.array([np.nan, 1.0])),
             ("inf", np.array([1.0, np.inf]))]


SPECS = []

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

EXEMPT = {
    "lossland.expneuron.figures.fig3_histograms":
        "draws the chapter's Fig. 3 from a precomputed trials.run_trials result (minutes of training); no other argument",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)
