"""A stratified, seeded train/test split: scikit-learn's, step for step, with numpy alone.

The image data (:mod:`lossland.core.images`) hold out a share of every class for testing.
They did so with scikit-learn's ``train_test_split(..., stratify=y, random_state=seed)``;
:func:`stratified_split` takes the same steps with the same random stream (numpy's
``RandomState``, whose sequence numpy keeps fixed), so it returns the same indices in the same
order, and the book's numbers stay as they were.  It spares the live site scikit-learn (about
7 MB a reader would download for one split).  The tests compare it with scikit-learn's on many
seeds, sizes and class counts.

The steps (scikit-learn's ``StratifiedShuffleSplit``): ``n_test = ceil(fraction * N)`` points
are held out; each class gets the share of the training and then of the test points that its
size gives, rounded down, and the points still missing go to the classes with the largest
remainders (ties broken at random); each class's points are shuffled and cut into its training
and test points; finally each part is shuffled.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from lossland.core.validation import check_seed

__all__ = ["stratified_split"]

#: ``numpy.random.RandomState`` takes seeds below 2**32.
_MAX_SEED = 2**32 - 1


def _shares(class_counts: np.ndarray, n_draws: int, rng: np.random.RandomState) -> np.ndarray:
    """How many of ``n_draws`` points each class gives: its proportional share rounded down, then one
    more for the classes with the largest remainders, ties drawn with ``rng`` (scikit-learn's
    ``_approximate_mode``, the same arithmetic in the same order)."""
    continuous = class_counts / class_counts.sum() * n_draws
    floored = np.floor(continuous)
    need_to_add = int(n_draws - floored.sum())
    if need_to_add > 0:
        remainder = continuous - floored
        for value in np.sort(np.unique(remainder))[::-1]:
            (tied,) = np.where(remainder == value)
            add_now = min(len(tied), need_to_add)
            floored[rng.choice(tied, size=add_now, replace=False)] += 1
            need_to_add -= add_now
            if need_to_add == 0:
                break
    return floored.astype(int)


def _check_labels(labels) -> np.ndarray:
    """Class labels: a 1-D array of integers (not bools) with at least two points of every class."""
    if isinstance(labels, (str, bytes)) or labels is None:
        raise TypeError(f"labels must be a 1-D array of integer class labels, got {labels!r}.")
    array = np.asarray(labels)
    if array.dtype.kind not in "iu":
        raise TypeError(f"labels must be integer class labels (e.g. 0..9), got an array of dtype {array.dtype}.")
    if array.ndim != 1:
        raise ValueError(f"labels must be a 1-D array (one label per point), got shape {array.shape}.")
    if array.size == 0:
        raise ValueError("labels must not be empty: give one label per point.")
    return array


def stratified_split(labels, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of a stratified train/test split of points with these class ``labels``.

    Parameters
    ----------
    labels : 1-D integer array, one class label per point; every class needs at least two points.
    test_fraction : share of the points held out for testing, in (0, 1); ``ceil(test_fraction * N)``
        points are held out, and each part must hold at least as many points as there are classes.
    seed : seed of the split, ``0 <= seed < 2**32``; the same seed always gives the same split.

    Returns
    -------
    train, test : int arrays of indices into ``labels``, together each index once, in the order of
        ``sklearn.model_selection.train_test_split(..., test_size=test_fraction, stratify=labels,
        random_state=seed)``.
    """
    labels = _check_labels(labels)
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, numbers.Real):
        raise TypeError(f"test_fraction must be a number in (0, 1), got {test_fraction!r}.")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction}.")
    seed = check_seed(seed)
    if seed > _MAX_SEED:
        raise ValueError(f"seed must be below 2**32 (numpy's RandomState), got {seed}.")
    n_test = math.ceil(float(test_fraction) * labels.size)
    n_train = labels.size - n_test
    classes, inverse, class_counts = np.unique(labels, return_inverse=True, return_counts=True)
    if class_counts.min() < 2:
        raise ValueError(f"labels must hold at least two points of every class; classes "
                         f"{classes[class_counts < 2].tolist()} have one.")
    if min(n_train, n_test) < classes.size:
        raise ValueError(f"test_fraction {test_fraction} leaves {n_train} training and {n_test} test points, but "
                         f"each part needs at least as many points as there are classes ({classes.size}): "
                         f"choose a fraction nearer 0.5, or give more points.")
    by_class = np.split(np.argsort(inverse, kind="stable"), np.cumsum(class_counts)[:-1])
    rng = np.random.RandomState(seed)
    n_i = _shares(class_counts, n_train, rng)
    t_i = _shares(class_counts - n_i, n_test, rng)
    train, test = [], []
    for members, count, n_train_i, n_test_i in zip(by_class, class_counts, n_i, t_i):
        shuffled = members.take(rng.permutation(count), mode="clip")
        train.append(shuffled[:n_train_i])
        test.append(shuffled[n_train_i:n_train_i + n_test_i])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))
