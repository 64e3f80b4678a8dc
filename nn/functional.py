"""The computations of the layers, activations and losses, as plain functions.

Every function here is written with autograd operations only, so each
gradient comes from the engine's recorded operations; the modules in
layers.py, activations.py and losses.py hold settings and state and call
these. Inputs may be Tensors or ndarrays.

>>> import nn.functional as F
>>> from autograd import Tensor
>>> F.relu(Tensor([-1.0, 2.0]))
Tensor([0., 2.])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

import autograd
from autograd import Tensor

REDUCTIONS = ("mean", "sum")

# How far BCE keeps probabilities from 0 and 1, so log never sees 0 (as the tutorials do).
BCE_CLIP = 1e-7


def _tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


# ------------------------------------------------------------------ activations


def relu(x: Any) -> Tensor:
    """max(x, 0) elementwise.

    >>> relu(Tensor([-1.0, 3.0]))
    Tensor([0., 3.])
    """
    return _tensor(x).relu()


def leaky_relu(x: Any, negative_slope: float = 0.01) -> Tensor:
    """x where x > 0, else negative_slope * x (the gradient at 0 is negative_slope).

    >>> leaky_relu(Tensor([-2.0, 3.0]), 0.5)
    Tensor([-1.,  3.])
    """
    x = _tensor(x)
    return autograd.where(x.data > 0, x, x * negative_slope)


def sigmoid(x: Any) -> Tensor:
    """1 / (1 + exp(-x)) elementwise.

    >>> sigmoid(Tensor([0.0]))
    Tensor([0.5])
    """
    return _tensor(x).sigmoid()


def tanh(x: Any) -> Tensor:
    """Hyperbolic tangent elementwise.

    >>> tanh(Tensor([0.0]))
    Tensor([0.])
    """
    return _tensor(x).tanh()


def softmax(x: Any, axis: int = -1) -> Tensor:
    """exp(x) / sum(exp(x)) along `axis`.

    >>> softmax(Tensor([0.0, 0.0]))
    Tensor([0.5, 0.5])
    """
    return _tensor(x).softmax(axis=axis)


def log_softmax(x: Any, axis: int = -1) -> Tensor:
    """log(softmax(x)) along `axis`, computed stably.

    >>> log_softmax(Tensor([0.0, 0.0]))
    Tensor([-0.6931472, -0.6931472])
    """
    return _tensor(x).log_softmax(axis=axis)


# ----------------------------------------------------------------------- layers


def flatten(x: Any) -> Tensor:
    """Keep the first (batch) axis and flatten the rest into one.

    >>> flatten(Tensor(np.zeros((5, 2, 3)))).shape
    (5, 6)
    """
    x = _tensor(x)
    return x.reshape(x.shape[0], -1)


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


# ----------------------------------------------------------------------- losses


def check_reduction(reduction: str, caller: str) -> str:
    """`reduction` if it is "mean" or "sum", else a ValueError naming `caller`.

    >>> check_reduction("sum", "MSELoss")
    'sum'
    """
    if reduction not in REDUCTIONS:
        raise ValueError(f"{caller}: reduction must be 'mean' or 'sum', got {reduction!r}")
    return reduction


def _reduce(losses: Tensor, reduction: str) -> Tensor:
    return losses.mean() if reduction == "mean" else losses.sum()


def _matching_target(prediction: Tensor, target: Any, caller: str) -> Any:
    """The target as an ndarray of the prediction's dtype (or a Tensor that requires grad).

    Its shape must equal the prediction's: broadcasting (N, 1) against (N,)
    would silently compare every prediction with every target.
    """
    if isinstance(target, Tensor) and target.requires_grad:
        values = target
    else:
        data = target.data if isinstance(target, Tensor) else target
        values = np.asarray(data, dtype=prediction.dtype)
    if values.shape != prediction.shape:
        hint = (
            f"; reshape the target, e.g. target.reshape{prediction.shape}"
            if values.size == prediction.size
            else ""
        )
        raise ValueError(
            f"{caller}: prediction has shape {prediction.shape} but target has shape "
            f"{values.shape}; they must be equal{hint}"
        )
    return values


def mse_loss(prediction: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Mean (or sum) of the squared differences (prediction - target) ** 2.

    reduction="sum" gives the tutorials' sum of squares.

    >>> mse_loss(Tensor([1.0, 3.0]), np.array([0.0, 1.0]))
    Tensor(2.5)
    """
    check_reduction(reduction, "mse_loss")
    prediction = _tensor(prediction)
    difference = prediction - _matching_target(prediction, target, "mse_loss")
    return _reduce(difference * difference, reduction)


def l1_loss(prediction: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Mean (or sum) of the absolute differences |prediction - target|.

    >>> l1_loss(Tensor([1.0, 3.0]), np.array([0.0, 1.0]))
    Tensor(1.5)
    """
    check_reduction(reduction, "l1_loss")
    prediction = _tensor(prediction)
    return _reduce((prediction - _matching_target(prediction, target, "l1_loss")).abs(), reduction)


def _class_weights(log_probs: Tensor, target: Any, reduction: str, caller: str) -> Any:
    """Weights w such that the loss is sum(w * log_probs).

    w is -1 at each sample's class (or -1 times the target probabilities),
    divided by N for the mean. One multiply and one sum is the cheapest way
    through the engine to the loss: picking the entries by fancy indexing
    costs more, as its backward must scatter-add.
    """
    if log_probs.ndim != 2:
        raise ValueError(
            f"{caller}: expected scores of shape (N, C) (samples, classes), got {log_probs.shape}"
        )
    samples, classes = log_probs.shape
    scale = -1.0 / max(samples, 1) if reduction == "mean" else -1.0
    if isinstance(target, Tensor) and target.requires_grad:
        probabilities = _matching_target(log_probs, target, caller)
        return probabilities * scale
    labels = np.asarray(target.data if isinstance(target, Tensor) else target)
    if labels.ndim == 2:
        return _matching_target(log_probs, labels, caller) * scale
    if labels.shape != (samples,):
        raise ValueError(
            f"{caller}: target must be {samples} class labels (shape ({samples},)) or "
            f"probabilities of shape {log_probs.shape}, got shape {labels.shape}"
        )
    if labels.dtype.kind not in "iu":
        raise TypeError(
            f"{caller}: class labels must be integers, got dtype {labels.dtype}; convert them "
            f"with labels.astype(np.int64), or pass one-hot/probability targets of shape "
            f"{log_probs.shape}"
        )
    if samples and (labels.min() < 0 or labels.max() >= classes):
        bad = labels[(labels < 0) | (labels >= classes)][0]
        raise ValueError(
            f"{caller}: label {bad} is out of range for {classes} classes (labels must be "
            f"0 to {classes - 1})"
        )
    weights = np.zeros(log_probs.shape, dtype=log_probs.dtype)
    weights[np.arange(samples), labels] = scale
    return weights


def nll_loss(log_probs: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Negative log-likelihood of log-probabilities (N, C), e.g. from log_softmax.

    `target` holds integer class labels (N,), or probabilities (N, C) (one-hot
    included), giving -sum(target * log_probs) per sample.

    >>> nll_loss(Tensor([[-0.5, -1.5]]), np.array([1]))
    Tensor(1.5)
    """
    check_reduction(reduction, "nll_loss")
    log_probs = _tensor(log_probs)
    return (log_probs * _class_weights(log_probs, target, reduction, "nll_loss")).sum()


def cross_entropy(logits: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Softmax cross-entropy of logits (N, C): nll_loss(log_softmax(logits), target).

    `target` holds integer class labels (N,) or probabilities (N, C). Through
    log_softmax it stays finite for any logits.

    >>> round(cross_entropy(Tensor([[0.0, 0.0]]), np.array([1])).item(), 4)   # log 2
    0.6931
    """
    check_reduction(reduction, "cross_entropy")
    logits = _tensor(logits)
    weights = _class_weights(logits, target, reduction, "cross_entropy")
    return (logits.log_softmax(axis=-1) * weights).sum()


def binary_cross_entropy(probabilities: Any, target: Any, reduction: str = "mean") -> Tensor:
    """-(t log p + (1 - t) log(1 - p)) for probabilities p, e.g. from a sigmoid.

    p is first clipped to [1e-7, 1 - 1e-7] so that log never sees 0 (where it
    is clipped the gradient is 0). Prefer binary_cross_entropy_with_logits on
    the scores before the sigmoid: it needs no clipping.

    >>> round(binary_cross_entropy(Tensor([0.5]), np.array([1.0])).item(), 4)   # log 2
    0.6931
    """
    check_reduction(reduction, "binary_cross_entropy")
    p = _tensor(probabilities).clip(BCE_CLIP, 1 - BCE_CLIP)
    t = _matching_target(p, target, "binary_cross_entropy")
    # The signs are folded into the target factors: one operation fewer than negating.
    return _reduce(p.log() * -t + (1 - p).log() * (t - 1), reduction)


def binary_cross_entropy_with_logits(logits: Any, target: Any, reduction: str = "mean") -> Tensor:
    """binary_cross_entropy(sigmoid(z), t) computed stably from the logits z.

    Per element it is log(1 + exp(z)) - t z, where log(1 + exp(z)) is the
    logsumexp of (0, z): finite for any z, with gradient sigmoid(z) - t.

    >>> round(binary_cross_entropy_with_logits(Tensor([0.0]), np.array([1.0])).item(), 4)
    0.6931
    """
    check_reduction(reduction, "binary_cross_entropy_with_logits")
    z = _tensor(logits)
    t = _matching_target(z, target, "binary_cross_entropy_with_logits")
    softplus = autograd.stack([np.zeros_like(z.data), z], axis=-1).logsumexp(axis=-1)
    return _reduce(softplus - z * t, reduction)


# ----------------------------------------------------------------- penalties


def l1_penalty(parameters: Iterable[Tensor], weight: float) -> Tensor:
    """weight * sum of |p| over every element of every tensor in `parameters`.

    Add it to the loss for L1 regularisation (it pushes weights to exactly
    zero). Usually only weights, not biases, are penalised.

    >>> float(l1_penalty([Tensor([1.0, -2.0]), Tensor([3.0])], weight=0.1))
    0.6000000238418579
    """
    return weight * sum(p.abs().sum() for p in parameters)


def l2_penalty(parameters: Iterable[Tensor], weight: float) -> Tensor:
    """weight * sum of p ** 2 over every element of every tensor in `parameters`.

    Add it to the loss for L2 regularisation. Its gradient is 2 * weight * p,
    so it matches an optimizer's `weight_decay` of 2 * weight.

    >>> float(l2_penalty([Tensor([1.0, -2.0])], weight=0.5))
    2.5
    """
    return weight * sum((p * p).sum() for p in parameters)
