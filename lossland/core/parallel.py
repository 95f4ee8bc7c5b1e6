"""Independent seeded tasks on several cores or a Dask cluster, with joblib.

The paper-scale runs (Table 1 of the decomposition paper, the good-case trials of the
exponential-neuron paper, Table 1 of the blind-spots paper) repeat one computation many
times from different seeds. :func:`run_parallel` hands such tasks to joblib: to worker
processes on this machine (``jobs``), or to the workers of a ``dask.distributed``
scheduler (``scheduler``, the optional extra ``cluster``: ``pip install 'lossland[cluster]'``).

Reproducibility is the caller's part: every task must carry its own seed (e.g. a
``numpy.random.SeedSequence`` or ``[seed, trial]``), never draw from a generator shared
with other tasks. Then the same tasks give the same numbers serially, on two cores or on
a cluster, whatever order the workers finish in (results come back in task order).
"""
from __future__ import annotations

import argparse
import numbers
import re
import sys
from typing import Any, Callable, Iterable

from lossland.core.validation import check_callable, check_flag, check_text

__all__ = ["run_parallel", "add_parallel_arguments"]

#: How long to wait for a Dask scheduler to answer before giving up.
CONNECT_TIMEOUT = "10s"

_HOST_PORT = re.compile(r"^[^\s:/]+:\d+$")


def _check_jobs(jobs) -> int | None:
    """``None`` (all cores) or a nonzero whole number, in joblib's convention."""
    if jobs is None:
        return None
    if isinstance(jobs, bool) or not isinstance(jobs, numbers.Integral):
        raise TypeError(f"jobs must be None or a whole number such as 2 or -1, got {jobs!r}.")
    if jobs == 0:
        raise ValueError("jobs must not be 0: pass a number of worker processes (1 = serial), "
                         "-1 for all cores, -2 for all but one (joblib's convention), or None for all cores.")
    return int(jobs)


def _check_scheduler(scheduler) -> str | None:
    """``None`` or a Dask scheduler address such as ``"tcp://10.0.0.1:8786"`` or ``"10.0.0.1:8786"``."""
    if scheduler is None:
        return None
    if not isinstance(scheduler, str):
        raise TypeError(f"scheduler must be None or a Dask scheduler address such as 'tcp://10.0.0.1:8786', "
                        f"got {scheduler!r}.")
    if "://" not in scheduler and not _HOST_PORT.match(scheduler):
        raise ValueError(f"scheduler must be a Dask scheduler address such as 'tcp://10.0.0.1:8786' or "
                         f"'10.0.0.1:8786', got {scheduler!r}.")
    return scheduler


def _workers(jobs: int | None) -> int:
    """The number of local worker processes joblib would use for ``jobs``."""
    from joblib import cpu_count

    if jobs is None:
        jobs = -1
    return jobs if jobs > 0 else max(cpu_count() + 1 + jobs, 1)


def _connect(scheduler: str):
    """A ``distributed.Client`` for the scheduler at ``scheduler``, with clear errors."""
    try:
        from distributed import Client
    except ImportError as error:
        raise ImportError("scheduler needs dask.distributed, the optional extra 'cluster' of lossland: "
                          "pip install 'lossland[cluster]' (or pip install 'dask[distributed]').") from error
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ValueError(f"scheduler {scheduler!r}: no Dask scheduler answered within {CONNECT_TIMEOUT} "
                         f"({type(error).__name__}: {error}); start one with `dask scheduler` "
                         "and pass the address it prints.") from error


def run_parallel(function: Callable[[Any], Any], tasks: Iterable, *, jobs: int | None = None,
                 scheduler: str | None = None, progress: bool = False, desc: str | None = None) -> list:
    """``[function(task) for task in tasks]``, with the tasks spread over processes or a cluster.

    Parameters
    ----------
    function : called once per task with the task as its one argument. It must be
        importable by the workers (a module-level function), and each task must carry
        its own seed, so that the result does not depend on where or when it runs.
    tasks : the arguments, one per call (tuples, dicts, ...).
    jobs : worker processes on this machine, in joblib's convention: ``None`` or ``-1``
        all cores, ``-2`` all but one (``cpu_count + 1 + jobs``, at least one), a positive
        number that many; ``1`` runs the tasks one after another in this process, without
        joblib. ``0`` is an error. With ``scheduler``, ``jobs`` caps the tasks in flight
        (``None``: every worker thread of the cluster).
    scheduler : address of a ``dask.distributed`` scheduler (``"tcp://host:8786"``); the
        tasks then run on its workers through joblib's Dask backend. Needs the optional
        extra ``cluster`` (``pip install 'lossland[cluster]'``); the workers must be able
        to import ``lossland``. An address where no scheduler answers within
        :data:`CONNECT_TIMEOUT` raises a ``ValueError``.
    progress : show a tqdm bar over the tasks on stderr.
    desc : the bar's label.

    Returns
    -------
    list
        The results, in the order of ``tasks``.
    """
    function = check_callable(function, "function", "a function of one task", arity=1)
    if isinstance(tasks, (str, bytes)) or not hasattr(tasks, "__iter__"):
        raise TypeError(f"tasks must be an iterable of task arguments (e.g. a list of seeds), got {tasks!r}.")
    tasks = list(tasks)
    jobs = _check_jobs(jobs)
    scheduler = _check_scheduler(scheduler)
    progress = check_flag(progress, "progress")
    if desc is not None and not isinstance(desc, str):
        raise TypeError(f"desc must be None or a string labelling the progress bar, got {desc!r}.")

    from tqdm import tqdm

    with tqdm(total=len(tasks), desc=desc, unit="task", file=sys.stderr, disable=not progress) as bar:
        if scheduler is None and (_workers(jobs) == 1 or len(tasks) <= 1):
            results = []
            for task in tasks:
                results.append(function(task))
                bar.update()
            return results

        from joblib import Parallel, delayed, parallel_config

        calls = (delayed(function)(task) for task in tasks)
        if scheduler is None:
            return _collect(Parallel(n_jobs=min(_workers(jobs), len(tasks)), return_as="generator")(calls), bar)
        client = _connect(scheduler)
        try:
            with parallel_config(backend="dask", client=client):
                return _collect(Parallel(n_jobs=-1 if jobs is None else jobs, return_as="generator")(calls), bar)
        finally:
            client.close()


def _collect(results, bar) -> list:
    out = []
    for result in results:
        out.append(result)
        bar.update()
    return out


def add_parallel_arguments(parser: argparse.ArgumentParser, unit: str = "task") -> None:
    """The command-line options of :func:`run_parallel` shared by the paper-scale scripts.

    ``--jobs`` (joblib's convention), ``--dask-scheduler`` and ``--quiet``; ``unit`` says in the
    help what one task is (e.g. "one width k per task").
    """
    if not isinstance(parser, argparse.ArgumentParser):
        raise TypeError(f"parser must be an argparse.ArgumentParser, got {type(parser).__name__}.")
    unit = check_text(unit, "unit", empty=False)
    parser.add_argument("--jobs", type=int,
                        help=f"worker processes, {unit} (joblib's convention: -1 all cores, -2 all but one; "
                             "1: serial; default: all cores)")
    parser.add_argument("--dask-scheduler", metavar="ADDRESS",
                        help="run on this dask.distributed scheduler, e.g. tcp://10.0.0.1:8786 "
                             "(needs pip install 'lossland[cluster]')")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
