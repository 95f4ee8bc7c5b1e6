"""The bump of Theorem 1 (ii): three ReLUs that see one input and nothing else (App. B.3).

Swirszcz, Czarnecki & Pascanu prove that a point with a dead layer is not a global minimum on a
*decent* dataset (Def. 1) by building a better network. Its device is the "hat"

.. math::

    \\mathrm{bump}(t) = \\mathrm{relu}(t + 1) - 2\\,\\mathrm{relu}(t) + \\mathrm{relu}(t - 1),

which is 1 at :math:`t = 0`, falls linearly to 0 at :math:`t = \\pm 1` and is 0 for
:math:`|t| \\ge 1` (for :math:`t \\ge 1` the three slopes 1, -2, 1 cancel). With
:math:`t = v^\\top (x - x_r)` and a direction :math:`v` that puts every other input at
:math:`|t| \\ge 1`, the output :math:`\\mu + (\\nu - \\mu)\\,\\mathrm{bump}(t)` is
:math:`\\nu` at :math:`x_r` and :math:`\\mu` everywhere else. App. B.3 writes the middle unit as
``relu(2 v^T x - 2 gamma)`` (= 2 relu(t)) and asks for :math:`|t| > 2`; one suffices.

The full network (weights of every layer, and the shift a deeper network needs) is
:func:`lossland.blindspots.deep_regression.theorem1_construction`; this module holds the pieces a
reader checks by hand.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossland.core.validation import as_array, as_matrix, check_dataset, check_index, check_positive

__all__ = ["bump", "bump_parts", "isolating_direction", "bump_fit", "bump_shift"]


def bump(t) -> np.ndarray:
    """:math:`\\mathrm{relu}(t+1) - 2\\,\\mathrm{relu}(t) + \\mathrm{relu}(t-1)` elementwise (App. B.3); ``t`` a number or 1-D array."""
    return _bump(_check_t(t))


def _check_t(t) -> np.ndarray:
    t = np.atleast_1d(as_array(t, "t"))
    if t.ndim != 1:
        raise ValueError(f"t must be a number or a 1-D array, got shape {t.shape}; flatten it with .ravel().")
    return t


def _bump(t: np.ndarray) -> np.ndarray:
    return np.maximum(t + 1, 0) - 2 * np.maximum(t, 0) + np.maximum(t - 1, 0)


def bump_parts(t) -> np.ndarray:
    """The three terms of :func:`bump`, rows ``relu(t+1)``, ``-2 relu(t)``, ``relu(t-1)`` (3, len(t))."""
    t = _check_t(t)
    return np.stack([np.maximum(t + 1, 0), -2 * np.maximum(t, 0), np.maximum(t - 1, 0)])


def isolating_direction(X: ArrayLike, r: int, gap: float = 1.0) -> np.ndarray:
    """A direction :math:`v` with :math:`|v^\\top (x_s - x_r)| \\ge` ``gap`` for every input :math:`x_s \\ne x_r`.

    Each nonzero difference :math:`x_s - x_r` is orthogonal only to a hyperplane of directions,
    and finitely many hyperplanes cannot cover the space. Deterministic search: the coordinate
    axes, then :math:`u = (1, k, k^2, \\dots)` for :math:`k = 2, 3, \\dots` (:math:`u^\\top (x_s - x_r)`
    is a nonzero polynomial in :math:`k` of degree < d, so only finitely many k fail); the first
    candidate off every hyperplane is scaled so that the smallest :math:`|t|` equals ``gap``.
    """
    X = as_matrix(X, "X")
    r = check_index(r, "r", len(X))
    gap = check_positive(gap, "gap")
    diffs = X[np.any(X != X[r], axis=1)] - X[r]
    if len(diffs) == 0:
        return np.eye(X.shape[1])[0] * gap
    d = X.shape[1]
    candidates = [np.eye(d)[i] for i in range(d)]
    candidates += [np.power(float(k + 2), np.arange(d)) for k in range(d * len(diffs) + 1)]
    for u in candidates:
        smallest = np.abs(diffs @ u).min()
        if smallest > 0:
            return u * (gap / smallest)
    raise AssertionError("unreachable: a polynomial of degree d - 1 has at most d - 1 roots")  # pragma: no cover


def bump_fit(X: ArrayLike, y: ArrayLike, r: int) -> dict:
    """Theorem 1 (ii) with one hidden layer: the bump at :math:`x_r` and what it achieves on (X, y).

    Returns ``v`` (a direction of :func:`isolating_direction`), ``t`` (:math:`v^\\top (x_i - x_r)`),
    ``nu`` (mean target at :math:`x_r`), ``mu`` (mean target elsewhere), ``outputs``
    (:math:`\\mu + (\\nu - \\mu)\\,\\mathrm{bump}(t_i)`), ``loss`` (Eq. 2 at those outputs) and
    ``dead_loss`` (Eq. 2 of the best constant, the mean of y: the dead-layer point of Theorem 1).
    """
    X, y = check_dataset(X, y)
    r = check_index(r, "r", len(y))
    same = np.all(X == X[r], axis=1)
    if same.all():
        raise ValueError("every row of X equals x_r: there is nothing to isolate (Lemma 1: the mean is then optimal); pass distinct inputs.")
    v = isolating_direction(X, r)
    t = (X - X[r]) @ v
    nu, mu = float(y[same].mean()), float(y[~same].mean())
    outputs = mu + (nu - mu) * _bump(t)
    return {"v": v, "t": t, "nu": nu, "mu": mu, "outputs": outputs,
            "loss": float(np.sum((outputs - y) ** 2)), "dead_loss": float(np.sum((y - y.mean()) ** 2))}


def bump_shift(X: ArrayLike, y: ArrayLike, r: int) -> float:
    """The least constant :math:`s \\ge 0` that carries the bump's outputs through a ReLU unchanged.

    A deeper network passes the value :math:`\\mu + (\\nu - \\mu)\\,\\mathrm{bump}` through
    identity layers followed by ReLUs (App. B.3 sets :math:`W_n = I`); a ReLU zeroes a negative
    value, so the carried value must be :math:`\\ge 0`: add :math:`s = \\max(0, -\\min(\\mu, \\nu))`
    in the first such layer and subtract it in the output bias.
    """
    fit = bump_fit(X, y, r)
    return float(max(0.0, -min(fit["mu"], fit["nu"])))
