"""For teachers: plant known mistakes into the reference solutions and see what the checker says.

`python -m demos.exercises --audit` takes every reference solution and makes
mutants of it, one per known mistake that applies: the generic ones below
(a flipped sign, a factor, a transposed gradient, a broadcast gradient left
unsummed, the incoming gradient ignored, the gradients of two inputs swapped,
`=` where `+=` was meant for a tensor used twice) and the exercise's own
declared `mistakes` (see `check.py`). Each mutant is checked like a learner's
answer; the table says whether it was caught and whether the hint names the
mistake.

>>> from demos.exercises import solutions
>>> [m.name for m in mutants(solutions.MatMul)]  # doctest: +NORMALIZE_WHITESPACE
['sign', 'factor', 'transpose', 'ignored incoming gradient', 'swapped gradients',
 '= for +=']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.broadcast import broadcast_axes

from .check import WRONG, check, mistakes_of


@dataclass
class Mutant:
    """A reference solution with one mistake planted: its backward, and how to check it."""

    name: str
    backward: Callable[..., Any]
    expected: str  # a regular expression the hint should match
    inputs: tuple | None = None  # None: the exercise's example inputs
    aliased: bool = False  # check fn(a) = apply(a, a): one tensor passed twice
    declared: bool = False  # one of the exercise's own `mistakes` (named by matching it)


@dataclass
class Verdict:
    """One row of the audit."""

    exercise: str
    mistake: str
    caught: bool
    hint_right: bool
    hint: str | None
    declared: bool = False


def _as_list(gradients: Any) -> list:
    return list(gradients) if isinstance(gradients, (tuple, list)) else [gradients]


def _as_returned(gradients: list) -> Any:
    return tuple(gradients) if len(gradients) > 1 else gradients[0]


def _planted(reference: Callable, change: Callable[[list, Any], list]) -> Callable:
    """A backward returning `change(reference's gradients, ctx)`."""

    def backward(ctx, grad):
        return _as_returned(change(_as_list(reference(ctx, grad)), ctx))

    return backward


def _recorded(solution: type, inputs: tuple) -> tuple[Any, list]:
    """The solution's recorded context on `inputs` and its gradients for a seed of ones."""
    tensors = [
        Tensor(x, requires_grad=True) if np.asarray(x).dtype.kind == "f" else x for x in inputs
    ]
    ctx = solution.apply(*tensors)._ctx
    return ctx, _as_list(solution.backward(ctx, np.ones(np.shape(ctx.output))))


def mutants(solution: type) -> list[Mutant]:
    """Every known mistake that applies to `solution`, planted into its backward."""
    reference = solution.backward
    inputs = solution.example_inputs(np.random.default_rng(0))
    ctx, gradients = _recorded(solution, inputs)
    out_shape = np.shape(ctx.output)
    given = [k for k, g in enumerate(gradients) if g is not None]
    found = [
        Mutant("sign", _planted(reference, lambda gs, c: [_map(g, np.negative) for g in gs]),
               r"sign is flipped"),
        Mutant("factor", _planted(reference, lambda gs, c: [_map(g, lambda a: 2 * a) for g in gs]),
               r"constant factor"),
    ]  # fmt: skip
    if any(np.ndim(gradients[k]) >= 2 for k in given):
        flip = lambda gs, c: [_map(g, lambda a: np.swapaxes(a, -1, -2) if a.ndim >= 2 else a)
                              for g in gs]  # fmt: skip
        found.append(Mutant("transpose", _planted(reference, flip), r"transpos"))
    broadcast = [
        k for k in given
        if np.shape(inputs[k]) != out_shape and broadcast_axes(out_shape, np.shape(inputs[k]))
    ]  # fmt: skip
    if broadcast:

        def unsummed(gs, c):
            return [np.broadcast_to(g, np.shape(c.output)) if k in broadcast else g
                    for k, g in enumerate(gs)]  # fmt: skip

        found.append(Mutant("unsummed broadcast", _planted(reference, unsummed), r"broadcast"))

    def ignoring(ctx, grad):
        return reference(ctx, np.ones_like(grad))

    found.append(Mutant("ignored incoming gradient", ignoring, r"incoming"))
    if len(given) >= 2:

        def swap(gs, c):
            gs = list(gs)
            gs[given[0]], gs[given[1]] = gs[given[1]], gs[given[0]]
            return gs

        found.append(Mutant("swapped gradients", _planted(reference, swap), r"swapped"))
        aliased = _aliased_input(solution, inputs)
        if aliased is not None:

            def overwritten(gs, c):  # only the first use's gradient survives
                return [g if k == given[0] else None for k, g in enumerate(gs)]

            found.append(Mutant("= for +=", _planted(reference, overwritten), r"\+=",
                                (aliased,), aliased=True))  # fmt: skip
    for name, mistake in mistakes_of(solution).items():
        expected = re.escape(f"known mistake, {name!r}")
        found.append(Mutant(name, mistake.backward, expected, declared=True))
    return found


def _map(gradient: Any, change: Callable) -> Any:
    return None if gradient is None else change(np.asarray(gradient))


def _aliased_input(solution: type, inputs: tuple) -> np.ndarray | None:
    """An input the solution accepts as both of its first two arguments, if one exists."""
    shapes = [np.shape(x) for x in inputs[:2]]
    shapes += [(n, n) for shape in shapes for n in shape]
    rng = np.random.default_rng(1)
    for shape in shapes:
        x = rng.standard_normal(shape)
        try:
            solution.apply(x, x)
        except (ValueError, TypeError, IndexError):
            continue
        return x
    return None


def audit(solutions: list[type]) -> list[Verdict]:
    """Check every mutant of every solution; one Verdict per mutant."""
    verdicts = []
    for solution in solutions:
        for mutant in mutants(solution):
            wrong = type(f"{solution.__name__}", (solution,),
                         {"backward": staticmethod(mutant.backward)})  # fmt: skip
            fn = (lambda a, wrong=wrong: wrong.apply(a, a)) if mutant.aliased else None
            result = check(wrong, mutant.inputs, fn)
            caught = result.status == WRONG
            right = caught and bool(re.search(mutant.expected, result.hint or ""))
            verdicts.append(
                Verdict(solution.__name__, mutant.name, caught, right, result.hint, mutant.declared)
            )
    return verdicts


def audit_report(verdicts: list[Verdict]) -> str:
    """The audit as a table, with the hint of each mutant whose hint missed, and the shares.

    >>> print(audit_report([Verdict("Tanh", "sign", True, True, "a sign is flipped")]))
    exercise  mistake  caught  hint names it
    Tanh      sign     yes     yes
    <BLANKLINE>
    Caught: 1 of 1 mutants (100 %). Hint names the mistake: 1 of 1 (100 %).
    """
    rows = [("exercise", "mistake", "caught", "hint names it")]
    rows += [
        (v.exercise, v.mistake, "yes" if v.caught else "NO", "yes" if v.hint_right else "no")
        for v in verdicts
    ]
    widths = [max(len(row[k]) for row in rows) for k in range(3)]
    lines = []
    for row in rows:
        lines.append("  ".join([*(c.ljust(w) for c, w in zip(row, widths)), row[3]]))
    missed = [v for v in verdicts if v.caught and not v.hint_right]
    if missed:
        lines += ["", "Hints that did not name the planted mistake:"]
        lines += [f"  {v.exercise} / {v.mistake}: {v.hint}" for v in missed]
    n = len(verdicts)
    caught = sum(v.caught for v in verdicts)
    right = sum(v.hint_right for v in verdicts)
    generic = [v for v in verdicts if not v.declared]
    lines += [
        "",
        f"Caught: {caught} of {n} mutants ({100 * caught / n:.0f} %). "
        f"Hint names the mistake: {right} of {n} ({100 * right / n:.0f} %).",
    ]
    if generic and len(generic) < n:
        named = sum(v.hint_right for v in generic)
        lines.append(
            f"Of the generic mistakes, named by gradcheck's own reading of the numbers: "
            f"{named} of {len(generic)} ({100 * named / len(generic):.0f} %); the other "
            f"{n - len(generic)} are the exercises' declared mistakes, named by matching them."
        )
    return "\n".join(lines)
