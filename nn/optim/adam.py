"""Adam and AdamW: steps scaled by running averages of the gradient and its square."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from functools import partialmethod
from typing import Any

import numpy as np

from .optimizer import Optimizer


class Adam(Optimizer):
    """Adam (PyTorch's algorithm, without amsgrad).

    With g = grad (+ weight_decay * p) and t the step number:
    m <- beta1 m + (1 - beta1) g,  v <- beta2 v + (1 - beta2) g^2,
    p <- p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps).

    >>> from autograd import Tensor
    >>> w = Tensor([1.0], requires_grad=True); w.grad = np.array([5.0], dtype=np.float32)
    >>> Adam([w], lr=0.1).step(); w.data.round(4)       # the first step has size lr
    array([0.9], dtype=float32)
    """

    # AdamW subtracts lr * weight_decay * p from p instead of adding the decay to g.
    decoupled_weight_decay = False

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        if isinstance(betas, (list, np.ndarray)):
            betas = tuple(betas)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)
        super().__init__(params, defaults)

    def check_hyperparameters(self, group: dict[str, Any]) -> None:
        """Also: betas are two numbers in [0, 1)."""
        betas = group["betas"]
        if not (
            isinstance(betas, tuple)
            and len(betas) == 2
            and all(isinstance(b, numbers.Real) and not isinstance(b, bool) for b in betas)
            and all(0 <= b < 1 for b in betas)
        ):
            raise ValueError(
                f"{type(self).__name__}: betas must be two numbers in [0, 1), got {betas!r}"
            )
        super().check_hyperparameters(group)

    def update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        """One Adam step for one parameter."""
        lr, weight_decay = group["lr"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
        if weight_decay:
            if self.decoupled_weight_decay:
                param *= 1 - lr * weight_decay
            else:
                grad = grad + weight_decay * param
        state["step"] += 1
        step = state["step"]
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m *= beta1
        m += (1 - beta1) * grad
        v *= beta2
        v += (1 - beta2) * np.square(grad)
        # sqrt(v / c2) = sqrt(v) / sqrt(c2): divide the smaller thing, in place.
        denominator = np.sqrt(v)
        denominator /= math.sqrt(1 - beta2**step)
        denominator += group["eps"]
        np.divide(m, denominator, out=denominator)
        denominator *= lr / (1 - beta1**step)
        param -= denominator


class AdamW(Adam):
    """Adam with decoupled weight decay: p <- p (1 - lr * weight_decay) before the Adam step.

    >>> from autograd import Tensor
    >>> w = Tensor([1.0], requires_grad=True); w.grad = np.array([0.0], dtype=np.float32)
    >>> AdamW([w], lr=0.1, weight_decay=0.5).step(); w.data
    array([0.95], dtype=float32)
    """

    decoupled_weight_decay = True
    # Adam's signature with weight decay on by default (PyTorch's 0.01).
    __init__ = partialmethod(Adam.__init__, weight_decay=0.01)
