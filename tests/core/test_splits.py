"""lossland.core.splits.stratified_split gives scikit-learn's stratified train_test_split, index for index.

scikit-learn stays in the native venv as the independent reference: the split is compared with
its ``train_test_split(..., stratify=y, random_state=seed)`` on labels of many sizes, class counts
and balances, fractions that leave remainders (ties broken at random) and seeds, all drawn from a
seeded generator; and on the book's two image sets.
"""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from lossland.core import images
from lossland.core.splits import stratified_split


def _labels(rng: np.random.Generator) -> np.ndarray:
    """Labels of 2..12 classes, each with at least two points, balanced or very unbalanced."""
    n_classes = int(rng.integers(2, 13))
    extra = int(rng.integers(0, 300))
    weights = rng.dirichlet(np.full(n_classes, 0.3 if rng.random() < 0.5 else 5.0))
    labels = np.concatenate([np.repeat(np.arange(n_classes), 2), rng.choice(n_classes, size=extra, p=weights)])
    return rng.permutation(labels) * int(rng.choice([1, 3]))  # class labels need not be 0..k-1


def _cases(count: int) -> list[tuple[np.ndarray, float, int]]:
    rng = np.random.default_rng(20261208)
    fractions = [0.1, 0.2, 0.25, 1 / 3, 0.5, 0.8]
    return [(_labels(rng), float(rng.choice(fractions)) if rng.random() < 0.6 else float(rng.uniform(0.02, 0.98)),
             int(rng.integers(0, 2**32))) for _ in range(count)]


@pytest.mark.parametrize("labels, fraction, seed", _cases(300))
def test_the_split_is_scikit_learns(labels, fraction, seed):
    indices = np.arange(labels.size)
    try:
        expected = train_test_split(indices, test_size=fraction, stratify=labels, random_state=seed)
    except ValueError:  # scikit-learn refuses (a part too small for every class): so do we
        with pytest.raises(ValueError, match="test_fraction"):
            stratified_split(labels, fraction, seed)
        return
    train, test = stratified_split(labels, fraction, seed)
    assert np.array_equal(train, expected[0]) and np.array_equal(test, expected[1])


@pytest.mark.parametrize("labels, fraction, seed", _cases(40))
def test_the_split_partitions_the_points_and_keeps_every_class_share(labels, fraction, seed):
    """Checked without scikit-learn: every index once; each class's count in the test part within
    one of its proportional share (Eq. of the 'approximate mode': floor, then the largest remainders)."""
    try:
        train, test = stratified_split(labels, fraction, seed)
    except ValueError:
        return
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(labels.size))
    n_test = int(np.ceil(fraction * labels.size))
    assert test.size == n_test
    for label in np.unique(labels):
        share = np.sum(labels == label) * n_test / labels.size
        assert abs(np.sum(labels[test] == label) - share) < 2


def test_the_same_seed_gives_the_same_split_and_another_seed_another():
    labels = np.repeat(np.arange(5), 20)
    first, again, other = (stratified_split(labels, 0.3, seed) for seed in (4, 4, 5))
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize("fraction, seed", [(0.25, 0), (0.2, 0), (0.5, 3), (0.1, 12345), (0.37, 2**32 - 1)])
def test_the_image_sets_split_as_scikit_learn_splits_them(fraction, seed):
    digits = load_digits()
    ours = images.load_digits_split(fraction, seed)
    expected = train_test_split(digits.data / 16.0, digits.target, test_size=fraction, stratify=digits.target,
                                random_state=seed)
    assert all(np.array_equal(a, b) for a, b in zip(expected, (ours.X_train, ours.X_test, ours.y_train, ours.y_test)))
    pixels, labels = images._read_table(images._data_path("mnist_5k.csv.gz"), (5000, 785), 255)
    ours = images.load_mnist5k(fraction, seed)
    expected = train_test_split(pixels / 255.0, labels, test_size=fraction, stratify=labels, random_state=seed)
    assert all(np.array_equal(a, b) for a, b in zip(expected, (ours.X_train, ours.X_test, ours.y_train, ours.y_test)))


@pytest.mark.parametrize("labels, fraction, seed, error, words", [
    (np.array([0, 0, 1]), 0.5, 0, ValueError, "two points of every class"),
    (np.repeat(np.arange(10), 3), 0.05, 0, ValueError, "test_fraction"),
    (np.repeat(np.arange(10), 3), 0.95, 0, ValueError, "test_fraction"),
    (np.repeat(np.arange(3), 4), 0.5, 2**32, ValueError, "seed"),
    (np.array([0.0, 0.0, 1.0, 1.0]), 0.5, 0, TypeError, "labels"),
    (np.array([True, True, False, False]), 0.5, 0, TypeError, "labels"),
    (np.ones((4, 2), dtype=int), 0.5, 0, ValueError, "labels"),
    (np.zeros(0, dtype=int), 0.5, 0, ValueError, "labels"),
    ("0011", 0.5, 0, TypeError, "labels"),
])
def test_bad_inputs_name_the_argument(labels, fraction, seed, error, words):
    with pytest.raises(error, match=words):
        stratified_split(labels, fraction, seed)
