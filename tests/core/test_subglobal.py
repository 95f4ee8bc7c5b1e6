"""Each region's convex problem and the genuineness of its minimum (Sec. 2.2, 4.1)."""
import numpy as np
import pytest

from lossland.core import nets
from lossland.core.data import three_points
from lossland.core.all_regions import subglobal_minima
from lossland.core.genuine import genuineness
from lossland.core.genuine_reference import reference_margin, reference_status
from lossland.core.regions import activation_regions
from lossland.core.subglobal import normal_equations, solve_pattern, solve_regions


def random_problem(seed, n_points=4, n_inputs=2):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_points, n_inputs)), rng.standard_normal(n_points)


def design(X, pattern, bias):
    Xh = np.hstack([X, np.ones((len(X), 1))]) if bias else X
    blocks = [pattern[:, [j]] * Xh for j in range(pattern.shape[1])] + ([np.ones((len(X), 1))] if bias else [])
    return np.hstack(blocks)


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("n_points", [4, 9])  # fewer points than columns (kernel form), and more (Eq. 7)
@pytest.mark.slow
def test_batched_solution_is_the_minimum_norm_least_squares_solution(bias, n_points):
    X, y = random_problem(1, n_points)
    regions = activation_regions(X, 2, bias)
    fit = solve_regions(X, y, regions.patterns, bias)
    for r, pattern in enumerate(regions.patterns):
        D = design(X, pattern, bias)
        solution, _, rank, _ = np.linalg.lstsq(D, y, rcond=None)
        d = X.shape[1] + bias
        assert np.allclose(fit.p[r].ravel(), solution[: 2 * d], atol=1e-9)
        assert np.isclose(fit.loss[r], 0.5 * np.sum((D @ solution - y) ** 2))
        assert fit.rank[r] == rank


def test_solution_solves_the_papers_normal_equations():
    """Eq. (7): the block system with Phi_j on the diagonal and Lambda_jk off it."""
    X, y = three_points()
    pattern = np.array([[1, 0], [1, 1], [0, 1]])
    matrix, rhs = normal_equations(X, y, pattern)
    assert matrix.shape == (4, 4)
    p = solve_pattern(X, y, pattern).p[0].ravel()
    assert np.allclose(matrix @ p, rhs)
    a = pattern
    phi_1 = sum(a[i, 0] * np.outer(X[i], X[i]) for i in range(3))
    lambda_12 = sum(a[i, 0] * a[i, 1] * np.outer(X[i], X[i]) for i in range(3))
    assert np.allclose(matrix[:2, :2], phi_1) and np.allclose(matrix[:2, 2:], lambda_12)


def test_singular_systems_are_handled():
    # Two identical units: the system is singular; any solution splits p between them.
    X, y = three_points()
    fit = solve_pattern(X, y, np.ones((3, 2)))
    assert fit.rank[0] == 2
    assert np.allclose(fit.p[0, 0], fit.p[0, 1])


def assert_realises(X, y, pattern, verdict, bias):
    arch = nets.Architecture(X.shape[1], pattern.shape[1], bias)
    W, v, b, c = arch.unpack(verdict.theta)
    pre = X @ W.T + b
    assert np.all(np.abs(pre) > 1e-9), "the witness must be strictly inside the region"
    assert np.array_equal(pre > 0, pattern.astype(bool))
    assert np.isclose(nets.loss(arch, verdict.theta, X, y), verdict.loss, atol=1e-8)
    assert np.linalg.norm(nets.gradient(arch, verdict.theta, X, y)) < 1e-6
    assert np.linalg.eigvalsh(nets.hessian(arch, verdict.theta, X, y)).min() > -1e-6


@pytest.mark.parametrize("seed,bias", [(0, False), (1, True), (2, False), (3, True)])
@pytest.mark.slow
def test_genuine_minima_are_realised_strictly_inside_their_region(seed, bias):
    X, y = random_problem(seed, n_points=3)
    regions = activation_regions(X, 2, bias)
    verdicts = [genuineness(X, y, p, bias) for p in regions.patterns]
    assert any(v.status == "genuine" for v in verdicts)
    for pattern, verdict in zip(regions.patterns, verdicts):
        assert verdict.status in {"genuine", "boundary", "absent"}
        if verdict.status == "genuine":
            assert_realises(X, y, pattern, verdict, bias)


def min_norm_solution_is_inside(X, pattern, p):
    for j in range(pattern.shape[1]):
        same = [k for k in range(pattern.shape[1]) if np.array_equal(pattern[:, k], pattern[:, j])]
        if len(same) > 1 or not pattern[:, j].any() or np.allclose(p[j], 0):
            continue
        margins = np.where(pattern[:, j], 1.0, -1.0) * (X @ p[j])
        if not (np.all(margins > 0) or np.all(margins < 0)):
            return False
    return True


@pytest.mark.slow
def test_genuineness_is_decided_over_the_whole_solution_set():
    """Some regions' minimum-norm solution lies outside, yet another minimiser lies inside."""
    X, y = three_points()
    regions = activation_regions(X, 3)
    fit = solve_regions(X, y, regions.patterns)
    rescued = 0
    for r, pattern in enumerate(regions.patterns):
        if fit.rank[r] < 6 and not min_norm_solution_is_inside(X, pattern, fit.p[r]):
            verdict = genuineness(X, y, pattern)
            if verdict.status == "genuine":
                assert_realises(X, y, pattern, verdict, bias=False)
                rescued += 1
    assert rescued > 0


@pytest.mark.parametrize("seed", [5, 6])
@pytest.mark.slow
def test_absent_minima_are_never_reached_by_sampling_the_solution_set(seed):
    """Independent check: random minimisers p0 + N z never fit inside an 'absent' region."""
    X, y = random_problem(seed, n_points=3)
    regions = activation_regions(X, 2)
    rng = np.random.default_rng(seed)
    for pattern in regions.patterns:
        verdict = genuineness(X, y, pattern)
        if verdict.status != "absent":
            continue
        D = design(X, pattern, False)
        p0 = np.linalg.lstsq(D, y, rcond=None)[0]
        _, s, vt = np.linalg.svd(D)
        null = vt[np.sum(s > 1e-10):]
        for z in rng.standard_normal((500, len(null))) * rng.uniform(0.01, 100, (500, 1)):
            p = (p0 + z @ null).reshape(2, -1)
            assert not min_norm_solution_is_inside(X, pattern, p)


@pytest.mark.slow
def test_subglobal_minima_share_results_between_permuted_regions():
    X, y = three_points()
    minima = subglobal_minima(X, y, 2)
    direct = [genuineness(X, y, p, parameters=False).status for p in minima.regions.patterns]
    assert minima.status.tolist() == direct
    assert np.allclose(minima.loss, solve_regions(X, y, minima.regions.patterns).loss)


def test_minima_of_the_narrow_network_persist_in_the_wider_one():
    """Sec. 3.2: every genuine loss value at width h appears again at width h + 1."""
    X, y = three_points()
    for h in (1, 2):
        narrow = set(np.round(subglobal_minima(X, y, h).loss[subglobal_minima(X, y, h).genuine], 8))
        wide = subglobal_minima(X, y, h + 1)
        assert narrow <= set(np.round(wide.loss[wide.genuine], 8))


def test_bad_patterns_are_rejected():
    X, y = three_points()
    with pytest.raises(ValueError, match="pattern"):
        genuineness(X, y, np.ones((2, 2)))
    with pytest.raises(ValueError, match="pattern"):
        genuineness(X, y, 2 * np.ones((3, 2)))
    with pytest.raises(ValueError, match="patterns"):
        solve_regions(X, y, np.ones((3, 2)))
    with pytest.raises(ValueError, match="y"):
        solve_pattern(X, y[:2], np.ones((3, 1)))


def test_minimum_on_the_region_boundary_is_reported_as_such():
    """Worked by hand: the unique minimiser p = (-1, 1) fits x1, x2 exactly and has x3 . p = 0."""
    X = np.array([[-2.0, 0.0], [-1.0, 1.0], [1.0, 1.0]])
    y = np.array([2.0, 2.0, -2.0])
    pattern = np.array([[1], [1], [0]])
    fit = solve_pattern(X, y, pattern)
    assert np.allclose(fit.p[0, 0], [-1.0, 1.0])
    assert np.isclose(X[2] @ fit.p[0, 0], 0.0)
    verdict = genuineness(X, y, pattern)
    assert verdict.status == "boundary" and verdict.theta is None
    assert abs(verdict.margin) < 1e-9


@pytest.mark.parametrize("width, bias, seed", [(2, False, None), (3, False, None), (2, True, 3), (3, True, 4)])
@pytest.mark.slow
def test_every_region_carries_its_own_solution(width, bias, seed):
    """Permutations of a representative's units get its products permuted: each region's p is its own."""
    X, y = three_points() if seed is None else random_problem(seed, n_points=4)
    minima = subglobal_minima(X, y, width, bias)
    for r, pattern in enumerate(minima.regions.patterns):
        own = solve_pattern(X, y, pattern, bias)
        scale = 1e-10 * max(1.0, np.abs(own.p).max())
        assert np.allclose(minima.fit.p[r], own.p[0], rtol=0, atol=scale)
        assert np.allclose(minima.fit.fitted[r], own.fitted[0], rtol=0, atol=1e-10 * max(1.0, np.abs(y).max()))


def test_minimum_norm_test_agrees_with_an_independent_sign_check():
    """genuine.minimum_norm_inside against the per-unit sign test written out here (distinct patterns)."""
    from lossland.core.genuine import minimum_norm_inside

    X, y = three_points()
    minima = subglobal_minima(X, y, 3)
    compared = 0
    for r, pattern in enumerate(minima.regions.patterns):
        if len({pattern[:, j].tobytes() for j in range(3)}) == 3:
            p = minima.fit.p[r]
            assert minimum_norm_inside(X, y, pattern, p) == min_norm_solution_is_inside(X, pattern, p)
            compared += 1
    assert compared > 0


@pytest.mark.parametrize("tol", [1e-12, 0.0, -1.0, np.nan, np.inf])
def test_margin_tolerance_below_the_solver_accuracy_is_refused(tol):
    X, y = three_points()
    with pytest.raises(ValueError, match="tol"):
        genuineness(X, y, activation_regions(X, 2).patterns[0], tol=tol)
    with pytest.raises(ValueError, match="tol"):
        subglobal_minima(X, y, 2, tol=tol)


@pytest.mark.parametrize("seed, width, bias", [(0, 2, False), (1, 2, True), (2, 3, False)])
@pytest.mark.slow
def test_batched_verdicts_equal_one_region_at_a_time(seed, width, bias):
    """subglobal_minima solves many regions' margin programs in one call; genuineness solves one region's."""
    X, y = random_problem(seed, n_points=5)
    minima = subglobal_minima(X, y, width, bias)
    for pattern, status in zip(minima.regions.patterns, minima.status):
        assert genuineness(X, y, pattern, bias, parameters=False).status == status


def test_chunks_change_no_digit(monkeypatch):
    """solve_regions in chunks of 7 regions equals one batch, to the last bit."""
    from lossland.core import subglobal

    X, y = random_problem(3, n_points=6)
    patterns = activation_regions(X, 2, True).patterns
    whole = solve_regions(X, y, patterns, True)
    monkeypatch.setattr(subglobal, "CHUNK_ENTRIES", 7 * len(X) ** 2)
    chunked = solve_regions(X, y, patterns, True)
    for name in subglobal.Fit.__dataclass_fields__:
        assert np.array_equal(getattr(whole, name), getattr(chunked, name))


@pytest.mark.parametrize("seed, n_points, n_inputs, width, bias",
                         [(0, 5, 2, 2, False), (1, 8, 1, 2, True), (2, 4, 2, 3, False), (3, 6, 3, 2, False),
                          (4, 6, 1, 2, True)])
@pytest.mark.slow
def test_margins_equal_a_brute_force_search_of_the_solution_set(seed, n_points, n_inputs, width, bias):
    """Verdicts and margins against the plain reference (one LP per sign choice), on up to 120 regions of each instance.

    Where the design has at least as many rows as columns, some regions have one minimiser
    and are decided in closed form without a linear program; the others search the solution set.
    """
    X, y = random_problem(seed, n_points, n_inputs)
    patterns = activation_regions(X, width, bias).patterns
    picked = np.random.default_rng(seed).permutation(len(patterns))[:120]
    unique = 0
    for pattern in patterns[picked]:
        verdict = genuineness(X, y, pattern, bias, parameters=False)
        assert verdict.status == reference_status(X, y, pattern, bias)
        if verdict.status == "boundary":  # elsewhere ours may stop early or skip choices it proves hopeless
            assert verdict.margin == pytest.approx(reference_margin(X, y, pattern, bias), abs=1e-8)
        unique += solve_pattern(X, y, pattern, bias).rank[0] == design(X, pattern, bias).shape[1]
    assert unique > 0 or width * (n_inputs + bias) + bias > n_points
