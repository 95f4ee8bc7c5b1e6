"""Tests of lossland.decomposition.random_regions (Table 1, Sec. 4.2) and its ledger claims."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lossland.book.ledger import evaluate
from lossland.core.images import load_digits_split
from lossland.decomposition import table1_claims as claims
from lossland.decomposition.random_regions import (
    PAPER_KS, PAPER_PARAMS_PER_POINT, PAPER_TABLE1, WEBSITE, Table1Result, params_per_point, render_table1,
    table1,
)

SMALL = dict(ks=(2, 16), repeats=2, epochs={2: 4, 16: 2})


@pytest.fixture(scope="module")
def small():
    return table1(**SMALL)


def test_result_shapes_and_ranges(small):
    assert small.ks == (2, 16) and small.repeats == 2 and small.epochs == (4, 2)
    for array in small.accuracy.values():
        assert array.shape == (2, 2) and np.all((array >= 0) & (array <= 100))
    assert small.mean("rich").shape == (2,) and small.std("random", "test").shape == (2,)
    np.testing.assert_allclose(small.gap(), small.mean("rich") - small.mean("random"))
    assert small.n_train == 1347 and small.data_name == "digits 8x8"
    json.dumps(small.to_dict())


def test_run_is_deterministic_and_seeded(small):
    again, other = table1(**SMALL), table1(**SMALL, seed=1)
    for key in small.accuracy:
        np.testing.assert_array_equal(small.accuracy[key], again.accuracy[key])
    assert any(not np.array_equal(small.accuracy[key], other.accuracy[key]) for key in small.accuracy)


def test_chunks_and_other_data():
    data = load_digits_split(test_fraction=0.5, seed=3)
    result = table1(ks=3, repeats=3, epochs=1, data=data, chunk=2)
    assert result.accuracy["random", "train"].shape == (1, 3) and result.n_train == len(data.y_train)


def test_params_per_point_matches_the_paper_and_the_digits():
    assert round(PAPER_PARAMS_PER_POINT[16], 2) == 0.43 and round(PAPER_PARAMS_PER_POINT[256], 2) == 8.93
    assert round(params_per_point(4, 64, 1347), 2) == 0.45


def test_render_shows_paper_beside_ours(small):
    markdown = render_table1(small)
    assert "| k = 2 | k = 16 |" in markdown and "–" in markdown
    assert f"{PAPER_TABLE1['random'][0][0]:.2f} ± {PAPER_TABLE1['random'][1][0]:.2f}" in markdown
    assert f"{small.mean('rich')[1]:.2f} ± {small.std('rich')[1]:.2f}" in markdown
    assert "2 repeats" in markdown and "fresh random masks" in markdown
    html = render_table1(small, "html")
    assert html.startswith("<table") and "<caption>" in html and small._repr_html_() == html


@pytest.mark.parametrize("kwargs, error, name", [
    ({"ks": ()}, ValueError, "ks"),
    ({"ks": (4, 0)}, ValueError, "k"),
    ({"repeats": 0}, ValueError, "repeats"),
    ({"epochs": {2: 3}}, ValueError, "epochs"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"data": np.zeros((3, 3))}, TypeError, "data"),
    ({"seed": -1}, ValueError, "seed"),
    ({"lr": -1.0}, ValueError, "lr"),
])
def test_table1_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=name):
        table1(**(dict(ks=(2, 4), repeats=1, epochs=1) | kwargs))


def test_bad_kind_and_format_are_rejected(small):
    with pytest.raises(ValueError, match="kind"):
        small.mean("poor")
    with pytest.raises(ValueError, match="fmt"):
        render_table1(small, "latex")
    with pytest.raises(TypeError, match="Table1Result"):
        render_table1({})


def test_website_setting_covers_the_paper_widths():
    assert set(PAPER_KS) <= set(WEBSITE.ks) and set(WEBSITE.ks) == set(WEBSITE.epochs)


def test_decision_rules_can_fail():
    paper_gaps = np.subtract(*[PAPER_TABLE1[kind][0] for kind in ("rich", "random")])
    assert claims.gap_shrinks(paper_gaps)
    assert not claims.gap_shrinks([1.0, 2.0, 0.1])      # widens by more than the slack
    assert not claims.gap_shrinks([1.0, 0.9, 0.8])      # never halves
    paper_k16 = {kind: (PAPER_TABLE1[kind][0][0], PAPER_TABLE1[kind][1][0]) for kind in ("random", "rich")}
    assert not claims.outside_paper(16, paper_k16)
    rich_first = claims.CLAIMS[0]
    assert not rich_first.check({"random": np.array([90.0, 99.0]), "rich": np.array([95.0, 98.0]),
                                 "one_point": 0.1})


def test_claims_hold_on_the_website_run():
    """Runs the book's setting once (about 12 s) and evaluates every Table 1 claim."""
    results = evaluate(claims.CLAIMS)
    assert len({r.claim.key for r in results}) == len(results) == 8
    failed = [(r.claim.key, r.ours_text) for r in results if not r.holds]
    assert not failed
    assert all(r.claim.chapter == "decomposition" and r.claim.label == "sec-table1" for r in results)


def test_command_line_runner_prints_and_saves(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = os.environ | {"PYTHONPATH": str(root)}
    out = tmp_path / "t1"
    done = subprocess.run([sys.executable, str(root / "scripts" / "decomposition" / "table1.py"), "--repeats", "1",
                           "--epochs", "1", "--quiet", "--out", str(out)],
                          env=env, capture_output=True, text=True, check=True)
    assert "Random: paper" in done.stdout and "k = 256" in done.stdout
    saved = np.load(out.with_suffix(".npz"))
    assert saved["random_train"].shape == (len(WEBSITE.ks), 1)
    assert json.loads(out.with_suffix(".json").read_text())["repeats"] == 1
