"""Compile the Python sources of a wheel or zip archive to bytecode: run inside Pyodide itself.

:mod:`sitebuild.bytecode` runs this file in the Pyodide interpreter that the live site serves
(under Node, at build time), so that the bytecode is that interpreter's own: the same Python
(3.12), the same compiler, the same magic number.  Nothing here may import anything but the
standard library.

Each ``x.py`` member that the kernel imports on its way to idle (its browser path among
``started``, recorded by :mod:`sitebuild.bytecode` in the same interpreter) becomes ``x.pyc``
(an unchecked hash-based pyc, PEP 552: no time stamp, so the same source always gives the
same bytes, and no source to check against, as the source is not served); every other module
stays source, as a pyc is larger than its source once zipped; a file that does not compile
(Python 2 test data, say) stays as it is, and an archive with nothing to compile is copied as it is.  Every other member keeps its
bytes, time stamp and order; the wheel's ``RECORD`` names the new files with their hashes.
The import system loads such sourceless modules from a zip (the standard library) and from a
folder (an installed wheel) alike.
"""
from __future__ import annotations

import base64
import hashlib
import json
import py_compile
import shutil
import tempfile
import warnings
import zipfile
from pathlib import Path

__all__ = ["compile_archive", "main"]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _bytecode(source: bytes, filename: str, scratch: Path) -> bytes | None:
    """The pyc of ``source`` as the interpreter would load it from ``filename``, or None if it does not compile.

    ``py_compile`` reads and writes files, so the source passes through the folder ``scratch``.
    """
    module, pyc = scratch / "module.py", scratch / "module.pyc"
    module.write_bytes(source)
    try:
        with warnings.catch_warnings():  # invalid escapes and the like: the package's own business
            warnings.simplefilter("ignore")
            py_compile.compile(str(module), cfile=str(pyc), dfile=filename, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    except py_compile.PyCompileError:
        return None
    return pyc.read_bytes()


def compile_archive(source: str, target: str, prefix: str, started) -> int:
    """Write ``target``: the archive ``source`` with the ``.py`` members in ``started`` compiled (see the module's docstring).

    ``prefix`` is where the archive's members live in the browser (the file names tracebacks
    show); ``started`` holds browser paths (``prefix`` + member name) of the modules to compile.
    Returns the number of modules compiled.
    """
    members, record, started = [], {}, set(started)
    with zipfile.ZipFile(source) as archive, tempfile.TemporaryDirectory() as scratch:
        for info in archive.infolist():
            data = archive.read(info)
            path = prefix + info.filename
            pyc = _bytecode(data, path, Path(scratch)) if info.filename.endswith(".py") and path in started else None
            if pyc is not None:
                new = zipfile.ZipInfo(info.filename + "c", info.date_time)
                new.external_attr, new.compress_type = info.external_attr, zipfile.ZIP_DEFLATED
                record[info.filename] = _record_line(new.filename, pyc)
                info, data = new, pyc
            members.append((info, data))
    if not record:  # nothing to compile (shared libraries only): the same file
        shutil.copyfile(source, target)
        return 0
    with zipfile.ZipFile(target, "w") as out:
        for info, data in members:
            if info.filename.endswith(".dist-info/RECORD"):
                data = _new_record(data, record)
            out.writestr(info, data, compress_type=info.compress_type)
    return len(record)


def _new_record(data: bytes, record: dict[str, str]) -> bytes:
    """The wheel's ``RECORD`` with each compiled module's line (by its ``.py`` name) replaced by its pyc's."""
    lines = []
    for line in data.decode("utf-8").splitlines(keepends=True):
        name = line.split(",", 1)[0]
        lines.append(record[name] + "\n" if name in record else line)
    return "".join(lines).encode("utf-8")


def main(jobs_file: str, started) -> None:
    """Compile every job of the JSON file ``jobs_file`` (a list of ``[source, target, prefix]``), only the modules in ``started``."""
    started = set(started)
    with open(jobs_file, encoding="utf-8") as jobs:
        for source, target, prefix in json.load(jobs):
            compile_archive(source, target, prefix, started)
