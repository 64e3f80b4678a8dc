"""Containers: modules that hold other modules in order, `Sequential` and `ModuleList`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from .module import Module


class _ModuleSequence(Module):
    """Modules kept in a numbered order ("0", "1", ...): indexing, len, iteration, append."""

    def __init__(self, modules: Iterable[Module] = ()) -> None:
        super().__init__()
        for module in modules:
            self.append(module)

    def append(self, module: Module) -> _ModuleSequence:
        """Add `module` at the end, registered under the next number; returns self.

        >>> from nn import Linear, ReLU
        >>> len(Sequential(Linear(2, 2)).append(ReLU()))
        2
        """
        if not isinstance(module, Module):
            raise TypeError(
                f"{type(self).__name__}: expected a Module, got {type(module).__name__} "
                f"(write the layer's class with parentheses: ReLU(), not ReLU)"
            )
        setattr(self, str(len(self._modules)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> _ModuleSequence:
        """Append every module of `modules`; returns self.

        >>> from nn import Linear, ReLU
        >>> len(ModuleList().extend([Linear(2, 2), ReLU()]))
        2
        """
        for module in modules:
            self.append(module)
        return self

    def __getitem__(self, index: int) -> Module:
        if not isinstance(index, (int, np.integer)):
            raise TypeError(f"{type(self).__name__} indices must be integers, got {index!r}")
        count = len(self._modules)
        if not -count <= index < count:
            raise IndexError(f"{type(self).__name__} index {index} out of range for {count}")
        return self._modules[str(index % count)]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())


class Sequential(_ModuleSequence):
    """Modules applied one after another: the output of each is the input of the next.

    They are registered as "0", "1", ..., so parameter names read "0.weight".

    >>> from autograd import Tensor
    >>> from nn import Linear, ReLU
    >>> model = Sequential(Linear(2, 4), ReLU(), Linear(4, 1))
    >>> model(Tensor(np.ones((5, 2), dtype=np.float32))).shape
    (5, 1)
    """

    def __init__(self, *modules: Module) -> None:
        super().__init__(modules)

    def forward(self, x: Any) -> Any:
        """Feed `x` through every module in order."""
        for module in self._modules.values():
            x = module(x)
        return x


class ModuleList(_ModuleSequence):
    """A list of modules whose parameters are registered; `forward` is yours to write.

    >>> from nn import Linear
    >>> layers = ModuleList([Linear(2, 2) for _ in range(3)])
    >>> len(layers), len(list(layers.parameters()))
    (3, 6)
    """
