"""one_blas_thread limits BLAS to one thread inside it, restores it after, and is a no-op in Pyodide."""
from __future__ import annotations

import contextlib
import sys

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from lossland.core import threads


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_inside_blas_runs_on_one_thread_and_after_as_before():
    np.ones((2, 2)) @ np.ones((2, 2))  # numpy's BLAS is loaded
    with threadpool_limits(limits=2, user_api="blas"):
        before = _blas_threads()
        with threads.one_blas_thread():
            assert _blas_threads() and set(_blas_threads()) == {1}
        assert _blas_threads() == before


def test_the_same_controller_serves_every_call():
    with threads.one_blas_thread(), threads.one_blas_thread():
        pass
    assert threads._controller.cache_info().currsize == 1


def test_in_webassembly_there_is_nothing_to_limit(monkeypatch):
    monkeypatch.setattr(sys, "platform", "emscripten")
    assert isinstance(threads.one_blas_thread(), contextlib.nullcontext)
