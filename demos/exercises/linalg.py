"""Exercise on matrix multiplication: the gradient of a @ b."""

from __future__ import annotations

import numpy as np

from autograd import Function

from .todo import todo


class MatMul(Function):
    """y = a @ b for matrices: (n, k) @ (k, m) -> (n, m).

    y[i, j] = sum_p a[i, p] b[p, j], so dy[i, j]/da[i, p] = b[p, j] and

        dL/da[i, p] = sum_j grad[i, j] b[p, j]     that is grad @ b.T
        dL/db[p, j] = sum_i a[i, p] grad[i, j]     that is a.T @ grad

    The shapes remember it for you: dL/da must be (n, k), and the only way
    to make (n, k) from grad (n, m) and b (k, m) is grad @ b.T; dL/db must
    be (k, m) = (k, n) @ (n, m) = a.T @ grad. Forward saves a and b.
    Return both gradients, in the order of the inputs.

    >>> from autograd import Tensor
    >>> MatMul.apply(Tensor([[1.0, 2.0]]), Tensor([[3.0], [4.0]])).data
    array([[11.]], dtype=float32)
    """

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """a (3, 4) and b (4, 2): no square matrix, so a transposed gradient cannot hide."""
        return rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
