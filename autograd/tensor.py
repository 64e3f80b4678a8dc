"""`Tensor`: an ndarray that remembers how it was computed.

A Tensor holds its data (`.data`, a NumPy array), its gradient (`.grad`,
filled by `backward` on leaves that require grad) and, when an operation made
it, the `Context` of that operation (`._ctx`), which points at the operation's
inputs. Those links are the graph; `backward` walks them in reverse.

No derivative lives here: every operator and method calls a `Function` in
`autograd.ops`, where each forward stands beside its backward.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from . import version

_default_dtype = np.dtype(np.float32)


def get_default_dtype() -> np.dtype:
    """The dtype Python numbers and lists become (float32 unless changed).

    >>> get_default_dtype()
    dtype('float32')
    """
    return _default_dtype


def set_default_dtype(dtype: Any) -> None:
    """Make Python numbers and lists become `dtype` (a floating dtype), e.g. np.float64.

    >>> set_default_dtype(np.float64); Tensor([1.0]).dtype
    dtype('float64')
    >>> set_default_dtype(np.float32)
    """
    global _default_dtype
    if dtype is None:  # np.dtype(None) would silently mean float64
        raise TypeError("set_default_dtype: give a floating dtype such as np.float32, not None")
    try:
        dtype = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"set_default_dtype: {dtype!r} is not a dtype ({error})") from None
    if dtype.kind != "f":
        raise TypeError(f"set_default_dtype: the default dtype must be floating, got {dtype}")
    _default_dtype = dtype


def _as_array(data: Any, dtype: Any) -> np.ndarray:
    """A fresh array of `data`, as `Tensor(data, dtype=dtype)` documents."""
    if isinstance(data, Tensor):
        data = data._data
    if data is None:  # NumPy would make it NaN in a floating dtype
        raise TypeError("Tensor: data must be numbers (a number, nested list or array), got None")
    if not isinstance(data, (np.ndarray, np.generic)) and dtype is None:
        dtype = _default_dtype
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


class Tensor:
    """An n-dimensional array that records the operations applied to it.

    `data` may be a number, a nested list, an ndarray or a Tensor; the data is
    copied (`as_tensor` shares an ndarray instead). Python numbers and lists
    become the default dtype (float32); an ndarray keeps its dtype. Only
    floating tensors can require grad. `name` labels it in graph drawings.
    Methods take NumPy's names and PyTorch's (`axis=` or `dim=`, `reshape` or
    `view`, ...: the PyTorch names are declared at the end of this module).

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
    def T(self) -> Tensor:
        """The tensor with its axes reversed (the transpose of a matrix)."""
        return Transpose.apply(self, axes=None)

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
        engine.backward(self, grad, retain_graph=retain_graph)

    def astype(self, dtype: Any) -> Tensor:
        """The tensor converted to `dtype`; the gradient converts back.

        >>> Tensor([1.5]).astype(np.float64).dtype
        dtype('float64')
        """
        try:
            dtype = np.dtype(dtype)
        except TypeError as error:
            raise TypeError(f"astype: {error}") from None
        return Cast.apply(self, dtype=dtype)

    # ------------------------------------------------------------ Python
    __hash__ = object.__hash__  # identity, although == compares elementwise

    def __repr__(self) -> str:
        body = np.array2string(self._data, separator=", ", prefix="Tensor(")
        extras = []
        if self._data.dtype != _default_dtype:
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

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """Let `ndarray + t`, `np.float64(2) * t` and `np.exp(t)` build the graph too."""
        if method == "__call__" and not kwargs:
            op = _UFUNC_OPS.get(ufunc)
            if op is not None:
                return op.apply(*[_operand(x) for x in inputs])
        if "out" in kwargs:
            raise TypeError(f"np.{ufunc.__name__}: a Tensor cannot be written in place (out=)")
        if ufunc in _UFUNCS_WITHOUT_GRADIENT or not any(
            isinstance(x, Tensor) and x.requires_grad for x in inputs
        ):
            arrays = [x._data if isinstance(x, Tensor) else x for x in inputs]
            result = getattr(ufunc, method)(*arrays, **kwargs)
            if isinstance(result, tuple):
                return tuple(_make_tensor(np.asarray(r), None) for r in result)
            return _make_tensor(np.asarray(result), None)
        raise TypeError(
            f"np.{ufunc.__name__} has no derivative rule in autograd; use a Tensor method "
            f"(t.exp(), t.tanh(), ...) or write it as an autograd.Function"
        )

    # ------------------------------------------------------------ operators
    # + - * / ** @ and the comparisons are made by _arithmetic and _comparison
    # at the end of this module, each from its operation.

    def __neg__(self) -> Tensor:
        return Neg.apply(self)

    def __pos__(self) -> Tensor:
        return self

    def __getitem__(self, index: Any) -> Tensor:
        return GetItem.apply(self, index=_as_index(index))

    def __setitem__(self, index: Any, value: Any) -> None:
        """`t[idx] = v` writes into the tensor's memory (under no_grad for a parameter)."""
        set_items(self, _as_index(index), value)

    # In-place operators change the tensor itself (the same object, the same
    # memory), so a model holding it sees the change; see autograd/inplace.py.
    def __iadd__(self, other: Any) -> Tensor:
        return change_in_place(self, Add, other)

    def __isub__(self, other: Any) -> Tensor:
        return change_in_place(self, Sub, other)

    def __imul__(self, other: Any) -> Tensor:
        return change_in_place(self, Mul, other)

    def __itruediv__(self, other: Any) -> Tensor:
        return change_in_place(self, Div, other)

    def __ipow__(self, other: Any) -> Tensor:
        return change_in_place(self, Pow, other)

    def __imatmul__(self, other: Any) -> Tensor:
        return change_in_place(self, MatMul, other)

    def zero_(self) -> Tensor:
        """Set every element to 0 in place and return the tensor.

        >>> Tensor([1.0, 2.0]).zero_()
        Tensor([0., 0.])
        """
        return change_in_place(self, Mul, 0.0, fill=0)

    # ------------------------------------------------------------- methods
    def sum(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """Sum over `axis` (all axes when None).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).sum(axis=0)
        Tensor([4., 6.])
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("sum", axis, keepdims, dim, keepdim)
        return Sum.apply(self, axis=axis, keepdims=keepdims)

    def mean(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """Mean over `axis` (all axes when None).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mean(axis=1)
        Tensor([1.5, 3.5])
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("mean", axis, keepdims, dim, keepdim)
        return Mean.apply(self, axis=axis, keepdims=keepdims)

    def var(
        self,
        axis: Any = None,
        keepdims: bool = False,
        ddof: int = 0,
        *,
        dim: Any = None,
        keepdim: Any = None,
    ) -> Tensor:
        """Variance over `axis`, divided by N - ddof (ddof=0 like NumPy).

        >>> Tensor([1.0, 2.0, 3.0, 4.0]).var()
        Tensor(1.25)
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("var", axis, keepdims, dim, keepdim)
        return Var.apply(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def max(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """Maximum over `axis`; tied maxima share the gradient equally.

        >>> Tensor([[1.0, 5.0], [3.0, 2.0]]).max(axis=1)
        Tensor([5., 3.])
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("max", axis, keepdims, dim, keepdim)
        return Max.apply(self, axis=axis, keepdims=keepdims)

    def min(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """Minimum over `axis`; tied minima share the gradient equally.

        >>> Tensor([[1.0, 5.0], [3.0, 2.0]]).min(axis=1)
        Tensor([1., 2.])
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("min", axis, keepdims, dim, keepdim)
        return Min.apply(self, axis=axis, keepdims=keepdims)

    def logsumexp(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """log(sum(exp(x))) over `axis`, computed without overflow.

        >>> Tensor([1e4, 1e4]).logsumexp()
        Tensor(10000.693)
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("logsumexp", axis, keepdims, dim, keepdim)
        return LogSumExp.apply(self, axis=axis, keepdims=keepdims)

    def softmax(self, axis: int = -1, *, dim: int | None = None) -> Tensor:
        """exp(x) / sum(exp(x)) along `axis`: positive, summing to 1.

        >>> Tensor([0.0, 0.0]).softmax()
        Tensor([0.5, 0.5])
        """
        if dim is not None:
            axis = pick("softmax", "axis", axis, -1, "dim", dim)
        return Softmax.apply(self, axis=axis)

    def log_softmax(self, axis: int = -1, *, dim: int | None = None) -> Tensor:
        """log(softmax(x)) along `axis`, stable for large |x|.

        >>> Tensor([0.0, 0.0]).log_softmax()
        Tensor([-0.6931472, -0.6931472])
        """
        if dim is not None:
            axis = pick("log_softmax", "axis", axis, -1, "dim", dim)
        return LogSoftmax.apply(self, axis=axis)

    def exp(self) -> Tensor:
        """e ** x elementwise.

        >>> Tensor([0.0]).exp()
        Tensor([1.])
        """
        return Exp.apply(self)

    def log(self) -> Tensor:
        """Natural logarithm; NaN for negative numbers, -inf at 0, like NumPy.

        >>> Tensor([1.0]).log()
        Tensor([0.])
        """
        return Log.apply(self)

    def sqrt(self) -> Tensor:
        """Square root elementwise.

        >>> Tensor([4.0]).sqrt()
        Tensor([2.])
        """
        return Sqrt.apply(self)

    def abs(self) -> Tensor:
        """|x| elementwise (gradient 0 at 0).

        >>> Tensor([-2.0]).abs()
        Tensor([2.])
        """
        return Abs.apply(self)

    def relu(self) -> Tensor:
        """max(x, 0) elementwise (gradient 0 at 0).

        >>> Tensor([-1.0, 2.0]).relu()
        Tensor([0., 2.])
        """
        return ReLU.apply(self)

    def sigmoid(self) -> Tensor:
        """1 / (1 + exp(-x)), stable for large |x|.

        >>> Tensor([0.0]).sigmoid()
        Tensor([0.5])
        """
        return Sigmoid.apply(self)

    def tanh(self) -> Tensor:
        """Hyperbolic tangent elementwise.

        >>> Tensor([0.0]).tanh()
        Tensor([0.])
        """
        return Tanh.apply(self)

    def clip(self, lo: Any = None, hi: Any = None) -> Tensor:
        """Limit values to [lo, hi]; the gradient is 0 where a value was clipped.

        >>> Tensor([-2.0, 0.5, 3.0]).clip(0, 1)
        Tensor([0. , 0.5, 1. ])
        """
        return Clip.apply(self, lo=lo, hi=hi)

    def reshape(self, *shape: Any) -> Tensor:
        """The same data in a new shape: reshape(2, 3) or reshape((2, 3)); -1 infers one axis.

        >>> Tensor([1.0, 2.0, 3.0, 4.0]).reshape(2, -1).shape
        (2, 2)
        """
        return Reshape.apply(self, shape=_shape_argument(shape))

    def flatten(self) -> Tensor:
        """The data as one axis.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).flatten().shape
        (4,)
        """
        return Reshape.apply(self, shape=(-1,))

    def squeeze(self, axis: Any = None, *, dim: Any = None) -> Tensor:
        """Remove axes of length 1 (all of them, or those in `axis`).

        >>> Tensor([[1.0], [2.0]]).squeeze().shape
        (2,)
        """
        if dim is not None:
            axis = pick("squeeze", "axis", axis, None, "dim", dim)
        return Squeeze.apply(self, axis=axis)

    def expand_dims(self, axis: Any = None, *, dim: Any = None) -> Tensor:
        """Insert an axis of length 1 at `axis`.

        >>> Tensor([1.0, 2.0]).expand_dims(0).shape
        (1, 2)
        """
        if dim is not None or axis is None:
            axis = pick("expand_dims", "axis", axis, None, "dim", dim)
            if axis is None:
                raise TypeError("expand_dims: give the position of the new axis (axis or dim)")
        return ExpandDims.apply(self, axis=axis)

    def transpose(self, *axes: Any) -> Tensor:
        """Permute the axes: transpose(1, 0), transpose((1, 0)); reversed when none given.

        >>> Tensor([[1.0, 2.0, 3.0]]).transpose().shape
        (3, 1)
        """
        axes = _shape_argument(axes)
        if len(axes) == 2 and self.ndim > 2:  # PyTorch's transpose(dim0, dim1)
            raise ValueError(
                f"transpose: axes {axes} for a tensor of shape {self.shape}: transpose takes "
                f"an order of all {self.ndim} axes, as in NumPy; to swap two axes (PyTorch's "
                f"transpose(dim0, dim1)) use swapaxes({axes[0]}, {axes[1]})"
            )
        return Transpose.apply(self, axes=None if axes in ((), (None,)) else axes)

    def swapaxes(self, axis1: int, axis2: int) -> Tensor:
        """Exchange two axes.

        >>> Tensor(np.zeros((2, 3, 4))).swapaxes(-1, -2).shape
        (2, 4, 3)
        """
        axes = list(range(self.ndim))
        try:
            axes[axis1], axes[axis2] = axes[axis2], axes[axis1]
        except IndexError:
            raise IndexError(
                f"swapaxes: axes {axis1} and {axis2} do not both exist in a tensor of shape "
                f"{self.shape}"
            ) from None
        return Transpose.apply(self, axes=tuple(axes))

    def broadcast_to(self, shape: Any) -> Tensor:
        """Repeat the data along new or length-1 axes to `shape`, as NumPy broadcasts.

        >>> Tensor([1.0, 2.0]).broadcast_to((3, 2)).shape
        (3, 2)
        """
        return BroadcastTo.apply(self, shape=_shape_argument((shape,)))


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


def _shape_argument(args: tuple) -> tuple:
    """(2, 3) from either (2, 3) or ((2, 3),), the two ways NumPy accepts shapes."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(args[0])
    return tuple(args)


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


# Operands used as they are; checked by a set lookup in each operator, since
# calling _operand costs more than many a small operation.
_PLAIN = frozenset({Tensor, float, int, np.ndarray})


def _operand(x: Any, operation: str = "an operation on a Tensor") -> Any:
    """`x` as an input of `operation`: Tensors, arrays and Python numbers as they are.

    A NumPy scalar becomes a Python number so that, like a Python number, it
    keeps the tensor's dtype (`np.float64(2.0) * t` stays float32).
    """
    kind = type(x)
    if kind in _PLAIN:
        return x
    if isinstance(x, np.generic):  # before float: np.float64 is a subclass of float
        return x.item()
    if isinstance(x, (Tensor, np.ndarray, int, float)):
        return x
    if isinstance(x, (list, tuple)):
        try:
            return np.asarray(x, dtype=_default_dtype)
        except (TypeError, ValueError) as error:  # strings, ragged lists
            raise type(error)(f"{operation}: a list operand must hold numbers: {error}") from None
    raise TypeError(
        f"{operation}: got an operand of type {kind.__name__}; the other operand must be a "
        f"Tensor, an ndarray, a number or a list of numbers"
    )


def _operands(*xs: Any) -> list:
    """Operation inputs for a public function: the first becomes a Tensor if none is,
    so that `autograd.where(c, 1.0, 0.0)` returns a Tensor like the rest."""
    operands = [_operand(x) for x in xs]
    if operands and not any(isinstance(x, Tensor) for x in operands):
        operands[0] = Tensor(operands[0])
    return operands


def _data(x: Any) -> Any:
    return x._data if isinstance(x, Tensor) else x


def _as_index(index: Any) -> Any:
    """An index NumPy understands: Tensors become their arrays, lists become arrays."""
    if isinstance(index, tuple):
        return tuple(_as_index(part) for part in index)
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, list):
        return np.asarray(index)
    return index


# The operations are imported last: they build Tensors, so they import this module.
from . import engine  # noqa: E402
from .inplace import change_in_place, set_items  # noqa: E402
from .ops.elementwise import (  # noqa: E402
    Abs,
    Add,
    Cast,
    Clip,
    Div,
    Exp,
    Log,
    Maximum,
    Minimum,
    Mul,
    Neg,
    Pow,
    ReLU,
    Sigmoid,
    Sqrt,
    Sub,
    Tanh,
)
from .ops.linalg import MatMul  # noqa: E402
from .ops.reduce import LogSoftmax, LogSumExp, Max, Mean, Min, Softmax, Sum, Var  # noqa: E402
from .ops.shape import (  # noqa: E402
    BroadcastTo,
    ExpandDims,
    GetItem,
    Reshape,
    Squeeze,
    Transpose,
)

_UFUNC_OPS = {
    np.add: Add,
    np.subtract: Sub,
    np.multiply: Mul,
    np.true_divide: Div,
    np.power: Pow,
    np.matmul: MatMul,
    np.negative: Neg,
    np.exp: Exp,
    np.log: Log,
    np.sqrt: Sqrt,
    np.absolute: Abs,
    np.tanh: Tanh,
    np.maximum: Maximum,
    np.minimum: Minimum,
}

# Ufuncs whose results carry no gradient (comparisons, tests, rounding):
# applying them to a tensor that requires grad is fine and records nothing.
_UFUNCS_WITHOUT_GRADIENT = {
    np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal,
    np.isfinite, np.isnan, np.isinf, np.sign, np.signbit, np.floor, np.ceil, np.rint,
    np.logical_and, np.logical_or, np.logical_not, np.logical_xor,
}  # fmt: skip


def _arithmetic(op: type, name: str) -> tuple[Callable[..., Tensor], Callable[..., Tensor]]:
    """The operator and its reflected form for `op` (as `t * 2` and `2 * t`).

    Numbers and ndarrays enter the operation as constants. The set lookup
    spares the usual operands the call to _operand, which costs more than
    many a small operation.
    """
    apply = op.apply

    def operator(self: Tensor, other: Any) -> Tensor:
        return apply(self, other if type(other) in _PLAIN else _operand(other, name))

    def reflected(self: Tensor, other: Any) -> Tensor:
        return apply(other if type(other) in _PLAIN else _operand(other, name), self)

    return operator, reflected


Tensor.__add__, Tensor.__radd__ = _arithmetic(Add, "add (+)")  # type: ignore[method-assign]
Tensor.__sub__, Tensor.__rsub__ = _arithmetic(Sub, "sub (-)")  # type: ignore[method-assign]
Tensor.__mul__, Tensor.__rmul__ = _arithmetic(Mul, "mul (*)")  # type: ignore[method-assign]
Tensor.__truediv__, Tensor.__rtruediv__ = _arithmetic(Div, "div (/)")  # type: ignore[method-assign]
Tensor.__pow__, Tensor.__rpow__ = _arithmetic(Pow, "pow (**)")  # type: ignore[method-assign]
Tensor.__matmul__, Tensor.__rmatmul__ = _arithmetic(MatMul, "matmul (@)")  # type: ignore[method-assign]


def _comparison(ufunc: np.ufunc, name: str) -> Callable[..., Tensor]:
    """An elementwise comparison or bitwise operator: its result never requires grad."""

    def compare(self: Tensor, other: Any) -> Tensor:
        try:
            return _make_tensor(ufunc(self._data, _data(other)), None)
        except (TypeError, ValueError) as error:  # NumPy's UFuncTypeError, broadcasting
            raise _comparison_error(name, self, other, error) from None

    return compare


Tensor.__lt__ = _comparison(np.less, "lt (<)")  # type: ignore[method-assign]
Tensor.__le__ = _comparison(np.less_equal, "le (<=)")  # type: ignore[method-assign]
Tensor.__gt__ = _comparison(np.greater, "gt (>)")  # type: ignore[method-assign]
Tensor.__ge__ = _comparison(np.greater_equal, "ge (>=)")  # type: ignore[method-assign]
Tensor.__eq__ = _comparison(np.equal, "eq (==)")  # type: ignore[method-assign, assignment]
Tensor.__ne__ = _comparison(np.not_equal, "ne (!=)")  # type: ignore[method-assign, assignment]
Tensor.__and__ = _comparison(np.bitwise_and, "and (&)")  # type: ignore[method-assign]
Tensor.__or__ = _comparison(np.bitwise_or, "or (|)")  # type: ignore[method-assign]


def _comparison_error(name: str, tensor: Tensor, other: Any, error: Exception) -> Exception:
    """The error of a comparison NumPy refused, naming it and both operands."""
    if isinstance(other, (Tensor, np.ndarray)):
        described = f"shape {other.shape} and dtype {other.dtype}"
    else:
        described = f"{type(other).__name__} {other!r}"
    kind = ValueError if isinstance(error, ValueError) else TypeError  # not NumPy's subclasses
    return kind(
        f"{name}: cannot compare a Tensor of shape {tensor.shape} and dtype {tensor.dtype} "
        f"with {described}: {error}"
    )


Tensor.__invert__ = lambda self: _make_tensor(~self._data, None)  # type: ignore[method-assign]


# ---------------------------------------------------------------- PyTorch names
# PyTorch's spellings, each declared once here: aliases of the methods and
# operators above (no second copies), the methods PyTorch has beyond NumPy's
# names (written in aliases.py) and, for a PyTorch name not here, an attribute
# whose error says what to write instead. Nothing here runs on the usual path.
from .aliases import (  # noqa: E402
    PYTORCH_INSTEAD,
    ElementCount,
    NotHere,
    TensorMethods,
    pick,
    pytorch_axis,
)
from .ops.elementwise import Cos, Sin  # noqa: E402

Tensor.view = Tensor.reshape  # type: ignore[attr-defined]
Tensor.permute = Tensor.transpose  # type: ignore[attr-defined]
Tensor.unsqueeze = Tensor.expand_dims  # type: ignore[attr-defined]
Tensor.neg = Tensor.__neg__  # type: ignore[attr-defined]
Tensor.add = Tensor.__add__  # type: ignore[attr-defined]
Tensor.sub = Tensor.__sub__  # type: ignore[attr-defined]
Tensor.mul = Tensor.__mul__  # type: ignore[attr-defined]
Tensor.div = Tensor.__truediv__  # type: ignore[attr-defined]
Tensor.pow = Tensor.__pow__  # type: ignore[attr-defined]
Tensor.matmul = Tensor.mm = Tensor.__matmul__  # type: ignore[attr-defined]
for _name, _method in vars(TensorMethods).items():
    if not _name.startswith("__"):
        setattr(Tensor, _name, _method)
for _name, _advice in PYTORCH_INSTEAD.items():
    if not hasattr(Tensor, _name):  # a real method always wins over advice
        setattr(Tensor, _name, NotHere(_name, _advice))
del _name, _method, _advice
_UFUNC_OPS.update({np.sin: Sin, np.cos: Cos})  # so a Sin's backward can be differentiated
