"""The hints `gradcheck` gives with a failure: what a wrong backward most likely got wrong."""

import re

import numpy as np
import pytest

from autograd import (
    Function,
    GradcheckError,
    Tensor,
    gradcheck,
)
from demos import exercises

from .examples import DroppingMul
from .square_function import square_with_backward

# ------------------------------------------------------------------ gradcheck diagnoses


@pytest.mark.parametrize(
    "backward, hint",
    [
        (lambda ctx, g: -2 * ctx.saved[0] * g, "a sign is flipped"),
        (lambda ctx, g: ctx.saved[0] * g, r"0\.5 x numerical everywhere: a constant factor"),
        (lambda ctx, g: 0 * g, "all zeros"),
        (lambda ctx, g: g * np.nan, "contains NaN"),
        (lambda ctx, g: 2 * ctx.saved[0], "whatever gradient comes in: multiply by"),
        (lambda ctx, g: g.sum(axis=1), "element by element and keeps that shape"),
    ],
    ids=["sign flipped", "missing factor 2", "zero gradient", "nan", "grad ignored", "summed"],
)
def test_a_wrong_backward_fails_with_a_hint(backward, hint):
    x = Tensor([[0.5, -1.0], [2.0, 1.5]], requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(square_with_backward(backward).apply, x)
    assert re.search(hint, caught.value.hint)
    assert "Hint: " in str(caught.value)


def test_a_transposed_gradient_is_recognised():
    a = np.array([[1.0, 2.0], [-3.0, 0.5]])

    class TransposedMatMul(Function):
        @staticmethod
        def forward(ctx, w):
            return w @ a

        @staticmethod
        def backward(ctx, grad_out):
            return (grad_out @ a.T).T

    w = Tensor([[0.1, 0.2], [0.3, -0.4]], requires_grad=True)
    with pytest.raises(GradcheckError, match="transposed"):
        gradcheck(TransposedMatMul.apply, w)


def test_a_tensor_passed_twice_whose_gradient_covers_one_use_only():
    x = Tensor([0.5, -1.0, 2.0], requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(DroppingMul.apply, x, x)
    assert "passed 2 times" in caught.value.hint and "+=" in caught.value.hint
    # The numbers are d out[i] / d x[i] of a * a: 2 x by central differences, x from backward.
    i = caught.value.index
    assert caught.value.output_index == i
    np.testing.assert_allclose(caught.value.numerical[i], 2 * x.data[i], rtol=1e-6)
    np.testing.assert_allclose(caught.value.analytical[i], x.data[i], rtol=1e-6)


# ------------------------------------------------------------------ hints where the mistake is


def test_a_tensor_used_twice_inside_fn_gets_the_accumulation_hint():
    x = Tensor([0.5, -1.0, 2.0], requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda a: DroppingMul.apply(a, a), x)
    hint = caught.value.hint
    assert "inside fn, DroppingMul" in hint and "passed 2 times" in hint and "+=" in hint
    assert "x numerical" not in hint  # not mistaken for a constant factor


class SwappedMatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad_out):
        a, b = ctx.saved
        return a.T @ grad_out, grad_out @ b.T  # each input's gradient in the other's place


@pytest.mark.parametrize("shapes", [((3, 4), (4, 2)), ((3, 3), (3, 3))], ids=["shapes", "square"])
def test_swapped_gradients_are_named(shapes):
    rng = np.random.default_rng(0)
    a, b = (Tensor(rng.standard_normal(s), requires_grad=True) for s in shapes)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(SwappedMatMul.apply, a, b)
    assert "swapped" in caught.value.hint


def _exercise_with(exercise, backward):
    return type(exercise.__name__, (exercise,), {"backward": staticmethod(backward)})


def _hint(exercise, backward):
    inputs = exercise.example_inputs(np.random.default_rng(0))
    with pytest.raises(GradcheckError) as caught:
        gradcheck(_exercise_with(exercise, backward).apply, *inputs)
    return caught.value


def test_max_with_ties_not_split_gets_the_ties_hint():
    def whole_gradient_to_each_maximum(ctx, grad):
        x, y = ctx.saved
        return grad[..., None] * (x == y[..., None])

    error = _hint(exercises.Max, whole_gradient_to_each_maximum)
    assert "kink" in error.hint and "tied" in error.hint and "shares the gradient" in error.hint
    assert (error.analytical[error.index], error.numerical[error.index]) == pytest.approx((1, 0.5))


def test_a_softmax_backward_with_only_the_diagonal_gets_the_diagonal_hint():
    def diagonal_only(ctx, grad):
        (y,) = ctx.saved
        return grad * y * (1 - y)

    error = _hint(exercises.Softmax, diagonal_only)
    assert "diagonal of the Jacobian" in error.hint
    assert error.output_index[0] == error.index[0] and error.output_index != error.index
    assert error.analytical[error.index] == 0  # an off-diagonal entry the backward dropped


def test_tanh_written_with_1_minus_y_gets_the_numbers_at_one_element():
    def one_minus_y(ctx, grad):
        (y,) = ctx.saved
        return grad * (1 - y)

    error = _hint(exercises.Tanh, one_minus_y)
    (x,) = exercises.Tanh.example_inputs(np.random.default_rng(0))
    y = np.tanh(x[error.index])
    assert f"where the input is {x[error.index]:.6g} and the output {y:.6g}" in error.hint
    assert f"the derivative is {1 - y**2:.6g} but your backward implies {1 - y:.6g}" in error.hint
    assert "1 - y" not in error.hint  # the hint guides; the formula is the learner's to find


def test_an_elementwise_backward_that_sums_is_not_told_to_spread_the_gradient():
    def summed(ctx, grad):
        (y,) = ctx.saved
        return (grad * (1 - y**2)).sum()

    error = _hint(exercises.Tanh, summed)
    assert "keeps that shape" in error.hint and "spread" not in error.hint
    assert str(error).count("Hint:") == 1
    assert str(error).count("keeps that shape") == 1  # the shape hint is printed once


def test_an_unspread_reduction_gradient_is_told_to_spread_it():
    error = _hint(exercises.SumAxis, lambda ctx, grad: grad)
    assert "shape of the reduced output (3,)" in error.hint and "spread" in error.hint
    assert "np." not in error.hint  # the way to spread it is the exercise, not the hint


@pytest.mark.parametrize("shape", [(2, 3, 4, 4), (2, 3, 4, 5)], ids=["square", "not square"])
def test_a_gradient_with_its_last_two_axes_swapped_is_called_transposed(shape):
    def swapped_last_axes(ctx, g):
        return np.swapaxes(2 * ctx.saved[0] * g, -1, -2)

    x = Tensor(np.random.default_rng(0).standard_normal(shape), requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(square_with_backward(swapped_last_axes).apply, x)
    assert "transpose" in caught.value.hint
