"""Bad input to Chapter 3 (the exponential neuron) is rejected clearly.

One :class:`Spec` row per public function or method of ``lossland.expneuron*`` and its self-checks.
A self-check's *answer* is the student's: a bad one gets friendly feedback instead of an error
(tested below).  Read by ``tests/test_bad_inputs_coverage.py`` and ``tests/test_fuzz.py``.
"""
import numpy as np
import pytest
from badinput import ANY_SHAPE_BAD, FLAG_BAD, NOT_A_NUMBER, Spec, table_tests, uncovered, wrong_length

from lossland.expneuron import failure as ef
from lossland.expneuron import detector as ed
from lossland.expneuron import losses as el
from lossland.expneuron import models as em
from lossland.expneuron import objective as en
from lossland.expneuron import theorem1 as th1
from lossland.expneuron import proof as pr
from lossland.expneuron import selfcheck as sce
from lossland.expneuron import trials as et

# ---------------------------------------------------------------- shared bad values
CALLABLE_OR_NONE = [("number", 3), ("text", "print")]
HUGE = 10**12  # far too large to allocate: must be refused up front


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
    Spec(em.example1_f, lambda: dict(theta=np.linspace(0, 1, 3)), {}, {"theta": ANY_SHAPE_BAD}),
    Spec(em.example1_df, lambda: dict(theta=0.4), {}, {"theta": ANY_SHAPE_BAD}),
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
         {"q": ANY_SHAPE_BAD, "y": [("not a class", 0.5)]}),
    Spec(ef.loss_derivative, failure(q=THETA_GRID, y=0.3, loss="squared"), {"y": "real", "loss": "name"}, {"q": ANY_SHAPE_BAD}),
    Spec(ef.FailureInstance, failure(loss="squared", y=0.3), {"loss": "name", "y": "real"}),
    Spec(ef.example1, dict, {}),
    Spec(ef.example1_squared, dict, {}),
    Spec(ef.original_loss, failure(theta=THETA_GRID, instance=INSTANCE), {}, {"theta": ANY_SHAPE_BAD, "instance": INSTANCE_BAD}),
    *[Spec(function, failure(theta=THETA_GRID, a=0.5, b=THETA_GRID, instance=INSTANCE, lam=1.0), {"lam": "positive"},
           {"theta": ANY_SHAPE_BAD, "a": ANY_SHAPE_BAD + BROADCAST_BAD, "b": ANY_SHAPE_BAD + BROADCAST_BAD, "instance": INSTANCE_BAD})
      for function in (ef.modified_loss, ef.modified_gradient)],
    *[Spec(function, failure(theta=THETA_GRID, b=1.0, instance=INSTANCE, lam=1.0), {"lam": "positive"},
           {"theta": ANY_SHAPE_BAD, "b": ANY_SHAPE_BAD + BROADCAST_BAD, "instance": INSTANCE_BAD})
      for function in (ef.reduced_loss, ef.reduced_gradient, ef.descent_field)],
    Spec(ef.locate_minima, failure(instance=INSTANCE), {}, {"instance": INSTANCE_BAD}),
    Spec(ef.descend, failure(theta0=THETA_GRID, instance=INSTANCE, lam=1.0, lr=1e-3, steps=5, a0=0.0, b0=0.0),
         {"lam": "positive", "lr": "positive", "steps": "count"},
         {"theta0": ANY_SHAPE_BAD, "instance": INSTANCE_BAD, "a0": ANY_SHAPE_BAD + BROADCAST_BAD, "b0": ANY_SHAPE_BAD + BROADCAST_BAD,
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
    Spec(pr.example5_instance, lambda: dict(lam=1.0), {"lam": "positive", "target": "positive"}),
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
         {"flat": FLAT_BAD, "X": X_BAD + [("wrong columns", XT[:, :2])], "y": Y_LABEL_BAD + [("too many classes", YT + 1)], "modified": FLAG_BAD}),
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
    Spec(sce.check_example3_value, lambda: dict(answer=0.1, eps=0.1, lam=1.0), {"eps": "positive", "lam": "positive"},
         {"eps": [("too small", 0.001), ("above one", 2.0)]}),
    Spec(sce.check_best_a, lambda: dict(best_a=lambda f, y, b, lam: 0.0), {}),
    Spec(sce.check_escaping_start, lambda: dict(theta0=0.7), {}),
    Spec(sce.check_switch_on_slope, lambda: dict(coefficient=0.1), {}),
    Spec(sce.check_example6_value, lambda: dict(answer=0.1, eps=0.2, lam=1.0), {"eps": "positive", "lam": "positive"},
         {"eps": [("too small", 0.001), ("above one", 2.0)]}),
    Spec(sce.check_pgb_min, lambda: dict(answer=0.5), {"target": "positive"}),
    Spec(sce.check_hinge_optimal_output, lambda: dict(q=2.0), {}),
]

SPECS = EXPNEURON_SPECS + FAILURE_SPECS + PROOF_SPECS + TRIALS_SPECS + SELFCHECK_SPECS

EXEMPT = {
    "lossland.expneuron.models.example1_f_unchecked": "example1_f on an array its caller validated (a descent's inner loop)",
    "lossland.expneuron.models.example1_df_unchecked": "example1_df on an array its caller validated",
    "lossland.expneuron.objective.Problem.search_loss": "the unchecked L~ an optimiser searches (inf where it overflows); "
                                                        "modified_loss, its checked form, has the row",
    "lossland.expneuron.objective.Problem.search_gradient": "as search_loss, for modified_gradient",
    "lossland.expneuron.objective.Problem.search_loss_batch": "as search_loss, for modified_loss_batch",
    "lossland.expneuron.failure.printed_w_b": "takes arrays validated by its callers (the printed formula of App. A)",
    "lossland.expneuron.objective.check_problem": "a validator: its errors are those of the Specs of local_runs",
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


# The two tests every table runs, on these rows (tests/badinput.py).
test_bad_input_is_rejected_clearly, test_valid_calls_succeed = table_tests(SPECS)


# ---------------------------------------------------------------- self-checks: the student's answer
ANSWERS = [
    (lambda v: sce.check_example3_value(v), "L~"),
    (lambda v: sce.check_escaping_start(v), "theta"),
    (lambda v: sce.check_switch_on_slope(v), "coefficient"),
    (lambda v: sce.check_example6_value(v), "L~"),
    (lambda v: sce.check_pgb_min(v), "least loss"),
    (lambda v: sce.check_hinge_optimal_output(v), "output q"),
]


@pytest.mark.parametrize("label, value", NOT_A_NUMBER, ids=[label for label, _ in NOT_A_NUMBER])
@pytest.mark.parametrize("check, what", ANSWERS, ids=['example3', 'escaping_start', 'switch_on_slope', 'example6', 'pgb_min', 'hinge_optimal'])
def test_a_malformed_answer_gets_feedback_asking_for_a_number(check, what, label, value):
    feedback = check(value)
    assert not feedback and what in feedback.message and "one finite number" in feedback.message


BEST_A = [("number", 3), ("None", None), ("returns text", lambda f, y, b, lam: "a"),
          ("returns NaN", lambda f, y, b, lam: float("nan")), ("returns a pair", lambda f, y, b, lam: (1.0, 2.0))]


@pytest.mark.parametrize("label, best_a", BEST_A, ids=[label for label, _ in BEST_A])
def test_a_malformed_best_a_gets_feedback(label, best_a):
    feedback = sce.check_best_a(best_a)
    assert not feedback and "best_a" in feedback.message


def test_website_trials_checks_callback_first():
    with pytest.raises(TypeError, match=r"\bcallback\b"):
        et.website_trials(callback=3)


MODULES = (en, el, em, th1, ed, ef, pr, et, sce)


def test_every_public_name_has_a_row_or_an_exemption():
    missing = uncovered(MODULES, SPECS, EXEMPT)
    assert not missing, f"no Spec row and no EXEMPT entry: {missing}"
