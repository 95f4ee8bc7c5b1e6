"""Definition 1 of the non-attracting-regions paper on a toy surface (Fig. 1; Petzka & Sminchisescu, JMLR 2021).

The toy surface ``f(x, y) = x^2 (1 - y^2)``: its minima ``R = {x = 0, |y| < 1}`` (value
``c = 0``) form a *non-attracting* region: from ``(0, y0)`` the path that first slides along
``y`` to ``|y| > 1`` (loss stays 0) and then moves in ``x`` (loss ``x^2 (1 - y^2) < 0``) never
increases the loss and ends below ``c``.  The counterpart ``x^2 (1 + y^2)`` is ``>= 0``
everywhere, so its region of minima (the whole ``y`` axis) is attracting: no path goes below 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lossland.core.validation import (
    as_array, as_vector, check_entries, check_positive, check_real, check_result,
)

__all__ = ["TOY_KINDS", "toy_loss", "toy_gradient", "ToyPath", "escape_path", "ToyDescent", "toy_descent", "outcome_map"]


TOY_KINDS = ("nonattracting", "attracting")


def _kind(kind: str) -> float:
    if kind not in TOY_KINDS:
        raise ValueError(f"kind must be one of {TOY_KINDS}, got {kind!r}.")
    return -1.0 if kind == "nonattracting" else 1.0


def _coordinates(x, y) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as finite arrays broadcast against each other."""
    x, y = as_array(x, "x"), as_array(y, "y")
    try:
        return np.broadcast_arrays(x, y)
    except ValueError:
        raise ValueError(f"x and y must broadcast against each other, got shapes {x.shape} and {y.shape}.") from None


def toy_loss(x: ArrayLike, y: ArrayLike, kind: str = "nonattracting"):
    """The surfaces of Fig. 1.

    .. math::

        f_{\\mathrm{non}}(x, y) = x^2 (1 - y^2), \\qquad f_{\\mathrm{att}}(x, y) = x^2 (1 + y^2).

    Parameters
    ----------
    x, y : coordinates (broadcast against each other).
    kind : ``"nonattracting"`` (Fig. 1 left) or ``"attracting"`` (Fig. 1 right).
    """
    return _toy_loss(*_coordinates(x, y), _kind(kind))


def _toy_loss(x: np.ndarray, y: np.ndarray, s: float) -> np.ndarray:
    """:func:`toy_loss` on checked input, ``s = -1`` (non-attracting) or ``+1``."""
    return x**2 * (1.0 + s * y**2)


def _toy_gradient(x: np.ndarray, y: np.ndarray, s: float) -> np.ndarray:
    """:func:`toy_gradient` on checked input."""
    return np.stack([2.0 * x * (1.0 + s * y**2), 2.0 * s * x**2 * y], axis=-1)


def toy_gradient(x: ArrayLike, y: ArrayLike, kind: str = "nonattracting"):
    """Exact gradient ``(df/dx, df/dy)`` of :func:`toy_loss`, stacked on the last axis."""
    return _toy_gradient(*_coordinates(x, y), _kind(kind))


@dataclass(frozen=True)
class ToyPath:
    """A path in the plane and the loss along it.

    Attributes
    ----------
    points : (n, 2) array of ``(x, y)``.
    loss : (n,) loss at each point.
    corner : index of the point where the path turns from the ``y`` leg to the ``x`` leg.
    """

    points: np.ndarray
    loss: np.ndarray
    corner: int

    @property
    def non_increasing(self) -> bool:
        """True if the loss never rises along the path (up to 1e-12)."""
        return bool(np.all(np.diff(self.loss) <= 1e-12))


def escape_path(y0: float = 0.5, kind: str = "nonattracting", y_exit: float = 1.5, x_end: float = 1.0, n: int = 201) -> ToyPath:
    """The non-increasing path of Definition 1 out of ``R = {x = 0, |y| < 1}``.

    Leg 1: ``(0, y0) -> (0, y_exit sign(y0))`` (loss stays ``c = 0`` on the ``y`` axis);
    leg 2: ``-> (x_end, y_exit sign(y0))``, where ``f = x^2 (1 - y_exit^2) < 0``.
    On the attracting surface the same path climbs in leg 2 (``f = x^2 (1 + y_exit^2)``).

    Parameters
    ----------
    y0 : start on the region of minima, ``|y0| < 1``.
    kind : which surface to evaluate the loss on.
    y_exit : ``|y|`` reached by leg 1; must exceed 1.
    x_end : final ``x`` (non-zero).
    n : number of points (at least 3).
    """
    y0 = check_real(y0, "y0")
    if abs(y0) >= 1.0:
        raise ValueError(f"y0 must lie on the region of minima, |y0| < 1, got {y0}.")
    y_exit = check_positive(y_exit, "y_exit")
    if y_exit <= 1.0:
        raise ValueError(f"y_exit must exceed 1 (where 1 - y^2 < 0), got {y_exit}.")
    x_end = check_real(x_end, "x_end")
    if x_end == 0.0:
        raise ValueError("x_end must be non-zero: the second leg has to leave the y axis.")
    n = check_positive(n, "n", integer=True)
    if n < 3:
        raise ValueError(f"n must be at least 3 points, got {n}.")
    check_entries(2 * n, "n")
    sign = 1.0 if y0 >= 0 else -1.0
    n1 = n // 2 + 1
    leg1 = np.column_stack([np.zeros(n1), np.linspace(y0, sign * y_exit, n1)])
    leg2 = np.column_stack([np.linspace(0.0, x_end, n - n1 + 1)[1:], np.full(n - n1, sign * y_exit)])
    points = np.vstack([leg1, leg2])
    return ToyPath(points=points, loss=toy_loss(points[:, 0], points[:, 1], kind), corner=n1 - 1)


@dataclass(frozen=True)
class ToyDescent:
    """Gradient descent on a toy surface from many starts at once.

    Attributes
    ----------
    starts : (m, 2) starting points.
    path : (steps + 1, m, 2) iterates (frozen once a start has escaped).
    loss : (steps + 1, m) loss of the iterates.
    escaped : (m,) True where the loss fell below ``-escape_level`` (left ``R`` for lower loss).
    """

    starts: np.ndarray
    path: np.ndarray
    loss: np.ndarray
    escaped: np.ndarray

    @property
    def final(self) -> np.ndarray:
        return self.path[-1]


def toy_descent(starts: ArrayLike, kind: str = "nonattracting", lr: float = 0.05, steps: int = 400, escape_level: float = 0.5) -> ToyDescent:
    """Plain gradient descent ``w <- w - lr grad f(w)`` from each start.

    On the non-attracting surface a start ``(x0, y0)`` with ``|y0| < 1`` and
    small ``x0`` ends on ``R`` (``x -> 0``, ``y`` drifts outwards a little): gradient
    descent gets stuck although a non-increasing escape path exists; starts with
    ``|y0| > 1`` run off to ``f -> -inf`` (iterates freeze once ``f < -escape_level``).
    On the attracting surface every start converges to the ``y`` axis.
    """
    starts = as_array(starts, "starts")
    if starts.ndim == 1 and starts.shape == (2,):
        starts = starts[None, :]
    if starts.ndim != 2 or starts.shape[1] != 2 or len(starts) == 0:
        raise ValueError(f"starts must have shape (m, 2) (one (x, y) per row, m >= 1), got {starts.shape}.")
    _kind(kind)
    lr = check_positive(lr, "lr")
    steps = check_positive(steps, "steps", integer=True)
    check_entries(2 * (steps + 1) * len(starts), "steps")
    escape_level = check_positive(escape_level, "escape_level")
    return _toy_descent(starts, _kind(kind), lr, steps, escape_level, "starts")


def _toy_descent(starts: np.ndarray, s: float, lr: float, steps: int, escape_level: float, name: str) -> ToyDescent:
    """:func:`toy_descent` on checked input; an iterate or loss beyond float64 is refused, naming ``name``."""
    path = np.empty((steps + 1, len(starts), 2))
    path[0] = starts
    w = starts.copy()
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            active = _toy_loss(w[:, 0], w[:, 1], s) > -escape_level
            w = np.where(active[:, None], w - lr * _toy_gradient(w[:, 0], w[:, 1], s), w)
            path[k + 1] = w
        loss = _toy_loss(path[..., 0], path[..., 1], s)
    check_result(path, name, "the gradient-descent iterates (they diverge)")
    check_result(loss, name, "the loss along the descent")
    return ToyDescent(starts=starts, path=path, loss=loss, escaped=loss[-1] <= -escape_level)


def outcome_map(xs: ArrayLike, ys: ArrayLike, kind: str = "nonattracting", lr: float = 0.05, steps: int = 400):
    """Where gradient descent from each grid start ends: ``(final_y, escaped)`` arrays of shape (len(ys), len(xs))."""
    xs, ys = as_vector(xs, "xs"), as_vector(ys, "ys")
    s, lr = _kind(kind), check_positive(lr, "lr")
    steps = check_positive(steps, "steps", integer=True)
    check_entries(2 * (steps + 1) * xs.size * ys.size, "steps")
    X, Y = np.meshgrid(xs, ys)
    run = _toy_descent(np.column_stack([X.ravel(), Y.ravel()]), s, lr, steps, 0.5, "xs or ys")
    return run.final[:, 1].reshape(X.shape), run.escaped.reshape(X.shape)
