"""The second-order test of a critical point on instances whose Hessians we know by hand."""
from __future__ import annotations

import numpy as np
import pytest

from lossland.core import nets
from lossland.core.critical import RTOL, second_order_test
from lossland.core.data import three_points
from lossland.core.inregion import saddle_in_region
from lossland.core.regions import activation_regions


@pytest.mark.parametrize("hessian, kind, inertia", [
    ([[2.0, 0.0], [0.0, 2.0]], "minimum", (0, 0, 2)),      # x^2 + y^2 at the origin
    ([[0.0, -2.0], [-2.0, 0.0]], "saddle", (1, 0, 1)),     # (xy - 1)^2 at the origin: eigenvalues -2, 2
    ([[2.0, 0.0], [0.0, 0.0]], "degenerate", (0, 1, 1)),   # x^2 + y^4 at the origin: the test says nothing
    ([[-2.0, 1.0], [1.0, -2.0]], "maximum", (2, 0, 0)),    # eigenvalues -3, -1
    ([[0.0, 0.0], [0.0, 0.0]], "degenerate", (0, 2, 0)),   # a constant
])
def test_known_instances(hessian, kind, inertia):
    test = second_order_test(hessian)
    assert test.kind == kind
    assert (test.negative, test.zero, test.positive) == inertia


def test_round_off_counts_as_zero_and_curvature_does_not():
    """A zero eigenvalue perturbed by round-off of the largest is zero; one at 1e-6 of it is not."""
    scale = 1e3
    assert second_order_test(np.diag([scale, 4e-16 * scale])).kind == "degenerate"
    assert second_order_test(np.diag([scale, -1e-6 * scale])).kind == "saddle"
    assert second_order_test(np.diag([scale, -0.5 * RTOL * scale])).zero == 1


@pytest.mark.parametrize("factor", [1e-6, 1e-3, 1.0, 1e3, 1e6])
def test_verdict_does_not_depend_on_the_loss_scale(factor):
    """Scaling a loss by c > 0 scales its Hessian: eigenvalue signs, and the verdict, stay."""
    H = np.array([[1.0, 2.0, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, 0.0]])  # eigenvalues -1, 0, 3
    test = second_order_test(factor * H)
    assert (test.kind, test.negative, test.zero, test.positive) == ("saddle", 1, 1, 1)
    np.testing.assert_allclose(test.eigenvalues, factor * np.array([-1.0, 0.0, 3.0]), atol=1e-12 * factor)


@pytest.mark.parametrize("s", [1e-3, 0.5, 10.0, 1e3])
def test_rescaling_the_targets_keeps_a_network_saddle(s):
    """Targets s y and output weights s v, s c give s^2 times the loss at a critical point.

    In (W, v', b, c') with v' = s v the Hessian is a congruence D H D of the old one (D diagonal,
    positive), so Sylvester's law of inertia keeps every sign: a saddle stays a saddle.
    """
    X, y = three_points()
    regions = activation_regions(X, 2, bias=True)
    arch = nets.Architecture(2, 2, bias=True)
    theta = next(t for r in range(len(regions)) if (t := saddle_in_region(X, y, regions, r)) is not None
                 and second_order_test(nets.hessian(arch, t, X, y)).kind == "saddle")
    W, v, b, c = arch.unpack(theta)
    scaled = arch.pack(W, s * v, b, s * c)
    assert np.linalg.norm(nets.gradient(arch, scaled, X, s * y)) < 1e-9 * max(s, 1.0) ** 2
    before = second_order_test(nets.hessian(arch, theta, X, y))
    after = second_order_test(nets.hessian(arch, scaled, X, s * y))
    assert (after.kind, after.negative, after.zero, after.positive) == (before.kind, before.negative, before.zero, before.positive)


def test_refuses_a_matrix_that_is_no_hessian():
    with pytest.raises(ValueError, match="square"):
        second_order_test(np.ones((2, 3)))
    with pytest.raises(ValueError, match="symmetric"):
        second_order_test([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="rtol"):
        second_order_test(np.eye(2), rtol=1.0)
