"""The second-order test of a critical point: the signs of its Hessian's eigenvalues.

At a point where the gradient vanishes, a Hessian with only positive eigenvalues makes a
strict local minimum, one with eigenvalues of both signs a saddle, one with only negative
eigenvalues a strict local maximum; a zero eigenvalue without a sign change leaves the test
undecided (degenerate). Every chapter that asks "minimum or saddle?" of a smooth loss asks
it through :func:`second_order_test`, with one rule for what counts as zero.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossland.core.validation import as_matrix, check_positive

__all__ = ["RTOL", "SecondOrderTest", "second_order_test"]

#: Eigenvalues within ``RTOL`` times the largest eigenvalue in size count as zero.  Why
#: 1e-10: the symmetric eigensolver returns each eigenvalue to within about n * 2.2e-16 times
#: the largest (n the number of parameters, at most a few hundred here), and the Hessians of
#: this book, sums over at most a few thousand data points, carry round-off of the same
#: order: together below 1e-13 times the largest eigenvalue, a thousand times below RTOL.
#: Curvature, on the other hand, can be small against the largest eigenvalue: a Case-2
#: saddle of Chapter 1 on random data has a negative eigenvalue 1.7e-9 times its largest
#: (tests/decomposition/test_proof_ideas.py), so a tolerance of 1e-8 would call it
#: degenerate.  A point known only to the accuracy of an optimiser needs a larger ``rtol``
#: (its caller says why).  Relative, the verdict does not depend on the units of the data:
#: scaling the loss by c > 0 scales every eigenvalue and the tolerance alike.
RTOL = 1e-10


@dataclass(frozen=True)
class SecondOrderTest:
    """The verdict of :func:`second_order_test` and what it rests on.

    ``eigenvalues`` ascending; ``tolerance`` the absolute threshold below which an eigenvalue
    counts as zero; ``negative``/``zero``/``positive`` how many eigenvalues fall below
    ``-tolerance``, within it, above it (the Hessian's inertia); ``kind`` one of
    ``"minimum"`` (all positive), ``"maximum"`` (all negative), ``"saddle"`` (both signs)
    and ``"degenerate"`` (some zero and no sign change: the test decides nothing).
    """

    eigenvalues: NDArray[np.float64]
    tolerance: float
    negative: int
    zero: int
    positive: int
    kind: str


def second_order_test(hessian: ArrayLike, rtol: float = RTOL) -> SecondOrderTest:
    """Classify a critical point by the eigenvalues of its (symmetric) Hessian.

    An eigenvalue counts as zero when its size is at most ``rtol`` times the largest
    eigenvalue's size (see :data:`RTOL` for why 1e-10).  The test says what the Hessian
    says; that the gradient vanishes is the caller's to check.
    """
    H = as_matrix(hessian, "hessian")
    if H.shape[0] != H.shape[1] or H.size == 0:
        raise ValueError(f"hessian must be a non-empty square matrix, got shape {H.shape}.")
    if not np.allclose(H, H.T, rtol=0.0, atol=1e-12 * max(np.abs(H).max(), 1e-300)):
        raise ValueError("hessian must be symmetric (a Hessian of a smooth loss is); symmetrise it as (H + H.T) / 2.")
    rtol = check_positive(rtol, "rtol")
    if rtol >= 1:
        raise ValueError(f"rtol must be below 1 (a share of the largest eigenvalue), got {rtol}.")
    eigenvalues = np.linalg.eigvalsh(H)
    tolerance = float(rtol * np.abs(eigenvalues).max())
    negative = int(np.sum(eigenvalues < -tolerance))
    positive = int(np.sum(eigenvalues > tolerance))
    zero = len(eigenvalues) - negative - positive
    if negative and positive:
        kind = "saddle"
    elif zero:
        kind = "degenerate"
    else:
        kind = "minimum" if positive else "maximum"
    return SecondOrderTest(eigenvalues, tolerance, negative, zero, positive, kind)
