"""The small datasets that the papers define in their text.

Each function returns fresh arrays, so a caller may modify them freely.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from lossland.core.validation import check_entries, check_positive

__all__ = ["three_points", "two_points_1d", "bumpy_1d"]


def three_points() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The three-point dataset of Figs. 1 and 3 of the decomposition paper.

    Inputs :math:`x_1 = (-1, 1)`, :math:`x_2 = (2, 1)`, :math:`x_3 = (1, 3)` and
    targets :math:`y = (1, 2, 3)` (the targets are only given in Fig. 3).
    """
    X = np.array([[-1.0, 1.0], [2.0, 1.0], [1.0, 3.0]])
    y = np.array([1.0, 2.0, 3.0])
    return X, y


def two_points_1d() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The dataset of Fig. 2 of the decomposition paper: x = (-2, 2), y = (-3, -1)."""
    return np.array([[-2.0], [2.0]]), np.array([-3.0, -1.0])


def bumpy_1d(n_points: int = 9) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """A one-dimensional nonlinear dataset, y = |x| on an even grid in [-2, 2].

    Not from the paper: a plainly nonlinear target on which the linear region's
    subglobal minimum (Sec. 3.1) is visibly poor.
    """
    n_points = check_positive(n_points, "n_points", integer=True)
    if n_points < 3:
        raise ValueError(f"n_points must be at least 3 for a nonlinear dataset, got {n_points}.")
    check_entries(4.0 * n_points, "n_points")
    x = np.linspace(-2.0, 2.0, n_points)
    return x[:, None], np.abs(x)
