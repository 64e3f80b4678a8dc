"""The line every exercise's backward starts with, until the learner replaces it."""

from __future__ import annotations

from typing import Any


def todo(ctx: Any) -> NotImplementedError:
    """The error an unwritten backward raises: it names the exercise and its file.

    `python -m demos.exercises` reports an exercise whose backward raises it
    as "not attempted".

    >>> from autograd import Function, Tensor
    >>> class Double(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         return 2 * x
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         raise todo(ctx)
    >>> Double.apply(Tensor([1.0], requires_grad=True)).sum().backward()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    NotImplementedError: Double.backward is not written yet: read the docstring of Double in ...
    """
    function = ctx.function
    path = function.__module__.replace(".", "/") + ".py"
    return NotImplementedError(
        f"{function.__name__}.backward is not written yet: read the docstring of "
        f"{function.__name__} in {path}, then replace `raise todo(ctx)` with your backward"
    )
