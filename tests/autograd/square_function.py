"""Square, a Function whose backward is right, and copies of it with a wrong backward."""

from autograd import Function


class Square(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return 2 * x * grad_out


def square_with_backward(backward):
    return type("WrongSquare", (Square,), {"backward": staticmethod(backward)})
