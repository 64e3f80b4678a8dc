"""Stochastic gradient descent, with momentum, dampening, Nesterov and weight decay."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer


class SGD(Optimizer):
    """p <- p - lr * g, optionally with momentum (PyTorch's algorithm).

    With weight decay g = grad + weight_decay * p. With momentum the buffer
    b starts as g and then becomes momentum * b + (1 - dampening) * g; the
    step uses b, or g + momentum * b with `nesterov`.

    >>> from autograd import Tensor
    >>> w = Tensor([1.0], requires_grad=True); w.grad = np.array([2.0], dtype=np.float32)
    >>> SGD([w], lr=0.1).step(); w.data
    array([0.8], dtype=float32)
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        defaults = dict(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            nesterov=nesterov,
            weight_decay=weight_decay,
        )
        super().__init__(params, defaults)

    flag_hyperparameters = ("nesterov",)

    def check_hyperparameters(self, group: dict[str, Any]) -> None:
        """Also: Nesterov momentum needs momentum > 0 and no dampening."""
        super().check_hyperparameters(group)
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("SGD: nesterov=True needs momentum > 0 and dampening = 0")

    def update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        """One SGD step for one parameter."""
        momentum, weight_decay = group["momentum"], group["weight_decay"]
        if weight_decay:
            grad = grad + weight_decay * param
        if momentum:
            buffer = state.get("momentum_buffer")
            if buffer is None:
                buffer = state["momentum_buffer"] = grad.copy()
            else:
                buffer *= momentum
                buffer += (1 - group["dampening"]) * grad
            grad = grad + momentum * buffer if group["nesterov"] else buffer
        param -= group["lr"] * grad
