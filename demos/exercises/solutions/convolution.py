"""Answers to the convolution and pooling exercises."""

from __future__ import annotations

from .. import convolution
from ..convolution import correlate, pad


class Conv2d(convolution.Conv2d):
    """conv2d(x, w, padding=1), whose backward correlates twice: padded x with grad for w,
    padded grad with the flipped kernel for x (then crops the padding off).

    >>> import numpy as np
    >>> from autograd import Tensor, gradcheck
    >>> rng = np.random.default_rng(0)
    >>> gradcheck(Conv2d.apply, *(Tensor(a) for a in Conv2d.example_inputs(rng)))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved
        p = ctx.padding
        kh, kw = w.shape[2:]
        # dL/dw: each filter offset (i, j) sees the padded input shifted by (i, j);
        # correlating with grad sums over the batch and every output position at once.
        grad_w = correlate(pad(x, p).transpose(1, 0, 2, 3), grad.transpose(1, 0, 2, 3))
        grad_w = grad_w.transpose(1, 0, 2, 3)
        # dL/dx: the "full" correlation of grad with the flipped kernel, then the crop.
        flipped = w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
        grad_padded = correlate(pad(grad, kh - 1, kw - 1), flipped)
        return grad_padded[:, :, p : grad_padded.shape[2] - p, p : grad_padded.shape[3] - p], grad_w


class MaxPool2d(convolution.MaxPool2d):
    """max_pool2d(x, 2), whose backward sends each gradient to its block's maximum.

    >>> import numpy as np
    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(MaxPool2d.apply, Tensor(np.arange(16.0).reshape(1, 1, 4, 4)))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved
        at_maximum = x == y.repeat(2, axis=2).repeat(2, axis=3)
        return grad.repeat(2, axis=2).repeat(2, axis=3) * at_maximum
