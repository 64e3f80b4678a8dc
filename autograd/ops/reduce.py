"""Reductions and operations along an axis: sum, mean, var, max, min,
logsumexp, softmax and log_softmax.

A reduction's gradient has the reduced output's shape; reshaping it to the
shape the result would have with keepdims=True lines it up with the input, so
that it broadcasts back over the reduced axes.
"""

from __future__ import annotations

import numpy as np

from ..function import Function
from .shape import BroadcastTo


def normalize_axis(axis, ndim: int) -> tuple[int, ...] | None:
    """`axis` (None, an int or a sequence, negatives allowed) as a sorted tuple, or None.

    A float such as 1.5 (or a bool) is a TypeError, not axis 1; `apply` adds the
    operation's name to the message.
    """
    if axis is None:
        return None
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    normalized = []
    for a in axes:
        a = _integer_axis(a)
        if not -ndim <= a < max(ndim, 1):
            raise ValueError(f"axis {a} is out of bounds for an array of {ndim} dimensions")
        normalized.append(a % max(ndim, 1))
    return tuple(sorted(set(normalized)))


def _integer_axis(axis) -> int:
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer or a tuple of integers, got {axis!r}")
    return int(axis)


def kept_shape(shape: tuple, axis: tuple | None) -> tuple:
    """The shape a reduction over `axis` leaves with keepdims=True."""
    if axis is None:
        return (1,) * len(shape)
    return tuple(1 if i in axis else n for i, n in enumerate(shape))


def _prepare(ctx, x, axis):
    ctx.axis = normalize_axis(axis, x.ndim)
    ctx.shape = x.shape
    ctx.kept = kept_shape(x.shape, ctx.axis)
    return ctx.axis


class Sum(Function):
    """Sum over axes; its gradient is the output's gradient broadcast back."""

    name = "sum"

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        return x.sum(axis=_prepare(ctx, x, axis), keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad):
        return BroadcastTo.apply(grad.reshape(ctx.kept), shape=ctx.shape)


class Mean(Function):
    """Mean over axes: the sum divided by the number of elements reduced."""

    name = "mean"

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        out = x.mean(axis=_prepare(ctx, x, axis), keepdims=keepdims)
        ctx.count = x.size // max(np.size(out), 1)
        return out

    @staticmethod
    def backward(ctx, grad):
        return BroadcastTo.apply(grad.reshape(ctx.kept) / ctx.count, shape=ctx.shape)


class Var(Function):
    """Variance over axes, sum((x - mean)**2) / (N - ddof)."""

    name = "var"

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False, ddof=0):
        out = x.var(axis=_prepare(ctx, x, axis), keepdims=keepdims, ddof=ddof)
        ctx.save_for_backward(x)
        ctx.divisor = x.size // max(np.size(out), 1) - ddof
        return out

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved
        centred = x - x.mean(axis=ctx.axis, keepdims=True)
        return grad.reshape(ctx.kept) * (2 / ctx.divisor) * centred


class Max(Function):
    """Largest element over axes; tied elements share the gradient equally.

    A NaN is the maximum of its slice (NumPy and PyTorch propagate it) and takes
    the gradient, shared among the slice's NaNs, as PyTorch's max() does.
    """

    name = "max"

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        return _keep_extreme(ctx, x, x.max(axis=_prepare(ctx, x, axis), keepdims=True), keepdims)

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved
        out = out.reshape(ctx.kept)
        chosen = ((x == out) | ((x != x) & (out != out))).astype(x.dtype)  # x != x: NaN
        return grad.reshape(ctx.kept) * (chosen / chosen.sum(axis=ctx.axis, keepdims=True))


class Min(Max):
    """Smallest element over axes; tied elements share the gradient equally."""

    name = "min"

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        return _keep_extreme(ctx, x, x.min(axis=_prepare(ctx, x, axis), keepdims=True), keepdims)


def _keep_extreme(ctx, x, kept, keepdims):
    out = kept if keepdims else kept.reshape(_dropped(ctx))
    ctx.save_for_backward(x, out)
    return out


def _dropped(ctx) -> tuple:
    """The output shape without keepdims."""
    if ctx.axis is None:
        return ()
    return tuple(n for i, n in enumerate(ctx.shape) if i not in ctx.axis)


class LogSumExp(Function):
    """log(sum(exp(x))) over axes, shifted by the maximum so nothing overflows."""

    name = "logsumexp"

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        axis = _prepare(ctx, x, axis)
        shift = x.max(axis=axis, keepdims=True)
        shift = np.where(np.isfinite(shift), shift, 0)  # rows of -inf give -inf, not NaN
        kept = np.log(np.exp(x - shift).sum(axis=axis, keepdims=True)) + shift
        out = kept if keepdims else kept.reshape(_dropped(ctx))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved
        return grad.reshape(ctx.kept) * np.exp(x - out.reshape(ctx.kept))


class Softmax(Function):
    """exp(x) / sum(exp(x)) along one axis."""

    name = "softmax"

    @staticmethod
    def forward(ctx, x, axis=-1):
        ctx.axis = _integer_axis(axis)
        exps = np.exp(x - x.max(axis=axis, keepdims=True))
        out = exps / exps.sum(axis=axis, keepdims=True)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved
        return out * (grad - (grad * out).sum(axis=ctx.axis, keepdims=True))


class LogSoftmax(Function):
    """x - logsumexp(x) along one axis."""

    name = "log_softmax"

    @staticmethod
    def forward(ctx, x, axis=-1):
        ctx.axis = _integer_axis(axis)
        shifted = x - x.max(axis=axis, keepdims=True)
        out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved
        return grad - np.exp(out) * grad.sum(axis=ctx.axis, keepdims=True)
