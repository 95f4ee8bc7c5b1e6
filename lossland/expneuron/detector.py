"""The failure-mode detector of the exponential-neuron paper (Sec. 5, App. D).

Theorem 4: away from a global minimum of :math:`L`, :math:`\\tilde L` has no local minimum in
:math:`(a, b, W)`; the paper suggests that descent then drives :math:`\\|(a, b, W)\\|` to infinity,
and restarts when :math:`\\|a\\| + \\|b\\| + \\|W\\| \\ge 7`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from lossland.core.threads import one_blas_thread
from lossland.core.validation import as_vector, check_entries, check_natural, check_positive, check_seed
from lossland.expneuron.objective import Problem, check_problem
from lossland.expneuron.theorem1 import random_start

__all__ = ["Detection", "optimise_with_restarts"]


@dataclass(frozen=True)
class Detection:
    """History of :func:`optimise_with_restarts`: one entry per monitored iterate, ``attempt`` = restarts so far."""

    params: np.ndarray
    restarts: int
    attempt: np.ndarray
    L: np.ndarray
    L_tilde: np.ndarray
    extra_norm: np.ndarray


def optimise_with_restarts(problem: Problem, threshold: float = 7.0, max_iterations: int = 2000,
                           max_restarts: int = 10, seed: int = 0, *, start=None, **start_options) -> Detection:
    """L-BFGS-B on :math:`\\tilde L`, restarting from a new seeded start when :math:`\\|a\\|+\\|b\\|+\\|W\\| \\ge` ``threshold``.

    The failure-mode detector of Sec. 5 and App. D (the paper uses threshold 7 with AdaGrad on
    LeNet; here L-BFGS-B with the exact gradient, monitored after every iteration).
    ``max_iterations`` counts iterations over all attempts; after ``max_restarts`` restarts the
    monitor only watches.  ``start`` fixes the first start; later ones come from :func:`random_start`.
    """
    problem = check_problem(problem)
    threshold = check_positive(threshold, "threshold")
    budget = check_positive(max_iterations, "max_iterations", integer=True)
    check_entries(4.0 * budget, "max_iterations")
    max_restarts = check_natural(max_restarts, "max_restarts")
    rng = np.random.default_rng(check_seed(seed))
    params = random_start(problem, rng, **start_options) if start is None else as_vector(start, "start", length=problem.size)
    rows: list[tuple[int, float, float, float]] = []
    restarts = 0

    def record(x: np.ndarray) -> bool:
        norm = problem.extra_norm(x)
        rows.append((restarts, problem.original_loss(problem.theta_of(x)), problem.search_loss(x), norm))
        return norm >= threshold and restarts < max_restarts

    def monitor(intermediate_result) -> None:
        if record(intermediate_result.x) or len(rows) >= budget:
            raise StopIteration

    with one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
        while len(rows) < budget:
            if record(params):
                restarts += 1
                params = random_start(problem, rng, **start_options)
                continue
            result = minimize(problem.search_loss, params, jac=problem.search_gradient, method="L-BFGS-B",
                              callback=monitor, options={"maxiter": budget, "gtol": 1e-10, "ftol": 1e-15})
            params = result.x
            if rows[-1][3] < threshold or restarts >= max_restarts:
                break
    attempt, L, L_tilde, extra = (np.array(column) for column in zip(*rows))
    return Detection(params, restarts, attempt.astype(int), L, L_tilde, extra)
