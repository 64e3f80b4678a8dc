"""Activation functions as modules, for use inside `Sequential`.

Each calls the function of the same name in nn.functional.
"""

from __future__ import annotations

from typing import Any

from autograd import Tensor

from . import functional as F
from .module import Module


class ReLU(Module):
    """max(x, 0) elementwise.

    >>> ReLU()(Tensor([-1.0, 2.0]))
    Tensor([0., 2.])
    """

    def forward(self, x: Any) -> Tensor:
        """relu(x)."""
        return F.relu(x)


class LeakyReLU(Module):
    """x for x > 0, negative_slope * x otherwise.

    >>> LeakyReLU(0.1)(Tensor([-1.0, 2.0]))
    Tensor([-0.1,  2. ])
    """

    def __init__(self, negative_slope: float = 0.01) -> None:
        super().__init__()
        self.negative_slope = negative_slope

    def forward(self, x: Any) -> Tensor:
        """leaky_relu(x, negative_slope)."""
        return F.leaky_relu(x, self.negative_slope)

    def extra_repr(self) -> str:
        """The settings shown in the repr."""
        return f"negative_slope={self.negative_slope}"


class Sigmoid(Module):
    """1 / (1 + exp(-x)) elementwise.

    >>> Sigmoid()(Tensor([0.0]))
    Tensor([0.5])
    """

    def forward(self, x: Any) -> Tensor:
        """sigmoid(x)."""
        return F.sigmoid(x)


class Tanh(Module):
    """Hyperbolic tangent elementwise.

    >>> Tanh()(Tensor([0.0]))
    Tensor([0.])
    """

    def forward(self, x: Any) -> Tensor:
        """tanh(x)."""
        return F.tanh(x)


class Softmax(Module):
    """exp(x) / sum(exp(x)) along `axis`: each slice becomes probabilities.

    `dim` is PyTorch's name for `axis`: Softmax(dim=1) is Softmax(axis=1).

    >>> Softmax(dim=1)(Tensor([[0.0, 0.0]]))
    Tensor([[0.5, 0.5]])
    """

    def __init__(self, axis: int = -1, *, dim: int | None = None) -> None:
        super().__init__()
        if dim is not None and axis != -1:
            raise TypeError(
                f"{type(self).__name__}: got both axis={axis!r} and dim={dim!r}, NumPy's and "
                f"PyTorch's names for one argument; pass only one of them"
            )
        self.axis = axis if dim is None else dim

    def forward(self, x: Any) -> Tensor:
        """softmax(x, axis)."""
        return F.softmax(x, self.axis)

    def extra_repr(self) -> str:
        """The settings shown in the repr."""
        return f"axis={self.axis}"


class LogSoftmax(Softmax):
    """log(softmax(x)) along `axis`, computed stably; pair it with NLLLoss.

    >>> LogSoftmax()(Tensor([[0.0, 0.0]]))
    Tensor([[-0.6931472, -0.6931472]])
    """

    def forward(self, x: Any) -> Tensor:
        """log_softmax(x, axis)."""
        return F.log_softmax(x, self.axis)
