"""Switches that decide what the engine records: grad mode and scopes.

They live in context variables: each thread (and each asyncio task) sees
its own values, as with `threading.local`, but reading one costs a third as
much, which matters because `Function.apply` reads one for every operation.
Every switch is a context manager that restores the exact previous value on
exit, so they nest and the same object can be entered twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_grad_enabled: ContextVar[bool] = ContextVar("grad_enabled", default=True)
_scope: ContextVar[tuple] = ContextVar("scope", default=())  # open scope labels, outermost first
# What Function.apply reads: the scope to tag a new operation with while grad
# is enabled, None while it is not (kept in step with the two above).
record_scope: ContextVar[tuple | None] = ContextVar("record_scope", default=())


def is_grad_enabled() -> bool:
    """Whether operations on tensors that require grad are being recorded.

    >>> is_grad_enabled()
    True
    """
    return _grad_enabled.get()


class _Switch:
    """Base of the context managers: sets context variables, restores them on exit."""

    def __init__(self) -> None:
        self._tokens: list[list] = []  # a stack: the same object may be entered twice

    def _values(self) -> tuple[bool, tuple]:
        """The (grad enabled, scope) to switch to."""
        raise NotImplementedError

    def __enter__(self) -> None:
        enabled, scope = self._values()
        self._tokens.append(
            [
                _grad_enabled.set(enabled),
                _scope.set(scope),
                record_scope.set(scope if enabled else None),
            ]
        )

    def __exit__(self, *exc_info: object) -> None:
        grad_token, scope_token, record_token = self._tokens.pop()
        record_scope.reset(record_token)
        _scope.reset(scope_token)
        _grad_enabled.reset(grad_token)


class set_grad_enabled(_Switch):
    """Record (True) or do not record (False) inside a `with` block.

    >>> with set_grad_enabled(False):
    ...     is_grad_enabled()
    False
    """

    def __init__(self, enabled: bool) -> None:
        super().__init__()
        self.enabled = bool(enabled)

    def _values(self) -> tuple[bool, tuple]:
        return self.enabled, _scope.get()


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

    def _values(self) -> tuple[bool, tuple]:
        return _grad_enabled.get(), (*_scope.get(), self.label)
