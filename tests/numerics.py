"""The tests' finite differences: one central-difference helper that exact derivatives are checked against
(:func:`central_gradient`), and the check of a loss's exact gradient and Hessian built on it.

Central differences err by O(step^2) from truncation and by about eps * |f| / step from
round-off (eps = 2.2e-16), so with the default ``step = 1e-6`` and values of order one the
numeric derivative is good to about 1e-8 or better; each test's tolerance allows for that and
for the scale of its values.  A function with a kink within ``step`` of the point has no
derivative there: the tests differentiate at random points, where that has probability zero.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np


def central_gradient(fun: Callable, x, step: float = 1e-6) -> np.ndarray:
    """d fun / d x by central differences, one entry of ``x`` at a time.

    ``x`` is an array of any shape; ``fun`` returns a number or an array.  The result has the
    shape of ``x`` followed by the shape of ``fun``'s value: the gradient for a scalar ``fun``,
    the transposed Jacobian for an array-valued one (entry ``[i, k]`` is d fun_k / d x_i).
    """
    x = np.asarray(x, dtype=float)
    columns = []
    for index in np.ndindex(x.shape):
        shift = np.zeros_like(x)
        shift[index] = step
        columns.append((np.asarray(fun(x + shift), dtype=float) - np.asarray(fun(x - shift), dtype=float)) / (2 * step))
    return np.array(columns).reshape(x.shape + np.shape(columns[0]))


def assert_exact_derivatives(loss: Callable, gradient: Callable, hessian: Callable, x, *, gradient_atol: float = 1e-6,
                             hessian_atol: float = 1e-6, symmetry_atol: float = 1e-8) -> None:
    """The exact ``gradient`` and ``hessian`` at ``x`` against central differences; the Hessian is symmetric.

    The gradient is compared with differences of ``loss``, the Hessian with differences of the
    exact ``gradient`` (one differencing, so the error stays at the gradient's O(step^2)).
    """
    assert np.allclose(gradient(x), central_gradient(loss, x), atol=gradient_atol)
    H = np.asarray(hessian(x))
    assert np.allclose(H, H.T, atol=symmetry_atol)
    assert np.allclose(H, central_gradient(gradient, x), atol=hessian_atol)
