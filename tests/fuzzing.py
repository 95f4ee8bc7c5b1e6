"""Adversarial values per argument kind, drawn by Hypothesis or listed for a census.

``tests/badinput.py`` lists fixed bad values per kind.  This module adds *families* of
values that a hostile or careless user passes and that a fixed list does not reach:
arrays of the wrong kind (complex, text, bytes, object, bool), ragged lists, counts far
too large or of an unusual integer type, bools and complex numbers where a real number
goes, callables of the wrong arity or with a wrong return value, data scaled by huge or
tiny factors.  Each family is built from the argument's *valid* value in a
:class:`badinput.Spec` row, so it has the right shape, and says what a correct function
does with it:

``bad``
    must raise ``ValueError``/``TypeError`` naming the argument;
``valid``
    must be accepted and give the same answer as the plain valid call;
``scale`` / ``huge``
    a clear refusal is fine; if accepted, the answer must be finite (no NaN/inf);
``either``
    a clear refusal or the plain call's answer are both fine (a bool array where the
    valid value holds only 0 and 1, e.g. an activation pattern);
``no NaN``
    a "bad" value that is valid by design for this argument (:data:`BY_DESIGN`): a clear
    refusal, or an answer without NaN;
``lenient``
    a clear refusal or an acceptance are both fine (a callable used later, or whose
    return value is ignored or shown); any other exception is obscure;
``budget``
    a count at ``validation.MAX_COUNT`` passes the type checks: a clear refusal (the
    function's work budget, ``validation.check_work``) or an answer within the time limit,
    never a hang or a MemoryError.

:func:`classify` runs one call under a time limit and names its outcome as in issue 25's
table.  ``python tests/fuzzing.py PART...`` runs every family's representative value over
every argument of every Spec of the given test files and prints the table (the census).
"""
from __future__ import annotations

import collections
import inspect
import json
import numbers
import re
import signal
import sys
import time
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st

OUTCOMES = ("clear error", "accepted and correct", "obscure error", "garbage", "hang", "valid refused")
ARRAY_KINDS = {"matrix", "vector", "array"}
COUNT_KINDS = {"count", "natural"}
REAL_KINDS = {"positive", "nonnegative", "real", "probability", "tolerance"}


@dataclass(frozen=True)
class Family:
    """A family of values for arguments of some kinds, built from the argument's valid value.

    ``make(valid, p)`` returns the value for parameter ``p``; ``params`` is the Hypothesis
    strategy of ``p`` and ``example`` the representative used by the census.
    """

    label: str
    kinds: frozenset
    expect: str
    make: Callable[[Any, Any], Any]
    params: st.SearchStrategy = st.just(None)
    example: Any = None
    applies: Callable[[Any], bool] = lambda valid: True


def _array(valid) -> np.ndarray:
    return np.array(valid, dtype=float)


def _is_01(valid) -> bool:
    array = np.asarray(valid)
    return array.dtype != object and np.isin(array, (0, 1)).all()


def _ragged(valid):
    array = _array(valid)
    if array.ndim >= 2:
        rows = array.tolist()
        return [rows[0], rows[-1][:-1] or [1.0, 2.0]] + rows[2:]
    return [[float(array.flat[0])], 1.0] + array.tolist()[1:]


def _with_none(valid):
    values = _array(valid).tolist()
    if isinstance(values, list) and values and isinstance(values[0], list):
        values[0][0] = None
    elif isinstance(values, list):
        values[0] = None
    return values


def _readonly_fortran(valid):
    array = np.asfortranarray(_array(valid))
    array.setflags(write=False)
    return array


def _required_positional(function) -> int | None:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return None
    return sum(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)


def _wrong_arity(valid):
    if _required_positional(valid) == 0:
        return lambda a, b, c: 0.0
    return lambda: 0.0


def _complex(valid, imaginary):
    return complex(valid) + 1j * imaginary if np.ndim(valid) == 0 else np.asarray(valid) + 1j * imaginary


def _returns(value):
    return lambda *args, **kwargs: value


_FINITE_SCALES = st.floats(1e-250, 1e-30) | st.floats(1e30, 1e250)
_BIG_INTS = st.integers(2**31, 10**40)  # above validation.MAX_COUNT
_NUMPY_INTS = (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64)

FAMILIES: list[Family] = [
    # ---- arrays of the wrong kind (issue 25, class 1); ragged lists (class 6)
    Family("complex array", frozenset(ARRAY_KINDS), "bad", lambda v, p: _array(v) + 1j * p,
           st.floats(1e-3, 1e3), 1.0),
    Family("text array", frozenset(ARRAY_KINDS), "bad", lambda v, p: _array(v).astype(str)),
    Family("bytes array", frozenset(ARRAY_KINDS), "bad", lambda v, p: _array(v).astype(bytes)),
    Family("object array", frozenset(ARRAY_KINDS), "bad", lambda v, p: _array(v).astype(object)),
    Family("bool array", frozenset(ARRAY_KINDS), "bad", lambda v, p: _array(v) != 0,
           applies=lambda v: not _is_01(v)),
    Family("ragged list", frozenset(ARRAY_KINDS), "bad", lambda v, p: _ragged(v)),
    Family("None inside", frozenset(ARRAY_KINDS), "bad", lambda v, p: _with_none(v)),
    Family("-inf inside", frozenset(ARRAY_KINDS), "bad",
           lambda v, p: np.where(np.arange(_array(v).size).reshape(_array(v).shape) == 0, -np.inf, _array(v))),
    # ---- valid but unusual arrays: the same answer
    Family("bool 0/1 array", frozenset(ARRAY_KINDS), "either", lambda v, p: _array(v) != 0, applies=_is_01),
    Family("nested list", frozenset(ARRAY_KINDS), "valid", lambda v, p: _array(v).tolist()),
    Family("read-only Fortran", frozenset(ARRAY_KINDS), "valid", lambda v, p: _readonly_fortran(v)),
    # ---- the data's units (class 3) and huge but finite data (class 4)
    Family("scaled", frozenset(ARRAY_KINDS), "scale", lambda v, p: _array(v) * p, _FINITE_SCALES, 1e-200),
    Family("scaled up", frozenset(ARRAY_KINDS), "scale", lambda v, p: _array(v) * p, _FINITE_SCALES, 1e50),
    Family("huge", frozenset(ARRAY_KINDS), "huge", lambda v, p: _array(v) * p + p * (_array(v) == 0),
           st.floats(1e200, 1e307), 1e300),
    # ---- counts that hang, numpy integers (class 2)
    Family("count 10**30", frozenset(COUNT_KINDS), "bad", lambda v, p: p, _BIG_INTS, 10**30),
    Family("uint64 2**63+1", frozenset(COUNT_KINDS), "bad", lambda v, p: np.uint64(p),
           st.integers(2**62, 2**64 - 1), 2**63 + 1),
    Family("count MAX_COUNT", frozenset(COUNT_KINDS), "budget", lambda v, p: p, st.just(2**31 - 1), 2**31 - 1),
    Family("numpy bool", frozenset(COUNT_KINDS | {"seed", "int"}), "bad", lambda v, p: np.bool_(True)),
    Family("complex number", frozenset(COUNT_KINDS | REAL_KINDS | {"seed", "int", "float"}), "bad",
           lambda v, p: _complex(v, p), st.floats(0.0, 1.0), 0.0),
    Family("numpy integer", frozenset(COUNT_KINDS | {"seed", "int"}), "valid", lambda v, p: p(v),
           st.sampled_from(_NUMPY_INTS), np.uint8, applies=lambda v: 0 <= v <= 127),
    Family("uint64 integer", frozenset(COUNT_KINDS | {"seed", "int"}), "valid", lambda v, p: np.uint64(v),
           applies=lambda v: v >= 0),
    # ---- bool, complex and arrays where one real number goes (class 5); numpy scalars
    Family("bool as number", frozenset(REAL_KINDS | {"float"}), "bad", lambda v, p: p, st.booleans(), True),
    Family("numpy bool as number", frozenset(REAL_KINDS | {"float"}), "bad", lambda v, p: np.bool_(p),
           st.booleans(), True),
    Family("array for a number", frozenset(REAL_KINDS), "bad", lambda v, p: np.full(p, v),
           st.integers(2, 4), 2),
    Family("int beyond float", frozenset(REAL_KINDS | {"float"}), "bad", lambda v, p: p,
           st.integers(10**309, 10**330), 10**400),
    Family("numpy float", frozenset(REAL_KINDS | {"float"}), "valid", lambda v, p: np.float64(v)),
    Family("huge number", frozenset({"positive", "real", "nonnegative"}), "huge", lambda v, p: p,
           st.floats(1e200, 1e308), 1e308),
    # ---- callables of the wrong shape (class 5)
    Family("wrong arity", frozenset({"callable"}), "bad", lambda v, p: _wrong_arity(v),
           applies=lambda v: _required_positional(v) is not None),
    Family("returns None", frozenset({"callable"}), "lenient", lambda v, p: _returns(None)),
    Family("returns text", frozenset({"callable"}), "lenient", lambda v, p: _returns("text")),
    # ---- names and flags
    Family("bytes name", frozenset({"name"}), "bad", lambda v, p: str(v).encode(), applies=lambda v: isinstance(v, str)),
    Family("numpy str name", frozenset({"name"}), "valid", lambda v, p: np.str_(v), applies=lambda v: isinstance(v, str)),
    Family("numpy bool flag", frozenset({"flag"}), "valid", lambda v, p: np.bool_(v)),
    Family("array flag", frozenset({"flag"}), "bad", lambda v, p: np.array([v, v])),
]


_OUTPUTS = ({"-inf inside", "huge"}, "model outputs may overflow to inf while optimising (documented): the loss is inf")
_ARRAYS = ({"array for a number"}, "a number or an array of them (documented)")

#: Arguments where a family's "bad" value is valid by design: (function, argument) -> (labels, reason).
#: Such a value must then give a clear error or an answer without NaN.
BY_DESIGN = {
    ("lossland.core.sigmoid_nets.sigmoid", "t"): ({"complex array"}, "complex-step derivatives"),
    ("lossland.core.sigmoid_nets.Architecture.unpack", "theta"): ({"complex array"}, "complex-step derivatives"),
    ("lossland.core.validation.check_callable", "value"): ({"wrong arity"}, "the arity is checked only if asked"),
    ("lossland.book.display.glue", "value"): ({"bool as number", "numpy bool as number", "complex number",
                                              "int beyond float"}, "any object can be glued"),
    **{(f"lossland.expneuron.losses.{loss}.{method}", "q"): _OUTPUTS
       for loss in ("SquaredLoss", "CrossEntropyLoss", "SmoothedHingeLoss") for method in ("value", "gradient")},
    **{(f"lossland.petzka.toy_surface.{name}", xy): _ARRAYS for name in ("toy_loss", "toy_gradient") for xy in "xy"},
    ("lossland.blindspots.initialisation.prob_all_positive", "mu"): _ARRAYS,
    ("lossland.blindspots.initialisation.sample_networks", "sigma"): _ARRAYS,
}


def kind_of(spec, argument: str, valid) -> str | None:
    """The argument's kind: from the Spec row, or inferred from its valid value."""
    if argument in spec.kinds:
        return spec.kinds[argument]
    if argument == "self" or valid is None or spec.function.__module__.endswith("selfcheck"):
        return None  # a self-check's answer gets feedback, not an error: only its listed kinds
    if isinstance(valid, (bool, np.bool_)):
        return "flag"
    if isinstance(valid, numbers.Integral):
        return "int"
    if isinstance(valid, numbers.Real):
        return "float"
    if isinstance(valid, np.ndarray) and valid.dtype.kind == "f" and valid.size:
        return "array"
    if inspect.isfunction(valid):
        return "callable"
    return None


def trials_of(spec) -> list[tuple[str, Family]]:
    """The (argument, family) pairs that apply to a Spec row's arguments."""
    valid = spec.valid()
    pairs = []
    for argument in sorted(set(valid) | set(spec.kinds)):
        kind = kind_of(spec, argument, valid.get(argument))
        if kind is None or argument not in valid:
            continue
        exempt = BY_DESIGN.get((spec.name, argument), ((), ""))[0]
        for family in FAMILIES:
            if kind in family.kinds and _applies(family, valid[argument]):
                pairs.append((argument, replace(family, expect="no NaN") if family.label in exempt else family))
    return pairs


def _applies(family: Family, valid) -> bool:
    """The family is meant for this valid value and can be built from it."""
    try:
        family.make(valid, family.example)
        return bool(family.applies(valid))
    except Exception:  # noqa: BLE001 - e.g. a shape the family cannot be built from
        return False


# ---------------------------------------------------------------- running one call
class _Hang(BaseException):
    pass


def _alarm(signum, frame):
    raise _Hang


def call(function, kwargs: dict, limit: float):
    """``("ok", result)``, ``("error", exception)`` or ``("hang", None)`` within ``limit`` seconds.

    The limit is on the CPU time the call uses (so that a machine busy with other work does not
    turn a slow call into a "hang"), with ten times as much wall-clock time as a backstop for a
    call that waits instead of computing.
    """
    previous = {sig: signal.signal(sig, _alarm) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, limit)
    signal.setitimer(signal.ITIMER_REAL, 10 * limit)
    try:
        try:
            return "ok", function(**kwargs)
        finally:  # inside the handlers' reach: a timer that fires here counts as the call's hang
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Hang:
        return "hang", None
    except Exception as error:  # noqa: BLE001 - every exception is classified
        return "error", error
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _close_figures()


def _close_figures():
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def names(message: str, argument: str) -> bool:
    return re.search(rf"\b{re.escape(argument)}\b", message) is not None


def _finite(result, depth: int = 0, nan_only: bool = False) -> bool:
    """No NaN or infinity (only no NaN if ``nan_only``) anywhere in a result (numbers, arrays, containers, dataclasses)."""
    test = np.isnan if nan_only else (lambda x: ~np.isfinite(x))
    if depth > 4:
        return True
    if isinstance(result, (bool, np.bool_, str, bytes)) or result is None:
        return True
    if isinstance(result, numbers.Number):
        return not bool(test(complex(result)))
    if isinstance(result, np.ndarray):
        return result.dtype.kind not in "fc" or not bool(test(result).any())
    if isinstance(result, dict):
        return all(_finite(value, depth + 1, nan_only) for value in result.values())
    if isinstance(result, (list, tuple)):
        return all(_finite(value, depth + 1, nan_only) for value in result[:1000])
    if is_dataclass(result):
        return all(_finite(getattr(result, f.name), depth + 1, nan_only) for f in fields(result))
    return True


def same(a, b, depth: int = 0) -> bool:
    """Two results agree (to rounding) wherever they can be compared."""
    if depth > 4:
        return True
    if isinstance(a, (np.ndarray, numbers.Number)) and isinstance(b, (np.ndarray, numbers.Number)):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape:
            return False
        if a.dtype.kind in "biufc" and b.dtype.kind in "biufc":
            return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y, depth + 1) for x, y in zip(a[:1000], b[:1000]))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], depth + 1) for k in a)
    if is_dataclass(a) and type(a) is type(b):
        return all(same(getattr(a, f.name), getattr(b, f.name), depth + 1) for f in fields(a))
    if isinstance(a, (str, bytes)):
        return a == b
    return True


def classify(spec, argument: str, value, expect: str, baseline=None, limit: float = 5.0) -> tuple[str, str]:
    """Call ``spec.function`` with ``argument=value`` and return (outcome, detail)."""
    kwargs = spec.valid()
    kwargs[argument] = value
    status, result = call(spec.function, kwargs, limit)
    if status == "hang":
        return "hang", f"no answer in {limit} s"
    if status == "error":
        error = result
        text = f"{type(error).__name__}: {str(error)[:160]}"
        clear = isinstance(error, (ValueError, TypeError)) and names(str(error), argument)
        if expect == "valid":
            return "valid refused", text
        return ("clear error" if clear else "obscure error"), text
    if expect == "bad":
        return "garbage", "accepted"
    if expect == "no NaN" and not _finite(result, nan_only=True):
        return "garbage", "accepted with NaN in the answer"
    if expect in ("scale", "huge") and not _finite(result) and (baseline is None or _finite(baseline[1])):
        return "garbage", "accepted with NaN or infinity in the answer (the plain call's answer has none)"
    if expect in ("valid", "either") and baseline is not None and not same(result, baseline[1]):
        return "garbage", "a different answer from the plain valid call"
    return "accepted and correct", ""


# ---------------------------------------------------------------- the census
def _baseline(spec, limit: float):
    """``("ok", result)`` of the plain valid call, or None if it fails or is not repeatable.

    The call runs twice: a function whose answer differs between two identical calls
    (timings, unseeded randomness) cannot be compared with, so valid variants of its
    arguments are then only required to be accepted.
    """
    first = call(spec.function, spec.valid(), max(limit, 30.0))
    second = call(spec.function, spec.valid(), max(limit, 30.0))
    if first[0] == second[0] == "ok" and same(first[1], second[1]):
        return first
    return None


def census(specs, limit: float = 5.0, log=None) -> collections.Counter:
    """Run every family's representative value over every argument of ``specs``."""
    table = collections.Counter()
    for spec in specs:
        try:
            pairs = trials_of(spec)
        except Exception as error:  # noqa: BLE001
            print(f"# {spec.name}: valid() failed: {error!r}", file=sys.stderr)
            continue
        baseline = _baseline(spec, limit)
        if baseline is None and call(spec.function, spec.valid(), max(limit, 30.0))[0] != "ok":
            print(f"# {spec.name}: its valid call fails: skipped", file=sys.stderr)
            continue
        for argument, family in pairs:
            try:
                value = family.make(spec.valid()[argument], family.example)
            except Exception:  # noqa: BLE001 - a family that cannot be built from this valid value
                continue
            outcome, detail = classify(spec, argument, value, family.expect, baseline, limit)
            table[outcome] += 1
            if log is not None:
                log.write(json.dumps(dict(function=spec.name, argument=argument, family=family.label,
                                          outcome=outcome, detail=detail)) + "\n")
                log.flush()
    return table


def main(argv: list[str]) -> None:
    import os

    from spec_parts import load

    os.environ.setdefault("MPLBACKEND", "Agg")
    parts, out = argv[:-1], argv[-1]
    start = time.perf_counter()
    total = collections.Counter()
    with open(out, "w") as log:
        for module in load(tuple(parts)):  # paths under tests/, as in spec_parts.PARTS
            total += census(module.SPECS, log=log)
    print(json.dumps({outcome: total[outcome] for outcome in OUTCOMES}), f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
