"""An independent float64 reference for convolution and pooling: explicit loops over output
positions, written straight from the definitions (no unfold, no strides), for tiny shapes.

Each function returns the output and, for an upstream gradient `grad`, the gradients the
chain rule gives by the same loops: every output element adds its share to each input
element it read.
"""

from __future__ import annotations

import numpy as np


def _positions(size, kernel, stride, padding, dilation):
    """For each output index along one axis, the padded-input indices its window reads."""
    count = (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
    return [[o * stride + k * dilation - padding for k in range(kernel)] for o in range(count)]


def conv2d(x, weight, bias, grad, stride, padding, dilation):
    """(out, grad_x, grad_weight, grad_bias) of a cross-correlation, by loops."""
    n, c, h, w = x.shape
    o, _, kh, kw = weight.shape
    rows = _positions(h, kh, stride[0], padding[0], dilation[0])
    cols = _positions(w, kw, stride[1], padding[1], dilation[1])
    out = np.zeros((n, o, len(rows), len(cols)))
    grad_x, grad_w = np.zeros(x.shape), np.zeros(weight.shape)
    for b in range(n):
        for f in range(o):
            for y, window_rows in enumerate(rows):
                for z, window_cols in enumerate(cols):
                    total = bias[f]
                    g = grad[b, f, y, z]
                    for ch in range(c):
                        for i, r in enumerate(window_rows):
                            for j, s in enumerate(window_cols):
                                if 0 <= r < h and 0 <= s < w:  # outside: zero padding
                                    total += weight[f, ch, i, j] * x[b, ch, r, s]
                                    grad_x[b, ch, r, s] += weight[f, ch, i, j] * g
                                    grad_w[f, ch, i, j] += x[b, ch, r, s] * g
                    out[b, f, y, z] = total
    return out, grad_x, grad_w, grad.sum(axis=(0, 2, 3))


def max_pool2d(x, grad, kernel, stride, padding):
    """(out, grad_x) of max pooling; the gradient goes to the first maximum of each window."""
    n, c, h, w = x.shape
    rows = _positions(h, kernel[0], stride[0], padding[0], 1)
    cols = _positions(w, kernel[1], stride[1], padding[1], 1)
    out = np.zeros((n, c, len(rows), len(cols)))
    grad_x = np.zeros(x.shape)
    for b in range(n):
        for ch in range(c):
            for y, window_rows in enumerate(rows):
                for z, window_cols in enumerate(cols):
                    best, where = -np.inf, None
                    for r in window_rows:
                        for s in window_cols:
                            if 0 <= r < h and 0 <= s < w and x[b, ch, r, s] > best:
                                best, where = x[b, ch, r, s], (r, s)
                    out[b, ch, y, z] = best
                    grad_x[b, ch, where[0], where[1]] += grad[b, ch, y, z]
    return out, grad_x


def avg_pool2d(x, grad, kernel, stride, padding):
    """(out, grad_x) of average pooling, padding counted as zeros in every window's mean."""
    n, c, h, w = x.shape
    rows = _positions(h, kernel[0], stride[0], padding[0], 1)
    cols = _positions(w, kernel[1], stride[1], padding[1], 1)
    area = kernel[0] * kernel[1]
    out = np.zeros((n, c, len(rows), len(cols)))
    grad_x = np.zeros(x.shape)
    for b in range(n):
        for ch in range(c):
            for y, window_rows in enumerate(rows):
                for z, window_cols in enumerate(cols):
                    for r in window_rows:
                        for s in window_cols:
                            if 0 <= r < h and 0 <= s < w:
                                out[b, ch, y, z] += x[b, ch, r, s] / area
                                grad_x[b, ch, r, s] += grad[b, ch, y, z] / area
    return out, grad_x
