"""The step-through as an HTML page: the graph as SVG, buttons and a slider, nothing fetched.

Each frame names the nodes and edges to highlight: the operation running
(`current`), the result whose gradient arrived (`arrived`), the edges the
gradients go back along (`flow`), every tensor holding a gradient so far
(`has-grad`) and the tensors where two gradients meet (`meet`).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import shutil
from html import escape, unescape
from typing import Any

from .graph import key_of
from .layout import graph_svg

_views = itertools.count(1)  # a distinct element id for each view on one Jupyter page

_STYLE = """
.bsteps { font-family: Helvetica, Arial, sans-serif; font-size: 13px; }
.bsteps .controls { margin: 6px 0; display: flex; gap: 8px; align-items: center; }
.bsteps .controls input[type=range] { width: 260px; }
.bsteps pre { background: #f7f7f7; padding: 8px; margin: 6px 0; white-space: pre-wrap;
  min-height: 6em; font-size: 12px; }
.bsteps svg.own text { font-size: 11px; text-anchor: middle; fill: #222; }
.bsteps svg.own .node rect, .bsteps svg.own .node ellipse { fill: #fff; stroke: #888; }
.bsteps svg.own .node.op ellipse { fill: #eeeeee; }
.bsteps svg.own .node.parameter rect { fill: #dbe9f6; }
.bsteps svg.own .node.input rect { stroke-dasharray: 4 2; }
.bsteps svg.own .edge { stroke: #bbb; stroke-width: 1.2; }
.bsteps svg.own marker path { fill: #888; }
.bsteps .node.has-grad :is(rect, polygon, path) { fill: #fed976; }
.bsteps .node.arrived :is(rect, polygon, path) { fill: #fd8d3c; stroke: #bd0026; stroke-width: 2; }
.bsteps .node.current ellipse { fill: #bd0026; stroke: #800026; stroke-width: 3; }
.bsteps .node.current text { fill: #fff; }
.bsteps .edge.flow, .bsteps .edge.flow path { stroke: #bd0026; stroke-width: 3; }
.bsteps .edge.flow polygon { fill: #bd0026; stroke: #bd0026; }
.bsteps .node.meet :is(rect, polygon, path) { fill: #6a51a3; stroke: #3f007d; stroke-width: 3; }
.bsteps .node.meet text { fill: #fff; }
.bsteps .graph { margin-top: 6px; }
.bsteps .graph svg { max-width: 100%; height: auto; }
.bsteps .legend span { padding: 1px 6px; margin-right: 6px; border-radius: 3px; }
"""

_SCRIPT = """
(function () {
  var view = document.getElementById(%(id)s);
  var frames = JSON.parse(view.querySelector("script.frames").textContent);
  var slider = view.querySelector("input.slider");
  var counter = view.querySelector("span.counter");
  var text = view.querySelector("pre.text");
  var marks = ["current", "arrived", "flow", "has-grad", "meet"];
  function show(n) {
    n = Math.max(0, Math.min(frames.length - 1, n));
    view.querySelectorAll("[data-id]").forEach(function (el) {
      marks.forEach(function (mark) { el.classList.remove(mark); });
    });
    var frame = frames[n];
    marks.forEach(function (mark) {
      frame[mark].forEach(function (id) {
        view.querySelectorAll('[data-id="' + id + '"]').forEach(function (el) {
          el.classList.add(mark);
        });
      });
    });
    text.textContent = frame.text;
    slider.value = n;
    counter.textContent = n === 0 ? "start" : "step " + n + " of " + (frames.length - 1);
  }
  view.querySelector("button.first").addEventListener("click", function () { show(0); });
  view.querySelector("button.back").addEventListener("click", function () {
    show(Number(slider.value) - 1);
  });
  view.querySelector("button.next").addEventListener("click", function () {
    show(Number(slider.value) + 1);
  });
  view.querySelector("button.last").addEventListener("click", function () {
    show(frames.length - 1);
  });
  slider.addEventListener("input", function () { show(Number(slider.value)); });
  view.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") { show(Number(slider.value) + 1); }
    if (event.key === "ArrowLeft") { show(Number(slider.value) - 1); }
  });
  show(0);
})();
"""

_LEGEND = (
    '<div class="legend">'
    '<span style="background:#bd0026;color:#fff">operation running backward</span>'
    '<span style="background:#fd8d3c">its gradient arrived</span>'
    '<span style="background:#fed976">holds a gradient</span>'
    '<span style="background:#6a51a3;color:#fff">two gradients meet and are added</span>'
    "</div>"
)


def frames(steps: Any) -> list[dict]:
    """Frame 0 is the seed at the output; frame n is the n-th operation's backward.

    >>> from autograd import Tensor
    >>> from autograd.viz import step_through
    >>> x = Tensor([1.0], requires_grad=True)
    >>> [frame["current"] for frame in frames(step_through((x * 2.0).sum()))]
    [[], ['op1'], ['op0']]
    """
    graph = steps.graph
    root = graph.node_id(key_of(graph.root))
    holding = [root]
    found = [
        {
            "current": [],
            "arrived": [root],
            "flow": [],
            "has-grad": [root],
            "meet": [],
            "text": f"Start: backward seeds {steps.label(key_of(graph.root))} with ones "
            f"(the gradient of its sum). Press Next to run the pass.",
        }
    ]
    for number, step in enumerate(steps.steps, start=1):
        op = f"op{graph.op_index[step.ctx]}"
        targets = [graph.node_id(sent.target) for sent in step.sent]
        holding += [t for t in targets if t not in holding]
        found.append(
            {
                "current": [op],
                "arrived": [graph.node_id(step.ctx)],
                "flow": [f"e-{t}-{op}" for t in targets] + [f"e-{op}-{graph.node_id(step.ctx)}"],
                "has-grad": list(holding),
                "meet": [graph.node_id(m.target) for m in step.meetings],
                "text": "\n".join(steps.step_text(number)),
            }
        )
    return found


def html_fragment(steps: Any, element_id: str | None = None) -> str:
    """The view as a piece of HTML (style, SVG, controls, script) for Jupyter or a page.

    >>> from autograd import Tensor
    >>> from autograd.viz import step_through
    >>> x = Tensor([1.0], requires_grad=True)
    >>> html_fragment(step_through(x * 2.0), "view").startswith('<div class="bsteps" id="view"')
    True
    """
    element_id = element_id or f"backward-steps-{next(_views)}"
    data = json.dumps(frames(steps)).replace("</", "<\\/")  # no "</script>" inside the data
    svg = _dot_svg(steps) if _uses_dot(steps.layout) else None
    svg = svg or graph_svg(steps.graph, steps.label, element_id)
    count = len(steps.steps)
    script = _SCRIPT % {"id": json.dumps(element_id)}
    return (
        f'<div class="bsteps" id="{escape(element_id)}" tabindex="0">'
        f"<style>{_STYLE}</style>"
        f'<div class="controls"><button class="first">&#x25C0;&#x25C0; start</button>'
        f'<button class="back">&#x25C0; back</button>'
        f'<input class="slider" type="range" min="0" max="{count}" value="0" step="1">'
        f'<button class="next">next &#x25B6;</button>'
        f'<button class="last">end &#x25B6;&#x25B6;</button>'
        f'<span class="counter">start</span></div>'
        f'<pre class="text"></pre>{_LEGEND}<div class="graph">{svg}</div>'
        f'<script class="frames" type="application/json">{data}</script>'
        f"<script>{script}</script></div>"
    )


def html_document(steps: Any) -> str:
    """A whole self-contained page: everything inline, nothing fetched.

    >>> from autograd import Tensor
    >>> from autograd.viz import step_through
    >>> x = Tensor([1.0], requires_grad=True)
    >>> html_document(step_through(x * 2.0)).startswith("<!DOCTYPE html>")
    True
    """
    root = escape(steps.label(key_of(steps.graph.root)))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Backward pass from {root}</title></head><body>"
        f"<h3>Backward pass from {root}, step by step</h3>"
        f"{html_fragment(steps, 'backward-steps')}</body></html>\n"
    )


def _uses_dot(layout: str) -> bool:
    if layout != "auto":
        return layout == "dot"
    # Looked up, not imported: without dot the page never needs the graphviz package.
    return shutil.which("dot") is not None and importlib.util.find_spec("graphviz") is not None


_TITLED = re.compile(r'<g id="[^"]*" class="(node|edge)">\s*<title>(.*?)</title>')


def _dot_svg(steps: Any) -> str:
    """The graph as `draw_graph` lays it out with `dot`, its nodes and edges given data-ids."""
    from .drawing import build_drawing  # imports graphviz

    graph = steps.graph
    params = {name: tensor for tensor, name in graph.names.items()}
    drawing = build_drawing(graph.root, False, False, "LR", 300, False, params, None, False)
    svg = drawing.pipe(format="svg", encoding="utf-8")
    svg = svg[svg.index("<svg") :]

    def tagged(match: re.Match) -> str:
        kind, title = match.group(1), unescape(match.group(2))
        data_id = "e-" + "-".join(title.split("->")) if kind == "edge" else title
        return match.group(0).replace(f'class="{kind}"', f'class="{kind}" data-id="{data_id}"')

    return _TITLED.sub(tagged, svg)
