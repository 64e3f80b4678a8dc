"""Switches that decide what the engine records: grad mode and scopes.

The current mode lives in a context variable: each thread (and each asyncio
task) sees its own, as with `threading.local`, but reading it costs a third
as much, which matters because `Function.apply` reads it for every
operation. Every switch is a context manager that restores the exact
previous mode on exit, so they nest and the same object can be entered twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, NamedTuple, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Mode(NamedTuple):
    """What is being recorded: whether grad is enabled, and the open scope labels.

    `record_scope` is what `Function.apply` reads: the scope to tag a new
    operation with while grad is enabled, None while it is not.
    """

    grad_enabled: bool
    scope: tuple
    record_scope: tuple | None


def _mode(grad_enabled: bool, scope: tuple) -> Mode:
    # tuple.__new__ skips NamedTuple's Python-level __new__: a scope is entered per module call.
    return tuple.__new__(Mode, (grad_enabled, scope, scope if grad_enabled else None))


current: ContextVar[Mode] = ContextVar("mode", default=_mode(True, ()))  # noqa: B039 - immutable


def with_grad_enabled(enabled: bool) -> Mode:
    """The current mode with grad enabled or not (what `set_grad_enabled` enters).

    >>> with_grad_enabled(False).grad_enabled
    False
    """
    return _mode(enabled, current.get().scope)


def is_grad_enabled() -> bool:
    """Whether operations on tensors that require grad are being recorded.

    >>> is_grad_enabled()
    True
    """
    return current.get().grad_enabled


class _Switch:
    """Base of the context managers: switches the mode, restores it on exit."""

    def __init__(self) -> None:
        self._tokens: list = []  # a stack: the same object may be entered twice

    def _switched(self, mode: Mode) -> Mode:
        """The mode inside the block, given the mode outside it."""
        raise NotImplementedError

    def __enter__(self) -> None:
        self._tokens.append(current.set(self._switched(current.get())))

    def __exit__(self, *exc_info: object) -> None:
        current.reset(self._tokens.pop())


class set_grad_enabled(_Switch):
    """Record (True) or do not record (False) inside a `with` block.

    >>> with set_grad_enabled(False):
    ...     is_grad_enabled()
    False
    """

    def __init__(self, enabled: bool) -> None:
        super().__init__()
        self.enabled = bool(enabled)

    def _switched(self, mode: Mode) -> Mode:
        return _mode(self.enabled, mode.scope)  # as with_grad_enabled(), from `mode`


class _GradMode(set_grad_enabled):
    """A fixed grad mode, usable as a context manager and as a decorator."""

    enabled: bool

    def __init__(self) -> None:
        super().__init__(type(self).enabled)

    def __call__(self, function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with type(self)():
                return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradMode):
    """Record nothing: results do not require grad and keep no graph.

    Use it for evaluation and for parameter updates; it also decorates functions.

    >>> from autograd import Tensor
    >>> w = Tensor([1.0], requires_grad=True)
    >>> with no_grad():
    ...     y = w * 2
    >>> y.requires_grad
    False
    """

    enabled = False


class enable_grad(_GradMode):
    """Record again inside a `no_grad` region; it also decorates functions.

    >>> from autograd import Tensor
    >>> w = Tensor([1.0], requires_grad=True)
    >>> with no_grad(), enable_grad():
    ...     y = w * 2
    >>> y.requires_grad
    True
    """

    enabled = True


class scope(_Switch):
    """Tag every operation recorded inside the block with `label`.

    Scopes nest; each recorded operation keeps the tuple of labels open when it
    was created (`ctx.scope`). The graph drawer uses it to group operations,
    e.g. by the module whose `forward` made them.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> with scope("layer1"):
    ...     y = x * 2
    >>> y._ctx.scope
    ('layer1',)
    """

    def __init__(self, label: object) -> None:
        super().__init__()
        self.label = label

    def _switched(self, mode: Mode) -> Mode:
        return _mode(mode.grad_enabled, (*mode.scope, self.label))
