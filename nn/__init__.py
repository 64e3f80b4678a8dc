"""nn: layers, losses, optimizers and data tools built on the `autograd` engine.

Every gradient comes from the engine's recorded operations: nothing here is
differentiated by hand.

>>> import numpy as np
>>> import autograd, nn
>>> autograd.manual_seed(0)
>>> model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 3))
>>> loss = nn.CrossEntropyLoss()(model(np.ones((4, 2), dtype=np.float32)), np.array([0, 1, 2, 0]))
>>> loss.backward()
>>> model[0].weight.grad.shape
(2, 8)
"""

import os

from autograd import anomaly

from . import data, functional, init, interop, metrics, optim, transforms, utils
from .activations import LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from .containers import ModuleList, Sequential
from .conv import Conv2d
from .layers import BatchNorm1d, BatchNorm2d, Dropout, Flatten, Linear
from .losses import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, Loss, MSELoss, NLLLoss
from .module import Module
from .parameter import Parameter
from .pooling import AvgPool2d, MaxPool2d
from .serialization import CheckpointError, load, save

# Inside `autograd.detect_anomaly()` an operation is reported at the line of
# code that created it: the innermost frame outside library code. The engine
# counts its own folder as library code; `anomaly.skip_frames_in(folder)` is
# its hook for a package built on it to add its own. Registering nn's folder
# here, once, when nn is imported, makes a NaN made inside a layer, a loss or
# nn.functional point at the user's call (`model(x)`, `loss_fn(...)`), not at a
# line in nn. A learner's own package on the engine can call it the same way.
anomaly.skip_frames_in(os.path.dirname(os.path.abspath(__file__)))

__all__ = [
    "AvgPool2d",
    "BCELoss",
    "BCEWithLogitsLoss",
    "BatchNorm1d",
    "BatchNorm2d",
    "CheckpointError",
    "Conv2d",
    "CrossEntropyLoss",
    "Dropout",
    "Flatten",
    "L1Loss",
    "LeakyReLU",
    "Linear",
    "LogSoftmax",
    "Loss",
    "MSELoss",
    "MaxPool2d",
    "Module",
    "ModuleList",
    "NLLLoss",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "Tanh",
    "data",
    "functional",
    "init",
    "interop",
    "load",
    "metrics",
    "optim",
    "save",
    "transforms",
    "utils",
]
