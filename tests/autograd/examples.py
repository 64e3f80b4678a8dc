"""Functions the tests share."""

from autograd import Function


class Cube(Function):
    """The contract's example of a custom operation, line for line."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return 3 * x**2 * grad_out


class DroppingMul(Function):
    """a * b whose backward keeps only a's gradient: `=` where `+=` was meant when a is b."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        _, b = ctx.saved
        return grad * b, None  # b's share is lost
