"""Exercises on functions applied element by element.

For y = f(x) element by element, each output element depends only on the
input element at the same place, so the chain rule is a plain product:

    dL/dx = dL/dy * f'(x)        (elementwise, same shape as x)

`grad` is dL/dy, the gradient flowing back from whatever used y. Every
backward here multiplies it by the local derivative f'(x).
"""

from __future__ import annotations

import numpy as np

from autograd import Function

from .todo import todo


class Sigmoid(Function):
    """y = sigmoid(x) = 1 / (1 + exp(-x)).

    Derivative: dy/dx = y * (1 - y). (Differentiate (1 + e^-x)^-1: you get
    e^-x / (1 + e^-x)^2, which is y times 1 - y.) It is written with the
    output y, so forward saves the output: backward needs no exp at all.

    >>> from autograd import Tensor
    >>> Sigmoid.apply(Tensor([0.0])).data
    array([0.5], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x):
        y = 1 / (1 + np.exp(-x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """The input gradcheck checks your backward on."""
        return (rng.uniform(-3, 3, (3, 4)),)


class Tanh(Function):
    """y = tanh(x).

    Derivative: dy/dx = 1 - tanh(x)^2 = 1 - y^2. Like the sigmoid's, it is
    cheapest from the output y, which forward saves.

    >>> from autograd import Tensor
    >>> Tanh.apply(Tensor([0.0])).data
    array([0.], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x):
        y = np.tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """The input gradcheck checks your backward on."""
        return (rng.uniform(-2, 2, (3, 4)),)


class ReLU(Function):
    """y = max(x, 0).

    Derivative: 1 where x > 0, 0 where x < 0. At x = 0 there is a kink and
    no derivative; by convention backward uses 0 there (the check keeps
    its inputs away from 0, where central differences would straddle the kink).
    Forward saves the mask x > 0, a plain constant on ctx. So the gradient
    passes where the unit was active and stops where it was not (a "dead"
    unit passes nothing back).

    >>> from autograd import Tensor
    >>> ReLU.apply(Tensor([-1.0, 2.0])).data
    array([0., 2.], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x):
        ctx.mask = x > 0
        return np.where(ctx.mask, x, 0)

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """Inputs at least 0.1 away from the kink at 0, of both signs."""
        return (rng.uniform(0.1, 2, (3, 4)) * rng.choice([-1.0, 1.0], (3, 4)),)


class Exp(Function):
    """y = exp(x).

    Derivative: exp is its own derivative, dy/dx = exp(x) = y, so forward
    saves the output and backward reuses it.

    >>> from autograd import Tensor
    >>> Exp.apply(Tensor([0.0])).data
    array([1.], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x):
        y = np.exp(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """The input gradcheck checks your backward on."""
        return (rng.uniform(-2, 2, (3, 4)),)


class Log(Function):
    """y = log(x), for x > 0.

    Derivative: dy/dx = 1 / x. This one needs the input, so forward saves x.

    >>> from autograd import Tensor
    >>> Log.apply(Tensor([1.0])).data
    array([0.], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log(x)

    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)

    @staticmethod
    def example_inputs(rng: np.random.Generator) -> tuple:
        """Positive inputs, away from 0 where log and its derivative blow up."""
        return (rng.uniform(0.5, 3, (3, 4)),)
