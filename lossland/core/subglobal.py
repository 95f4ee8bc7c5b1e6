"""Subglobal minima: each activation region's convex problem (Sec. 2.2 and 4.1 of the decomposition paper).

With the activation values :math:`\\mathcal{A}` fixed, the network output is
linear in :math:`p_j = v_j w_j`, :math:`q_j = v_j b_j` and :math:`c` (Eq. 4),
so the region's loss is a least-squares problem.  Its minimum value is the
*subglobal minimum* of the region (Def. 2.6).  Stacking, for every hidden unit,
the masked inputs :math:`\\operatorname{diag}(a_j)\\tilde X` gives a design
matrix :math:`D` (N rows, ``h d (+1)`` columns); the paper solves the normal
equations :math:`D^\\top D p = D^\\top y` (Eq. 6-7).  When the data are fewer than
the columns we solve the same problem in its *kernel form*: with
:math:`G = D D^\\top = (\\tilde X \\tilde X^\\top) \\odot (A A^\\top)`
(plus :math:`\\mathbf{1}\\mathbf{1}^\\top` for the output bias) the fitted values
are :math:`\\hat y = G G^{+} y` and the minimum-norm solution is
:math:`p = D^\\top G^{+} y`, with ``G`` only ``N x N``; otherwise Eq. 7 itself is the
smaller system.  Either way all regions are solved at once as one batch of small
matrices, through the pseudo-inverse, so singular systems get the minimum-norm solution.

Whether the subglobal minimum is a real local minimum of the network
("genuine") is decided in :mod:`lossland.core.genuine` (one region) and
:mod:`lossland.core.all_regions` (every region of a network at once).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossland.core.dataset import Dataset, dataset
from lossland.core.threads import one_blas_thread

__all__ = ["Fit", "CHUNK_ENTRIES", "normal_equations", "solve_regions", "solve_pattern", "check_region_pattern", "design_matrix",
           "solve_batch"]

#: Numbers per (R, N, N) array of one chunk of regions: 2**21 floats, 16 MB.
CHUNK_ENTRIES = 2**21


@dataclass(frozen=True)
class Fit:
    """Minimum-norm solutions of a batch of regions' convex problems.

    Attributes
    ----------
    loss : array (R,), the subglobal minimum :math:`\\frac12\\|y - \\hat y\\|^2` of each region.
    fitted : array (R, N), the fitted values :math:`\\hat y` (unique within a region).
    p : array (R, h, d), the minimum-norm products :math:`(p_j, q_j)` per unit.
    c : array (R,), the output bias (zeros without bias).
    rank : array (R,), the rank of the design matrix; below ``h * d (+1)`` the
        minimiser is not unique.
    """

    loss: np.ndarray
    fitted: np.ndarray
    p: np.ndarray
    c: np.ndarray
    rank: np.ndarray


def normal_equations(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, bias: bool = False) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The block system of Eq. 7: matrix :math:`[\\Lambda_{jk}]` (with :math:`\\Phi_j` on the diagonal) and right side :math:`[Y_j]`.

    :math:`\\Lambda_{jk} = \\sum_i a_{ij}a_{ik}\\tilde x_i \\tilde x_i^\\top`,
    :math:`\\Phi_j = \\Lambda_{jj}` and :math:`Y_j = \\sum_i a_{ij} y_i \\tilde x_i`.
    With ``bias`` the inputs are :math:`\\tilde x_i = (x_i, 1)` and a last row and
    column for the output bias :math:`c` are appended.  Shown in the book to
    connect with the paper; :func:`solve_regions` solves the same problem.
    """
    data = dataset(X, y, bias)
    design = design_matrix(data.Xh, check_region_pattern(pattern, data.n_points), bias)
    return design.T @ design, design.T @ y


def check_region_pattern(pattern, n_points: int) -> np.ndarray:
    """``pattern`` as bool activation values (N, h) of one region, for ``n_points`` = N data points.

    The check every public function taking one region's pattern runs at its door (here, in
    :mod:`lossland.core.genuine` and :mod:`lossland.core.genuine_reference`).
    """
    A = np.asarray(pattern)
    if A.ndim != 2 or A.shape[0] != n_points:
        raise ValueError(f"pattern must have shape (N, h) = ({n_points}, width), got {A.shape}.")
    if A.dtype == object or not np.isin(A, (0, 1)).all():
        raise ValueError("pattern must hold activation values 0 or 1 only.")
    return A.astype(bool)


def _check_patterns(patterns, n_points: int) -> np.ndarray:
    A = np.asarray(patterns)
    if A.ndim != 3 or A.shape[1] != n_points:
        raise ValueError(f"patterns must have shape (regions, N, h) with N = {n_points}, got {A.shape}; "
                         "for a single pattern use solve_pattern.")
    if A.dtype == object or not np.isin(A, (0, 1)).all():
        raise ValueError("patterns must hold activation values 0 or 1 only.")
    return A.astype(bool)


def design_matrix(Xh: np.ndarray, A: np.ndarray, bias: bool) -> np.ndarray:
    """The design matrix D = [diag(a_1) X~, ..., diag(a_h) X~ (, 1)] of one region: its outputs are D p (Eq. 4).

    ``Xh`` are the validated homogeneous inputs of a :class:`~lossland.core.dataset.Dataset`,
    ``A`` the region's bool activation values (N, h); the columns are ``[p_1, ..., p_h (, c)]``.
    """
    blocks = [A[:, [j]] * Xh for j in range(A.shape[1])]
    if bias:
        blocks.append(np.ones((len(Xh), 1)))
    return np.hstack(blocks)


def _distinct(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct matrices among ``counts`` (R, N, N) and, for each, the index of its copy."""
    rows = np.ascontiguousarray(counts.reshape(len(counts), -1))
    keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1])))[:, 0]
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return counts[first], np.ravel(inverse)


def solve_regions(X: ArrayLike, y: ArrayLike, patterns: ArrayLike, bias: bool = False) -> Fit:
    """Solve every region's convex problem at once (kernel form of Eq. 6-7).

    Parameters
    ----------
    X : array (N, n); y : array (N,).
    patterns : bool array (R, N, h), the activation values of R regions.
    bias : whether the network has hidden biases and an output bias.
    """
    data = dataset(X, y, bias)
    return solve_batch(data, _check_patterns(patterns, data.n_points))


def solve_batch(data: Dataset, patterns: np.ndarray) -> Fit:
    """:func:`solve_regions` on a validated dataset and validated bool patterns (R, N, h), in chunks.

    For the package's functions that have validated their arguments already (genuineness, the
    descent inside a region).

    Each chunk holds at most :data:`CHUNK_ENTRIES` numbers per (R, N, N) array, so memory stays
    flat as R grows; regions are independent, so chunking changes no digit of the result.
    """
    step = max(1, CHUNK_ENTRIES // data.n_points**2)
    if len(patterns) <= step:
        return _solve_chunk(data, patterns)
    parts = [_solve_chunk(data, patterns[start : start + step]) for start in range(0, len(patterns), step)]
    return Fit(**{name: np.concatenate([getattr(part, name) for part in parts]) for name in Fit.__dataclass_fields__})


def _solve_chunk(data: Dataset, patterns: np.ndarray) -> Fit:
    """A batch of regions in whichever form is smaller: Eq. 7 when the design has fewer columns than rows, else its kernel form."""
    A = patterns.astype(float)
    columns = A.shape[2] * data.Xh.shape[1] + int(data.bias)
    return _solve_normal(data, A) if columns < data.n_points else _solve_kernel(data, A)


def _pseudo_solve(matrices: np.ndarray, rhs: np.ndarray, n_points: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``M^+ b`` and the projection of ``b`` onto ``range(M)`` for a batch of symmetric PSD ``M``, and their ranks.

    Eigenvalues up to ``N eps`` times the largest count as zero: the nonzero eigenvalues of
    :math:`D^\\top D` and :math:`DD^\\top` are the same, so both forms draw the line at the same place.
    """
    with one_blas_thread():  # many small matrices: threads only contend
        eigenvalues, eigenvectors = np.linalg.eigh(matrices)
    cutoff = n_points * np.finfo(float).eps * np.abs(eigenvalues).max(axis=1, keepdims=True)
    kept = eigenvalues > cutoff
    inverted = np.where(kept, 1.0 / np.where(kept, eigenvalues, 1.0), 0.0)
    coefficients = (eigenvectors.transpose(0, 2, 1) @ rhs[..., None])  # b in each M's eigenbasis
    solution = (eigenvectors @ (inverted[..., None] * coefficients))[..., 0]
    projection = (eigenvectors @ (kept[..., None] * coefficients))[..., 0]
    return solution, projection, kept.sum(axis=1)


def _solve_normal(data: Dataset, A: np.ndarray) -> Fit:
    """Eq. 7 itself, :math:`D^\\top D p = D^\\top y`, for a batch of regions: a small matrix per region."""
    Xh, y, bias = data.Xh, data.y, data.bias
    R, N, h = A.shape
    design = (A[..., None] * Xh[None, :, None, :]).reshape(R, N, h * Xh.shape[1])
    if bias:
        design = np.concatenate([design, np.ones((R, N, 1))], axis=2)
    solution, _, rank = _pseudo_solve(design.transpose(0, 2, 1) @ design, design.transpose(0, 2, 1) @ y, N)
    fitted = (design @ solution[..., None])[..., 0]
    p = solution[:, : h * Xh.shape[1]].reshape(R, h, Xh.shape[1])
    c = solution[:, -1] if bias else np.zeros(R)
    return Fit(loss=0.5 * np.sum((y - fitted) ** 2, axis=1), fitted=fitted, p=p, c=c, rank=rank)


def _solve_kernel(data: Dataset, A: np.ndarray) -> Fit:
    """The kernel-form solution of a batch of regions (see the module docstring)."""
    Xh, y, bias = data.Xh, data.y, data.bias
    # G depends on the region only through the co-activation counts A A^T:
    # regions with equal counts share G, so each distinct G is decomposed once.
    counts = A @ A.transpose(0, 2, 1)
    distinct, inverse = _distinct(counts)
    gram = (Xh @ Xh.T)[None] * distinct + float(bias)
    alpha, fitted, rank = _pseudo_solve(gram, np.broadcast_to(y, (len(gram), len(y))), len(y))
    alpha, fitted, rank = alpha[inverse], fitted[inverse], rank[inverse]
    p = (A * alpha[:, :, None]).transpose(0, 2, 1) @ Xh  # p = D^T alpha, the minimum-norm solution
    c = alpha.sum(axis=1) if bias else np.zeros(len(A))
    loss = 0.5 * np.sum((y - fitted) ** 2, axis=1)
    return Fit(loss=loss, fitted=fitted, p=p, c=c, rank=rank)


def solve_pattern(X: ArrayLike, y: ArrayLike, pattern: ArrayLike, bias: bool = False) -> Fit:
    """:func:`solve_regions` for a single activation pattern of shape (N, h)."""
    data = dataset(X, y, bias)
    return solve_batch(data, check_region_pattern(pattern, data.n_points)[None])
