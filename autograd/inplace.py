"""In-place changes of a tensor: `+= -= *= /= **= @=`, `t[idx] = v` and `zero_()`.

They change the tensor itself, the same object and the same memory, so a
model holding a parameter sees `p -= lr * p.grad`. Every one of them stamps
the memory's version (see `version.py`), so a backward through an
operation that saved the old values raises instead of using the new ones.

What happens depends on whether the change must be recorded:
- nothing to record (under `no_grad()`, or no tensor involved requires grad):
  NumPy writes straight into the array, as fast as by hand;
- a leaf that requires grad (a parameter), with grad enabled: an error, since
  its gradient is about the values the graph used; update it under `no_grad()`;
- any other tensor with grad enabled: the operation is recorded as usual on a
  copy of the old values, the result is written into the tensor, and the
  tensor becomes that operation's output, as in PyTorch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import mode, version
from .tensor import Tensor, _data, _make_tensor, _operand

# The NumPy function that writes each operation's result into its first operand.
_UFUNCS = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "div": np.true_divide,
    "pow": np.power,
}
_SYMBOLS = {"add": "+=", "sub": "-=", "mul": "*=", "div": "/=", "pow": "**=", "matmul": "@="}


def change_in_place(tensor: Tensor, op: type, other: Any, fill: Any = None) -> Tensor:
    """`tensor <op>= other`, written into `tensor`'s memory; returns `tensor`.

    `fill` (zero_) writes that constant instead of the operation's result;
    the operation stands for it in the graph.

    >>> t = Tensor([1.0, 2.0]); t *= 3; t
    Tensor([3., 6.])
    """
    what = "zero_()" if fill is not None else f"{_SYMBOLS[op.name]} (in-place {op.name})"
    other = other if type(other) in (float, int) else _operand(other)
    records = mode.current.get().grad_enabled and (
        tensor.requires_grad or (isinstance(other, Tensor) and other.requires_grad)
    )
    if not records:
        array = tensor._data
        try:
            if fill is not None:
                array[...] = fill
            elif op.name == "matmul":
                _write(array, array @ _data(other), what)
            else:
                _UFUNCS[op.name](array, _data(other), out=array, casting="same_kind")
        except (ValueError, TypeError) as error:
            raise _named(error, f"{what}: {_describe(tensor, other)}") from None
        version.bump(array)
        return tensor

    if tensor.requires_grad and tensor._ctx is None:
        raise RuntimeError(
            f"{what}: this tensor (shape {tensor.shape}) is a leaf that requires grad, such as "
            f"a parameter; changing it in place while grad is enabled would make the graph's "
            f"gradients wrong. Update parameters inside `with autograd.no_grad():` (e.g. "
            f"p -= lr * p.grad), or compute a new tensor (p = p - x, or p.clone() first)."
        )
    # Record on a copy of the old values: what the operation saves stays as it was.
    old = _make_tensor(tensor._data.copy(), tensor._ctx)
    result = op.apply(old, old if other is tensor else other)  # y *= y: both are the old y
    _write(tensor._data, result._data if fill is None else fill, what)
    version.bump(tensor._data)
    # Operations recorded earlier hold `tensor` as their input, but used its old
    # value: backward finds that value here (see saved.check_usable).
    result._ctx.in_place_of = old
    tensor._ctx = result._ctx
    tensor.requires_grad = result.requires_grad
    return tensor


def set_items(tensor: Tensor, index: Any, value: Any) -> None:
    """`tensor[index] = value`: NumPy's item assignment, seen by the graph.

    >>> t = Tensor([1.0, 2.0, 3.0]); t[1:] = 0.0; t
    Tensor([1., 0., 0.])
    """
    if mode.current.get().grad_enabled and (
        tensor.requires_grad or (isinstance(value, Tensor) and value.requires_grad)
    ):
        if tensor.requires_grad and tensor._ctx is None:
            fix = (
                "Change a parameter inside `with autograd.no_grad():` (t[idx] = v there), "
                "or build a new tensor"
            )
        else:
            fix = "Build a new tensor instead (autograd.where, autograd.concatenate, ...)"
        raise RuntimeError(
            f"t[idx] = v: item assignment with grad enabled on a tensor of shape "
            f"{tensor.shape} that requires grad (or of a value that requires grad) is not "
            f"recorded, so its gradient would be wrong. {fix}."
        )
    try:
        tensor._data[index] = _data(value)
    except (ValueError, TypeError, IndexError) as error:
        raise _named(error, f"t[idx] = v: {_describe(tensor, value)}") from None
    version.bump(tensor._data)


def _write(array: np.ndarray, result: Any, what: str) -> None:
    """Copy `result` into `array`, which an in-place operation may not reshape."""
    if np.shape(result) != array.shape and np.ndim(result) > 0:
        raise ValueError(
            f"{what}: the result has shape {np.shape(result)} but the tensor has shape "
            f"{array.shape}; an in-place operation cannot change a tensor's shape"
        )
    np.copyto(array, result, casting="same_kind")


def _named(error: Exception, context: str) -> Exception:
    """`error` as the plain built-in kind it is, with `context` in front of its message."""
    kind = next(k for k in (IndexError, TypeError, ValueError) if isinstance(error, k))
    return kind(f"{context}: {error}")


def _describe(tensor: Tensor, other: Any) -> str:
    shape = np.shape(_data(other))
    return f"tensor of shape {tensor.shape} ({tensor.dtype}) and operand of shape {shape}"
