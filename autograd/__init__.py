"""autograd: a small reverse-mode automatic differentiation engine on NumPy.

>>> from autograd import Tensor
>>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> loss = (x ** 2).sum()
>>> loss.backward()
>>> x.grad
array([2., 4., 6.], dtype=float32)
"""

# Tensor first: the modules after it import it.
from .tensor import Tensor, as_tensor, get_default_dtype, set_default_dtype  # noqa: I001
from .anomaly import AnomalyError, detect_anomaly
from .creation import manual_seed, ones, rand, randn, rng, zeros
from .engine import grad
from .function import Context, Function, GradientShapeError
from .gradcheck import GradcheckError, gradcheck, gradgradcheck, numerical_grad
from .mode import enable_grad, is_grad_enabled, no_grad, scope, set_grad_enabled
from .ops.conv import fold, unfold
from .ops.elementwise import maximum, minimum, where
from .ops.shape import concatenate, stack
from . import viz
from .viz import draw_graph, print_graph

__all__ = [
    "AnomalyError",
    "Context",
    "Function",
    "GradcheckError",
    "GradientShapeError",
    "Tensor",
    "as_tensor",
    "concatenate",
    "detect_anomaly",
    "draw_graph",
    "enable_grad",
    "fold",
    "get_default_dtype",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "manual_seed",
    "maximum",
    "minimum",
    "no_grad",
    "numerical_grad",
    "ones",
    "print_graph",
    "rand",
    "randn",
    "rng",
    "scope",
    "set_default_dtype",
    "set_grad_enabled",
    "stack",
    "unfold",
    "viz",
    "where",
    "zeros",
]
