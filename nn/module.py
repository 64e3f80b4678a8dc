"""`Module`, the base of every layer and model.

A module is a Python object whose attributes hold its `Parameter`s, its
sub-modules and its buffers (arrays that are state but not learned, such as
BatchNorm's running statistics). Assigning them as attributes registers them,
in order, so a model can list its parameters, save and load them, and switch
all its parts between training and evaluation:

    class Net(Module):
        def __init__(self):
            super().__init__()
            self.fc1 = Linear(2, 64)      # registered as "fc1"
            self.fc2 = Linear(64, 3)

        def forward(self, x):
            return self.fc2(self.fc1(x).relu())

`Net().named_parameters()` then yields `fc1.weight, fc1.bias, fc2.weight, fc2.bias`.

`Parameter` (parameter.py) is the tensor a module learns, `Sequential` and
`ModuleList` (containers.py) hold modules in order, and `IncompatibleKeys`
(state_dict.py) is what a lenient `load_state_dict` reports; all four are
still importable from here, where they were first defined.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd import Tensor, as_array, no_grad, scope

from .parameter import Parameter
from .state_dict import IncompatibleKeys, fitting_arrays


class Module:
    """Base class of layers and models: subclass it, assign parts in `__init__`, write `forward`.

    Calling a module runs `forward` inside `autograd.scope(label)`, so every
    operation it records knows which module made it; the label is
    "name: ClassName" for a module its parent registered as `name`, else the
    class name.

    >>> class Scale(Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.factor = Parameter(np.ones(1, dtype=np.float32))
    ...     def forward(self, x):
    ...         return x * self.factor
    >>> [name for name, _ in Scale().named_parameters()]
    ['factor']
    """

    training: bool

    def __init__(self) -> None:
        # Parts live in the instance __dict__ (plain attribute access, fast in
        # forward); these registries record which attributes are parts, in order.
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "_label", type(self).__name__)
        object.__setattr__(self, "training", True)

    # ------------------------------------------------------------ computing
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation of the module; every subclass defines it."""
        raise NotImplementedError(
            f"{type(self).__name__} has no forward method: define forward(self, x) in the class"
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run `forward`, with the operations it records tagged by this module's label."""
        with scope(self._label):
            return self.forward(*args, **kwargs)

    # ---------------------------------------------------------- registering
    def __setattr__(self, name: str, value: Any) -> None:
        initialised = "_modules" in self.__dict__
        if initialised:
            self._register(name, value)
        elif isinstance(value, (Parameter, Module)):
            raise AttributeError(
                f"cannot assign {type(value).__name__} '{name}' before Module.__init__() ran: "
                f"call super().__init__() first in {type(self).__name__}.__init__"
            )
        object.__setattr__(self, name, value)

    def _register(self, name: str, value: Any) -> None:
        """Record `value` under `name` in the registry of its kind, and in no other.

        A name reassigned within its kind keeps its place in the order.
        """
        if isinstance(value, Parameter):
            kind = self._parameters
            value.name = name
        elif isinstance(value, Module):
            kind = self._modules
            object.__setattr__(value, "_label", f"{name}: {type(value).__name__}")
        elif name in self._buffers and (value is None or isinstance(value, np.ndarray)):
            kind = self._buffers
        else:
            kind = None
        for registry in (self._parameters, self._modules, self._buffers):
            if registry is not kind:
                registry.pop(name, None)
        if kind is not None:
            kind[name] = value

    def __delattr__(self, name: str) -> None:
        for registry in (self._parameters, self._modules, self._buffers):
            registry.pop(name, None)
        object.__delattr__(self, name)

    def register_buffer(self, name: str, array: np.ndarray | None) -> None:
        """Keep `array` as state that is saved and loaded but not learned (e.g. running means).

        >>> m = Module(); m.register_buffer("count", np.zeros(1))
        >>> list(m.state_dict())
        ['count']
        """
        if array is not None and not isinstance(array, np.ndarray):
            raise TypeError(
                f"register_buffer: '{name}' must be an ndarray or None, got {type(array).__name__}"
            )
        self._buffers[name] = array
        setattr(self, name, array)  # files it as a buffer, and under no other kind

    def __getattr__(self, name: str) -> Any:
        # Runs only when ordinary lookup failed: explain what the module does have.
        missing = f"'{type(self).__name__}' object has no attribute '{name}'"
        if name.startswith("__"):  # protocol probes (copy, pickle): a plain answer
            raise AttributeError(missing)
        if "_modules" not in self.__dict__:
            raise AttributeError(
                f"{missing}: Module.__init__ never ran; call super().__init__() first in "
                f"{type(self).__name__}.__init__"
            )
        parts = {
            "parameters": list(self._parameters),
            "sub-modules": list(self._modules),
            "buffers": list(self._buffers),
        }
        has = "; ".join(f"{kind}: {', '.join(names)}" for kind, names in parts.items() if names)
        message = missing
        if has:
            message += f" (it has {has})"
        known = [*self.__dict__, *(n for n in dir(type(self)) if not n.startswith("_"))]
        close = difflib.get_close_matches(name, known, n=1)
        if close:
            message += f"; did you mean '{close[0]}'?"
        raise AttributeError(message)

    # ------------------------------------------------------------- walking
    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """(dotted name, module) for this module (named "") and every module inside it, once each.

        >>> from nn import Linear, Sequential, ReLU
        >>> [name for name, _ in Sequential(Linear(2, 3), ReLU()).named_modules()]
        ['', '0', '1']
        """
        seen: set[int] = set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            children = [(_join(name, child), m) for child, m in module._modules.items()]
            stack.extend(reversed(children))

    def modules(self) -> Iterator[Module]:
        """This module and every module inside it, each once.

        >>> from nn import Linear, Sequential
        >>> len(list(Sequential(Linear(2, 3), Linear(3, 1)).modules()))
        3
        """
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """(name, module) for the direct sub-modules, in the order they were assigned.

        >>> from nn import Linear, Sequential
        >>> [name for name, _ in Sequential(Linear(2, 3)).named_children()]
        ['0']
        """
        yield from self._modules.items()

    def children(self) -> Iterator[Module]:
        """The direct sub-modules, in the order they were assigned.

        >>> from nn import Linear, Sequential
        >>> len(list(Sequential(Linear(2, 3), Linear(3, 1)).children()))
        2
        """
        yield from self._modules.values()

    def _named_members(self, *kinds: str) -> Iterator[tuple[str, Any]]:
        """(dotted name, item) from the registries `kinds` of every module, each object once.

        Module by module, in the order of `kinds`: the order of PyTorch's state dicts.
        """
        seen: set[int] = set()
        for prefix, module in self.named_modules():
            for kind in kinds:
                for name, item in getattr(module, kind).items():
                    if item is not None and id(item) not in seen:
                        seen.add(id(item))
                        yield _join(prefix, name), item

    def named_parameters(self) -> Iterator[tuple[str, Parameter]]:
        """(dotted name, parameter) for every parameter, e.g. "fc1.weight" or "0.bias".

        A parameter shared by several modules is listed once.

        >>> from nn import Linear, Sequential
        >>> [name for name, _ in Sequential(Linear(2, 3)).named_parameters()]
        ['0.weight', '0.bias']
        """
        return self._named_members("_parameters")

    def parameters(self) -> Iterator[Parameter]:
        """Every parameter of the module and its sub-modules, each once.

        >>> from nn import Linear
        >>> sum(p.size for p in Linear(2, 3).parameters())
        9
        """
        for _, parameter in self.named_parameters():
            yield parameter

    def named_buffers(self) -> Iterator[tuple[str, np.ndarray]]:
        """(dotted name, array) for every buffer, e.g. "0.running_mean".

        >>> from nn import BatchNorm1d
        >>> [name for name, _ in BatchNorm1d(3).named_buffers()]
        ['running_mean', 'running_var']
        """
        return self._named_members("_buffers")

    # --------------------------------------------------------------- modes
    def train(self, mode: bool = True) -> Module:
        """Put this module and every sub-module in training mode (or evaluation with False).

        >>> from nn import Dropout, Sequential
        >>> Sequential(Dropout(0.5)).train()[0].training
        True
        """
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self) -> Module:
        """Put this module and every sub-module in evaluation mode (dropout off, running stats).

        >>> from nn import Dropout, Sequential
        >>> Sequential(Dropout(0.5)).eval()[0].training
        False
        """
        return self.train(False)

    def zero_grad(self) -> None:
        """Forget every parameter's gradient (`.grad` becomes None).

        >>> from nn import Linear
        >>> layer = Linear(2, 1); layer.zero_grad(); layer.weight.grad is None
        True
        """
        for parameter in self.parameters():
            parameter.grad = None

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Freeze (False) or unfreeze (True) every parameter of this module; returns the module.

        A frozen parameter records no gradient, so backward skips it and
        optimizers leave it unchanged: how transfer learning keeps a trained body.

        >>> from nn import Linear, Sequential
        >>> model = Sequential(Linear(2, 3), Linear(3, 1))
        >>> _ = model[0].requires_grad_(False)
        >>> [p.requires_grad for p in model.parameters()]
        [False, False, True, True]
        """
        for parameter in self.parameters():
            parameter.requires_grad_(requires_grad)
        return self

    # ---------------------------------------------------------- state dicts
    def state_dict(self) -> dict[str, np.ndarray]:
        """A copy of every parameter and buffer as an ndarray, by dotted name.

        >>> from nn import Linear
        >>> {name: a.shape for name, a in Linear(2, 3).state_dict().items()}
        {'weight': (2, 3), 'bias': (3,)}
        """
        return {name: array.copy() for name, array in self._named_arrays()}

    def _named_arrays(self) -> Iterator[tuple[str, np.ndarray]]:
        """(dotted name, array) of every parameter and buffer, in state-dict order."""
        for name, item in self._named_members("_parameters", "_buffers"):
            yield name, as_array(item)

    def load_state_dict(self, state: dict[str, Any], strict: bool = True) -> IncompatibleKeys:
        """Copy the arrays of `state` into the parameters and buffers of the same names.

        Every name and shape is checked first: a wrongly shaped entry, and with
        `strict` a missing or unexpected one, raises a RuntimeError listing all
        of them, and nothing is changed. Returns the names that were missing
        and unexpected (both empty when strict).

        >>> from nn import Linear
        >>> a, b = Linear(2, 3), Linear(2, 3)
        >>> b.load_state_dict(a.state_dict())
        IncompatibleKeys(missing_keys=[], unexpected_keys=[])
        """
        caller = f"{type(self).__name__}.load_state_dict"
        arrays, skipped = fitting_arrays(state, dict(self._named_arrays()), strict, caller)
        for name, item in self._named_members("_parameters", "_buffers"):
            if name not in arrays:
                continue
            if isinstance(item, Tensor):
                with no_grad():  # a write through the tensor: graphs that saved it will know
                    item[...] = arrays[name]
            else:
                np.copyto(item, arrays[name])
        return skipped

    # ------------------------------------------------------------ printing
    def extra_repr(self) -> str:
        """The settings shown between the parentheses of the module's repr (override it).

        >>> from nn import Dropout
        >>> Dropout(0.2).extra_repr()
        'p=0.2'
        """
        return ""

    def __repr__(self) -> str:
        text = f"{type(self).__name__}({self.extra_repr()}"
        if self._modules:
            children = [f"({name}): {child!r}" for name, child in self._modules.items()]
            text += "\n" + "\n".join("  " + c.replace("\n", "\n  ") for c in children) + "\n"
        count = sum(p.size for p in self.parameters())
        if not count:
            return text + ")"
        return f"{text})  # {count:,} parameter{'s' if count != 1 else ''}"


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def __getattr__(name: str) -> Any:
    # `nn.module.Sequential` and `nn.module.ModuleList` keep working. containers.py
    # imports this module, so they are looked up when asked for, not imported above.
    if name in ("ModuleList", "Sequential"):
        from . import containers

        return getattr(containers, name)
    raise AttributeError(f"module 'nn.module' has no attribute '{name}'")
