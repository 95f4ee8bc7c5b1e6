"""Adam (lossland.core.adam) against the update rule of Kingma & Ba (2015), worked by hand and in plain Python."""
from __future__ import annotations

import math

import numpy as np
import pytest

from lossland.core.adam import Adam


def test_two_steps_by_hand_algorithm_1():
    """Gradients 1 then -2, alpha = 0.1, the paper's betas and epsilon, from theta = 0.

    Step 1: m = 0.1, v = 0.001, both bias corrections divide by 0.1 and 0.001, so
    m_hat = 1, v_hat = 1 and theta = -0.1 / (1 + 1e-8): the first step is alpha times the sign.
    Step 2: m = 0.9 * 0.1 - 0.1 * 2 = -0.11, v = 0.999 * 0.001 + 0.001 * 4 = 0.004999;
    m_hat = -0.11 / 0.19 = -11/19, v_hat = 0.004999 / 0.001999 = 4999/1999.
    """
    adam = Adam([np.zeros(1)], lr=0.1, form="algorithm")
    adam.update([np.array([1.0])])
    first = -0.1 / (1 + 1e-8)
    assert adam.params[0][0] == pytest.approx(first, rel=1e-15)
    adam.update([np.array([-2.0])])
    second = first - 0.1 * (-11 / 19) / (math.sqrt(4999 / 1999) + 1e-8)
    assert adam.params[0][0] == pytest.approx(second, rel=1e-14)


def test_first_step_of_the_efficient_form_by_hand():
    """Sec. 2: alpha_1 = alpha sqrt(1 - 0.999) / (1 - 0.9); m = 0.1 g, sqrt(v) = sqrt(0.001) |g|."""
    adam = Adam([np.zeros(1)], lr=0.1, form="efficient")
    adam.update([np.array([-3.0])])
    alpha_1 = 0.1 * math.sqrt(0.001) / 0.1
    assert adam.params[0][0] == pytest.approx(-alpha_1 * (-0.3) / (math.sqrt(0.001) * 3.0 + 1e-8), rel=1e-14)


def _reference(theta, gradients, lr, beta1, beta2, eps, form):
    """Kingma & Ba's rule, one scalar at a time in plain Python floats."""
    theta, m, v = list(theta), [0.0] * len(theta), [0.0] * len(theta)
    for t, g in enumerate(gradients, start=1):
        for i, gi in enumerate(g):
            m[i] = beta1 * m[i] + (1 - beta1) * gi
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
            if form == "algorithm":
                theta[i] -= lr * (m[i] / (1 - beta1**t)) / (math.sqrt(v[i] / (1 - beta2**t)) + eps)
            else:
                theta[i] -= lr * math.sqrt(1 - beta2**t) / (1 - beta1**t) * m[i] / (math.sqrt(v[i]) + eps)
    return np.array(theta)


@pytest.mark.parametrize("form", ["algorithm", "efficient"])
def test_many_steps_on_several_arrays_match_the_plain_reference(form):
    """Arrays of different shapes, updated together, follow the scalar rule entry by entry."""
    rng = np.random.default_rng(0)
    shapes = [(2, 3), (3,), (1,)]
    start = [rng.standard_normal(s) for s in shapes]
    gradients = [[rng.standard_normal(s) * 10.0 ** rng.integers(-4, 2) for s in shapes] for _ in range(40)]
    adam = Adam([a.copy() for a in start], lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6, form=form)
    for g in gradients:
        adam.update(g)
    flat = lambda arrays: np.concatenate([a.ravel() for a in arrays])
    expected = _reference(flat(start), [flat(g) for g in gradients], 0.01, 0.8, 0.99, 1e-6, form)
    np.testing.assert_allclose(flat(adam.params), expected, rtol=1e-12, atol=1e-15)
    assert [a.shape for a in adam.params] == shapes


def test_the_two_forms_differ_only_in_where_epsilon_enters():
    """With epsilon = 0 the two forms are the same rule (Sec. 2 of the paper)."""
    rng = np.random.default_rng(1)
    gradients = rng.standard_normal((30, 5))
    runs = {form: Adam([np.zeros(5)], lr=0.05, eps=1e-300, form=form) for form in ("algorithm", "efficient")}
    for g in gradients:
        for adam in runs.values():
            adam.update([g])
    np.testing.assert_allclose(runs["algorithm"].params[0], runs["efficient"].params[0], rtol=1e-13)


def test_single_precision_stays_single():
    adam = Adam([np.ones(3, dtype=np.float32)], lr=1e-3)
    adam.update([np.ones(3, dtype=np.float32)])
    assert adam.params[0].dtype == np.float32 and np.all(adam.params[0] < 1)


def test_bad_gradients_and_settings_are_refused():
    with pytest.raises(ValueError, match="grads"):
        Adam([np.zeros(2), np.zeros(1)], lr=0.1).update([np.zeros(2)])
    with pytest.raises(ValueError, match="beta1"):
        Adam([np.zeros(2)], lr=0.1, beta1=1.0)
    with pytest.raises(ValueError, match="form"):
        Adam([np.zeros(2)], lr=0.1, form="adamw")
    with pytest.raises(TypeError, match="floating-point"):
        Adam([np.zeros(2, dtype=int)], lr=0.1)
