"""Liu's one-hidden-layer ReLU landscape (Sec. 2-6, App. A-D): theorems checked on instances."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossland.core import nets
from lossland.core.genuine import genuineness
from lossland.core.inregion import descend_in_region
from lossland.core.probes import is_local_minimum
from lossland.core.regions import activation_regions, unit_cells
from lossland.liu.boundary import boundary_inequalities, boundary_minima, boundary_minimum, boundary_system
from lossland.liu.criteria import (
    cell_minimum, differentiable_minima, liu_criterion, liu_inputs, liu_loss, liu_matrix, liu_saddle,
    saddle_system,
)
from lossland.liu.example import CELLS, EXAMPLE_X, example_cells, example_loss


def liu_data(seed, n_points=4, raw_dim=1):
    """Random raw inputs made homogeneous (Liu's x_i with last coordinate 1) and labels +-1."""
    rng = np.random.default_rng(seed)
    return liu_inputs(rng.standard_normal((n_points, raw_dim))), rng.choice([-1.0, 1.0], n_points)


def relu_loss(X, y, W, z):
    """Eq. (1) with squared loss, written out."""
    return np.mean((np.maximum(X @ W.T, 0.0) @ z - y) ** 2)


# Conventions -----------------------------------------------------------------


def test_liu_inputs_append_the_bias_coordinate():
    X = liu_inputs([[2.0, 3.0], [4.0, 5.0]])
    assert np.array_equal(X, [[2.0, 3.0, 1.0], [4.0, 5.0, 1.0]])


def test_liu_loss_does_not_call_chapter_1s_loss(monkeypatch):
    """The agreement printed in Sec. 2.1 is a real check: liu_loss computes Eq. 1 on its own."""
    X, y = liu_inputs([[0.3], [-1.2], [2.0]]), np.array([1.0, -1.0, 1.0])
    theta = np.array([0.5, 1.0, -1.0, 0.2, 1.5, -0.7])
    expected = liu_loss(X, y, theta)
    monkeypatch.setattr(nets, "loss", lambda *args, **kwargs: (_ for _ in ()).throw(AssertionError("called nets.loss")))
    assert liu_loss(X, y, theta) == expected


def test_liu_loss_is_eq1_and_two_over_n_times_ours():
    X, y = liu_data(0, 5)
    rng = np.random.default_rng(1)
    W, z = rng.standard_normal((3, 2)), rng.standard_normal(3)
    arch = nets.Architecture(2, 3)
    theta = arch.pack(W, z)
    assert np.isclose(liu_loss(X, y, theta), relu_loss(X, y, W, z))
    assert np.isclose(liu_loss(X, y, theta), 2 / 5 * nets.loss(arch, theta, X, y))


# 1. Cell minima, Eq. (5)-(9) ----------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cell_minimum_matches_eq7_and_eq9_with_pinv(seed):
    X, y = liu_data(seed, 4)
    for pattern in activation_regions(X, 2).patterns:
        A = liu_matrix(X, pattern)
        pinv = np.linalg.pinv(A)
        minimum = cell_minimum(X, y, pattern)
        assert np.allclose(minimum.R.ravel(), pinv @ y, atol=1e-9)
        assert np.allclose(minimum.free, np.eye(4) - pinv @ A, atol=1e-9)
        assert np.isclose(minimum.loss, np.sum((A @ pinv @ y - y) ** 2) / len(y))
        assert minimum.unique == (np.linalg.matrix_rank(A) == A.shape[1])
        # every point of Eq. (7) is a minimiser with the loss of Eq. (9)
        c = np.random.default_rng(seed).standard_normal(4)
        R = minimum.R.ravel() + minimum.free @ c
        assert np.isclose(np.mean((A @ R - y) ** 2), minimum.loss)


# 2. Genuine differentiable minima, Eq. (10)-(13) --------------------------------

BOUNDARY_X = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
BOUNDARY_Y = np.ones(3)
BOUNDARY_PATTERN = np.array([[1], [1], [0]])


def test_liu_criterion_accepts_a_minimiser_on_the_boundary_that_is_no_local_minimum():
    """R* = (1, 0) is unique and has R*.x_3 = 0: (11) says yes, strictly it is on the boundary."""
    minimum = cell_minimum(BOUNDARY_X, BOUNDARY_Y, BOUNDARY_PATTERN)
    assert minimum.unique and np.isclose(minimum.R[0] @ BOUNDARY_X[2], 0.0)
    assert liu_criterion(BOUNDARY_X, BOUNDARY_Y, BOUNDARY_PATTERN)
    assert not liu_criterion(BOUNDARY_X, BOUNDARY_Y, BOUNDARY_PATTERN, strict=True)
    assert genuineness(BOUNDARY_X, BOUNDARY_Y, BOUNDARY_PATTERN).status == "boundary"
    arch = nets.Architecture(2, 1)
    theta = arch.pack(minimum.R, [1.0])
    assert not is_local_minimum(lambda t: nets.loss(arch, t, BOUNDARY_X, BOUNDARY_Y), theta)


def test_liu_criterion_misses_minima_with_a_zero_output_weight():
    """R_j = z_j w_j = 0 with z_j = 0 and w_j anywhere in its cell: genuine, but (11)-(13) ask R_j . x_i > 0."""
    X, y = liu_inputs([[0.0], [1.0], [2.0]]), -np.ones(3)
    pattern = np.array([[1, 1], [1, 1], [1, 0]])
    verdict = genuineness(X, y, pattern)
    assert verdict.status == "genuine" and not liu_criterion(X, y, pattern, strict=True)
    arch = nets.Architecture(2, 2)
    W, z, _, _ = arch.unpack(verdict.theta)
    assert z[1] == 0 and np.array_equal(nets.pattern_of(arch, verdict.theta, X), pattern)
    assert np.isclose(liu_loss(X, y, verdict.theta), 0.0)


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 10_000))
@pytest.mark.slow
def test_strict_liu_criterion_agrees_with_genuineness(seed):
    """Strict (11)-(13) => genuine => strict (11)-(13) or a minimum with some z_j = 0; as printed => not absent."""
    X, y = liu_data(seed, 4)
    arch = nets.Architecture(2, 2)
    for pattern in activation_regions(X, 2).patterns:
        verdict = genuineness(X, y, pattern)
        strict = liu_criterion(X, y, pattern, strict=True)
        if strict:
            assert verdict.status == "genuine"
        elif verdict.status == "genuine":
            z = arch.unpack(verdict.theta)[1]
            assert np.any((z == 0) & pattern.any(axis=0))
        if liu_criterion(X, y, pattern):
            assert verdict.status in ("genuine", "boundary")


@pytest.mark.slow
def test_listing_matches_genuineness_and_the_genuine_parameters():
    X, y = liu_data(5, 4)
    listed = differentiable_minima(X, y, 2)
    keys = {p.tobytes() for p in (m.pattern for m in listed)}
    for pattern in activation_regions(X, 2).patterns:
        assert (pattern.tobytes() in keys) == (genuineness(X, y, pattern, parameters=False).status == "genuine")
    arch = nets.Architecture(2, 2)
    for minimum in listed:
        verdict = genuineness(X, y, minimum.pattern)
        assert np.array_equal(nets.pattern_of(arch, verdict.theta, X), minimum.pattern)
        assert np.isclose(liu_loss(X, y, verdict.theta), minimum.loss)
        assert np.allclose(nets.gradient(arch, verdict.theta, X, y), 0.0, atol=1e-8)


def test_gradient_descent_inside_a_cell_ends_only_at_listed_minima():
    """Theorem 1: a run that converges without leaving its cells reaches that pattern's listed minimum."""
    X, y = liu_data(4, 3)
    regions = activation_regions(X, 1)
    listed = {m.pattern.tobytes(): m.loss for m in differentiable_minima(X, y, 1)}
    converged = 0
    for r, pattern in enumerate(regions.patterns):
        run = descend_in_region(X, y, regions, r, count=10, steps=4000, learning_rate=0.05)
        if run.converged.any():
            converged += 1
            assert pattern.tobytes() in listed
            assert np.allclose(2 / len(y) * run.final_loss[run.converged], listed[pattern.tobytes()], atol=1e-6)
    assert converged >= 1


# 3. The illustrative example, Sec. 4.2 and App. B -------------------------------


def test_example_has_the_four_cells_of_fig_a1():
    cells = unit_cells(EXAMPLE_X)
    assert {tuple(p) for p in cells.patterns.astype(int)} == set(CELLS.values())


def test_appendix_b_values_for_y_1_1():
    y = np.array([1.0, 1.0])
    cells = example_cells(y)
    assert cells["r1"].kind == "plateau" and np.isclose(cells["r1"].loss, 0.5 * (y @ y)) and np.isclose(cells["r1"].loss, 1.0)
    r3 = np.array([[1], [0]])
    assert np.array_equal(liu_matrix(EXAMPLE_X, r3), [[1, 0], [0, 0]])
    assert np.allclose(np.linalg.pinv(liu_matrix(EXAMPLE_X, r3)), [[1, 0], [0, 0]])
    assert np.allclose(cell_minimum(EXAMPLE_X, y, r3).free, [[0, 0], [0, 1]])  # R* = (1, c2)
    assert cells["r3"].kind == "line" and np.allclose(cells["r3"].R, [1, 0]) and np.isclose(cells["r3"].loss, 0.5)
    assert cells["r2"].kind == "line" and np.isclose(cells["r2"].loss, 0.5)
    assert cells["r4"].kind == "point" and np.allclose(cells["r4"].R, [1, 1]) and np.isclose(cells["r4"].loss, 0.0)
    assert all(cell.genuine for cell in cells.values())


def test_fig2b_cell_r4_minimum_falls_outside():
    cells = example_cells([1.0, -1.0])
    assert np.allclose(cells["r4"].R, [1, -1]) and not cells["r4"].liu and not cells["r4"].genuine
    assert not cells["r2"].genuine and cells["r3"].genuine and cells["r1"].genuine
    # on a grid inside r4, the loss keeps falling towards the edge w2 = 0: no minimum inside
    w = np.linspace(0.01, 2.0, 200)
    W1, W2 = np.meshgrid(w, w, indexing="ij")
    loss = example_loss(W1, W2, [1.0, -1.0])
    assert np.unravel_index(np.argmin(loss), loss.shape)[1] == 0


@pytest.mark.parametrize("y2", [1.0, -1.0, 0.0, -1.5, 0.7])
def test_lowest_loss_of_each_cell_is_the_grid_infimum(y2):
    """ExampleCell.lowest: Eq. 9 where a minimum is inside, else the infimum approached at the edge."""
    y = (1.0, y2)
    w = np.linspace(-3.0, 3.0, 601)
    w = w[np.abs(w) > 1e-9]
    W1, W2 = np.meshgrid(w, w, indexing="ij")
    loss = example_loss(W1, W2, y)
    for name, cell in example_cells(y).items():
        inside = ((W1 > 0) == bool(CELLS[name][0])) & ((W2 > 0) == bool(CELLS[name][1]))
        assert loss[inside].min() > cell.lowest - 1e-12  # never below it ...
        assert loss[inside].min() < cell.lowest + 0.02  # ... and approached (grid step 0.01)
        if cell.genuine:
            assert np.isclose(cell.lowest, cell.loss)
        else:
            assert loss[inside].min() > cell.lowest  # not attained inside the open cell


def test_lowest_losses_of_fig2b_by_hand():
    """y = (1, -1): r4 approaches 1/2 at the edge point (1, 0); r2 approaches 1 at w2 = 0."""
    cells = example_cells([1.0, -1.0])
    assert np.isclose(cells["r4"].lowest, 0.5) and np.isclose(cells["r2"].lowest, 1.0)
    assert np.isclose(cells["r4"].loss, 0.0) and np.isclose(cells["r2"].loss, 0.5)  # Eq. 9: not reached


@pytest.mark.parametrize("y", [(1.0, 1.0), (1.0, -1.0)])
def test_example_loss_grid_attains_the_cell_minima(y):
    """The landscape of Fig. 2: inside each cell with a genuine minimum, the grid minimum is that minimum."""
    w = np.linspace(-2.0, 2.0, 401)[np.abs(np.linspace(-2.0, 2.0, 401)) > 1e-9]
    W1, W2 = np.meshgrid(w, w, indexing="ij")
    loss = example_loss(W1, W2, y)
    for name, cell in example_cells(y).items():
        inside = ((W1 > 0) == bool(CELLS[name][0])) & ((W2 > 0) == bool(CELLS[name][1]))
        assert loss[inside].min() >= cell.loss - 1e-12
        if cell.genuine:
            assert np.isclose(loss[inside].min(), cell.loss, atol=1e-6)


def test_example_minima_above_the_global_one_are_genuine_local_minima():
    """Fig. 2a: the plateau r1 (loss 1) and the half-lines in r2, r3 (loss 1/2) are bad local minima."""
    listed = differentiable_minima(EXAMPLE_X, [1.0, 1.0], 1)
    assert sorted(m.loss for m in listed) == pytest.approx([0.0, 0.5, 0.5, 1.0])
    # r3's minimisers R* = (1, c2) (App. B): a local minimum for c2 < 0 (inside r3), not for c2 > 0 (in r4)
    arch = nets.Architecture(2, 1)
    for c2, inside in [(-0.5, True), (0.5, False)]:
        theta = arch.pack([[1.0, c2]], [1.0])
        assert is_local_minimum(lambda t: nets.loss(arch, t, EXAMPLE_X, [1.0, 1.0]), theta) == inside


# 4. Saddle points, Theorem 2 ---------------------------------------------------


@pytest.mark.parametrize("seed", [0, 2])
@pytest.mark.slow
def test_theorem2_saddle_has_zero_gradient_and_an_indefinite_hessian(seed):
    found = 0
    X, y = liu_data(seed, 4)
    for pattern in activation_regions(X, 2).patterns:
        theta = liu_saddle(X, y, pattern, busy=[0])
        if theta is None:
            continue
        arch = nets.Architecture(2, 2)
        W, z, _, _ = arch.unpack(theta)
        assert np.array_equal(nets.pattern_of(arch, theta, X), pattern)
        B, b = saddle_system(X, y, pattern, [0])
        assert np.allclose(B @ (z[0] * W[0]), b)  # Eq. (14)
        e = pattern[:, 0] * (X @ (z[0] * W[0])) - y
        normal = (e * pattern[:, 1]) @ X
        assert z[1] == 0 and np.isclose(normal @ W[1], 0.0)  # Eq. (15)
        if np.linalg.norm(normal) < 1e-6:
            continue  # dL/dR_2 = 0: not a saddle of Theorem 2's kind
        assert np.allclose(nets.gradient(arch, theta, X, y), 0.0, atol=1e-9)
        eigenvalues = np.linalg.eigvalsh(nets.hessian(arch, theta, X, y))
        assert eigenvalues.min() < -1e-6 and eigenvalues.max() > 1e-6
        found += 1
    assert found >= 1


# 5. Non-differentiable minima, Lemma 2, Theorem 3 ------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_eq18_19_are_the_one_sided_derivatives_across_the_boundary(seed):
    """Rows of (18)-(19) times z_m are g_1.x_n and g_2.x_n: one-sided derivatives of the real ReLU loss."""
    X, y = liu_data(seed, 4)
    rng = np.random.default_rng(seed + 100)
    n = int(rng.integers(4))
    R = rng.standard_normal((2, 2))
    R[0] -= (R[0] @ X[n]) / (X[n] @ X[n]) * X[n]  # w_0 on the hyperplane of x_n
    z = np.array([rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2.0), 1.0])
    arch = nets.Architecture(2, 2)
    theta = arch.pack(R / z[:, None], z)
    pattern = nets.pattern_of(arch, theta, X)
    pattern[n, 0] = False  # cell 1 of unit 0
    a, b = boundary_inequalities(X, y, pattern, 0, n)
    a_printed, b_printed = boundary_inequalities(X, y, pattern, 0, n, printed=True)
    h = 1e-7
    unit = np.zeros(arch.size)
    unit[:2] = X[n]  # move w_0 along x_n
    loss = lambda t: float(nets.loss(arch, t, X, y))  # noqa: E731
    g1 = (loss(theta) - loss(theta - h * unit)) / h  # from cell 1
    g2 = (loss(theta + h * unit) - loss(theta)) / h  # into cell 2
    flat = R.ravel()
    assert np.isclose(z[0] * (a[0] @ flat - b[0]), g1, rtol=1e-5, atol=1e-5)
    assert np.isclose(z[0] * (a[1] @ flat - b[1]), g2, rtol=1e-5, atol=1e-5)
    # the printed Eq. (19) subtracts K y_n instead of y_n: off by (K - 1) y_n |x_n|^2 z_m
    assert np.isclose(z[0] * (a_printed[1] @ flat - b_printed[1]), g2 - z[0] * y[n] * (X[n] @ X[n]), rtol=1e-5, atol=1e-5)
    assert not np.isclose(z[0] * (a_printed[1] @ flat - b_printed[1]), g2, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("seed", range(3))
def test_solutions_of_eq17_satisfy_the_conditions_they_encode(seed):
    """D R = d <=> dL/dR_j = 0 (j != m), g_1 parallel to x_n, R_m . x_n = 0 (D.13, D.16, D.17)."""
    X, y = liu_data(seed, 4)
    pattern = activation_regions(X, 2).patterns[np.random.default_rng(seed).integers(64)].copy()
    n = 1
    pattern[n, 0] = False
    D, d = boundary_system(X, y, pattern, 0, n)
    assert D.shape == (2 * 2 + 1, 2 * 2)
    R = np.linalg.pinv(D) @ d
    assert np.allclose(D @ np.linalg.pinv(D) @ d, d) == np.allclose(D @ R, d)
    if not np.allclose(D @ R, d):
        pytest.skip("not solvable")
    R = R.reshape(2, 2)
    residual = np.sum(pattern * (X @ R.T), axis=1) - y
    assert np.isclose(R[0] @ X[n], 0.0)
    assert np.allclose((residual * pattern[:, 1]) @ X, 0.0)
    g1 = (residual * pattern[:, 0]) @ X
    assert np.isclose(abs(g1 @ X[n]), np.linalg.norm(g1) * np.linalg.norm(X[n]))


def one_unit_boundary_cases(seeds):
    """Every (data, cell-1 pattern, n, sign of z, theta) with one unit on a facet of sample n's hyperplane."""
    for seed in seeds:
        X, y = liu_data(seed, 4)
        for pattern in activation_regions(X, 1).patterns:
            for n in np.flatnonzero(~pattern[:, 0]):
                D, d = boundary_system(X, y, pattern, 0, n)
                R = np.linalg.pinv(D) @ d
                if not np.allclose(D @ R, d):
                    continue
                for s in (1.0, -1.0):
                    levels = s * np.delete(X @ R, n) * np.where(np.delete(pattern[:, 0], n), 1.0, -1.0)
                    if np.all(levels > 1e-9):  # w = s R lies on the facet of the assumed cell
                        yield X, y, pattern, n, s, R


def test_eq18_19_hold_exactly_when_the_boundary_point_is_a_local_minimum():
    """Theorem 3 for K = 1 on random data, checked by random probes of the real ReLU loss.

    With (18)-(19) strict as printed, minima with a vanishing one-sided gradient are missed.
    """
    arch = nets.Architecture(2, 1)
    outcomes, missed = set(), 0
    for X, y, pattern, n, s, R in one_unit_boundary_cases(range(8)):
        a, b = boundary_inequalities(X, y, pattern, 0, n)
        g1, g2 = s * (a[0] @ R - b[0]), s * (a[1] @ R - b[1])
        theta = np.append(s * R, s)
        probe = is_local_minimum(lambda t: nets.loss(arch, t, X, y), theta, radii=(1e-6, 1e-5, 1e-4), n_directions=500)
        assert probe == (g1 <= 1e-9 and g2 >= -1e-9)
        missed += probe and not (g1 < 0 and g2 > 0)
        outcomes.add(probe)
    assert outcomes == {True, False} and missed >= 1


@pytest.mark.slow
def test_boundary_minimum_finds_and_realises_the_minima():
    arch = nets.Architecture(2, 1)
    total = 0
    for seed in range(4):
        X, y = liu_data(seed, 4)
        for _pattern, m, n, verdict in boundary_minima(X, y, 1):
            W, z, _, _ = arch.unpack(verdict.theta)
            assert np.isclose(W[m] @ X[n], 0.0, atol=1e-9)
            assert np.isclose(verdict.loss, liu_loss(X, y, verdict.theta))
            assert is_local_minimum(lambda t: nets.loss(arch, t, X, y), verdict.theta, radii=(1e-6, 1e-5, 1e-4), n_directions=500)
            total += 1
    assert total >= 1


@pytest.mark.slow
def test_printed_eq19_gives_wrong_verdicts_for_two_units():
    """A dead second unit makes K = 2 without changing the loss; the printed (19) then misjudges."""
    arch = nets.Architecture(2, 2)
    differ = 0
    for seed in range(8):
        X, y = liu_data(seed, 4)
        for pattern in activation_regions(X, 1).patterns:
            two = np.hstack([pattern, np.zeros_like(pattern)])
            for n in np.flatnonzero(~pattern[:, 0]):
                right = boundary_minimum(X, y, two, 0, n)
                printed = boundary_minimum(X, y, two, 0, n, printed=True)
                if (right.theta is None) == (printed.theta is None):
                    continue
                differ += 1
                theta = right.theta if right.theta is not None else printed.theta
                probe = is_local_minimum(lambda t: nets.loss(arch, t, X, y), theta, radii=(1e-6, 1e-5, 1e-4), n_directions=500)
                assert probe == (right.theta is not None)
    assert differ >= 1


# 6. Bad input ----------------------------------------------------------------


def test_bad_inputs_are_rejected_with_the_argument_named():
    X, y = liu_data(0, 3)
    good = np.array([[1], [0], [1]])
    with pytest.raises(ValueError, match="X"):
        liu_inputs([[np.nan]])
    with pytest.raises(ValueError, match="X"):
        liu_inputs(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="y"):
        cell_minimum(X, y[:2], good)
    with pytest.raises(ValueError, match="pattern"):
        cell_minimum(X, y, [[1], [0]])
    with pytest.raises(ValueError, match="pattern"):
        liu_criterion(X, y, [[2], [0], [1]])
    with pytest.raises(ValueError, match="width"):
        differentiable_minima(X, y, 0)
    with pytest.raises(TypeError, match="width"):
        differentiable_minima(X, y, 1.5)
    with pytest.raises(ValueError, match="busy"):
        liu_saddle(X, y, np.hstack([good, good]), busy=[0, 1])
    with pytest.raises(ValueError, match="units"):
        saddle_system(X, y, good, busy=[3])
    with pytest.raises(ValueError, match="m must"):
        boundary_system(X, y, good, 1, 1)
    with pytest.raises(ValueError, match="cell 1"):
        boundary_minimum(X, y, good, 0, 0)
    with pytest.raises(ValueError, match="y"):
        example_cells([1.0, 1.0, 1.0])
