"""Where every node and edge of a drawing goes, and the DOT source that says so."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import graphviz

from ..tensor import Tensor
from .clusters import Cluster, clusters, collapsed, common_cluster
from .dot import GraphDrawing, dot_text
from .graph import RecordedGraph, key_of
from .memory import saved_arrays
from .style import FAILED_FILL, OP_FILL, PARAMETER_FILL, GradientScale
from .text import byte_size, constant, magnitude


def _kept_operations(graph: RecordedGraph, max_nodes: int) -> list:
    """The latest operations whose drawing (with its tensors) fits in `max_nodes` nodes."""
    if not (isinstance(max_nodes, int) and max_nodes >= 1):
        raise ValueError(f"draw_graph: max_nodes must be a positive int, got {max_nodes!r}")
    drawn: set = set()
    count, start = 0, len(graph.ops)
    for index in range(len(graph.ops) - 1, -1, -1):
        ctx = graph.ops[index]
        new = {ctx} | {key_of(x) for x in ctx.inputs if isinstance(x, Tensor)}
        cost = 1 + len(new - drawn) + sum(not isinstance(x, Tensor) for x in ctx.inputs)
        if count + cost > max_nodes and start < len(graph.ops):
            break
        drawn |= new
        count, start = count + cost, index
    return graph.ops[start:]


class _Drawing:
    """Decides where every node and edge goes, then writes the DOT source."""

    def __init__(
        self,
        graph: RecordedGraph,
        show_data: bool,
        show_grad: bool,
        collapse: bool | int,
        max_nodes: int,
        check: Any = None,
        show_memory: bool = False,
    ) -> None:
        self.graph, self.show_data, self.show_grad = graph, show_data, show_grad
        self.failed = _failures_by_operation(graph, check)
        self.check, self.show_memory = check, show_memory
        self.kept = _kept_operations(graph, max_nodes)
        self.top, self.cluster_of = clusters(self.kept)
        self.boxes = collapsed(self.top, collapse)
        self.box_of = {ctx: self._enclosing_box(self.cluster_of[ctx]) for ctx in self.kept}
        self.scale = GradientScale([magnitude(g) for g in graph.grads.values()])
        # (tail, head, position): an operation using one tensor twice (x * x) gets two
        # edges; edges into a collapsed module (position None) are drawn once.
        self.edges: dict[tuple[str, str, int | None], dict] = {}

    def _enclosing_box(self, cluster: Cluster) -> Cluster | None:
        return next((c for c in cluster.ancestors() if c in self.boxes), None)

    def _hidden_in(self, key: Any) -> Cluster | None:
        """The collapsed module box a tensor is drawn inside of, if any."""
        if self.graph.is_leaf(key):
            return self._enclosing_box(self._leaf_home(key))
        return self.box_of.get(key)

    def digraph(self, rankdir: str) -> GraphDrawing:
        graph_attr = {"rankdir": rankdir, "fontname": "Helvetica", "fontsize": "10"}
        notes = [self._truncation_note()] if len(self.kept) < len(self.graph.ops) else []
        if self.check is not None:
            notes.append(self._check_note())
        if self.graph.freed:
            notes.append(
                "backward() freed this graph: leaves show their .grad; for the gradients of "
                "the inner tensors, call backward(retain_graph=True) before drawing"
            )
        if notes:
            graph_attr |= {"labelloc": "t", "label": dot_text(notes)}
        dot = GraphDrawing(
            name="autograd",
            graph_attr=graph_attr,
            node_attr={"fontname": "Helvetica", "fontsize": "10"},
            edge_attr={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.7"},
        )
        self._place_nodes()
        self._emit(self.top, dot)
        for (tail, head, _), attrs in self.edges.items():
            dot.edge(tail, head, **attrs)
        if self.show_grad and self.graph.grads:
            self._legend(dot)
        return dot

    def _check_note(self) -> str:
        count = len(self.graph.ops)
        if not self.failed:
            return f"Gradient check: all {count} operations passed"
        names = ", ".join(sorted({f.function for f in self.failed.values()}))
        return f"Gradient check: {len(self.failed)} of {count} operations failed ({names}), in red"

    def _truncation_note(self) -> str:
        return (
            f"Truncated: the last {len(self.kept)} of {len(self.graph.ops)} operations are "
            f"drawn; dotted tensors were made by operations not drawn. Pass a larger max_nodes "
            f"to draw more."
        )

    # -------------------------------------------------------------- nodes
    def _place_nodes(self) -> None:
        graph = self.graph
        exported = self._exported()
        for ctx in self.kept:
            box, cluster = self.box_of[ctx], self.cluster_of[ctx]
            if box is None:
                self._op_node(ctx, cluster)
                self._tensor_node(ctx, cluster)
                self._connect(f"op{graph.op_index[ctx]}", graph.node_id(ctx), ctx)
            elif ctx in exported:
                self._tensor_node(ctx, box.parent)
                self._connect(f"module{box.number}", graph.node_id(ctx), ctx)
            for position, x in enumerate(ctx.inputs):
                self._input(ctx, position, x)
        for box in sorted(self.boxes, key=lambda c: c.number):
            style = _BOX_STYLE
            if any(self.box_of[c] is box for c in self.failed):
                style = _BOX_STYLE | {"fillcolor": FAILED_FILL, "fontcolor": "white"}
            box.parent.nodes.append((f"module{box.number}", self._box_label(box), style))
        used = {key_of(x) for ctx in self.kept for x in ctx.inputs if isinstance(x, Tensor)}
        for leaf in graph.leaves:
            home = self._leaf_home(leaf)
            if (leaf in used or leaf is graph.root) and self._hidden_in(leaf) is None:
                self._tensor_node(leaf, home)
        kept = set(self.kept)
        for key in sorted(used - kept - set(graph.leaves), key=lambda c: c.sequence):
            self._tensor_node(key, self.top, boundary=True)

    def _exported(self) -> set:
        """Operations inside a collapsed module whose result is used outside it."""
        graph, exported = self.graph, set()
        for ctx in self.kept:
            box = self.box_of[ctx]
            users = graph.consumers.get(ctx, [])  # all kept: they came after ctx
            if box is not None and (
                ctx is graph.root._ctx or any(self.box_of[c] is not box for c in users)
            ):
                exported.add(ctx)
        return exported

    def _leaf_home(self, leaf: Tensor) -> Cluster:
        """Parameters sit in the innermost module using all of them; inputs at the top."""
        consumers = self.graph.consumers.get(leaf, [])
        users = [self.cluster_of[c] for c in consumers if c in self.box_of]  # drawn ones
        if not (leaf.requires_grad and users):
            return self.top
        return common_cluster(users)

    def _op_node(self, ctx: Any, cluster: Cluster) -> None:
        tooltip = ctx.function.name
        trace = getattr(ctx, "trace", None)
        if trace:
            tooltip += f", created at {trace}"
        memory = _memory_text(ctx)
        tooltip += f"; {memory}"
        lines = [ctx.function.name] + ([memory] if self.show_memory else [])
        attrs = {"shape": "ellipse", "style": "filled", "fillcolor": OP_FILL}
        failure = self.failed.get(ctx)
        if failure is not None:
            lines += ["gradient check failed", *textwrap.wrap(str(failure.hint), 36)]
            # gradcheck's message already ends with its hint; a tooltip is one line.
            said = (
                failure.message
                if failure.hint in failure.message
                else (f"{failure.message} Hint: {failure.hint}.")
            )
            tooltip = f"{' '.join(said.split())} {tooltip}"
            attrs |= {"fillcolor": FAILED_FILL, "fontcolor": "white", "color": FAILED_FILL}
            attrs |= {"penwidth": "3"}
        attrs["tooltip"] = tooltip
        index = self.graph.op_index[ctx]
        cluster.nodes.append((f"op{index}", dot_text(lines), attrs))

    def _tensor_node(self, key: Any, cluster: Cluster, boundary: bool = False) -> None:
        graph = self.graph
        title = graph.title(key)
        lines = ([title] if title else []) + graph.lines(key, self.show_data, self.show_grad)
        style = ["rounded"]
        attrs = {"shape": "box"}
        kind = graph.kind(key)
        if kind == "parameter":
            style.append("filled")
            attrs |= {"fillcolor": PARAMETER_FILL, "peripheries": "2"}
        elif kind == "input":
            style.append("dashed")
        if boundary:
            style.append("dotted")
            lines.append(f"made by {key.function.name} (not drawn)")
        if key is key_of(graph.root):
            attrs["penwidth"] = "2"
        flow = self._flow(key)
        if flow is not None:
            style.append("filled")
            attrs |= self.scale.style(flow)
        attrs["style"] = ",".join(dict.fromkeys(style))
        attrs["tooltip"] = _TOOLTIPS[kind]
        cluster.nodes.append((graph.node_id(key), dot_text(lines), attrs))

    def _box_label(self, box: Cluster) -> str:
        inside = [c for c in self.kept if self.box_of[c] is box]
        count = f"{len(inside)} operation{'s' if len(inside) != 1 else ''}"
        hidden = [
            f"{self.graph.name(leaf) or 'parameter'} {leaf.shape}"
            for leaf in self.graph.leaves
            if self._hidden_in(leaf) is box
        ]
        failed = [self.failed[c].function for c in inside if c in self.failed]
        if failed:
            hidden.append(f"gradient check failed: {', '.join(dict.fromkeys(failed))}")
        return dot_text([str(box.label), count, *hidden])

    # -------------------------------------------------------------- edges
    def _input(self, ctx: Any, position: int, x: Any) -> None:
        """The edge from one input of `ctx` to it, unless both are inside one module box."""
        graph = self.graph
        box = self.box_of[ctx]
        head = f"op{graph.op_index[ctx]}" if box is None else f"module{box.number}"
        if not isinstance(x, Tensor):
            if box is None:
                tail = f"const{graph.op_index[ctx]}_{position}"
                self.cluster_of[ctx].nodes.append((tail, dot_text([constant(x)]), _CONST_STYLE))
                self.edges[(tail, head, position)] = {}
            return
        key = key_of(x)
        if box is not None and self._hidden_in(key) is box:
            return
        tail = graph.node_id(key)
        attrs = self._gradient_edge(key)
        axes = graph.reductions(ctx).get(position) if box is None else None
        if axes:
            attrs |= {
                "label": f"sum over axes {axes}",
                "tooltip": (
                    f"{x.shape} was broadcast to {ctx.output.shape} in forward, so backward "
                    f"sums its gradient over axes {axes}"
                ),
            }
        self.edges[(tail, head, position if box is None else None)] = attrs

    def _connect(self, tail: str, head: str, key: Any) -> None:
        self.edges[(tail, head, 0)] = self._gradient_edge(key)

    def _gradient_edge(self, key: Any) -> dict:
        flow = self._flow(key)
        return {} if flow is None else self.scale.edge_style(flow)

    def _flow(self, key: Any) -> float | None:
        """Mean |grad| of a tensor that backward reaches; None without show_grad or grad."""
        graph = self.graph
        if not (self.show_grad and graph.grads and graph.tensors[key].requires_grad):
            return None
        return magnitude(graph.grads.get(key))

    # -------------------------------------------------------------- output
    def _emit(self, cluster: Cluster, dot: graphviz.Digraph) -> None:
        for name, label, attrs in cluster.nodes:
            dot.node(name, label, **attrs)
        for child in cluster.children:
            if child in self.boxes:
                continue
            with dot.subgraph(name=f"cluster_{child.number}") as sub:
                sub.attr(label=dot_text([str(child.label)]), style="rounded", color="#888888")
                sub.attr(fontname="Helvetica", fontsize="10")
                self._emit(child, sub)

    def _legend(self, dot: graphviz.Digraph) -> None:
        entries = [(text, self.scale.style(m)) for text, m in self.scale.legend()]
        flows = (self._flow(key) for key in self.graph.tensors)
        magnitudes = [m for m in flows if m is not None]
        if 0.0 in magnitudes:
            entries.append(("exactly 0 (no gradient flows)", self.scale.style(0.0)))
        if any(math.isnan(m) for m in magnitudes):
            entries.append(("NaN or Inf", self.scale.style(math.nan)))
        with dot.subgraph(name="cluster_legend") as legend:
            legend.attr(label="mean |grad| (seed: ones)", style="rounded", color="#888888")
            for number, (text, colours) in enumerate(entries):
                attrs = {"shape": "box", "style": "filled"} | colours
                legend.node(f"legend{number}", dot_text([text]), **attrs)


_BOX_STYLE = {"shape": "box3d", "style": "filled", "fillcolor": "#f5f0e1"}
_CONST_STYLE = {"shape": "plaintext", "fontcolor": "#555555"}
_TOOLTIPS = {
    "parameter": "a leaf that requires grad (a parameter)",
    "input": "a leaf that does not require grad (an input or a constant)",
    "": "a tensor computed by the operation before it",
}


def _memory_text(ctx: Any) -> str:
    arrays = saved_arrays(ctx)
    if not arrays:
        return "keeps nothing for backward"
    shapes = ", ".join(str(a.shape) for a in arrays)
    return f"keeps {byte_size(sum(a.nbytes for a in arrays))} for backward: {shapes}"


def _failures_by_operation(graph: RecordedGraph, check: Any) -> dict:
    """Context -> failure, from a gradient-check report of this graph (`check_graph`)."""
    if check is None:
        return {}
    if not hasattr(check, "failures"):
        raise TypeError(
            f"draw_graph: check= takes the report autograd.check_graph(output) returns, "
            f"got a {type(check).__name__}"
        )
    found = {}
    for failure in check.failures:
        ctx = failure.context
        if ctx not in graph.op_index:
            raise ValueError(
                f"draw_graph: check= reports a failing {failure.function}, which is not an "
                f"operation of this graph; pass the report of check_graph on this very tensor"
            )
        found[ctx] = failure
    return found


def build_drawing(
    tensor: Tensor,
    show_data: bool,
    show_grad: bool,
    rankdir: str,
    max_nodes: int,
    collapse_modules: bool | int,
    params: Any,
    check: Any,
    show_memory: bool,
) -> GraphDrawing:
    """The drawing `autograd.viz.draw_graph` returns (see there).

    >>> x = Tensor([1.0], requires_grad=True)
    >>> "op0" in build_drawing(x * 2.0, False, False, "LR", 300, False, None, None, False).source
    True
    """
    graph = RecordedGraph(tensor, params, show_grad)
    drawing = _Drawing(graph, show_data, show_grad, collapse_modules, max_nodes, check, show_memory)
    return drawing.digraph(rankdir)
