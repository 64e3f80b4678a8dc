"""Learning-rate schedules: call `scheduler.step()` once per epoch, after `optimizer.step()`.

Each schedule sets every group's lr to its initial lr times a factor of the
epoch count: lr = initial_lr * factor(epoch). Building a scheduler applies
factor(0).

    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(100):
        train_one_epoch()
        scheduler.step()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .optimizer import Optimizer


class LRScheduler:
    """Base class: a subclass defines `factor(epoch, group_index)`.

    >>> from nn import Linear
    >>> from nn.optim import SGD
    >>> opt = SGD(Linear(1, 1).parameters(), lr=1.0)
    >>> scheduler = ExponentialLR(opt, gamma=0.5); scheduler.step(); scheduler.get_last_lr()
    [0.5]
    """

    def __init__(self, optimizer: Optimizer) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"{type(self).__name__}: expected an optimizer, got {type(optimizer).__name__}"
            )
        self.optimizer = optimizer
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._apply()

    def factor(self, epoch: int, group_index: int) -> float:
        """The multiple of the initial learning rate to use at `epoch`."""
        raise NotImplementedError(f"{type(self).__name__} must define factor(epoch, group_index)")

    def step(self) -> None:
        """Advance one epoch and set the learning rates for it."""
        self.last_epoch += 1
        self._apply()

    def _apply(self) -> None:
        for index, (group, base) in enumerate(zip(self.optimizer.param_groups, self.base_lrs)):
            group["lr"] = base * self.factor(self.last_epoch, index)

    def get_last_lr(self) -> list[float]:
        """The learning rate of each group, as last set."""
        return [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        """The epoch count and initial learning rates (numbers only, ready for `nn.save`).

        >>> from nn import Linear
        >>> from nn.optim import SGD
        >>> ExponentialLR(SGD(Linear(1, 1).parameters(), lr=0.1), gamma=0.5).state_dict()
        {'last_epoch': 0, 'base_lrs': {'0': 0.1}}
        """
        return {
            "last_epoch": self.last_epoch,
            "base_lrs": {str(i): lr for i, lr in enumerate(self.base_lrs)},
        }

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Resume from `state_dict` and set the learning rates for its epoch.

        >>> from nn import Linear
        >>> from nn.optim import SGD
        >>> scheduler = ExponentialLR(SGD(Linear(1, 1).parameters(), lr=1.0), gamma=0.5)
        >>> scheduler.load_state_dict({"last_epoch": 2, "base_lrs": {"0": 1.0}})
        >>> scheduler.get_last_lr()
        [0.25]
        """
        lrs = state_dict["base_lrs"]
        self.base_lrs = [float(lrs[key]) for key in sorted(lrs, key=int)]
        self.last_epoch = int(state_dict["last_epoch"])
        self._apply()


class StepLR(LRScheduler):
    """Multiply the learning rate by `gamma` every `step_size` epochs.

    >>> from nn import Linear
    >>> from nn.optim import SGD
    >>> scheduler = StepLR(SGD(Linear(1, 1).parameters(), lr=1.0), step_size=2, gamma=0.1)
    >>> for _ in range(3): scheduler.step()
    >>> scheduler.get_last_lr()
    [0.1]
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        if step_size < 1:
            raise ValueError(f"StepLR: step_size must be a positive integer, got {step_size}")
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer)

    def factor(self, epoch: int, group_index: int) -> float:
        """gamma ** (epoch // step_size)."""
        return self.gamma ** (epoch // self.step_size)


class ExponentialLR(LRScheduler):
    """Multiply the learning rate by `gamma` every epoch.

    >>> from nn import Linear
    >>> from nn.optim import SGD
    >>> scheduler = ExponentialLR(SGD(Linear(1, 1).parameters(), lr=1.0), gamma=0.5)
    >>> scheduler.step(); scheduler.step(); scheduler.get_last_lr()
    [0.25]
    """

    def __init__(self, optimizer: Optimizer, gamma: float) -> None:
        self.gamma = gamma
        super().__init__(optimizer)

    def factor(self, epoch: int, group_index: int) -> float:
        """gamma ** epoch."""
        return self.gamma**epoch


class LambdaLR(LRScheduler):
    """lr = initial_lr * lr_lambda(epoch), with one function for all groups or one per group.

    >>> from nn import Linear
    >>> from nn.optim import SGD
    >>> scheduler = LambdaLR(SGD(Linear(1, 1).parameters(), lr=1.0), lambda e: 1 / (1 + e))
    >>> scheduler.step(); scheduler.get_last_lr()
    [0.5]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        lr_lambda: Callable[[int], float] | Sequence[Callable[[int], float]],
    ) -> None:
        groups = len(optimizer.param_groups)
        functions = list(lr_lambda) if isinstance(lr_lambda, Sequence) else [lr_lambda] * groups
        if len(functions) != groups:
            raise ValueError(
                f"LambdaLR: got {len(functions)} functions for {groups} parameter groups"
            )
        self.lr_lambdas = functions
        super().__init__(optimizer)

    def factor(self, epoch: int, group_index: int) -> float:
        """lr_lambda(epoch) of the group."""
        return self.lr_lambdas[group_index](epoch)
