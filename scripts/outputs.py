"""Write generated files without ever replacing or deleting what a person wrote.

The coursework scripts write into folders an instructor also uses (the kit, the submissions
folder).  :class:`Outputs` keeps, in ``FOLDER/.lossland-generated.json``, the SHA-256 of every file
it wrote there.  A file may be replaced only if it is missing or still exactly as written; a
file the instructor edited (a grades table corrected by hand), or one the scripts never wrote
(a submission), is left alone, and :meth:`Outputs.write` raises :class:`Refused` naming it.
Nothing is ever deleted.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST = ".lossland-generated.json"


class Refused(RuntimeError):
    """A generated file would replace one that a person wrote or edited."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Outputs:
    """The generated files under ``folder``, with the hashes they were written with."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        path = self.folder / MANIFEST
        self.hashes: dict[str, str] = json.loads(path.read_text()) if path.is_file() else {}

    def _key(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.folder.resolve()).as_posix()

    def writable(self, path: str | Path) -> bool:
        """Whether ``path`` is missing, or is a file this folder's scripts wrote and nobody changed since."""
        path = Path(path)
        if not path.exists():
            return True
        return path.is_file() and self.hashes.get(self._key(path)) == _digest(path.read_bytes())

    def check(self, paths) -> None:
        """Raise :class:`Refused` if any of ``paths`` may not be written (before writing any of them)."""
        blocked = [str(path) for path in paths if not self.writable(path)]
        if blocked:
            raise Refused(f"not replacing {', '.join(blocked[:5])}{' ...' if len(blocked) > 5 else ''}: "
                          "written or changed by hand since these tools wrote it. Move it away (or rename it) to regenerate it.")

    def write(self, path: str | Path, data: bytes | str) -> Path:
        """Write ``data`` to ``path`` (under ``folder``) if :meth:`writable`, recording its hash; else raise :class:`Refused`."""
        path = Path(path)
        self.check([path])
        data = data.encode() if isinstance(data, str) else data
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.hashes[self._key(path)] = _digest(data)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / MANIFEST).write_text(json.dumps(self.hashes, indent=1, sort_keys=True))
        return path
