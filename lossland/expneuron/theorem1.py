"""Theorem 1 of the exponential-neuron paper on instances: certified local minima of :math:`\\tilde L`.

Theorem 1: at every local minimum of :math:`\\tilde L`, :math:`a = 0` and :math:`\\theta` is a global
minimum of :math:`L`.  :func:`local_runs` runs a local optimiser on :math:`\\tilde L` from seeded
starts and certifies the end points that are local minima; the global minimum of :math:`L`
to compare with comes from least squares (convex case) or from restarts on :math:`L` alone.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import minimize

from lossland.core.probes import is_local_minimum
from lossland.core.regions import homogeneous
from lossland.core.threads import one_blas_thread
from lossland.core.validation import (
    as_matrix, as_vector, check_entries, check_nonnegative, check_positive, check_real, check_seed, check_work,
)
from lossland.expneuron.losses import SquaredLoss
from lossland.expneuron.models import LinearModel
from lossland.expneuron.objective import Problem, check_problem

__all__ = ["random_start", "Run", "local_runs", "global_minimum_least_squares", "global_minimum_by_restarts"]


def random_start(problem: Problem, rng: np.random.Generator, theta_scale: float = 1.0,
                 extra_scale: float = 1.0, theta_centre: float = 0.0) -> np.ndarray:
    """A seeded start: :math:`\\theta \\sim N(\\text{centre}, \\text{scale}^2)`, :math:`(a, b, W) \\sim N(0, \\text{extra\\_scale}^2)`."""
    problem = check_problem(problem)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator such as numpy.random.default_rng(0), got {rng!r}.")
    theta_scale, extra_scale = check_nonnegative(theta_scale, "theta_scale"), check_nonnegative(extra_scale, "extra_scale")
    theta_centre = check_real(theta_centre, "theta_centre")
    theta = theta_centre + theta_scale * rng.standard_normal(problem.model.size)
    return np.concatenate([theta, extra_scale * rng.standard_normal(problem.size - problem.model.size)])


@dataclass(frozen=True)
class Run:
    """One local optimisation of :math:`\\tilde L` and the certificate of its end point."""

    start: np.ndarray
    params: np.ndarray
    grad_norm: float
    certified: bool
    a: np.ndarray
    extra_norm_start: float
    extra_norm: float
    L: float
    L_tilde: float
    converged: bool


def _starts(problem, starts, n_starts, seed, start_options):
    if starts is not None:
        starts = as_matrix(starts, "starts")
        if starts.shape[1] != problem.size:
            raise ValueError(f"starts must have {problem.size} columns (problem.size), got shape {starts.shape}.")
        return starts
    n_starts = check_positive(n_starts, "n_starts", integer=True)
    check_entries(float(n_starts) * problem.size, "n_starts")
    rng = np.random.default_rng(seed)
    return np.array([random_start(problem, rng, **start_options) for _ in range(n_starts)])


def local_runs(problem: Problem, n_starts: int = 20, seed: int = 0, *, starts: ArrayLike | None = None, maxiter: int = 2000,
               grad_tol: float = 1e-6, radii=(1e-4, 1e-3, 1e-2), n_directions: int = 300,
               probe_tol: float = 1e-10, ftol: float = 1e-15, **start_options) -> list[Run]:
    """Theorem 1 on an instance: L-BFGS-B on :math:`\\tilde L` (exact gradient) from seeded starts, each end point certified.

    By the rescaling of :meth:`Problem.rescale`, a point with :math:`a \\ne 0` is never a local minimum,
    and near a local minimum (finite :math:`b, W`, :math:`a = 0`) switching the added neurons off
    changes :math:`\\tilde L` by as little as the distance to it.  So an end point is *certified* a
    local minimum when :math:`\\|\\nabla\\tilde L\\| \\le` ``grad_tol`` there, switching its neurons off
    (:meth:`Problem.switch_off`) raises :math:`\\tilde L` by no more than the run's resolution
    ``ftol`` :math:`\\cdot\\max(1, |\\tilde L|)` (L-BFGS-B's own stopping test), and the switched-off
    point has :math:`\\|\\nabla\\tilde L\\| \\le` ``grad_tol`` and passes the random-direction probe
    (:func:`lossland.core.probes.is_local_minimum`, no point lower by more than ``probe_tol``).  The middle
    test tells a minimum from a run that stopped while still escaping along Theorem 4's path:
    there the gradient and :math:`\\tilde L` shrink below any fixed tolerance, but the neurons carry
    :math:`f`'s whole error, and switching them off restores :math:`L(\\theta)`, larger by orders of
    magnitude on every BLAS kernel.  Theorem 1 predicts :math:`L(\\theta) = \\min L` at every certified
    point; Theorem 4 predicts that uncertified runs have a growing :math:`\\|(a, b, W)\\|`.
    ``starts`` (n, size) overrides the random starts; ``start_options`` go to :func:`random_start`.
    """
    problem, seed = check_problem(problem), check_seed(seed)
    radii = as_vector(radii, "radii")
    if np.any(radii <= 0):
        raise ValueError(f"radii must be positive probe distances such as (1e-4, 1e-3, 1e-2), got {radii}.")
    n_directions = check_positive(n_directions, "n_directions", integer=True)
    check_entries(float(n_directions) * problem.size, "n_directions")
    probe_tol = check_positive(probe_tol, "probe_tol")
    grad_tol = check_positive(grad_tol, "grad_tol")
    ftol = check_positive(ftol, "ftol")
    maxiter = check_positive(maxiter, "maxiter", integer=True)
    runs = []
    for index, start in enumerate(_starts(problem, starts, n_starts, seed, start_options)):
        with one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
            result = minimize(problem.search_loss, start, jac=problem.search_gradient, method="L-BFGS-B",
                              options={"maxiter": maxiter, "gtol": grad_tol * 1e-2, "ftol": ftol})
        params = result.x
        grad_norm = float(np.linalg.norm(problem.search_gradient(params)))
        probe = {"radii": radii, "n_directions": n_directions, "seed": index, "tol": probe_tol}
        certified = grad_norm <= grad_tol and _near_a_minimum(problem, params, grad_tol, ftol, probe)
        runs.append(Run(start, params, grad_norm, bool(certified), problem.unpack(params)[1],
                        problem.extra_norm(start), problem.extra_norm(params), problem.original_loss(problem.theta_of(params)),
                        problem.search_loss(params), bool(result.success)))
    return runs


def _near_a_minimum(problem: Problem, params: np.ndarray, grad_tol: float, ftol: float, probe: dict) -> bool:
    """The certificate of :func:`local_runs`: is ``params`` within the run's resolution of a local minimum?"""
    off = problem.switch_off(params)
    value = problem.search_loss(params)
    if problem.search_loss(off) - value > ftol * max(1.0, abs(value)):
        return False  # the added neurons hold L~ down: still escaping
    return bool(np.linalg.norm(problem.search_gradient(off)) <= grad_tol
                and is_local_minimum(problem.search_loss_batch, off, **probe))


def global_minimum_least_squares(problem: Problem) -> tuple[np.ndarray, float]:
    """The global minimum of :math:`L` when it is convex: a :class:`LinearModel` with :class:`SquaredLoss` (least squares)."""
    problem = check_problem(problem)
    if not isinstance(problem.model, LinearModel) or not isinstance(problem.loss, SquaredLoss):
        raise TypeError("problem must have a LinearModel with SquaredLoss for global_minimum_least_squares; "
                        "use global_minimum_by_restarts otherwise.")
    design = homogeneous(problem.X, bias=True)
    coef = np.linalg.lstsq(design, problem.Y, rcond=None)[0]  # (d_x + 1, d_y)
    theta = np.concatenate([coef[:-1].T.ravel(), coef[-1]])
    return theta, problem.original_loss(theta)


def global_minimum_by_restarts(problem: Problem, n_starts: int = 50, seed: int = 0,
                               theta_scale: float = 1.0, theta_centre: float = 0.0) -> tuple[np.ndarray, float]:
    """Best of ``n_starts`` seeded L-BFGS-B runs on :math:`L` alone: an upper bound on :math:`\\min L`, exact only if a start lands in its basin."""
    problem = check_problem(problem)
    n_starts = check_positive(n_starts, "n_starts", integer=True)
    # A start is one L-BFGS-B run: up to ~1000 evaluations of L and its gradient, each ~10 operations per
    # parameter and sample (a generous bound for the small problems of Chapter 3).
    check_work(n_starts, "n_starts", 1e4 * problem.model.size * len(problem.X), "start (an L-BFGS-B run)")
    theta_scale, theta_centre = check_nonnegative(theta_scale, "theta_scale"), check_real(theta_centre, "theta_centre")
    rng = np.random.default_rng(check_seed(seed))
    best = None
    with one_blas_thread():
        for _ in range(n_starts):
            start = theta_centre + theta_scale * rng.standard_normal(problem.model.size)
            result = minimize(problem.original_loss, start, jac=problem.original_gradient, method="L-BFGS-B",
                              options={"gtol": 1e-12, "ftol": 1e-15})
            if best is None or result.fun < best.fun:
                best = result
    return best.x, problem.original_loss(best.x)
