"""Check analytical gradients against central differences, and say what went wrong.

The numerical derivative of f at x is, element by element,
(f(x + eps) - f(x - eps)) / (2 eps), in float64. `gradcheck` compares it with
what backward computes (the comparison lives in `jacobian.py`) and, when they
disagree, names the input, the worst Jacobian entry d out[j] / d x[i] with
both values, and where the pattern says it, the likely mistake (`hints.py`).
Every number reported is a true derivative a learner can compute by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .checkgraph import check_operation, graph_operations
from .engine import grad
from .function import GradientShapeError
from .functional import concatenate
from .hints import alias_hint, elementwise_hint, raised_at, shape_hint, value_hint
from .jacobian import Problem, Variable, compare, describe, scaling_gap, weights_for, worst_entry
from .mode import enable_grad
from .tensor import Tensor, _data


class GradcheckError(AssertionError):
    """Analytical and numerical gradients disagree.

    Attributes: `input_index` (the input at fault), `index` (its worst
    element i), `output_index` (the output element j, None for a
    one-element output), `analytical` and `numerical` (d out[j] / d x, of
    the input's shape, from backward and by central differences: true
    derivatives, so `analytical[index]` is the number in the message) and
    `hint` (what the mistake looks like, or None); `message` is the text
    without the hint.
    """

    def __init__(
        self,
        message: str,
        input_index: int | None = None,
        index: tuple | None = None,
        analytical: np.ndarray | None = None,
        numerical: np.ndarray | None = None,
        hint: str | None = None,
        output_index: tuple | None = None,
    ) -> None:
        super().__init__(message if hint is None else f"{message}\nHint: {hint}")
        self.message = message  # without the hint
        self.input_index, self.index, self.hint = input_index, index, hint
        self.output_index = output_index
        self.analytical, self.numerical = analytical, numerical


def _float64_inputs(inputs: tuple, requires_grad: bool) -> list:
    """Float64 copies of floating inputs (the same object twice stays one copy)."""
    copies: dict[int, Any] = {}
    values = []
    for x in inputs:
        if id(x) not in copies:
            data = x.data if isinstance(x, Tensor) else np.asarray(x)
            if data.dtype.kind == "f":
                copies[id(x)] = Tensor(
                    np.array(data, np.float64, order="C"), requires_grad=requires_grad
                )
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
    none does). Returns True, or raises `GradcheckError` (returns False with
    `raise_exception=False`). The numbers it reports are true derivatives:
    d out / d x for a one-element output, else the Jacobian entry
    d out[j] / d x[i] where backward is furthest off, with both indices.

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
    problem = _problem(fn, inputs, eps, atol, rtol)
    comparison = compare(problem)
    for position, sweep in enumerate(comparison.sweeps):
        if (sweep.excess(atol, rtol) > 0).any():
            entry = worst_entry(problem, comparison, position)
            hint = _diagnose(fn, problem, comparison, position)
            place = problem.variables[position].places[0]
            raise GradcheckError(
                describe("gradcheck", problem, position, entry), place, entry.index,
                entry.analytical_row, entry.numerical_row, hint, entry.output_index,
            )  # fmt: skip
    gap = scaling_gap(problem, comparison)
    if gap is not None:
        raise _scaling_error(problem, comparison, *gap)


def _scaling_error(
    problem: Problem, comparison: Any, position: int, doubled: np.ndarray
) -> GradcheckError:
    variable = problem.variables[position]
    sweep = comparison.sweeps[position]
    hint = (
        "backward must scale with the gradient that comes in: multiply by the incoming "
        "`grad` (the chain rule)"
    )
    gap = np.abs(doubled - 2 * sweep.analytical)
    index = tuple(int(k) for k in np.unravel_index(int(np.argmax(gap)), gap.shape))
    head = (
        f"gradcheck failed for {variable.name}: backward's gradient does not double when the "
        f"gradient arriving at the output doubles"
    )
    if comparison.output.size != 1:
        return GradcheckError(f"{head} (largest gap at index {index})", variable.places[0],
                              index, hint=hint)  # fmt: skip
    claimed = doubled / 2
    message = (
        f"{head}: at index {index}, d out / d {variable.name.replace(' ', '_')}"
        f"{list(index)} is {sweep.numerical[index]:.6g}; given an incoming gradient of 1 "
        f"backward returns {sweep.analytical[index]:.6g}, given 2 it returns "
        f"{doubled[index]:.6g} instead of {2 * sweep.numerical[index]:.6g}"
    )
    return GradcheckError(message, variable.places[0], index, claimed, sweep.numerical, hint)


def _problem(fn: Callable, inputs: tuple, eps: float, atol: float, rtol: float) -> Problem:
    """`fn` as a Problem: its floating inputs as float64 arrays, one per distinct object."""
    arrays: list = []
    copies: dict[int, Any] = {}
    float_ids = set()  # the float64 copies: the inputs that can be checked
    for x in inputs:
        if id(x) not in copies:
            data = x.data if isinstance(x, Tensor) else np.asarray(x)
            copies[id(x)] = (
                np.array(data, dtype=np.float64, order="C") if data.dtype.kind == "f" else x
            )
            if data.dtype.kind == "f":
                float_ids.add(id(copies[id(x)]))
        arrays.append(copies[id(x)])
    floating = [i for i, a in enumerate(arrays) if id(a) in float_ids]
    flagged = [i for i in floating if isinstance(inputs[i], Tensor) and inputs[i].requires_grad]
    chosen = flagged or floating
    if not chosen:
        raise GradcheckError("gradcheck: no floating-point input to check")
    variables: list[Variable] = []
    for i in chosen:
        if all(arrays[v.places[0]] is not arrays[i] for v in variables):
            places = tuple(k for k, a in enumerate(arrays) if a is arrays[i])
            variables.append(Variable(f"input {i}", places))
    checked_ids = {id(arrays[v.places[0]]) for v in variables}

    def wrap(values: list) -> list:
        """Tensors for the float64 arrays (one per object, so a repeated input stays one)."""
        tensors: dict[int, Any] = {}
        for value in values:
            if id(value) not in tensors:
                floats = id(value) in float_ids or (
                    isinstance(value, np.ndarray) and value.dtype == np.float64
                )
                tensors[id(value)] = (
                    Tensor(value, requires_grad=id(value) in checked_ids, dtype=np.float64)
                    if floats
                    else value
                )
        return [tensors[id(value)] for value in values]

    def run(values: list) -> tuple[Tensor, list]:
        tensors = wrap(values)
        with enable_grad():  # a check run under no_grad() still records fn's graph
            output = fn(*tensors)
        if not isinstance(output, Tensor):
            raise GradcheckError(f"gradcheck: fn must return a Tensor, got {type(output).__name__}")
        return output, tensors

    def evaluate(values: list) -> np.ndarray:
        return np.array(run(values)[0].data, dtype=np.float64)

    def vjp(seed: np.ndarray) -> list:
        seed = np.asarray(seed, dtype=np.float64)  # 2 * a 0-d array is a NumPy scalar
        output, tensors = run(problem.arrays)
        wanted = [tensors[v.places[0]] for v in variables]
        if not output.requires_grad:
            return [np.zeros(t.shape) for t in wanted]
        try:
            grads = grad(output, wanted, grad_outputs=seed, allow_unused=True)
        except GradientShapeError as error:
            raise _shape_error(error, output) from None
        except TypeError as error:
            where = raised_at(error)
            raise GradcheckError(
                f"gradcheck: {error}" + (f" (at {where})" if where else "")
            ) from None
        return [np.asarray(g.data, dtype=np.float64) for g in grads]

    problem = Problem(arrays, variables, evaluate, vjp, eps, atol, rtol)
    problem.graph = lambda: run(problem.arrays)[0]  # fn's graph, for hints that look inside
    return problem


def _shape_error(error: GradientShapeError, output: Tensor) -> GradcheckError:
    """A gradient of the wrong shape, explained once, from the shapes of its operation."""
    ctx = next((c for c in graph_operations(output) if c.function is error.function), None)
    output_shape = None if ctx is None else np.shape(ctx.output)
    input_shapes = [] if ctx is None else [np.shape(_data(x)) for x in ctx.inputs]
    hint = shape_hint(error.index, error.expected, error.got, output_shape, input_shapes)
    message = (
        f"gradcheck: {error.function.name}.backward returned a gradient of shape {error.got} "
        f"for input {error.index}, whose shape is {error.expected}; each gradient must have "
        f"exactly its input's shape"
    )
    return GradcheckError(message, input_index=error.index, hint=hint)


def _diagnose(fn: Callable, problem: Problem, comparison: Any, position: int) -> str | None:
    return (
        alias_hint(problem, comparison, position)
        or _alias_inside(problem)
        or value_hint(problem, comparison, position)
        or elementwise_hint(problem, comparison, position)
    )


def _alias_inside(problem: Problem) -> str | None:
    """An operation inside fn that gets one tensor several times and drops a use's gradient."""
    output = problem.graph()
    for ctx in graph_operations(output):
        tensors = [x for x in ctx.inputs if isinstance(x, Tensor) and x.requires_grad]
        if len({id(x) for x in tensors}) == len(tensors):
            continue
        check = check_operation(ctx, problem.eps, problem.atol, problem.rtol)
        if check is not None and check.hint and "+=" in check.hint:
            return f"inside fn, {ctx.function.name}: {check.hint}"
    return None


def gradgradcheck(fn: Callable[..., Tensor], *inputs: Any, **tolerances: Any) -> bool:
    """Check second derivatives: `gradcheck` applied to the gradients of `fn`.

    The gradients come from `grad(..., create_graph=True)`, so their own
    derivatives are the engine's second derivatives. They are checked as one
    output (every input's gradient, flattened and concatenated), so for a
    one-element `fn` a failure reports a Hessian entry d2 out / d x[j] d x[i].
    A larger output of `fn` is first reduced with fixed random weights.

    >>> x = Tensor([0.5, -1.0], requires_grad=True)
    >>> gradgradcheck(lambda x: (x ** 3).sum(), x)
    True
    """

    def first_derivatives(*args: Any) -> Tensor:
        output = fn(*args)
        # Seeded anew on every call: each evaluation must use the same projection.
        projection = weights_for(output.shape, seed=1)
        differentiable = [a for a in args if isinstance(a, Tensor) and a.requires_grad]
        grads = grad((output * projection).sum(), differentiable, create_graph=True,
                     allow_unused=True)  # fmt: skip
        return concatenate([g.reshape(-1) for g in grads])

    return gradcheck(first_derivatives, *inputs, **tolerances)
