"""The words of a drawing: values, gradients and constants in a few characters each."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

_SMALL = 8  # tensors with at most this many elements show every value


def values(array: np.ndarray) -> list[str]:
    """Every value of a small array, or mean, std, min and max of a larger one.

    >>> values(np.array([1.0, 2.0]))
    ['[1., 2.]']
    """
    if array.size <= _SMALL:
        return [np.array2string(array, precision=4, separator=", ", max_line_width=60)]
    a = array.astype(np.float64)
    return [f"mean {a.mean():.3g}  std {a.std():.3g}", f"min {a.min():.3g}  max {a.max():.3g}"]


def gradient_text(grad: np.ndarray | None) -> list[str]:
    """A gradient in a line or two: its values, or how it is broken or empty.

    >>> gradient_text(np.zeros(3)), gradient_text(None)
    (['grad: all exactly 0'], ['grad: none reached it'])
    """
    if grad is None:
        return ["grad: none reached it"]
    if not np.isfinite(grad).all():
        nan, inf = int(np.isnan(grad).sum()), int(np.isinf(grad).sum())
        return [f"grad: {nan} NaN, {inf} Inf of {grad.size}"]
    zeros = int((grad == 0).sum())
    if zeros == grad.size:
        return ["grad: all exactly 0"]
    if grad.size <= _SMALL:
        lines = ["grad " + values(grad)[0]]
    else:
        magnitude = np.abs(grad)
        lines = [f"|grad| mean {magnitude.mean():.2e}  max {magnitude.max():.2e}"]
    if zeros:
        lines.append(f"{zeros} of {grad.size} exactly 0")
    return lines


def magnitude(grad: np.ndarray | None) -> float:
    """Mean |grad|: NaN when any value is NaN or Inf, 0 for all zeros or no gradient at all.

    >>> magnitude(np.array([1.0, -3.0])), magnitude(None)
    (2.0, 0.0)
    """
    if grad is None:
        return 0.0
    if not np.isfinite(grad).all():
        return math.nan
    return float(np.abs(grad).mean())


def constant(value: Any) -> str:
    """A non-tensor input of an operation, in a few characters.

    >>> constant(3.0), constant(np.zeros((2, 3)))
    ('3', 'array (2, 3)')
    """
    if isinstance(value, np.ndarray):
        return f"array {value.shape}" if value.size > 1 else f"{value.item():.4g}"
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return f"{value:.4g}"
    return type(value).__name__


def byte_size(count: int) -> str:
    """A number of bytes for reading: B, KB, MB or GB (powers of 1024).

    >>> byte_size(512), byte_size(3 * 1024 * 1024)
    ('512 B', '3.0 MB')
    """
    size = float(count)
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{count} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
