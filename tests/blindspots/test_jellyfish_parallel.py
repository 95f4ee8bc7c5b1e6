"""Table 1 of the blind-spots paper in parallel: bit-identical to the serial run, on two jobs and a cluster."""
from __future__ import annotations

import numpy as np
import pytest

from lossland.blindspots import jellyfish as jf

SMALL = dict(runs=5, steps=60, widths=(2, 4), seed=3)


def _assert_identical(a: jf.Table1Result, b: jf.Table1Result) -> None:
    assert a.rate == b.rate
    for key in a.params:
        for name in ("W", "b", "v", "c", "mask"):
            assert getattr(a.params[key], name).tobytes() == getattr(b.params[key], name).tobytes()
        assert np.array_equal(a.converged[key], b.converged[key])


@pytest.fixture(scope="module")
def serial():
    return jf.convergence_table(**SMALL)


@pytest.mark.parametrize("pieces", [1, 3])
@pytest.mark.slow
def test_two_jobs_are_bit_identical_to_serial(serial, pieces):
    _assert_identical(serial, jf.convergence_table(**SMALL, jobs=2, pieces=pieces))


def test_local_cluster_is_bit_identical_to_serial(serial):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        _assert_identical(serial, jf.convergence_table(**SMALL, scheduler=cluster.scheduler_address, pieces=2))


def test_bad_parallel_settings_are_rejected():
    with pytest.raises(ValueError, match="jobs"):
        jf.convergence_table(**SMALL, jobs=0)
    with pytest.raises(TypeError, match="jobs"):
        jf.convergence_table(**SMALL, jobs=True)
    with pytest.raises(ValueError, match="pieces"):
        jf.convergence_table(**SMALL, jobs=2, pieces=0)
