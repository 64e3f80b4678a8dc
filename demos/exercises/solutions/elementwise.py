"""Answers to the elementwise exercises: grad times the local derivative."""

from __future__ import annotations

from .. import elementwise


class Sigmoid(elementwise.Sigmoid):
    """The sigmoid, with backward grad * y * (1 - y).

    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(Sigmoid.apply, Tensor([-1.0, 2.0]))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved
        return grad * y * (1 - y)


class Tanh(elementwise.Tanh):
    """tanh, with backward grad * (1 - y**2).

    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(Tanh.apply, Tensor([-1.0, 2.0]))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved
        return grad * (1 - y**2)


class ReLU(elementwise.ReLU):
    """ReLU, with backward grad where x > 0 and 0 elsewhere.

    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(ReLU.apply, Tensor([-1.0, 2.0]))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.mask


class Exp(elementwise.Exp):
    """exp, with backward grad * y.

    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(Exp.apply, Tensor([-1.0, 2.0]))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved
        return grad * y


class Log(elementwise.Log):
    """log, with backward grad / x.

    >>> from autograd import Tensor, gradcheck
    >>> gradcheck(Log.apply, Tensor([0.5, 2.0]))
    True
    """

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved
        return grad / x
