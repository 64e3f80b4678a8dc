"""Answer to the matrix multiplication exercise."""

from __future__ import annotations

from .. import linalg


class MatMul(linalg.MatMul):
    """a @ b, whose backward returns grad @ b.T and a.T @ grad.

    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(MatMul.apply, Tensor([[1.0, 2.0]]), Tensor([[3.0], [4.0]]))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved
        return grad @ b.T, a.T @ grad
