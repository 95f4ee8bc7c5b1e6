"""The fast genuineness test against the plain one (lossland.core.genuine_reference).

``genuineness`` and ``subglobal_minima`` screen regions with array algebra, skip sign choices
they prove hopeless and solve margin programs in batches; the reference solves one linear
program per sign choice and nothing else.  Verdicts must agree on every region, on random
data and on degenerate data: repeated points, the zero input, collinear points, targets that
are all zero or fitted exactly, units that share a pattern.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lossland.core import nets
from lossland.core.all_regions import subglobal_minima
from lossland.core.genuine import genuineness
from lossland.core.genuine_reference import reference_margin, reference_status
from lossland.core.regions import activation_regions

SMALL_INTEGERS = st.integers(-2, 2)  # few values: repeated points, zeros and collinear points are common


@st.composite
def instances(draw):
    """A small dataset (random or degenerate), a width, a bias flag and one of its regions."""
    n_points, n_inputs = draw(st.integers(1, 5)), draw(st.integers(1, 2))
    if draw(st.booleans()):  # degenerate: small whole numbers
        X = np.array(draw(st.lists(SMALL_INTEGERS, min_size=n_points * n_inputs, max_size=n_points * n_inputs)), float)
        y = np.array(draw(st.lists(SMALL_INTEGERS, min_size=n_points, max_size=n_points)), float)
    else:
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        X, y = rng.standard_normal(n_points * n_inputs), rng.standard_normal(n_points)
    X = X.reshape(n_points, n_inputs)
    width, bias = draw(st.integers(1, 3)), draw(st.booleans())
    assume(bias or X.any())  # without a bias, all-zero inputs leave no unit a way to be active
    patterns = activation_regions(X, width, bias).patterns
    return X, y, bias, patterns[draw(st.integers(0, len(patterns) - 1))]


def agree(X, y, pattern, bias):
    """The fast verdict has the reference's status, its margin where it is on the boundary, and a true theta."""
    verdict = genuineness(X, y, pattern, bias)
    expected = reference_status(X, y, pattern, bias)
    assert verdict.status == expected
    if expected == "boundary":  # elsewhere the fast test may stop at the first good choice or skip hopeless ones
        assert verdict.margin == pytest.approx(reference_margin(X, y, pattern, bias), abs=1e-7 * max(1.0, np.abs(y).max()))
    if expected == "genuine":  # the parameters it returns lie in the region and attain the minimum
        arch = nets.Architecture(X.shape[1], pattern.shape[1], bias)
        np.testing.assert_array_equal(nets.pattern_of(arch, verdict.theta, X), pattern.astype(bool))
        assert nets.loss(arch, verdict.theta, X, y) == pytest.approx(verdict.loss, rel=1e-9, abs=1e-12)


@settings(max_examples=60)
@given(instance=instances())
@pytest.mark.slow
def test_genuineness_agrees_with_the_reference(instance):
    X, y, bias, pattern = instance
    agree(X, y, pattern, bias)


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.slow
def test_every_region_of_a_degenerate_instance_agrees(bias):
    """Repeated points, the zero input and a point on the line through two others; batched and one at a time."""
    X = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 1.0], [2.0, 2.0], [1.0, -1.0]])
    y = np.array([0.0, 1.0, 1.0, -1.0, 2.0])
    minima = subglobal_minima(X, y, 2, bias)
    for pattern, status in zip(minima.regions.patterns, minima.status):
        assert status == reference_status(X, y, pattern, bias)


def test_shared_and_idle_units_do_not_constrain():
    """Two units with one pattern and a unit active nowhere: only the single unit's sign is searched."""
    X, y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([1.0, -1.0, 2.0])
    pattern = np.array([[1, 1, 0, 1], [1, 1, 0, 0], [1, 1, 0, 1]])
    agree(X, y, pattern, False)


def test_the_reference_reads_a_known_verdict():
    """Liu's Sec. 4.3 example: x = e1, e2 with y = (1, -1); the all-active cell's minimiser (1, -1) is outside it."""
    X, y = np.eye(2), np.array([1.0, -1.0])
    assert reference_status(X, y, np.array([[1], [1]])) == "absent"
    assert reference_status(X, y, np.array([[1], [0]])) == "genuine"
