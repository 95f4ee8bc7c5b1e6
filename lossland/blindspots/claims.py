"""Claims of Chapter 5: Swirszcz, Czarnecki & Pascanu, "Local minima in training of deep networks".

Each ``compute`` runs lossland; the paper's printed values appear only in ``paper``.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from lossland.blindspots import initialisation as bs
from lossland.blindspots import jellyfish as jf
from lossland.blindspots import relu_regression as rr
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
    layers = rr.dead_layer_point((4, 4), X, y)
    gradient = rr.flatten(rr.deep_gradient(layers, X, y))
    out = np.ravel(rr.deep_forward(layers, X)[0])
    better = rr.theorem1_construction(X, y, (4, 4))
    return {
        "gradient": float(np.abs(gradient).max()),
        "mean_error": float(np.abs(out - y.mean()).max()),
        "dead_loss": float(rr.deep_loss(layers, X, y)),
        "construction_loss": float(rr.deep_loss(better, X, y)),
    }


def mu_values() -> dict:
    return {
        "lecun_100": bs.mu_for_failure(10_000, depth=100, init="lecun"),
        "xavier_100": bs.mu_for_failure(10_000, depth=100, init="xavier"),
    }


def prop4_monte_carlo() -> dict:
    mu = bs.mu_for_failure(10, depth=1, init="lecun")
    return bs.monte_carlo_prop4(mu, 10, depth=1, init="lecun", n_networks=20000)


def prop5() -> dict:
    depth, h = 20, 2
    mc = bs.monte_carlo_collapse(depth, h, n_networks=20000)
    return {"bound": mc["analytic"], "constant": mc["constant"], "bound_event": mc["bound_event"], "se": mc["bound_event_se"]}


@lru_cache(maxsize=1)
def table1() -> jf.Table1Result:
    """Our Table 1 (website setting), shared by the chapter and its claims."""
    return jf.convergence_table()


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
        statement="On D1 the one-unit network (v, b, w, c) = (1, -3, 1, 0) is a local minimum with loss 18, worse than 14.",
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
        compute=lambda: {**solution_losses("prop2_global_printed", "prop2_global", "prop2_local_printed", "prop2_local"), **certified("prop2_local")},
        check=lambda o: o["prop2_global_printed"] > 1 and o["prop2_global"] < 1e-12 and o["certificate"],
        tolerance="exact losses; certificate of the corrected local minimum",
        status="erratum",
        reason="With w2 = -1 the second unit is dead on all of D2: the 'global' fit has loss 29, not 0, and the 'local' one 23/3. With w2 = +1 both check out: a perfect fit, and a certified local minimum at 8/3.",
        fmt=lambda o: f"printed: {o['prop2_global_printed']:g} and {o['prop2_local_printed']:.3g}; with w2 = +1: {o['prop2_global']:g} and {o['prop2_local']:.3g} (local minimum: {o['certificate']})",
    ),
    Claim(
        key="blindspots/prop3", chapter=CHAPTER, label="sec-bs-regression", where="Proposition 3",
        statement="On D3 the three-unit solution with two units in region I is a better local minimum than the one with two units in region II.",
        paper="1/6 better than 2/3 (implied)",
        compute=lambda: {**solution_losses("prop3_better", "prop3_local"), "better": certified("prop3_better")["certificate"], "worse": certified("prop3_local")["certificate"]},
        check=lambda o: o["prop3_better"] < o["prop3_local"] and o["better"] and o["worse"],
        tolerance="exact losses; both certified",
        fmt=lambda o: f"losses {o['prop3_better']:.4g} and {o['prop3_local']:.4g}; both local minima: {o['better'] and o['worse']}",
    ),
    Claim(
        key="blindspots/dead-layer", chapter=CHAPTER, label="sec-bs-dead", where="Theorem 1, Lemmas 1-2, App. B.3",
        statement="A point where a layer is dead on all data is a local minimum predicting the mean; on a decent dataset a 3-neuron construction beats it.",
        paper="dead layer: mean prediction; construction strictly better",
        compute=dead_layer,
        check=lambda o: o["gradient"] < 1e-12 and o["mean_error"] < 1e-12 and o["construction_loss"] < o["dead_loss"],
        tolerance="gradient and output - mean(y) below 1e-12",
        fmt=lambda o: f"gradient {o['gradient']:.0e}; output = mean(y) to {o['mean_error']:.0e}; loss {o['dead_loss']:.3g} vs construction {o['construction_loss']:.3g}",
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
        statement="Convergence rates of 2-h-1 networks on XOR and the jellyfish grow with h; the jellyfish is harder, especially for ReLU.",
        paper="e.g. XOR ReLU GD: 23 47 70 80 89 89 % for h = 2..7",
        compute=lambda: {name: [float(r) for r in table1().rate[opt][(data, act)]] for name, (opt, data, act) in {"XOR ReLU GD": ("gd", "xor", "relu"), "jellyfish ReLU GD": ("gd", "jellyfish", "relu")}.items()},
        check=lambda o: all(v[-1] > v[0] for v in o.values()),
        tolerance="qualitative: the rate at h = 7 exceeds the rate at h = 2",
        status="differs",
        reason="The paper gives no protocol; ours (PyTorch-default init, 3000 full-batch steps, 40 runs per cell, GD step 0.5 or Adam 0.01) matches XOR closely but not every jellyfish cell, notably sigmoid with Adam.",
        fmt=lambda o: "; ".join(f"{k}: " + " ".join(f"{100 * r:.0f}" for r in v) + " %" for k, v in o.items()),
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
