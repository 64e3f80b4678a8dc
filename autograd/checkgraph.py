"""Check every operation of a recorded graph on its own inputs: find the wrong one.

`check_graph(loss)` takes each operation that made `loss`, copies the inputs
it was recorded with to float64, and compares its backward with central
differences of its own forward, exactly as `gradcheck` does for a function
(the same comparison in `jacobian.py`, the same hints in `hints.py`). The
user's graph is only read: forward and backward run on copies, on fresh
contexts, so a later `backward()` works as if nothing happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .broadcast import sum_to_shape
from .directional import check_directions
from .function import Context, GradientShapeError
from .hints import alias_hint, elementwise_hint, raised_at, shape_hint, value_hint
from .jacobian import Problem, Variable, compare, describe, scaling_gap, worst_entry
from .tensor import Tensor

OK, WRONG, SKIPPED = "ok", "WRONG", "skipped"
HELD = (
    "elements too large for a step of eps to change them (max-pooling pads with the lowest "
    "float), held constant and not checked"
)


@dataclass
class OperationCheck:
    """The verdict on one recorded operation.

    `function` (the operation's name), `status` (ok, WRONG or skipped),
    `message` and `hint` (for a wrong one), `checked` (how many elements of
    each input were compared, e.g. "32 of 512 (all along 2 directions)"), and
    `context`: the recorded `Context` of the operation, the node a graph
    drawing marks.
    """

    function: str
    status: str
    context: Any
    checked: str = ""
    message: str = ""
    hint: str | None = None
    # input -> (checked one by one, size, directions, held: too large for a step of eps)
    coverage: dict = field(default_factory=dict)


@dataclass
class GraphCheck:
    """What `check_graph` found: `ok`, `failures` (the wrong operations) and `operations` (all)."""

    operations: list[OperationCheck] = field(default_factory=list)

    @property
    def failures(self) -> list[OperationCheck]:
        """The operations whose backward disagrees with central differences of their forward."""
        return [check for check in self.operations if check.status == WRONG]

    @property
    def ok(self) -> bool:
        """True when no operation is wrong."""
        return not self.failures

    def __str__(self) -> str:
        wrong = len(self.failures)
        lines = [
            f"check_graph: {len(self.operations)} operations, "
            + ("all correct" if not wrong else f"{wrong} wrong")
        ]
        rows = [("#", "operation", "inputs: elements checked", "result")]
        sampled = held_any = False
        for number, check in enumerate(self.operations):
            inputs = []
            for k, x in enumerate(check.context.inputs):
                if not isinstance(x, Tensor):
                    continue
                one_by_one, size, directions, held = check.coverage.get(k, (0, x.size, 0, 0))
                if k not in check.coverage:
                    counted = "-"  # needs no gradient
                elif one_by_one == size:
                    counted = "all"
                else:
                    counted = f"{one_by_one} of {size}" + ("*" if directions else "")
                    sampled = sampled or bool(directions)
                if held:
                    counted += f", {held} held"
                    held_any = True
                inputs.append(f"{tuple(x.shape)}: {counted}")
            result = check.status if check.status != SKIPPED else f"skipped: {check.message}"
            rows.append((str(number), check.function, ", ".join(inputs), result))
        widths = [max(len(row[k]) for row in rows) for k in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths)]
            lines.append("  ".join([*cells, row[3]]).rstrip())
        if sampled:
            lines.append("*: and every element along 2 random directions")
        if any(": -" in row[2] for row in rows):
            lines.append("-: needs no gradient")
        if held_any:
            lines.append(f"held: {HELD}")
        for check in self.failures:
            number = self.operations.index(check)
            lines += ["", f"{number}. {check.message}"]
            if check.hint:
                lines.append(f"Hint: {check.hint}")
        return "\n".join(lines)


def check_graph(
    output: Tensor,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    max_elements: int = 32,
) -> GraphCheck:
    """Check each operation of the graph that produced `output` on its recorded inputs.

    Each operation's backward is compared with central differences of its own
    forward on float64 copies of its inputs; inputs of more than
    `max_elements` elements are checked one by one at that many sampled
    elements, and whole along two random directions (so no element goes
    unseen; a disagreement there is traced to one element). A
    wrong operation carries gradcheck's message and hint. Elements on a kink
    (tied maxima, ReLU at 0), where any gradient between the one-sided slopes
    is right, are not judged; nor are elements so large that a step of `eps`
    is lost to rounding (the lowest float max-pooling pads with), which are
    held constant and counted as "held". The graph is left as it was.

    >>> x = Tensor([[0.5, -1.0], [2.0, 0.1]], requires_grad=True)
    >>> report = check_graph((x.tanh() * x).sum())
    >>> report.ok, [check.function for check in report.operations]
    (True, ['tanh', 'mul', 'sum'])
    """
    if not isinstance(output, Tensor):
        raise TypeError(f"check_graph: expected the Tensor a graph produced, got {type(output)}")
    return GraphCheck(
        [check_operation(ctx, eps, atol, rtol, max_elements) for ctx in graph_operations(output)]
    )


def graph_operations(output: Tensor) -> list:
    """The recorded operations (contexts) that produced `output`, in creation order."""
    found: dict[int, Any] = {}
    stack = [output._ctx] if output._ctx is not None else []
    while stack:
        ctx = stack.pop()
        if id(ctx) in found:
            continue
        found[id(ctx)] = ctx
        inputs = getattr(ctx, "inputs", None)
        if inputs is None:
            raise RuntimeError(
                f"check_graph: the graph of {ctx.function.name} was released by a backward "
                f"pass; check it before backward(), or call backward(retain_graph=True)"
            )
        stack += [x._ctx for x in inputs if isinstance(x, Tensor) and x._ctx is not None]
    return sorted(found.values(), key=lambda ctx: ctx.sequence)


def check_operation(
    ctx: Any, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3, max_elements: int = 32
) -> OperationCheck:
    """The verdict on one recorded operation, checked on float64 copies of its inputs."""
    name = ctx.function.name
    problem: Any = None
    try:
        problem = operation_problem(ctx, eps, atol, rtol, max_elements)
        if isinstance(problem, str):
            return OperationCheck(name, SKIPPED, ctx, message=problem)
        comparison = compare(problem)
        for position, held in problem.held.items():
            comparison.sweeps[position].checked &= ~held  # agreeing by construction: not counted
        check_directions(problem, comparison)
        counts = [
            (int(sweep.checked.sum()), sweep.checked.size, sweep.directions,
             int(problem.held[position].sum()) if position in problem.held else 0)
            for position, sweep in enumerate(comparison.sweeps)
        ]  # fmt: skip
        checked = ", ".join(
            f"{variable.name}: {one_by_one} of {size}"
            + (f" (all along {directions} directions)" if directions else "")
            + (f", {held} held" if held else "")
            for variable, (one_by_one, size, directions, held) in zip(problem.variables, counts)
        )
        coverage = {
            place: count
            for variable, count in zip(problem.variables, counts)
            for place in variable.places
        }
        for position, sweep in enumerate(comparison.sweeps):
            if sweep.failed(atol, rtol):
                entry = worst_entry(problem, comparison, position)
                hint = (
                    alias_hint(problem, comparison, position)
                    or value_hint(problem, comparison, position)
                    or elementwise_hint(problem, comparison, position)
                )
                known = _declared_mistake(ctx, problem, comparison, eps, atol, rtol)
                if known is not None:
                    hint = known if hint is None else f"{known}\nAlso: {hint}"
                message = describe(name, problem, position, entry)
                return OperationCheck(name, WRONG, ctx, checked, message, hint, coverage)
        gap = scaling_gap(problem, comparison)
        if gap is not None:
            message = (
                f"{name}.backward's gradient for {problem.variables[gap[0]].name} does not "
                f"double when the gradient arriving at its output doubles"
            )
            hint = "multiply by the incoming `grad` (the chain rule)"
            return OperationCheck(name, WRONG, ctx, checked, message, hint, coverage)
    except GradientShapeError as error:
        shapes = [np.shape(a) for a in problem.arrays] if problem is not None else []
        output_shape = np.shape(ctx.output) if hasattr(ctx, "output") else None
        hint = shape_hint(error.index, error.expected, error.got, output_shape, shapes)
        message = (
            f"{name}.backward returned a gradient of shape {error.got} for input "
            f"{error.index}, whose shape is {error.expected}"
        )
        return OperationCheck(name, WRONG, ctx, "", message, hint)
    except Exception as error:  # an operation that crashes on its own inputs is wrong too
        where = raised_at(error)
        message = (
            f"{name} raised {type(error).__name__} when run again on float64 copies of its "
            f"inputs: {error}"
        )
        return OperationCheck(name, WRONG, ctx, "", message + (f" (at {where})" if where else ""))
    return OperationCheck(name, OK, ctx, checked, coverage=coverage)


def _declared_mistake(
    ctx: Any, problem: Problem, comparison: Any, eps: float, atol: float, rtol: float
) -> str | None:
    """The known mistake (a Function's `mistakes`, as exercises declare them) it reproduces.

    Each value is a wrong backward, bare (its docstring the hint) or with
    `.backward` and `.hint` attributes.
    """
    mine = [sweep.analytical for sweep in comparison.sweeps]
    for name, mistake in (getattr(ctx.function, "mistakes", None) or {}).items():
        backward = getattr(mistake, "backward", mistake)
        hint = getattr(mistake, "hint", None) or (backward.__doc__ or "").strip()
        wrong = type(ctx.function.__name__, (ctx.function,), {"backward": staticmethod(backward)})
        try:
            theirs = operation_problem(ctx, eps, atol, rtol, None, wrong).vjp(comparison.weights)
        except Exception:  # a mistake that cannot run here matches nothing
            continue
        if all(np.allclose(a, b, rtol=1e-6, atol=1e-9) for a, b in zip(mine, theirs)):
            return f"this is a known mistake, {name!r}" + (f": {hint}" if hint else "")
    return None


@dataclass
class OperationProblem(Problem):
    """A recorded operation's Problem, with the elements of each variable held constant.

    `held` maps a variable's position to the mask of its elements so large
    that `x + eps` rounds to (nearly) `x`: central differences cannot see their
    slope, so forward never sees them move and backward's gradient for them is
    dropped; the two agree there by construction, and the report says so.
    """

    held: dict = field(default_factory=dict)


def step_lost(values: np.ndarray, eps: float, rtol: float) -> np.ndarray:
    """Where a central-difference step of `eps` is lost to rounding (beyond a tenth of rtol).

    >>> step_lost(np.array([1.0, 1e6, 1e9, np.finfo(np.float64).min, np.inf]), 1e-6, 1e-3)
    array([False, False,  True,  True,  True])
    """
    with np.errstate(invalid="ignore", over="ignore"):
        step = (values + eps) - (values - eps)
        return ~(np.abs(step - 2 * eps) <= 0.1 * rtol * 2 * eps)


def operation_problem(
    ctx: Any,
    eps: float,
    atol: float,
    rtol: float,
    max_elements: int | None,
    function: type | None = None,
) -> OperationProblem | str:
    """One recorded operation as a Problem on float64 copies, or why it cannot be checked.

    `function` replaces the recorded operation's class (to run another backward).
    """
    function = function or ctx.function
    options = getattr(ctx, "options", None) or {}
    copies: dict[int, Any] = {}
    arrays = []
    for x in ctx.inputs:
        if isinstance(x, Tensor):
            if id(x) not in copies:
                floats = x.data.dtype.kind == "f"
                copies[id(x)] = np.array(x.data, dtype=np.float64, order="C") if floats else x.data
            arrays.append(copies[id(x)])
        else:
            arrays.append(x)  # a constant, as forward got it
    variables: list[Variable] = []
    for k, (x, needed) in enumerate(zip(ctx.inputs, ctx.needs_input_grad)):
        floats = needed and isinstance(x, Tensor) and x.data.dtype.kind == "f"
        if floats and all(arrays[v.places[0]] is not arrays[k] for v in variables):
            places = tuple(p for p, a in enumerate(arrays) if a is arrays[k])
            variables.append(Variable(f"input {k}", places))
    if not variables:
        return "no floating input needs a gradient"
    held = {}  # position -> (mask, original values), see OperationProblem
    for position, variable in enumerate(variables):
        mask = step_lost(arrays[variable.places[0]], eps, rtol)
        if mask.any():
            held[position] = (mask, arrays[variable.places[0]].copy())

    def fresh_context(values: list) -> tuple[Context, np.ndarray]:
        context = Context()
        context.function = function
        context.inputs = tuple(
            Tensor(v, dtype=np.float64) if isinstance(v, np.ndarray) and v.dtype == np.float64
            else v
            for v in values
        )  # fmt: skip
        context.needs_input_grad = tuple(ctx.needs_input_grad)
        context.options = options
        out = function.forward(context, *values, **options)
        context.output = np.asarray(out)
        return context, context.output

    def evaluate(values: list) -> np.ndarray:
        if held:
            values = list(values)
            for position, (mask, original) in held.items():
                places = variables[position].places
                kept = np.where(mask, original, values[places[0]])
                for place in places:
                    values[place] = kept
        return np.array(fresh_context(values)[1], dtype=np.float64)

    def vjp(seed: np.ndarray) -> list:
        seed = np.asarray(seed, dtype=np.float64)  # 2 * a 0-d array is a NumPy scalar
        context, out = fresh_context(problem.arrays)
        grads = function.backward(context, seed.astype(out.dtype).reshape(out.shape))
        if not isinstance(grads, (tuple, list)):
            grads = (grads,)
        if len(grads) != len(arrays):
            raise TypeError(
                f"{function.name}.backward returned {len(grads)} gradient(s) but forward took "
                f"{len(arrays)} input(s); return one per input (None for an input that needs none)"
            )
        totals = [_total(function, problem.arrays, grads, v.places) for v in variables]
        for position, (mask, _) in held.items():
            totals[position] = np.where(mask, 0.0, totals[position])
        return totals

    masks = {position: mask for position, (mask, _) in held.items()}
    problem = OperationProblem(arrays, variables, evaluate, vjp, eps, atol, rtol, max_elements,
                               judge_kinks=False, held=masks)  # fmt: skip
    out = fresh_context(arrays)[1]
    if out.dtype != np.float64:
        return f"its output is {out.dtype} even from float64 inputs"
    return problem


def _total(function: type, arrays: list, grads: Any, places: tuple) -> np.ndarray:
    """The gradient of one variable: the sum over its places, each of exactly its shape."""
    shape = np.shape(arrays[places[0]])
    total = np.zeros(shape)
    for place in places:
        g = grads[place]
        if g is None:
            continue
        g = np.asarray(g.data if isinstance(g, Tensor) else g, dtype=np.float64)
        if g.shape != shape:
            summed = sum_to_shape(g, shape) if function.broadcasting else None
            if summed is None:
                raise GradientShapeError(function, place, shape, g.shape)
            g = summed
        total = total + g
    return total
