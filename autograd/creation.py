"""Making tensors: constants, random tensors and the seed that makes runs repeatable."""

from __future__ import annotations

from typing import Any

import numpy as np

from .tensor import Tensor, get_default_dtype

_rng = np.random.default_rng()


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


def _shape(shape: tuple) -> tuple:
    return tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape


def zeros(*shape: Any, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """A tensor of zeros: zeros(2, 3) or zeros((2, 3)).

    >>> zeros(2, 3).shape
    (2, 3)
    """
    data = np.zeros(_shape(shape), dtype=dtype or get_default_dtype())
    return Tensor(data, requires_grad=requires_grad)


def ones(*shape: Any, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """A tensor of ones: ones(2, 3) or ones((2, 3)).

    >>> ones(2).data
    array([1., 1.], dtype=float32)
    """
    data = np.ones(_shape(shape), dtype=dtype or get_default_dtype())
    return Tensor(data, requires_grad=requires_grad)


def randn(*shape: Any, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """Standard normal samples: randn(2, 3) or randn((2, 3)).

    >>> randn(4, 5).shape
    (4, 5)
    """
    data = _rng.standard_normal(_shape(shape)).astype(dtype or get_default_dtype())
    return Tensor(data, requires_grad=requires_grad)


def rand(*shape: Any, requires_grad: bool = False, dtype: Any = None) -> Tensor:
    """Uniform samples in [0, 1): rand(2, 3) or rand((2, 3)).

    >>> bool((rand(10).data < 1).all())
    True
    """
    data = _rng.random(_shape(shape)).astype(dtype or get_default_dtype())
    return Tensor(data, requires_grad=requires_grad)
