"""Exercises on convolution and pooling: the backward of a 2-D convolution and of max-pooling.

The forwards use two small helpers, `pad` and `correlate`, which your
backward may use too: a convolution's gradients are correlations again.

Each exercise lists the classic wrong answers in its `mistakes`: a dict
from a short name to a function `(ctx, grad) -> wrong gradient(s)`, taking
the same arguments as backward. They let the checker recognise a mistake.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from autograd import Function

from .todo import todo


def pad(images: np.ndarray, rows: int, columns: int | None = None) -> np.ndarray:
    """Zeros added around the last two axes: `rows` above and below, `columns` left and right.

    >>> pad(np.ones((1, 1, 1, 1)), 1)[0, 0]
    array([[0., 0., 0.],
           [0., 1., 0.],
           [0., 0., 0.]])
    """
    columns = rows if columns is None else columns
    return np.pad(images, [(0, 0), (0, 0), (rows, rows), (columns, columns)])


def correlate(images: np.ndarray, kernels: np.ndarray) -> np.ndarray:
    """Cross-correlation, no padding, stride 1: images (N, C, H, W), kernels (O, C, kh, kw)
    give (N, O, H - kh + 1, W - kw + 1), out[n, o, y, x] = sum over c, i, j of
    kernels[o, c, i, j] * images[n, c, y + i, x + j].

    >>> correlate(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)))[0, 0]
    array([[4., 4.],
           [4., 4.]])
    """
    windows = sliding_window_view(images, kernels.shape[2:], axis=(2, 3))  # (N, C, H', W', kh, kw)
    return np.einsum("nchwij,ocij->nohw", windows, kernels, optimize=True)


class Conv2d(Function):
    """y = conv2d(x, w, padding=1): x (N, C, H, W), w (O, C, 3, 3), y (N, O, H, W).

    y[n, o, r, s] = sum over c, i, j of w[o, c, i, j] * xp[n, c, r + i, s + j],
    with xp = pad(x, 1). Two gradients:

    - dL/dw[o, c, i, j] = sum over n, r, s of grad[n, o, r, s] * xp[n, c, r + i, s + j]:
      the padded input correlated with grad, SUMMED OVER THE BATCH n (every
      image used the same weights, so every image's contribution adds up).
    - dL/dxp[n, c, a, b] = sum over o, i, j of grad[n, o, a - i, b - j] * w[o, c, i, j]:
      each output pixel sends its gradient back through every weight that
      touched the pixel. Written as a correlation: pad grad by kh - 1 (and
      kw - 1) all round and correlate it with the kernel FLIPPED in both
      spatial axes (w[:, :, ::-1, ::-1]), with in and out channels swapped
      (.transpose(1, 0, 2, 3)). That is the gradient of the PADDED input:
      crop the padding off (rows and columns 1 .. -1) to get dL/dx.

    Forward saves x and w, and the padding as ctx.padding.

    >>> from autograd import Tensor
    >>> Conv2d.apply(Tensor(np.ones((1, 1, 2, 2))), Tensor(np.ones((1, 1, 3, 3)))).data[0, 0]
    array([[4., 4.],
           [4., 4.]])
    """

    @staticmethod
    def forward(ctx, x, w, padding=1):
        ctx.save_for_backward(x, w)
        ctx.padding = padding
        return correlate(pad(x, padding), w)

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """A batch of 2 images with 2 channels, 3 filters: every mistake shows."""
        return rng.standard_normal((2, 2, 5, 4)), rng.standard_normal((3, 2, 3, 3))


def _weight_gradient(xp: np.ndarray, grad: np.ndarray, kernel: tuple) -> np.ndarray:
    windows = sliding_window_view(xp, kernel, axis=(2, 3))  # (N, C, H, W, kh, kw)
    return np.einsum("nohw,nchwij->ocij", grad, windows, optimize=True)


def _padded_input_gradient(grad: np.ndarray, kernels: np.ndarray) -> np.ndarray:
    kh, kw = kernels.shape[2:]
    return correlate(pad(grad, kh - 1, kw - 1), kernels.transpose(1, 0, 2, 3))


def _weight_gradient_of_the_last_image_only(ctx, grad):
    # `grad_w = ...` inside a loop over the batch, where `grad_w += ...` was meant.
    x, w = ctx.saved
    p = ctx.padding
    grad_xp = _padded_input_gradient(grad, w[:, :, ::-1, ::-1])
    grad_w = _weight_gradient(pad(x[-1:], p), grad[-1:], w.shape[2:])
    return grad_xp[:, :, p:-p, p:-p], grad_w


def _kernel_not_flipped(ctx, grad):
    x, w = ctx.saved
    p = ctx.padding
    grad_xp = _padded_input_gradient(grad, w)  # correlates where a flipped kernel is needed
    return grad_xp[:, :, p:-p, p:-p], _weight_gradient(pad(x, p), grad, w.shape[2:])


def _padding_not_cropped(ctx, grad):
    x, w = ctx.saved
    p = ctx.padding
    grad_xp = _padded_input_gradient(grad, w[:, :, ::-1, ::-1])  # the padded input's shape
    return grad_xp, _weight_gradient(pad(x, p), grad, w.shape[2:])


Conv2d.mistakes = {
    "weight gradient not summed over the batch": _weight_gradient_of_the_last_image_only,
    "kernel not flipped in the input gradient": _kernel_not_flipped,
    "padding not cropped back": _padding_not_cropped,
}


class MaxPool2d(Function):
    """y = max_pool2d(x, 2): the largest of each 2x2 block, x (N, C, H, W), y (N, C, H/2, W/2).

    Only the largest element of a block affects its output (nudging any other
    one changes nothing), so grad[n, c, r, s] goes to exactly one element of
    x: the maximum of block (r, s), and the other three get 0. Repeat y and
    grad back to x's shape (np.repeat along both spatial axes, or a reshape
    to (N, C, H/2, 2, W/2, 2)), mark where x equals its block's maximum, and
    keep grad only there. The check's input has no ties. Forward saves x and y.

    >>> from autograd import Tensor
    >>> MaxPool2d.apply(Tensor(np.arange(16.0).reshape(1, 1, 4, 4))).data[0, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """

    @staticmethod
    def forward(ctx, x):
        n, c, h, w = x.shape
        y = x.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """Distinct values 0.1 apart, so each block has one clear maximum."""
        return (rng.permutation(2 * 2 * 4 * 6).reshape(2, 2, 4, 6) * 0.1,)


def _spread(values: np.ndarray) -> np.ndarray:
    """Each element repeated over its 2x2 block."""
    return values.repeat(2, axis=2).repeat(2, axis=3)


def _to_every_element(ctx, grad):
    return _spread(grad)


def _shared_equally(ctx, grad):
    return _spread(grad) / 4  # average pooling's gradient, not max pooling's


def _to_the_top_left_element(ctx, grad):
    x, _ = ctx.saved
    out = np.zeros_like(x)
    out[:, :, ::2, ::2] = grad  # a fixed position, wherever the maximum was
    return out


MaxPool2d.mistakes = {
    "gradient to every element of the window": _to_every_element,
    "gradient shared equally within the window": _shared_equally,
    "gradient routed to the wrong position": _to_the_top_left_element,
}
