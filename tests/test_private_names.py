"""No module of the package uses another module's private names (issue 26, honest boundaries).

A name with a leading underscore is its module's own business: it may change without notice.
What one module shares with another is public, named and documented.  The scan reads every
module under ``lossland/`` and of the build tools (``scripts/sitebuild/``) with :mod:`ast` and fails on ``from module import _name`` and on
``alias._name`` where ``alias`` was bound by an import statement (``import m``, ``from p import m``),
in the module or inside a function.  Dunder names (``__version__``) are not private.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (ROOT / "lossland", ROOT / "scripts" / "sitebuild")
MODULES = sorted(path for package in PACKAGES for path in package.rglob("*.py"))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str) -> list[str]:
    """Every import of another module's private name and every ``alias._name`` on an imported alias."""
    tree = ast.parse(source)
    imported: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''} import {alias.name}")
                imported.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            imported.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr)
                and isinstance(node.value, ast.Name) and node.value.id in imported):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_uses_another_modules_private_names(path):
    found = private_uses(path.read_text(encoding="utf-8"))
    assert not found, (f"{path.relative_to(ROOT)} uses private names of other modules: {found}; "
                       "make what is shared public, named and documented (and list it in __all__)")


def test_the_scan_sees_both_forms():
    source = ("from lossland.core.nets import _check, loss\nimport numpy as np\nfrom lossland.core import mlp\n"
              "def f():\n    from lossland.core import regions\n    return regions._split, mlp._forward, np.__version__\n")
    assert private_uses(source) == ["line 1: from lossland.core.nets import _check",
                                    "line 6: regions._split", "line 6: mlp._forward"]
