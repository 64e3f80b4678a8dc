"""Activation functions: elementwise nonlinearities and the softmax family.

>>> from autograd import Tensor
>>> relu(Tensor([-1.0, 2.0]))
Tensor([0., 2.])
"""

from __future__ import annotations

from typing import Any

import autograd
from autograd import Tensor

from ._common import _tensor


def relu(x: Any) -> Tensor:
    """max(x, 0) elementwise.

    >>> relu(Tensor([-1.0, 3.0]))
    Tensor([0., 3.])
    """
    return _tensor(x).relu()


def leaky_relu(x: Any, negative_slope: float = 0.01) -> Tensor:
    """x where x > 0, else negative_slope * x (the gradient at 0 is negative_slope).

    >>> leaky_relu(Tensor([-2.0, 3.0]), 0.5)
    Tensor([-1.,  3.])
    """
    x = _tensor(x)
    return autograd.where(x.data > 0, x, x * negative_slope)


def sigmoid(x: Any) -> Tensor:
    """1 / (1 + exp(-x)) elementwise.

    >>> sigmoid(Tensor([0.0]))
    Tensor([0.5])
    """
    return _tensor(x).sigmoid()


def tanh(x: Any) -> Tensor:
    """Hyperbolic tangent elementwise.

    >>> tanh(Tensor([0.0]))
    Tensor([0.])
    """
    return _tensor(x).tanh()


def softmax(x: Any, axis: int = -1, *, dim: int | None = None) -> Tensor:
    """exp(x) / sum(exp(x)) along `axis` (`dim` is PyTorch's name for it).

    >>> softmax(Tensor([[0.0, 0.0]]), dim=1)
    Tensor([[0.5, 0.5]])
    """
    return _tensor(x).softmax(axis=axis, dim=dim)


def log_softmax(x: Any, axis: int = -1, *, dim: int | None = None) -> Tensor:
    """log(softmax(x)) along `axis` (`dim` is PyTorch's name for it), computed stably.

    >>> log_softmax(Tensor([0.0, 0.0]))
    Tensor([-0.6931472, -0.6931472])
    """
    return _tensor(x).log_softmax(axis=axis, dim=dim)
