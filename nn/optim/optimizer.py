"""`Optimizer`: parameter groups, per-parameter state, and the step loop every optimizer shares.

A subclass only writes `update`, the rule for one parameter. Updates work on
the NumPy arrays `p.data` and `p.grad` in place: they are not part of any
graph, and in-place ufuncs keep them as cheap as hand-written NumPy. `step`
then assigns `p.data`, which tells any graph that saved the old values: a
backward through a graph built before the step raises instead of using them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd import Tensor


class Optimizer:
    """Base class: holds `param_groups` (dicts of "params" and hyperparameters) and `state`.

    `params` is an iterable of parameters, or of dicts such as
    `{"params": model.head.parameters(), "lr": 0.1}` whose missing
    hyperparameters take the optimizer's defaults.

    >>> from nn import Linear
    >>> from nn.optim import SGD
    >>> model = Linear(2, 1)
    >>> opt = SGD([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.5}], lr=0.1)
    >>> [group["lr"] for group in opt.param_groups]
    [0.1, 0.5]
    """

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        self.param_groups: list[dict[str, Any]] = []
        self.state: dict[Tensor, dict[str, Any]] = {}  # parameter -> its buffers and counters
        groups = [params] if isinstance(params, Tensor) else list(params)
        if not groups:
            raise ValueError(f"{type(self).__name__}: got an empty list of parameters")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, group: dict[str, Any]) -> None:
        """Add a group of parameters with its own hyperparameters (defaults fill the rest).

        >>> from nn import Linear
        >>> from nn.optim import SGD
        >>> body, head = Linear(2, 2), Linear(2, 1)
        >>> opt = SGD(body.parameters(), lr=0.1)
        >>> opt.add_param_group({"params": head.parameters(), "lr": 0.01})
        >>> len(opt.param_groups)
        2
        """
        params = group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        known = {id(p) for g in self.param_groups for p in g["params"]}
        for p in params:
            if not (isinstance(p, Tensor) and p.requires_grad):
                raise TypeError(
                    f"{type(self).__name__}: can only optimize Tensors that require grad, got "
                    f"{type(p).__name__}"
                )
            if id(p) in known:
                raise ValueError(
                    f"{type(self).__name__}: a parameter of shape {p.shape} appears in more "
                    f"than one group (or twice)"
                )
            known.add(id(p))
        unknown = set(group) - set(self.defaults) - {"params"}
        if unknown:
            raise TypeError(
                f"{type(self).__name__}: unknown hyperparameter(s) {sorted(unknown)}; "
                f"known: {sorted(self.defaults)}"
            )
        merged = {**self.defaults, **group, "params": params}
        self.check_hyperparameters(merged)
        self.param_groups.append(merged)

    # Hyperparameters that are switches (True/False) rather than numbers.
    flag_hyperparameters: tuple[str, ...] = ()

    def check_hyperparameters(self, group: dict[str, Any]) -> None:
        """Refuse nonsense among the hyperparameters of `group`, naming the optimizer.

        Each must be a finite number >= 0 (a tuple, such as betas, holds finite
        numbers; a switch in `flag_hyperparameters` is a bool): a string, None,
        NaN, inf or a negative value is an error at construction, not a NaN
        model after the first step.

        >>> from nn import Linear
        >>> from nn.optim import SGD
        >>> SGD(Linear(2, 1).parameters(), lr=float("nan"))
        Traceback (most recent call last):
        ...
        ValueError: SGD: lr must be a finite number >= 0, got nan
        """
        name = type(self).__name__
        for key, value in group.items():
            if key == "params":
                continue
            if key in self.flag_hyperparameters:
                if not isinstance(value, (bool, np.bool_)):
                    raise TypeError(f"{name}: {key} must be True or False, got {value!r}")
            elif isinstance(value, (tuple, list)):
                if not all(_is_real_number(item) and math.isfinite(item) for item in value):
                    raise ValueError(f"{name}: {key} must hold finite numbers, got {value!r}")
            elif not _is_real_number(value):
                raise TypeError(
                    f"{name}: {key} must be a number, got {value!r} ({type(value).__name__})"
                )
            elif not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name}: {key} must be a finite number >= 0, got {value!r}")

    def _check_gradients(self) -> None:
        """Refuse a .grad that is not an array of its parameter's shape: in-place arithmetic
        would broadcast it onto the parameter, or fail half-way through a step."""
        for index, p in enumerate(self._all_params()):
            grad = p.grad
            if grad is None or (type(grad) is np.ndarray and grad.shape == p.shape):
                continue
            what = (
                f"shape {grad.shape}"
                if isinstance(grad, np.ndarray)
                else f"type {type(grad).__name__}"
            )
            raise ValueError(
                f"{type(self).__name__}.step: parameter {index} has shape {p.shape} but its "
                f".grad has {what}; a gradient must be an ndarray of the parameter's shape"
            )

    def zero_grad(self) -> None:
        """Forget the gradients of every parameter (`.grad` becomes None).

        >>> from autograd import Tensor
        >>> from nn.optim import SGD
        >>> w = Tensor([1.0], requires_grad=True); w.grad = np.ones(1, dtype=np.float32)
        >>> SGD([w], lr=0.1).zero_grad(); w.grad is None
        True
        """
        for group in self.param_groups:
            for p in group["params"]:
                p.grad = None

    def step(self) -> None:
        """Update every parameter that has a gradient (parameters without one are skipped).

        >>> from autograd import Tensor
        >>> from nn.optim import SGD
        >>> w, unused = Tensor([1.0], requires_grad=True), Tensor([1.0], requires_grad=True)
        >>> (3 * w).sum().backward()
        >>> SGD([w, unused], lr=0.1).step(); w.data, unused.data
        (array([0.7], dtype=float32), array([1.], dtype=float32))
        """
        self._check_gradients()
        state = self.state
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None and p.requires_grad:  # frozen ones are skipped
                    entries = state.get(p)
                    if entries is None:
                        entries = state[p] = {}
                    data = p.data
                    self.update(data, p.grad, entries, group)
                    p.data = data  # changed in place: graphs that saved it must know

    def update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        """Change `param` in place from `grad`; `state` is this parameter's (empty at first)."""
        raise NotImplementedError(f"{type(self).__name__} must define update()")

    # --------------------------------------------------------------- saving
    def _all_params(self) -> list[Tensor]:
        return [p for group in self.param_groups for p in group["params"]]

    def state_dict(self) -> dict[str, Any]:
        """Copies of the state and hyperparameters, as dicts of ndarrays and numbers.

        Parameters are numbered across the groups in order ("0", "1", ...),
        so the result can go straight to `nn.save`.

        >>> from nn import Linear
        >>> from nn.optim import SGD
        >>> SGD(Linear(2, 1).parameters(), lr=0.1).state_dict()["param_groups"]["0"]["lr"]
        0.1
        """
        number = {id(p): i for i, p in enumerate(self._all_params())}
        state = {
            str(number[id(p)]): {key: _storable(value) for key, value in entries.items()}
            for p, entries in self.state.items()
        }
        groups = {
            str(i): {
                **{key: _storable(value) for key, value in group.items() if key != "params"},
                "params": np.array([number[id(p)] for p in group["params"]]),
            }
            for i, group in enumerate(self.param_groups)
        }
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore state and hyperparameters saved by `state_dict` (copies them).

        The optimizer must have been built with the same groups of parameters
        of the same shapes; otherwise a ValueError says what differs.

        >>> from nn import Linear
        >>> from nn.optim import Adam
        >>> model = Linear(2, 1)
        >>> saved = Adam(model.parameters(), lr=0.5).state_dict()
        >>> opt = Adam(model.parameters()); opt.load_state_dict(saved); opt.param_groups[0]["lr"]
        0.5
        """
        name = type(self).__name__
        if not (
            isinstance(state_dict, dict)
            and isinstance(state_dict.get("state"), dict)
            and isinstance(state_dict.get("param_groups"), dict)
        ):
            raise TypeError(
                f"{name}.load_state_dict: expected the dict of 'state' and 'param_groups' "
                f"that state_dict() returns, got {type(state_dict).__name__}: {state_dict!r:.60}"
            )
        groups = state_dict["param_groups"]
        saved_groups = [groups[key] for key in sorted(groups, key=int)]
        sizes = [len(group["params"]) for group in self.param_groups]
        saved_sizes = [len(group["params"]) for group in saved_groups]
        if sizes != saved_sizes:
            raise ValueError(
                f"{name}.load_state_dict: the saved state has groups of {saved_sizes} "
                f"parameters, this optimizer has {sizes}"
            )
        params = self._all_params()
        state = {}
        for key, entries in state_dict["state"].items():
            if not 0 <= int(key) < len(params):
                raise ValueError(
                    f"{name}.load_state_dict: the saved state names parameter {key}, but this "
                    f"optimizer has {len(params)} parameters"
                )
            p = params[int(key)]
            restored = {}
            for entry, value in entries.items():
                if isinstance(value, np.ndarray):
                    if value.shape != p.shape:
                        raise ValueError(
                            f"{name}.load_state_dict: {entry} of parameter {key} has shape "
                            f"{value.shape}, but the parameter has shape {p.shape}"
                        )
                    value = value.astype(p.dtype, copy=True)
                restored[entry] = value
            state[p] = restored
        for group, saved in zip(self.param_groups, saved_groups):
            for key, value in saved.items():
                if key != "params":
                    group[key] = _restored(value, group.get(key))
        self.state = state

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            settings = ", ".join(f"{k}={v}" for k, v in group.items() if k != "params")
            lines.append(f"  group {i}: {len(group['params'])} parameters, {settings}")
        return "\n".join([*lines, ")"])


def _is_real_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def _storable(value: Any) -> Any:
    """`value` as a checkpoint can hold it: arrays copied, tuples as arrays."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple):
        return np.array(value)
    return value


def _restored(value: Any, current: Any) -> Any:
    """A saved hyperparameter in the form the optimizer uses (tuples came back as arrays)."""
    if isinstance(current, tuple):
        return tuple(np.asarray(value).tolist())
    return value.item() if isinstance(value, np.generic) else value
