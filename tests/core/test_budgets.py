"""Per-function work budgets (issue 25): a count too large to finish is refused at the door.

Counts up to ``validation.MAX_COUNT`` pass the type checks, but between a function's practical
limit and that bound a call would run for minutes to years.  Each trainer, Monte Carlo and
enumerator below estimates its work per unit of its count (``validation.check_work``) and
refuses a count whose work exceeds ``validation.MAX_WORK``, naming the argument, the largest
count allowed and the estimate.  Tested here: the refusal of ``MAX_COUNT`` and of one above the
stated limit is immediate, and, with the budget lowered so that it is cheap, the limit itself runs.
"""
from __future__ import annotations

import re
import time

import pytest
from spec_parts import load

from lossland.core import validation

#: (function, count argument, the budget is MAX_WORK: the limit itself can be run with a small MAX_WORK)
BUDGETED = [
    ("lossland.core.descent.gradient_descent", "steps", True),
    ("lossland.core.mlp.train", "epochs", True),
    ("lossland.decomposition.random_regions.table1", "repeats", False),
    ("lossland.expneuron.trials.train_variant", "epochs", True),
    ("lossland.expneuron.trials.run_trials", "epochs", True),
    ("lossland.blindspots.initialisation.monte_carlo_prop4", "n_networks", True),
    ("lossland.blindspots.initialisation.monte_carlo_collapse", "n_networks", True),
    ("lossland.blindspots.initialisation.train_logistic_relu", "steps", True),
    ("lossland.blindspots.jellyfish.train", "steps", True),
    ("lossland.blindspots.jellyfish.convergence_table", "steps", True),
    ("lossland.blindspots.jellyfish.zigzag_training", "steps", True),
    ("lossland.blindspots.mnist.train_mlp", "steps", True),
]
SPECS = {spec.name: spec for module in load() for spec in module.SPECS}


def refusal(function, kwargs: dict) -> tuple[str, float]:
    """The ValueError's message and the seconds the refusal took."""
    start = time.perf_counter()
    with pytest.raises(ValueError) as error:
        function(**kwargs)
    return str(error.value), time.perf_counter() - start


def test_check_work_refuses_above_its_limit_and_accepts_at_it(monkeypatch):
    monkeypatch.setattr(validation, "MAX_WORK", 1e6)
    assert validation.check_work(100, "steps", 0.0) == 100  # 100 passes of 1e4 operations: exactly the budget
    message, _ = refusal(validation.check_work, dict(count=101, name="steps", per_unit=0.0))
    assert re.search(r"\bsteps\b", message) and "at most 100 " in message and "1e+06" in message


@pytest.mark.parametrize("name, argument, cheap", BUDGETED, ids=[f"{n.rsplit('.', 1)[1]}-{a}" for n, a, _ in BUDGETED])
def test_a_count_beyond_the_budget_is_refused_at_once(name, argument, cheap, monkeypatch):
    spec = SPECS[name]
    kwargs = spec.valid()
    kwargs[argument] = validation.MAX_COUNT
    message, seconds = refusal(spec.function, kwargs)
    assert re.search(rf"\b{argument}\b", message) and seconds < 1.0, message
    if not cheap:  # a budget for hours (the paper's scale): only the refusal of MAX_COUNT is quick to test
        return
    limit = int(re.search(r"at most (\d+) are allowed", message).group(1))
    kwargs[argument] = limit + 1
    message, seconds = refusal(spec.function, kwargs)
    assert f"at most {limit} " in message and seconds < 1.0, message
    # the limit itself is accepted: run it under a budget small enough to be quick
    monkeypatch.setattr(validation, "MAX_WORK", 2e5)
    kwargs[argument] = validation.MAX_COUNT
    small = int(re.search(r"at most (\d+) are allowed", refusal(spec.function, kwargs)[0]).group(1))
    if small >= 1:
        kwargs[argument] = small
        spec.function(**kwargs)
