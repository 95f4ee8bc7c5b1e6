"""Numbers as the book prints them: the same text on every machine.

A value that is round-off (a gradient of 4e-29 on one BLAS kernel, 1e-15 on another) is
printed as the bound it is known to satisfy, ``< 1e-12``, never as its noisy digits.
:func:`glue` hands a value to the text of the page.
"""
from __future__ import annotations

from lossland.core.validation import check_flag, check_positive, check_real, check_text

__all__ = ["below", "at_least", "glue"]


def below(value: float, bound: float) -> str:
    """``"< bound"`` when ``|value| < bound`` (round-off, printed as its bound); else the value itself."""
    value, bound = check_real(value, "value"), check_positive(bound, "bound")
    return f"< {bound:.0e}" if abs(value) < bound else f"{value:.2g}"


def at_least(value: float, bound: float) -> str:
    """``"> bound"`` when ``value > bound``; else the value itself (a lower bound that holds on any kernel)."""
    value, bound = check_real(value, "value"), check_real(bound, "bound")
    return f"> {bound:g}" if value > bound else f"{value:.3g}"


def glue(name: str, value, display: bool = True) -> None:
    """MyST-NB's ``glue`` while the book builds (the page's ``{glue:text}`` roles show ``value``).

    Where MyST-NB is not installed (a chapter running live in the browser, with Pyodide) the
    value is only shown, if ``display``: the notebook has no glue roles to fill.
    """
    name, display = check_text(name, "name", empty=False), check_flag(display, "display")
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        if display:
            from IPython.display import display as show
            show(value)
        return
    myst_glue(name, value, display=display)
