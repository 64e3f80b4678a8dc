"""PyTorch's spellings, for code written for PyTorch.

The engine speaks NumPy first; this module lets a PyTorch program run with
its `torch.` prefix changed. Where the two disagree NumPy's meaning wins:
`.size` is the element count, `var` and `std` divide by N (ddof=0), and
`max(axis)` returns the values only.

What lives here:
- `TensorMethods`, a mixin of `Tensor`: the methods PyTorch has beyond
  NumPy's names, and its plain aliases (`view` is `reshape`, `mul` is `*`),
  each declared once, here;
- advice for the PyTorch names the engine lacks (`add_pytorch_advice`).

`dim=` / `keepdim=` and the element count that explains itself when called
as `x.size()` are in arguments.py.

`grad_fn`'s node is in grad_fn.py, the function forms (`autograd.sin(x)`)
in functional.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .arguments import ElementCount as ElementCount  # the names ops/ and tests import here
from .arguments import pick as pick
from .arguments import pytorch_axis, shape_argument
from .deferred import op
from .methods import Methods
from .operators import Operators, _data

if TYPE_CHECKING:
    from .grad_fn import GradFn
    from .tensor import Tensor


class TensorMethods:
    """The methods PyTorch has beyond NumPy's names, and its aliases of ours.

    >>> Tensor([[1.0, 2.0]]).t().shape, Tensor([1.0]).mul(2)
    ((2, 1), Tensor([2.]))
    """

    __slots__ = ()

    # PyTorch's names for methods and operators written once elsewhere.
    view = Methods.reshape
    permute = Methods.transpose
    unsqueeze = Methods.expand_dims
    neg = Operators.__neg__
    add = Operators.__add__
    sub = Operators.__sub__
    mul = Operators.__mul__
    div = Operators.__truediv__
    pow = Operators.__pow__
    matmul = mm = Operators.__matmul__

    @property
    def grad_fn(self) -> GradFn | None:
        """The operation that made this tensor (see `GradFn`), None for a leaf.

        >>> Tensor([1.0]).grad_fn is None
        True
        """
        return None if self._ctx is None else op.GradFn(self._ctx)

    def numel(self) -> int:
        """The number of elements (also `.size`).

        >>> Tensor([[1.0, 2.0, 3.0]]).numel()
        3
        """
        return int(self.data.size)

    def tolist(self) -> Any:
        """The values as (nested) Python lists; a number for a 0-d tensor.

        >>> Tensor([[1.0, 2.0]]).tolist()
        [[1.0, 2.0]]
        """
        return self.data.tolist()

    def t(self) -> Tensor:
        """The transpose of a matrix (a tensor of at most 2 axes, as in PyTorch).

        >>> Tensor([[1.0, 2.0, 3.0]]).t().shape
        (3, 1)
        """
        if self.ndim > 2:
            raise ValueError(
                f"t: expects a tensor of at most 2 axes, got shape {self.shape}; use "
                f"swapaxes(-1, -2) to swap the last two axes, or transpose(*axes)"
            )
        return self.transpose()

    def expand(self, *sizes: Any) -> Tensor:
        """`broadcast_to` in PyTorch's words: expand(3, -1) or expand((3, -1)); -1 keeps
        an axis, extra leading sizes add axes.

        >>> Tensor([[1.0], [2.0]]).expand(2, 3).shape
        (2, 3)
        """
        sizes = shape_argument(sizes)
        new = len(sizes) - self.ndim
        if new < 0:
            raise ValueError(
                f"expand: {len(sizes)} sizes {sizes} for a tensor of shape {self.shape}; "
                f"give a size for every axis (-1 keeps one)"
            )
        if -1 in sizes[:new]:
            raise ValueError(f"expand: sizes {sizes}: -1 cannot be the size of a new axis")
        shape = tuple(self.shape[i - new] if n == -1 else n for i, n in enumerate(sizes))
        return self.broadcast_to(shape)

    def clone(self) -> Tensor:
        """A copy of the data that stays in the graph (gradients flow back through it).

        >>> x = Tensor([1.0]); y = x.clone(); y.data is x.data
        False
        """
        return op.Clone.apply(self)

    def double(self) -> Tensor:
        """The tensor as float64 (`astype(np.float64)`).

        >>> Tensor([1.0]).double().dtype
        dtype('float64')
        """
        return self.astype(np.float64)

    def float(self) -> Tensor:
        """The tensor as float32 (`astype(np.float32)`).

        >>> Tensor(np.array([1.0])).float().dtype
        dtype('float32')
        """
        return self.astype(np.float32)

    def std(
        self,
        axis: Any = None,
        keepdims: bool = False,
        ddof: int = 0,
        *,
        dim: Any = None,
        keepdim: bool | None = None,
    ) -> Tensor:
        """Standard deviation over `axis`: sqrt(var), dividing by N - ddof (ddof=0 like
        NumPy; PyTorch's default divides by N - 1, which is ddof=1).

        >>> Tensor([1.0, 3.0]).std()
        Tensor(1.)
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("std", axis, keepdims, dim, keepdim)
        variance = self.var(axis, keepdims, ddof)
        positive = variance.data > 0
        if positive.all():
            return variance.sqrt()
        # Where all values are equal sqrt's derivative is infinite; PyTorch's
        # std passes 0 there, and so does this (never 0 * inf = NaN).
        return op.where(positive, op.where(positive, variance, 1.0).sqrt(), 0.0)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        """`clip` in PyTorch's words: values limited to [min, max] (either may be None).

        >>> Tensor([-2.0, 0.5, 3.0]).clamp(min=0)
        Tensor([0. , 0.5, 3. ])
        """
        if min is None and max is None:
            raise TypeError("clamp: give min, max or both")
        return op.Clip.apply(self, lo=_data(min), hi=_data(max))

    def argmax(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """Index of the largest element along `axis` (of the flattened data when None),
        as an int64 tensor that does not require grad.

        >>> Tensor([[1.0, 5.0], [3.0, 2.0]]).argmax(dim=1)
        Tensor([1, 0], dtype=int64)
        """
        return _arg("argmax", self, axis, keepdims, dim, keepdim)

    def argmin(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """Index of the smallest element along `axis` (of the flattened data when None).

        >>> Tensor([[1.0, 5.0], [3.0, 2.0]]).argmin(axis=0)
        Tensor([0, 1], dtype=int64)
        """
        return _arg("argmin", self, axis, keepdims, dim, keepdim)

    def sin(self) -> Tensor:
        """Sine elementwise (radians).

        >>> Tensor([0.0]).sin()
        Tensor([0.])
        """
        return op.Sin.apply(self)

    def cos(self) -> Tensor:
        """Cosine elementwise (radians).

        >>> Tensor([0.0]).cos()
        Tensor([1.])
        """
        return op.Cos.apply(self)


def _arg(call: str, x: Tensor, axis: Any, keepdims: bool, dim: Any, keepdim: Any) -> Tensor:
    if dim is not None or keepdim is not None:
        axis, keepdims = pytorch_axis(call, axis, keepdims, dim, keepdim)
    try:
        index = getattr(x.data, call)(axis=axis, keepdims=keepdims)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{call}: tensor of shape {x.shape}, axis={axis!r}: {error}") from None
    return op.make_tensor(np.asarray(index, dtype=np.int64), None)


# PyTorch names a Tensor here does not have, and what to write instead.
PYTORCH_INSTEAD = {
    "dim": "x.ndim is the number of axes, as in NumPy",
    "nelement": "x.numel() or x.size",
    "to": "x.astype(np.float64) changes the dtype; everything runs on the CPU with NumPy",
    "cuda": "everything runs on the CPU with NumPy: leave .cuda() out",
    "cpu": "everything runs on the CPU with NumPy: leave .cpu() out",
    "device": "everything runs on the CPU with NumPy; there is no device",
    "contiguous": "the data is an ndarray: leave .contiguous() out",
    "long": "x.astype(np.int64)",
    "int": "x.astype(np.int32)",
    "half": "x.astype(np.float16)",
    "bool": "x.astype(bool), or a comparison such as x > 0",
    "type": "x.astype(dtype) converts, x.dtype tells",
    "view_as": "x.reshape(other.shape)",
    "reshape_as": "x.reshape(other.shape)",
    "expand_as": "x.broadcast_to(other.shape)",
    "masked_fill": "autograd.where(mask, value, x)",
    "gather": "indexing with integer arrays, e.g. x[np.arange(len(x)), labels]",
    "repeat": "autograd.concatenate([x] * n, axis=...) or x.broadcast_to(shape)",
    "bmm": "x @ y (matmul broadcasts over leading axes)",
    "norm": "(x ** 2).sum().sqrt()",
    "square": "x ** 2",
    "reciprocal": "1 / x",
    "rsqrt": "1 / x.sqrt()",
    "mT": "x.swapaxes(-1, -2)",
    "chunk": "slicing, e.g. x[:, :k] and x[:, k:]",
    "split": "slicing, e.g. x[:, :k] and x[:, k:]",
    "flip": "slicing with a negative step, e.g. x[::-1]",
    "copy_": "x[...] = values (under no_grad() for a tensor that requires grad)",
    "fill_": "x[...] = value (under no_grad() for a tensor that requires grad)",
    "detach_": "y = x.detach()",
    "retain_grad": "autograd.grad(loss, x) gives the gradient of a tensor that is not a leaf",
    "register_hook": "autograd.grad(loss, x) gives the gradient with respect to any tensor",
    "new_zeros": "autograd.zeros(shape, dtype=x.dtype)",
    "new_ones": "autograd.ones(shape, dtype=x.dtype)",
    "new_full": "autograd.full(shape, value, dtype=x.dtype)",
    "new_tensor": "Tensor(data, dtype=x.dtype)",
    "all": "x.data.all() (and x.data.any())",
    "uniform_": "nn.init.uniform_(x, a, b)",
    "normal_": "nn.init.normal_(x, mean, std)",
    "any": "x.data.any() (and x.data.all())",
}
# In-place methods PyTorch has; here an in-place operator or a new tensor does it.
_IN_PLACE_OPERATORS = {"add_": "+=", "sub_": "-=", "mul_": "*=", "div_": "/="}
_IN_PLACE = "exp_ log_ sqrt_ abs_ neg_ pow_ clamp_ clip_ relu_ sigmoid_ tanh_ sin_ cos_ "
_IN_PLACE += "squeeze_ unsqueeze_ t_ transpose_"
for _name, _symbol in _IN_PLACE_OPERATORS.items():
    PYTORCH_INSTEAD[_name] = f"update in place with x {_symbol} y (under no_grad() for a parameter)"
for _name in _IN_PLACE.split():
    PYTORCH_INSTEAD[_name] = (
        f"the only in-place methods are zero_() and requires_grad_(): write "
        f"x = x.{_name[:-1]}(...), or x[...] = values under no_grad()"
    )
del _name, _symbol


class NotHere:
    """A PyTorch name a Tensor lacks: reading it raises an AttributeError that says
    what to write instead. A class attribute rather than a `__getattr__`, which
    would slow down every attribute read of every tensor.

    >>> class Demo:
    ...     cuda = NotHere("cuda", "leave it out")
    >>> Demo().cuda
    Traceback (most recent call last):
    AttributeError: 'Demo' object has no attribute 'cuda': leave it out
    """

    __slots__ = ("advice", "name")

    def __init__(self, name: str, advice: str) -> None:
        self.name, self.advice = name, advice

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        raise AttributeError(
            f"'{type(instance).__name__}' object has no attribute '{self.name}': {self.advice}",
            name=self.name,
            obj=instance,
        )


def add_pytorch_advice(tensor_class: type) -> None:
    """Give `tensor_class` a `NotHere` for each PyTorch name it lacks.

    >>> Tensor([1.0]).cuda()
    Traceback (most recent call last):
    AttributeError: 'Tensor' object has no attribute 'cuda': everything runs on the CPU...
    """
    for name, advice in PYTORCH_INSTEAD.items():
        if not hasattr(tensor_class, name):  # a real method always wins over advice
            setattr(tensor_class, name, NotHere(name, advice))
