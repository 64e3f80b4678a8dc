"""Reference answers: each exercise again, with its backward written. Try yours first.

The classes have the exercises' names and inherit their forward, so only
the backward differs.

>>> from autograd import Tensor, gradcheck
>>> gradcheck(Softmax.apply, Tensor([[0.5, -1.0, 2.0]]))
True
"""

from .broadcasting import BroadcastAdd
from .convolution import Conv2d, MaxPool2d
from .elementwise import Exp, Log, ReLU, Sigmoid, Tanh
from .linalg import MatMul
from .normalization import LayerNorm
from .probabilities import LogSoftmaxNLL, Softmax
from .reductions import Max, Mean, SumAxis

__all__ = [
    "BroadcastAdd",
    "Conv2d",
    "Exp",
    "LayerNorm",
    "Log",
    "LogSoftmaxNLL",
    "MatMul",
    "Max",
    "MaxPool2d",
    "Mean",
    "ReLU",
    "Sigmoid",
    "Softmax",
    "SumAxis",
    "Tanh",
]
