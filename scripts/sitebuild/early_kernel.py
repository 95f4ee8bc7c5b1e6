"""Start the live notebook's kernel while the notebook renders, not after.

JupyterLab asks for a notebook's kernel only once the notebook is open: its document context
first renders every cell (the chapters' MyST, their mathematics), and only then starts the
session.  In the browser that is seconds of the page's main thread before the Pyodide worker
even begins, although the worker runs on a core of its own.  This JupyterLab extension
starts the session of the notebook named in the page's address (``?path=...``) as soon as the
app's plugins start; when the notebook is open, JupyterLab finds that session by its path
and connects to it (:meth:`SessionContext.initialize` does so for any running session of the
same path), so the kernel's start and the notebook's rendering overlap.

The extension is a single plain script (:data:`REMOTE_ENTRY`): it provides JupyterLab's
loader the two functions of a federated extension's container, ``init`` (it shares no modules)
and ``get`` (its module: the plugin), and uses nothing but the application object its plugin is
handed, so it needs no JavaScript build.  :func:`write_extension` puts it, with the
``package.json`` that ``jupyter lite build`` reads, into a folder to list among the site's
federated extensions.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

__all__ = ["NAME", "REMOTE_ENTRY", "write_extension"]

#: The extension's package name (and its plugin's id prefix).
NAME = "lossland-early-kernel"
#: The pyodide kernel's plugin, activated first: it registers the kernel that the session starts.
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: The federated extension's container; ``%(kernel)s`` is the kernel's name.
REMOTE_ENTRY = """\
// %(name)s: start the kernel of the notebook named in the address (?path=...) while the
// notebook renders (scripts/sitebuild/early_kernel.py says why and how).
var _JUPYTERLAB;
(_JUPYTERLAB = _JUPYTERLAB || {})[%(name_json)s] = (function () {
  var plugin = {
    id: %(plugin_json)s,
    description: "Starts the notebook's kernel while the notebook renders.",
    autoStart: true,
    activate: function (app) {
      var path = new URLSearchParams(window.location.search).get("path");
      if (!path || !path.endsWith(".ipynb")) {
        return;
      }
      app.activatePlugin(%(kernel_plugin_json)s)
        .then(function () {
          return app.serviceManager.sessions.startNew({
            path: path, name: path.split("/").pop(), type: "notebook", kernel: {name: %(kernel_json)s}
          });
        })
        // The notebook makes its own connection to the session; this one is not needed.
        .then(function (session) { session.dispose(); },
              function (error) { console.warn("The kernel will start when the notebook is open:", error); });
    }
  };
  return {
    init: function () {},
    get: function () {
      return Promise.resolve(function () { return {__esModule: true, "default": [plugin]}; });
    }
  };
})();
"""


def write_extension(folder: Path, kernel: str) -> Path:
    """Write the extension (``package.json``, ``static/remoteEntry.<hash>.js``) into ``folder``/:data:`NAME`.

    ``kernel`` is the kernel's name (the notebooks' kernelspec).  The script's name carries
    its content's hash, so a browser never runs a stale copy.  Returns the extension's folder.
    """
    if not isinstance(folder, (str, Path)):
        raise TypeError(f"folder must be the path of a folder to write the extension into, got {folder!r}.")
    if not isinstance(kernel, str) or not kernel:
        raise ValueError(f"kernel must be the kernel's name (a non-empty string), got {kernel!r}.")
    script = REMOTE_ENTRY % {"name": NAME, "name_json": json.dumps(NAME), "plugin_json": json.dumps(f"{NAME}:start"),
                             "kernel_plugin_json": json.dumps(KERNEL_PLUGIN), "kernel_json": json.dumps(kernel)}
    load = f"static/remoteEntry.{hashlib.sha256(script.encode()).hexdigest()[:20]}.js"
    extension = Path(folder) / NAME
    (extension / "static").mkdir(parents=True, exist_ok=True)
    (extension / load).write_text(script, encoding="utf-8")
    package = {"name": NAME, "version": "1.0.0", "private": True,
               "description": "Starts a live notebook's kernel while the notebook renders.",
               "jupyterlab": {"extension": True, "_build": {"load": load, "extension": "./extension"}}}
    (extension / "package.json").write_text(json.dumps(package, indent=1) + "\n", encoding="utf-8")
    return extension
