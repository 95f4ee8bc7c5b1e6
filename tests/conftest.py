"""Test-wide settings: Hypothesis draws the same examples on every machine and in every order."""
import os

from hypothesis import settings

# derandomize: examples come from a fixed seed per test, so a local run and CI test the
# same cases; database=None: no example replayed from an earlier run changes what is tested.
settings.register_profile("lossland", derandomize=True, database=None, deadline=None, print_blob=True)
# The same, drawing ten times as many examples (LOSSLAND_HYPOTHESIS=thorough): for a fuzz by hand.
settings.register_profile("thorough", parent=settings.get_profile("lossland"), max_examples=1000)
settings.load_profile(os.environ.get("LOSSLAND_HYPOTHESIS", "lossland"))
