"""The lossland wheel that the live site and the autograder install: its bytes follow from the sources."""
from __future__ import annotations

import hashlib
import time
import zipfile

from sitebuild.wheel import lossland_wheel


def test_two_builds_of_the_same_sources_give_the_same_wheel(tmp_path):
    first = lossland_wheel(tmp_path / "a")
    time.sleep(2.1)  # a time stamp taken from the clock would differ now (a zip member's time has 2 s steps)
    second = lossland_wheel(tmp_path / "b")
    assert hashlib.sha256(first.read_bytes()).hexdigest() == hashlib.sha256(second.read_bytes()).hexdigest()
    with zipfile.ZipFile(first) as wheel:
        assert "lossland/__init__.py" in wheel.namelist()
