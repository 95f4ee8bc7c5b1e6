"""ledger.every: an "every instance" claim holds only on a non-empty set of instances."""
from lossland.book.ledger import every


def test_every_needs_all_of_a_nonempty_set():
    assert every(3, of=3)
    assert not every(2, of=3)
    assert not every(0, of=0)  # vacuous: no instance, nothing shown
