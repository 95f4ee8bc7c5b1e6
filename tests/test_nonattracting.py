"""Tests of lossland.nonattracting (Petzka & Sminchisescu 2021, Def. 1, Thm. 4, Thm. 5)."""
import numpy as np
import pytest

from lossland import nonattracting as na


# ---------------------------------------------------------------- Definition 1 / Fig. 1
def test_toy_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    for kind in na.TOY_KINDS:
        x, y = rng.normal(size=2)
        h = 1e-6
        fd = [(na.toy_loss(x + h, y, kind) - na.toy_loss(x - h, y, kind)) / (2 * h),
              (na.toy_loss(x, y + h, kind) - na.toy_loss(x, y - h, kind)) / (2 * h)]
        np.testing.assert_allclose(na.toy_gradient(x, y, kind), fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("y0", [-0.9, 0.0, 0.5])
def test_escape_path_is_non_increasing_and_ends_below_region(y0):
    path = na.escape_path(y0)
    assert path.non_increasing
    np.testing.assert_allclose(path.loss[: path.corner + 1], 0.0)  # leg 1 stays at c = 0
    assert path.loss[-1] < 0.0
    np.testing.assert_allclose(path.points[0], [0.0, y0])


def test_attracting_counterpart_never_goes_below_region():
    path = na.escape_path(0.5, kind="attracting")
    assert not path.non_increasing  # the same path climbs
    grid = np.linspace(-3, 3, 61)
    assert na.toy_loss(grid[:, None], grid[None, :], "attracting").min() >= 0.0


def test_gradient_descent_stuck_on_nonattracting_region_but_attracted_on_counterpart():
    starts = [[0.2, 0.5], [-0.1, -0.3], [0.1, 1.05]]
    non = na.toy_descent(starts, "nonattracting")
    # inside |y| < 1 gradient descent ends on R near its start, although an escape path exists
    assert np.all(np.abs(non.final[:2, 0]) < 1e-8) and np.all(np.abs(non.final[:2, 1]) < 1)
    assert list(non.escaped) == [False, False, True]  # every neighbourhood of R holds escaping starts
    att = na.toy_descent(starts, "attracting")
    assert not att.escaped.any() and np.all(np.abs(att.final[:, 0]) < 1e-8)
    assert np.all(np.diff(att.loss, axis=0) <= 1e-15)


def test_outcome_map_shapes():
    final_y, escaped = na.outcome_map(np.linspace(-0.3, 0.3, 4), np.linspace(-1.2, 1.2, 5), steps=50)
    assert final_y.shape == escaped.shape == (5, 4)
    assert escaped[0].any() and not escaped[2].any()


def test_toy_rejects_bad_input():
    with pytest.raises(ValueError, match="kind"):
        na.toy_loss(0.0, 0.0, "saddle")
    with pytest.raises(ValueError, match="y0"):
        na.escape_path(1.0)
    with pytest.raises(ValueError, match="y_exit"):
        na.escape_path(0.0, y_exit=0.9)
    with pytest.raises(ValueError, match="x_end"):
        na.escape_path(0.0, x_end=0.0)
    with pytest.raises(ValueError, match="NaN"):
        na.toy_loss(np.nan, 0.0)
    with pytest.raises(TypeError):
        na.toy_loss("a", 0.0)
    with pytest.raises(ValueError, match="shape"):
        na.toy_descent(np.zeros((3, 3)))
    with pytest.raises(ValueError):
        na.toy_descent([[0.1, 0.2]], lr=-1.0)
