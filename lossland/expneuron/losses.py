"""Loss criteria :math:`\\ell(q, y)` of the exponential-neuron paper (Sec. 2.1, Assumption 1).

Each criterion gives its value and its gradient in the outputs ``q`` (shape (m, d_y), like the
targets), and checks the targets it accepts; :class:`lossland.expneuron.objective.Problem`
takes any of them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp, softmax

from lossland.core.validation import as_array, as_matrix, check_positive

__all__ = ["SquaredLoss", "CrossEntropyLoss", "SmoothedHingeLoss"]


def _outputs_and_targets(q, y) -> tuple[np.ndarray, np.ndarray]:
    """Outputs ``q`` and finite targets ``y`` of one shape; ``q`` may overflow to inf while optimising."""
    y = as_array(y, "y")
    q = as_array(q, "q", infinite=True)
    if q.shape != y.shape:
        raise ValueError(f"q must have the shape of y, {y.shape} (one row of outputs per target), got {q.shape}.")
    return q, y


class SquaredLoss:
    """:math:`\\ell(q, y) = \\|q - y\\|_2^2`; gradient :math:`2(q - y)`."""

    def value(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return np.sum((q - y) ** 2, axis=-1)

    def gradient(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return 2.0 * (q - y)

    def check_targets(self, Y: np.ndarray) -> None:
        """Any finite real targets, one row per data point, are allowed."""
        as_matrix(Y, "Y")


class CrossEntropyLoss:
    """:math:`\\ell(q, y) = -\\sum_k y_k \\log \\operatorname{softmax}(q)_k` for one-hot ``y``; gradient :math:`\\operatorname{softmax}(q) - y`."""

    def value(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return logsumexp(q, axis=-1) - np.sum(y * q, axis=-1)

    def gradient(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return softmax(q, axis=-1) - y

    def check_targets(self, Y: np.ndarray) -> None:
        """Targets must be one-hot rows."""
        Y = as_matrix(Y, "Y")
        if not (np.all((Y == 0) | (Y == 1)) and np.all(Y.sum(axis=1) == 1)):
            raise ValueError("Y must be one-hot for the cross-entropy loss: one 1 per row, zeros elsewhere.")


@dataclass(frozen=True)
class SmoothedHingeLoss:
    """:math:`\\ell(q, y) = (\\max\\{0, 1 - yq\\})^p`, :math:`p \\ge 2`, :math:`d_y = 1` (Example 1 uses :math:`p = 3`)."""

    p: float = 3.0

    def __post_init__(self) -> None:
        check_positive(self.p, "p")
        if self.p < 2:
            raise ValueError(f"p must be at least 2 for a differentiable smoothed hinge loss, got {self.p}.")

    def value(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return np.sum(np.maximum(0.0, 1.0 - y * q) ** self.p, axis=-1)

    def gradient(self, q: np.ndarray, y: np.ndarray) -> np.ndarray:
        q, y = _outputs_and_targets(q, y)
        return -self.p * y * np.maximum(0.0, 1.0 - y * q) ** (self.p - 1)

    def check_targets(self, Y: np.ndarray) -> None:
        """The hinge loss has one output."""
        Y = as_matrix(Y, "Y")
        if Y.shape[1] != 1:
            raise ValueError(f"the smoothed hinge loss needs d_y = 1 (Y of shape (m, 1)), got Y of shape {Y.shape}.")
