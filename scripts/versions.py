"""One version per student: exercise parameters drawn from a seed made of the student's ID.

Usage (the instructor prints a student's version and its key)::

    python scripts/versions.py CHAPTER STUDENT_ID

A :class:`Variant` names a self-check whose call takes the exercise's parameters as keyword
arguments, how to draw them (``draw(rng)``), how the exercise text states them (``text(params)``:
old -> new, for the student's notebook) and, where the answer is a number, its ``key`` (code
that computes it).  For a rule the student writes (``is_minimum``...), the parameters are the
points the check tries: the rule is the same for everyone, the cases differ, so a table copied
from a classmate fails.  The seed is a hash of the chapter and the student's ID, so that the
notebook generator (``scripts/assignments.py --roster``) and the grader (``scripts/grading.py``)
draw the same parameters, on any machine.

Only exercises whose parameters the generator can write into the notebook are listed.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import sys
from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Variant:
    """How one self-check's exercise varies per student."""

    draw: Callable[[np.random.Generator], dict]
    text: Callable[[dict], dict[str, str]] = field(default=lambda params: {})
    key: Callable[[dict], str] | None = None


def _probes(rng: np.random.Generator, low: float, high: float, named: tuple[float, ...], avoid: tuple[float, ...],
            margin: float, count: int = 5) -> tuple[float, ...]:
    """The cases the exercise names, plus ``count`` points drawn in [low, high] at least ``margin`` from each of ``avoid``."""
    points: set[float] = set(named)
    while len(points) < len(named) + count:
        value = round(float(rng.uniform(low, high)), 2)
        if all(abs(value - point) >= margin for point in avoid):
            points.add(value)
    return tuple(sorted(points))


VARIANTS: dict[tuple[str, str], Variant] = {
    # The toy loss x^2 (1 - y^2): minima exactly for |y| < 1; the check probes radii up to 0.1, so no y within 0.15 of +-1.
    ("petzka", "check_toy_minimum"): Variant(
        draw=lambda rng: {"y_values": _probes(rng, -2.5, 2.5, (-1.0, 0.0, 1.0), (-1.0, 1.0), 0.15)}),
    # Theorem 8's rule: the check does not test lambda = 0 or 1 (saddle-or-minimum at a zero eigenvalue).
    ("petzka", "check_lambda_rule"): Variant(
        draw=lambda rng: {"lam_values": _probes(rng, -1.5, 2.5, (-0.5, 0.5, 1.5), (0.0, 1.0), 0.05)}),
    # The kink line of Fig. 2: the boundary w2 = 0 is the case the exercise is about.
    ("decomposition", "check_kink_minima"): Variant(
        draw=lambda rng: {"w2_values": _probes(rng, -3.0, 3.0, (-1e-3, 0.0, 1e-3), (0.0,), 0.01)}),
    # Example 3 at the student's epsilon and lambda: L~ = lambda exp(-2 / epsilon).
    ("expneuron", "check_example3_value"): Variant(
        draw=lambda rng: {"eps": float(rng.choice([0.1, 0.125, 0.2, 0.25])), "lam": float(rng.choice([0.5, 1.0, 2.0, 4.0]))},
        text=lambda p: {r"$\varepsilon = 0.1$": rf"$\varepsilon = {p['eps']:g}$", r"$\lambda = 1$": rf"$\lambda = {p['lam']:g}$"},
        key=lambda p: f"{p['lam']!r} * np.exp(-2 / {p['eps']!r})"),
    # Example 6 corrected, at the student's epsilon and lambda: L~ = 4 lambda exp(-2 / epsilon).
    ("expneuron", "check_example6_value"): Variant(
        draw=lambda rng: {"eps": float(rng.choice([0.15, 0.2, 0.25, 0.5])), "lam": float(rng.choice([0.5, 1.0, 2.0, 3.0]))},
        text=lambda p: {r"$\varepsilon = 0.2$": rf"$\varepsilon = {p['eps']:g}$", r"$\lambda = 1$": rf"$\lambda = {p['lam']:g}$"},
        key=lambda p: f"4 * {p['lam']!r} * np.exp(-2 / {p['eps']!r})"),
}


def seed(chapter: str, student_id: str) -> int:
    """The seed of a student's version of a chapter: a hash of both (the same on every machine)."""
    if not isinstance(student_id, str) or not student_id.strip():
        raise ValueError(f"student_id must be a non-empty string (the ID on the roster), got {student_id!r}.")
    return int.from_bytes(hashlib.sha256(f"{chapter}/{student_id.strip()}".encode()).digest()[:8], "big")


def version(chapter: str, student_id: str) -> dict[str, dict]:
    """The parameters of every varied self-check of ``chapter`` for ``student_id``, by self-check name."""
    base = seed(chapter, student_id)
    return {check: variant.draw(np.random.default_rng([base, number]))
            for number, ((owner, check), variant) in enumerate(sorted(VARIANTS.items(), key=lambda item: item[0]))
            if owner == chapter}


def with_parameters(call: str, params: dict) -> str:
    """The self-check call ``call`` with ``params`` as keyword arguments (replacing any it had)."""
    node = ast.parse(call, mode="eval").body
    node.keywords = [k for k in node.keywords if k.arg not in params] + [
        ast.keyword(arg=name, value=ast.parse(repr(value), mode="eval").body) for name, value in params.items()]
    return ast.unparse(node)


def test_with_parameters(source: str, check: str, params: dict) -> str:
    """A grading test's source with the student's parameters in its first call of ``check`` (the public cases).

    A hidden test's second call keeps the hidden instances, the same for everyone.
    """
    tree = ast.parse(source)
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", None) == check]
    first = min(calls, key=lambda node: (node.lineno, node.col_offset))
    first.keywords = [k for k in first.keywords if k.arg not in params] + [
        ast.keyword(arg=name, value=ast.parse(repr(value), mode="eval").body) for name, value in params.items()]
    return ast.unparse(tree)


def personal_spec(spec: dict, student_id: str) -> dict:
    """The grading spec for ``student_id``'s version: tests and model answers with the student's parameters."""
    params = version(spec["chapter"], student_id)
    out = json.loads(json.dumps(spec))
    for question in out["questions"].values():
        check = (question.get("check") or "").partition("(")[0]
        if question["manual"] or check not in params:
            continue
        question["check"] = with_parameters(question["check"], params[check])
        for test in question["tests"]:
            test["source"] = test_with_parameters(test["source"], check, params[check])
        key = VARIANTS[(spec["chapter"], check)].key
        if key is not None:
            (name,) = question["answers"]
            question["solution"] = f"{name} = {key(params[check])}"
    return out


def personal_notebook(handed_out, spec: dict, student_id: str):
    """``student_id``'s copy of the handed-out notebook: the ID filled in, the exercises' parameters and check calls theirs.

    Raises ``ValueError`` if an exercise no longer states a parameter as its :class:`Variant` expects
    (the chapter's text changed): a version must never show one value and check another.
    """
    import copy

    params = version(spec["chapter"], student_id)
    nb = copy.deepcopy(handed_out)
    nb.metadata.setdefault("lossland", {})["version"] = student_id
    for cell in nb.cells:
        mark = cell.metadata.get("lossland", {})
        if mark.get("role") == "student-id":
            cell.source = f'STUDENT_ID = "{student_id}"'
        elif mark.get("role") == "check" and cell.source.partition("(")[0].strip() in params:
            cell.source = with_parameters(cell.source, params[cell.source.partition("(")[0].strip()])
        elif cell.cell_type == "markdown" and ":label:" in cell.source:
            for check, values in params.items():
                if f"`{check}(" not in cell.source:
                    continue
                for old, new in VARIANTS[(spec["chapter"], check)].text(values).items():
                    if old not in cell.source:
                        raise ValueError(f"{spec['chapter']}: the exercise of {check} no longer states {old!r}; update scripts/versions.py.")
                    cell.source = cell.source.replace(old, new)
    return nb


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter")
    parser.add_argument("student_id")
    args = parser.parse_args(argv)
    for check, params in version(args.chapter, args.student_id).items():
        variant = VARIANTS[(args.chapter, check)]
        print(f"{check}: {params}")
        for old, new in variant.text(params).items():
            print(f"  text: {old} -> {new}")
        if variant.key:
            print(f"  key: {variant.key(params)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
