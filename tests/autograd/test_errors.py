"""Errors that teach: each names the operation and the shapes or values at fault.

Also the places where NumPy's own behaviour (NaN, no exception) is the right one,
and numerical stability at large magnitudes.
"""

import re

import numpy as np
import pytest

import autograd
from autograd import Function, Tensor, grad


def _tensor(*shape):
    return Tensor(np.ones(shape), requires_grad=True)


# ------------------------------------------------------------------ shapes


@pytest.mark.parametrize(
    "a, b, message",
    [
        ((3, 4), (5, 2), "matmul: (3, 4) @ (5, 2): inner dimensions 4 and 5 differ"),
        ((3,), (4,), "matmul: (3,) @ (4,): inner dimensions 3 and 4 differ"),
        ((2, 3), (4,), "matmul: (2, 3) @ (4,): inner dimensions 3 and 4 differ"),
        ((3,), (4, 2), "matmul: (3,) @ (4, 2): inner dimensions 3 and 4 differ"),
        (
            (2, 3, 4),
            (5, 4, 2),
            "matmul: (2, 3, 4) @ (5, 4, 2): batch shapes (2,) and (5,) cannot be broadcast "
            "together",
        ),
        ((), (3,), "matmul: () @ (3,): both operands need at least one axis (use * for scalars)"),
    ],
)
def test_matmul_mismatch_message(a, b, message):
    with pytest.raises(ValueError) as caught:
        _tensor(*a) @ _tensor(*b)
    assert str(caught.value) == message
    with pytest.raises(ValueError, match=re.escape(message)):
        np.ones(a) @ _tensor(*b)  # the same through NumPy's side


@pytest.mark.parametrize(
    "name, call",
    [
        ("add", lambda a, b: a + b),
        ("sub", lambda a, b: a - b),
        ("mul", lambda a, b: a * b),
        ("div", lambda a, b: a / b),
        ("pow", lambda a, b: a**b),
        ("maximum", autograd.maximum),
        ("minimum", autograd.minimum),
        ("where", lambda a, b: autograd.where(True, a, b)),
    ],
)
def test_a_broadcasting_mismatch_names_the_operation_and_both_shapes(name, call):
    with pytest.raises(ValueError, match=rf"^{name}: inputs \(2, 3\) and \(4,\): .*broadcast"):
        call(_tensor(2, 3), _tensor(4))


@pytest.mark.parametrize(
    "name, call",
    [
        ("reshape", lambda t: t.reshape(4, 2)),
        ("transpose", lambda t: t.transpose(0, 2)),
        ("transpose", lambda t: t.transpose(0, 0)),
        ("swapaxes", lambda t: t.swapaxes(0, 5)),
        ("squeeze", lambda t: t.squeeze(axis=0)),
        ("expand_dims", lambda t: t.expand_dims(5)),
        ("broadcast_to", lambda t: t.broadcast_to((3, 3))),
        ("sum", lambda t: t.sum(axis=2)),
        ("mean", lambda t: t.mean(axis=-3)),
        ("var", lambda t: t.var(axis=(0, 5))),
        ("max", lambda t: t.max(axis=2)),
        ("min", lambda t: t.min(axis=2)),
        ("logsumexp", lambda t: t.logsumexp(axis=2)),
        ("softmax", lambda t: t.softmax(axis=2)),
        ("log_softmax", lambda t: t.log_softmax(axis=-3)),
        ("getitem", lambda t: t[5]),
        ("concatenate", lambda t: autograd.concatenate([t, _tensor(3, 3)], axis=1)),
        ("stack", lambda t: autograd.stack([t, _tensor(3)])),
    ],
)
def test_shape_and_axis_errors_name_the_operation_and_the_shape(name, call):
    with pytest.raises((ValueError, IndexError), match=rf"^{name}: .*\(2, 3\)"):
        call(_tensor(2, 3))


# ------------------------------------------------------------------ dtypes and types


def test_an_integer_tensor_cannot_require_grad():
    with pytest.raises(TypeError, match=r"floating.*int64"):
        Tensor(np.array([1, 2]), requires_grad=True)
    labels = Tensor(np.array([1, 2]))
    with pytest.raises(TypeError, match="floating"):
        labels.requires_grad_()
    assert not labels.requires_grad


@pytest.mark.parametrize(
    "data",
    [["a", "b"], None, {"x": 1.0}, [[1.0], [1.0, 2.0]], np.array(["a"])],
    ids=["strings", "None", "dict", "ragged", "string array"],
)
def test_data_that_is_not_numbers_is_rejected_naming_tensor(data):
    with pytest.raises((TypeError, ValueError), match=r"^Tensor: data must be numbers"):
        Tensor(data)


@pytest.mark.parametrize("other", ["a", None, object()], ids=["str", "None", "object"])
def test_an_operand_of_an_unsupported_type_is_named(other):
    with pytest.raises(TypeError, match=type(other).__name__):
        _tensor(2) + other


def test_the_default_dtype_must_be_floating():
    with pytest.raises(TypeError, match=r"floating.*int32"):
        autograd.set_default_dtype(np.int32)
    assert autograd.get_default_dtype() == np.float32


def test_numpy_cannot_silently_take_a_tensor_that_requires_grad():
    t = _tensor(2)
    with pytest.raises(TypeError, match=r"requires grad.*detach\(\)"):
        np.asarray(t)
    plain = Tensor([1.0, 2.0])
    np.testing.assert_array_equal(np.asarray(plain), [1.0, 2.0])
    np.testing.assert_array_equal(np.asarray(t.detach()), [1.0, 1.0])


def test_an_unsupported_ufunc_on_a_grad_tensor_is_named():
    with pytest.raises(TypeError, match=r"np\.sinh has no derivative rule"):
        np.sinh(_tensor(2))
    result = np.sinh(Tensor([0.0, 1.0]))  # nothing to differentiate: fine
    assert isinstance(result, Tensor) and not result.requires_grad
    np.testing.assert_allclose(result.data, np.sinh([0.0, 1.0]).astype(np.float32))


def test_ufuncs_without_a_gradient_work_on_grad_tensors():
    t = Tensor([-1.0, np.nan, 2.0], requires_grad=True)
    assert isinstance(np.isnan(t), Tensor)
    np.testing.assert_array_equal(np.isnan(t).data, [False, True, False])
    np.testing.assert_array_equal(np.sign(t).data[[0, 2]], [-1.0, 1.0])


def test_writing_into_a_tensor_in_place_is_refused_when_it_requires_grad():
    with pytest.raises(TypeError, match=r"np\.exp: .*in place \(out=\)"):
        np.exp(_tensor(2), out=np.empty(2))
    t = _tensor(2)
    with pytest.raises(RuntimeError, match=r"item assignment.*no_grad"):
        t[0] = 5.0
    plain = Tensor([1.0, 2.0])
    plain[0] = 5.0
    np.testing.assert_array_equal(plain.data, [5.0, 2.0])


def test_a_backward_that_cannot_run_on_tensors_is_explained_under_create_graph():
    class ArrayOnly(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, grad_out):
            (x,) = ctx.saved
            return 2 * np.asarray(x) * grad_out

    x = _tensor(2)
    with pytest.raises(TypeError, match=r"ArrayOnly\.backward with create_graph=True"):
        grad(ArrayOnly.apply(x).sum(), x, create_graph=True)


# ------------------------------------------------------------------ values


@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_log_and_sqrt_of_negative_numbers_give_nan_like_numpy():
    x = Tensor([-1.0, 4.0], requires_grad=True)
    for method, ufunc in (("log", np.log), ("sqrt", np.sqrt)):
        out = getattr(x, method)()
        np.testing.assert_array_equal(out.data, ufunc(x.data))
        assert np.isnan(out.data[0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "name, call",
    [
        ("log_softmax", lambda t: t.log_softmax()),
        ("logsumexp", lambda t: t.logsumexp(axis=-1)),
        ("sigmoid", lambda t: t.sigmoid()),
        ("softmax", lambda t: t.softmax()),
    ],
)
def test_large_magnitudes_give_finite_values_and_gradients(name, call, dtype):
    x = Tensor([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]], requires_grad=True, dtype=dtype)
    out = call(x)
    out.backward(np.ones(out.shape, dtype))
    assert np.isfinite(out.data).all(), f"{name} overflowed: {out.data}"
    assert np.isfinite(x.grad).all(), f"{name}'s gradient overflowed: {x.grad}"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_large_magnitudes_give_the_closed_forms(dtype):
    big = Tensor([1e4, 1e4, -1e4], dtype=dtype)
    np.testing.assert_allclose(big.logsumexp().item(), 1e4 + np.log(2.0), rtol=1e-6)
    np.testing.assert_allclose(
        big.log_softmax().data, [-np.log(2.0), -np.log(2.0), -2e4 - np.log(2.0)], rtol=1e-6
    )
    np.testing.assert_allclose(big.sigmoid().data, [1.0, 1.0, 0.0])


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda x, o: x + o, "add"),
        (lambda x, o: o + x, "add"),
        (lambda x, o: x - o, "sub"),
        (lambda x, o: o * x, "mul"),
        (lambda x, o: x / o, "div"),
        (lambda x, o: x**o, "pow"),
        (lambda x, o: x @ o, "matmul"),
    ],
    ids=["+", "reflected +", "-", "reflected *", "/", "**", "@"],
)
@pytest.mark.parametrize("other", ["a", None, object(), ["a"]], ids=["str", "None", "obj", "list"])
def test_an_operator_given_a_bad_operand_names_itself(call, name, other):
    with pytest.raises((TypeError, ValueError), match=rf"^{name} \("):
        call(Tensor([1.0]), other)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda x, o: x < o, "lt"),
        (lambda x, o: x <= o, "le"),
        (lambda x, o: x > o, "gt"),
        (lambda x, o: x >= o, "ge"),
        (lambda x, o: x == o, "eq"),
        (lambda x, o: x != o, "ne"),
    ],
    ids=["<", "<=", ">", ">=", "==", "!="],
)
def test_a_comparison_numpy_refuses_is_a_type_error_naming_it(call, name):
    with pytest.raises(TypeError, match=rf"^{name} \(.*shape \(1,\).*str 'a'") as caught:
        call(Tensor([1.0]), "a")
    assert type(caught.value) is TypeError  # not NumPy's UFuncTypeError


def test_a_comparison_of_shapes_that_do_not_broadcast_names_both_shapes():
    with pytest.raises(ValueError, match=r"^lt \(<\).*shape \(2,\).*shape \(3,\)"):
        _ = Tensor([1.0, 2.0]) < Tensor([1.0, 2.0, 3.0])
