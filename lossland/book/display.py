"""Numbers as the book prints them: the same text on every machine.

A value that is round-off (a gradient of 4e-29 on one BLAS kernel, 1e-15 on another) is
printed as the bound it is known to satisfy, ``< 1e-12``, never as its noisy digits.
"""
from __future__ import annotations

from lossland.core.validation import check_positive, check_real

__all__ = ["below", "at_least"]


def below(value: float, bound: float) -> str:
    """``"< bound"`` when ``|value| < bound`` (round-off, printed as its bound); else the value itself."""
    value, bound = check_real(value, "value"), check_positive(bound, "bound")
    return f"< {bound:.0e}" if abs(value) < bound else f"{value:.2g}"


def at_least(value: float, bound: float) -> str:
    """``"> bound"`` when ``value > bound``; else the value itself (a lower bound that holds on any kernel)."""
    value, bound = check_real(value, "value"), check_real(bound, "bound")
    return f"> {bound:g}" if value > bound else f"{value:.3g}"
