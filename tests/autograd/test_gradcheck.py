"""`numerical_grad`, `gradcheck` and `gradgradcheck`: right answers, and diagnoses of wrong ones."""

import re

import numpy as np
import pytest

from autograd import Function, GradcheckError, Tensor, gradcheck, gradgradcheck, numerical_grad


class Square(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return 2 * x * grad_out


# ------------------------------------------------------------------ numerical_grad


def test_numerical_grad_of_closed_forms_in_float64():
    x = Tensor([0.5, -2.0], dtype=np.float32)
    y = Tensor([[1.0, 3.0]], dtype=np.float32)
    gx, gy = numerical_grad(lambda x, y: (x**2 * y).sum(), x, y)
    assert gx.dtype == gy.dtype == np.float64
    np.testing.assert_allclose(gx, 2 * np.float64([0.5, -2.0]) * [1.0, 3.0], rtol=1e-7)
    np.testing.assert_allclose(gy, [[0.25, 4.0]], rtol=1e-7)


def test_numerical_grad_leaves_its_inputs_unchanged_and_skips_integer_inputs():
    x = Tensor([1.0, 2.0, 3.0])
    labels = Tensor(np.array([0, 2]))
    gx, glabels = numerical_grad(lambda x, labels: x[labels].sum(), x, labels)
    np.testing.assert_allclose(gx, [1.0, 0.0, 1.0])
    assert glabels is None
    np.testing.assert_array_equal(x.data, [1.0, 2.0, 3.0])


def test_gradcheck_skips_integer_inputs():
    labels = Tensor(np.array([2, 0, 2]))
    assert gradcheck(lambda x, labels: x[labels].exp().sum(), Tensor([0.1, 0.2, 0.3]), labels)


def test_numerical_grad_needs_a_scalar_function():
    with pytest.raises(ValueError, match=r"numerical_grad: .*single number.*\(2,\)"):
        numerical_grad(lambda x: x * 2.0, Tensor([1.0, 2.0]))


# ------------------------------------------------------------------ gradcheck passes


@pytest.mark.parametrize(
    "fn",
    [
        lambda x, w: (x @ w).tanh().sum(),  # a scalar output
        lambda x, w: (x @ w).sigmoid(),  # a matrix output, checked by a projection
        lambda x, w: x.log_softmax(axis=0)[:, 1:] * w[0],
    ],
    ids=["scalar output", "matrix output", "slices and broadcasting"],
)
def test_gradcheck_passes_for_correct_operations(fn):
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((3, 2)), requires_grad=True)
    w = Tensor(rng.standard_normal((2, 2)), requires_grad=True)
    assert gradcheck(fn, x, w) is True


def test_gradcheck_checks_in_float64_even_for_float32_inputs():
    seen = []

    def fn(x):
        seen.append(x.dtype)
        return (x * 1000.0).exp().sum()  # hopeless with float32 central differences

    assert gradcheck(fn, Tensor([0.001, 0.002], requires_grad=True))
    assert set(seen) == {np.dtype(np.float64)}


def test_gradcheck_checks_only_the_inputs_that_require_grad():
    class WrongForConstant(Square):
        @staticmethod
        def forward(ctx, x, c):
            ctx.save_for_backward(x)
            return x * x + c

        @staticmethod
        def backward(ctx, grad_out):
            (x,) = ctx.saved
            return 2 * x * grad_out, 0 * grad_out  # wrong for c, which is not checked

    x, c = Tensor([1.0, 2.0], requires_grad=True), Tensor([3.0, 4.0])
    assert gradcheck(WrongForConstant.apply, x, c)


# ------------------------------------------------------------------ gradcheck diagnoses


def _square_with_backward(backward):
    return type("WrongSquare", (Square,), {"backward": staticmethod(backward)})


@pytest.mark.parametrize(
    "backward, hint",
    [
        (lambda ctx, g: -2 * ctx.saved[0] * g, "a sign is flipped"),
        (lambda ctx, g: ctx.saved[0] * g, r"0\.5 x numerical everywhere: a constant factor"),
        (lambda ctx, g: 0 * g, "all zeros"),
        (lambda ctx, g: g * np.nan, "contains NaN"),
        (lambda ctx, g: 2 * ctx.saved[0], "whatever gradient comes in: multiply by"),
        (lambda ctx, g: g.sum(axis=1), "shape of a reduced output: spread it back"),
    ],
    ids=["sign flipped", "missing factor 2", "zero gradient", "nan", "grad ignored", "reduced"],
)
def test_a_wrong_backward_fails_with_a_hint(backward, hint):
    x = Tensor([[0.5, -1.0], [2.0, 1.5]], requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(_square_with_backward(backward).apply, x)
    assert re.search(hint, caught.value.hint)
    assert "Hint: " in str(caught.value)


def test_the_failure_message_names_input_worst_element_values_and_errors():
    def slightly_wrong(ctx, g):
        (x,) = ctx.saved
        return (2 * x + np.array([0.0, 0.0, 1.0, 0.0])) * g  # wrong at index 2 only

    x = Tensor([1.0, 2.0, 5.0, -1.0], requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda c, x: c + _square_with_backward(slightly_wrong).apply(x), Tensor(0.0), x)
    error = caught.value
    assert error.input_index == 1 and error.index == (2,)
    a, n = float(error.analytical[2]), float(error.numerical[2])
    np.testing.assert_allclose(a / n, (2 * 5.0 + 1) / (2 * 5.0))
    np.testing.assert_allclose(np.delete(error.analytical - error.numerical, 2), 0, atol=1e-6)
    message = str(error)
    assert "input 1" in message and "index (2,)" in message
    assert f"analytical {a:.6g}" in message and f"numerical {n:.6g}" in message
    assert f"absolute error {abs(a - n):.3g}" in message
    assert f"relative error {abs(a - n) / abs(n):.3g}" in message


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
    class ForgetsSecondInput(Function):
        @staticmethod
        def forward(ctx, a, b):
            ctx.save_for_backward(a, b)
            return a * b

        @staticmethod
        def backward(ctx, grad_out):
            _, b = ctx.saved
            return grad_out * b, None  # = where += was meant: b's share is lost

    x = Tensor([0.5, -1.0, 2.0], requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(ForgetsSecondInput.apply, x, x)
    assert "passed 2 times" in caught.value.hint and "+=" in caught.value.hint


def test_raise_exception_false_returns_false():
    x = Tensor([1.0, 2.0], requires_grad=True)
    wrong = _square_with_backward(lambda ctx, g: -g)
    assert gradcheck(wrong.apply, x, raise_exception=False) is False
    assert gradcheck(Square.apply, x, raise_exception=False) is True


def test_gradcheck_explains_a_function_that_returns_no_tensor():
    with pytest.raises(GradcheckError, match="must return a Tensor"):
        gradcheck(lambda x: 3.0, Tensor([1.0], requires_grad=True))


# ------------------------------------------------------------------ gradgradcheck


def test_gradgradcheck_passes_for_correct_second_derivatives():
    rng = np.random.default_rng(1)
    x = Tensor(rng.standard_normal((2, 3)), requires_grad=True)
    w = Tensor(rng.standard_normal((3, 2)), requires_grad=True)
    assert gradgradcheck(lambda x, w: (x @ w).tanh().logsumexp(axis=1), x, w)
    assert gradgradcheck(lambda x: (x * x).mean(axis=0).sqrt(), x)


def test_gradgradcheck_catches_a_backward_that_is_not_differentiable():
    class FrozenCube(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.square = x * x  # a plain attribute: a constant under create_graph
            return x**3

        @staticmethod
        def backward(ctx, grad_out):
            return 3 * ctx.square * grad_out

    x = Tensor([0.5, -1.5], requires_grad=True)
    assert gradcheck(FrozenCube.apply, x)
    with pytest.raises(GradcheckError):
        gradgradcheck(FrozenCube.apply, x)
