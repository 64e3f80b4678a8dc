"""A drawing of the graph without Graphviz: nodes in layers from the leaves, as SVG.

A leaf sits in column 0; an operation one column right of its right-most
input; its result one column right of it. Within a column, nodes keep their
creation order. Every node and edge has a `data-id` (`op3`, `t3`, `leaf0`,
`e-leaf0-op3`) so a page can highlight it, with several drawings on one page.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..tensor import Tensor
from .graph import RecordedGraph, key_of

_COLUMN, _ROW = 128, 54  # spacing in pixels
_WIDTH, _HEIGHT = 108, 36  # size of a node
_MARGIN = 12


def _positions(graph: RecordedGraph) -> dict[str, tuple[int, int]]:
    """node id -> (column, row)."""
    column: dict[str, int] = {}
    for leaf in graph.leaves:
        column[graph.node_id(leaf)] = 0
    for ctx in graph.ops:  # creation order: every input is placed before its user
        inputs = [column[graph.node_id(key_of(x))] for x in ctx.inputs if isinstance(x, Tensor)]
        op = f"op{graph.op_index[ctx]}"
        column[op] = max(inputs, default=0) + 1
        column[graph.node_id(ctx)] = column[op] + 1
    rows: dict[int, int] = {}
    placed = {}
    for node, col in column.items():
        placed[node] = (col, rows.get(col, 0))
        rows[col] = rows.get(col, 0) + 1
    return placed


def _centre(cell: tuple[int, int]) -> tuple[int, int]:
    col, row = cell
    return _MARGIN + col * _COLUMN + _WIDTH // 2, _MARGIN + row * _ROW + _HEIGHT // 2


def _node(node_id: str, cell: tuple[int, int], text: list[str], kind: str, tip: str) -> str:
    x, y = _centre(cell)
    if kind == "op":
        shape = f'<ellipse cx="{x}" cy="{y}" rx="{_WIDTH // 2}" ry="{_HEIGHT // 2}"/>'
    else:
        left, top = x - _WIDTH // 2, y - _HEIGHT // 2
        shape = f'<rect x="{left}" y="{top}" width="{_WIDTH}" height="{_HEIGHT}" rx="6"/>'
    first = y - 6 * (len(text) - 1)
    words = "".join(
        f'<text x="{x}" y="{first + 12 * i + 4}">{escape(line)}</text>'
        for i, line in enumerate(text)
    )
    return (
        f'<g data-id="{node_id}" class="node {kind}"><title>{escape(tip)}</title>{shape}{words}</g>'
    )


def _edge(tail: str, head: str, positions: dict, marker: str) -> str:
    (x1, y1), (x2, y2) = _centre(positions[tail]), _centre(positions[head])
    x1 += _WIDTH // 2
    x2 -= _WIDTH // 2
    return (
        f'<line data-id="e-{tail}-{head}" class="edge" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
        f'marker-end="url(#{marker})"/>'
    )


def graph_svg(graph: RecordedGraph, label: Any, prefix: str) -> str:
    """The graph as one inline SVG; `label(key)` gives a tensor's tooltip.

    `prefix` makes the one element id (the arrow head) unique on the page.

    >>> x = Tensor([1.0], requires_grad=True)
    >>> svg = graph_svg(RecordedGraph(x * 2.0, None, False), str, "view1")
    >>> svg.count('class="node'), 'data-id="e-leaf0-op0"' in svg
    (3, True)
    """
    marker = f"{prefix}-arrow"
    positions = _positions(graph)
    parts = []
    for ctx in graph.ops:
        op = f"op{graph.op_index[ctx]}"
        for x in ctx.inputs:
            if isinstance(x, Tensor):
                parts.append(_edge(graph.node_id(key_of(x)), op, positions, marker))
        parts.append(_edge(op, graph.node_id(ctx), positions, marker))
    for key in graph.tensors:
        data = graph.data(key)
        text = [line for line in (graph.title(key), str(data.shape)) if line]
        kind = "tensor " + (graph.kind(key) or "result")
        node = graph.node_id(key)
        parts.append(_node(node, positions[node], text, kind, label(key)))
    for ctx in graph.ops:
        op = f"op{graph.op_index[ctx]}"
        name = f"[{graph.op_index[ctx]}] {ctx.function.name}"
        parts.append(_node(op, positions[op], [name], "op", name))
    columns = max((c for c, _ in positions.values()), default=0) + 1
    rows = max((r for _, r in positions.values()), default=0) + 1
    width = 2 * _MARGIN + (columns - 1) * _COLUMN + _WIDTH
    height = 2 * _MARGIN + (rows - 1) * _ROW + _HEIGHT
    arrow = (
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z"/></marker></defs>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="own" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{arrow}{"".join(parts)}</svg>'
    )
