"""Every public name of every ``lossland`` module, and of the build tools (``scripts/sitebuild``), has a
bad-input Spec or an exemption.

The Spec tables are listed in ``tests/spec_parts.py`` (a chapter's with its tests, in
``tests/<chapter>/``); each defines ``SPECS`` and ``EXEMPT`` (see ``tests/badinput.py``).  Every name must be covered: by a Spec whose function
*is* the public object, or, for a class, a Spec of its constructor or of one of its methods;
or by an ``EXEMPT`` entry ``"lossland.package.module.name": reason`` (``"sitebuild.module.name"``).  The chapters' figure
modules are listed too (their Specs are in ``tests/<chapter>/test_bad_inputs_<chapter>_figures.py``).  Not listed here: the
chapters' ``claims`` (evaluated by the book build and their own tests), and the self-checks
with ``book.answers``, which turn a bad answer into feedback instead of an error (tested in
the chapters' self-check tests).
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil

import pytest

import lossland
import sitebuild

from spec_parts import PARTS, load

PART_MODULES = load()
SPECS = [spec for part in PART_MODULES for spec in part.SPECS]
EXEMPT = {key: reason for part in PART_MODULES for key, reason in part.EXEMPT.items()}


def _listed(name: str) -> bool:
    leaf = name.rpartition(".")[2]
    return not (leaf.endswith("claims") or leaf in ("selfcheck", "answers"))


#: The packages whose public names must be covered: the one readers install, and the build's tools.
PACKAGES = (lossland, sitebuild)
MODULES = sorted(
    info.name
    for package in PACKAGES
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
    if not info.ispkg and _listed(info.name)
)


def _covered(obj) -> bool:
    """Some Spec calls ``obj`` itself or, for a class, its constructor or one of its methods."""
    functions = {id(spec.function) for spec in SPECS}
    if id(obj) in functions:
        return True
    if isinstance(obj, type):
        members = [vars(cls).get(attr) for cls in obj.__mro__ for attr in vars(cls)]
        return any(id(member) in functions for member in members if callable(member))
    return False


def uncovered_names(module_name: str) -> list[str]:
    """The names in the module's ``__all__`` with neither a Spec nor an exemption."""
    module = importlib.import_module(module_name)
    return [
        name for name in module.__all__
        if f"{module_name}.{name}" not in EXEMPT and not _covered(getattr(module, name))
    ]


@pytest.mark.parametrize("module_name", MODULES)
def test_every_public_name_is_covered_or_exempt(module_name):
    module = importlib.import_module(module_name)
    assert hasattr(module, "__all__"), f"{module_name} has no __all__: list its public names"
    missing = uncovered_names(module_name)
    assert not missing, (
        f"{module_name}: {missing} have no Spec in {', '.join(PARTS)} and no EXEMPT entry with a reason"
    )


def test_exemptions_name_real_public_names_with_reasons():
    for key, reason in EXEMPT.items():
        module_name, _, name = key.rpartition(".")
        if module_name.rpartition(".")[2][:1].isupper():  # a public method "lossland.package.module.Class.method"
            module_name, _, owner = module_name.rpartition(".")
            module = importlib.import_module(module_name)
            assert owner in module.__all__ and not name.startswith("_") and callable(getattr(getattr(module, owner), name, None)), (
                f"EXEMPT key {key!r} names no public method of a public class"
            )
        else:
            packages = [package.__name__ for package in PACKAGES]
            assert module_name.partition(".")[0] in packages and importlib.util.find_spec(module_name), (
                f"EXEMPT key {key!r} names no module of {' or '.join(packages)}"
            )
            module = importlib.import_module(module_name)
            assert name in getattr(module, "__all__", ()), f"EXEMPT key {key!r} is not in {module_name}.__all__"
        assert isinstance(reason, str) and reason.strip(), f"EXEMPT[{key!r}] gives no reason"
