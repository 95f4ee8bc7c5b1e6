"""scripts/fresh_cache.py: every page is re-executed when the package changes, and only then."""
from pathlib import Path

import fresh_cache  # scripts/ is on pytest's path (pyproject: pythonpath)


def _caches(root: Path) -> list[Path]:
    made = [root / "_build" / ".jupyter_cache" / "db", root / "_build" / ".doctrees" / "environment.pickle"]
    for path in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("old outputs")
    return made


def test_caches_are_dropped_exactly_when_the_package_changes(tmp_path):
    package = tmp_path / "lossland"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "b.py").write_text("y = 2\n")
    assert fresh_cache.refresh(tmp_path)  # first build: nothing recorded yet

    changes = [
        lambda: (package / "a.py").write_text("x = 2\n"),  # an edited module
        lambda: (package / "sub" / "c.py").write_text(""),  # a new module
        lambda: (package / "sub" / "b.py").unlink(),  # a removed module
        lambda: (package / "sub" / "c.py").rename(package / "c.py"),  # a moved module
    ]
    for change in changes:
        kept = _caches(tmp_path)
        assert not fresh_cache.refresh(tmp_path)  # unchanged package: cached outputs stay
        assert all(path.exists() for path in kept)
        change()
        assert fresh_cache.refresh(tmp_path)
        assert not any(path.exists() for path in kept)
