"""The live kernel's Python as bytecode: compiled once at build time instead of in every reader's browser.

Pyodide's npm package ships its standard library, and its lock's wheels their modules, as
Python source, so every first launch compiles each module the kernel imports before it can
say "idle": the standard library's, IPython's, jedi's, pygments', ... (a third of a launch's
browser CPU, measured).  :func:`compile_served` compiles them here instead, with the very
interpreter the site serves: Pyodide, run under Node (which the build already needs for npm), so the
bytecode's Python version and magic number are the browser's by construction.  Only what the
kernel loads before it is idle is compiled: the modules it imports at start, which the same run
records (it loads the kernel's packages, imports ``imports`` as the kernel's worker does, and reads
the modules' files from ``sys.modules``) in the files of :func:`kernel_files` (the standard library
and the closure of the kernel's packages).  A pyc zips larger than its source (the whole standard
library: +0.8 MB), so every other module, and the packages a chapter loads later (numpy, scipy,
matplotlib, lossland), stay source: the browser compiles such a module only if it is imported.

* The bytecode is reproducible: unchecked hash-based pyc files (no time stamps), a fixed hash
  seed (the order of frozen sets), every other member of an archive unchanged
  (:mod:`sitebuild.pyc_archive`); the served lock pins each new file's sha256.
* Column ranges are left out (``PYTHONNODEBUGRANGES``): they only place the ``^^^`` under a
  failing expression in a traceback, which needs the source, which is not served.
* The modules imported at start are the same on every run: the inputs are pinned and importing is
  deterministic; a module the browser imports but Node does not is merely left as source.
* A compiled file is kept in a cache (:func:`default_cache`, inside the venv) under its input's
  sha256 and those of all the kernel's files (which decide what is imported), as its inputs are
  pinned: a build compiles only what changed since the last.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sitebuild import live_assets

__all__ = ["STDLIB", "KERNEL_IMPORTS", "kernel_files", "default_cache", "compile_served"]

#: The standard library's archive in the Pyodide folder, mounted in the browser at :data:`STDLIB_PREFIX`.
STDLIB = "python_stdlib.zip"
STDLIB_PREFIX = "/lib/python312.zip/"
#: Where Pyodide installs a wheel's files in the browser.
SITE_PACKAGES = "/lib/python3.12/site-packages/"
#: The compiling interpreter's settings (see the module's docstring); part of the cache's key.
COMPILE_ENV = {"PYTHONHASHSEED": "0", "PYTHONNODEBUGRANGES": "1"}
#: The compiling script, run inside Pyodide.
_SCRIPT = Path(__file__).resolve().with_name("pyc_archive.py")
#: Node runs the served Pyodide with the host's file system mounted at /host and hands
#: :mod:`sitebuild.pyc_archive` its jobs file.
NODE_DRIVER = """
const [indexURL, lockFileURL, script, jobs, env, packages, start] = process.argv.slice(1);
const { loadPyodide } = require(indexURL + "pyodide.js");
loadPyodide({ indexURL, lockFileURL, env: JSON.parse(env), packages: JSON.parse(packages) }).then((pyodide) => {
  pyodide.runPython(start);
  pyodide.FS.mkdirTree("/host");
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: "/" }, "/host");
  pyodide.runPython(require("fs").readFileSync(script, "utf8"));
  pyodide.globals.get("main")("/host" + jobs, pyodide.globals.get("started"));
}).catch((error) => { console.error(error); process.exit(1); });
"""
#: What the Pyodide kernel's worker imports as it starts, after loading its packages
#: (jupyterlite-pyodide-kernel 0.6's ``initPackageManager`` and ``initKernel``: piplite's settings, the kernel).
KERNEL_IMPORTS = ("piplite.piplite", "pyodide_kernel")
#: Run in Pyodide once the kernel's packages are loaded: import as the kernel starts, then record
#: the file of every module imported so far (before the compiling script imports its own).
START = """
import sys
{imports}
started = sorted({{module.__file__ for module in list(sys.modules.values())
                  if isinstance(getattr(module, "__file__", None), str)}})
"""


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def kernel_files(lock: dict, roots) -> list[str]:
    """The file names to compile: :data:`STDLIB` and the lock's files of ``roots`` and their dependencies."""
    packages, todo, seen = lock["packages"], [_normalise(root) for root in roots], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in packages:
            raise live_assets.LiveAssetError(f"the kernel's package {name!r} is not in the served lock file.")
        seen.add(name)
        todo.extend(_normalise(dep) for dep in packages[name]["depends"])
    return [STDLIB, *sorted(packages[name]["file_name"] for name in seen)]


def default_cache() -> Path:
    """The compiled files' cache: beside the live assets in the venv (``make clean`` keeps it)."""
    return live_assets.default_assets_dir() / "bytecode"


def _cache_key(path: Path, context: str) -> str:
    """The input's sha256 with ``context`` (what decides the modules imported at start) and the
    compiler's identity (Pyodide's version, :data:`COMPILE_ENV`, the compiling scripts)."""
    digest = hashlib.sha256(path.read_bytes())
    digest.update(json.dumps([live_assets.PYODIDE_VERSION, COMPILE_ENV, context, NODE_DRIVER, START],
                             sort_keys=True).encode())
    digest.update(_SCRIPT.read_bytes())
    return digest.hexdigest()


def compile_served(served: Path, lock: dict, roots, cache: Path | None = None, imports=KERNEL_IMPORTS) -> dict:
    """Replace the files of :func:`kernel_files` in the Pyodide folder ``served`` by copies in which the
    modules imported at start are compiled.

    ``served`` must hold the runtime (``pyodide.js`` and the rest) and every file named; ``lock`` is the lock
    file to serve; ``roots`` are the packages the kernel loads, ``imports`` the modules it then imports
    (by default the live kernel's, :data:`KERNEL_IMPORTS`).
    Returns ``lock`` with the new sha256 of each compiled wheel (names unchanged).  Raises
    :class:`~sitebuild.live_assets.LiveAssetError` when Node is missing or the compilation fails.
    """
    served = Path(served)
    cache = Path(cache) if cache is not None else default_cache()
    cache.mkdir(parents=True, exist_ok=True)
    names = kernel_files(lock, roots)
    context = json.dumps([sorted(roots), list(imports), {name: hashlib.sha256((served / name).read_bytes()).hexdigest() for name in names}])
    cached = {name: cache / f"{_cache_key(served / name, context)}{Path(name).suffix}" for name in names}
    missing = [name for name in names if not cached[name].is_file()]
    if missing:
        _compile(served, lock, {name: cached[name] for name in missing}, roots, imports)
    packages = {key: dict(entry) for key, entry in lock["packages"].items()}
    by_file = {entry["file_name"]: entry for entry in packages.values()}
    for name in names:
        shutil.copyfile(cached[name], served / name)
        if name in by_file:
            by_file[name]["sha256"] = hashlib.sha256((served / name).read_bytes()).hexdigest()
    return dict(lock, packages=packages)


def _compile(served: Path, lock: dict, targets: dict[str, Path], roots, imports) -> None:
    """Compile each served file into its target, in one run of Pyodide under Node (which reads ``lock``
    as it starts, loads ``roots`` and imports ``imports``)."""
    node = shutil.which("node")
    if node is None:
        raise live_assets.LiveAssetError("Node (node) is needed to compile the live kernel's Python: "
                                         "install Node.js (it comes with npm, which `make` already needs).")
    partial = {name: target.with_name(target.name + ".part") for name, target in targets.items()}
    with tempfile.TemporaryDirectory() as tmp:
        jobs, lock_file = Path(tmp) / "jobs.json", Path(tmp) / "pyodide-lock.json"
        lock_file.write_text(json.dumps(lock))
        jobs.write_text(json.dumps([[f"/host{(served / name).resolve()}", f"/host{partial[name].resolve()}",
                                     STDLIB_PREFIX if name == STDLIB else SITE_PACKAGES] for name in targets]))
        run = subprocess.run([node, "-e", NODE_DRIVER, f"{served.resolve()}/", str(lock_file.resolve()), str(_SCRIPT), str(jobs.resolve()),
                              json.dumps(COMPILE_ENV), json.dumps(list(roots)),
                              START.format(imports="\n".join(f"import {module}" for module in imports))],
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise live_assets.LiveAssetError(f"compiling the live kernel's Python failed:\n{run.stderr[-3000:]}")
    for name, target in targets.items():
        partial[name].replace(target)
