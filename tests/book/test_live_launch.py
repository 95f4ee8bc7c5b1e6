"""The first live launch loads only what a chapter uses, from a lock file that knows every wheel,
with gzip copies that a local server sends as a static host would (issue 27)."""
from __future__ import annotations

import ast
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import jupytext
import pytest

import serve
from sitebuild import live_assets as la
from sitebuild import live_site

from lossland.book.ledger import CHAPTERS
from lossland.core import images

ROOT = Path(__file__).resolve().parents[2]
KERNEL_EXTENSION = Path(sys.prefix) / live_site.PYODIDE_KERNEL_EXTENSION


def _wheel(folder: Path, name: str, version: str, requires: list[str]) -> Path:
    """A tiny wheel whose METADATA lists ``requires`` as Requires-Dist lines."""
    path = folder / f"{name}-{version}-py3-none-any.whl"
    metadata = "Metadata-Version: 2.1\nName: {}\nVersion: {}\n".format(name, version)
    metadata += "".join(f"Requires-Dist: {line}\n" for line in requires)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}/__init__.py", "")
        archive.writestr(f"{name}-{version}.dist-info/METADATA", metadata)
    return path


def test_a_wheel_entry_has_its_hash_and_the_requirements_that_apply_in_pyodide(tmp_path):
    wheel = _wheel(tmp_path, "Some_Widgets", "1.2.0", ["comm>=0.1", "traitlets", "pytest; extra == 'test'",
                                                       "colorama; platform_system == 'Windows'"])
    entry = la.wheel_lock_entry(wheel)
    assert entry["name"] == "some-widgets" and entry["version"] == "1.2.0" and entry["file_name"] == wheel.name
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["depends"] == ["comm", "traitlets"]  # no extras, no Windows-only requirement
    assert entry["imports"] == ["Some_Widgets"]
    assert la.wheel_lock_entry(wheel, depends=("numpy",))["depends"] == ["numpy"]


def test_the_site_lock_refuses_an_entry_whose_dependency_it_does_not_serve(tmp_path):
    lock = {"info": {}, "packages": {"numpy": {"name": "numpy", "version": "2.0", "depends": []}}}
    served = live_site._site_lock(lock, [_wheel(tmp_path, "uses_numpy", "1.0", ["numpy"])])
    assert served["packages"]["uses-numpy"]["depends"] == ["numpy"] and served["packages"]["numpy"] == lock["packages"]["numpy"]
    with pytest.raises(la.LiveAssetError, match="pandas"):
        live_site._site_lock(lock, [_wheel(tmp_path, "uses_pandas", "1.0", ["pandas"])])


def test_the_site_lock_keeps_the_newer_of_two_versions(tmp_path):
    old, new = (_wheel(tmp_path, "shim", version, []) for version in ("3.6.999", "4.0.999"))
    for order in ([old, new], [new, old]):
        assert live_site._site_lock({"packages": {}}, order)["packages"]["shim"]["version"] == "4.0.999"


@pytest.mark.slow
def test_lossland_depends_on_what_the_chapters_import_and_not_on_what_it_leaves_out():
    """Importing every module the chapters import loads none of the packages lossland's entry in
    the served lock leaves out (scikit-learn and the rest load only where a chapter asks)."""
    modules = set()
    for chapter in CHAPTERS:
        for cell in jupytext.read(ROOT / "book" / f"{chapter}.md").cells:
            if cell.cell_type == "code":
                for node in ast.walk(ast.parse(cell.source)):
                    if isinstance(node, ast.ImportFrom) and node.module:
                        modules.add(node.module)
                    elif isinstance(node, ast.Import):
                        modules.update(alias.name for alias in node.names)
    code = ("import importlib, json, sys\n"
            f"for name in {sorted(modules)!r}: importlib.import_module(name)\n"
            "print(json.dumps(sorted(sys.modules)))")
    imported = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                         env=dict(os.environ, MPLBACKEND="Agg"), cwd=ROOT).stdout)
    loaded = {name.split(".")[0] for name in imported}
    assert {"numpy", "scipy", "matplotlib"} <= loaded
    assert not loaded & {"sklearn", "pandas", "tqdm", "joblib", "threadpoolctl", "mlxtend"}
    assert set(live_site.LOSSLAND_DEPENDS) == {"numpy", "scipy", "matplotlib", "ipywidgets"}
    # Nor anything the served wheels and lock leave out (la.TRIMMED, la.UNUSED_DEPENDS).
    left_out = tuple(prefix.rstrip("/").replace("/", ".") for prefix in la.TRIMMED["scipy"])
    assert not [name for name in imported if name.startswith(left_out)]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_loads_lossland_and_only_its_extras(chapter):
    install = live_site.chapter_notebook(ROOT / "book" / f"{chapter}.md").cells[0].source
    listed = json.loads(re.search(r"piplite\.install\((\[.*\])\)", install).group(1))
    assert listed == ["lossland", *live_site.CHAPTER_PACKAGES.get(chapter, ())]
    assert set(live_site.CHAPTER_PACKAGES.get(chapter, ())) <= {images.LIVE_DATA_PACKAGE.replace("_", "-")}
    assert "pandas" not in listed


@pytest.mark.skipif(not KERNEL_EXTENSION.is_dir(), reason="jupyterlite-pyodide-kernel is not installed")
def test_the_kernel_packages_are_those_the_kernel_would_install_one_by_one():
    """The extension skips installing a package only if ``loadPyodideOptions.packages`` names it
    exactly as its own list does; the wheels it ships are checked against its index."""
    code = "".join(path.read_text() for path in (KERNEL_EXTENSION / "static").glob("*.js"))
    lists = {tuple(json.loads(found)) for found in re.findall(r'\[(?:"[a-z_0-9]+",?)+\]', code)
             if "pyodide_kernel" in found}
    assert lists, "the kernel's list of packages was not found in its extension"
    for kernel_list in lists:
        assert set(kernel_list) | {"micropip", "piplite"} == set(live_site.KERNEL_PACKAGES)
    names = {wheel.name.split("-")[0] for wheel in la.kernel_wheels(KERNEL_EXTENSION / "static" / "pypi")}
    assert {"piplite", "pyodide_kernel", "ipykernel"} <= names


def test_a_trimmed_wheel_lacks_only_the_named_parts_and_is_the_same_every_time():
    source = io.BytesIO()
    members = {"pkg/__init__.py": b"x = 1\n" * 50, "pkg/misc/face.dat": b"\x00" * 999, "pkg/misc/__init__.py": b"",
               "pkg/linalg.py": b"y = 2\n"}
    record = "".join(f"{name},sha256=abc,{len(data)}\n" for name, data in members.items()) + "pkg-1.0.dist-info/RECORD,,\n"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**members, "pkg-1.0.dist-info/RECORD": record.encode()}.items():
            archive.writestr(name, data)
    trimmed = la._trimmed(source.getvalue(), ("pkg/misc/",))
    assert trimmed == la._trimmed(source.getvalue(), ("pkg/misc/",))
    with zipfile.ZipFile(io.BytesIO(trimmed)) as archive, zipfile.ZipFile(source) as original:
        assert archive.namelist() == ["pkg/__init__.py", "pkg/linalg.py", "pkg-1.0.dist-info/RECORD"]
        for name in ("pkg/__init__.py", "pkg/linalg.py"):
            assert archive.read(name) == original.read(name)
            assert archive.getinfo(name).compress_type == original.getinfo(name).compress_type
        assert "misc" not in archive.read("pkg-1.0.dist-info/RECORD").decode()
        assert archive.read("pkg-1.0.dist-info/RECORD").decode().count("\n") == 3


def test_no_chapter_sets_a_font_the_served_matplotlib_leaves_out():
    """The served matplotlib has DejaVu Sans, STIX and Computer Modern, not DejaVu Serif or Sans Mono."""
    sources = [*ROOT.glob("book/*.md"), *ROOT.glob("lossland/**/*.py")]
    pattern = re.compile(r"font\.?family|fontfamily|family\s*=|\\mathtt|mathtext\.fontset|monospace|serif")
    assert not [path.name for path in sources if pattern.search(path.read_text(encoding="utf-8"))]


def test_precompress_writes_gzip_copies_only_where_they_pay(tmp_path):
    (tmp_path / "app.js").write_text("function f() { return 1; }\n" * 200)
    noise = b"".join(hashlib.sha256(bytes([i, j])).digest() for i in range(64) for j in range(4))
    (tmp_path / "noise.whl").write_bytes(noise)  # 8 kB that gzip cannot shrink
    (tmp_path / "tiny.json").write_text("{}")
    (tmp_path / "picture.png").write_bytes(b"\0" * 5000)
    saved = live_site.precompress(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.gz")) == ["app.js.gz"]
    assert gzip.decompress((tmp_path / "app.js.gz").read_bytes()) == (tmp_path / "app.js").read_bytes()
    assert saved == (tmp_path / "app.js").stat().st_size - (tmp_path / "app.js.gz").stat().st_size
    first = (tmp_path / "app.js.gz").read_bytes()
    live_site.precompress(tmp_path)
    assert (tmp_path / "app.js.gz").read_bytes() == first  # no time stamp: the same bytes again


def _get(url: str, accept: str | None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


@pytest.mark.slow
def test_the_server_sends_the_gzip_copy_to_a_browser_that_accepts_it(tmp_path):
    body = b"const x = 1;\n" * 500
    (tmp_path / "app.js").write_bytes(body)
    (tmp_path / "app.js.gz").write_bytes(gzip.compress(body, mtime=0))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text("<p>hi</p>" * 300)
    live_site.precompress(tmp_path / "sub")
    (tmp_path / "plain.wasm").write_bytes(b"\0asm" + bytes(100))
    server, base = serve.serve(tmp_path)
    try:
        headers, data = _get(base + "app.js", "gzip, deflate, br")
        assert headers["Content-Encoding"] == "gzip" and headers["Content-Type"] == "text/javascript"
        assert gzip.decompress(data) == body and int(headers["Content-Length"]) == len(data)
        headers, data = _get(base + "app.js", None)
        assert headers["Content-Encoding"] is None and data == body
        headers, data = _get(base + "app.js", "gzip;q=0")
        assert headers["Content-Encoding"] is None and data == body
        headers, data = _get(base + "sub/", "gzip")
        assert headers["Content-Encoding"] == "gzip" and headers["Content-Type"] == "text/html"
        headers, data = _get(base + "plain.wasm?v=1", "gzip")
        assert headers["Content-Encoding"] is None and headers["Content-Type"] == "application/wasm"
        assert server.sent_by_path["/app.js"] == len(gzip.compress(body, mtime=0)) + 2 * len(body)
    finally:
        server.shutdown()
        server.server_close()
