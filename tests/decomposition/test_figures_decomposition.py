"""Properties of Chapter 1's figures that a reader relies on."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lossland.core.data import three_points, two_points_1d  # noqa: E402
from lossland.decomposition import figures  # noqa: E402
from lossland.decomposition.constructions import fig2_loss, minima_by_width  # noqa: E402


@pytest.mark.slow
def test_fig3_prints_every_count_on_a_linear_scale():
    X, y = three_points()
    minima = minima_by_width(X, y, (1, 2))
    fig = figures.fig3(minima)
    for ax, result in zip(fig.axes, minima.values()):
        assert ax.get_yscale() == "linear"
        printed = sorted(int(text.get_text()) for text in ax.texts)
        _, counts = np.unique(np.round(result.loss[result.genuine], 9), return_counts=True)
        assert printed == sorted(counts.tolist())
        assert ax.get_ylim()[1] > counts.max()  # the tallest count stays inside the panel
    plt.close(fig)


def test_fig2_marks_the_curve_of_differentiable_minima_at_loss_4_5():
    X, y = two_points_1d()
    fig = figures.fig2(X, y)
    left = fig.axes[0]
    curves = [line for line in left.get_lines() if "differentiable" in line.get_label()]
    assert len(curves) == 1
    w1, w2 = curves[0].get_data()
    assert np.all(w1 > 0) and np.allclose(w1 * w2, -0.5)
    # the loss on the marked curve is 4.5 everywhere, and it is the least loss of the half-plane w1 > 0
    assert np.allclose(fig2_loss(w1, w2, X, y), 4.5)
    grid = fig2_loss(*np.meshgrid(np.linspace(0.01, 3, 200), np.linspace(-3, 3, 200)), X, y)
    assert grid.min() >= 4.5 - 1e-12
    plt.close(fig)


def test_region_explorer_leaves_the_left_panel_as_drawn_unless_the_points_move():
    """A move of the target or the width changes only the histogram: the left panel's artists stay
    (and the live view copies their pixels, see widgets.keep_moving); a moved point redraws them."""
    X, y = three_points()
    fig = figures.explorer_frame(X, y, 2, (0.5, 1.0), 1.0, 2)
    left = fig.axes[0]
    drawn = list(left.get_children())
    for target, width in [(-2.0, 2), (-2.0, 3), (0.5, 1)]:
        fig = figures.explorer_frame(X, y, 2, (0.5, 1.0), target, width, fig)
        assert left.get_children() == drawn and left._lossland_kept
    fig = figures.explorer_frame(X, y, 2, (0.55, 1.0), 0.5, 1, fig)
    assert left.get_children() != drawn and not getattr(left, "_lossland_kept", False)
    plt.close(fig)
