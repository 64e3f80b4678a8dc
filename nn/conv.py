"""Conv2d: a bank of learned filters slid over images (N, C, H, W), PyTorch's layout."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd import Tensor, get_default_dtype

from . import functional as F
from . import init
from ._arguments import require_count
from .module import Module
from .parameter import Parameter


class Conv2d(Module):
    """2-D convolution (cross-correlation, as in PyTorch): (N, C_in, H, W) -> (N, C_out, H', W').

    `weight` has shape (out_channels, in_channels, kh, kw) and `bias`
    (out_channels,). kernel_size, stride, padding and dilation are ints or
    (height, width) pairs. The weight starts He/Kaiming uniform,
    U(-sqrt(6 / fan_in), sqrt(6 / fan_in)) with fan_in = in_channels * kh * kw
    (the ReLU gain, as for `Linear`); the bias starts at zero.

    >>> conv = Conv2d(1, 4, kernel_size=3, padding=1)
    >>> conv.weight.shape, conv(Tensor(np.zeros((2, 1, 28, 28), np.float32))).shape
    ((4, 1, 3, 3), (2, 4, 28, 28))
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int],
        stride: int | tuple[int, int] = 1,
        padding: int | tuple[int, int] = 0,
        dilation: int | tuple[int, int] = 1,
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.in_channels = require_count("Conv2d", "in_channels", in_channels)
        self.out_channels = require_count("Conv2d", "out_channels", out_channels)
        self.kernel_size, self.stride, self.padding, self.dilation = F.window_settings(
            kernel_size, stride, padding, dilation, "Conv2d"
        )
        shape = (out_channels, in_channels, *self.kernel_size)
        self.weight = Parameter(np.zeros(shape, dtype=get_default_dtype()))
        bound = math.sqrt(6.0 / (in_channels * self.kernel_size[0] * self.kernel_size[1]))
        init.uniform_(self.weight, -bound, bound)
        self.bias = Parameter(np.zeros(out_channels, dtype=get_default_dtype())) if bias else None

    def forward(self, x: Any) -> Tensor:
        """The filters' responses at every window position."""
        return F.conv2d(
            x, self.weight, self.bias, self.stride, self.padding, self.dilation, caller=self._label
        )

    def extra_repr(self) -> str:
        """The settings shown in the repr."""
        text = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if any(self.padding):
            text += f", padding={self.padding}"
        if self.dilation != (1, 1):
            text += f", dilation={self.dilation}"
        return text + ("" if self.bias is not None else ", bias=False")
