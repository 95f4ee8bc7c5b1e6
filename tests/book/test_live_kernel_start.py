"""The live kernel starts sooner (issue 27): its Python served as bytecode compiled by the served
Pyodide itself, and its session started while the notebook renders."""
from __future__ import annotations

import hashlib
import json
import marshal
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from sitebuild import bytecode, early_kernel, live_site, pyc_archive
from sitebuild import live_assets as la

REAL = la.default_assets_dir()


def _archive(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 2, 3, 4, 6)), text, compress_type=zipfile.ZIP_DEFLATED)
    return path


WHEEL = {"demo/__init__.py": "from demo.twice import twice\n",
         "demo/twice.py": "def twice(x):\n    return 2 * x\n",
         "demo/unused.py": "def never():\n    return 0\n",
         "demo/py2_data.py": "print 'not Python 3'\n",
         "demo/table.txt": "1 2 3\n",
         "demo-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n",
         "demo-1.0.dist-info/RECORD": "demo/__init__.py,sha256=x,29\ndemo/twice.py,sha256=y,31\n"
                                      "demo/unused.py,sha256=u,27\ndemo/py2_data.py,sha256=z,20\ndemo/table.txt,sha256=w,6\n"
                                      "demo-1.0.dist-info/METADATA,sha256=v,47\ndemo-1.0.dist-info/RECORD,,\n"}


#: The modules of WHEEL imported at start, as the browser names them (demo/unused.py is not).
STARTED = ["/lib/site/demo/__init__.py", "/lib/site/demo/twice.py", "/lib/site/demo/py2_data.py", "/lib/other.py"]


def test_an_archive_is_compiled_module_by_module_and_the_same_every_time(tmp_path):
    """Only the modules imported at start become pyc files; one never imported stays source."""
    source = _archive(tmp_path / "demo-1.0-py3-none-any.whl", WHEEL)
    assert pyc_archive.compile_archive(str(source), str(tmp_path / "a.whl"), "/lib/site/", STARTED) == 2
    pyc_archive.compile_archive(str(source), str(tmp_path / "b.whl"), "/lib/site/", STARTED)
    assert (tmp_path / "a.whl").read_bytes() == (tmp_path / "b.whl").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.whl") as out, zipfile.ZipFile(source) as original:
        assert out.namelist() == ["demo/__init__.pyc", "demo/twice.pyc", "demo/unused.py", "demo/py2_data.py",
                                  "demo/table.txt", "demo-1.0.dist-info/METADATA", "demo-1.0.dist-info/RECORD"]
        for name in ("demo/unused.py", "demo/py2_data.py", "demo/table.txt", "demo-1.0.dist-info/METADATA"):  # unchanged
            assert out.read(name) == original.read(name) and out.getinfo(name).date_time == (2020, 1, 2, 3, 4, 6)
        pyc = out.read("demo/twice.pyc")
        assert int.from_bytes(pyc[4:8], "little") == 0b01  # hash-based, source not checked (PEP 552)
        namespace = {}
        exec(marshal.loads(pyc[16:]), namespace)  # this test's Python compiled it: it runs here
        assert namespace["twice"](21) == 42 and namespace["twice"].__code__.co_filename == "/lib/site/demo/twice.py"
        record = out.read("demo-1.0.dist-info/RECORD").decode().splitlines()
        assert record[0].startswith("demo/__init__.pyc,sha256=") and record[1].startswith("demo/twice.pyc,sha256=")
        assert record[2:] == WHEEL["demo-1.0.dist-info/RECORD"].splitlines()[2:]


def test_an_archive_with_nothing_to_compile_is_copied_as_it_is(tmp_path):
    source = _archive(tmp_path / "libs.zip", {"lib/libdemo.so": "\0binary"})
    assert pyc_archive.compile_archive(str(source), str(tmp_path / "out.zip"), "/lib/", ["/lib/lib/libdemo.so"]) == 0
    assert (tmp_path / "out.zip").read_bytes() == source.read_bytes()


def test_the_kernel_files_are_the_standard_library_and_the_closure_of_the_kernels_packages():
    lock = {"packages": {"ipython": {"file_name": "ipython.whl", "depends": ["traitlets", "Pygments"]},
                         "traitlets": {"file_name": "traitlets.whl", "depends": []},
                         "pygments": {"file_name": "pygments.whl", "depends": []},
                         "numpy": {"file_name": "numpy.whl", "depends": []}}}
    assert bytecode.kernel_files(lock, ["IPython"]) == [bytecode.STDLIB, "ipython.whl", "pygments.whl", "traitlets.whl"]
    with pytest.raises(la.LiveAssetError, match="'jedi'"):
        bytecode.kernel_files(lock, ["jedi"])


def test_the_early_kernel_extension_names_its_script_by_its_content(tmp_path):
    folder = early_kernel.write_extension(tmp_path, live_site.KERNELSPEC["name"])
    package = json.loads((folder / "package.json").read_text())
    script = folder / package["jupyterlab"]["_build"]["load"]
    assert package["name"] == early_kernel.NAME and script.is_file()
    text = script.read_text()
    assert script.name == f"remoteEntry.{hashlib.sha256(text.encode()).hexdigest()[:20]}.js"
    assert f'kernel: {{name: "{live_site.KERNELSPEC["name"]}"}}' in text and early_kernel.KERNEL_PLUGIN in text
    with pytest.raises(ValueError, match="kernel"):
        early_kernel.write_extension(tmp_path, "")


@pytest.mark.skipif(not (REAL / f"pyodide-{la.PYODIDE_VERSION}.tgz").is_file() or shutil.which("node") is None,
                    reason="needs the live-site assets (make) and Node")
@pytest.mark.slow
def test_the_served_pyodide_compiles_its_kernel_files_the_same_every_time(tmp_path):
    """Under Node, as the build does: the modules imported at start (Pyodide's own start, then
    ``import demo``) come back as pyc files of Pyodide's own Python (its magic number), a module
    never imported stays source (the wheel's and the standard library's), the lock pins the new
    wheel, and a second compilation (no cache) gives the same bytes."""
    served = tmp_path / "served"
    served.mkdir()
    with tarfile.open(REAL / f"pyodide-{la.PYODIDE_VERSION}.tgz") as archive:
        for name in la.PYODIDE_CORE:
            (served / name).write_bytes(archive.extractfile(f"package/{name}").read())
        official = json.load(archive.extractfile("package/pyodide-lock.json"))
    lock = dict(official, packages={"demo": la.wheel_lock_entry(_archive(served / "demo-1.0-py3-none-any.whl", WHEEL))})
    stdlib = (served / bytecode.STDLIB).read_bytes()
    first = bytecode.compile_served(served, lock, ["demo"], tmp_path / "cache1", imports=["demo"])
    wheel, compiled_stdlib = (served / "demo-1.0-py3-none-any.whl").read_bytes(), (served / bytecode.STDLIB).read_bytes()
    assert first["packages"]["demo"]["sha256"] == hashlib.sha256(wheel).hexdigest()
    with zipfile.ZipFile(served / bytecode.STDLIB) as library:
        names = library.namelist()
        assert "ast.pyc" in names and "ast.py" not in names  # Pyodide imports it as it starts (os is frozen)
        assert library.read("ast.pyc")[:4] == bytes.fromhex("cb0d0d0a")  # Python 3.12's magic number (3531)
        assert "imaplib.py" in names and "imaplib.pyc" not in names  # nothing at start imports it
    with zipfile.ZipFile(served / "demo-1.0-py3-none-any.whl") as out:
        assert {"demo/__init__.pyc", "demo/twice.pyc", "demo/unused.py"} <= set(out.namelist())
        assert not {"demo/unused.pyc", "demo/twice.py"} & set(out.namelist())
    (served / bytecode.STDLIB).write_bytes(stdlib)
    _archive(served / "demo-1.0-py3-none-any.whl", WHEEL)
    bytecode.compile_served(served, lock, ["demo"], tmp_path / "cache2", imports=["demo"])
    assert (served / "demo-1.0-py3-none-any.whl").read_bytes() == wheel
    assert (served / bytecode.STDLIB).read_bytes() == compiled_stdlib
