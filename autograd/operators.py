"""Tensor's Python operators: + - * / ** @ and their reflected and in-place forms,
comparisons, indexing, and NumPy's ufuncs applied to a Tensor.

`Operators` is a mixin of `Tensor` (tensor.py); each arithmetic operator runs
an operation of autograd/ops through `op` (see deferred.py). Numbers and
ndarrays enter an operation as constants; anything else goes through
`_operand`, which converts lists and NumPy scalars and rejects the rest with
an error naming the operator. The type test before it spares the usual
operands a function call, which costs more than some small operations.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import numpy as np

from .deferred import op
from .dtypes import get_default_dtype

if TYPE_CHECKING:
    from .tensor import Tensor

# Operands an operation takes as they are (Tensors too, tested with isinstance).
_PLAIN = frozenset({float, int, np.ndarray})


class Operators:
    """The operators of `Tensor`.

    >>> x = Tensor([1.0, 2.0])
    >>> (2 * x + 1) / x, x < 2
    (Tensor([3. , 2.5]), Tensor([ True, False], dtype=bool))
    """

    __slots__ = ()

    def __neg__(self) -> Tensor:
        return op.Neg.apply(self)

    def __pos__(self) -> Tensor:
        return self  # type: ignore[return-value]

    def __add__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "add (+)")
        return op.Add.apply(self, other)

    def __radd__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "add (+)")
        return op.Add.apply(other, self)

    def __sub__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "sub (-)")
        return op.Sub.apply(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "sub (-)")
        return op.Sub.apply(other, self)

    def __mul__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "mul (*)")
        return op.Mul.apply(self, other)

    def __rmul__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "mul (*)")
        return op.Mul.apply(other, self)

    def __truediv__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "div (/)")
        return op.Div.apply(self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "div (/)")
        return op.Div.apply(other, self)

    def __pow__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "pow (**)")
        return op.Pow.apply(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "pow (**)")
        return op.Pow.apply(other, self)

    def __matmul__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "matmul (@)")
        return op.MatMul.apply(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        if type(other) not in _PLAIN:
            other = _operand(other, "matmul (@)")
        return op.MatMul.apply(other, self)

    # In-place operators change the tensor itself (the same object, the same
    # memory), so a model holding it sees the change; see inplace.py.
    def __iadd__(self, other: Any) -> Tensor:
        return op.change_in_place(self, op.Add, other)

    def __isub__(self, other: Any) -> Tensor:
        return op.change_in_place(self, op.Sub, other)

    def __imul__(self, other: Any) -> Tensor:
        return op.change_in_place(self, op.Mul, other)

    def __itruediv__(self, other: Any) -> Tensor:
        return op.change_in_place(self, op.Div, other)

    def __ipow__(self, other: Any) -> Tensor:
        return op.change_in_place(self, op.Pow, other)

    def __imatmul__(self, other: Any) -> Tensor:
        return op.change_in_place(self, op.MatMul, other)

    def zero_(self) -> Tensor:
        """Set every element to 0 in place and return the tensor.

        >>> Tensor([1.0, 2.0]).zero_()
        Tensor([0., 0.])
        """
        return op.change_in_place(self, op.Mul, 0.0, fill=0)

    # Comparisons and bitwise operators: their results never require grad.
    def __lt__(self, other: Any) -> Tensor:
        return _compare(np.less, "lt (<)", self, other)

    def __le__(self, other: Any) -> Tensor:
        return _compare(np.less_equal, "le (<=)", self, other)

    def __gt__(self, other: Any) -> Tensor:
        return _compare(np.greater, "gt (>)", self, other)

    def __ge__(self, other: Any) -> Tensor:
        return _compare(np.greater_equal, "ge (>=)", self, other)

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return _compare(np.equal, "eq (==)", self, other)

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return _compare(np.not_equal, "ne (!=)", self, other)

    def __and__(self, other: Any) -> Tensor:
        return _compare(np.bitwise_and, "and (&)", self, other)

    def __or__(self, other: Any) -> Tensor:
        return _compare(np.bitwise_or, "or (|)", self, other)

    def __invert__(self) -> Tensor:
        return op.make_tensor(~self._data, None)

    __hash__ = object.__hash__  # identity, although == compares elementwise

    def __getitem__(self, index: Any) -> Tensor:
        return op.GetItem.apply(self, index=_as_index(index))

    def __setitem__(self, index: Any, value: Any) -> None:
        """`t[idx] = v` writes into the tensor's memory (under no_grad for a parameter)."""
        op.set_items(self, _as_index(index), value)

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """Let `ndarray + t`, `np.float64(2) * t` and `np.exp(t)` build the graph too."""
        if method == "__call__" and not kwargs:
            operation = _differentiable_ufuncs().get(ufunc)
            if operation is not None:
                return operation.apply(*[_operand(x, f"np.{ufunc.__name__}") for x in inputs])
        if "out" in kwargs:
            raise TypeError(f"np.{ufunc.__name__}: a Tensor cannot be written in place (out=)")
        if ufunc in _UFUNCS_WITHOUT_GRADIENT or not any(
            isinstance(x, Operators) and x.requires_grad for x in inputs
        ):
            arrays = [x._data if isinstance(x, Operators) else x for x in inputs]
            result = getattr(ufunc, method)(*arrays, **kwargs)
            if isinstance(result, tuple):
                return tuple(op.make_tensor(np.asarray(r), None) for r in result)
            return op.make_tensor(np.asarray(result), None)
        raise TypeError(
            f"np.{ufunc.__name__} has no derivative rule in autograd; use a Tensor method "
            f"(t.exp(), t.tanh(), ...) or write it as an autograd.Function"
        )


def _operand(x: Any, operation: str = "an operation on a Tensor") -> Any:
    """`x` as an input of `operation`: Tensors, arrays and Python numbers as they are.

    A NumPy scalar becomes a Python number so that, like a Python number, it
    keeps the tensor's dtype (`np.float64(2.0) * t` stays float32); a list
    becomes an array of the default dtype.

    >>> _operand(np.float64(2.0), "mul (*)"), _operand([1, 2], "mul (*)")
    (2.0, array([1., 2.], dtype=float32))
    """
    if isinstance(x, Operators):
        return x
    if isinstance(x, np.generic):  # before float: np.float64 is a subclass of float
        return x.item()
    if isinstance(x, (np.ndarray, int, float)):
        return x
    if isinstance(x, (list, tuple)):
        try:
            return np.asarray(x, dtype=get_default_dtype())
        except (TypeError, ValueError) as error:  # strings, ragged lists
            raise type(error)(f"{operation}: a list operand must hold numbers: {error}") from None
    raise TypeError(
        f"{operation}: got an operand of type {type(x).__name__}; the other operand must be a "
        f"Tensor, an ndarray, a number or a list of numbers"
    )


def _data(x: Any) -> Any:
    """The ndarray inside a Tensor; anything else as it is.

    >>> _data(Tensor([1.0])), _data(2.0)
    (array([1.], dtype=float32), 2.0)
    """
    return x._data if isinstance(x, Operators) else x


def _as_index(index: Any) -> Any:
    """An index NumPy understands: Tensors become their arrays, lists become arrays."""
    if isinstance(index, tuple):
        return tuple(_as_index(part) for part in index)
    if isinstance(index, Operators):
        return index._data
    if isinstance(index, list):
        return np.asarray(index)
    return index


def _compare(ufunc: np.ufunc, name: str, tensor: Any, other: Any) -> Tensor:
    """`ufunc(tensor, other)` as a Tensor that does not require grad, or an error naming it."""
    try:
        return op.make_tensor(ufunc(tensor._data, _data(other)), None)
    except (TypeError, ValueError) as error:  # NumPy's UFuncTypeError, broadcasting
        if isinstance(other, (Operators, np.ndarray)):
            described = f"shape {other.shape} and dtype {other.dtype}"
        else:
            described = f"{type(other).__name__} {other!r}"
        kind = ValueError if isinstance(error, ValueError) else TypeError  # not NumPy's own
        raise kind(
            f"{name}: cannot compare a Tensor of shape {tensor.shape} and dtype {tensor.dtype} "
            f"with {described}: {error}"
        ) from None


@functools.cache
def _differentiable_ufuncs() -> dict:
    """NumPy's ufuncs that run as an operation when given a Tensor (np.exp(t), ...)."""
    return {
        np.add: op.Add, np.subtract: op.Sub, np.multiply: op.Mul, np.true_divide: op.Div,
        np.power: op.Pow, np.matmul: op.MatMul, np.negative: op.Neg, np.exp: op.Exp,
        np.log: op.Log, np.sqrt: op.Sqrt, np.absolute: op.Abs, np.tanh: op.Tanh,
        np.maximum: op.Maximum, np.minimum: op.Minimum,
        np.sin: op.Sin, np.cos: op.Cos,  # so a Sin's backward can be differentiated
    }  # fmt: skip


# Ufuncs whose results carry no gradient (comparisons, tests, rounding):
# applying them to a tensor that requires grad is fine and records nothing.
_UFUNCS_WITHOUT_GRADIENT = {
    np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal,
    np.isfinite, np.isnan, np.isinf, np.sign, np.signbit, np.floor, np.ceil, np.rint,
    np.logical_and, np.logical_or, np.logical_not, np.logical_xor,
}  # fmt: skip
