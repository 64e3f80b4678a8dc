"""Graph lifetime as in PyTorch: a pass frees what the graph saved unless retain_graph=True."""

import gc
import tracemalloc

import numpy as np
import pytest

from autograd import Tensor, grad
from autograd.viz import draw_graph

SECOND_TIME = r"second time.*retain_graph=True"


def _x():
    return Tensor([0.5, -1.0, 2.0], requires_grad=True)


def _graph(x):
    return ((x * x).tanh() + x.exp()).sum()


def _gradient(x):
    a = x.data.astype(np.float64)
    return 2 * a * (1 - np.tanh(a * a) ** 2) + np.exp(a)


def test_a_second_backward_through_a_released_graph_names_retain_graph():
    x = _x()
    y = _graph(x)
    y.backward()
    with pytest.raises(RuntimeError, match=SECOND_TIME):
        y.backward()
    assert y._ctx.released
    np.testing.assert_allclose(x.grad, _gradient(x), rtol=1e-6)  # the first one counted once


def test_with_retain_graph_a_second_backward_adds_exactly_its_gradient_again():
    x = _x()
    y = _graph(x)
    y.backward(retain_graph=True)
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad, 3 * _gradient(x), rtol=1e-6)
    with pytest.raises(RuntimeError, match=SECOND_TIME):
        y.backward()


def test_a_backward_reaching_a_released_part_of_the_graph_raises():
    x = _x()
    h = x * x
    h.sum().backward()
    with pytest.raises(RuntimeError, match=rf"mul: .*{SECOND_TIME}"):
        (h * 2.0).sum().backward()


def test_gradient_is_an_alias_of_grad():
    x, seed = _x(), np.array([1.0, 2.0, 3.0], np.float32)
    (x * x).backward(gradient=seed)
    np.testing.assert_allclose(x.grad, 2 * x.data * seed)
    with pytest.raises(TypeError, match="grad= or as gradient="):
        (x * x).backward(seed, gradient=seed)


def test_grad_retains_the_graph_by_default_only_with_create_graph():
    x = _x()
    y = _graph(x)
    (first,) = grad(y, x)
    with pytest.raises(RuntimeError, match=SECOND_TIME):
        grad(y, x)
    y = _graph(x)
    (first_order,) = grad(y, x, create_graph=True)
    (again,) = grad(y, x, retain_graph=True)  # still there: create_graph retained it
    np.testing.assert_allclose(again.data, first.data)
    np.testing.assert_allclose(first_order.data, first.data)
    (second,) = grad(first_order.sum(), x)
    a = x.data.astype(np.float64)
    t = np.tanh(a * a)
    expected = 2 * (1 - t**2) - 8 * a * a * t * (1 - t**2) + np.exp(a)
    np.testing.assert_allclose(second.data, expected, rtol=1e-5)


def test_grad_with_retain_graph_false_frees_even_with_create_graph():
    x = _x()
    y = (x * x).sum()
    grad(y, x, retain_graph=False, create_graph=True)
    with pytest.raises(RuntimeError, match=SECOND_TIME):
        y.backward()


def test_a_drawing_with_gradients_leaves_the_graph_usable():
    x = _x()
    y = _graph(x)
    draw_graph(y, show_grad=True)  # runs its own pass, which keeps the graph
    y.backward()
    np.testing.assert_allclose(x.grad, _gradient(x), rtol=1e-6)


def test_the_saved_arrays_of_a_released_graph_cannot_be_read():
    x = _x()
    y = x.exp()
    ctx = y._ctx
    y.sum().backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        (_out,) = ctx.saved


def _mlp_loss(x, weights):
    h = x
    for w in weights[:-1]:
        h = (h @ w).relu()
    return (h @ weights[-1]).logsumexp(axis=1).mean()


def test_a_kept_loss_holds_little_memory_after_backward():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((512, 64)).astype(np.float32)
    weights = [
        Tensor(rng.standard_normal(shape).astype(np.float32) * 0.1, requires_grad=True)
        for shape in [(64, 256), (256, 256), (256, 10)]
    ]
    held = {}
    for retain in (True, False):
        gc.collect()
        tracemalloc.start()
        try:
            loss = _mlp_loss(x, weights)
            value = loss.item()
            graph = tracemalloc.get_traced_memory()[0]
            loss.backward(retain_graph=retain)
            assert loss.item() == value  # the kept loss is still a whole tensor
            for w in weights:
                w.grad = None
            gc.collect()
            held[retain] = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        del loss
    # The graph holds its intermediate values (about 2.5 MB here) while retained...
    assert held[True] > 0.8 * graph
    # ... and almost nothing once released, though `loss` is still alive.
    assert held[False] < 0.05 * graph


def test_a_released_graph_keeps_its_structure_and_small_values():
    x = _x()
    h = x * 2.0
    y = h.sum()
    y.backward()
    ctx = y._ctx
    (stand_in,) = ctx.inputs
    assert stand_in._ctx is h._ctx and stand_in.shape == (3,)
    np.testing.assert_array_equal(stand_in.data, h.data)  # small: kept for drawings
    big = Tensor(np.ones(100_000, np.float32), requires_grad=True)
    inner = big * 2.0
    total = inner.sum()
    total.backward()
    (released,) = total._ctx.inputs
    assert released is not inner and released._ctx is inner._ctx and released.shape == (100_000,)
    assert np.isnan(released.data).all() and released.data.strides == (0,)  # no memory
    np.testing.assert_array_equal(inner.data, 2.0)  # the user's own tensor keeps its values
