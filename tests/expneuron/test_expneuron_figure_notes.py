"""Figs. 3.1/3.3 say on the figure what the picture cannot show (issue 21, section 4)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lossland.expneuron import failure as ef  # noqa: E402
from lossland.expneuron import figures as fx  # noqa: E402


@pytest.mark.parametrize("make, instance", [(fx.fig1, ef.example1()), (fx.fig4, ef.example1_squared())])
def test_the_floor_of_panel_b_and_the_shared_stuck_line_are_named(make, instance):
    fig = make(steps=400)
    ax_b, ax_c, ax_d, colour_bar = fig.axes[1], fig.axes[2], fig.axes[3], fig.axes[4]
    texts = lambda ax: " ".join(t.get_text() for t in ax.texts)
    assert "-12" in texts(ax_b) and "-12" in colour_bar.get_ylabel()
    # the number written on (c) and (d) is the number of paths that end stuck (L(theta) above 1)
    stuck = int(np.sum(ef.descend(fx.STARTS, instance, lam=1.0, lr=2e-3, steps=400).loss[-1] > 1.0))
    assert stuck > 1
    assert f"{stuck} stuck paths" in texts(ax_c) and f"{stuck} stuck paths" in texts(ax_d)
    plt.close(fig)
