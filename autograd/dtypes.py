"""The default dtype: what Python numbers and lists become in a Tensor (float32)."""

from __future__ import annotations

from typing import Any

import numpy as np

_default_dtype = np.dtype(np.float32)


def get_default_dtype() -> np.dtype:
    """The dtype Python numbers and lists become (float32 unless changed).

    >>> get_default_dtype()
    dtype('float32')
    """
    return _default_dtype


def set_default_dtype(dtype: Any) -> None:
    """Make Python numbers and lists become `dtype` (a floating dtype), e.g. np.float64.

    >>> set_default_dtype(np.float64); Tensor([1.0]).dtype
    dtype('float64')
    >>> set_default_dtype(np.float32)
    """
    global _default_dtype
    if dtype is None:  # np.dtype(None) would silently mean float64
        raise TypeError("set_default_dtype: give a floating dtype such as np.float32, not None")
    try:
        dtype = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"set_default_dtype: {dtype!r} is not a dtype ({error})") from None
    if dtype.kind != "f":
        raise TypeError(f"set_default_dtype: the default dtype must be floating, got {dtype}")
    _default_dtype = dtype
