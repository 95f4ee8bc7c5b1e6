"""One version per student: exercise parameters drawn from a seed made of the student's ID.

Usage (the instructor prints a student's version and its key)::

    python scripts/versions.py CHAPTER STUDENT_ID

A :class:`Variant` names a self-check whose call takes the exercise's parameters as keyword
arguments, how to draw them (``draw(rng)``), how the exercise text states them (``text(params)``:
old -> new, for the student's notebook) and, where the answer is a number, its ``key`` (code
that computes it).  For a rule the student writes (``is_minimum``...), the parameters are the
points the check tries: the rule is the same for everyone, the cases differ, so a table copied
from a classmate fails.  The seed is a hash of the chapter and the student's ID, so that the
notebook generator (``scripts/assignments.py --roster``) and the grader (``scripts/grading.py``)
draw the same parameters, on any machine.

Only exercises whose parameters the generator can write into the notebook are listed.  Otter's
autograder (the Gradescope route) sees a notebook's variables, not its metadata: a student's own
notebook also sets ``LOSSLAND_VERSION``, and its tests call the checks through :func:`version_call`.

Not varied, and why (hand-graded derivations need no versions):

* ``check_flat_count``: the count is t after t splits for every lambda in (0, 1) (that is Theorem 13),
  so a classmate's ``count`` is right for any version; ``check_underestimate``: any position in a
  wide interval passes (about 1.2 to 2.9, the chapter says), and a version of its factor (the
  one parameter) was not built: whether it would move that interval enough to matter is
  unmeasured, and each try costs a 4000-dataset simulation; ``check_explorer_mu``: its
  instance is the explorer's opening state, which the website's slider cannot change.
* ``check_prop1_loss``, ``check_crossing``,
  ``check_switch_on_slope``, ``check_block_eigenvalues``: the instance is the paper's example or
  a trained network the chapter builds (other instances would change what the exercise shows);
  ``check_hinge_optimal_output``: at most two versions
  (the target's sign), and many right answers; ``check_fewer_regions``: any degenerate dataset passes.
* ``check_loss_factor``: no exercise of the book calls it.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import sys
from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Variant:
    """How one self-check's exercise varies per student.

    ``key(params)`` is Python code computing the answer (for several answer names, a tuple of
    them in the order of the exercise's call), with ``imports`` the lines it needs: package
    functions of the parameters, so that a student's key is computed, never copied from the book.
    """

    draw: Callable[[np.random.Generator], dict]
    text: Callable[[dict], dict[str, str]] = field(default=lambda params: {})
    key: Callable[[dict], str] | None = None
    imports: str = ""
    stream: str = ""  # the exercise's name where two self-checks share one text (and so one draw); else the check's


def _probes(rng: np.random.Generator, low: float, high: float, named: tuple[float, ...], avoid: tuple[float, ...],
            margin: float, count: int = 5) -> tuple[float, ...]:
    """The cases the exercise names, plus ``count`` points drawn in [low, high] at least ``margin`` from each of ``avoid``."""
    points: set[float] = set(named)
    while len(points) < len(named) + count:
        value = round(float(rng.uniform(low, high)), 2)
        if all(abs(value - point) >= margin for point in avoid):
            points.add(value)
    return tuple(sorted(points))


def _best_a_points(rng: np.random.Generator, count: int = 4) -> tuple[tuple[float, ...], ...]:
    """``count`` points (f, y, b, lam) for ``check_best_a``: y != f (else a* = 0 whatever the formula), lam > 0, and
    e^{2b} and lam at least a factor e apart (so a formula that drops either term is caught at every point)."""
    points: list[tuple[float, ...]] = []
    while len(points) < count:
        f, y = (round(float(value), 1) for value in rng.uniform(-3.0, 3.0, 2))
        b, lam = round(float(rng.uniform(-1.5, 2.0)), 1), float(rng.choice([0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0]))
        if abs(y - f) >= 0.5 and abs(2 * b - np.log(lam)) >= 1.0:
            points.append((f, y, b, lam))
    return tuple(points)


def _kernel_data(rng: np.random.Generator) -> tuple[tuple[tuple[float, ...], ...], tuple[float, ...]]:
    """A small dataset (X, y) for ``check_kernel_form``: 3 or 4 distinct non-zero points of the plane, small whole
    coordinates (so some patterns make G singular, the case the exercise warns about), targets not all zero."""
    n = int(rng.choice([3, 4]))
    while True:
        X = rng.integers(-3, 4, (n, 2)).astype(float)
        y = rng.integers(-3, 4, n).astype(float)
        if np.all(np.abs(X).sum(axis=1) > 0) and len({tuple(row) for row in X}) == n and np.any(y != 0):
            return tuple(tuple(map(float, row)) for row in X), tuple(map(float, y))


def _targets(rng: np.random.Generator, count: int, accept: Callable[[np.ndarray], bool]) -> tuple[float, ...]:
    """``count`` whole targets in [-4, 4] that ``accept`` admits (the exercise stays meaningful for them)."""
    return _targets_where(rng, count, (-4, 4), accept)


def _targets_where(rng: np.random.Generator, count: int, bounds: tuple[int, int],
                   accept: Callable[[np.ndarray], bool]) -> tuple[float, ...]:
    """``count`` whole targets between ``bounds`` (both included) that ``accept`` admits."""
    while True:
        y = rng.integers(bounds[0], bounds[1] + 1, count).astype(float)
        if accept(y):
            return tuple(map(float, y))


def _b111_seeds() -> tuple[int, ...]:
    """The students of Exercise 3 of Chapter 4, the book's first (``lossland.petzka.selfcheck.B111_SEEDS``)."""
    from lossland.petzka.selfcheck import B111_SEEDS

    return B111_SEEDS


def _bump_targets(rng: np.random.Generator) -> dict:
    """Targets for the bump exercise on D1's inputs (x_r = 1, index 3): nu = y_r < 0, so that a ReLU after the bump
    zeroes it and the least shift is positive (the exercise's second part); mu != nu and mean(y) != mu, so that the
    check can still tell the dead layer's constant and the wrong mean from the bump's loss."""
    def fits(y: np.ndarray) -> bool:
        mu = np.delete(y, 3).mean()
        return y[3] < 0 and abs(mu - y[3]) >= 1 and abs(y.mean() - mu) >= 0.2
    return {"targets": _targets(rng, 5, fits)}


def _bump_text(p: dict) -> dict[str, str]:
    """The bump exercise's data, its dead layer's constant and nu, as the student's targets make them."""
    y = p["targets"]
    listed = ", ".join(f"{t:g}".replace("-", "−") for t in y)
    return {"(inputs 5, 4, 3, 1, −1; targets 2, 1, 0,\n−3, 3)": f"(inputs 5, 4, 3, 1, −1), with the targets {listed}\n(in place of its own),",
            "$\\bar y = 0.6$": f"$\\bar y = {np.mean(y):g}$", "$\\nu = -3$": f"$\\nu = {y[3]:g}$"}


VARIANTS: dict[tuple[str, str], Variant] = {
    # The toy loss x^2 (1 - y^2): minima exactly for |y| < 1; the check probes radii up to 0.1, so no y within 0.15 of +-1.
    ("petzka", "check_toy_minimum"): Variant(
        draw=lambda rng: {"y_values": _probes(rng, -2.5, 2.5, (-1.0, 0.0, 1.0), (-1.0, 1.0), 0.15)}),
    # Theorem 8's rule: the check does not test lambda = 0 or 1 (saddle-or-minimum at a zero eigenvalue).
    ("petzka", "check_lambda_rule"): Variant(
        draw=lambda rng: {"lam_values": _probes(rng, -1.5, 2.5, (-0.5, 0.5, 1.5), (0.0, 1.0), 0.05)}),
    # The kink line of Fig. 2: the boundary w2 = 0 is the case the exercise is about.
    ("decomposition", "check_kink_minima"): Variant(
        draw=lambda rng: {"w2_values": _probes(rng, -3.0, 3.0, (-1e-3, 0.0, 1e-3), (0.0,), 0.01)}),
    # Example 3 at the student's epsilon and lambda: L~ = lambda exp(-2 / epsilon).
    ("expneuron", "check_example3_value"): Variant(
        draw=lambda rng: {"eps": float(rng.choice([0.1, 0.125, 0.2, 0.25])), "lam": float(rng.choice([0.5, 1.0, 2.0, 4.0]))},
        text=lambda p: {r"$\varepsilon = 0.1$": rf"$\varepsilon = {p['eps']:g}$", r"$\lambda = 1$": rf"$\lambda = {p['lam']:g}$"},
        key=lambda p: f"{p['lam']!r} * np.exp(-2 / {p['eps']!r})", imports="import numpy as np"),
    # Example 6 corrected, at the student's epsilon and lambda: L~ = 4 lambda exp(-2 / epsilon).
    ("expneuron", "check_example6_value"): Variant(
        draw=lambda rng: {"eps": float(rng.choice([0.15, 0.2, 0.25, 0.5])), "lam": float(rng.choice([0.5, 1.0, 2.0, 3.0]))},
        text=lambda p: {r"$\varepsilon = 0.2$": rf"$\varepsilon = {p['eps']:g}$", r"$\lambda = 1$": rf"$\lambda = {p['lam']:g}$"},
        key=lambda p: f"4 * {p['lam']!r} * np.exp(-2 / {p['eps']!r})", imports="import numpy as np"),
    # Splitting by hand: non-zero weights (a zero weight shows nothing) and lambda in (0, 1) but not 0.5, so that the two
    # outgoing shares differ (the check accepts them in either order).
    ("petzka", "check_split"): Variant(
        draw=lambda rng: {"u": float(rng.choice([-2.0, -1.5, -0.5, 0.5, 1.5, 2.5, 3.0])),
                          "v": float(rng.choice([-4.0, -2.0, 2.0, 4.0, 5.0, 6.0])),
                          "lam": float(rng.choice([0.2, 0.25, 0.3, 0.4, 0.6, 0.7, 0.75, 0.8]))},
        text=lambda p: {"for $u = 2$, $v = 3$, $\\lambda = 0.25$": f"for $u = {p['u']:g}$, $v = {p['v']:g}$, $\\lambda = {p['lam']:g}$"},
        key=lambda p: f"{p['u']!r}, {p['u']!r}, {p['lam']!r} * {p['v']!r}, (1 - {p['lam']!r}) * {p['v']!r}"),
    # B of Eq. 1 for a 1-1-1 student of the student's own: seeds of shallow_example at an isolated minimum with B > 0
    # (B111_SEEDS, checked by tests/test_versions.py), so Theorem 8's reading of its sign stays the book's.
    ("petzka", "check_b111"): Variant(
        draw=lambda rng: {"seed": int(rng.choice(_b111_seeds()[1:]))},
        text=lambda p: {'the student of\n[Fig. 4.3](#fig-pz-eigen), left (`arch, theta, X, y = em.shallow_example(seed=em.SHALLOW_SEEDS["positive"])`)':
                        "your own 1-1-1 student, made as the one of\n[Fig. 4.3](#fig-pz-eigen), left, from another seed "
                        f"(`arch, theta, X, y = em.shallow_example(seed={p['seed']})`)"},
        key=lambda p: f"float(b_matrix(*shallow_example(seed={p['seed']}), 1, 0)[0, 0])",
        imports="from lossland.petzka.embedding import b_matrix, shallow_example"),
    # Theorem 4's expansion on the default inputs with the student's targets, whole numbers in {0, 1, 2}: not constant and
    # with sum_a (c - y_a) x_a != 0 (App. A.2's mild condition; without it there is no minimum at infinity to build).
    ("petzka", "check_infinity_slope"): Variant(
        draw=lambda rng: {"targets": _targets_where(rng, 4, (0, 2), lambda y: y.tolist() != [0.0, 0.0, 1.0, 1.0]
                                                    and abs((y.mean() - y) @ np.array([-1.5, -0.5, 0.5, 1.5])) > 0.1)},
        text=lambda p: {"`instance = ti.theorem4_instance()`": "`instance = ti.theorem4_instance(X, y)` for its default inputs "
                        "`X = 0.1 * np.array([[-1.5], [-0.5], [0.5], [1.5]])` and the targets "
                        f"`y = np.array({list(p['targets'])})`"},
        key=lambda p: ("float(theorem4_expansion(theorem4_instance(0.1 * np.array([[-1.5], [-0.5], [0.5], [1.5]]), "
                       f"np.array({p['targets']!r})), [1e-3])['kappa'])"),
        imports="import numpy as np\nfrom lossland.petzka.infinity import theorem4_expansion, theorem4_instance"),
    # Example 5 with the targets t and -t: for every t > 0 the best common shift is 0 and leaves L(theta) = t^2 unchanged,
    # so the exercise's conclusion (Theorem 3 does not rule the point out) is the book's; t = 1 is the book's.
    ("expneuron", "check_pgb_min"): Variant(
        draw=lambda rng: {"target": float(rng.choice([0.5, 1.5, 2.0, 2.5, 3.0]))},
        text=lambda p: {"targets $1$ and $-1$": f"targets ${p['target']:g}$ and $-{p['target']:g}$"},
        key=lambda p: f"float(tangent_span(*example5_instance(target={p['target']!r}))['pgb_min'])",
        imports="from lossland.expneuron.proof import example5_instance, tangent_span"),
    # P_t of Eq. 25-26: x_w1 in [1.2, 3] (right of class +1's mean, where w1's gap is that of Fig. 4) and x_w2 in
    # [-1, 0.5] keep the two gaps disjoint (so the union's mass is the sum the exercise asks for) and P_t between
    # about 1e-15 and 1e-3: tiny but a float, so the check's 5 % relative tolerance still means something.
    ("liu", "check_trap_probability"): Variant(
        draw=lambda rng: {"x_w1": round(float(rng.uniform(1.2, 3.0)), 1), "x_w2": round(float(rng.uniform(-1.0, 0.5)), 1)},
        text=lambda p: {"For $x_{w_1} = 2$ and $x_{w_2} = 0$": f"For $x_{{w_1}} = {p['x_w1']:g}$ and $x_{{w_2}} = {p['x_w2']:g}$",
                        "(on $(2, \\infty)$)": f"(on $({p['x_w1']:g}, \\infty)$)",
                        "(on $(-\\infty, 0)$)": f"(on $(-\\infty, {p['x_w2']:g})$)"},
        key=lambda p: f"float(trap_probability(np.array([{p['x_w1']!r}, {p['x_w2']!r}]), FIG4_NORMALS, 100, 'union'))",
        imports="import numpy as np\nfrom lossland.liu.gaussian import FIG4_NORMALS, trap_probability"),
    # Eq. E.9-E.10 at the student's x_w1: any x_w1 gives a tail mass and a mean beyond it; [0, 3] keeps the mass
    # above 0.02, so the 0.5 % relative tolerance is far above round-off and the mass is not the left one by accident
    # (x_w1 = 1 would make P_1+ = 1 - P_1+, hence excluded).
    ("liu", "check_region_moments"): Variant(
        draw=lambda rng: {"x_w1": float(rng.choice([0.0, 0.5, 1.5, 2.5, 3.0, 0.2, 0.8, 1.3, 1.8, 2.2, 2.7]))},
        text=lambda p: {"Evaluate both at $x_{w_1} = 2$": f"Evaluate both at $x_{{w_1}} = {p['x_w1']:g}$"},
        key=lambda p: f"float(region_probability({p['x_w1']!r}, np.inf, 1)), float(region_mean({p['x_w1']!r}, np.inf, 1))",
        imports="import numpy as np\nfrom lossland.liu.gaussian import region_mean, region_probability"),
    # Cell r4 of Liu's example: genuine exactly for y2 > 0; y2 = 0 is the case the exercise asks about.
    ("liu", "check_r4_rule"): Variant(
        draw=lambda rng: {"y2_values": _probes(rng, -3.0, 3.0, (0.0,), (0.0,), 0.05)}),
    # Theorem 3 by hand: a minimum exactly for y2 <= 0; y2 = 0 (both one-sided gradients vanish) is always tried.
    ("liu", "check_kink_rule"): Variant(
        draw=lambda rng: {"y2_values": _probes(rng, -3.0, 3.0, (0.0,), (0.0,), 0.05)}),
    # Minimising out a: the student's formula is tried at their own points (see _best_a_points).
    ("expneuron", "check_best_a"): Variant(draw=lambda rng: {"points": _best_a_points(rng)}),
    # Definition 1's escape: one neighbourhood of moderate size and one tiny one; eps <= 0.5 keeps a start within eps
    # of R meaningful (R has width 2), and eps >= 1e-4 keeps the start's loss well above round-off.
    ("petzka", "check_escape"): Variant(
        draw=lambda rng: {"eps_values": (float(f"{rng.uniform(0.02, 0.5):.2g}"), float(f"{10 ** rng.uniform(-4, -2):.2g}"))}),
    # The kernel form on the student's own small dataset (see _kernel_data).
    ("decomposition", "check_kernel_form"): Variant(draw=lambda rng: {"data": _kernel_data(rng)}),
    # Dead layers on D1's inputs with the student's targets: mean(y) is optimal for any targets; mean != median so that
    # the check's hint for the median (the absolute-error answer) can still be told apart.
    ("blindspots", "check_dead_output"): Variant(
        draw=lambda rng: {"targets": _targets(rng, 5, lambda y: abs(np.mean(y) - np.median(y)) >= 0.2)},
        text=lambda p: {"$\\mathcal{D}_1$? Check with": "the inputs of $\\mathcal{D}_1$ (5, 4, 3, 1, −1) with the targets "
                        f"$y = ({', '.join(f'{t:g}' for t in p['targets'])})$? Check with"},
        key=lambda p: f"float(np.mean({p['targets']!r}))", imports="import numpy as np"),
    # The pattern of Exercise 2 on the student's targets: the units fit x1 and x3 exactly, so y2 != 0 keeps the minimum
    # above 0 (a perfect fit is the mistake the check names), and y1, y3 not both 0 tells it from the zero network's loss.
    ("decomposition", "check_subglobal_loss"): Variant(
        draw=lambda rng: {"targets": _targets(rng, 3, lambda y: y[1] != 0 and (y[0] != 0 or y[2] != 0))},
        text=lambda p: {"Write down the design matrix $D$,": "Use the targets "
                        f"$y = ({', '.join(f'{t:g}' for t in p['targets'])})$ in place of the dataset's. Write down the design matrix $D$,"},
        key=lambda p: f"float(solve_pattern(three_points()[0], np.array({p['targets']!r}), EXERCISE_2_PATTERN).loss[0])",
        imports="import numpy as np\nfrom lossland.core.data import three_points\nfrom lossland.core.subglobal import solve_pattern\n"
                "from lossland.decomposition.selfcheck import EXERCISE_2_PATTERN"),
    # The bump on D1's inputs with the student's targets (see _bump_targets); both checks of the exercise share one draw.
    ("blindspots", "check_bump_loss"): Variant(
        draw=_bump_targets, text=_bump_text, stream="ex-bs-bump",
        key=lambda p: f"bump_fit(dataset('D1')[0], np.array({p['targets']!r}), 3)['loss']",
        imports="import numpy as np\nfrom lossland.blindspots.bump import bump_fit\nfrom lossland.blindspots.relu_regression import dataset"),
    ("blindspots", "check_bump_shift"): Variant(
        draw=_bump_targets, text=_bump_text, stream="ex-bs-bump",
        key=lambda p: f"bump_shift(dataset('D1')[0], np.array({p['targets']!r}), 3)",
        imports="import numpy as np\nfrom lossland.blindspots.bump import bump_shift\nfrom lossland.blindspots.relu_regression import dataset"),
    # Widening: the student's weights, whole numbers in [-3, 3], not (0, 0) (no unit) and not the book's (1, 1); for any
    # weights the paper's b = -max_i w.x_i puts the maximising point on the kink, the erratum the exercise is about.
    ("decomposition", "check_dead_bias"): Variant(
        draw=lambda rng: {"weights": next(w for w in (tuple(float(v) for v in rng.integers(-3, 4, 2)) for _ in range(100))
                                          if w not in ((0.0, 0.0), (1.0, 1.0)))},
        text=lambda p: {"take weights $w = (1, 1)$": f"take weights $w = ({p['weights'][0]:g}, {p['weights'][1]:g})$"},
        key=lambda p: f"np.array({p['weights']!r}), float(-np.max(three_points()[0] @ np.array({p['weights']!r})) - 1)",
        imports="import numpy as np\nfrom lossland.core.data import three_points"),
    # The three-point network's regions: widths 2, 4 and 5, not the book's 3 (6^h regions without biases, up to 7776).
    ("decomposition", "check_region_count"): Variant(
        draw=lambda rng: {"width": int(rng.choice([2, 4, 5]))},
        text=lambda p: {"a width-3 network without biases": f"a width-{p['width']} network without biases"},
        key=lambda p: f"len(unit_cells(three_points()[0])) ** {p['width']!r}",
        imports="from lossland.core.data import three_points\nfrom lossland.core.regions import unit_cells"),
    # Blinding a 2-h-1 LeCun net: widths other than the h = 10 the chapter prints, and a probability the text states;
    # over all these the answers of the two mistakes the check names stay at least 2.6 % from mu (measured), beyond
    # its 1 % tolerance, so its hints still apply.
    ("blindspots", "check_blind_mean"): Variant(
        draw=lambda rng: {"h": int(rng.choice([15, 20, 25, 30, 40, 50])), "probability": float(rng.choice([0.9, 0.95, 0.99]))},
        text=lambda p: {"For a 2-20-1 network": f"For a 2-{p['h']}-1 network", "here $h = 20$": f"here $h = {p['h']}$",
                        "gives a 99% chance": f"gives a {p['probability']:.0%} chance"},
        key=lambda p: f"mu_for_failure({p['h']!r}, depth=1, init='lecun', probability={p['probability']!r})",
        imports="from lossland.blindspots.initialisation import mu_for_failure"),
}


def seed(chapter: str, student_id: str) -> int:
    """The seed of a student's version of a chapter: a hash of both (the same on every machine)."""
    if not isinstance(student_id, str) or not student_id.strip():
        raise ValueError(f"student_id must be a non-empty string (the ID on the roster), got {student_id!r}.")
    return int.from_bytes(hashlib.sha256(f"{chapter}/{student_id.strip()}".encode()).digest()[:8], "big")


def version(chapter: str, student_id: str) -> dict[str, dict]:
    """The parameters of every varied self-check of ``chapter`` for ``student_id``, by self-check name.

    Each self-check draws from its own stream (the student's seed and a hash of the check's name),
    so adding a variant to :data:`VARIANTS` leaves every other version as it was.
    """
    base = seed(chapter, student_id)
    stream = lambda check: int.from_bytes(hashlib.sha256(check.encode()).digest()[:8], "big")
    return {check: variant.draw(np.random.default_rng([base, stream(variant.stream or check)]))
            for (owner, check), variant in sorted(VARIANTS.items(), key=lambda item: item[0]) if owner == chapter}


def _set_parameters(node: ast.Call, params: dict, chapter: str) -> None:
    """Give the self-check call ``node`` the values ``params``: in place of a positional argument, else as keywords."""
    import importlib
    import inspect

    check = getattr(importlib.import_module(f"lossland.{chapter}.selfcheck"), node.func.id)
    names = list(inspect.signature(check).parameters)
    literal = lambda value: ast.parse(repr(value), mode="eval").body
    positional = {names[i]: i for i in range(len(node.args))}
    for name, value in params.items():
        if name in positional:  # check_region_count(3, ...): the width is the first argument
            node.args[positional[name]] = literal(value)
    node.keywords = [k for k in node.keywords if k.arg not in params] + [
        ast.keyword(arg=name, value=literal(value)) for name, value in params.items() if name not in positional]


def with_parameters(call: str, params: dict, chapter: str) -> str:
    """The self-check call ``call`` of ``chapter`` with ``params`` as its arguments (replacing any it had)."""
    node = ast.parse(call, mode="eval").body
    _set_parameters(node, params, chapter)
    return ast.unparse(node)


def test_with_parameters(source: str, check: str, params: dict, chapter: str) -> str:
    """A grading test's source with the student's parameters in its first call of ``check`` (the public cases).

    A hidden test's second call keeps the hidden instances, the same for everyone.
    """
    tree = ast.parse(source)
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", None) == check]
    _set_parameters(min(calls, key=lambda node: (node.lineno, node.col_offset)), params, chapter)
    return ast.unparse(tree)


def version_call(check: Callable, chapter: str, env: dict, *args, **kwargs):
    """``check(*args, **kwargs)`` with the parameters of the version the notebook's ``LOSSLAND_VERSION`` names (otter's tests).

    Otter's autograder sees a submission's variables, not its metadata: a student's own notebook
    sets ``LOSSLAND_VERSION`` (:func:`personal_notebook`); without it the check has the book's instance.
    """
    import inspect

    student = env.get("LOSSLAND_VERSION")
    if not isinstance(student, str) or not student.strip():
        return check(*args, **kwargs)
    params = version(chapter, student)[check.__name__]
    names = list(inspect.signature(check).parameters)
    args = tuple(params.get(names[i], value) for i, value in enumerate(args))
    kwargs = {**kwargs, **{name: value for name, value in params.items() if name not in names[:len(args)]}}
    return check(*args, **kwargs)


def personal_spec(spec: dict, student_id: str) -> dict:
    """The grading spec for ``student_id``'s version: tests and model answers with the student's parameters."""
    params = version(spec["chapter"], student_id)
    out = json.loads(json.dumps(spec))
    for question in out["questions"].values():
        check = (question.get("check") or "").partition("(")[0]
        if question["manual"] or check not in params:
            continue
        question["check"] = with_parameters(question["check"], params[check], spec["chapter"])
        for test in question["tests"]:
            test["source"] = test_with_parameters(test["source"], check, params[check], spec["chapter"])
        variant = VARIANTS[(spec["chapter"], check)]
        if variant.key is not None:  # the student's model answer: computed from their parameters
            assignment = f"{', '.join(question['answers'])} = {variant.key(params[check])}"
            question["solution"] = f"{variant.imports}\n{assignment}" if variant.imports else assignment
    return out


def personal_notebook(handed_out, spec: dict, student_id: str):
    """``student_id``'s copy of the handed-out notebook: the ID filled in, the exercises' parameters and check calls theirs.

    Raises ``ValueError`` if an exercise no longer states a parameter as its :class:`Variant` expects
    (the chapter's text changed): a version must never show one value and check another.
    """
    import copy

    params = version(spec["chapter"], student_id)
    nb = copy.deepcopy(handed_out)
    nb.metadata.setdefault("lossland", {})["version"] = student_id
    for cell in nb.cells:
        mark = cell.metadata.get("lossland", {})
        if mark.get("role") == "student-id":
            cell.source = f'STUDENT_ID = "{student_id}"\nLOSSLAND_VERSION = "{student_id}"  # your version of the exercises: keep this line'
        elif mark.get("role") == "check" and cell.source.partition("(")[0].strip() in params:
            cell.source = with_parameters(cell.source, params[cell.source.partition("(")[0].strip()], spec["chapter"])
        elif cell.cell_type == "markdown" and ":label:" in cell.source:
            for check, values in params.items():
                if f"`{check}(" not in cell.source:
                    continue
                for old, new in VARIANTS[(spec["chapter"], check)].text(values).items():
                    if old not in cell.source and new in cell.source:  # already stated: a check sharing this text did
                        continue
                    if old not in cell.source:
                        raise ValueError(f"{spec['chapter']}: the exercise of {check} no longer states {old!r}; update scripts/versions.py.")
                    cell.source = cell.source.replace(old, new)
    return nb


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter")
    parser.add_argument("student_id")
    args = parser.parse_args(argv)
    for check, params in version(args.chapter, args.student_id).items():
        variant = VARIANTS[(args.chapter, check)]
        print(f"{check}: {params}")
        for old, new in variant.text(params).items():
            print(f"  text: {old} -> {new}")
        if variant.key:
            print(f"  key: {variant.key(params)}" + (f"  (after {'; '.join(variant.imports.splitlines())})" if variant.imports else ""))
            value = key_value(variant, params)
            if not callable(value):  # the numbers a rubric's points refer to, for grading this student's written part
                print(f"  value: {value!r}")
    return 0


def key_value(variant: Variant, params: dict):
    """The value of ``variant``'s key for ``params`` (computed, as the grader computes it)."""
    namespace: dict = {}
    exec(compile(f"{variant.imports}\n__key = {variant.key(params)}", "<key>", "exec"), namespace)
    return namespace["__key"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
