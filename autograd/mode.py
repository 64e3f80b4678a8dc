"""Per-thread switches that decide what the engine records.

Kept apart from the engine so that `Function.apply`, the backward pass and
users can all read them without importing each other.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _State(threading.local):
    """Each thread's switches; the class attributes are every thread's starting values."""

    grad_enabled = True
    scope: tuple = ()  # labels of the open `scope` blocks, outermost first
    # What `Function.apply` reads, once per operation: the scope to tag a new
    # operation with while grad is enabled, None while it is not.
    record_scope: tuple | None = ()

    def set(self, grad_enabled: bool, scope: tuple) -> None:
        self.grad_enabled, self.scope = grad_enabled, scope
        self.record_scope = scope if grad_enabled else None


state = _State()


def is_grad_enabled() -> bool:
    """Whether operations on tensors that require grad are being recorded.

    >>> is_grad_enabled()
    True
    """
    return state.grad_enabled


class _GradMode:
    """Sets grad recording on or off inside a `with` block or a decorated function."""

    enabled: bool

    def __init__(self) -> None:
        self._previous: list[bool] = []  # a stack: the same object may be entered twice

    def __enter__(self) -> None:
        self._previous.append(state.grad_enabled)
        state.set(self.enabled, state.scope)

    def __exit__(self, *exc_info: object) -> None:
        state.set(self._previous.pop(), state.scope)

    def __call__(self, function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with type(self)():
                return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradMode):
    """Record nothing: results do not require grad and keep no graph.

    Use it for evaluation and for parameter updates.

    >>> from autograd import Tensor
    >>> w = Tensor([1.0], requires_grad=True)
    >>> with no_grad():
    ...     y = w * 2
    >>> y.requires_grad
    False
    """

    enabled = False


class enable_grad(_GradMode):
    """Record again inside a `no_grad` region.

    >>> from autograd import Tensor
    >>> w = Tensor([1.0], requires_grad=True)
    >>> with no_grad(), enable_grad():
    ...     y = w * 2
    >>> y.requires_grad
    True
    """

    enabled = True


class scope:
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
        self.label = label
        self._previous: list[tuple] = []  # a stack: the same object may be entered twice

    def __enter__(self) -> None:
        self._previous.append(state.scope)
        state.set(state.grad_enabled, (*state.scope, self.label))

    def __exit__(self, *exc_info: object) -> None:
        state.set(state.grad_enabled, self._previous.pop())
