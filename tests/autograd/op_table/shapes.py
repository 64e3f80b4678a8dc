"""Rows of the ops that move elements without changing them: reshape, transpose and friends."""

from __future__ import annotations

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np

from autograd import Tensor

from .cases import NONSCALAR_SHAPES, SHAPES, Case, Op, _array, _method, _one


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
