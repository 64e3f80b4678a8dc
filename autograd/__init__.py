"""autograd: a small reverse-mode automatic differentiation engine on NumPy.

>>> from autograd import Tensor
>>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> loss = (x ** 2).sum()
>>> loss.backward()
>>> x.grad
array([2., 4., 6.], dtype=float32)
"""

from . import viz
from .anomaly import AnomalyError, detect_anomaly
from .checkgraph import GraphCheck, OperationCheck, check_graph
from .creation import (
    arange,
    eye,
    float32,
    float64,
    full,
    full_like,
    int64,
    linspace,
    manual_seed,
    ones,
    ones_like,
    rand,
    randn,
    rng,
    tensor,
    zeros,
    zeros_like,
)
from .dtypes import get_default_dtype, set_default_dtype
from .engine import grad
from .function import Context, Function, GradientShapeError
from .functional import (
    cat,
    concatenate,
    cos,
    exp,
    fold,
    log,
    logsumexp,
    matmul,
    maximum,
    minimum,
    relu,
    sigmoid,
    sin,
    stack,
    tanh,
    unfold,
    where,
)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck, numerical_grad
from .mode import enable_grad, is_grad_enabled, no_grad, scope, set_grad_enabled
from .tensor import Tensor, as_array, as_tensor
from .viz import draw_graph, print_graph

# PyTorch's names of the dtypes; left out of __all__ so that `import *` never
# hides Python's float.
float, double, long = float32, float64, int64

__all__ = [
    "AnomalyError",
    "Context",
    "Function",
    "GradcheckError",
    "GradientShapeError",
    "GraphCheck",
    "OperationCheck",
    "Tensor",
    "arange",
    "as_array",
    "as_tensor",
    "cat",
    "check_graph",
    "concatenate",
    "cos",
    "detect_anomaly",
    "draw_graph",
    "enable_grad",
    "exp",
    "eye",
    "float32",
    "float64",
    "fold",
    "full",
    "full_like",
    "get_default_dtype",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "int64",
    "is_grad_enabled",
    "linspace",
    "log",
    "logsumexp",
    "manual_seed",
    "matmul",
    "maximum",
    "minimum",
    "no_grad",
    "numerical_grad",
    "ones",
    "ones_like",
    "print_graph",
    "rand",
    "randn",
    "relu",
    "rng",
    "scope",
    "set_default_dtype",
    "set_grad_enabled",
    "sigmoid",
    "sin",
    "stack",
    "tanh",
    "tensor",
    "unfold",
    "viz",
    "where",
    "zeros",
    "zeros_like",
]
