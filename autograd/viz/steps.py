"""The backward pass step by step: which operation runs, what arrives, what it sends.

`step_through(output)` runs one real backward pass from `output` (seed:
ones, the gradient of `output.sum()`) and keeps, for every operation in the
order the engine ran it, the gradient that arrived and the gradients it sent
to its inputs, and marks the moments when a gradient reaches a tensor that
already holds one (a tensor used twice) and the two are added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..tensor import Tensor
from .graph import RecordedGraph, key_of
from .recording import record_backward


@dataclass
class Sent:
    """A gradient one operation sent to one of its inputs (`position`) during backward.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> (sent,) = step_through(x * 2.0).steps[0].sent
    >>> sent.position, sent.target is x, sent.grad
    (0, True, array([2.], dtype=float32))
    """

    position: int
    target: Any  # the key of the input: its Context, or the leaf Tensor
    grad: np.ndarray


@dataclass
class Meeting:
    """Two gradients met at a reused tensor and were added: `held` + `arriving` = `total`.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> (meeting,) = step_through(x + x).steps[0].meetings
    >>> meeting.held, meeting.arriving, meeting.total
    (array([1.], dtype=float32), array([1.], dtype=float32), array([2.], dtype=float32))
    """

    target: Any
    held: np.ndarray
    arriving: np.ndarray
    total: np.ndarray


@dataclass
class Step:
    """One operation's backward: what arrived at its result and what it sent on.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> step_through(x * 2.0).steps[0].incoming
    array([1.], dtype=float32)
    """

    ctx: Any
    incoming: np.ndarray
    sent: list[Sent]
    meetings: list[Meeting] = field(default_factory=list)


class BackwardSteps:
    """One recorded backward pass, replayable: `print(steps)`, Jupyter, or `.save_html(path)`.

    `steps` lists the operations in the order the engine ran their backward.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> steps = step_through((x * x).sum())
    >>> [step.ctx.function.name for step in steps.steps]
    ['sum', 'mul']
    >>> print(steps)                                     # doctest: +NORMALIZE_WHITESPACE
    Backward pass from [1] sum -> () float32, seed: ones. 2 steps.
    step 1 of 2: [1] sum runs backward
      receives 1
      sends to [0] mul -> (2,) float32: [1., 1.]
    step 2 of 2: [0] mul runs backward
      receives [1., 1.]
      sends to parameter (2,) float32 (input 0): [1., 2.]
      sends to parameter (2,) float32 (input 1): [1., 2.]
      + gradients meet at parameter (2,) float32, used 2 times: [1., 2.] + [1., 2.] = [2., 4.]
    """

    def __init__(self, output: Tensor, params: Any = None, layout: str = "auto") -> None:
        if layout not in ("auto", "dot", "simple"):
            raise ValueError(
                f"step_through: layout must be 'auto', 'dot' or 'simple', got {layout!r}"
            )
        self.layout = layout
        if not isinstance(output, Tensor):
            raise TypeError(f"step_through needs a Tensor, got {type(output).__name__}")
        if not output.requires_grad:
            raise RuntimeError(
                "step_through: this tensor does not require grad, so backward has nothing to "
                "do. Give its inputs requires_grad=True and compute it outside no_grad()."
            )
        self.graph = RecordedGraph(output, params, show_grad=False)
        self.steps = _steps(self.graph)

    def label(self, key: Any) -> str:
        """How the text names a tensor: `[n] op -> shape dtype`, or a leaf's name and shape."""
        graph = self.graph
        data = graph.data(key)
        described = f"{data.shape} {data.dtype}"
        if graph.is_leaf(key):
            return f"{graph.title(key)} {described}"
        name = graph.name(key)
        head = f"[{graph.op_index[key]}] {key.function.name} ->"
        return f"{head} {name} {described}" if name else f"{head} {described}"

    def step_text(self, number: int) -> list[str]:
        """The lines describing step `number` (1-based)."""
        step = self.steps[number - 1]
        ctx = step.ctx
        lines = [
            f"step {number} of {len(self.steps)}: [{self.graph.op_index[ctx]}] "
            f"{ctx.function.name} runs backward",
            f"  receives {_array_text(step.incoming)}",
        ]
        inputs = sum(isinstance(x, Tensor) for x in ctx.inputs)
        for sent in step.sent:
            which = f" (input {sent.position})" if inputs > 1 and _repeated(ctx, sent) else ""
            lines.append(f"  sends to {self.label(sent.target)}{which}: {_array_text(sent.grad)}")
        for meeting in step.meetings:
            uses = len(self.graph.consumers.get(meeting.target, []))
            lines.append(
                f"  + gradients meet at {self.label(meeting.target)}, used {uses} times: "
                f"{_array_text(meeting.held)} + {_array_text(meeting.arriving)} = "
                f"{_array_text(meeting.total)}"
            )
        return lines

    def __str__(self) -> str:
        root = key_of(self.graph.root)
        count = len(self.steps)
        head = f"Backward pass from {self.label(root)}, seed: ones. {count} steps."
        lines = [head]
        for number in range(1, count + 1):
            lines += self.step_text(number)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<BackwardSteps: {len(self.steps)} steps; print() it or open it in Jupyter>"

    def _repr_html_(self) -> str:
        from .page import html_fragment

        return html_fragment(self)

    def save_html(self, path: str | Path) -> Path:
        """Write one self-contained HTML page (nothing fetched) that replays the pass."""
        from .page import html_document

        path = Path(path)
        path.write_text(html_document(self), encoding="utf-8")
        return path


def step_through(output: Tensor, params: Any = None, layout: str = "auto") -> BackwardSteps:
    """Record one real backward pass from `output` and replay it step by step.

    `params` (name -> Tensor, e.g. `dict(model.named_parameters())`) names
    parameters. `.grad` is never read or changed. See `BackwardSteps`.

    The page draws the graph as `draw_graph` does when Graphviz is there
    (`layout="dot"`, module boxes included), else with a simple layered
    layout of its own (`layout="simple"`); `"auto"` picks the first that works.

    >>> from autograd import Tensor
    >>> x = Tensor([3.0], requires_grad=True)
    >>> len(step_through((x * 2.0).exp().sum()).steps)
    3
    """
    return BackwardSteps(output, params, layout)


def _steps(graph: RecordedGraph) -> list[Step]:
    """The recorded calls as steps, with a meeting wherever a tensor already held a gradient."""
    watched = record_backward(graph.root, graph.ops)
    held: dict = {key_of(graph.root): np.ones_like(graph.root.data)}
    steps = []
    for call in watched.calls:
        step = Step(call.ctx, call.incoming, [])
        for position, (x, g) in enumerate(zip(call.ctx.inputs, call.outgoing)):
            if g is None:
                continue
            target = key_of(x)
            step.sent.append(Sent(position, target, g))
            if target in held:
                total = held[target] + g
                step.meetings.append(Meeting(target, held[target], g, total))
                held[target] = total
            else:
                held[target] = g
        steps.append(step)
    return steps


def _repeated(ctx: Any, sent: Sent) -> bool:
    """Whether the input sent to appears more than once among the operation's inputs."""
    return sum(isinstance(x, Tensor) and key_of(x) is sent.target for x in ctx.inputs) > 1


def _array_text(array: np.ndarray) -> str:
    """A gradient in one line: every value when small, else shape and mean |g|."""
    if array.ndim == 0:
        return f"{array.item():.4g}"
    if array.size <= 6:
        text = np.array2string(array, precision=4, separator=", ", max_line_width=1000)
        return text.replace("\n", "")
    return f"{array.shape} array, mean |g| {np.abs(array).mean():.3g}"
