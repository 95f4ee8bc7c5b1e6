"""Bad input to the book's plot helpers (``lossland.book.plots``) is rejected clearly (how: ``tests/badinput.py``)."""
from __future__ import annotations

import matplotlib.pyplot as plt
from badinput import AX_BAD, FIG_BAD, Spec, ax, table_tests

from lossland.book import plots


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


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS)
