"""Bad input to Chapter 2 (Liu's criteria) is rejected clearly.

One :class:`Spec` row per public function or method of ``lossland.liu*`` and its self-checks.
A self-check's *answer* is the student's: a bad one gets friendly feedback instead of an error
(tested below).  Read by ``tests/test_bad_inputs_coverage.py`` and ``tests/test_fuzz.py``.
"""
import numpy as np
import pytest
from badinput import ANY_SHAPE_BAD, BAD, FLAG_BAD, NOT_A_NUMBER, Spec, table_tests, uncovered, wrong_length

from lossland.liu import boundary as liu_boundary
from lossland.liu import criteria as liu
from lossland.liu import discrete as liu_discrete
from lossland.liu import example as liu_example
from lossland.liu import gaussian as lg
from lossland.liu import lemma1 as liu_lemma1
from lossland.liu import selfcheck as scl

# ---------------------------------------------------------------- shared bad values
ENDS = [  # interval ends: infinite ends are fine, NaN is not
    ("None", None),
    ("text", "values"),
    ("NaN", np.array([np.nan, 1.0])),
    ("object", np.array([object(), 1.0], dtype=object)),
]
LABEL = [("zero", 0), ("two", 2), ("text", "1"), ("bool", True), ("None", None)]
HUGE = 10**12  # far too large to allocate: must be refused up front


# ---------------------------------------------------------------- Liu: tiny data
X3 = liu.liu_inputs([[-1.0], [0.5], [2.0]])  # homogeneous inputs (3, 2)
Y3 = np.array([0.5, -0.2, 1.0])
ALL_ON = np.ones((3, 1))
TWO_UNITS = np.array([[1, 0], [1, 1], [1, 1]])
THETA1 = np.array([1.0, 0.5, 1.0])  # [vec(W), z] for one unit and d = 2
PATTERN_BAD = [("not 0/1", np.full((3, 1), 0.5)), ("wrong rows", np.ones((2, 1)))]
BOUNDARY_PATTERN = np.array([[0], [1], [1]])  # sample 0 inactive for unit 0


def liu_data(**more):
    return lambda: dict(X=X3, y=Y3, **more)


DATA_KINDS = {"X": "matrix", "y": "vector"}
DATA_EXTRA = {"y": wrong_length(2)}

LIU_SPECS = [
    Spec(liu_lemma1.lemma1_step, lambda: dict(X=X3, y=Y3, theta=np.array([1.0, 0.5, -1.0, 0.2, 1.0, 0.0]), unit=1,
                                              direction=None, radius=0.1),
         {**DATA_KINDS, "theta": "vector", "radius": "positive"},
         {**DATA_EXTRA, "theta": [("not K * (d + 1)", np.ones(4))],
          "unit": [("z_j != 0", 0), ("out of range", 2), ("text", "1"), ("bool", True)],
          "direction": [("zero", np.zeros(2)), ("wrong length", np.ones(3)), ("text", "u"), ("NaN", np.array([np.nan, 1.0]))]}),
    Spec(liu_discrete.rank_deficient_cases, dict, {}),
    Spec(liu_discrete.trap_census, liu_data(widths=(1, 2), starts=50, seed=0, tol=1e-9),
         {**DATA_KINDS, "starts": "count", "seed": "seed", "tol": "positive"},
         {**DATA_EXTRA, "widths": [("empty", ()), ("zero", (0,)), ("text", "12")], "starts": [("too large", HUGE)]}),
    Spec(liu.liu_inputs, lambda: dict(X=[[-1.0], [0.5]]), {"X": "matrix"}),
    Spec(liu.liu_loss, liu_data(theta=THETA1), {**DATA_KINDS, "theta": "vector"},
         {**DATA_EXTRA, "theta": [("not K * (d + 1)", np.ones(4)), ("2-D", np.ones((3, 3)))]}),
    Spec(liu.liu_matrix, lambda: dict(X=X3, pattern=TWO_UNITS), {"X": "matrix", "pattern": "matrix"},
         {"pattern": PATTERN_BAD}),
    Spec(liu.cell_minimum, liu_data(pattern=ALL_ON), {**DATA_KINDS, "pattern": "matrix"},
         {**DATA_EXTRA, "pattern": PATTERN_BAD}),
    Spec(liu.liu_criterion, liu_data(pattern=ALL_ON), {**DATA_KINDS, "pattern": "matrix", "tol": "tolerance"},
         {**DATA_EXTRA, "pattern": PATTERN_BAD + [("too many units", np.ones((3, 40)))],
          "signs": [("empty", ()), ("not a sign", (1, 2)), ("text", "+-"), ("None", None)], "strict": FLAG_BAD}),
    Spec(liu.differentiable_minima, liu_data(width=1), {**DATA_KINDS, "width": "count"},
         {**DATA_EXTRA, "width": [("too large", 10**6)]}),
    Spec(liu.saddle_system, liu_data(pattern=TWO_UNITS, busy=[0]), {**DATA_KINDS, "pattern": "matrix"},
         {**DATA_EXTRA, "pattern": PATTERN_BAD,
          "busy": [("out of range", [2]), ("negative", [-1]), ("fraction", [0.5]), ("text", "a"), ("None", None), ("empty", [])]}),
    Spec(liu.liu_saddle, liu_data(pattern=TWO_UNITS, busy=[0]), {**DATA_KINDS, "pattern": "matrix"},
         {**DATA_EXTRA, "pattern": PATTERN_BAD + [("not a cell", np.array([[1, 0], [0, 1], [1, 0]]))],
          "busy": [("out of range", [2]), ("negative", [-1]), ("fraction", [0.5]), ("text", "a"), ("None", None), ("all", [0, 1])]}),
    Spec(liu.theorem2_point, liu_data(pattern=TWO_UNITS, busy=[0]), {**DATA_KINDS, "pattern": "matrix"},
         {**DATA_EXTRA, "pattern": PATTERN_BAD + [("not a cell", np.array([[1, 0], [0, 1], [1, 0]]))],
          "busy": [("out of range", [2]), ("negative", [-1]), ("fraction", [0.5]), ("text", "a"), ("None", None), ("all", [0, 1])]}),
]

INDEX = {"m": [("out of range", 1), ("negative", -1), ("fraction", 0.5), ("text", "0"), ("None", None)],
         "n": [("out of range", 3), ("negative", -1), ("fraction", 0.5), ("text", "0"), ("None", None), ("active", 1)]}
BOUNDARY_KINDS = {**DATA_KINDS, "pattern": "matrix"}
BOUNDARY_EXTRA = {**DATA_EXTRA, **INDEX, "pattern": PATTERN_BAD}

BOUNDARY_SPECS = [
    Spec(liu_boundary.boundary_system, liu_data(pattern=BOUNDARY_PATTERN, m=0, n=0), BOUNDARY_KINDS, BOUNDARY_EXTRA),
    Spec(liu_boundary.boundary_inequalities, liu_data(pattern=BOUNDARY_PATTERN, m=0, n=0), BOUNDARY_KINDS,
         {**BOUNDARY_EXTRA, "printed": FLAG_BAD}),
    Spec(liu_boundary.boundary_minimum, liu_data(pattern=BOUNDARY_PATTERN, m=0, n=0), {**BOUNDARY_KINDS, "tol": "tolerance"},
         {**BOUNDARY_EXTRA, "printed": FLAG_BAD, "pattern": PATTERN_BAD + [("too many units", np.zeros((3, 40)))]}),
    Spec(liu_boundary.boundary_minima, liu_data(width=1), {**DATA_KINDS, "width": "count"},
         {**DATA_EXTRA, "width": [("too large", 10**6)]}),
]

EXAMPLE_SPECS = [
    Spec(liu_example.example_loss, lambda: dict(w1=np.linspace(-1, 1, 3), w2=0.5, y=(1.0, 1.0)),
         {"y": "vector"}, {"w1": ANY_SHAPE_BAD, "w2": ANY_SHAPE_BAD + [("not broadcastable", np.zeros(2))], "y": wrong_length(3)}),
    Spec(liu_example.example_cells, lambda: dict(y=(1.0, -1.0)), {"y": "vector"}, {"y": wrong_length(3)}),
]

# ---------------------------------------------------------------- Liu: Gaussian data (Sec. 7)
XG, YG = lg.sample_data(8, seed=1)
H2 = np.array([0.5, -0.5])
NORMALS = lg.FIG4_NORMALS
NORMALS_EXTRA = [("not a sign", (1.0, 0.5))]
H_EXTRA = ANY_SHAPE_BAD + wrong_length(3)


def gauss(**kwargs):
    return lambda: dict(kwargs)


GAUSS_SPECS = [
    Spec(lg.region_probability, gauss(a=0.0, b=np.inf, label=1), {}, {"a": ENDS, "b": ENDS, "label": LABEL}),
    Spec(lg.region_mean, gauss(a=0.0, b=np.inf, label=-1), {}, {"a": ENDS, "b": ENDS, "label": LABEL}),
    Spec(lg.sample_data, gauss(n=5, seed=0, datasets=2), {"n": "count", "seed": "seed"},  # datasets=None is valid
         {"n": [("too large", HUGE)], "datasets": [label_value for label_value in BAD["count"] if label_value[1] is not None]
          + [("too large", HUGE)]}),
    Spec(lg.activation_pattern, gauss(x=XG, h=H2, normals=NORMALS), {"normals": "vector"},
         {"x": ANY_SHAPE_BAD, "h": H_EXTRA, "normals": NORMALS_EXTRA}),
    Spec(lg.parallel_loss, gauss(x=XG, y=YG, h=H2, normals=NORMALS, pattern_at=None),
         {"x": "vector", "y": "vector", "h": "vector", "normals": "vector"},
         {"y": wrong_length(3), "h": wrong_length(3), "normals": NORMALS_EXTRA, "pattern_at": ANY_SHAPE_BAD[1:] + wrong_length(3)}),
    Spec(lg.normal_equations, gauss(x=XG, y=YG, h=H2, normals=NORMALS),
         {"x": "vector", "y": "vector", "h": "vector", "normals": "vector"},
         {"y": wrong_length(3), "h": wrong_length(3) + [("2-D", np.zeros((2, 2)))], "normals": NORMALS_EXTRA}),
    Spec(lg.optimal_positions, gauss(x=XG, y=YG, h=H2, normals=NORMALS), {"normals": "vector"},
         {"x": ANY_SHAPE_BAD, "y": ANY_SHAPE_BAD + wrong_length(3), "h": H_EXTRA + [("2-D", np.zeros((3, 2)))], "normals": NORMALS_EXTRA}),
    Spec(lg.population_normal_equations, gauss(h=H2, normals=NORMALS), {"normals": "vector"},
         {"h": H_EXTRA, "normals": NORMALS_EXTRA}),
    Spec(lg.population_optimal_positions, gauss(h=H2, normals=NORMALS), {"normals": "vector"},
         {"h": H_EXTRA, "normals": NORMALS_EXTRA}),
    Spec(lg.two_weight_optimum, gauss(x_w1=np.array([1.0, 2.0]), x_w2=0.0), {},
         {"x_w1": ANY_SHAPE_BAD, "x_w2": ANY_SHAPE_BAD + wrong_length(3)}),
    Spec(lg.gap_probabilities, gauss(h=H2, h_star=np.zeros(2)), {}, {"h": ANY_SHAPE_BAD, "h_star": ANY_SHAPE_BAD + wrong_length(3)}),
    Spec(lg.gap_probability, gauss(h=H2, h_star=np.zeros(2), rule="union"), {"rule": "name"},
         {"h": ANY_SHAPE_BAD, "h_star": ANY_SHAPE_BAD + wrong_length(3)}),
    Spec(lg.trap_probability, gauss(h=H2, normals=NORMALS, n=10, rule="union"),
         {"normals": "vector", "n": "count", "rule": "name"}, {"h": H_EXTRA, "normals": NORMALS_EXTRA}),
    Spec(lg.weight_trap_factors, gauss(h=H2, normals=NORMALS, n=10), {"normals": "vector", "n": "count"},
         {"h": H_EXTRA, "normals": NORMALS_EXTRA}),
    Spec(lg.fig4a_loss, gauss(x_w1=[1.0, 2.0], x_w2=0.0, n=10, seed=0),
         {"x_w1": "vector", "x_w2": "real", "n": "count", "seed": "seed"}, {"n": [("too large", HUGE)]}),
    Spec(lg.fig4b_trap, gauss(x_w1=[1.0, 2.0], x_w2=0.0, n=10), {"x_w1": "vector", "x_w2": "real", "n": "count"}),
    Spec(lg.fig4c_trap_map, gauss(x_w1=[1.0, 2.0], x_w2=[0.0, -1.0], n=10, rule="product"),
         {"x_w1": "vector", "x_w2": "vector", "n": "count", "rule": "name"}),
    Spec(lg.figA4_positions, gauss(shift=[0.0, 1.0], move="uppermost", start=lg.FIGA4_START),
         {"shift": "vector", "move": "name", "start": "vector"}),
    Spec(lg.figA4_trap, gauss(shift=[0.0, 1.0], move="all", n=10, rule="max", normals=lg.FIGA4_NORMALS),
         {"shift": "vector", "move": "name", "n": "count", "rule": "name", "normals": "vector"},
         {"normals": NORMALS_EXTRA}),
    Spec(lg.monte_carlo_trap, gauss(h=H2, normals=NORMALS, n=10, datasets=20, seed=0, chunk=7),
         {"normals": "vector", "n": "count", "datasets": "count", "seed": "seed", "chunk": "count"},
         {"h": H_EXTRA + [("2-D", np.zeros((3, 2)))], "normals": NORMALS_EXTRA,
          "n": [("too large", HUGE)], "datasets": [("too large", HUGE)]}),
]


# ---------------------------------------------------------------- self-checks: the exercise's own parameters
SELFCHECK_SPECS = [
    Spec(scl.check_loss_factor, lambda: dict(n_points=10, answer=0.2), {"n_points": "count"}),
    Spec(scl.check_r4_rule, lambda: dict(rule=lambda y2: y2 > 0), {}),
    Spec(scl.check_trap_probability, lambda: dict(answer=0.1, x_w1=2.0, x_w2=0.0, n=100),
         {"x_w1": "real", "x_w2": "real", "n": "count"}),
    Spec(scl.check_underestimate, lambda: dict(x_w1=2.0, factor=10.0), {"factor": "positive"}),
    Spec(scl.check_region_moments, lambda: dict(P_plus=0.16, xbar_plus=2.5, x_w1=2.0), {"x_w1": "real"}),
    Spec(scl.check_kink_rule, lambda: dict(rule=lambda y2: y2 <= 0, y2_values=(-1.0, 1.0)), {"y2_values": "vector"}),
]

SPECS = LIU_SPECS + BOUNDARY_SPECS + EXAMPLE_SPECS + GAUSS_SPECS + SELFCHECK_SPECS

EXEMPT = {
    "lossland.liu.criteria.checked_cells": "a validator: its errors are those of the Specs of differentiable_minima",
    "lossland.liu.criteria.check_liu_pattern": "a validator: its errors are those of the Specs of liu_criterion",
    "lossland.liu.criteria.max_margin": "takes arrays built by liu_criterion and boundary from validated input",
    "lossland.liu.criteria.sign_rows": "takes arrays built by liu_criterion and boundary from validated input",
    "lossland.liu.criteria.CellMinimum": "plain data container (its property `unique` takes no argument)",
    "lossland.liu.criteria.LiuMinimum": "plain data container",
    "lossland.liu.criteria.SplitPoint": "plain data container (built by theorem2_point; its property `kind` takes no argument)",
    "lossland.liu.boundary.BoundaryMinimum": "plain data container",
    "lossland.liu.example.EXAMPLE_X": "constant",
    "lossland.liu.example.CELLS": "constant",
    "lossland.liu.example.ExampleCell": "plain data container",
    "lossland.liu.gaussian.CLASS_MEANS": "constant",
    "lossland.liu.gaussian.FIG4_NORMALS": "constant",
    "lossland.liu.gaussian.FIGA4_START": "constant",
    "lossland.liu.gaussian.FIGA4_NORMALS": "constant",
    "lossland.liu.gaussian.MC_LARGE": "constant",
}


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS, slow=True)


# ---------------------------------------------------------------- self-checks: the student's answer
ANSWERS = [
    (lambda v: scl.check_loss_factor(10, v), "the factor"),
    (lambda v: scl.check_trap_probability(v), "P_t"),
    (lambda v: scl.check_underestimate(v), "position"),
    (lambda v: scl.check_region_moments(v, 2.5), "P_1+"),
    (lambda v: scl.check_region_moments(0.16, v), "xbar_1+"),
]


@pytest.mark.parametrize("label, value", NOT_A_NUMBER, ids=[label for label, _ in NOT_A_NUMBER])
@pytest.mark.parametrize("check, what", ANSWERS, ids=['loss_factor', 'trap_probability', 'underestimate', 'region_moments_P', 'region_moments_xbar'])
def test_a_malformed_answer_gets_feedback_asking_for_a_number(check, what, label, value):
    feedback = check(value)
    assert not feedback and what in feedback.message and "one finite number" in feedback.message


RULES = [("number", 3), ("None", None), ("crashes", lambda y: 1 / 0), ("returns an array", lambda y: np.array([y, y]) > 0),
         ("returns text", lambda y: "yes")]


@pytest.mark.parametrize("label, rule", RULES, ids=[label for label, _ in RULES])
@pytest.mark.parametrize("check", [scl.check_r4_rule, scl.check_kink_rule], ids=["r4", "kink"])
def test_a_malformed_rule_gets_feedback(label, rule, check):
    feedback = check(rule)
    assert not feedback and "rule" in feedback.message


MODULES = (liu, liu_boundary, liu_example, lg, scl)


def test_every_public_name_has_a_row_or_an_exemption():
    missing = uncovered(MODULES, SPECS, EXEMPT)
    assert not missing, f"no Spec row and no EXEMPT entry: {missing}"
