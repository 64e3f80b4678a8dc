"""Exercises on softmax and the classification loss built on it."""

from __future__ import annotations

import numpy as np

from autograd import Function

from .todo import todo


def softmax(z: np.ndarray) -> np.ndarray:
    """exp(z) / sum(exp(z)) along the last axis, shifted by the row maximum so exp never overflows.

    >>> softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])
    """
    exps = np.exp(z - z.max(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)


class Softmax(Function):
    """y = softmax(x) along the last axis: y_i = exp(x_i) / sum_k exp(x_k).

    Every output of a row depends on every input of the row, so the chain
    rule sums over the outputs: dL/dx_j = sum_i grad_i * dy_i/dx_j.
    Differentiating the quotient gives dy_i/dx_j = y_i * (delta_ij - y_j)
    (delta_ij is 1 when i = j, else 0). Put together:

        dL/dx_j = y_j * (grad_j - sum_i grad_i * y_i)

    one elementwise product and one sum per row (keepdims=True), with no
    (n, n) Jacobian built. Forward saves the output y. (Subtracting the row
    maximum in forward prevents overflow and changes no derivative.)

    >>> from autograd import Tensor
    >>> Softmax.apply(Tensor([0.0, 0.0])).data
    array([0.5, 0.5], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x):
        y = softmax(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """The input gradcheck checks your backward on."""
        return (rng.standard_normal((3, 5)),)


class LogSoftmaxNLL(Function):
    """The classification loss: L = -(1/N) sum_i log softmax(z[i])[label_i].

    forward takes logits z of shape (N, C) and integer labels of shape (N,)
    and returns one number. With p = softmax(z) along each row,
    log p[i, c] = z[i, c] - log(sum_k exp(z[i, k])); differentiating that
    gives the famous

        dL/dz[i, c] = (p[i, c] - onehot[i, c]) / N

    the predicted probabilities minus the one-hot target, averaged over the
    batch; multiply it by grad (here a single number). Labels are integers,
    not differentiable: return None as their gradient. Forward saves p and
    the labels.

    >>> from autograd import Tensor
    >>> loss = LogSoftmaxNLL.apply(Tensor([[0.0, 0.0]]), np.array([1]))
    >>> round(loss.item(), 4)  # log 2: two equally likely classes
    0.6931
    """

    @staticmethod
    def forward(ctx, logits, labels):
        p = softmax(logits)
        ctx.save_for_backward(p)
        ctx.labels = labels
        rows = np.arange(len(labels))
        return -np.log(p[rows, labels]).mean()

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """Logits for a batch of 4 over 5 classes, and their labels."""
        return rng.standard_normal((4, 5)), rng.integers(0, 5, size=4)
