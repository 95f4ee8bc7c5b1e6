"""Public functions reject bad input with an error that names the argument."""
import numpy as np
import pytest

from lossland.core import nets
from lossland.core.data import three_points
from lossland.core.descent import gradient_descent
from lossland.core.all_regions import subglobal_minima
from lossland.core.genuine import genuineness
from lossland.core.inregion import descend_in_region, saddle_in_region
from lossland.core.probes import is_local_minimum, loss_along_directions, random_directions
from lossland.core.regions import activation_regions, unit_cells
from lossland.core.validation import as_matrix, as_vector, check_positive, check_width
from lossland.decomposition.constructions import linear_region_parameters, minima_by_width

X, Y = three_points()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: subglobal_minima(X, Y[:2], 2), "y"),
        (lambda: subglobal_minima(X, [1.0, np.nan, 2.0], 2), "y"),
        (lambda: subglobal_minima(X, Y, 0), "width"),
        (lambda: minima_by_width(X, Y, [1, -1]), "width"),
        (lambda: linear_region_parameters(X, Y, width=0), "width"),
        (lambda: unit_cells(np.zeros((0, 2))), "X"),
        (lambda: genuineness([[np.inf, 1.0]], [1.0], [[1]]), "X"),
        (lambda: random_directions(0, 5), "dimension"),
        (lambda: is_local_minimum(lambda t: t.sum(axis=-1), [np.nan]), "theta"),
        (lambda: loss_along_directions(lambda t: t.sum(axis=-1), [0.0, 0.0], np.ones((3, 3)), [0.1]), "directions"),
        (lambda: gradient_descent(lambda t: t, [[0.0]], learning_rate=-1, steps=1), "learning_rate"),
        (lambda: gradient_descent(lambda t: t, [[0.0]], learning_rate=0.1, steps=0), "steps"),
        (lambda: saddle_in_region(X, Y, activation_regions(X, 2), 0, idle=(5,)), "idle"),
    ],
)
def test_value_errors_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: subglobal_minima(X, Y, 2.0), "width"),
        (lambda: activation_regions("points", 1), "X"),
        (lambda: check_positive("1", "rate"), "rate"),
        (lambda: check_width(True), "width"),
        (lambda: descend_in_region(X, Y, activation_regions(X, 1), 0, count=1.5), "count"),
    ],
)
def test_type_errors_name_the_argument(call, match):
    with pytest.raises(TypeError, match=match):
        call()


def test_shapes_are_normalised_where_unambiguous():
    assert as_vector([[1.0], [2.0]], "y").shape == (2,)
    assert as_matrix([1.0, 2.0], "x", columns=1).shape == (2, 1)
    with pytest.raises(ValueError, match="columns"):
        as_matrix([[1.0, 2.0]], "x", columns=3)
    with pytest.raises(ValueError, match="2-D"):
        as_matrix(np.zeros((2, 2, 2)), "x")


def test_architecture_rejects_bad_parameter_vectors():
    arch = nets.Architecture(2, 2)
    with pytest.raises(ValueError, match="theta"):
        arch.unpack(np.zeros(3))
    with pytest.raises(ValueError, match="W and v"):
        arch.pack(np.zeros((2, 3)), np.zeros(2))
