"""Claims of Chapter 4: Petzka & Sminchisescu, "Non-attracting regions of local minima in deep and wide neural networks".

Each ``compute`` runs lossland; the paper's printed values appear only in ``paper``.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from lossland.book.display import below
from lossland.book.ledger import Claim
from lossland.core import sigmoid_nets as sn
from lossland.petzka import embedding as em
from lossland.petzka import experiment as pe
from lossland.petzka import infinity as ti
from lossland.petzka import toy_surface as ts
from lossland.petzka import wide_path as wp

CHAPTER = "petzka"


@lru_cache(maxsize=1)
def student() -> pe.TeacherStudent:
    """The 2-1-1-1 student of Sec. 5.4 (legacy seed 22, BFGS), shared by several claims."""
    return pe.teacher_student()


@lru_cache(maxsize=1)
def figure3() -> pe.Figure3:
    """The arrays of Fig. 3 (5000 directions), shared by the chapter and its claims."""
    return pe.figure3(pe.wide_minimum(student()))


def toy_path() -> dict:
    path = ts.escape_path(0.5)
    return {"non_increasing": bool(np.all(np.diff(path.loss) <= 1e-12)), "start": float(path.loss[0]), "end": float(path.loss[-1])}


def embedding_checks() -> dict:
    """Theorem 7 on the Sec. 5.4 student: split its hidden neurons for several lambda."""
    data = student()
    arch, theta = sn.Architecture((2, 1, 1, 1)), data.student
    worst_f, worst_g = 0.0, 0.0
    for lam in (-1.5, 0.3, 0.5, 2.5):
        for layer in (1, 2):
            big, big_theta = em.embed(arch, theta, layer, 0, lam)
            worst_f = max(worst_f, float(np.abs(sn.forward(big, big_theta, data.X) - sn.forward(arch, theta, data.X)).max()))
            worst_g = max(worst_g, float(np.linalg.norm(sn.gradient(big, big_theta, data.X, data.y))))
    return {"function": worst_f, "gradient": worst_g, "student_gradient": float(data.grad_norm)}


def shallow_eigenvalues(sign: str = "positive") -> dict:
    """Smallest Hessian eigenvalue of the split shallow example inside (0, 1) and outside [0, 1] (``sign`` of B)."""
    arch, theta, X, y = em.shallow_example(seed=em.SHALLOW_SEEDS[sign])
    inside = em.embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, [0.2, 0.5, 0.8])[:, 0]
    outside = em.embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, [-0.5, 1.5])[:, 0]
    return {"B": float(em.b_matrix(arch, theta, X, y, 1, 0)[0, 0]),
            "inside_min": float(inside.min()), "inside_max": float(inside.max()),
            "outside_min": float(outside.min()), "outside_max": float(outside.max())}


@lru_cache(maxsize=1)
def deep_saddle() -> dict:
    """Theorem 9 with D != 0 (1-1-2-1 minimum, first-layer neuron): the split point's smallest eigenvalue for many lambda."""
    arch, theta, X, y = em.deep_example()
    lams = np.linspace(-1.0, 2.0, 61)
    smallest = em.embedded_smallest_eigenvalues(arch, theta, X, y, 1, 0, lams, k=1)[:, 0]
    return {"student_smallest": float(np.linalg.eigvalsh(sn.hessian(arch, theta, X, y))[0]),
            "loss": float(sn.loss(arch, theta, X, y)),
            "B": float(em.b_matrix(arch, theta, X, y, 1, 0)[0, 0]),
            "D": em.d_matrix(arch, theta, X, y, 1, 0).ravel().tolist(),
            "largest_smallest": float(smallest.max()), "n_lambda": len(lams)}


def lemma12_deviation() -> float:
    """Largest entry of P^T H P minus the Hessian Lemma 12 predicts, on the Sec. 5.4 student (layer 1, lambda 0.3)."""
    data = student()
    arch = sn.Architecture((2, 1, 1, 1))
    big, big_theta = em.embed(arch, data.student, 1, 0, 0.3)
    P = em.lemma12_basis(arch, 1, 0, 0.3)
    actual = P.T @ sn.hessian(big, big_theta, data.X, data.y) @ P
    predicted = em.lemma12_hessian(arch, data.student, data.X, data.y, 1, 0, 0.3)
    return float(np.abs(actual - predicted).max())


def probe_summary() -> dict:
    result = figure3()
    centre = float(result.path_losses[0])
    return {
        "minimum_drop": float(centre - result.minimum_min.min()),
        "path_spread": float(np.ptp(result.path_losses)),
        "saddle_descending": int(np.sum(result.saddle_losses.min(axis=1) < centre - 1e-9)),
        "saddle_drop": float(centre - result.saddle_min.min()),
        "lemma12_drop": float(centre - result.descent_losses.min()),
        "directions": len(result.minimum_losses),
    }


def b_and_d() -> dict:
    """Eq. 1 and Eq. 2 on the chapter's instances: the 1-1-1 student (B > 0) and the Sec. 5.4 student, both layers.

    Also Proposition 15 (i) at work: on the last hidden layer D equals dL/du_r / v_r, at the minimum
    (both ~ 0) and at a point off it (both clearly non-zero).
    """
    arch, theta, X, y = em.shallow_example(seed=em.SHALLOW_SEEDS["positive"])
    off_D, off_G = em.prop15_identity(arch, theta + 0.5, X, y, 1, 0)
    data = student()
    deep = sn.Architecture((2, 1, 1, 1))
    return {
        "shallow_B": float(em.b_matrix(arch, theta, X, y, 1, 0)[0, 0]),
        "shallow_D": float(em.d_matrix(arch, theta, X, y, 1, 0)[0, 0]),
        "off_D": float(off_D[0, 0]), "off_G": float(off_G[0, 0]),
        "B1": em.b_matrix(deep, data.student, data.X, data.y, 1, 0), "D1": em.d_matrix(deep, data.student, data.X, data.y, 1, 0),
        "B2": float(em.b_matrix(deep, data.student, data.X, data.y, 2, 0)[0, 0]),
        "D2": float(em.d_matrix(deep, data.student, data.X, data.y, 2, 0)[0, 0]),
        "gradient": float(data.grad_norm),
    }


@lru_cache(maxsize=1)
def theorem13() -> dict:
    """Theorem 13's induction on the 1-1-1 student with B > 0: ten splits with lambda = 0.3 (1-11-1, wider than its 10 points)."""
    arch, theta, X, y = em.shallow_example(seed=em.SHALLOW_SEEDS["positive"])
    steps = em.theorem13_steps(arch, theta, X, y, lam=0.3, n_add=10)
    U = steps["big_arch"].unpack(steps["big_theta"])[0][0]
    return {**{key: steps[key].tolist() for key in ("B", "B_ratio", "zero_eigenvalues", "smallest_positive", "smallest",
                                                    "flat_change")},
            "sizes": steps["big_arch"].sizes, "incoming_spread": float(np.ptp(U)), "loss": float(sn.loss(arch, theta, X, y)),
            "N": len(X)}


def expansion() -> dict:
    """Theorem 4's expansion in p = exp(-u0) on the App. A.2 instance, and with the output weights swapped."""
    instance = ti.theorem4_instance()
    ps = np.geomspace(1e-6, 1e-2, 5)
    good = ti.theorem4_expansion(instance, ps)
    weights, biases = instance.arch.unpack(instance.theta0)
    bad = ti.theorem4_expansion(instance, ps, instance.arch.pack([weights[0], weights[1][:, ::-1]], biases))
    return {"p": ps.tolist(), "excess": good["excess"].tolist(), "ratio": (good["excess"] / good["linear"]).tolist(),
            "kappa": good["kappa"], "v_phi": (good["v"] * good["phi"]).tolist(),
            "bad_kappa": bad["kappa"], "bad_excess": bad["excess"].tolist()}


@lru_cache(maxsize=1)
def infinity() -> dict:
    instance = ti.theorem4_instance()
    run = ti.descend_to_infinity(instance)
    return {"norm_start": float(run.norm[0]), "norm_end": float(run.norm[-1]), "loss_end": float(run.loss[-1]),
            "limit": float(instance.limit_loss), "decreasing": bool(np.all(np.diff(run.loss) <= 1e-12))}


@lru_cache(maxsize=1)
def wide_path() -> dict:
    arch, theta, X, y = wp.theorem5_instance()
    path = wp.theorem5_path(arch, theta, X, y)
    start = float(path.loss[0])
    return {
        "non_increasing": path.non_increasing, "start": start, "end": float(path.loss[-1]), "sizes": arch.sizes, "N": len(X),
        "squared_gap": float(np.abs(path.loss - start * (1 - path.t) ** 2).max()),
        "printed_gap": float(np.abs(path.loss - start * (1 - path.t)).max()),
    }


CLAIMS: list[Claim] = [
    Claim(
        key="petzka/definition-1", chapter=CHAPTER, label="sec-pz-definition", where="Definition 1, Fig. 1",
        statement="The minima {x = 0, |y| < 1} of x^2 (1 - y^2) form a non-attracting region: a non-increasing path leads out and below.",
        paper="non-attracting region",
        compute=toy_path,
        check=lambda o: o["non_increasing"] and o["end"] < o["start"],
        tolerance="qualitative: loss along the path",
        fmt=lambda o: f"path from (0, 0.5): non-increasing {o['non_increasing']}, loss {o['start']:g} -> {o['end']:g}",
    ),
    Claim(
        key="petzka/theorem-7", chapter=CHAPTER, label="sec-pz-embedding", where="Sec. 5 (important fact), Theorem 7",
        statement="Splitting a neuron with gamma_lambda leaves the network function unchanged and maps critical points to critical points.",
        paper="same function; critical points preserved",
        compute=embedding_checks,
        check=lambda o: o["function"] < 1e-12 and o["gradient"] < 10 * o["student_gradient"] + 1e-9,
        tolerance="|f_big - f| < 1e-12; gradient within 10x the student's own (1e-6)",
        fmt=lambda o: f"max |f_big - f| {below(o['function'], 1e-12)}; gradient after splitting {below(o['gradient'], 1e-5)} (the student's {below(o['student_gradient'], 1e-5)}, BFGS's accuracy)",
    ),
    Claim(
        key="petzka/theorem-8", chapter=CHAPTER, label="sec-pz-shallow", where="Theorem 8, Lemma 12, Sec. 5.2",
        statement="Embedding a non-degenerate minimum (positive definite Hessian) with B > 0 gives local minima for lambda in (0, 1) and saddles outside [0, 1]. (Theorem 8 gives the minima, Lemma 12 the saddles.)",
        paper="minima inside (0,1), saddles outside",
        compute=shallow_eigenvalues,
        check=lambda o: o["B"] > 0 and o["inside_min"] > -1e-9 and o["outside_max"] < -1e-6,
        tolerance="smallest Hessian eigenvalue >= -1e-9 inside, < -1e-6 outside",
        fmt=lambda o: f"B = {o['B']:.3f}; smallest eigenvalue: inside (0,1) {'>= -1e-09 (zero up to round-off)' if o['inside_min'] > -1e-9 else format(o['inside_min'], '.1e')}; outside <= {o['outside_max']:.3f}",
    ),
    Claim(
        key="petzka/theorem-8-negative", chapter=CHAPTER, label="sec-pz-shallow", where="Theorem 8, Lemma 12, Sec. 5.2",
        statement="Embedding a non-degenerate minimum (positive definite Hessian) with B < 0 gives local minima for lambda outside [0, 1] and saddles inside (0, 1). (Theorem 8 gives the minima, Lemma 12 the saddles.)",
        paper="minima outside [0,1], saddles inside",
        compute=lambda: shallow_eigenvalues("negative"),
        check=lambda o: o["B"] < 0 and o["outside_min"] > -1e-9 and o["inside_max"] < -1e-6,
        tolerance="smallest Hessian eigenvalue >= -1e-9 outside, < -1e-6 inside",
        fmt=lambda o: f"B = {o['B']:.3f}; smallest eigenvalue: outside [0,1] {'>= -1e-09 (zero up to round-off)' if o['outside_min'] > -1e-9 else format(o['outside_min'], '.1e')}; inside <= {o['inside_max']:.3f}",
    ),
    Claim(
        key="petzka/theorem-9-d", chapter=CHAPTER, label="sec-pz-deep-d", where="Theorem 9, Eq. 2",
        statement="If D != 0, splitting the neuron of an isolated minimum gives no local minimum: a saddle, for every lambda.",
        paper="local minima only if D = 0",
        compute=deep_saddle,
        check=lambda o: o["student_smallest"] > 1e-3 and max(map(abs, o["D"])) > 1e-3 and o["largest_smallest"] < -5e-4,
        tolerance="student's Hessian > 1e-3; split point's smallest eigenvalue < -5e-4 for all 61 lambda in [-1, 2]",
        fmt=lambda o: f"1-1-2-1, B = {o['B']:.3f}, max |D| = {max(map(abs, o['D'])):.4f}: smallest eigenvalue < -5e-4 for all {o['n_lambda']} lambda in [-1, 2]",
    ),
    Claim(
        key="petzka/prop-15-i", chapter=CHAPTER, label="sec-pz-bd", where="Eq. 1, Eq. 2, Proposition 15 (i), Remark 10",
        statement="On the last hidden layer D equals dL/du_r divided by v_r at every point, so D = 0 at a critical point.",
        paper="D = 0 on the last hidden layer",
        compute=b_and_d,
        check=lambda o: abs(o["off_D"] - o["off_G"]) < 1e-9 * max(1.0, abs(o["off_G"])) and abs(o["off_D"]) > 1e-2
        and abs(o["shallow_D"]) < 1e-8 and abs(o["D2"]) < 1e-4,
        tolerance="identity to 1e-9 off the minimum; D below the student's gradient accuracy at the minima",
        fmt=lambda o: f"off the minimum D = {o['off_D']:.4f}, dL/du / v = {o['off_G']:.4f}; at the minima D = {o['shallow_D']:.1e} (1-1-1), {o['D2']:.1e} (layer 2 of 2-1-1-1)",
    ),
    Claim(
        key="petzka/theorem-13", chapter=CHAPTER, label="sec-pz-wide", where="Theorem 13, Remarks 11 and 14",
        statement="Splitting the 1-1-1 minimum repeatedly with one lambda in (0, 1) keeps B > 0, scaled by (1 - lambda) per split, and gives a positive semidefinite Hessian whose kernel directions (one per split) leave the loss exactly constant.",
        paper="minima in arbitrarily wide shallow networks",
        compute=theorem13,
        check=lambda o: all(abs(r - 0.7**k) < 1e-10 for k, r in enumerate(o["B_ratio"]))
        and o["zero_eigenvalues"] == list(range(1, len(o["B"]) + 1))
        and min(o["smallest_positive"]) > 1e-3 and min(o["smallest"]) > -1e-9 and max(o["flat_change"]) < 1e-12,
        tolerance="B ratios to 1e-10; zero eigenvalues |ev| <= 1e-10 max|ev| (core.critical.second_order_test); loss change along the kernel < 1e-12",
        fmt=lambda o: f"1-1-1 -> {'-'.join(map(str, o['sizes']))} on {o['N']} points: B ratios {o['B_ratio'][1]:.3f}, ..., {o['B_ratio'][-1]:.4f}; zero eigenvalues 1, ..., {o['zero_eigenvalues'][-1]}; smallest other {min(o['smallest_positive']):.3f}; loss change along kernel {below(max(o['flat_change']), 1e-12)}",
    ),
    Claim(
        key="petzka/theorem-4-expansion", chapter=CHAPTER, label="sec-pz-infinity", where="Theorem 4, Appendix A.2",
        statement="With the sign conditions v_i phi_i < 0 the loss exceeds its limit by kappa p + O(p^2), kappa = -2 sum_i v_i phi_i > 0; with them broken it dips below the limit.",
        paper="(*) > 0 for small p",
        compute=expansion,
        check=lambda o: o["kappa"] > 0 and all(x < 0 for x in o["v_phi"]) and abs(o["ratio"][0] - 1) < 1e-4
        and all(e > 0 for e in o["excess"]) and o["bad_kappa"] < 0 and all(e < 0 for e in o["bad_excess"]),
        tolerance="exact loss / (kappa p) within 1e-4 of 1 at p = 1e-6",
        fmt=lambda o: f"kappa = {o['kappa']:.2f}; (L - L_inf)/(kappa p) = {o['ratio'][0]:.6f} at p = 1e-6; swapped weights: kappa = {o['bad_kappa']:.2f}, L < L_inf",
    ),
    Claim(
        key="petzka/lemma-12", chapter=CHAPTER, label="sec-pz-embedding", where="Lemma 12",
        statement="In a suitable basis the Hessian of the embedded point has the block structure of Lemma 12.",
        paper="block structure",
        compute=lemma12_deviation,
        check=lambda o: o < 1e-8,
        tolerance="largest entry of the difference below 1e-8",
        fmt=lambda o: f"largest deviation {below(o, 1e-12)}",
    ),
    Claim(
        key="petzka/sec54-loss", chapter=CHAPTER, label="sec-pz-experiment", where="Sec. 5.4",
        statement="The 2-1-1-1 student converges to a local minimum of total loss 4.817.",
        paper="4.817",
        compute=lambda: float(student().loss),
        check=lambda o: abs(o - 4.817) < 5e-4,
        tolerance="5e-4 (the paper prints three decimals)",
        fmt=lambda o: f"{o:.6f}",
    ),
    Claim(
        key="petzka/sec54-b1", chapter=CHAPTER, label="sec-pz-experiment", where="Sec. 5.4",
        statement="The eigenvalues of B(1) at the student's minimum are positive: 0.0182 and 0.0004.",
        paper="0.0182, 0.0004",
        compute=lambda: sorted(np.linalg.eigvalsh(student().B1_paper).tolist(), reverse=True),
        check=lambda o: abs(o[0] - 0.0182) < 5e-5 and abs(o[1] - 0.0004) < 5e-5,
        tolerance="5e-5 (rounding to four decimals)",
        fmt=lambda o: ", ".join(f"{v:.6f}" for v in o),
    ),
    Claim(
        key="petzka/sec54-b2", chapter=CHAPTER, label="sec-pz-experiment", where="Sec. 5.4",
        statement="B(2) at the student's minimum is positive: 0.0757.",
        paper="0.0757",
        compute=lambda: float(student().B2_paper),
        check=lambda o: abs(o - 0.0757) < 5e-5,
        tolerance="5e-5 (rounding to four decimals)",
        fmt=lambda o: f"{o:.6f}",
    ),
    Claim(
        key="petzka/b-convention", chapter=CHAPTER, label="sec-pz-experiment", where="Eq. 1, Theorem 8, Sec. 5.4",
        statement="B is built from the derivative of the loss with respect to the output, for the loss sum (f - y)^2.",
        paper="B(2) = 0.0757 with dl/df written as (f - y)",
        compute=lambda: {"eq1": float(student().B2), "paper_convention": float(student().B2_paper)},
        check=lambda o: abs(o["eq1"] - 2 * o["paper_convention"]) < 1e-12,
        tolerance="exact factor 2",
        status="erratum",
        reason="With the paper's loss sum (f - y)^2 (no 1/2), dl/df = 2(f - y), so Eq. 1 gives twice the printed B values; the printed numbers use the residual (f - y) of Theorem 8. The signs, and every conclusion, are unchanged.",
        fmt=lambda o: f"Eq. 1 with dl/df = 2(f - y): B(2) = {o['eq1']:.4f}; with (f - y): {o['paper_convention']:.4f}",
    ),
    Claim(
        key="petzka/fig3", chapter=CHAPTER, label="sec-pz-experiment", where="Fig. 3 (a)-(d)",
        statement="At the wide 2-21-21-1 minimum no random direction lowers the loss; a flat path leads to a saddle where some directions and the Lemma 12 direction do.",
        paper="no descent at (a); descent at (c) and (d)",
        compute=probe_summary,
        check=lambda o: o["minimum_drop"] <= 1e-9 and o["path_spread"] < 1e-9 and o["saddle_descending"] > 0 and o["lemma12_drop"] > 0,
        tolerance="qualitative: 5000 seeded directions, loss differences beyond 1e-9",
        fmt=lambda o: f"(a) best drop {below(max(o['minimum_drop'], 0), 1e-9)}; (b) spread {below(o['path_spread'], 1e-12)}; (c) {o['saddle_descending']} of {o['directions']} directions descend (best {o['saddle_drop']:.4f}); (d) drop {o['lemma12_drop']:.3f}",
    ),
    Claim(
        key="petzka/theorem-4", chapter=CHAPTER, label="sec-pz-infinity", where="Theorem 4, Appendix A.2",
        statement="Sigmoid networks can have local minima at infinity: gradient descent drives weights to infinity at a suboptimal loss.",
        paper="minimum at infinity",
        compute=infinity,
        check=lambda o: o["norm_end"] > o["norm_start"] and o["decreasing"] and o["loss_end"] > o["limit"] - 1e-9 and o["limit"] > 0,
        tolerance="qualitative: norm grows, loss decreases towards a positive limit",
        fmt=lambda o: f"norm {o['norm_start']:.1f} -> {o['norm_end']:.1f}; loss -> {o['loss_end']:.4f} (limit {o['limit']:.4f} > 0)",
    ),
    Claim(
        key="petzka/theorem-5", chapter=CHAPTER, label="sec-pz-path", where="Theorem 5, Lemmas 16-20, Fig. 4",
        statement="If a hidden layer has more neurons than there are data points and the widths after it do not grow, then arbitrarily close to any point there is a point from which a non-increasing path leads to a global minimum.",
        paper="a w' within eps of any w, with a non-increasing path to zero loss",
        compute=wide_path,
        check=lambda o: o["non_increasing"] and o["end"] < 1e-10,
        tolerance="loss non-increasing along the path (1e-10 relative) and below 1e-10 at its end",
        fmt=lambda o: f"network {'-'.join(map(str, o['sizes']))}, N = {o['N']}: loss {o['start']:.3f} -> {below(o['end'], 1e-12)}, non-increasing {o['non_increasing']}",
    ),
    Claim(
        key="petzka/sec6-path-loss", chapter=CHAPTER, label="sec-pz-path", where="Sec. 6, Appendix A.4",
        statement="Along the output path z + t(y - z) the loss is (1 - t)||y - z||^2.",
        paper="(1 - t) ||y - z||^2",
        compute=wide_path,
        check=lambda o: o["squared_gap"] < 1e-8 * max(1.0, o["start"]) and o["printed_gap"] > 0.1 * o["start"],
        tolerance="largest absolute deviation along the path: below 1e-8 x the starting loss from the (1 - t)^2 form, above 0.1 x it from the printed form",
        status="erratum",
        reason="The loss of the output path is (1 - t)^2 ||y - z||^2. Both expressions decrease in t, so Theorem 5's argument is unaffected.",
        fmt=lambda o: f"deviation from (1 - t)^2 form {below(o['squared_gap'], 1e-12)}; from the printed (1 - t) form {o['printed_gap']:.2f} ({o['printed_gap'] / o['start']:.2f} of the starting loss {o['start']:.2f})",
    ),
]
