"""The illustrative example of Liu's Sec. 4.2, App. B, Fig. 2 and A1.

One hidden neuron with :math:`z = 1` and no bias, two samples
:math:`x_1 = (1, 0)`, :math:`x_2 = (0, 1)`: the two hyperplanes cut the
:math:`w`-plane into four cells, named as in Fig. A1

* ``r1``: :math:`w_1 < 0, w_2 < 0` (no sample active),
* ``r2``: :math:`w_1 < 0, w_2 > 0` (only :math:`x_2`),
* ``r3``: :math:`w_1 > 0, w_2 < 0` (only :math:`x_1`),
* ``r4``: :math:`w_1 > 0, w_2 > 0` (both; the upper right one).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import lsq_linear

from lossland.core import nets
from lossland.core.validation import as_array, as_vector
from lossland.liu.criteria import cell_minimum, liu_criterion, liu_matrix

__all__ = ["EXAMPLE_X", "CELLS", "example_loss", "ExampleCell", "example_cells"]

EXAMPLE_X = np.eye(2)
"""The samples :math:`x_1 = (1, 0)`, :math:`x_2 = (0, 1)`, one per row (already homogeneous: no bias)."""

CELLS = {"r1": (0, 0), "r2": (0, 1), "r3": (1, 0), "r4": (1, 1)}
"""The activation :math:`(I_{11}, I_{21})` of each cell of Fig. A1."""

_KINDS = {0: "plateau", 1: "line", 2: "point"}


def example_loss(w1: ArrayLike, w2: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Liu's loss :math:`\\frac12\\sum_i([w\\cdot x_i]_+ - y_i)^2` with :math:`z = 1` on a grid of :math:`(w_1, w_2)` (Fig. 2)."""
    y = as_vector(y, "y", length=2)
    w1, w2 = as_array(w1, "w1"), as_array(w2, "w2")
    try:
        w1, w2 = np.broadcast_arrays(w1, w2)
    except ValueError:
        raise ValueError(f"w1 and w2 must broadcast to one grid (e.g. from numpy.meshgrid), got shapes {w1.shape} and {w2.shape}.") from None
    theta = np.stack([w1, w2, np.ones_like(w1)], axis=-1)
    return 2.0 / 2 * nets.loss(nets.Architecture(2, 1), theta, EXAMPLE_X, y)


@dataclass(frozen=True)
class ExampleCell:
    """One cell's minima, App. B.

    Attributes
    ----------
    kind : ``"point"``, ``"line"`` or ``"plateau"``: the set of minimisers (rank of :math:`A` 2, 1, 0).
    R : the minimum-norm minimiser :math:`A^+y` (Eq. 7).
    loss : Liu's loss at the minimisers (Eq. 9).
    liu : Liu's criterion (11)/(13) with :math:`z = 1`, as printed (boundary allowed).
    genuine : some minimiser lies strictly inside the cell (with :math:`z = 1`).
    lowest : the lowest loss the cell reaches, :math:`\\inf_{w \\in \\text{cell}} L(w)`: Eq. (9)'s
        ``loss`` when ``genuine``; otherwise the loss is larger everywhere inside the cell and
        approaches ``lowest`` only at its edge (not attained).
    """

    kind: str
    R: np.ndarray
    loss: float
    liu: bool
    genuine: bool
    lowest: float


def example_cells(y: ArrayLike) -> dict[str, ExampleCell]:
    """The four cells of App. B for labels ``y``, e.g. ``(1, 1)`` (Fig. 2a) or ``(1, -1)`` (Fig. 2b)."""
    y = as_vector(y, "y", length=2)
    cells = {}
    for name, active in CELLS.items():
        pattern = np.array(active)[:, None]
        minimum = cell_minimum(EXAMPLE_X, y, pattern)
        cells[name] = ExampleCell(
            kind=_KINDS[minimum.rank],
            R=minimum.R[0],
            loss=minimum.loss,
            liu=liu_criterion(EXAMPLE_X, y, pattern, signs=(1,)),
            genuine=liu_criterion(EXAMPLE_X, y, pattern, signs=(1,), strict=True),
            lowest=_lowest_loss(y, active),
        )
    return cells


def _lowest_loss(y: np.ndarray, active) -> float:
    """Infimum of the loss over one open cell: its minimum over the closed cell.

    On the closed cell the loss is the cell's quadratic :math:`\\frac12\\|Aw - y\\|^2`
    (on an edge :math:`w\\cdot x_i = 0`, so it does not matter whether :math:`x_i` counts as
    active). The samples are the coordinate axes, so the closed cell is a quadrant,
    :math:`w_i \\ge 0` for active and :math:`w_i \\le 0` for inactive samples, and the
    infimum is a bounded least-squares problem (solved exactly by an active-set method).
    """
    on = np.array(active, dtype=bool)
    A = liu_matrix(EXAMPLE_X, on[:, None].astype(int))
    bounds = (np.where(on, 0.0, -np.inf), np.where(on, np.inf, 0.0))
    fit = lsq_linear(A, y, bounds=bounds, method="bvls")
    return float(np.sum((A @ fit.x - y) ** 2) / len(y))
