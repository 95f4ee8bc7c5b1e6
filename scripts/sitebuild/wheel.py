"""A wheel of the installed lossland, for the places that install it elsewhere.

The live site's kernel (Pyodide, in the reader's browser) and the otter autograder (on a
grading service) both install ``lossland`` from a wheel.  :func:`lossland_wheel` builds it
from a copy of the sources, so that no ``build/`` folder is left in the repository, with the
venv's setuptools and no network (``--no-build-isolation``).  The wheel's bytes depend on the
sources alone: its members' time stamps are fixed (``SOURCE_DATE_EPOCH``, the zip format's
first date), so the live site's lock pins the same sha256 for the same sources on every build.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import lossland

__all__ = ["lossland_wheel"]

#: 1980-01-01 00:00 UTC, the earliest time a zip member can carry: every member's time stamp.
ZIP_EPOCH = 315532800


def lossland_wheel(dest: str | Path) -> Path:
    """Build a wheel of lossland into the folder ``dest`` (made if missing); returns its path."""
    if not isinstance(dest, (str, Path)):
        raise TypeError(f"dest must be the path of a folder for the wheel, got {dest!r}.")
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise ValueError(f"dest must be a folder, but {dest} is a file.")
    dest.mkdir(parents=True, exist_ok=True)
    root = Path(lossland.__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as copy:
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(root / name, copy)
        shutil.copytree(root / "lossland", Path(copy) / "lossland", ignore=shutil.ignore_patterns("__pycache__"))
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                        "--wheel-dir", str(dest), copy], check=True, stdout=subprocess.DEVNULL,
                       env=os.environ | {"SOURCE_DATE_EPOCH": str(ZIP_EPOCH)})
    return next(dest.glob("lossland-*.whl"))
