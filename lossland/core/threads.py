"""One BLAS thread around many small matrix operations, at the cost of a context manager.

Many small products or decompositions run faster on one BLAS thread: more threads only
contend.  threadpoolctl's ``threadpool_limits`` finds the process's BLAS libraries afresh on
every call by inspecting the loaded shared libraries: about 2 ms natively, but some 20 ms in
a browser (Pyodide), where it also looks through the notebook's folder, whose every
file-system call is a request to the page; an explorer update that makes a dozen such calls
then took seconds.  :func:`one_blas_thread` keeps one ``ThreadpoolController`` (made at the
first call, once numpy's BLAS is loaded) and reuses it.  WebAssembly runs a single thread,
so in Pyodide there is nothing to limit.
"""
from __future__ import annotations

import contextlib
import functools
import sys

__all__ = ["in_browser", "one_blas_thread"]


def in_browser() -> bool:
    """Whether this Python runs in the reader's browser (Pyodide compiles to WebAssembly, ``emscripten``)."""
    return sys.platform == "emscripten"


@functools.lru_cache(maxsize=1)
def _controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """A context manager inside which BLAS uses one thread (a no-op where there are no threads)."""
    if in_browser():
        return contextlib.nullcontext()
    return _controller().limit(limits=1, user_api="blas")
