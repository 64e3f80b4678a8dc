"""The computations of the layers, activations and losses, as plain functions.

Every function here is written with autograd operations only, so each
gradient comes from the engine's recorded operations; the modules in
layers.py, conv.py, pooling.py, activations.py and losses.py hold settings and state and call
these. Inputs may be Tensors or ndarrays.

>>> import nn.functional as F
>>> from autograd import Tensor
>>> F.relu(Tensor([-1.0, 2.0]))
Tensor([0., 2.])
"""

from .activations import leaky_relu, log_softmax, relu, sigmoid, softmax, tanh
from .conv import avg_pool2d, conv2d, max_pool2d, pair, unfold, window_settings
from .layers import batch_norm, check_probability, dropout, flatten, linear
from .losses import (
    BCE_LOG_MIN,
    REDUCTIONS,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    check_reduction,
    cross_entropy,
    l1_loss,
    l1_penalty,
    l2_penalty,
    mse_loss,
    nll_loss,
)

__all__ = [
    "BCE_LOG_MIN",
    "REDUCTIONS",
    "avg_pool2d",
    "batch_norm",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "check_probability",
    "check_reduction",
    "conv2d",
    "cross_entropy",
    "dropout",
    "flatten",
    "l1_loss",
    "l1_penalty",
    "l2_penalty",
    "leaky_relu",
    "linear",
    "log_softmax",
    "max_pool2d",
    "mse_loss",
    "nll_loss",
    "pair",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
    "unfold",
    "window_settings",
]
