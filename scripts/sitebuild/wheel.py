"""A wheel of the installed lossland, for the places that install it elsewhere.

The live site's kernel (Pyodide, in the reader's browser) and the otter autograder (on a
grading service) both install ``lossland`` from a wheel.  :func:`lossland_wheel` builds it
from a copy of the sources, so that no ``build/`` folder is left in the repository, with the
venv's setuptools and no network (``--no-build-isolation``).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import lossland

__all__ = ["lossland_wheel"]


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
                        "--wheel-dir", str(dest), copy], check=True, stdout=subprocess.DEVNULL)
    return next(dest.glob("lossland-*.whl"))
