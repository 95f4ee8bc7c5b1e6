"""Linear programs at a stated accuracy, and margins decided only above it.

The genuineness tests of Chapters 1 and 2 ask whether a set of minimisers reaches the open
interior of a region: the largest margin ``t`` of a linear program is positive (genuine),
zero (on the boundary) or negative (absent).  HiGHS, scipy's solver, meets the constraints
only to its feasibility tolerance (1e-7 by default), so a margin of 1e-9 carries no sign:
whether it comes out as +1e-9 or -1.5e-9 depends on the BLAS kernel and the pivoting order.
We therefore solve at a tighter tolerance, :data:`LP_FEASIBILITY`, and call a margin positive
or negative only beyond :data:`MARGIN_TOL`, a hundred times that accuracy.
"""
from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import OptimizeResult, linprog

from lossland.core.validation import as_vector, check_real

__all__ = ["LP_FEASIBILITY", "MARGIN_TOL", "solve_lp", "check_margin_tol", "margin_threshold"]

#: Primal and dual feasibility tolerance asked of HiGHS (the tightest it documents is 1e-10).
LP_FEASIBILITY = 1e-9

#: Margins within this (times the data's scale) of zero count as zero: the boundary.
MARGIN_TOL = 1e-7


def solve_lp(cost: ArrayLike, **constraints) -> OptimizeResult:
    """``scipy.optimize.linprog`` with HiGHS at feasibility tolerance :data:`LP_FEASIBILITY`.

    Called by the package's own margin programs with arrays they built; ``cost`` is checked.
    """
    cost = as_vector(cost, "cost")
    options = {"primal_feasibility_tolerance": LP_FEASIBILITY, "dual_feasibility_tolerance": LP_FEASIBILITY}
    return linprog(cost, method="highs", options=options, **constraints)


def check_margin_tol(tol, name: str = "tol") -> float:
    """A margin tolerance: finite and at least ten times the LP accuracy, below which no sign can be trusted."""
    if isinstance(tol, (bool, np.bool_)) or not isinstance(tol, numbers.Real):
        raise TypeError(f"{name} must be a number such as {MARGIN_TOL:g}, got {tol!r}.")
    tol = check_real(tol, name)
    if tol < 10 * LP_FEASIBILITY:
        raise ValueError(
            f"{name} must be finite and at least {10 * LP_FEASIBILITY:g} (ten times the linear programs' "
            f"feasibility tolerance, below which a margin's sign is round-off), got {tol}; the default is {MARGIN_TOL:g}."
        )
    return float(tol)


def margin_threshold(y: np.ndarray, tol: float) -> float:
    """The margin below which a sign is not trusted: ``tol`` in the units of the targets, ``tol * max(1, max |y|)``."""
    y, tol = as_vector(y, "y"), check_margin_tol(tol)
    return tol * max(1.0, float(np.max(np.abs(y))))
