"""Graph drawing with show_grad: colours by decade of the gradient, the colour scale, and the
marks for gradients that are zero, missing, NaN or Inf."""

import numpy as np

import autograd
from autograd import Tensor
from autograd.viz import draw_graph
from autograd.viz.style import GradientScale

from .drawn_graphs import cluster, edges, linear_graph, nodes

# ------------------------------------------------------------------ gradients


def test_show_grad_colours_by_decade_of_mean_abs_gradient():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 1000.0
    source = draw_graph(y.sum(), show_grad=True).source
    drawn = nodes(source)
    scale = GradientScale([1000.0, 1.0])
    # d sum / dy = 1 (decade 0, the palest), d sum / dx = 1000 (decade 3, the darkest)
    assert drawn["t0"]["fillcolor"] == scale.style(1.0)["fillcolor"] != drawn["leaf0"]["fillcolor"]
    assert drawn["leaf0"]["fillcolor"] == scale.style(1000.0)["fillcolor"]
    assert drawn["leaf0"]["label"].endswith(r"grad [1000., 1000.]")
    assert edges(source)[("leaf0", "op0")]["color"] == drawn["leaf0"]["fillcolor"]
    legend = cluster(source, "mean |grad| (seed: ones)")
    for decade in range(4):
        assert f"1e{decade:+d} to 1e{decade + 1:+d}" in legend


def test_show_grad_leaves_grad_alone():
    w, b, loss = linear_graph()
    draw_graph(loss, show_grad=True)
    assert w.grad is None and b.grad is None
    loss.backward(retain_graph=True)  # drawing gradients runs through the graph again
    before = w.grad.copy()
    drawn = nodes(draw_graph(loss, show_grad=True).source)
    np.testing.assert_array_equal(w.grad, before)
    # loss is a sum, so the drawing's seed of ones gives the gradient backward gave
    assert f"|grad| mean {np.abs(before).mean():.2e}" in drawn["leaf1"]["label"]


def test_dead_relus_are_marked_zero():
    x = Tensor([-1.0, -2.0, 3.0], requires_grad=True)
    dead = Tensor([-1.0, -2.0], requires_grad=True)
    source = draw_graph(x.relu().sum() + dead.relu().sum(), show_grad=True).source
    drawn = nodes(source)
    assert drawn["leaf0"]["label"].endswith(r"2 of 3 exactly 0")
    assert drawn["leaf1"]["label"].endswith("grad: all exactly 0")
    assert drawn["leaf1"]["fillcolor"] == GradientScale([]).style(0.0)["fillcolor"]
    assert edges(source)[("leaf1", "op2")]["style"] == "dashed"
    assert "exactly 0 (no gradient flows)" in cluster(source, "mean |grad| (seed: ones)")


def test_a_gradient_backward_never_sends_is_marked_like_zero():
    class Detached(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return 2 * x

        @staticmethod
        def backward(ctx, grad):
            return None

    x = Tensor([1.0, 2.0], requires_grad=True)
    source = draw_graph(Detached.apply(x).sum(), show_grad=True).source
    assert nodes(source)["leaf0"]["label"].endswith("grad: none reached it")
    assert nodes(source)["leaf0"]["fillcolor"] == GradientScale([]).style(0.0)["fillcolor"]
    assert "exactly 0 (no gradient flows)" in cluster(source, "mean |grad| (seed: ones)")


def test_nan_and_inf_gradients_are_marked():
    x = Tensor([0.0, 1.0], requires_grad=True)
    with np.errstate(divide="ignore"):
        source = draw_graph(x.sqrt().sum(), show_grad=True).source
    drawn = nodes(source)
    assert drawn["leaf0"]["label"].endswith("grad: 0 NaN, 1 Inf of 2")
    assert drawn["leaf0"]["fillcolor"] == "#000000" and drawn["leaf0"]["fontcolor"] == "white"
    assert edges(source)[("leaf0", "op0")]["penwidth"] == "3"
    assert "NaN or Inf" in cluster(source, "mean |grad| (seed: ones)")


# ------------------------------------------------------------------ the colour scale


def luminance(colour):
    """Relative luminance of '#rrggbb' (sRGB weights): larger is paler."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def decades_graph(exponents):
    """Fill colours of leaves x_k whose gradient is 3 * 10**k (mid-decade), and the DOT source."""
    leaves = [Tensor([1.0, 1.0], requires_grad=True) for _ in exponents]
    loss = None
    for k, x in zip(exponents, leaves):
        term = (x * float(3 * 10.0**k)).sum()
        loss = term if loss is None else loss + term
    source = draw_graph(loss, show_grad=True).source
    fills = nodes(source)
    return [fills[f"leaf{j}"]["fillcolor"] for j in range(len(exponents))], source


def test_larger_gradients_are_drawn_darker():
    fills, _ = decades_graph([-3, -2, -1, 0, 1, 2, 3])
    shades = [luminance(fill) for fill in fills]
    assert shades == sorted(shades, reverse=True) and len(set(shades)) == 7, fills
    assert fills[-1] == "#800026"  # the largest gradient gets the darkest red of the palette


def test_the_scale_clips_to_its_palette_beyond_seven_decades():
    exponents = list(range(-6, 6))  # 12 decades, 7 colours
    fills, source = decades_graph(exponents)
    palest, top_seven = fills[0], fills[-7:]
    # one colour per decade for the top seven, darker each decade ...
    shades = [luminance(fill) for fill in top_seven]
    assert len(set(top_seven)) == 7 and shades == sorted(shades, reverse=True)
    # ... and every decade below them shares the palest colour
    assert set(fills[:-7]) == {palest} == {top_seven[0]}
    legend = cluster(source, "mean |grad| (seed: ones)")
    assert "below 1e+0" in legend and "1e+5 to 1e+6" in legend


def test_drawing_gradients_after_a_plain_backward_shows_the_leaves_and_says_why():
    weights = Tensor(np.ones((3, 4)), requires_grad=True)
    bias = Tensor(np.zeros(4), requires_grad=True)
    total = (weights * 2 + bias).sum()
    total.backward()  # frees the graph's saved arrays
    source = draw_graph(total, show_grad=True, params={"bias": bias}).source
    assert "backward() freed this graph" in source and "retain_graph=True" in source
    assert "grad [3., 3., 3., 3.]" in source  # the leaf's own .grad
    total = (weights * 2 + bias).sum()
    total.backward(retain_graph=True)
    assert "freed" not in draw_graph(total, show_grad=True).source
