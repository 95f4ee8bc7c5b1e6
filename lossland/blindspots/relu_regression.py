"""Local minima of ReLU regression (Sec. 3.1.3, 3.2 and App. B.3-B.4 of Swirszcz, Czarnecki & Pascanu).

One-hidden-layer part (Prop. 1-3, Fig. 4, Remark 1): the paper's model is
:mod:`lossland.core.nets` with biases, and its loss is the *sum* of squares, Eq. (1),

.. math::
    \\mathcal{L}(w, b, v, c) = \\sum_{i=1}^n (v \\cdot \\mathrm{ReLU}(w x_i + b) + c - y_i)^2
    = 2 \\times \\texttt{nets.loss}.

A local minimum is certified by the argument of App. B.4 in code: near
``theta`` every unit that is strictly active (inactive) on a point stays so;
a unit exactly at its kink may go either way.  For each reachable activation
pattern the outputs are affine in the effective per-unit line
:math:`(v_j w_j, v_j b_j)` and :math:`c` (the paper's substitution
``x, y, z``), so the loss there is at least that pattern's linear
least-squares optimum.  If every such bound is >= the loss at ``theta``,
``theta`` is a local minimum.

The deep part (Lemma 1-2, Corollary 1, Theorem 1, App. B.3) is
:mod:`lossland.blindspots.deep_regression`.

Errata found while checking the printed numbers (see ``SOLUTIONS``):

* Prop. 2 prints ``w = (-5, -1)`` and ``w = (-3, -1)``; with ``w_2 = -1`` the
  second unit is dead on all of D2, the "global minimum" has loss 29, worse
  than the "local" one (23/3).  With ``w_2 = +1`` both check out: perfect fit,
  and the local minimum with loss 8/3.
* Prop. 2 as printed: neither point is even critical.  With the second unit dead, the
  residuals do not sum to zero (9 and 3), so moving ``c`` alone lowers the loss.
* Prop. 3 calls one solution the "better local minimum"; neither is global: three units fit
  D3 exactly (``"prop3_perfect"``: a linear unit of slope -2/9 plus kinks at 7/25 and 169/16).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import nets
from lossland.core.probes import is_local_minimum
from lossland.core.validation import (
    as_array, as_matrix, as_vector, check_dataset, check_entries, check_flag, check_index, check_pattern,
    check_positive, check_real, check_seed, check_width,
)

__all__ = [
    "DATASETS", "SOLUTIONS", "dataset", "architecture", "pack", "paper_loss", "solution", "reachable_patterns", "pattern_lower_bound", "Certificate", "certify", "probe", "rescale", "rescaling_direction", "blind_spots", "region", "units_by_region",
]

# --- the datasets and the printed parameter sets -------------------------------------------

DATASETS = {
    "D1": ([5, 4, 3, 1, -1], [2, 1, 0, -3, 3]),  # text before Prop. 1, Fig. 4 (a)
    "D2": ([-1, 0, 1, 10, 11, 12], [5, 0, -1, -3, -4, -5]),  # Prop. 2, Fig. 4 (b)
    "D3": ([-1, 0, 1, 10, 11, 12], [3, 0, -1, -3, -4, -6]),  # Prop. 3, Fig. 4 (c)
}

# name: (dataset, w, b, v, c, loss claimed or implied by the text, note)
SOLUTIONS = {
    "prop1_local": ("D1", [1], [-3], [1], 0, 18.0, "Prop. 1 / App. B.4: L(1,-3,1,0) = 18"),
    "prop1_better": ("D1", [-7], [-4], [1], 0, 14.0, "App. B.4: L(-7,-4,1,0) = 14"),
    "prop2_global_printed": ("D2", [-5, -1], [1, -8], [1, -1], -1, 0.0, "as printed: NOT a perfect fit (loss 29)"),
    "prop2_global": ("D2", [-5, 1], [1, -8], [1, -1], -1, 0.0, "erratum w2 = +1: perfect fit"),
    "prop2_local_printed": ("D2", [-3, -1], [4 + 1 / 3, -10], [1, -1], -3, 8 / 3, "as printed: loss 23/3"),
    "prop2_local": ("D2", [-3, 1], [4 + 1 / 3, -10], [1, -1], -3, 8 / 3, "erratum w2 = +1"),
    "prop3_better": ("D3", [-1.5, -1.5, 1.5], [1, 0, -13 - 1 / 6], [1, 1, -1], -1, 1 / 6, "Prop. 3, better"),
    "prop3_local": ("D3", [-2, 1, 1], [3 + 2 / 3, -10, -11], [1, -1, -1], -3, 2 / 3, "Prop. 3, worse"),
    # ours, not the paper's: slopes -3, -2/9, -2 with kinks at 7/25 and 169/16 interpolate all of D3
    "prop3_perfect": ("D3", [1, -1, 1], [2, 7 / 25, -169 / 16], [-2 / 9, 25 / 9, -16 / 9], -1 / 3, 0.0,
                      "ours: a perfect fit of D3 with three units, so both minima of Prop. 3 are suboptimal"),
}


def dataset(name: str) -> tuple[np.ndarray, np.ndarray]:
    """``X`` (N, 1) and ``y`` (N,) of D1, D2 or D3 exactly as printed."""
    if name not in DATASETS:
        raise ValueError(f"name must be one of {sorted(DATASETS)}, got {name!r}.")
    x, y = DATASETS[name]
    return np.asarray(x, dtype=float)[:, None], np.asarray(y, dtype=float)


def architecture(width: int) -> nets.Architecture:
    """The paper's model: 1 input, ``width`` ReLUs with biases, output bias ``c``."""
    width = check_width(width)
    check_entries(3 * width + 1, "width")
    return nets.Architecture(1, width, bias=True)


def pack(w, b, v, c) -> np.ndarray:
    """Flat ``theta`` of :mod:`lossland.core.nets` from the paper's ``(w, b, v, c)`` (order of Eq. 1)."""
    w = as_vector(w, "w")
    b, v = as_vector(b, "b", length=w.size), as_vector(v, "v", length=w.size)
    return architecture(w.size).pack(w[:, None], v, b, check_real(c, "c"))


def _check_model(arch, theta) -> np.ndarray:
    """``theta``, one parameter vector, checked against the one-hidden-layer ``arch``."""
    if not isinstance(arch, nets.Architecture):
        raise TypeError(f"arch must be a nets.Architecture (see architecture()), got {type(arch).__name__}.")
    return as_vector(theta, "theta", length=arch.size)


def _check_thetas(theta) -> tuple[np.ndarray, int]:
    """Parameters of Eq. (1), one vector or a batch (..., 3 width + 1), and the width they imply."""
    theta = as_array(theta, "theta")
    if theta.ndim == 0 or theta.shape[-1] < 4 or (theta.shape[-1] - 1) % 3:
        raise ValueError(f"theta must end in 3 * width + 1 parameters (w, b, v, c), got shape {theta.shape}.")
    return theta, (theta.shape[-1] - 1) // 3


def paper_loss(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Eq. (1): the *sum* of squared errors (twice :func:`lossland.core.nets.loss`); batches allowed."""
    theta, width = _check_thetas(theta)
    X, y = check_dataset(X, y)
    return 2.0 * nets.loss(architecture(width), theta, X, y)


def solution(name: str):
    """``(arch, theta, X, y)`` for a named entry of :data:`SOLUTIONS`."""
    if name not in SOLUTIONS:
        raise ValueError(f"name must be one of {sorted(SOLUTIONS)}, got {name!r}.")
    data, w, b, v, c = SOLUTIONS[name][:5]
    X, y = dataset(data)
    return architecture(len(w)), pack(w, b, v, c), X, y


# --- certificate of local minimality (App. B.4) ---------------------------------------------

def reachable_patterns(arch, theta: ArrayLike, X: ArrayLike, tol: float = 1e-12) -> list[np.ndarray]:
    """Activation patterns (N, h) reachable arbitrarily close to ``theta``: kinks (|z| <= tol) go both ways."""
    theta, X = _check_model(arch, theta), as_matrix(X, "X", columns=arch.n_inputs)
    return _reachable_patterns(arch, theta, X, check_positive(tol, "tol"))


#: The most kinks (unit at 0 on a data point) whose 2**kinks patterns are enumerated.
MAX_KINKS = 20


def _reachable_patterns(arch, theta, X, tol: float) -> list[np.ndarray]:
    W, v, b, c = arch.unpack(theta)
    z = X @ W.T + b
    kinks = np.argwhere(np.abs(z) <= tol)
    if len(kinks) > MAX_KINKS:
        raise ValueError(f"theta puts {len(kinks)} (point, unit) pairs of X at a kink (|z| <= tol): that makes "
                         f"2**{len(kinks)} ~ {2.0 ** len(kinks):.3g} patterns, more than the 2**{MAX_KINKS} enumerated.")
    base = z > tol
    out = []
    for choice in itertools.product([False, True], repeat=len(kinks)):
        p = base.copy()
        for (i, j), on in zip(kinks, choice):
            p[i, j] = on
        out.append(p)
    return out


def pattern_lower_bound(X: ArrayLike, y: ArrayLike, pattern: ArrayLike) -> float:
    """Least loss (Eq. 1) of any parameters with activation ``pattern``: a linear least-squares fit.

    Outputs are :math:`c + \\sum_j a_{ij} (\\alpha_j x_i + \\beta_j)` with
    :math:`\\alpha_j = v_j w_j`, :math:`\\beta_j = v_j b_j` (App. B.4's ``x, y, z``).
    """
    X, y = check_dataset(X, y)
    if X.shape[1] != 1:
        raise ValueError(f"X must have 1 column (the paper's model has one input), got shape {X.shape}.")
    pattern = as_array(pattern, "pattern", bools=True)
    width = pattern.shape[1] if pattern.ndim == 2 else "h"  # any number of units, one row per point
    return _pattern_lower_bound(X, y, check_pattern(pattern, "pattern", (len(y), width)).astype(float))


def _pattern_lower_bound(X, y, a) -> float:
    columns = [a * X[:, :1], a, np.ones((len(y), 1))]
    A = np.hstack(columns)
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    return float(np.sum((A @ coef - y) ** 2))


@dataclass
class Certificate:
    """Outcome of :func:`certify`: one row per reachable pattern."""

    loss: float
    patterns: list
    lower_bounds: np.ndarray
    gradient_norms: np.ndarray  # of the smooth loss with that pattern fixed
    min_hessian_eigenvalues: np.ndarray

    @property
    def is_local_minimum(self) -> bool:
        return bool(np.all(self.lower_bounds >= self.loss - 1e-9))


def certify(arch, theta: ArrayLike, X: ArrayLike, y: ArrayLike, tol: float = 1e-12) -> Certificate:
    """The case analysis of App. B.4 for any one-hidden-layer point (see module docstring)."""
    theta = _check_model(arch, theta)
    X, y = check_dataset(X, y)
    if X.shape[1] != 1 or arch.n_inputs != 1:
        raise ValueError(f"X must have 1 column, like the paper's one-input model, got shape {X.shape}.")
    pats = _reachable_patterns(arch, theta, X, check_positive(tol, "tol"))
    bounds = np.array([_pattern_lower_bound(X, y, p.astype(float)) for p in pats])
    grads = np.array([np.linalg.norm(2 * nets.gradient(arch, theta, X, y, p)) for p in pats])
    eigs = np.array([np.linalg.eigvalsh(2 * nets.hessian(arch, theta, X, y, p))[0] for p in pats])
    return Certificate(float(paper_loss(theta, X, y)), pats, bounds, grads, eigs)


def probe(arch, theta: ArrayLike, X: ArrayLike, y: ArrayLike, radii=(1e-4, 1e-3, 1e-2, 1e-1), n_directions: int = 4000, seed: int = 0) -> bool:
    """Dense random perturbations (:func:`lossland.core.probes.is_local_minimum`) of the loss of Eq. (1)."""
    theta = _check_model(arch, theta)
    X, y = check_dataset(X, y)
    radii = as_vector(radii, "radii")
    if np.any(radii <= 0):
        raise ValueError(f"radii must be positive, got {radii}.")
    n_directions = check_positive(n_directions, "n_directions", integer=True)
    check_entries(n_directions * len(radii) * arch.size, "n_directions")
    seed = check_seed(seed)
    return is_local_minimum(lambda t: paper_loss(t, X, y), theta, radii, n_directions, seed, tol=1e-10)


def rescale(arch, theta: ArrayLike, unit: int, alpha: float) -> np.ndarray:
    """Remark 1's manifold: :math:`(w_j, b_j, v_j) \\to (\\alpha w_j, \\alpha b_j, v_j / \\alpha)`, ``alpha > 0``."""
    theta = _check_model(arch, theta)
    unit = check_index(unit, "unit", arch.width)
    alpha = check_positive(alpha, "alpha")
    W, v, b, c = (np.array(p, dtype=float) for p in arch.unpack(theta))
    W[unit] *= alpha
    b[unit] *= alpha
    v[unit] /= alpha
    return arch.pack(W, v, b, c)


def rescaling_direction(arch, theta: ArrayLike, unit: int = 0) -> np.ndarray:
    """Unit tangent of :func:`rescale` at ``alpha = 1``: :math:`(w_j, b_j, -v_j)`; the loss is flat along it."""
    theta = _check_model(arch, theta)
    unit = check_index(unit, "unit", arch.width)
    W, v, b, c = arch.unpack(theta)
    if not (np.any(W[unit]) or b[unit] or v[unit]):
        raise ValueError(f"unit {unit} of theta has w = b = v = 0: rescaling does not move it, there is no direction.")
    d = arch.pack(np.where(np.arange(arch.width)[:, None] == unit, W, 0), np.where(np.arange(arch.width) == unit, -v, 0),
                  np.where(np.arange(arch.width) == unit, b, 0), 0.0)
    if not np.linalg.norm(d) > 0:  # the squares of a tiny unit's weights underflow: normalise in its own units
        d = d / np.abs(d).max()
    return d / np.linalg.norm(d)


def blind_spots(arch, theta: ArrayLike, X: ArrayLike, strict: bool = True) -> np.ndarray:
    """Indices of data points on which every unit is inactive.

    ``strict`` (default) asks every pre-activation to be < 0, so that the point
    stays blind under small perturbations; otherwise a unit at its kink (= 0)
    counts as inactive too.
    """
    theta, X = _check_model(arch, theta), as_matrix(X, "X", columns=arch.n_inputs)
    strict = check_flag(strict, "strict")
    W, v, b, c = arch.unpack(theta)
    z = X @ W.T + b
    return np.flatnonzero(np.all(z < 0 if strict else z <= 0, axis=1))


def region(X: ArrayLike, split: float = 6.0) -> np.ndarray:
    """Region of Prop. 3: ``"I"`` for x < split, ``"II"`` for x >= split."""
    x = as_matrix(X, "X", columns=1)[:, 0]
    return np.where(x < check_real(split, "split"), "I", "II")


def units_by_region(arch, theta: ArrayLike, X: ArrayLike, split: float = 6.0) -> dict[str, list[int]]:
    """Which units are active on some data point of each region."""
    theta, X = _check_model(arch, theta), as_matrix(X, "X", columns=arch.n_inputs)
    p = nets.pattern_of(arch, theta, X)
    r = region(X, split)
    return {name: [int(j) for j in np.flatnonzero(p[r == name].any(axis=0))] for name in ("I", "II")}
