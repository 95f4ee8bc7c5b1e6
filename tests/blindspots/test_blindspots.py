"""Tests for Propositions 4 and 5 of Swirszcz, Czarnecki & Pascanu (lossland.blindspots)."""
import numpy as np
import pytest
from scipy.stats import norm

from lossland.blindspots import initialisation as B


def test_dataset_is_whitened_separable_and_in_the_blind_spot():
    X, y = B.blindspot_dataset(n_points=20, dim=2, seed=0)
    assert np.allclose(X.mean(axis=0), 0) and np.allclose(X.std(axis=0), 1)
    assert np.all(X[:-1] < 0) and np.all(X[-1] > 0) and y[-1] == 1
    assert np.linalg.matrix_rank(np.cov(X.T)) == 2
    t = np.median(X[:-1, 0])
    assert np.array_equal(y, (X[:, 0] > t).astype(float))          # separable by x_1 = t
    assert np.max(X[:-1] @ X[-1]) < -1 + 0.8                        # x*.x_i + 1 < 1 keeps cluster dead under training
    X_small, _ = B.blindspot_dataset(outlier=0.3, seed=0)
    assert not np.all(X_small[:-1] < 0)                             # too small an outlier breaks the construction


def test_sign_structured_data_cannot_be_whitened():
    """App. B.1's sign pattern forces positive covariances, so "whitened" can only mean standardised."""
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(50):
        n, d = rng.integers(3, 30), rng.integers(2, 5)
        X = np.vstack([-rng.uniform(0.01, 2.0, size=(n - 1, d)), rng.uniform(0.5, 50.0, size=(1, d))])
        X = (X - X.mean(axis=0)) / X.std(axis=0)
        if not (np.all(X[:-1] < 0) and np.all(X[-1] > 0)):
            continue                                                # centring broke the signs: not App. B.1's data
        C = np.cov(X.T)
        assert np.all(C[~np.eye(d, dtype=bool)] > 0)                # every product x_pi x_pj is positive
        checked += 1
    assert checked >= 10
    from lossland.blindspots.claims import prop4_correlation
    out = prop4_correlation()
    assert out["signs"] and out["correlation"] > 0


def test_eq3_matches_closed_form_and_mu_solves_it():
    h, depth, d = 7, 3, 2
    n = d * h + (depth - 1) * h * h + h
    assert B.weight_count(h, depth, d).sum() == n
    assert np.isclose(B.prob_all_positive(0.4, h, depth, d, init=0.2), norm.cdf(2.0) ** n)
    for init in ("lecun", "xavier", 0.01):
        mu = B.mu_for_failure(h, depth, d, init=init)
        assert np.isclose(B.prob_all_positive(mu, h, depth, d, init=init), 0.99, atol=1e-10)


def test_paper_numbers_for_10000_units_and_100_layers():
    # LeCun (sigma = 1/sqrt(h) = 0.01) and fixed sigma = 0.01 coincide at h = 10,000: mu ~ 0.070.
    assert B.mu_for_failure(10_000, 100, init="lecun") == pytest.approx(0.0703, abs=5e-4)
    assert B.mu_for_failure(10_000, 100, init=0.01) == pytest.approx(0.0703, abs=5e-4)
    assert B.mu_for_failure(10_000, 100, init="xavier") == pytest.approx(0.0716, abs=5e-4)
    # the printed 0.24 is not reached for 10,000 units; it is the LeCun value near h ~ 700
    assert B.mu_for_failure(10_000, 100, init="lecun") < 0.24 < B.mu_for_failure(500, 100, init="lecun")


@pytest.mark.parametrize("h, depth, init", [(3, 1, "lecun"), (5, 2, "xavier"), (10, 1, 0.3)])
def test_monte_carlo_agrees_with_eq3(h, depth, init):
    mu = B.mu_for_failure(h, depth, init=init)
    mc = B.monte_carlo_prop4(mu, h, depth, init=init, n_networks=20_000, seed=1)
    assert abs(mc["all_positive"] - 0.99) < 4 * mc["all_positive_se"]   # 4 standard errors
    assert mc["cluster_dead"] >= mc["all_positive"]                      # Eq. (3) is a lower bound


@pytest.mark.slow
def test_trained_networks_never_reach_zero_error():
    X, y = B.blindspot_dataset(seed=0)
    run = B.train_logistic_relu(X, y, h=10, mu=1.0, sigma=0.3, n_networks=6, steps=1500, seed=0)
    assert run["started_positive"].all()
    cluster_minority = min(y[:-1].sum(), (1 - y[:-1]).sum()) / len(y)
    assert np.all(run["errors"].min(axis=0) >= cluster_minority - 1e-12)
    assert np.all(run["dead_share"] == 1.0)
    free = B.train_logistic_relu(X, y, h=10, mu=0.0, sigma=0.3, n_networks=6, steps=1500, seed=0)
    assert free["errors"][-1].mean() < run["errors"][-1].mean()


def test_collapse_bound_formula_and_limit():
    k = np.arange(1, 200)
    q = 0.5 ** (2 * 2 + 2)
    assert np.allclose(B.collapse_bound(k, 2), 1 - (1 - q) ** (k - 1))
    assert B.collapse_bound(np.array([1]), 3)[0] == 0.0
    assert np.all(np.diff(B.collapse_bound(k, 1)) >= 0) and B.collapse_bound(np.array([200]), 1)[0] > 0.999
    assert np.isclose(B.collapse_bound(np.array([3]), 2, bias="zero")[0], 1 - (1 - 1 / 16) ** 2)


@pytest.mark.parametrize("h, depth, bias", [(1, 5, "normal"), (2, 20, "normal"), (2, 6, "zero")])
@pytest.mark.slow
def test_collapse_monte_carlo_vs_bound(h, depth, bias):
    mc = B.monte_carlo_collapse(depth, h, n_networks=20_000, bias=bias, seed=2)
    assert abs(mc["bound_event"] - mc["analytic"]) < 4 * mc["bound_event_se"]
    assert mc["dead_layer"] >= mc["bound_event"] and mc["constant"] >= mc["dead_layer"]


def test_bad_input_is_rejected_with_named_argument():
    with pytest.raises(ValueError, match="n_points"):
        B.blindspot_dataset(n_points=2)
    with pytest.raises(ValueError, match="outlier"):
        B.blindspot_dataset(outlier=-1.0)
    with pytest.raises(ValueError, match="init"):
        B.layer_sigmas(5, init="he")
    with pytest.raises(ValueError, match="init"):
        B.layer_sigmas(5, init=-0.1)
    with pytest.raises(ValueError, match="probability"):
        B.mu_for_failure(5, probability=1.0)
    with pytest.raises(TypeError, match="h"):
        B.prob_all_positive(0.1, h=2.5)
    with pytest.raises(ValueError, match="mu"):
        B.prob_all_positive(np.nan, 5)
    with pytest.raises(ValueError, match="depth"):
        B.collapse_bound(np.array([0, 1]), 2)
    with pytest.raises(ValueError, match="bias"):
        B.monte_carlo_collapse(3, 2, bias="uniform")
    with pytest.raises(ValueError, match="sigma"):
        B.sample_networks(4, 3, 1, 2, 0.0, sigma=0.0)
    with pytest.raises(ValueError, match="y"):
        B.train_logistic_relu(np.zeros((3, 2)), [0, 1, 2])
    with pytest.raises(ValueError, match="X"):
        B.monte_carlo_prop4(0.5, 3, X=np.zeros((4, 3)))
    with pytest.raises(TypeError, match="seed"):
        B.blindspot_dataset(seed=1.5)


def test_dead_unit_share():
    X, _ = B.blindspot_dataset(seed=0)
    far = B.dead_unit_share(X, mu=2.0, sigma=0.3, h=10, depth=3)
    assert np.allclose(far["per_layer"], 1.0) and far["all_dead"] == 1.0 and far["analytic"] > 0.99
    centred = B.dead_unit_share(X, mu=0.0, sigma=0.3, h=10, depth=1)
    assert 0.2 < centred["per_layer"][0] < 0.8 and centred["all_dead"] < 0.01


@pytest.mark.slow
def test_explorer_frame_and_fallback(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    from lossland.blindspots import figures as F
    from lossland.book.widgets import STATIC_ENVIRONMENT_VARIABLE, Scrubber

    fig = F.blindspot_frame(0.5, 0.3, 3, 10.0)
    assert F.blindspot_frame(1.0, 0.2, 8, 0.5, fig=fig) is fig
    with pytest.raises(ValueError, match="depth"):
        F.blindspot_frame(depth=9)
    monkeypatch.setenv(STATIC_ENVIRONMENT_VARIABLE, "1")
    assert isinstance(F.blindspot_explorer(mus=np.array([0.0, 1.0])), Scrubber)


def test_fig6_fits_the_text_column():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossland.blindspots import figures as F

    fig = F.fig6(hs=np.array([10, 100]), max_depth=8, n_networks=50)
    assert len(fig.axes) == 4 and fig.get_size_inches()[0] <= 9.1      # >= 1 CSS px per point at 660 px
    assert fig.axes[3].get_legend().get_bbox_to_anchor().x0 >= fig.axes[3].get_window_extent().x1 - 1  # legend off the data
    plt.close(fig)
