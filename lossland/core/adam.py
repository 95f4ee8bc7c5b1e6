"""Adam (Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015), in place on a list of arrays.

The moments are updated as in Algorithm 1 of the paper,

.. math::
    m_t = \\beta_1 m_{t-1} + (1 - \\beta_1) g_t, \\qquad v_t = \\beta_2 v_{t-1} + (1 - \\beta_2) g_t^2,

and the step takes one of the paper's two forms:

* ``"algorithm"`` (Algorithm 1): :math:`\\theta_t = \\theta_{t-1} - \\alpha\\,\\hat m_t / (\\sqrt{\\hat v_t} + \\epsilon)`
  with :math:`\\hat m_t = m_t / (1 - \\beta_1^t)`, :math:`\\hat v_t = v_t / (1 - \\beta_2^t)`;
* ``"efficient"`` (the reordering of the paper's Sec. 2):
  :math:`\\theta_t = \\theta_{t-1} - \\alpha_t\\, m_t / (\\sqrt{v_t} + \\hat\\epsilon)` with
  :math:`\\alpha_t = \\alpha \\sqrt{1 - \\beta_2^t} / (1 - \\beta_1^t)` and :math:`\\hat\\epsilon = \\epsilon`.

The two agree except for where :math:`\\epsilon` enters (the first is the second with
:math:`\\hat\\epsilon = \\epsilon\\sqrt{1 - \\beta_2^t}`).  Chapter 1's MNIST runs use the
efficient form, Chapter 5's jellyfish, zig-zag and MNIST runs Algorithm 1; each keeps the form it was
written with, so that the book's seeded runs give the same numbers (Chapter 1's and the
jellyfish runs bit for bit; the zig-zag runs of Fig. 5 to round-off, which training amplifies).  All arrays live in one flat buffer, so an
update is a dozen whole-array operations however many arrays there are; the arithmetic is
element by element, so the result is the same as array by array.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lossland.core.validation import check_choice, check_positive, check_real

__all__ = ["FORMS", "Adam"]

#: The two forms of Adam's step in Kingma & Ba (2015): Algorithm 1 and the reordering of Sec. 2.
FORMS = ("algorithm", "efficient")


class Adam:
    """Adam on copies of ``arrays``: :attr:`params` are the arrays being optimised, changed in place by :meth:`update`.

    ``lr`` is :math:`\\alpha`; ``beta1``, ``beta2``, ``eps`` default to the paper's values; ``form``
    is one of :data:`FORMS` (see the module docstring).  The arrays keep their shapes and dtype
    (that of the first array; all must share it).
    """

    def __init__(self, arrays: Sequence[np.ndarray], lr: float, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, form: str = "efficient") -> None:
        arrays = _check_arrays(arrays)
        self.lr, self.eps = check_positive(lr, "lr"), check_positive(eps, "eps")
        self.beta1, self.beta2 = _check_beta(beta1, "beta1"), _check_beta(beta2, "beta2")
        self.form, self.step = check_choice(form, "form", FORMS), 0
        self.flat = np.concatenate([a.ravel() for a in arrays])
        self.grad, self.tmp = np.empty_like(self.flat), np.empty_like(self.flat)
        self.tmp2 = np.empty_like(self.flat) if self.form == "algorithm" else None
        self.m, self.v = np.zeros_like(self.flat), np.zeros_like(self.flat)
        ends = np.cumsum([a.size for a in arrays])[:-1]
        self.params = [w.reshape(a.shape) for w, a in zip(np.split(self.flat, ends), arrays)]
        self._grads = [g.reshape(a.shape) for g, a in zip(np.split(self.grad, ends), arrays)]

    def update(self, grads: Sequence[np.ndarray]) -> None:
        """One step downhill along ``grads`` (one array per parameter array); changes :attr:`params` in place."""
        if len(grads) != len(self._grads):
            raise ValueError(f"grads must hold {len(self._grads)} arrays, one per parameter array, got {len(grads)}.")
        for buffer, g in zip(self._grads, grads):
            if np.shape(g) != buffer.shape:
                raise ValueError(f"grads must match the parameter arrays' shapes, got {np.shape(g)} for {buffer.shape}.")
            buffer[...] = g
        self.step += 1
        g, m, v, tmp = self.grad, self.m, self.v, self.tmp
        m *= self.beta1
        np.multiply(g, 1 - self.beta1, out=tmp)
        m += tmp
        v *= self.beta2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - self.beta2
        v += tmp
        if self.form == "efficient":
            np.sqrt(v, out=tmp)
            tmp += self.eps
            np.divide(m, tmp, out=tmp)
            tmp *= self.lr * np.sqrt(1 - self.beta2**self.step) / (1 - self.beta1**self.step)
        else:
            np.divide(m, 1 - self.beta1**self.step, out=tmp)
            tmp *= self.lr
            np.divide(v, 1 - self.beta2**self.step, out=self.tmp2)
            np.sqrt(self.tmp2, out=self.tmp2)
            self.tmp2 += self.eps
            tmp /= self.tmp2
        self.flat -= tmp


def _check_arrays(arrays) -> list[np.ndarray]:
    """A non-empty list of finite floating-point arrays of one dtype (Adam's parameters)."""
    if not isinstance(arrays, (list, tuple)) or not arrays:
        raise TypeError(f"arrays must be a non-empty list of floating-point arrays, got {type(arrays).__name__}.")
    if any(not isinstance(a, np.ndarray) or a.dtype.kind != "f" or a.dtype != arrays[0].dtype for a in arrays):
        raise TypeError("arrays must hold numpy floating-point arrays of one dtype (e.g. all float64).")
    if not all(np.isfinite(a).all() for a in arrays):
        raise ValueError("arrays must hold finite numbers: start Adam from finite parameters.")
    return list(arrays)


def _check_beta(value, name: str) -> float:
    """A decay rate in [0, 1) (Algorithm 1 requires it)."""
    value = check_real(value, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must lie in [0, 1), got {value}.")
    return value
