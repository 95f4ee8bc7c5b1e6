"""The closing chapter's running example: one small dataset seen through the five chapters' lenses.

Five points on a line, :math:`x = -2, -1, 0, 1, 2`, with targets :math:`(2, 0, t, 0, 1)`: a lopsided "W" whose
middle target ``t`` the explorer moves.  Each lens calls the chapter's own package functions on
these data, in the network of that chapter's paper:

* :func:`regions_lens`: Chapter 1, one-hidden-layer ReLU network with biases, every activation
  region's subglobal minimum and the share of poor ones (``minima_by_width``, ``poor_share``);
* :func:`liu_lens`: Chapter 2, Liu's network on the inputs :math:`(x, 1)`, its genuine
  differentiable minima and the share of random starts trapped by a bad one (``trap_census``);
* :func:`exp_lens`: Chapter 3, one exponential neuron added at a bad minimum of Chapter 1's
  network, then L-BFGS-B on :math:`\\tilde L` (``Problem``, ``local_runs``);
* :func:`split_lens`: Chapter 4, a 1-1-1 sigmoid network at a minimum, split into a 1-2-1
  network (``b_matrix``, ``embedded_smallest_eigenvalues``);
* :func:`blind_lens`: Chapter 5, gradient descent from an initialisation whose every unit is
  inactive on every point, a blind spot of the whole dataset (``blind_spots``).

The lenses import the chapters; no chapter imports this module.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from lossland.core import nets
from lossland.core import sigmoid_nets as sn
from lossland.core.critical import second_order_test
from lossland.core.descent import gradient_descent
from lossland.core.genuine import genuineness
from lossland.core.threads import one_blas_thread
from lossland.core.validation import (
    as_matrix, as_vector, check_dataset, check_positive, check_real, check_seed, check_seeds, check_width, check_widths,
)
from lossland.blindspots.relu_regression import blind_spots
from lossland.decomposition.constructions import minima_by_width, poor_share
from lossland.expneuron.losses import SquaredLoss
from lossland.expneuron.objective import Problem
from lossland.expneuron.theorem1 import local_runs
from lossland.liu.criteria import liu_inputs
from lossland.liu.discrete import trap_census
from lossland.petzka.embedding import b_matrix, embedded_smallest_eigenvalues

__all__ = [
    "INPUTS", "MIDDLE_TARGETS", "MAX_WIDTH", "MAX_STEPS", "running_data", "ReluModel", "regions_lens", "liu_lens", "BadMinimum", "bad_minimum",
    "exp_lens", "split_lens", "blind_lens", "Lenses", "five_lenses",
]

#: The five inputs of the running example.
INPUTS = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
#: The middle targets the explorer offers (1.0 is the chapter's default).
MIDDLE_TARGETS = (0.0, 0.5, 1.0, 1.5, 2.0)


def running_data(t: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The running example: inputs ``INPUTS`` as a column (5, 1) and targets :math:`(2, 0, t, 0, 1)` (lopsided, so that no symmetry makes a critical point degenerate)."""
    t = check_real(t, "t")
    return INPUTS[:, None].copy(), np.array([2.0, 0.0, t, 0.0, 1.0])


@dataclass(frozen=True)
class ReluModel:
    """Chapter 1's ReLU network as a model of Chapter 3's :class:`~lossland.expneuron.objective.Problem`.

    :math:`f(x;\\theta) = \\sum_j v_j [w_j \\cdot x + b_j]_+ + c` with ``theta`` laid out as in
    :mod:`lossland.core.nets`.  The Jacobian is the almost-everywhere derivative (a unit at its
    kink counts as inactive, as in :func:`lossland.core.nets.gradient`); Kawaguchi and Kaelbling's
    Theorem 1 asks nothing of the model, only of the loss.
    """

    arch: nets.Architecture

    def __post_init__(self) -> None:
        if not isinstance(self.arch, nets.Architecture):
            raise TypeError(f"arch must be a lossland.core.nets.Architecture, got {type(self.arch).__name__}.")

    @property
    def size(self) -> int:
        return self.arch.size

    @property
    def d_x(self) -> int:
        return self.arch.n_inputs

    d_y = 1

    def outputs(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        """Network outputs, shape (m, 1)."""
        return nets.outputs(self.arch, theta, as_matrix(X, "X", columns=self.d_x))[:, None]

    def jacobian(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        """:math:`\\partial f(x_i) / \\partial\\theta`, shape (m, 1, size), in the layout of :mod:`lossland.core.nets`."""
        theta = as_vector(theta, "theta", length=self.size)
        X = as_matrix(X, "X", columns=self.d_x)
        W, v, b, _ = self.arch.unpack(theta)
        z = X @ W.T + b
        a = (z > 0).astype(float)
        parts = [((a * v)[:, :, None] * X[:, None, :]).reshape(len(X), -1), a * z]
        if self.arch.bias:
            parts += [a * v, np.ones((len(X), 1))]
        return np.concatenate(parts, axis=1)[:, None, :]


MAX_WIDTH = 4
"""The widest network the lenses enumerate: every region of width h is solved, and there are (cells)^h of them."""
MAX_STEPS = 100_000


def _data(X, y) -> tuple[np.ndarray, np.ndarray]:
    X, y = check_dataset(X, y)
    return X, y


def _small_width(value, name: str = "width") -> int:
    """A width from 1 to :data:`MAX_WIDTH`."""
    value = check_width(value, name)
    if value > MAX_WIDTH:
        raise ValueError(f"{name} must be at most {MAX_WIDTH} (every region is enumerated), got {value}.")
    return value


def _small_widths(values, name: str = "widths") -> tuple[int, ...]:
    """Widths from 1 to :data:`MAX_WIDTH`."""
    values = check_widths(values, name)
    if max(values) > MAX_WIDTH:
        raise ValueError(f"{name} must be at most {MAX_WIDTH} each (every region is enumerated), got {max(values)}.")
    return values


def _seeds(values, name: str) -> tuple[int, ...]:
    """A non-empty sequence of seeds."""
    seeds = check_seeds(values, name)
    if not isinstance(seeds, tuple):
        raise TypeError(f"{name} must be a non-empty sequence of seeds such as (0, 1, 2, 3), got {values!r}.")
    return seeds


def regions_lens(X, y, widths=(1, 2, 3)) -> dict[int, dict]:
    """Chapter 1's view, per width: regions, genuine subglobal minima, poor ones, their share, and the losses.

    Network with biases (the decomposition paper's Fig. 3 setting), loss :math:`\\frac12\\|y - \\hat y\\|^2`.
    ``poor_share`` is :func:`lossland.decomposition.constructions.poor_share`: among the regions whose
    subglobal minimum is genuine, the share whose loss is above the best.
    """
    X, y = _data(X, y)
    out = {}
    for h, minima in minima_by_width(X, y, _small_widths(widths), bias=True).items():
        losses = minima.loss[minima.genuine]
        out[h] = dict(regions=len(minima.loss), genuine=int(minima.genuine.sum()),
                      poor=int(np.sum(losses > losses.min() + 1e-9)), poor_share=poor_share(minima),
                      best=float(losses.min()), worst=float(losses.max()))
    return out


def liu_lens(X, y, widths=(1, 2, 3), starts: int = 2000, seed: int = 0) -> dict[int, dict]:
    """Chapter 2's view, per width: Liu's network on :math:`(x, 1)`, counted by :func:`lossland.liu.discrete.trap_census`.

    ``bad`` counts genuine differentiable minima above the best (Liu's "more bad minima"),
    ``bad_share`` is their share among the genuine ones, ``trapped`` the share of seeded random
    starts whose own cells hold a bad one.
    """
    X, y = _data(X, y)
    return trap_census(liu_inputs(X), y, _small_widths(widths), starts=starts, seed=check_seed(seed))


@dataclass(frozen=True)
class BadMinimum:
    """A genuine subglobal minimum of Chapter 1's network that is not global: parameters and loss."""

    arch: nets.Architecture
    theta: np.ndarray
    loss: float
    best: float


def bad_minimum(X, y, width: int = 1) -> BadMinimum | None:
    """The worst genuine subglobal minimum of width ``width`` (biases on), with parameters inside its region.

    ``None`` when every genuine minimum has the best loss.  The parameters come from
    :func:`lossland.core.genuine.genuineness` (a point strictly inside the region).
    """
    X, y = _data(X, y)
    width = _small_width(width)
    minima = minima_by_width(X, y, (width,), bias=True)[width]
    genuine = np.flatnonzero(minima.genuine)
    losses = minima.loss[genuine]
    if losses.max() <= losses.min() + 1e-9:
        return None
    r = genuine[int(np.argmax(losses))]
    verdict = genuineness(X, y, minima.regions.patterns[r], bias=True)
    return BadMinimum(nets.Architecture(X.shape[1], width, True), verdict.theta, float(verdict.loss), float(losses.min()))


def exp_lens(X, y, width: int = 1, lam: float = 0.1) -> dict:
    """Chapter 3's view: add one exponential neuron at the worst bad minimum and run L-BFGS-B on :math:`\\tilde L`.

    The start is :math:`(\\theta^*, a = 0, b = 0, w = 1)`, where :math:`\\tilde L = L(\\theta^*)`
    (Kawaguchi and Kaelbling's :math:`L` is the *mean* squared error, twice Chapter 1's loss over
    :math:`N`).  Returns ``L_start``, ``L_end`` (:math:`L` of the end point's :math:`\\theta`),
    ``L_tilde_end`` (:math:`\\tilde L` there), ``L_best`` (the best genuine minimum of the width, in the same units), ``certified`` (the end
    point passed :func:`~lossland.expneuron.theorem1.local_runs`' certificate of a local minimum of
    :math:`\\tilde L`), ``a_end`` and ``extra_norm`` (:math:`\\|a\\| + \\|b\\| + \\|w\\|` at the end:
    large when the run escapes to infinity, the failure mode of Theorem 4); ``None`` without a bad minimum.
    """
    X, y = _data(X, y)
    width, lam = _small_width(width), check_positive(lam, "lam")
    bad = bad_minimum(X, y, width)
    if bad is None:
        return None
    problem = Problem(ReluModel(bad.arch), SquaredLoss(), X, y[:, None], lam=lam)
    start = problem.pack(bad.theta, [0.0], [0.0], np.ones((X.shape[1], 1)))
    try:
        run = local_runs(problem, starts=start[None], maxiter=500, n_directions=100)[0]
    except ValueError as error:  # the neuron exp(w x) with w = 1 overflowed during the run
        raise ValueError(f"X is too large for the added neuron's start w = 1 (max |X| = {np.abs(X).max():.3g}: "
                         f"exp(w x) overflows during the run); rescale X to about unit scale.") from error
    scale = 2.0 / len(X)
    return dict(L_start=problem.original_loss(bad.theta), L_end=run.L, L_tilde_end=run.L_tilde, L_best=scale * bad.best,
                certified=run.certified, a_end=float(run.a[0]), extra_norm=run.extra_norm)


def split_lens(X, y, seeds=(0, 1, 2, 3), lams=(0.5, 1.5), wider_seeds=(0, 1, 2, 3)) -> dict:
    """Chapter 4's view: a 1-1-1 sigmoid network (no biases) at a minimum, split into 1-2-1 by :math:`\\gamma_\\lambda`.

    The student descends from seeded standard normal weights (one start per seed) with
    :func:`lossland.core.sigmoid_nets.refine_critical_point`; the lowest critical point is kept.  Returns its ``loss`` (summed squared
    error, the paper's), the smallest eigenvalue of its Hessian ``hessian_min`` and the verdict
    ``hessian_kind`` of :func:`lossland.core.critical.second_order_test` (``"minimum"``: a
    non-degenerate minimum), ``B`` (Eq. 1, a 1x1 matrix here) and the smallest Hessian eigenvalue
    of the split network at each ``lams``; ``wider_best`` is the lowest loss L-BFGS-B reaches in a
    1-2-1 network from ``wider_seeds`` (an upper bound on the wider network's global minimum:
    when it is below ``loss``, the split points are suboptimal); ``theta`` the student's parameters.
    """
    X, y = _data(X, y)
    seeds, wider_seeds, lams = _seeds(seeds, "seeds"), _seeds(wider_seeds, "wider_seeds"), as_vector(lams, "lams")
    arch = sn.Architecture((X.shape[1], 1, 1))
    points = [sn.refine_critical_point(arch, np.random.default_rng(seed).standard_normal(arch.size), X, y) for seed in seeds]
    theta = min(points, key=lambda point: sn.loss(arch, point, X, y))
    smallest = embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, lams, k=1)[:, 0]
    wider = sn.Architecture((X.shape[1], 2, 1))
    with one_blas_thread():
        wider_best = min(float(minimize(lambda t: sn.loss(wider, t, X, y), np.random.default_rng(seed).standard_normal(wider.size),
                                        jac=lambda t: sn.gradient(wider, t, X, y), method="L-BFGS-B").fun) for seed in wider_seeds)
    student = second_order_test(sn.hessian(arch, theta, X, y))
    return dict(theta=theta, loss=float(sn.loss(arch, theta, X, y)), wider_best=wider_best, hessian_min=float(student.eigenvalues[0]),
                hessian_kind=student.kind,
                B=float(b_matrix(arch, theta, X, y, 1, 0)[0, 0]), smallest=dict(zip(map(float, lams), map(float, smallest))))


def blind_lens(X, y, width: int = 3, seed: int = 0, steps: int = 1000, learning_rate: float = 0.05) -> dict:
    """Chapter 5's view: gradient descent from a random start and from a blind-spot start of the same weights.

    The blind-spot start keeps the random weights but sets every bias to
    :math:`-(\\max_{i,j}|w_j x_i| + 1)`, so every unit is inactive on every point (all points are
    blind spots, :func:`lossland.blindspots.relu_regression.blind_spots`): the gradient of the
    hidden parameters vanishes and only the output bias learns, to the mean of ``y``.  Returns the
    end points ``theta_random``, ``theta_blind``, their final losses (Chapter 1's :math:`\\frac12\\|y-\\hat y\\|^2`), the blind points at the start and the end,
    and the variance bound :math:`\\frac12\\sum_i (y_i - \\bar y)^2`.
    """
    X, y = _data(X, y)
    width, steps = check_width(width), check_width(steps, "steps")
    learning_rate = check_positive(learning_rate, "learning_rate")
    if width > 100:
        raise ValueError(f"width must be at most 100 for this small example, got {width}.")
    if steps > MAX_STEPS:
        raise ValueError(f"steps must be at most {MAX_STEPS}, got {steps}.")
    arch = nets.Architecture(X.shape[1], width, True)
    rng = np.random.default_rng(check_seed(seed))
    W, v = rng.standard_normal((width, X.shape[1])), rng.standard_normal(width)
    random = arch.pack(W, v, 0.1 * rng.standard_normal(width), 0.0)
    blind = arch.pack(W, v, np.full(width, -(np.abs(X @ W.T).max() + 1.0)), 0.0)
    diverged = (f"gradient descent diverged at learning_rate = {learning_rate:g} on data of this scale (max |X| = "
                f"{np.abs(X).max():.3g}, max |y| = {np.abs(y).max():.3g}): rescale X and y to about unit scale or lower "
                f"learning_rate.")
    try:
        run = gradient_descent(lambda t: nets.gradient(arch, t, X, y), np.stack([random, blind]),
                               learning_rate=learning_rate, steps=steps)
    except ValueError as error:  # the iterates left the range the gradient accepts (validation.MAX_MAGNITUDE)
        raise ValueError(diverged) from error
    if run.diverged.any():
        raise ValueError(diverged)
    final = run.final
    return dict(theta_random=final[0], theta_blind=final[1], loss_random=float(nets.loss(arch, final[0], X, y)), loss_blind=float(nets.loss(arch, final[1], X, y)),
                blind_start=len(blind_spots(arch, blind, X)), blind_end=len(blind_spots(arch, final[1], X)),
                mean_bound=float(0.5 * np.sum((y - y.mean()) ** 2)))


@dataclass(frozen=True)
class Lenses:
    """The running example with middle target ``t`` seen through all five lenses (what the explorer draws)."""

    t: float
    X: np.ndarray
    y: np.ndarray
    regions: dict
    liu: dict
    bad: BadMinimum | None
    exp: dict | None
    split: dict
    blind: dict


def five_lenses(t: float = 1.0, widths=(1, 2), starts: int = 1000) -> Lenses:
    """Run the five lenses on the running example with middle target ``t`` (small widths: one explorer frame)."""
    X, y = running_data(t)
    widths = _small_widths(widths)
    return Lenses(float(t), X, y, regions_lens(X, y, widths), liu_lens(X, y, widths, starts=starts), bad_minimum(X, y, 1),
                  exp_lens(X, y), split_lens(X, y), blind_lens(X, y))
