"""Seeing the recorded graph and the backward pass that runs over it.

- `draw_graph` (Graphviz) and `print_graph` (a terminal tree) show what
  `backward` walks: one node per operation and one per tensor. Operations
  are numbered in the order they were created (`[0]`, `[1]`, ...) and leaves
  in the order they are first used, so the same code gives the same
  drawing, byte for byte, on every run. Tensors are labelled with their
  shape, dtype and name; `params=dict(model.named_parameters())` supplies
  full dotted names such as `fc1.weight`.
- `step_through` records one real backward pass and replays it step by step:
  in the terminal, in Jupyter, or as one self-contained HTML page.
- `memory_report` lists the arrays each operation keeps for backward.

With `show_grad=True` the gradients of every tensor are computed for the
drawing alone, by running the backward pass from the drawn tensor with a seed
of ones of its shape (the gradient of `tensor.sum()`); `.grad` is never read
or changed. Where backward sums a gradient over broadcast axes, the edge says
so ("sum over axes (0,)").

The graphviz package is imported only when a graph is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..tensor import Tensor
from .memory import MemoryReport, memory_report
from .steps import BackwardSteps, step_through
from .tree import print_graph

if TYPE_CHECKING:
    from .dot import GraphDrawing

__all__ = [
    "BackwardSteps",
    "GraphDrawing",
    "GraphvizNotFound",
    "MemoryReport",
    "draw_graph",
    "memory_report",
    "print_graph",
    "step_through",
]


def __getattr__(name: str) -> Any:
    # The Graphviz classes live in .dot, loaded (with graphviz) on first use.
    if name in ("GraphDrawing", "GraphvizNotFound"):
        from . import dot

        return getattr(dot, name)
    raise AttributeError(f"module 'autograd.viz' has no attribute {name!r}")


def draw_graph(
    tensor: Tensor,
    show_data: bool = False,
    show_grad: bool = False,
    rankdir: str = "LR",
    max_nodes: int = 300,
    collapse_modules: bool | int = False,
    params: Any = None,
    check: Any = None,
    show_memory: bool = False,
) -> GraphDrawing:
    """The graph that produced `tensor`, as a `graphviz.Digraph` (see the module docstring).

    Ellipses are operations, boxes tensors: double-bordered and shaded for
    leaves that require grad (parameters), dashed for inputs that do not,
    bold for `tensor` itself. Operations made inside `autograd.scope(label)`
    (every module call) are framed by nested boxes named after the labels.
    An operation's tooltip says how many bytes it keeps for backward.

    - `show_data`: values of tensors with up to 8 elements, else mean, std,
      min and max.
    - `show_grad`: colour tensors and edges by mean |grad| on a log scale
      (legend included), grey for exactly zero, black for NaN or Inf. The
      gradients are those of `tensor.sum()`, computed for the drawing.
    - `rankdir`: "LR" (left to right) or "TB" (top to bottom).
    - `max_nodes`: a larger graph is drawn truncated to its last operations,
      with a note saying so.
    - `collapse_modules`: True draws each module without sub-modules as one
      box (listing its parameters); an int n collapses the modules at
      nesting depth n (1 = outermost).
    - `params`: name -> Tensor, e.g. `dict(model.named_parameters())`, for
      full dotted names.
    - `check`: the report of `autograd.check_graph(tensor)`; failing
      operations are drawn red with the hint in their label.
    - `show_memory`: also write the bytes each operation keeps in its label.

    `.source` is the DOT text; rendering (`.render()`, `.pipe()`, Jupyter)
    needs Graphviz, and says how to install it when it is missing.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> x.name = "x"
    >>> drawing = draw_graph((x * x).sum(), show_grad=True)
    >>> 'label=mul' in drawing.source and 'label=sum' in drawing.source
    True
    """
    from .drawing import build_drawing  # imports graphviz

    return build_drawing(
        tensor,
        show_data,
        show_grad,
        rankdir,
        max_nodes,
        collapse_modules,
        params,
        check,
        show_memory,
    )
