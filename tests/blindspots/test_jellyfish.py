"""Tests of lossland.blindspots.jellyfish (Swirszcz, Czarnecki & Pascanu, Sec. 3.1.2, Table 1, Figs. 3 and 5)."""
import dataclasses

import numpy as np
import pytest
from numerics import central_gradient

from lossland.blindspots import jellyfish as jf


def _finite_difference(p, X, y, act):
    """Every entry of the exact gradient of each parameter array against central differences of the loss."""
    from lossland.blindspots.jellyfish import _bce, _grads, forward
    g = _grads(p, X, np.swapaxes(X, -1, -2), y, act)
    for k, name in enumerate(["W", "b", "v", "c"]):
        loss = lambda moved: _bce(forward(dataclasses.replace(p, **{name: moved}), X, act)[2], y).sum()  # the runs' sum
        np.testing.assert_allclose(g[k], central_gradient(loss, getattr(p, name)), rtol=1e-5, atol=1e-8, err_msg=name)


@pytest.mark.parametrize("act", ["relu", "sigmoid"])
def test_gradients_match_finite_differences(act):
    p = jf.init_params([3, 5], rng=1)
    X, y = jf.JELLYFISH
    _finite_difference(p, X, y, act)


def test_padding_units_stay_frozen_and_width_is_respected():
    p = jf.init_params([2, 7], rng=0)
    assert p.W.shape == (2, 2, 7) and p.mask[0].sum() == 2
    q, loss, ok = jf.train(p, *jf.XOR, "relu", "adam", steps=50)
    assert np.all(q.W[0][:, 2:] == 0) and np.all(q.v[0, 2:] == 0)
    assert loss.shape == ok.shape == (2,)


def test_batched_training_equals_one_run_at_a_time():
    p = jf.init_params([2, 4, 4], rng=3)
    X, y = jf.JELLYFISH
    _, loss_all, _ = jf.train(p, X, y, "relu", "gd", steps=100)
    _, loss_one, _ = jf.train(p.run(1), X, y, "relu", "gd", steps=100)
    assert loss_one[0] == pytest.approx(loss_all[1], rel=1e-12)


@pytest.mark.slow
def test_small_table_is_seeded_and_shaped():
    a = jf.convergence_table(runs=8, steps=300, widths=(2, 6), seed=4)
    b = jf.convergence_table(runs=8, steps=300, widths=(2, 6), seed=4)
    assert a.rate == b.rate
    assert set(a.rate["gd"]) == {("xor", "relu"), ("xor", "sigmoid"), ("jellyfish", "relu"), ("jellyfish", "sigmoid")}
    text = jf.format_table1(a)
    assert "(23)" in text and "(62)" in text         # the paper's GD, h = 2, XOR ReLU / jellyfish sigmoid
    p = a.rate["gd"][("xor", "sigmoid")][0]
    if 0 < p < 1:                                     # ours ± its binomial standard error
        assert f"{100 * p:.0f} ± {100 * (p * (1 - p) / 8) ** 0.5:.0f} (90)" in text


def test_paper_table_transcription():
    assert jf.PAPER_TABLE1["adam"][("jellyfish", "sigmoid")] == (0, 0, 2, 27, 17, 58)
    assert jf.PAPER_TABLE1["gd"][("jellyfish", "relu")][2] == 66   # "2 out of 3 runs" at h = 4


def test_wide_relu_solves_xor_with_gd():
    _, _, ok = jf.train(jf.init_params([7] * 30, rng=0), *jf.XOR, "relu", "gd", steps=1500)
    assert ok.mean() > 0.6


def test_linearity_of_a_single_region_network():
    # Every hidden unit active on all four points: one linear piece, share 1.
    p = jf.Params(np.ones((1, 2, 3)), np.ones((1, 3)), np.ones((1, 3)), np.zeros(1), np.ones((1, 3)))
    distinct, share = jf.linearity(p, jf.JELLYFISH[0])
    assert distinct[0] == 1 and share[0] == 1.0
    xs, ys, Z, codes = jf.decision_grid(p, n=11)
    assert Z.shape == codes.shape == (11, 11)


@pytest.mark.slow
def test_stuck_networks_are_more_linear_on_the_data():
    r = jf.convergence_table(runs=20, steps=1500, widths=(4,), seed=0)
    key = ("gd", "jellyfish", "relu")
    _, share = jf.linearity(r.params[key], jf.JELLYFISH[0])
    ok = r.converged[key]
    assert ok.any() and (~ok).any()
    assert share[~ok].mean() > share[ok].mean()
    good, bad = jf.pick_examples(r, "gd", 4)
    assert good is not None and bad is not None


def test_concentration_reduces_patterns():
    counts = jf.patterns_vs_tau(jf.zigzag()[0], [1.0, 0.01], runs=20)
    assert counts[0] > 5 and counts[1] < 2


@pytest.mark.slow
def test_zigzag_short_runs_stall_when_concentrated():
    mse = jf.zigzag_training([1.0, 0.01], runs=3, steps=1500)
    assert np.median(mse[0]) < 0.05 < np.median(mse[1])


def test_errors_name_the_argument():
    p = jf.init_params([2], rng=0)
    with pytest.raises(ValueError, match="activation"):
        jf.train(p, *jf.XOR, activation="tanh")
    with pytest.raises(ValueError, match="optimiser"):
        jf.train(p, *jf.XOR, optimiser="sgd")
    with pytest.raises(ValueError, match="X"):
        jf.train(p, np.zeros((4, 3)), jf.XOR[1])
    with pytest.raises(ValueError, match="widths"):
        jf.init_params([0])


def test_figures_draw():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossland.blindspots import jellyfish_figures as fig

    p = jf.init_params([4, 4], rng=0)
    f1 = fig.draw_converged_and_stuck(p.run(0), p.run(1), *jf.JELLYFISH)
    f2 = fig.draw_concentration([1.0, 0.1], [5.0, 2.0], np.ones((2, 3)))
    assert len(f1.axes) >= 2 and len(f2.axes) == 2
    plt.close("all")


def test_paper_adam_vs_gd_recount():
    """The paper's Table 1, Adam against GD, recounted with array signs (issue 21: 14 below, 6 above, 4 equal)."""
    adam = np.array([jf.PAPER_TABLE1["adam"][k] for k in sorted(jf.PAPER_TABLE1["adam"])])
    gd = np.array([jf.PAPER_TABLE1["gd"][k] for k in sorted(jf.PAPER_TABLE1["adam"])])
    signs = np.sign(adam - gd)
    counts = jf.paper_adam_vs_gd()
    assert (counts["below"], counts["above"], counts["equal"]) == (int((signs < 0).sum()), int((signs > 0).sum()), int((signs == 0).sum()))
    assert counts["below"] + counts["above"] + counts["equal"] == adam.size == 24
    assert len(counts["above_cells"]) == counts["above"]


def test_kink_distances_against_a_hand_network():
    """One unit with kink x1 + x2 = 1: distance |x1 + x2 - 1| / sqrt(2); padded units do not count."""
    p = jf.Params(np.array([[[1.0], [1.0]]]), np.array([[-1.0]]), np.array([[1.0]]), np.array([0.0]), np.array([[1.0]]))
    X = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 2.0]])
    assert np.allclose(jf.kink_distances(p, X), [[1 / np.sqrt(2), 0.0, 3 / np.sqrt(2)]])
    padded = jf.init_params([1, 3], d=2, rng=1)
    d = jf.kink_distances(padded, X)
    W, b = padded.W[0][:, 0], padded.b[0, 0]
    assert np.allclose(d[0], np.abs(X @ W + b) / np.linalg.norm(W))
