"""Every claim the book reproduces, collected from one module per chapter."""
from __future__ import annotations

from ..ledger import Claim

__all__ = ["all_claims", "chapter_claims"]


def all_claims() -> list[Claim]:
    """All registered claims, in book order."""
    from . import blindspots, decomposition, expneuron, liu, petzka, table1

    chapters = (decomposition, table1, liu, expneuron, petzka, blindspots)
    return [claim for chapter in chapters for claim in chapter.CLAIMS]


def chapter_claims(chapter: str) -> list[Claim]:
    """The claims one chapter reproduces (``chapter`` is its docname)."""
    claims = [c for c in all_claims() if c.chapter == chapter]
    if not claims:
        raise ValueError(f"chapter {chapter!r} has no claims; known: {sorted({c.chapter for c in all_claims()})}.")
    return claims
