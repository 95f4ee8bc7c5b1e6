"""Image-classification data for Sec. 4.2 (Table 1) of the decomposition paper.

The paper trains on MNIST, which this book cannot download. Two loaders return
the same :class:`ImageData`:

* :func:`load_digits_split` - scikit-learn's bundled 8x8 digits (1797 images,
  no download), the book's default stand-in for MNIST;
* :func:`load_mnist` - the real MNIST, read from the four standard IDX files
  if the reader has them on disk.

Pixels are scaled to [0, 1]; images are flattened to one row per image.
"""
from __future__ import annotations

import gzip
import numbers
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lossland.core.validation import check_seed

__all__ = ["ImageData", "load_digits_split", "load_mnist", "MNIST_FILES"]

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
    from sklearn.model_selection import train_test_split

    if isinstance(test_fraction, bool) or not isinstance(test_fraction, numbers.Real):
        raise TypeError(f"test_fraction must be a number in (0, 1), got {test_fraction!r}.")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction}.")
    seed = check_seed(seed)
    digits = load_digits()
    X = digits.data / 16.0  # pixel intensities are 0..16
    y = digits.target.astype(np.int64)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_fraction, stratify=y, random_state=int(seed)
    )
    return ImageData(X_train, y_train, X_test, y_test, name="digits 8x8")


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
