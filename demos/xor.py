"""XOR: two tiny sigmoid networks, three optimizers, one plot of their losses.

XOR is the smallest problem no straight line can solve: (0,1) and (1,0) are
class 1, (0,0) and (1,1) class 0. A hidden layer of two sigmoid units is
just enough. Each network (2-2-1 and 2-4-1, with biases) is trained from
the same starting weights by SGD, RMSprop and Adam, with binary
cross-entropy as loss, full batch.

    python -m demos.xor

With the defaults (seed 0, 2000 steps, learning rates SGD 2.0, RMSprop
0.02, Adam 0.05) all six runs put every output on the right side of 0.5.
The 2-2-1 network has no spare capacity: from other starting weights
(try --seed 1, 4 or 6) RMSprop and Adam can stall on a plateau where one or
two of the four points stay wrong, the classic trap of this problem. Over
seeds 0-7 that happened to 6 of the 24 runs of 2-2-1 and to 1 of the 24 of
2-4-1: spare hidden units give the optimizer more ways out.

Picture in --out: xor_losses.png.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np

import autograd
import nn
from demos import _cli
from nn.data import xor_data

HIDDEN_SIZES = (2, 4)
OPTIMIZERS = {
    "SGD": lambda params: nn.optim.SGD(params, lr=2.0),
    "RMSprop": lambda params: nn.optim.RMSprop(params, lr=0.02),
    "Adam": lambda params: nn.optim.Adam(params, lr=0.05),
}


def build_model(hidden: int) -> nn.Module:
    """2 inputs, `hidden` sigmoid units, 1 sigmoid output (the probability of class 1).

    >>> build_model(2)(xor_data()[0]).shape
    (4, 1)
    """
    return nn.Sequential(nn.Linear(2, hidden), nn.Sigmoid(), nn.Linear(hidden, 1), nn.Sigmoid())


def train(model: nn.Module, optimizer: nn.optim.Optimizer, steps: int) -> list[float]:
    """Full-batch training on the four XOR points; returns the loss of every step.

    >>> model = build_model(2)
    >>> len(train(model, OPTIMIZERS["Adam"](model.parameters()), 3))
    3
    """
    X, y = xor_data()
    loss_fn = nn.BCELoss()
    losses = []
    for _ in range(steps):
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def one_run(hidden: int, optimizer: str, steps: int, seed: int) -> dict[str, Any]:
    """Train a 2-`hidden`-1 network with one of OPTIMIZERS from the weights `seed` draws.

    Returns the settings, the loss of every step, the four outputs and whether
    all four are on the right side of 0.5.

    >>> result = one_run(2, "Adam", steps=3, seed=0)
    >>> len(result["losses"]), result["outputs"].shape
    (3, (4,))
    """
    # The same seed for every optimizer: each starts from the same weights.
    autograd.manual_seed(seed)
    model = build_model(hidden)
    losses = train(model, OPTIMIZERS[optimizer](model.parameters()), steps)
    X, y = xor_data()
    with autograd.no_grad():
        outputs = model(X).data[:, 0]
    return {
        "hidden": hidden,
        "optimizer": optimizer,
        "losses": losses,
        "outputs": outputs,
        "solved": bool(np.all((outputs > 0.5) == (y[:, 0] > 0.5))),
    }


def plot_losses(runs: dict[str, dict[str, Any]]) -> Any:
    """One panel per network, one loss curve per optimizer (log scale).

    >>> runs = {f"2-{h}-1 SGD": {"hidden": h, "optimizer": "SGD", "losses": [0.7, 0.5]}
    ...         for h in HIDDEN_SIZES}
    >>> [axes.get_title() for axes in plot_losses(runs).axes]
    ['2-2-1 network', '2-4-1 network']
    """
    figure, panels = plt.subplots(1, len(HIDDEN_SIZES), figsize=(9, 3.5), sharey=True)
    for axes, hidden in zip(panels, HIDDEN_SIZES):
        for run in runs.values():
            if run["hidden"] == hidden:
                axes.semilogy(run["losses"], label=run["optimizer"])
        axes.set(title=f"2-{hidden}-1 network", xlabel="step")
        axes.legend()
    panels[0].set_ylabel("binary cross-entropy")
    figure.tight_layout()
    return figure


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Train the six combinations, print their outputs, plot the losses; returns the runs.

    >>> import tempfile
    >>> results = main(["--quiet", "--out", tempfile.mkdtemp()])  # doctest: +ELLIPSIS
    xor: ...
    >>> sorted(results["runs"])[0]
    '2-2-1 Adam'
    """
    parser = _cli.parser("xor", "SGD, RMSprop and Adam on 2-2-1 and 2-4-1 XOR networks.")
    parser.add_argument("--steps", type=int, default=2000, help="full-batch steps per run")
    args = parser.parse_args(argv)
    _cli.start(args)

    runs = {}
    combinations = [(hidden, name) for hidden in HIDDEN_SIZES for name in OPTIMIZERS]
    for hidden, name in _cli.progress(combinations, args, "xor"):
        runs[f"2-{hidden}-1 {name}"] = one_run(hidden, name, args.steps, args.seed)

    X, y = xor_data()
    inputs, targets = X.astype(int).tolist(), y[:, 0].astype(int)
    _cli.note(args, f"{'run':16} outputs for {inputs} (targets {targets})")
    for label, run in runs.items():
        verdict = "solved" if run["solved"] else "stuck"
        _cli.note(args, f"{label:16} {np.round(run['outputs'], 3)}  {verdict}")
    files = [_cli.save_figure(plot_losses(runs), args, "xor_losses.png")]
    solved = sum(run["solved"] for run in runs.values())
    print(
        f"xor: {solved} of {len(runs)} runs put all four outputs on the right side of 0.5 "
        f"(seed {args.seed}, {args.steps} steps)"
    )
    return {"runs": runs, "files": files}


if __name__ == "__main__":
    main()
