"""Moving a trained model to PyTorch and back, through state dicts.

A model built here and the same architecture built with `torch.nn` name their
parameters alike ("0.weight", "fc1.bias": attribute names and positions in
`Sequential`), so a state dict carries over once two things are adjusted:

- `Linear.weight` is stored (in_features, out_features) here, the layout of
  the tutorials (y = x @ W + b); PyTorch stores (out_features, in_features)
  (y = x @ W.T + b). It is transposed each way.
- PyTorch's batch norms keep a `num_batches_tracked` counter that this
  library does not; it is written as 0 (PyTorch reads it only with
  momentum=None) and dropped on the way back.

Every other parameter and buffer (convolution weights, batch-norm scales and
running statistics) already has PyTorch's layout and is copied as it is.

    torch_model.load_state_dict(to_torch_state_dict(model))      # to PyTorch
    from_torch_state_dict(model, torch_model.state_dict())       # and back

>>> import nn
>>> model = nn.Sequential(nn.Linear(2, 3))
>>> {name: a.shape for name, a in to_torch_state_dict(model, arrays=True).items()}
{'0.weight': (3, 2), '0.bias': (3,)}
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import as_array

from .layers import Linear
from .module import IncompatibleKeys, Module

BATCH_COUNTER = "num_batches_tracked"


def to_torch_state_dict(model: Module, *, arrays: bool = False) -> dict[str, Any]:
    """The model's state dict with PyTorch's names and layout, for `torch_model.load_state_dict`.

    Values are `torch.Tensor`s (copies); with `arrays=True` they are ndarrays
    in the same layout, and PyTorch need not be installed.

    >>> import nn
    >>> state = to_torch_state_dict(nn.Linear(4, 2), arrays=True)
    >>> state["weight"].shape
    (2, 4)
    """
    linear, batch_norm = set(), set()
    for prefix, module in _modules(model):
        if isinstance(module, Linear):
            linear.add(prefix + "weight")
        if _is_batch_norm(module):
            batch_norm.add(prefix + "running_var")
    state = {}
    for name, array in model.state_dict().items():
        state[name] = np.ascontiguousarray(array.T) if name in linear else array
        if name in batch_norm:  # the counter follows the statistics, as in PyTorch
            state[name.removesuffix("running_var") + BATCH_COUNTER] = np.array(0, np.int64)
    if arrays:
        return state
    torch = _import_torch("to_torch_state_dict")
    return {name: torch.from_numpy(array) for name, array in state.items()}


def from_torch_state_dict(
    model: Module, state: dict[str, Any], strict: bool = True
) -> IncompatibleKeys:
    """Load a PyTorch state dict (tensors or arrays, PyTorch's layout) into `model`.

    The inverse of `to_torch_state_dict`; names and shapes are then checked
    by `model.load_state_dict` (a mismatch raises and changes nothing).

    >>> import nn
    >>> a, b = nn.Linear(4, 2), nn.Linear(4, 2)
    >>> from_torch_state_dict(b, to_torch_state_dict(a, arrays=True))
    IncompatibleKeys(missing_keys=[], unexpected_keys=[])
    >>> bool((a.weight.data == b.weight.data).all())
    True
    """
    converted = {name: _as_array(value) for name, value in state.items()}
    for prefix, module in _modules(model):
        weight = converted.get(prefix + "weight")
        if isinstance(module, Linear) and weight is not None and weight.ndim == 2:
            converted[prefix + "weight"] = weight.T
        if _is_batch_norm(module):
            converted.pop(prefix + BATCH_COUNTER, None)
    return model.load_state_dict(converted, strict=strict)


def _modules(model: Module) -> list[tuple[str, Module]]:
    """(prefix of its state-dict names, module) for every module of `model`."""
    return [(f"{name}." if name else "", module) for name, module in model.named_modules()]


def _is_batch_norm(module: Module) -> bool:
    """BatchNorm1d, BatchNorm2d or a learner's own: a module with running statistics."""
    return "running_mean" in module._buffers and "running_var" in module._buffers


def _as_array(value: Any) -> np.ndarray:
    """A torch.Tensor (on any device), a Tensor or an array as an ndarray."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # a torch.Tensor
        return value.detach().cpu().numpy()
    return as_array(value)


def _import_torch(call: str) -> Any:
    try:
        import torch
    except ImportError:
        raise ImportError(
            f"{call}: PyTorch is not installed (pip install torch); pass arrays=True for "
            f"NumPy arrays in PyTorch's layout"
        ) from None
    return torch
