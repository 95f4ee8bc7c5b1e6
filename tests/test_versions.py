"""One version per student (``scripts/versions.py``): every variant, checked on several students.

For each :class:`Variant` of ``VARIANTS``: the student's exercise text states their parameters
(the notebook generator finds every phrase it replaces), their check cell is the one the grader
looks for, their key passes their self-check and a wrong answer fails it, a classmate's key
fails where the parameters differ, and students get different parameters.  A rule exercise
(no key) is graded with the book's rule on the student's cases, and the rule's negation fails.
The book's own instance stays the default of every self-check (the website does not change).
"""
from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path

import nbformat
import numpy as np
import pytest

# scripts/ is on the path: pyproject's [tool.pytest.ini_options] pythonpath
import assignments
import versions

ROOT = Path(__file__).resolve().parents[1]
STUDENTS = ("s001", "s002", "s003", "s017", "a.lovelace")


VARIANTS = sorted(versions.VARIANTS)
IDS = [f"{chapter}-{check}" for chapter, check in VARIANTS]


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """The chapters with variants, converted (no chapter is executed)."""
    dest = tmp_path_factory.mktemp("versions")
    chapters = sorted({chapter for chapter, _ in VARIANTS})
    assert assignments.main([str(dest), "--chapters", *chapters, "--convert-only"]) == 0
    return dest


def _spec(kit: Path, chapter: str) -> dict:
    return json.loads((kit / chapter / "autograder" / f"{chapter}-grading.json").read_text())


def _questions(spec: dict, check: str) -> list[str]:
    """The names of the questions that call ``check`` (Theorem 8's rule is asked for both signs of B)."""
    found = [name for name, q in spec["questions"].items() if (q.get("check") or "").partition("(")[0] == check]
    assert found, check
    return found


def _answers(question: dict, module) -> dict:
    """The values of a question's model answer, run in its self-check module's namespace."""
    namespace = vars(module).copy()  # one namespace, as in a notebook: a key's function sees its imports
    exec(question["solution"], namespace)
    return {name: namespace[name] for name in question["answers"]}


def _verdict(question: dict, module, answers: dict):
    return eval(question["check"], vars(module).copy(), dict(answers))


def _wrong(value):
    """A wrong answer near ``value``: every number moved, a function's results moved."""
    if callable(value):
        return lambda *args: _wrong(value(*args))
    if isinstance(value, (bool, np.bool_)):
        return not value
    if isinstance(value, np.ndarray):
        return value * 1.1 + 0.37
    if isinstance(value, (tuple, list)):
        return type(value)(_wrong(v) for v in value)
    if isinstance(value, (int, np.integer)):
        return int(value) + 1
    return float(value) * 1.1 + 0.37


@pytest.mark.parametrize(("chapter", "check"), VARIANTS, ids=IDS)
@pytest.mark.slow
def test_each_students_exercise_states_their_parameters_and_their_check_cell_is_graded(kit, chapter, check):
    spec = _spec(kit, chapter)
    handed_out = nbformat.read(kit / chapter / "student" / f"{chapter}.ipynb", as_version=4)
    variant = versions.VARIANTS[(chapter, check)]
    for student in STUDENTS[:3]:
        params = versions.version(chapter, student)[check]
        own = versions.personal_notebook(handed_out, spec, student)  # raises if a phrase to replace is missing
        (exercise,) = [cell.source for cell in own.cells if cell.cell_type == "markdown" and f"`{check}(" in cell.source
                       and ":label:" in cell.source]
        for new in variant.text(params).values():
            assert new in exercise
        checks = [cell.source for cell in own.cells if cell.metadata.get("lossland", {}).get("role") == "check"]
        for name in _questions(spec, check):
            assert versions.personal_spec(spec, student)["questions"][name]["check"] in checks  # the grader finds it


@pytest.mark.parametrize(("chapter", "check"), VARIANTS, ids=IDS)
@pytest.mark.slow
def test_a_students_key_passes_their_check_and_a_wrong_answer_fails(kit, chapter, check):
    module = importlib.import_module(f"lossland.{chapter}.selfcheck")
    spec = _spec(kit, chapter)
    for student, name in [(student, name) for student in STUDENTS for name in _questions(spec, check)]:
        question = versions.personal_spec(spec, student)["questions"][name]
        answers = _answers(question, module)
        feedback = _verdict(question, module, answers)
        assert feedback.ok, (student, feedback.message)
        # A rule (no key) is the book's, tried on the student's cases; a wrong one says no where it says yes.
        wrong = {n: _wrong(value) for n, value in answers.items()}
        assert not _verdict(question, module, wrong).ok, student


@pytest.mark.parametrize(("chapter", "check"), VARIANTS, ids=IDS)
@pytest.mark.slow
def test_students_get_different_versions_and_a_classmates_key_fails_mine(kit, chapter, check):
    module = importlib.import_module(f"lossland.{chapter}.selfcheck")
    spec = _spec(kit, chapter)
    name = _questions(spec, check)[0]
    drawn = {student: versions.version(chapter, student)[check] for student in STUDENTS}
    assert drawn == {student: versions.version(chapter, student)[check] for student in STUDENTS}  # the same on every call
    assert len({repr(params) for params in drawn.values()}) >= 3
    if versions.VARIANTS[(chapter, check)].key is None:
        return
    specs = {student: versions.personal_spec(spec, student)["questions"][name] for student in STUDENTS}
    pairs = [(me, them) for me in STUDENTS for them in STUDENTS
             if me != them and _differs(_answers(specs[me], module), _answers(specs[them], module))]
    assert pairs
    for me, them in pairs:
        assert not _verdict(specs[me], module, _answers(specs[them], module)).ok, (me, them)


@pytest.mark.parametrize(("chapter", "check"), [v for v in VARIANTS if versions.VARIANTS[v].key], ids=lambda v: str(v))
def test_no_feedback_on_a_wrong_answer_shows_the_students_key(kit, chapter, check):
    """The secrecy rule on every version: the key's numbers, in the formats feedback uses, appear in no wrong answer's feedback."""
    module = importlib.import_module(f"lossland.{chapter}.selfcheck")
    spec = _spec(kit, chapter)
    handed_out = nbformat.read(kit / chapter / "student" / f"{chapter}.ipynb", as_version=4)
    for student, name in [(student, name) for student in STUDENTS[:3] for name in _questions(spec, check)]:
        question = versions.personal_spec(spec, student)["questions"][name]
        answers = _answers(question, module)
        text = "\n".join(cell.source for cell in versions.personal_notebook(handed_out, spec, student).cells)
        values = np.concatenate([np.ravel(np.asarray(v, dtype=float)) for v in answers.values() if not callable(v)])
        secrets = {f"{v:{fmt}}" for v in values for fmt in ("g", ".3g", ".4g", ".6g", ".4f")} - {""}
        secrets = {secret for secret in secrets if len(secret.strip("-0.")) >= 2 and secret not in text}
        for wrong in ({n: _wrong(v) for n, v in answers.items()}, {n: None for n in answers}, {n: 7.123 for n in answers}):
            feedback = _verdict(question, module, wrong)
            given = repr(list(wrong.values()))
            assert not feedback.ok
            assert not [secret for secret in secrets if secret in feedback.message and secret not in given], feedback.message


def _differs(mine: dict, theirs: dict) -> bool:
    """Whether two keys differ (functions compared on the first splits)."""
    values = lambda answers: np.concatenate([np.ravel(np.asarray([v(t) for t in range(1, 6)] if callable(v) else v, dtype=float))
                                             for v in answers.values()])
    return not np.allclose(values(mine), values(theirs), rtol=0.05)


@pytest.mark.parametrize(("chapter", "check"), VARIANTS, ids=IDS)
def test_the_books_instance_stays_each_checks_default(chapter, check):
    """A version only passes parameters: called as the book calls it, every self-check checks the book's instance."""
    signature = inspect.signature(getattr(importlib.import_module(f"lossland.{chapter}.selfcheck"), check))
    for name in versions.version(chapter, "s001")[check]:
        assert signature.parameters[name].default is not inspect.Parameter.empty or name == "width", name


def test_adding_a_variant_leaves_the_others_versions_as_they_were(monkeypatch):
    before = versions.version("petzka", "s001")
    monkeypatch.setitem(versions.VARIANTS, ("petzka", "check_zzz"), versions.Variant(draw=lambda rng: {"x": rng.random()}))
    after = versions.version("petzka", "s001")
    assert {k: v for k, v in after.items() if k != "check_zzz"} == before


def test_versions_prints_a_students_version_and_key(capsys):
    assert versions.main(["petzka", "s001"]) == 0
    printed = capsys.readouterr().out
    params = versions.version("petzka", "s001")["check_split"]
    assert f"check_split: {params}" in printed and f"$u = {params['u']:g}$" in printed and "key: " in printed
    value = (params["u"], params["u"], params["lam"] * params["v"], (1 - params["lam"]) * params["v"])
    assert f"value: {value!r}" in printed  # the numbers a hand grader of this student's written part needs


# ---------------------------------------------------------------- the same versions on otter's route (Gradescope)

def test_otters_tests_take_the_version_the_notebook_names():
    """Otter sees a notebook's variables, not its metadata: ``LOSSLAND_VERSION`` picks the parameters, none the book's."""
    from lossland.decomposition.selfcheck import check_region_count

    width = versions.version("decomposition", "s001")["check_region_count"]["width"]
    assert versions.version_call(check_region_count, "decomposition", {}, 3, bias=False, answer=6 ** 3).ok
    mine = {"LOSSLAND_VERSION": "s001"}
    assert versions.version_call(check_region_count, "decomposition", mine, 3, bias=False, answer=6 ** width).ok
    assert not versions.version_call(check_region_count, "decomposition", mine, 3, bias=False, answer=6 ** 3).ok


def test_the_autograder_zip_ships_the_versions_and_versioned_tests(kit):
    import zipfile

    with zipfile.ZipFile(kit / "liu" / "autograder" / "liu-autograder.zip") as zipped:
        assert zipped.read("files/versions.py") == (ROOT / "scripts" / "versions.py").read_bytes()
        test = zipped.read("tests/ex_liu_trap.py").decode()
    assert "def test_ex_liu_trap_public(answer, env):" in test and "version_call(check_trap_probability, 'liu', env, answer)" in test
    own = versions.personal_notebook(nbformat.read(kit / "liu" / "student" / "liu.ipynb", as_version=4), _spec(kit, "liu"), "s001")
    assert 'LOSSLAND_VERSION = "s001"' in "\n".join(cell.source for cell in own.cells)


@pytest.mark.coursework
def test_otter_grades_a_students_version_with_their_parameters(kit, tmp_path):
    """Otter's own grading run: my key passes on my version, the book's answer fails on it (and passes without a version)."""
    import zipfile

    from otter.execute import grade_notebook

    with zipfile.ZipFile(kit / "liu" / "autograder" / "liu-autograder.zip") as zipped:
        zipped.extract("files/versions.py", tmp_path)
        zipped.extract("tests/ex_liu_trap.py", tmp_path)
    (tmp_path / "files" / "versions.py").rename(tmp_path / "versions.py")  # otter copies its files beside the submission
    mine = versions.personal_spec(_spec(kit, "liu"), "s001")["questions"]["ex_liu_trap"]["solution"]
    book = "answer = float(trap_probability(np.array([2.0, 0.0]), FIG4_NORMALS, 100, 'union'))"
    imports = "import numpy as np\nfrom lossland.liu.gaussian import FIG4_NORMALS, trap_probability"
    scores = {}
    for label, cells in {"mine": ['LOSSLAND_VERSION = "s001"', mine], "book's on mine": ['LOSSLAND_VERSION = "s001"', imports, book],
                         "book's": [imports, book]}.items():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, tmp_path / "submission.ipynb")
        results = grade_notebook(str(tmp_path / "submission.ipynb"), tests_glob=[str(tmp_path / "tests" / "ex_liu_trap.py")],
                                 test_dir=str(tmp_path / "tests"), cwd=str(tmp_path))
        scores[label] = results.results["ex_liu_trap"].score
    assert scores == {"mine": 1.0, "book's on mine": 0.0, "book's": 1.0}


def _chapters() -> list[str]:
    """As the class end to end: ``LOSSLAND_COURSEWORK_CHAPTERS`` (default ``petzka``, the quickest), or ``all``."""
    import os

    chosen = os.environ.get("LOSSLAND_COURSEWORK_CHAPTERS", "petzka")
    return sorted({c for c, _ in VARIANTS}) if chosen == "all" else [c for c in chosen.split(",") if any(c == o for o, _ in VARIANTS)]


@pytest.mark.coursework
@pytest.mark.parametrize("chapter", _chapters())
def test_a_students_notebook_with_their_keys_scores_full_marks_and_a_classmates_keys_do_not(kit, chapter):
    """The path a versioned notebook takes in ``make grade``: executed, graded on the student's parameters."""
    import grading
    spec = _spec(kit, chapter)
    handed_out = nbformat.read(kit / chapter / "student" / f"{chapter}.ipynb", as_version=4)
    mine, theirs = versions.personal_spec(spec, "s001"), versions.personal_spec(spec, "s002")
    own = versions.personal_notebook(handed_out, spec, "s001")
    scores = {}
    for label, answers in (("mine", mine), ("theirs", theirs)):
        graded = grading.grade_notebook(assignments.with_model_answers(own, answers), mine, limit=600)
        scores[label] = {q.name: q.score for q in graded.questions if not q.manual}
    possible = {name: q["points"] for name, q in spec["questions"].items() if not q["manual"]}
    assert scores["mine"] == pytest.approx(possible)
    variants = {name: versions.VARIANTS.get((chapter, (q.get("check") or "").partition("(")[0])) for name, q in spec["questions"].items()}
    drawn = {student: versions.version(chapter, student) for student in ("s001", "s002")}
    keyed = [name for name, variant in variants.items() if variant is not None and variant.key is not None
             and len({repr(drawn[s][spec["questions"][name]["check"].partition("(")[0]]) for s in drawn}) == 2]
    assert keyed and all(scores["theirs"][name] == 0 for name in keyed), scores["theirs"]


def test_the_dead_output_feedback_shows_no_number_a_student_could_solve_for():
    """It once printed 2 sum(c - y_i): c minus that over 2N is the answer. Now only the student's c and a direction."""
    import re

    from lossland.blindspots.selfcheck import check_dead_output

    for targets in (None, (3.0, -1.0, 2.0, 4.0, 0.0)):
        for c in (0.0, 5.0):
            message = check_dead_output(c, targets=targets).message
            assert set(re.findall(r"-?\d+(?:\.\d+)?", message)) <= {f"{c:g}", "2"}, message


def test_every_student_of_the_b111_versions_is_an_isolated_minimum_with_positive_b():
    """Theorem 8 reads B's sign at an isolated local minimum: each version's student must be one, with B > 0."""
    from lossland.core import sigmoid_nets as sn
    from lossland.petzka import embedding as em
    from lossland.petzka.selfcheck import B111_SEEDS

    assert B111_SEEDS[0] == em.SHALLOW_SEEDS["positive"]  # the book's student first: the default
    for seed in B111_SEEDS:
        arch, theta, X, y = em.shallow_example(seed=seed)
        hessian = sn.hessian(arch, theta, X, y)
        scale = np.abs(hessian).max()
        assert np.abs(sn.gradient(arch, theta, X, y)).max() <= 1e-8 * max(1.0, scale), seed  # a critical point
        assert np.linalg.eigvalsh(hessian).min() >= 0.1, seed  # isolated: positive definite with a margin
        assert em.b_matrix(arch, theta, X, y, 1, 0)[0, 0] >= 0.01, seed
        assert arch.unpack(theta)[0][1][0, 0] != 0  # v != 0: part (b)'s D = 0 applies
