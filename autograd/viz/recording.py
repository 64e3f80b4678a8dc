"""One real backward pass, watched: which operation ran when, what arrived and what it sent.

Nothing here schedules anything: `record_backward` lets the engine run its
own pass (`autograd.grad`) while each recorded operation's `Function` is
swapped, for the length of the pass, for a subclass whose backward calls the
original one and writes down what went in and out. The drawings' gradients
and the step-through both come from this one pass, so they show what the
engine really did, in the order it did it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..broadcast import sum_to_shape
from ..engine import grad
from ..tensor import Tensor


def run_engine(root: Tensor, leaves: list[Tensor], seed: np.ndarray) -> tuple[Tensor, ...]:
    """The one call viz makes into the engine: the gradient of `root` at `leaves`.

    The pass leaves the graph as it found it (`retain_graph=True`), so that
    the user's own `backward()` still works after a drawing.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> run_engine(x * 3.0, [x], np.ones(2, dtype=np.float32))[0].data
    array([3., 3.], dtype=float32)
    """
    return grad(root, leaves, grad_outputs=seed, retain_graph=True, allow_unused=True)


@dataclass
class BackwardCall:
    """One operation's backward, as the engine ran it.

    `incoming` is the gradient of the operation's result (every gradient that
    reached it, already added up); `outgoing` holds one gradient per input,
    summed to the input's shape, None where it sent none.

    >>> x = Tensor([1.0], requires_grad=True)
    >>> y = x * 2.0
    >>> record_backward(y, [y._ctx]).calls[0].outgoing
    (array([2.], dtype=float32), None)
    """

    ctx: Any
    incoming: np.ndarray
    outgoing: tuple


@dataclass
class RecordedPass:
    """The calls in the order backward made them, and the gradients the leaves received.

    >>> x = Tensor([1.0], requires_grad=True)
    >>> y = x * 2.0
    >>> record_backward(y, [y._ctx]).leaf_grads[x]
    array([2.], dtype=float32)
    """

    calls: list[BackwardCall]
    leaf_grads: dict


def record_backward(root: Tensor, ops: list) -> RecordedPass:
    """Run backward from `root` (seed: ones, the gradient of `root.sum()`) and watch it.

    `ops` are the operations of the graph behind `root`. `.grad` is never
    read or changed. A leaf that no gradient reached is left out of
    `leaf_grads`.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> y = x * x
    >>> watched = record_backward(y, [y._ctx])
    >>> [call.ctx.function.name for call in watched.calls], watched.leaf_grads[x]
    (['mul'], array([2., 4.], dtype=float32))
    """
    seed = np.ones_like(root.data)
    if root._ctx is None:
        return RecordedPass([], {root: seed} if root.requires_grad else {})
    leaves = list(
        dict.fromkeys(
            x
            for ctx in ops
            for x in ctx.inputs
            if isinstance(x, Tensor) and x._ctx is None and x.requires_grad
        )
    )
    calls: list[BackwardCall] = []
    originals = {ctx: ctx.function for ctx in ops}
    recorders: dict = {}
    try:
        for ctx, function in originals.items():
            if function not in recorders:
                recorders[function] = _recording(function, calls)
            ctx.function = recorders[function]
        results = run_engine(root, leaves, seed)
    finally:
        for ctx, function in originals.items():
            ctx.function = function
    reached = {
        id(x)
        for call in calls
        for x, g in zip(call.ctx.inputs, call.outgoing)
        if g is not None and isinstance(x, Tensor) and x._ctx is None
    }
    leaf_grads = {x: g.data for x, g in zip(leaves, results) if id(x) in reached}
    return RecordedPass(calls, leaf_grads)


def _recording(function: type, calls: list[BackwardCall]) -> type:
    """A subclass of `function` whose backward also appends a `BackwardCall` to `calls`."""

    class Recording(function):
        name = function.name

        @staticmethod
        def backward(ctx: Any, incoming: Any) -> Any:
            arrived = np.array(incoming, copy=True)  # a backward may change its argument
            sent = function.backward(ctx, incoming)
            calls.append(BackwardCall(ctx, arrived, _per_input(ctx, function, sent)))
            return sent

    return Recording


def _per_input(ctx: Any, function: type, sent: Any) -> tuple:
    """What a backward returned, one copied array per input, summed to the input's shape."""
    sent = tuple(sent) if isinstance(sent, (tuple, list)) else (sent,)
    found = []
    for x, needed, g in zip(ctx.inputs, ctx.needs_input_grad, sent):
        if not (needed and g is not None):
            found.append(None)
            continue
        g = np.array(g.data if isinstance(g, Tensor) else g, copy=True)
        if g.shape != x.shape and function.broadcasting:
            g = sum_to_shape(g, x.shape)
        found.append(g)
    return tuple(found)
