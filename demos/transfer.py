"""Transfer learning: filters learnt on five kinds of clothes help to learn five others.

    python -m demos.transfer                    # 20 labelled images per new class
    python -m demos.transfer --shots 5

Fashion-MNIST's ten classes are split in two halves: tops and trousers
(T-shirt/top, Trouser, Pullover, Dress, Coat) and shoes, bags and shirts
(Sandal, Shirt, Sneaker, Bag, Ankle boot).

1. Pretrain the convolutional network of `demos.cnn` on all training images
   of the first half.
2. Freeze its convolutions (`requires_grad_(False)`: no gradient flows into
   them, and the optimizer only gets the parameters that still learn), put a
   new linear head with five outputs on top, and train that head on only
   --shots labelled images of each class of the second half.
3. For comparison, train the same network from scratch on the same few images,
   for the same number of steps.

Both are tested on every test image of the second half. The frozen filters
(edges, textures, outlines) were never shown a shoe or a bag, yet they
describe them well enough that a linear head learns the new classes from a
handful of examples, where a network starting from random filters has too
little data to find good ones. Picture in --out: transfer_accuracy.png.
"""

from __future__ import annotations

import argparse
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

import autograd
import nn
from demos import _cli
from demos._classification import CLASS_NAMES, add_data_arguments, load_split, predict
from demos.cnn import build_model, prepare
from nn.data import DataLoader
from nn.metrics import accuracy

SOURCE, TARGET = (0, 1, 2, 3, 4), (5, 6, 7, 8, 9)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The options.

    >>> parse_arguments(["--shots", "5"]).shots
    5
    """
    parser = _cli.parser("transfer", "Reuse a CNN's filters for new classes (transfer learning).")
    add_data_arguments(parser, dataset=False)
    parser.add_argument("--pretrain-epochs", type=int, default=2, help="epochs on the first half")
    parser.add_argument("--shots", type=int, default=20, help="labelled images per new class")
    parser.add_argument("--steps", type=int, default=150, help="training steps on the few images")
    parser.add_argument("--channels", type=int, nargs=2, default=[32, 64], help="filters per block")
    parser.add_argument("--limit", type=int, help="pretrain on the first N images (None: all)")
    parser.add_argument("--test-limit", type=int, help="test on the first N images (None: all)")
    args = parser.parse_args(argv)
    args.dataset = "fashion"  # for load_split
    return args


def classes(images: np.ndarray, labels: np.ndarray, chosen: tuple) -> tuple:
    """The images of the `chosen` classes, labelled 0..len(chosen)-1 in that order.

    >>> classes(np.arange(4), np.array([5, 1, 7, 5]), (5, 7))
    (array([0, 2, 3]), array([0, 1, 0]))
    """
    keep = np.isin(labels, chosen)
    renumber = np.full(10, -1)
    renumber[list(chosen)] = np.arange(len(chosen))
    return images[keep], renumber[labels[keep]]


def few_shots(labels: np.ndarray, shots: int, seed: int) -> np.ndarray:
    """Indices of `shots` randomly chosen examples of every class in `labels`.

    >>> len(few_shots(np.array([0, 0, 0, 1, 1, 1]), 2, seed=0))
    4
    """
    generator = np.random.default_rng(seed)
    picked = [generator.choice(np.flatnonzero(labels == c), shots, replace=False)
              for c in np.unique(labels)]  # fmt: skip
    return np.sort(np.concatenate(picked))


def fit(model: nn.Module, X: np.ndarray, y: np.ndarray, steps: int, batch_size: int,
        args: argparse.Namespace, what: str) -> None:  # fmt: skip
    """Adam on the parameters that still require grad, for `steps` mini-batches."""
    learning = [p for p in model.parameters() if p.requires_grad]
    optimizer = nn.optim.Adam(learning, lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(X, y, batch_size=batch_size)
    model.train()
    bar = _cli.progress_bar(steps, args, what)
    step = 0
    while step < steps:
        for images, labels in loader:
            loss = loss_fn(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            bar.update()
            bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
            step += 1
            if step == steps:
                break
    bar.close()


def with_new_head(pretrained: nn.Sequential, classes: int) -> nn.Sequential:
    """The pretrained network with its convolutions frozen and a fresh last layer.

    >>> model = with_new_head(build_model((2, 2)), 5)
    >>> [p.requires_grad for p in model.parameters()]
    [False, False, False, False, True, True]
    """
    body = list(pretrained)[:-1]
    for layer in body:
        layer.requires_grad_(False)
    head = pretrained[-1]
    return nn.Sequential(*body, nn.Linear(head.in_features, classes))


def plot_accuracies(results: dict[str, float], title: str) -> Any:
    """A bar per approach with its test accuracy.

    >>> len(plot_accuracies({"a": 0.5, "b": 0.7}, "t").axes[0].patches)
    2
    """
    figure, axes = plt.subplots(figsize=(5, 3.5))
    names = list(results)
    bars = axes.bar(names, [results[n] for n in names], color=["tab:blue", "tab:grey"])
    axes.bar_label(bars, fmt="%.3f")
    axes.set(ylim=(0, 1), ylabel="test accuracy on the new classes", title=title)
    figure.tight_layout()
    return figure


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Pretrain, transfer, compare with training from scratch; returns the accuracies."""
    args = parse_arguments(argv)
    _cli.start(args)
    names = CLASS_NAMES["fashion"]
    train_images, train_labels = load_split(args, train=True, caller="transfer")
    test_images, test_labels = load_split(args, train=False, caller="transfer")
    X, y = prepare(train_images[: args.limit]), train_labels[: args.limit]
    X_test, y_test = prepare(test_images[: args.test_limit]), test_labels[: args.test_limit]

    X_source, y_source = classes(X, y, SOURCE)
    pretrained = build_model(tuple(args.channels), classes=len(SOURCE))
    _cli.note(args, f"pretraining on {len(X_source)} images of {', '.join(names[:5])}")
    fit(pretrained, X_source, y_source, args.pretrain_epochs * -(-len(X_source) // 64), 64,
        args, "pretraining")  # fmt: skip
    X_source_test, y_source_test = classes(X_test, y_test, SOURCE)
    source_accuracy = accuracy(y_source_test, predict(pretrained, X_source_test))

    X_target, y_target = classes(X, y, TARGET)
    chosen = few_shots(y_target, args.shots, args.seed)
    X_few, y_few = X_target[chosen], y_target[chosen]
    X_target_test, y_target_test = classes(X_test, y_test, TARGET)
    _cli.note(args, f"{len(X_few)} labelled images of {', '.join(names[5:])}")

    transferred = with_new_head(pretrained, len(TARGET))
    filters = {name: p.data.copy() for name, p in transferred.named_parameters()}
    fit(transferred, X_few, y_few, args.steps, 32, args, "new head")
    changed = [name for name, p in transferred.named_parameters()
               if not np.array_equal(p.data, filters[name])]  # fmt: skip
    autograd.manual_seed(args.seed + 1)
    scratch = build_model(tuple(args.channels), classes=len(TARGET))
    fit(scratch, X_few, y_few, args.steps, 32, args, "from scratch")

    results = {
        "frozen filters + new head": accuracy(y_target_test, predict(transferred, X_target_test)),
        "from scratch": accuracy(y_target_test, predict(scratch, X_target_test)),
    }
    title = f"{args.shots} labelled images per new class"
    files = [_cli.save_figure(plot_accuracies(results, title), args, "transfer_accuracy.png")]
    print(
        f"transfer: {len(TARGET)} new classes from {args.shots} images each: frozen filters + "
        f"new head {results['frozen filters + new head']:.4f}, from scratch "
        f"{results['from scratch']:.4f} (pretrained network: {source_accuracy:.4f} on its "
        f"{len(SOURCE)} classes)"
    )
    return {
        "transfer_accuracy": results["frozen filters + new head"],
        "scratch_accuracy": results["from scratch"],
        "source_accuracy": source_accuracy,
        "frozen": [name for name, p in transferred.named_parameters() if not p.requires_grad],
        "changed_by_fine_tuning": changed,
        "files": files,
    }


if __name__ == "__main__":
    main()
