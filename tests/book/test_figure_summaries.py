"""Each figure's "what to see" summary (issue 24) is written from the data it draws: change the data, the words follow.

One test per figure module. Every expected number is computed here from the data handed to
the figure (or by an independent route), never copied from a figure's output.
"""
from __future__ import annotations

import dataclasses
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lossland.book import plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _summary(fig) -> str:
    """The figure's own summary (the start of its text alternative), which must exist and not be weak."""
    text = plots.alt_text(fig)
    assert plots.weak_alt(text) is None
    summary = getattr(fig, "_lossland_alt", "")
    assert summary and text.startswith(summary), "the figure has no describe() summary"
    return summary


def test_liu_gaussian_figures_follow_their_data():
    from lossland.liu import gaussian as lg
    from lossland.liu import gaussian_figures as gf

    for x_w1 in (2.0, 3.5):  # the explorer's frame: the weights, their optima and the gap masses
        h = np.array([x_w1, 0.0])
        h_star = lg.population_optimal_positions(h, lg.FIG4_NORMALS)
        masses = lg.gap_probabilities(h, h_star)
        text = _summary(gf.gap_frame(x_w1, 0.0))
        assert f"w1 at {x_w1:.2f} has its optimum at {h_star[0]:.2f}" in text
        assert f"hold {masses[0]:.3f} and {masses[1]:.3f} of the samples" in text
    for x_w1 in (2.5, 4.0):
        text = _summary(gf.fig3(x_w1=x_w1))
        assert f"w1 at {x_w1:.2f}" in text
        # (a): weights at 2, 0, -2 facing +, -, +: the leftmost region sees w2 only, the rightmost w1 and w3
        assert "Omega1: w2;" in text and "Omega4: w1 and w3." in text
    case = dict(x=[-1.0, 1.0, 2.0], y=[1.0, -1.0, 1.0], h=[0.5, -0.5], normals=[1.0, -1.0], rank=2)
    text = _summary(gf.figA3({"one": case, "two": dict(case, h=[3.0, 2.0], normals=[1.0, 1.0], rank=0)}))
    assert "one: 2 samples of class +1 and 1 of class -1; 2 weights at x = 0.5, -0.5" in text
    assert "Omega1: w2; Omega2: no unit; Omega3: w1; rank F = 2 of 2" in text  # back to back: nobody between
    assert "Omega1: no unit; Omega2: w2; Omega3: w1 and w2; rank F = 0 of 2" in text
    fig, ax = plots.figure()
    curve = np.linspace(0.0, 1.0, 11)
    gf.draw_monte_carlo(ax, curve * 5, curve, [1.0, 2.0], [0.1, 0.5], [0.25, 0.4])
    text = _summary(fig)
    assert "runs from 0.000 to 1.000, largest at x_w1 = 5.00" in text  # curve(1) = 0.2, curve(2) = 0.4
    assert "at most 0.050" in text and "from -0.100 to +0.100 off the curve" in text


@pytest.mark.slow
def test_liu_probability_figures_name_their_extremes():
    from lossland.liu import gaussian as lg
    from lossland.liu import gaussian_figures as gf

    text = _summary(gf.figA4(n=50, rule="max"))
    shift = np.linspace(-3.0, 6.0, 361)
    trap = lg.figA4_trap(shift, "all", n=50, rule="max")
    assert "(max rule, N = 50)" in text and f"largest, {trap.max():.3g}, at shift {shift[np.argmax(trap)]:.2f}" in text
    fewer, more = _summary(gf.fig4(n=20)), _summary(gf.fig4(n=200))
    assert "N = 20 samples" in fewer and "N = 200 samples" in more
    share = lambda text: float(re.search(r"above 0.5 on ([\d.]+)%", text).group(1))
    assert share(more) < share(fewer)  # more samples: a trap is rarer (each factor (1 - P)^N shrinks)


@pytest.mark.slow
def test_closing_chapter_figure_follows_the_lenses():
    from lossland.synthesis import figures, running

    lenses = running.five_lenses(0.0, widths=(1,), starts=50)
    text = _summary(figures.lenses_figure(lenses))
    assert f"{len(lenses.y)} data points with middle target t = 0" in text
    assert f"loss {lenses.blind['loss_blind']:.3g})" in text
    assert f"width 1: poor share {lenses.regions[1]['poor_share']:.0%}" in text
    moved = dataclasses.replace(lenses, regions={1: dict(lenses.regions[1], poor_share=0.125)}, bad=None)
    text = _summary(figures.lenses_figure(moved))
    assert "width 1: poor share 12%" in text and "no bad minimum at width 1" in text


def test_chapter5_bump_figure_follows_its_data():
    from lossland.blindspots import bump_figures

    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    for y in (np.array([0.0, 1.0, 0.0, 0.0]), np.array([2.0, 0.0, 2.0, 4.0])):
        text = _summary(bump_figures.draw_bump(X, y, 1))
        assert f"mean(y) = {y.mean():.3g} has loss {np.sum((y - y.mean()) ** 2):.3g}" in text
        assert "non-zero only for t between -1.0 and 1.0" in text  # relu(t+1) - 2 relu(t) + relu(t-1)


def test_chapter5_jellyfish_figures_follow_their_networks():
    from lossland.blindspots import jellyfish
    from lossland.blindspots import jellyfish_figures as jf_figures

    X, y = jellyfish.JELLYFISH
    good, bad = jellyfish.init_params([4], rng=1), jellyfish.init_params([4], rng=2)
    wrong = lambda text, side: int(re.search(side + r"[^:]*: (\d) of 4 points on the wrong side", text).group(1))
    text, flipped = _summary(jf_figures.draw_converged_and_stuck(good, bad, X, y)), _summary(
        jf_figures.draw_converged_and_stuck(good, bad, X, 1.0 - y))
    assert wrong(text, "Left") + wrong(flipped, "Left") == 4 and wrong(text, "Right") + wrong(flipped, "Right") == 4
    taus = np.array([0.1, 1.0, 10.0])
    assert "3 at tau = 0.1 and 9 at tau = 10" in _summary(jf_figures.draw_concentration(taus, [3, 5, 9]))


def test_chapter5_scale_figures_follow_their_runs():
    from lossland.blindspots import jellyfish, scale_figures

    runs = dict(widths=[16, 64], depths=[1, 3], w_means=[0.0, -0.1], chance=0.11,
                accuracy={(name, m, d, h): (0.11 if m < 0 and d == 3 else 0.9 + h / 1000)
                          for name in ("mnist", "permuted") for m in (0.0, -0.1) for d in (1, 3) for h in (16, 64)})
    text = _summary(scale_figures.fig1(runs))
    assert "best 96% (mean 0, 1 hidden, h = 64)" in text and "2 of 8 settings end within 2 points" in text
    runs = dict(taus=[1.0, 0.01], widths=[16], accuracy={(1.0, 16): np.array([0.8, 0.9]), (0.01, 16): np.array([0.1, 0.2])})
    assert "h = 16: 85% at tau = 1, 15% at tau = 0.01." in _summary(scale_figures.fig2(runs))
    Xz, yz = jellyfish.zigzag()
    grid = np.linspace(Xz.min(), Xz.max(), 50)
    runs = dict(taus=[1.0, 0.01], widths=[10, 100], mse=np.arange(8.0).reshape(2, 2, 2), grid=grid,
                curves=np.array([np.full(50, yz.mean()), np.interp(grid, Xz[:, 0], yz)]))
    text = _summary(scale_figures.fig5(runs))
    assert "tau = 1: 0.5 at h = 10, 4.5 at h = 100; tau = 0.01: 2.5 at h = 10, 6.5 at h = 100" in text
    assert f"are {np.var(yz):.3g}, 0." in text  # the constant fit's error is the variance; the interpolant's is 0


def test_chapter3_norms_figure_follows_the_paths():
    from lossland.expneuron import failure as ef
    from lossland.expneuron import figures

    paths = {inst.loss: ef.descend(0.25, inst, steps=200) for inst in (ef.example1(), ef.example1_squared())}
    text = _summary(figures.fig_norms(paths=paths))
    hinge = paths["cubic_hinge"]
    assert f"after 200 iterations the norm is {np.hypot(hinge.a[-1], hinge.b[-1]):.3g}, b is {hinge.b[-1]:.3g}" in text
    level = 0.5 * np.log(1 / 2e-3)
    assert text.count("b ends below the dashed line") == 2 and f"= {level:.3g}." in text
    squared = paths["squared"]
    for shift, where in ((10.0, "above"), (level - squared.b[-1], "at")):
        moved = dict(paths, squared=dataclasses.replace(squared, b=squared.b + shift))
        text = _summary(figures.fig_norms(paths=moved))
        assert "b ends below" in text.split("Fig. 4 setting")[0] and f"b ends {where} the dashed line." in text


@pytest.mark.slow
def test_chapter4_theorem_figures_follow_their_runs():
    from lossland.petzka import infinity as ti
    from lossland.petzka import wide_path as wp
    from lossland.petzka import nonattracting_figures as na_figures

    for steps in (100, 400):
        text = _summary(na_figures.fig_theorem4(steps=steps))
        run = ti.descend_to_infinity(ti.theorem4_instance(), steps=steps)
        limit = ti.theorem4_instance().limit_loss
        assert f"over {steps} iterations" in text and f"to {run.hidden_bias[-1, 0]:.3g} and" in text
        assert f"falls from {run.loss[0] - limit:.3g} to {run.loss[-1] - limit:.3g}" in text
        t = run.steps + 1
        step = lambda k: float(run.hidden_bias[np.searchsorted(t, t[-1] / 10**k), 0])  # the first bias 10^k times earlier
        assert f"adds {run.hidden_bias[-1, 0] - step(1):.2g} and" in text and f"before it {step(1) - step(2):.2g} and" in text
    for sizes in ((2, 5, 3, 2, 1), (2, 6, 2, 1)):
        text = _summary(na_figures.fig_theorem5(sizes=sizes))
        arch, theta, X, y = wp.theorem5_instance(sizes=sizes)
        assert f"widths {tuple(sizes)} on {len(y)} data points" in text and "never increasing" in text


def test_a_log_axis_keeps_its_tiny_bounds():
    fig, ax = plots.figure()
    ax.semilogy([0.0, 1.0], [1e-80, 1e-20])
    ax.set_ylim(1e-80, 1e-20)
    plots.label(ax, "shift", "probability")
    assert "probability (log scale, from 1e-80 to 1e-20) against shift (from" in plots.alt_text(fig)


def test_a_fraction_in_a_label_reads_as_a_fraction():
    fig, ax = plots.figure()
    ax.plot([0, 1], [0, 1], label=r"$\frac{1}{2}\ln(1/\mathrm{step})$")
    ax.plot([0, 1], [1, 0], label=r"$\tfrac{a+b}{c}$")
    assert "Curves: 1/2 ln(1/step), (a+b)/c." in plots.alt_text(fig)
