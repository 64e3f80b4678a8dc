"""What the graph-drawing tests share: reading the DOT source draw_graph writes (nodes,
edges, clusters and their attributes), and a small linear graph to draw."""

import re

import numpy as np

from autograd import Tensor

NODE = re.compile(r"^\s*(\w+) \[(.*)\]$")
EDGE = re.compile(r"^\s*(\w+) -> (\w+)(?: \[(.*)\])?$")
ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s"]+)')


def attrs(text):
    return {k: v.strip('"') for k, v in ATTR.findall(text or "")}


def nodes(source):
    """node name -> its attributes (graph/node/edge defaults excluded)."""
    found = {}
    for line in source.splitlines():
        match = NODE.match(line)
        if match and match.group(1) not in ("graph", "node", "edge"):
            found[match.group(1)] = attrs(match.group(2))
    return found


def edges(source):
    """(tail, head) -> attributes."""
    return {
        (m.group(1), m.group(2)): attrs(m.group(3))
        for m in map(EDGE.match, source.splitlines())
        if m
    }


def cluster(source, label):
    """The DOT text of the (first) cluster with this label, nested clusters included."""
    lines = source.splitlines()
    for i, line in enumerate(lines):
        named = attrs(line).get("label") == label
        if named and lines[i - 1].strip().startswith("subgraph cluster_"):
            depth, body = 1, []
            for inner in lines[i:]:
                depth += inner.count("{") - inner.count("}")
                if depth == 0:
                    return "\n".join(body)
                body.append(inner)
    raise AssertionError(f"no cluster labelled {label!r} in\n{source}")


def labels(source):
    return [a.get("label", "") for a in nodes(source).values()]


def linear_graph():
    """W, b and (x @ W + b).sum(): x an input named "x", W and b parameters."""
    x = Tensor(np.arange(6.0).reshape(2, 3))
    x.name = "x"
    w = Tensor(np.ones((3, 4)), requires_grad=True)
    b = Tensor(np.zeros(4), requires_grad=True)
    return w, b, (x @ w + b).sum()
