"""Loss functions as modules: `loss_fn = CrossEntropyLoss(); loss_fn(prediction, target)`.

The target may be a Tensor or an ndarray. `reduction="mean"` (the default)
averages the per-element (or per-sample) losses, `reduction="sum"` adds them
up. Each calls the function of nn.functional named in its docstring.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd import Tensor

from . import functional as F
from .module import Module


class Loss(Module):
    """Base of the loss modules: checks `reduction` and calls `function`.

    >>> MSELoss(reduction="sum").reduction
    'sum'
    """

    function: Callable[..., Tensor]

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        self.reduction = F.check_reduction(reduction, type(self).__name__)

    def forward(self, prediction: Any, target: Any) -> Tensor:
        """The loss of `prediction` against `target`, reduced to one number."""
        return type(self).function(prediction, target, reduction=self.reduction)

    def extra_repr(self) -> str:
        """The settings shown in the repr."""
        return f"reduction={self.reduction!r}"


class MSELoss(Loss):
    """Mean squared error, `F.mse_loss`; reduction="sum" is the sum of squares.

    >>> MSELoss()(Tensor([1.0, 3.0]), [0.0, 1.0])
    Tensor(2.5)
    """

    function = F.mse_loss


class L1Loss(Loss):
    """Mean absolute error, `F.l1_loss`.

    >>> L1Loss()(Tensor([1.0, 3.0]), [0.0, 1.0])
    Tensor(1.5)
    """

    function = F.l1_loss


class CrossEntropyLoss(Loss):
    """Softmax cross-entropy from logits, `F.cross_entropy`: integer labels (N,) or
    one-hot/probability targets (N, C).

    >>> round(CrossEntropyLoss()(Tensor([[2.0, 0.0]]), [0]).item(), 4)
    0.1269
    """

    function = F.cross_entropy


class NLLLoss(Loss):
    """Negative log-likelihood of log-probabilities (e.g. LogSoftmax output), `F.nll_loss`.

    >>> NLLLoss()(Tensor([[-0.5, -1.0]]), [1])
    Tensor(1.)
    """

    function = F.nll_loss


class BCELoss(Loss):
    """Binary cross-entropy of probabilities (e.g. Sigmoid output), `F.binary_cross_entropy`,
    as PyTorch's: inputs outside [0, 1] are a ValueError, each log is clamped at -100.

    >>> round(BCELoss()(Tensor([0.9]), [1.0]).item(), 4)
    0.1054
    """

    function = F.binary_cross_entropy


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy from logits (before the sigmoid), computed stably,
    `F.binary_cross_entropy_with_logits`.

    >>> round(BCEWithLogitsLoss()(Tensor([0.0]), [1.0]).item(), 4)
    0.6931
    """

    function = F.binary_cross_entropy_with_logits
