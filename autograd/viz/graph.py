"""The recorded graph behind one tensor, numbered in creation order, with what labels need."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import mode
from ..broadcast import broadcast_axes
from ..tensor import Tensor
from .recording import record_backward
from .text import gradient_text, values


class RecordedGraph:
    """The operations and tensors `root` was computed from.

    A tensor is identified by a key: its `Context` when an operation made it,
    the Tensor itself for a leaf. With `show_grad`, `grads` maps each key to
    the gradient one real backward pass from `root` (seed: ones) gave it.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> graph = RecordedGraph((x * x).sum(), None, show_grad=True)
    >>> [ctx.function.name for ctx in graph.ops], graph.grads[x]
    (['mul', 'sum'], array([2., 4.], dtype=float32))
    """

    def __init__(self, root: Tensor, params: Any, show_grad: bool) -> None:
        if not isinstance(root, Tensor):
            raise TypeError(f"drawing a graph needs a Tensor, got {type(root).__name__}")
        self.root = root
        self.ops = operations(root)
        self.op_index = {ctx: i for i, ctx in enumerate(self.ops)}
        self.tensors: dict[Any, Tensor] = {key_of(root): root}  # key -> a Tensor, for names
        self.consumers: dict[Any, list] = {}
        for ctx in self.ops:
            for x in ctx.inputs:
                if isinstance(x, Tensor):
                    self.tensors.setdefault(key_of(x), x)
                    self.consumers.setdefault(key_of(x), []).append(ctx)
        self.leaves = [t for key, t in self.tensors.items() if key is t]  # in order of use
        self.leaf_index = {t: j for j, t in enumerate(self.leaves)}
        self.names = parameter_names(params)
        # backward() frees what a graph saved: then only the leaves' .grad can be shown.
        self.freed = show_grad and any(ctx.released for ctx in self.ops)
        self.grads = self._gradients() if show_grad else {}
        self._reductions: dict = {}

    def _gradients(self) -> dict:
        """key -> gradient of root.sum() for every tensor backward reaches; `.grad` untouched."""
        if not self.root.requires_grad:
            return {}
        if self.freed:
            return {leaf: leaf.grad for leaf in self.leaves if leaf.grad is not None}
        watched = record_backward(self.root, self.ops)
        return {call.ctx: call.incoming for call in watched.calls} | watched.leaf_grads

    def is_leaf(self, key: Any) -> bool:
        return isinstance(key, Tensor)

    def data(self, key: Any) -> np.ndarray:
        return key.data if self.is_leaf(key) else key.output

    def name(self, key: Any) -> str | None:
        tensor = self.tensors.get(key)
        return None if tensor is None else self.names.get(tensor) or tensor.name

    def kind(self, key: Any) -> str:
        """'parameter' (a leaf that requires grad), 'input' (a leaf that does not) or ''."""
        if not self.is_leaf(key):
            return ""
        return "parameter" if key.requires_grad else "input"

    def node_id(self, key: Any) -> str:
        return f"leaf{self.leaf_index[key]}" if self.is_leaf(key) else f"t{self.op_index[key]}"

    def title(self, key: Any) -> str:
        """The name, else what kind of leaf it is ('' for an unnamed computed tensor)."""
        return self.name(key) or self.kind(key)

    def lines(self, key: Any, show_data: bool, show_grad: bool) -> list[str]:
        """Shape and dtype, then values and gradient as asked."""
        data = self.data(key)
        lines = [f"{data.shape} {data.dtype}"]
        if show_data:
            lines += values(data)
        if show_grad and self.tensors[key].requires_grad:
            lines += gradient_text(self.grads.get(key))
        return lines

    def reductions(self, ctx: Any) -> dict[int, tuple]:
        """Input position -> axes over which backward sums that input's gradient."""
        if ctx not in self._reductions:
            self._reductions[ctx] = _reductions(ctx)
        return self._reductions[ctx]


def _reductions(ctx: Any) -> dict[int, tuple]:
    """Input position -> summed axes, found by running the operation's backward once.

    The engine sums when a `broadcasting` operation's backward returns a
    gradient of another shape than its input's; running that backward on ones
    tells which axes, for every operation alike (a matmul's batch axes too).
    """
    output_shape = ctx.output.shape
    wanted = [
        i
        for i, (x, needed) in enumerate(zip(ctx.inputs, ctx.needs_input_grad))
        if needed and x.shape != output_shape
    ]
    if not (ctx.function.broadcasting and wanted):
        return {}
    if ctx.released:  # backward freed what it saved; the shapes still tell most axes
        axes = {i: broadcast_axes(output_shape, ctx.inputs[i].shape) for i in wanted}
        return {i: found for i, found in axes.items() if found}
    with mode.no_grad(), np.errstate(all="ignore"):
        grads = ctx.function.backward(ctx, np.ones_like(ctx.output))
    grads = grads if isinstance(grads, (tuple, list)) else (grads,)
    found = {}
    for i in wanted:
        shape = np.shape(grads[i])
        axes = broadcast_axes(shape, ctx.inputs[i].shape) if shape else None
        if axes:
            found[i] = axes
    return found


def key_of(tensor: Tensor) -> Any:
    """What identifies a tensor in the graph: the Context that made it, or the leaf itself.

    >>> x = Tensor([1.0], requires_grad=True)
    >>> key_of(x) is x, key_of(x * 2).function.name
    (True, 'mul')
    """
    return tensor if tensor._ctx is None else tensor._ctx


def operations(root: Tensor) -> list:
    """Every recorded operation `root` depends on, in creation order (no recursion).

    >>> x = Tensor([1.0], requires_grad=True)
    >>> [ctx.function.name for ctx in operations((x * 2).exp())]
    ['mul', 'exp']
    """
    seen: set = set()
    stack = [] if root._ctx is None else [root._ctx]
    while stack:
        ctx = stack.pop()
        if ctx not in seen:
            seen.add(ctx)
            stack += [x._ctx for x in ctx.inputs if isinstance(x, Tensor) and x._ctx is not None]
    return sorted(seen, key=lambda ctx: ctx.sequence)


def parameter_names(params: Any) -> dict:
    """Tensor -> name from a mapping name -> Tensor (or (name, Tensor) pairs).

    >>> w = Tensor([1.0])
    >>> parameter_names({"fc.weight": w})[w]
    'fc.weight'
    """
    if params is None:
        return {}
    names = {}
    for name, tensor in dict(params).items():
        if not isinstance(tensor, Tensor):
            raise TypeError(
                f"params must map names to Tensors (e.g. dict(model.named_parameters())); "
                f"{name!r} maps to a {type(tensor).__name__}"
            )
        names[tensor] = str(name)
    return names
