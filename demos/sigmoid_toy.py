"""Sigmoid toy: the smallest network of the tutorials, four samples and no biases.

The classic "neural network in a few lines of NumPy" learns the target
"first column XOR second column" from these four samples (the third column
is always 1 and stands in for a bias):

    inputs     target
    0 0 1        0
    0 1 1        1
    1 0 1        1
    1 1 1        0

with a 3-4-1 network of sigmoids, no bias terms, the sum of squared errors
as loss and plain gradient descent. The tutorial writes the two layers'
derivatives by hand; here `loss.backward()` finds them.

    python -m demos.sigmoid_toy

Picture in --out: sigmoid_toy_loss.png (the loss at every iteration).
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np

import autograd
import nn
from demos import _cli

INPUTS = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float32)
TARGETS = np.array([[0], [1], [1], [0]], dtype=np.float32)


def build_model() -> nn.Module:
    """3 inputs, 4 sigmoid units, 1 sigmoid output, no biases; weights uniform in [-1, 1].

    The tutorial draws its weights as 2 * random - 1; we do the same.

    >>> build_model()(INPUTS).shape
    (4, 1)
    """
    model = nn.Sequential(
        nn.Linear(3, 4, bias=False), nn.Sigmoid(), nn.Linear(4, 1, bias=False), nn.Sigmoid()
    )
    for layer in (model[0], model[2]):
        nn.init.uniform_(layer.weight, -1.0, 1.0)
    return model


def plot_loss(losses: list[float]) -> Any:
    """The loss against the iteration, on a log scale.

    >>> plot_loss([1.0, 0.5, 0.25]).axes[0].get_xlabel()
    'iteration'
    """
    figure, axes = plt.subplots(figsize=(5, 3.5))
    axes.semilogy(losses)
    axes.set(xlabel="iteration", ylabel="sum of squared errors", title="3-4-1 sigmoid network")
    figure.tight_layout()
    return figure


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Train by gradient descent, print the predictions, draw the loss; returns the results.

    >>> import tempfile
    >>> results = main(["--quiet", "--out", tempfile.mkdtemp()])  # doctest: +ELLIPSIS
    sigmoid_toy: ...
    >>> bool(np.all(np.abs(results["predictions"] - TARGETS) < 0.1))
    True
    """
    parser = _cli.parser("sigmoid_toy", "A 3-4-1 sigmoid network, no biases, learns 4 samples.")
    parser.add_argument("--iterations", type=int, default=1500, help="gradient-descent steps")
    parser.add_argument("--lr", type=float, default=1.0, help="learning rate")
    args = parser.parse_args(argv)
    _cli.start(args)

    model = build_model()
    loss_fn = nn.MSELoss(reduction="sum")
    optimizer = nn.optim.SGD(model.parameters(), lr=args.lr)  # plain gradient descent
    losses = []
    for _ in range(args.iterations):
        loss = loss_fn(model(INPUTS), TARGETS)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())

    with autograd.no_grad():
        predictions = model(INPUTS).data
    _cli.note(args, "inputs   target  prediction")
    for row, target, prediction in zip(INPUTS, TARGETS[:, 0], predictions[:, 0]):
        _cli.note(args, f"{row.astype(int)}  {target:.0f}       {prediction:.3f}")
    always_fell = bool(np.all(np.diff(losses) < 0))
    _cli.note(args, f"the loss fell at every step: {'yes' if always_fell else 'no'}")
    files = [_cli.save_figure(plot_loss(losses), args, "sigmoid_toy_loss.png")]
    error = float(np.abs(predictions - TARGETS).max())
    print(
        f"sigmoid_toy: loss {losses[0]:.3f} -> {losses[-1]:.4f} in {args.iterations} "
        f"iterations, largest prediction error {error:.3f}"
    )
    return {"losses": losses, "predictions": predictions, "files": files}


if __name__ == "__main__":
    main()
