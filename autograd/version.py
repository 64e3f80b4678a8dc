"""Version counters: how backward notices values changed after they were saved.

One clock numbers both events that matter: recording an operation (its
`ctx.sequence`) and writing into an array in place through the library
(in-place operators, `t[idx] = v`, assigning `t.data`, an optimizer's step).
A write stamps the array's storage, the ndarray that owns the memory, so
every tensor viewing that memory (`detach()`, reshape and transpose views,
`as_tensor`) shares one counter without any bookkeeping per view.

An operation's saved arrays are unchanged exactly when no write to their
storage is stamped later than the operation. Recording notes nothing (the
operation already has its number), and as long as nothing was written and no
graph released since an operation was recorded, backward skips the check
with one comparison.
"""

from __future__ import annotations

import contextlib
import itertools
import weakref
from typing import Any

import numpy as np

# Numbers recorded operations and in-place writes alike: comparing two stamps
# tells which came first.
clock = itertools.count()

# The stamp of the latest in-place write or graph release anywhere (-1: none
# yet). Backward checks in full only the operations recorded before it.
last_change = -1
INFINITY = float("inf")

# id(storage) -> [stamp of its latest write, number of writes (its version)].
# An entry leaves with its storage, so a reused id starts again at version 0.
_writes: dict[int, list[int]] = {}


def storage(array: np.ndarray) -> Any:
    """The object that owns `array`'s memory: the array itself, or what it views.

    >>> a = np.zeros(4); storage(a.reshape(2, 2)) is a
    True
    """
    base = array
    while isinstance(base, np.ndarray) and base.base is not None:
        base = base.base
    return base


def bump(array: np.ndarray) -> None:
    """Record that `array`'s values were changed in place, now.

    >>> a = np.zeros(2); bump(a); bump(a[:1]); version(a)
    2
    """
    global last_change
    owner = array if array.base is None else storage(array)
    stamp = next(clock)
    entry = _writes.get(id(owner))
    if entry is None:
        _writes[id(owner)] = [stamp, 1]
        # Memory owned by an object without weak references (bytes) keeps its entry.
        with contextlib.suppress(TypeError):
            weakref.finalize(owner, _writes.pop, id(owner), None)
    else:
        entry[0] = stamp
        entry[1] += 1
    last_change = stamp


def mark_released() -> None:
    """Note that a backward pass is about to release the operations it goes through."""
    global last_change
    last_change = next(clock)


def version(array: np.ndarray) -> int:
    """How many times the library changed `array`'s storage in place.

    >>> version(np.zeros(3))
    0
    """
    entry = _writes.get(id(storage(array)))
    return 0 if entry is None else entry[1]


def written_after(array: Any, stamp: int) -> bool:
    """Whether `array` (an ndarray; anything else is never written) changed after `stamp`."""
    if not isinstance(array, np.ndarray):
        return False
    entry = _writes.get(id(storage(array)))
    return entry is not None and entry[0] > stamp
