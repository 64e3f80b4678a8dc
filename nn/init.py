"""Initialisers: fill a tensor's `.data` in place with random or constant values.

Weights use the layout of `Linear`, shape (in_features, out_features), so
fan_in = shape[0] and fan_out = shape[1]. Random values come from
`autograd.rng()`, so `autograd.manual_seed` makes them repeatable. Each
function returns the tensor it filled.

Scaled initialisers keep the variance of activations steady from layer to
layer: Xavier/Glorot (for tanh and sigmoid) sets Var(w) = gain^2 * 2 / (fan_in
+ fan_out); Kaiming/He (for ReLU) sets Var(w) = gain^2 / fan, with the ReLU
gain sqrt(2) by default.

>>> import autograd, nn
>>> w = nn.Parameter(np.zeros((100, 50), dtype=np.float32))
>>> autograd.manual_seed(0); _ = kaiming_uniform_(w)
>>> bool(np.abs(w.data).max() <= np.sqrt(6 / 100))
True
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograd
from autograd import Tensor

RELU_GAIN = math.sqrt(2.0)


def calculate_gain(nonlinearity: str, negative_slope: float = 0.01) -> float:
    """The gain that keeps activations' variance steady through `nonlinearity`.

    1 for "linear" and "sigmoid", 5/3 for "tanh", sqrt(2) for "relu",
    sqrt(2 / (1 + negative_slope^2)) for "leaky_relu" (PyTorch's values).

    >>> calculate_gain("relu") == math.sqrt(2)
    True
    """
    gains = {
        "linear": 1.0,
        "sigmoid": 1.0,
        "tanh": 5.0 / 3.0,
        "relu": RELU_GAIN,
        "leaky_relu": math.sqrt(2.0 / (1.0 + negative_slope**2)),
    }
    if nonlinearity not in gains:
        raise ValueError(
            f"calculate_gain: unknown nonlinearity {nonlinearity!r}; choose one of {list(gains)}"
        )
    return gains[nonlinearity]


def fans(tensor: Tensor) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight of shape (in_features, out_features).

    >>> fans(Tensor(np.zeros((3, 5))))
    (3, 5)
    """
    if tensor.ndim != 2:
        raise ValueError(
            f"nn.init: fan_in and fan_out are defined for a weight of shape (in_features, "
            f"out_features); got a tensor of shape {tensor.shape}"
        )
    return tensor.shape[0], tensor.shape[1]


def _fill(tensor: Tensor, values: np.ndarray) -> Tensor:
    tensor.data[...] = values  # in place, keeping the tensor's dtype
    return tensor


def _check_tensor(tensor: Any, caller: str, random: bool = True) -> None:
    """A Tensor, and for random values one of floating dtype: random numbers cast to an
    integer dtype would be truncated to (nearly) all zeros, as PyTorch refuses too."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"nn.init.{caller}: expected a Tensor, got {type(tensor).__name__}")
    if random and not np.issubdtype(tensor.dtype, np.floating):
        raise TypeError(
            f"nn.init.{caller}: cannot fill a tensor of dtype {tensor.dtype} with random "
            f"values (they would be truncated to integers); use a floating-point tensor"
        )


def _check_number(caller: str, name: str, value: Any, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"nn.init.{caller}: {name} must be a number, got {value!r}")
    if not math.isfinite(value) or (minimum is not None and value < minimum):
        bound = "" if minimum is None else f" >= {minimum:g}"
        raise ValueError(f"nn.init.{caller}: {name} must be a finite number{bound}, got {value!r}")
    return float(value)


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    """Fill with samples of the uniform distribution U(a, b).

    The tensor must be of a floating dtype and a <= b (finite), as in PyTorch.

    >>> t = uniform_(Tensor(np.zeros(1000)), -1.0, 1.0)
    >>> bool((t.data >= -1).all() and (t.data < 1).all())
    True
    """
    _check_tensor(tensor, "uniform_")
    a, b = _check_number("uniform_", "a", a), _check_number("uniform_", "b", b)
    if a > b:
        raise ValueError(f"nn.init.uniform_: needs a <= b, got a={a!r} > b={b!r}")
    return _uniform(tensor, a, b)


def _uniform(tensor: Tensor, a: float, b: float) -> Tensor:
    return _fill(tensor, autograd.rng().uniform(a, b, size=tensor.shape))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    """Fill with samples of the normal distribution N(mean, std^2).

    The tensor must be of a floating dtype and std >= 0 (finite), as in PyTorch.

    >>> normal_(Tensor(np.zeros((2, 3))), std=0.01).shape
    (2, 3)
    """
    _check_tensor(tensor, "normal_")
    mean = _check_number("normal_", "mean", mean)
    return _normal(tensor, mean, _check_number("normal_", "std", std, minimum=0))


def _normal(tensor: Tensor, mean: float, std: float) -> Tensor:
    return _fill(tensor, autograd.rng().normal(mean, std, size=tensor.shape))


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with zeros (any dtype).

    >>> zeros_(Tensor([1.0, 2.0]))
    Tensor([0., 0.])
    """
    _check_tensor(tensor, "zeros_", random=False)
    return _fill(tensor, 0)


def ones_(tensor: Tensor) -> Tensor:
    """Fill with ones (any dtype).

    >>> ones_(Tensor([5.0, 2.0]))
    Tensor([1., 1.])
    """
    _check_tensor(tensor, "ones_", random=False)
    return _fill(tensor, 1)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    """Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).

    >>> w = xavier_uniform_(Tensor(np.zeros((3, 3))))
    >>> bool(np.abs(w.data).max() <= 1)
    True
    """
    gain = _scaled_init_checks(tensor, "xavier_uniform_", gain)
    fan_in, fan_out = fans(tensor)
    bound = gain * math.sqrt(6.0 / max(fan_in + fan_out, 1))
    return _uniform(tensor, -bound, bound)


def xavier_normal_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    """Glorot normal: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)).

    >>> xavier_normal_(Tensor(np.zeros((3, 4)))).shape
    (3, 4)
    """
    gain = _scaled_init_checks(tensor, "xavier_normal_", gain)
    fan_in, fan_out = fans(tensor)
    return _normal(tensor, 0.0, gain * math.sqrt(2.0 / max(fan_in + fan_out, 1)))


def _fan(tensor: Tensor, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"nn.init: mode must be 'fan_in' or 'fan_out', got {mode!r}")
    fan_in, fan_out = fans(tensor)
    # An empty weight has nothing to fill; 1 keeps the bound finite.
    return max(fan_in if mode == "fan_in" else fan_out, 1)


def _scaled_init_checks(tensor: Tensor, caller: str, gain: Any) -> float:
    _check_tensor(tensor, caller)
    return _check_number(caller, "gain", gain, minimum=0)


def kaiming_uniform_(tensor: Tensor, gain: float = RELU_GAIN, mode: str = "fan_in") -> Tensor:
    """He uniform: U(-b, b) with b = gain * sqrt(3 / fan), the ReLU gain sqrt(2) by default.

    With the defaults b = sqrt(6 / fan_in). `mode="fan_out"` keeps the
    gradients' variance steady instead of the activations'.

    >>> w = kaiming_uniform_(Tensor(np.zeros((6, 2))))
    >>> bool(np.abs(w.data).max() <= 1)
    True
    """
    gain = _scaled_init_checks(tensor, "kaiming_uniform_", gain)
    bound = gain * math.sqrt(3.0 / _fan(tensor, mode))
    return _uniform(tensor, -bound, bound)


def kaiming_normal_(tensor: Tensor, gain: float = RELU_GAIN, mode: str = "fan_in") -> Tensor:
    """He normal: N(0, std^2) with std = gain / sqrt(fan), the ReLU gain sqrt(2) by default.

    >>> kaiming_normal_(Tensor(np.zeros((4, 2)))).shape
    (4, 2)
    """
    gain = _scaled_init_checks(tensor, "kaiming_normal_", gain)
    return _normal(tensor, 0.0, gain / math.sqrt(_fan(tensor, mode)))
