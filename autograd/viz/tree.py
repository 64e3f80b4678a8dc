"""`print_graph`: the recorded graph as an indented tree in the terminal, no Graphviz needed."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from ..tensor import Tensor
from .graph import RecordedGraph, key_of
from .text import constant


def print_graph(
    tensor: Tensor,
    show_data: bool = False,
    show_grad: bool = False,
    params: Any = None,
    max_nodes: int = 200,
    file: TextIO | None = None,
) -> None:
    """Print the graph that produced `tensor` as an indented tree, no Graphviz needed.

    Each operation's result is a line `[n] name -> shape dtype` (n numbers
    operations in creation order, as `draw_graph` does), with the inputs it
    was computed from indented below it. A result used twice is expanded once
    and then marked "(see above)". `show_data`, `show_grad` and `params` work
    as in `draw_graph`; at most `max_nodes` lines are printed.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> x.name = "x"
    >>> print_graph((x * 3.0).sum())
    [1] sum -> () float32
    └── [0] mul -> (2,) float32
        ├── x parameter (2,) float32
        └── constant 3
    """
    graph = RecordedGraph(tensor, params, show_grad)
    print("\n".join(_tree(graph, show_data, show_grad, max_nodes)), file=file or sys.stdout)


def _tree(graph: RecordedGraph, show_data: bool, show_grad: bool, max_nodes: int) -> list[str]:
    lines: list[str] = []
    expanded: set = set()
    # (item, the line's prefix, its children's prefix, the consuming op and input position)
    stack: list[tuple[Any, str, str, Any, int]] = [(graph.root, "", "", None, 0)]
    while stack:
        if len(lines) == max_nodes:
            lines.append(f"... stopped after {max_nodes} lines; pass max_nodes= to print more")
            break
        item, prefix, indent, user, position = stack.pop()
        if not isinstance(item, Tensor):
            lines.append(f"{prefix}constant {constant(item)}")
            continue
        key = key_of(item)
        text = _tree_text(graph, key, show_data, show_grad)
        axes = graph.reductions(user).get(position) if user is not None else None
        if axes:
            text += f"  [grad: sum over axes {axes}]"
        if key in expanded:
            lines.append(f"{prefix}{text}  (see above)")
            continue
        lines.append(prefix + text)
        if not graph.is_leaf(key):
            expanded.add(key)
            inputs = key.inputs
            for i in range(len(inputs) - 1, -1, -1):
                last = i == len(inputs) - 1
                branch, below = ("└── ", "    ") if last else ("├── ", "│   ")
                stack.append((inputs[i], indent + branch, indent + below, key, i))
    return lines


def _tree_text(graph: RecordedGraph, key: Any, show_data: bool, show_grad: bool) -> str:
    """One line: `[n] op -> name shape dtype ...` for a result, `name kind shape ...` for a leaf."""
    if graph.is_leaf(key):
        head = [graph.name(key), graph.kind(key)]
    else:
        head = [f"[{graph.op_index[key]}] {key.function.name} ->", graph.name(key)]
    parts = [part for part in head if part] + graph.lines(key, show_data, show_grad)
    return " ".join(part.replace("\n", "") for part in parts)
