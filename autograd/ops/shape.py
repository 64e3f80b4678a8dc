"""Operations that move elements around without changing them: reshape,
transpose, broadcast, indexing, concatenate and stack.

Each backward moves the gradient back the way the elements came.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function


class Reshape(Function):
    """The same elements in another shape."""

    name = "reshape"

    @staticmethod
    def forward(ctx, x, shape):
        ctx.input_shape = x.shape
        return x.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.input_shape)


class Squeeze(Reshape):
    """Axes of length 1 removed."""

    name = "squeeze"

    @staticmethod
    def forward(ctx, x, axis=None):
        ctx.input_shape = x.shape
        return np.squeeze(x, axis)


class ExpandDims(Reshape):
    """An axis of length 1 inserted."""

    name = "expand_dims"

    @staticmethod
    def forward(ctx, x, axis):
        ctx.input_shape = x.shape
        return np.expand_dims(x, axis)


class Transpose(Function):
    """Axes permuted (reversed when `axes` is None)."""

    name = "transpose"

    @staticmethod
    def forward(ctx, x, axes=None):
        out = np.transpose(x, axes)
        if axes is not None:
            # argsort inverts a permutation of axes counted from the front: -1 is ndim - 1.
            axes = [a % x.ndim for a in axes]
        ctx.inverse = None if axes is None else tuple(np.argsort(axes).tolist())
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad.transpose(ctx.inverse)


class BroadcastTo(Function):
    """x repeated along new or length-1 axes; the engine sums the gradient back."""

    name = "broadcast_to"
    broadcasting = True

    @staticmethod
    def forward(ctx, x, shape):
        return np.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, grad):
        return grad


class GetItem(Function):
    """x[index] for any NumPy index; the gradient is scattered back into place."""

    name = "getitem"

    @staticmethod
    def forward(ctx, x, index):
        ctx.index, ctx.shape = index, x.shape
        return x[index]

    @staticmethod
    def backward(ctx, grad):
        return ScatterAdd.apply(grad, index=ctx.index, shape=ctx.shape)


class ScatterAdd(Function):
    """Zeros of `shape` with `grad` added at `index` (repeated indices add up)."""

    name = "scatter_add"

    @staticmethod
    def forward(ctx, grad, index, shape):
        ctx.index = index
        out = np.zeros(shape, dtype=grad.dtype)
        if _may_repeat(index):
            np.add.at(out, index, grad)
        else:
            out[index] = grad
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad[ctx.index]


def _may_repeat(index: Any) -> bool:
    """Whether `index` holds an integer array, the only kind that can repeat a position."""
    parts = index if isinstance(index, tuple) else (index,)
    return any(isinstance(p, np.ndarray) and p.dtype.kind in "iu" and p.size > 1 for p in parts)


class Concatenate(Function):
    """Inputs joined along an existing axis."""

    name = "concatenate"

    @staticmethod
    def forward(ctx, *arrays, axis=0):
        out = np.concatenate(arrays, axis=axis)
        ctx.axis = axis % out.ndim
        ctx.stops = np.cumsum([a.shape[ctx.axis] for a in arrays]).tolist()
        return out

    @staticmethod
    def backward(ctx, grad):
        before = (slice(None),) * ctx.axis
        starts = [0, *ctx.stops[:-1]]
        return tuple(grad[(*before, slice(a, b))] for a, b in zip(starts, ctx.stops))


class Stack(Function):
    """Inputs of one shape joined along a new axis."""

    name = "stack"

    @staticmethod
    def forward(ctx, *arrays, axis=0):
        out = np.stack(arrays, axis=axis)
        ctx.axis, ctx.count = axis % out.ndim, len(arrays)
        return out

    @staticmethod
    def backward(ctx, grad):
        before = (slice(None),) * ctx.axis
        return tuple(grad[(*before, i)] for i in range(ctx.count))
