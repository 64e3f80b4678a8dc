"""autograd.testing: its strategies draw what they promise, and its assertion catches mistakes."""

import importlib
import sys

import numpy as np
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from autograd import Function, Tensor
from autograd.testing import (
    arrays,
    assert_gradients_match,
    broadcastable_arrays,
    mutually_broadcastable_shapes,
    shapes,
    tensors,
)

from .examples import Cube

SMALL = {"max_dims": 2, "max_side": 3}  # small arrays keep each gradcheck cheap


class CubeMissingFactor(Cube):
    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved
        return x**2 * grad


class Scale(Function):
    """a * b with both broadcast, reduced back by hand."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved
        return unbroadcast(grad * b, a.shape), unbroadcast(grad * a, b.shape)


def unbroadcast(grad, shape):
    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))
    return grad.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1), keepdims=True)


@given(arrays(shapes(**SMALL)))
def test_a_correct_function_passes_on_every_drawn_input(x):
    assert_gradients_match(Cube.apply, x)


@given(broadcastable_arrays(2, min_value=-2.0, max_value=2.0))
def test_a_correct_broadcasting_function_passes(pair):
    assert_gradients_match(Scale.apply, *pair)


@given(tensors(shapes(**SMALL), avoid=(0.0,), margin=0.1))
def test_kinks_can_be_avoided_so_abs_checks_cleanly(t):
    assert np.abs(t.data).min() >= 0.1
    assert_gradients_match(lambda x: x.abs(), t)


def test_a_wrong_function_fails_with_the_diagnostic():
    with pytest.raises(AssertionError) as error:
        assert_gradients_match(CubeMissingFactor.apply, np.array([1.0, 2.0]))
    message = str(error.value)
    assert message.startswith(
        "the gradients of CubeMissingFactor.apply for inputs of shapes (2,) do not match"
    )
    assert "gradcheck failed for input 0" in message
    assert "analytical = 0.3333 x numerical everywhere" in message


def test_a_property_test_of_a_wrong_function_fails():
    @settings(max_examples=10, database=None, phases=[Phase.generate])  # no shrinking: faster
    @given(arrays((3,), min_value=0.5))
    def property_of_wrong_cube(x):
        assert_gradients_match(CubeMissingFactor.apply, x)

    with pytest.raises(AssertionError, match="do not match central differences"):
        property_of_wrong_cube()


@given(arrays(shapes(min_dims=2, max_dims=2, max_side=3), min_value=-1.5, max_value=0.5))
def test_arrays_are_float64_finite_and_in_range(x):
    assert x.dtype == np.float64 and x.ndim == 2 and max(x.shape) <= 3
    assert np.isfinite(x).all() and x.min() >= -1.5 and x.max() <= 0.5


@given(arrays((4,), avoid=(0.0, 1.0), margin=0.25))
def test_arrays_keep_away_from_every_avoided_point(x):
    assert np.abs(x).min() >= 0.25 and np.abs(x - 1.0).min() >= 0.25


@given(st.data())
def test_tensors_wrap_arrays(data):
    t = data.draw(tensors((2, 2)))
    assert isinstance(t, Tensor) and t.requires_grad and t.dtype == np.float64
    assert not data.draw(tensors((2,), requires_grad=False)).requires_grad


@given(mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=3))
def test_mutually_broadcastable_shapes_broadcast(drawn):
    assert len(drawn.input_shapes) == 3
    assert np.broadcast_shapes(*drawn.input_shapes) == drawn.result_shape


@given(broadcastable_arrays(3))
def test_broadcastable_arrays_broadcast(arrays_):
    assert len(arrays_) == 3
    np.broadcast_shapes(*(a.shape for a in arrays_))  # raises if they do not broadcast


def test_bad_bounds_are_named():
    with pytest.raises(ValueError, match=r"min_value 2.0 is above max_value 1.0"):
        arrays(min_value=2.0, max_value=1.0)


def test_without_hypothesis_the_import_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "autograd.testing")
    with pytest.raises(ImportError, match="pip install hypothesis"):
        importlib.import_module("autograd.testing")
