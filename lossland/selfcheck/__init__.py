"""Self-checks for the exercises: each says what is wrong, not only that something is."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Feedback"]


@dataclass(frozen=True)
class Feedback:
    """The verdict of a self-check: ``ok`` and a message addressed to the student."""

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return ("Correct. " if self.ok else "Not yet. ") + self.message

    def _repr_html_(self) -> str:
        import html

        colour = "#009E73" if self.ok else "#D55E00"
        head = "Correct." if self.ok else "Not yet."
        return f"<div style='border-left:4px solid {colour};padding:4px 8px'><b>{head}</b> {html.escape(self.message)}</div>"
