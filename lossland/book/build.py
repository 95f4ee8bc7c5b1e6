"""What the book build adds to Sphinx: the chapters execute before the Ledger page and share their claims.

Listed among the Sphinx extensions in ``_config.yml``.  Sphinx reads (and MyST-NB executes)
pages in alphabetical order, which would run the Ledger page before the last chapters, so
the Ledger would compute their claims itself.  :func:`setup` points
:data:`lossland.book.ledger.CACHE_ENVIRONMENT_VARIABLE` at ``_build/.claims`` for the
kernels the build starts, and reorders the pages so that the Ledger is read last and finds
every claim already computed.
"""
from __future__ import annotations

import os
from pathlib import Path

from lossland.book.ledger import CACHE_ENVIRONMENT_VARIABLE

__all__ = ["LAST_PAGES", "setup"]

#: Pages that show what other pages computed: read after all the others.
LAST_PAGES = ("book/ledger",)


def _ledger_last(app, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: move :data:`LAST_PAGES` to the end, in place."""
    for name in LAST_PAGES:
        if name in docnames:
            docnames.remove(name)
            docnames.append(name)


def setup(app) -> dict:
    """Register the reordering and give the build's kernels a shared claim cache."""
    os.environ.setdefault(CACHE_ENVIRONMENT_VARIABLE, str(Path(app.outdir).resolve().parent / ".claims"))
    app.connect("env-before-read-docs", _ledger_last)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
