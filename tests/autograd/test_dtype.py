"""dtype rules: float32 stays float32 through every op, forward and backward."""

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

import autograd
from autograd import Tensor, grad

from .op_table import leaves, options_in, parametrize_ops


@pytest.fixture
def float64_default():
    autograd.set_default_dtype(np.float64)
    try:
        yield
    finally:
        autograd.set_default_dtype(np.float32)


@parametrize_ops()
@given(data=st.data())
def test_float32_stays_float32_forward_and_backward(op, data):
    case = data.draw(op.cases, label="case")
    inputs = leaves(case, np.float32)
    out = op.fn(*inputs, **options_in(case, np.float32))
    assert out.dtype == (op.out_dtype or np.float32)

    seed = np.ones(out.shape, out.dtype)
    # The op's own backward, called directly: the engine casts gradients to each
    # leaf's dtype, which would hide a float64 gradient computed on the way.
    ctx = out._ctx
    input_grads = ctx.function.backward(ctx, seed)
    input_grads = input_grads if isinstance(input_grads, tuple) else (input_grads,)
    for needed, g in zip(ctx.needs_input_grad, input_grads):
        if needed and g is not None:
            assert np.asarray(g).dtype == np.float32

    out.backward(seed)
    assert all(x.grad.dtype == np.float32 for x in inputs)


_MIXED = {
    "np.float64*t": lambda t: np.float64(2.0) * t,
    "t*np.float64": lambda t: t * np.float64(2.0),
    "np.float64+t": lambda t: np.float64(2.0) + t,
    "np.float64**t": lambda t: np.float64(2.0) ** t,
    "t/np.float64": lambda t: t / np.float64(2.0),
    "float*t": lambda t: 2.0 * t,
    "int-t": lambda t: 2 - t,
    "t**int": lambda t: t**2,
    "int**t": lambda t: 2**t,
    "ndarray*t": lambda t: np.ones(3, np.float32) * t,
    "ndarray@t": lambda t: np.ones((2, 3), np.float32) @ t,
    "t@ndarray": lambda t: t @ np.ones(3, np.float32),
    "where(c,t,float)": lambda t: autograd.where(t > 0, t, 0.0),
    "maximum(t,float)": lambda t: autograd.maximum(t, 0.5),
    "clip(float,float)": lambda t: t.clip(0.0, 1.0),
}


@pytest.mark.parametrize("call", _MIXED.values(), ids=_MIXED.keys())
def test_numbers_and_float32_arrays_on_either_side_keep_float32(call):
    t = Tensor(np.full(3, 0.5, np.float32), requires_grad=True)
    assert call(t).dtype == np.float32


def test_a_0d_float32_tensor_with_python_numbers_stays_float32():
    t = Tensor(0.5, requires_grad=True)
    for result in (t * 2.0, 2.0 * t, t + 1, 1 - t, t / 3, 3 / t, t**2, 2.0**t, -t):
        assert result.dtype == np.float32


def test_gradients_have_the_leafs_dtype_even_through_float64():
    x32 = Tensor([1.0, 2.0], requires_grad=True)
    x64 = Tensor([3.0], requires_grad=True, dtype=np.float64)
    out = (x32.astype(np.float64) * x64).sum()
    assert out.dtype == np.float64
    out.backward()
    assert x32.grad.dtype == np.float32 and x64.grad.dtype == np.float64
    np.testing.assert_array_equal(x32.grad, [3.0, 3.0])
    g32, g64 = grad((x32.astype(np.float64) * x64).sum(), [x32, x64])
    assert g32.dtype == np.float32 and g64.dtype == np.float64


@pytest.mark.parametrize(
    "data, dtype",
    [
        (1.5, np.float32),
        ([1.0, 2.0], np.float32),
        ([1, 2], np.float32),  # lists become the default dtype, integers too
        (np.ones(2), np.float64),
        (np.ones(2, np.float16), np.float16),
        (np.arange(3), np.int64),
        (np.array([True, False]), np.bool_),
        (np.float64(1.5), np.float64),
    ],
    ids=[
        "number",
        "list",
        "int list",
        "float64 array",
        "float16 array",
        "int array",
        "bool",
        "np.float64",
    ],
)
def test_construction_dtype_rules(data, dtype):
    assert Tensor(data).dtype == dtype


def test_an_explicit_dtype_wins():
    assert Tensor([1, 2], dtype=np.int32).dtype == np.int32
    assert Tensor(np.ones(2), dtype=np.float32).dtype == np.float32


def test_switching_the_default_dtype_to_float64(float64_default):
    assert autograd.get_default_dtype() == np.float64
    assert Tensor([1.0]).dtype == np.float64
    assert Tensor(2.0).dtype == np.float64
    for make in (autograd.zeros, autograd.ones, autograd.randn, autograd.rand):
        assert make(2, 3).dtype == np.float64
    float32 = Tensor(np.ones(2, np.float32), requires_grad=True)
    assert (float32 * 2.0).dtype == np.float32  # numbers still follow the tensor


def test_the_default_dtype_is_float32_again_after_the_fixture():
    assert autograd.get_default_dtype() == np.float32
    assert autograd.zeros(2).dtype == np.float32
