"""In-place operators change the tensor itself, are refused on parameters with grad
enabled, and are recorded like PyTorch's on other tensors: never a wrong gradient."""

import doctest
import operator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import autograd
from autograd import Function, Tensor, grad, no_grad, numerical_grad

# (in-place operator, the same with NumPy on a copy)
IN_PLACE = {
    "+=": (operator.iadd, np.add),
    "-=": (operator.isub, np.subtract),
    "*=": (operator.imul, np.multiply),
    "/=": (operator.itruediv, np.true_divide),
    "**=": (operator.ipow, np.power),
}

values = arrays(np.float64, 4, elements=st.floats(0.5, 2.0))


@pytest.mark.parametrize("symbol", IN_PLACE)
@given(a=values, b=values)
def test_an_in_place_operator_changes_the_same_tensor_as_numpy_does(symbol, a, b):
    change, numpy_op = IN_PLACE[symbol]
    t = Tensor(a)
    memory = t.data
    result = change(t, Tensor(b))
    assert result is t and t.data is memory  # the same object and the same memory
    np.testing.assert_array_equal(t.data, numpy_op(a, b))
    assert t._version == 1


def test_matmul_in_place_and_zero_():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    t = Tensor(a)
    t @= b
    np.testing.assert_allclose(t.data, a @ b)
    assert t.zero_() is t and not t.data.any() and t._version == 2


@pytest.mark.parametrize("symbol", IN_PLACE)
def test_in_place_on_a_leaf_that_requires_grad_is_refused_with_grad_enabled(symbol):
    change, _ = IN_PLACE[symbol]
    w = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"leaf that requires grad.*no_grad\(\)"):
        change(w, 2.0)
    np.testing.assert_array_equal(w.data, [1.0, 2.0])
    assert w._version == 0
    with no_grad():
        change(w, 2.0)
    assert w._version == 1 and w.requires_grad and w.is_leaf


def test_zero_and_item_assignment_on_a_parameter_need_no_grad():
    w = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="no_grad"):
        w.zero_()
    with pytest.raises(RuntimeError, match="no_grad"):
        w[0] = 5.0
    with no_grad():
        w[0] = 5.0
        np.testing.assert_array_equal(w.data, [5.0, 2.0, 3.0])
        w.zero_()
    assert not w.data.any() and w._version == 2


def test_a_plain_tensor_takes_item_assignment_and_keeps_its_dtype():
    t = Tensor([1.0, 2.0, 3.0])
    t[1:] = np.array([7.0, 8.0])  # float64 values into a float32 tensor
    t[Tensor(np.array([True, False, False]))] = 0.0
    np.testing.assert_array_equal(t.data, [0.0, 7.0, 8.0])
    assert t.dtype == np.float32 and t._version == 2


def test_a_value_that_requires_grad_cannot_be_assigned_into_a_plain_tensor():
    t, w = Tensor([1.0, 2.0]), Tensor([5.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="not recorded"):
        t[0] = w


def test_shape_and_dtype_errors_name_the_operator_and_the_shapes():
    t = Tensor(np.ones(3))
    with pytest.raises(ValueError, match=r"\+=.*shape \(3,\).*\(2, 3\)"):
        t += np.ones((2, 3))
    labels = Tensor(np.array([1, 2, 3]))
    with pytest.raises(TypeError, match=r"/=.*int64"):
        labels /= 2
    np.testing.assert_array_equal(labels.data, [1, 2, 3])


# The in-place and the out-of-place version of one computation on a tensor made
# inside the graph: recorded in place, the gradient is the same.
def _in_place(x, symbol):
    y = x * 2.0  # mul saves x, not its output
    y = IN_PLACE[symbol][0](y, x * 3.0)
    return (y * y).sum()


def _out_of_place(x, symbol):
    y = x * 2.0
    y = {"+=": y + x * 3.0, "-=": y - x * 3.0, "*=": y * (x * 3.0), "/=": y / (x * 3.0)}.get(
        symbol, y ** (x * 3.0)
    )
    return (y * y).sum()


@pytest.mark.parametrize("symbol", IN_PLACE)
@given(a=arrays(np.float64, 4, elements=st.floats(0.5, 1.2)))  # y ** (3x) stays moderate
def test_in_place_on_an_intermediate_tensor_is_recorded(symbol, a):
    x = Tensor(a, requires_grad=True)
    (ours,) = grad(_in_place(x, symbol), x)
    (expected,) = grad(_out_of_place(x, symbol), x)
    np.testing.assert_allclose(ours.data, expected.data, rtol=1e-10)
    (numerical,) = numerical_grad(lambda t: _out_of_place(t, symbol), Tensor(a))
    np.testing.assert_allclose(ours.data, numerical, rtol=1e-5, atol=1e-6)


def test_the_changed_tensor_becomes_the_output_of_the_in_place_operation():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 2.0
    before = y._ctx
    y += 1.0
    assert y._ctx is not before and y._ctx.function.name == "add"
    np.testing.assert_array_equal(y.data, [3.0, 5.0])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_an_intermediate_tensor_changed_by_itself_in_place():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 3.0
    y *= y  # y = (3x)^2
    y += y  # y = 2 (3x)^2
    y.sum().backward()
    np.testing.assert_allclose(y.data, 18 * x.data**2)
    np.testing.assert_allclose(x.grad, 36 * x.data)


def test_adding_a_tensor_that_requires_grad_into_a_plain_one_records_it():
    w = Tensor([1.0, 2.0], requires_grad=True)
    total = Tensor(np.zeros(2, np.float32))
    total += w * w
    assert total.requires_grad
    total.sum().backward()
    np.testing.assert_array_equal(w.grad, [2.0, 4.0])


def test_an_operation_that_used_the_old_value_goes_back_through_the_old_value():
    # add saves nothing, and its input was changed in place after add used it:
    # following the tensor to its new operation would scale the gradient by 2.
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 1.0
    z = y + 3.0
    y *= 2.0
    z.sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 1.0])


def test_a_tensor_updated_from_itself_in_place():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 3.0
    y += y + 1.0  # y + 1.0 used the old y: y = 2 * (3x) + 1
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [6.0, 6.0])
    z = x * 3.0
    z += z * 2.0  # mul saved the old z, whose memory now holds the new one
    with pytest.raises(RuntimeError, match=r"mul: .*modified by an in-place operation"):
        z.sum().backward()


def test_changing_a_saved_output_in_place_is_an_error_at_backward():
    x = Tensor([0.5, 1.0], requires_grad=True)
    y = x.exp()  # exp saves its output for backward
    y += 1.0
    with pytest.raises(RuntimeError, match=r"exp: .*shape \(2,\).*modified by an in-place"):
        y.sum().backward()


def test_under_no_grad_an_intermediate_tensor_is_written_and_its_graph_notices():
    x = Tensor([0.5, 1.0], requires_grad=True)
    y = x.exp()
    with no_grad():
        y -= 1.0
    np.testing.assert_allclose(y.data, np.exp([0.5, 1.0]) - 1, rtol=1e-6)
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        y.sum().backward()


# ------------------------------------------------- Function.forward and options
class _Returns(Function):
    @staticmethod
    def forward(ctx, x, what):
        return {"none": None, "tensor": Tensor(x), "list": [x, x], "number": 3.0}[what]

    @staticmethod
    def backward(ctx, grad):
        return grad * 0


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("none", r"_Returns\.forward returned None \(is a `return` missing\?\)"),
        ("tensor", r"_Returns\.forward returned a Tensor.*return its \.data"),
        ("list", r"_Returns\.forward returned a list"),
    ],
)
def test_forward_must_return_an_array_or_a_number(what, message):
    with pytest.raises(TypeError, match=message):
        _Returns.apply(Tensor([1.0], requires_grad=True), what=what)


def test_forward_may_return_a_number():
    out = _Returns.apply(Tensor([1.0], requires_grad=True), what="number")
    assert out.data.shape == () and out.item() == 3.0


def test_ctx_options_keeps_the_keyword_options_of_the_operation():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    assert x.sum(axis=0)._ctx.options == {"axis": 0, "keepdims": False}
    assert (x * 2)._ctx.options == {}
    assert (x * 2)._ctx.options is (x + 1)._ctx.options  # one shared empty dict


# ----------------------------------------------------------- default dtype
@pytest.mark.parametrize("wrong", [None, "no such dtype", np.int32])
def test_set_default_dtype_refuses_what_is_not_a_floating_dtype(wrong):
    with pytest.raises(TypeError, match="set_default_dtype"):
        autograd.set_default_dtype(wrong)
    assert autograd.get_default_dtype() == np.float32


def test_the_examples_in_the_docstrings_run():
    for module in (autograd.inplace, autograd.version):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0
