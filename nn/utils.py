"""Helpers for training loops."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from autograd import Tensor

from .checks import TrainingWarning, check_training

__all__ = ["TrainingWarning", "check_training", "clip_grad_norm_"]


def clip_grad_norm_(parameters: Tensor | Iterable[Tensor], max_norm: float) -> float:
    """Scale the gradients in place so that their joint L2 norm is at most `max_norm`.

    The norm is taken over all gradients together, as if they were one
    vector; parameters without a gradient are skipped. When the norm exceeds
    `max_norm`, every gradient is multiplied by max_norm / (norm + 1e-6)
    (PyTorch's rule). Returns the norm before clipping, so it can be logged.

    >>> w = Tensor([0.0, 0.0], requires_grad=True); w.grad = np.array([3.0, 4.0])
    >>> clip_grad_norm_([w], max_norm=1.0), w.grad.round(4)
    (5.0, array([0.6, 0.8]))
    """
    tensors = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    grads = [p.grad for p in tensors if p.grad is not None]
    total = math.sqrt(sum(float(np.vdot(g, g)) for g in grads))
    factor = max_norm / (total + 1e-6)
    if factor < 1:
        for g in grads:
            g *= factor
    return total
