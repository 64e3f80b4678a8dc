"""Exercise on normalisation: every output depends on its whole row, three ways."""

from __future__ import annotations

import numpy as np

from autograd import Function

from .todo import todo


class LayerNorm(Function):
    """Normalise each row (the last axis, of length D) to mean 0 and variance 1.

    y = (x - mu) / sigma, with mu = mean(x) and sigma = sqrt(var(x) + eps)
    over the last axis (eps keeps sigma away from 0).

    y_i depends on x_j directly and through mu and sigma: mu moves by 1/D
    when x_j does, and sigma by (x_j - mu) / (D sigma) = y_j / D. So

        dy_i/dx_j = (delta_ij - 1/D - y_i * y_j / D) / sigma

    Summing grad_i times that over i gives, per row,

        dL/dx = (grad - mean(grad) - y * mean(grad * y)) / sigma

    with the means over the last axis (keepdims=True). Forward saves y and
    1 / sigma.

    >>> from autograd import Tensor
    >>> LayerNorm.apply(Tensor([[1.0, 3.0]])).data.round(3)
    array([[-1.,  1.]], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x, eps=1e-5):
        centred = x - x.mean(axis=-1, keepdims=True)
        inv_sigma = 1 / np.sqrt((centred**2).mean(axis=-1, keepdims=True) + eps)
        y = centred * inv_sigma
        ctx.save_for_backward(y)
        ctx.inv_sigma = inv_sigma
        return y

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """Three rows of six values, spread enough that sigma is far from eps."""
        return (rng.standard_normal((3, 6)) * 2 + 1,)
