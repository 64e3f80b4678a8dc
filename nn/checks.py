"""`check_training`: warnings about the usual mistakes of a training loop, off until asked for.

Inside `with check_training(model):` the model is watched while it trains:

- every forward pass wraps each parameter in an identity operation whose
  backward sees the gradient that parameter is about to receive (a
  `Function`, like any other operation of the engine);
- every `ReLU` module reports how many of its units are off for the whole
  batch.

On leaving the block the model is exactly as it was. Each mistake warns
once per parameter or module, as a `TrainingWarning`.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from autograd import Function, Tensor, is_grad_enabled

from .activations import ReLU
from .module import Module

_PENDING = 4  # forward passes kept waiting for their backward (beyond: evaluation only)


class TrainingWarning(UserWarning):
    """A likely mistake in a training loop, found by `nn.utils.check_training`.

    Like any warning it can be turned into an error while debugging:

    >>> warnings.simplefilter("error", TrainingWarning)  # doctest: +SKIP
    """


class _Pass:
    """One watched forward pass: its parameters, and what their backward sent them."""

    def __init__(self, watched: dict) -> None:
        self.watched = watched  # id -> Parameter
        self.arrived: dict[int, np.ndarray] = {}


class _Watch(Function):
    """The identity on a parameter; its backward tells the checker what the parameter gets."""

    name = "check_training"

    @staticmethod
    def forward(ctx: Any, x: np.ndarray, checker: Any, watched: _Pass, parameter: Any) -> Any:
        ctx.checker, ctx.watched, ctx.parameter = checker, watched, parameter
        return x.view()

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        ctx.checker._arrived(ctx.watched, ctx.parameter, grad)
        return grad


class check_training:  # a context manager named like a function, as no_grad is
    """Warn (`TrainingWarning`) about the usual mistakes while `model` trains inside the block.

    - a parameter that receives no gradient from a backward pass through the
      model (unused in forward, or cut off by `detach()`, `.data` or NumPy);
    - a parameter whose gradient is exactly zero everywhere;
    - gradients added up across steps because `zero_grad()` is missing: a
      backward pass into a `.grad` an optimizer step has already used, or two
      backward passes with neither a step nor `zero_grad()` in between
      (`accumulate=True` allows the latter, for deliberate accumulation over
      batches);
    - `ReLU` modules with at least `dead_relu_threshold` of their units dead
      (zero for every example of a batch). `dead_relus` keeps each ReLU
      module's latest fraction.

    Nothing is checked outside the block. Forward passes under `no_grad()`
    and forward passes never followed by backward (an evaluation) are not
    checked.

    >>> import warnings, nn
    >>> model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    >>> optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
    >>> x = np.ones((4, 2), dtype=np.float32)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     with check_training(model):
    ...         for step in range(2):                  # zero_grad() forgotten
    ...             model(x).sum().backward()
    ...             optimizer.step()
    >>> sorted(str(w.message).split(":")[0] for w in caught if "across steps" in str(w.message))
    ['0.bias', '0.weight', '2.bias', '2.weight']
    """

    def __init__(
        self, model: Module, dead_relu_threshold: float = 0.5, accumulate: bool = False
    ) -> None:
        if not isinstance(model, Module):
            raise TypeError(f"check_training needs an nn.Module, got {type(model).__name__}")
        if not 0 < dead_relu_threshold <= 1:
            raise ValueError(
                f"check_training: dead_relu_threshold is a fraction in (0, 1], "
                f"got {dead_relu_threshold!r}"
            )
        self.model, self.threshold, self.accumulate = model, dead_relu_threshold, accumulate
        self.dead_relus: dict[str, float] = {}
        self.warned: list[str] = []  # every message given, in order
        self._given: set[tuple[str, str]] = set()
        self._passes: list[_Pass] = []
        self._data_seen: dict[int, np.ndarray] = {}
        self._patched: list[Module] = []

    # ------------------------------------------------------------ the block
    def __enter__(self) -> check_training:
        named = dict(self.model.named_parameters())
        self._names = {id(p): name for name, p in named.items()}
        self._slots = [
            (module, attribute, p)
            for module in self.model.modules()
            for attribute, p in module._parameters.items()
            if p.requires_grad
        ]
        self._patch(self.model, self._watched_forward(self.model.forward))
        for name, module in self.model.named_modules():
            if isinstance(module, ReLU) and module is not self.model:
                self._patch(
                    module, self._relu_forward(module.forward, f"{name} (ReLU)" if name else "ReLU")
                )
        return self

    def __exit__(self, *exc_info: object) -> None:
        for module in self._patched:
            object.__delattr__(module, "forward")
        self._patched.clear()
        if exc_info[0] is None:
            self._review(final=True)

    def _patch(self, module: Module, forward: Any) -> None:
        if "forward" in vars(module):
            raise RuntimeError(
                f"check_training: {type(module).__name__} is already being checked; "
                f"one check_training block at a time"
            )
        object.__setattr__(module, "forward", forward)
        self._patched.append(module)

    def _watched_forward(self, forward: Any) -> Any:
        def watched_forward(*args: Any, **kwargs: Any) -> Any:
            self._review()
            if not is_grad_enabled():
                return forward(*args, **kwargs)
            watched = _Pass({id(p): p for _, _, p in self._slots})
            stand_ins = {
                key: _Watch.apply(p, checker=self, watched=watched, parameter=p)
                for key, p in watched.watched.items()
            }
            for module, attribute, p in self._slots:
                object.__setattr__(module, attribute, stand_ins[id(p)])
            try:
                return forward(*args, **kwargs)
            finally:
                for module, attribute, p in self._slots:
                    object.__setattr__(module, attribute, p)
                self._passes.append(watched)

        return watched_forward

    def _relu_forward(self, forward: Any, name: str) -> Any:
        def relu_forward(x: Any) -> Any:
            out = forward(x)
            data = out.data if isinstance(out, Tensor) else np.asarray(out)
            if data.ndim >= 2 and data.shape[0] >= 2:
                alive = (data.reshape(data.shape[0], -1) > 0).any(axis=0)
                fraction = float(1 - alive.mean())
                self.dead_relus[name] = fraction
                if fraction >= self.threshold:
                    self._warn(
                        "dead",
                        name,
                        f"{name}: {fraction:.0%} of its units are dead (0 for every example "
                        f"of the batch), so the weights before them get no gradient. Try a "
                        f"smaller learning rate, He initialisation (nn.init.kaiming_uniform_) "
                        f"or LeakyReLU.",
                    )
            return out

        return relu_forward

    # ------------------------------------------------------------ findings
    def _arrived(self, watched: _Pass, parameter: Tensor, grad: Any) -> None:
        """A backward pass is about to add `grad` into `parameter.grad`."""
        key, name = id(parameter), self._names.get(id(parameter), "a parameter")
        held = parameter.grad
        if held is not None and key not in watched.arrived and np.any(held):
            seen = self._data_seen.get(key)
            if seen is not None and not np.array_equal(seen, parameter.data):
                self._warn(
                    "accumulate",
                    name,
                    f"{name}: backward added its gradient to a .grad an optimizer step already "
                    f"used, so gradients are accumulating across steps. Call "
                    f"optimizer.zero_grad() once per step, before loss.backward().",
                )
            elif not self.accumulate:
                self._warn(
                    "accumulate",
                    name,
                    f"{name}: a second backward pass added its gradient to .grad with no "
                    f"optimizer step and no zero_grad() in between. Call optimizer.zero_grad() "
                    f"before each backward, or pass check_training(model, accumulate=True) if "
                    f"you add up gradients over batches on purpose.",
                )
        self._data_seen[key] = parameter.data.copy()
        g = np.asarray(grad.data if isinstance(grad, Tensor) else grad)
        watched.arrived[key] = watched.arrived[key] + g if key in watched.arrived else g

    def _review(self, final: bool = False) -> None:
        """Judge the forward passes whose backward has run: what did each parameter get?"""
        waiting = []
        for watched in self._passes:
            if not watched.arrived:
                waiting.append(watched)
                continue
            for key, parameter in watched.watched.items():
                name = self._names.get(key, "a parameter")
                g = watched.arrived.get(key)
                if g is None:
                    self._warn(
                        "none",
                        name,
                        f"{name} {parameter.shape} received no gradient from a backward pass "
                        f"through the model: it is not used in forward, or the graph is cut "
                        f"before it (detach(), .data, .numpy(), no_grad()).",
                    )
                elif not np.any(g):
                    self._warn(
                        "zero",
                        name,
                        f"{name} {parameter.shape}: its gradient is exactly zero everywhere, so "
                        f"a step will not change it (dead ReLUs before it? a loss that does "
                        f"not depend on the output?).",
                    )
        self._passes = [] if final else waiting[-_PENDING:]

    def _warn(self, kind: str, name: str, message: str) -> None:
        if (kind, name) not in self._given:
            self._given.add((kind, name))
            self.warned.append(message)
            warnings.warn(message, TrainingWarning, stacklevel=3)
