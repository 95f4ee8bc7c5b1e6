"""Fig. 3 trials of the exp-neuron paper in parallel: bit-identical to the serial run."""
from __future__ import annotations

import pytest

from lossland.core.images import load_digits_split
from lossland.expneuron import trials as et

# A low threshold makes the detector restart trials, so restarts are compared too.
SMALL = dict(trials=9, k=2, epochs=1, lr=0.05, lam=0.01, threshold=1.5, w_scale=0.05, seed=2)


@pytest.fixture(scope="module")
def data():
    return load_digits_split()


@pytest.mark.slow
def test_two_jobs_are_bit_identical_to_serial(data):
    serial = et.run_trials(data.X_train, data.y_train, **SMALL)
    both = et.run_trials(data.X_train, data.y_train, **SMALL, jobs=2, chunk=4)
    assert serial.restarts.sum() > 0
    assert serial.restarts.tobytes() == both.restarts.tobytes()
    for variant in et.VARIANTS:
        assert serial.final_loss[variant].tobytes() == both.final_loss[variant].tobytes()
        assert serial.loss_without_g[variant].tobytes() == both.loss_without_g[variant].tobytes()
    assert both.setting == serial.setting


def test_parallel_trials_take_no_callback(data):
    with pytest.raises(ValueError, match="callback"):
        et.run_trials(data.X_train, data.y_train, **SMALL, jobs=2, callback=lambda variant, epoch: None)
    with pytest.raises(ValueError, match="chunk"):
        et.run_trials(data.X_train, data.y_train, **SMALL, jobs=2, chunk=0)
    with pytest.raises(ValueError, match="jobs"):
        et.run_trials(data.X_train, data.y_train, **SMALL, jobs=0)
