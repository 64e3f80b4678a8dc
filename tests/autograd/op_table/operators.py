"""Rows of the binary operators: + - * / ** @ on two tensors, or a tensor and a constant."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator

import hypothesis.strategies as st
import numpy as np

from .cases import MATMUL_PAIRS, NONZERO, PAIRS, POSITIVE, REAL, Case, Op, _array, _one


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
