"""Broadcasting, undone: the one place a gradient is summed back to its input's shape.

When NumPy broadcasts an input of shape (3, 1) against (5, 3, 4), each of its
elements is used 5 * 4 times; the chain rule adds up those uses, so the
gradient of shape (5, 3, 4) is summed over axes 0 and 2 back to (3, 1).
"""

from __future__ import annotations

from typing import Any


def broadcast_axes(big: tuple, small: tuple) -> tuple[int, ...] | None:
    """The axes of `big` that broadcasting `small` up to `big` added or stretched.

    None when `small` does not broadcast to `big`.

    >>> broadcast_axes((5, 3, 4), (3, 1))
    (0, 2)
    """
    lead = len(big) - len(small)
    if lead < 0:
        return None
    axes = list(range(lead))
    for axis, (b, s) in enumerate(zip(big[lead:], small), start=lead):
        if s == 1 and b != 1:
            axes.append(axis)
        elif s != b:
            return None
    return tuple(axes)


def sum_to_shape(grad: Any, shape: tuple) -> Any:
    """`grad` (an array or a Tensor) summed over the axes broadcasting added to `shape`.

    Returns None when `grad` cannot have come from broadcasting `shape`.

    >>> import numpy as np
    >>> sum_to_shape(np.ones((5, 3, 4)), (3, 1)).ravel()
    array([20., 20., 20.])
    """
    lead = grad.ndim - len(shape)
    if lead > 0 and grad.shape[lead:] == shape:  # only leading axes were added (a bias)
        return grad.sum(axis=tuple(range(lead)))
    axes = broadcast_axes(grad.shape, shape)
    if axes is None:
        return None
    return grad.sum(axis=axes, keepdims=True).reshape(shape)
