"""Claims of the closing chapter: where the five papers meet, checked on the running example.

Each claim states what one paper's result (or two papers' results side by side) predicts for the
running example of :mod:`lossland.synthesis.running`, and ``compute`` runs the chapters' own
functions on it.  The "paper" column names the papers' statements; the values are ours.
"""
from __future__ import annotations

from functools import lru_cache

from lossland.book.display import below
from lossland.book.ledger import Claim
from lossland.synthesis import running as rx

CHAPTER = "synthesis"
WIDTHS = (1, 2, 3)


@lru_cache(maxsize=1)
def census() -> dict:
    """Chapter 1's and Chapter 2's counts on the running example (t = 1), widths 1 to 3."""
    X, y = rx.running_data()
    return {"regions": rx.regions_lens(X, y, WIDTHS), "liu": rx.liu_lens(X, y, WIDTHS)}


@lru_cache(maxsize=1)
def widening() -> dict:
    """Whether every genuine loss value of width h reappears at width h + 1 (Sec. 3.2 of Chapter 1's paper)."""
    X, y = rx.running_data()
    from lossland.decomposition.constructions import minima_by_width

    values = {h: {round(float(v), 9) for v in m.loss[m.genuine]} for h, m in minima_by_width(X, y, WIDTHS, bias=True).items()}
    return {"kept": all(values[h] <= values[h + 1] for h in WIDTHS[:-1]), "counts": {h: len(v) for h, v in values.items()}}


@lru_cache(maxsize=1)
def exp_run() -> dict:
    """Chapter 3's lens on the running example."""
    return rx.exp_lens(*rx.running_data())


@lru_cache(maxsize=1)
def split_run() -> dict:
    """Chapter 4's lens on the running example."""
    return {key: value for key, value in rx.split_lens(*rx.running_data()).items() if key != "theta"}


@lru_cache(maxsize=1)
def blind_run() -> dict:
    """Chapter 5's lens on the running example."""
    return {key: value for key, value in rx.blind_lens(*rx.running_data()).items() if not key.startswith("theta")}


def _counts(c: dict) -> str:
    return "; ".join(f"K = {K}: {c['liu'][K]['bad']} bad minima, trapped {c['liu'][K]['trapped']:.0%}" for K in WIDTHS)


CLAIMS = [
    Claim(
        key="synthesis/widening", chapter=CHAPTER, label="sec-syn-agree", where="Ch. 1 (Sec. 3.2), Ch. 2 (Sec. 7.3)",
        statement="On the running example (biases on), every loss value of a genuine subglobal minimum at width h is also one at width h + 1, for h = 1, 2.",
        paper="widening by a dead unit keeps every local minimum",
        compute=widening,
        check=lambda o: o["kept"],
        tolerance="qualitative: set inclusion of the genuine loss values (rounded to 1e-9)",
        fmt=lambda o: f"kept {o['kept']}; distinct genuine loss values by width {o['counts']}",
    ),
    Claim(
        key="synthesis/count-vs-trap", chapter=CHAPTER, label="sec-syn-disagree", where="Ch. 2 (Sec. 7.3) against Ch. 1 (Fig. 3)",
        statement="On the running example (Liu's network), the number of bad genuine minima grows with the width K = 1, 2, 3, while the share of seeded random starts trapped in cells holding one falls.",
        paper="Liu: more bad minima with width; Ch. 1: poor minima become rarer",
        compute=census,
        check=lambda o: all(o["liu"][a]["bad"] < o["liu"][b]["bad"] and o["liu"][a]["trapped"] > o["liu"][b]["trapped"]
                            for a, b in zip(WIDTHS, WIDTHS[1:])),
        tolerance="qualitative: counts strictly increasing, trapped share strictly decreasing (2000 seeded starts)",
        fmt=_counts,
    ),
    Claim(
        key="synthesis/exp-neuron", chapter=CHAPTER, label="sec-syn-exp", where="Ch. 3 (Theorems 1 and 4)",
        statement="From the worst bad minimum of the width-1 network, L-BFGS-B on the modified objective lowers it below L(theta*) but ends at no certified local minimum, with |(a, b, w)| grown: there is no local minimum with a bad theta to stop at.",
        paper="no bad local minimum of the modified objective (Thm 1); escape to infinity at a bad theta (Thm 4)",
        compute=exp_run,
        check=lambda o: o["L_tilde_end"] < o["L_start"] - 1e-3 and not o["certified"] and o["extra_norm"] > 1.0,
        tolerance="qualitative: L~ lower by > 1e-3, not certified, |(a,b,w)| above its start (1)",
        fmt=lambda o: f"L~: {o['L_start']:.3f} -> {o['L_tilde_end']:.3f}; certified {o['certified']}; |(a,b,w)| 1 -> {o['extra_norm']:.1f}",
    ),
    Claim(
        key="synthesis/split", chapter=CHAPTER, label="sec-syn-split", where="Ch. 4 (Theorem 8, Lemma 12)",
        statement="A non-degenerate minimum of a 1-1-1 sigmoid network on the running example has B > 0; split at lambda = 0.5 it is a minimum of the 1-2-1 network (smallest Hessian eigenvalue zero up to round-off), at lambda = 1.5 a saddle, and the 1-2-1 network reaches a lower loss elsewhere.",
        paper="suboptimal minima in the wider network, in a non-attracting region",
        compute=split_run,
        check=lambda o: o["hessian_kind"] == "minimum" and o["B"] > 0 and o["smallest"][0.5] > -1e-9 and o["smallest"][1.5] < -1e-6
        and o["wider_best"] < o["loss"] - 1e-3,
        tolerance="smallest eigenvalue >= -1e-9 at lambda 0.5, < -1e-6 at 1.5; wider loss lower by > 1e-3",
        fmt=lambda o: f"B = {o['B']:.3f}; smallest eigenvalue {below(o['smallest'][0.5], 1e-9)} at 0.5, {o['smallest'][1.5]:.3f} at 1.5; loss {o['loss']:.3f} vs {o['wider_best']:.3f} wider",
    ),
    Claim(
        key="synthesis/blind-spot", chapter=CHAPTER, label="sec-syn-blind", where="Ch. 5 (Sec. 3.2: Lemma 2, Corollary 1)",
        statement="Gradient descent from an initialisation blind to every point of the running example ends at the mean fit (loss 1/2 sum (y - mean y)^2) with every point still blind; the same weights with small biases train lower.",
        paper="blind spots cannot be learned; a dead layer predicts the mean",
        compute=blind_run,
        check=lambda o: abs(o["loss_blind"] - o["mean_bound"]) < 1e-9 and o["blind_end"] == 5 and o["loss_random"] < o["mean_bound"] - 1e-3,
        tolerance="blind loss within 1e-9 of the mean fit; random start lower by > 1e-3",
        fmt=lambda o: f"blind start: loss {o['loss_blind']:.3f} (mean fit {o['mean_bound']:.3f}), {o['blind_end']} of 5 points blind; random start: {o['loss_random']:.3f}",
    ),
]
