"""`Function`: one differentiable operation, its forward and backward side by side.

Every operation of the engine is a `Function`, and so is a learner's own:

    class Cube(Function):
        @staticmethod
        def forward(ctx, x):              # ndarrays in, ndarray out
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, grad):          # one gradient per forward input
            (x,) = ctx.saved
            return 3 * x ** 2 * grad

`Cube.apply(t)` runs `forward` on the arrays inside the tensors and, when
gradients are being recorded, returns a Tensor that remembers its `Context`.

Backward is written with operators and NumPy-named functions only. In an
ordinary backward pass it receives ndarrays and costs exactly NumPy; under
`grad(..., create_graph=True)` the engine hands it Tensors instead, so the
same lines are recorded and can be differentiated again.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from . import anomaly, mode, version
from .broadcast import broadcast_axes
from .tensor import Tensor


class Context:
    """What one recorded operation keeps for its backward pass.

    `forward` stores what `backward` needs with `save_for_backward` (arrays
    that are inputs or the output, and which the engine can swap for Tensors
    when differentiating twice) or as plain attributes (constants such as
    masks, shapes and axes). The engine adds `ctx.options`, the keyword
    options the operation was applied with, and marks the context `released`
    once a backward pass without `retain_graph=True` has freed what it saved.

    >>> ctx = Context()
    >>> ctx.save_for_backward(np.ones(2))
    >>> ctx.saved
    (array([1., 1.]),)
    """

    __slots__ = (
        "__dict__",  # room for a forward's own constants: ctx.axis = ..., ctx.mask = ...
        "function",
        "inputs",
        "needs_input_grad",
        "output",
        "saved",
        "scope",
        "sequence",
        "trace",
    )

    # The keyword options the operation was applied with (sum's axis, ...). Set
    # on the instance only when there are some: this shared empty mapping is the rest.
    options: Mapping[str, Any] = MappingProxyType({})

    def __init__(self) -> None:
        self.saved: tuple = ()

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep `arrays` (inputs or the output of forward) for backward as `ctx.saved`."""
        self.saved = arrays

    @property
    def saved_tensors(self) -> tuple:
        """PyTorch's name for `saved`.

        >>> ctx = Context(); ctx.save_for_backward(np.zeros(1)); ctx.saved_tensors
        (array([0.]),)
        """
        return self.saved

    @property
    def released(self) -> bool:
        """Whether a backward pass without `retain_graph=True` has freed what was saved.

        >>> Context().released
        False
        """
        return self.saved is RELEASED


class _Released:
    """What `ctx.saved` becomes once a backward pass has freed the saved arrays."""

    __slots__ = ()

    def _fail(self, *args: Any) -> Any:
        raise RuntimeError(
            "the arrays this operation saved for backward were freed by an earlier backward() "
            "or grad(); to go through the same graph again, pass retain_graph=True to the "
            "first one"
        )

    __iter__ = __getitem__ = __len__ = _fail

    def __repr__(self) -> str:
        return "<released by backward>"


RELEASED = _Released()


class GradientShapeError(ValueError):
    """A backward returned a gradient whose shape is not its input's shape.

    `hint` says what to do, from how the two shapes differ.
    """

    def __init__(self, function: type, index: int, expected: tuple, got: tuple) -> None:
        self.function, self.index, self.expected, self.got = function, index, expected, got
        self.broadcast_axes = broadcast_axes(got, expected)
        self.hint = _shape_hint(expected, got, self.broadcast_axes)
        super().__init__(
            f"{function.name}.backward returned a gradient of shape {got} for input {index}, "
            f"whose shape is {expected}; each gradient must have exactly its input's shape. "
            f"{self.hint[0].upper()}{self.hint[1:]}."
        )


def _shape_hint(expected: tuple, got: tuple, summed_axes: tuple | None) -> str:
    if summed_axes is not None:
        return (
            f"the input was broadcast in forward: sum the gradient over the broadcast axes "
            f"{summed_axes}, e.g. grad.sum(axis={summed_axes}, keepdims=True).reshape({expected})"
        )
    if len(got) >= 2 and got == expected[::-1]:
        return "the gradient looks transposed: transpose it, or swap the operands of @"
    if broadcast_axes(expected, got) is not None or _drops_axes(expected, got):
        return (
            f"the gradient has the shape of a reduced output: spread it back over the reduced "
            f"axes (np.expand_dims for a dropped axis, then np.broadcast_to(..., {expected}))"
        )
    return f"return a gradient of shape {expected}, the shape of that input"


def _drops_axes(shape: tuple, smaller: tuple) -> bool:
    """Whether `smaller` is `shape` with some axes left out (a reduction without keepdims)."""
    remaining = iter(shape)
    return len(smaller) < len(shape) and all(n in remaining for n in smaller)


class Function:
    """Base class of every operation: subclass it, write `forward` and `backward`.

    Class attributes a subclass may set:
    - `name`: how messages and graph drawings call the operation (default: the
      class name).
    - `broadcasting`: True when `backward` may return a gradient of the
      (broadcast) output's shape; the engine then sums it back to each input's
      shape. Left False, a gradient must have exactly its input's shape,
      which is what a learner's own Function is held to.

    >>> class Double(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         return 2 * x
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         return 2 * grad
    >>> Double.apply(Tensor([1.0, 2.0])).data
    array([2., 4.], dtype=float32)
    """

    name = "Function"
    broadcasting = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            cls.name = cls.__name__

    @staticmethod
    def forward(ctx: Context, *arrays: Any, **options: Any) -> np.ndarray:
        """Compute the result from ndarrays; save what backward needs on `ctx`."""
        raise NotImplementedError("a Function subclass must define forward(ctx, *inputs)")

    @staticmethod
    def backward(ctx: Context, grad: Any) -> Any:
        """Return one gradient per forward input (None where none is needed)."""
        raise NotImplementedError("a Function subclass must define backward(ctx, grad)")

    @classmethod
    def apply(cls, *inputs: Any, **options: Any) -> Any:
        """Run the operation on `inputs` (Tensors, arrays or numbers).

        Keyword `options` are passed to forward and never differentiated.
        With at least one Tensor among the inputs the result is a Tensor, part
        of the graph when grad is enabled and an input requires grad; with
        plain arrays only it is a plain array (how backward passes reuse ops).
        """
        ctx = _new(Context)
        ctx.saved = ()
        # forward gets the arrays inside the Tensors. The usual one or two inputs
        # are unwrapped here by hand: with _unwrap for all, Tanh.apply and
        # Mul.apply took 14 % longer (timeit), and the forward half of
        # benchmarks.engine (a) 7 % longer per operation.
        n = len(inputs)
        try:
            if n == 2:
                a, b = inputs
                a_is_tensor, b_is_tensor = isinstance(a, Tensor), isinstance(b, Tensor)
                first, second = (a._data if a_is_tensor else a), (b._data if b_is_tensor else b)
                if options:
                    out = cls.forward(ctx, first, second, **options)
                else:  # a plain call costs less than one through **{}
                    out = cls.forward(ctx, first, second)
                tensors = a_is_tensor or b_is_tensor
                needs_input_grad = _TWO[
                    2 * (a_is_tensor and a.requires_grad) + (b_is_tensor and b.requires_grad)
                ]
            elif n == 1:
                (a,) = inputs
                tensors = isinstance(a, Tensor)
                out = cls.forward(ctx, a._data if tensors else a, **options)
                needs_input_grad = _ONE[tensors and a.requires_grad]
            else:
                arrays, needs_input_grad = _unwrap(inputs)
                out = cls.forward(ctx, *arrays, **options)
                tensors = needs_input_grad is not None
        except (ValueError, TypeError, IndexError) as error:
            raise _forward_error(cls, inputs, error) from error
        if type(out) is not np.ndarray:
            out = _as_array_output(cls, ctx, out)
        if not tensors:
            return out
        if anomaly.active:
            anomaly.check_forward(cls, inputs, out, ctx)

        tensor = _new(Tensor)
        tensor._data = out
        tensor.grad = None
        tensor.name = None
        scope = _current_mode().record_scope  # None under no_grad
        if scope is not None and True in needs_input_grad:
            ctx.function = cls
            ctx.sequence = next(_sequence)
            ctx.inputs = inputs
            ctx.needs_input_grad = needs_input_grad
            ctx.output = out
            if options:  # the keyword options forward got, to run it again
                ctx.options = options
            ctx.scope = scope
            tensor._ctx = ctx
            tensor.requires_grad = True
        else:
            tensor._ctx = None
            tensor.requires_grad = False
        return tensor


_new = object.__new__
_current_mode = mode.current.get
_sequence = version.clock  # creation order of recorded operations, shared with in-place writes


_ONE = ((False,), (True,))  # needs_input_grad, indexed by requires_grad
_TWO = ((False, False), (False, True), (True, False), (True, True))


def _unwrap(inputs: tuple) -> tuple[list, tuple | None]:
    """The arrays forward gets (a Tensor's data, anything else as it is), and whether
    each input requires grad (None when no input is a Tensor)."""
    arrays, needs_input_grad, tensors = [], [], False
    for x in inputs:
        if isinstance(x, Tensor):
            arrays.append(x._data)
            needs_input_grad.append(x.requires_grad)
            tensors = True
        else:
            arrays.append(x)
            needs_input_grad.append(False)
    return arrays, tuple(needs_input_grad) if tensors else None


def _as_array_output(function: type, ctx: Context, out: Any) -> np.ndarray:
    """forward's result as an ndarray (NumPy returns scalars for 0-d results).

    Anything but an array or a number is a mistake in forward, named here. A
    saved output is replaced too, so backward can still tell it is the output.
    """
    if not isinstance(out, (np.ndarray, np.generic, int, float)):
        if out is None:
            problem = "returned None (is a `return` missing?)"
        elif isinstance(out, Tensor):
            problem = "returned a Tensor; forward works on ndarrays: return its .data"
        else:
            problem = f"returned a {type(out).__name__}"
        raise TypeError(
            f"{function.name}.forward {problem}. forward must return one ndarray (or number), "
            f"the operation's result"
        )
    array = np.asarray(out)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{function.name}.forward returned an array of dtype {array.dtype}; it must hold "
            f"numbers"
        )
    if any(s is out for s in ctx.saved):
        ctx.saved = tuple(array if s is out else s for s in ctx.saved)
    return array


def _forward_error(function: type, inputs: tuple, error: Exception) -> Exception:
    message = str(error)
    if not message.startswith(f"{function.name}:"):
        message = f"{function.name}: inputs {anomaly.describe_inputs(inputs)}: {message}"
    for kind in (IndexError, ValueError, TypeError):
        if isinstance(error, kind):
            return kind(message)
    return error
