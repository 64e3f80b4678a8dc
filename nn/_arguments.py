"""Argument handling shared by the layers and the data tools."""

from __future__ import annotations

from typing import Any

import numpy as np


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
