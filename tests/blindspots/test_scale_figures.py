"""Figs. 1, 2 and 5 at book scale: the blind spot on MNIST, scaled inputs, the zig-zag."""
import matplotlib
import numpy as np
import pytest

from lossland.blindspots import jellyfish as jf
from lossland.blindspots import mnist as mn
from lossland.blindspots import scale_figures as sf

matplotlib.use("Agg")


@pytest.mark.slow
def test_negative_weight_mean_blinds_every_unit_on_mnist():
    X, y = mn.mnist_subset(200)
    assert X.min() >= 0                                         # pixels are non-negative ...
    rng = np.random.default_rng(0)
    W = -0.05 + rng.standard_normal((784, 32)) / 28.0           # ... so a negative mean makes X @ W < 0
    assert np.all(X @ W < 0)
    run = mn.train_mlp(X, y, width=32, depth=2, w_mean=-0.05, steps=50, batch=50)
    assert run["dead"] == 1.0
    majority = np.bincount(y).max() / len(y)
    assert run["accuracy"] <= majority + 1e-12                  # a constant output: one class at most


def test_good_initialisation_learns():
    X, y = mn.mnist_subset(200)
    assert mn.train_mlp(X, y, width=32, depth=1, steps=150, batch=50)["accuracy"] > 0.8


@pytest.mark.slow
def test_runs_and_figures():
    r1 = mn.fig1_runs(widths=(8,), depths=(1,), w_means=(0.0, -0.05), n=100, steps=60)
    assert r1["accuracy"][("mnist", 0.0, 1, 8)] > r1["accuracy"][("mnist", -0.05, 1, 8)]
    r2 = mn.fig2_runs(taus=(1.0, 0.01), widths=(8,), n=100, steps=60, seeds=(0,))
    r5 = jf.fig5_runs(taus=(1.0, 0.01), widths=(10, 30), runs=2, steps=600)
    y = jf.zigzag()[1]
    assert np.all(r5["mse"][:, 1, :] > 0.9 * y.var())            # tau = 0.01: no better than the mean
    assert np.median(r5["mse"][-1, 0]) < 0.5 * y.var()           # tau = 1: fits
    assert r5["curves"].shape == (2, len(r5["grid"]))
    for fig in (sf.fig1(r1), sf.fig2(r2), sf.fig5(r5)):
        assert len(fig.axes) >= 1
        matplotlib.pyplot.close(fig)
