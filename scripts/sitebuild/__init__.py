"""The book's build tools: they make the website, and no reader installs them.

Kept out of the ``lossland`` package (whose wheel the live site's browser kernel and the
autograder install) and loaded from ``scripts/`` by whatever needs them: Jupyter Book reads
the Sphinx extensions through ``_config.yml``'s ``sphinx: local_extensions``, ``make`` runs
``python -m sitebuild.live_assets fetch`` with ``scripts/`` on the path, the scripts under
``scripts/`` import them directly, and pytest puts ``scripts/`` on the path
(``pythonpath`` in ``pyproject.toml``).

* :mod:`sitebuild.build`: the Sphinx extension of the build (claims shared with the Ledger,
  pages executed ahead, the notebook download and the live launch on every chapter);
* :mod:`sitebuild.figure_text`: the Sphinx extension that writes each figure's text
  alternative into its ``<img alt>``;
* :mod:`sitebuild.live_site`: the live site (JupyterLite with the Pyodide kernel) under ``lite/``;
* :mod:`sitebuild.live_assets`: what the live site runs on, fetched once and verified by hash;
* :mod:`sitebuild.wheel`: the wheel of ``lossland`` that the live site and the autograder install.
"""
