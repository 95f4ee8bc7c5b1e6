"""The Ledger page with and without the build's claim cache (run by hand, not by the tests).

    .venv/bin/python scripts/bench_ledger.py

Executes ``book/ledger.md`` as the build does, twice in fresh kernels: first without a claim
cache (every claim computed on the page, as before the cache), then with a cache that the
chapters filled (here: filled by evaluating every claim once beforehand, which is what the
chapters' own tables do during a build).
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time

from benchlib import chapter_seconds

from lossland.book.ledger import CACHE_ENVIRONMENT_VARIABLE, all_claims, evaluate


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    os.environ.pop(CACHE_ENVIRONMENT_VARIABLE, None)
    print(f"Ledger page, every claim computed on the page: {chapter_seconds('ledger', static=True):.1f} s")
    with tempfile.TemporaryDirectory(prefix="lossland-claims-") as cache:
        os.environ[CACHE_ENVIRONMENT_VARIABLE] = cache
        start = time.perf_counter()
        evaluate(all_claims())
        print(f"every claim once (the chapters' share of the work): {time.perf_counter() - start:.1f} s")
        print(f"Ledger page reading the chapters' results: {chapter_seconds('ledger', static=True):.1f} s")


if __name__ == "__main__":
    main()
