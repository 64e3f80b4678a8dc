"""What Tensor's methods use from the modules above tensor.py, imported on first use.

The engine is built in layers, each importing only the ones below it when it
loads: tensor.py (the Tensor class, made of the mixins in operators.py,
methods.py and aliases.py), then function.py (`Function.apply` builds
Tensors), the operations in ops/, and engine.py and inplace.py. Tensor's
methods must reach upward (`x + y` runs `ops.elementwise.Add`, `backward`
runs the engine), and all of those import tensor.py, so the methods cannot
import them while tensor.py loads. They read them from `op` instead. The
first read imports them all; every later one is an attribute lookup. This is
the one place where the engine imports late.

>>> op.Add.__name__, op.backward.__module__
('Add', 'autograd.engine')
"""

from __future__ import annotations

import types
from typing import Any


def _import_all(name: str) -> Any:
    """Import everything `op` holds into it and return `op.name` (runs at the first read)."""
    from . import engine, functional, inplace
    from .grad_fn import GradFn
    from .ops import elementwise, linalg, reduce, shape
    from .tensor import Tensor, _make_tensor

    found = vars(op)
    for module in (elementwise, linalg, reduce, shape, functional):
        found.update((k, v) for k, v in vars(module).items() if not k.startswith("_"))
    found.update(
        backward=engine.backward,
        change_in_place=inplace.change_in_place,
        set_items=inplace.set_items,
        GradFn=GradFn,
        Tensor=Tensor,
        make_tensor=_make_tensor,
    )
    if name not in found:
        raise AttributeError(f"autograd.deferred.op has no {name!r}")
    return found[name]


# A module object rather than an instance of a class with __getattr__: reading an
# attribute it has then costs a dictionary lookup, not a call of a Python hook
# (which made every operator 0.2 us slower). Its __getattr__ runs only for a
# name not found, that is, once.
op = types.ModuleType(f"{__name__}.op", "The operations and engine functions Tensor uses.")
op.__getattr__ = _import_all  # type: ignore[method-assign]
