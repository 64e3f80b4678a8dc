"""Training speed: our engine and layers against a hand-derived NumPy network.

    python -m benchmarks.train [--quick] [--data-dir DIR]

(a) 3-class spiral, 100 points per class, MLP 2-64-3, Adam lr 0.02, 500
    full-batch steps;
(b) Fashion-MNIST, MLP 784-128-10, Adam lr 1e-3, batch 128, one epoch,
    float32 (skipped when the data is not found).
Both networks start from the same weights and see the same batches, so
their losses and accuracies must agree; the script checks that and prints
the median time of each and the ratio (ours / hand-derived).
"""

from __future__ import annotations

import argparse
import itertools
import os

import numpy as np

import autograd
import nn
from autograd import Tensor
from nn.data import DataLoader, load_mnist, spiral_data
from nn.optim import Adam

from .harness import compare, report

FASHION_DIRS = [os.environ.get("FASHION_MNIST_DIR", ""), "/usr/share/datasets/fashion-mnist"]


def initial_weights(sizes: list[int], seed: int) -> dict[str, np.ndarray]:
    """He-uniform weights and zero biases for an MLP, named like a Sequential's state dict."""
    rng = np.random.default_rng(seed)
    weights = {}
    for layer, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
        bound = np.sqrt(6.0 / fan_in)
        index = 2 * layer  # Linear, ReLU, Linear, ...: the Linear layers are 0, 2, 4, ...
        weights[f"{index}.weight"] = rng.uniform(-bound, bound, (fan_in, fan_out)).astype(
            np.float32
        )
        weights[f"{index}.bias"] = np.zeros(fan_out, dtype=np.float32)
    return weights


class HandMLP:
    """A ReLU MLP with softmax cross-entropy and Adam, every derivative written out by hand."""

    def __init__(self, weights: dict[str, np.ndarray], lr: float, betas=(0.9, 0.999), eps=1e-8):
        self.params = [w.copy() for w in weights.values()]  # W0, b0, W1, b1, ...
        self.lr, self.betas, self.eps, self.step_count = lr, betas, eps, 0
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]

    def logits(self, x: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        activations = [x]
        for i in range(0, len(self.params), 2):
            z = activations[-1] @ self.params[i] + self.params[i + 1]
            activations.append(np.maximum(z, 0) if i + 2 < len(self.params) else z)
        return activations[-1], activations

    def train_step(self, x: np.ndarray, labels: np.ndarray) -> float:
        logits, activations = self.logits(x)
        shifted = logits - logits.max(axis=1, keepdims=True)
        exps = np.exp(shifted)
        probs = exps / exps.sum(axis=1, keepdims=True)
        rows = np.arange(len(labels))
        loss = -np.log(probs[rows, labels]).mean()

        grad = probs
        grad[rows, labels] -= 1
        grad /= len(labels)
        grads = []
        for i in range(len(self.params) - 2, -1, -2):
            inputs = activations[i // 2]
            grads[:0] = [inputs.T @ grad, grad.sum(axis=0)]
            if i:
                grad = (grad @ self.params[i].T) * (inputs > 0)
        self.adam(grads)
        return float(loss)

    def adam(self, grads: list[np.ndarray]) -> None:
        self.step_count += 1
        beta1, beta2 = self.betas
        correction1 = 1 - beta1**self.step_count
        correction2 = 1 - beta2**self.step_count
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            p -= (self.lr / correction1) * m / (np.sqrt(v / correction2) + self.eps)

    def accuracy(self, x: np.ndarray, labels: np.ndarray) -> float:
        return float((self.logits(x)[0].argmax(axis=1) == labels).mean())


def engine_mlp(weights: dict[str, np.ndarray]) -> nn.Sequential:
    """The same MLP built from nn layers, loaded with the same weights."""
    layers: list[nn.Module] = []
    for name, weight in weights.items():
        if name.endswith("weight"):
            layers += [nn.Linear(*weight.shape), nn.ReLU()]
    model = nn.Sequential(*layers[:-1])  # no ReLU after the last layer
    model.load_state_dict(weights)
    return model


def engine_accuracy(model: nn.Module, x: np.ndarray, labels: np.ndarray) -> float:
    with autograd.no_grad():
        return float((model(Tensor(x)).data.argmax(axis=1) == labels).mean())


def spiral(repeats: int, steps: int = 500) -> None:
    x, labels = spiral_data(100, 3, seed=0)
    weights = initial_weights([2, 64, 3], seed=1)
    outcome = {}

    def ours():
        model = engine_mlp(weights)
        optimizer = Adam(model.parameters(), lr=0.02)
        loss_fn = nn.CrossEntropyLoss()
        inputs, targets = Tensor(x), Tensor(labels)
        losses = []
        for _ in range(steps):
            optimizer.zero_grad()
            loss = loss_fn(model(inputs), targets)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        outcome["ours"] = (losses, engine_accuracy(model, x, labels))

    def by_hand():
        net = HandMLP(weights, lr=0.02)
        losses = [net.train_step(x, labels) for _ in range(steps)]
        outcome["numpy"] = (losses, net.accuracy(x, labels))

    t = compare({"ours": ours, "numpy": by_hand}, repeats)
    (our_losses, our_acc), (hand_losses, hand_acc) = outcome["ours"], outcome["numpy"]
    # Same weights, same data, same algorithm: the runs agree until float32 rounding,
    # amplified by hundreds of Adam steps, sets them apart.
    np.testing.assert_allclose(our_losses[:20], hand_losses[:20], rtol=1e-4)
    our_loss, hand_loss = our_losses[-1], hand_losses[-1]
    report(
        f"(a) spiral 3 x 100 points, MLP 2-64-3, Adam lr 0.02, {steps} full-batch steps",
        [
            ("ours", f"{t['ours']:.3f} s  (final loss {our_loss:.4f}, accuracy {our_acc:.3f})"),
            (
                "hand-derived NumPy",
                f"{t['numpy']:.3f} s  (final loss {hand_loss:.4f}, accuracy {hand_acc:.3f})",
            ),
            ("ratio", f"{t['ours'] / t['numpy']:.2f}x  (target <= 1.5x)"),
        ],
    )


def find_fashion_mnist(data_dir: str | None) -> str | None:
    for directory in [data_dir or "", *FASHION_DIRS]:
        if directory and os.path.exists(os.path.join(directory, "t10k-labels-idx1-ubyte.gz")):
            return directory
    return None


def fashion_mnist(repeats: int, data_dir: str | None, limit: int | None) -> None:
    root = find_fashion_mnist(data_dir)
    if root is None:
        print("\n(b) skipped: Fashion-MNIST not found (apt-get install dataset-fashion-mnist)")
        return
    train_images, train_labels = load_mnist(root, train=True)
    test_images, test_labels = load_mnist(root, train=False)
    x = (train_images.reshape(len(train_images), -1) / np.float32(255)).astype(np.float32)
    x_test = (test_images.reshape(len(test_images), -1) / np.float32(255)).astype(np.float32)
    if limit:
        x, train_labels = x[:limit], train_labels[:limit]
    weights = initial_weights([784, 128, 10], seed=2)
    # Both runs see the same batches: the loader's order, read off a loader of indices.
    batches = [b.data for b, _ in DataLoader(np.arange(len(x)), np.arange(len(x)), 128, seed=3)]
    outcome = {}

    def ours():
        model = engine_mlp(weights)
        optimizer = Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()
        for inputs, targets in DataLoader(x, train_labels, 128, seed=3):
            optimizer.zero_grad()
            loss_fn(model(inputs), targets).backward()
            optimizer.step()
        outcome["ours"] = engine_accuracy(model, x_test, test_labels)

    def by_hand():
        net = HandMLP(weights, lr=1e-3)
        for batch in batches:
            net.train_step(x[batch], train_labels[batch])
        outcome["numpy"] = net.accuracy(x_test, test_labels)

    t = compare({"ours": ours, "numpy": by_hand}, repeats)
    report(
        f"(b) Fashion-MNIST, MLP 784-128-10, Adam lr 1e-3, batch 128, one epoch of {len(x):,}",
        [
            ("ours", f"{t['ours']:.3f} s  (test accuracy {outcome['ours']:.4f})"),
            ("hand-derived NumPy", f"{t['numpy']:.3f} s  (test accuracy {outcome['numpy']:.4f})"),
            ("ratio", f"{t['ours'] / t['numpy']:.3f}x  (target <= 1.08x)"),
            (
                "accuracy difference",
                f"{abs(outcome['ours'] - outcome['numpy']):.4f}  (target <= 0.01)",
            ),
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and samples")
    parser.add_argument("--data-dir", help="directory holding the Fashion-MNIST IDX files")
    args = parser.parse_args()
    spiral(3 if args.quick else 11)
    fashion_mnist(1 if args.quick else 5, args.data_dir, 6000 if args.quick else None)


if __name__ == "__main__":
    main()
