"""The local-notebook route (make lab): the student's notebook is never lost, runs no solution, and
opening a chapter's source in JupyterLab shows a notebook whose saving changes nothing.

* The student's notebook (``scripts/lab_notebook.py``): every solution folded into a Markdown
  cell, no role JupyterLab cannot resolve, a note on widgets; an edited notebook survives
  ``make notebook`` (the preparation of ``make lab``) after the chapter changed, and ``make
  clean``; ``NEW=1`` keeps the old one beside the new one.
* The chapters are in the form jupytext saves (``scripts/lab_format.py``).
* The lab venv's extension check (``scripts/lab_setup.py``) reads both builders' requirements.
* Marker ``lab``: JupyterLab from ``.venv-lab`` (``make labenv``) in headless Chromium opens
  ``book/liu.md`` as a notebook with MyST rendered, and saving it leaves ``git diff`` empty.
  Skipped when ``.venv-lab`` or Chromium is missing.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jupytext
import nbformat
import pytest

from lossland.book.ledger import CHAPTERS
from lossland.book.syllabus import chapter_syllabus

# scripts/ is on the path: pyproject's [tool.pytest.ini_options] pythonpath
import assignments
import lab_format
import lab_notebook
import lab_setup

ROOT = Path(__file__).resolve().parents[1]
LAB_VENV = Path(os.environ.get("LOSSLAND_LAB_VENV", ROOT / ".venv-lab"))


# ---------------------------------------------------------------- the student's notebook

@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.slow
def test_notebook_folds_every_solution_and_runs_none(chapter):
    """Each exercise's solution is one folded Markdown cell; no code cell holds solution code."""
    nb = lab_notebook.student_notebook(chapter)
    text = (ROOT / "book" / f"{chapter}.md").read_text()
    solutions = assignments.solution_blocks(text)
    assert set(solutions) == {exercise.label for exercise in chapter_syllabus(chapter).exercises}
    folded = [cell for cell in nb.cells if "solution" in cell.metadata.get("tags", [])]
    assert [cell.cell_type for cell in folded] == ["markdown"] * len(solutions)
    for cell, label in zip(folded, solutions):
        assert cell.source.startswith(f"````{{solution}} {label}\n:class: dropdown\n")
    solution_code = [cell.source.strip() for block in solutions.values()
                     for cell in jupytext.reads(block, fmt="myst").cells if cell.cell_type == "code"]
    code = [cell.source.strip() for cell in nb.cells if cell.cell_type == "code"]
    assert solution_code and not set(solution_code) & set(code)
    chapter_code = [cell.source.strip() for cell in jupytext.read(ROOT / "book" / f"{chapter}.md").cells
                    if cell.cell_type == "code"]
    assert len(code) == len(chapter_code) - len(solution_code)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_notebook_resolves_what_lab_cannot(chapter):
    """No citation, {doc} link, glued number or section of another chapter is left as a role; the note comes first."""
    nb = lab_notebook.student_notebook(chapter)
    markdown = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    assert not re.search(r"\{(cite|cite:t|doc|glue|glue:text|glue:md)\}`", markdown)
    local = set(re.findall(r"^\(([\w-]+)\)=|^:label:[ \t]*(\S+)", (ROOT / "book" / f"{chapter}.md").read_text(), re.M))
    local = {label for pair in local for label in pair if label}
    for target in re.findall(r"\{(?:ref|numref)\}`(?:[^`<]*<)?([\w-]+)>?`", markdown):
        assert target in local, f"{chapter}: a reference to {target}, which this notebook does not hold"
    assert "run the cells again" in nb.cells[1].source and nb.metadata["lossland"]["chapter"] == chapter


def _repository_copy(tmp_path: Path) -> Path:
    """The files make notebook and make clean need, copied: the student's notebooks land in the copy."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, repo / name)
    for folder in ("scripts", "book"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    return repo


def _make(repo: Path, *args: str) -> str:
    """``make ARGS`` in the copy, with this interpreter as the lab venv's (its install step is not run)."""
    command = ["make", "--no-print-directory", "-o", ".venv-lab/.installed", f"LABBIN={Path(sys.executable).parent}", *args]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_an_edited_notebook_survives_make_lab_and_make_clean(tmp_path):
    """The issue's test: edit the notebook, touch the chapter, prepare again, make clean; the edit is intact."""
    repo = _repository_copy(tmp_path)
    assert "Made notebooks/liu.ipynb" in _make(repo, "notebook", "CHAPTER=liu")
    mine = repo / "notebooks" / "liu.ipynb"
    nb = nbformat.read(mine, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_markdown_cell("My note: the plateau in r1 is where no sample is active."))
    nbformat.write(nb, mine)
    edited = mine.read_bytes()
    chapter = repo / "book" / "liu.md"
    chapter.write_text(chapter.read_text() + "\nA sentence added upstream.\n")  # a git pull changed the chapter
    later = time.time() + 60
    os.utime(chapter, (later, later))
    message = _make(repo, "notebook", "CHAPTER=liu")
    assert "has changed since notebooks/liu.ipynb was made" in message and "NEW=1" in message
    (repo / "_build" / "html").mkdir(parents=True)
    _make(repo, "clean")
    assert not (repo / "_build").exists()
    assert mine.read_bytes() == edited
    assert list((repo / "notebooks").iterdir()) == [mine]


@pytest.mark.slow
def test_fresh_keeps_the_old_notebook_and_old_lab_notebooks_are_moved(tmp_path):
    """NEW=1 renames the edited notebook before making a new one; _build/lab notebooks move to notebooks/."""
    repo = _repository_copy(tmp_path)
    old_lab = repo / "_build" / "lab" / "petzka.ipynb"
    old_lab.parent.mkdir(parents=True)
    old_work = '{"cells": [], "metadata": {"note": "a student edited this"}, "nbformat": 4, "nbformat_minor": 5}'
    old_lab.write_text(old_work)
    assert "Moved _build/lab/petzka.ipynb" in _make(repo, "notebook", "CHAPTER=liu")
    assert (repo / "notebooks" / "petzka.ipynb").read_text() == old_work and not old_lab.exists()
    mine = repo / "notebooks" / "liu.ipynb"
    mine.write_text(mine.read_text().replace("Your notebook of Chapter 2", "My notebook of Chapter 2"))
    edited = mine.read_text()
    message = _make(repo, "notebook", "CHAPTER=liu", "NEW=1")
    kept = [path for path in (repo / "notebooks").glob("liu-*.ipynb")]
    assert len(kept) == 1 and kept[0].read_text() == edited and kept[0].name in message
    assert "Your notebook of Chapter 2" in mine.read_text()


# ---------------------------------------------------------------- the chapters' saved form

@pytest.mark.parametrize("chapter", [path.stem for path in sorted((ROOT / "book").glob("*.md"))
                                     if "\njupytext:" in path.read_text()[:200]])
def test_chapter_is_in_the_form_jupytext_saves(chapter):
    """Saving the chapter from JupyterLab rewrites nothing (fix: python scripts/lab_format.py --write book/*.md)."""
    text = (ROOT / "book" / f"{chapter}.md").read_text()
    assert lab_format.saved_form(text) == text


def test_saved_form_keeps_captions_as_written():
    """A multi-line caption stays a YAML block and the header gets no version lines; the form is a fixed point."""
    text = ("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\nkernelspec:\n"
            "  display_name: Python 3\n  language: python\n  name: python3\n---\n\n# T\n\n"
            "```{code-cell} ipython3\n---\nmystnb:\n  figure:\n    caption: |\n      One line,\n      another.\n"
            "    name: fig-x\n---\nx = 1\n```\n")
    assert lab_format.saved_form(text) == text


# ---------------------------------------------------------------- the extension check

def test_extension_check_reads_both_builders():
    """webpack's [1,4,4,9] is ^4.4.9 and rspack's requiredVersion string too; JupyterLab 4.5.11 meets the first only."""
    webpack = 'j("default","@jupyterlab/notebook",!1,[1,4,4,9]),x=>j("default","@jupyterlab/services", false, [1,7,4,9])'
    rspack = '"@jupyterlab/notebook",import:null,requiredVersion:"^4.6.0-beta.0",strictVersion:!1'
    assert lab_setup.requirements(webpack) == {"@jupyterlab/notebook": (1, (4, 4, 9)), "@jupyterlab/services": (1, (7, 4, 9))}
    assert lab_setup.requirements(rspack) == {"@jupyterlab/notebook": (1, (4, 6, 0))}
    assert lab_setup.satisfied((4, 5, 11), 1, (4, 4, 9))
    assert not lab_setup.satisfied((4, 5, 11), 1, (4, 6, 0))
    assert not lab_setup.satisfied((5, 0, 0), 1, (4, 4, 9))
    assert not lab_setup.satisfied((4, 5, 11), 2, (4, 4, 9))


def test_extension_check_finds_an_extension_built_for_a_newer_jupyterlab(tmp_path):
    """A venv whose JupyterLab is 4.5.11 and whose jupytext extension needs ^4.6 fails the check; ^4.4.9 passes."""
    import json

    static = tmp_path / "share/jupyter/lab/static"
    static.mkdir(parents=True)
    (static / "package.json").write_text(json.dumps({"resolutions": {"@jupyterlab/notebook": "~4.5.11", "react": "^18.2.0"}}))
    extension = tmp_path / "share/jupyter/labextensions/jupyterlab-jupytext"
    (extension / "static").mkdir(parents=True)
    meta = {"name": "jupyterlab-jupytext", "version": "1.4.6", "jupyterlab": {"_build": {"load": "static/remoteEntry.js"}}}
    (extension / "package.json").write_text(json.dumps(meta))
    (extension / "static/remoteEntry.js").write_text('"@jupyterlab/notebook",import:null,requiredVersion:"^4.6.0-beta.0"')
    problems = lab_setup.incompatible(tmp_path)
    assert len(problems) == 1 and "jupyterlab-jupytext 1.4.6 needs @jupyterlab/notebook 4.6.0" in problems[0]
    (extension / "static/remoteEntry.js").write_text('j("default","@jupyterlab/notebook",!1,[1,4,4,9])')
    assert lab_setup.incompatible(tmp_path) == []


@pytest.mark.lab
def test_the_lab_venv_extensions_match_its_jupyterlab():
    """Every extension in .venv-lab loads in its JupyterLab (the pins of the lab extra hold together)."""
    if not (LAB_VENV / ".installed").exists():
        pytest.skip(f"no lab venv at {LAB_VENV} (make labenv)")
    assert lab_setup.incompatible(LAB_VENV) == []


# ---------------------------------------------------------------- JupyterLab in Chromium

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def lab_server(tmp_path):
    """JupyterLab of the lab venv serving a git repository of the book's sources; yields (url, folder)."""
    jupyter = LAB_VENV / "bin" / "jupyter"
    if not (LAB_VENV / ".installed").exists() or not jupyter.exists():
        pytest.skip(f"no lab venv at {LAB_VENV} (make labenv)")
    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()) or not Path("/usr/bin/chromedriver").exists():
        pytest.skip("needs Debian's chromium and chromium-driver")
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "book", repo / "book", ignore=shutil.ignore_patterns("*.ipynb", "_static"))
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(git + ["add", "."], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-qm", "chapters"], cwd=repo, check=True)
    port = _free_port()
    command = [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1", "--ServerApp.token=",
               "--ServerApp.password=", f"--ServerApp.root_dir={repo}", "--LabApp.expose_app_in_browser=True",
               *(["--allow-root"] if os.geteuid() == 0 else [])]
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "ws")}
    server = subprocess.Popen(command, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "lab.log", "w"),
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text()[-3000:])
        yield url, repo
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


#: The open document widget of a path, found among the main area's widgets (headless, none has focus).
DOCUMENT = "const w = window.jupyterapp && Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.context && w.context.path === arguments[0]);"


@pytest.mark.lab
def test_lab_opens_a_chapter_as_a_notebook_and_saving_changes_nothing(lab_server, tmp_path):
    """book/liu.md opens as a notebook with MyST rendered and the kernel the header names; saving leaves git diff empty."""
    url, repo = lab_server
    import check_pages
    driver = check_pages.start_chromium(str(tmp_path / "profile"))
    try:
        driver.get(f"{url}/lab/tree/book/liu.md")
        state = None
        for _ in range(240):
            state = driver.execute_script(DOCUMENT + """
                return w ? {notebooks: w.node.querySelectorAll('.jp-Notebook').length,
                            headings: w.node.querySelectorAll('.jp-MarkdownCell h1').length,
                            myst: w.node.querySelectorAll('.jp-MarkdownCell .myst').length,
                            directives: Array.from(w.node.querySelectorAll('.jp-MarkdownCell'))
                                             .filter(c => c.innerText.includes('```{')).length,
                            raw: w.node.querySelectorAll('.jp-FileEditor').length,
                            kernel: w.sessionContext ? w.sessionContext.kernelDisplayName : null,
                            status: w.sessionContext ? w.sessionContext.kernelDisplayStatus : null} : null;""", "book/liu.md")
            if state and state["myst"] and state["status"] == "idle":
                break
            time.sleep(0.5)
        driver.save_screenshot(str(tmp_path / "liu-in-lab.png"))
        assert state and state["notebooks"] == 1 and not state["raw"], f"book/liu.md did not open as a notebook: {state}"
        assert state["headings"] == 1 and state["myst"] and not state["directives"], f"MyST is not rendered: {state}"
        assert state["kernel"] == "Python 3" and state["status"] == "idle", state
        driver.set_script_timeout(60)
        driver.execute_async_script(DOCUMENT + "w.context.save().then(arguments[1]);", "book/liu.md")
        assert not driver.execute_script(DOCUMENT + "return w.context.model.dirty;", "book/liu.md")
    finally:
        driver.quit()
    diff = subprocess.run(["git", "diff"], cwd=repo, capture_output=True, text=True, check=True).stdout
    assert diff == "", f"saving book/liu.md from JupyterLab changed it (python scripts/lab_format.py --write book/*.md):\n{diff[:3000]}"
