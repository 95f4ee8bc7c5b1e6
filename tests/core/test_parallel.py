"""run_parallel: the same seeded tasks give the same results serially, on two processes and on a cluster."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from lossland.core import parallel
from lossland.core.parallel import run_parallel

ROOT = Path(__file__).resolve().parents[2]


def _draw(seed):
    """A seeded task: its numbers depend on its own seed only."""
    return np.random.default_rng(seed).standard_normal(5)


def test_two_jobs_give_the_serial_results_in_task_order():
    tasks = [[7, t] for t in range(6)]
    serial = run_parallel(_draw, tasks, jobs=1)
    assert [a.tobytes() for a in serial] == [a.tobytes() for a in run_parallel(_draw, tasks, jobs=2)]
    assert [a.tobytes() for a in serial] == [_draw(t).tobytes() for t in tasks]


def test_jobs_follow_joblib_negative_counts_and_reject_zero():
    assert parallel._workers(-1) == parallel._workers(None) >= 1
    assert parallel._workers(-10**6) == 1  # at least one worker, as joblib
    assert len(run_parallel(_draw, [1, 2], jobs=-2)) == 2
    with pytest.raises(ValueError, match="jobs"):
        run_parallel(_draw, [1], jobs=0)


def test_progress_bar_goes_to_stderr(capsys):
    run_parallel(_draw, [1, 2, 3], jobs=1, progress=True, desc="draws")
    out, err = capsys.readouterr()
    assert out == "" and "draws" in err and "3/3" in err


def test_missing_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(ImportError, match=r"lossland\[cluster\]"):
        run_parallel(_draw, [1], scheduler="tcp://127.0.0.1:8786")


def test_unknown_scheduler_address_is_a_clear_error(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ValueError, match="scheduler 'tcp://127.0.0.1:1': no Dask scheduler answered"):
        run_parallel(_draw, [1], scheduler="tcp://127.0.0.1:1")


def _decomposition_script():
    """scripts/decomposition/table1.py as a module (Table 1 of Chapter 1 runs in parallel there)."""
    spec = importlib.util.spec_from_file_location("table1_script", ROOT / "scripts" / "decomposition" / "table1.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    # Not importable by name in the workers: send its functions by value, as for a script run as __main__.
    import cloudpickle  # joblib (>= 1.6) pickles tasks with it

    cloudpickle.register_pickle_by_value(module)
    return module


def test_decomposition_table1_script_on_two_jobs_is_bit_identical_to_serial():
    from lossland.core.images import load_mnist5k
    from lossland.decomposition.random_regions import WEBSITE, table1

    script = _decomposition_script()
    args = script.parse_args(["--repeats", "2", "--epochs", "1", "--quiet", "--jobs", "2"])
    serial = table1(WEBSITE.ks, 2, 1, load_mnist5k(), seed=0, lr=WEBSITE.lr)  # the script's default data
    both = script.parallel_table1(args)
    assert both.ks == serial.ks and both.epochs == serial.epochs and both.n_train == serial.n_train
    for key in serial.accuracy:
        assert both.accuracy[key].tobytes() == serial.accuracy[key].tobytes()
    for kind in serial.loss:
        assert both.loss[kind].tobytes() == serial.loss[kind].tobytes()
    assert both.params_per_point.tobytes() == serial.params_per_point.tobytes()
