"""The recursive enumeration of one unit's cells against the linear-programming reference (issue 27).

``regions._enumerate_cells`` adds one hyperplane at a time and finds the cells it splits from
the arrangement the earlier hyperplanes cut inside it, one dimension down; the reference,
``regions._enumerate_cells_by_programs``, asks a linear program of every cell. Both must give
the same cells (patterns, in the same order) on random data in general position, on
degenerate data (repeated, parallel and collinear points, integer lattices, zero rows), and
at any scale; the recursion must never need the reference's fallback on these instances, and
every witness must lie strictly inside its cell.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossland.core import regions
from lossland.core.regions import general_position_cell_count, homogeneous, unit_cells


def reference_patterns(X, bias: bool) -> np.ndarray:
    """One unit's cell patterns by the reference, on the same scaled inputs as unit_cells uses."""
    A = homogeneous(X, bias)
    return regions._enumerate_cells_by_programs(regions._unit_scale(A / regions._column_scale(A, bias)))[0]


def recursive_cells(X, bias: bool, monkeypatch):
    """unit_cells(X, bias), failing if the recursion fell back to the reference."""
    def no_fallback(A):
        raise AssertionError("the recursion fell back to the linear programs")

    with monkeypatch.context() as patch:
        patch.setattr(regions, "_enumerate_cells_by_programs", no_fallback)
        return unit_cells(X, bias)


def check_same_cells(X, bias: bool, monkeypatch) -> None:
    cells = recursive_cells(X, bias, monkeypatch)
    np.testing.assert_array_equal(cells.patterns, reference_patterns(X, bias))
    levels = cells.witnesses @ cells.inputs.T
    cutting = np.any(cells.inputs != 0, axis=1)
    assert np.all(levels[:, cutting] != 0), "a witness lies on a hyperplane"
    np.testing.assert_array_equal(levels > 0, cells.patterns)


def degenerate_data(seed: int, n_points: int, n_inputs: int) -> np.ndarray:
    """Points with repeats, positive and negative multiples, sums of others and a zero row."""
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((n_points, n_inputs))
    pick = lambda: base[rng.integers(n_points)]
    extra = [pick(), 3.0 * pick(), -0.5 * pick(), pick() + pick(), pick() - 2.0 * pick(), np.zeros(n_inputs)]
    return rng.permutation(np.vstack([base, *extra]))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_points=st.integers(1, 14), n_inputs=st.integers(1, 4), bias=st.booleans())
@pytest.mark.slow
def test_same_cells_as_the_reference_on_random_data(seed, n_points, n_inputs, bias):
    X = np.random.default_rng(seed).standard_normal((n_points, n_inputs))
    with pytest.MonkeyPatch.context() as monkeypatch:
        check_same_cells(X, bias, monkeypatch)
    if n_points >= n_inputs + bias:
        assert len(unit_cells(X, bias)) == general_position_cell_count(n_points, n_inputs + bias)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_points=st.integers(1, 6), n_inputs=st.integers(2, 4), bias=st.booleans())
@pytest.mark.slow
def test_same_cells_as_the_reference_on_degenerate_data(seed, n_points, n_inputs, bias):
    with pytest.MonkeyPatch.context() as monkeypatch:
        check_same_cells(degenerate_data(seed, n_points, n_inputs), bias, monkeypatch)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.slow
def test_same_cells_on_small_integer_lattices(seed, bias, monkeypatch):
    """Many points share lines and planes: three or more hyperplanes through one line of the space."""
    X = np.random.default_rng(seed).integers(-2, 3, (16, 3)).astype(float)
    if not np.any(X) and not bias:
        pytest.skip("all zero")
    check_same_cells(X, bias, monkeypatch)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), exponent=st.floats(-150.0, 95.0), bias=st.booleans())
@pytest.mark.slow
def test_same_cells_at_any_scale(seed, exponent, bias):
    X = degenerate_data(seed, 5, 3)
    with pytest.MonkeyPatch.context() as monkeypatch:
        plain = recursive_cells(X, bias, monkeypatch)
        scaled = recursive_cells(10.0**exponent * X, bias, monkeypatch)
    np.testing.assert_array_equal(scaled.patterns, plain.patterns)
    np.testing.assert_array_equal(scaled.inputs @ scaled.witnesses.T > 0, scaled.patterns.T)


@pytest.mark.slow
def test_the_benchmark_instance_and_its_cell_count(monkeypatch):
    """N = 56 points in the plane (the instance of scripts/core/bench_regions_scaling.py): 112 sectors."""
    X = np.random.default_rng(0).standard_normal((56, 2))
    check_same_cells(X, False, monkeypatch)
    assert len(unit_cells(X)) == 112


def test_the_reference_is_used_when_a_witness_fails(monkeypatch):
    """If rounding ever broke a witness, the linear programs decide: forced here by a wrong witness."""
    X = np.random.default_rng(5).standard_normal((6, 3))
    honest = regions._arrangement_cells

    def broken(A):
        signs, points = honest(A)
        return (signs, -points) if signs is not None else (None, points)  # every witness on the wrong side

    monkeypatch.setattr(regions, "_arrangement_cells", broken)
    cells = unit_cells(X)
    np.testing.assert_array_equal(cells.patterns, reference_patterns(X, False))
    np.testing.assert_array_equal(cells.inputs @ cells.witnesses.T > 0, cells.patterns.T)
