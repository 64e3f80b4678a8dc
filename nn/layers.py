"""Layers: Linear, Dropout, BatchNorm1d, BatchNorm2d and Flatten.

Each holds its parameters and settings; the computation is in nn.functional.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor, get_default_dtype

from . import functional as F
from . import init
from ._arguments import require_count
from .module import Module
from .parameter import Parameter


def _parameter(*shape: int) -> Parameter:
    """A parameter of `shape` in the default dtype, to be filled by an initialiser."""
    return Parameter(np.zeros(shape, dtype=get_default_dtype()))


class Linear(Module):
    """A fully connected layer: y = x @ weight + bias.

    `weight` has shape (in_features, out_features), the layout of the
    tutorials, and `bias` shape (out_features,). The weight starts He/Kaiming
    uniform, U(-sqrt(6 / in_features), sqrt(6 / in_features)) (the ReLU gain
    sqrt(2), see `nn.init.kaiming_uniform_`); the bias starts at zero.

    >>> layer = Linear(2, 3)
    >>> layer(Tensor(np.ones((4, 2), dtype=np.float32))).shape
    (4, 3)
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True) -> None:
        super().__init__()
        self.in_features = require_count("Linear", "in_features", in_features)
        self.out_features = require_count("Linear", "out_features", out_features)
        self.weight = init.kaiming_uniform_(_parameter(in_features, out_features))
        self.bias = init.zeros_(_parameter(out_features)) if bias else None

    def forward(self, x: Any) -> Tensor:
        """x of shape (..., in_features) to (..., out_features)."""
        shape = np.shape(x)
        if not shape or shape[-1] != self.in_features:
            raise ValueError(
                f"{self._label}: expected input of shape (..., {self.in_features}) to multiply "
                f"with the weight of shape {self.weight.shape}, got input of shape {shape}"
            )
        return F.linear(x, self.weight, self.bias)

    def extra_repr(self) -> str:
        """The settings shown in the repr."""
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class Dropout(Module):
    """Inverted dropout: in training, zero each element with probability p, scale the rest by
    1 / (1 - p); in evaluation, the identity.

    >>> layer = Dropout(0.5).eval()
    >>> layer(Tensor([1.0, 2.0]))
    Tensor([1., 2.])
    """

    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        self.p = F.check_probability(p, "Dropout")

    def forward(self, x: Any) -> Tensor:
        """x with a random mask applied (training) or unchanged (evaluation)."""
        return F.dropout(x, self.p, self.training)

    def extra_repr(self) -> str:
        """The settings shown in the repr."""
        return f"p={self.p}"


class BatchNorm1d(Module):
    """Normalise each feature over the batch, then scale by `weight` and shift by `bias`.

    Input (N, C) or (N, C, L) with C = num_features. In training it uses the
    batch's mean and variance and updates the buffers `running_mean` and
    `running_var` (PyTorch's rule, see `nn.functional.batch_norm`); in
    evaluation it uses those running statistics. `weight` starts at one and
    `bias` at zero.

    >>> bn = BatchNorm1d(2)
    >>> bn(Tensor([[1.0, 2.0], [3.0, 6.0]])).data.round(3)
    array([[-1., -1.],
           [ 1.,  1.]], dtype=float32)
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1) -> None:
        super().__init__()
        self.num_features = require_count(type(self).__name__, "num_features", num_features)
        self.eps, self.momentum = eps, momentum
        self.weight = init.ones_(_parameter(num_features))
        self.bias = init.zeros_(_parameter(num_features))
        self.register_buffer("running_mean", np.zeros(num_features, dtype=get_default_dtype()))
        self.register_buffer("running_var", np.ones(num_features, dtype=get_default_dtype()))

    def forward(self, x: Any) -> Tensor:
        """x normalised per feature (axis 1)."""
        shape = np.shape(x)
        if len(shape) not in (2, 3) or shape[1] != self.num_features:
            raise ValueError(
                f"{self._label}: expected input of shape (N, {self.num_features}) or "
                f"(N, {self.num_features}, L), got {shape}"
            )
        return self._normalise(x)

    def _normalise(self, x: Any) -> Tensor:
        """batch_norm of x (N, C) or (N, C, L) with this layer's parameters, statistics and mode."""
        return F.batch_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            training=self.training,
            momentum=self.momentum,
            eps=self.eps,
        )

    def extra_repr(self) -> str:
        """The settings shown in the repr."""
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}"


class BatchNorm2d(BatchNorm1d):
    """Normalise each channel of images (N, C, H, W) over the batch and every pixel, then
    scale by `weight` and shift by `bias` (one of each per channel), as PyTorch's.

    Training uses the batch's statistics and updates `running_mean` and
    `running_var`; evaluation uses the running statistics.

    >>> bn = BatchNorm2d(3)
    >>> out = bn(Tensor(np.random.default_rng(0).normal(5, 2, (4, 3, 6, 6))))
    >>> bool(abs(out.data.mean()) < 1e-6), out.shape
    (True, (4, 3, 6, 6))
    """

    def forward(self, x: Any) -> Tensor:
        """x normalised per channel (axis 1)."""
        shape = np.shape(x)
        if len(shape) != 4 or shape[1] != self.num_features:
            raise ValueError(
                f"{self._label}: expected input of shape (N, {self.num_features}, H, W), "
                f"got {shape}"
            )
        x = x if isinstance(x, Tensor) else Tensor(x)
        # (N, C, H*W) is batch_norm's (N, C, L): statistics over the batch and the pixels.
        return self._normalise(x.reshape(shape[0], shape[1], -1)).reshape(shape)


class Flatten(Module):
    """Merge the axes start_dim..end_dim into one; by default keep the batch axis and flatten
    the rest: (N, 28, 28) to (N, 784).

    >>> Flatten()(Tensor(np.zeros((5, 2, 3)))).shape
    (5, 6)
    >>> Flatten(0, 1)(Tensor(np.zeros((5, 2, 3)))).shape
    (10, 3)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x: Any) -> Tensor:
        """x with the axes start_dim..end_dim merged."""
        return F.flatten(x, self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        """The settings shown in the repr."""
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
