"""Input checks shared by every public function.

Each check raises a ``ValueError`` or ``TypeError`` whose message names the
argument and says how to fix it, so that a student who passes a list of the
wrong shape learns what was expected instead of reading a numpy traceback.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["as_matrix", "as_vector", "check_width", "check_positive", "check_dataset",
           "check_real", "check_natural", "check_index", "check_choice", "check_seed", "check_flag",
           "check_widths", "check_entries", "MAX_ENTRIES",
           "as_array", "check_nonnegative", "check_callable",
           "check_pattern", "check_seeds", "check_text"]


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


def check_real(value, name: str) -> float:
    """Return a finite real number as a ``float`` (not a bool, not a string)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}.")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}.")
    return float(value)


def check_natural(value, name: str) -> int:
    """Return an integer >= 0 as an ``int``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number >= 0, got {value!r}.")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}.")
    return int(value)


def check_index(value, name: str, size: int) -> int:
    """Return a 0-based index into ``size`` items; negative indices are refused, not wrapped around."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer index, got {value!r}.")
    if not 0 <= value < size:
        raise ValueError(f"{name} must lie in 0..{size - 1}, got {value}.")
    return int(value)


def check_choice(value, name: str, choices):
    """Return ``value`` if it is one of ``choices``; otherwise list the valid ones."""
    if isinstance(value, (list, dict, set, np.ndarray)) or value not in tuple(choices):
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}.")
    return value


def check_seed(value, name: str = "seed") -> int:
    """Return a random seed: a whole number >= 0 (what ``numpy.random.default_rng`` accepts)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number >= 0, got {value!r}.")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}.")
    return int(value)


def check_flag(value, name: str) -> bool:
    """Return ``True`` or ``False``; a string such as ``"no"`` would otherwise count as true."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}.")
    return bool(value)


def check_widths(values, name: str = "widths") -> tuple[int, ...]:
    """Return a non-empty sequence of hidden-layer widths as a tuple of ``int``."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a list of widths such as [2, 3], got {values!r}.")
    if len(values) == 0:
        raise ValueError(f"{name} is empty: give at least one width.")
    return tuple(check_width(h, name) for h in values)


#: The most numbers a function allocates (about 2 GB of float64) before it refuses up front.
MAX_ENTRIES = 2**28


def check_entries(count, name: str) -> None:
    """Refuse, before allocating, a request for more than :data:`MAX_ENTRIES` numbers."""
    if count > MAX_ENTRIES:
        raise ValueError(f"{name} is too large: it asks for about {float(count):.3g} numbers "
                         f"(~{8 * float(count) / 1e9:.3g} GB); at most {MAX_ENTRIES:.3g} are allowed, reduce {name}.")


def as_array(value, name: str) -> np.ndarray:
    """Return ``value`` as a finite float array of any shape (a single number is fine)."""
    return _as_float_array(value, name)


def check_nonnegative(value, name: str) -> float:
    """Return a finite real number >= 0 as a ``float``."""
    value = check_real(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}.")
    return value


def check_callable(value, name: str, example: str = "a function"):
    """Return ``value`` if it can be called; ``example`` says what was expected."""
    if not callable(value):
        raise TypeError(f"{name} must be {example}, got {value!r}.")
    return value


def check_pattern(value, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Return activation values of the given ``shape`` (0 or 1, e.g. bool) as a bool array."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of activation values 0 or 1, got {type(value).__name__}.")
    array = np.asarray(value)
    if array.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {array.shape}.")
    if array.dtype == object or not np.isin(array, (0, 1)).all():
        raise ValueError(f"{name} must hold activation values 0 or 1 only.")
    return array.astype(bool)


def check_seeds(value, name: str = "seed") -> int | tuple[int, ...]:
    """Return a random seed: a whole number >= 0 or a non-empty sequence of them (for ``default_rng``)."""
    if isinstance(value, (list, tuple, np.ndarray)) and len(value) > 0:
        return tuple(check_seed(entry, f"each entry of {name}") for entry in value)
    return check_seed(value, name)


def check_text(value, name: str, *, empty: bool = True) -> str:
    """Return ``value`` if it is a string (non-empty unless ``empty``)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {value!r}.")
    if not empty and not value:
        raise ValueError(f"{name} must not be empty.")
    return value
