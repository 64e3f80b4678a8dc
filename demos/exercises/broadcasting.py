"""Exercise on broadcasting: where one element is used many times, its gradients add up."""

from __future__ import annotations

import numpy as np

from autograd import Function

from .todo import todo


class BroadcastAdd(Function):
    """y = a + b with NumPy broadcasting, e.g. (4, 1) + (3,) -> (4, 3).

    Elementwise d(a + b)/da = 1, so every use of an element passes the
    gradient on unchanged. But broadcasting uses one element many times:
    a[i, 0] is added to every column of row i, so by the chain rule its
    gradient is the sum of grad over row i. In general sum grad over
    - the leading axes that y has and the input lacks (b, of shape (3,),
      was repeated along axis 0 of (4, 3)), and
    - the axes where the input has length 1 and y does not (axis 1 for a),
    and give the result the input's shape. Forward saves both input shapes.

    Each gradient must have exactly its input's shape: for your own Function
    the engine does not fix it for you (its own `add` does it in one place,
    autograd/broadcast.py; write yours without looking).

    >>> from autograd import Tensor
    >>> BroadcastAdd.apply(Tensor([[1.0], [2.0]]), Tensor([10.0, 20.0])).data
    array([[11., 21.],
           [12., 22.]], dtype=float32)
    """

    @staticmethod
    def forward(ctx, a, b):
        ctx.a_shape, ctx.b_shape = np.shape(a), np.shape(b)
        return a + b

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """a of shape (4, 1) and b of shape (3,): both are broadcast, each differently."""
        return rng.standard_normal((4, 1)), rng.standard_normal(3)
