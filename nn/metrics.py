"""How good are the predictions? Accuracy, confusion matrix, precision/recall/F1.

Every function takes `y_true` and `y_pred` as lists, ndarrays or Tensors, each
in any of these forms:

- 1-D integer class labels, shape (N,);
- 2-D scores, probabilities or one-hot rows, shape (N, classes): the class is
  the argmax of each row (so logits straight from the model work);
- a single column, shape (N, 1): binary labels or probabilities of class 1
  (a sigmoid output), class 1 where the value is above 0.5. Values outside
  [0, 1] are refused: they look like logits, apply `.sigmoid()` first.

>>> accuracy([0, 1, 2, 2], [[0.9, 0.1, 0.0], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1]])
0.75
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor


def _class_labels(values: Any, name: str, caller: str) -> tuple[np.ndarray, int]:
    """Int64 labels of shape (N,), and how many classes the input's shape implies at least."""
    array = np.asarray(values.data if isinstance(values, Tensor) else values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{caller}: {name} must hold numbers, got dtype {array.dtype}")
    if array.ndim == 2 and array.shape[1] == 1:
        column = array[:, 0].astype(np.float64)
        if column.size and (column.min() < 0 or column.max() > 1):
            raise ValueError(
                f"{caller}: {name} has one column, read as binary labels or probabilities of "
                f"class 1, but its values run from {column.min():g} to {column.max():g}; "
                f"for logits apply .sigmoid() first"
            )
        return (column > 0.5).astype(np.int64), 2
    if array.ndim == 2:
        return array.argmax(axis=1).astype(np.int64), array.shape[1]
    if array.ndim != 1:
        raise ValueError(
            f"{caller}: {name} must be labels of shape (N,) or scores of shape (N, classes), "
            f"got shape {array.shape}"
        )
    if array.dtype.kind == "f" and not np.array_equal(array, np.round(array)):
        raise ValueError(
            f"{caller}: {name} is 1-D, so it must hold class labels, but it holds fractions "
            f"such as {array[array != np.round(array)][0]:g}; pass probabilities of class 1 "
            f"as a column of shape (N, 1), or scores of shape (N, classes)"
        )
    if array.size and array.min() < 0:
        raise ValueError(f"{caller}: {name} holds the negative class label {array.min()}")
    return array.astype(np.int64), 0


def _label_pair(y_true: Any, y_pred: Any, caller: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Both label vectors, checked to match in length, and the least class count they imply."""
    true, true_classes = _class_labels(y_true, "y_true", caller)
    pred, pred_classes = _class_labels(y_pred, "y_pred", caller)
    if len(true) != len(pred):
        raise ValueError(
            f"{caller}: y_true has {len(true)} samples but y_pred has {len(pred)}; "
            f"they must describe the same samples"
        )
    if len(true) == 0:
        raise ValueError(f"{caller}: no samples (y_true and y_pred are empty)")
    return true, pred, max(true_classes, pred_classes)


def accuracy(y_true: Any, y_pred: Any) -> float:
    """The fraction of samples whose predicted class is the true class.

    >>> accuracy([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    """
    true, pred, _ = _label_pair(y_true, y_pred, "accuracy")
    return float(np.mean(true == pred))


def _counts(y_true: Any, y_pred: Any, num_classes: int | None, caller: str) -> np.ndarray:
    true, pred, shape_classes = _label_pair(y_true, y_pred, caller)
    seen_classes = int(max(true.max(), pred.max())) + 1
    if num_classes is None:
        num_classes = max(seen_classes, shape_classes)
    elif num_classes < seen_classes:
        raise ValueError(
            f"{caller}: class label {seen_classes - 1} does not fit num_classes={num_classes} "
            f"(labels run from 0 to num_classes - 1)"
        )
    pairs = np.bincount(true * num_classes + pred, minlength=num_classes * num_classes)
    return pairs.reshape(num_classes, num_classes).astype(np.int64)


def confusion_matrix(y_true: Any, y_pred: Any, num_classes: int | None = None) -> np.ndarray:
    """Counts of (true class, predicted class) pairs: rows true, columns predicted.

    The diagonal holds the correct predictions. `num_classes` defaults to the
    largest label seen plus one (or the number of score columns, if larger).

    >>> confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2])
    array([[1, 0, 0],
           [0, 1, 1],
           [0, 0, 1]])
    """
    return _counts(y_true, y_pred, num_classes, "confusion_matrix")


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, and 0 where the denominator is 0."""
    out = np.zeros(numerator.shape, dtype=np.float64)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def precision_recall_f1(
    y_true: Any, y_pred: Any, average: str | None = None, num_classes: int | None = None
) -> tuple[Any, Any, Any]:
    """Per-class precision, recall and F1, or their unweighted means (`average="macro"`).

    For class c, precision = correct c predictions / all c predictions, recall =
    correct c predictions / all true c samples, F1 = their harmonic mean. A
    class never predicted gets precision 0 and a class never present gets
    recall 0 (scikit-learn's `zero_division=0`), and then F1 0. The macro
    average is over the classes that occur in y_true or y_pred. Returns three
    float64 arrays indexed by class, or three floats with `average="macro"`.

    >>> p, r, f = precision_recall_f1([0, 0, 1, 1], [0, 1, 1, 1])
    >>> p.tolist(), r.tolist()
    ([1.0, 0.6666666666666666], [0.5, 1.0])
    """
    if average not in (None, "macro"):
        raise ValueError(f"precision_recall_f1: average must be None or 'macro', got {average!r}")
    counts = _counts(y_true, y_pred, num_classes, "precision_recall_f1")
    correct = np.diag(counts).astype(np.float64)
    predicted, present = counts.sum(axis=0), counts.sum(axis=1)
    precision = _ratio(correct, predicted)
    recall = _ratio(correct, present)
    f1 = _ratio(2 * precision * recall, precision + recall)
    if average is None:
        return precision, recall, f1
    occurring = (predicted + present) > 0
    return tuple(float(metric[occurring].mean()) for metric in (precision, recall, f1))
