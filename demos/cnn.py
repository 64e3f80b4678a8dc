"""A small convolutional network on Fashion-MNIST (or MNIST digits), with data augmentation.

    python -m demos.cnn                       # Fashion-MNIST, 8 epochs
    python -m demos.cnn --dataset mnist       # handwritten digits
    python -m demos.cnn --no-augment --epochs 3 --limit 10000

The network is two convolution blocks and one linear layer:

    Conv2d(1, 32, 3, padding=1) -> ReLU -> MaxPool2d(2)     28x28 -> 14x14
    Conv2d(32, 64, 3, padding=1) -> ReLU -> MaxPool2d(2)    14x14 -> 7x7
    Flatten -> Dropout -> Linear(64 * 7 * 7, 10)

A convolution slides each 3x3 filter over the image, so one filter finds its
pattern (an edge, a corner, a stripe) wherever it is; pooling keeps the
strongest response of each 2x2 patch, so the next block sees a coarser grid.
Every gradient comes from the engine, through `autograd.unfold`.

Augmentation (`nn.transforms`) moves every training image by up to
--shift pixels and mirrors half of them, a fresh draw for each batch, so the
network never sees exactly the same picture twice; clothes stay clothes when
mirrored (digits would not, so --dataset mnist does not flip). Adam's
learning rate follows a cosine from --lr down to nearly zero over the run.

Pictures in --out: cnn_filters.png (the learned first-layer filters),
cnn_feature_maps.png (what those filters make of one test image) and
cnn_confusion.png.
"""

from __future__ import annotations

import argparse
import math
import time
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

import autograd
import nn
from demos import _cli
from demos._classification import (
    CLASS_NAMES,
    add_data_arguments,
    class_metrics,
    load_split,
    plot_confusion,
    predict,
    train_epoch,
)
from nn.data import DataLoader
from nn.metrics import accuracy
from nn.transforms import Compose, RandomHorizontalFlip, RandomShift

# Mean and spread of Fashion-MNIST's training pixels (/ 255); close enough for MNIST.
PIXEL_MEAN, PIXEL_STD = 0.2860, 0.3530


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The options.

    >>> parse_arguments(["--epochs", "2"]).epochs
    2
    """
    parser = _cli.parser("cnn", "Train a small convolutional network on (Fashion-)MNIST.")
    add_data_arguments(parser)
    parser.add_argument("--epochs", type=int, default=8, help="passes over the training images")
    parser.add_argument("--batch-size", type=int, default=64, help="images per step")
    parser.add_argument("--lr", type=float, default=2e-3, help="Adam's first learning rate")
    parser.add_argument("--channels", type=int, nargs=2, default=[32, 64], help="filters per block")
    parser.add_argument("--dropout", type=float, default=0.25, help="dropout before the last layer")
    parser.add_argument("--shift", type=int, default=1, help="largest random shift in pixels")
    parser.add_argument(
        "--no-augment", dest="augment", action="store_false", help="train on the images as they are"
    )
    parser.add_argument("--limit", type=int, help="train on the first N images (None: all)")
    parser.add_argument("--test-limit", type=int, help="test on the first N images (None: all)")
    return parser.parse_args(argv)


def prepare(images: np.ndarray) -> np.ndarray:
    """uint8 images (N, 28, 28) as standardised float32 (N, 1, 28, 28).

    >>> prepare(np.zeros((2, 28, 28), np.uint8)).shape
    (2, 1, 28, 28)
    """
    pixels = images[:, None].astype(np.float32) / 255
    return (pixels - PIXEL_MEAN) / PIXEL_STD


def build_model(
    channels: tuple[int, int] = (32, 64), dropout: float = 0.25, classes: int = 10
) -> nn.Sequential:
    """conv-relu-pool twice, then a linear layer to the class scores.

    >>> build_model((4, 8))(np.zeros((2, 1, 28, 28), np.float32)).shape
    (2, 10)
    """
    first, second = channels
    return nn.Sequential(
        nn.Conv2d(1, first, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(first, second, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Dropout(dropout),
        nn.Linear(second * 7 * 7, classes),
    )


def augmentation(args: argparse.Namespace) -> nn.transforms.Compose:
    """Random shifts, and mirror images for clothes (a mirrored digit is another symbol).

    >>> augmentation(argparse.Namespace(shift=2, dataset="fashion"))
    Compose([RandomShift(max_shift=2, fill=...), RandomHorizontalFlip(p=0.5)])
    """
    # Shifted-in pixels are background: 0 before standardising.
    steps: list[Any] = [RandomShift(args.shift, fill=-PIXEL_MEAN / PIXEL_STD)]
    if args.dataset == "fashion":
        steps.append(RandomHorizontalFlip(0.5))
    return Compose(steps)


def train(model: nn.Module, X: np.ndarray, y: np.ndarray, args: argparse.Namespace) -> dict:
    """Adam with a cosine learning rate; returns each epoch's loss, accuracy and seconds."""
    transform = augmentation(args) if args.augment else None
    loader = DataLoader(X, y, batch_size=args.batch_size, transform=transform)
    optimizer = nn.optim.Adam(model.parameters(), lr=args.lr)
    total_steps = args.epochs * len(loader)
    schedule = nn.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: 0.02 + 0.98 * (1 + math.cos(math.pi * step / total_steps)) / 2
    )
    history: dict[str, list[float]] = {"loss": [], "accuracy": [], "seconds": []}
    bar = _cli.progress_bar(total_steps, args, "training")
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        # The schedule steps after every batch: the cosine runs over every step of the run.
        loss, train_accuracy = train_epoch(model, loader, optimizer, bar, schedule)
        history["seconds"].append(time.perf_counter() - start)
        history["loss"].append(loss)
        history["accuracy"].append(train_accuracy)
        if not args.quiet:
            bar.write(
                f"epoch {epoch}/{args.epochs}: loss {loss:.4f}, train accuracy "
                f"{train_accuracy:.4f}, {history['seconds'][-1]:.0f} s"
            )
    bar.close()
    return history


def plot_filters(weight: np.ndarray) -> Any:
    """The first layer's filters (out, 1, 3, 3) as small grey pictures.

    >>> len(plot_filters(np.zeros((8, 1, 3, 3))).axes)
    8
    """
    count = len(weight)
    columns = min(count, 8)
    rows = math.ceil(count / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(columns * 0.9, rows * 0.9), squeeze=False)
    for index, ax in enumerate(axes.flat):
        if index < count:
            limit = np.abs(weight[index, 0]).max() or 1.0
            ax.imshow(weight[index, 0], cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_axis_off()
    for ax in axes.flat[count:]:
        figure.delaxes(ax)
    figure.suptitle("first-layer filters (red +, blue -)")
    return figure


def plot_feature_maps(image: np.ndarray, maps: np.ndarray, title: str) -> Any:
    """One input image and the first block's feature maps (C, H, W) for it.

    >>> len(plot_feature_maps(np.zeros((28, 28)), np.zeros((4, 28, 28)), "t").axes)
    5
    """
    count = len(maps)
    columns = min(count + 1, 9)
    rows = math.ceil((count + 1) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(columns * 1.1, rows * 1.1), squeeze=False)
    axes.flat[0].imshow(image, cmap="gray_r")
    axes.flat[0].set_title("input", fontsize=7)
    for index, feature_map in enumerate(maps, start=1):
        axes.flat[index].imshow(feature_map, cmap="magma")
    for ax in axes.flat:
        ax.set_axis_off()
    for ax in axes.flat[count + 1 :]:
        figure.delaxes(ax)
    figure.suptitle(title)
    return figure


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Train the network, evaluate it on the test set, draw the pictures; returns the results."""
    args = parse_arguments(argv)
    _cli.start(args)
    names = CLASS_NAMES[args.dataset]
    train_images, train_labels = load_split(args, train=True, caller="cnn")
    X = prepare(train_images[: args.limit])
    y = train_labels[: args.limit]
    model = build_model(tuple(args.channels), args.dropout)
    _cli.note(args, f"training on {len(X)} images:\n{model}")
    started = time.perf_counter()
    history = train(model, X, y, args)
    training_seconds = time.perf_counter() - started

    test_images, test_labels = load_split(args, train=False, caller="cnn")
    test_images, test_labels = test_images[: args.test_limit], test_labels[: args.test_limit]
    X_test = prepare(test_images)
    scores = predict(model, X_test)
    test_accuracy = accuracy(test_labels, scores)
    metrics = class_metrics(test_labels, scores, len(names))
    with autograd.no_grad():
        maps = model[1](model[0](X_test[:1])).data[0]  # the first block, before pooling
    files = [
        _cli.save_figure(plot_filters(model[0].weight.data), args, "cnn_filters.png"),
        _cli.save_figure(
            plot_feature_maps(
                test_images[0],
                maps,
                f"first-layer feature maps of one test image ({names[test_labels[0]]})",
            ),
            args,
            "cnn_feature_maps.png",
        ),
        _cli.save_figure(
            plot_confusion(
                metrics["confusion"], names, f"{args.dataset}: test accuracy {test_accuracy:.4f}"
            ),
            args,
            "cnn_confusion.png",
        ),
    ]
    print(
        f"cnn: {args.dataset} test accuracy {test_accuracy:.4f} after {args.epochs} epochs "
        f"({training_seconds:.0f} s training, {np.mean(history['seconds']):.0f} s per epoch)"
    )
    return {
        "test_accuracy": test_accuracy,
        "history": history,
        "training_seconds": training_seconds,
        "files": files,
        "model": model,
        **metrics,
    }


if __name__ == "__main__":
    main()
