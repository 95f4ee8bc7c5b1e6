"""Tests of lossland.decomposition.random_regions (Table 1, Sec. 4.2) and its ledger claims."""
from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lossland.core.images import load_digits_split
from lossland.decomposition import table1_claims as claims
from lossland.decomposition.random_regions import (
    PAPER_KS, PAPER_PARAMS_PER_POINT, PAPER_TABLE1, WEBSITE, Table1Result, paper_scale_setting, params_per_point,
    render_table1, table1, table1_paper_scale,
)

SMALL = dict(ks=(2, 16), repeats=2, epochs={2: 4, 16: 2})


@pytest.fixture(scope="module")
def small():
    return table1(**SMALL)


@pytest.mark.slow
def test_result_shapes_and_ranges(small):
    assert small.ks == (2, 16) and small.repeats == 2 and small.epochs == (4, 2)
    for array in small.accuracy.values():
        assert array.shape == (2, 2) and np.all((array >= 0) & (array <= 100))
    assert small.mean("rich").shape == (2,) and small.std("random", "test").shape == (2,)
    np.testing.assert_allclose(small.gap(), small.mean("rich") - small.mean("random"))
    assert small.n_train == 4000 and small.data_name == "MNIST 5k"  # the default data: 4000 of 5000 images
    json.dumps(small.to_dict())


@pytest.mark.slow
def test_run_is_deterministic_and_seeded(small):
    again, other = table1(**SMALL), table1(**SMALL, seed=1)
    for key in small.accuracy:
        np.testing.assert_array_equal(small.accuracy[key], again.accuracy[key])
    assert any(not np.array_equal(small.accuracy[key], other.accuracy[key]) for key in small.accuracy)


def test_chunks_and_other_data():
    data = load_digits_split(test_fraction=0.5, seed=3)
    result = table1(ks=3, repeats=3, epochs=1, data=data, chunk=2)
    assert result.accuracy["random", "train"].shape == (1, 3) and result.n_train == len(data.y_train)


@pytest.mark.slow
def test_first_gives_the_matching_repeats_of_a_longer_run_bit_for_bit():
    run = dict(ks=(2, 4), epochs=1, data=load_digits_split(test_fraction=0.5, seed=3), chunk=2)
    whole = table1(repeats=5, **run)  # chunks at repeats 0, 2 and 4 (the last of one repeat)
    by_chunk = [table1(repeats=2, **run), table1(repeats=2, first=2, **run), table1(repeats=1, first=4, **run)]
    two_chunks = table1(repeats=3, first=2, **run)
    for key in whole.accuracy:
        joined = np.concatenate([part.accuracy[key] for part in by_chunk], axis=1)
        assert joined.tobytes() == whole.accuracy[key].tobytes()
        assert two_chunks.accuracy[key].tobytes() == whole.accuracy[key][:, 2:].tobytes()
    for kind in whole.loss:
        assert np.concatenate([part.loss[kind] for part in by_chunk], axis=1).tobytes() == whole.loss[kind].tobytes()
    assert not np.array_equal(by_chunk[1].loss["rich"], by_chunk[0].loss["rich"])  # first seeds the chunks


def test_params_per_point_matches_the_paper_and_a_count_by_hand():
    assert round(PAPER_PARAMS_PER_POINT[16], 2) == 0.43 and round(PAPER_PARAMS_PER_POINT[256], 2) == 8.93
    assert round(params_per_point(4, 64, 1347), 2) == 0.45
    by_hand = (784 * 32 + 32) + (32 * 16 + 16) + (16 * 10 + 10)  # 784-32-16-10 with biases
    assert params_per_point(16, 784, 4000) == by_hand / 4000


def _result(rich: np.ndarray, random: np.ndarray) -> Table1Result:
    """A Table1Result holding given training accuracies (ks, repeats), for the statistics."""
    ks = tuple(range(1, len(rich) + 1))
    accuracy = {("rich", "train"): rich, ("random", "train"): random,
                ("rich", "test"): rich, ("random", "test"): random}
    loss = {"rich": np.zeros_like(rich), "random": np.zeros_like(rich)}
    return Table1Result(ks, accuracy, loss, (1,) * len(ks), 1e-3, np.ones(len(ks)), 100, "test")


def test_gap_standard_error_is_that_of_the_paired_differences():
    from scipy import stats

    rng = np.random.default_rng(0)
    rich, random = rng.uniform(90, 100, (3, 5)), rng.uniform(50, 90, (3, 5))
    result = _result(rich, random)
    np.testing.assert_allclose(result.gap_se(), stats.sem(rich - random, axis=1))
    np.testing.assert_allclose(result.gap(), (rich - random).mean(axis=1))
    # Pairing matters: a common offset per repeat cancels in the paired error.
    shared = rng.normal(0, 5, (1, 5))
    assert np.allclose(_result(rich + shared, random + shared).gap_se(), result.gap_se())
    assert np.isnan(_result(rich[:, :1], random[:, :1]).gap_se()).all()


def test_paper_scale_setting_keeps_the_websites_protocol():
    subset, full = paper_scale_setting(), paper_scale_setting(full_mnist=True)
    for setting in (subset, full):
        assert setting["ks"] == WEBSITE.ks and setting["lr"] == WEBSITE.lr and setting["repeats"] == 100
    assert subset["epochs"] == {k: 2 * e for k, e in WEBSITE.epochs.items()}
    assert set(full["epochs"]) == set(WEBSITE.ks)
    # Chunks of 5, as table1_paper_scale trains them (the script's parallel tasks are these chunks).
    assert subset["chunk"] == full["chunk"] == inspect.signature(table1_paper_scale).parameters["chunk"].default == 5
    with pytest.raises(TypeError, match="full_mnist"):
        paper_scale_setting(full_mnist="yes")


@pytest.mark.slow
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
    ({"first": -1}, ValueError, "first"),
    ({"first": 2.0}, TypeError, "first"),
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
    se, point = np.array([1.0, 0.1, 0.1]), 0.1
    tie_at_large_k = {"random": np.array([40.0, 99.9, 100.0]), "rich": np.array([90.0, 99.8, 99.9]),
                      "gap_se": se, "one_point": point}
    assert claims.verdicts(tie_at_large_k) == ["rich", "both fit", "both fit"]
    assert rich_first.check(tie_at_large_k)
    random_ahead_unfitted = tie_at_large_k | {"random": np.array([40.0, 99.0, 100.0]),
                                              "rich": np.array([90.0, 98.0, 99.9])}
    assert claims.verdicts(random_ahead_unfitted) == ["rich", "unresolved", "both fit"]
    assert not rich_first.check(random_ahead_unfitted)
    within_noise = tie_at_large_k | {"gap_se": np.array([30.0, 0.1, 0.1])}  # gap 50 < 2 SE + one point
    assert claims.verdicts(within_noise)[0] == "unresolved" and not rich_first.check(within_noise)
    assert not claims.rich_then_both_fit(["rich", "rich"])                  # never a tie: the paper's case
    assert not claims.rich_then_both_fit(["rich", "both fit", "rich"])      # not one switch
    assert claims.rich_then_both_fit(["rich", "rich", "both fit"])


def test_the_table1_claims_are_the_ledgers_eight():
    """The eight Table 1 claims, each once, all in this chapter's Table 1 section.

    Whether each holds on the book's run is tested by tests/book/test_claims.py (test_claim_holds
    [decomposition/table1-*]), from the values the book's build computed with the same functions
    (LOSSLAND_CLAIMS_FRESH=1 computes them again); this file's former copy of that run cost up to
    160 s of make test's time.
    """
    assert len({c.key for c in claims.CLAIMS}) == len(claims.CLAIMS) == 8
    assert all(c.chapter == "decomposition" and c.label == "sec-table1" for c in claims.CLAIMS)


@pytest.mark.slow
def test_command_line_runner_prints_and_saves(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = os.environ | {"PYTHONPATH": str(root)}
    out = tmp_path / "t1"
    done = subprocess.run([sys.executable, str(root / "scripts" / "decomposition" / "table1.py"), "--repeats", "1",
                           "--epochs", "1", "--quiet", "--out", str(out)],
                          env=env, capture_output=True, text=True, check=True)
    assert "Random: paper" in done.stdout and "k = 256" in done.stdout and "MNIST 5k" in done.stdout
    saved = np.load(out.with_suffix(".npz"))
    assert saved["random_train"].shape == (len(WEBSITE.ks), 1)
    assert json.loads(out.with_suffix(".json").read_text())["repeats"] == 1


def test_a_result_survives_json_to_the_last_bit(small):
    back = Table1Result.from_dict(json.loads(json.dumps(small.to_dict())))
    assert back.ks == small.ks and back.epochs == small.epochs and back.lr == small.lr
    assert back.n_train == small.n_train and back.data_name == small.data_name
    assert back.accuracy.keys() == small.accuracy.keys()
    for key in small.accuracy:
        assert np.array_equal(back.accuracy[key], small.accuracy[key])
    for kind in small.loss:
        assert np.array_equal(back.loss[kind], small.loss[kind])
    assert np.array_equal(back.params_per_point, small.params_per_point)


@pytest.mark.parametrize("data, error", [([1], TypeError), ({"ks": [1]}, ValueError), ({}, ValueError)])
def test_from_dict_refuses_what_to_dict_did_not_write(data, error):
    with pytest.raises(error, match="data"):
        Table1Result.from_dict(data)


def test_the_browser_shows_the_run_the_build_saved(small, tmp_path, monkeypatch):
    """In Pyodide, website_table1 reads the build's saved run instead of training for minutes."""
    from lossland.book import saved_runs
    from lossland.book.ledger import CACHE_ENVIRONMENT_VARIABLE
    from lossland.decomposition import random_regions

    monkeypatch.setenv(CACHE_ENVIRONMENT_VARIABLE, str(tmp_path))
    saved_runs.save(random_regions.SAVED_RUN, small.to_dict())  # as the build does
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setattr(random_regions, "table1", lambda *a, **k: pytest.fail("trained in the browser"))
    random_regions.website_table1.cache_clear()
    try:
        shown = random_regions.website_table1()
    finally:
        random_regions.website_table1.cache_clear()
    assert np.array_equal(shown.accuracy["rich", "train"], small.accuracy["rich", "train"])
