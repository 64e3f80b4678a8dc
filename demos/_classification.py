"""What the MNIST, CNN and transfer demos share: the classes, the data, predicting,
training an epoch, and the per-class report (metrics table and confusion picture).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

import autograd
import nn
from demos import _cli
from nn.metrics import confusion_matrix, precision_recall_f1

CLASS_NAMES = {
    "mnist": [str(digit) for digit in range(10)],
    "fashion": [
        "T-shirt/top",
        "Trouser",
        "Pullover",
        "Dress",
        "Coat",
        "Sandal",
        "Shirt",
        "Sneaker",
        "Bag",
        "Ankle boot",
    ],
}


def add_data_arguments(parser: argparse.ArgumentParser, dataset: bool = True) -> None:
    """--data-dir, and unless `dataset` is False --dataset (Fashion-MNIST or MNIST digits).

    >>> parser = argparse.ArgumentParser(); add_data_arguments(parser)
    >>> parser.parse_args(["--dataset", "mnist"]).dataset
    'mnist'
    """
    if dataset:
        parser.add_argument(
            "--dataset", choices=list(CLASS_NAMES), default="fashion", help="clothes or digits"
        )
    parser.add_argument(
        "--data-dir", type=Path, help="where the IDX files are (None: nn.data.default_data_dir)"
    )


def load_split(
    args: argparse.Namespace, train: bool, caller: str = "load_split"
) -> tuple[np.ndarray, np.ndarray]:
    """Images and labels of one split of `args.dataset`, downloading it first if it is missing.

    Problems a learner can fix (no network, a corrupt file) end the program with
    a message naming `caller` (the demo) and exit code 1, not a traceback.
    """
    data_dir = args.data_dir or nn.data.default_data_dir(args.dataset)
    try:
        try:
            return nn.data.load_mnist(data_dir, train=train)
        except FileNotFoundError:
            _cli.note(args, f"{args.dataset} is not in {data_dir}: downloading it")
            nn.data.download_mnist(data_dir, args.dataset)
            return nn.data.load_mnist(data_dir, train=train)
    except (OSError, ValueError) as error:  # no network, a bad download, a corrupt file
        raise SystemExit(f"{caller}: cannot get the {args.dataset} data.\n{error}") from None


def checkpoint_path_problem(path: Path) -> str | None:
    """Why a checkpoint could not be saved at `path`, or None if it can be.

    >>> checkpoint_path_problem(Path("missing/dir/m.npz"))
    'the folder missing/dir does not exist'
    """
    target = Path(os.path.realpath(path))  # nn.save writes through a symbolic link
    if target.is_dir():
        return "is a directory; give a file name such as net.npz"
    folder = target.parent
    shown = folder if path.is_symlink() else path.parent  # the folder as the user wrote it
    if not folder.is_dir():
        return f"the folder {shown} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {shown} is not writable"
    return None


def train_epoch(
    model: nn.Module,
    loader: Iterable[Any],
    optimizer: nn.optim.Optimizer,
    bar: Any,
    schedule: nn.optim.lr_scheduler.LRScheduler | None = None,
) -> tuple[float, float]:
    """One pass of cross-entropy training over `loader`; its mean loss and accuracy.

    Both are counted on the batches as they are trained on, so they cost
    nothing. `schedule`, if given, steps after every batch; `bar` advances.

    >>> from nn.data import DataLoader
    >>> model = nn.Linear(2, 2)
    >>> loader = DataLoader(np.zeros((4, 2), np.float32), np.array([0, 1, 0, 1]), batch_size=2)
    >>> bar = _cli.progress_bar(2, argparse.Namespace(quiet=True), "steps")
    >>> train_epoch(model, loader, nn.optim.SGD(model.parameters(), lr=0.1), bar)[1]
    0.5
    """
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    total_loss, correct, count = 0.0, 0, 0
    for images, labels in loader:
        logits = model(images)
        loss = loss_fn(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if schedule is not None:
            schedule.step()
        total_loss += loss.item() * len(labels.data)
        correct += int(np.sum(logits.data.argmax(axis=1) == labels.data))
        count += len(labels.data)
        bar.update()
        bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
    return total_loss / count, correct / count


@autograd.no_grad()
def predict(model: nn.Module, X: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """Class scores of every row of X, in evaluation mode (no dropout, running statistics),
    a batch at a time (bounded memory).

    >>> model = nn.Sequential(nn.Linear(784, 10), nn.Dropout(0.5))
    >>> predict(model, np.zeros((3, 784), np.float32), batch_size=2).shape, model.training
    ((3, 10), False)
    """
    model.eval()
    return np.concatenate([model(X[i : i + batch_size]).data for i in range(0, len(X), batch_size)])


def class_metrics(labels: np.ndarray, scores: np.ndarray, classes: int) -> dict[str, np.ndarray]:
    """Precision, recall and F1 of every class, and the confusion matrix.

    >>> metrics = class_metrics(np.array([0, 1]), np.array([[2.0, 0.0], [0.0, 1.0]]), 2)
    >>> metrics["recall"].tolist(), metrics["confusion"].tolist()
    ([1.0, 1.0], [[1, 0], [0, 1]])
    """
    precision, recall, f1 = precision_recall_f1(labels, scores, num_classes=classes)
    confusion = confusion_matrix(labels, scores, num_classes=classes)
    return {"precision": precision, "recall": recall, "f1": f1, "confusion": confusion}


def metrics_table(metrics: dict[str, np.ndarray], names: list[str]) -> str:
    """One line per class: its precision, recall and F1.

    >>> print(metrics_table({"precision": [0.5], "recall": [1.0], "f1": [0.6667]}, ["cat"]))
    class           precision  recall      F1
    cat                 0.500   1.000   0.667
    """
    lines = [f"{'class':14} {'precision':>10} {'recall':>7} {'F1':>7}"]
    for name, p, r, f in zip(names, metrics["precision"], metrics["recall"], metrics["f1"]):
        lines.append(f"{name:14} {p:10.3f} {r:7.3f} {f:7.3f}")
    return "\n".join(lines)


def plot_confusion(confusion: np.ndarray, names: list[str], title: str) -> Any:
    """The confusion matrix as a picture: rows true classes, columns predictions.

    >>> plot_confusion(np.eye(2, dtype=int), ["a", "b"], "t").axes[0].get_ylabel()
    'true class'
    """
    figure, axes = plt.subplots(figsize=(7, 6))
    image = axes.imshow(confusion, cmap="Blues")
    figure.colorbar(image, ax=axes, label="test images")
    ticks = np.arange(len(names))
    axes.set_xticks(ticks, names, rotation=45, ha="right")
    axes.set_yticks(ticks, names)
    axes.set(xlabel="predicted class", ylabel="true class", title=title)
    for (row, column), count in np.ndenumerate(confusion):
        dark = count > confusion.max() / 2
        axes.text(
            column,
            row,
            count,
            ha="center",
            va="center",
            fontsize=7,
            color="white" if dark else "black",
        )
    figure.tight_layout()
    return figure
