"""What a recorded operation saved for backward: can a pass still use it, and
what a pass that releases the graph lets go of.

It cannot when an earlier pass without `retain_graph=True` released it, or
when an in-place change wrote into a saved array or an input after the
operation was recorded (version.py counts those writes; detect_anomaly()'s
fingerprints catch raw writes into an ndarray). The engine calls
`check_usable` only for operations older than the latest release or write.
A releasing pass also calls `let_go_of_large_values` for an operation with a
large intermediate input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import anomaly, version
from .function import RELEASED
from .tensor import Tensor, _make_tensor


def _released_error(ctx: Any) -> RuntimeError:
    return RuntimeError(
        f"{ctx.function.name}: trying to go backward through the graph a second time; the "
        f"arrays its operations saved were freed by the first backward() or grad(). Pass "
        f"retain_graph=True to the first one to keep them (or compute the graph again)."
    )


def check_usable(ctx: Any) -> None:
    """Raise if `ctx` was released, or what it saved, or an input it used, changed in
    place since it was recorded."""
    if ctx.saved is RELEASED:
        raise _released_error(ctx)
    name, sequence = ctx.function.name, ctx.sequence
    for array in ctx.saved:
        if version.written_after(array, sequence):
            raise modified_error(ctx, array.shape, version.version(array))
    for index, x in enumerate(ctx.inputs):
        # A tensor changed by a recorded in-place operation is that operation's
        # output now; an operation that used its old value must not follow it
        # there but to the old value, which the in-place operation recorded.
        if isinstance(x, Tensor) and x._ctx is not None and x._ctx.sequence > sequence:
            old = x
            while old._ctx is not None and old._ctx.sequence > sequence:
                old = old._ctx.__dict__.get("in_place_of")
                if old is None:
                    raise modified_error(ctx, x.shape, x._version, f"input {index} of {name}")
            ctx.inputs = (*ctx.inputs[:index], old, *ctx.inputs[index + 1 :])
    if anomaly.fingerprinted:  # raw writes, which no version counts
        changed = anomaly.changed_saved_array(ctx)
        if changed is not None:
            raise modified_error(ctx, changed.shape, version.version(changed), raw=True)


def modified_error(
    ctx: Any, shape: tuple, now: int, what: str = "", raw: bool = False
) -> RuntimeError:
    """The error for an operation whose saved values changed after it was recorded.

    `raw`: the change was a write into the ndarray (t.data[0] = 1, np.copyto),
    found by detect_anomaly()'s fingerprints rather than by a version.
    """
    name = ctx.function.name
    what = what or f"one of the arrays {name} saved for its backward"
    how = (
        "(a write into its ndarray, such as t.data[0] = 1 or np.copyto)"
        if raw
        else f"since {name} was recorded (it is now at version {now})"
    )
    trace = getattr(ctx, "trace", None)
    where = (
        f"{name} was created at {trace}."
        if trace
        else f"Run the forward pass inside autograd.detect_anomaly() to see the line that "
        f"created {name}."
    )
    return RuntimeError(
        f"{name}: {what} (shape {shape}) has been modified by an in-place operation {how}; "
        f"its gradient would be "
        f"wrong. Fix: "
        f"change values in place only after backward (e.g. optimizer.step() after "
        f"loss.backward()), or give {name} a copy (x.clone() or x + 0) and change the "
        f"original. {where}"
    )


def let_go_of_large_values(ctx: Any) -> None:
    """Replace the large intermediate inputs of `ctx` by stand-ins without values, and
    forget the forward's own arrays (masks, ...) with them."""
    ctx.inputs = _without_large_values(ctx.inputs)
    ctx.__dict__.clear()


# Intermediate values up to this size stay in a released graph (a drawing can
# still show them); larger ones are freed once no one else holds them.
KEEP_VALUES_UP_TO = 1 << 18  # bytes: 256 KiB


def _without_large_values(inputs: tuple) -> tuple:
    """`inputs` with each large intermediate tensor replaced by a stand-in without values.

    The stand-in keeps what describes the graph (the operation that made the
    tensor, shape, dtype, name); its data is NaN without memory, read-only.
    The operation that made the tensor lets go of its output array too.
    """
    kept = []
    for x in inputs:
        if isinstance(x, Tensor) and x._ctx is not None and x._data.nbytes > KEEP_VALUES_UP_TO:
            nothing = _no_values(x._data.dtype, x._data.shape)
            x._ctx.output = nothing
            stand_in = _make_tensor(nothing, x._ctx)
            stand_in.name = x.name
            x = stand_in
        kept.append(x)
    return tuple(kept)


# (dtype, shape) -> read-only NaN without memory; shared, as training repeats its shapes.
_NO_VALUES: dict = {}


def _no_values(dtype: np.dtype, shape: tuple) -> np.ndarray:
    nothing = _NO_VALUES.get((dtype, shape))
    if nothing is None:
        if len(_NO_VALUES) >= 256:
            _NO_VALUES.clear()
        nothing = np.broadcast_to(np.array(np.nan, dtype=dtype), shape)
        _NO_VALUES[dtype, shape] = nothing
    return nothing
