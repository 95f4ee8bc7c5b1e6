"""A figure's text alternative reads its TeX labels as one says a formula aloud (issue 24).

Each case is a label the book's figures draw (axis labels, titles, legend entries), with the
words a screen reader should say: subscripts kept apart from their base ("Omega sub j", not
"Omegaj"), numeric ones joined as printed ("x1"), an operator's subscript read as a clause
("min over a, W of L tilde"), small powers as superscripts ("t²").
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from lossland.book import plots  # noqa: E402

BOOK_LABELS = [
    # Chapter 1 (lossland/decomposition/figures.py)
    (r"$w_{1}$ (first weight)", "w1 (first weight)"),
    (r"Activation regions of one unit (pattern $a_1a_2a_3$)", "Activation regions of one unit (pattern a1 a2 a3)"),
    (r"$\log_{10}\mathcal{L}$", "log base 10 of L"),
    (r"local minima ($w_1=0,\ w_2>0$)", "local minima (w1=0, w2>0)"),
    (r"kink, not minima ($w_2\leq 0$)", "kink, not minima (w2 ≤ 0)"),
    (r"differentiable minima, loss 4.5 ($w_1w_2=-\frac{1}{2},\ w_1>0$)",
     "differentiable minima, loss 4.5 (w1 w2=-1/2, w1>0)"),
    (r"unit 1, pattern 10: dot $p_j$, square $-p_j$", "unit 1, pattern 10: dot p sub j, square -p sub j"),
    (r"$x_1^\top w = 0$", "x1 transpose w = 0"),
    # Chapter 2 (lossland/liu/gaussian_figures.py)
    (r"(a) parallel weights, regions $\Omega_j$", "(a) parallel weights, regions Omega sub j"),
    (r"$x_{w_1}$ ($x_{w_2} = 0$)", "x sub w1 (x sub w2 = 0)"),
    (r"$(1 - P(x\in g_1))^N$", "(1 - P(x in g1)) to the power N"),
    (r"$P_t = (1 - P_g)^N$", "P sub t = (1 - P sub g) to the power N"),
    (r"$x = \mathbf{x}\cdot\mathbf{i}$", "x = x · i"),
    # Chapter 3 (lossland/expneuron/figures.py)
    (r"b: $\mathrm{min}_{a,W}\,\tilde L$", "b: min over a, W of L tilde"),
    (r"$\log_{10}\,\mathrm{min}_{a,W}\,\tilde L$ (0 drawn as $-12$)",
     "log base 10 of min over a, W of L tilde (0 drawn as -12)"),
    ("$\\min\\tilde L = 0$ here:\ndrawn at the floor $-12$", "min L tilde = 0 here: drawn at the floor -12"),
    (r"$L(\theta_t)$", "L(theta sub t)"),
    (r"$\|(a,b,W)\|$", "‖(a,b,W)‖"),
    # Chapter 4 (lossland/petzka/*figures.py)
    (r"$\frac{1}{2}\mu t^2$ (its curvature $\mu$)", "1/2 mu t² (its curvature mu)"),
    (r"flat direction $v_{-1} - v_r$", "flat direction v sub -1 - v sub r"),
    (r"$\lambda \in (0, 1)$", "lambda in (0, 1)"),
    (r"Split a first-layer neuron of a 1-1-2-1 minimum ($D \neq 0$)",
     "Split a first-layer neuron of a 1-1-2-1 minimum (D ≠ 0)"),
    (r"$\mathcal{L} - \mathcal{L}_\infty$", "L - L sub infinity"),
    (r"$u_{1,0}$", "u sub 1,0"),
    (r"$(1-t)^2\|y-z\|^2$", "(1-t)²‖y-z‖²"),
    # Chapter 5 (lossland/blindspots/*figures.py)
    (r"$t = v\,(x - x_r)$", "t = v (x - x sub r)"),
    (r"fixed $\sigma$ = 0.01, 100 layers", "fixed sigma = 0.01, 100 layers"),
]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(("tex", "words"), BOOK_LABELS)
def test_a_book_label_reads_as_words(tex, words):
    fig, ax = plots.figure()
    ax.plot([0, 1], [0, 1], label=tex)
    assert f"Curves: {words}." in plots.alt_text(fig)


def test_axis_labels_and_titles_are_read_the_same_way():
    fig, ax = plots.figure()
    ax.plot([0, 1], [0, 1])
    plots.label(ax, r"$\theta_0$", r"$\log_{10}\,\mathrm{min}_{a}\,\tilde L$", r"regions $\Omega_1$, $\Omega_2$")
    text = plots.alt_text(fig)
    assert "The plot, regions Omega sub 1, Omega sub 2: log base 10 of min over a of L tilde (from" in text
    assert "against theta sub 0 (from" in text


@pytest.mark.parametrize(("text", "words"), [
    ("costs $5", "costs $5"),              # an unpaired $: matplotlib draws plain text, and so do we
    ("prop1_better", "prop1_better"),      # outside $...$ an underscore is drawn, and read, as it is
    (r"$10 x_1 + 2\pi$", "10 x1 + 2 pi"),  # digits stay one number; a command stays a word
])
def test_plain_text_stays_as_drawn(text, words):
    fig, ax = plots.figure()
    ax.plot([0, 1], [0, 1], label=text)
    assert f"Curves: {words}." in plots.alt_text(fig)
