"""PyTorch's names: dim=/keepdim=, the methods and functions API.md lists, and the
errors for the names we do not have. NumPy is the oracle, PyTorch too where installed.
(Sin, Cos and clone are in the op table, which checks their derivatives twice.)"""

import copy
import doctest
import importlib

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

import autograd
import nn
from autograd import Tensor, no_grad
from tests.autograd.examples import Cube
from tests.needs_torch import import_torch

MATRICES = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=4),
    elements=st.integers(-400, 400).map(lambda k: k / 200),
    unique=True,  # no ties for max, min, argmax
)

# Reductions: method, NumPy reference.
REDUCTIONS = {
    "sum": np.sum,
    "mean": np.mean,
    "var": np.var,
    "std": np.std,
    "max": np.max,
    "min": np.min,
    "argmax": np.argmax,
    "argmin": np.argmin,
    "logsumexp": lambda x, axis, keepdims: np.log(np.exp(x).sum(axis=axis, keepdims=keepdims)),
}


@pytest.mark.parametrize("module", ["aliases", "functional", "grad_fn", "creation", "tensor"])
def test_docstring_examples(module):
    result = doctest.testmod(  # Tensor given: aliases.py, a part of it, cannot import it
        importlib.import_module(f"autograd.{module}"),
        optionflags=doctest.ELLIPSIS,
        extraglobs={"Tensor": autograd.Tensor},
    )
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("method", list(REDUCTIONS))
@given(x=MATRICES, data=st.data())
def test_dim_and_keepdim_mean_axis_and_keepdims(method, x, data):
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1), label="dim")
    keepdim = data.draw(st.booleans(), label="keepdim")
    expected = REDUCTIONS[method](x, axis=dim, keepdims=keepdim)
    torch_spelling = getattr(Tensor(x), method)(dim=dim, keepdim=keepdim)
    numpy_spelling = getattr(Tensor(x), method)(axis=dim, keepdims=keepdim)
    positional = getattr(Tensor(x), method)(dim, keepdim)
    for result in (torch_spelling, numpy_spelling, positional):
        np.testing.assert_allclose(result.data, expected, rtol=1e-12)
        assert result.shape == np.shape(expected)


@given(x=MATRICES, data=st.data())
def test_dim_on_the_softmax_family_and_on_shapes(x, data):
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1), label="dim")
    t = Tensor(x)
    exps = np.exp(x - x.max(axis=dim, keepdims=True))
    softmax = exps / exps.sum(axis=dim, keepdims=True)
    np.testing.assert_allclose(t.softmax(dim=dim).data, softmax, rtol=1e-12)
    np.testing.assert_allclose(t.log_softmax(dim=dim).data, np.log(softmax), atol=1e-12)
    np.testing.assert_allclose(nn.Softmax(dim=dim)(t).data, softmax, rtol=1e-12)
    np.testing.assert_allclose(nn.LogSoftmax(dim=dim)(t).data, np.log(softmax), atol=1e-12)
    np.testing.assert_allclose(nn.functional.softmax(t, dim=dim).data, softmax, rtol=1e-12)
    assert t.unsqueeze(dim).shape == np.expand_dims(x, dim).shape
    assert t.unsqueeze(dim=dim).shape == np.expand_dims(x, dim).shape
    assert t.unsqueeze(dim).squeeze(dim=dim).shape == x.shape
    pieces = [t, t * 2]
    np.testing.assert_array_equal(
        autograd.cat(pieces, dim=dim).data, np.concatenate([x, x * 2], axis=dim)
    )
    np.testing.assert_array_equal(autograd.stack(pieces, dim=dim).data, np.stack([x, x * 2], dim))


@pytest.mark.parametrize(
    "call",
    [
        lambda t: t.sum(axis=0, dim=1),
        lambda t: t.mean(0, dim=1),
        lambda t: t.max(keepdims=True, keepdim=False),
        lambda t: t.softmax(axis=0, dim=1),
        lambda t: t.argmax(axis=0, dim=0),
        lambda t: t.std(axis=1, dim=1),
        lambda t: t.expand_dims(0, dim=1),
        lambda t: autograd.concatenate([t, t], axis=1, dim=0),
        lambda t: nn.functional.log_softmax(t, 0, dim=1),
        lambda t: nn.Softmax(0, dim=1),
    ],
)
def test_axis_and_dim_together_are_an_error(call):
    with pytest.raises(TypeError, match=r"got both (axis|keepdims)=.* and (dim|keepdim)="):
        call(Tensor(np.ones((2, 3))))


def test_the_aliases_are_the_methods_themselves():
    # Declared by assignment: nothing is added to a call.
    assert Tensor.view is Tensor.reshape
    assert Tensor.permute is Tensor.transpose
    assert Tensor.unsqueeze is Tensor.expand_dims
    assert Tensor.neg is Tensor.__neg__
    assert Tensor.mul is Tensor.__mul__ and Tensor.div is Tensor.__truediv__
    assert Tensor.add is Tensor.__add__ and Tensor.sub is Tensor.__sub__
    assert Tensor.pow is Tensor.__pow__
    assert Tensor.matmul is Tensor.mm is Tensor.__matmul__
    assert autograd.cat is autograd.concatenate


def test_methods_agree_with_numpy():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((2, 3)), rng.standard_normal((3, 4))
    t = Tensor(x)
    np.testing.assert_array_equal(t.view(3, 2).data, x.reshape(3, 2))
    np.testing.assert_array_equal(t.view(-1).data, x.ravel())
    np.testing.assert_array_equal(t.permute(1, 0).data, x.T)
    np.testing.assert_array_equal(t.t().data, x.T)
    np.testing.assert_array_equal(Tensor([1.0, 2.0]).t().data, [1.0, 2.0])
    np.testing.assert_array_equal(t.pow(2).data, x**2)
    np.testing.assert_allclose(t.matmul(y).data, x @ y)
    np.testing.assert_allclose(t.mm(Tensor(y)).data, x @ y)
    np.testing.assert_array_equal(t.clamp(-0.5, 0.5).data, np.clip(x, -0.5, 0.5))
    np.testing.assert_array_equal(t.clamp(max=0.1).data, np.minimum(x, 0.1))
    np.testing.assert_array_equal(t.neg().data, -x)
    np.testing.assert_array_equal(t.add(1).data, x + 1)
    np.testing.assert_array_equal(t.sub(t).data, x - x)
    np.testing.assert_array_equal(t.mul(3).data, x * 3)
    np.testing.assert_array_equal(t.div(2).data, x / 2)
    np.testing.assert_array_equal(t.sin().data, np.sin(x))
    np.testing.assert_array_equal(t.cos().data, np.cos(x))
    assert t.numel() == t.size == x.size == 6 and isinstance(t.size, int)
    assert t.tolist() == x.tolist() and Tensor(2.5).tolist() == 2.5
    assert t.double().dtype == np.float64 and t.float().dtype == np.float32
    np.testing.assert_array_equal(t.std().data, np.std(x))  # ddof=0, NumPy's
    np.testing.assert_allclose(t.std(ddof=1).data, np.std(x, ddof=1))
    assert t.argmax().item() == np.argmax(x) and t.argmax().dtype == np.int64
    assert not Tensor(x, requires_grad=True).argmax(dim=1).requires_grad


def test_expand_follows_pytorch():
    column = Tensor([[1.0], [2.0]])
    np.testing.assert_array_equal(column.expand(2, 3).data, np.broadcast_to([[1], [2]], (2, 3)))
    assert column.expand(-1, 4).shape == (2, 4)
    assert column.expand((5, 2, 3)).shape == (5, 2, 3)  # a new leading axis
    with pytest.raises(ValueError, match=r"expand: .*-1 cannot be the size of a new axis"):
        column.expand(-1, 2, 3)
    with pytest.raises(ValueError, match=r"expand: 1 sizes \(4,\) for a tensor of shape \(2, 1\)"):
        column.expand(4)


def test_transpose_of_two_axes_of_a_larger_tensor_points_to_swapaxes():
    x = Tensor(np.zeros((2, 3, 4)))
    with pytest.raises(ValueError, match=r"as in NumPy; to swap two axes .* swapaxes\(0, 1\)"):
        x.transpose(0, 1)
    assert x.swapaxes(0, 1).shape == (3, 2, 4) and x.permute(2, 0, 1).shape == (4, 2, 3)


def test_t_refuses_more_than_two_axes():
    with pytest.raises(ValueError, match=r"t: expects a tensor of at most 2 axes.*swapaxes"):
        Tensor(np.zeros((2, 3, 4))).t()


def test_gradients_flow_through_the_pytorch_spellings():
    rng = np.random.default_rng(1)
    x0, w0 = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    x, w = Tensor(x0, requires_grad=True), Tensor(w0, requires_grad=True)
    y = x.clone().mm(w).unsqueeze(0).permute(2, 1, 0).expand(2, 3, 5).pow(2).mul(0.5)
    y.sum(dim=(0, 2)).sum().backward()
    # d/dW of 0.5 * 5 * sum((x @ w)^2) = 5 * x.T @ (x @ w)
    np.testing.assert_allclose(w.grad, 5 * x0.T @ (x0 @ w0), rtol=1e-12)
    np.testing.assert_allclose(x.grad, 5 * (x0 @ w0) @ w0.T, rtol=1e-12)


def test_clone_copies_and_stays_in_the_graph():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x.clone()
    assert y.data is not x.data and not np.shares_memory(y.data, x.data)
    assert y.grad_fn.name() == "CloneBackward"
    (y * y).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0])


def test_zero_is_in_place_and_guards_tensors_that_require_grad():
    x = Tensor([1.0, 2.0])
    data = x.data
    assert x.zero_() is x and x.data is data
    np.testing.assert_array_equal(data, [0.0, 0.0])
    w = Tensor([3.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"zero_\(\): .*requires grad.*no_grad"):
        w.zero_()
    with no_grad():
        w.zero_()
    np.testing.assert_array_equal(w.data, [0.0])


def test_grad_fn_names_the_operation_as_pytorch_prints_it():
    x = Tensor([1.0, 2.0], requires_grad=True)
    assert x.grad_fn is None and Tensor([1.0]).grad_fn is None
    z = (x * 2 + 1).log_softmax()
    assert repr(z.grad_fn) == "<LogSoftmaxBackward>" and z.grad_fn.function.name == "log_softmax"
    (add, _), *rest = z.grad_fn.next_functions
    assert repr(add) == "<AddBackward>" and rest == []
    ((mul, _),) = add.next_functions  # the constant 1 has no node
    ((leaf, _),) = mul.next_functions
    assert repr(leaf) == "<AccumulateGrad>" and leaf.variable is x
    assert z.grad_fn == z.grad_fn and len({z.grad_fn, z.grad_fn}) == 1
    mixed = x * Tensor([3.0, 4.0])
    assert [node for node, _ in mixed.grad_fn.next_functions][1] is None
    with no_grad():
        assert (x * 2).grad_fn is None


def test_saved_tensors_is_saved():
    class CubeSavedTensors(Cube):
        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return 3 * x**2 * grad

    x = Tensor([1.0, 2.0], requires_grad=True)
    CubeSavedTensors.apply(x).sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 12.0])
    assert autograd.gradcheck(CubeSavedTensors.apply, Tensor([0.5, -1.5], requires_grad=True))


def test_creation_functions_agree_with_numpy():
    assert autograd.arange(5).dtype == np.int64
    np.testing.assert_array_equal(autograd.arange(5).data, np.arange(5))
    np.testing.assert_array_equal(autograd.arange(1, 7, 2).data, [1, 3, 5])
    np.testing.assert_allclose(autograd.arange(0, 1, 0.25).data, [0, 0.25, 0.5, 0.75])
    assert autograd.arange(0.0, 1.0, 0.5).dtype == autograd.get_default_dtype()
    np.testing.assert_allclose(autograd.linspace(-1, 1, 7).data, np.linspace(-1, 1, 7), 1e-6)
    assert autograd.linspace(0, 1, 3, dtype=np.float64).dtype == np.float64
    np.testing.assert_array_equal(autograd.full((2, 3), 1.5).data, np.full((2, 3), 1.5))
    assert autograd.full((2,), 3).dtype == np.int64  # as np.full and torch.full
    np.testing.assert_array_equal(autograd.eye(3).data, np.eye(3))
    np.testing.assert_array_equal(autograd.eye(2, 3).data, np.eye(2, 3))
    x = Tensor(np.arange(6.0).reshape(2, 3))
    for made, value in [
        (autograd.zeros_like(x), 0),
        (autograd.ones_like(x), 1),
        (autograd.full_like(x, 7), 7),
    ]:
        assert made.shape == x.shape and made.dtype == x.dtype and (made.data == value).all()
    assert autograd.ones_like(np.zeros(2, dtype=np.int64)).dtype == np.int64
    assert autograd.zeros_like(x, requires_grad=True).requires_grad
    assert autograd.randn((), dtype=autograd.float, requires_grad=True).shape == ()
    assert autograd.tensor([0, 2]).dtype == np.int64
    assert autograd.tensor([[0.5]], requires_grad=True).dtype == autograd.get_default_dtype()
    assert autograd.tensor([True]).dtype == bool
    assert (autograd.float, autograd.double, autograd.long) == (np.float32, np.float64, np.int64)


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("exp", np.exp),
        ("log", np.log),
        ("sin", np.sin),
        ("cos", np.cos),
        ("tanh", np.tanh),
        ("sigmoid", lambda x: 1 / (1 + np.exp(-x))),
        ("relu", lambda x: np.maximum(x, 0)),
    ],
)
def test_function_forms_are_the_methods(name, reference):
    x0 = np.array([0.3, 1.2, 2.5])
    x = Tensor(x0, requires_grad=True)
    result = getattr(autograd, name)(x)
    np.testing.assert_allclose(result.data, reference(x0), rtol=1e-12)
    result.sum().backward()
    expected = Tensor(x0, requires_grad=True)
    getattr(expected, name)().sum().backward()
    np.testing.assert_array_equal(x.grad, expected.grad)
    np.testing.assert_allclose(getattr(autograd, name)([0.3]).data, reference(np.float32(0.3)))


def test_logsumexp_as_a_function_takes_dim():
    x0 = np.array([[0.5, 1.5, -1.0], [2.0, 0.0, 1.0]])
    expected = np.log(np.exp(x0).sum(axis=1, keepdims=True))
    np.testing.assert_allclose(autograd.logsumexp(x0, dim=1, keepdim=True).data, expected, 1e-6)
    np.testing.assert_allclose(autograd.logsumexp(Tensor(x0), 1, True).data, expected, 1e-12)


def test_calling_size_says_what_to_write():
    x = Tensor(np.zeros((2, 3)))
    with pytest.raises(TypeError, match=r"size is the number of elements \(6\).*x\.shape;"):
        x.size()
    with pytest.raises(TypeError, match=r"x\.size\(1\) write x\.shape\[1\]"):
        x.size(1)
    assert x.size == 6 and x.size * 2 == 12 and f"{x.size}" == "6"


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("dim", r"x\.ndim"),
        ("cuda", r"CPU"),
        ("add_", r"x \+= y"),
        ("exp_", r"x = x\.exp\(\.\.\.\)"),
        ("masked_fill", r"autograd\.where"),
        ("long", r"astype\(np\.int64\)"),
    ],
)
def test_a_pytorch_name_we_lack_says_what_to_use(name, advice):
    with pytest.raises(AttributeError, match=rf"'Tensor' object has no attribute '{name}': .*"):
        getattr(Tensor([1.0]), name)
    with pytest.raises(AttributeError, match=advice):
        getattr(Tensor([1.0]), name)


def test_other_missing_attributes_stay_plain_and_protocols_work():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(AttributeError, match=r"^'Tensor' object has no attribute 'nonsense'$"):
        x.nonsense  # noqa: B018
    assert not hasattr(x, "nonsense") and not hasattr(x, "__array_interface__")
    assert np.array_equal(copy.deepcopy(x).data, x.data)
    assert copy.copy(x).data is x.data


@given(x=MATRICES, data=st.data())
def test_against_pytorch(x, data):
    torch = import_torch()
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1), label="dim")
    keepdim = data.draw(st.booleans(), label="keepdim")
    ours, theirs = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    pairs = [
        (ours.sum(dim=dim, keepdim=keepdim), theirs.sum(dim=dim, keepdim=keepdim)),
        (ours.mean(dim=dim, keepdim=keepdim), theirs.mean(dim=dim, keepdim=keepdim)),
        (ours.std(dim=dim, keepdim=keepdim), theirs.std(dim=dim, keepdim=keepdim, correction=0)),
        (ours.max(dim=dim, keepdim=keepdim), theirs.max(dim=dim, keepdim=keepdim).values),
        (ours.logsumexp(dim=dim), theirs.logsumexp(dim=dim)),
        (ours.softmax(dim=dim), theirs.softmax(dim=dim)),
        (ours.log_softmax(dim=dim), theirs.log_softmax(dim=dim)),
        (ours.unsqueeze(dim).sin().cos(), theirs.unsqueeze(dim).sin().cos()),
        (ours.permute(*reversed(range(x.ndim))), theirs.permute(*reversed(range(x.ndim)))),
        (ours[0].t(), theirs[0].t()),
        (ours.expand(2, *x.shape).clamp(-0.5, 0.5), theirs.expand(2, *x.shape).clamp(-0.5, 0.5)),
        (ours.view(-1).pow(3).neg(), theirs.view(-1).pow(3).neg()),
        (ours.clone().mul(2).div(3).add(1).sub(0.5), theirs.clone().mul(2).div(3).add(1).sub(0.5)),
    ]  # fmt: skip
    total_ours, total_theirs = 0, 0
    for a, b in pairs:
        np.testing.assert_allclose(a.data, b.detach().numpy(), rtol=1e-10, atol=1e-12)
        total_ours, total_theirs = total_ours + (a * a).sum(), total_theirs + (b * b).sum()
    total_ours.backward()
    total_theirs.backward()
    np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(ours.argmax(dim=dim).data, theirs.argmax(dim=dim).numpy())
    assert ours.numel() == theirs.numel() and ours.tolist() == theirs.tolist()


def test_grad_fn_names_match_pytorchs():
    torch = import_torch()
    ours, theirs = (
        Tensor([1.0, 2.0], requires_grad=True),
        torch.tensor([1.0, 2.0], requires_grad=True),
    )
    for make in [
        lambda t: t * 2,
        lambda t: t + 1,
        lambda t: t.sin(),
        lambda t: t.cos(),
        lambda t: t.exp(),
        lambda t: t.sum(),
        lambda t: t.clone(),
        lambda t: t.log_softmax(dim=0),
    ]:
        assert make(ours).grad_fn.name() + "0" == make(theirs).grad_fn.name()
