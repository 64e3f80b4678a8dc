"""Checking a state dict before `Module.load_state_dict` copies it: names, shapes, dtypes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from autograd import as_array


class IncompatibleKeys(NamedTuple):
    """What `load_state_dict(..., strict=False)` skipped: the names it missed and did not know.

    >>> IncompatibleKeys(missing_keys=["bias"], unexpected_keys=[]).missing_keys
    ['bias']
    """

    missing_keys: list[str]
    unexpected_keys: list[str]


def fitting_arrays(
    state: Any, targets: dict[str, np.ndarray], strict: bool, caller: str
) -> tuple[dict[str, np.ndarray], IncompatibleKeys]:
    """The arrays of `state` that go into `targets`, and the names missing and unexpected.

    A wrongly shaped entry, and with `strict` a missing or unexpected one,
    raises a RuntimeError naming `caller` and listing every problem at once.

    >>> targets = {"weight": np.zeros((2, 3)), "bias": np.zeros(3)}
    >>> fitting_arrays({"weight": np.ones((2, 3))}, targets, False, "Linear.load_state_dict")[1]
    IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[])
    """
    arrays = _checked_state(state, caller)
    missing = [name for name in targets if name not in arrays]
    unexpected = [name for name in arrays if name not in targets]
    wrong = [
        f"{name}: expected shape {targets[name].shape}, got {arrays[name].shape}"
        for name in targets
        if name in arrays and arrays[name].shape != targets[name].shape
    ]
    problems = [f"wrong shape for {line}" for line in wrong]
    if strict:
        problems += [f"missing {name} (shape {targets[name].shape})" for name in missing]
        problems += [f"unexpected {name} (shape {arrays[name].shape})" for name in unexpected]
    if problems:
        raise RuntimeError(
            f"{caller}: the state does not fit this model:\n  " + "\n  ".join(problems)
        )
    return arrays, IncompatibleKeys(missing, unexpected)


def _checked_state(state: Any, caller: str) -> dict[str, np.ndarray]:
    """`state` as names -> numeric arrays, or a TypeError saying what `caller` got instead."""
    if not isinstance(state, Mapping):
        raise TypeError(
            f"{caller}: expected a dict of names to arrays (from state_dict() or nn.load), "
            f"got {type(state).__name__}: {state!r:.60}"
        )
    arrays = {}
    for name, value in state.items():
        if isinstance(value, Mapping):
            raise TypeError(
                f"{caller}: the entry {name!r} is a dict, not an array; pass the model's own "
                f"state, e.g. checkpoint[{name!r}] if the checkpoint nests it there"
            )
        array = as_array(value)
        if not isinstance(name, str) or array.dtype.kind not in "biufc":
            raise TypeError(
                f"{caller}: the entry {name!r} must be a string name with an array of numbers, "
                f"got {type(value).__name__} of dtype {array.dtype}"
            )
        arrays[name] = array
    return arrays
