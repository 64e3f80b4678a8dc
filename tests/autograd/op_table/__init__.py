"""Every differentiable operation of the engine, in one table that drives the property tests.

Each `Op` pairs the engine's call (`fn`, on Tensors) with the same computation
in plain NumPy (`ref`, on arrays) and a hypothesis strategy for its inputs
(`cases`). NumPy is the oracle: forward values must equal `ref`, and first
derivatives must equal central differences of `ref`, which never runs the
engine, so a bug in the engine's own gradcheck cannot hide a bug in an op.

Inputs stay clear of kinks (relu, abs, clip, ties of max and maximum) and
inside their domains (log, sqrt, division, powers) by construction, so no
drawn example is thrown away and a step of 1e-6 never crosses a kink.

The rows live in one module per family (operators, elementwise, reductions, shapes,
indexing, joining); `cases` holds what they are made of.

>>> [op.name for op in OPS][:3]
['a+b', 't+number', 'number+t']
"""

from __future__ import annotations

from typing import Any

import hypothesis.strategies as st
import numpy as np
import pytest

from autograd import Tensor

from .cases import Case, Op
from .elementwise import _elementwise, _selections
from .indexing import _INDEXING
from .joining import _JOINING
from .operators import _OPERATORS
from .reductions import _REDUCTIONS
from .shapes import _SHAPE_OPS

__all__ = ["OPS", "Case", "Op", "leaves", "options_in", "parametrize_ops", "seeds"]


OPS: list[Op] = [
    *_OPERATORS,
    *_elementwise(),
    *_selections(),
    *_REDUCTIONS,
    *_SHAPE_OPS,
    *_INDEXING,
    *_JOINING,
]


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
