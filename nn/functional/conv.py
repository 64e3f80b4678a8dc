"""Convolution and pooling, each built on `autograd.unfold`: windows as columns, then
one matrix product (convolution) or one reduction per column (pooling).

Layouts are PyTorch's: images (N, C, H, W), a convolution weight
(out_channels, in_channels, kh, kw), cross-correlation (the kernel is not
flipped). Gradients come from the engine: unfold's derivative is fold.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
from autograd import Tensor
from autograd.functional import Pair, pair
from autograd.functional import check_windows as autograd_check_windows

from ._common import _tensor


def check_windows(shape: tuple, settings: tuple, caller: str) -> Pair:
    """The output (height, width) of sliding windows over an input of `shape`.

    A ValueError naming `caller` and the shapes unless the input is 4-D
    (N, C, H, W) and the (dilated) kernel fits into the padded input.
    (The engine's checks for autograd.unfold, made here so that the message
    names the layer the user called.)

    >>> check_windows((1, 1, 2, 2), ((3, 3), (1, 1), (0, 0), (1, 1)), "c")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: c: the kernel 3x3 is larger than the input 2x2 (input shape ...)
    """
    return autograd_check_windows(shape, *settings, caller)


def window_settings(
    kernel_size: Any, stride: Any, padding: Any, dilation: Any, caller: str
) -> tuple[Pair, Pair, Pair, Pair]:
    """Kernel size, stride, padding and dilation as pairs, checked; stride None = kernel size.

    >>> window_settings(2, None, 0, 1, "max_pool2d")
    ((2, 2), (2, 2), (0, 0), (1, 1))
    """
    kernel = pair(kernel_size, "kernel_size", caller)
    return (
        kernel,
        kernel if stride is None else pair(stride, "stride", caller),
        pair(padding, "padding", caller, minimum=0),
        pair(dilation, "dilation", caller),
    )


def _columns(x: Tensor, settings: tuple, caller: str, fill: float = 0.0) -> tuple[Tensor, Pair]:
    """unfold(x) with the shapes checked under `caller`'s name, and the output (height, width)."""
    kernel, stride, padding, dilation = settings
    out = check_windows(x.shape, settings, caller)
    columns = autograd.unfold(
        x, kernel, dilation=dilation, padding=padding, stride=stride, fill=fill
    )
    return columns, out


def unfold(
    x: Any, kernel_size: int | Pair, dilation: int | Pair = 1, padding: int | Pair = 0,
    stride: int | Pair = 1,
) -> Tensor:  # fmt: skip
    """Sliding windows of x (N, C, H, W) as columns (N, C * kh * kw, L), as torch's unfold.

    >>> unfold(Tensor(np.zeros((2, 3, 5, 5))), kernel_size=3).shape
    (2, 27, 9)
    """
    settings = window_settings(kernel_size, stride, padding, dilation, "unfold")
    return _columns(_tensor(x), settings, "unfold")[0]


def conv2d(
    x: Any,
    weight: Any,
    bias: Any = None,
    stride: int | Pair = 1,
    padding: int | Pair = 0,
    dilation: int | Pair = 1,
    caller: str = "conv2d",
) -> Tensor:
    """2-D cross-correlation of x (N, C, H, W) with weight (O, C, kh, kw), plus bias (O,).

    out[n, o, y, x] = bias[o] + sum over c, i, j of
    weight[o, c, i, j] * padded_x[n, c, y * stride + i * dilation, x * stride + j * dilation].
    `caller` names the layer in error messages.

    >>> x = Tensor(np.ones((1, 1, 3, 3), np.float32))
    >>> conv2d(x, Tensor(np.ones((1, 1, 2, 2), np.float32))).data[0, 0]
    array([[4., 4.],
           [4., 4.]], dtype=float32)
    """
    x, weight = _tensor(x), _tensor(weight)
    if weight.ndim != 4:
        raise ValueError(
            f"{caller}: expected a weight of shape (out_channels, in_channels, kh, kw), "
            f"got {weight.shape}"
        )
    out_channels, in_channels, kh, kw = weight.shape
    if x.ndim == 4 and x.shape[1] != in_channels:
        raise ValueError(
            f"{caller}: expected an input with {in_channels} channels (N, {in_channels}, H, W) "
            f"for the weight of shape {weight.shape}, got input of shape {x.shape}"
        )
    settings = window_settings((kh, kw), stride, padding, dilation, caller)
    columns, (oh, ow) = _columns(x, settings, caller)
    # One matrix product (N*L, C*kh*kw) @ (C*kh*kw, O) for the whole batch. unfold lays
    # its columns out in memory so that these transposes and reshapes are free views.
    # This orientation (rather than weight @ columns) makes the weight's gradient
    # columns @ grad, whose long summed axis N*L BLAS splits well over threads; the
    # output comes out channels-last in memory, which the next layer reads as easily.
    n = x.shape[0]
    rows = columns.transpose(0, 2, 1).reshape(-1, columns.shape[1])  # (N*L, C*kh*kw)
    out = rows @ weight.reshape(out_channels, -1).T  # (N*L, O)
    out = out.reshape(n, oh, ow, out_channels).transpose(0, 3, 1, 2)
    if bias is not None:
        out = out + _tensor(bias).reshape(out_channels, 1, 1)
    return out


def max_pool2d(
    x: Any,
    kernel_size: int | Pair,
    stride: int | Pair | None = None,
    padding: int | Pair = 0,
    dilation: int | Pair = 1,
    caller: str = "max_pool2d",
) -> Tensor:
    """The largest value of each window, per channel; stride defaults to the kernel size.

    Padding never wins (it counts as minus infinity) and may be at most half
    the kernel. At a tie the gradient goes to one element of the window (the
    first in reading order), as in PyTorch.

    >>> x = Tensor(np.arange(16.0).reshape(1, 1, 4, 4))
    >>> max_pool2d(x, 2).data[0, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """
    x = _tensor(x)
    settings = window_settings(kernel_size, stride, padding, dilation, caller)
    check_pool_padding(settings, caller)
    lowest = (np.finfo if x.dtype.kind == "f" else np.iinfo)(x.dtype).min
    columns, (oh, ow) = _columns(x, settings, caller, fill=lowest)
    n, c = x.shape[:2]
    windows = columns.reshape(n, c, -1, oh * ow)
    # A one-hot mask of each window's first maximum: multiplying by it and summing
    # picks the maximum and sends its gradient to that element alone.
    return (windows * _first_maximum(windows.data)).sum(axis=2).reshape(n, c, oh, ow)


def _first_maximum(windows: np.ndarray) -> np.ndarray:
    """A mask (N, C, K, L) with a 1 at the first maximum of each window (axis 2), else 0.

    One pass per kernel element (a handful), each over all windows at once: faster
    than argmax, which loops over the many short windows one by one.
    """
    largest = windows.max(axis=2)
    mask = np.empty_like(windows)  # in the windows' memory order, so products run straight
    taken = np.zeros(largest.shape, dtype=bool)
    for k in range(windows.shape[2]):
        first = (windows[:, :, k] == largest) & ~taken
        taken |= first
        mask[:, :, k] = first
    return mask


def avg_pool2d(
    x: Any,
    kernel_size: int | Pair,
    stride: int | Pair | None = None,
    padding: int | Pair = 0,
    caller: str = "avg_pool2d",
) -> Tensor:
    """The mean of each window, per channel; padding counts as zeros (PyTorch's default).

    >>> x = Tensor(np.arange(16.0).reshape(1, 1, 4, 4))
    >>> avg_pool2d(x, 2).data[0, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    x = _tensor(x)
    settings = window_settings(kernel_size, stride, padding, 1, caller)
    check_pool_padding(settings, caller)
    columns, (oh, ow) = _columns(x, settings, caller)
    n, c = x.shape[:2]
    return columns.reshape(n, c, -1, oh * ow).mean(axis=2).reshape(n, c, oh, ow)


def check_pool_padding(settings: tuple, caller: str) -> None:
    """A ValueError naming `caller` unless the padding is at most half the kernel (PyTorch's rule).

    >>> check_pool_padding(window_settings(2, None, 1, 1, "MaxPool2d"), "MaxPool2d")
    """
    kernel, _, padding, _ = settings
    if any(2 * p > k for p, k in zip(padding, kernel)):
        raise ValueError(
            f"{caller}: padding {padding} must be at most half the kernel size {kernel}"
        )
