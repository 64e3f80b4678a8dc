"""Rows of the reductions: sum, mean, var, max, min, logsumexp, softmax, log_softmax."""

from __future__ import annotations

from typing import Any

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np

from .cases import DISTINCT, NONSCALAR_SHAPES, REAL, SHAPES, Case, Op, _array, _method


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
