"""Input checks shared by every public function.

Each check raises a ``ValueError`` or ``TypeError`` whose message names the
argument and says how to fix it, so that a student who passes a list of the
wrong shape learns what was expected instead of reading a numpy traceback.
"""
from __future__ import annotations

import inspect
import numbers

import numpy as np

__all__ = ["as_matrix", "as_vector", "check_width", "check_positive", "check_dataset",
           "check_real", "check_natural", "check_index", "check_choice", "check_seed", "check_flag",
           "check_widths", "check_entries", "MAX_ENTRIES", "MAX_MAGNITUDE", "MAX_COUNT",
           "as_array", "check_nonnegative", "check_callable",
           "check_pattern", "check_seeds", "check_text", "as_returned", "times_exp", "check_result",
           "MAX_WORK", "LOOP_COST", "check_work"]


#: The largest magnitude of a number or array entry: beyond it squares and products of a few
#: entries overflow float64 (whose largest value is about 1.8e308), so answers would be inf or NaN.
MAX_MAGNITUDE = 1e100

#: The largest count (steps, epochs, sizes, repeats) accepted: larger ones could not finish and
#: overflow the 64-bit integers numpy counts with.  Functions whose work grows faster (regions,
#: samples, allocations) refuse far smaller counts with their own limits.
MAX_COUNT = 2**31 - 1

_KIND_FIXES = {
    "b": "a bool array; pass {name}.astype(float) if 0/1 values are meant",
    "c": "complex entries; pass {name}.real if the imaginary parts are meant to be dropped",
    "U": "text entries; convert them to numbers first, e.g. {name}.astype(float)",
    "S": "bytes entries; convert them to numbers first",
    "O": "entries of mixed or non-numeric types (dtype object); pass plain numbers, e.g. {name}.astype(float)",
    "M": "dates; pass plain numbers",
    "m": "time differences; pass plain numbers",
    "V": "structured records; pass plain numbers",
}


def _numeric_array(value, name: str, *, bools: bool = False) -> np.ndarray:
    """The one conversion every array argument passes through: real numbers only, never parsed.

    ``np.asarray(value, dtype=float)`` would silently drop imaginary parts and parse text or
    bytes as numbers; here the array keeps its own dtype and only integer and float arrays
    (and bool arrays where ``bools``, e.g. activation patterns) become floats.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}.")
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} is ragged: its rows have different lengths; pass a rectangular "
                         f"array of numbers (every row the same length).") from None
    except TypeError as error:
        raise TypeError(f"{name} must be an array of numbers: {error}.") from None
    if array.dtype.kind in "iuf" or (bools and array.dtype.kind == "b"):
        return array.astype(float)
    fix = _KIND_FIXES.get(array.dtype.kind, "entries that are not numbers").format(name=name)
    raise TypeError(f"{name} must hold real numbers, got {fix}.")


def _as_float_array(value, name: str, *, bools: bool = False, infinite: bool = False) -> np.ndarray:
    array = _numeric_array(value, name, bools=bools)
    if array.size == 0:
        raise ValueError(f"{name} is empty: pass at least one data point.")
    if infinite:
        if np.isnan(array).any():
            raise ValueError(f"{name} contains NaN entries: remove or impute them first.")
        return array
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite entries: remove or impute them first.")
    if np.abs(array).max() > MAX_MAGNITUDE:
        raise ValueError(f"{name} has entries as large as {np.abs(array).max():.3g}; at most {MAX_MAGNITUDE:.0e} "
                         f"in magnitude are allowed (larger ones overflow float64 in squares and products): "
                         f"rescale {name}.")
    return array


def as_matrix(value, name: str, *, columns: int | None = None, bools: bool = False) -> np.ndarray:
    """Return ``value`` as a finite 2-D float array (one row per data point); bool only if ``bools``."""
    array = _as_float_array(value, name, bools=bools)
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


def as_vector(value, name: str, *, length: int | None = None, bools: bool = False) -> np.ndarray:
    """Return ``value`` as a finite 1-D float array, optionally of a given length; bool only if ``bools``."""
    array = _as_float_array(value, name, bools=bools)
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


def _check_count(value, name: str, what: str) -> int:
    """An integer of any numpy width (not bool) up to :data:`MAX_COUNT`, as an ``int``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {what}, got {value!r}.")
    value = int(value)
    if value > MAX_COUNT:
        raise ValueError(f"{name} = {_short(value)} is too large: at most {MAX_COUNT} is allowed (a larger count "
                         f"could not finish and overflows numpy's 64-bit integers); reduce {name}.")
    return value


def _short(integer) -> str:
    """An integer of any size in a few characters, e.g. ``1e+30`` or ``~10**400``."""
    try:
        return f"{float(integer):.3g}"
    except OverflowError:
        return f"~10**{len(str(abs(int(integer)))) - 1}"


def _check_number(value, name: str) -> float:
    """A real number (not bool, not complex, not text) of magnitude at most :data:`MAX_MAGNITUDE`."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}.")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{name} = {_short(value)} is too large: at most {MAX_MAGNITUDE:.0e} in magnitude "
                         f"is allowed.") from None
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value}.")
    if abs(number) > MAX_MAGNITUDE:
        raise ValueError(f"{name} = {number:.3g} is too large: at most {MAX_MAGNITUDE:.0e} in magnitude is "
                         f"allowed (larger numbers overflow float64 in squares and products).")
    return number


def check_width(value, name: str = "width") -> int:
    """Return a hidden-layer width as an ``int``, rejecting anything below 1 or above :data:`MAX_COUNT`."""
    value = _check_count(value, name, "an integer number of hidden units")
    if value < 1:
        raise ValueError(f"{name} must be at least 1 hidden unit, got {value}.")
    return value


def check_positive(value, name: str, *, integer: bool = False) -> float:
    """Return a strictly positive number (an ``int`` up to :data:`MAX_COUNT` if ``integer``)."""
    if integer:
        value = _check_count(value, name, "an integer")
    else:
        value = _check_number(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be positive and finite, got {value}.")
    return value


def check_real(value, name: str) -> float:
    """Return a finite real number as a ``float`` (not a bool, not complex, not a string)."""
    return _check_number(value, name)


def check_natural(value, name: str) -> int:
    """Return an integer >= 0 (at most :data:`MAX_COUNT`) as an ``int``."""
    value = _check_count(value, name, "a whole number >= 0")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}.")
    return value


def check_index(value, name: str, size: int) -> int:
    """Return a 0-based index into ``size`` items; negative indices are refused, not wrapped around."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer index, got {value!r}.")
    size = _check_count(size, "size", "a whole number of items")
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
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
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
    if isinstance(count, (bool, np.bool_)) or not isinstance(count, numbers.Real):
        raise TypeError(f"count must be a number of entries, got {count!r}.")
    if count > MAX_ENTRIES:
        raise ValueError(f"{name} is too large: it asks for about {float(count):.3g} numbers "
                         f"(~{8 * float(count) / 1e9:.3g} GB); at most {MAX_ENTRIES:.3g} are allowed, reduce {name}.")


def as_array(value, name: str, *, bools: bool = False, infinite: bool = False) -> np.ndarray:
    """Return ``value`` as a finite float array of any shape (a single number is fine).

    Bool arrays only if ``bools``; with ``infinite``, entries may be infinite (e.g. a model's
    outputs that overflowed while optimising), never NaN.
    """
    return _as_float_array(value, name, bools=bools, infinite=infinite)


def check_nonnegative(value, name: str) -> float:
    """Return a finite real number >= 0 as a ``float``."""
    value = check_real(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}.")
    return value


def check_callable(value, name: str, example: str = "a function", *, arity: int | None = None):
    """Return ``value`` if it can be called (with ``arity`` positional arguments, if given).

    ``example`` says what was expected.  The arity is checked on the signature, before the
    function is ever called, so a function of the wrong shape is refused at the door instead
    of failing later with Python's own message; callables without a signature pass.
    """
    if not callable(value):
        raise TypeError(f"{name} must be {example}, got {value!r}.")
    if arity is not None:
        try:
            signature = inspect.signature(value)
        except (TypeError, ValueError):
            return value
        try:
            signature.bind(*range(arity))
        except TypeError:
            raise TypeError(f"{name} must be {example}, called with {arity} argument(s); got a function "
                            f"with signature {signature}.") from None
    return value


def check_pattern(value, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Return activation values of the given ``shape`` (0 or 1, e.g. bool) as a bool array."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of activation values 0 or 1, got {type(value).__name__}.")
    array = _numeric_array(value, name, bools=True)
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
    if not check_flag(empty, "empty") and not value:
        raise ValueError(f"{name} must not be empty.")
    return value


def as_returned(value, name: str, shape: tuple[int, ...], what: str, *, bools: bool = False,
                nan: bool = False) -> np.ndarray:
    """What the user's function ``name`` returned, as a float array of ``shape`` (infinity allowed).

    A callable can only be checked when it runs: its result must be numbers (bools only if
    ``bools``) that fill ``shape``, and not NaN unless ``nan`` (where the caller handles
    overflow itself); ``what`` says what was expected.
    """
    try:
        array = _numeric_array(value, name, bools=bools)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must return {what}; it returned {value!r:.80}.") from None
    if array.size != int(np.prod(shape)):
        raise ValueError(f"{name} must return {what}: {int(np.prod(shape))} values for this call, got shape {array.shape}.")
    if not nan and np.isnan(array).any():
        raise ValueError(f"{name} returned NaN: it must return {what}.")
    return array.reshape(shape)


def times_exp(coefficient, exponent) -> np.ndarray:
    """``coefficient * exp(exponent)`` elementwise, finite wherever the product is representable.

    ``exp(exponent)`` alone overflows float64 beyond an exponent of about 709, although the product
    with a small coefficient (an added neuron :math:`a e^{w^\\top x + b}` with tiny ``a``) may be an
    ordinary number, and ``0 * inf`` is NaN where the product is 0.  Where the plain product
    overflows it is computed as :math:`\\operatorname{sign}(c)\\,e^{\\log|c| + z}` (0 where ``c = 0``);
    elsewhere it is the plain product, bit for bit.
    """
    coefficient, exponent = _numeric_array(coefficient, "coefficient"), _numeric_array(exponent, "exponent")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        plain = coefficient * np.exp(exponent)
        if np.all(np.isfinite(plain)):
            return plain
        logs = np.where(coefficient == 0, -np.inf, np.log(np.abs(coefficient)) + exponent)
        return np.where(np.isfinite(plain), plain, np.sign(coefficient) * np.exp(logs))


def check_result(value, name: str, what: str):
    """Return a computed ``value`` if it holds no NaN or infinity; otherwise refuse the argument ``name``.

    For an answer that float64 cannot hold (e.g. an exponential of a huge exponent): a clear error
    naming the argument that made it overflow, instead of an inf or NaN returned as if it were an
    answer.  ``what`` names the quantity, e.g. ``"the modified loss"``.
    """
    array = np.asarray(value)
    if array.dtype.kind in "fc" and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} makes {what} overflow float64 (beyond about 1.8e308, or undefined as inf - inf): "
                         f"the answer is not representable; pass a smaller {name}.")
    return value


#: The most work one call may be asked for, in elementary operations (one floating-point
#: multiply-add, comparison or copy of a number): about two minutes on one core at the ~1e9 per
#: second that numpy reaches on small arrays.  A count whose estimated work exceeds it (steps,
#: epochs, starts, networks, samples between a function's practical limit and :data:`MAX_COUNT`)
#: is refused at the door instead of running for hours.
MAX_WORK = 1e11

#: The cost of one pass of a Python loop (a step, a start, a network, a chunk), in operations:
#: about 10 microseconds of interpreter overhead, which dominates on the book's small examples.
LOOP_COST = 1e4


def check_work(count: int, name: str, per_unit: float, unit: str = "step", *, loop: bool = True,
               budget: float | None = None) -> int:
    """Return ``count`` if ``count`` units of about ``per_unit`` operations each fit in :data:`MAX_WORK`.

    ``count`` is an already checked count (or a product of counts, named in ``name``), ``per_unit``
    the function's estimate of one unit's arithmetic; with ``loop`` (one pass of a Python loop per
    unit) each unit also costs :data:`LOOP_COST`.  ``budget`` replaces :data:`MAX_WORK` for a function
    whose documented purpose is a long run (e.g. a table at a paper's full scale).
    The error names the argument, the largest accepted count and the estimated work, so that
    the user can see why and by how much to reduce it.
    """
    cost = (LOOP_COST if loop else 0.0) + float(per_unit)
    budget = MAX_WORK if budget is None else float(budget)
    limit = int(budget // cost)
    if count > limit:
        total = float(count) * cost
        raise ValueError(f"{name} = {_short(count)} is too large for one call: at most {limit} are allowed here. "
                         f"Each {unit} costs about {cost:.2g} operations, so this asks for about {total:.2g} "
                         f"(~{_duration(total / 1e9)} at 1e9 per second), beyond the work budget of {budget:.0e} "
                         f"operations (validation.MAX_WORK = {MAX_WORK:.0e}): reduce {name}.")
    return count


def _duration(seconds: float) -> str:
    """A rough duration in words, e.g. ``3 hours``."""
    for size, word in ((86400 * 365, "years"), (86400, "days"), (3600, "hours"), (60, "minutes")):
        if seconds >= size:
            return f"{seconds / size:.3g} {word}"
    return f"{seconds:.3g} s"
