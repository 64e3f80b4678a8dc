"""What the functional modules share: turning arguments into Tensors."""

from __future__ import annotations

from typing import Any

from autograd import Tensor


def _tensor(x: Any) -> Tensor:
    """`x` as a Tensor: a Tensor as it is, anything else converted (a copy)."""
    return x if isinstance(x, Tensor) else Tensor(x)
