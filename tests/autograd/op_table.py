"""Every differentiable operation of the engine, in one table that drives the property tests.

Each `Op` pairs the engine's call (`fn`, on Tensors) with the same computation
in plain NumPy (`ref`, on arrays) and a hypothesis strategy for its inputs
(`cases`). NumPy is the oracle: forward values must equal `ref`, and first
derivatives must equal central differences of `ref`, which never runs the
engine, so a bug in the engine's own gradcheck cannot hide a bug in an op.

Inputs stay clear of kinks (relu, abs, clip, ties of max and maximum) and
inside their domains (log, sqrt, division, powers) by construction, so no
drawn example is thrown away and a step of 1e-6 never crosses a kink.

>>> [op.name for op in OPS][:3]
['a+b', 't+number', 'number+t']
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest

import autograd
from autograd import Tensor

# ------------------------------------------------------------------ values


def _floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False)


REAL = _floats(-2.0, 2.0)
POSITIVE = _floats(0.25, 2.0)  # log, sqrt, the base of a real power
NONZERO = POSITIVE | POSITIVE.map(operator.neg)  # divisors


def _off_grid(fraction: float) -> st.SearchStrategy[float]:
    """Values (k + fraction) / 20: never on a multiple of 0.05, where the kinks sit
    (0 for relu and abs, the clip limits -0.5 and 0.7)."""
    return st.integers(-40, 39).map(lambda k: (k + fraction) / 20)


AWAY_FROM_KINKS = _off_grid(0.3)  # at least 0.015 from every multiple of 0.05
NEVER_TIED = _off_grid(0.7)  # at least 0.02 from every AWAY_FROM_KINKS value
DISTINCT = st.integers(-400, 400).map(lambda k: k / 200)  # drawn unique: no ties in max/min

SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
NONSCALAR_SHAPES = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3)
PAIRS = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3)
MATMUL_PAIRS = hnp.mutually_broadcastable_shapes(
    signature=np.matmul.signature, min_dims=0, max_dims=2, max_side=3
)


def _array(shape: tuple, elements: st.SearchStrategy = REAL, unique: bool = False):
    """Float64 arrays of `shape`, every element drawn on its own (no repeated fill value)."""
    return hnp.arrays(np.float64, shape, elements=elements, fill=st.nothing(), unique=unique)


# ------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Case:
    """One drawn input: the arrays to differentiate (float64) and constant options.

    >>> Case((np.ones(2),), {"axis": 0}).options
    {'axis': 0}
    """

    arrays: tuple
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Op:
    """A differentiable operation: the engine's call, NumPy's, and how to draw inputs.

    `tolerance` (relative and absolute) bounds the forward's difference from
    NumPy (0: the very same numbers); `out_dtype` is the result's dtype when it
    is not the input's (casts).

    >>> next(op for op in OPS if op.name == "np.exp(t)").ref is np.exp
    True
    """

    name: str
    fn: Callable[..., Tensor]
    ref: Callable[..., np.ndarray]
    cases: st.SearchStrategy[Case]
    tolerance: float = 0.0
    out_dtype: Any = None


def parametrize_ops(known_bugs: dict[str, str] | None = None) -> Any:
    """`@pytest.mark.parametrize("op", ...)` over the table, each test named after its op.

    `known_bugs` maps op names to why they fail that test: a strict xfail, so
    the test says when the bug is fixed.

    >>> parametrize_ops().args[0]
    'op'
    """
    known_bugs = known_bugs or {}
    params = [
        pytest.param(
            op, id=op.name, marks=_xfail(known_bugs[op.name]) if op.name in known_bugs else ()
        )
        for op in OPS
    ]
    return pytest.mark.parametrize("op", params)


def _xfail(reason: str) -> Any:
    return pytest.mark.xfail(strict=True, reason=reason)


def _method(name: str, **fixed: Any) -> Callable[..., Tensor]:
    """Call Tensor method `name` with the case's options (and `fixed` ones)."""
    return lambda t, **options: getattr(t, name)(**fixed, **options)


def _one(shapes=SHAPES, elements=REAL, **options: st.SearchStrategy) -> st.SearchStrategy[Case]:
    """Cases of one array drawn from `elements`, plus options drawn independently."""
    arrays = st.tuples(shapes.flatmap(lambda shape: _array(shape, elements)))
    return st.builds(Case, arrays, st.fixed_dictionaries(options))


# ------------------------------------------------------------------ binary operators


@st.composite
def _pair(draw, left, right, shapes=PAIRS) -> tuple[np.ndarray, np.ndarray]:
    a_shape, b_shape = draw(shapes).input_shapes
    return draw(_array(a_shape, left)), draw(_array(b_shape, right))


@st.composite
def _tensor_pair(draw, left, right, shapes=PAIRS) -> Case:
    return Case(draw(_pair(left, right, shapes)))


@st.composite
def _tensor_and_constant(draw, left, right, constant_on_left, constant_kind, shapes) -> Case:
    a, b = draw(_pair(left, right, shapes))
    constant, tensor = (a, b) if constant_on_left else (b, a)
    if constant_kind == "number":
        constant = draw(left if constant_on_left else right)
    return Case((tensor,), {"other": constant})


def _constant_on_left(op: Callable) -> Callable:
    return lambda t, other: op(other, t)


def _constant_on_right(op: Callable) -> Callable:
    return lambda t, other: op(t, other)


def _operator_forms(symbol, op, left, right, shapes=PAIRS, numbers=True) -> Iterator[Op]:
    """`a op b` on two tensors, and with a number or an ndarray on either side."""
    yield Op(f"a{symbol}b", op, op, _tensor_pair(left, right, shapes))
    for kind in ("number", "ndarray") if numbers else ("ndarray",):
        on_left, on_right = _constant_on_left(op), _constant_on_right(op)
        yield Op(
            f"t{symbol}{kind}",
            on_right,
            on_right,
            _tensor_and_constant(left, right, False, kind, shapes),
        )
        yield Op(
            f"{kind}{symbol}t",
            on_left,
            on_left,
            _tensor_and_constant(left, right, True, kind, shapes),
        )


_OPERATORS = [
    *_operator_forms("+", operator.add, REAL, REAL),
    *_operator_forms("-", operator.sub, REAL, REAL),
    *_operator_forms("*", operator.mul, REAL, REAL),
    *_operator_forms("/", operator.truediv, REAL, NONZERO),
    *_operator_forms("**", operator.pow, POSITIVE, REAL),
    *_operator_forms("@", operator.matmul, REAL, REAL, MATMUL_PAIRS, numbers=False),
    Op(
        "t**int",
        lambda t, power: t**power,
        lambda x, power: x**power,
        _one(elements=NONZERO, power=st.sampled_from([2, 3, -1, -2])),
    ),
    Op("a*a", lambda t: t * t, lambda x: x * x, _one()),
]


# ------------------------------------------------------------------ elementwise


def _np_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _elementwise() -> Iterator[Op]:
    # name, the Tensor call, its NumPy ufunc (also called on the tensor) or reference, domain
    table = [
        ("neg", operator.neg, np.negative, REAL),
        ("exp", Tensor.exp, np.exp, REAL),
        ("log", Tensor.log, np.log, POSITIVE),
        ("sqrt", Tensor.sqrt, np.sqrt, POSITIVE),
        ("abs", Tensor.abs, np.absolute, AWAY_FROM_KINKS),
        ("tanh", Tensor.tanh, np.tanh, REAL),
        ("sin", Tensor.sin, np.sin, REAL),
        ("cos", Tensor.cos, np.cos, REAL),
    ]
    for name, call, ufunc, domain in table:
        yield Op(name, call, ufunc, _one(elements=domain))
        yield Op(f"np.{ufunc.__name__}(t)", ufunc, ufunc, _one(elements=domain))
    yield Op("relu", Tensor.relu, lambda x: np.maximum(x, 0), _one(elements=AWAY_FROM_KINKS))
    yield Op("sigmoid", Tensor.sigmoid, _np_sigmoid, _one(), tolerance=1e-12)
    limits = st.sampled_from([(-0.5, 0.7), (None, 0.7), (-0.5, None)])
    yield Op(
        "clip",
        lambda t, limits: t.clip(*limits),
        lambda x, limits: np.clip(x, *limits),
        _one(elements=AWAY_FROM_KINKS, limits=limits),
    )
    to_float64 = lambda x: x.astype(np.float64)
    yield Op("astype", to_float64, to_float64, _one(), out_dtype=np.float64)
    yield Op("clone", Tensor.clone, np.copy, _one())


@st.composite
def _where_case(draw, b_is_number: bool) -> Case:
    """a, b and a boolean condition of three mutually broadcastable shapes."""
    a_shape, b_shape, condition_shape = draw(
        hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=3)
    ).input_shapes
    a, condition = draw(_array(a_shape)), draw(hnp.arrays(bool, condition_shape))
    if b_is_number:
        return Case((a,), {"condition": condition, "other": draw(REAL)})
    return Case((a, draw(_array(b_shape))), {"condition": condition})


def _selections() -> Iterator[Op]:
    """where, maximum and minimum: each output element comes from one of two inputs."""
    yield Op(
        "where",
        lambda a, b, condition: autograd.where(condition, a, b),
        lambda a, b, condition: np.where(condition, a, b),
        _where_case(b_is_number=False),
    )
    yield Op(
        "where(c,t,number)",
        lambda a, condition, other: autograd.where(condition, a, other),
        lambda a, condition, other: np.where(condition, a, other),
        _where_case(b_is_number=True),
    )
    for name, ufunc in (("maximum", np.maximum), ("minimum", np.minimum)):
        function = getattr(autograd, name)
        pairs = _tensor_pair(AWAY_FROM_KINKS, NEVER_TIED)
        yield Op(name, function, ufunc, pairs)
        yield Op(f"np.{name}(a,b)", ufunc, ufunc, pairs)
        yield Op(
            f"{name}(t,number)",
            _constant_on_right(function),
            _constant_on_right(ufunc),
            _one(elements=AWAY_FROM_KINKS, other=NEVER_TIED),
        )


# ------------------------------------------------------------------ reductions


@st.composite
def _axis(draw, ndim: int):
    """None, one axis (negative ones too) or a tuple of axes."""
    choices = [st.none(), hnp.valid_tuple_axes(ndim)]
    if ndim:
        choices.append(st.integers(-ndim, ndim - 1))
    return draw(st.one_of(choices))


def _reduced_count(shape: tuple, axis: Any) -> int:
    if axis is None:
        return int(np.prod(shape))
    axes = (axis,) if isinstance(axis, int) else axis
    return int(np.prod([shape[a] for a in axes]))


@st.composite
def _reduction_case(draw, elements, unique=False, shapes=SHAPES, **fixed) -> Case:
    shape = draw(shapes)
    options = {"axis": draw(_axis(len(shape))), "keepdims": draw(st.booleans()), **fixed}
    return Case((draw(_array(shape, elements, unique)),), options)


def _unbiased_variance_case() -> st.SearchStrategy[Case]:
    """var(ddof=1) needs two elements or more in every group it reduces."""
    shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=2, max_side=3)
    return _reduction_case(REAL, shapes=shapes, ddof=1).filter(
        lambda case: _reduced_count(case.arrays[0].shape, case.options["axis"]) > 1
    )


def _np_logsumexp(x, axis=None, keepdims=False):
    return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))


def _np_softmax(x, axis=-1):
    exps = np.exp(x)
    return exps / exps.sum(axis=axis, keepdims=True)


def _np_log_softmax(x, axis=-1):
    return x - _np_logsumexp(x, axis=axis, keepdims=True)


@st.composite
def _along_axis_case(draw) -> Case:
    """softmax and log_softmax: one axis, or the default (the last)."""
    x = draw(NONSCALAR_SHAPES.flatmap(_array))
    axis = draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
    return Case((x,), {} if axis is None else {"axis": axis})


_REDUCTIONS = [
    Op("sum", _method("sum"), np.sum, _reduction_case(REAL)),
    Op("mean", _method("mean"), np.mean, _reduction_case(REAL)),
    Op("var(ddof=0)", _method("var"), np.var, _reduction_case(REAL, ddof=0)),
    Op("var(ddof=1)", _method("var"), np.var, _unbiased_variance_case()),
    Op("max", _method("max"), np.max, _reduction_case(DISTINCT, unique=True)),
    Op("min", _method("min"), np.min, _reduction_case(DISTINCT, unique=True)),
    Op("logsumexp", _method("logsumexp"), _np_logsumexp, _reduction_case(REAL), tolerance=1e-12),
    Op("softmax", _method("softmax"), _np_softmax, _along_axis_case(), tolerance=1e-12),
    Op("log_softmax", _method("log_softmax"), _np_log_softmax, _along_axis_case(), tolerance=1e-12),
]


# ------------------------------------------------------------------ shapes


@st.composite
def _reshape_case(draw) -> Case:
    """A new shape of the same size: the sides permuted, maybe a 1 added, maybe a -1."""
    x = draw(SHAPES.flatmap(_array))
    shape = list(draw(st.permutations(x.shape)))
    if draw(st.booleans()):
        shape.insert(draw(st.integers(0, len(shape))), 1)
    if shape and draw(st.booleans()):
        shape[draw(st.integers(0, len(shape) - 1))] = -1
    return Case((x,), {"shape": tuple(shape), "spelled_out": draw(st.booleans())})


def _reshape(t, shape, spelled_out):
    return t.reshape(*shape) if spelled_out else t.reshape(shape)


@st.composite
def _transpose_case(draw) -> Case:
    """No axes, or a permutation (some axes counted from the end) spelled out or as a tuple."""
    x = draw(SHAPES.flatmap(_array))
    axes = [a - x.ndim if draw(st.booleans()) else a for a in draw(st.permutations(range(x.ndim)))]
    return Case((x,), {"axes": tuple(axes), "spelling": draw(st.sampled_from(["none", "*", "()"]))})


def _transpose(t, axes, spelling):
    return {"none": t.transpose, "*": lambda: t.transpose(*axes), "()": lambda: t.transpose(axes)}[
        spelling
    ]()


def _np_transpose(x, axes, spelling):
    return np.transpose(x, None if spelling == "none" else axes)


@st.composite
def _swapaxes_case(draw) -> Case:
    x = draw(NONSCALAR_SHAPES.flatmap(_array))
    axis = st.integers(-x.ndim, x.ndim - 1)
    return Case((x,), {"axis1": draw(axis), "axis2": draw(axis)})


@st.composite
def _squeeze_case(draw) -> Case:
    """All length-1 axes (axis None), or some of them, by position from either end."""
    x = draw(SHAPES.flatmap(_array))
    ones = [a - x.ndim if draw(st.booleans()) else a for a, n in enumerate(x.shape) if n == 1]
    chosen = draw(st.lists(st.sampled_from(ones), unique_by=lambda a: a % x.ndim)) if ones else []
    axis = draw(st.sampled_from([None, tuple(chosen), *chosen]))
    return Case((x,), {"axis": axis})


@st.composite
def _broadcast_to_case(draw) -> Case:
    target = draw(SHAPES)
    shape = draw(hnp.broadcastable_shapes(target, max_dims=len(target), max_side=3))
    return Case((draw(_array(shape)),), {"shape": np.broadcast_shapes(target, shape)})


def _expand_dims_case() -> st.SearchStrategy[Case]:
    return SHAPES.flatmap(
        lambda shape: _one(st.just(shape), axis=st.integers(-len(shape) - 1, len(shape)))
    )


_SHAPE_OPS = [
    Op("reshape", _reshape, lambda x, shape, spelled_out: x.reshape(shape), _reshape_case()),
    Op("flatten", Tensor.flatten, np.ravel, _one()),
    Op("transpose", _transpose, _np_transpose, _transpose_case()),
    Op("T", lambda t: t.T, lambda x: x.T, _one()),
    Op("swapaxes", _method("swapaxes"), np.swapaxes, _swapaxes_case()),
    Op("squeeze", _method("squeeze"), np.squeeze, _squeeze_case()),
    Op("expand_dims", _method("expand_dims"), np.expand_dims, _expand_dims_case()),
    Op("broadcast_to", _method("broadcast_to"), np.broadcast_to, _broadcast_to_case()),
]


# ------------------------------------------------------------------ indexing


def _index_case(index_for: Callable[[tuple], st.SearchStrategy], shapes=SHAPES, elements=REAL):
    """Cases of an array and an index drawn for its shape."""
    return shapes.flatmap(
        lambda shape: st.builds(
            lambda x, index: Case((x,), {"index": index}), _array(shape, elements), index_for(shape)
        )
    )


def _repeated_rows(shape: tuple) -> st.SearchStrategy[list]:
    """A list of row numbers (negative ones too) whose first one comes back at the end."""
    rows = st.lists(st.integers(-shape[0], shape[0] - 1), min_size=1, max_size=5)
    return rows.map(lambda r: [*r, r[0]])


def _last_axis_rows(shape: tuple) -> st.SearchStrategy[tuple]:
    return _repeated_rows(shape[::-1]).map(lambda r: (Ellipsis, np.array(r)))


def _getitem(t, index):
    return t[index]


def _np_getitem(x, index):
    return x[np.asarray(index) if isinstance(index, list) else index]


_INDEXING = [
    Op(
        "t[basic]",
        _getitem,
        _np_getitem,
        _index_case(lambda s: hnp.basic_indices(s, allow_newaxis=True)),
    ),
    Op(
        "t[int arrays]",
        _getitem,
        _np_getitem,
        _index_case(hnp.integer_array_indices, NONSCALAR_SHAPES),
    ),
    Op("t[repeated list]", _getitem, _np_getitem, _index_case(_repeated_rows, NONSCALAR_SHAPES)),
    Op("t[..., repeated]", _getitem, _np_getitem, _index_case(_last_axis_rows, NONSCALAR_SHAPES)),
    Op(
        "t[bool mask]",
        _getitem,
        _np_getitem,
        _index_case(lambda s: hnp.arrays(bool, s), NONSCALAR_SHAPES),
    ),
    Op(
        "t[Tensor mask]",
        lambda t, index: t[Tensor(index)],
        _np_getitem,
        _index_case(lambda s: hnp.arrays(bool, s[:1]), NONSCALAR_SHAPES),
    ),
    Op("t[t > 0]", lambda t: t[t > 0], lambda x: x[x > 0], _one(elements=AWAY_FROM_KINKS)),
]


# ------------------------------------------------------------------ joining


@st.composite
def _concatenate_case(draw) -> Case:
    """1 to 3 arrays that differ only in their length along `axis`."""
    shape = draw(NONSCALAR_SHAPES)
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    lengths = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    shapes = [(*shape[: axis % len(shape)], n, *shape[axis % len(shape) + 1 :]) for n in lengths]
    return Case(tuple(draw(_array(s)) for s in shapes), {"axis": axis})


@st.composite
def _stack_case(draw) -> Case:
    shape = draw(SHAPES)
    count = draw(st.integers(1, 3))
    axis = draw(st.integers(-len(shape) - 1, len(shape)))
    return Case(tuple(draw(_array(shape)) for _ in range(count)), {"axis": axis})


_JOINING = [
    Op(
        "concatenate",
        lambda *ts, axis: autograd.concatenate(ts, axis=axis),
        lambda *xs, axis: np.concatenate(xs, axis=axis),
        _concatenate_case(),
    ),
    Op(
        "stack",
        lambda *ts, axis: autograd.stack(list(ts), axis=axis),
        lambda *xs, axis: np.stack(xs, axis=axis),
        _stack_case(),
    ),
]


OPS: list[Op] = [
    *_OPERATORS,
    *_elementwise(),
    *_selections(),
    *_REDUCTIONS,
    *_SHAPE_OPS,
    *_INDEXING,
    *_JOINING,
]


# ------------------------------------------------------------------ running a case


def leaves(case: Case, dtype: Any = np.float64) -> list[Tensor]:
    """The case's arrays as fresh leaf tensors that require grad.

    >>> [(t.dtype, t.requires_grad) for t in leaves(Case((np.ones(2),)), np.float32)]
    [(dtype('float32'), True)]
    """
    return [Tensor(a, requires_grad=True, dtype=dtype) for a in case.arrays]


def options_in(case: Case, dtype: Any) -> dict:
    """The case's options with floating ndarrays converted to `dtype` (numbers unchanged).

    >>> options_in(Case((), {"other": np.ones(1), "power": 2}), np.float32)["other"].dtype
    dtype('float32')
    """
    return {
        k: v.astype(dtype) if isinstance(v, np.ndarray) and v.dtype.kind == "f" else v
        for k, v in case.options.items()
    }


seeds = st.integers(0, 2**32 - 1)  # for the random gradients a test sends back
