"""Matrix multiplication, with NumPy's rules for 1-D operands and batches."""

from __future__ import annotations

import numpy as np

from ..function import Function


class MatMul(Function):
    """a @ b. Leading (batch) axes broadcast; a 1-D operand acts as a row or a column."""

    name = "matmul"
    broadcasting = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        try:
            return a @ b
        except ValueError:
            raise ValueError(_mismatch(np.shape(a), np.shape(b))) from None

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved
        need_a, need_b = ctx.needs_input_grad
        # A 1-D a acts as a row (1, k) and a 1-D b as a column (k, 1). Put back
        # the axis matmul dropped from the output so that the two matrix
        # products below cover every case, then drop it from the gradient.
        rows = a.reshape(1, -1) if a.ndim == 1 else a
        cols = b.reshape(-1, 1) if b.ndim == 1 else b
        if a.ndim == 1 or b.ndim == 1:
            grad = grad.reshape(_as_matrix_product_shape(grad.shape, a.ndim, b.ndim))
        grad_a = grad_b = None
        if need_a:
            grad_a = grad @ cols.swapaxes(-1, -2)
            if a.ndim == 1:
                grad_a = grad_a.reshape((*grad_a.shape[:-2], grad_a.shape[-1]))
        if need_b:
            grad_b = rows.swapaxes(-1, -2) @ grad
            if b.ndim == 1:
                grad_b = grad_b.reshape(grad_b.shape[:-1])
        return grad_a, grad_b


def _as_matrix_product_shape(shape: tuple, a_ndim: int, b_ndim: int) -> tuple:
    """The output shape with the axes of 1-D operands put back as length 1."""
    shape = list(shape)
    if b_ndim == 1:
        shape.append(1)
    if a_ndim == 1:
        shape.insert(len(shape) - 1, 1)
    return tuple(shape)


def _mismatch(a: tuple, b: tuple) -> str:
    """Why `a @ b` is impossible, in terms of the two shapes."""
    if not a or not b:
        return f"matmul: {a} @ {b}: both operands need at least one axis (use * for scalars)"
    inner_a = a[-1]
    inner_b = b[0] if len(b) == 1 else b[-2]
    if inner_a != inner_b:
        return f"matmul: {a} @ {b}: inner dimensions {inner_a} and {inner_b} differ"
    return f"matmul: {a} @ {b}: batch shapes {a[:-2]} and {b[:-2]} cannot be broadcast together"
