"""Theorem 2's construction and its verdicts (lossland.liu.criteria.theorem2_point) on random instances."""
from __future__ import annotations

import numpy as np
import pytest

from lossland.core import nets
from lossland.core.regions import activation_regions
from lossland.liu.criteria import cell_minimum, liu_inputs, liu_saddle, theorem2_point


def _instance(seed):
    rng = np.random.default_rng(seed)
    return liu_inputs(rng.standard_normal((4, 1))), rng.choice([-1.0, 1.0], 4)


@pytest.mark.parametrize("seed", [0, 5, 11])
@pytest.mark.slow
def test_every_kind_is_what_it_says(seed):
    """No point where liu_saddle finds none; the cells' minimum where the idle gradient vanishes; else a saddle."""
    X, y = _instance(seed)
    arch = nets.Architecture(2, 2)
    for pattern in activation_regions(X, 2).patterns:
        for busy in (0, 1):
            point = theorem2_point(X, y, pattern, busy=[busy])
            if point.kind == "no point":
                assert liu_saddle(X, y, pattern, busy=[busy]) is None
                continue
            assert np.array_equal(nets.pattern_of(arch, point.theta, X), pattern)
            assert np.linalg.norm(nets.gradient(arch, point.theta, X, y)) < 1e-9
            if point.kind == "minimum":  # the loss of the cells' convex problem (Liu's loss is ours times 2/N)
                ours = 2.0 / len(X) * nets.loss(arch, point.theta, X, y)
                assert ours == pytest.approx(cell_minimum(X, y, pattern).loss, abs=1e-12)
                continue
            assert point.kind == "saddle"  # App. C.1: some idle dL/dR != 0 makes a saddle
            values, vectors = np.linalg.eigh(nets.hessian(arch, point.theta, X, y))
            loss = lambda t: float(nets.loss(arch, t, X, y))
            for t in (1e-3, 1e-2):  # downhill along the negative curvature, uphill along the positive one
                assert loss(point.theta + t * vectors[:, 0]) < loss(point.theta)
                assert loss(point.theta + t * vectors[:, -1]) > loss(point.theta)


@pytest.mark.slow
def test_all_kinds_occur():
    kinds = {theorem2_point(*_instance(seed), pattern, busy=[busy]).kind
             for seed in range(6) for pattern in activation_regions(_instance(seed)[0], 2).patterns for busy in (0, 1)}
    assert {"no point", "minimum", "saddle"} <= kinds
