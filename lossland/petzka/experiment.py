"""The deep-and-wide experiment of Petzka & Sminchisescu (JMLR 2021), Sec. 5.3-5.4 and Fig. 3.

Steps, following the proof of Theorem 2:

1. :func:`teacher_student` - a 2-5-5-1 sigmoid *teacher* (no biases) labels 20
   random inputs; a 2-1-1-1 *student* is fitted by BFGS to a suboptimal local
   minimum; the matrices :math:`B^1(1)` (2x2) and :math:`B^1_{1,1}(2)` of Eq. (1)
   are computed there (:func:`lossland.petzka.embedding.b_matrix`).
2. :func:`widen` - twenty neurons are added to each hidden layer by the map
   :math:`\\gamma^1_\\lambda` (first layer 1, then layer 2), giving a 2-21-21-1
   network that computes the same function: a (degenerate) local minimum.
3. Fig. 3: :func:`random_direction_losses` (panels a, c), :func:`degenerate_path`
   (panel b: the last added neuron's :math:`\\lambda` leaves :math:`[0,1]`),
   :func:`lemma12_direction` (panel d: the descent direction at the saddle).
   :func:`figure3` runs all four.

**Settings of the authors' published code** (the paper does not state them):
numpy's legacy generator seeded with 22, teacher weights (2x5), (5x5), (5x1) then
inputs (20x2) then student weights (2x1), (1x1), (1x1), all by ``uniform`` (weights
on [-5, 5], inputs on [0, 1]); the matrices are drawn in the ``x @ W`` shape and
stored here transposed (row k = incoming weights of neuron k, the layout of
:mod:`lossland.core.sigmoid_nets`).  We draw from a private ``np.random.RandomState(22)``,
which yields exactly the stream of ``np.random.seed(22)`` without touching the
global generator; ``uniform(a, b)`` and ``a + (b - a) * rand()`` give identical numbers.

**Loss and B conventions.**  The loss is :math:`\\sum_\\alpha (f(x_\\alpha) - y_\\alpha)^2`
(no 1/2), which reproduces the paper's 4.817.  Eq. (1) with
:math:`\\ell_\\alpha = (f - y_\\alpha)^2` carries a factor 2 in
:math:`\\partial \\ell_\\alpha / \\partial \\mathsf{n}`; the paper's eigenvalues 0.0182,
0.0004 and :math:`B(2) = 0.0757` are *half* of that, i.e. Theorem 8's form with the
residual :math:`(f - y)`.  :class:`TeacherStudent` keeps both (``B1``/``B2`` per
Eq. (1) with our loss, ``B1_paper``/``B2_paper`` = half of them).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import minimize

from lossland.core import sigmoid_nets as sn
from lossland.core.validation import (
    as_vector, check_dataset, check_entries, check_natural, check_positive, check_real, check_seed,
)
from lossland.petzka.embedding import b_matrix, embed

__all__ = [
    "TEACHER_SIZES", "STUDENT_SIZES", "TeacherStudent", "teacher_student", "widen", "WideMinimum", "wide_minimum", "random_directions", "random_direction_losses",
    "degenerate_path", "lemma12_direction", "line_losses", "Figure3", "figure3",
]

TEACHER_SIZES = (2, 5, 5, 1)
STUDENT_SIZES = (2, 1, 1, 1)


@dataclass(frozen=True)
class TeacherStudent:
    """Data, teacher and the student's local minimum of Sec. 5.4."""

    X: np.ndarray              # (20, 2) inputs on [0, 1]^2
    y: np.ndarray              # (20,) teacher outputs
    teacher: np.ndarray        # flat 2-5-5-1 parameters (sigmoid_nets layout)
    student_init: np.ndarray   # flat 2-1-1-1 starting point
    student: np.ndarray        # flat 2-1-1-1 local minimum found by BFGS
    loss: float                # total loss at the minimum (paper: 4.817)
    grad_norm: float           # |gradient| at the minimum
    B1: np.ndarray             # (2, 2) B^1(1) of Eq. (1), with l_alpha = (f - y)^2
    B2: float                  # B^1_{1,1}(2) of Eq. (1)
    B1_paper: np.ndarray       # B1 / 2: the residual convention of the paper's numbers
    B2_paper: float            # B2 / 2 (paper: 0.0757)
    n_iterations: int          # BFGS iterations


def _check_arch(arch) -> None:
    if not isinstance(arch, sn.Architecture):
        raise TypeError(f"arch must be a sigmoid_nets.Architecture, got {type(arch).__name__}.")


def _check_data(arch: sn.Architecture, theta, X, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``theta``, ``X`` and ``y`` checked against ``arch``."""
    _check_arch(arch)
    X, y = check_dataset(X, y)
    if X.shape[1] != arch.sizes[0]:
        raise ValueError(f"X has {X.shape[1]} columns but the network {arch.sizes} takes {arch.sizes[0]} inputs.")
    return as_vector(theta, "theta", length=arch.size), X, y


def _check_wide(wide) -> None:
    if not isinstance(wide, WideMinimum):
        raise TypeError(f"wide must come from wide_minimum(), got {type(wide).__name__}.")


def _check_lam(lam) -> float:
    lam = check_real(lam, "lam")
    if not 0 < lam < 1:
        raise ValueError(f"lam must lie strictly between 0 and 1 (Theorem 9 with positive definite B), got {lam}.")
    return lam


def _check_n_add(arch: sn.Architecture, n_add) -> tuple[int, ...]:
    """One count >= 0 per hidden layer, refusing a widened network too large to build."""
    if isinstance(n_add, (str, bytes)) or not hasattr(n_add, "__len__"):
        raise TypeError(f"n_add must be a sequence of counts, one per hidden layer, got {n_add!r}.")
    if len(n_add) != arch.depth - 1:
        raise ValueError(f"n_add needs one count per hidden layer ({arch.depth - 1}), got {n_add!r}.")
    counts = tuple(check_natural(count, f"n_add[{i}]") for i, count in enumerate(n_add))
    sizes = [arch.sizes[0]] + [n + count for n, count in zip(arch.sizes[1:-1], counts)] + [1]
    check_entries(sum(counts) * sn.Architecture(tuple(sizes)).size, "n_add")
    return counts


def _draw(rng: np.random.RandomState, sizes) -> np.ndarray:
    """Weights in the authors' order and shapes ((n_{l-1} x n_l), uniform on [-5, 5]), flat in our layout."""
    arch = sn.Architecture(tuple(sizes))
    mats = [rng.uniform(-5, 5, size=(m, n)).T for m, n in zip(sizes[:-1], sizes[1:])]
    return arch.pack(mats)


def teacher_student(seed: int = 22, n_points: int = 20, gtol: float = 1e-5) -> TeacherStudent:
    """Build the data set of Sec. 5.4 and fit the 2-1-1-1 student by BFGS (``scipy.optimize.minimize``).

    Parameters
    ----------
    seed : int
        Seed of the legacy ``RandomState`` (22 reproduces the paper).
    n_points : int
        Number of data points (20 in the paper).
    gtol : float
        BFGS gradient tolerance (scipy's default 1e-5; the minimum agrees to 1e-4
        in the weights and 1e-11 in the loss for gtol down to 1e-10).
    """
    if check_seed(seed) >= 2**32:
        raise ValueError(f"seed must be below 2**32 (a legacy RandomState seed), got {seed}.")
    n_points = check_positive(n_points, "n_points", integer=True)
    check_entries(2 * n_points, "n_points")
    gtol = check_positive(gtol, "gtol")
    rng = np.random.RandomState(seed)
    teacher = _draw(rng, TEACHER_SIZES)
    X = rng.uniform(0, 1, size=(n_points, 2))
    y = sn.forward(sn.Architecture(TEACHER_SIZES), teacher, X)
    start = _draw(rng, STUDENT_SIZES)
    arch = sn.Architecture(STUDENT_SIZES)
    fit = minimize(lambda t: sn.loss(arch, t, X, y), start, jac=lambda t: sn.gradient(arch, t, X, y),
                   method="BFGS", options={"gtol": gtol})
    theta = fit.x
    B1 = b_matrix(arch, theta, X, y, layer=1, neuron=0)
    B2 = float(b_matrix(arch, theta, X, y, layer=2, neuron=0)[0, 0])
    return TeacherStudent(
        X=X, y=y, teacher=teacher, student_init=start, student=theta,
        loss=sn.loss(arch, theta, X, y), grad_norm=float(np.linalg.norm(sn.gradient(arch, theta, X, y))),
        B1=B1, B2=B2, B1_paper=B1 / 2, B2_paper=B2 / 2, n_iterations=int(fit.nit),
    )


def widen(arch: sn.Architecture, theta: ArrayLike, n_add=(20, 20), lam: float = 0.5):
    """Proof of Theorem 2: apply :math:`\\gamma^1_\\lambda` to neuron 1 of layer 1 ``n_add[0]`` times, then of layer 2.

    Each new neuron is appended after the existing ones; ``lam`` must lie in (0, 1)
    (the B-matrices are positive (semi)definite, Theorem 9).  Each step is
    :func:`lossland.petzka.embedding.embed`.  Returns ``(wide_arch, wide_theta)``.
    """
    lam = _check_lam(lam)
    _check_arch(arch)
    theta = as_vector(theta, "theta", length=arch.size)
    for layer, count in enumerate(_check_n_add(arch, n_add), start=1):
        for _ in range(count):
            arch, theta = embed(arch, theta, layer, 0, lam)
    return arch, theta


@dataclass(frozen=True)
class WideMinimum:
    """The 2-21-21-1 local minimum of Sec. 5.4 and the student it was built from."""

    data: TeacherStudent
    arch: sn.Architecture      # (2, 21, 21, 1)
    theta: np.ndarray          # gamma-embedded student
    lam: float                 # lambda of every split
    loss: float                # equals data.loss (same network function)
    grad_norm: float           # ~ |student gradient|: Theorem 7 (critical points map to critical points)


def wide_minimum(data: TeacherStudent | None = None, n_add=(20, 20), lam: float = 0.1) -> WideMinimum:
    """Widen the student's minimum as in the proof of Theorem 2 (default: the paper's 2-21-21-1).

    ``lam = 0.1`` keeps the last added neuron's outgoing weight :math:`\\lambda(1-\\lambda)^{19} v`
    large enough for the saddle of Fig. 3(c, d) to be visible; with 0.5 it is
    :math:`0.5^{20} v \\approx 10^{-6}`, and the negative curvature ~ :math:`10^{-6}`.
    """
    if data is not None and not isinstance(data, TeacherStudent):
        raise TypeError(f"data must come from teacher_student() (or be None), got {type(data).__name__}.")
    data = teacher_student() if data is None else data
    arch, theta = widen(sn.Architecture(STUDENT_SIZES), data.student, n_add, lam)
    return WideMinimum(
        data=data, arch=arch, theta=theta, lam=float(lam), loss=sn.loss(arch, theta, data.X, data.y),
        grad_norm=float(np.linalg.norm(sn.gradient(arch, theta, data.X, data.y))),
    )


def _last_split(wide: WideMinimum):
    """Index of the last neuron added to the last hidden layer and its pre-split outgoing weights w."""
    weights, _ = wide.arch.unpack(wide.theta)
    layer = wide.arch.depth - 1
    if wide.arch.sizes[layer] < 2:
        raise ValueError("the last hidden layer has no added neuron: widen it first (n_add[-1] >= 1).")
    last = wide.arch.sizes[layer] - 1
    return layer, last, weights[layer][:, 0] + weights[layer][:, last]


def degenerate_path(wide: WideMinimum, lambdas) -> np.ndarray:
    """Fig. 3(b): parameters as the last added neuron's :math:`\\lambda` runs through ``lambdas``.

    Neuron ``-s`` (the last one, in the last hidden layer) gets outgoing weight
    :math:`\\lambda' w`, neuron 1 gets :math:`(1-\\lambda') w`, where ``w`` is their
    sum; every other weight is fixed.  The network function - hence the loss - is the
    same for every :math:`\\lambda'`.  Returns (len(lambdas), size).
    """
    _check_wide(wide)
    lambdas = as_vector(lambdas, "lambdas")
    return _degenerate_path(wide, lambdas)


def _degenerate_path(wide: WideMinimum, lambdas: np.ndarray) -> np.ndarray:
    layer, last, w = _last_split(wide)
    weights, _ = wide.arch.unpack(wide.theta)
    out = np.repeat(wide.theta[None, :], len(lambdas), axis=0)
    start = sum(W.size for W in weights[:layer])             # offset of W^{layer+1}
    n_prev = wide.arch.sizes[layer]
    for k in range(w.size):                                  # row k of W^{layer+1}
        out[:, start + k * n_prev + last] = lambdas * w[k]
        out[:, start + k * n_prev + 0] = (1 - lambdas) * w[k]
    return out


def lemma12_direction(wide: WideMinimum, theta_saddle, lam_saddle: float) -> np.ndarray:
    """Fig. 3(d): the descent direction of Lemma 12 at the saddle (unit vector, length ``arch.size``).

    With :math:`\\alpha = 1 - \\lambda'`, :math:`\\beta = \\lambda'` the incoming weights move as
    :math:`u_{-s} \\mathrel{+}= \\alpha \\xi`, :math:`u_{1} \\mathrel{-}= \\beta \\xi`, which leaves the
    output unchanged to first order; the second derivative is
    :math:`\\alpha\\beta\\, \\xi^\\top B \\xi`, negative for :math:`\\lambda' \\notin [0, 1]` when
    :math:`\\xi` is the top eigenvector of the (positive semidefinite) B of Eq. (1) of
    neuron 1 before the split (:math:`B = (1-\\lambda)^{s-1} B(2)`, constant).
    """
    _check_wide(wide)
    as_vector(theta_saddle, "theta_saddle", length=wide.arch.size)
    return _lemma12_direction(wide, _check_saddle(lam_saddle))


def _check_saddle(lam_saddle) -> float:
    lam_saddle = check_real(lam_saddle, "lam_saddle")
    if 0 <= lam_saddle <= 1:
        raise ValueError(f"lam_saddle must lie outside [0, 1] for a saddle (Lemma 12), got {lam_saddle}.")
    return lam_saddle


def _lemma12_direction(wide: WideMinimum, lam_saddle: float) -> np.ndarray:
    layer, last, w = _last_split(wide)
    # B of neuron 1 before the last split: all of w back on neuron 1 (lambda' = 0); the last neuron is then inert.
    merged = _degenerate_path(wide, np.zeros(1))[0]
    B = b_matrix(wide.arch, merged, wide.data.X, wide.data.y, layer=layer, neuron=0)
    values, vectors = np.linalg.eigh(B)
    if values[-1] <= 0:
        raise ValueError("B has no positive eigenvalue: no descent direction from this construction.")
    xi = vectors[:, -1]
    weights, _ = wide.arch.unpack(np.zeros(wide.arch.size))
    weights[layer - 1][last] = (1 - lam_saddle) * xi
    weights[layer - 1][0] = -lam_saddle * xi
    d = wide.arch.pack(weights)
    return d / np.linalg.norm(d)


def random_directions(n: int, size: int, seed: int = 0) -> np.ndarray:
    """``n`` unit vectors uniform on the sphere in :math:`\\mathbb{R}^{size}` (seeded ``default_rng``)."""
    n, size = check_positive(n, "n", integer=True), check_positive(size, "size", integer=True)
    check_entries(n * size, "n * size")
    d = np.random.default_rng(check_seed(seed)).standard_normal((n, size))
    return d / np.linalg.norm(d, axis=1, keepdims=True)


def line_losses(arch: sn.Architecture, theta: ArrayLike, direction, steps, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Loss at ``theta + t * direction`` for each ``t`` in ``steps`` (one direction)."""
    theta, X, y = _check_data(arch, theta, X, y)
    steps = as_vector(steps, "steps")
    thetas = theta[None, :] + steps[:, None] * as_vector(direction, "direction", length=arch.size)
    return sn.loss_batch(arch, thetas, X, y)


def random_direction_losses(arch: sn.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, steps, n_directions: int = 5000,
                            seed: int = 0, chunk: int = 64) -> np.ndarray:
    """Fig. 3(a, c) top: loss along ``n_directions`` random unit directions, shape (n_directions, len(steps)).

    Directions come from ``default_rng(seed)``, ``chunk`` at a time (the same stream
    whatever ``chunk`` is), and each chunk's ``chunk * len(steps)`` parameter vectors
    are evaluated together: memory stays ~ ``chunk * len(steps) * size`` floats
    (the authors' notebook held all 5000 at once, ~4 GB).  The working arrays are
    allocated once per call and overwritten by every chunk (fresh ones per chunk cost
    about a third of the time in page faults), and evaluated as
    :func:`lossland.core.sigmoid_nets.loss_batch` evaluates them.  Fig. 3's bottom panels
    are ``losses.min(axis=0)``.
    """
    theta, X, y = _check_data(arch, theta, X, y)
    steps = as_vector(steps, "steps")
    n_directions = check_positive(n_directions, "n_directions", integer=True)
    check_entries(n_directions * len(steps), "n_directions")
    chunk = min(check_positive(chunk, "chunk", integer=True), n_directions)
    rng = np.random.default_rng(check_seed(seed))
    d = np.empty((chunk, arch.size))
    thetas = np.empty((chunk, len(steps), arch.size))
    net = sn.BatchBuffers.allocate(arch, thetas.reshape(-1, arch.size), len(X))
    out = np.empty(n_directions * len(steps))
    for start in range(0, n_directions, chunk):
        m = min(chunk, n_directions - start)
        _unit_directions(rng, d[:m])
        np.multiply(steps[None, :, None], d[:m, None, :], out=thetas[:m])
        thetas[:m] += theta                                   # theta + t d: the two roundings of that expression
        rows = slice(start * len(steps), (start + m) * len(steps))
        sn.losses_into(net, m * len(steps), X, y, out[rows])
    return out.reshape(n_directions, len(steps))


def _unit_directions(rng: np.random.Generator, d: np.ndarray) -> None:
    """Overwrite ``d`` (m, size) with m unit vectors uniform on the sphere: the stream of :func:`random_directions`."""
    rng.standard_normal(out=d)
    d /= np.linalg.norm(d, axis=1, keepdims=True)


@dataclass(frozen=True)
class Figure3:
    """Arrays behind the four panels of Fig. 3 (losses are total losses, shapes in comments)."""

    wide: WideMinimum
    steps: np.ndarray            # (S,) step sizes t along unit directions (panels a, c, d)
    minimum_losses: np.ndarray   # (n_directions, S) (a) top: loss at theta_min + t d_k
    lambdas: np.ndarray          # (P,) lambda' of the last added neuron along the path (b)
    path_losses: np.ndarray      # (P,) (b) loss along the degenerate path: constant
    theta_saddle: np.ndarray     # parameters at lambda' = lam_saddle
    saddle_losses: np.ndarray    # (n_directions, S) (c) top: loss at theta_saddle + t d_k
    descent_direction: np.ndarray  # Lemma 12 unit direction at the saddle
    descent_losses: np.ndarray   # (S,) (d) loss along it

    @property
    def minimum_min(self) -> np.ndarray:
        """(a) bottom: minimum over directions at each step, (S,)."""
        return self.minimum_losses.min(axis=0)

    @property
    def saddle_min(self) -> np.ndarray:
        """(c) bottom: minimum over directions at each step, (S,)."""
        return self.saddle_losses.min(axis=0)


def figure3(wide: WideMinimum | None = None, steps=None, n_directions: int = 5000, lam_saddle: float = 3.0,
            n_path: int = 61, seed: int = 0, chunk: int = 64) -> Figure3:
    """Compute Fig. 3 (a)-(d) at the 2-21-21-1 minimum (default ``wide_minimum()``).

    ``steps`` defaults to 41 values in [-1, 1]; the path (b) runs :math:`\\lambda'` from
    the embedding's ``lam`` to ``lam_saddle`` (outside [0, 1]).  The same ``seed``
    (hence the same directions) is used at the minimum and at the saddle.
    """
    if wide is not None:
        _check_wide(wide)
    steps = np.linspace(-1.0, 1.0, 41) if steps is None else as_vector(steps, "steps")
    lam_saddle = _check_saddle(lam_saddle)
    n_path = check_positive(n_path, "n_path", integer=True)
    n_directions = check_positive(n_directions, "n_directions", integer=True)
    check_entries(n_directions * len(steps), "n_directions")
    wide = wide_minimum() if wide is None else wide
    check_entries(n_path * wide.arch.size, "n_path")
    X, y = wide.data.X, wide.data.y
    lambdas = np.linspace(wide.lam, lam_saddle, n_path)
    path = _degenerate_path(wide, lambdas)
    theta_saddle = path[-1]
    d = _lemma12_direction(wide, lam_saddle)
    return Figure3(
        wide=wide, steps=steps,
        minimum_losses=random_direction_losses(wide.arch, wide.theta, X, y, steps, n_directions, seed, chunk),
        lambdas=lambdas, path_losses=sn.loss_batch(wide.arch, path, X, y), theta_saddle=theta_saddle,
        saddle_losses=random_direction_losses(wide.arch, theta_saddle, X, y, steps, n_directions, seed, chunk),
        descent_direction=d, descent_losses=line_losses(wide.arch, theta_saddle, d, steps, X, y),
    )
