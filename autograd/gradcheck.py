"""Check analytical gradients against central differences, and say what went wrong.

The numerical gradient of a scalar f at x is, element by element,
(f(x + eps) - f(x - eps)) / (2 eps), in float64. `gradcheck` compares it with
what backward computes and, when they disagree, names the input, the worst
element, both values, and where the pattern is plain, the likely mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .engine import grad
from .function import GradientShapeError
from .tensor import Tensor


class GradcheckError(AssertionError):
    """Analytical and numerical gradients disagree.

    Attributes: `input_index`, `index` (of the worst element), `analytical`,
    `numerical` (the two gradients of that input) and `hint` (or None).
    """

    def __init__(
        self,
        message: str,
        input_index: int | None = None,
        index: tuple | None = None,
        analytical: np.ndarray | None = None,
        numerical: np.ndarray | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message if hint is None else f"{message}\nHint: {hint}")
        self.input_index, self.index, self.hint = input_index, index, hint
        self.analytical, self.numerical = analytical, numerical


def _float64_inputs(inputs: tuple, requires_grad: bool) -> list:
    """Float64 copies of floating inputs (the same object twice stays one copy)."""
    copies: dict[int, Any] = {}
    values = []
    for x in inputs:
        if id(x) not in copies:
            data = x.data if isinstance(x, Tensor) else np.asarray(x)
            if data.dtype.kind == "f":
                copies[id(x)] = Tensor(data, requires_grad=requires_grad, dtype=np.float64)
            else:
                copies[id(x)] = x
        values.append(copies[id(x)])
    return values


def _scalar(value: Any, caller: str) -> float:
    data = value.data if isinstance(value, Tensor) else np.asarray(value)
    if data.size != 1:
        raise ValueError(
            f"{caller}: fn must return a single number, got shape {data.shape}; reduce it "
            f"(e.g. .sum()) or use gradcheck, which handles any shape"
        )
    return float(data.reshape(()))


def numerical_grad(fn: Callable[..., Any], *inputs: Any, eps: float = 1e-6) -> list:
    """Central differences of the scalar `fn(*inputs)` with respect to each input, in float64.

    Returns one ndarray per input (None for integer inputs such as labels).

    >>> x = Tensor([1.0, 2.0])
    >>> numerical_grad(lambda x: (x ** 2).sum(), x)[0].round(6)
    array([2., 4.])
    """
    values = _float64_inputs(inputs, requires_grad=False)
    return [_central_differences(fn, values, position, eps) for position in range(len(values))]


def _central_differences(fn: Callable, values: list, position: int, eps: float) -> Any:
    target = values[position]
    if not (isinstance(target, Tensor) and target.dtype.kind == "f"):
        return None  # labels and indices: integers have no derivative
    flat = target.data.reshape(-1)  # a view: writing to it perturbs the input
    result = np.zeros(flat.size)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + eps
        upper = _scalar(fn(*values), "numerical_grad")
        flat[i] = original - eps
        lower = _scalar(fn(*values), "numerical_grad")
        flat[i] = original
        result[i] = (upper - lower) / (2 * eps)
    return result.reshape(target.shape)


def gradcheck(
    fn: Callable[..., Tensor],
    *inputs: Any,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
) -> bool:
    """Compare backward's gradients of `fn` with central differences, in float64.

    The inputs checked are those that require grad (every floating input if
    none does). A non-scalar output is checked through a fixed random
    projection. Returns True, or raises `GradcheckError` (returns False with
    `raise_exception=False`).

    >>> x = Tensor([[1.0, -2.0], [3.0, 0.5]], requires_grad=True)
    >>> gradcheck(lambda x: (x * x).tanh(), x)
    True
    """
    try:
        _check(fn, inputs, eps, atol, rtol)
    except GradcheckError:
        if raise_exception:
            raise
        return False
    return True


def _check(fn: Callable, inputs: tuple, eps: float, atol: float, rtol: float) -> None:
    values = _float64_inputs(inputs, requires_grad=True)
    floating = [i for i, v in enumerate(values) if isinstance(v, Tensor) and v.dtype.kind == "f"]
    flagged = [i for i in floating if isinstance(inputs[i], Tensor) and inputs[i].requires_grad]
    checked = flagged or floating
    if not checked:
        raise GradcheckError("gradcheck: no floating-point input to check")

    output = fn(*values)
    if not isinstance(output, Tensor):
        raise GradcheckError(f"gradcheck: fn must return a Tensor, got {type(output).__name__}")
    projected = _projected(fn, output.shape, seed=0)
    analytical = _analytical(projected, values, checked)
    for position in checked:
        numerical = _central_differences(projected, values, position, eps)
        index = _worst_mismatch(analytical[position], numerical, atol, rtol)
        if index is None:
            continue
        a, n = float(analytical[position][index]), float(numerical[index])
        relative = abs(a - n) / abs(n) if n != 0 else float("inf")
        message = (
            f"gradcheck failed for input {position} (shape {numerical.shape}) at index {index}: "
            f"analytical {a:.6g}, numerical {n:.6g}, absolute error {abs(a - n):.3g}, "
            f"relative error {relative:.3g} (atol={atol}, rtol={rtol})"
        )
        hint = (
            _alias_hint(position, analytical[position], values, projected, eps, atol, rtol)
            or _ignored_grad_hint(position, analytical, values, checked, fn, output.shape)
            or _pattern_hint(analytical[position], numerical, atol)
        )
        raise GradcheckError(message, position, index, analytical[position], numerical, hint)


def _projected(fn: Callable, shape: tuple, seed: int) -> Callable[..., Tensor]:
    """fn's output weighted by fixed random numbers and summed: a scalar to differentiate.

    Random weights (even for a scalar output) make a backward that ignores
    the incoming gradient, or mixes up output elements, visibly wrong.
    """
    weights = np.random.default_rng(seed).standard_normal(shape)
    return lambda *args: (fn(*args) * weights).sum()


def _analytical(projected: Callable, values: list, checked: list) -> dict:
    out = projected(*values)
    if not out.requires_grad:
        return {i: np.zeros(values[i].shape) for i in checked}
    try:
        grads = grad(out, [values[i] for i in checked], allow_unused=True)
    except GradientShapeError as error:
        raise GradcheckError(
            f"gradcheck: {error}", input_index=error.index, hint=error.hint
        ) from None
    except TypeError as error:
        raise GradcheckError(f"gradcheck: {error}") from None
    return {i: g.data for i, g in zip(checked, grads)}


def _worst_mismatch(
    analytical: np.ndarray, numerical: np.ndarray, atol: float, rtol: float
) -> tuple | None:
    """Index of the element furthest outside the tolerance, None if every one is inside."""
    excess = np.abs(analytical - numerical) - (atol + rtol * np.abs(numerical))
    excess = np.where(np.isnan(excess), np.inf, excess)
    if analytical.size == 0 or excess.max() <= 0:
        return None
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(excess)), analytical.shape))


def _ignored_grad_hint(
    position: int, analytical: dict, values: list, checked: list, fn: Callable, shape: tuple
) -> str | None:
    """Does backward return the same gradient whatever gradient arrives from above?"""
    if not np.any(analytical[position]):
        return None
    again = _analytical(_projected(fn, shape, seed=1), values, checked)[position]
    if np.allclose(again, analytical[position]):
        return (
            "backward returns the same gradient whatever gradient comes in: multiply by the "
            "incoming `grad` (the chain rule)"
        )
    return None


def _alias_hint(
    position: int,
    analytical: np.ndarray,
    values: list,
    projected: Callable,
    eps: float,
    atol: float,
    rtol: float,
) -> str | None:
    """When one tensor is passed in several places, is the analytical gradient one use's only?"""
    places = [i for i, v in enumerate(values) if v is values[position]]
    if len(places) < 2:
        return None
    for place in places:
        separate = list(values)
        separate[place] = Tensor(values[place].data, requires_grad=True)  # its own copy
        partial = _central_differences(projected, separate, place, eps)
        if np.allclose(analytical, partial, atol=atol, rtol=rtol):
            return (
                f"this tensor is passed {len(places)} times (inputs {places}) and its gradient "
                f"matches its use as input {place} alone: the gradients of every use must be "
                f"added up (= where += was meant?)"
            )
    return None


def _pattern_hint(analytical: np.ndarray, numerical: np.ndarray, atol: float) -> str | None:
    """Name the mistake when the two gradients differ in a recognisable way."""
    if np.isnan(analytical).any():
        return "the analytical gradient contains NaN: look for 0/0, log(0) or inf - inf"
    significant = np.abs(numerical) > max(atol, 1e-8)
    if not significant.any():
        return "the function does not change with this input, yet backward returns a gradient"
    if not np.any(analytical):
        return (
            "the analytical gradient is all zeros: backward returns zeros or None for this "
            "input, or the graph is cut (detach(), no_grad, or computing on .data)"
        )
    ratio = analytical[significant] / numerical[significant]
    small = ~significant
    zeros_agree = np.allclose(analytical[small], 0, atol=10 * atol)
    if zeros_agree and np.allclose(ratio, -1, rtol=1e-2):
        return "analytical = -numerical everywhere: a sign is flipped in backward"
    if zeros_agree and np.allclose(ratio, np.median(ratio), rtol=1e-2):
        factor = float(np.median(ratio))
        return (
            f"analytical = {factor:.4g} x numerical everywhere: a constant factor is missing "
            f"or extra in the chain rule (the 2 in d(x**2)/dx, the 1/N of a mean, ...)"
        )
    if (
        analytical.ndim == 2
        and analytical.shape[0] == analytical.shape[1]
        and np.allclose(analytical, numerical.T, rtol=1e-2, atol=10 * atol)
    ):
        return "analytical = numerical transposed: transpose the gradient (or swap @ operands)"
    return None


def gradgradcheck(fn: Callable[..., Tensor], *inputs: Any, **tolerances: Any) -> bool:
    """Check second derivatives: `gradcheck` applied to the gradients of `fn`.

    The gradients come from `grad(..., create_graph=True)`, so their own
    derivatives are the engine's second derivatives.

    >>> x = Tensor([0.5, -1.0], requires_grad=True)
    >>> gradgradcheck(lambda x: (x ** 3).sum(), x)
    True
    """

    def first_derivatives(*args: Any) -> Tensor:
        output = fn(*args)
        # Seeded anew on every call: each evaluation must use the same projection.
        projection = np.random.default_rng(1).standard_normal(output.shape)
        differentiable = [a for a in args if isinstance(a, Tensor) and a.requires_grad]
        grads = grad((output * projection).sum(), differentiable, create_graph=True,
                     allow_unused=True)  # fmt: skip
        return sum((g * w).sum() for g, w in zip(grads, _weights(grads)))

    return gradcheck(first_derivatives, *inputs, **tolerances)


def _weights(grads: tuple) -> list:
    rng = np.random.default_rng(2)
    return [rng.standard_normal(g.shape) for g in grads]
