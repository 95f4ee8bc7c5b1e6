"""Set up the lab venv's JupyterLab for the book, and check that its extensions can load.

Usage (``make lab`` runs it once the lab venv is installed)::

    .venv-lab/bin/python scripts/lab_setup.py

Writes into the venv (``sys.prefix``), never into the repository or the home folder:

* JupyterLab's ``overrides.json``: ``book/*.md`` opens as a notebook ("Jupytext Notebook"), no
  update check and no news (an advertised upgrade to JupyterLab 4.6 would break jupyterlab-myst),
  and widget state saved with the notebook (explorers still show after reopening);
* the Jupyter server's ``jupyter_server_config.py``: jupytext saves a chapter in the form it is
  written in (``scripts/lab_format.py``), so that saving an unchanged chapter changes nothing, and
  the extension manager is read-only (an extension installed from it could break the pinned set);
* the ``python3`` kernel's display name "Python 3", as the chapters' headers name it (JupyterLab
  writes the running kernel's name into the notebook, which jupytext saves into the header).

Then it checks every JupyterLab extension of the venv against the JupyterLab it runs in:
``jupyter labextension list`` says OK for an extension built for a newer JupyterLab, which then
does not load in the browser (jupytext's lab extension from 1.19.5 on requires
``@jupyterlab/notebook ^4.6``).  The check reads the versions of ``@jupyterlab/*`` packages each
extension's ``remoteEntry`` requires and exits 1, naming the extension and the package, when
this JupyterLab does not provide them.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {
    "@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}},
    "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
    "@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True},
}
SERVER_CONFIG = f"""\
# Written by scripts/lab_setup.py (make lab): jupytext saves book/*.md in the form the chapters are
# written in (scripts/lab_format.py), so that saving an unchanged chapter changes nothing; the
# extension manager only lists extensions (installing one from it could break the pinned set).
import sys

sys.path.insert(0, {str(ROOT / "scripts")!r})
import lab_format  # noqa: E402

lab_format.install()
c.JupytextConfiguration.notebook_metadata_filter = lab_format.METADATA_FILTER  # noqa: F821
c.LabApp.extension_manager = "readonly"  # noqa: F821
"""
KERNEL_NAME = "Python 3"

# A requirement on a shared package in a built extension, as webpack writes it ("@jupyterlab/notebook",
# !1,[1,4,4,9] for ^4.4.9: the first number counts the parts that must be equal) and as rspack does
# ("@jupyterlab/notebook",import:null,requiredVersion:"^4.6.0-beta.0").
WEBPACK = re.compile(r'"(@jupyterlab/[\w-]+)",\s*(?:!0|!1|true|false),\s*\[(\d+(?:,\s*\d+)+)\]')
RSPACK = re.compile(r'"(@jupyterlab/[\w-]+)",import:[^,]*,requiredVersion:"([~^]?)(\d+)\.(\d+)\.(\d+)')


def configure(prefix: Path) -> None:
    """Write the settings, the server configuration and the kernel's name into the venv at ``prefix``."""
    settings = prefix / "share/jupyter/lab/settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(SETTINGS, indent=1) + "\n")
    (prefix / "etc/jupyter").mkdir(parents=True, exist_ok=True)
    (prefix / "etc/jupyter/jupyter_server_config.py").write_text(SERVER_CONFIG)
    kernel = prefix / "share/jupyter/kernels/python3/kernel.json"
    spec = json.loads(kernel.read_text())
    if spec.get("display_name") != KERNEL_NAME:
        kernel.write_text(json.dumps({**spec, "display_name": KERNEL_NAME}, indent=1) + "\n")


def requirements(remote_entry: str) -> dict[str, tuple[int, tuple[int, ...]]]:
    """The ``@jupyterlab/*`` versions a built extension requires: package -> (parts that must be equal, version)."""
    found = {}
    for package, numbers in WEBPACK.findall(remote_entry):
        fixed, *version = map(int, numbers.split(","))
        found[package] = (fixed, tuple(version))
    for package, operator, *version in RSPACK.findall(remote_entry):
        found[package] = ({"^": 1, "~": 2, "": 3}[operator], tuple(map(int, version)))
    return found


def satisfied(provided: tuple[int, ...], fixed: int, required: tuple[int, ...]) -> bool:
    """Whether version ``provided`` meets a requirement: its first ``fixed`` parts equal, and not older."""
    return provided[:fixed] == required[:fixed] and provided >= required


def incompatible(prefix: Path) -> list[str]:
    """Each extension's requirement on ``@jupyterlab/*`` that this JupyterLab does not meet, as a sentence."""
    core = json.loads((prefix / "share/jupyter/lab/static/package.json").read_text())["resolutions"]
    provided = {name: tuple(map(int, re.findall(r"\d+", version)[:3])) for name, version in core.items()
                if name.startswith("@jupyterlab/")}
    problems = []
    for package_json in sorted((prefix / "share/jupyter/labextensions").glob("**/package.json")):
        meta = json.loads(package_json.read_text())
        entry = package_json.parent / meta.get("jupyterlab", {}).get("_build", {}).get("load", "")
        if not entry.is_file():
            continue
        for package, (fixed, required) in sorted(requirements(entry.read_text()).items()):
            if package in provided and not satisfied(provided[package], fixed, required):
                have, need = ".".join(map(str, provided[package])), ".".join(map(str, required))
                problems.append(f"{meta['name']} {meta.get('version', '')} needs {package} {need} or newer "
                                f"(same first {fixed} part(s)); this JupyterLab has {have}.")
    return problems


def main() -> int:
    prefix = Path(sys.prefix)
    configure(prefix)
    problems = incompatible(prefix)
    if problems:
        print("These JupyterLab extensions would not load (pin versions built for this JupyterLab in pyproject.toml's "
              "lab extra):\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"JupyterLab in {prefix} is set up for the book; its extensions match it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
