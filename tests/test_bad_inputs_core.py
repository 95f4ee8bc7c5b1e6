"""Every public function of the core modules rejects bad input with a clear error.

The core modules are the floors below the papers' modules (``validation``, ``data``,
``images``, ``nets``, ``regions``, ``subglobal``, ``genuine``, ``probes``, ``descent``,
``mlp``, ``parallel``, ``lp``, ``dataset``) and ``sigmoid_nets`` (Chapter 1's modules:
``tests/decomposition/test_bad_inputs_decomposition.py``; ``lossland.book``'s: ``tests/book/test_bad_inputs_book.py``).  Each :class:`Spec` row
gives a small valid call and the kind of every argument (see ``tests/badinput.py``).
"""
from __future__ import annotations

import argparse
import functools
import math
import tempfile
from pathlib import Path

import numpy as np
from badinput import TEXT_BAD, Spec, index_bad, table_tests

from lossland.core import (
    adam, all_regions, critical, data, dataset, descent, genuine, images, inregion, lp, mlp, nets, parallel, probes, regions,
    sigmoid_nets, subglobal, validation,
)
from lossland.core import genuine_reference, splits

X, Y = data.three_points()
X40 = np.random.default_rng(0).standard_normal((40, 2))
CELLS = regions.unit_cells(X)
REGIONS = regions.activation_regions(X, 2)
ARCH = nets.Architecture(2, 2)  # 6 parameters
ARCH_B = nets.Architecture(2, 2, bias=True)  # 9 parameters
THETA = np.array([1.0, 0.5, -0.5, 1.0, 1.0, -1.0])
PATTERN = np.array([[1, 0], [1, 1], [0, 1]], dtype=bool)

FLAG = [("text", "yes"), ("number", 2)]
ARCH_BAD = [("text", "net"), ("None", None)]
PATTERN_BAD = [  # for a network's optional pattern, where None means "the network's own"
    ("text", "on"),
    ("wrong shape", np.ones((2, 2), dtype=bool)),
    ("values 2", np.full((3, 2), 2)),
    ("NaN", np.array([[np.nan, 1.0], [1.0, 0.0], [0.0, 1.0]])),
]
PATTERNS_BAD = [
    ("text", "on"),
    ("None", None),
    ("2-D", PATTERN),
    ("wrong N", np.ones((1, 2, 2), dtype=bool)),
    ("values 2", np.full((1, 3, 2), 2)),
    ("NaN", np.full((1, 3, 2), np.nan)),
]
REQUIRED_PATTERN_BAD = PATTERN_BAD + [("None", None)]
WRONG_LENGTH_Y = [("wrong length", np.array([1.0, 2.0]))]
WRONG_COLUMNS_X = [("wrong columns", np.ones((3, 3)))]
SIZE_BAD = [("zero", 0), ("negative", -1), ("fraction", 2.5), ("text", "3"), ("bool", True)]


def other_regions() -> regions.Regions:
    """Regions of other data (one column, two points): they do not belong to ``X``."""
    return regions.activation_regions(data.two_points_1d()[0], 2)


REGIONS_BAD = ARCH_BAD + [("other data", other_regions())]


# ---------------------------------------------------------------- validation
SPECS = [
    Spec(validation.as_matrix, lambda: dict(value=X, name="value"), {"value": "matrix"},
         {"columns": SIZE_BAD}),
    Spec(validation.as_vector, lambda: dict(value=Y, name="value"), {"value": "vector"},
         {"length": SIZE_BAD}),
    Spec(validation.check_width, lambda: dict(value=2, name="value"), {"value": "count"}),
    Spec(validation.check_positive, lambda: dict(value=0.5, name="value"), {"value": "positive"}),
    Spec(validation.check_dataset, lambda: dict(X=X, y=Y), {"X": "matrix", "y": "vector"},
         {"y": WRONG_LENGTH_Y}),
]

SPECS += [
    Spec(validation.check_real, lambda: dict(value=0.5, name="value"), {"value": "real"}),
    Spec(validation.check_nonnegative, lambda: dict(value=0.0, name="value"), {"value": "nonnegative"}),
    Spec(validation.check_natural, lambda: dict(value=0, name="value"), {"value": "natural"}),
    Spec(validation.check_index, lambda: dict(value=1, name="value", size=3), {}, {"value": index_bad(3)}),
    Spec(validation.check_choice, lambda: dict(value="a", name="value", choices=("a", "b")), {"value": "name"},
         {"value": [("list", ["a"])]}),
    Spec(validation.check_seed, lambda: dict(value=0, name="value"), {"value": "seed"}, {"value": [("None", None)]}),
    Spec(validation.check_seeds, lambda: dict(value=[0, 1], name="value"), {"value": "seed"},
         {"value": [("negative in list", [0, -1]), ("empty", [])]}),
    Spec(validation.check_flag, lambda: dict(value=True, name="value"), {}, {"value": FLAG + [("None", None)]}),
    Spec(validation.check_widths, lambda: dict(values=[1, 2], name="values"), {},
         {"values": [("empty", []), ("zero", [0]), ("text", "2"), ("None", None)]}),
    Spec(validation.check_entries, lambda: dict(count=10, name="count"), {},
         {"count": [("too large", validation.MAX_ENTRIES + 1)]}),
    Spec(validation.as_array, lambda: dict(value=[1.0, 2.0], name="value"), {},
         {"value": [("None", None), ("text", "values"), ("empty", []), ("NaN", [np.nan])]}),
    Spec(validation.check_callable, lambda: dict(value=len, name="value"), {"value": "callable"}),
    Spec(validation.check_pattern, lambda: dict(value=PATTERN, name="value", shape=(3, 2)), {},
         {"value": REQUIRED_PATTERN_BAD}),
    Spec(validation.as_returned, lambda: dict(value=[1.0, 2.0], name="value", shape=(2,), what="two numbers"), {},
         {"value": [("None", None), ("text", "values"), ("wrong size", [1.0]), ("NaN", [np.nan, 1.0]),
                    ("complex", [1j, 1.0])]}),
    Spec(validation.check_text, lambda: dict(value="a", name="value", empty=False), {},
         {"value": [("number", 3), ("None", None), ("empty", "")]}),
    Spec(validation.times_exp, lambda: dict(coefficient=[1e-300, 0.0], exponent=[800.0, 800.0]), {},
         {"coefficient": [("None", None), ("text", np.array(["1", "2"])), ("complex", np.array([1j, 1.0]))],
          "exponent": [("None", None), ("text", "800"), ("bool", np.array([True, False]))]}),
    Spec(validation.check_result, lambda: dict(value=[1.0, 2.0], name="value", what="the answer"), {},
         {"value": [("NaN", [np.nan, 1.0]), ("inf", np.array([np.inf]))]}),
    Spec(validation.check_work, lambda: dict(count=10, name="count", per_unit=100.0), {},
         {"count": [("beyond the budget", validation.MAX_COUNT)]}),
]

# ---------------------------------------------------------------- data
SPECS += [
    Spec(data.three_points, dict, {}),
    Spec(data.two_points_1d, dict, {}),
    Spec(data.bumpy_1d, lambda: dict(n_points=5), {"n_points": "count"}, {"n_points": [("two", 2)]}),
]


# ---------------------------------------------------------------- images
def _write_idx(path: Path, magic: int, array: np.ndarray) -> None:
    header = magic.to_bytes(4, "big") + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    path.write_bytes(header + array.astype(np.uint8).tobytes())


@functools.cache
def tiny_mnist() -> str:
    """A folder holding four IDX files of a tiny MNIST look-alike (3x3 pixels, 10 classes)."""
    folder = Path(tempfile.mkdtemp(prefix="tiny-mnist-"))
    rng = np.random.default_rng(0)
    for images_key, labels_key, n in (("X_train", "y_train", 20), ("X_test", "y_test", 10)):
        _write_idx(folder / images.MNIST_FILES[images_key], 2051, rng.integers(0, 256, (n, 3, 3)))
        _write_idx(folder / images.MNIST_FILES[labels_key], 2049, np.arange(n) % 10)
    return str(folder)


@functools.cache
def tiny_images() -> images.ImageData:
    return images.load_mnist(tiny_mnist())


SPECS += [
    Spec(images.load_digits_split, lambda: dict(test_fraction=0.25, seed=0),
         {"test_fraction": "probability", "seed": "seed"}, {"test_fraction": [("zero", 0.0), ("one", 1.0)]}),
    Spec(images.load_mnist, lambda: dict(directory=tiny_mnist()), {}, {"directory": TEXT_BAD}),
    Spec(images.load_mnist5k, lambda: dict(test_fraction=0.2, seed=0),
         {"test_fraction": "probability", "seed": "seed"}, {"test_fraction": [("zero", 0.0), ("one", 1.0)]}),
    Spec(splits.stratified_split, lambda: dict(labels=np.repeat(np.arange(3), 4), test_fraction=0.5, seed=0),
         {"test_fraction": "probability", "seed": "seed"},
         {"labels": [("None", None), ("text", "0011"), ("float", np.array([0.0, 0.0, 1.0, 1.0])),
                     ("bool", np.array([True, True, False, False])), ("2-D", np.ones((4, 2), dtype=int)),
                     ("empty", np.zeros(0, dtype=int)), ("one of a class", np.array([0, 0, 1]))],
          "test_fraction": [("zero", 0.0), ("one", 1.0), ("too small a part", 0.05)],
          "seed": [("above 2**32 - 1", 2**32)]}),
]

# ---------------------------------------------------------------- nets
NETS_Y = {"y": "vector"}
SPECS += [
    Spec(nets.Architecture, lambda: dict(n_inputs=2, width=2, bias=False),
         {"n_inputs": "count", "width": "count"}, {"bias": FLAG}),
    Spec(nets.Architecture.unpack, lambda: dict(self=ARCH, theta=THETA), {"theta": "vector"}),
    Spec(nets.Architecture.pack, lambda: dict(self=ARCH, W=np.ones((2, 2)), v=np.ones(2)), {},
         {"W": [("text", "W"), ("None", None), ("NaN", np.full((2, 2), np.nan)), ("wrong shape", np.ones((3, 2)))],
          "v": [("text", "v"), ("None", None), ("NaN", np.array([np.nan, 1.0])), ("wrong shape", np.ones(3))]}),
    Spec(nets.Architecture.pack, lambda: dict(self=ARCH_B, W=np.ones((2, 2)), v=np.ones(2), b=np.ones(2), c=1.0), {},
         {"b": [("text", "b"), ("NaN", np.array([np.nan, 1.0])), ("wrong shape", np.ones(3))],
          "c": [("text", "c"), ("NaN", math.nan), ("wrong shape", np.ones(2))]}),
    Spec(nets.pattern_of, lambda: dict(arch=ARCH, theta=THETA, X=X), {"theta": "vector", "X": "matrix"},
         {"arch": ARCH_BAD, "X": WRONG_COLUMNS_X}),
    Spec(nets.outputs, lambda: dict(arch=ARCH, theta=THETA, X=X, pattern=PATTERN), {"theta": "vector", "X": "matrix"},
         {"arch": ARCH_BAD, "X": WRONG_COLUMNS_X, "pattern": PATTERN_BAD}),
]
for _function in (nets.loss, nets.gradient, nets.hessian):
    SPECS.append(
        Spec(_function, lambda: dict(arch=ARCH, theta=THETA, X=X, y=Y, pattern=PATTERN),
             {"theta": "vector", "X": "matrix", "y": "vector"},
             {"arch": ARCH_BAD, "X": WRONG_COLUMNS_X, "y": WRONG_LENGTH_Y, "pattern": PATTERN_BAD,
              **({"theta": [("batch", np.ones((2, 6)))]} if _function is nets.hessian else {})})
    )

# ---------------------------------------------------------------- regions
TOO_MANY_REGIONS = [("too many regions", 11)]
SPECS += [
    Spec(regions.homogeneous, lambda: dict(X=X, bias=True), {"X": "matrix"}, {"bias": FLAG}),
    Spec(regions.Regions.witness, lambda: dict(self=REGIONS, r=3), {}, {"r": index_bad(len(REGIONS))}),
    Spec(regions.interior_points, lambda: dict(cones=np.eye(2)[None], planes=np.array([[1.0, -1.0]])), {},
         {"cones": [("None", None), ("text", "cones"), ("2-D", np.eye(2)), ("empty", np.zeros((0, 2, 2))),
                    ("NaN", np.full((1, 2, 2), np.nan))],
          "planes": [("text", "planes"), ("wrong shape", np.ones((2, 3))), ("NaN", np.array([[np.nan, 1.0]]))]}),
    Spec(regions.unit_cells, lambda: dict(X=X, bias=False), {"X": "matrix"},
         {"bias": FLAG, "X": [("only zero rows", np.zeros((2, 2)))]}),
    Spec(regions.activation_regions, lambda: dict(X=X, width=2, bias=False), {"X": "matrix", "width": "count"},
         {"bias": FLAG, "width": TOO_MANY_REGIONS}),
    Spec(regions.activation_regions, lambda: dict(X=X40, width=1), {},
         {"width": TOO_MANY_REGIONS + [("four", 4)]}),
    Spec(regions.regions_from_cells, lambda: dict(cells=CELLS, width=2), {"width": "count"},
         {"cells": ARCH_BAD, "width": TOO_MANY_REGIONS}),
    Spec(regions.activation_pattern, lambda: dict(X=X, W=np.ones((2, 2)), b=np.zeros(2)), {"X": "matrix", "W": "matrix"},
         {"W": [("wrong columns", np.ones((2, 3)))],
          "b": [("text", "b"), ("NaN", np.array([np.nan, 1.0])), ("wrong length", np.ones(3))]}),
    Spec(regions.general_position_cell_count, lambda: dict(n_hyperplanes=3, dimension=2),
         {"n_hyperplanes": "count", "dimension": "count"}),
]

# ---------------------------------------------------------------- subglobal
SPECS += [
    Spec(subglobal.normal_equations, lambda: dict(X=X, y=Y, pattern=PATTERN, bias=False),
         {"X": "matrix", "y": "vector"}, {"y": WRONG_LENGTH_Y, "pattern": REQUIRED_PATTERN_BAD, "bias": FLAG}),
    Spec(subglobal.solve_regions, lambda: dict(X=X, y=Y, patterns=REGIONS.patterns, bias=False),
         {"X": "matrix", "y": "vector"}, {"y": WRONG_LENGTH_Y, "patterns": PATTERNS_BAD, "bias": FLAG}),
    Spec(subglobal.solve_pattern, lambda: dict(X=X, y=Y, pattern=PATTERN, bias=False),
         {"X": "matrix", "y": "vector"}, {"y": WRONG_LENGTH_Y, "pattern": REQUIRED_PATTERN_BAD, "bias": FLAG}),
]

# ---------------------------------------------------------------- genuine
SPECS += [
    Spec(genuine.genuineness, lambda: dict(X=X, y=Y, pattern=PATTERN, bias=False, tol=1e-7, parameters=True),
         {"X": "matrix", "y": "vector", "tol": "tolerance"},
         {"y": WRONG_LENGTH_Y, "pattern": REQUIRED_PATTERN_BAD, "bias": FLAG, "parameters": FLAG}),
    Spec(genuine.minimum_norm_inside,
         lambda: dict(X=X, y=Y, pattern=PATTERN, p=subglobal.solve_pattern(X, Y, PATTERN).p[0], bias=False, tol=1e-7),
         {"X": "matrix", "y": "vector", "tol": "tolerance"},
         {"y": WRONG_LENGTH_Y, "pattern": REQUIRED_PATTERN_BAD, "bias": FLAG,
          "p": [("text", "p"), ("None", None), ("NaN", np.full((2, 2), np.nan)), ("wrong shape", np.ones((3, 2)))]}),
    Spec(all_regions.subglobal_minima, lambda: dict(X=X, y=Y, width=2, bias=False, tol=1e-7, cells=CELLS),
         {"X": "matrix", "y": "vector", "width": "count", "tol": "tolerance"},
         {"y": WRONG_LENGTH_Y, "bias": FLAG, "width": TOO_MANY_REGIONS,
          "cells": [("text", "cells"), ("other data", regions.unit_cells(X40[:3])),
                    ("other bias", regions.unit_cells(X, bias=True))]}),
]

# ---------------------------------------------------------------- genuine_reference
SPECS += [
    Spec(genuine_reference.reference_margin, lambda: dict(X=X, y=Y, pattern=PATTERN, bias=False),
         {"X": "matrix", "y": "vector"}, {"y": WRONG_LENGTH_Y, "pattern": REQUIRED_PATTERN_BAD, "bias": FLAG}),
    Spec(genuine_reference.reference_status, lambda: dict(X=X, y=Y, pattern=PATTERN, bias=False, tol=1e-7),
         {"X": "matrix", "y": "vector", "tol": "tolerance"},
         {"y": WRONG_LENGTH_Y, "pattern": REQUIRED_PATTERN_BAD, "bias": FLAG}),
]


# ---------------------------------------------------------------- probes
def _square(points):
    return np.sum(np.asarray(points) ** 2, axis=-1)


SPECS += [
    Spec(probes.random_directions, lambda: dict(dimension=3, count=4, seed=0),
         {"dimension": "count", "count": "count", "seed": "seed"}, {"count": [("too large", 10**12)]}),
    Spec(probes.loss_along_directions,
         lambda: dict(loss=_square, theta=np.zeros(2), directions=np.eye(2), radii=[0.1, 1.0], batch_size=1),
         {"loss": "callable", "theta": "vector", "directions": "matrix", "radii": "vector", "batch_size": "count"},
         {"directions": [("wrong columns", np.ones((2, 3)))], "loss": [("wrong shape", lambda t: np.zeros(1))]}),
    Spec(probes.is_local_minimum,
         lambda: dict(loss=_square, theta=np.zeros(2), radii=(0.1,), n_directions=5, seed=0, tol=1e-12),
         {"loss": "callable", "theta": "vector", "radii": "vector", "n_directions": "count", "seed": "seed",
          "tol": "nonnegative"}),
]

# ---------------------------------------------------------------- critical
SPECS += [
    Spec(critical.second_order_test, lambda: dict(hessian=np.eye(2), rtol=1e-8),
         {"hessian": "matrix", "rtol": "tolerance"},
         {"hessian": [("not square", np.ones((2, 3))), ("not symmetric", np.array([[1.0, 2.0], [0.0, 1.0]]))],
          "rtol": [("one", 1.0)]}),
]

# ---------------------------------------------------------------- adam
SPECS += [
    Spec(adam.Adam, lambda: dict(arrays=[np.zeros(2), np.ones((2, 2))], lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8,
                                 form="efficient"),
         {"lr": "positive", "eps": "positive", "form": "name"},
         {"arrays": [("None", None), ("empty", []), ("one array", np.zeros(2)), ("integers", [np.zeros(2, dtype=int)]),
                     ("two dtypes", [np.zeros(2), np.zeros(2, dtype=np.float32)]), ("NaN", [np.array([np.nan])]),
                     ("text", "weights")],
          "beta1": [("one", 1.0), ("negative", -0.1), ("NaN", math.nan), ("text", "0.9"), ("bool", True)],
          "beta2": [("one", 1.0), ("negative", -0.1), ("NaN", math.nan), ("text", "0.9"), ("None", None)]}),
]

# ---------------------------------------------------------------- descent
SPECS += [
    Spec(descent.gradient_descent,
         lambda: dict(grad=lambda t: 2 * t, starts=np.ones((2, 2)), learning_rate=0.1, steps=3,
                      inside=lambda t: np.ones(len(t), dtype=bool), tolerance=1e-10),
         {"grad": "callable", "starts": "matrix", "learning_rate": "positive", "steps": "count",
          "tolerance": "nonnegative"},
         {"inside": [("number", 3)], "grad": [("wrong shape", lambda t: t[:, :1])]}),
]

# ---------------------------------------------------------------- mlp
MLP_X = np.random.default_rng(1).uniform(size=(12, 4))
MLP_Y = np.arange(12) % 3
MLP_PARAMS = mlp.init_params(4, 1, 3, repeats=2)
MLP_MASKS = mlp.random_masks(12, 1, repeats=2)
PARAMS_BAD = [("text", "params"), ("None", None),
              ("NaN", mlp.Params(*(np.full_like(p, np.nan) for p in MLP_PARAMS))),
              ("mismatched", mlp.Params(*MLP_PARAMS[:4], *mlp.init_params(4, 2, 3, repeats=2)[4:]))]
MASKS_BAD = [("text", "masks"), ("wrong shape", mlp.random_masks(5, 1, repeats=2)),
             ("values 2", mlp.Masks(MLP_MASKS.a1 * 2, MLP_MASKS.a2))]
LABELS_BAD = [("wrong length", MLP_Y[:5]), ("out of range", np.full(12, 3)), ("fraction", np.full(12, 0.5)),
              ("negative", np.full(12, -1))]
SPECS += [
    Spec(mlp.n_params, lambda: dict(n_in=4, k=2, n_classes=3), {"n_in": "count", "k": "count", "n_classes": "count"}),
    Spec(mlp.init_params, lambda: dict(n_in=4, k=1, n_classes=3, repeats=2, seed=0, dtype=np.float64),
         {"n_in": "count", "k": "count", "n_classes": "count", "repeats": "count", "seed": "seed"},
         {"dtype": [("text", "float"), ("int", int)], "seed": [("negative in list", [1, -1])]}),
    Spec(mlp.random_masks, lambda: dict(n_points=12, k=1, repeats=2, seed=0),
         {"n_points": "count", "k": "count", "repeats": "count", "seed": "seed"}),
    Spec(mlp.activation_pattern, lambda: dict(params=MLP_PARAMS, X=MLP_X), {"X": "matrix"},
         {"params": PARAMS_BAD, "X": [("wrong columns", MLP_X[:, :3])]}),
    Spec(mlp.forward, lambda: dict(params=MLP_PARAMS, X=MLP_X, masks=MLP_MASKS), {"X": "matrix"},
         {"params": PARAMS_BAD, "X": [("wrong columns", MLP_X[:, :3])], "masks": MASKS_BAD}),
]
for _function in (mlp.loss, mlp.loss_and_grad, mlp.accuracy):
    SPECS.append(
        Spec(_function, lambda: dict(params=MLP_PARAMS, X=MLP_X, y=MLP_Y, masks=MLP_MASKS), {"X": "matrix", "y": "vector"},
             {"params": PARAMS_BAD, "X": [("wrong columns", MLP_X[:, :3])], "masks": MASKS_BAD, "y": LABELS_BAD})
    )
SPECS.append(
    Spec(mlp.train,
         lambda: dict(X=MLP_X, y=MLP_Y, k=1, masks=MLP_MASKS, n_classes=3, repeats=2, epochs=1, batch_size=5,
                      lr=1e-3, seed=0, dtype=np.float32, callback=lambda epoch: None),
         {"X": "matrix", "y": "vector", "k": "count", "repeats": "count", "epochs": "count", "batch_size": "count",
          "lr": "positive", "seed": "seed"},
         {"y": LABELS_BAD[:1] + LABELS_BAD[2:], "masks": MASKS_BAD, "n_classes": SIZE_BAD + [("too few", 2)],
          "dtype": [("text", "float")], "callback": [("number", 3)],
          "budget": [("zero", 0.0), ("negative", -1.0), ("NaN", float("nan")), ("text", "1e11"), ("bool", True)]})
)


# ---------------------------------------------------------------- parallel
SPECS += [
    Spec(parallel.add_parallel_arguments, lambda: dict(parser=argparse.ArgumentParser(), unit="task"), {},
         {"parser": [("None", None), ("text", "parser")], "unit": [("empty", ""), ("number", 3), ("None", None)]}),
]


# ---------------------------------------------------------------- inregion
SAMPLE_BAD = {"regions": REGIONS_BAD[:2], "r": index_bad(len(REGIONS))}
SPECS += [
    Spec(inregion.sample_in_region, lambda: dict(regions=REGIONS, r=3, count=2, seed=0, spread=0.5),
         {"count": "count", "seed": "seed", "spread": "positive"}, SAMPLE_BAD),
    Spec(inregion.descend_in_region,
         lambda: dict(X=X, y=Y, regions=REGIONS, r=3, count=2, steps=5, learning_rate=0.01, seed=0),
         {"X": "matrix", "y": "vector", "count": "count", "steps": "count", "learning_rate": "positive", "seed": "seed"},
         {"y": WRONG_LENGTH_Y, "regions": REGIONS_BAD, "r": index_bad(len(REGIONS))}),
    Spec(inregion.saddle_in_region, lambda: dict(X=X, y=Y, regions=REGIONS, r=3, idle=(0,)),
         {"X": "matrix", "y": "vector"},
         {"y": WRONG_LENGTH_Y, "regions": REGIONS_BAD, "r": index_bad(len(REGIONS)),
          "idle": [("out of range", (5,)), ("-1", (-1,)), ("empty", ()), ("text", "a"), ("None", None)]}),
]

# ---------------------------------------------------------------- sigmoid_nets
SN_ARCH = sigmoid_nets.Architecture((2, 2, 1))  # 6 parameters
SN_THETA = np.array([0.5, -0.3, 0.2, 0.8, 1.0, -1.0])
SN_ARCH_BAD = [("text", "net"), ("None", None), ("ReLU net", ARCH)]
SN_COMMON = {"arch": SN_ARCH_BAD, "theta": [("wrong length", np.ones(5))], "X": WRONG_COLUMNS_X}
SPECS += [
    Spec(sigmoid_nets.Architecture, lambda: dict(sizes=(2, 2, 1), bias=False), {},
         {"sizes": [("text", "221"), ("None", None), ("short", (1,)), ("zero", (2, 0, 1)), ("fraction", (2, 1.5, 1)),
                    ("no single output", (2, 3))],
          "bias": FLAG}),
    Spec(sigmoid_nets.Architecture.unpack, lambda: dict(self=SN_ARCH, theta=SN_THETA), {"theta": "vector"}),
    Spec(sigmoid_nets.Architecture.pack,
         lambda: dict(self=SN_ARCH, weights=[np.ones((2, 2)), np.ones((1, 2))], biases=None), {},
         {"weights": [("None", None), ("text", "weights"), ("too few", [np.ones((2, 2))]),
                      ("NaN", [np.full((2, 2), np.nan), np.ones((1, 2))]), ("wrong shape", [np.ones((2, 3)), np.ones((1, 2))])]}),
    Spec(sigmoid_nets.sigmoid, lambda: dict(t=np.linspace(-1, 1, 3)), {}, {"t": [("text", "t"), ("None", None)]}),
    Spec(sigmoid_nets.forward, lambda: dict(arch=SN_ARCH, theta=SN_THETA, X=X), {"theta": "vector", "X": "matrix"},
         SN_COMMON),
]
for _function in (sigmoid_nets.neuron_values, sigmoid_nets.loss, sigmoid_nets.gradient, sigmoid_nets.hessian):
    SPECS.append(
        Spec(_function, lambda: dict(arch=SN_ARCH, theta=SN_THETA, X=X, y=Y),
             {"theta": "vector", "X": "matrix", "y": "vector"}, {**SN_COMMON, "y": WRONG_LENGTH_Y})
    )
SPECS += [
    Spec(sigmoid_nets.loss_batch, lambda: dict(arch=SN_ARCH, thetas=np.ones((3, 6)), X=X, y=Y, chunk_size=2),
         {"thetas": "matrix", "X": "matrix", "y": "vector", "chunk_size": "count"},
         {"arch": SN_ARCH_BAD, "thetas": [("wrong columns", np.ones((3, 5)))], "X": WRONG_COLUMNS_X, "y": WRONG_LENGTH_Y}),
    Spec(sigmoid_nets.refine_critical_point,
         lambda: dict(arch=sigmoid_nets.Architecture((2, 1)), theta0=np.zeros(2), X=X, y=Y, gtol=1e-8),
         {"theta0": "vector", "X": "matrix", "y": "vector", "gtol": "positive"},
         {"arch": SN_ARCH_BAD, "theta0": [("wrong length", np.ones(5))], "X": WRONG_COLUMNS_X, "y": WRONG_LENGTH_Y}),
]
SPECS += [
    Spec(lp.check_margin_tol, lambda: dict(tol=1e-7), {"tol": "tolerance"}, {"tol": [("below the LP accuracy", 1e-12)]}),
    Spec(lp.margin_threshold, lambda: dict(y=Y, tol=1e-7), {"y": "vector", "tol": "tolerance"}),
    Spec(lp.solve_lp, lambda: dict(cost=[1.0, 1.0], A_ub=[[-1.0, -1.0]], b_ub=[-1.0]), {"cost": "vector"}),
    Spec(dataset.dataset, lambda: dict(X=X, y=Y, bias=False), {"X": "matrix", "y": "vector"},
         {"y": WRONG_LENGTH_Y, "bias": FLAG}),
]


def _twice(x):
    return 2 * x


# parallel: jobs follows joblib (negative = cpu_count + 1 + jobs, so -2 is valid); 0 is the one bad whole number.
SPECS += [
    Spec(parallel.run_parallel, lambda: dict(function=_twice, tasks=[1, 2], jobs=1, scheduler=None, progress=False,
                                             desc=None),
         {"function": "callable"},
         {"tasks": [("None", None), ("number", 3), ("text", "abc")],
          "jobs": [("zero", 0), ("fraction", 1.5), ("text", "2"), ("bool", True)],
          "scheduler": [("number", 3), ("empty", ""), ("no port", "localhost"), ("spaces", "my scheduler")],
          "progress": FLAG, "desc": [("number", 3)]}),
]

EXEMPT = {
    "lossland.core.mlp.check_labels": "a validator: its errors are those of the Specs of mlp.loss, accuracy and train",
    "lossland.core.mlp.forward_cached": "takes Params and inputs validated by forward, loss or train",
    "lossland.core.mlp.log_softmax": "takes logits computed by forward_cached",
    "lossland.core.mlp.cross_entropy": "takes log-probabilities from log_softmax and validated labels",
    "lossland.core.nets.check_arguments": "a validator: its errors are those of the Specs of outputs, loss, gradient",
    "lossland.core.regions.unit_cells_of_inputs": "takes homogeneous inputs validated by unit_cells",
    "lossland.core.inregion.region_saddle": "takes a validated Dataset; saddle_in_region validates",
    "lossland.core.sigmoid_nets.layer_values": "takes arguments validated by forward, loss or gradient",
    "lossland.core.sigmoid_nets.backprop": "takes arguments validated by gradient (also complex steps, by design)",
    "lossland.core.sigmoid_nets.check_arguments": "a validator: its errors are those of the Specs of forward, loss",
    "lossland.core.sigmoid_nets.BatchBuffers": "a plain data container of work arrays (built by allocate)",
    "lossland.core.sigmoid_nets.losses_into": "writes into BatchBuffers that loss_batch allocated from validated rows",
    "lossland.core.threads.one_blas_thread": "takes no arguments",
    "lossland.core.subglobal.CHUNK_ENTRIES": "a constant: the size of one chunk of regions",
    "lossland.core.threads.in_browser": "takes no arguments",
    "lossland.core.dataset.Dataset": "a plain data container (built and validated by dataset)",
    "lossland.core.lp.LP_FEASIBILITY": "a constant: the linear programs' feasibility tolerance",
    "lossland.core.lp.MARGIN_TOL": "a constant: the default margin tolerance",
    "lossland.core.validation.MAX_ENTRIES": "a constant: the largest allocation check_entries allows",
    "lossland.core.validation.MAX_MAGNITUDE": "a constant: the largest number the checks allow",
    "lossland.core.validation.MAX_COUNT": "a constant: the largest count the checks allow",
    "lossland.core.validation.MAX_WORK": "a constant: the work budget check_work allows one call",
    "lossland.core.validation.LOOP_COST": "a constant: check_work's cost of one pass of a Python loop",
    "lossland.core.regions.MAX_REGIONS": "a constant: the most regions enumerated",
    "lossland.core.images.MNIST_FILES": "a constant: the four MNIST file names",
    "lossland.core.images.DATA_FILES": "a constant: where each bundled data file lies natively",
    "lossland.core.images.LIVE_DATA_PACKAGE": "a constant: the live site's data package",
    "lossland.core.images.ImageData": "a plain data container (built by the loaders, which validate the files)",
    "lossland.core.regions.UnitCells": "a plain data container (built by unit_cells)",
    "lossland.core.subglobal.Fit": "a plain data container (built by solve_regions)",
    "lossland.core.genuine.Verdict": "a plain data container (built by genuineness)",
    "lossland.core.all_regions.SubglobalMinima": "a plain data container (built by subglobal_minima)",
    "lossland.core.genuine.region_verdict": "takes a validated Dataset and pattern; genuineness validates",
    "lossland.core.scaling.Scales": "a plain data container of two scales (built by scaled_to_one)",
    "lossland.core.scaling.scaled_to_one": "takes a validated Dataset; genuineness, subglobal_minima, saddle_in_region validate",
    "lossland.core.subglobal.check_region_pattern": "the pattern check itself (its errors are the Specs' of genuineness)",
    "lossland.core.subglobal.design_matrix": "takes a validated Dataset's inputs and pattern; its callers validate",
    "lossland.core.subglobal.solve_batch": "takes a validated Dataset and patterns; solve_regions validates",
    "lossland.core.margins.BATCH": "a constant: margin programs per solver call",
    "lossland.core.margins.SIGNS": "a constant: the output signs a unit may take",
    "lossland.core.margins.Screen": "a plain data container (built by screen)",
    "lossland.core.margins.Search": "a plain data container (built by prepare_search)",
    "lossland.core.margins.unit_signs": "a step of genuineness on its validated Dataset; genuineness validates",
    "lossland.core.margins.screen": "a step of genuineness on its validated Dataset; genuineness validates",
    "lossland.core.margins.status": "a step of genuineness on its validated margin; genuineness validates",
    "lossland.core.margins.groups": "a step of genuineness on its validated pattern; genuineness validates",
    "lossland.core.margins.prepare_search": "a step of genuineness on its validated Dataset; genuineness validates",
    "lossland.core.margins.solve_programs": "a step of genuineness on programs it built; genuineness validates",
    "lossland.core.descent.Descent": "a plain data container (built by gradient_descent)",
    "lossland.core.adam.FORMS": "a constant: the two forms of Adam's step",
    "lossland.core.critical.RTOL": "a constant: the relative tolerance of the second-order test",
    "lossland.core.critical.SecondOrderTest": "a plain data container (built by second_order_test)",
    "lossland.core.mlp.Params": "a plain data container (a NamedTuple of weights, checked where used)",
    "lossland.core.mlp.Masks": "a plain data container (a NamedTuple of masks, checked where used)",
    "lossland.core.mlp.TrainResult": "a plain data container (built by train)",
    "lossland.core.inregion.RegionDescent": "a plain data container (built by descend_in_region)",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)
