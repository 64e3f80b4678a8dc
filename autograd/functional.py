"""Function forms of Tensor methods, as PyTorch spells them: `autograd.sin(x)` is `x.sin()`.

Each takes a Tensor (anything else is converted, as `Tensor(x)` would) and
calls the method, so the operation and its derivative are the method's.

>>> import autograd
>>> autograd.exp(autograd.zeros(2))
Tensor([1., 1.])
"""

from __future__ import annotations

from typing import Any

from .ops.shape import concatenate
from .tensor import Tensor

#: PyTorch's name for `concatenate`: `cat(tensors, dim=0)`.
cat = concatenate


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
