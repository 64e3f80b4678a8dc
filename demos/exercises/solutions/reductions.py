"""Answers to the reduction exercises: send each output's gradient back to what it summarised."""

from __future__ import annotations

import numpy as np

from .. import reductions


class SumAxis(reductions.SumAxis):
    """x.sum(axis), whose backward repeats grad along the summed axis.

    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(SumAxis.apply, Tensor([[1.0, 2.0], [3.0, 4.0]]))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        return np.broadcast_to(np.expand_dims(grad, ctx.axis), ctx.shape)


class Mean(reductions.Mean):
    """x.mean(axis), whose backward repeats grad / N along the averaged axis.

    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(Mean.apply, Tensor([[1.0, 2.0], [3.0, 4.0]]))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        count = ctx.shape[ctx.axis]
        return np.broadcast_to(np.expand_dims(grad / count, ctx.axis), ctx.shape)


class Max(reductions.Max):
    """x.max(axis=-1), whose backward shares grad equally among each row's maxima.

    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(Max.apply, Tensor([[1.0, 3.0, 2.0]]))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved
        maxima = x == y[..., None]
        return grad[..., None] * maxima / maxima.sum(axis=-1, keepdims=True)
