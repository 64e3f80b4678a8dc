"""Adagrad: each coordinate's step shrinks with the sum of its squared gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer


class Adagrad(Optimizer):
    """Adagrad (PyTorch's algorithm, without learning-rate decay).

    With g = grad (+ weight_decay * p): s <- s + g^2, p <- p - lr * g / (sqrt(s) + eps).

    >>> from autograd import Tensor
    >>> w = Tensor([1.0], requires_grad=True); w.grad = np.array([2.0], dtype=np.float32)
    >>> Adagrad([w], lr=0.1).step(); w.data                  # 1 - 0.1 * 2 / 2
    array([0.9], dtype=float32)
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 0.01,
        eps: float = 1e-10,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, dict(lr=lr, eps=eps, weight_decay=weight_decay))

    def update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        """One Adagrad step for one parameter."""
        if not state:
            state["sum"] = np.zeros_like(param)
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param
        squares = state["sum"]
        squares += np.square(grad)
        step = np.sqrt(squares)
        step += group["eps"]
        np.divide(grad, step, out=step)
        step *= group["lr"]
        param -= step
