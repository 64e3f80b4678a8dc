"""Name the mistake behind a wrong gradient: the hints of gradcheck and check_graph.

Each hint compares what backward returned with central differences and says
what kind of mistake makes that difference (a flipped sign, a missing factor,
a transposed or unsummed gradient, an ignored incoming gradient, ties not
shared, a Jacobian cut down to its diagonal, ...). A hint says where to look
and why; it never hands over the corrected code.
"""

from __future__ import annotations

import linecache
import os
import traceback

import numpy as np

from .broadcast import broadcast_axes
from .jacobian import Comparison, Problem, numerical_projection, weights_for

_LIBRARY = os.path.dirname(os.path.abspath(__file__)) + os.sep
_NUMPY = os.path.dirname(os.path.abspath(np.__file__)) + os.sep


def value_hint(problem: Problem, comparison: Comparison, position: int) -> str | None:
    """The likeliest mistake behind a disagreement in variable `position`, or None."""
    sweep = comparison.sweeps[position]
    mask = sweep.checked
    analytical, numerical = sweep.analytical, sweep.numerical
    if np.isnan(analytical[mask]).any():
        return "the analytical gradient contains NaN: look for 0/0, log(0) or inf - inf"
    for source in (_swapped, _ignored_gradient):
        hint = source(problem, comparison, position)
        if hint:
            return hint
    a, n = analytical[mask], numerical[mask]
    atol = problem.atol
    significant = np.abs(n) > max(atol, 1e-8)
    if not significant.any():
        return "the function does not change with this input, yet backward returns a gradient"
    if not np.any(a):
        return (
            "the analytical gradient is all zeros: backward returns zeros or None for this "
            "input, or the graph is cut (detach(), no_grad, or computing on .data)"
        )
    ratio = a[significant] / n[significant]
    zeros_agree = np.allclose(a[~significant], 0, atol=10 * atol)
    if zeros_agree and np.allclose(ratio, -1, rtol=1e-2):
        return "analytical = -numerical everywhere: a sign is flipped in backward"
    if zeros_agree and np.allclose(ratio, np.median(ratio), rtol=1e-2):
        return (
            f"analytical = {float(np.median(ratio)):.4g} x numerical everywhere: a constant "
            f"factor is missing or extra in the chain rule (the 2 in d(x**2)/dx, the 1/N of "
            f"a mean, ...)"
        )
    if (
        mask.all()
        and analytical.ndim >= 2
        and analytical.shape[-1] == analytical.shape[-2]
        and np.allclose(analytical, np.swapaxes(numerical, -1, -2), rtol=1e-2, atol=10 * atol)
    ):
        return (
            "analytical = numerical transposed (its last two axes swapped): transpose the "
            "gradient (or swap @ operands)"
        )
    return _diagonal_only(problem, comparison, position) or _kinks(problem, comparison, position)


def _close(a: np.ndarray, b: np.ndarray, problem: Problem) -> bool:
    return bool(np.allclose(a, b, atol=10 * problem.atol, rtol=1e-2, equal_nan=False))


def _swapped(problem: Problem, comparison: Comparison, position: int) -> str | None:
    """Gradients of two inputs of one shape returned in each other's place."""
    mine = comparison.sweeps[position]
    for other, sweep in enumerate(comparison.sweeps):
        if other == position or sweep.analytical.shape != mine.analytical.shape:
            continue
        if not (mine.checked.all() and sweep.checked.all()):
            continue
        if _close(mine.analytical, sweep.numerical, problem) and _close(
            sweep.analytical, mine.numerical, problem
        ):
            return (
                f"the gradient of {problem.variables[position].name} is the one "
                f"{problem.variables[other].name} should get, and the other way round: the "
                f"gradients look swapped; return them in the order forward takes its inputs"
            )
    return None


def _ignored_gradient(problem: Problem, comparison: Comparison, position: int) -> str | None:
    """Backward returns the same gradient whatever gradient arrives at the output."""
    mine = comparison.sweeps[position].analytical
    if not np.any(mine):
        return None
    shape = comparison.output.shape
    other = 2 * comparison.weights if comparison.output.size == 1 else weights_for(shape, 1)
    again = np.asarray(problem.vjp(other)[position], dtype=np.float64).reshape(mine.shape)
    if np.allclose(again, mine):
        return (
            "backward returns the same gradient whatever gradient comes in: multiply by the "
            "incoming `grad` (the chain rule)"
        )
    return None


def _diagonal_only(problem: Problem, comparison: Comparison, position: int) -> str | None:
    """Backward keeps d out[i]/d x[i] and drops how each output depends on the other inputs."""
    sweep = comparison.sweeps[position]
    if sweep.diagonal is None:
        return None
    mask = sweep.checked
    w = comparison.weights.reshape(sweep.diagonal.shape)
    diagonal_part = sweep.diagonal * w
    if _close(sweep.analytical[mask], diagonal_part[mask], problem) and not _close(
        sweep.numerical[mask], diagonal_part[mask], problem
    ):
        return (
            "backward keeps only d out[i]/d x[i] (the diagonal of the Jacobian), but each "
            "output here depends on other input elements too: dL/dx[j] must add up "
            "grad[i] * d out[i]/d x[j] over every output i that x[j] affects"
        )
    return None


def _kinks(problem: Problem, comparison: Comparison, position: int) -> str | None:
    """Every disagreement sits where the slope left and right of the input differ (ties)."""
    sweep = comparison.sweeps[position]
    excess = sweep.excess(problem.atol, problem.rtol)
    wrong = excess > 0
    if wrong.any() and sweep.kinks.any() and not (wrong & ~sweep.kinks).any():
        return (
            f"every disagreement is at an element where the function has a kink (at "
            f"{_index_of(excess)}: the slope differs left and right, e.g. a maximum shared by "
            f"tied elements); there the convention shares the gradient equally among the "
            f"tied elements, so that together they pass on exactly the incoming gradient"
        )
    return None


def elementwise_hint(problem: Problem, comparison: Comparison, position: int) -> str | None:
    """For an elementwise function whose local derivative is wrong: the numbers at one element."""
    sweep = comparison.sweeps[position]
    if sweep.diagonal is None:
        return None
    w = comparison.weights.reshape(sweep.diagonal.shape)
    mask = sweep.checked
    if not _close(sweep.numerical[mask], (sweep.diagonal * w)[mask], problem):
        return None  # not elementwise: outputs depend on other elements too
    wrong = sweep.excess(problem.atol, problem.rtol)
    i = int(np.argmax(wrong))
    x = problem.arrays[problem.variables[position].places[0]].flat[i]
    claimed = sweep.analytical.flat[i] / w.flat[i]
    return (
        f"each output element depends only on the input element at the same place, so "
        f"backward is grad times the local derivative; at {_index_of(wrong)}, where the "
        f"input is {x:.6g} and the output {comparison.output.flat[i]:.6g}, the derivative is "
        f"{sweep.diagonal.flat[i]:.6g} but your backward implies {claimed:.6g}: work the "
        f"derivative out by hand at that point and compare it with your formula"
    )


def _index_of(excess: np.ndarray) -> str:
    """The index of the largest excess, as the failure message names it."""
    index = tuple(int(k) for k in np.unravel_index(int(np.argmax(excess)), excess.shape))
    return f"index {index}"


def shape_hint(
    position: int, expected: tuple, got: tuple, output_shape: tuple | None, input_shapes: list
) -> str:
    """What a gradient of the wrong shape suggests, from the shapes of the operation.

    >>> shape_hint(1, (3,), (4, 3), (4, 3), [(4, 3), (3,)])[:32]
    'the input was broadcast in forwa'
    """
    axes = broadcast_axes(got, expected)
    if axes:
        return (
            f"the input was broadcast in forward, from {expected} to {got}, so each of its "
            f"elements was used many times: sum the gradient over the broadcast axes {axes} "
            f"until it has the input's shape {expected}"
        )
    others = [k for k, s in enumerate(input_shapes) if k != position and s == got != expected]
    if others:
        return (
            f"the gradient returned for input {position} has the shape of input {others[0]}, "
            f"{got}: the gradients look swapped; return them in the order forward takes its "
            f"inputs"
        )
    if len(got) >= 2 and got in (expected[::-1], expected[:-2] + expected[:-3:-1]):
        return "the gradient looks transposed: transpose it, or swap the operands of @"
    size_got, size_expected = int(np.prod(got)), int(np.prod(expected))
    if output_shape == expected and size_got < size_expected:
        return (
            f"the output has the input's shape {expected}, and so does the gradient arriving "
            f"from it: backward works element by element and keeps that shape (nothing is "
            f"summed or reduced here)"
        )
    if output_shape == got and size_got < size_expected:
        return (
            f"the gradient has the shape of the reduced output {got}: each input element "
            f"receives the gradient of the output element it went into, so spread the gradient "
            f"back over the reduced axes to the input's shape {expected}"
        )
    return f"return a gradient of shape {expected}, the shape of that input"


def raised_at(error: BaseException) -> str | None:
    """`file:line in function: source` of the learner's code the engine called that raised.

    The innermost frame outside the engine and NumPy below an engine frame
    (a backward the engine ran); None when the error is the engine's own.
    """
    found, inside = None, False
    for frame in traceback.extract_tb(error.__traceback__):
        filename = os.path.abspath(frame.filename)
        if filename.startswith(_LIBRARY):
            inside = True  # what the engine calls back (a backward) comes after this
        elif inside and not filename.startswith(_NUMPY):
            found = frame
    if found is None:
        return None
    path = os.path.relpath(found.filename) if not found.filename.startswith("<") else found.filename
    if path.startswith(".."):
        path = found.filename
    source = (found.line or linecache.getline(found.filename, found.lineno)).strip()
    return f"{path}:{found.lineno} in {found.name}" + (f": {source}" if source else "")


def alias_hint(problem: Problem, comparison: Comparison, position: int) -> str | None:
    """One tensor passed in several places whose gradient is one use's share only."""
    variable = problem.variables[position]
    if len(variable.places) < 2:
        return None
    sweep = comparison.sweeps[position]
    mask = sweep.checked
    for place in variable.places:
        share = numerical_projection(problem, place, comparison.weights)
        if _close(sweep.analytical[mask], share[mask], problem):
            return (
                f"the same tensor is passed {len(variable.places)} times (as inputs "
                f"{list(variable.places)}) and its gradient matches its use as input {place} "
                f"alone: the gradients of every use must be added up (`=` where `+=` was meant?)"
            )
    return None
