"""Answer to the broadcasting exercise: sum the gradient back to each input's shape."""

from __future__ import annotations

import numpy as np

from .. import broadcasting


def unbroadcast(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """`grad` summed over the axes that broadcasting `shape` up to grad's shape added or stretched.

    >>> unbroadcast(np.ones((4, 3)), (3,))
    array([4., 4., 4.])
    >>> unbroadcast(np.ones((4, 3)), (4, 1)).ravel()
    array([3., 3., 3., 3.])
    """
    leading = grad.ndim - len(shape)
    grad = grad.sum(axis=tuple(range(leading)))  # axes the input did not have
    stretched = tuple(axis for axis, n in enumerate(shape) if n == 1 and grad.shape[axis] != 1)
    return grad.sum(axis=stretched, keepdims=True)  # axes the input had with length 1


class BroadcastAdd(broadcasting.BroadcastAdd):
    """a + b with broadcasting, whose backward sums grad back to each input's shape.

    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(BroadcastAdd.apply, Tensor([[1.0], [2.0]]), Tensor([3.0, 4.0, 5.0]))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        return unbroadcast(grad, ctx.a_shape), unbroadcast(grad, ctx.b_shape)
