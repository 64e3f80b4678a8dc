"""Every operation of the op table against NumPy: forward values and first derivatives.

The derivatives are compared with central differences of the NumPy
reference (see op_table and oracle), for a random gradient arriving at the
output, so every element of every input's gradient is checked.
"""

import functools

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

import autograd
from autograd import Tensor, no_grad

from .op_table import leaves, parametrize_ops, seeds
from .oracle import central_differences


@parametrize_ops()
@given(data=st.data())
def test_forward_matches_numpy_recorded_or_under_no_grad(op, data):
    case = data.draw(op.cases, label="case")
    inputs = leaves(case)
    recorded = op.fn(*inputs, **case.options)
    with no_grad():
        quiet = op.fn(*inputs, **case.options)
    assert recorded.requires_grad and recorded._ctx is not None
    assert not quiet.requires_grad and quiet._ctx is None

    expected = op.ref(*case.arrays, **case.options)
    for out in (recorded, quiet):
        assert isinstance(out, Tensor) and type(out.data) is np.ndarray
        assert out.shape == np.shape(expected)
        assert out.dtype == np.result_type(expected)
        np.testing.assert_allclose(out.data, expected, rtol=op.tolerance, atol=op.tolerance)


@parametrize_ops()
@given(data=st.data())
def test_gradient_matches_central_differences(op, data):
    case = data.draw(op.cases, label="case")
    inputs = leaves(case)
    out = op.fn(*inputs, **case.options)
    upstream = np.random.default_rng(data.draw(seeds, label="seed")).standard_normal(out.shape)

    out.backward(upstream)

    reference = functools.partial(op.ref, **case.options)
    for x, expected in zip(inputs, central_differences(reference, case.arrays, upstream)):
        assert x.grad.shape == x.shape and x.grad.dtype == x.dtype
        np.testing.assert_allclose(x.grad, expected, rtol=1e-5, atol=1e-6)
    _assert_gradients_own_their_memory(inputs, upstream)


def _assert_gradients_own_their_memory(inputs, upstream):
    """No .grad aliases the caller's gradient or another leaf's .grad, and each is writable."""
    for i, x in enumerate(inputs):
        assert x.grad.flags.writeable
        assert not np.shares_memory(x.grad, upstream)
        for y in inputs[i + 1 :]:
            assert not np.shares_memory(x.grad, y.grad)


# ------------------------------------------------------------------ beyond the table


@pytest.mark.parametrize("reduction", ["max", "min"])
@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
def test_max_min_gradient_at_ties_sums_to_the_upstream_gradient(reduction, axis):
    x = Tensor([[1.0, 3.0, 3.0], [2.0, 2.0, -1.0], [3.0, -1.0, 3.0]], requires_grad=True)
    out = getattr(x, reduction)(axis=axis)
    upstream = np.arange(1.0, out.size + 1).reshape(out.shape)
    out.backward(upstream)

    chosen = x.data == getattr(x.data, reduction)(axis=axis, keepdims=True)
    assert np.all(x.grad[~chosen] == 0) and np.all(x.grad[chosen] > 0)
    np.testing.assert_allclose(x.grad.sum(axis=axis), upstream)


@pytest.mark.parametrize("function", [autograd.maximum, autograd.minimum])
def test_maximum_minimum_at_ties_split_the_gradient_between_the_inputs(function):
    a = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = Tensor([1.0, 0.0, 3.0], requires_grad=True)
    function(a, b).backward(np.array([2.0, 2.0, 2.0]))
    np.testing.assert_allclose(a.grad + b.grad, [2.0, 2.0, 2.0])
    np.testing.assert_allclose(a.grad[[0, 2]], [1.0, 1.0])


def test_repeated_indices_accumulate():
    x = Tensor([10.0, 20.0, 30.0], requires_grad=True)
    x[[0, 2, 0, 0, -1]].backward(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    np.testing.assert_array_equal(x.grad, [1.0 + 3.0 + 4.0, 0.0, 2.0 + 5.0])


def test_indexing_with_a_mask_made_from_the_tensor():
    x = Tensor([-1.0, 2.0, -3.0, 4.0], requires_grad=True)
    (x[x > 0] ** 2).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 4.0, 0.0, 8.0])


@pytest.mark.parametrize("shape, axis", [((0,), None), ((2, 0), 0), ((2, 0), 1), ((0, 3), (0, 1))])
def test_sum_of_an_empty_tensor(shape, axis):
    x = Tensor(np.zeros(shape), requires_grad=True)
    out = x.sum(axis=axis)
    np.testing.assert_array_equal(out.data, np.zeros(shape).sum(axis=axis))
    out.backward(np.ones(out.shape))
    assert x.grad.shape == shape


def test_exponent_tensor_gradient_is_log_base_times_power():
    base = Tensor([2.0, 3.0], requires_grad=True, dtype=np.float64)
    exponent = Tensor([1.5, -0.5], requires_grad=True, dtype=np.float64)
    (base**exponent).sum().backward()
    np.testing.assert_allclose(base.grad, exponent.data * base.data ** (exponent.data - 1))
    np.testing.assert_allclose(exponent.grad, np.log(base.data) * base.data**exponent.data)


def test_relu_and_abs_have_zero_gradient_at_their_kink():
    x = Tensor([0.0, -0.0], requires_grad=True)
    x.relu().sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])
    x.zero_grad()
    x.abs().sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])


def test_indexing_with_integer_tensors_picks_and_accumulates():
    logits = Tensor(np.arange(6.0).reshape(3, 2), requires_grad=True)
    labels = Tensor(np.array([1, 1, 0]))
    logits[np.arange(3), labels].sum().backward()  # the pattern of a cross-entropy loss
    np.testing.assert_array_equal(logits.grad, [[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[Tensor(np.array([0, 0, 2]))].sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 0.0, 1.0])


def test_joining_tensors_with_constant_arrays():
    x = Tensor([1.0, 2.0], requires_grad=True)
    joined = autograd.concatenate([np.zeros(3), x, [5.0]])
    stacked = autograd.stack([x, np.ones(2)], axis=1)
    np.testing.assert_array_equal(joined.data, [0.0, 0.0, 0.0, 1.0, 2.0, 5.0])
    (joined.sum() + (stacked * [[1.0, 1.0]]).sum()).backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_polynomial_features_have_a_finite_gradient_at_zero():
    x = Tensor([0.0, 2.0], requires_grad=True, dtype=np.float64)
    (x[:, None] ** np.arange(3.0)).sum().backward()  # columns 1, x, x**2
    np.testing.assert_array_equal(x.grad, [1.0, 1.0 + 2 * 2.0])


def test_a_power_of_zero_has_a_zero_gradient_for_its_exponent():
    base = Tensor([0.0, 2.0], dtype=np.float64)
    exponent = Tensor([3.0, 3.0], requires_grad=True, dtype=np.float64)
    (base**exponent).sum().backward()
    np.testing.assert_allclose(exponent.grad, [0.0, 8.0 * np.log(2.0)])
