"""The failure explorer redraws one figure: every update must look like a fresh figure of the same values."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from lossland.book.widgets import png  # noqa: E402
from lossland.expneuron.figures import failure_frame  # noqa: E402


@pytest.mark.slow
def test_updates_in_place_equal_fresh_frames_and_do_not_compound():
    """The legend band once fixed the y-limits, so each update widened them until they overflowed."""
    fig = None
    for theta0 in (0.05, 0.3, 0.55, 0.8, 0.95, 0.05):
        fig = failure_frame(1.0, theta0, 2e-3, steps=300, fig=fig)
        fresh = failure_frame(1.0, theta0, 2e-3, steps=300)
        assert png(fig, close=False) == png(fresh)
    plt.close(fig)
