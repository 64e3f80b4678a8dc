"""Losses and regularisation penalties.

Each takes a prediction and a target (Tensor or ndarray) and a `reduction`,
"mean" or "sum"; the penalties take parameters and a weight.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

import autograd
from autograd import Tensor

from ._common import _tensor

REDUCTIONS = ("mean", "sum")

# BCE clamps each log at -100, as PyTorch does: the loss stays finite at p = 0
# and p = 1, while a confidently wrong p (1e-9 for a target 1) keeps its large
# gradient -1/p instead of the 0 that clipping p itself would give.
BCE_LOG_MIN = -100.0


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
    """-(t log p + (1 - t) log(1 - p)) for probabilities p, e.g. from a sigmoid, as PyTorch.

    p must lie in [0, 1] (anything else, NaN included, is a ValueError: pass
    logits to binary_cross_entropy_with_logits instead). Each log is clamped
    at -100, as in PyTorch, so the loss is finite at p = 0 and p = 1 in any
    float dtype, and where log p > -100 the gradient is the exact -t/p +
    (1 - t)/(1 - p): about -1e9 at p = 1e-9 for a target 1. Where a log is
    clamped (p = 0 or 1 exactly) its term's gradient is 0, never NaN.
    binary_cross_entropy_with_logits on the scores before the sigmoid is the
    more accurate choice.

    >>> round(binary_cross_entropy(Tensor([0.5]), np.array([1.0])).item(), 4)   # log 2
    0.6931
    >>> binary_cross_entropy(Tensor([0.0]), np.array([1.0]))
    Tensor(100.)
    """
    check_reduction(reduction, "binary_cross_entropy")
    p = _tensor(probabilities)
    outside = ~((p.data >= 0) & (p.data <= 1))  # written so that NaN counts as outside
    if outside.any():
        raise ValueError(
            f"binary_cross_entropy: probabilities must lie in [0, 1], but {int(outside.sum())} "
            f"of {p.size} do not (e.g. {p.data[outside].flat[0]!r}); apply a sigmoid first, "
            f"or pass the logits to binary_cross_entropy_with_logits (BCEWithLogitsLoss)"
        )
    t = _matching_target(p, target, "binary_cross_entropy")
    # The signs are folded into the target factors: one operation fewer than negating.
    return _reduce(_clamped_log(p) * -t + _clamped_log(1 - p) * (t - 1), reduction)


def _clamped_log(x: Tensor) -> Tensor:
    """max(log x, -100) for x in [0, 1], with no log of 0 evaluated: at x = 0 the value is
    -100 and the gradient 0 (the log sees 1 there, so no 0 * inf makes a NaN)."""
    positive = x.data > 0
    log = autograd.where(positive, x, 1.0).log()
    return autograd.where(positive, autograd.maximum(log, BCE_LOG_MIN), BCE_LOG_MIN)


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
