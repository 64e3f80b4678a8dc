"""A demo's one-line result is a claim to users: computed on the right data, in the right mode.

Each figure a demo reports is recomputed here from the model it returns, on
data drawn independently of the demo's own code path.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import autograd
from demos import mnist, spiral
from nn.data import load_mnist, spiral_data
from nn.metrics import accuracy

FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")


def _class_predictions(model, X: np.ndarray) -> np.ndarray:
    model.eval()
    with autograd.no_grad():
        return model(X).data.argmax(axis=1)


def test_spiral_scores_the_fresh_spiral_not_the_training_points(tmp_path):
    seed = 5
    results = spiral.main(
        ["--epochs", "200", "--seed", str(seed), "--quiet", "--out", str(tmp_path)]
    )
    model = results["model"]
    X, y = spiral_data(spiral.POINTS_PER_CLASS, spiral.CLASSES, seed=seed)
    fresh_X, fresh_y = spiral_data(spiral.FRESH_POINTS_PER_CLASS, spiral.CLASSES, seed=seed + 1)
    assert results["train_accuracy"] == pytest.approx(accuracy(y, _class_predictions(model, X)))
    assert results["fresh_accuracy"] == pytest.approx(
        accuracy(fresh_y, _class_predictions(model, fresh_X))
    )
    # The two figures really are about different points.
    assert not np.array_equal(X[:10], fresh_X[:10])


@pytest.mark.skipif(
    not FASHION_DIR.is_dir(), reason="install with: apt-get install dataset-fashion-mnist"
)
def test_mnist_reports_the_test_accuracy_of_the_model_in_evaluation_mode(tmp_path):
    # Dropout and batch norm make a prediction in training mode differ from one in
    # evaluation mode, so a demo that forgot model.eval() reports another figure.
    options = ["--data-dir", str(FASHION_DIR), "--limit", "2000", "--epochs", "1"]
    options += ["--dropout", "0.5", "--batchnorm", "--quiet", "--out", str(tmp_path)]
    results = mnist.main(options)
    images, labels = load_mnist(FASHION_DIR, train=False)
    predictions = _class_predictions(results["model"], mnist.prepare(images, results["scaling"]))
    assert results["test_accuracy"] == pytest.approx(accuracy(labels, predictions))
    assert results["confusion"].sum() == len(labels)
