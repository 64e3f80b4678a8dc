"""Seeing the recorded graph: `draw_graph` (Graphviz) and `print_graph` (a terminal tree).

Both show what `backward` walks: one node per operation and one per tensor.
Operations are numbered in the order they were created (`[0]`, `[1]`, ...)
and leaves in the order they are first used, so the same code gives the same
drawing, byte for byte, on every run. Tensors are labelled with their shape,
dtype and name; `params=dict(model.named_parameters())` supplies full dotted
names such as `fc1.weight`.

With `show_grad=True` the gradients of every tensor are computed for the
drawing alone, by running the backward pass from the drawn tensor with a seed
of ones of its shape (the gradient of `tensor.sum()`); `.grad` is never read
or changed. Where backward sums a gradient over broadcast axes, the edge says
so ("sum over axes (0,)").
"""

from __future__ import annotations

import contextlib
import math
import sys
from collections.abc import Iterator
from typing import Any, TextIO

import graphviz
import numpy as np

from . import engine, mode
from .broadcast import broadcast_axes
from .tensor import Tensor

_INSTALL_GRAPHVIZ = (
    "Rendering a graph needs the Graphviz program `dot`, which is not on your PATH. "
    "Install Graphviz: `sudo apt-get install graphviz` (Debian/Ubuntu), "
    "`brew install graphviz` (macOS), `conda install -c conda-forge graphviz`, or on "
    "Windows the installer from https://graphviz.org/download/ (choose 'add Graphviz to "
    "the system PATH'), then restart Python. Without it, `.source` still gives the DOT "
    "text and `autograd.print_graph(tensor)` prints the graph in the terminal."
)


class GraphvizNotFound(graphviz.ExecutableNotFound):
    """The Graphviz `dot` program is missing; the message says how to install it."""

    def __init__(self) -> None:
        RuntimeError.__init__(self, _INSTALL_GRAPHVIZ)


@contextlib.contextmanager
def _explain_missing_dot() -> Iterator[None]:
    try:
        yield
    except graphviz.ExecutableNotFound as error:
        raise GraphvizNotFound() from error


class GraphDrawing(graphviz.Digraph):
    """A `graphviz.Digraph` whose rendering explains how to install Graphviz if it is missing.

    `.source` is the DOT text and needs nothing; `.render()`, `.pipe()`,
    `.view()` and display in Jupyter run the `dot` program.

    >>> drawing = GraphDrawing()
    >>> drawing.node("x")
    >>> "x" in drawing.source
    True
    """

    def pipe(self, *args: Any, **kwargs: Any) -> Any:
        """Render with `dot` and return the result (bytes, or str with `encoding`)."""
        with _explain_missing_dot():
            return super().pipe(*args, **kwargs)

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Save the source and render it to a file with `dot`; returns the file's path."""
        with _explain_missing_dot():
            return super().render(*args, **kwargs)

    def _repr_svg_(self) -> str:
        return self.pipe(format="svg", encoding="utf-8")


# ------------------------------------------------------------------ the graph


class _Recorded:
    """The graph behind one tensor, numbered in creation order, with what labels need.

    A tensor is identified by a key: its `Context` when an operation made it,
    the Tensor itself for a leaf.
    """

    def __init__(self, root: Tensor, params: Any, show_grad: bool) -> None:
        if not isinstance(root, Tensor):
            raise TypeError(f"drawing a graph needs a Tensor, got {type(root).__name__}")
        self.root = root
        self.ops = _operations(root)
        self.op_index = {ctx: i for i, ctx in enumerate(self.ops)}
        self.tensors: dict[Any, Tensor] = {_key(root): root}  # key -> a Tensor object, for names
        self.consumers: dict[Any, list] = {}
        for ctx in self.ops:
            for x in ctx.inputs:
                if isinstance(x, Tensor):
                    self.tensors.setdefault(_key(x), x)
                    self.consumers.setdefault(_key(x), []).append(ctx)
        self.leaves = [t for key, t in self.tensors.items() if key is t]  # in order of use
        self.leaf_index = {t: j for j, t in enumerate(self.leaves)}
        self.names = _parameter_names(params)
        self.grads = _gradients(root, self.ops) if show_grad else {}
        self._reductions: dict = {}

    def is_leaf(self, key: Any) -> bool:
        return isinstance(key, Tensor)

    def data(self, key: Any) -> np.ndarray:
        return key.data if self.is_leaf(key) else key.output

    def name(self, key: Any) -> str | None:
        tensor = self.tensors.get(key)
        return None if tensor is None else self.names.get(tensor) or tensor.name

    def kind(self, key: Any) -> str:
        """'parameter' (a leaf that requires grad), 'input' (a leaf that does not) or ''."""
        if not self.is_leaf(key):
            return ""
        return "parameter" if key.requires_grad else "input"

    def node_id(self, key: Any) -> str:
        return f"leaf{self.leaf_index[key]}" if self.is_leaf(key) else f"t{self.op_index[key]}"

    def title(self, key: Any) -> str:
        """The name, else what kind of leaf it is ('' for an unnamed computed tensor)."""
        return self.name(key) or self.kind(key)

    def lines(self, key: Any, show_data: bool, show_grad: bool) -> list[str]:
        """Shape and dtype, then values and gradient as asked."""
        data = self.data(key)
        lines = [f"{data.shape} {data.dtype}"]
        if show_data:
            lines += _values(data)
        if show_grad and self.tensors[key].requires_grad:
            lines += _gradient_text(self.grads.get(key))
        return lines

    def reductions(self, ctx: Any) -> dict[int, tuple]:
        """Input position -> axes over which backward sums that input's gradient."""
        if ctx not in self._reductions:
            self._reductions[ctx] = _reductions(ctx)
        return self._reductions[ctx]


def _reductions(ctx: Any) -> dict[int, tuple]:
    """Input position -> summed axes, found by running the operation's backward once.

    The engine sums when a `broadcasting` operation's backward returns a
    gradient of another shape than its input's; running that backward on ones
    tells which axes, for every operation alike (a matmul's batch axes too).
    """
    output_shape = ctx.output.shape
    wanted = [
        i
        for i, (x, needed) in enumerate(zip(ctx.inputs, ctx.needs_input_grad))
        if needed and x.shape != output_shape
    ]
    if not (ctx.function.broadcasting and wanted):
        return {}
    if ctx.released:  # backward freed what it saved; the shapes still tell most axes
        axes = {i: broadcast_axes(output_shape, ctx.inputs[i].shape) for i in wanted}
        return {i: found for i, found in axes.items() if found}
    with mode.no_grad(), np.errstate(all="ignore"):
        grads = ctx.function.backward(ctx, np.ones_like(ctx.output))
    grads = grads if isinstance(grads, (tuple, list)) else (grads,)
    found = {}
    for i in wanted:
        shape = np.shape(grads[i])
        axes = broadcast_axes(shape, ctx.inputs[i].shape) if shape else None
        if axes:
            found[i] = axes
    return found


def _key(tensor: Tensor) -> Any:
    return tensor if tensor._ctx is None else tensor._ctx


def _operations(root: Tensor) -> list:
    """Every recorded operation `root` depends on, in creation order (no recursion)."""
    seen: set = set()
    stack = [] if root._ctx is None else [root._ctx]
    while stack:
        ctx = stack.pop()
        if ctx not in seen:
            seen.add(ctx)
            stack += [x._ctx for x in ctx.inputs if isinstance(x, Tensor) and x._ctx is not None]
    return sorted(seen, key=lambda ctx: ctx.sequence)


def _parameter_names(params: Any) -> dict:
    """Tensor -> name from a mapping name -> Tensor (or (name, Tensor) pairs)."""
    if params is None:
        return {}
    names = {}
    for name, tensor in dict(params).items():
        if not isinstance(tensor, Tensor):
            raise TypeError(
                f"params must map names to Tensors (e.g. dict(model.named_parameters())); "
                f"{name!r} maps to a {type(tensor).__name__}"
            )
        names[tensor] = str(name)
    return names


def _gradients(root: Tensor, ops: list) -> dict:
    """key -> gradient of root.sum() for every tensor of the graph, leaving `.grad` alone."""
    if not root.requires_grad:
        return {}
    leaf_grads, interior_grads = engine._propagate(
        [root], [np.ones_like(root.data)], False, wanted=set(ops)
    )
    return {**interior_grads, **leaf_grads}


# ------------------------------------------------------------------ the words


_SMALL = 8  # tensors with at most this many elements show every value


def _values(array: np.ndarray) -> list[str]:
    """Every value of a small array, or mean, std, min and max of a larger one."""
    if array.size <= _SMALL:
        return [np.array2string(array, precision=4, separator=", ", max_line_width=60)]
    a = array.astype(np.float64)
    return [f"mean {a.mean():.3g}  std {a.std():.3g}", f"min {a.min():.3g}  max {a.max():.3g}"]


def _gradient_text(grad: np.ndarray | None) -> list[str]:
    if grad is None:
        return ["grad: none reached it"]
    if not np.isfinite(grad).all():
        nan, inf = int(np.isnan(grad).sum()), int(np.isinf(grad).sum())
        return [f"grad: {nan} NaN, {inf} Inf of {grad.size}"]
    zeros = int((grad == 0).sum())
    if zeros == grad.size:
        return ["grad: all exactly 0"]
    if grad.size <= _SMALL:
        lines = ["grad " + _values(grad)[0]]
    else:
        magnitude = np.abs(grad)
        lines = [f"|grad| mean {magnitude.mean():.2e}  max {magnitude.max():.2e}"]
    if zeros:
        lines.append(f"{zeros} of {grad.size} exactly 0")
    return lines


def _magnitude(grad: np.ndarray | None) -> float:
    """Mean |grad|: NaN when any value is NaN or Inf, 0 for all zeros or no gradient at all."""
    if grad is None:
        return 0.0
    if not np.isfinite(grad).all():
        return math.nan
    return float(np.abs(grad).mean())


def _dot_text(lines: list[str]) -> str:
    """Lines of text (a matrix's rows on lines of their own) as one escaped DOT label."""
    rows = [row for line in lines for row in line.split("\n")]
    return graphviz.nohtml("\\n".join(graphviz.escape(row) for row in rows))


# ------------------------------------------------------------------ colours


_PALETTE = ("#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026")
_WHITE_TEXT_FROM = 4  # palette entries from here on are dark
_ZERO = "#bdbdbd"  # exactly zero gradient: nothing flows (dead ReLUs)
_BROKEN = "#000000"  # NaN or Inf
_PARAMETER_FILL = "#dbe9f6"
_OP_FILL = "#eeeeee"


class _GradientScale:
    """Decades of mean |grad| mapped to colours, pale (small) to dark red (large).

    The scale spans this drawing's gradients; when they span more decades than
    there are colours, the smallest decades share the palest one.
    """

    def __init__(self, magnitudes: list[float]) -> None:
        decades = [math.floor(math.log10(m)) for m in magnitudes if m > 0 and math.isfinite(m)]
        self.top = max(decades, default=0)
        self.bottom = max(min(decades, default=0), self.top - len(_PALETTE) + 1)
        self.clipped = min(decades, default=0) < self.bottom

    def _index(self, decade: int) -> int:
        span = self.top - self.bottom
        position = (min(max(decade, self.bottom), self.top) - self.bottom) / span if span else 0.5
        return round(position * (len(_PALETTE) - 1))

    def style(self, magnitude: float) -> dict[str, str]:
        """Fill and text colour of a tensor whose gradient has this mean |grad|."""
        if math.isnan(magnitude):
            return {"fillcolor": _BROKEN, "fontcolor": "white"}
        if magnitude == 0:
            return {"fillcolor": _ZERO}
        index = self._index(math.floor(math.log10(magnitude)))
        return {"fillcolor": _PALETTE[index]} | (
            {"fontcolor": "white"} if index >= _WHITE_TEXT_FROM else {}
        )

    def edge_style(self, magnitude: float) -> dict[str, str]:
        """Colour and width of an edge carrying a gradient of this mean |grad|."""
        if math.isnan(magnitude):
            return {"color": _BROKEN, "penwidth": "3"}
        if magnitude == 0:
            return {"color": _ZERO, "style": "dashed"}
        return {"color": self.style(magnitude)["fillcolor"], "penwidth": "2"}

    def legend(self) -> list[tuple[str, float]]:
        """(text, a magnitude of that colour) for each decade, smallest first."""
        entries = []
        for decade in range(self.bottom, self.top + 1):
            lower = "below" if decade == self.bottom and self.clipped else f"1e{decade:+d} to"
            entries.append((f"{lower} 1e{decade + 1:+d}", 10.0**decade))
        return entries


# ------------------------------------------------------------------ clusters


class _Cluster:
    """One call of a module (one `autograd.scope` block): a box around its operations."""

    def __init__(self, label: Any, parent: _Cluster | None, number: int) -> None:
        self.label, self.parent, self.number = label, parent, number
        self.depth = 0 if parent is None else parent.depth + 1
        self.children: list[_Cluster] = []
        self.scope: tuple | None = None  # the scope tuple of this call's own operations
        self.nodes: list[tuple[str, str, dict]] = []

    def open_child(self, label: Any, counter: Iterator[int]) -> _Cluster:
        child = _Cluster(label, self, next(counter))
        self.children.append(child)
        return child

    def ancestors(self) -> list[_Cluster]:
        """This cluster and its parents up to the top."""
        chain, cluster = [], self
        while cluster is not None:
            chain.append(cluster)
            cluster = cluster.parent
        return chain


def _clusters(ops: list) -> tuple[_Cluster, dict]:
    """The nested calls the operations were made in, from their `ctx.scope`.

    Operations come in creation order, so one call's operations are
    consecutive. Two calls with the same labels one after the other are told
    apart by their scope tuple: `autograd.scope` makes a new one per call.
    """
    counter = iter(range(1, sys.maxsize))
    top = _Cluster(None, None, 0)
    path = [top]  # path[d] is the open cluster at depth d
    where = {}
    for ctx in ops:
        scope = ctx.scope
        shared = 0
        while shared < min(len(scope), len(path) - 1) and path[shared + 1].label == scope[shared]:
            shared += 1
        if 0 < shared == len(scope) == len(path) - 1 and path[-1].scope is not scope:
            shared -= 1  # the same module called again
        del path[shared + 1 :]
        for label in scope[shared:]:
            path.append(path[-1].open_child(label, counter))
        path[-1].scope = scope
        where[ctx] = path[-1]
    return top, where


def _common_cluster(clusters: list[_Cluster]) -> _Cluster:
    """The innermost cluster that contains all of `clusters`."""
    common = clusters[0].ancestors()
    for cluster in clusters[1:]:
        inside = set(cluster.ancestors())
        common = [c for c in common if c in inside]
    return common[0]


def _collapsed(top: _Cluster, collapse: bool | int) -> set[_Cluster]:
    """The clusters drawn as one box: modules without sub-modules (True) or at a depth."""
    if collapse is False:
        return set()
    if not (collapse is True or (isinstance(collapse, int) and collapse >= 1)):
        raise ValueError(
            f"draw_graph: collapse_modules must be False, True (collapse modules without "
            f"sub-modules) or a nesting depth >= 1, got {collapse!r}"
        )
    found, stack = set(), list(top.children)
    while stack:
        cluster = stack.pop()
        chosen = not cluster.children if collapse is True else cluster.depth == collapse
        if chosen:
            found.add(cluster)
        else:
            stack += cluster.children
    return found


# ------------------------------------------------------------------ the drawing


def _kept_operations(graph: _Recorded, max_nodes: int) -> list:
    """The latest operations whose drawing (with its tensors) fits in `max_nodes` nodes."""
    if not (isinstance(max_nodes, int) and max_nodes >= 1):
        raise ValueError(f"draw_graph: max_nodes must be a positive int, got {max_nodes!r}")
    drawn: set = set()
    count, start = 0, len(graph.ops)
    for index in range(len(graph.ops) - 1, -1, -1):
        ctx = graph.ops[index]
        new = {ctx} | {_key(x) for x in ctx.inputs if isinstance(x, Tensor)}
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
        graph: _Recorded,
        show_data: bool,
        show_grad: bool,
        collapse: bool | int,
        max_nodes: int,
    ) -> None:
        self.graph, self.show_data, self.show_grad = graph, show_data, show_grad
        self.kept = _kept_operations(graph, max_nodes)
        self.top, self.cluster_of = _clusters(self.kept)
        self.boxes = _collapsed(self.top, collapse)
        self.box_of = {ctx: self._enclosing_box(self.cluster_of[ctx]) for ctx in self.kept}
        self.scale = _GradientScale([_magnitude(g) for g in graph.grads.values()])
        # (tail, head, position): an operation using one tensor twice (x * x) gets two
        # edges; edges into a collapsed module (position None) are drawn once.
        self.edges: dict[tuple[str, str, int | None], dict] = {}

    def _enclosing_box(self, cluster: _Cluster) -> _Cluster | None:
        return next((c for c in cluster.ancestors() if c in self.boxes), None)

    def _hidden_in(self, key: Any) -> _Cluster | None:
        """The collapsed module box a tensor is drawn inside of, if any."""
        if self.graph.is_leaf(key):
            return self._enclosing_box(self._leaf_home(key))
        return self.box_of.get(key)

    def digraph(self, rankdir: str) -> GraphDrawing:
        graph_attr = {"rankdir": rankdir, "fontname": "Helvetica", "fontsize": "10"}
        if len(self.kept) < len(self.graph.ops):
            graph_attr |= {"labelloc": "t", "label": _dot_text([self._truncation_note()])}
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
            box.parent.nodes.append((f"module{box.number}", self._box_label(box), _BOX_STYLE))
        used = {_key(x) for ctx in self.kept for x in ctx.inputs if isinstance(x, Tensor)}
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

    def _leaf_home(self, leaf: Tensor) -> _Cluster:
        """Parameters sit in the innermost module using all of them; inputs at the top."""
        consumers = self.graph.consumers.get(leaf, [])
        users = [self.cluster_of[c] for c in consumers if c in self.box_of]  # drawn ones
        if not (leaf.requires_grad and users):
            return self.top
        return _common_cluster(users)

    def _op_node(self, ctx: Any, cluster: _Cluster) -> None:
        tooltip = ctx.function.name
        trace = getattr(ctx, "trace", None)
        if trace:
            tooltip += f", created at {trace}"
        attrs = {"shape": "ellipse", "style": "filled", "fillcolor": _OP_FILL, "tooltip": tooltip}
        index = self.graph.op_index[ctx]
        cluster.nodes.append((f"op{index}", _dot_text([ctx.function.name]), attrs))

    def _tensor_node(self, key: Any, cluster: _Cluster, boundary: bool = False) -> None:
        graph = self.graph
        title = graph.title(key)
        lines = ([title] if title else []) + graph.lines(key, self.show_data, self.show_grad)
        style = ["rounded"]
        attrs = {"shape": "box"}
        kind = graph.kind(key)
        if kind == "parameter":
            style.append("filled")
            attrs |= {"fillcolor": _PARAMETER_FILL, "peripheries": "2"}
        elif kind == "input":
            style.append("dashed")
        if boundary:
            style.append("dotted")
            lines.append(f"made by {key.function.name} (not drawn)")
        if key is _key(graph.root):
            attrs["penwidth"] = "2"
        flow = self._flow(key)
        if flow is not None:
            style.append("filled")
            attrs |= self.scale.style(flow)
        attrs["style"] = ",".join(dict.fromkeys(style))
        attrs["tooltip"] = _TOOLTIPS[kind]
        cluster.nodes.append((graph.node_id(key), _dot_text(lines), attrs))

    def _box_label(self, box: _Cluster) -> str:
        inside = [c for c in self.kept if self.box_of[c] is box]
        count = f"{len(inside)} operation{'s' if len(inside) != 1 else ''}"
        hidden = [
            f"{self.graph.name(leaf) or 'parameter'} {leaf.shape}"
            for leaf in self.graph.leaves
            if self._hidden_in(leaf) is box
        ]
        return _dot_text([str(box.label), count, *hidden])

    # -------------------------------------------------------------- edges
    def _input(self, ctx: Any, position: int, x: Any) -> None:
        """The edge from one input of `ctx` to it, unless both are inside one module box."""
        graph = self.graph
        box = self.box_of[ctx]
        head = f"op{graph.op_index[ctx]}" if box is None else f"module{box.number}"
        if not isinstance(x, Tensor):
            if box is None:
                tail = f"const{graph.op_index[ctx]}_{position}"
                self.cluster_of[ctx].nodes.append((tail, _dot_text([_constant(x)]), _CONST_STYLE))
                self.edges[(tail, head, position)] = {}
            return
        key = _key(x)
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
        return _magnitude(graph.grads.get(key))

    # -------------------------------------------------------------- output
    def _emit(self, cluster: _Cluster, dot: graphviz.Digraph) -> None:
        for name, label, attrs in cluster.nodes:
            dot.node(name, label, **attrs)
        for child in cluster.children:
            if child in self.boxes:
                continue
            with dot.subgraph(name=f"cluster_{child.number}") as sub:
                sub.attr(label=_dot_text([str(child.label)]), style="rounded", color="#888888")
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
                legend.node(f"legend{number}", _dot_text([text]), **attrs)


_BOX_STYLE = {"shape": "box3d", "style": "filled", "fillcolor": "#f5f0e1"}
_CONST_STYLE = {"shape": "plaintext", "fontcolor": "#555555"}
_TOOLTIPS = {
    "parameter": "a leaf that requires grad (a parameter)",
    "input": "a leaf that does not require grad (an input or a constant)",
    "": "a tensor computed by the operation before it",
}


def _constant(value: Any) -> str:
    """A non-tensor input of an operation, in a few characters."""
    if isinstance(value, np.ndarray):
        return f"array {value.shape}" if value.size > 1 else f"{value.item():.4g}"
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return f"{value:.4g}"
    return type(value).__name__


def draw_graph(
    tensor: Tensor,
    show_data: bool = False,
    show_grad: bool = False,
    rankdir: str = "LR",
    max_nodes: int = 300,
    collapse_modules: bool | int = False,
    params: Any = None,
) -> GraphDrawing:
    """The graph that produced `tensor`, as a `graphviz.Digraph` (see the module docstring).

    Ellipses are operations, boxes tensors: double-bordered and shaded for
    leaves that require grad (parameters), dashed for inputs that do not,
    bold for `tensor` itself. Operations made inside `autograd.scope(label)`
    (every module call) are framed by nested boxes named after the labels.

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

    `.source` is the DOT text; rendering (`.render()`, `.pipe()`, Jupyter)
    needs Graphviz, and says how to install it when it is missing.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> x.name = "x"
    >>> drawing = draw_graph((x * x).sum(), show_grad=True)
    >>> 'label=mul' in drawing.source and 'label=sum' in drawing.source
    True
    """
    graph = _Recorded(tensor, params, show_grad)
    return _Drawing(graph, show_data, show_grad, collapse_modules, max_nodes).digraph(rankdir)


# ------------------------------------------------------------------ the terminal


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
    graph = _Recorded(tensor, params, show_grad)
    print("\n".join(_tree(graph, show_data, show_grad, max_nodes)), file=file or sys.stdout)


def _tree(graph: _Recorded, show_data: bool, show_grad: bool, max_nodes: int) -> list[str]:
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
            lines.append(f"{prefix}constant {_constant(item)}")
            continue
        key = _key(item)
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


def _tree_text(graph: _Recorded, key: Any, show_data: bool, show_grad: bool) -> str:
    """One line: `[n] op -> name shape dtype ...` for a result, `name kind shape ...` for a leaf."""
    if graph.is_leaf(key):
        head = [graph.name(key), graph.kind(key)]
    else:
        head = [f"[{graph.op_index[key]}] {key.function.name} ->", graph.name(key)]
    parts = [part for part in head if part] + graph.lines(key, show_data, show_grad)
    return " ".join(part.replace("\n", "") for part in parts)
