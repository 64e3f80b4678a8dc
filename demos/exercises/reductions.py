"""Exercises on reductions: one output element summarises many input elements."""

from __future__ import annotations

import numpy as np

from autograd import Function

from .todo import todo


class SumAxis(Function):
    """y = x.sum(axis=1): an input of shape (3, 4) gives an output of shape (3,).

    y[i] = sum_j x[i, j], so dy[i]/dx[i, j] = 1 for every j: each x[i, j]
    receives grad[i], the gradient of the row sum it belongs to. Backward
    "un-reduces": put the summed axis back (np.expand_dims(grad, axis) has
    shape (3, 1)) and repeat grad along it up to the input's shape
    (np.broadcast_to). Forward saves the axis and the input's shape.

    >>> from autograd import Tensor
    >>> SumAxis.apply(Tensor([[1.0, 2.0], [3.0, 4.0]])).data
    array([3., 7.], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x, axis=1):
        ctx.axis, ctx.shape = axis, x.shape
        return x.sum(axis=axis)

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """The input gradcheck checks your backward on."""
        return (rng.standard_normal((3, 4)),)


class Mean(Function):
    """y = x.mean(axis=0): an input of shape (4, 3) gives an output of shape (3,).

    y[j] = (1/N) sum_i x[i, j] with N = x.shape[0], the number of elements
    averaged. Each x[i, j] therefore receives grad[j] / N: the same
    un-reducing as for a sum, divided by N. Forgetting the 1/N is the
    classic mistake; gradcheck then finds your gradient N times too large.
    Forward saves the axis and the input's shape.

    >>> from autograd import Tensor
    >>> Mean.apply(Tensor([[1.0, 2.0], [3.0, 6.0]])).data
    array([2., 4.], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x, axis=0):
        ctx.axis, ctx.shape = axis, x.shape
        return x.mean(axis=axis)

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """The input gradcheck checks your backward on."""
        return (rng.standard_normal((4, 3)),)


class Max(Function):
    """y = x.max(axis=-1): the largest element of each row.

    Only the largest element of a row affects y (moving any other one a
    little changes nothing), so the gradient of row i goes to its maximum:
    dy[i]/dx[i, j] = 1 where x[i, j] is the maximum, 0 elsewhere.

    Ties: when two elements share the maximum, y has a kink. The convention
    (the engine's too) shares the gradient equally among the tied elements,
    so the row still passes exactly grad[i] back in total. Central
    differences agree at a tie of two: nudging one tied element up raises y
    by eps, nudging it down leaves y alone (the other still holds the max),
    so the slope they see is (eps - 0) / (2 eps) = 1/2 each. The check's
    input has such ties in rows 0 and 2.

    Forward saves x and y. A mask x == y[..., None] marks the maxima;
    divide it by the number of maxima in its row.

    >>> from autograd import Tensor
    >>> Max.apply(Tensor([[1.0, 5.0, 2.0]])).data
    array([5.], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x):
        y = x.max(axis=-1)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """Rows of distinct values 0.3 apart; rows 0 and 2 hold their maximum twice."""
        x = np.stack([rng.permutation(5) * 0.3 for _ in range(4)])
        for row in (0, 2):
            x[row, (np.argmax(x[row]) + 2) % 5] = x[row].max()
        return (x,)
