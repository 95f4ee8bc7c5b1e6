"""Bad input to Chapters 2-3 (Liu's criteria, the exponential neuron) is rejected clearly.

One :class:`Spec` row per public function or method of ``lossland.liu*``,
``lossland.expneuron*`` and their self-checks.  A self-check's *answer* is the
student's: a bad one gets friendly feedback instead of an error (tested below).
"""
import numpy as np
import pytest
from badinput import BAD, Spec, assert_rejects, assert_valid_calls_succeed, cases

from lossland.expneuron import failure as ef
from lossland.expneuron import detector as ed
from lossland.expneuron import losses as el
from lossland.expneuron import models as em
from lossland.expneuron import objective as en
from lossland.expneuron import theorem1 as th1
from lossland.expneuron import proof as pr
from lossland.expneuron import selfcheck as sce
from lossland.expneuron import trials as et
from lossland.liu import boundary as liu_boundary
from lossland.liu import criteria as liu
from lossland.liu import discrete as liu_discrete
from lossland.liu import example as liu_example
from lossland.liu import gaussian as lg
from lossland.liu import lemma1 as liu_lemma1
from lossland.liu import selfcheck as scl

# ---------------------------------------------------------------- shared bad values
ARRAY = [  # an array of any shape (a number is fine), finite
    ("None", None),
    ("text", "values"),
    ("empty", np.zeros(0)),
    ("NaN", np.array([np.nan, 1.0])),
    ("inf", np.array([1.0, np.inf])),
    ("object", np.array([object(), 1.0], dtype=object)),
]
ENDS = [  # interval ends: infinite ends are fine, NaN is not
    ("None", None),
    ("text", "values"),
    ("NaN", np.array([np.nan, 1.0])),
    ("object", np.array([object(), 1.0], dtype=object)),
]
FLAG = [("text", "no"), ("number", 2), ("None", None)]
CALLABLE_OR_NONE = [("number", 3), ("text", "print")]
LABEL = [("zero", 0), ("two", 2), ("text", "1"), ("bool", True), ("None", None)]
HUGE = 10**12  # far too large to allocate: must be refused up front


def wrong_length(n):
    return [("wrong length", np.zeros(n) + 0.5)]


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
          "signs": [("empty", ()), ("not a sign", (1, 2)), ("text", "+-"), ("None", None)], "strict": FLAG}),
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
         {**BOUNDARY_EXTRA, "printed": FLAG}),
    Spec(liu_boundary.boundary_minimum, liu_data(pattern=BOUNDARY_PATTERN, m=0, n=0), {**BOUNDARY_KINDS, "tol": "tolerance"},
         {**BOUNDARY_EXTRA, "printed": FLAG, "pattern": PATTERN_BAD + [("too many units", np.zeros((3, 40)))]}),
    Spec(liu_boundary.boundary_minima, liu_data(width=1), {**DATA_KINDS, "width": "count"},
         {**DATA_EXTRA, "width": [("too large", 10**6)]}),
]

EXAMPLE_SPECS = [
    Spec(liu_example.example_loss, lambda: dict(w1=np.linspace(-1, 1, 3), w2=0.5, y=(1.0, 1.0)),
         {"y": "vector"}, {"w1": ARRAY, "w2": ARRAY + [("not broadcastable", np.zeros(2))], "y": wrong_length(3)}),
    Spec(liu_example.example_cells, lambda: dict(y=(1.0, -1.0)), {"y": "vector"}, {"y": wrong_length(3)}),
]

# ---------------------------------------------------------------- Liu: Gaussian data (Sec. 7)
XG, YG = lg.sample_data(8, seed=1)
H2 = np.array([0.5, -0.5])
NORMALS = lg.FIG4_NORMALS
NORMALS_EXTRA = [("not a sign", (1.0, 0.5))]
H_EXTRA = ARRAY + wrong_length(3)


def gauss(**kwargs):
    return lambda: dict(kwargs)


GAUSS_SPECS = [
    Spec(lg.region_probability, gauss(a=0.0, b=np.inf, label=1), {}, {"a": ENDS, "b": ENDS, "label": LABEL}),
    Spec(lg.region_mean, gauss(a=0.0, b=np.inf, label=-1), {}, {"a": ENDS, "b": ENDS, "label": LABEL}),
    Spec(lg.sample_data, gauss(n=5, seed=0, datasets=2), {"n": "count", "seed": "seed"},  # datasets=None is valid
         {"n": [("too large", HUGE)], "datasets": [label_value for label_value in BAD["count"] if label_value[1] is not None]
          + [("too large", HUGE)]}),
    Spec(lg.activation_pattern, gauss(x=XG, h=H2, normals=NORMALS), {"normals": "vector"},
         {"x": ARRAY, "h": H_EXTRA, "normals": NORMALS_EXTRA}),
    Spec(lg.parallel_loss, gauss(x=XG, y=YG, h=H2, normals=NORMALS, pattern_at=None),
         {"x": "vector", "y": "vector", "h": "vector", "normals": "vector"},
         {"y": wrong_length(3), "h": wrong_length(3), "normals": NORMALS_EXTRA, "pattern_at": ARRAY[1:] + wrong_length(3)}),
    Spec(lg.normal_equations, gauss(x=XG, y=YG, h=H2, normals=NORMALS),
         {"x": "vector", "y": "vector", "h": "vector", "normals": "vector"},
         {"y": wrong_length(3), "h": wrong_length(3) + [("2-D", np.zeros((2, 2)))], "normals": NORMALS_EXTRA}),
    Spec(lg.optimal_positions, gauss(x=XG, y=YG, h=H2, normals=NORMALS), {"normals": "vector"},
         {"x": ARRAY, "y": ARRAY + wrong_length(3), "h": H_EXTRA + [("2-D", np.zeros((3, 2)))], "normals": NORMALS_EXTRA}),
    Spec(lg.population_normal_equations, gauss(h=H2, normals=NORMALS), {"normals": "vector"},
         {"h": H_EXTRA, "normals": NORMALS_EXTRA}),
    Spec(lg.population_optimal_positions, gauss(h=H2, normals=NORMALS), {"normals": "vector"},
         {"h": H_EXTRA, "normals": NORMALS_EXTRA}),
    Spec(lg.two_weight_optimum, gauss(x_w1=np.array([1.0, 2.0]), x_w2=0.0), {},
         {"x_w1": ARRAY, "x_w2": ARRAY + wrong_length(3)}),
    Spec(lg.gap_probabilities, gauss(h=H2, h_star=np.zeros(2)), {}, {"h": ARRAY, "h_star": ARRAY + wrong_length(3)}),
    Spec(lg.gap_probability, gauss(h=H2, h_star=np.zeros(2), rule="union"), {"rule": "name"},
         {"h": ARRAY, "h_star": ARRAY + wrong_length(3)}),
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

# ---------------------------------------------------------------- exponential neuron: models and problems
XE = np.array([[0.0], [0.5], [1.0]])
YE = np.array([[0.1], [0.4], [1.2]])
LINEAR = em.LinearModel(1)
TANH = em.TanhNetwork(1, 2)
SCALAR = em.example1_model()
CE = el.CrossEntropyLoss()
ONE_HOT = np.array([[1.0, 0.0], [0.0, 1.0]])
HINGE = el.SmoothedHingeLoss()


def problem():
    return en.Problem(LINEAR, el.SquaredLoss(), XE, YE)


PARAMS = np.array([0.3, 0.1, 0.2, -0.1, 0.4])  # theta (2) | a | b | W (1 x 1)
PROBLEM_BAD = [("None", None), ("number", 3), ("model", LINEAR)]
COUNT_WIDTH = {"d_x": "count", "d_y": "count"}
Q_BAD = [("None", None), ("text", "values"), ("object", np.array([[object()]], dtype=object)), ("wrong shape", np.zeros((3, 2)))]
Y_BAD = [("None", None), ("text", "values"), ("NaN", np.array([[np.nan]])), ("wrong shape", np.zeros((3, 2)))]


def loss_rows(loss, q, y):
    return [
        Spec(loss.value, lambda: dict(q=q, y=y), {}, {"q": Q_BAD, "y": Y_BAD}),
        Spec(loss.gradient, lambda: dict(q=q, y=y), {}, {"q": Q_BAD, "y": Y_BAD}),
        Spec(loss.check_targets, lambda: dict(Y=y), {"Y": "matrix"}),
    ]


def model_rows(model, theta):
    extra = {"theta": wrong_length(model.size + 1)}
    return [
        Spec(model.outputs, lambda: dict(theta=theta, X=XE), {"theta": "vector", "X": "matrix"}, extra),
        Spec(model.jacobian, lambda: dict(theta=theta, X=XE), {"theta": "vector", "X": "matrix"}, extra),
    ]


def method(name, **kwargs):
    """A Spec row for ``Problem.<name>`` on the tiny linear problem (the instance is built once)."""
    return getattr(problem(), name), (lambda: dict(kwargs))


EXPNEURON_SPECS = [
    Spec(el.SquaredLoss, dict, {}),
    Spec(el.CrossEntropyLoss, dict, {}),
    Spec(el.SmoothedHingeLoss, lambda: dict(p=3.0), {"p": "positive"}, {"p": [("below two", 1.5)]}),
    *loss_rows(el.SquaredLoss(), YE + 0.1, YE),
    *loss_rows(CE, ONE_HOT * 0.5, ONE_HOT),
    *loss_rows(HINGE, np.array([[0.5], [-0.5]]), np.array([[1.0], [-1.0]])),
    Spec(em.LinearModel, lambda: dict(d_x=2, d_y=1), COUNT_WIDTH),
    Spec(em.TanhNetwork, lambda: dict(d_x=2, width=3, d_y=1), {**COUNT_WIDTH, "width": "count"}),
    Spec(em.ScalarModel, lambda: dict(func=em.example1_f, derivative=em.example1_df),
         {"func": "callable", "derivative": "callable"}),
    *model_rows(LINEAR, np.array([0.5, 0.1])),
    *model_rows(TANH, np.linspace(-1, 1, TANH.size)),
    *model_rows(SCALAR, np.array([0.3])),
    Spec(em.example1_f, lambda: dict(theta=np.linspace(0, 1, 3)), {}, {"theta": ARRAY}),
    Spec(em.example1_df, lambda: dict(theta=0.4), {}, {"theta": ARRAY}),
    Spec(em.example1_model, dict, {}),
    Spec(en.Problem, lambda: dict(model=LINEAR, loss=el.SquaredLoss(), X=XE, Y=YE, lam=0.1),
         {"X": "matrix", "Y": "matrix", "lam": "positive"},
         {"model": [("None", None), ("number", 3), ("text", "linear")], "loss": [("None", None), ("text", "squared")],
          "X": [("wrong rows", np.zeros((2, 1)))], "Y": [("wrong columns", np.zeros((3, 2)))]}),
    Spec(*method("pack", theta=[0.3, 0.1], a=[0.2], b=[-0.1], W=[[0.4]]),
         {"theta": "vector", "a": "vector", "b": "vector", "W": "matrix"},
         {"theta": wrong_length(3), "a": wrong_length(2), "W": [("wrong shape", np.zeros((2, 1)))]}),
    *[Spec(*method(name, params=PARAMS), {"params": "vector"}, {"params": wrong_length(4)})
      for name in ("unpack", "theta_of", "extra_norm", "modified_loss", "modified_gradient", "switch_off")],
    Spec(*method("rescale", params=PARAMS, delta=1.0), {"params": "vector", "delta": "real"}, {"params": wrong_length(4)}),
    Spec(*method("neuron", params=PARAMS, X=None), {"params": "vector"},
         {"params": wrong_length(4), "X": [("wrong columns", np.zeros((2, 3))), ("text", "x"), ("NaN", np.array([[np.nan]]))]}),
    Spec(*method("modified_loss_batch", params=PARAMS[None]), {"params": "matrix"},
         {"params": [("wrong columns", np.zeros((2, 4)))]}),
    *[Spec(*method(name, theta=[0.3, 0.1]), {"theta": "vector"}, {"theta": wrong_length(3)})
      for name in ("original_loss", "original_gradient")],
    Spec(th1.random_start, lambda: dict(problem=problem(), rng=np.random.default_rng(0), theta_scale=1.0, extra_scale=1.0,
                                       theta_centre=0.0),
         {"theta_scale": "nonnegative", "extra_scale": "nonnegative", "theta_centre": "real"},
         {"problem": PROBLEM_BAD, "rng": [("None", None), ("seed", 0), ("text", "rng")]}),
    Spec(th1.local_runs, lambda: dict(problem=problem(), n_starts=1, seed=0, starts=None, maxiter=30, grad_tol=1e-6,
                                     radii=(1e-3,), n_directions=5, probe_tol=1e-10),
         {"n_starts": "count", "seed": "seed", "maxiter": "count", "grad_tol": "positive", "n_directions": "count",
          "probe_tol": "tolerance"},
         {"problem": PROBLEM_BAD, "starts": [("wrong columns", np.zeros((1, 3))), ("text", "starts"), ("NaN", np.full((1, 5), np.nan))],
          "radii": [("empty", ()), ("negative", (-1e-3,)), ("NaN", (np.nan,)), ("text", "small"), ("None", None)],
          "n_starts": [("too large", HUGE)], "n_directions": [("too large", HUGE)]}),
    Spec(th1.global_minimum_least_squares, lambda: dict(problem=problem()), {},
         {"problem": PROBLEM_BAD + [("tanh problem", en.Problem(TANH, el.SquaredLoss(), XE, YE))]}),
    Spec(th1.global_minimum_by_restarts, lambda: dict(problem=problem(), n_starts=2, seed=0, theta_scale=1.0, theta_centre=0.0),
         {"n_starts": "count", "seed": "seed", "theta_scale": "nonnegative", "theta_centre": "real"},
         {"problem": PROBLEM_BAD}),
    Spec(ed.optimise_with_restarts, lambda: dict(problem=problem(), threshold=7.0, max_iterations=20, max_restarts=1, seed=0,
                                                 start=None),
         {"threshold": "positive", "max_iterations": "count", "max_restarts": "natural", "seed": "seed"},
         {"problem": PROBLEM_BAD, "start": wrong_length(4) + [("text", "start"), ("NaN", np.full(5, np.nan))],
          "max_iterations": [("too large", HUGE)]}),
]

# ---------------------------------------------------------------- exponential neuron: the failure mode
INSTANCE = ef.example1()
INSTANCE_BAD = [("None", None), ("text", "example1"), ("number", 3)]
BROADCAST_BAD = [("not broadcastable", np.zeros(2))]


def failure(**kwargs):
    return lambda: dict(kwargs)


THETA_GRID = np.linspace(0.1, 0.9, 3)
FAILURE_SPECS = [
    Spec(ef.loss_value, failure(q=THETA_GRID, y=-1.0, loss="cubic_hinge"), {"y": "real", "loss": "name"},
         {"q": ARRAY, "y": [("not a class", 0.5)]}),
    Spec(ef.loss_derivative, failure(q=THETA_GRID, y=0.3, loss="squared"), {"y": "real", "loss": "name"}, {"q": ARRAY}),
    Spec(ef.FailureInstance, failure(loss="squared", y=0.3), {"loss": "name", "y": "real"}),
    Spec(ef.example1, dict, {}),
    Spec(ef.example1_squared, dict, {}),
    Spec(ef.original_loss, failure(theta=THETA_GRID, instance=INSTANCE), {}, {"theta": ARRAY, "instance": INSTANCE_BAD}),
    *[Spec(function, failure(theta=THETA_GRID, a=0.5, b=THETA_GRID, instance=INSTANCE, lam=1.0), {"lam": "positive"},
           {"theta": ARRAY, "a": ARRAY + BROADCAST_BAD, "b": ARRAY + BROADCAST_BAD, "instance": INSTANCE_BAD})
      for function in (ef.modified_loss, ef.modified_gradient)],
    *[Spec(function, failure(theta=THETA_GRID, b=1.0, instance=INSTANCE, lam=1.0), {"lam": "positive"},
           {"theta": ARRAY, "b": ARRAY + BROADCAST_BAD, "instance": INSTANCE_BAD})
      for function in (ef.reduced_loss, ef.reduced_gradient, ef.descent_field)],
    Spec(ef.locate_minima, failure(instance=INSTANCE), {}, {"instance": INSTANCE_BAD}),
    Spec(ef.descend, failure(theta0=THETA_GRID, instance=INSTANCE, lam=1.0, lr=1e-3, steps=5, a0=0.0, b0=0.0),
         {"lam": "positive", "lr": "positive", "steps": "count"},
         {"theta0": ARRAY, "instance": INSTANCE_BAD, "a0": ARRAY + BROADCAST_BAD, "b0": ARRAY + BROADCAST_BAD,
          "steps": [("too large", HUGE)]}),
    Spec(ef.theorem4_check, failure(instance=INSTANCE, lam=1.0, b_values=[0.0, 1.0], a_values=[-1.0, 1.0], b_theta=[0.0]),
         {"lam": "positive", "b_values": "vector", "a_values": "vector", "b_theta": "vector"}, {"instance": INSTANCE_BAD}),
    Spec(ef.analytical_sequence, failure(example=3, eps=[0.1, 0.5], lam=1.0, construction="printed"),
         {"eps": "vector", "lam": "positive", "construction": "name"},
         {"example": [("unknown", 5), ("text", "3"), ("None", None)], "eps": [("too small", [0.001]), ("above one", [2.0])]}),
    Spec(ef.two_sample_objective,
         failure(params=[[0.1, 0.2, 0.3, 0.4]], f_values=[0.0, 0.0], y=[1.0, -1.0], X=[ef.X1, ef.X2], lam=1.0, loss="squared"),
         {"params": "matrix", "f_values": "vector", "y": "vector", "X": "matrix", "lam": "positive", "loss": "name"},
         {"params": [("wrong columns", np.zeros((1, 3)))], "f_values": wrong_length(3), "y": wrong_length(3),
          "X": [("wrong columns", np.zeros((2, 3)))]}),
]

# ---------------------------------------------------------------- exponential neuron: the proof devices
OFF = np.array([0.3, 0.1, 0.0, -0.1, 0.4])  # PARAMS with the neuron switched off (a = 0)
ON_BAD = [("a not 0", PARAMS)]
U_BAD = [("wrong length", np.zeros(2)), ("text", "u"), ("NaN", np.array([np.nan]))]
PROOF_SPECS = [
    Spec(pr.three_point_instance, lambda: dict(lam=0.1), {"lam": "positive"}),
    Spec(pr.example5_instance, lambda: dict(lam=1.0), {"lam": "positive"}),
    Spec(pr.rescaling_identity, lambda: dict(problem=problem(), params=PARAMS), {"params": "vector"},
         {"problem": PROBLEM_BAD, "params": wrong_length(4)}),
    Spec(pr.exponential_moments, lambda: dict(problem=problem(), params=OFF, u=[1.0], degree=3),
         {"params": "vector", "u": "vector", "degree": "natural"},
         {"problem": PROBLEM_BAD, "params": wrong_length(4), "u": U_BAD, "degree": [("too large", 51)]}),
    Spec(pr.switch_on, lambda: dict(problem=problem(), params=OFF, u=[1.0], eps=0.1, step=1e-3, degree=4),
         {"params": "vector", "u": "vector", "eps": "positive", "step": "positive", "degree": "natural"},
         {"problem": PROBLEM_BAD, "params": wrong_length(4) + ON_BAD, "u": U_BAD, "degree": [("too large", 51)]}),
    Spec(pr.interpolation_step, lambda: dict(problem=problem(), params=OFF, theta_prime=[0.5, 0.0], u=[1.0]),
         {"params": "vector", "theta_prime": "vector", "u": "vector"},
         {"problem": PROBLEM_BAD, "params": wrong_length(4) + ON_BAD, "theta_prime": wrong_length(3),
          "u": U_BAD + [("not separating", np.array([0.0]))]}),
    Spec(pr.tangent_span, lambda: dict(problem=problem(), params=OFF, n_points=3, eps=0.5, seed=0),
         {"params": "vector", "n_points": "count", "eps": "positive", "seed": "seed"},
         {"problem": PROBLEM_BAD + [("hinge problem", en.Problem(LINEAR, HINGE, XE, np.array([[1.0], [-1.0], [1.0]])))],
          "params": wrong_length(4) + ON_BAD, "n_points": [("too large", HUGE)]}),
    Spec(pr.theta_gradients, lambda: dict(problem=problem(), params=PARAMS), {"params": "vector"},
         {"problem": PROBLEM_BAD, "params": wrong_length(4)}),
]

# ---------------------------------------------------------------- exponential neuron: the digit trials
XT = np.random.default_rng(0).uniform(0, 1, (6, 3))
YT = np.array([0, 1, 2, 0, 1, 2])
P_TINY = et.init_trials(3, 1, 3, 1).shape[1]
FLAT = et.init_trials(3, 1, 3, 2)
FLAT_BAD = [("wrong columns", np.zeros((2, P_TINY + 1)))]
X_BAD = [("outside [0, 1]", XT * 3)]
Y_LABEL_BAD = [("fraction", YT + 0.5), ("negative", YT - 1), ("wrong length", YT[:4])]
TRAIN = dict(trials=2, k=1, epochs=1, batch_size=3, lr=0.05, lam=0.01, threshold=7.0, w_scale=0.05, seed=0)
TRAIN_KINDS = {"trials": "count", "k": "count", "epochs": "count", "batch_size": "count", "lr": "positive",
               "lam": "positive", "threshold": "positive", "w_scale": "positive", "seed": "seed"}

TRIALS_SPECS = [
    Spec(et.init_trials, lambda: dict(n_in=3, k=1, n_classes=3, trials=2, seed=0, w_scale=0.05),
         {"n_in": "count", "k": "count", "n_classes": "count", "trials": "count", "seed": "seed", "w_scale": "positive"},
         {"trials": [("too large", HUGE)]}),
    Spec(et.modified_loss_and_grad, lambda: dict(flat=FLAT, X=XT, y=YT, k=1, n_classes=3, lam=0.01, modified=True),
         {"flat": "matrix", "X": "matrix", "y": "vector", "k": "count", "n_classes": "count", "lam": "positive"},
         {"flat": FLAT_BAD, "X": X_BAD + [("wrong columns", XT[:, :2])], "y": Y_LABEL_BAD + [("too many classes", YT + 1)], "modified": FLAG}),
    Spec(et.exp_norm, lambda: dict(flat=FLAT, n_in=3, k=1, n_classes=3),
         {"flat": "matrix", "n_in": "count", "k": "count", "n_classes": "count"}, {"flat": FLAT_BAD}),
    Spec(et.train_variant, lambda: dict(X=XT, y=YT, variant="detector", n_classes=None, eps=1e-8, dtype=np.float32,
                                        callback=None, **TRAIN),
         {"X": "matrix", "y": "vector", "variant": "name", "eps": "positive", **TRAIN_KINDS},
         {"X": X_BAD, "y": Y_LABEL_BAD, "n_classes": [("too few", 2), ("zero", 0), ("text", "3")],
          "dtype": [("text", "float32"), ("int", int)], "callback": CALLABLE_OR_NONE, "trials": [("too large", HUGE)]}),
    Spec(et.run_trials, lambda: dict(X=XT, y=YT, stuck_level=1.0, data_name="tiny", callback=None, **TRAIN),
         {"X": "matrix", "y": "vector", "stuck_level": "positive", **TRAIN_KINDS},
         {"X": X_BAD, "y": Y_LABEL_BAD, "data_name": [("number", 3), ("None", None)], "callback": CALLABLE_OR_NONE,
          "trials": [("too large", HUGE)]}),
    Spec(et.format_table, lambda: dict(result=et.run_trials(XT, YT, **TRAIN)), {},
         {"result": [("None", None), ("dict", {"original": [1.0]}), ("text", "table")]}),
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
    Spec(sce.check_example3_value, lambda: dict(answer=0.1, eps=0.1, lam=1.0), {"eps": "positive", "lam": "positive"},
         {"eps": [("too small", 0.001), ("above one", 2.0)]}),
    Spec(sce.check_best_a, lambda: dict(best_a=lambda f, y, b, lam: 0.0), {}),
    Spec(sce.check_escaping_start, lambda: dict(theta0=0.7), {}),
    Spec(sce.check_switch_on_slope, lambda: dict(coefficient=0.1), {}),
    Spec(sce.check_example6_value, lambda: dict(answer=0.1, eps=0.2, lam=1.0), {"eps": "positive", "lam": "positive"},
         {"eps": [("too small", 0.001), ("above one", 2.0)]}),
    Spec(sce.check_pgb_min, lambda: dict(answer=0.5), {}),
    Spec(sce.check_hinge_optimal_output, lambda: dict(q=2.0), {}),
]

SPECS = LIU_SPECS + BOUNDARY_SPECS + EXAMPLE_SPECS + GAUSS_SPECS + EXPNEURON_SPECS + FAILURE_SPECS + PROOF_SPECS + TRIALS_SPECS + SELFCHECK_SPECS

EXEMPT = {
    "lossland.liu.criteria.checked_cells": "a validator: its errors are those of the Specs of differentiable_minima",
    "lossland.liu.criteria.check_liu_pattern": "a validator: its errors are those of the Specs of liu_criterion",
    "lossland.liu.criteria.max_margin": "takes arrays built by liu_criterion and boundary from validated input",
    "lossland.liu.criteria.sign_rows": "takes arrays built by liu_criterion and boundary from validated input",
    "lossland.expneuron.failure.printed_w_b": "takes arrays validated by its callers (the printed formula of App. A)",
    "lossland.expneuron.objective.check_problem": "a validator: its errors are those of the Specs of local_runs",
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
    "lossland.expneuron.models.Model": "typing Protocol, no code",
    "lossland.expneuron.theorem1.Run": "plain data container",
    "lossland.expneuron.detector.Detection": "plain data container",
    "lossland.expneuron.failure.LOSSES": "constant",
    "lossland.expneuron.failure.ANALYTICAL_EXAMPLES": "constant",
    "lossland.expneuron.failure.model": "alias of lossland.expneuron.models.example1_f (row above)",
    "lossland.expneuron.failure.model_derivative": "alias of lossland.expneuron.models.example1_df (row above)",
    "lossland.expneuron.failure.Minima": "plain data container",
    "lossland.expneuron.failure.Trajectory": "plain data container (its property `norm` takes no argument)",
    "lossland.expneuron.failure.SequenceResult": "plain data container",
    "lossland.expneuron.proof.THREE_POINT_THETA": "constant",
    "lossland.expneuron.proof.SwitchOn": "plain data container",
    "lossland.expneuron.trials.VARIANTS": "constant",
    "lossland.expneuron.trials.EXP_CLIP": "constant",
    "lossland.expneuron.trials.WEBSITE": "constant",
    "lossland.expneuron.trials.TrialsResult": "plain data container (its method `summary` takes no argument)",
    "lossland.expneuron.trials.website_trials": "runs the full website experiment (too slow for a row); "
                                                "its one argument is tested in test_website_trials_checks_callback_first",
}


@pytest.mark.parametrize("spec, argument, value", cases(SPECS))
def test_bad_input_is_rejected_clearly(spec, argument, value):
    assert_rejects(spec, argument, value)


def test_valid_calls_succeed():
    assert_valid_calls_succeed(SPECS)


# ---------------------------------------------------------------- self-checks: the student's answer
NOT_A_NUMBER = [("text", "0.2"), ("None", None), ("NaN", float("nan")), ("inf", float("inf")), ("list", [0.1, 0.2]),
                ("bool", True)]
ANSWERS = [
    (lambda v: scl.check_loss_factor(10, v), "the factor"),
    (lambda v: scl.check_trap_probability(v), "P_t"),
    (lambda v: scl.check_underestimate(v), "position"),
    (lambda v: scl.check_region_moments(v, 2.5), "P_1+"),
    (lambda v: scl.check_region_moments(0.16, v), "xbar_1+"),
    (lambda v: sce.check_example3_value(v), "L~"),
    (lambda v: sce.check_escaping_start(v), "theta"),
    (lambda v: sce.check_switch_on_slope(v), "coefficient"),
    (lambda v: sce.check_example6_value(v), "L~"),
    (lambda v: sce.check_pgb_min(v), "least loss"),
    (lambda v: sce.check_hinge_optimal_output(v), "output q"),
]


@pytest.mark.parametrize("label, value", NOT_A_NUMBER, ids=[label for label, _ in NOT_A_NUMBER])
@pytest.mark.parametrize("check, what", ANSWERS, ids=["loss_factor", "trap_probability", "underestimate", "region_moments_P", "region_moments_xbar", "example3", "escaping_start",
                                           "switch_on_slope", "example6", "pgb_min", "hinge_optimal"])
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


BEST_A = [("number", 3), ("None", None), ("returns text", lambda f, y, b, lam: "a"),
          ("returns NaN", lambda f, y, b, lam: float("nan")), ("returns a pair", lambda f, y, b, lam: (1.0, 2.0))]


@pytest.mark.parametrize("label, best_a", BEST_A, ids=[label for label, _ in BEST_A])
def test_a_malformed_best_a_gets_feedback(label, best_a):
    feedback = sce.check_best_a(best_a)
    assert not feedback and "best_a" in feedback.message


def test_website_trials_checks_callback_first():
    with pytest.raises(TypeError, match=r"\bcallback\b"):
        et.website_trials(callback=3)


MODULES = (liu, liu_boundary, liu_example, lg, en, ef, pr, et, scl, sce)


def test_every_public_name_has_a_row_or_an_exemption():
    covered = {spec.name for spec in SPECS}
    missing = []
    for module in MODULES:
        for name in module.__all__:
            full = f"{module.__name__}.{name}"
            if full in EXEMPT:
                continue
            obj = getattr(module, name)
            if f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}" not in covered:
                missing.append(full)
            if isinstance(obj, type):  # its public methods too
                missing += [f"{full}.{m}" for m, v in vars(obj).items()
                            if callable(v) and not m.startswith("_") and f"{full}.{m}" not in EXEMPT
                            and f"{obj.__module__}.{obj.__qualname__}.{m}" not in covered]
    assert not missing, f"no Spec row and no EXEMPT entry: {missing}"
