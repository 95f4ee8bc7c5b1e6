"""Input checks shared by every public function.

Each check raises a ``ValueError`` or ``TypeError`` whose message names the
argument and says how to fix it, so that a student who passes a list of the
wrong shape learns what was expected instead of reading a numpy traceback.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["as_matrix", "as_vector", "check_width", "check_positive", "check_dataset"]


def _as_float_array(value, name: str) -> np.ndarray:
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}.")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers: {error}.") from None
    if array.size == 0:
        raise ValueError(f"{name} is empty: pass at least one data point.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite entries: remove or impute them first.")
    return array


def as_matrix(value, name: str, *, columns: int | None = None) -> np.ndarray:
    """Return ``value`` as a finite 2-D float array (one row per data point)."""
    array = _as_float_array(value, name)
    if array.ndim == 1 and columns == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with one row per data point, got shape {array.shape}; "
            f"reshape it, e.g. {name}.reshape(len({name}), -1)."
        )
    if columns is not None and array.shape[1] != columns:
        raise ValueError(f"{name} must have {columns} columns, got shape {array.shape}.")
    return array


def as_vector(value, name: str, *, length: int | None = None) -> np.ndarray:
    """Return ``value`` as a finite 1-D float array, optionally of a given length."""
    array = _as_float_array(value, name)
    if array.ndim == 2 and 1 in array.shape:
        array = array.ravel()
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}; flatten it with .ravel().")
    if length is not None and array.shape[0] != length:
        raise ValueError(f"{name} must have length {length} (one entry per data point), got {array.shape[0]}.")
    return array


def check_dataset(X, y) -> tuple[np.ndarray, np.ndarray]:
    """Validate a regression dataset: ``X`` of shape (N, n) and ``y`` of shape (N,)."""
    X = as_matrix(X, "X")
    y = as_vector(y, "y", length=X.shape[0])
    return X, y


def check_width(value, name: str = "width") -> int:
    """Return a hidden-layer width as an ``int``, rejecting anything below 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer number of hidden units, got {value!r}.")
    if value < 1:
        raise ValueError(f"{name} must be at least 1 hidden unit, got {value}.")
    return int(value)


def check_positive(value, name: str, *, integer: bool = False) -> float:
    """Return a strictly positive number (an ``int`` if ``integer``)."""
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        expected = "an integer" if integer else "a number"
        raise TypeError(f"{name} must be {expected}, got {value!r}.")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be positive and finite, got {value}.")
    return int(value) if integer else float(value)
