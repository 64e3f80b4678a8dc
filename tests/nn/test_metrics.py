"""nn.metrics against loop-by-loop oracles, in every input form."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Tensor
from nn import metrics


@st.composite
def label_pairs(draw, min_classes=1):
    """(y_true, y_pred, num_classes): plain lists of class labels of equal length."""
    num_classes = draw(st.integers(min_classes, 5))
    count = draw(st.integers(1, 30))
    labels = st.lists(st.integers(0, num_classes - 1), min_size=count, max_size=count)
    return draw(labels), draw(labels), num_classes


def oracle(y_true, y_pred, num_classes):
    """Accuracy, confusion matrix and per-class / macro scores, one sample at a time."""
    counts = [[0] * num_classes for _ in range(num_classes)]
    for t, p in zip(y_true, y_pred):
        counts[t][p] += 1
    per_class, occurring = [], []
    for c in range(num_classes):
        correct = counts[c][c]
        predicted = sum(counts[t][c] for t in range(num_classes))
        present = sum(counts[c])
        precision = correct / predicted if predicted else 0.0
        recall = correct / present if present else 0.0
        both = precision + recall
        per_class.append((precision, recall, 2 * precision * recall / both if both else 0.0))
        if predicted or present:
            occurring.append(per_class[-1])
    macro = [sum(scores[i] for scores in occurring) / len(occurring) for i in range(3)]
    hits = sum(t == p for t, p in zip(y_true, y_pred))
    return hits / len(y_true), counts, per_class, macro


def scores_for(labels, num_classes, seed=0):
    """Random scores whose row-wise argmax is `labels`."""
    noise = np.random.default_rng(seed).random((len(labels), num_classes))
    return noise + 2.0 * np.eye(num_classes)[labels]


@given(label_pairs())
def test_all_metrics_match_the_loop_oracle(pair):
    y_true, y_pred, num_classes = pair
    accuracy, counts, per_class, macro = oracle(y_true, y_pred, num_classes)
    assert metrics.accuracy(y_true, y_pred) == pytest.approx(accuracy)
    cm = metrics.confusion_matrix(y_true, y_pred, num_classes)
    assert cm.dtype == np.int64
    np.testing.assert_array_equal(cm, counts)
    p, r, f = metrics.precision_recall_f1(y_true, y_pred, num_classes=num_classes)
    np.testing.assert_allclose(np.stack([p, r, f], axis=1), per_class, atol=1e-12)
    averaged = metrics.precision_recall_f1(y_true, y_pred, average="macro")
    assert all(isinstance(value, float) for value in averaged)
    np.testing.assert_allclose(averaged, macro, atol=1e-12)


@given(label_pairs(min_classes=2))  # one score column means binary probabilities instead
def test_scores_one_hot_and_tensors_mean_their_argmax(pair):
    y_true, y_pred, num_classes = pair
    expected = metrics.confusion_matrix(y_true, y_pred, num_classes)
    one_hot = np.eye(num_classes, dtype=np.float32)[y_true]
    scores = Tensor(scores_for(y_pred, num_classes).astype(np.float32))
    np.testing.assert_array_equal(metrics.confusion_matrix(one_hot, scores), expected)
    assert metrics.accuracy(Tensor(np.array(y_true)), scores) == metrics.accuracy(y_true, y_pred)


def test_num_classes_defaults_to_labels_seen_or_score_columns():
    assert metrics.confusion_matrix([0, 2], [2, 2]).shape == (3, 3)
    assert metrics.confusion_matrix([0, 1], scores_for([1, 1], 6)).shape == (6, 6)


def test_a_single_column_is_binary_labels_or_probabilities():
    targets = np.array([[0.0], [1.0], [1.0], [0.0], [1.0]], dtype=np.float32)
    probabilities = np.array([[0.2], [0.9], [0.4], [0.51], [0.7]], dtype=np.float32)
    labels = [int(p > 0.5) for p in probabilities[:, 0]]
    expected = metrics.confusion_matrix(targets[:, 0].astype(int).tolist(), labels, 2)
    np.testing.assert_array_equal(metrics.confusion_matrix(targets, probabilities), expected)
    assert metrics.accuracy(targets, probabilities) == pytest.approx(3 / 5)


def test_tiny_case_in_closed_form():
    # Class 0: 1 of 2 predictions right, 1 of 2 samples found; class 1: 2 of 3 and 2 of 3.
    y_true, y_pred = [0, 0, 1, 1, 1], [0, 1, 1, 1, 0]
    precision, recall, f1 = metrics.precision_recall_f1(y_true, y_pred)
    half, two_thirds = float(Fraction(1, 2)), float(Fraction(2, 3))
    np.testing.assert_allclose(precision, [half, two_thirds])
    np.testing.assert_allclose(recall, [half, two_thirds])
    np.testing.assert_allclose(f1, [half, two_thirds])  # F1 of equal P and R is that value
    assert metrics.accuracy(y_true, y_pred) == pytest.approx(3 / 5)


def test_absent_classes_score_zero_and_stay_out_of_the_macro_mean():
    y_true, y_pred = [0, 0, 1], [0, 2, 0]  # class 1 never predicted, class 2 never present
    precision, recall, f1 = metrics.precision_recall_f1(y_true, y_pred, num_classes=4)
    assert precision[1] == recall[2] == f1[1] == f1[2] == 0.0
    assert precision[3] == recall[3] == f1[3] == 0.0  # class 3: neither
    macro_precision, _, _ = metrics.precision_recall_f1(y_true, y_pred, "macro", num_classes=4)
    assert macro_precision == pytest.approx(precision[:3].mean())


@pytest.mark.parametrize(
    "call, problem",
    [
        (lambda: metrics.accuracy([0, 1, 1], [0, 1]), "y_true has 3 samples but y_pred has 2"),
        (lambda: metrics.precision_recall_f1([0], [0], average="micro"), "average must be None"),
        (lambda: metrics.confusion_matrix([0, 5], [0, 1], 3), "label 5 does not fit"),
        (lambda: metrics.accuracy([0, -1], [0, 1]), "negative class label -1"),
        (lambda: metrics.accuracy([0.0, 1.0], [0.3, 0.8]), "fractions such as 0.3"),
        (lambda: metrics.accuracy([[1.0], [0.0]], [[2.5], [-1.0]]), "apply .sigmoid"),
        (lambda: metrics.accuracy([0], np.zeros((1, 2, 2))), r"got shape \(1, 2, 2\)"),
        (lambda: metrics.accuracy([], []), "no samples"),
    ],
)
def test_errors_name_the_function_and_the_problem(call, problem):
    with pytest.raises(ValueError, match=problem) as caught:
        call()
    assert str(caught.value).split(":")[0] in {
        "accuracy",
        "confusion_matrix",
        "precision_recall_f1",
    }


def test_precision_recall_f1_names_itself_in_errors():
    with pytest.raises(ValueError, match=r"^precision_recall_f1: y_true has 1 samples"):
        metrics.precision_recall_f1([0], [0, 1])


def test_one_column_probabilities_count_exactly_one_half_as_class_zero():
    # Class 1 only where the probability is above 0.5, as the module says.
    probabilities = np.array([[0.5], [0.50001], [0.49999], [1.0], [0.0]])
    assert metrics.confusion_matrix([0, 1, 0, 1, 0], probabilities).tolist() == [[3, 0], [0, 2]]
    assert metrics.accuracy([1, 1, 0, 1, 0], probabilities) == pytest.approx(0.8)
