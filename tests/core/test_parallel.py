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


@pytest.mark.slow
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


# One task per width, at the book's widths; one per (width, chunk of repeats), at three small widths
# (3 repeats in chunks of 2 leave a remainder; the book's widths add only time to what chunking shows).
@pytest.mark.parametrize("chunk, ks", [(None, None), (2, (2, 4, 8))])
@pytest.mark.slow
def test_decomposition_table1_script_on_two_jobs_is_bit_identical_to_serial(chunk, ks):
    from lossland.core.images import load_mnist5k
    from lossland.decomposition.random_regions import WEBSITE, table1

    script = _decomposition_script()
    chunk_args = [] if chunk is None else ["--chunk", str(chunk)]
    ks_args = [] if ks is None else ["--ks", *map(str, ks)]
    args = script.parse_args(["--repeats", "3", "--epochs", "1", "--quiet", "--jobs", "2", *chunk_args, *ks_args])
    serial = table1(ks or WEBSITE.ks, 3, 1, load_mnist5k(), seed=0, lr=WEBSITE.lr, chunk=chunk)  # the script's default data
    both = script.parallel_table1(args)
    assert both.ks == serial.ks and both.epochs == serial.epochs and both.n_train == serial.n_train
    for key in serial.accuracy:
        assert both.accuracy[key].tobytes() == serial.accuracy[key].tobytes()
    for kind in serial.loss:
        assert both.loss[kind].tobytes() == serial.loss[kind].tobytes()
    assert both.params_per_point.tobytes() == serial.params_per_point.tobytes()


@pytest.mark.slow
def test_decomposition_table1_script_jobs_2_writes_what_jobs_1_writes(tmp_path, capsys):
    script = _decomposition_script()
    tiny = ["--ks", "2", "4", "--repeats", "5", "--chunk", "2", "--epochs", "1", "--quiet"]
    for jobs in ("1", "2"):
        script.main([*tiny, "--jobs", jobs, "--out", str(tmp_path / jobs)])
    assert capsys.readouterr().out.count("k = 4 |") == 2
    serial, both = np.load(tmp_path / "1.npz"), np.load(tmp_path / "2.npz")
    assert sorted(serial.files) == sorted(both.files) and serial["random_train"].shape == (2, 5)
    for name in serial.files:
        assert both[name].tobytes() == serial[name].tobytes(), name


def test_decomposition_table1_tasks_are_the_serial_chunks_largest_first():
    script = _decomposition_script()
    setting = script._setting(script.parse_args(["--paper-scale", "--repeats", "7"]))  # chunks of 5 and 2
    tasks = script._tasks(setting)
    assert sorted(tasks) == sorted((k, start, r) for k in setting["ks"] for start, r in ((0, 5), (5, 2)))
    from lossland.core.mlp import n_params

    work = [setting["epochs"][k] * r * n_params(784, k, 10) for k, _, r in tasks]  # MNIST: 784 pixels, 10 classes
    assert work == sorted(work, reverse=True) and tasks[0] == (256, 0, 5)
    per_width = script._tasks(script._setting(script.parse_args(["--repeats", "7"])))  # no chunk
    assert per_width == [(k, 0, 7) for k in sorted(setting["ks"], reverse=True)]


@pytest.mark.parametrize("argv", [["--chunk", "0"], ["--repeats", "-1"], ["--ks", "0"], ["--ks", "3"]])
def test_decomposition_table1_script_refuses_bad_options(argv, capsys):
    with pytest.raises(SystemExit):
        _decomposition_script().parse_args(argv)
    assert argv[0] in capsys.readouterr().err
