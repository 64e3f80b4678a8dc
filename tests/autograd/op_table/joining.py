"""Rows of the ops that join tensors: concatenate and stack."""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as np

import autograd

from .cases import NONSCALAR_SHAPES, SHAPES, Case, Op, _array


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
