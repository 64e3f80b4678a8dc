"""Rows of indexing: basic slices, integer arrays, repeated rows and boolean masks."""

from __future__ import annotations

from collections.abc import Callable

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np

from autograd import Tensor

from .cases import AWAY_FROM_KINKS, NONSCALAR_SHAPES, REAL, SHAPES, Case, Op, _array, _one


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
