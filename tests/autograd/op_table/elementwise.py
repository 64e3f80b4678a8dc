"""Rows of the elementwise ops, and of where, maximum and minimum."""

from __future__ import annotations

import operator
from collections.abc import Iterator

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np

import autograd
from autograd import Tensor

from .cases import AWAY_FROM_KINKS, NEVER_TIED, POSITIVE, REAL, Case, Op, _array, _one
from .operators import _constant_on_right, _tensor_pair


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
