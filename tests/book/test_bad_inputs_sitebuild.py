"""Every public function of the build tools (``scripts/sitebuild``: the Sphinx extensions, the live site,
its assets and the lossland wheel) rejects bad input clearly.

They are not part of the package readers install, but they are the build's public entry points, so
they are held to the same rule. Each :class:`Spec` row gives a small valid call and the kind of every
argument (see ``tests/badinput.py``).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from badinput import Spec, table_tests
from sitebuild import early_kernel, live_site, wheel

ROOT = Path(__file__).resolve().parents[2]  # the repository


SPECS = [
    Spec(wheel.lossland_wheel, lambda: dict(dest=tempfile.mkdtemp()), {},
         {"dest": [("number", 3), ("None", None), ("a file", ROOT / "pyproject.toml")]}),
    Spec(live_site.launch_path, lambda: dict(chapter="petzka"), {"chapter": "name"}),
    Spec(early_kernel.write_extension, lambda: dict(folder=tempfile.mkdtemp(), kernel="python"), {},
         {"folder": [("number", 3), ("None", None)], "kernel": [("empty", ""), ("number", 3), ("None", None)]}),
    Spec(live_site.chapter_notebook, lambda: dict(source=ROOT / "book" / "petzka.md"), {},
         {"source": [("missing file", ROOT / "book" / "nowhere.md"), ("not markdown", ROOT / "pyproject.toml"),
                     ("number", 3), ("None", None)]}),
]

EXEMPT = {
    "sitebuild.bytecode.STDLIB": "a constant: the standard library's file in the Pyodide folder",
    "sitebuild.bytecode.KERNEL_IMPORTS": "a constant: the modules the live kernel imports as it starts",
    "sitebuild.bytecode.default_cache": "takes no arguments",
    "sitebuild.bytecode.kernel_files": "the build's reading of the served lock; a package the lock lacks raises "
                                       "LiveAssetError (tests/book/test_live_kernel_start.py)",
    "sitebuild.bytecode.compile_served": "the build's step on the live site's own Pyodide folder; a missing Node or "
                                         "a failed compilation raises LiveAssetError naming the fix",
    "sitebuild.early_kernel.NAME": "a constant: the extension's package name",
    "sitebuild.early_kernel.REMOTE_ENTRY": "a constant: the extension's script",
    "sitebuild.pyc_archive.compile_archive": "run inside Pyodide by the build (sitebuild.bytecode) on the site's "
                                             "own archives (tests/book/test_live_kernel_start.py)",
    "sitebuild.pyc_archive.main": "as compile_archive, for the build's jobs file",
    "sitebuild.build.LAST_PAGES": "a constant: the pages read last",
    "sitebuild.build.CHAPTER_PAGES": "a constant: the chapter pages",
    "sitebuild.build.setup": "a Sphinx extension's entry point, called by Sphinx with its application",
    "sitebuild.figure_text.setup": "a Sphinx extension's entry point, called by Sphinx with its application",
    "sitebuild.live_site.LITE_FOLDER": "a constant: the live site's folder",
    "sitebuild.live_site.INSTALL_CELL": "a constant: the live notebooks' first cell",
    "sitebuild.live_site.build": "the book build's step (build-finished), given Sphinx's folders; a missing or "
                                 "altered asset raises LiveAssetError naming the fix (tests/book/test_live.py)",
    "sitebuild.live_site.KERNEL_PACKAGES": "a constant: the kernel's packages",
    "sitebuild.live_site.LOSSLAND_DEPENDS": "a constant: lossland's dependencies in the browser",
    "sitebuild.live_site.CHAPTER_PACKAGES": "a constant: each chapter's extra packages",
    "sitebuild.live_site.precompress": "the build's step on the live site's own folder (tests/book/test_live_launch.py)",
    "sitebuild.live_assets.PYODIDE_VERSION": "a constant: the Pyodide version",
    "sitebuild.live_assets.PYODIDE_PACKAGES": "a constant: the Pyodide packages served",
    "sitebuild.live_assets.PIPLITE_WHEELS": "a constant: the pinned wheels",
    "sitebuild.live_assets.AXE_VERSION": "a constant: the axe-core version",
    "sitebuild.live_assets.LiveAssetError": "an exception class",
    "sitebuild.live_assets.default_assets_dir": "takes no arguments",
    "sitebuild.live_assets.fetch": "an install step (make) downloading into a folder; a download that fails its "
                                   "pinned hash raises LiveAssetError",
    "sitebuild.live_assets.runtime_files": "the build's verification of a folder of assets: anything missing or "
                                           "altered raises LiveAssetError naming the fix (tests/book/test_live.py)",
    "sitebuild.live_assets.piplite_wheels": "as runtime_files, for the pinned wheels",
    "sitebuild.live_assets.data_wheel": "as runtime_files, for the data wheel's sources (a missing or altered "
                                        "wheel raises LiveAssetError naming the fix; tests/book/test_live.py)",
    "sitebuild.live_assets.DATA_FILES": "a constant: the data wheel's files and their sources",
    "sitebuild.live_assets.lab_extensions": "as runtime_files, for the JupyterLab extensions' wheels",
    "sitebuild.live_assets.kernel_wheels": "as runtime_files, for the Pyodide kernel extension's wheels",
    "sitebuild.live_assets.wheel_lock_entry": "the build's description of a wheel it made or checked; a path "
                                              "that is not a wheel raises LiveAssetError",
    "sitebuild.live_assets.axe_source": "as runtime_files, for axe-core's npm tarball (a missing or altered "
                                        "tarball raises LiveAssetError naming the fix)",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)
