"""Claims of Chapter 1 (loss-surface decomposition). Placeholder, filled in as the chapter grows."""
from __future__ import annotations

from ..ledger import Claim

CLAIMS: list[Claim] = []
