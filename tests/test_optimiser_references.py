"""Every optimiser of lossland against an independent reference, for its first 1-3 iterates.

The expected iterates are written here from the textbook formulas, with plain loops over
data points and units (``math`` on Python floats), never with lossland's own gradient or
step code: package code is only used to *start* a run (initial weights, data) and to run it.

* Adam: Kingma & Ba (2015), Algorithm 1 (bias-corrected moments), and for :mod:`lossland.core.mlp`
  the equivalent "efficient" form of their Sec. 2 that its docstring names
  (step ``alpha sqrt(1 - beta2^t) / (1 - beta1^t)``, ``eps`` added to ``sqrt(v)``);
  the two differ by ``eps``-sized terms, about 1e-6 relative here, so the exact variant matters.
* AdaGrad: Duchi et al. (2011), ``G += g^2``, ``theta -= lr g / (sqrt(G) + eps)``.
* Gradient descent: ``theta -= lr grad``.

Tolerance: a package iterate and its reference are each a few hundred float64 operations on
numbers of order one, so they agree to roughly ``1e3 * 2.2e-16``; ``RTOL = 1e-12`` with
``ATOL = 1e-13`` leaves a margin of a few times that, and is far below the effect of any real
change of an algorithm (a changed ``eps`` placement already moves an Adam iterate by ~1e-9).
"""
import math

import numpy as np
import pytest

from lossland.blindspots import initialisation as blindspots
from lossland.blindspots import jellyfish
from lossland.core import descent, mlp
from lossland.expneuron import failure as expneuron_failure
from lossland.expneuron import trials as expneuron_trials
from lossland.petzka import infinity
from lossland.petzka import toy_surface

RTOL, ATOL = 1e-12, 1e-13
B1, B2, EPS = 0.9, 0.999, 1e-8  # Adam's defaults (Kingma & Ba 2015, Algorithm 1)
STEPS = pytest.mark.parametrize("steps", [1, 2, 3])


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=RTOL, atol=ATOL)


def sig(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t))


# ---------------------------------------------------------------- the three update rules, from the papers
def adam_algorithm1(params, grad, lr, steps):
    """Kingma & Ba (2015), Algorithm 1, on a list of arrays; ``grad(params)`` returns a list like it."""
    params = [np.array(p, dtype=float) for p in params]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t in range(1, steps + 1):
        g = grad(params)
        for i in range(len(params)):
            m[i] = B1 * m[i] + (1 - B1) * g[i]
            v[i] = B2 * v[i] + (1 - B2) * g[i] ** 2
            m_hat, v_hat = m[i] / (1 - B1**t), v[i] / (1 - B2**t)
            params[i] = params[i] - lr * m_hat / (np.sqrt(v_hat) + EPS)
    return params


def adam_section2(params, grad, lr, steps):
    """Kingma & Ba (2015), Sec. 2: ``alpha_t = alpha sqrt(1 - beta2^t) / (1 - beta1^t)``, ``theta -= alpha_t m / (sqrt(v) + eps)``."""
    params = [np.array(p, dtype=float) for p in params]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t in range(1, steps + 1):
        g = grad(params)
        alpha = lr * math.sqrt(1 - B2**t) / (1 - B1**t)
        for i in range(len(params)):
            m[i] = B1 * m[i] + (1 - B1) * g[i]
            v[i] = B2 * v[i] + (1 - B2) * g[i] ** 2
            params[i] = params[i] - alpha * m[i] / (np.sqrt(v[i]) + EPS)
    return params


def adagrad(params, grad, lr, steps, eps=1e-8):
    """Duchi et al. (2011): ``G += g^2``, ``theta -= lr g / (sqrt(G) + eps)``."""
    params = [np.array(p, dtype=float) for p in params]
    G = [np.zeros_like(p) for p in params]
    for _ in range(steps):
        g = grad(params)
        for i in range(len(params)):
            G[i] = G[i] + g[i] ** 2
            params[i] = params[i] - lr * g[i] / (np.sqrt(G[i]) + eps)
    return params


def gradient_descent(params, grad, lr, steps):
    params = [np.array(p, dtype=float) for p in params]
    for _ in range(steps):
        params = [p - lr * g for p, g in zip(params, grad(params))]
    return params


# ---------------------------------------------------------------- one-hidden-layer nets, by hand
def one_hidden_layer(W, b, v, c, X, activation="relu"):
    """Outputs ``z_n = c + sum_j v_j sigma(sum_i W_ij x_ni + b_j)`` and the pieces backprop needs."""
    rows = []
    for x in X:
        u = [b[j] + sum(x[i] * W[i][j] for i in range(len(x))) for j in range(len(b))]
        if activation == "relu":
            a, da = [max(t, 0.0) for t in u], [1.0 if t > 0 else 0.0 for t in u]
        else:
            a = [sig(t) for t in u]
            da = [s * (1.0 - s) for s in a]
        rows.append((float(c) + sum(v[j] * a[j] for j in range(len(b))), a, da))
    return rows


def one_hidden_layer_grads(W, b, v, c, X, dloss_dz, activation="relu"):
    """``[dW, db, dv, dc]`` of ``sum_n loss_n(z_n)`` given ``dloss_dz(n, z_n)``."""
    d, h = len(W), len(b)
    gW, gb, gv, gc = np.zeros((d, h)), np.zeros(h), np.zeros(h), 0.0
    for n, (z, a, da) in enumerate(one_hidden_layer(W, b, v, c, X, activation)):
        dz = dloss_dz(n, z)
        gc += dz
        for j in range(h):
            gv[j] += dz * a[j]
            du = dz * v[j] * da[j]
            gb[j] += du
            for i in range(d):
                gW[i, j] += du * X[n][i]
    return [gW, gb, gv, np.array(gc)]


def mean_log_loss_grads(X, y, activation):
    """Gradient of the mean binary cross-entropy ``log(1 + e^z) - y z`` of one network."""
    N = len(y)
    return lambda p: one_hidden_layer_grads(*p, X, lambda n, z: (sig(z) - y[n]) / N, activation)


def mean_log_loss(p, X, y, activation):
    rows = one_hidden_layer(*p, X, activation)
    return sum(math.log1p(math.exp(z)) - y[n] * z for n, (z, _, _) in enumerate(rows)) / len(y)


X4 = np.array([[0.3, -1.2], [1.1, 0.4], [-0.7, 0.9], [0.2, 0.5]])
Y4 = np.array([1.0, 0.0, 1.0, 0.0])


# ---------------------------------------------------------------- jellyfish.train: GD and Adam
@STEPS
@pytest.mark.parametrize("optimiser, lr", [("gd", 0.5), ("adam", 0.01)])
@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
def test_jellyfish_train_matches_the_textbook_rule(steps, optimiser, lr, activation):
    widths = [3, 2]  # network 1 is padded: its third unit must stay exactly zero
    p0 = jellyfish.init_params(widths, d=2, rng=3)
    trained, loss, _ = jellyfish.train(p0, X4, Y4, activation, optimiser, steps=steps, lr=lr)
    rule = gradient_descent if optimiser == "gd" else adam_algorithm1
    for r, h in enumerate(widths):
        start = [p0.W[r][:, :h], p0.b[r][:h], p0.v[r][:h], p0.c[r]]
        want = rule(start, mean_log_loss_grads(X4, Y4, activation), lr, steps)
        got = [trained.W[r][:, :h], trained.b[r][:h], trained.v[r][:h], trained.c[r]]
        for g, w in zip(got, want):
            close(g, w)
        assert np.all(trained.W[r][:, h:] == 0) and np.all(trained.b[r][h:] == 0) and np.all(trained.v[r][h:] == 0)
        close(loss[r], mean_log_loss(want, X4, Y4, activation))


def test_jellyfish_adam_first_step_is_lr_times_the_sign_of_the_gradient():
    """Adam's first step is ``lr * g / (|g| + eps)`` whatever the betas; only later steps see them."""
    p0 = jellyfish.init_params([2], d=2, rng=1)
    start = [p0.W[0], p0.b[0], p0.v[0], p0.c[0]]
    one = adam_algorithm1(start, mean_log_loss_grads(X4, Y4, "relu"), 0.01, 1)
    g = mean_log_loss_grads(X4, Y4, "relu")(start)
    for s, o, gi in zip(start, one, g):
        close(o, s - 0.01 * gi / (np.abs(gi) + EPS))
    p1, _, _ = jellyfish.train(p0, X4, Y4, "relu", "adam", steps=1, lr=0.01)
    close(p1.W[0], one[0])


# ---------------------------------------------------------------- jellyfish.zigzag_training: Adam on the MSE
@STEPS
def test_zigzag_training_matches_adam_on_the_mean_squared_error(steps):
    taus, width, runs, lr = [1.0, 3.0], 2, 2, 1e-2
    X, y = jellyfish.zigzag()
    got = jellyfish.zigzag_training(taus, width=width, runs=runs, steps=steps, lr=lr, batch=len(y), seed=4)
    # the function draws the initial weights first from default_rng(seed); a full batch makes the
    # mini-batch draws irrelevant (they only reorder the sum)
    p0 = jellyfish.init_params(np.full(len(taus) * runs, width), d=1, rng=np.random.default_rng(4))
    N = len(y)
    for r in range(len(taus) * runs):
        Xs = taus[r // runs] * X
        grad = lambda p: one_hidden_layer_grads(*p, Xs, lambda n, z: 2.0 * (z - y[n]) / N)
        want = adam_algorithm1([p0.W[r], p0.b[r], p0.v[r], p0.c[r]], grad, lr, steps)
        pred = np.array([z for z, _, _ in one_hidden_layer(*want, Xs)])
        close(got[r // runs, r % runs], np.mean((pred - y) ** 2))


# ---------------------------------------------------------------- blindspots.train_logistic_relu: GD
X_ORIGIN, Y_ORIGIN = np.vstack([X4, [0.0, 0.0]]), np.append(Y4, 1.0)


@STEPS
@pytest.mark.parametrize("X, y", [(X4, Y4), (X_ORIGIN, Y_ORIGIN)], ids=["generic", "point-at-origin"])
def test_train_logistic_relu_matches_gradient_descent(steps, X, y):
    """With a point at the origin and zero biases its pre-activations start exactly at 0: ReLU'(0) = 0."""
    h, n, mu, sigma, lr, seed = 3, 2, 0.2, 0.5, 0.3, 5
    out = blindspots.train_logistic_relu(X, y, h=h, mu=mu, sigma=sigma, n_networks=n, steps=steps, lr=lr, seed=seed)
    Ws, bs = blindspots.sample_networks(n, h, 1, X.shape[1], mu, sigma, seed=seed)  # the documented initial point
    for s in range(n):
        start = [Ws[0][s], bs[0][s], Ws[1][s][:, 0], bs[1][s][0]]
        want = gradient_descent(start, mean_log_loss_grads(X, y, "relu"), lr, steps)
        close(out["loss"][s], mean_log_loss(want, X, y, "relu"))
        for t in range(steps + 1):
            p_t = gradient_descent(start, mean_log_loss_grads(X, y, "relu"), lr, t)
            z = np.array([row[0] for row in one_hidden_layer(*p_t, X)])
            assert out["errors"][t, s] == np.mean((z > 0) != (y > 0.5))


# ---------------------------------------------------------------- mlp.train (and random_regions): Adam, Sec. 2 form
def softmax_net_grads(X, y, masks=None, neuron=None, lam=0.0):
    """Mean cross-entropy of the 2k-k ReLU (or Eq. (8)) net, optionally plus an exponential neuron.

    ``grad(p)`` takes ``p = [W1, b1, W2, b2, W3, b3]`` (+ ``[a, b, W]`` if ``neuron``) of one network
    and returns the gradient of ``CE + lam |a|^2``; ``masks = (a1, a2)`` fixes the activations.
    """
    N = len(y)

    def forward(p, n):
        W1, b1, W2, b2, W3, b3 = p[:6]
        x = X[n]
        z1 = [b1[j] + sum(x[i] * W1[i][j] for i in range(len(x))) for j in range(len(b1))]
        a1 = [1.0 if t > 0 else 0.0 for t in z1] if masks is None else [float(m) for m in masks[0][n]]
        h1 = [a1[j] * z1[j] for j in range(len(z1))]
        z2 = [b2[k] + sum(h1[j] * W2[j][k] for j in range(len(h1))) for k in range(len(b2))]
        a2 = [1.0 if t > 0 else 0.0 for t in z2] if masks is None else [float(m) for m in masks[1][n]]
        h2 = [a2[k] * z2[k] for k in range(len(z2))]
        logits = [b3[c] + sum(h2[k] * W3[k][c] for k in range(len(h2))) for c in range(len(b3))]
        e = None
        if neuron:
            a, b, W = p[6:]
            e = [math.exp(min(b[c] + sum(x[i] * W[i][c] for i in range(len(x))), 30.0)) for c in range(len(b3))]
            logits = [logits[c] + a[c] * e[c] for c in range(len(b3))]
        top = max(logits)
        total = sum(math.exp(t - top) for t in logits)
        prob = [math.exp(t - top) / total for t in logits]
        ce = -(logits[int(y[n])] - top - math.log(total))
        return x, a1, h1, a2, h2, e, prob, ce

    def loss(p):
        return sum(forward(p, n)[-1] for n in range(N)) / N

    def grad(p):
        g = [np.zeros(np.shape(q)) for q in p]
        W1, b1, W2, b2, W3, b3 = p[:6]
        for n in range(N):
            x, a1, h1, a2, h2, e, prob, _ = forward(p, n)
            dl = [(prob[c] - (1.0 if c == int(y[n]) else 0.0)) / N for c in range(len(prob))]
            for c in range(len(dl)):
                g[5][c] += dl[c]
                for k in range(len(h2)):
                    g[4][k, c] += h2[k] * dl[c]
            dz2 = [a2[k] * sum(W3[k][c] * dl[c] for c in range(len(dl))) for k in range(len(h2))]
            for k in range(len(dz2)):
                g[3][k] += dz2[k]
                for j in range(len(h1)):
                    g[2][j, k] += h1[j] * dz2[k]
            dz1 = [a1[j] * sum(W2[j][k] * dz2[k] for k in range(len(dz2))) for j in range(len(h1))]
            for j in range(len(dz1)):
                g[1][j] += dz1[j]
                for i in range(len(x)):
                    g[0][i, j] += x[i] * dz1[j]
            if neuron:
                a, b, W = p[6:]
                for c in range(len(dl)):
                    g[6][c] += dl[c] * e[c]
                    inside = (b[c] + sum(x[i] * W[i][c] for i in range(len(x)))) < 30.0
                    dz = dl[c] * a[c] * e[c] * inside
                    g[7][c] += dz
                    for i in range(len(x)):
                        g[8][i, c] += x[i] * dz
        if neuron:
            g[6] = g[6] + 2.0 * lam * np.asarray(p[6])
        return g

    return grad, loss


X5 = np.array([[0.9, 0.1], [0.2, 0.7], [0.5, 0.5], [0.1, 0.3], [0.8, 0.9]])  # in [0, 1] for the exp-neuron
Y5 = np.array([0, 1, 2, 1, 0])
MASKS = (np.array([[[1, 0], [1, 1], [0, 1], [1, 1], [0, 0]], [[1, 1], [0, 1], [1, 0], [1, 1], [1, 0]]]),
         np.array([[[1], [1], [0], [1], [1]], [[1], [0], [1], [1], [1]]]))


@STEPS
@pytest.mark.parametrize("masked", [False, True], ids=["relu", "eq8-masks"])
def test_mlp_train_matches_adam_of_section_2(steps, masked):
    k, n_classes, repeats, lr, seed = 1, 3, 2, 0.05, 7
    masks = mlp.Masks(*MASKS) if masked else None
    result = mlp.train(X5, Y5, k, masks=masks, n_classes=n_classes, repeats=repeats, epochs=steps,
                       batch_size=len(Y5), lr=lr, seed=seed, dtype=np.float64)
    # documented seeding: the initial weights come from default_rng(seed) first
    init = mlp.init_params(2, k, n_classes, repeats=repeats, seed=np.random.default_rng(seed).integers(2**63),
                           dtype=np.float64)
    for r in range(repeats):
        grad, loss = softmax_net_grads(X5, Y5, None if masks is None else (MASKS[0][r], MASKS[1][r]))
        start = [w[r] for w in init]
        want = adam_section2(start, grad, lr, steps)
        for got, w in zip(result.params, want):
            close(got[r], w)
        for epoch in range(steps):  # full batch: the epoch loss is the loss before that epoch's update
            close(result.losses[epoch, r], loss(adam_section2(start, grad, lr, epoch)))


def test_mlp_loss_and_grad_matches_the_hand_backprop():
    params = mlp.init_params(2, 2, 3, repeats=1, seed=2)
    grad, loss = softmax_net_grads(X5, Y5)
    value, grads = mlp.loss_and_grad(params, X5, Y5)
    close(value[0], loss([p[0] for p in params]))
    for got, want in zip(grads, grad([p[0] for p in params])):
        close(got[0], want)


# ---------------------------------------------------------------- expneuron_trials.train_variant: AdaGrad
def _split_trials(flat, n_in, k, n_classes):
    """The documented flat layout: W1, b1, W2, b2, W3, b3 of f, then a, b, W of the added neuron."""
    shapes = [(n_in, 2 * k), (2 * k,), (2 * k, k), (k,), (k, n_classes), (n_classes,), (n_classes,), (n_classes,),
              (n_in, n_classes)]
    parts, start = [], 0
    for s in shapes:
        size = int(np.prod(s))
        parts.append(np.asarray(flat[start:start + size]).reshape(s))
        start += size
    assert start == len(flat)
    return parts


@STEPS
@pytest.mark.parametrize("variant", ["original", "eliminated", "detector"])
def test_train_variant_matches_adagrad(steps, variant):
    k, n_classes, trials, lr, lam, eps = 1, 3, 2, 0.05, 0.3, 1e-8
    run = expneuron_trials.train_variant(X5, Y5, variant, trials=trials, k=k, n_classes=n_classes, epochs=steps,
                                         batch_size=len(Y5), lr=lr, lam=lam, threshold=1e6, seed=3, eps=eps,
                                         dtype=np.float64)
    starts = expneuron_trials.init_trials(2, k, n_classes, trials, seed=3)
    modified = variant != "original"
    grad_f, loss_f = softmax_net_grads(X5, Y5)
    grad_m, loss_m = softmax_net_grads(X5, Y5, neuron=True, lam=lam)
    for t in range(trials):
        start = _split_trials(starts[t], 2, k, n_classes)
        if modified:
            want = adagrad(start, grad_m, lr, steps, eps)
        else:
            want = adagrad(start[:6], grad_f, lr, steps, eps) + start[6:]  # a, b, W get no gradient and stay
        for got, w in zip(_split_trials(run.params[t], 2, k, n_classes), want):
            close(got, w)
        close(run.final_loss[t], loss_m(want) if modified else loss_f(want[:6]))
        close(run.loss_without_g[t], loss_f(want[:6]))
    assert np.all(run.restarts == 0)


def test_adagrad_moves_b_and_W_only_from_the_second_step():
    """At the start a = 0, so dL~/db = dL~/dW = 0: a step-1 update of b or W would be a bug."""
    run = expneuron_trials.train_variant(X5, Y5, "eliminated", trials=1, k=1, n_classes=3, epochs=1,
                                         batch_size=len(Y5), lr=0.05, threshold=1e6, seed=3, dtype=np.float64)
    before = _split_trials(expneuron_trials.init_trials(2, 1, 3, 1, seed=3)[0], 2, 1, 3)
    after = _split_trials(run.params[0], 2, 1, 3)
    assert np.all(after[7] == before[7]) and np.all(after[8] == before[8]) and np.all(after[6] != 0)


# ---------------------------------------------------------------- expneuron_failure.descend: GD on (theta, a, b)
def example1_f(t):
    """Example 1 of Kawaguchi & Kaelbling (2020), as printed, and its derivative by hand."""
    return 5 * (-0.3 * math.exp(-16 * (t - 0.2) ** 2) - 0.7 * math.exp(-32 * (t - 0.8) ** 2) + 0.5)


def example1_df(t):
    return 5 * (0.3 * 32 * (t - 0.2) * math.exp(-16 * (t - 0.2) ** 2) + 0.7 * 64 * (t - 0.8) * math.exp(-32 * (t - 0.8) ** 2))


def failure_gradient(loss, y, lam):
    """``d/d(theta, a, b)`` of ``l(f(theta) + a e^b, y) + lam a^2``."""
    def dl(q):
        return -3.0 * y * max(0.0, 1.0 - y * q) ** 2 if loss == "cubic_hinge" else 2.0 * (q - y)

    def grad(p):
        t, a, b = (float(v) for v in p)
        d = dl(example1_f(t) + a * math.exp(b))
        return [np.array(d * example1_df(t)), np.array(d * math.exp(b) + 2.0 * lam * a), np.array(d * a * math.exp(b))]

    return grad


@pytest.mark.parametrize("instance", [expneuron_failure.example1(), expneuron_failure.example1_squared()],
                         ids=["cubic_hinge", "squared"])
@pytest.mark.parametrize("start", [(0.25, 0.0, 0.0), (0.6, -0.4, 0.7)])
def test_failure_descend_matches_gradient_descent(instance, start):
    lam, lr = 0.7, 0.05
    tr = expneuron_failure.descend(start[0], instance, lam=lam, lr=lr, steps=3, a0=start[1], b0=start[2])
    grad = failure_gradient(instance.loss, instance.y, lam)
    for k in range(4):
        want = gradient_descent([np.array(v) for v in start], grad, lr, k)
        close([tr.theta[k], tr.a[k], tr.b[k]], [float(w) for w in want])
    assert tr.theta.shape == (4,)


# ---------------------------------------------------------------- nonattracting: GD on the toys and on App. A.2's net
@pytest.mark.parametrize("kind, s", [("nonattracting", -1.0), ("attracting", 1.0)])
def test_toy_descent_matches_gradient_descent(kind, s):
    starts, lr = np.array([[0.3, 0.4], [-0.5, 0.9], [1.0, 2.0]]), 0.05
    run = toy_surface.toy_descent(starts, kind, lr=lr, steps=3, escape_level=0.5)
    grad = lambda p: [2.0 * p[0] * (1.0 + s * p[1] ** 2), 2.0 * s * p[0] ** 2 * p[1]]
    for m, (x0, y0) in enumerate(starts):
        p = [x0, y0]
        for k in range(4):
            close(run.path[k, m], p)
            close(run.loss[k, m], p[0] ** 2 * (1.0 + s * p[1] ** 2))
            if p[0] ** 2 * (1.0 + s * p[1] ** 2) > -0.5:  # escaped runs are frozen
                gx, gy = grad(p)
                p = [p[0] - lr * gx, p[1] - lr * gy]


@STEPS
def test_descend_to_infinity_matches_gradient_descent_with_the_output_bias_held(steps):
    inst = infinity.theorem4_instance()
    lr = 0.05
    run = infinity.descend_to_infinity(inst, lr=lr, steps=steps, records=200)
    X, y = inst.X[:, 0], inst.y
    # flat layout (sigmoid_nets docstring) for sizes (1, 2, 1) with biases: [w_1, w_2, u_1, u_2, v_1, v_2, c]
    theta = [float(t) for t in inst.theta0]
    for k in range(steps + 1):
        w, u, v, c = theta[0:2], theta[2:4], theta[4:6], theta[6]
        h = [[sig(w[i] * x + u[i]) for i in range(2)] for x in X]
        f = [c + v[0] * hn[0] + v[1] * hn[1] for hn in h]
        close(run.loss[k], sum((f[n] - y[n]) ** 2 for n in range(len(y))))
        d = [2.0 * (f[n] - y[n]) for n in range(len(y))]
        gw = [sum(d[n] * v[i] * h[n][i] * (1 - h[n][i]) * X[n] for n in range(len(y))) for i in range(2)]
        gu = [sum(d[n] * v[i] * h[n][i] * (1 - h[n][i]) for n in range(len(y))) for i in range(2)]
        gv = [sum(d[n] * h[n][i] for n in range(len(y))) for i in range(2)]
        if k < steps:
            theta = [p - lr * g for p, g in zip(theta, gw + gu + gv)] + [c]  # the output bias stays
    close(run.theta, theta)
    assert list(run.steps) == list(range(steps + 1))


# ---------------------------------------------------------------- descent.gradient_descent on a quadratic
@STEPS
def test_gradient_descent_on_a_quadratic_follows_the_closed_form(steps):
    """``L = sum_i a_i (theta_i - c_i)^2 / 2``: ``theta_k - c = (1 - eta a)^k (theta_0 - c)`` exactly."""
    a, c, eta = np.array([1.0, 3.0]), np.array([0.5, -1.0]), 0.1
    starts = np.array([[2.0, 1.0], [-1.0, 0.25], [0.0, 4.0]])
    run = descent.gradient_descent(lambda th: a * (th - c), starts, learning_rate=eta, steps=steps, tolerance=1e-300)
    close(run.final, c + (1 - eta * a) ** steps * (starts - c))
    assert list(run.steps) == [steps] * 3 and run.stayed.all()


def test_gradient_descent_stops_at_a_stationary_start_and_at_the_edge_of_the_set():
    """Start at the minimum: no step. With ``inside = theta < 0.8`` the iterates 0.5, 0.75 stay, 0.875 is refused."""
    grad = lambda th: th - 1.0  # minimum at 1; from 0 with eta = 0.5: 0.5, 0.75, 0.875, ...
    at_min = descent.gradient_descent(grad, [[1.0]], learning_rate=0.5, steps=5)
    assert at_min.final[0, 0] == 1.0 and at_min.steps[0] == 0 and at_min.stayed[0]
    run = descent.gradient_descent(grad, [[0.0]], learning_rate=0.5, steps=10, inside=lambda th: th[:, 0] < 0.8)
    assert run.final[0, 0] == 0.75 and not run.stayed[0] and run.steps[0] == 2
