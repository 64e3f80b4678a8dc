"""Graph: see what the engine records, with every value and gradient on the drawing.

Every operation on Tensors adds a node to a graph; `backward` walks that
graph from the output back to the inputs. This demo draws two graphs:

1. one neuron, o = tanh(x1*w1 + x2*w2 + b), with the numbers of the
   micrograd walkthrough, so that o = 0.7071 and do/dw1 = 1.0;
2. the loss of a 3-4-1 tanh network on four samples (the same walkthrough's
   "MLP"), each layer framed by the module that made it.

    python -m demos.graph

Files in --out: graph_neuron.{gv,svg,png} and graph_mlp.{gv,svg,png}. The
.gv files are the Graphviz DOT text; the pictures need the Graphviz program
`dot` (without it the demo says how to install it and writes only the .gv
files). The neuron's graph is also printed as a tree in the terminal.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
import nn
from autograd import Tensor
from demos import _cli

FORMATS = ("svg", "png")


def named(value: Any, name: str, requires_grad: bool = False) -> Tensor:
    """A Tensor labelled `name` in the drawings.

    >>> named(2.0, "x1").name
    'x1'
    """
    tensor = Tensor(value, requires_grad=requires_grad)
    tensor.name = name
    return tensor


def neuron() -> tuple[Tensor, dict[str, Tensor]]:
    """o = tanh(x1*w1 + x2*w2 + b) with named intermediate results; returns o and the leaves.

    >>> output, leaves = neuron()
    >>> round(output.item(), 4), sorted(leaves)
    (0.7071, ['b', 'w1', 'w2', 'x1', 'x2'])
    """
    leaves = {
        "x1": named(2.0, "x1", requires_grad=True),
        "x2": named(0.0, "x2", requires_grad=True),
        "w1": named(-3.0, "w1", requires_grad=True),
        "w2": named(1.0, "w2", requires_grad=True),
        # Chosen so that n = 0.8814 and o = tanh(n) = 1/sqrt(2): round numbers below.
        "b": named(6.8813735870195432, "b", requires_grad=True),
    }
    x1w1 = leaves["x1"] * leaves["w1"]
    x1w1.name = "x1*w1"
    x2w2 = leaves["x2"] * leaves["w2"]
    x2w2.name = "x2*w2"
    weighted_sum = x1w1 + x2w2
    weighted_sum.name = "x1*w1 + x2*w2"
    n = weighted_sum + leaves["b"]
    n.name = "n"
    output = n.tanh()
    output.name = "o"
    return output, leaves


def mlp_loss() -> tuple[Tensor, nn.Module]:
    """The summed squared error of a 3-4-1 tanh network on four samples; returns it and the model.

    >>> loss, model = mlp_loss()
    >>> loss.shape, len(list(model.parameters()))
    ((), 4)
    """
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    inputs = named([[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]], "xs")
    targets = np.array([[1.0], [-1.0], [-1.0], [1.0]], dtype=np.float32)
    loss = nn.MSELoss(reduction="sum")(model(inputs), targets)
    loss.name = "loss"
    return loss, model


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Build both graphs, print the neuron's, draw both; returns the neuron's numbers and files.

    >>> import tempfile
    >>> results = main(["--quiet", "--out", tempfile.mkdtemp()])  # doctest: +ELLIPSIS
    graph: ...
    >>> round(results["gradients"]["w1"], 4)
    1.0
    """
    parser = _cli.parser("graph", "Draw the graphs of a neuron and of a small network's loss.")
    args = parser.parse_args(argv)
    _cli.start(args)

    output, leaves = neuron()
    output.backward(retain_graph=True)  # keep the graph: print_graph shows its gradients
    gradients = {name: float(leaf.grad) for name, leaf in leaves.items()}
    _cli.note(args, "o = tanh(x1*w1 + x2*w2 + b), recorded as:")
    if not args.quiet:
        autograd.print_graph(output, show_data=True, show_grad=True)
    _cli.note(
        args,
        "gradients from o.backward(): "
        + ", ".join(f"do/d{name} = {value:.4f}" for name, value in gradients.items()),
    )

    loss, model = mlp_loss()
    drawings = {
        "graph_neuron": autograd.draw_graph(output, show_data=True, show_grad=True),
        "graph_mlp": autograd.draw_graph(
            loss, show_data=True, show_grad=True, params=dict(model.named_parameters())
        ),
    }
    files = [
        path
        for stem, drawing in drawings.items()
        for path in _cli.save_graph(drawing, args, stem, FORMATS)
    ]
    print(
        f"graph: neuron output {output.item():.4f}, do/dw1 = {gradients['w1']:.4f}; "
        f"{len(files)} files in {args.out}"
    )
    return {"output": output.item(), "gradients": gradients, "files": files}


if __name__ == "__main__":
    main()
