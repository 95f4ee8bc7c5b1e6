"""The neuron-splitting embedding :math:`\\gamma^r_\\lambda` and the matrices of Theorems 8-9 and Lemma 12.

Petzka & Sminchisescu, Sec. 5: a hidden neuron ``r`` of layer ``l`` is split in
two.  The new neuron (index :math:`-1` in the paper, appended *last* in layer
``l`` here) copies the incoming weights :math:`u_{r,i}` of ``r``; the outgoing
weights :math:`v_{s,r}` are shared as :math:`\\lambda v_{s,r}` (new neuron) and
:math:`(1-\\lambda) v_{s,r}` (neuron ``r``).  The network function is unchanged
for every real :math:`\\lambda`, and critical points map to critical points
(Theorem 7).

Conventions: ``layer`` is the paper's hidden-layer index :math:`1 \\le l \\le L-1`;
``neuron`` is a 0-based Python index (the paper's :math:`r` is ``neuron + 1``).
With biases, the bias of a neuron is treated as one more incoming weight, from a
constant input :math:`\\mathsf{act}(l-1, 0; x) = 1` placed after the others, so
``B`` and ``D`` then have :math:`n_{l-1} + 1` rows.
"""
from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

from lossland.core import sigmoid_nets as sn
from lossland.core.critical import second_order_test
from lossland.core.regions import homogeneous
from lossland.core.validation import as_vector, check_dataset, check_entries, check_real, check_seed, check_width

__all__ = [
    "embed",
    "b_matrix",
    "d_matrix",
    "lemma12_basis",
    "lemma12_hessian",
    "embedded_smallest_eigenvalues",
    "shallow_example",
    "SHALLOW_SEEDS",
    "split_directions",
    "deep_example",
    "prop15_identity",
    "theorem13_steps",
]


def _check_site(arch: sn.Architecture, layer, neuron) -> tuple[int, int]:
    if not isinstance(arch, sn.Architecture):
        raise TypeError(f"arch must be a sigmoid_nets.Architecture, got {type(arch).__name__}.")
    layer = check_width(layer, "layer")
    if layer > arch.depth - 1:
        raise ValueError(f"layer must be a hidden layer, 1 <= layer <= {arch.depth - 1} for {arch.sizes}, got {layer}.")
    if isinstance(neuron, bool) or not isinstance(neuron, numbers.Integral):
        raise TypeError(f"neuron must be an integer index, got {neuron!r}.")
    if not 0 <= neuron < arch.sizes[layer]:
        raise ValueError(f"neuron must lie in 0..{arch.sizes[layer] - 1} for layer {layer} of {arch.sizes}, got {neuron}.")
    return layer, int(neuron)


def _check_lam(lam) -> float:
    return check_real(lam, "lam")


def _check_data(arch: sn.Architecture, theta, X, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``theta``, ``X`` and ``y`` checked against ``arch`` (the targets are required here)."""
    X, y = check_dataset(X, y)
    if X.shape[1] != arch.sizes[0]:
        raise ValueError(f"X has {X.shape[1]} columns but the network {arch.sizes} takes {arch.sizes[0]} inputs.")
    return as_vector(theta, "theta", length=arch.size), X, y


def _grown(arch: sn.Architecture, layer: int) -> sn.Architecture:
    sizes = list(arch.sizes)
    sizes[layer] += 1
    return sn.Architecture(tuple(sizes), arch.bias)


def _incoming_outgoing(arch: sn.Architecture, layer: int, neuron: int) -> tuple[np.ndarray, np.ndarray]:
    """Flat indices of the incoming weights :math:`u_{r,i}` (bias last) and outgoing weights :math:`v_{s,r}`."""
    weights, biases = arch.unpack(np.arange(arch.size))
    incoming = list(weights[layer - 1][neuron])
    if arch.bias:
        incoming.append(biases[layer - 1][neuron])
    return np.array(incoming, dtype=int), np.array(weights[layer][:, neuron], dtype=int)


def embed(arch: sn.Architecture, theta: ArrayLike, layer: int, neuron: int, lam: float) -> tuple[sn.Architecture, np.ndarray]:
    """The map :math:`\\gamma^r_\\lambda` of Sec. 5: add a copy of ``neuron`` to hidden ``layer``.

    .. math::
        \\gamma^r_\\lambda([u_{r,i}]_i, [v_{s,r}]_s, \\bar{\\mathbf w})
        = ([u_{r,i}]_i, [\\lambda v_{s,r}]_s, [u_{r,i}]_i, [(1-\\lambda) v_{s,r}]_s, \\bar{\\mathbf w})

    Returns
    -------
    big_arch : Architecture
        ``arch`` with one more neuron in ``layer``.
    big_theta : ndarray
        Parameters of the larger network; the new neuron is the last of its layer.
    """
    layer, neuron = _check_site(arch, layer, neuron)
    lam = _check_lam(lam)
    weights, biases = arch.unpack(as_vector(theta, "theta", length=arch.size))
    weights, biases = [W.copy() for W in weights], [b.copy() for b in biases]
    u, v = weights[layer - 1], weights[layer]
    weights[layer - 1] = np.vstack([u, u[neuron]])
    biases[layer - 1] = np.append(biases[layer - 1], biases[layer - 1][neuron])
    weights[layer] = np.hstack([v, lam * v[:, [neuron]]])
    weights[layer][:, neuron] *= 1.0 - lam
    big = _grown(arch, layer)
    return big, big.pack(weights, biases)


def _site_values(arch, theta, X, y, layer, neuron):
    """:math:`\\mathsf{act}(l-1)` (with a column of ones if biased), :math:`\\mathsf{n}(l,r)` and :math:`\\partial\\ell/\\partial\\mathsf{n}(l+1)`."""
    layer, neuron = _check_site(arch, layer, neuron)
    theta, X, y = _check_data(arch, theta, X, y)
    pre, acts, deltas = sn.neuron_values(arch, theta, X, y)
    inputs = acts[layer - 1]
    if arch.bias:
        inputs = homogeneous(inputs, bias=True)
    return inputs, pre[layer][:, neuron], deltas[layer + 1]


def b_matrix(arch: sn.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, layer: int, neuron: int) -> np.ndarray:
    """The matrix :math:`B^r` of Eq. (1) (Theorem 9), shape (n_{l-1}, n_{l-1}).

    .. math::
        B^r_{i,j} = \\sum_\\alpha \\sum_k \\frac{\\partial \\ell_\\alpha}{\\partial \\mathsf{n}(l+1,k;x_\\alpha)}
        v_{k,r} \\, \\sigma''(\\mathsf{n}(l,r;x_\\alpha)) \\, \\mathsf{act}(l-1,i;x_\\alpha) \\, \\mathsf{act}(l-1,j;x_\\alpha)

    with :math:`\\ell_\\alpha = (f(x_\\alpha) - y_\\alpha)^2`, so that for one hidden layer
    :math:`\\partial \\ell_\\alpha / \\partial \\mathsf{n}(2;x_\\alpha) = 2 (f(x_\\alpha) - y_\\alpha)`: twice the
    residual that Theorem 8 and Remark 10 write (the sign, which is all that matters there, agrees).
    """
    inputs, n_r, delta_next = _site_values(arch, theta, X, y, layer, neuron)
    v = arch.unpack(np.asarray(theta, dtype=float))[0][layer][:, neuron]
    s = sn.sigmoid(n_r)
    weight = (delta_next @ v) * s * (1 - s) * (1 - 2 * s)
    return (inputs * weight[:, None]).T @ inputs


def d_matrix(arch: sn.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, layer: int, neuron: int) -> np.ndarray:
    """The matrix :math:`D^{r,s}_i` of Eq. (2) (Theorem 9), shape (n_{l-1}, n_{l+1}), indexed [i, s].

    .. math::
        D^{r,s}_i = \\sum_\\alpha \\frac{\\partial \\ell_\\alpha}{\\partial \\mathsf{n}(l+1,s;x_\\alpha)}
        \\sigma'(\\mathsf{n}(l,r;x_\\alpha)) \\, \\mathsf{act}(l-1,i;x_\\alpha)
    """
    inputs, n_r, delta_next = _site_values(arch, theta, X, y, layer, neuron)
    s = sn.sigmoid(n_r)
    return (inputs * (s * (1 - s))[:, None]).T @ delta_next


def lemma12_basis(arch: sn.Architecture, layer: int, neuron: int, lam: float) -> np.ndarray:
    """Columns: the basis of Lemma 12 for the network grown by :func:`embed`, with :math:`\\alpha = 1-\\lambda`, :math:`\\beta = \\lambda`.

    The basis vectors, in this order, are :math:`e_{u_{-1,i}} + e_{u_{r,i}}`,
    :math:`e_{v_{s,-1}} + e_{v_{s,r}}`, the unit vectors of all remaining parameters
    :math:`\\bar{\\mathbf w}` (in flat-layout order), :math:`\\alpha e_{u_{-1,i}} - \\beta e_{u_{r,i}}`
    and :math:`e_{v_{s,-1}} - e_{v_{s,r}}`.  Then :math:`\\lambda = \\beta/(\\alpha+\\beta)` as the
    lemma requires, and the Hessian in this basis is ``P.T @ H @ P``.
    """
    layer, neuron = _check_site(arch, layer, neuron)
    lam = _check_lam(lam)
    big = _grown(arch, layer)
    u_r, v_r = _incoming_outgoing(big, layer, neuron)
    u_new, v_new = _incoming_outgoing(big, layer, arch.sizes[layer])
    alpha, beta = 1.0 - lam, lam
    eye = np.eye(big.size)
    rest = np.setdiff1d(np.arange(big.size), np.concatenate([u_r, v_r, u_new, v_new]))
    columns = [eye[:, u_new] + eye[:, u_r], eye[:, v_new] + eye[:, v_r], eye[:, rest],
               alpha * eye[:, u_new] - beta * eye[:, u_r], eye[:, v_new] - eye[:, v_r]]
    return np.hstack(columns)


def lemma12_hessian(arch: sn.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, layer: int, neuron: int, lam: float) -> np.ndarray:
    """The Hessian of the grown network at :math:`\\gamma^r_\\lambda(\\theta)` in the basis of Lemma 12, *as the lemma states it*.

    Built only from the smaller network: its Hessian :math:`\\partial^2\\ell` in the
    order :math:`(u_r, v_r, \\bar{\\mathbf w})`, scaled by 1, 2, 1, and the blocks
    :math:`(\\alpha-\\beta) D`, :math:`\\alpha\\beta B`, :math:`(\\alpha+\\beta) D` of Eqs. (1)-(2), with
    :math:`\\alpha = 1-\\lambda`, :math:`\\beta = \\lambda`.  Compare with
    ``P.T @ sigmoid_nets.hessian(big_arch, big_theta, X, y) @ P``, ``P = lemma12_basis(...)``.
    """
    layer, neuron = _check_site(arch, layer, neuron)
    lam = _check_lam(lam)
    theta, X, y = _check_data(arch, theta, X, y)
    u_r, v_r = _incoming_outgoing(arch, layer, neuron)
    rest = np.setdiff1d(np.arange(arch.size), np.concatenate([u_r, v_r]))
    order = np.concatenate([u_r, v_r, rest])
    scale = np.concatenate([np.ones(len(u_r)), 2 * np.ones(len(v_r)), np.ones(len(rest))])
    small = sn.hessian(arch, theta, X, y)[np.ix_(order, order)] * np.outer(scale, scale)
    B = b_matrix(arch, theta, X, y, layer, neuron)
    D = d_matrix(arch, theta, X, y, layer, neuron)
    alpha, beta = 1.0 - lam, lam
    p, q, m = len(u_r), len(v_r), arch.size
    H = np.zeros((m + p + q, m + p + q))
    H[:m, :m] = small
    H[p : p + q, m : m + p] = (alpha - beta) * D.T
    H[m : m + p, p : p + q] = (alpha - beta) * D
    H[m : m + p, m : m + p] = alpha * beta * B
    H[m : m + p, m + p :] = (alpha + beta) * D
    H[m + p :, m : m + p] = (alpha + beta) * D.T
    return H


def embedded_smallest_eigenvalues(arch: sn.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, layer: int, neuron: int, lams, k: int = 2) -> np.ndarray:
    """The ``k`` smallest Hessian eigenvalues at :math:`\\gamma^r_\\lambda(\\theta)` for each :math:`\\lambda` in ``lams``.

    Returns shape (len(lams), k), ascending in each row.  At an isolated minimum
    with :math:`B \\succ 0` and :math:`D = 0` (Theorem 8), the smallest is 0 (the
    degenerate direction :math:`v_{-1} - v_r`) for :math:`\\lambda \\in (0,1)` and
    negative outside :math:`[0,1]`, where :math:`\\alpha\\beta = \\lambda(1-\\lambda) < 0`.
    """
    layer, neuron = _check_site(arch, layer, neuron)
    theta, X, y = _check_data(arch, theta, X, y)
    lams = as_vector(lams, "lams")
    k = check_width(k, "k")
    if k > _grown(arch, layer).size:
        raise ValueError(f"k must be at most the {_grown(arch, layer).size} parameters of the grown network, got {k}.")
    rows = []
    for lam in lams:
        big, big_theta = embed(arch, theta, layer, neuron, float(lam))
        rows.append(np.linalg.eigvalsh(sn.hessian(big, big_theta, X, y))[:k])
    return np.array(rows)


def shallow_example(n_points: int = 10, seed: int = 2) -> tuple[sn.Architecture, np.ndarray, np.ndarray, np.ndarray]:
    """A Sec. 5.2 instance: data from a random 1-2-1 teacher, and a 1-1-1 student at an isolated local minimum.

    Inputs are uniform on [-3, 3], the teacher's weights standard normal times 3,
    all without biases; the student descends from standard normal weights with
    :func:`sigmoid_nets.refine_critical_point`.  The default seed gives
    :math:`B^1_{1,1} > 0`, so Theorem 8 applies with :math:`\\lambda \\in (0,1)`;
    ``seed=0`` gives :math:`B^1_{1,1} < 0` (the other half of Theorem 8: minima for
    :math:`\\lambda \\notin [0,1]`).  Both students have a positive definite Hessian.

    Returns
    -------
    student, theta_star, X, y
    """
    n_points = check_width(n_points, "n_points")
    check_entries(n_points, "n_points")
    rng = np.random.default_rng(check_seed(seed))
    teacher, student = sn.Architecture((1, 2, 1)), sn.Architecture((1, 1, 1))
    X = rng.uniform(-3, 3, (n_points, 1))
    y = sn.forward(teacher, 3 * rng.standard_normal(teacher.size), X)
    theta_star = sn.refine_critical_point(student, rng.standard_normal(student.size), X, y)
    return student, theta_star, X, y


# Not yet listed in ``__all__``: each public name there needs a bad-input Spec in
# tests/petzka/test_bad_inputs_petzka.py.
SHALLOW_SEEDS = {"positive": 2, "negative": 0}
"""Seeds of :func:`shallow_example` whose student has :math:`B^1_{1,1} > 0` and :math:`B^1_{1,1} < 0`."""


def split_directions(arch: sn.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, layer: int, neuron: int, lam: float) -> dict:
    """The flat and the softest curved directions at :math:`\\gamma^r_\\lambda(\\theta)`.

    The grown network computes the same function along each line
    :math:`\\gamma^r_\\lambda(\\theta) + t\\,(e_{v_{s,-1}} - e_{v_{s,r}})` (the two copies have
    identical activations), so the loss is exactly constant along these ``q`` directions
    and :math:`d^\\top H d = 0` for each.  With one outgoing weight (``q = 1``) the direction
    is :math:`d\\gamma^r_\\lambda / d\\lambda` up to scale, and as every :math:`\\gamma^r_\\lambda(\\theta)` of a
    critical point is critical (Theorem 7) it lies in the kernel of the Hessian ``H``.
    The *softest* direction is the eigenvector of ``H`` restricted to the orthogonal
    complement of the flat directions with the smallest eigenvalue ``curvature``.

    Returns
    -------
    dict with ``big_arch``, ``big_theta``, ``null`` (size x q, orthonormal columns),
    ``softest`` (unit vector orthogonal to ``null``), ``curvature`` (its Rayleigh
    quotient :math:`d^\\top H d`) and ``hessian_eigenvalues`` (all of ``H``, ascending).
    """
    layer, neuron = _check_site(arch, layer, neuron)
    lam = _check_lam(lam)
    theta, X, y = _check_data(arch, theta, X, y)
    big, big_theta = embed(arch, theta, layer, neuron, lam)
    H = sn.hessian(big, big_theta, X, y)
    P = lemma12_basis(arch, layer, neuron, lam)
    q = arch.sizes[layer + 1]
    null = P[:, -q:] / np.sqrt(2.0)                       # e_{v_{s,-1}} - e_{v_{s,r}}, orthonormal
    basis = np.linalg.svd(np.eye(big.size) - null @ null.T)[0][:, : big.size - q]  # complement of null
    values, vectors = np.linalg.eigh(basis.T @ H @ basis)
    softest = basis @ vectors[:, 0]
    softest *= np.sign(softest[np.argmax(np.abs(softest))])  # a fixed sign, whatever the eigensolver returns
    return {"big_arch": big, "big_theta": big_theta, "null": null, "softest": softest,
            "curvature": float(values[0]), "hessian_eigenvalues": np.linalg.eigvalsh(H)}


def deep_example() -> tuple[sn.Architecture, np.ndarray, np.ndarray, np.ndarray]:
    """A Theorem 9 instance with :math:`D \\ne 0`: a 1-1-2-1 network (no biases) at an isolated local minimum.

    Data: 12 inputs evenly spaced on [-3, 3], targets :math:`|x - 1|/3`.  The minimum is
    refined (:func:`sigmoid_nets.refine_critical_point`) from the rounded point
    ``(1.12, -7.09, 1.39, 2.45, 0.42)`` that BFGS found from ``default_rng(3)``; its Hessian
    is positive definite (smallest eigenvalue about 0.01).  The first hidden layer is not
    the last, and the two neurons of layer 2 receive different
    :math:`\\partial\\ell_\\alpha / \\partial\\mathsf{n}(2, s; x_\\alpha)`, so Proposition 15 does not
    apply: :math:`D^{1,s}_1 \\ne 0` for the single neuron of layer 1, and splitting it gives a
    saddle for every :math:`\\lambda`.

    Returns
    -------
    student, theta_star, X, y
    """
    student = sn.Architecture((1, 1, 2, 1))
    X = np.linspace(-3.0, 3.0, 12)[:, None]
    y = np.abs(X[:, 0] - 1.0) / 3.0
    theta_star = sn.refine_critical_point(student, np.array([1.12, -7.09, 1.39, 2.45, 0.42]), X, y, gtol=1e-12)
    return student, theta_star, X, y


def prop15_identity(arch: sn.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, layer: int, neuron: int) -> tuple[np.ndarray, np.ndarray]:
    """Both sides of the identity behind Proposition 15 (i)-(ii): :math:`D^{r,s}_i` and :math:`\\partial\\ell/\\partial u_{r,i}` over :math:`\\sum_t v_{t,r}`.

    .. math::
        \\frac{\\partial \\ell}{\\partial u_{r,i}} = \\sum_\\alpha \\sum_t \\frac{\\partial \\ell_\\alpha}{\\partial \\mathsf{n}(l+1,t;x_\\alpha)}
        v_{t,r}\\, \\sigma'(\\mathsf{n}(l,r;x_\\alpha))\\, \\mathsf{act}(l-1,i;x_\\alpha).

    When layer ``l`` is the last hidden layer (Prop. 15 (i): one output, one
    :math:`v_{\\bullet,r}`) or all :math:`\\partial\\ell_\\alpha/\\partial\\mathsf{n}(l+1,t;x_\\alpha)` agree over
    ``t`` (Prop. 15 (ii)), the sum over ``t`` factors out and Eq. (2) gives
    :math:`D^{r,s}_i = (\\partial\\ell/\\partial u_{r,i}) / \\sum_t v_{t,r}` at *every* point; at a critical
    point the gradient, hence ``D``, is zero.  Elsewhere the two sides differ in general.

    Returns
    -------
    D : (n_{l-1}, n_{l+1}) the matrix of Eq. (2) (:func:`d_matrix`).
    G : same shape, every column :math:`\\partial\\ell/\\partial u_{r,i} / \\sum_t v_{t,r}` (bias last, if any).
    """
    layer, neuron = _check_site(arch, layer, neuron)
    theta, X, y = _check_data(arch, theta, X, y)
    u_r, v_r = _incoming_outgoing(arch, layer, neuron)
    total = float(np.sum(theta[v_r]))
    if abs(total) <= 1e-12 * float(np.abs(theta[v_r]).sum()):  # relative: invariant under theta's scale
        raise ValueError("the outgoing weights of the neuron sum to 0: Proposition 15 assumes sum_s v_{s,r} != 0.")
    grad = sn.gradient(arch, theta, X, y)[u_r] / total
    D = d_matrix(arch, theta, X, y, layer, neuron)
    return D, np.repeat(grad[:, None], D.shape[1], axis=1)


def theorem13_steps(arch: sn.Architecture, theta: ArrayLike, X: ArrayLike, y: ArrayLike, lam: float = 0.3, n_add: int = 4) -> dict:
    """The induction of Theorem 13: split neuron 1 of a one-hidden-layer minimum ``n_add`` times with the same ``lam``.

    Before the ``t``-th split, neuron 1 has outgoing weight :math:`(1-\\lambda)^{t-1} v`, and nothing else
    that enters Eq. (1) changes, so :math:`B^{1,(t)} = (1-\\lambda)^{t-1} B^{1,(1)}`.  After ``t`` splits the
    Hessian is positive semidefinite with a kernel of dimension ``t``, spanned by the directions
    :math:`e_{v_{\\bullet,1}} - e_{v_{\\bullet,-t'}}` that redistribute outgoing weight between copies; the
    network function, hence the loss, is exactly constant along every combination of them
    (Theorem 13's reason why semidefiniteness suffices here).

    Parameters
    ----------
    arch, theta, X, y : a one-hidden-layer network (``arch.depth == 2``) at a local minimum and its data.
    lam : the :math:`\\lambda` of every split, in (0, 1).
    n_add : number of splits (at least 1).

    Returns
    -------
    dict with ``B`` (n_add,) :math:`B^{1,(t)}_{1,1}` before each split (the first input's entry);
    ``B_ratio`` (n_add,) the full matrix divided by the first one (should be :math:`(1-\\lambda)^{t-1}`);
    ``zero_eigenvalues`` (n_add,) how many Hessian eigenvalues vanish after each split
    (:func:`lossland.core.critical.second_order_test`: ``|ev| <= 1e-10 max|ev|``);
    ``smallest_positive`` (n_add,) the smallest of the others; ``smallest`` (n_add,) the smallest eigenvalue;
    ``flat_change`` (n_add,) the largest change of the loss along five seeded random unit combinations of
    the kernel directions, at steps up to 1; ``big_arch``, ``big_theta`` the final network.
    """
    if not isinstance(arch, sn.Architecture):
        raise TypeError(f"arch must be a sigmoid_nets.Architecture, got {type(arch).__name__}.")
    if arch.depth != 2:
        raise ValueError(f"Theorem 13 is about one hidden layer: arch must have depth 2, got sizes {arch.sizes}.")
    theta, X, y = _check_data(arch, theta, X, y)
    lam = _check_lam(lam)
    if not 0.0 < lam < 1.0:
        raise ValueError(f"lam must lie strictly between 0 and 1 (Theorem 8 with B > 0), got {lam}.")
    n_add = check_width(n_add, "n_add")
    check_entries((arch.size + n_add * (arch.sizes[0] + 2)) ** 2 * n_add, "n_add")
    rng = np.random.default_rng(0)
    first = b_matrix(arch, theta, X, y, 1, 0)
    if not np.any(first):
        raise ValueError("B^{1,(1)} of Eq. (1) is zero at theta for these X, y (e.g. sigmoids saturated, or constant "
                         "over the data, at these scales of X and theta): Theorem 8 needs B != 0 and the ratios "
                         "B^{1,(t)} / B^{1,(1)} are undefined; pass theta, X at which B is nonzero.")
    unit = first / np.abs(first).max()  # the ratio in units of first: no underflow in first . first
    out = {key: [] for key in ("B", "B_ratio", "zero_eigenvalues", "smallest_positive", "smallest", "flat_change")}
    for _ in range(n_add):
        B = b_matrix(arch, theta, X, y, 1, 0)
        out["B"].append(float(B[0, 0]))
        out["B_ratio"].append(float((B / np.abs(first).max()).ravel() @ unit.ravel() / (unit.ravel() @ unit.ravel())))
        arch, theta = embed(arch, theta, 1, 0, lam)
        test = second_order_test(sn.hessian(arch, theta, X, y))
        values = test.eigenvalues
        zero = np.abs(values) <= test.tolerance
        out["zero_eigenvalues"].append(test.zero)
        out["smallest_positive"].append(float(values[~zero].min()))
        out["smallest"].append(float(values[0]))
        v = arch.unpack(np.arange(arch.size))[0][1][0]          # flat indices of the outgoing weights
        kernel = np.zeros((arch.size, len(v) - 1))
        kernel[v[0], :] = 1.0
        kernel[v[1:], np.arange(len(v) - 1)] = -1.0
        base = sn.loss(arch, theta, X, y)
        change = 0.0
        for _ in range(5):
            d = kernel @ rng.standard_normal(len(v) - 1)
            d /= np.linalg.norm(d)
            change = max(change, max(abs(sn.loss(arch, theta + s * d, X, y) - base) for s in (-1.0, -0.1, 0.1, 1.0)))
        out["flat_change"].append(change)
    result = {key: np.array(value) for key, value in out.items()}
    result.update(big_arch=arch, big_theta=theta)
    return result
