"""RMSprop: steps divided by a running root-mean-square of the gradient."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer


class RMSprop(Optimizer):
    """RMSprop (PyTorch's algorithm, not centred).

    With g = grad (+ weight_decay * p): v <- alpha v + (1 - alpha) g^2, and
    p <- p - lr * g / (sqrt(v) + eps) (eps outside the square root); with
    momentum, b <- momentum b + g / (sqrt(v) + eps) and p <- p - lr * b.

    >>> from autograd import Tensor
    >>> w = Tensor([1.0], requires_grad=True); w.grad = np.array([1.0], dtype=np.float32)
    >>> RMSprop([w], lr=0.01, alpha=0.75).step(); w.data    # 1 - 0.01 / sqrt(0.25)
    array([0.98], dtype=float32)
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 0.01,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
    ) -> None:
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum)
        super().__init__(params, defaults)

    def update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        """One RMSprop step for one parameter."""
        alpha, momentum, weight_decay = group["alpha"], group["momentum"], group["weight_decay"]
        if not state:
            state["square_avg"] = np.zeros_like(param)
            if momentum:
                state["momentum_buffer"] = np.zeros_like(param)
        if weight_decay:
            grad = grad + weight_decay * param
        square_avg = state["square_avg"]
        square_avg *= alpha
        square_avg += (1 - alpha) * np.square(grad)
        step = np.sqrt(square_avg)
        step += group["eps"]
        np.divide(grad, step, out=step)
        if momentum:
            buffer = state["momentum_buffer"]
            buffer *= momentum
            buffer += step
            step = buffer
        param -= group["lr"] * step
