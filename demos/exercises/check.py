"""Judge exercises with gradcheck: correct, wrong (with the diagnostic) or not attempted.

Known mistakes
--------------
An exercise may declare the mistakes learners typically make in it, as a
class attribute `mistakes` on its `Function`:

    class Tanh(Function):
        ...
        mistakes = {
            "1 - y": Mistake(
                lambda ctx, grad: grad * (1 - ctx.saved[0]),
                "the derivative of tanh is not 1 - tanh(x): ...",
            ),
        }

- The key is a short name of the mistake, shown to the learner.
- The value is a `Mistake(backward, hint)`: `backward` is the wrong backward
  itself, with the signature of `Function.backward`, `(ctx, grad) -> one
  gradient per forward input` (None for an input without one). It reads what
  forward saved (`ctx.saved`, `ctx.mask`, ...) exactly as the real backward
  does, and must return gradients of the right shapes. `hint` guides the
  learner to the fix without giving it away. A plain function is accepted
  too; its docstring is then the hint.
- The attribute may also be assigned after the class (`Tanh.mistakes =
  {...}`), as `demos/exercises/mistakes.py` does for the built-in exercises
  so that the exercise files hold no near-answers.

`check` uses them: when a learner's backward fails and its gradients equal
those of a declared mistake (on the same inputs and incoming gradient), the
hint names that mistake; so does `autograd.check_graph` when the exercise's
Function is used inside a model (it accepts any value with `.backward` and
`.hint`, or a bare function whose docstring is the hint).
`python -m demos.exercises --audit` plants each declared mistake, and the
generic ones of `audit.py`, into the reference solutions and reports which
the checker catches and names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from autograd import GradcheckError, Tensor, gradcheck
from autograd.hints import raised_at

CORRECT, WRONG, NOT_ATTEMPTED = "correct", "WRONG", "not attempted"


class Mistake(NamedTuple):
    """A known wrong backward of an exercise and the hint shown when a learner's matches it.

    >>> Mistake(lambda ctx, grad: -grad, "mind the sign").hint
    'mind the sign'
    """

    backward: Callable[..., Any]
    hint: str


@dataclass(frozen=True)
class Result:
    """How one exercise fared: its name, one of the three statuses, and why.

    >>> Result("Tanh", CORRECT).status
    'correct'
    """

    name: str
    status: str
    detail: str = ""
    hint: str | None = None


def check(function: type, inputs: tuple | None = None, fn: Callable | None = None) -> Result:
    """Run gradcheck on `function` with its `example_inputs` (seeded, so every run agrees).

    `inputs` and `fn` (default: `function.apply`) replace what is checked.

    >>> from demos.exercises.solutions import Tanh
    >>> check(Tanh)
    Result(name='Tanh', status='correct', detail='', hint=None)
    """
    if inputs is None:
        inputs = function.example_inputs(np.random.default_rng(0))
    name = function.__name__
    try:
        gradcheck(fn or function.apply, *inputs)
    except NotImplementedError as error:
        return Result(name, NOT_ATTEMPTED, str(error))
    except GradcheckError as error:
        hint = error.hint
        known = None if fn is not None else known_mistake(function, inputs)
        if known is not None:  # the named mistake first, gradcheck's own reading below it
            hint = known if error.hint is None else f"{known}\nAlso: {error.hint}"
        detail = error.message if hint is None else f"{error.message}\nHint: {hint}"
        return Result(name, WRONG, detail, hint)
    except Exception as error:  # the learner's backward crashed: that is a wrong answer too
        where = raised_at(error)
        detail = f"backward raised {type(error).__name__}: {error}"
        return Result(name, WRONG, detail + (f"\nat {where}" if where else ""))
    return Result(name, CORRECT)


def mistakes_of(function: type) -> dict[str, Mistake]:
    """The declared mistakes of an exercise, each as a `Mistake` (a bare function's docstring
    is its hint).

    >>> from demos.exercises import Tanh
    >>> list(mistakes_of(Tanh))
    ['1 - y']
    """
    found = {}
    for name, value in (getattr(function, "mistakes", None) or {}).items():
        if not isinstance(value, Mistake):
            value = Mistake(value, (value.__doc__ or "").strip() or f"see the mistake {name!r}")
        found[name] = value
    return found


def known_mistake(function: type, inputs: tuple) -> str | None:
    """The hint of the declared mistake whose gradients the learner's backward reproduces."""
    mine = _gradients(function, inputs)
    if mine is None:
        return None
    for name, mistake in mistakes_of(function).items():
        wrong = type(f"{function.__name__}_{name}", (function,),
                     {"backward": staticmethod(mistake.backward)})  # fmt: skip
        theirs = _gradients(wrong, inputs)
        if theirs is not None and _same(mine, theirs):
            return f"this is a known mistake, {name!r}: {mistake.hint}"
    return None


def _gradients(function: type, inputs: tuple) -> list | None:
    """Backward's gradients, one per input, for a fixed random incoming gradient.

    Backward is called directly, not through the engine, so a gradient of the
    wrong shape (padding not cropped back, a sum left out) is still compared.
    """
    tensors = [
        Tensor(x, requires_grad=True, dtype=np.float64) if np.asarray(x).dtype.kind == "f" else x
        for x in inputs
    ]
    try:
        out = function.apply(*tensors)
        seed = np.random.default_rng(3).standard_normal(out.shape)
        grads = function.backward(out._ctx, seed)
        grads = grads if isinstance(grads, (tuple, list)) else (grads,)
        return [None if g is None else np.asarray(g, dtype=np.float64) for g in grads]
    except Exception:  # a backward that crashes matches nothing
        return None


def _same(mine: list, theirs: list) -> bool:
    """Whether two lists of gradients agree, shapes included."""
    return len(mine) == len(theirs) and all(
        (a is None and b is None)
        or (a is not None and b is not None and a.shape == b.shape
            and np.allclose(a, b, rtol=1e-6, atol=1e-9))
        for a, b in zip(mine, theirs)
    )  # fmt: skip


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
