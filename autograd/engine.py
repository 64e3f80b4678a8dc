"""The backward pass: reverse-mode differentiation over the recorded graph.

`backward(t)` and `grad(outputs, inputs)` share one loop, `_propagate`:

- Every recorded operation carries a sequence number from its creation, and
  an operation's inputs were always made before it. Taking operations from a
  heap, latest first, therefore reaches each one only after every operation
  that consumed its result has passed its gradient down, with no separate
  pass to sort the graph and no recursion (a chain of 100,000 operations is
  fine). Each operation runs its backward once, however often its result was
  reused.
- An operation enters the heap when the first gradient reaches it, so parts
  of the graph no gradient flows into are never visited. Along a chain, the
  one operation waiting comes next without a trip through the heap.
- Gradients meeting at one tensor are added. A gradient of a broadcast
  shape is summed back to its input's shape here, in one place.

Leaves (tensors that no recorded operation made) collect their gradients in
`.grad`; interior tensors never keep theirs, so memory holds only the
frontier of the pass.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from heapq import heappop, heappush
from typing import Any

import numpy as np

from . import anomaly, mode, version
from .broadcast import sum_to_shape
from .function import RELEASED, GradientShapeError
from .saved import KEEP_VALUES_UP_TO, check_usable, let_go_of_large_values
from .tensor import Tensor, _data, _make_tensor


def backward(tensor: Tensor, grad: Any = None, retain_graph: bool = False) -> None:
    """Accumulate the gradient of `tensor` into `.grad` of every leaf that requires grad.

    The operations passed through free what they saved, unless `retain_graph`.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> backward((x * x).sum())
    >>> x.grad
    array([2., 4.], dtype=float32)
    """
    if not tensor.requires_grad:
        raise RuntimeError(
            "backward: this tensor does not require grad, so no graph leads to it. Give its "
            "inputs requires_grad=True (Tensor(x, requires_grad=True)) and do not compute it "
            "under no_grad()."
        )
    seed = _seed(tensor, grad, "backward", create_graph=False)
    leaf_grads, _ = _propagate([tensor], [seed], False, retain_graph=retain_graph)
    handed_out = {id(seed)}  # the caller's array: a leaf it reaches unchanged gets a copy
    with _grad_lock:  # passes in several threads may meet at a leaf: add one at a time
        for leaf, leaf_grad in leaf_grads.items():
            _accumulate(leaf, leaf_grad, handed_out)


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple[Tensor, ...]:
    """The gradients of `outputs` with respect to `inputs`, one Tensor per input.

    `.grad` is left untouched. `grad_outputs` (one per output; Tensors or
    arrays) may be omitted for outputs of one element. With
    `create_graph=True` the returned gradients are part of a new graph and
    can be differentiated again (second derivatives, Hessian-vector
    products). The pass frees what the graph saved unless `retain_graph`
    (which defaults to `create_graph`). An input the outputs do not depend
    on is an error, or a zero gradient with `allow_unused=True`.

    >>> x = Tensor(3.0, requires_grad=True)
    >>> (dy,) = grad(x ** 3, x, create_graph=True)      # 3x^2 = 27
    >>> (d2y,) = grad(dy, x)                            # 6x = 18
    >>> dy.item(), d2y.item()
    (27.0, 18.0)
    """
    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    if grad_outputs is None or isinstance(grad_outputs, (Tensor, np.ndarray)):
        grad_outputs = [grad_outputs] * len(outputs) if grad_outputs is None else [grad_outputs]
    if len(grad_outputs) != len(outputs):
        raise ValueError(
            f"grad: {len(outputs)} outputs but {len(grad_outputs)} grad_outputs; give one each"
        )
    for index, tensor in enumerate(outputs):
        if not tensor.requires_grad:
            raise RuntimeError(
                f"grad: output {index} does not require grad; no input of it requires grad, "
                f"or it was computed under no_grad()"
            )
    for index, tensor in enumerate(inputs):
        if not (isinstance(tensor, Tensor) and tensor.requires_grad):
            raise RuntimeError(f"grad: input {index} is not a Tensor that requires grad")

    seeds = [
        _seed(out, g, f"grad (output {i})", create_graph)
        for i, (out, g) in enumerate(zip(outputs, grad_outputs))
    ]
    wanted = {t._ctx for t in inputs if t._ctx is not None}
    if retain_graph is None:
        retain_graph = create_graph
    leaf_grads, interior_grads = _propagate(outputs, seeds, create_graph, wanted, retain_graph)

    results = []
    handed_out = {id(seed) for seed in seeds}  # the caller's arrays are copied, not handed back
    for index, tensor in enumerate(inputs):
        found = interior_grads if tensor._ctx is not None else leaf_grads
        g = found.get(tensor._ctx if tensor._ctx is not None else tensor)
        if g is None:
            if not allow_unused:
                raise RuntimeError(
                    f"grad: input {index} (shape {tensor.shape}) was not used to compute the "
                    f"outputs; pass allow_unused=True to get a zero gradient for it"
                )
            g = np.zeros_like(tensor._data)
        if isinstance(g, Tensor):
            results.append(g if g.dtype == tensor.dtype else g.astype(tensor.dtype))
        else:
            # asarray: arithmetic on 0-d arrays gives NumPy scalars, and .data is an array.
            results.append(_make_tensor(_own(np.asarray(g), tensor.dtype, handed_out), None))
    return tuple(results)


def _seed(tensor: Tensor, grad: Any, caller: str, create_graph: bool) -> Any:
    """The gradient the pass starts from at `tensor`: 1 for one element, else `grad`."""
    if grad is None:
        if tensor._data.size != 1:
            raise RuntimeError(
                f"{caller}: the gradient can be left out only for a tensor of one element; this "
                f"one has shape {tensor.shape}. Reduce it first (e.g. y.sum().backward()) or "
                f"pass a gradient of shape {tensor.shape}."
            )
        seed = np.ones(tensor._data.shape, tensor._data.dtype)
    elif isinstance(grad, Tensor) and create_graph:
        seed = grad
    else:
        seed = np.asarray(_data(grad), dtype=tensor.dtype)
    if seed.shape != tensor.shape:
        raise ValueError(
            f"{caller}: the gradient has shape {seed.shape} but the tensor has shape "
            f"{tensor.shape}; they must be equal"
        )
    return _make_tensor(seed, None) if create_graph and not isinstance(seed, Tensor) else seed


def _propagate(
    roots: list[Tensor],
    seeds: list[Any],
    create_graph: bool,
    wanted: Any = frozenset(),
    retain_graph: bool = True,
) -> tuple[dict, dict]:
    """Run backward from `roots`. Returns (leaf -> gradient, wanted ctx -> gradient).

    Without `retain_graph` each operation passed through frees what it saved.
    """
    grads, queue = _start(roots, seeds)
    interior: dict = {}
    older_than, release, drop_values = _what_to_check(create_graph, retain_graph)
    check_anomaly = anomaly.active
    # Record the pass itself only for create_graph (set_grad_enabled, without its object).
    outside = mode.current.set(mode.with_grad_enabled(create_graph))
    try:
        ctx = heappop(queue)[1] if queue else None
        while ctx is not None:
            if ctx.sequence < older_than:
                check_usable(ctx)
            g = grads.pop(ctx)
            if ctx in wanted:
                interior[ctx] = g
            if create_graph:  # backward on Tensors, recorded
                input_grads = _one_per_input(ctx, _backward_on_tensors(ctx, g))
            else:  # ndarrays in, a tuple of ndarrays (one per input) out
                input_grads = ctx.function.backward(ctx, g)
                if type(input_grads) is np.ndarray:  # one input's gradient, returned bare
                    input_grads = (input_grads,)
                if type(input_grads) is not tuple or len(input_grads) != len(ctx.inputs):
                    input_grads = _one_per_input(ctx, input_grads)  # bare, a list, or wrong
            if release:
                ctx.saved = RELEASED
            if check_anomaly:
                anomaly.check_backward(ctx, g, input_grads)
            ctx = _pass_down(ctx, input_grads, grads, queue, create_graph, drop_values)
    finally:
        mode.current.reset(outside)
    return grads, interior


def _start(roots: list[Tensor], seeds: list[Any]) -> tuple[dict, list]:
    """The gradients so far (ctx of an interior tensor, or leaf -> gradient) and the
    heap of (-ctx.sequence, ctx) from which the latest operation comes out first."""
    grads: dict = {}
    queue: list = []
    for root, seed in zip(roots, seeds):
        key = root if root._ctx is None else root._ctx
        if key in grads:
            grads[key] = grads[key] + seed
        else:
            grads[key] = seed
            if root._ctx is not None:
                heappush(queue, (-root._ctx.sequence, root._ctx))
    return grads, queue


def _what_to_check(create_graph: bool, retain_graph: bool) -> tuple[int, bool, bool]:
    """(older_than, release, drop_values) for one pass.

    An operation can only have been released or have had its saved arrays
    changed if it is older than the latest release or in-place write: one
    comparison per operation, the full check rarely (always for operations
    fingerprinted under detect_anomaly()). Released, the graph also lets go of
    the values of large intermediate tensors and of the arrays their
    operations kept (not with create_graph: the new graph may lead back
    through them).
    """
    release = not retain_graph
    older_than = version.INFINITY if anomaly.fingerprinted else version.last_change
    if release:
        version.mark_released()  # before releasing anything, so an error midway counts too
    return older_than, release, release and not create_graph


def _pass_down(
    ctx: Any, input_grads: Any, grads: dict, queue: list, create_graph: bool, drop: bool
) -> Any:
    """Add each gradient into what the inputs of `ctx` have received so far, queue the
    operations reached for the first time, and return the next operation to run.

    Along a chain the one operation reached is the only one waiting: it comes
    next without a trip through the heap. With `drop`, the large values among
    the inputs are let go of once their gradients are passed on.
    """
    follow = large = None
    for x, need, g in zip(ctx.inputs, ctx.needs_input_grad, input_grads):
        if need and g is not None:
            if type(g) is not np.ndarray:
                g = _as_gradient(g, create_graph)
            if g.shape != x._data.shape:
                g = _fit_shape(ctx, x, g)
            parent = x._ctx
            key = x if parent is None else parent
            if parent is not None and drop and x._data.nbytes > KEEP_VALUES_UP_TO:
                large = True
            if key in grads:
                grads[key] = grads[key] + g
                continue
            grads[key] = g
            if parent is None:
                continue
            if follow is None and not queue:
                follow = parent
                continue
            if follow is not None:  # a second operation reached: both wait in the heap
                heappush(queue, (-follow.sequence, follow))
                follow = None
            heappush(queue, (-parent.sequence, parent))
    if large:
        let_go_of_large_values(ctx)
    if follow is None and queue:
        follow = heappop(queue)[1]
    return follow


def _as_tuple(input_grads: Any) -> tuple:
    """What a backward returned, as a tuple: a list's items, or one bare gradient."""
    return tuple(input_grads) if isinstance(input_grads, list) else (input_grads,)


def _one_per_input(ctx: Any, input_grads: Any) -> tuple:
    """A backward's result as a tuple with one gradient per input, or a clear error."""
    if type(input_grads) is not tuple:
        input_grads = _as_tuple(input_grads)
    if len(input_grads) != len(ctx.inputs):
        raise TypeError(
            f"{ctx.function.name}.backward returned {len(input_grads)} gradient(s) but forward "
            f"took {len(ctx.inputs)} input(s); return one per input (None for an input "
            f"that needs none)"
        )
    return input_grads


def _backward_on_tensors(ctx: Any, grad: Tensor) -> Any:
    """Run backward with Tensors in place of arrays, so that it is recorded.

    Saved arrays that are an input's data become that input; the saved
    output becomes a Tensor made by this very operation; other saved arrays
    are constants.
    """
    arrays = ctx.saved
    ctx.saved = tuple(_saved_as_tensor(ctx, a) for a in arrays)
    try:
        return ctx.function.backward(ctx, grad)
    except TypeError as error:
        raise TypeError(
            f"differentiating {ctx.function.name}.backward with create_graph=True failed: "
            f"{error}. To be differentiated twice, a backward must compute with operators, "
            f"Tensor methods and autograd functions only."
        ) from error
    finally:
        ctx.saved = arrays


def _saved_as_tensor(ctx: Any, array: Any) -> Any:
    if isinstance(array, np.ndarray):
        for x in ctx.inputs:
            if isinstance(x, Tensor) and x._data is array:
                return x
        if array is ctx.output:
            return _make_tensor(array, ctx)
    return array


def _as_gradient(g: Any, create_graph: bool) -> Any:
    """A gradient returned by backward as the pass needs it: array, or Tensor with create_graph."""
    if create_graph:
        return g if isinstance(g, Tensor) else _make_tensor(np.asarray(g), None)
    return np.asarray(_data(g))


def _fit_shape(ctx: Any, x: Tensor, g: Any) -> Any:
    """Sum a broadcast gradient back to the shape of input `x` (the one place this happens)."""
    summed = sum_to_shape(g, x.shape) if ctx.function.broadcasting else None
    if summed is None:
        index = next(i for i, y in enumerate(ctx.inputs) if y is x)
        raise GradientShapeError(ctx.function, index, x.shape, g.shape)
    return summed


_grad_lock = threading.Lock()  # held while a pass adds into .grad


def _accumulate(leaf: Tensor, g: np.ndarray, handed_out: set[int]) -> None:
    """Add `g` into `leaf.grad` (under _grad_lock: read, add and write back as one step)."""
    if leaf._data.dtype.kind != "f":
        raise TypeError(f"backward: a {leaf.dtype} tensor cannot hold a gradient")
    g = _own(g, leaf._data.dtype, handed_out)
    total = g if leaf.grad is None else leaf.grad + g
    # Arithmetic on 0-d arrays gives read-only NumPy scalars; .grad is always an array.
    leaf.grad = total if type(total) is np.ndarray else np.asarray(total)


def _own(g: np.ndarray, dtype: np.dtype, handed_out: set[int]) -> np.ndarray:
    """`g` as an array of `dtype` that owns its memory and that no one else was given.

    The pass may hand one array to several tensors (x + y), a view (a
    broadcast or reshape) or the caller's own seed; a gradient given to the
    user must be theirs alone, so that changing it in place changes nothing else.
    """
    if g.dtype != dtype:
        g = g.astype(dtype)
    elif g.base is not None or id(g) in handed_out:  # a view, or someone else's already
        g = g.copy()
    handed_out.add(id(g))
    return g
