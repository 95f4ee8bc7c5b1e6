"""Every claim in the ledger is evaluated, and its check must hold."""
import pytest

from lossland.book.ledger import STATUSES, Claim, LedgerTable, all_claims, chapter_claims, evaluate

CLAIMS = all_claims()


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.key for c in CLAIMS])
def test_claim_holds(claim):
    (result,) = evaluate([claim])
    assert result.holds, f"{claim.key}: ours = {result.ours_text!r} does not support status {claim.status!r}"


def test_claims_are_unique_and_complete():
    keys = [c.key for c in CLAIMS]
    assert len(keys) == len(set(keys))
    for c in CLAIMS:
        assert c.status in STATUSES
        assert c.paper and c.statement and c.tolerance and c.label
        assert c.status == "matches" or c.reason


def test_ledger_rejects_a_differing_claim_without_reason():
    with pytest.raises(ValueError, match="reason"):
        Claim("x/y", "x", "l", "Fig. 0", "s", "1", lambda: 1, lambda o: True, "exact", status="differs")
    with pytest.raises(ValueError, match="status"):
        Claim("x/y", "x", "l", "Fig. 0", "s", "1", lambda: 1, lambda o: True, "exact", status="close")


def test_ledger_table_links_to_chapters_and_flags_failed_checks():
    claim = Claim("x/y", "decomposition", "sec-x", "Fig. 9", "a statement", "3", lambda: 2, lambda o: o == 3, "exact")
    html = LedgerTable(evaluate([claim]), link=True)._repr_html_()
    assert 'href="decomposition.html#sec-x"' in html
    assert "check FAILED" in html


def test_chapter_claims_rejects_unknown_chapter():
    with pytest.raises(ValueError, match="chapter must be one of"):
        chapter_claims("no-such-chapter")
