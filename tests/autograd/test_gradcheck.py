"""`numerical_grad`, `gradcheck` and `gradgradcheck`: right answers, and the true numbers a
failure reports. The hints a failure gives are tested in test_gradcheck_hints.py."""

import doctest
import importlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import (
    Function,
    GradcheckError,
    Tensor,
    gradcheck,
    gradgradcheck,
    no_grad,
    numerical_grad,
)

from .examples import Cube
from .square_function import Square, square_with_backward

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


def test_raise_exception_false_returns_false():
    x = Tensor([1.0, 2.0], requires_grad=True)
    wrong = square_with_backward(lambda ctx, g: -g)
    assert gradcheck(wrong.apply, x, raise_exception=False) is False
    assert gradcheck(Square.apply, x, raise_exception=False) is True


def test_gradcheck_explains_a_function_that_returns_no_tensor():
    with pytest.raises(GradcheckError, match="must return a Tensor"):
        gradcheck(lambda x: 3.0, Tensor([1.0], requires_grad=True))


# ------------------------------------------------------------------ what a failure reports


def test_the_failure_message_names_input_worst_element_values_and_errors():
    def slightly_wrong(ctx, g):
        (x,) = ctx.saved
        return (2 * x + np.array([0.0, 0.0, 1.0, 0.0])) * g  # wrong at index 2 only

    x = Tensor([1.0, 2.0, 5.0, -1.0], requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda c, x: c + square_with_backward(slightly_wrong).apply(x), Tensor(0.0), x)
    error = caught.value
    assert error.input_index == 1 and error.index == (2,)
    a, n = float(error.analytical[2]), float(error.numerical[2])
    np.testing.assert_allclose(a / n, (2 * 5.0 + 1) / (2 * 5.0))
    np.testing.assert_allclose(np.delete(error.analytical - error.numerical, 2), 0, atol=1e-6)
    message = str(error)
    assert "input 1" in message and "index (2,)" in message and "d out[2] / d input_1[2]" in message
    assert f"analytical {a:.6g}" in message and f"numerical {n:.6g}" in message
    assert f"absolute error {abs(a - n):.3g}" in message
    assert f"relative error {abs(a - n) / abs(n):.3g}" in message


class CubeWithTwo(Cube):
    """x ** 3 with the learner's slip 2 x**2 for its derivative."""

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return 2 * x**2 * grad_out


def test_a_one_element_output_reports_d_out_d_x_unscaled():
    x = Tensor([3.0], requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: CubeWithTwo.apply(x).sum(), x)
    error = caught.value
    assert error.output_index is None and error.index == (0,)
    np.testing.assert_allclose(error.analytical, [18.0], rtol=1e-9)  # 2 * 3**2, by hand
    np.testing.assert_allclose(error.numerical, [27.0], rtol=1e-6)  # 3 * 3**2
    assert "d out / d input_0[0]: analytical 18, numerical 27" in str(error)


def _linear_map(matrix):
    """out = matrix @ x, whose backward uses `matrix` (the same or a corrupted copy)."""

    class LinearMap(Function):
        @staticmethod
        def forward(ctx, x):
            return true_matrix @ x

        @staticmethod
        def backward(ctx, grad_out):
            return matrix.T @ grad_out

    true_matrix = matrix.copy()
    return LinearMap, true_matrix


@given(
    rows=st.sampled_from([1, 2, 7, 60]),
    columns=st.integers(1, 6),
    seed=st.integers(0, 2**16),
    error=st.floats(0.1, 5.0) | st.floats(-5.0, -0.1),
)
def test_a_larger_output_reports_the_wrong_jacobian_entry_with_both_indices(
    rows, columns, seed, error
):
    rng = np.random.default_rng(seed)
    matrix = rng.standard_normal((rows, columns))
    j, i = int(rng.integers(rows)), int(rng.integers(columns))
    operation, true_matrix = _linear_map(matrix)
    matrix[j, i] += error  # backward now disagrees with forward in this one entry
    x = Tensor(rng.standard_normal(columns), requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(operation.apply, x)
    found = caught.value
    expected_output = None if rows == 1 else (j,)
    assert (found.output_index, found.index) == (expected_output, (i,))
    # Reported rows are d out[j] / d x from backward and from central differences.
    np.testing.assert_allclose(found.analytical, matrix[j], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(found.numerical, true_matrix[j], rtol=1e-6, atol=1e-8)
    out = "out" if rows == 1 else f"out[{j}]"
    assert f"d {out} / d input_0[{i}]: analytical {matrix[j, i]:.6g}" in str(found)


def test_a_backward_that_ignores_its_gradient_is_caught_even_for_a_one_element_output():
    class CubeIgnoringGrad(CubeWithTwo):
        @staticmethod
        def backward(ctx, grad_out):
            (x,) = ctx.saved
            return 3 * x**2  # right only while the incoming gradient is 1

    x = Tensor([3.0, -1.0], requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: CubeIgnoringGrad.apply(x).sum(), x)
    assert "does not double" in str(caught.value)
    assert "multiply by the incoming `grad`" in caught.value.hint
    np.testing.assert_allclose(caught.value.numerical, 3 * x.data.astype(float) ** 2, rtol=1e-6)


def test_an_output_too_large_for_the_whole_jacobian_still_reports_a_true_entry():
    rng = np.random.default_rng(5)
    matrix = rng.standard_normal((3000, 3))
    operation, true_matrix = _linear_map(matrix)
    matrix[1234, 2] += 100.0
    with pytest.raises(GradcheckError) as caught:
        gradcheck(operation.apply, Tensor(rng.standard_normal(3), requires_grad=True))
    found = caught.value
    assert (found.output_index, found.index) == ((1234,), (2,))
    np.testing.assert_allclose(found.analytical, matrix[1234], rtol=1e-9)
    np.testing.assert_allclose(found.numerical, true_matrix[1234], rtol=1e-6, atol=1e-8)


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


def test_gradgradcheck_reports_a_true_second_derivative():
    class FrozenCube(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.square = x * x  # a constant under create_graph: the second derivative is lost
            return x**3

        @staticmethod
        def backward(ctx, grad_out):
            return 3 * ctx.square * grad_out

    x = Tensor([0.5, -1.5], requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradgradcheck(lambda x: FrozenCube.apply(x).sum(), x)
    error = caught.value
    j, i = error.output_index, error.index
    assert j == i  # d2 out / d x[i]**2 = 6 x[i], the only non-zero entries
    assert error.analytical[i] == 0
    np.testing.assert_allclose(error.numerical[i], 6 * x.data[i], rtol=1e-5)


# ------------------------------------------------------------------ the rest


@pytest.mark.parametrize("name", ["autograd.gradcheck", "autograd.jacobian", "autograd.hints"])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_gradcheck_works_inside_no_grad():
    with no_grad():
        assert gradcheck(lambda x: (x * x).tanh(), Tensor([0.5, -1.0], requires_grad=True))


def test_inputs_laid_out_in_fortran_order_are_perturbed_too():
    x = np.asfortranarray(np.random.default_rng(0).standard_normal((3, 4)))
    np.testing.assert_allclose(numerical_grad(lambda x: (x**2).sum(), x)[0], 2 * x, rtol=1e-6)
    assert gradcheck(lambda x: x.reshape(-1) * 2.0, Tensor(x, requires_grad=True))
    with pytest.raises(GradcheckError):
        gradcheck(square_with_backward(lambda ctx, g: -2 * ctx.saved[0] * g).apply, x)
