"""Graphviz output: the `Digraph` a drawing is, and what to say when `dot` is missing.

This is the only module that imports graphviz; `autograd.viz` loads it when
a graph is drawn, so `import autograd` does not need the graphviz package.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import graphviz

_INSTALL_GRAPHVIZ = (
    "Rendering a graph needs the Graphviz program `dot`, which is not on your PATH. "
    "Install Graphviz: `sudo apt-get install graphviz` (Debian/Ubuntu), "
    "`brew install graphviz` (macOS), `conda install -c conda-forge graphviz`, or on "
    "Windows the installer from https://graphviz.org/download/ (choose 'add Graphviz to "
    "the system PATH'), then restart Python. Without it, `.source` still gives the DOT "
    "text and `autograd.print_graph(tensor)` prints the graph in the terminal."
)


class GraphvizNotFound(graphviz.ExecutableNotFound):
    """The Graphviz `dot` program is missing; the message says how to install it.

    >>> message = str(GraphvizNotFound())
    >>> "Install Graphviz" in message and "apt-get install graphviz" in message
    True
    """

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


def dot_text(lines: list[str]) -> str:
    """Lines of text (a matrix's rows on lines of their own) as one escaped DOT label.

    >>> str(dot_text(["a<b", "c"]))
    'a<b\\\\nc'
    """
    rows = [row for line in lines for row in line.split("\n")]
    return graphviz.nohtml("\\n".join(graphviz.escape(row) for row in rows))
