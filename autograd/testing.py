"""Property-test your own operations: hypothesis strategies and a gradient assertion.

Write an operation as a `Function`, then let hypothesis try it on many
inputs and compare its backward with central differences:

    # test_cube.py, run with pytest
    from hypothesis import given

    from autograd import Function
    from autograd.testing import arrays, assert_gradients_match


    class Cube(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**3

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved
            return 3 * x**2 * grad


    @given(arrays())
    def test_cube_gradient(x):
        assert_gradients_match(Cube.apply, x)

The strategies draw float64 values, finite and moderate (in [-3, 3] unless
told otherwise), so a failure means the gradient, not an overflow.
`avoid=(0.0,)` keeps values away from points where the function has a kink
(relu, abs) or is undefined (log, 1/x), where central differences mislead.

This module needs hypothesis (`pip install hypothesis`, part of the test
extra); `import autograd` does not load it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .gradcheck import GradcheckError, gradcheck
from .tensor import Tensor

try:
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "autograd.testing needs hypothesis: pip install hypothesis "
        "(or install this project with its test extra, pip install -e '.[test]')"
    ) from error

Shape = tuple[int, ...]


def shapes(
    min_dims: int = 1, max_dims: int = 3, min_side: int = 1, max_side: int = 4
) -> st.SearchStrategy[Shape]:
    """Array shapes with `min_dims` to `max_dims` axes of `min_side` to `max_side` elements.

    >>> from hypothesis import given
    >>> @given(shapes(max_dims=2, max_side=3))
    ... def test_small(shape):
    ...     assert 1 <= len(shape) <= 2 and max(shape) <= 3
    >>> test_small()
    """
    return hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    )


def mutually_broadcastable_shapes(
    num_shapes: int = 2,
    min_dims: int = 0,
    max_dims: int = 3,
    min_side: int = 1,
    max_side: int = 4,
) -> st.SearchStrategy[Any]:
    """`num_shapes` shapes that broadcast together, as `(input_shapes, result_shape)`.

    Lengths of 1 and missing leading axes are drawn often, so broadcasting
    is really exercised.

    >>> from hypothesis import given
    >>> @given(mutually_broadcastable_shapes(num_shapes=2))
    ... def test_they_broadcast(shapes):
    ...     assert np.broadcast_shapes(*shapes.input_shapes) == shapes.result_shape
    >>> test_they_broadcast()
    """
    return hnp.mutually_broadcastable_shapes(
        num_shapes=num_shapes,
        min_dims=min_dims,
        max_dims=max_dims,
        min_side=min_side,
        max_side=max_side,
    )


def arrays(
    shape: int | Shape | st.SearchStrategy[Shape] | None = None,
    min_value: float = -3.0,
    max_value: float = 3.0,
    avoid: Sequence[float] = (),
    margin: float = 0.1,
) -> st.SearchStrategy[np.ndarray]:
    """float64 arrays of `shape` (default: drawn by `shapes()`) with finite values.

    Values lie in [min_value, max_value] and at least `margin` away from each
    point in `avoid` (e.g. `avoid=(0.0,)` for relu, abs, log or 1/x).

    >>> from hypothesis import given
    >>> @given(arrays((2, 3), avoid=(0.0,)))
    ... def test_away_from_zero(x):
    ...     assert x.shape == (2, 3) and np.abs(x).min() >= 0.1
    >>> test_away_from_zero()
    """
    if min_value > max_value:
        raise ValueError(f"arrays: min_value {min_value} is above max_value {max_value}")
    elements = st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)
    if avoid:
        elements = elements.filter(lambda v: all(abs(v - point) >= margin for point in avoid))
    return hnp.arrays(np.float64, shapes() if shape is None else shape, elements=elements)


def tensors(
    shape: int | Shape | st.SearchStrategy[Shape] | None = None,
    requires_grad: bool = True,
    **array_options: Any,
) -> st.SearchStrategy[Tensor]:
    """float64 Tensors (requiring grad by default) around `arrays(shape, **array_options)`.

    >>> from hypothesis import given
    >>> @given(tensors((3,), min_value=0.5))
    ... def test_positive(t):
    ...     assert t.requires_grad and t.dtype == np.float64 and t.data.min() >= 0.5
    >>> test_positive()
    """
    return arrays(shape, **array_options).map(lambda a: Tensor(a, requires_grad=requires_grad))


def broadcastable_arrays(num_arrays: int = 2, **array_options: Any) -> st.SearchStrategy[tuple]:
    """A tuple of `num_arrays` float64 arrays whose shapes broadcast together.

    `array_options` are those of `arrays` (min_value, max_value, avoid, margin).

    >>> from hypothesis import given
    >>> @given(broadcastable_arrays(2))
    ... def test_add(pair):
    ...     assert_gradients_match(lambda a, b: a + b, *pair)
    >>> test_add()
    """
    return mutually_broadcastable_shapes(num_arrays).flatmap(
        lambda shapes: st.tuples(*(arrays(s, **array_options) for s in shapes.input_shapes))
    )


def assert_gradients_match(
    fn: Callable[..., Tensor],
    *inputs: Any,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    eps: float = 1e-6,
) -> None:
    """Assert that backward's gradients of `fn(*inputs)` match central differences.

    `inputs` are arrays or Tensors; every floating one is checked in float64
    (integer inputs such as labels are passed through). Raises
    AssertionError with gradcheck's diagnostic (the input, the worst
    element, both values and, when it recognises the mistake, a hint).

    >>> assert_gradients_match(lambda x: (x * x).sum(), np.array([1.0, -2.0]))
    >>> assert_gradients_match(lambda x: x.exp(), np.array([[0.5]]))
    """
    try:
        gradcheck(fn, *inputs, eps=eps, atol=atol, rtol=rtol)
    except GradcheckError as error:
        shapes = ", ".join(str(np.shape(getattr(x, "data", x))) for x in inputs)
        raise AssertionError(
            f"the gradients of {_describe(fn)} for inputs of shapes {shapes} do not match "
            f"central differences:\n{error}"
        ) from error


def _describe(fn: Callable) -> str:
    """`Cube.apply` for a Function's apply, else the function's qualified name."""
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, type):
        return f"{owner.__name__}.{fn.__name__}"
    return getattr(fn, "__qualname__", repr(fn))
