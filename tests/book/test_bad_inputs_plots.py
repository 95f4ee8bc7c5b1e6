"""Bad input to the book's plot helpers (``lossland.book.plots``) is rejected clearly.

One :class:`Spec` row per public function; valid calls use tiny inputs and short explorers
(one or two frames), and figures are closed after every test.  Functions drawing only a
precomputed heavy result are exempt.  Read by ``tests/test_bad_inputs_coverage.py`` and ``tests/test_fuzz.py``.
"""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from badinput import Spec, assert_rejects, assert_valid_calls_succeed, cases

from lossland.book import plots


@pytest.fixture(autouse=True)
def _close_figures():
    with mpl.rc_context():
        yield
        plt.close("all")


# ---------------------------------------------------------------- inputs and bad values
AX_BAD = [("text", "ax"), ("None", None)]
FIG_BAD = [("text", "fig"), ("number", 3)]


def ax():
    return plt.figure(figsize=(2, 2)).add_subplot()


SPECS = []

# ---------------------------------------------------------------- book.plots
SPECS += [
    Spec(plots.check_figure, lambda: dict(fig=None, name="fig"), {}, {"fig": FIG_BAD + [("axes", ax())]}),
    Spec(plots.check_axes, lambda: dict(ax=ax(), name="ax"), {}, {"ax": AX_BAD + [("figure", plt.figure())]}),
    Spec(plots.check_axes_list, lambda: dict(axes=[ax(), ax()], name="axes"), {},
         {"axes": AX_BAD + [("empty", []), ("not all axes", [ax(), "ax"])]}),
]

EXEMPT = {
    "lossland.book.plots.forget_summary": "takes any value: anything but a Figure is left alone (an explorer's redraw)",
}


@pytest.mark.parametrize(("spec", "argument", "value"), cases(SPECS))
def test_bad_input_is_rejected_clearly(spec, argument, value):
    assert_rejects(spec, argument, value)


def test_valid_calls_succeed():
    for spec in SPECS:  # one at a time, closing its figures: dozens stay open otherwise
        assert_valid_calls_succeed([spec])
        plt.close("all")
