"""Anomaly detection: find the operation that first produced a NaN or an Inf.

Inside `detect_anomaly()` every operation records the line of user code that
created it, and the first operation whose forward or backward turns finite
numbers into NaN or Inf raises `AnomalyError` naming the operation, the shapes
of its inputs and that line. It also fingerprints the arrays each operation
saves, so that backward catches values changed by raw writes into an ndarray
(`t.data[0] = 1`, `np.copyto`), which no version counter can see. Outside it
nothing is recorded or checked, so it costs nothing.
"""

from __future__ import annotations

import os
import sys
import zlib
from typing import Any

import numpy as np

# Global like PyTorch's switch, not per thread: apply reads it for every
# operation, and a module attribute is the cheapest thing to read.
active = False
# Whether any operation was ever fingerprinted: backward then compares, in any mode.
fingerprinted = False

_LIBRARY_DIRS = [os.path.dirname(os.path.abspath(__file__)) + os.sep]


class AnomalyError(FloatingPointError):
    """An operation produced NaN or Inf from finite inputs."""


def skip_frames_in(directory: str) -> None:
    """Treat code under `directory` as library code, not as the user's line.

    Packages built on the engine call it so anomaly reports point past their
    own frames to the line that called them; `nn` registers its folder when
    it is imported, so a NaN made inside `nn.Linear` is reported at the
    user's line that called the layer.

    >>> skip_frames_in("/opt/my_layers")   # frames of files in it are skipped
    >>> any(d.startswith("/opt/my_layers") for d in _LIBRARY_DIRS)
    True
    """
    path = os.path.abspath(directory) + os.sep
    if path not in _LIBRARY_DIRS:
        _LIBRARY_DIRS.append(path)


class detect_anomaly:
    """Raise at the first operation that makes NaN or Inf, naming where it was created.

    >>> from autograd import Tensor
    >>> x = Tensor([0.0], requires_grad=True)
    >>> with detect_anomaly():
    ...     y = x.log()                      # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    autograd.anomaly.AnomalyError: log produced -inf in forward ...
    """

    def __init__(self) -> None:
        self._previous: list[bool] = []  # a stack: the same object may be entered twice

    def __enter__(self) -> None:
        global active
        self._previous.append(active)
        active = True

    def __exit__(self, *exc_info: object) -> None:
        global active
        active = self._previous.pop()


def creation_site() -> str:
    """`file:line in function` of the innermost frame outside library code."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if not any(filename.startswith(d) for d in _LIBRARY_DIRS):
            return f"{frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}"
        frame = frame.f_back
    return "an unknown place"


def _first_bad(array: Any) -> str | None:
    """'nan', 'inf' or '-inf' for the first non-finite value, None if all finite."""
    array = np.asarray(array)
    if array.dtype.kind not in "fc" or np.isfinite(array).all():
        return None
    value = array[~np.isfinite(array)].flat[0]
    return "nan" if np.isnan(value) else ("inf" if value > 0 else "-inf")


def _all_finite(arrays: Any) -> bool:
    return all(_first_bad(a) is None for a in arrays if a is not None)


def describe_inputs(inputs: Any, separator: str | None = None) -> str:
    """Shapes of the array inputs (Tensors too) and values of the others, for messages.

    Joined with " and " for two, with ", " for more (or with `separator`).

    >>> describe_inputs([np.ones((2, 3)), 2.0]), describe_inputs([np.ones(2)] * 3)
    ('(2, 3) and 2.0', '(2,), (2,), (2,)')
    """
    parts = [str(np.shape(a)) if hasattr(a, "shape") else repr(a) for a in inputs]
    if separator is None:
        separator = " and " if len(parts) <= 2 else ", "
    return separator.join(parts)


def _fingerprint(array: np.ndarray) -> int:
    return zlib.crc32(np.ascontiguousarray(array).tobytes())


def check_forward(function: type, inputs: tuple, out: np.ndarray, ctx: Any) -> None:
    """Record where `ctx` was created and fingerprint what it saved; raise if `out`
    is the first non-finite result."""
    global fingerprinted
    fingerprinted = True
    ctx.trace = creation_site()
    ctx.fingerprints = [
        (i, _fingerprint(a)) for i, a in enumerate(ctx.saved) if isinstance(a, np.ndarray)
    ]
    arrays = [getattr(x, "data", x) for x in inputs]
    bad = _first_bad(out)
    if bad is not None and _all_finite(arrays):
        raise AnomalyError(
            f"{function.name} produced {bad} in forward from finite inputs of shapes "
            f"{describe_inputs(arrays, ', ')}; the operation was created at {ctx.trace}"
        )


def changed_saved_array(ctx: Any) -> Any:
    """The first array `ctx` saved whose values differ from its fingerprint, else None."""
    for index, fingerprint in getattr(ctx, "fingerprints", ()):
        array = ctx.saved[index]
        if _fingerprint(array) != fingerprint:
            return array
    return None


def check_backward(ctx: Any, grad: Any, input_grads: tuple) -> None:
    """Raise if this backward turned a finite incoming gradient into NaN or Inf."""
    grad = getattr(grad, "data", grad)
    if not _all_finite([grad]):
        return
    for index, input_grad in enumerate(input_grads):
        bad = _first_bad(getattr(input_grad, "data", input_grad))
        if bad is not None:
            where = getattr(ctx, "trace", None) or (
                "an unknown place (run the forward pass inside detect_anomaly() to record it)"
            )
            shapes = describe_inputs(ctx.inputs, ", ")
            raise AnomalyError(
                f"{ctx.function.name} produced {bad} in backward, in the gradient of its "
                f"input {index}; its inputs have shapes {shapes}; the operation was created "
                f"at {where}"
            )
