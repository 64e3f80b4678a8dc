"""`Tensor.backward` and `autograd.grad`: seeds, accumulation, graph shapes, depth."""

import time

import numpy as np
import pytest

import autograd
from autograd import Tensor, grad, no_grad


def _leaf(values, dtype=np.float64):
    return Tensor(np.asarray(values, dtype=dtype), requires_grad=True)


# ------------------------------------------------------------------ the seed


@pytest.mark.parametrize("shape", [(), (1,), (1, 1)])
def test_seed_defaults_to_one_for_a_tensor_of_one_element(shape):
    x = _leaf(np.full(shape, 3.0))
    (x * 2.0).backward()
    np.testing.assert_array_equal(x.grad, np.full(shape, 2.0))


def test_a_missing_seed_for_several_elements_is_a_clear_error():
    x = _leaf([1.0, 2.0, 3.0])
    with pytest.raises(RuntimeError, match=r"backward.*shape \(3,\).*\.sum\(\)"):
        (x * 2.0).backward()
    assert x.grad is None


def test_a_seed_of_the_wrong_shape_names_both_shapes():
    x = _leaf([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"shape \(4,\).*shape \(3,\)"):
        (x * 2.0).backward(np.ones(4))


@pytest.mark.parametrize(
    "seed",
    [np.array(2.5), 2.5, Tensor(2.5), np.float64(2.5)],
    ids=["ndarray", "number", "Tensor", "np.float64"],
)
def test_the_seed_may_be_an_array_a_number_or_a_tensor(seed):
    x = _leaf(4.0)
    (x * x).backward(seed)
    np.testing.assert_allclose(x.grad, 2.5 * 2 * 4.0)


def test_backward_neither_changes_nor_keeps_the_callers_seed():
    x, y = _leaf([1.0, 2.0]), _leaf([3.0, 4.0])
    seed = np.array([1.0, 10.0])
    (x + y).backward(seed)
    x.backward(seed)  # a leaf reached directly by the seed
    seed[:] = -1.0
    np.testing.assert_array_equal(x.grad, [2.0, 20.0])
    np.testing.assert_array_equal(y.grad, [1.0, 10.0])


def test_backward_on_a_tensor_that_does_not_require_grad_is_a_clear_error():
    x = Tensor([1.0, 2.0])
    with pytest.raises(RuntimeError, match="does not require grad"):
        (x * 2.0).sum().backward()
    with no_grad():
        y = (_leaf([1.0]) * 2.0).sum()
    with pytest.raises(RuntimeError, match="no_grad"):
        y.backward()


# ------------------------------------------------------------------ accumulation


def _diamond(x):
    """x is used twice, and so is the interior a: a = 3x, out = sum(exp(a) + a * a)."""
    a = x * 3.0
    return (a.exp() + a * a).sum()


def _diamond_gradient(x):
    return 3 * np.exp(3 * x) + 18 * x


def test_interior_nodes_used_twice_are_counted_once():
    x = _leaf([0.1, -0.4])
    _diamond(x).backward()
    np.testing.assert_allclose(x.grad, _diamond_gradient(x.data))


def test_a_second_backward_on_the_same_graph_adds_exactly_its_gradient_again():
    x = _leaf([0.1, -0.4])
    out = _diamond(x)
    out.backward(retain_graph=True)
    out.backward()
    np.testing.assert_allclose(x.grad, 2 * _diamond_gradient(x.data))


def test_a_backward_on_a_new_graph_adds_its_gradient():
    x = _leaf([0.1, -0.4])
    _diamond(x).backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad, _diamond_gradient(x.data) + 2 * x.data)


def test_backward_from_an_interior_tensor_then_from_the_output():
    x = _leaf([1.0, 2.0])
    y = x * x
    z = (y * 3.0).sum()
    y.backward(np.ones(2), retain_graph=True)
    z.backward()
    np.testing.assert_allclose(x.grad, 2 * x.data + 6 * x.data)


def test_zero_grad_starts_accumulation_afresh():
    x = _leaf([1.0, 2.0])
    (x * x).sum().backward()
    x.zero_grad()
    assert x.grad is None
    (x * 5.0).sum().backward()
    np.testing.assert_array_equal(x.grad, [5.0, 5.0])


def test_leaves_that_do_not_require_grad_get_no_gradient():
    x, c = _leaf([1.0, 2.0]), Tensor([3.0, 4.0])
    (x * c).sum().backward()
    assert c.grad is None
    np.testing.assert_array_equal(x.grad, c.data)


def test_a_tensor_reused_a_thousand_times():
    x = _leaf([0.5, -1.0])
    y = x.exp()  # an interior node with 1,000 consumers
    total = y
    for _ in range(999):
        total = total + y
    total.sum().backward()
    np.testing.assert_allclose(x.grad, 1000 * np.exp(x.data))


def test_a_leaf_reused_a_thousand_times_in_one_operation():
    x = _leaf([0.5, -1.0])
    autograd.stack([x] * 1000).sum().backward()
    np.testing.assert_array_equal(x.grad, [1000.0, 1000.0])


def test_a_chain_of_100000_operations_needs_no_recursion_and_is_freed():
    factor = 1.0 + 1e-6
    x = _leaf(2.0)
    y = x
    start = time.perf_counter()
    for _ in range(100_000):
        y = y * factor
    y.backward()
    np.testing.assert_allclose(x.grad, factor**100_000, rtol=1e-9)
    del y  # freeing 100,000 nested nodes must not overflow the C stack either
    assert time.perf_counter() - start < 30, "a 100,000-op chain should take about a second"


# ------------------------------------------------------------------ the leaves' .grad


def test_leaf_gradients_have_the_leafs_shape_and_dtype():
    x = Tensor(np.ones((2, 3), np.float32), requires_grad=True)
    b = Tensor(np.ones(3, np.float32), requires_grad=True)
    (x.astype(np.float64) * 2.0 + b).backward(np.ones((2, 3)))
    assert x.grad.shape == (2, 3) and x.grad.dtype == np.float32
    assert b.grad.shape == (3,) and b.grad.dtype == np.float32
    np.testing.assert_array_equal(b.grad, [2.0, 2.0, 2.0])


@pytest.mark.parametrize("other_shape", [(3,), (1,), ()])
def test_changing_one_leafs_grad_in_place_leaves_the_others_alone(other_shape):
    x, y = _leaf(np.zeros(3)), _leaf(np.zeros(other_shape))
    (x + y).backward(np.ones(3))
    expected_y = y.grad.copy()
    x.grad += 100.0
    np.testing.assert_array_equal(y.grad, expected_y)
    y.grad *= 0.0
    np.testing.assert_array_equal(x.grad, [101.0, 101.0, 101.0])


def test_a_leafs_grad_does_not_alias_the_data_of_a_view():
    x = _leaf(np.arange(6.0))
    seed = np.ones((2, 3))
    x.reshape(2, 3).backward(seed)
    x.grad[0] = 7.0
    np.testing.assert_array_equal(seed, np.ones((2, 3)))


# ------------------------------------------------------------------ grad()


def test_grad_leaves_dot_grad_untouched():
    x = _leaf([1.0, 2.0])
    (gx,) = grad((x * x).sum(), x)
    assert x.grad is None
    np.testing.assert_array_equal(gx.data, [2.0, 4.0])
    (x * 1.0).sum().backward()
    before = x.grad
    grad((x * x).sum(), x)
    assert x.grad is before
    np.testing.assert_array_equal(x.grad, [1.0, 1.0])


def test_grad_returns_plain_tensors_of_the_inputs_dtype_and_shape():
    x = Tensor(np.ones((2, 2), np.float32), requires_grad=True)
    (gx,) = grad((x.astype(np.float64) ** 2).sum(), x)
    assert isinstance(gx, Tensor)
    assert gx.shape == (2, 2) and gx.dtype == np.float32
    assert not gx.requires_grad and gx._ctx is None


def test_grad_with_respect_to_interior_tensors():
    x = _leaf([1.0, -2.0])
    y = x * x
    z = (y * 3.0 + y.exp()).sum()
    gy, gx = grad(z, [y, x], retain_graph=True)
    np.testing.assert_allclose(gy.data, 3.0 + np.exp(y.data))
    np.testing.assert_allclose(gx.data, (3.0 + np.exp(y.data)) * 2 * x.data)
    (same,) = grad(y, y, grad_outputs=np.array([5.0, 6.0]))
    np.testing.assert_array_equal(same.data, [5.0, 6.0])


def test_grad_of_several_outputs_with_grad_outputs_adds_their_contributions():
    x = _leaf([1.0, 2.0])
    squares, cubes = x * x, x**3
    g_squares, g_cubes = np.array([1.0, -1.0]), Tensor([0.5, 2.0], dtype=np.float64)
    (gx,) = grad([squares, cubes], x, grad_outputs=[g_squares, g_cubes])
    expected = 2 * x.data * g_squares + 3 * x.data**2 * g_cubes.data
    np.testing.assert_allclose(gx.data, expected)


def test_grad_of_an_unused_input_is_an_error_unless_allowed():
    x, unused = _leaf([1.0, 2.0]), Tensor(np.ones((2, 2), np.float32), requires_grad=True)
    out = (x * x).sum()
    with pytest.raises(RuntimeError, match=r"input 1 .*shape \(2, 2\).*allow_unused"):
        grad(out, [x, unused], retain_graph=True)
    gx, g_unused = grad(out, [x, unused], allow_unused=True)
    np.testing.assert_array_equal(gx.data, [2.0, 4.0])
    np.testing.assert_array_equal(g_unused.data, np.zeros((2, 2)))
    assert g_unused.dtype == np.float32


def test_grad_checks_its_arguments():
    x = _leaf([1.0, 2.0])
    y = x * 2.0
    with pytest.raises(ValueError, match="2 outputs but 1 grad_outputs"):
        grad([y, y], x, grad_outputs=[np.ones(2)])
    with pytest.raises(RuntimeError, match="output 0 does not require grad"):
        grad(Tensor([1.0]).sum(), x)
    with pytest.raises(RuntimeError, match="input 0 is not a Tensor that requires grad"):
        grad(y.sum(), Tensor([1.0, 2.0]))
    with pytest.raises(RuntimeError, match=r"shape \(2,\)"):
        grad(y, x)  # no grad_outputs for an output of two elements


def test_grad_of_outputs_that_depend_on_each_other_and_on_a_leaf_itself():
    x = _leaf([1.0, 2.0])
    y = x * x
    z = y * 3.0  # made from the other output
    (gx,) = grad([y, z, x], x, grad_outputs=[np.ones(2), np.full(2, 2.0), np.full(2, 5.0)])
    np.testing.assert_allclose(gx.data, 2 * x.data + 2.0 * 6 * x.data + 5.0)


# ------------------------------------------------------------------ each backward runs once


def test_on_a_diamond_each_operation_runs_its_backward_once_after_its_consumers():
    calls = []

    class Traced(autograd.Function):
        @staticmethod
        def forward(ctx, x, label):
            ctx.label = label
            return x * 1.0

        @staticmethod
        def backward(ctx, g):
            calls.append(ctx.label)
            return g, None

    x = _leaf([1.0, 2.0])
    top = Traced.apply(x, "top")  # used by both sides of the diamond
    left = Traced.apply(top * 2.0, "left")
    right = Traced.apply(top * 3.0, "right")
    Traced.apply(left + right, "bottom").sum().backward()
    assert calls.count("top") == 1 and calls.count("bottom") == 1
    assert calls.index("bottom") == 0 and calls[-1] == "top"
    np.testing.assert_allclose(x.grad, [5.0, 5.0])
