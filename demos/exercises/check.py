"""Judge exercises with gradcheck: correct, wrong (with the diagnostic) or not attempted."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograd import GradcheckError, gradcheck

CORRECT, WRONG, NOT_ATTEMPTED = "correct", "WRONG", "not attempted"


@dataclass(frozen=True)
class Result:
    """How one exercise fared: its name, one of the three statuses, and why.

    >>> Result("Tanh", CORRECT).status
    'correct'
    """

    name: str
    status: str
    detail: str = ""


def check(function: type) -> Result:
    """Run gradcheck on `function` with its `example_inputs` (seeded, so every run agrees).

    >>> from demos.exercises.solutions import Tanh
    >>> check(Tanh)
    Result(name='Tanh', status='correct', detail='')
    """
    inputs = function.example_inputs(np.random.default_rng(0))
    name = function.__name__
    try:
        gradcheck(function.apply, *inputs)
    except NotImplementedError as error:
        return Result(name, NOT_ATTEMPTED, str(error))
    except GradcheckError as error:
        return Result(name, WRONG, str(error))
    except Exception as error:  # the learner's backward crashed: that is a wrong answer too
        return Result(name, WRONG, f"backward raised {type(error).__name__}: {error}")
    return Result(name, CORRECT)


def report(results: list[Result]) -> str:
    """A numbered table of results, the diagnostics of wrong answers, and a summary line.

    >>> print(report([Result("Tanh", CORRECT), Result("Log", NOT_ATTEMPTED, "todo")]))
     1. Tanh  correct
     2. Log   not attempted
    <BLANKLINE>
    1 of 2 correct, 0 wrong, 1 not attempted.
    Next: todo
    """
    width = max(len(r.name) for r in results)
    lines = []
    for number, result in enumerate(results, start=1):
        lines.append(f"{number:2d}. {result.name:<{width}}  {result.status}")
        if result.status == WRONG:
            lines += [f"      {line}" for line in result.detail.splitlines()]
    counts = {s: sum(r.status == s for r in results) for s in (CORRECT, WRONG, NOT_ATTEMPTED)}
    summary = (
        f"{counts[CORRECT]} of {len(results)} correct, {counts[WRONG]} wrong, "
        f"{counts[NOT_ATTEMPTED]} not attempted."
    )
    lines += ["", summary]
    upcoming = next((r for r in results if r.status != CORRECT), None)
    if upcoming is not None and upcoming.status == WRONG:
        lines.append(f"Next: fix {upcoming.name}.backward, with the diagnostic above.")
    elif upcoming is not None:
        lines.append(f"Next: {upcoming.detail}")
    return "\n".join(lines)
