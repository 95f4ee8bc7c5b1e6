"""A regression dataset validated once and carried down, with the inputs its hidden units act on.

Public functions take raw ``X, y`` (what a reader passes) and call :func:`dataset` once; the
private functions below them take the :class:`Dataset` and trust it, so an array is checked
at the door and its homogeneous form :math:`\\tilde X` is built once, not at every layer.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lossland.core.regions import homogeneous
from lossland.core.validation import check_dataset, check_flag

__all__ = ["Dataset", "dataset"]


@dataclass(frozen=True)
class Dataset:
    """Inputs ``X`` (N, n), targets ``y`` (N,), whether units have a bias, and ``Xh``.

    ``Xh`` is what unit ``j`` sees: :math:`\\tilde x_i = (x_i, 1)` with a bias, :math:`x_i` without
    (Sec. 2 of the decomposition paper; the homogeneous inputs of Liu's Sec. 2).
    Build it with :func:`dataset`, which validates; the constructor does not.
    """

    X: np.ndarray
    y: np.ndarray
    bias: bool
    Xh: np.ndarray

    @property
    def n_points(self) -> int:
        return len(self.X)

    @property
    def scale(self) -> float:
        """The targets' scale :math:`\\max(1, \\max_i |y_i|)`: margins are compared in these units."""
        return max(1.0, float(np.max(np.abs(self.y))))


def dataset(X: ArrayLike, y: ArrayLike, bias: bool = False) -> Dataset:
    """Validate ``X`` (N, n), ``y`` (N,) and ``bias`` once and build the homogeneous inputs."""
    X, y = check_dataset(X, y)
    bias = check_flag(bias, "bias")
    Xh = homogeneous(X, bias)
    return Dataset(X, y, bias, Xh)
