"""Gradients where a derivative is infinite or NaN is involved, as PyTorch defines them,
and reductions refusing an axis that is not an integer.

Each gradient is checked against its closed form evaluated by NumPy at the
singular point and, where torch is installed, against PyTorch itself.
"""

import warnings

import numpy as np
import pytest

import autograd
from autograd import Tensor

NAN = float("nan")


def grads(function, *arrays):
    """The value and the gradients of sum(function(*tensors)) at `arrays` (float64)."""
    tensors = [Tensor(np.array(a, dtype=np.float64), requires_grad=True) for a in arrays]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # log(0), 0 ** -1: expected here
        out = function(*tensors)
        out.sum().backward()
    return out.data, [t.grad for t in tensors]


def torch_grads(function, *arrays):
    torch = pytest.importorskip("torch", reason="install with: pip install torch==2.13.0")
    tensors = [torch.tensor(np.array(a, dtype=np.float64), requires_grad=True) for a in arrays]
    out = function(*tensors)
    out.sum().backward()
    return out.detach().numpy(), [t.grad.numpy() for t in tensors]


BASES = [0.0, 0.0, 0.0, 0.0, 2.0]
EXPONENTS = [-1.0, -0.5, 0.0, 2.0, -1.0]


def test_zero_to_a_negative_power_has_gradient_minus_infinity():
    _, (base_grad, exponent_grad) = grads(lambda b, e: b**e, BASES, EXPONENTS)
    b, e = np.array(BASES), np.array(EXPONENTS)
    with np.errstate(divide="ignore", invalid="ignore"):
        # The closed forms, e b^(e-1) and b^e log b, whose limit at b = 0 is 0 for e >= 0.
        expected_base = np.where((b == 0) & (e >= 0), e * (e == 1), e * b ** (e - 1))
        expected_exponent = np.where((b == 0) & (e >= 0), 0.0, b**e * np.log(b))
    np.testing.assert_array_equal(base_grad, expected_base)
    np.testing.assert_array_equal(exponent_grad, expected_exponent)
    assert base_grad[0] == exponent_grad[0] == -np.inf


def test_zero_to_a_negative_power_matches_pytorch():
    ours = grads(lambda b, e: b**e, BASES, EXPONENTS)
    theirs = torch_grads(lambda b, e: b**e, BASES, EXPONENTS)
    for a, b in zip([ours[0], *ours[1]], [theirs[0], *theirs[1]]):
        np.testing.assert_allclose(a, b, rtol=1e-15)


def test_a_scalar_negative_power_of_zero_too():
    _, (base_grad,) = grads(lambda b: b**-2.0, [0.0, 1.0])
    np.testing.assert_array_equal(base_grad, [-np.inf, -2.0])


RELU_INPUT = [NAN, -1.0, 0.0, 2.0]


def test_relu_passes_nan_and_its_gradient():
    value, (grad,) = grads(lambda x: x.relu(), RELU_INPUT)
    np.testing.assert_array_equal(value, [NAN, 0.0, 0.0, 2.0])
    # PyTorch's relu backward passes the gradient wherever the input is not <= 0.
    np.testing.assert_array_equal(grad, np.logical_not(np.array(RELU_INPUT) <= 0))


def test_relu_at_nan_matches_pytorch():
    torch = pytest.importorskip("torch", reason="install with: pip install torch==2.13.0")
    ours = grads(lambda x: x.relu(), RELU_INPUT)
    theirs = torch_grads(torch.relu, RELU_INPUT)
    np.testing.assert_array_equal(ours[1][0], theirs[1][0])


MAX_CASES = [[1.0, NAN, 3.0], [NAN, NAN, 1.0], [3.0, 3.0, NAN], [3.0, 3.0, 1.0], [-np.inf, NAN]]


@pytest.mark.parametrize("values", MAX_CASES)
def test_max_over_a_nan_gives_the_gradient_to_the_nans(values):
    value, (grad,) = grads(lambda x: x.max(), values)
    x = np.array(values)
    chosen = np.isnan(x) if np.isnan(x).any() else x == x.max()
    assert np.isnan(value) == np.isnan(x).any()
    np.testing.assert_array_equal(grad, chosen / chosen.sum())


@pytest.mark.parametrize("values", MAX_CASES)
def test_max_over_a_nan_matches_pytorch(values):
    ours = grads(lambda x: x.max(), values)
    theirs = torch_grads(lambda x: x.max(), values)
    np.testing.assert_array_equal(ours[1][0], theirs[1][0])
    np.testing.assert_array_equal(ours[0], theirs[0])


def test_max_and_min_along_an_axis_with_a_nan():
    values = [[1.0, NAN, 2.0], [4.0, 5.0, 6.0]]
    for reduce in (lambda x: x.max(axis=1), lambda x: x.min(axis=1)):
        value, (grad,) = grads(reduce, values)
        assert np.isnan(value[0]) and not np.isnan(value[1])
        np.testing.assert_array_equal(grad[0], [0.0, 1.0, 0.0])
        assert grad[1].sum() == 1.0


def test_elementwise_maximum_and_minimum_give_a_nan_the_gradient():
    a, b = [NAN, 1.0, NAN, 3.0], [0.0, 2.0, NAN, 3.0]
    for pick in (autograd.maximum, autograd.minimum):
        _, (grad_a, grad_b) = grads(pick, a, b)
        np.testing.assert_array_equal(grad_a + grad_b, 1.0)  # the gradient is never lost
        np.testing.assert_array_equal(grad_a[[0, 2]], 1.0)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda x: x.sum(axis=1.5), "sum"),
        (lambda x: x.mean(axis=(0, 1.5)), "mean"),
        (lambda x: x.max(axis=0.0), "max"),
        (lambda x: x.min(axis=True), "min"),
        (lambda x: x.var(axis=1.5), "var"),
        (lambda x: x.logsumexp(axis=1.5), "logsumexp"),
        (lambda x: x.softmax(axis=1.5), "softmax"),
        (lambda x: x.log_softmax(axis=-0.5), "log_softmax"),
    ],
)
def test_a_non_integer_axis_is_an_error_naming_the_operation(call, name):
    with pytest.raises(TypeError, match=rf"^{name}: .*axis must be an integer.*got"):
        call(Tensor(np.ones((2, 3))))


def test_integer_axes_of_any_integer_type_still_work():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(x.sum(axis=np.int64(1)).data, [3.0, 12.0])
    np.testing.assert_array_equal(x.max(axis=(np.int32(0), -1)).data, 5.0)
