"""Custom operations: `autograd.Function`, its `Context`, and the errors a learner meets."""

from typing import ClassVar

import numpy as np
import pytest

from autograd import Function, GradcheckError, GradientShapeError, Tensor, grad, gradcheck

from .examples import Cube


def _leaf(values):
    return Tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


def test_the_contracts_cube_example():
    x = _leaf([-1.5, 0.5, 2.0])
    y = Cube.apply(x)
    assert isinstance(y, Tensor) and y.requires_grad
    assert y._ctx.function is Cube and y._ctx.function.name == "Cube"
    np.testing.assert_array_equal(y.data, x.data**3)
    y.backward(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(x.grad, 3 * x.data**2 * [1.0, 2.0, 3.0])
    assert gradcheck(Cube.apply, x)


def test_a_custom_function_differentiates_twice_when_its_backward_uses_operators():
    x = _leaf([-1.5, 0.5, 2.0])
    (dy,) = grad(Cube.apply(x).sum(), x, create_graph=True)
    (d2y,) = grad(dy.sum(), x)
    np.testing.assert_allclose(d2y.data, 6 * x.data)


class SavedOutputExp(Function):
    """exp that saves its output: under create_graph the output becomes this op's result."""

    @staticmethod
    def forward(ctx, x):
        out = np.exp(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_out):
        (out,) = ctx.saved
        return grad_out * out


def test_a_saved_output_is_differentiated_through_under_create_graph():
    x = _leaf([0.3, -1.2])
    (dy,) = grad(SavedOutputExp.apply(x).sum(), x, create_graph=True)
    (d2y,) = grad(dy.sum(), x)
    np.testing.assert_allclose(d2y.data, np.exp(x.data))


class RecordsNeeds(Function):
    """a * b, remembering which gradients the engine asked for."""

    seen: ClassVar[list] = []

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad_out):
        RecordsNeeds.seen.append(ctx.needs_input_grad)
        a, b = ctx.saved
        need_a, need_b = ctx.needs_input_grad
        return (grad_out * b if need_a else None), (grad_out * a if need_b else None)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (_leaf(2.0), _leaf(3.0), (True, True)),
        (_leaf(2.0), Tensor(3.0), (True, False)),
        (Tensor(2.0), _leaf(3.0), (False, True)),
        (_leaf(2.0), 3.0, (True, False)),
        (np.array(2.0), _leaf(3.0), (False, True)),
    ],
    ids=["both", "b constant tensor", "a constant tensor", "b number", "a ndarray"],
)
def test_needs_input_grad_says_which_inputs_require_grad(a, b, expected):
    RecordsNeeds.seen.clear()
    RecordsNeeds.apply(a, b).backward()
    assert RecordsNeeds.seen == [expected]
    for x, needed in zip((a, b), expected):
        if needed:
            assert x.grad is not None


def test_options_reach_forward_and_are_not_differentiated():
    class Scale(Function):
        @staticmethod
        def forward(ctx, x, factor):
            ctx.factor = factor
            return x * factor

        @staticmethod
        def backward(ctx, grad_out):
            return grad_out * ctx.factor

    x = _leaf([1.0, 2.0])
    y = Scale.apply(x, factor=3.0)
    assert y._ctx.inputs == (x,)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_apply_on_plain_arrays_and_numbers_returns_arrays():
    out = Cube.apply(np.array([1.0, 2.0]))
    assert type(out) is np.ndarray
    np.testing.assert_array_equal(out, [1.0, 8.0])
    assert type(Cube.apply(2.0)) is np.ndarray  # a NumPy scalar result becomes an array


def test_apply_on_tensors_that_need_no_grad_records_nothing():
    y = Cube.apply(Tensor([2.0]))
    assert isinstance(y, Tensor) and not y.requires_grad and y._ctx is None


def test_a_backward_may_return_a_list_and_none_for_inputs_needing_nothing():
    class AddFirst(Function):
        @staticmethod
        def forward(ctx, a, b, c):
            return a + b + c

        @staticmethod
        def backward(ctx, grad_out):
            return [grad_out, None, grad_out]

    a, c = _leaf([1.0]), _leaf([2.0])
    AddFirst.apply(a, Tensor([5.0]), c).sum().backward()
    np.testing.assert_array_equal(a.grad, [1.0])
    np.testing.assert_array_equal(c.grad, [1.0])


def test_a_broadcasting_function_has_its_gradients_summed_back():
    class BroadcastAdd(Function):
        broadcasting = True

        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, grad_out):
            return grad_out, grad_out

    a, b = _leaf(np.zeros((2, 3))), _leaf(np.zeros(3))
    BroadcastAdd.apply(a, b).sum().backward()
    np.testing.assert_array_equal(b.grad, [2.0, 2.0, 2.0])


# ------------------------------------------------------------------ mistakes


class TooFewGradients(Function):
    @staticmethod
    def forward(ctx, a, b):
        return a * b

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out


def test_a_backward_returning_the_wrong_number_of_gradients_is_a_clear_error():
    with pytest.raises(TypeError, match=r"TooFewGradients.backward returned 1 .* took 2 input"):
        TooFewGradients.apply(_leaf([1.0]), _leaf([2.0])).sum().backward()


class ForgetsToSum(Function):
    """a + b with b broadcast, whose backward forgets to sum b's gradient back."""

    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out, grad_out


def test_a_gradient_of_the_wrong_shape_names_the_function_the_input_and_both_shapes():
    a, b = _leaf(np.zeros((4, 3))), _leaf(np.zeros(3))
    with pytest.raises(GradientShapeError) as caught:
        ForgetsToSum.apply(a, b).sum().backward()
    message = str(caught.value)
    assert "ForgetsToSum" in message and "input 1" in message
    assert "(4, 3)" in message and "(3,)" in message
    assert "grad.sum(axis=(0,)" in message
    assert isinstance(caught.value, ValueError)


def test_under_gradcheck_a_wrong_shape_hints_at_summing_over_the_broadcast_axes():
    a, b = _leaf(np.zeros((4, 3))), _leaf(np.zeros((4, 1)))
    with pytest.raises(GradcheckError) as caught:
        gradcheck(ForgetsToSum.apply, a, b)
    assert caught.value.input_index == 1
    assert "sum" in caught.value.hint and "broadcast axes (1,)" in caught.value.hint
    assert "ForgetsToSum" in str(caught.value)


def test_under_gradcheck_a_transposed_shape_hints_at_transposing():
    class TransposedGradient(Function):
        @staticmethod
        def forward(ctx, w):
            return w * 2.0

        @staticmethod
        def backward(ctx, grad_out):
            return 2.0 * grad_out.T

    with pytest.raises(GradcheckError, match="transposed"):
        gradcheck(TransposedGradient.apply, _leaf(np.ones((2, 3))))


def test_a_forward_error_is_prefixed_with_the_function_name_and_input_shapes():
    class Outer(Function):
        @staticmethod
        def forward(ctx, a, b):
            return np.outer(a, b).reshape(5)

        @staticmethod
        def backward(ctx, grad_out):
            raise AssertionError("never reached")

    with pytest.raises(ValueError, match=r"^Outer: inputs \(2,\) and \(3,\): "):
        Outer.apply(_leaf([1.0, 2.0]), _leaf([1.0, 2.0, 3.0]))


def test_the_base_class_says_what_to_write():
    class Empty(Function):
        pass

    with pytest.raises(NotImplementedError, match="forward"):
        Empty.apply(_leaf([1.0]))
