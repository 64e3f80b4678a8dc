"""Argument handling shared by the layers and the data tools."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor


def require_count(caller: str, name: str, value: Any) -> int:
    """`value` as an int if it is a positive integer, else a ValueError naming `caller`.

    >>> require_count("Linear", "in_features", 3)
    3
    >>> require_count("spiral_data", "samples", 0)
    Traceback (most recent call last):
    ...
    ValueError: spiral_data: samples must be a positive integer, got 0
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{caller}: {name} must be a positive integer, got {value!r}")
    return int(value)


def as_ndarray(value: Any) -> np.ndarray:
    """A Tensor's array (not a copy), or anything else as an ndarray.

    >>> as_ndarray(Tensor([1.0, 2.0])), as_ndarray([1, 2])
    (array([1., 2.], dtype=float32), array([1, 2]))
    """
    return value.data if isinstance(value, Tensor) else np.asarray(value)
