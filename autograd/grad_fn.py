"""`tensor.grad_fn`: the operation that made a tensor, shown as PyTorch shows it.

The graph itself is the chain of `Context`s (`tensor._ctx`); a `GradFn` is a
view of one of them with PyTorch's names, for programs that print
`z.grad_fn` or walk `next_functions`.
"""

from __future__ import annotations

from typing import Any

from .tensor import Tensor


class GradFn:
    """The operation that made a tensor, as `tensor.grad_fn` shows it: `<MulBackward>`.

    `function` is the `Function` subclass that recorded it; `next_functions`
    lists, as in PyTorch, the nodes its inputs came from: `(GradFn, 0)` for a
    recorded result, `(AccumulateGrad, 0)` for a leaf that requires grad,
    `(None, 0)` for a tensor that does not.

    >>> x = Tensor([1.0], requires_grad=True)
    >>> (x * 2).grad_fn
    <MulBackward>
    >>> (x * 2).grad_fn.next_functions
    ((<AccumulateGrad>, 0),)
    """

    __slots__ = ("_ctx",)

    def __init__(self, ctx: Any) -> None:
        self._ctx = ctx

    @property
    def function(self) -> type:
        """The `Function` subclass of the operation."""
        return self._ctx.function

    def name(self) -> str:
        """PyTorch's style of name: "MulBackward", "LogSoftmaxBackward".

        >>> (Tensor([1.0], requires_grad=True).log_softmax()).grad_fn.name()
        'LogSoftmaxBackward'
        """
        words = self._ctx.function.name.split("_")
        return "".join(word[:1].upper() + word[1:] for word in words) + "Backward"

    @property
    def next_functions(self) -> tuple:
        """(node, 0) for each Tensor input, in order (see the class)."""
        inputs = getattr(self._ctx, "inputs", ())
        return tuple((_node(x), 0) for x in inputs if isinstance(x, Tensor))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GradFn) and other._ctx is self._ctx

    def __hash__(self) -> int:
        return id(self._ctx)

    def __repr__(self) -> str:
        return f"<{self.name()}>"


class AccumulateGrad:
    """Where a leaf's gradient is added up into `.grad`, as PyTorch's graph names it.

    >>> AccumulateGrad(Tensor([1.0], requires_grad=True))
    <AccumulateGrad>
    """

    __slots__ = ("variable",)

    def __init__(self, variable: Tensor) -> None:
        self.variable = variable

    def __repr__(self) -> str:
        return "<AccumulateGrad>"


def _node(x: Tensor) -> GradFn | AccumulateGrad | None:
    if x._ctx is not None:
        return GradFn(x._ctx)
    return AccumulateGrad(x) if x.requires_grad else None
