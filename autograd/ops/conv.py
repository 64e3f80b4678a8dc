"""Sliding windows: unfold (im2col) and its adjoint fold (col2im).

`unfold` copies every kernel-sized window of an image batch (N, C, H, W) into
a column, giving (N, C * kh * kw, L) with L the number of window positions,
in PyTorch's order. A convolution is then one matrix product with the
weights, and pooling a reduction over each column: the layers in nn are
built from this one operation.

The two are each other's derivative. Unfold copies each pixel into every
window that covers it, so its gradient adds each window's gradient back onto
the pixels it came from (fold, where overlapping windows add up); fold adds,
so its gradient reads each window's share back out (unfold). Each backward
calls the other operation, which is why second derivatives need nothing more.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..function import Function

Pair = tuple[int, int]


def pair(value: Any, name: str, caller: str, minimum: int = 1) -> Pair:
    """An int or a pair of ints as a pair, each at least `minimum`, else a ValueError.

    >>> pair(3, "kernel_size", "unfold"), pair((1, 2), "stride", "unfold")
    ((3, 3), (1, 2))
    """
    values = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(values) != 2 or not all(
        isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v >= minimum
        for v in values
    ):
        raise ValueError(
            f"{caller}: {name} must be an int or a pair of ints, each >= {minimum}, got {value!r}"
        )
    return int(values[0]), int(values[1])


def output_size(size: Pair, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair) -> Pair:
    """Window positions along height and width (PyTorch's formula; may be < 1 if none fit).

    >>> output_size((28, 28), (3, 3), (1, 1), (1, 1), (1, 1))
    (28, 28)
    """
    return tuple(
        (n + 2 * p - d * (k - 1) - 1) // s + 1
        for n, k, s, p, d in zip(size, kernel, stride, padding, dilation)
    )


def check_windows(
    shape: tuple, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair, caller: str
) -> Pair:
    """The output (height, width) for an input of `shape`, or a ValueError naming `caller`.

    The input must be 4-D (N, C, H, W) and the (dilated) kernel must fit into
    the padded input.

    >>> check_windows((1, 1, 2, 2), (3, 3), (1, 1), (0, 0), (1, 1), "conv2d")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: conv2d: the kernel 3x3 is larger than the input 2x2 (input shape (1, 1, 2, 2), ...)
    """
    if len(shape) != 4:
        hint = " (add a batch axis: x[None] or x.unsqueeze(0))" if len(shape) == 3 else ""
        raise ValueError(
            f"{caller}: expected a 4-D input (N, C, H, W), got shape {tuple(shape)}{hint}"
        )
    span = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
    padded = tuple(n + 2 * p for n, p in zip(shape[2:], padding))
    if span[0] > padded[0] or span[1] > padded[1]:
        dilated = f" (dilated to {span[0]}x{span[1]})" if span != kernel else ""
        raise ValueError(
            f"{caller}: the kernel {kernel[0]}x{kernel[1]}{dilated} is larger than the "
            f"{'padded ' if any(padding) else ''}input {padded[0]}x{padded[1]} "
            f"(input shape {tuple(shape)}, padding {padding})"
        )
    return output_size(shape[2:], kernel, stride, padding, dilation)


def _window_view(padded: np.ndarray, kernel: Pair, stride: Pair, dilation: Pair, out: Pair):
    """A strided view (N, C, kh, kw, oh, ow) of `padded`: [.., i, j, y, x] is the pixel at
    kernel offset (i, j) of the window at output position (y, x). No copy."""
    n, c = padded.shape[:2]
    s_n, s_c, s_h, s_w = padded.strides
    return as_strided(
        padded,
        (n, c, *kernel, *out),
        (s_n, s_c, s_h * dilation[0], s_w * dilation[1], s_h * stride[0], s_w * stride[1]),
        writeable=False,
    )


class Unfold(Function):
    """Every window of x (N, C, H, W) as a column: (N, C * kh * kw, out_h * out_w).

    Padding adds `fill` around the image (zeros for a convolution; nn's
    max-pooling pads with the lowest float so that padding never wins).
    """

    name = "unfold"

    @staticmethod
    def forward(ctx, x, kernel_size, stride=(1, 1), padding=(0, 0), dilation=(1, 1), fill=0.0):
        out = check_windows(x.shape, kernel_size, stride, padding, dilation, "unfold")
        ctx.geometry = dict(
            size=x.shape[2:], kernel_size=kernel_size, stride=stride, padding=padding,
            dilation=dilation,
        )  # fmt: skip
        (ph, pw), (n, c, h, w) = padding, x.shape
        if ph or pw:
            padded = np.full((n, c, h + 2 * ph, w + 2 * pw), fill, dtype=x.dtype)
            padded[:, :, ph : ph + h, pw : pw + w] = x
        else:
            padded = x
        windows = _window_view(padded, kernel_size, stride, dilation, out)
        # The one copy. Memory is laid out as (C * kh * kw, N * L), the result is a
        # transposed view of it: a convolution's three matrix products (forward, and the
        # gradients of weight and columns) are then plain 2-D products, which NumPy
        # hands to BLAS whole instead of one small product per image.
        columns = np.ascontiguousarray(windows.transpose(1, 2, 3, 0, 4, 5))
        return columns.reshape(-1, n, out[0] * out[1]).transpose(1, 0, 2)

    @staticmethod
    def backward(ctx, grad):
        return Fold.apply(grad, **ctx.geometry)


class Fold(Function):
    """Columns (N, C * kh * kw, L) added back onto an image of `size`: the adjoint of unfold.

    Where windows overlap, their values add up; padding is cropped off.
    """

    name = "fold"

    @staticmethod
    def forward(ctx, columns, size, kernel_size, stride=(1, 1), padding=(0, 0), dilation=(1, 1)):
        ctx.geometry = dict(
            kernel_size=kernel_size, stride=stride, padding=padding, dilation=dilation
        )
        (kh, kw), (sh, sw), (ph, pw), (dh, dw) = kernel_size, stride, padding, dilation
        oh, ow = output_size(size, kernel_size, stride, padding, dilation)
        shape = columns.shape
        if len(shape) != 3 or shape[1] % (kh * kw) or shape[2] != oh * ow or oh < 1 or ow < 1:
            raise ValueError(
                f"fold: expected columns of shape (N, C * {kh} * {kw}, {oh * ow}) for windows "
                f"{kh}x{kw} over a {size[0]}x{size[1]} image, got {columns.shape}"
            )
        n, c = shape[0], shape[1] // (kh * kw)
        windows = columns.reshape(n, c, kh, kw, oh, ow)
        padded = (size[0] + 2 * ph, size[1] + 2 * pw)
        if stride == kernel_size and dilation == (1, 1):
            # Windows that tile the image (pooling's usual case) do not overlap: each
            # pixel gets at most one value, so one copy places them all.
            tiled = windows.transpose(0, 1, 4, 2, 5, 3).reshape(n, c, oh * kh, ow * kw)
            if tiled.shape[2:] == padded:
                image = tiled
            else:  # a remainder no window reached: its gradient is zero
                image = np.zeros((n, c, *padded), dtype=columns.dtype)
                image[:, :, : oh * kh, : ow * kw] = tiled
            return image[:, :, ph : ph + size[0], pw : pw + size[1]]
        # Add up in the image layout that reads the columns in memory order: channels
        # last when the columns come from a convolution's (N*L, C*kh*kw) gradient.
        # (NumPy then walks both in that order.)
        if columns.strides[1] < columns.strides[2]:
            image = np.zeros((n, *padded, c), dtype=columns.dtype).transpose(0, 3, 1, 2)
        else:
            image = np.zeros((n, c, *padded), dtype=columns.dtype)
        # One strided add per kernel offset, never a loop over pixels: offset (i, j)
        # of every window lands on a regular grid of the image.
        for i in range(kh):
            rows = slice(i * dh, i * dh + sh * (oh - 1) + 1, sh)
            for j in range(kw):
                cols = slice(j * dw, j * dw + sw * (ow - 1) + 1, sw)
                image[:, :, rows, cols] += windows[:, :, i, j]
        return image[:, :, ph : ph + size[0], pw : pw + size[1]]

    @staticmethod
    def backward(ctx, grad):
        return Unfold.apply(grad, **ctx.geometry)
