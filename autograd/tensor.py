"""`Tensor`: an ndarray that remembers how it was computed.

A Tensor holds its data (`.data`, a NumPy array), its gradient (`.grad`,
filled by `backward` on leaves that require grad) and, when an operation made
it, the `Context` of that operation (`._ctx`), which points at the operation's
inputs. Those links are the graph; `backward` walks them in reverse.

No derivative lives here: every operator and method calls a `Function` in
`autograd.ops`, where each forward stands beside its backward. The class is
assembled from this module's core and three mixins, each in a module that
does not import this one: operators.py (`+`, `*`, `<`, `t[i]`, ...),
methods.py (`sum`, `exp`, `reshape`, ...) and aliases.py (PyTorch's names).
Those methods reach the operations and the engine, which build Tensors and
so import this module, through deferred.py: the one place the engine imports
late (its docstring says why).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from . import version
from .aliases import TensorMethods, add_pytorch_advice
from .arguments import ElementCount
from .deferred import op
from .dtypes import get_default_dtype, set_default_dtype
from .methods import Methods
from .operators import Operators, _data, _operand

__all__ = ["Tensor", "as_array", "as_tensor", "get_default_dtype", "set_default_dtype"]


def _as_array(data: Any, dtype: Any) -> np.ndarray:
    """A fresh array of `data`, as `Tensor(data, dtype=dtype)` documents."""
    if isinstance(data, Tensor):
        data = data._data
    if data is None:  # NumPy would make it NaN in a floating dtype
        raise TypeError("Tensor: data must be numbers (a number, nested list or array), got None")
    if not isinstance(data, (np.ndarray, np.generic)) and dtype is None:
        dtype = get_default_dtype()
    try:
        array = np.array(data, dtype=dtype)
    except (TypeError, ValueError) as error:  # strings, ragged lists, other objects
        raise type(error)(f"Tensor: data must be numbers: {error}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"Tensor: data must be numbers (bool, integer or floating), got dtype {array.dtype}"
        )
    return array


def _require_floating(data: np.ndarray) -> None:
    if data.dtype.kind != "f":
        raise TypeError(
            f"Tensor: only floating-point tensors can require grad, this one holds {data.dtype} "
            f"data (labels and indices are integers). Convert it first, e.g. "
            f"Tensor(data.astype(np.float32), requires_grad=True)."
        )


class Tensor(Operators, Methods, TensorMethods):
    """An n-dimensional array that records the operations applied to it.

    `data` may be a number, a nested list, an ndarray or a Tensor; the data is
    copied (`as_tensor` shares an ndarray instead). Python numbers and lists
    become the default dtype (float32); an ndarray keeps its dtype. Only
    floating tensors can require grad. `name` labels it in graph drawings.
    Methods take NumPy's names and PyTorch's (`axis=` or `dim=`, `reshape` or
    `view`, ...): the class is this module's core (data, gradient, version,
    backward, conversions) and three mixins: the operators (operators.py),
    the methods that run an operation (methods.py) and PyTorch's names
    (aliases.py).

    >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    array([2., 4., 6.], dtype=float32)
    """

    # The array lives in `_data`: the engine's hot paths read the slot, everyone
    # else the `data` property, whose setter tells the graph the values changed.
    __slots__ = ("__weakref__", "_ctx", "_data", "grad", "name", "requires_grad")

    def __init__(
        self, data: Any, requires_grad: bool = False, dtype: Any = None, name: str | None = None
    ) -> None:
        self._data: np.ndarray = _as_array(data, dtype)
        if requires_grad:
            _require_floating(self._data)
        self.requires_grad: bool = bool(requires_grad)
        self.grad: np.ndarray | None = None
        self._ctx = None
        self.name: str | None = name

    # ----------------------------------------------------------- attributes
    @property
    def data(self) -> np.ndarray:
        """The values, a NumPy array (shared, not copied).

        Assigning it (`t.data = array`, or `p.data -= lr * p.grad`) counts as an
        in-place change: a backward through an operation that saved the old
        values raises instead of using them.

        >>> t = Tensor([1.0, 2.0]); t.data -= 1.0; t.data, t._version
        (array([0., 1.], dtype=float32), 1)
        """
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        old = getattr(self, "_data", None)  # None while a new Tensor is being filled in
        if value is not old:  # (the same array after `p.data -= x`, which wrote into it)
            value = _data(value)
            if not isinstance(value, np.ndarray):
                value = np.asarray(value)
            if value.dtype.kind not in "biuf":
                raise TypeError(f"Tensor.data: must be an array of numbers, got {value.dtype}")
            if getattr(self, "requires_grad", False):
                _require_floating(value)
        if old is not None:
            version.bump(old)
        self._data = value

    @property
    def _version(self) -> int:
        """How many times the library changed this tensor's memory in place.

        Shared by every tensor viewing the same memory (`detach()`, views).

        >>> w = Tensor([1.0]); d = w.detach(); d += 1.0; w._version
        1
        """
        return version.version(self._data)

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of the data."""
        return self._data.shape

    @property
    def ndim(self) -> int:
        """The number of axes."""
        return self._data.ndim

    @property
    def size(self) -> int:
        """The number of elements (called as PyTorch's x.size(), it says to use .shape)."""
        return ElementCount(self._data.size)

    @property
    def dtype(self) -> np.dtype:
        """The dtype of the data."""
        return self._data.dtype

    @property
    def is_leaf(self) -> bool:
        """True for tensors no recorded operation made (inputs and parameters)."""
        return self._ctx is None

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set `requires_grad` in place (only floating tensors) and return self.

        >>> Tensor([1.0]).requires_grad_().requires_grad
        True
        """
        if requires_grad:
            _require_floating(self._data)
        self.requires_grad = bool(requires_grad)
        return self

    # --------------------------------------------------------- conversions
    def item(self) -> Any:
        """The value of a one-element tensor as a Python number.

        >>> Tensor([[2.5]]).item()
        2.5
        """
        if self._data.size != 1:
            raise ValueError(
                f"item: only a tensor of one element converts to a Python number; "
                f"this one has shape {self.shape}"
            )
        return self._data.item()

    def numpy(self) -> np.ndarray:
        """The data as an ndarray (shared, not copied; no graph).

        >>> Tensor([1.0, 2.0]).numpy()
        array([1., 2.], dtype=float32)
        """
        return self._data

    def detach(self) -> Tensor:
        """A tensor with the same data that is cut off from the graph.

        >>> x = Tensor([1.0], requires_grad=True)
        >>> (x * 2).detach().requires_grad
        False
        """
        return _make_tensor(self._data, None)

    def zero_grad(self) -> None:
        """Forget the accumulated gradient (`.grad` becomes None)."""
        self.grad = None

    def backward(
        self, grad: Any = None, retain_graph: bool = False, *, gradient: Any = None
    ) -> None:
        """Accumulate d(self)/d(leaf) into `.grad` of every leaf that requires grad.

        `grad` (the gradient of some final result with respect to this tensor;
        PyTorch's `gradient=` works too) may be omitted for a tensor of one
        element, where it is 1. The pass frees what the graph saved for it, so
        going through the same graph again needs `retain_graph=True` here.

        >>> x = Tensor(3.0, requires_grad=True)
        >>> (x ** 2).backward()
        >>> x.grad
        array(6., dtype=float32)
        """
        if gradient is not None:
            if grad is not None:
                raise TypeError("backward: give the gradient once, as grad= or as gradient=")
            grad = gradient
        op.backward(self, grad, retain_graph=retain_graph)

    # ------------------------------------------------------------ Python
    def __repr__(self) -> str:
        body = np.array2string(self._data, separator=", ", prefix="Tensor(")
        extras = []
        if self._data.dtype != get_default_dtype():
            extras.append(f"dtype={self._data.dtype}")
        if self._ctx is not None:
            extras.append(f"op={self._ctx.function.name}")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        if self.name:
            extras.append(f"name={self.name!r}")
        return f"Tensor({', '.join([body, *extras])})"

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self) -> Iterator[Tensor]:
        for i in range(len(self)):
            yield self[i]

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise ValueError(
                f"the truth value of a tensor of shape {self.shape} is ambiguous; "
                f"use (t > 0).data.any() or .all()"
            )
        return bool(self._data)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        if self.requires_grad:
            raise TypeError(
                "NumPy cannot take a tensor that requires grad: the result would silently "
                "leave the graph. Use an autograd operation (a Tensor method, "
                "autograd.concatenate, ...), or t.detach().numpy() for the plain values."
            )
        data = self._data if dtype is None else self._data.astype(dtype, copy=False)
        return data.copy() if copy else data


def as_tensor(data: Any, dtype: Any = None) -> Tensor:
    """`data` as a Tensor that does not require grad, sharing memory with an ndarray.

    Like `np.asarray` (and PyTorch's `as_tensor`): a Tensor comes back as it
    is, an ndarray of a suitable dtype is wrapped without a copy, so changing
    one changes the other; anything else is converted as `Tensor(data)` would.
    Data loaders use it to hand out batches without copying them twice.

    >>> array = np.zeros(2, dtype=np.float32)
    >>> t = as_tensor(array); array[0] = 5.0; t
    Tensor([5., 0.])
    """
    if isinstance(data, Tensor) and dtype is None:
        return data
    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf":
        return _make_tensor(data if dtype is None else data.astype(dtype, copy=False), None)
    return Tensor(data, dtype=dtype)


def as_array(x: Any) -> np.ndarray:
    """`x` as an ndarray: a Tensor's data (shared, whether or not it requires grad),
    anything else through `np.asarray`. For code that takes either.

    >>> as_array(Tensor([1.0], requires_grad=True)), as_array([1, 2])
    (array([1.], dtype=float32), array([1, 2]))
    """
    return x._data if isinstance(x, Tensor) else np.asarray(x)


_new = object.__new__


def _make_tensor(data: np.ndarray, ctx: Any) -> Tensor:
    """A Tensor around `data` made by an operation (no copy, no checks: the hot path)."""
    tensor = _new(Tensor)
    tensor._data = data
    tensor.grad = None
    tensor.requires_grad = ctx is not None
    tensor._ctx = ctx
    tensor.name = None
    return tensor


def _operands(*xs: Any) -> list:
    """Operation inputs for a public function: the first becomes a Tensor if none is,
    so that `autograd.where(c, 1.0, 0.0)` returns a Tensor like the rest."""
    operands = [_operand(x) for x in xs]
    if operands and not any(isinstance(x, Tensor) for x in operands):
        operands[0] = Tensor(operands[0])
    return operands


# PyTorch names a Tensor lacks: reading one says what to write instead.
add_pytorch_advice(Tensor)
