"""The data's units: decide on data of order one, answer in the data's own units.

Whether a region's subglobal minimum is genuine, and where a saddle of Theorem 2.5 sits, does
not depend on the units of the data: :math:`X \\to aX` and :math:`y \\to by` (:math:`a, b > 0`)
map parameters :math:`(W, v, b, c)` to :math:`(W/a,\\ b v,\\ b,\\ b c)` (hidden biases unchanged),
a region's cells to themselves and every sign margin :math:`s_i \\tilde x_i \\cdot p_j` to
:math:`b` times itself.  So :mod:`lossland.core.genuine`, :mod:`lossland.core.all_regions` and
:mod:`lossland.core.inregion` divide the data by its scales (:func:`scaled_to_one`), where the
linear programs' absolute accuracy and the margin tolerance of :mod:`lossland.core.lp` mean the
same for every dataset, and map what they build back with :class:`Scales`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lossland.core.dataset import Dataset, dataset
from lossland.core.validation import MAX_MAGNITUDE

__all__ = ["Scales", "scaled_to_one"]


@dataclass(frozen=True)
class Scales:
    """The data's scales: inputs ``x`` (largest ``|x|``) and targets ``y`` (largest ``|y|``), 1 where zero."""

    x: float
    y: float
    bias: bool

    def products(self, p: np.ndarray) -> np.ndarray:
        """Products ``p_j = v_j w_j`` (..., h, d) from the scaled data's units to the data's."""
        factor = np.full(p.shape[-1], self.y / self.x)
        if self.bias:
            factor[-1] = self.y
        return p * factor

    def parameters(self, theta: np.ndarray, h: int, n: int) -> np.ndarray:
        """Parameters ``[vec(W), v, b, c]`` of ``h`` units on ``n`` inputs from the scaled data's units to the data's.

        Raises ``ValueError`` (naming ``X`` and ``y``) when the data's scales are so extreme that the
        parameters in the data's units leave the range the package computes with
        (:data:`lossland.core.validation.MAX_MAGNITUDE`): weights grow like ``1 / max|x|``.
        """
        theta = theta.copy()
        theta[: h * n] /= self.x  # W
        theta[h * n : h * n + h] *= self.y  # v
        if self.bias:
            theta[-1] *= self.y  # c; the hidden biases b keep their values
        largest = float(np.abs(theta).max(initial=0.0))
        if not largest <= MAX_MAGNITUDE:
            raise ValueError(f"X and y have scales max|x| = {self.x:.3g}, max|y| = {self.y:.3g}, at which this point's "
                             f"parameters reach {largest:.3g}, beyond {MAX_MAGNITUDE:.0e} (their squares overflow float64): "
                             "rescale X and y towards order one.")
        return theta


def scaled_to_one(data: Dataset) -> tuple[Dataset, Scales]:
    """The dataset divided by its scales (largest ``|x|`` and ``|y|``, 1 where zero), and the scales."""
    x = float(np.abs(data.X).max()) or 1.0
    y = float(np.abs(data.y).max()) or 1.0
    return dataset(data.X / x, data.y / y, data.bias), Scales(x, y, data.bias)
