"""Pooling layers: each window of each channel summarised by its maximum or its mean."""

from __future__ import annotations

from typing import Any

from autograd import Tensor

from . import functional as F
from .functional.conv import check_pool_padding
from .module import Module


class _Pool2d(Module):
    def __init__(
        self,
        kernel_size: int | tuple[int, int],
        stride: int | tuple[int, int] | None = None,
        padding: int | tuple[int, int] = 0,
    ) -> None:
        super().__init__()
        settings = F.window_settings(kernel_size, stride, padding, 1, type(self).__name__)
        check_pool_padding(settings, type(self).__name__)
        self.kernel_size, self.stride, self.padding, _ = settings

    def extra_repr(self) -> str:
        """The settings shown in the repr."""
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxPool2d(_Pool2d):
    """The largest value of each window, per channel; stride defaults to kernel_size.

    The gradient goes to one element per window (the first maximum), as in PyTorch.

    >>> import numpy as np
    >>> MaxPool2d(2)(Tensor(np.zeros((8, 16, 28, 28), np.float32))).shape
    (8, 16, 14, 14)
    """

    def forward(self, x: Any) -> Tensor:
        """x (N, C, H, W) pooled to (N, C, H', W')."""
        return F.max_pool2d(x, self.kernel_size, self.stride, self.padding, caller=self._label)


class AvgPool2d(_Pool2d):
    """The mean of each window, per channel (padding counts as zeros); stride defaults to
    kernel_size.

    >>> import numpy as np
    >>> AvgPool2d(2)(Tensor(np.ones((1, 1, 4, 4), np.float32))).data[0, 0]
    array([[1., 1.],
           [1., 1.]], dtype=float32)
    """

    def forward(self, x: Any) -> Tensor:
        """x (N, C, H, W) pooled to (N, C, H', W')."""
        return F.avg_pool2d(x, self.kernel_size, self.stride, self.padding, caller=self._label)
