"""Bad input to Chapter 1 (the decomposition paper's modules) is rejected clearly.

One :class:`Spec` row per public function or method of ``lossland.decomposition`` (its
constructions, proof ideas and random regions); the shared data and bad values are the core
table's (``tests/test_bad_inputs_core.py``).  Read by ``tests/test_bad_inputs_coverage.py`` and
``tests/test_fuzz.py``.
"""
import functools
import math

import numpy as np
from badinput import Spec, index_bad, table_tests
from test_bad_inputs_core import (
    ARCH_B, ARCH_BAD, FLAG, PATTERN, PATTERN_BAD, SIZE_BAD, WRONG_COLUMNS_X, WRONG_LENGTH_Y, X, Y, tiny_images,
    tiny_mnist,
)

from lossland.core import all_regions, data
from lossland.decomposition import constructions as decomposition
from lossland.decomposition import proof_ideas, random_regions

SPECS = []

# ---------------------------------------------------------------- decomposition
X1, Y1 = data.two_points_1d()


def _no_genuine_minima() -> all_regions.SubglobalMinima:
    minima = all_regions.subglobal_minima(X, Y, 1)
    return all_regions.SubglobalMinima(minima.regions, minima.fit, np.full(len(minima.status), "absent"))


SPECS += [
    Spec(decomposition.fig2_loss, lambda: dict(w1=np.linspace(-1, 1, 3), w2=1.0, X=X1, y=Y1),
         {"X": "matrix", "y": "vector"},
         {"w1": [("text", "w1"), ("None", None), ("NaN", math.nan)], "w2": [("text", "w2"), ("None", None), ("NaN", math.nan), ("not broadcastable", np.ones(2))],
          "X": [("wrong columns", np.ones((2, 2)))], "y": [("wrong length", np.ones(3))]}),
    Spec(decomposition.linear_regression, lambda: dict(X=X, y=Y), {"X": "matrix", "y": "vector"}, {"y": WRONG_LENGTH_Y}),
    Spec(decomposition.linear_region_parameters, lambda: dict(X=X, y=Y, width=2, seed=0),
         {"X": "matrix", "y": "vector", "width": "count", "seed": "seed"}, {"y": WRONG_LENGTH_Y}),
    Spec(decomposition.add_dead_unit, lambda: dict(arch=ARCH_B, theta=np.ones(9), X=X, v_new=0.0, margin=1.0),
         {"theta": "vector", "X": "matrix", "v_new": "real", "margin": "nonnegative"},
         {"arch": ARCH_BAD, "theta": [("wrong length", np.ones(6))], "X": WRONG_COLUMNS_X}),
    Spec(decomposition.minima_by_width, lambda: dict(X=X, y=Y, widths=(1, 2), bias=False),
         {"X": "matrix", "y": "vector"},
         {"y": WRONG_LENGTH_Y, "bias": FLAG,
          "widths": [("empty", []), ("zero", [0]), ("text", "2"), ("None", None), ("too many regions", [11])]}),
    Spec(decomposition.poor_share, lambda: dict(minima=all_regions.subglobal_minima(X, Y, 2), tol=1e-9),
         {"tol": "nonnegative"}, {"minima": [("text", "minima"), ("None", None), ("no genuine", _no_genuine_minima())]}),
]


THETA_B = np.array([1.0, 0.5, -0.5, 1.0, 1.0, -1.0, 0.2, -0.3, 0.4])
NETWORK_BAD = {"arch": ARCH_BAD, "theta": [("wrong length", np.ones(6))], "X": WRONG_COLUMNS_X, "y": WRONG_LENGTH_Y,
               "pattern": PATTERN_BAD}
SPECS += [
    Spec(proof_ideas.product_loss_hessian, lambda: dict(x=0.0, y=0.0), {"x": "real", "y": "real"}),
    Spec(proof_ideas.product_gradients, lambda: dict(arch=ARCH_B, theta=THETA_B, X=X, y=Y, pattern=PATTERN),
         {"theta": "vector", "X": "matrix", "y": "vector"}, NETWORK_BAD),
    Spec(proof_ideas.unit_block, lambda: dict(arch=ARCH_B, theta=THETA_B, X=X, y=Y, unit=1, coordinate=2, pattern=None),
         {"theta": "vector", "X": "matrix", "y": "vector"},
         NETWORK_BAD | {"unit": index_bad(2), "coordinate": index_bad(3)}),
    Spec(proof_ideas.parameters_from_products, lambda: dict(arch=ARCH_B, products=np.ones((2, 3)), c=0.5),
         {"products": "matrix", "c": "real"},
         {"arch": ARCH_BAD, "products": [("wrong columns", np.ones((2, 2))), ("wrong rows", np.ones((3, 3)))]}),
    Spec(proof_ideas.classify_critical_point,
         lambda: dict(arch=ARCH_B, theta=proof_ideas.parameters_from_products(ARCH_B, np.zeros((2, 3)), float(np.mean(Y))),
                      X=X, y=Y, pattern=None, tol=1e-8),
         {"theta": "vector", "X": "matrix", "y": "vector", "tol": "nonnegative"},
         NETWORK_BAD | {"theta": [("not critical", np.ones(9))]}),
    Spec(proof_ideas.case_2_points, lambda: dict(X=X, y=Y, width=1), {"X": "matrix", "y": "vector", "width": "count"},
         {"y": WRONG_LENGTH_Y, "width": [("too large", 10**6)]}),
]


# ---------------------------------------------------------------- random_regions
def _table1_args() -> dict:
    return dict(ks=(1,), repeats=1, epochs=1, data=tiny_images(), seed=0, progress=False, lr=1e-3, chunk=1, first=0)


@functools.cache
def tiny_table1() -> random_regions.Table1Result:
    return random_regions.table1(**_table1_args())


NAME_BAD = {"kind": [("unknown", "no-such-kind"), ("number", 3), ("None", None)],
            "split": [("unknown", "no-such-split"), ("number", 3), ("None", None)]}
SPECS += [
    Spec(random_regions.Table1Result.mean, lambda: dict(self=tiny_table1(), kind="rich", split="train"), {}, NAME_BAD),
    Spec(random_regions.Table1Result.std, lambda: dict(self=tiny_table1(), kind="random", split="test"), {}, NAME_BAD),
    Spec(random_regions.Table1Result.gap, lambda: dict(self=tiny_table1(), split="test"), {},
         {"split": NAME_BAD["split"]}),
    Spec(random_regions.Table1Result.to_dict, lambda: dict(self=tiny_table1()), {}),
    Spec(random_regions.Table1Result.gap_se, lambda: dict(self=tiny_table1(), split="train"), {},
         {"split": NAME_BAD["split"]}),
    Spec(random_regions.paper_scale_setting, lambda: dict(full_mnist=False), {}, {"full_mnist": FLAG}),
    Spec(random_regions.params_per_point, lambda: dict(k=2, n_in=4, n_train=10, n_classes=3),
         {"k": "count", "n_in": "count", "n_train": "count", "n_classes": "count"}),
    Spec(random_regions.table1, _table1_args,
         {"repeats": "count", "seed": "seed", "lr": "positive", "first": "natural"},
         {"ks": [("empty", ()), ("zero", (0,)), ("text", "4"), ("None", None)],
          "epochs": [("zero", 0), ("text", "1"), ("missing k", {5: 1}), ("None", None)],
          "data": [("text", "digits"), ("number", 3)], "progress": FLAG, "chunk": SIZE_BAD}),
    Spec(random_regions.table1_paper_scale,
         lambda: dict(mnist_dir=tiny_mnist(), repeats=1, epochs=1, seed=0, progress=False, chunk=1),
         {"repeats": "count", "seed": "seed"},
         {"mnist_dir": [("number", 3)], "epochs": SIZE_BAD, "progress": FLAG, "chunk": SIZE_BAD}),
    Spec(random_regions.render_table1, lambda: dict(result=tiny_table1(), fmt="html"), {"fmt": "name"},
         {"result": [("text", "result"), ("None", None)]}),
]

EXEMPT = {
    "lossland.decomposition.constructions.FIG2": "a constant: the Fig. 2 architecture",
    "lossland.decomposition.random_regions.PAPER_KS": "a constant: the paper's widths",
    "lossland.decomposition.random_regions.PAPER_TABLE1": "a constant: the paper's Table 1",
    "lossland.decomposition.random_regions.PAPER_PARAMS_PER_POINT": "a constant: the paper's parameters per point",
    "lossland.decomposition.random_regions.WEBSITE": "a constant: the book's Setting",
    "lossland.decomposition.random_regions.Setting": "a plain data container (the run settings)",
    "lossland.decomposition.proof_ideas.CriticalPoint": "a plain data container (the case of a critical point)",
    "lossland.decomposition.proof_ideas.Case2Point": "a plain data container (built by case_2_points)",
    "lossland.decomposition.random_regions.website_table1": "takes no arguments and runs the book's 11 s experiment",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS)
