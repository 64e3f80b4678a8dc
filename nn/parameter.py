"""`Parameter`: a tensor that a module learns."""

from __future__ import annotations

from typing import Any

from autograd import Tensor


class Parameter(Tensor):
    """A tensor that a module learns: it requires grad, and a module registers it.

    When assigned to a module attribute, its `.name` becomes the attribute's
    name ("weight"), which graph drawings use as its label.

    >>> import numpy as np
    >>> w = Parameter(np.zeros((2, 3), dtype=np.float32))
    >>> w.requires_grad, w.shape
    (True, (2, 3))
    """

    __slots__ = ()

    def __init__(self, data: Any, requires_grad: bool = True, dtype: Any = None) -> None:
        super().__init__(data, requires_grad=requires_grad, dtype=dtype)

    def __repr__(self) -> str:
        return "Parameter" + super().__repr__().removeprefix("Tensor")
