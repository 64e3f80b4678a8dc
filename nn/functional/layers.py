"""The computations of the layers: linear, flatten, dropout, batch normalisation."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
from autograd import Tensor

from ._common import _tensor


def flatten(x: Any, start_dim: int = 1, end_dim: int = -1) -> Tensor:
    """Merge the axes start_dim..end_dim (inclusive) into one; by default all but the batch axis.

    >>> flatten(Tensor(np.zeros((5, 2, 3)))).shape
    (5, 6)
    >>> flatten(Tensor(np.zeros((5, 2, 3, 4))), start_dim=0, end_dim=1).shape
    (10, 3, 4)
    """
    x = _tensor(x)
    ndim = max(x.ndim, 1)
    start, end = start_dim, end_dim
    if not (-ndim <= start < ndim and -ndim <= end < ndim) or start % ndim > end % ndim:
        raise ValueError(
            f"flatten: start_dim={start_dim} and end_dim={end_dim} must be axes of the input "
            f"of shape {x.shape} with start_dim <= end_dim"
        )
    start, end = start % ndim, end % ndim
    shape = x.shape
    merged = int(np.prod(shape[start : end + 1], dtype=np.int64))
    return x.reshape(*shape[:start], merged, *shape[end + 1 :])


def linear(x: Any, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """x @ weight + bias, with weight of shape (in_features, out_features).

    >>> linear(Tensor([[1.0, 2.0]]), Tensor([[1.0], [1.0]]), Tensor([0.5]))
    Tensor([[3.5]])
    """
    out = _tensor(x) @ weight
    return out if bias is None else out + bias


def check_probability(p: float, caller: str) -> float:
    """`p` as a float if it is a probability in [0, 1], else a ValueError naming `caller`.

    >>> check_probability(0.5, "Dropout")
    0.5
    """
    if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
        raise ValueError(f"{caller}: p must be a probability between 0 and 1, got {p!r}")
    return float(p)


def dropout(x: Any, p: float = 0.5, training: bool = True) -> Tensor:
    """Zero each element with probability `p` and scale the rest by 1 / (1 - p).

    Inverted dropout: the expected value of each element is unchanged, so
    evaluation (`training=False`) is the identity. The mask is drawn from
    `autograd.rng()`, so `autograd.manual_seed` makes it repeatable.

    >>> dropout(Tensor([1.0, 2.0]), p=0.5, training=False)
    Tensor([1., 2.])
    """
    p = check_probability(p, "dropout")
    x = _tensor(x)
    if not training or p == 0:
        return x
    scale = 1.0 / (1.0 - p) if p < 1 else 0.0
    mask = (autograd.rng().random(x.shape) >= p).astype(x.dtype)
    mask *= scale
    return x * mask


def batch_norm(
    x: Any,
    running_mean: np.ndarray | None,
    running_var: np.ndarray | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each feature (axis 1) of x of shape (N, C) or (N, C, L), then scale and shift.

    In training, or without running statistics, the batch's own mean and
    (biased) variance normalise it; in training the running statistics are
    then updated in place like PyTorch's:
    running = (1 - momentum) * running + momentum * batch statistic, with the
    unbiased variance for `running_var`. In evaluation the running statistics
    normalise.

    >>> x = Tensor([[1.0], [3.0]])
    >>> batch_norm(x, None, None, training=True).data.ravel().round(3)
    array([-1.,  1.], dtype=float32)
    """
    x = _tensor(x)
    if x.ndim not in (2, 3):
        raise ValueError(f"batch_norm: expected input of shape (N, C) or (N, C, L), got {x.shape}")
    axes = (0,) if x.ndim == 2 else (0, 2)

    def along_features(values: Any) -> Any:
        """A (C,) array or tensor lined up with axis 1 of x."""
        return values if x.ndim == 2 else values.reshape(-1, 1)

    if training or running_mean is None:
        count = x.size // x.shape[1]
        if count < 2:
            raise ValueError(
                f"batch_norm: training needs more than one value per feature to compute a "
                f"variance, got input of shape {x.shape}"
            )
        mean = x.mean(axis=axes, keepdims=True)
        var = x.var(axis=axes, keepdims=True)
        normalised = (x - mean) / (var + eps).sqrt()
        if training and running_mean is not None:
            running_mean *= 1 - momentum
            running_mean += momentum * mean.data.reshape(-1)
            running_var *= 1 - momentum
            running_var += (momentum * count / (count - 1)) * var.data.reshape(-1)
    else:
        inverse_std = 1 / np.sqrt(running_var + eps)
        normalised = (x - along_features(running_mean)) * along_features(inverse_std)
    if weight is not None:
        normalised = normalised * along_features(weight)
    if bias is not None:
        normalised = normalised + along_features(bias)
    return normalised
