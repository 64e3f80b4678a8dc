"""Tensor basics: construction, attributes, conversions, comparisons, Python protocols."""

import operator

import numpy as np
import pytest

import autograd
from autograd import Tensor


@pytest.mark.parametrize(
    "make_source, as_array",
    [
        (lambda: np.array([1.0, 2.0]), lambda source: source),
        (lambda: Tensor([1.0, 2.0]), lambda source: source.data),
        (lambda: Tensor([1.0, 2.0], requires_grad=True), lambda source: source.data),
    ],
    ids=["ndarray", "Tensor", "Tensor that requires grad"],
)
def test_construction_copies_its_data(make_source, as_array):
    source = make_source()
    t = Tensor(source)
    as_array(source)[0] = 99.0
    np.testing.assert_array_equal(t.data, [1.0, 2.0])
    assert not t.requires_grad and t.is_leaf and t.grad is None


def test_construction_from_numbers_and_nested_lists():
    assert Tensor(2.5).shape == ()
    nested = Tensor([[1, 2, 3], [4, 5, 6]])
    assert nested.shape == (2, 3) and nested.ndim == 2 and nested.size == 6
    np.testing.assert_array_equal(nested.data, np.arange(1, 7).reshape(2, 3))
    assert type(nested.data) is np.ndarray


def test_attributes():
    t = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    assert (t.shape, t.ndim, t.size, t.dtype) == ((2, 3), 2, 6, np.float64)
    np.testing.assert_array_equal(t.T.data, t.data.T)
    assert t.is_leaf and not (t * 2.0).is_leaf
    assert t.name is None


def test_repr_shows_values_and_what_is_not_default():
    assert repr(Tensor([1.0, 2.0])) == "Tensor([1., 2.])"
    w = Tensor(np.zeros(2), requires_grad=True)
    assert repr(w) == "Tensor([0., 0.], dtype=float64, requires_grad=True)"
    w.name = "w"
    assert repr(w) == "Tensor([0., 0.], dtype=float64, requires_grad=True, name='w')"
    assert repr(Tensor([1.0], requires_grad=True) * 2.0) == "Tensor([2.], op=mul)"
    assert repr(Tensor(np.array([1, 2]))) == "Tensor([1, 2], dtype=int64)"


def test_item_numpy_float_and_int():
    t = Tensor([[2.5]])
    assert t.item() == 2.5 and type(t.item()) is float
    assert float(t) == 2.5 and int(Tensor(3.7)) == 3
    assert t.numpy() is t.data
    with pytest.raises(ValueError, match=r"item: .*shape \(2,\)"):
        Tensor([1.0, 2.0]).item()


def test_detach_shares_the_data_and_leaves_the_graph():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 2.0
    d = y.detach()
    assert d.data is y.data
    assert not d.requires_grad and d._ctx is None and d.is_leaf


def test_zero_grad_and_requires_grad_():
    x = Tensor([1.0, 2.0])
    assert x.requires_grad_() is x and x.requires_grad
    (x * x).sum().backward()
    assert x.grad is not None
    x.zero_grad()
    assert x.grad is None
    assert not x.requires_grad_(False).requires_grad


_COMPARISONS = [operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne]


@pytest.mark.parametrize("compare", _COMPARISONS, ids=lambda op: op.__name__)
@pytest.mark.parametrize(
    "other",
    [Tensor([0.0, 2.0, 1.0]), np.array([0.0, 2.0, 1.0]), 1.0],
    ids=["Tensor", "ndarray", "number"],
)
def test_comparisons_give_boolean_tensors_without_grad(compare, other):
    x = Tensor([-1.0, 2.0, 3.0], requires_grad=True)
    result = compare(x, other)
    expected = compare(x.data, other.data if isinstance(other, Tensor) else other)
    assert isinstance(result, Tensor) and result.dtype == np.bool_
    assert not result.requires_grad and result._ctx is None
    np.testing.assert_array_equal(result.data, expected)


def test_logical_operators_on_boolean_tensors():
    x = Tensor([-1.0, 0.5, 2.0])
    inside = (x > 0) & (x < 1)
    np.testing.assert_array_equal(inside.data, [False, True, False])
    np.testing.assert_array_equal((~inside).data, [True, False, True])
    np.testing.assert_array_equal(((x < 0) | (x > 1)).data, [True, False, True])


def test_len_iter_and_bool():
    x = Tensor(np.arange(6.0).reshape(3, 2), requires_grad=True)
    assert len(x) == 3
    rows = list(x)
    assert [r.shape for r in rows] == [(2,)] * 3
    (rows[0] + rows[2]).sum().backward()  # iteration stays in the graph
    np.testing.assert_array_equal(x.grad, [[1.0, 1.0], [0.0, 0.0], [1.0, 1.0]])
    with pytest.raises(TypeError, match="0-d"):
        len(Tensor(1.0))
    assert bool(Tensor([2.0])) and not bool(Tensor(0.0))
    with pytest.raises(ValueError, match=r"shape \(2,\) is ambiguous"):
        bool(Tensor([1.0, 2.0]))


def test_hashing_is_by_identity():
    a, b = Tensor([1.0, 2.0]), Tensor([1.0, 2.0])
    table = {a: "a", b: "b"}
    assert table[a] == "a" and table[b] == "b"
    assert a in {a} and b not in {a}
    assert hash(a) != hash(b)


def test_unary_plus_is_the_tensor_itself():
    x = Tensor([1.0], requires_grad=True)
    assert +x is x


def test_item_assignment_on_a_tensor_without_grad():
    t = Tensor(np.zeros((2, 2)))
    t[0] = Tensor([1.0, 2.0])
    t[1, [0, 1]] = 3.0
    np.testing.assert_array_equal(t.data, [[1.0, 2.0], [3.0, 3.0]])


@pytest.mark.parametrize("make", [autograd.zeros, autograd.ones, autograd.randn, autograd.rand])
def test_creation_functions(make):
    assert make(2, 3).shape == make((2, 3)).shape == (2, 3)
    assert make(4).dtype == np.float32
    assert make(2, requires_grad=True).requires_grad
    assert make(2, dtype=np.float64).dtype == np.float64


def test_zeros_and_ones_hold_what_they_say():
    np.testing.assert_array_equal(autograd.zeros(2, 2).data, np.zeros((2, 2)))
    np.testing.assert_array_equal(autograd.ones(3).data, np.ones(3))


def test_manual_seed_makes_random_tensors_repeat():
    autograd.manual_seed(123)
    first = autograd.randn(5).data, autograd.rand(5).data, autograd.rng().integers(0, 100, 3)
    autograd.manual_seed(123)
    second = autograd.randn(5).data, autograd.rand(5).data, autograd.rng().integers(0, 100, 3)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert isinstance(autograd.rng(), np.random.Generator)
    assert np.all((first[1] >= 0) & (first[1] < 1))
