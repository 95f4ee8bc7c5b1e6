"""Probability of genuine local minima for Gaussian data and parallel weights.

Section 7 and Appendix E of Bo Liu, *Understanding global loss landscape of
one-hidden-layer ReLU neural networks* (the "Liu paper" below).

Setting (Sec. 7.3, App. E.2): labels :math:`y = \\pm 1` with equal priors,
inputs Gaussian with identity covariance and means at :math:`x = \\pm 1` along
a direction :math:`\\mathbf{i}`. Only the coordinate :math:`x = \\mathbf{x}\\cdot\\mathbf{i}`
matters, so data are drawn in one dimension. Weight :math:`k` has a fixed
normal :math:`n_k = \\pm\\mathbf{i}` (``normals[k] = +1`` or ``-1``) and a
position :math:`h_k`; :math:`z_k = n_k`, so :math:`R_k\\cdot x_i = x_i - h_k`
and weight :math:`k` is active on sample :math:`i` when
:math:`n_k (x_i - h_k) > 0`.

Reading of Fig. 3 (right), lost in the text conversion. Eq. (23) has a
*diagonal* matrix ``diag(N_1, N_3)``, so the two active sides are disjoint, and
Eq. (E.9) integrates :math:`P_{1+}` from :math:`x_{w_1}` to :math:`+\\infty`, so
:math:`\\Omega_1` lies right of :math:`w_1`. Hence, with :math:`x_{w_1} \\ge x_{w_2}`
(Fig. 4 moves :math:`x_{w_1}` over [0, 6] with :math:`x_{w_2} = 0`),
:math:`w_1` faces :math:`+\\mathbf{i}` (``normals = (+1, -1)``), :math:`w_2`
faces :math:`-\\mathbf{i}`, :math:`\\Omega_1 = (x_{w_1}, \\infty)`,
:math:`\\Omega_2 = (x_{w_2}, x_{w_1})` (no unit active) and
:math:`\\Omega_3 = (-\\infty, x_{w_2})`. Facing the other way would make both
units active on :math:`(x_{w_2}, x_{w_1})` and Eq. (23) non-diagonal.
"""
from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import erfcx, ndtr

from lossland.core.validation import as_array, as_vector, check_entries, check_positive, check_real

__all__ = [
    "CLASS_MEANS",
    "region_probability",
    "region_mean",
    "sample_data",
    "activation_pattern",
    "parallel_loss",
    "normal_equations",
    "optimal_positions",
    "population_normal_equations",
    "population_optimal_positions",
    "two_weight_optimum",
    "gap_probabilities",
    "gap_probability",
    "trap_probability",
    "weight_trap_factors",
    "FIG4_NORMALS",
    "FIGA4_START",
    "FIGA4_NORMALS",
    "fig4a_loss",
    "fig4b_trap",
    "fig4c_trap_map",
    "figA4_positions",
    "figA4_trap",
    "monte_carlo_trap",
    "MC_LARGE",
]

CLASS_MEANS = {1: 1.0, -1: -1.0}
"""Class means along :math:`\\mathbf{i}` (Sec. 7.3): :math:`x_+ = 1`, :math:`x_- = -1`."""

RULES = ("union", "max", "product")


# ---------------------------------------------------------------- input checks
def _label(label) -> int:
    if isinstance(label, (bool, np.bool_)) or not isinstance(label, numbers.Real) or label not in (1, -1):
        raise ValueError(f"label must be +1 or -1 (the class), got {label!r}.")
    return int(label)


def _normals(normals) -> np.ndarray:
    normals = as_vector(normals, "normals")
    if not np.all(np.isin(normals, (-1.0, 1.0))):
        raise ValueError(f"normals must contain only +1 (facing +i) or -1 (facing -i), got {normals}.")
    return normals


def _positions(h, k: int, name: str = "h", *, single: bool = False) -> np.ndarray:
    """Positions as a float array of shape (..., K), K = number of normals; (K,) only if ``single``."""
    h = as_array(h, name)
    if h.ndim == 0 or h.shape[-1] != k:
        raise ValueError(f"{name} must have last axis of length {k} (one position per normal), got shape {h.shape}.")
    if single and h.ndim != 1:
        raise ValueError(f"{name} must be one configuration of shape (K,), got shape {h.shape}.")
    return h


def _rule(rule: str) -> str:
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}.")
    return rule


def _ends(a, b) -> tuple[np.ndarray, np.ndarray]:
    """Interval ends as float arrays that broadcast together; -inf and inf are allowed, NaN is not."""
    ends = []
    for name, value in (("a", a), ("b", b)):
        ends.append(as_array(value, name, infinite=True))  # -inf and inf are allowed, NaN is not
    _broadcast(a=ends[0], b=ends[1])
    return ends[0], ends[1]


def _broadcast(**arrays: np.ndarray) -> None:
    """Refuse arrays that do not broadcast together, naming them."""
    try:
        np.broadcast_shapes(*(np.shape(v) for v in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {np.shape(v)}" for name, v in arrays.items())
        raise ValueError(f"{' and '.join(arrays)} must have shapes that broadcast together, got {shapes}.") from None


def _seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer, got {seed!r}.")
    return int(seed)


# ------------------------------------------------------ population quantities
def _pdf(x) -> np.ndarray:
    """The standard normal density :math:`\\varphi(x) = e^{-x^2/2}/\\sqrt{2\\pi}` (as ``scipy.stats.norm.pdf``
    computes it; that module is left out of the live site, so lossland uses ``scipy.special`` alone)."""
    return np.exp(-np.asarray(x, dtype=float) ** 2 / 2.0) / np.sqrt(2.0 * np.pi)


def _mass(a, b, mean: float) -> np.ndarray:
    """:math:`\\Phi(b-\\mu) - \\Phi(a-\\mu)` with :math:`\\Phi` = ``scipy.special.ndtr``, using the upper tail
    :math:`\\bar\\Phi(x) = \\Phi(-x)` where it is more accurate."""
    a, b = np.asarray(a, dtype=float) - mean, np.asarray(b, dtype=float) - mean
    upper = ndtr(-a) - ndtr(-b)
    lower = ndtr(b) - ndtr(a)
    return np.maximum(np.where(a > 0, upper, lower), 0.0)


def _moment(a, b, mean: float) -> np.ndarray:
    """:math:`\\int_a^b x\\,\\varphi(x-\\mu)\\,dx = \\mu P + \\varphi(a-\\mu) - \\varphi(b-\\mu)`."""
    return mean * _mass(a, b, mean) + _pdf(np.asarray(a, float) - mean) - _pdf(np.asarray(b, float) - mean)


def region_probability(a, b, label: int) -> np.ndarray:
    """Probability :math:`P_{j\\pm}` that a sample of class ``label`` lies in :math:`[a, b]`.

    Eq. (E.9) of the Liu paper, for any interval:

    .. math:: P_{j\\pm} = \\Phi(b - x_\\pm) - \\Phi(a - x_\\pm).

    Parameters
    ----------
    a, b : array_like
        Interval ends (broadcast together); ``-inf`` and ``inf`` are allowed.
    label : {+1, -1}
        The class.

    Returns
    -------
    numpy.ndarray
        The probability, zero where ``b <= a``.
    """
    a, b = _ends(a, b)
    return _mass(a, b, CLASS_MEANS[_label(label)])


def region_mean(a, b, label: int) -> np.ndarray:
    """Conditional mean :math:`\\bar x_{j\\pm}` of class ``label`` in :math:`[a, b]`.

    The truncated-normal mean of Eq. (E.10), for any interval:

    .. math:: \\bar x_{j\\pm} = x_\\pm + \\frac{\\varphi(a - x_\\pm) - \\varphi(b - x_\\pm)}{\\Phi(b - x_\\pm) - \\Phi(a - x_\\pm)}.

    Returns NaN where the interval has no probability mass (e.g. far in the tail).
    """
    a, b = _ends(a, b)
    mean = CLASS_MEANS[_label(label)]
    mass = _mass(a, b, mean)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(mass > 0, _moment(a, b, mean) / mass, np.nan)


# ---------------------------------------------------------- sample quantities
def sample_data(n: int = 100, seed: int = 0, datasets: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` i.i.d. samples ``(x, y)`` of the two-Gaussian setting (Sec. 7.3).

    Labels are +1 or -1 with probability 1/2 each; ``x`` is the coordinate along
    :math:`\\mathbf{i}`, normal with mean ``y`` and unit variance. With
    ``datasets=M`` the arrays have shape (M, n), one row per dataset.
    """
    n = check_positive(n, "n", integer=True)
    shape = (n,) if datasets is None else (check_positive(datasets, "datasets", integer=True), n)
    check_entries(np.prod(shape, dtype=float), "n" if datasets is None else "n * datasets")
    rng = np.random.default_rng(_seed(seed))
    y = rng.choice(np.array([-1.0, 1.0]), size=shape)
    return y + rng.standard_normal(shape), y


def activation_pattern(x: ArrayLike, h, normals) -> np.ndarray:
    """Indicators :math:`I_{ik} = [n_k (x_i - h_k) > 0]`, shape ``x.shape + (K,)``."""
    normals = _normals(normals)
    h = _positions(h, len(normals))
    x = as_array(x, "x")
    _broadcast(x=x[..., None], h=h)
    return _activation(x, h, normals)


def _activation(x: np.ndarray, h: np.ndarray, normals: np.ndarray) -> np.ndarray:
    """:func:`activation_pattern` on checked arrays."""
    return (normals * (x[..., None] - h) > 0).astype(float)


def parallel_loss(x: ArrayLike, y: ArrayLike, h, normals, pattern_at=None) -> float:
    """Empirical loss of the parallel-weight network, Eq. (20) divided by N.

    .. math:: L = \\frac1N \\sum_i \\Big(\\sum_k I_{ik} (x_i - h_k) - y_i\\Big)^2

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Coordinates along :math:`\\mathbf{i}` and labels.
    h : array_like, shape (K,)
        Weight positions.
    normals : array_like, shape (K,)
        +1 or -1 for each weight.
    pattern_at : array_like, shape (K,), optional
        Positions that fix the activation pattern (the fixed-pattern problem);
        by default the pattern of ``h`` itself (the network's real loss).
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y", length=len(x))
    normals = _normals(normals)
    h = _positions(h, len(normals), single=True)
    at = h if pattern_at is None else _positions(pattern_at, len(normals), "pattern_at", single=True)
    pattern = _activation(x, at, normals)
    return float(np.mean((pattern @ np.ones(len(normals)) * x - pattern @ h - y) ** 2))


def normal_equations(x: ArrayLike, y: ArrayLike, h, normals) -> tuple[np.ndarray, np.ndarray]:
    """Matrix :math:`F` and vector :math:`\\mathbf f` of Eq. (21)-(22), summed region by region.

    With regions :math:`\\Omega_j` between adjacent weights, :math:`N_j` samples in
    each and :math:`I_{\\Omega_j k}` the pattern there (Eq. 22 as printed):

    .. math::
        F(l,k) = \\sum_j I_{\\Omega_j l} I_{\\Omega_j k} N_j, \\qquad
        \\mathbf f(l) = \\sum_k \\sum_j I_{\\Omega_j l} I_{\\Omega_j k} \\sum_{i\\in\\Omega_j} x_i
        - \\sum_j I_{\\Omega_j l} \\sum_{i\\in\\Omega_j} y_i.

    Setting :math:`\\partial L/\\partial h_l = 0` in Eq. (20) gives exactly this:
    :math:`\\partial L/\\partial h_l = 2(F\\mathbf h - \\mathbf f)` for the summed loss.
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y", length=len(x))
    normals = _normals(normals)
    h = _positions(h, len(normals), single=True)
    edges = np.concatenate([[-np.inf], np.sort(h), [np.inf]])
    region = np.searchsorted(edges, x, side="left") - 1  # sample i lies in (edges[j], edges[j+1]]
    lower = edges[:-1]
    upper = edges[1:]
    pattern = ((normals > 0) & (lower[:, None] >= h)) | ((normals < 0) & (upper[:, None] <= h))
    pattern = pattern.astype(float)  # I_{Omega_j k}, shape (K+1, K)
    counts = np.bincount(region, minlength=len(lower))
    sum_x = np.bincount(region, weights=x, minlength=len(lower))
    sum_y = np.bincount(region, weights=y, minlength=len(lower))
    F = pattern.T @ (counts[:, None] * pattern)
    f = np.einsum("jl,jk,j->l", pattern, pattern, sum_x) - pattern.T @ sum_y
    return F, f


def _solve(F: np.ndarray, f: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Solution of :math:`F\\mathbf h^* = \\mathbf f` nearest to ``h`` (batched).

    The general solution is :math:`F^+\\mathbf f + (I - F^+F)\\mathbf c` (Sec. 2);
    taking :math:`\\mathbf c = \\mathbf h` leaves free weights (App. E.1, cases a and b) where they are.
    """
    pinv = np.linalg.pinv(F)
    free = np.eye(F.shape[-1]) - pinv @ F
    return (pinv @ f[..., None] + free @ h[..., None])[..., 0]


def optimal_positions(x: ArrayLike, y: ArrayLike, h, normals) -> np.ndarray:
    """Sample optimum :math:`\\mathbf h^*` of the fixed-pattern problem, Eq. (21).

    The pattern is that of the starting positions ``h``. ``x`` and ``y`` may
    hold many datasets, shape (M, N); the result then has shape (M, K).
    """
    normals = _normals(normals)
    h = _positions(h, len(normals), single=True)
    x, y = as_array(x, "x"), as_array(y, "y")
    if x.ndim not in (1, 2):
        raise ValueError(f"x must have shape (N,) or (M, N) (M datasets of N samples), got {x.shape}.")
    if y.shape != x.shape:
        raise ValueError(f"x and y must have equal shapes (one label y per sample x), got x {x.shape} and y {y.shape}.")
    pattern = _activation(x, h, normals)  # (..., N, K)
    F = np.einsum("...nl,...nk->...lk", pattern, pattern)
    f = np.einsum("...nl,...n->...l", pattern, pattern.sum(axis=-1) * x - y)
    return _solve(F, f, np.broadcast_to(h, f.shape))


def population_normal_equations(h, normals) -> tuple[np.ndarray, np.ndarray]:
    """:math:`F` and :math:`\\mathbf f` from population quantities, Eq. (E.4)-(E.5).

    .. math::
        F(l,k) = \\sum_j I_{\\Omega_j l} I_{\\Omega_j k} (P_{j+} + P_{j-}), \\quad
        \\mathbf f(l) = \\sum_k \\sum_j I_{\\Omega_j l} I_{\\Omega_j k} (P_{j+}\\bar x_{j+} + P_{j-}\\bar x_{j-})
        - \\sum_j I_{\\Omega_j l} (P_{j+} - P_{j-}).

    ``h`` may have shape (..., K) to evaluate many configurations at once.
    """
    normals = _normals(normals)
    h = _positions(h, len(normals))
    ends = np.sort(h, axis=-1)
    infinity = np.full(h.shape[:-1] + (1,), np.inf)
    lower = np.concatenate([-infinity, ends], axis=-1)  # regions (lower_j, upper_j), shape (..., K+1)
    upper = np.concatenate([ends, infinity], axis=-1)
    h_ = h[..., None, :]
    pattern = ((normals > 0) & (lower[..., None] >= h_)) | ((normals < 0) & (upper[..., None] <= h_))
    pattern = pattern.astype(float)  # (..., K+1, K)
    mass = _mass(lower, upper, 1.0) + _mass(lower, upper, -1.0)
    moment = _moment(lower, upper, 1.0) + _moment(lower, upper, -1.0)  # P_j+ xbar_j+ + P_j- xbar_j-
    excess = _mass(lower, upper, 1.0) - _mass(lower, upper, -1.0)
    F = np.einsum("...jl,...jk,...j->...lk", pattern, pattern, mass)
    f = np.einsum("...jl,...j->...l", pattern, pattern.sum(axis=-1) * moment - excess)
    return F, f


def population_optimal_positions(h, normals) -> np.ndarray:
    """Population optimum :math:`\\mathbf h^*` for starting positions ``h`` (Eq. E.1 with E.4-E.5).

    Weights with (numerically) no probability on their active side are free
    (App. E.1, case b) and stay where they are.
    """
    F, f = population_normal_equations(h, normals)
    return _solve(F, f, _positions(h, len(_normals(normals))))


def two_weight_optimum(x_w1, x_w2) -> tuple[np.ndarray, np.ndarray]:
    """Eq. (24): optimal positions of two weights in the configuration of Fig. 3 (right).

    :math:`w_1` faces :math:`+\\mathbf i`, :math:`w_2` faces :math:`-\\mathbf i`,
    :math:`\\Omega_1 = (x_{w_1}, \\infty)`, :math:`\\Omega_3 = (-\\infty, x_{w_2})`:

    .. math:: h_1^* = \\frac{P_{1+}\\bar x_{1+} + P_{1-}\\bar x_{1-} - P_{1+} + P_{1-}}{P_{1+} + P_{1-}},

    and likewise :math:`h_2^*` with :math:`\\Omega_3`. Requires ``x_w1 >= x_w2``
    (otherwise the active sides overlap and Eq. (23) is not diagonal).
    """
    x_w1, x_w2 = as_array(x_w1, "x_w1"), as_array(x_w2, "x_w2")
    _broadcast(x_w1=x_w1, x_w2=x_w2)
    if np.any(x_w1 < x_w2):
        raise ValueError("Eq. (24) needs x_w1 >= x_w2 (disjoint active sides); use population_optimal_positions otherwise.")

    def optimum(a, b):
        p_pos, p_neg = region_probability(a, b, 1), region_probability(a, b, -1)
        numerator = p_pos * region_mean(a, b, 1) + p_neg * region_mean(a, b, -1) - p_pos + p_neg
        return numerator / (p_pos + p_neg)

    with np.errstate(invalid="ignore", divide="ignore"):
        h1, h2 = optimum(x_w1, np.inf), optimum(-np.inf, x_w2)
    # far in a tail both masses underflow (0 / 0): the same ratio in logarithms, h_2(x) = -h_1(-x) by symmetry
    return (np.where(np.isfinite(h1), h1, _tail_optimum(x_w1)),
            np.where(np.isfinite(h2), h2, -_tail_optimum(-x_w2)))


def _tail_optimum(a: np.ndarray) -> np.ndarray:
    """Eq. (24) on :math:`\\Omega = (a, \\infty)` where its masses underflow: :math:`h^* = \\frac{\\varphi(a-1) + \\varphi(a+1)}{\\bar\\Phi(a-1) + \\bar\\Phi(a+1)}`.

    The numerator of Eq. (24) reduces to the two densities (the truncated means' masses cancel
    the ``- P_{1+} + P_{1-}``).  Divided by the larger density, with the Mills ratio
    :math:`R(x) = \\bar\\Phi(x) / \\varphi(x) = \\sqrt{\\pi/2}\\,\\operatorname{erfcx}(x/\\sqrt2)` (accurate far in the
    tail) and :math:`q = \\varphi(a+1)/\\varphi(a-1) = e^{-2a}`: :math:`h^* = (1 + q) / (R(a-1) + q R(a+1))`,
    about ``a`` for large ``a`` and 0 (underflow) for very negative ``a``.
    """
    a = np.asarray(a, dtype=float)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        q = np.exp(-2.0 * np.abs(a))  # the smaller density over the larger
        upper = (1.0 + q) / (_mills(a - 1.0) + np.where(q > 0, q * _mills(a + 1.0), 0.0))  # a >= 0
        lower = (q + 1.0) / (np.where(q > 0, q * _mills(a - 1.0), 0.0) + _mills(a + 1.0))  # a < 0
    return np.where(a >= 0, upper, lower)


def _mills(x: np.ndarray) -> np.ndarray:
    """Mills ratio :math:`\\bar\\Phi(x) / \\varphi(x)`, finite far in the upper tail (inf far in the lower)."""
    return np.sqrt(np.pi / 2.0) * erfcx(x / np.sqrt(2.0))


# ------------------------------------------------------ gaps and P_t (Sec. 7.2)
def gap_probabilities(h, h_star) -> np.ndarray:
    """Probability of one sample lying in each gap :math:`g_k` between :math:`h_k` and :math:`h^*_k`, Eq. (E.7).

    .. math:: P(x\\in g_k) = \\tfrac12\\big[|\\Phi(h^*_k - x_+) - \\Phi(h_k - x_+)|
        + |\\Phi(h^*_k - x_-) - \\Phi(h_k - x_-)|\\big]
    """
    h, h_star = _gap_ends(h, h_star)
    return _gap_masses(h, h_star)


def _gap_ends(h, h_star) -> tuple[np.ndarray, np.ndarray]:
    """Starting positions and their optima as finite float arrays of one shape."""
    h, h_star = as_array(h, "h"), as_array(h_star, "h_star")
    if h_star.shape != h.shape:
        raise ValueError(f"h_star must have the shape of h, {h.shape} (one optimum per position), got {h_star.shape}.")
    return h, h_star


def _gap_masses(h: np.ndarray, h_star: np.ndarray) -> np.ndarray:
    """:func:`gap_probabilities` on checked arrays."""
    low, high = np.minimum(h, h_star), np.maximum(h, h_star)
    return 0.5 * (_mass(low, high, 1.0) + _mass(low, high, -1.0))


def gap_probability(h, h_star, rule: str = "union") -> np.ndarray:
    """Probability :math:`P_g` that a sample lies in one of the gaps, over the last axis.

    ``rule="union"``: :math:`P(x\\in g_1\\cup\\dots\\cup g_K)`, Eq. (26) exactly
    (overlapping gaps are merged); ``"max"``: :math:`\\max_k P(x\\in g_k)`, the
    approximation of Eq. (E.8), a lower bound; ``"product"``:
    :math:`1 - \\prod_k (1 - P(x\\in g_k))`, which makes :math:`P_t` the product
    of one factor per weight (the "tensor product" of Fig. 4c).
    """
    rule = _rule(rule)
    h, h_star = _gap_ends(h, h_star)
    return _gap_probability(h, h_star, rule)


def _gap_probability(h: np.ndarray, h_star: np.ndarray, rule: str) -> np.ndarray:
    """:func:`gap_probability` on checked arrays and rule."""
    if rule == "max":
        return _gap_masses(h, h_star).max(axis=-1)
    if rule == "product":
        return 1.0 - np.prod(1.0 - _gap_masses(h, h_star), axis=-1)
    low, high = np.minimum(h, h_star), np.maximum(h, h_star)
    order = np.argsort(low, axis=-1)
    low, high = np.take_along_axis(low, order, -1), np.take_along_axis(high, order, -1)
    covered = np.maximum.accumulate(high, axis=-1)  # right end of the union so far
    start = np.concatenate([low[..., :1], np.maximum(low[..., 1:], covered[..., :-1])], axis=-1)
    end = np.concatenate([high[..., :1], np.maximum(high[..., 1:], covered[..., :-1])], axis=-1)
    return _gap_masses(start, end).sum(axis=-1)


def trap_probability(h, normals, n: int = 100, rule: str = "union") -> np.ndarray:
    """Probability :math:`P_t = (1 - P_g)^N` of a genuine local minimum, Eq. (25).

    The gaps run from the starting positions ``h`` (shape (..., K)) to the
    population optimum of their fixed pattern; see :func:`gap_probability` for ``rule``.
    """
    n, rule = check_positive(n, "n", integer=True), _rule(rule)
    h_star = population_optimal_positions(h, normals)
    return (1.0 - _gap_probability(np.asarray(h, float), h_star, rule)) ** n


def weight_trap_factors(h, normals, n: int = 100) -> np.ndarray:
    """One factor :math:`(1 - P(x\\in g_k))^N` per weight, shape (..., K).

    Their product is :math:`P_t` with ``rule="product"``. Fig. 4(b) of the Liu
    paper can only be the factor of the moving weight :math:`w_1`: with
    :math:`x_{w_2} = 0` fixed, the gap of :math:`w_2` alone holds a sample with
    probability 0.117 and caps :math:`P_t` at :math:`0.883^{100} \\approx 4\\cdot 10^{-6}`,
    while the paper's curve approaches 1 far from the data.
    """
    n = check_positive(n, "n", integer=True)
    h_star = population_optimal_positions(h, normals)
    return (1.0 - _gap_masses(np.asarray(h, float), h_star)) ** n


# ------------------------------------------------------- experiments (Sec. 7.3)
FIG4_NORMALS = (1.0, -1.0)
"""Fig. 3 (right) and Fig. 4: :math:`w_1` faces :math:`+\\mathbf i`, :math:`w_2` faces :math:`-\\mathbf i`."""
FIGA4_START = (0.1, 0.05, 0.0, -0.05)
"""Starting positions of the four weights of Fig. A4 (App. E.3), uppermost first."""
FIGA4_NORMALS = (1.0, 1.0, -1.0, -1.0)
"""Our choice for Fig. A4 (the figure is lost): the upper two face :math:`+\\mathbf i`, the lower two
:math:`-\\mathbf i`, extending Fig. 3 (right) by one weight on each side."""


def fig4a_loss(x_w1, x_w2: float = 0.0, n: int = 100, seed: int = 0) -> np.ndarray:
    """Fig. 4(a): empirical loss (Eq. 20 / N) of one seeded dataset as :math:`x_{w_1}` moves, :math:`x_{w_2}` fixed."""
    x, y = sample_data(n, seed)
    x_w1, x_w2 = as_vector(x_w1, "x_w1"), check_real(x_w2, "x_w2")
    return np.array([parallel_loss(x, y, [h1, x_w2], FIG4_NORMALS) for h1 in x_w1])


def fig4b_trap(x_w1, x_w2: float = 0.0, n: int = 100) -> np.ndarray:
    """Fig. 4(b): the factor :math:`(1 - P(x\\in g_1))^N` of the moving weight (see :func:`weight_trap_factors`)."""
    x_w1, x_w2 = as_vector(x_w1, "x_w1"), check_real(x_w2, "x_w2")
    h = np.stack([x_w1, np.full_like(x_w1, x_w2)], axis=-1)
    return weight_trap_factors(h, FIG4_NORMALS, n)[:, 0]


def fig4c_trap_map(x_w1, x_w2, n: int = 100, rule: str = "product") -> np.ndarray:
    """Fig. 4(c): :math:`P_t` over a grid, shape (len(x_w2), len(x_w1)).

    ``rule="product"`` gives the paper's tensor product of one factor per
    weight; ``rule="union"`` gives Eq. (25)-(26) as written.
    """
    x_w1, x_w2 = as_vector(x_w1, "x_w1"), as_vector(x_w2, "x_w2")
    check_entries(40.0 * x_w1.size * x_w2.size, "x_w1 and x_w2")  # a few dozen numbers per grid point
    W1, W2 = np.meshgrid(x_w1, x_w2)
    return trap_probability(np.stack([W1, W2], axis=-1), FIG4_NORMALS, n, rule)


def figA4_positions(shift, move: str = "uppermost", start=FIGA4_START) -> np.ndarray:
    """Positions of Fig. A4: ``start`` with the uppermost weight (``move="uppermost"``) or all weights shifted."""
    shift = as_vector(shift, "shift")
    start = as_vector(start, "start")
    if move not in ("uppermost", "all"):
        raise ValueError(f"move must be 'uppermost' or 'all', got {move!r}.")
    mask = np.ones_like(start) if move == "all" else (start == start.max()).astype(float)
    return start + shift[:, None] * mask


def figA4_trap(shift, move: str = "uppermost", n: int = 100, rule: str = "max", normals=FIGA4_NORMALS) -> np.ndarray:
    """Fig. A4: :math:`P_t` of four weights as they are shifted (App. E.3; ``rule="max"`` is Eq. E.8)."""
    if len(_normals(normals)) != len(FIGA4_START):
        raise ValueError(f"normals must have one entry per weight of FIGA4_START ({len(FIGA4_START)}), got {normals!r}.")
    return trap_probability(figA4_positions(shift, move), normals, n, rule)


# -------------------------------------------------------- beyond the paper
MC_LARGE = 200_000
"""Opt-in number of datasets for :func:`monte_carlo_trap` (about 4 s per configuration; the default takes 0.1 s)."""


def monte_carlo_trap(h, normals, n: int = 100, datasets: int = 4000, seed: int = 0, chunk: int = 5000) -> dict:
    """Monte-Carlo probability that the *sample* optimum stays in the starting cell.

    For each of ``datasets`` seeded datasets of ``n`` samples, solve the
    fixed-pattern problem (Eq. 21) and call the minimum genuine when no sample
    lies strictly between any :math:`h_k` and its sample optimum :math:`h^*_k`.
    Also counts datasets with no sample in the *population* gaps, the event
    whose probability Eq. (25) with ``rule="union"`` gives exactly.

    Returns
    -------
    dict
        ``"sample"`` and ``"population"``: fractions of genuine datasets;
        ``"stderr"``: binomial standard errors of both, in the same order.
    """
    normals = _normals(normals)
    h = _positions(h, len(normals), single=True)
    datasets = check_positive(datasets, "datasets", integer=True)
    chunk = check_positive(chunk, "chunk", integer=True)
    x, y = sample_data(n, seed, datasets)
    h_pop = population_optimal_positions(h, normals)
    genuine_sample, genuine_population = [], []
    for start in range(0, datasets, chunk):
        xs, ys = x[start : start + chunk], y[start : start + chunk]
        h_star = optimal_positions(xs, ys, h, normals)
        genuine_sample.append(~_any_between(xs, h, h_star))
        genuine_population.append(~_any_between(xs, h, np.broadcast_to(h_pop, h_star.shape)))
    fractions = [float(np.mean(np.concatenate(g))) for g in (genuine_sample, genuine_population)]
    stderr = [np.sqrt(p * (1 - p) / datasets) for p in fractions]
    return {"sample": fractions[0], "population": fractions[1], "stderr": stderr}


def _any_between(x: np.ndarray, h: np.ndarray, h_star: np.ndarray) -> np.ndarray:
    """For each dataset (row of ``x``), whether a sample lies strictly inside some gap."""
    low, high = np.minimum(h, h_star)[:, None, :], np.maximum(h, h_star)[:, None, :]
    inside = (x[:, :, None] > low) & (x[:, :, None] < high)
    return inside.any(axis=(1, 2))
