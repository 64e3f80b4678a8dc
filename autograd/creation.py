"""Making tensors: constants, random tensors and the seed that makes runs repeatable."""

from __future__ import annotations

from typing import Any

import numpy as np

from .arguments import shape_argument
from .tensor import Tensor, get_default_dtype

_rng = np.random.default_rng()

# dtypes to pass as dtype=, by NumPy's names (autograd.float32 is np.float32).
float32, float64, int64 = np.float32, np.float64, np.int64


def manual_seed(seed: int) -> None:
    """Seed the random generator every part of the library draws from.

    Initialisation, dropout and data shuffling then repeat run to run.

    >>> manual_seed(0); a = randn(2).data
    >>> manual_seed(0); bool((a == randn(2).data).all())
    True
    """
    global _rng
    _rng = np.random.default_rng(seed)


def rng() -> np.random.Generator:
    """The library's random generator (reseeded by `manual_seed`).

    >>> int(rng().integers(0, 1))
    0
    """
    return _rng


def zeros(*shape: Any, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """A tensor of zeros: zeros(2, 3) or zeros((2, 3)).

    >>> zeros(2, 3).shape
    (2, 3)
    """
    data = np.zeros(shape_argument(shape), dtype=dtype or get_default_dtype())
    return Tensor(data, requires_grad=requires_grad)


def ones(*shape: Any, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """A tensor of ones: ones(2, 3) or ones((2, 3)).

    >>> ones(2).data
    array([1., 1.], dtype=float32)
    """
    data = np.ones(shape_argument(shape), dtype=dtype or get_default_dtype())
    return Tensor(data, requires_grad=requires_grad)


def randn(*shape: Any, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """Standard normal samples: randn(2, 3) or randn((2, 3)).

    >>> randn(4, 5).shape
    (4, 5)
    """
    data = _rng.standard_normal(shape_argument(shape)).astype(dtype or get_default_dtype())
    return Tensor(data, requires_grad=requires_grad)


def rand(*shape: Any, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """Uniform samples in [0, 1): rand(2, 3) or rand((2, 3)).

    >>> bool((rand(10).data < 1).all())
    True
    """
    data = _rng.random(shape_argument(shape)).astype(dtype or get_default_dtype())
    return Tensor(data, requires_grad=requires_grad)


def _number_dtype(dtype: Any, *values: Any) -> Any:
    """`dtype`, or the dtype NumPy and PyTorch agree on for Python numbers `values`:
    integers stay int64 (for indices), anything else becomes the default dtype."""
    if dtype is not None:
        return dtype
    if all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        return np.int64
    return get_default_dtype()


def arange(
    start: Any, end: Any = None, step: Any = 1, *, requires_grad: bool = False, dtype: Any = None
) -> Tensor:
    """Evenly spaced values in [start, end) (in [0, start) with one argument).

    Integer arguments give int64 (indices, as in NumPy and PyTorch), others
    the default dtype.

    >>> arange(4)
    Tensor([0, 1, 2, 3], dtype=int64)
    >>> arange(0.0, 1.0, 0.25)
    Tensor([0.  , 0.25, 0.5 , 0.75])
    """
    if end is None:
        start, end = 0, start
    data = np.arange(start, end, step, dtype=_number_dtype(dtype, start, end, step))
    return Tensor(data, requires_grad=requires_grad)


def linspace(
    start: float, end: float, steps: int, *, requires_grad: bool = False, dtype: Any = None
) -> Tensor:
    """`steps` evenly spaced values from `start` to `end`, both included.

    >>> linspace(0, 1, 5)
    Tensor([0.  , 0.25, 0.5 , 0.75, 1.  ])
    """
    data = np.linspace(start, end, steps, dtype=dtype or get_default_dtype())
    return Tensor(data, requires_grad=requires_grad)


def full(shape: Any, fill_value: Any, *, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """A tensor of `shape` filled with `fill_value` (an integer gives int64, as in NumPy
    and PyTorch; a float the default dtype).

    >>> full((2, 2), 0.5)
    Tensor([[0.5, 0.5],
            [0.5, 0.5]])
    """
    data = np.full(shape, fill_value, dtype=_number_dtype(dtype, fill_value))
    return Tensor(data, requires_grad=requires_grad)


def eye(n: int, m: int | None = None, *, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """The identity matrix: ones on the diagonal of an n x m (n x n) matrix.

    >>> eye(2)
    Tensor([[1., 0.],
            [0., 1.]])
    """
    return Tensor(np.eye(n, m, dtype=dtype or get_default_dtype()), requires_grad=requires_grad)


def zeros_like(x: Any, *, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """Zeros of the shape and dtype of `x` (a Tensor or an array).

    >>> zeros_like(Tensor([1.0, 2.0]))
    Tensor([0., 0.])
    """
    return full_like(x, 0, requires_grad=requires_grad, dtype=dtype)


def ones_like(x: Any, *, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """Ones of the shape and dtype of `x` (a Tensor or an array).

    >>> ones_like(Tensor([1.0, 2.0]))
    Tensor([1., 1.])
    """
    return full_like(x, 1, requires_grad=requires_grad, dtype=dtype)


def full_like(x: Any, fill_value: Any, *, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """`fill_value` in the shape and dtype of `x` (a Tensor or an array).

    >>> full_like(Tensor([1.0, 2.0]), 7)
    Tensor([7., 7.])
    """
    array = x.data if isinstance(x, Tensor) else np.asarray(x)
    return Tensor(np.full_like(array, fill_value, dtype=dtype), requires_grad=requires_grad)


def tensor(data: Any, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """PyTorch's `torch.tensor`: like `Tensor(data)`, except that Python integers and
    bools keep an integer or bool dtype (int64 labels), as in NumPy and PyTorch.

    >>> tensor([0, 2]).dtype, tensor([0.5]).dtype
    (dtype('int64'), dtype('float32'))
    """
    if dtype is None and not isinstance(data, (Tensor, np.ndarray, np.generic)):
        kind = np.asarray(data).dtype.kind
        dtype = np.int64 if kind in "iu" else bool if kind == "b" else None
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)
