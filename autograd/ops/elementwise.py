"""Elementwise operations: each output element depends on the same element of the inputs.

A backward is written with operators and NumPy-named functions only, so it
runs on ndarrays in an ordinary backward pass and on Tensors (recorded) when
differentiating twice. Binary operations broadcast: their backward returns
gradients of the broadcast shape and the engine sums each back to its input.
"""

from __future__ import annotations

import numpy as np

from ..function import Function


class Add(Function):
    """a + b"""

    name = "add"
    broadcasting = True

    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


class Sub(Function):
    """a - b"""

    name = "sub"
    broadcasting = True

    @staticmethod
    def forward(ctx, a, b):
        return a - b

    @staticmethod
    def backward(ctx, grad):
        return grad, (-grad if ctx.needs_input_grad[1] else None)


class Mul(Function):
    """a * b"""

    name = "mul"
    broadcasting = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None), (grad * a if need_b else None)


class Div(Function):
    """a / b"""

    name = "div"
    broadcasting = True

    @staticmethod
    def forward(ctx, a, b):
        out = a / b
        ctx.save_for_backward(b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        b, out = ctx.saved
        grad_a = grad / b  # d(a/b)/db = -(a/b)/b: reuse grad / b
        return grad_a, (-grad_a * out if ctx.needs_input_grad[1] else None)


class Pow(Function):
    """base ** exponent"""

    name = "pow"
    broadcasting = True

    @staticmethod
    def forward(ctx, base, exponent):
        out = base**exponent
        ctx.save_for_backward(base, exponent, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        base, exponent, out = ctx.saved
        need_base, need_exponent = ctx.needs_input_grad
        # d(b**e)/db = e * b**(e-1) and d(b**e)/de = b**e * log(b). At b == 0 the
        # factors b**(e-1) (when e == 0) and log(b) are infinite while the
        # derivative is 0 for e >= 0; shifting them there keeps 0 * inf from
        # making NaN. For e < 0, b**e = inf and both derivatives are -inf at
        # b == 0, as in PyTorch, so log(b) is left unshifted there.
        grad_base = grad_exponent = None
        if need_base:
            if isinstance(exponent, (int, float)):  # the usual x ** 2, x ** 0.5
                grad_base = grad * exponent * base ** (exponent - 1) if exponent else grad * 0
            else:
                shift = (exponent == 0) * (base == 0)
                grad_base = grad * exponent * base ** (exponent - 1 + shift)
        if need_exponent:
            if isinstance(base, (int, float)) and base != 0:  # 2 ** x: the log stays a number
                log_base = _log(base)
            else:
                shifted = (base + (base == 0) * (exponent >= 0)).astype(out.dtype)
                log_base = _log(shifted)
            grad_exponent = grad * out * log_base
        return grad_base, grad_exponent


def _log(x):
    # A Python number stays a Python number, so it does not turn float32 into float64.
    return float(np.log(x)) if isinstance(x, (int, float)) else np.log(x)


class Neg(Function):
    """-x"""

    name = "neg"

    @staticmethod
    def forward(ctx, x):
        return -x

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Exp(Function):
    """e ** x"""

    name = "exp"

    @staticmethod
    def forward(ctx, x):
        out = np.exp(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved
        return grad * out


class Log(Function):
    """Natural logarithm (NaN below 0, -inf at 0, as in NumPy)."""

    name = "log"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved
        return grad / x


class Sqrt(Function):
    """Square root."""

    name = "sqrt"

    @staticmethod
    def forward(ctx, x):
        out = np.sqrt(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved
        return grad / (2 * out)


class Abs(Function):
    """|x|; the gradient at 0 is 0, the average of the two sides."""

    name = "abs"

    @staticmethod
    def forward(ctx, x):
        ctx.sign = np.sign(x)
        return np.abs(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.sign


class ReLU(Function):
    """max(x, 0); the gradient at 0 is 0, at NaN 1 (NaN passes through, as in PyTorch)."""

    name = "relu"

    @staticmethod
    def forward(ctx, x):
        ctx.mask = ~(x <= 0)  # not `x > 0`: NaN is not <= 0, so its gradient passes
        return np.maximum(x, 0)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.mask


class Sigmoid(Function):
    """1 / (1 + exp(-x)), computed as exp(-log(1 + exp(-x))) to stay finite for any x."""

    name = "sigmoid"

    @staticmethod
    def forward(ctx, x):
        out = np.exp(-np.logaddexp(0, -x))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved
        return grad * out * (1 - out)


class Tanh(Function):
    """Hyperbolic tangent."""

    name = "tanh"

    @staticmethod
    def forward(ctx, x):
        out = np.tanh(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved
        return grad * (1 - out * out)


class Sin(Function):
    """Sine (radians)."""

    name = "sin"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.sin(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved
        return grad * np.cos(x)


class Cos(Function):
    """Cosine (radians)."""

    name = "cos"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.cos(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved
        return -grad * np.sin(x)


class Clone(Function):
    """A copy of x that stays in the graph (PyTorch's clone)."""

    name = "clone"

    @staticmethod
    def forward(ctx, x):
        return x.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


class Clip(Function):
    """x limited to [lo, hi]; no gradient where a value was clipped."""

    name = "clip"

    @staticmethod
    def forward(ctx, x, lo=None, hi=None):
        out = np.clip(x, lo, hi)
        ctx.inside = out == x
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.inside


class Maximum(Function):
    """Elementwise larger of a and b; at a tie each gets half of the gradient."""

    name = "maximum"
    broadcasting = True

    @staticmethod
    def forward(ctx, a, b):
        return _choose(ctx, np.maximum(a, b), a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.share_a, grad * (1 - ctx.share_a)


class Minimum(Maximum):
    """Elementwise smaller of a and b; at a tie each gets half of the gradient."""

    name = "minimum"

    @staticmethod
    def forward(ctx, a, b):
        return _choose(ctx, np.minimum(a, b), a, b)


def _choose(ctx, out, a, b):
    # a's share of the gradient: 1 where a was chosen, 0 where b was, 1/2 at
    # ties, which is what central differences measure there. A NaN wins (it
    # propagates) and takes the gradient, as in PyTorch.
    ctx.share_a = np.where(a == b, 0.5, (a == out) | (a != a)).astype(out.dtype)
    return out


class Where(Function):
    """a where condition holds, else b."""

    name = "where"
    broadcasting = True

    @staticmethod
    def forward(ctx, a, b, condition):
        ctx.condition = condition
        return np.where(condition, a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.condition, grad * ~ctx.condition


class Cast(Function):
    """x converted to another dtype; the gradient is converted back."""

    name = "astype"

    @staticmethod
    def forward(ctx, x, dtype):
        ctx.input_dtype = x.dtype
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad.astype(ctx.input_dtype)
