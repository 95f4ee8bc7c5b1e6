"""Claims of Chapter 5: Swirszcz, Czarnecki & Pascanu, "Local minima in training of deep networks".

Each ``compute`` runs lossland; the paper's printed values appear only in ``paper``.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from lossland.blindspots import bump as bp
from lossland.blindspots import initialisation as bs
from lossland.blindspots import jellyfish as jf
from lossland.blindspots import mnist as mn
from lossland.blindspots import deep_regression as dr
from lossland.blindspots import relu_regression as rr
from lossland.book.display import below
from lossland.book.ledger import Claim

CHAPTER = "blindspots"


def solution_losses(*names) -> dict:
    out = {}
    for name in names:
        arch, theta, X, y = rr.solution(name)
        out[name] = float(rr.paper_loss(theta, X, y))
    return out


@lru_cache(maxsize=None)
def certified(name: str) -> dict:
    """Appendix B.4's case analysis and dense random probes at one named solution."""
    arch, theta, X, y = rr.solution(name)
    certificate = rr.certify(arch, theta, X, y)
    return {"certificate": certificate.is_local_minimum, "probe": rr.probe(arch, theta, X, y, n_directions=1000)}


def dead_layer() -> dict:
    """A deep ReLU net with a layer dead on all of D1: gradient, output, probes (Theorem 1 (i))."""
    X, y = rr.dataset("D1")
    layers = dr.dead_layer_point((4, 4), X, y)
    gradient = dr.flatten(dr.deep_gradient(layers, X, y))
    out = np.ravel(dr.deep_forward(layers, X)[0])
    better = dr.theorem1_construction(X, y, (4, 4))
    return {
        "gradient": float(np.abs(gradient).max()),
        "mean_error": float(np.abs(out - y.mean()).max()),
        "dead_loss": float(dr.deep_loss(layers, X, y)),
        "construction_loss": float(dr.deep_loss(better, X, y)),
    }


def dead_layer_off_mean(shift: float = 1.0) -> float:
    """Gradient norm at the dead-layer point of :func:`dead_layer` with its output bias moved off mean(y)."""
    X, y = rr.dataset("D1")
    layers = dr.dead_layer_point((4, 4), X, y)
    W, b = layers[-1]
    layers[-1] = (W, b + shift)
    return float(np.linalg.norm(dr.flatten(dr.deep_gradient(layers, X, y))))


def bump_on_d1() -> dict:
    """Theorem 1 (ii) with one hidden layer, on D1: the bump at every input, against the dead layer's mean."""
    X, y = rr.dataset("D1")
    fits = [bp.bump_fit(X, y, r) for r in range(len(y))]
    return {"losses": [f["loss"] for f in fits], "dead_loss": fits[0]["dead_loss"],
            "isolates": all(np.isclose(f["outputs"][r], f["nu"]) and np.allclose(np.delete(f["outputs"], r), f["mu"])
                            for r, f in enumerate(fits))}


def theorem1_deep_shift() -> dict:
    """App. B.3 for two hidden layers on D3 (mu = -2.8 < 0): the printed W_n = I carry against ours with a shift."""
    X, y = rr.dataset("D3")
    return {"printed": dr.deep_loss(dr.theorem1_construction(X, y, (3, 2), shift=False), X, y),
            "shifted": dr.deep_loss(dr.theorem1_construction(X, y, (3, 2), shift=True), X, y),
            "dead": float(np.sum((y - y.mean()) ** 2))}


@lru_cache(maxsize=1)
def mnist_fig1() -> dict:
    """Fig. 1 at book scale (shared by the chapter and its claim)."""
    return mn.fig1_runs()


@lru_cache(maxsize=1)
def mnist_fig2() -> dict:
    """Fig. 2 at book scale (shared by the chapter and its claim)."""
    return mn.fig2_runs()


@lru_cache(maxsize=1)
def zigzag_fig5() -> dict:
    """Fig. 5 at book scale (shared by the chapter and its claim)."""
    return jf.fig5_runs()


def _fig1_summary(runs: dict) -> dict:
    acc = runs["accuracy"]
    good, blind = max(runs["w_means"]), min(runs["w_means"])
    return {"good": min(acc[k] for k in acc if k[0] == "mnist" and k[1] == good),
            "blind": max(acc[k] for k in acc if k[1] == blind), "chance": runs["chance"],
            "blind_dead": min(runs["dead"][k] for k in acc if k[1] == blind)}


def mu_values() -> dict:
    return {
        "lecun_100": bs.mu_for_failure(10_000, depth=100, init="lecun"),
        "xavier_100": bs.mu_for_failure(10_000, depth=100, init="xavier"),
    }


def prop4_monte_carlo() -> dict:
    mu = bs.mu_for_failure(10, depth=1, init="lecun")
    return bs.monte_carlo_prop4(mu, 10, depth=1, init="lecun", n_networks=20000)


def prop4_correlation() -> dict:
    """The correlation of the two features of our Prop. 4 dataset, and whether its signs are App. B.1's.

    Every point has both features of one sign (cluster negative, outlier positive), so every
    product x_p1 x_p2 is positive and so is the covariance of the centred data: it is not the
    identity, whatever the scaling.
    """
    X, _ = bs.blindspot_dataset(seed=0)
    return {"correlation": float(np.corrcoef(X.T)[0, 1]),
            "signs": bool((X[:-1] < 0).all() and (X[-1] > 0).all())}


def prop5() -> dict:
    depth, h = 20, 2
    mc = bs.monte_carlo_collapse(depth, h, n_networks=20000)
    return {"bound": mc["analytic"], "constant": mc["constant"], "bound_event": mc["bound_event"], "se": mc["bound_event_se"]}


@lru_cache(maxsize=1)
def table1() -> jf.Table1Result:
    """Our Table 1 (website setting), shared by the chapter and its claims."""
    return jf.convergence_table()


def _rate(ok) -> tuple[float, float]:
    """Share of successes and its binomial standard error, with the floor of one run in n at 0 or 1."""
    ok = np.asarray(ok, dtype=float)
    p = float(ok.mean())
    return p, float(np.sqrt(max(p * (1 - p), 1.0 / ok.size) / ok.size))


def _runs_of(result: jf.Table1Result, key, widths) -> np.ndarray:
    """The converged flags of ``key``'s runs at the given widths."""
    flags = result.converged[key].reshape(len(result.widths), result.runs)
    return flags[[result.widths.index(h) for h in widths]].ravel()


def _difference(a, b, paired: bool) -> tuple[float, float]:
    """Rate of ``a`` minus rate of ``b`` and its standard error (paired: the same initialisations)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if paired:
        d = a - b
        return float(d.mean()), float(max(d.std(), 1.0 / np.sqrt(d.size)) / np.sqrt(d.size))
    return float(a.mean() - b.mean()), float(np.hypot(_rate(a)[1], _rate(b)[1]))


@lru_cache(maxsize=1)
def table1_tests() -> dict:
    """The comparisons Table 1 is quoted for, on our runs, each as (difference, standard error).

    Rates pool the six widths (``6 * runs`` runs per column) unless stated.  ``adam_vs_gd``:
    Adam minus GD per (dataset, activation), independent draws.  ``jelly_vs_xor``: jellyfish
    minus XOR per (optimiser, activation), paired (the same initialisations train both).
    ``growth``: h = 6, 7 minus h = 2, 3 per (optimiser, dataset, activation).  ``adam_jelly_sigmoid``: our
    pooled rate, its error and the paper's pooled rate.  ``h4``: GD, ReLU, jellyfish at h = 4.
    ``cells``: how many of the 42 cells outside the Adam / jellyfish / sigmoid row lie within two
    standard errors (ours) of the paper's value.
    """
    r = table1()
    pairs = [(d, a) for d in ("xor", "jellyfish") for a in ("relu", "sigmoid")]
    out = {"runs": r.runs, "pooled": r.runs * len(r.widths)}
    out["adam_vs_gd"] = {k: _difference(r.converged[("adam", *k)], r.converged[("gd", *k)], paired=False) for k in pairs}
    out["jelly_vs_xor"] = {(o, a): _difference(r.converged[(o, "jellyfish", a)], r.converged[(o, "xor", a)], paired=True)
                           for o in ("gd", "adam") for a in ("relu", "sigmoid")}
    out["growth"] = {(o, d, a): _difference(_runs_of(r, (o, d, a), (6, 7)), _runs_of(r, (o, d, a), (2, 3)), paired=False)
                     for o in ("gd", "adam") for d in ("xor", "jellyfish") for a in ("relu", "sigmoid")}
    ours, se = _rate(r.converged[("adam", "jellyfish", "sigmoid")])
    out["adam_jelly_sigmoid"] = (ours, se, float(np.mean(jf.PAPER_TABLE1["adam"][("jellyfish", "sigmoid")])) / 100)
    out["h4"] = (*_rate(_runs_of(r, ("gd", "jellyfish", "relu"), (4,))), jf.PAPER_TABLE1["gd"][("jellyfish", "relu")][2] / 100)
    within = total = 0
    for opt in ("gd", "adam"):
        for key in pairs:
            if (opt, key) == ("adam", ("jellyfish", "sigmoid")):
                continue
            for h, paper in zip(r.widths, jf.PAPER_TABLE1[opt][key]):
                p, e = _rate(_runs_of(r, (opt, *key), (h,)))
                within += abs(p - paper / 100) <= 2 * e
                total += 1
    out["cells"] = (int(within), total)
    return out


def _points(d: float, e: float) -> str:
    """A difference of rates and its error in percentage points, '+5 ± 3' (never '-0')."""
    return f"{round(100 * d):+d} ± {round(100 * e):d}"


def format_table1_tests(tests: dict) -> str:
    """Markdown: each comparison of :func:`table1_tests` in points, ± one standard error."""
    pct = _points
    name = {"xor": "XOR", "jellyfish": "jellyfish", "relu": "ReLU", "sigmoid": "sigmoid", "gd": "GD", "adam": "Adam"}
    lines = ["| comparison (rates pooled over h = 2..7 unless stated) | ReLU | sigmoid |", "|---|---|---|"]
    for data in ("xor", "jellyfish"):
        lines.append(f"| Adam − GD, {name[data]} | {pct(*tests['adam_vs_gd'][(data, 'relu')])} "
                     f"| {pct(*tests['adam_vs_gd'][(data, 'sigmoid')])} |")
    for opt in ("gd", "adam"):
        lines.append(f"| jellyfish − XOR, {name[opt]} | {pct(*tests['jelly_vs_xor'][(opt, 'relu')])} "
                     f"| {pct(*tests['jelly_vs_xor'][(opt, 'sigmoid')])} |")
    for opt in ("gd", "adam"):
        for data in ("xor", "jellyfish"):
            lines.append(f"| (h = 6, 7) − (h = 2, 3), {name[opt]}, {name[data]} | {pct(*tests['growth'][(opt, data, 'relu')])} "
                         f"| {pct(*tests['growth'][(opt, data, 'sigmoid')])} |")
    lines.append(f"\nDifferences of convergence rates in percentage points, ± one standard error "
                 f"({tests['runs']} runs per width: {tests['pooled']} per rate over all six widths, "
                 f"{2 * tests['runs']} over two).")
    return "\n".join(lines)


def jellyfish_linearity() -> dict:
    """Share of jellyfish ReLU runs (GD, all widths) with every data point in one linear piece."""
    result = table1()
    key = ("gd", "jellyfish", "relu")
    _, share = jf.linearity(result.params[key], jf.JELLYFISH[0])
    converged = result.converged[key]
    return {"stuck_one_piece": float(np.mean(share[~converged] == 1.0)), "converged_one_piece": float(np.mean(share[converged] == 1.0)),
            "stuck": int((~converged).sum()), "converged": int(converged.sum())}


@lru_cache(maxsize=1)
def concentration() -> dict:
    taus = (1.0, 0.1, 0.01)
    X, _ = jf.zigzag()
    patterns = jf.patterns_vs_tau(X, taus)
    mse = np.median(jf.zigzag_training(taus, runs=4, steps=1500), axis=1)
    return {"taus": taus, "patterns": patterns.tolist(), "mse": mse.tolist()}


CLAIMS: list[Claim] = [
    Claim(
        key="blindspots/prop1", chapter=CHAPTER, label="sec-bs-regression", where="Proposition 1, App. B.4",
        statement="On D1 the one-unit network (w, b, v, c) = (1, -3, 1, 0) is a local minimum with loss 18, worse than 14.",
        paper="18 against 14",
        compute=lambda: {**solution_losses("prop1_local", "prop1_better"), **certified("prop1_local")},
        check=lambda o: o["prop1_local"] == 18.0 and o["prop1_better"] == 14.0 and o["certificate"] and o["probe"],
        tolerance="exact losses; certificate (case analysis) and 1000-direction probes",
        fmt=lambda o: f"losses {o['prop1_local']:g} and {o['prop1_better']:g}; local minimum by case analysis {o['certificate']}, by probes {o['probe']}",
    ),
    Claim(
        key="blindspots/prop2", chapter=CHAPTER, label="sec-bs-regression", where="Proposition 2",
        statement="On D2 the printed parameters give a perfect fit (global) and a local minimum.",
        paper="w = (-5, -1) global, w = (-3, -1) local",
        compute=lambda: {**solution_losses("prop2_global_printed", "prop2_global", "prop2_local_printed", "prop2_local"),
                         "certificate": certified("prop2_local")["certificate"],
                         "printed_minima": [certified(n)["certificate"] or certified(n)["probe"]
                                            for n in ("prop2_global_printed", "prop2_local_printed")]},
        check=lambda o: o["prop2_global_printed"] > 1 and not any(o["printed_minima"]) and o["prop2_global"] < 1e-12 and o["certificate"],
        tolerance="exact losses; case analysis and 1000-direction probes at all four points",
        status="erratum",
        reason="With w2 = -1 the second unit is dead on all of D2: the 'global' fit has loss 29, not 0, the 'local' one 23/3, and neither is a local minimum (moving c alone lowers both). With w2 = +1 both check out: a perfect fit, and a certified local minimum at 8/3.",
        fmt=lambda o: f"printed: losses {o['prop2_global_printed']:g} and {o['prop2_local_printed']:.3g}, local minima: "
        f"{' and '.join(map(str, o['printed_minima']))}; with w2 = +1: {below(o['prop2_global'], 1e-12)} and "
        f"{o['prop2_local']:.3g} (local minimum: {o['certificate']})",
    ),
    Claim(
        key="blindspots/prop3", chapter=CHAPTER, label="sec-bs-regression", where="Proposition 3",
        statement="On D3 the three-unit solution with two units in region I is a better local minimum than the one with two units in region II.",
        paper="1/6 better than 2/3 (implied)",
        compute=lambda: {**solution_losses("prop3_better", "prop3_local", "prop3_perfect"),
                         "better": certified("prop3_better")["certificate"], "worse": certified("prop3_local")["certificate"]},
        check=lambda o: o["prop3_better"] < o["prop3_local"] and o["better"] and o["worse"],
        tolerance="exact losses; both certified",
        fmt=lambda o: f"losses {o['prop3_better']:.4g} and {o['prop3_local']:.4g}; both local minima: {o['better'] and o['worse']}; "
        f"neither is global: three units fit D3 with loss {below(o['prop3_perfect'], 1e-12)}",
    ),
    Claim(
        key="blindspots/dead-layer", chapter=CHAPTER, label="sec-bs-dead", where="Theorem 1, Lemmas 1-2, App. B.3",
        statement="A point where a layer is dead on all data and the output is mean(y) is a local minimum; on a decent dataset a 3-neuron construction beats it.",
        paper="dead layer: mean prediction; construction strictly better",
        compute=dead_layer,
        check=lambda o: o["gradient"] < 1e-12 and o["mean_error"] < 1e-12 and o["construction_loss"] < o["dead_loss"],
        tolerance="gradient and output - mean(y) below 1e-12",
        fmt=lambda o: f"gradient {below(o['gradient'], 1e-12)}; |output - mean(y)| {below(o['mean_error'], 1e-12)}; "
                      f"loss {o['dead_loss']:.4g} vs construction {o['construction_loss']:.4g}",
    ),
    Claim(
        key="blindspots/theorem1-i", chapter=CHAPTER, label="sec-bs-dead", where="Theorem 1 (i)",
        statement="Any point at which some layer is dead on all data (W_n h_n(x_i) < -b_n) is a local minimum.",
        paper="theta is a local minimum",
        compute=dead_layer_off_mean,
        check=lambda o: o > 1.0,
        tolerance="gradient at a dead-layer point whose constant output is mean(y) + 1, on D1",
        status="erratum",
        reason="Only when the constant output is the mean of y (Corollary 1's 'after the training'): otherwise moving the output bias lowers the loss (its derivative is 2N times the offset). The condition should read W_n h_{n-1}(x_i) < -b_n for some layer n.",
        fmt=lambda o: f"gradient norm {o:.3g} with the output at mean(y) + 1: not even a critical point",
    ),
    Claim(
        key="blindspots/theorem1-bump", chapter=CHAPTER, label="sec-bs-dead", where="Theorem 1 (ii), App. B.3",
        statement="Three first-layer ReLUs v, 2v, v with biases -gamma + 1, -2 gamma, -gamma - 1 output nu at x_r and mu at every other input, beating the dead layer's constant on a decent dataset.",
        paper="output nu at x_r, mu elsewhere; strictly lower loss",
        compute=bump_on_d1,
        check=lambda o: o["isolates"] and all(loss < o["dead_loss"] for loss in o["losses"]),
        tolerance="exact outputs; every input of D1 isolated in turn",
        fmt=lambda o: f"D1, isolating each input: losses {', '.join(f'{x:.3g}' for x in o['losses'])} against {o['dead_loss']:.3g} for mean(y)",
    ),
    Claim(
        key="blindspots/theorem1-deep", chapter=CHAPTER, label="sec-bs-dead", where="App. B.3 (more than one hidden layer)",
        statement="With more than one hidden layer, setting W_n = I and b_n = 0 in the later layers carries the bump's output to the end.",
        paper="W_n = I, b_n = 0 for n = 3..k",
        compute=theorem1_deep_shift,
        check=lambda o: o["printed"] > o["dead"] and o["shifted"] < o["dead"],
        tolerance="exact losses (Eq. 2) on D3 with hidden widths (3, 2)",
        status="erratum",
        reason="A ReLU zeroes a negative carried value: on D3 the mean away from x_r is -2.8, the printed network outputs 0 there and loses to the dead layer. Adding a shift s = max(0, -min(mu, nu)) inside and subtracting it in the output bias repairs the construction.",
        fmt=lambda o: f"D3, widths (3, 2): printed {o['printed']:.3g}, shifted {o['shifted']:.3g}, dead layer {o['dead']:.3g}",
    ),
    Claim(
        key="blindspots/fig1-mnist", chapter=CHAPTER, label="sec-bs-mnist", where="Sec. 3.1.1, Fig. 1",
        statement="ReLU MLPs trained with Adam on MNIST from a bad initialisation do not reach a good solution, whatever their depth.",
        paper="no convergence after 10^6 updates for badly initialised models",
        compute=lambda: _fig1_summary(mnist_fig1()),
        check=lambda o: o["blind"] <= o["chance"] + 1e-12 and o["blind_dead"] == 1.0 and o["good"] > 0.9,
        tolerance="book scale: 500 images, h = 16, 64, 200 Adam steps; blind runs at the majority-class rate",
        status="differs",
        reason="Our scale is not the paper's (500 images, 200 updates against 60,000 and 10^6), and the paper's initialisations are not recoverable from our copy (its figure is lost); ours shift the weight mean of LeCun's normal initialisation below zero.",
        fmt=lambda o: f"good init: training accuracy at least {o['good']:.3f} on MNIST; weight mean -0.02: at most {o['blind']:.3f} (majority class {o['chance']:.3f}), first layer dead on every image",
    ),
    Claim(
        key="blindspots/fig2-fig5", chapter=CHAPTER, label="sec-bs-concentration", where="Sec. 3.1.1, 3.1.3, Figs. 2 and 5",
        statement="Scaling the inputs down (small tau) makes training of ReLU networks markedly worse, on MNIST and on the zig-zag task.",
        paper="learning less well behaved for small tau",
        compute=lambda: {"mnist": {t: float(np.mean([mnist_fig2()["accuracy"][(t, w)] for w in mnist_fig2()["widths"]]))
                                   for t in mnist_fig2()["taus"]},
                         "zigzag": {t: float(np.median(zigzag_fig5()["mse"][:, j])) for j, t in enumerate(zigzag_fig5()["taus"])}},
        check=lambda o: o["mnist"][min(o["mnist"])] < o["mnist"][max(o["mnist"])] - 0.2
        and o["zigzag"][min(o["zigzag"])] > o["zigzag"][max(o["zigzag"])] + 0.1,
        tolerance="book scale; training accuracy (MNIST) and MSE (zig-zag) at the smallest tau against tau = 1",
        status="differs",
        reason="Short runs (200 Adam steps on 500 images; 1500 on 20 zig-zag points) against the paper's 10^6 updates; the zig-zag data are our stand-in. The direction of the effect is the paper's.",
        fmt=lambda o: "MNIST accuracy " + ", ".join(f"tau {t:g}: {a:.2f}" for t, a in o["mnist"].items())
        + "; zig-zag MSE " + ", ".join(f"tau {t:g}: {m:.2g}" for t, m in o["zigzag"].items()),
    ),
    Claim(
        key="blindspots/mu-024", chapter=CHAPTER, label="sec-bs-init", where="Sec. 3.2, Fig. 6 (middle)",
        statement="With LeCun or Xavier initialisation, mu = 0.24 gives a 99% chance of the blind-spot failure even with 10,000 units in each of 100 layers.",
        paper="mu = 0.24",
        compute=mu_values,
        check=lambda o: o["lecun_100"] < 0.2 and o["xavier_100"] < 0.2,
        tolerance="mu solving Eq. 3 = 0.99 (2 inputs)",
        status="erratum",
        reason="At h = 10,000 LeCun's sigma = 1/sqrt(h) is 0.01, the same as the fixed-sigma case, and Eq. 3 needs only mu of about 0.07; 0.24 is the LeCun value for a few hundred units.",
        fmt=lambda o: f"mu for 99%: LeCun {o['lecun_100']:.3f}, Xavier {o['xavier_100']:.3f}",
    ),
    Claim(
        key="blindspots/mu-007", chapter=CHAPTER, label="sec-bs-init", where="Sec. 3.2",
        statement="With a fixed standard deviation 0.01, mu = 0.07 already gives the failure (10,000 units, 100 layers).",
        paper="fails even with mu = 0.07",
        compute=lambda: float(bs.prob_all_positive(0.07, 10_000, depth=100, init="lecun")),
        check=lambda o: o > 0.9,
        tolerance="Eq. 3 at mu = 0.07 (sigma = 0.01 = 1/sqrt(10,000))",
        fmt=lambda o: f"probability of the failure at mu = 0.07: {o:.3f}",
    ),
    Claim(
        key="blindspots/eq3", chapter=CHAPTER, label="sec-bs-init", where="Proposition 4, Eq. 3",
        statement="The probability that all weights are positive (so all units are dead on the cluster) is given by Eq. 3.",
        paper="Eq. 3",
        compute=prop4_monte_carlo,
        check=lambda o: abs(o["all_positive"] - o["analytic"]) < 4 * o["all_positive_se"],
        tolerance="4 standard errors of 20,000 sampled networks",
        fmt=lambda o: f"Eq. 3 {o['analytic']:.4f}; Monte Carlo {o['all_positive']:.4f}",
    ),
    Claim(
        key="blindspots/prop4-whitened", chapter=CHAPTER, label="sec-bs-init", where="Proposition 4, App. B.1",
        statement="The dataset of Proposition 4 is normalised (whitened): its covariance can be the identity.",
        paper="normalized (whitened)",
        compute=prop4_correlation,
        check=lambda o: o["signs"] and o["correlation"] > 0,
        tolerance="sign: the correlation of the two standardised features of our dataset",
        status="erratum",
        reason="With every cluster feature negative and every outlier feature positive, each product x_p1 x_p2 is positive, "
               "so the features are positively correlated for every such dataset: App. B.1 standardises each coordinate "
               "(mean 0, standard deviation 1) but cannot whiten.",
        fmt=lambda o: f"correlation of the two features {o['correlation']:.2f} (signs as in App. B.1: {o['signs']})",
    ),
    Claim(
        key="blindspots/prop5", chapter=CHAPTER, label="sec-bs-depth", where="Proposition 5, App. B.2",
        statement="With zero-mean initialisation the probability that a deep ReLU network collapses to a constant goes to 1 with depth.",
        paper="-> 1 as depth grows",
        compute=prop5,
        check=lambda o: abs(o["bound_event"] - o["bound"]) < 4 * o["se"] and o["constant"] >= o["bound"],
        tolerance="Monte Carlo (20,000 networks, 20 layers of 2 units): the bound's event within 4 standard errors; collapse at least as frequent",
        fmt=lambda o: f"20 layers of 2 units: bound {o['bound']:.3f}; Monte Carlo: bound's event {o['bound_event']:.3f}, output constant {o['constant']:.3f}",
    ),
    Claim(
        key="blindspots/table1", chapter=CHAPTER, label="sec-bs-jellyfish", where="Table 1",
        statement="Convergence rates of 2-h-1 ReLU networks on XOR and the jellyfish grow with h.",
        paper="e.g. XOR ReLU GD: 23 47 70 80 89 89 % for h = 2..7",
        compute=table1_tests,
        check=lambda o: all(d > 2 * e for (_, _, a), (d, e) in o["growth"].items() if a == "relu"),
        tolerance="qualitative: rate at h = 6, 7 above the rate at h = 2, 3 by more than 2 standard errors, in all four ReLU columns",
        fmt=lambda o: "ReLU, h = 6, 7 minus h = 2, 3: " + "; ".join(
            f"{d} {'GD' if o_ == 'gd' else 'Adam'} {_points(*v)}" for (o_, d, a), v in o["growth"].items() if a == "relu") + " points",
    ),
    Claim(
        key="blindspots/table1-adam", chapter=CHAPTER, label="sec-bs-jellyfish", where="Sec. 3.1.2, Table 1",
        statement="On XOR (and the jellyfish), Adam does not help over full-batch GD, and rather makes getting stuck more likely.",
        paper="Adam below GD in 14 of 24 cells, above in 6 (5 of them XOR ReLU), equal in 4; jellyfish sigmoid 17 % vs 94 % (mean over h)",
        compute=lambda: {**table1_tests(), "paper_cells": jf.paper_adam_vs_gd()},
        check=lambda o: all(d < 2 * e for d, e in o["adam_vs_gd"].values()) and any(d < -2 * e for d, e in o["adam_vs_gd"].values()),
        tolerance="Adam minus GD (pooled over h) below +2 standard errors everywhere, below -2 somewhere",
        fmt=lambda o: "Adam minus GD: " + "; ".join(
            f"{d} {a} {_points(*v)}" for (d, a), v in o["adam_vs_gd"].items()) + " points"
        + f" (the paper's table, recounted: Adam below in {o['paper_cells']['below']}, above in {o['paper_cells']['above']}, "
        f"equal in {o['paper_cells']['equal']} of 24 cells)",
    ),
    Claim(
        key="blindspots/table1-jellyfish", chapter=CHAPTER, label="sec-bs-jellyfish", where="Sec. 3.1.2, Table 1",
        statement="The jellyfish is harder than XOR, especially for ReLU units: with 4 units GD solves it in only 2 of 3 runs.",
        paper="jellyfish below XOR; GD ReLU h = 4: 66 %",
        compute=table1_tests,
        check=lambda o: all(o["jelly_vs_xor"][(opt, "relu")][0] < -2 * o["jelly_vs_xor"][(opt, "relu")][1] for opt in ("gd", "adam"))
        and abs(o["h4"][0] - o["h4"][2]) > 2 * o["h4"][1],
        tolerance="jellyfish minus XOR (ReLU, paired, pooled over h) below -2 standard errors for both optimisers; h = 4 cell more than 2 errors from 66 %",
        status="differs",
        reason="The comparison holds (for sigmoid units too), but our GD ReLU rate at h = 4 is well below the paper's 2 in 3: our protocol is not the paper's, which it does not state.",
        fmt=lambda o: "jellyfish minus XOR: " + "; ".join(
            f"{'GD' if opt == 'gd' else 'Adam'} {a} {_points(*v)}" for (opt, a), v in o["jelly_vs_xor"].items())
        + f" points; GD ReLU h = 4: {100 * o['h4'][0]:.0f} ± {100 * o['h4'][1]:.0f} %",
    ),
    Claim(
        key="blindspots/table1-adam-sigmoid", chapter=CHAPTER, label="sec-bs-jellyfish", where="Table 1, Adam, jellyfish, sigmoid",
        statement="With Adam, sigmoid networks rarely solve the jellyfish: 0 0 2 27 17 58 % for h = 2..7.",
        paper="0 0 2 27 17 58 % (mean 17 %)",
        compute=table1_tests,
        check=lambda o: o["adam_jelly_sigmoid"][0] - o["adam_jelly_sigmoid"][2] > 2 * o["adam_jelly_sigmoid"][1],
        tolerance="our rate pooled over h more than 2 standard errors above the paper's mean",
        status="differs",
        reason="Not reproduced: our Adam runs (step 0.01, 3000 steps, PyTorch-default initialisation) solve it far more often (20-100 % per width). The paper's protocol is not stated; the other 42 cells mostly agree within 2 standard errors.",
        fmt=lambda o: f"pooled over h: {100 * o['adam_jelly_sigmoid'][0]:.0f} ± {100 * o['adam_jelly_sigmoid'][1]:.0f} %; "
        f"other cells within 2 errors of the paper: {o['cells'][0]} of {o['cells'][1]}",
    ),
    Claim(
        key="blindspots/jellyfish-linear", chapter=CHAPTER, label="sec-bs-jellyfish", where="Sec. 3.1.2, Fig. 3",
        statement="When a ReLU network fails on the jellyfish, it is almost linear near the data: most points share one linear region.",
        paper="stuck runs are nearly linear near the data",
        compute=jellyfish_linearity,
        check=lambda o: o["stuck"] > 0 and o["stuck_one_piece"] > o["converged_one_piece"],
        tolerance="qualitative: share of runs with all four points in one linear piece",
        fmt=lambda o: f"all points in one linear piece: {o['stuck_one_piece']:.0%} of {o['stuck']} stuck runs, {o['converged_one_piece']:.0%} of {o['converged']} converged runs",
    ),
    Claim(
        key="blindspots/concentration", chapter=CHAPTER, label="sec-bs-concentration", where="Sec. 3.1.1, 3.1.3, Figs. 2 and 5",
        statement="Shrinking the data by tau concentrates it in few linear regions of a fresh ReLU network and stalls training.",
        paper="training stalls for small tau",
        compute=concentration,
        check=lambda o: o["patterns"][0] > o["patterns"][-1] and o["mse"][-1] > o["mse"][0],
        tolerance="qualitative: fewer activation patterns and higher training error at the smallest tau",
        status="differs",
        reason="Short runs (1500 Adam steps) on our stand-in for the zig-zag task, against the paper's 2,000,000 updates; the direction of the effect is the paper's.",
        fmt=lambda o: "; ".join(f"tau {t:g}: {p:.1f} patterns, MSE {m:.2g}" for t, p, m in zip(o["taus"], o["patterns"], o["mse"])),
    ),
]
