"""What the table is made of: the values ops are drawn from, `Case` and `Op`, and the
helpers every family of rows uses."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np

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

    >>> from tests.autograd.op_table import OPS
    >>> next(op for op in OPS if op.name == "np.exp(t)").ref is np.exp
    True
    """

    name: str
    fn: Callable[..., Tensor]
    ref: Callable[..., np.ndarray]
    cases: st.SearchStrategy[Case]
    tolerance: float = 0.0
    out_dtype: Any = None


def _method(name: str, **fixed: Any) -> Callable[..., Tensor]:
    """Call Tensor method `name` with the case's options (and `fixed` ones)."""
    return lambda t, **options: getattr(t, name)(**fixed, **options)


def _one(shapes=SHAPES, elements=REAL, **options: st.SearchStrategy) -> st.SearchStrategy[Case]:
    """Cases of one array drawn from `elements`, plus options drawn independently."""
    arrays = st.tuples(shapes.flatmap(lambda shape: _array(shape, elements)))
    return st.builds(Case, arrays, st.fixed_dictionaries(options))
