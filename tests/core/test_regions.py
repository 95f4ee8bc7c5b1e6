"""Activation regions are the cells of the hyperplane arrangement (Def. 2.1)."""
import numpy as np
import pytest

from lossland.core.data import three_points
from lossland.core.regions import (
    activation_pattern, activation_regions, general_position_cell_count, interior_points, unit_cells,
)


def sampled_patterns(X, bias, count=200_000, seed=0):
    """Patterns hit by random weights: an independent, brute-force view of the cells."""
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((count, X.shape[1]))
    b = rng.standard_normal(count) if bias else None
    return {tuple(row) for row in activation_pattern(X, W, b).T.astype(int)}


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("n_points,dimension", [(3, 2), (5, 2), (6, 3), (8, 3)])
def test_cell_count_matches_cover_formula_in_general_position(n_points, dimension, bias):
    X = np.random.default_rng(n_points * 10 + dimension).standard_normal((n_points, dimension))
    cells = unit_cells(X, bias)
    assert len(cells) == general_position_cell_count(n_points, dimension + bias)


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.slow
def test_enumerated_patterns_are_exactly_the_sampled_ones(bias):
    X = np.random.default_rng(3).standard_normal((5, 2))
    cells = unit_cells(X, bias)
    enumerated = {tuple(p) for p in cells.patterns.astype(int)}
    assert enumerated == sampled_patterns(X, bias)


def test_witnesses_lie_strictly_inside_their_cells():
    X = np.random.default_rng(4).standard_normal((7, 3))
    cells = unit_cells(X, bias=True)
    pre = cells.witnesses @ cells.inputs.T
    assert np.all(np.abs(pre) > 1e-9)
    assert np.array_equal(pre > 0, cells.patterns)


def test_three_point_dataset_has_six_regions():
    X, _ = three_points()
    assert len(unit_cells(X)) == 6


@pytest.mark.slow
def test_degenerate_data_collinear_and_repeated_points():
    # x3 = 2 x1 and a repeated point: fewer hyperplanes than points; sampling decides the truth.
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [2.0, 4.0], [-1.0, 0.5]])
    cells = unit_cells(X)
    assert {tuple(p) for p in cells.patterns.astype(int)} == sampled_patterns(X, bias=False)
    assert len(cells) == 4


def test_zero_input_never_activates_a_unit_without_bias():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    cells = unit_cells(X)
    assert not cells.patterns[:, 0].any()
    assert len(cells) == 4
    with pytest.raises(ValueError, match="bias"):
        unit_cells(np.zeros((2, 2)))


def test_network_regions_are_products_of_unit_cells():
    X, _ = three_points()
    regions = activation_regions(X, 3)
    assert len(regions) == 6**3
    patterns = regions.patterns
    assert patterns.shape == (216, 3, 3)
    assert len({p.tobytes() for p in patterns}) == 216
    W, b = regions.witness(100)
    assert b is None
    assert np.array_equal(activation_pattern(X, W), patterns[100])


def test_interior_points_detects_empty_cones_and_respects_planes():
    empty = np.array([[[1.0, 0.0], [-1.0, 0.0]]])
    full = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    nonempty, points = interior_points(np.concatenate([empty, full]))
    assert nonempty.tolist() == [False, True]
    assert np.all(full[0] @ points[1] >= 1 - 1e-9)
    nonempty, points = interior_points(full, planes=np.array([[1.0, -1.0]]))
    assert nonempty[0] and abs(points[0, 0] - points[0, 1]) < 1e-9


@pytest.mark.parametrize(
    "kwargs, error",
    [
        (dict(X=[[1.0, np.nan]], width=1), ValueError),
        (dict(X=[], width=1), ValueError),
        (dict(X=[1.0, 2.0], width=1), ValueError),
        (dict(X=[[1.0, 2.0]], width=0), ValueError),
        (dict(X=[[1.0, 2.0]], width=1.5), TypeError),
        (dict(X="abc", width=1), TypeError),
    ],
)
def test_bad_input_is_rejected_with_a_named_argument(kwargs, error):
    with pytest.raises(error, match="X|width"):
        activation_regions(**kwargs)
