"""The operations as functions, as NumPy and PyTorch spell them: `autograd.sin(x)` is `x.sin()`.

The one-input forms take a Tensor (anything else is converted, as `Tensor(x)`
would) and call the method, so the operation and its derivative are the
method's. The forms of several inputs (`where`, `maximum`, `minimum`,
`concatenate`, `stack`) and the sliding windows (`unfold`, `fold`) apply their
operation from `autograd.ops` directly.

>>> import autograd
>>> autograd.exp(autograd.zeros(2))
Tensor([1., 1.])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .aliases import pick
from .ops.conv import Fold, Pair, Unfold, pair

# Re-exported for nn.functional's convolutions, which check their windows the same way.
from .ops.conv import check_windows as check_windows
from .ops.elementwise import Maximum, Minimum, Where
from .ops.shape import Concatenate, Stack
from .tensor import Tensor, _data, _operands


def _tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def exp(x: Any) -> Tensor:
    """e ** x elementwise.

    >>> exp(Tensor([0.0]))
    Tensor([1.])
    """
    return _tensor(x).exp()


def log(x: Any) -> Tensor:
    """Natural logarithm elementwise (NaN below 0, -inf at 0, as in NumPy).

    >>> log(Tensor([1.0]))
    Tensor([0.])
    """
    return _tensor(x).log()


def sin(x: Any) -> Tensor:
    """Sine elementwise (radians).

    >>> sin(Tensor([0.0]))
    Tensor([0.])
    """
    return _tensor(x).sin()


def cos(x: Any) -> Tensor:
    """Cosine elementwise (radians).

    >>> cos(Tensor([0.0]))
    Tensor([1.])
    """
    return _tensor(x).cos()


def tanh(x: Any) -> Tensor:
    """Hyperbolic tangent elementwise.

    >>> tanh(Tensor([0.0]))
    Tensor([0.])
    """
    return _tensor(x).tanh()


def sigmoid(x: Any) -> Tensor:
    """1 / (1 + exp(-x)) elementwise, stable for large |x|.

    >>> sigmoid(Tensor([0.0]))
    Tensor([0.5])
    """
    return _tensor(x).sigmoid()


def relu(x: Any) -> Tensor:
    """max(x, 0) elementwise.

    >>> relu(Tensor([-1.0, 2.0]))
    Tensor([0., 2.])
    """
    return _tensor(x).relu()


def matmul(a: Any, b: Any) -> Tensor:
    """a @ b (NumPy's matmul: broadcasts over leading axes).

    >>> matmul(Tensor([[1.0, 2.0]]), Tensor([[3.0], [4.0]]))
    Tensor([[11.]])
    """
    return _tensor(a) @ b


def logsumexp(
    x: Any, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
) -> Tensor:
    """log(sum(exp(x))) over `axis` (`dim`), computed without overflow.

    >>> logsumexp(Tensor([[0.0, 0.0]]), dim=1, keepdim=True)
    Tensor([[0.6931472]])
    """
    return _tensor(x).logsumexp(axis, keepdims, dim=dim, keepdim=keepdim)


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """Elementwise `a` where `condition` is true, else `b` (NumPy broadcasting).

    >>> import autograd
    >>> x = Tensor([-1.0, 2.0])
    >>> autograd.where(x > 0, x, 0.0)
    Tensor([0., 2.])
    """
    return Where.apply(*_operands(a, b), condition=np.asarray(_data(condition), bool))


def maximum(a: Any, b: Any) -> Tensor:
    """Elementwise maximum of `a` and `b` (NumPy broadcasting).

    >>> import autograd
    >>> autograd.maximum(Tensor([1.0, 4.0]), Tensor([3.0, 2.0]))
    Tensor([3., 4.])
    """
    return Maximum.apply(*_operands(a, b))


def minimum(a: Any, b: Any) -> Tensor:
    """Elementwise minimum of `a` and `b` (NumPy broadcasting).

    >>> import autograd
    >>> autograd.minimum(Tensor([1.0, 4.0]), 2.0)
    Tensor([1., 2.])
    """
    return Minimum.apply(*_operands(a, b))


def concatenate(tensors: Sequence[Any], axis: int = 0, *, dim: int | None = None) -> Tensor:
    """Join tensors along an existing axis (`dim` is PyTorch's name for `axis`).

    >>> import autograd
    >>> autograd.concatenate([Tensor([1.0]), Tensor([2.0, 3.0])])
    Tensor([1., 2., 3.])
    """
    if dim is not None:
        axis = pick("concatenate", "axis", axis, 0, "dim", dim)
    return Concatenate.apply(*_operands(*tensors), axis=axis)


#: PyTorch's name for `concatenate`: `cat(tensors, dim=0)`.
cat = concatenate


def stack(tensors: Sequence[Any], axis: int = 0, *, dim: int | None = None) -> Tensor:
    """Join tensors of one shape along a new axis (`dim` is PyTorch's name for `axis`).

    >>> import autograd
    >>> autograd.stack([Tensor([1.0, 2.0]), Tensor([3.0, 4.0])]).shape
    (2, 2)
    """
    if dim is not None:
        axis = pick("stack", "axis", axis, 0, "dim", dim)
    return Stack.apply(*_operands(*tensors), axis=axis)


def unfold(
    x: Any,
    kernel_size: int | Pair,
    dilation: int | Pair = 1,
    padding: int | Pair = 0,
    stride: int | Pair = 1,
    fill: float = 0.0,
) -> Tensor:
    """Sliding windows of x (N, C, H, W) as columns (N, C * kh * kw, L), PyTorch's layout.

    Column l holds the window at output position (l // out_w, l % out_w),
    channel by channel, each kernel row by row. Padding is filled with
    `fill` (0, as a convolution needs). Its gradient is `fold`.

    >>> import numpy as np, autograd
    >>> x = autograd.Tensor(np.arange(9.0).reshape(1, 1, 3, 3))
    >>> autograd.unfold(x, 2).data
    array([[[0., 1., 3., 4.],
            [1., 2., 4., 5.],
            [3., 4., 6., 7.],
            [4., 5., 7., 8.]]])
    """
    return Unfold.apply(
        _tensor(x),
        kernel_size=pair(kernel_size, "kernel_size", "unfold"),
        stride=pair(stride, "stride", "unfold"),
        padding=pair(padding, "padding", "unfold", minimum=0),
        dilation=pair(dilation, "dilation", "unfold"),
        fill=fill,
    )


def fold(
    columns: Any,
    output_size: int | Pair,
    kernel_size: int | Pair,
    dilation: int | Pair = 1,
    padding: int | Pair = 0,
    stride: int | Pair = 1,
) -> Tensor:
    """Columns (N, C * kh * kw, L) summed back into images (N, C, H, W): col2im, as PyTorch's.

    Where windows overlap their values add, so fold(unfold(x)) counts each
    pixel once per window that covers it.

    >>> import numpy as np, autograd
    >>> ones = autograd.Tensor(np.ones((1, 1, 3, 3)))
    >>> autograd.fold(autograd.unfold(ones, 2), 3, 2).data[0, 0]
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    return Fold.apply(
        _tensor(columns),
        size=pair(output_size, "output_size", "fold"),
        kernel_size=pair(kernel_size, "kernel_size", "fold"),
        stride=pair(stride, "stride", "fold"),
        padding=pair(padding, "padding", "fold", minimum=0),
        dilation=pair(dilation, "dilation", "fold"),
    )
