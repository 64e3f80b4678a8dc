"""Losses: values against NumPy closed forms, gradients against central differences, errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
import nn.functional as F
from autograd import Tensor, gradcheck

RNG = np.random.default_rng(0)
LOGITS = RNG.standard_normal((6, 4))
LABELS = np.array([0, 3, 1, 1, 2, 3])
PROBABILITIES = np.exp(LOGITS) / np.exp(LOGITS).sum(axis=1, keepdims=True)
TARGET = RNG.standard_normal((6, 4))
BINARY = (RNG.random((6, 4)) > 0.5).astype(np.float64)


def log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def reduce(values, reduction):
    return values.mean() if reduction == "mean" else values.sum()


def cross_entropy_per_sample(logits, labels):
    return -log_softmax(logits)[np.arange(len(labels)), labels]


CASES = {
    "mse": (nn.MSELoss, F.mse_loss, LOGITS, TARGET, lambda p, t: (p - t) ** 2),
    "l1": (nn.L1Loss, F.l1_loss, LOGITS, TARGET, lambda p, t: np.abs(p - t)),
    "cross_entropy": (
        nn.CrossEntropyLoss,
        F.cross_entropy,
        LOGITS,
        LABELS,
        cross_entropy_per_sample,
    ),
    "cross_entropy_probabilities": (
        nn.CrossEntropyLoss,
        F.cross_entropy,
        LOGITS,
        PROBABILITIES,
        lambda z, t: -(t * log_softmax(z)).sum(axis=1),
    ),
    "nll": (
        nn.NLLLoss,
        F.nll_loss,
        log_softmax(LOGITS),
        LABELS,
        lambda lp, y: -lp[np.arange(len(y)), y],
    ),
    "bce": (
        nn.BCELoss,
        F.binary_cross_entropy,
        PROBABILITIES,
        BINARY,
        lambda p, t: -(t * np.log(p) + (1 - t) * np.log(1 - p)),
    ),
    "bce_with_logits": (
        nn.BCEWithLogitsLoss,
        F.binary_cross_entropy_with_logits,
        LOGITS,
        BINARY,
        lambda z, t: (
            -(t * np.log(1 / (1 + np.exp(-z))) + (1 - t) * np.log(1 - 1 / (1 + np.exp(-z))))
        ),
    ),
}


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("case", list(CASES))
def test_losses_match_closed_forms(case, reduction):
    module, function, prediction, target, per_element = CASES[case]
    expected = reduce(per_element(prediction, target), reduction)
    loss_fn = module(reduction=reduction)
    for given_target in (target, Tensor(target)):
        np.testing.assert_allclose(
            loss_fn(Tensor(prediction), given_target).item(), expected, rtol=1e-10
        )
    np.testing.assert_allclose(
        function(prediction, target, reduction=reduction).item(), expected, rtol=1e-10
    )


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("case", list(CASES))
def test_loss_gradients_match_central_differences(case, reduction):
    _, function, prediction, target, _ = CASES[case]
    assert gradcheck(
        lambda p: function(p, target, reduction=reduction), Tensor(prediction, requires_grad=True)
    )


def test_probability_targets_that_require_grad_get_gradients_too():
    logits = Tensor(LOGITS, requires_grad=True)
    target = Tensor(PROBABILITIES, requires_grad=True)
    assert gradcheck(F.cross_entropy, logits, target)
    assert gradcheck(F.mse_loss, logits, target)


def test_float32_stays_float32():
    logits = Tensor(LOGITS.astype(np.float32), requires_grad=True)
    loss = nn.CrossEntropyLoss()(logits, LABELS)
    loss.backward()
    assert loss.dtype == np.float32 and logits.grad.dtype == np.float32


@given(st.floats(min_value=-1e4, max_value=1e4), st.integers(min_value=0, max_value=2))
def test_cross_entropy_is_finite_for_huge_logits(scale, label):
    logits = Tensor(np.array([[1.0, -1.0, 0.5]]) * scale, requires_grad=True)
    loss = F.cross_entropy(logits, np.array([label]))
    loss.backward()
    assert np.isfinite(loss.item()) and np.isfinite(logits.grad).all()
    np.testing.assert_allclose(
        loss.item(), cross_entropy_per_sample(logits.data, [label])[0], rtol=1e-6, atol=1e-6
    )


@given(st.floats(min_value=-1e4, max_value=1e4), st.sampled_from([0.0, 1.0]))
def test_bce_with_logits_is_finite_and_exact_for_huge_logits(z, t):
    logits = Tensor(np.array([z]), requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(logits, np.array([t]))
    loss.backward()
    np.testing.assert_allclose(loss.item(), np.logaddexp(0, z) - t * z, rtol=1e-9, atol=1e-12)
    sigmoid = np.exp(-np.logaddexp(0, -z))
    np.testing.assert_allclose(logits.grad, [sigmoid - t], rtol=1e-9, atol=1e-12)


# ------------------------------------------------------------------ BCE as PyTorch


def bce_reference(p, t):
    """PyTorch's documented BCE: each log clamped at -100; and its derivative in p where the
    logs are not clamped."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        value = -(t * np.maximum(np.log(p), -100) + (1 - t) * np.maximum(np.log(1 - p), -100))
        slope = -t / p + (1 - t) / (1 - p)
    return value, slope


def bce_grad(p, t, dtype=np.float64):
    probabilities = Tensor(np.asarray(p, dtype), requires_grad=True)
    loss = F.binary_cross_entropy(probabilities, np.asarray(t, dtype), reduction="sum")
    loss.backward()
    return loss.data, probabilities.grad


PROBABILITY = st.floats(0, 1) | st.sampled_from([0.0, 1.0, 1e-9, 1 - 1e-9, 1e-300])


@given(st.lists(st.tuples(PROBABILITY, st.sampled_from([0.0, 0.3, 1.0])), min_size=1, max_size=6))
def test_bce_matches_the_clamped_closed_form_and_its_derivative(pairs):
    p, t = np.array(pairs).T
    loss, grad = bce_grad(p, t)
    value, slope = bce_reference(p, t)
    np.testing.assert_allclose(loss, value.sum(), rtol=1e-12)
    assert np.isfinite(grad).all()
    unclamped = (p > np.exp(-100)) & (1 - p > np.exp(-100))
    np.testing.assert_allclose(grad[unclamped], slope[unclamped], rtol=1e-9)


def test_bce_keeps_the_large_gradient_of_a_confidently_wrong_prediction():
    for dtype in (np.float64, np.float32):
        loss, grad = bce_grad([1e-9], [1.0], dtype)
        np.testing.assert_allclose(grad, [-1e9], rtol=1e-6)
        np.testing.assert_allclose(loss, -np.log(1e-9), rtol=1e-6)


def test_bce_at_zero_and_one_is_100_per_wrong_term_with_finite_gradients():
    loss, grad = bce_grad([0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0])
    assert loss == 200.0
    # A clamped log passes no gradient (and no NaN from 0 * inf); a right answer's term
    # log(1 - p) at p = 0 keeps its derivative, 1 / (1 - p) = 1.
    np.testing.assert_array_equal(grad, [0.0, 0.0, 1.0, -1.0])


def test_bce_is_finite_in_float16():
    p = [0.0, 1e-4, 0.25, 0.5, 0.999, 1.0]
    for t in (0.0, 1.0):
        loss, grad = bce_grad(p, [t] * len(p), np.float16)
        assert loss.dtype == np.float16 and np.isfinite(loss)
        assert not np.isnan(grad).any()


@pytest.mark.parametrize("bad", [1.5, -0.1, float("nan"), float("inf")])
def test_bce_refuses_inputs_outside_0_1(bad):
    with pytest.raises(ValueError, match=r"binary_cross_entropy: .*\[0, 1\].*1 of 3.*logits"):
        nn.BCELoss()(Tensor([0.5, bad, 0.2]), np.ones(3))


def test_bce_matches_pytorch():
    torch = pytest.importorskip("torch", reason="install with: pip install torch==2.13.0")
    rng = np.random.default_rng(3)
    p = np.concatenate([rng.random(40), [0.0, 1.0, 1e-9, 1 - 1e-7, 1e-30]])
    t = np.concatenate([rng.integers(0, 2, 40).astype(float), [1.0, 0.0, 1.0, 0.0, 1.0]])
    for reduction in ("mean", "sum"):
        probabilities = Tensor(p, requires_grad=True)
        loss = F.binary_cross_entropy(probabilities, t, reduction=reduction)
        loss.backward()
        reference = torch.tensor(p, requires_grad=True)
        expected = torch.nn.functional.binary_cross_entropy(
            reference, torch.tensor(t), reduction=reduction
        )
        expected.backward()
        # PyTorch takes log1p(-p) where we take log(1 - p): equal to 1e-16 or better.
        np.testing.assert_allclose(loss.item(), expected.item(), rtol=1e-12, atol=1e-15)
        # PyTorch divides by max(p (1 - p), 1e-12) in its backward; where p (1 - p) is above
        # that, both are the derivative of the same function.
        agree = p * (1 - p) >= 1e-12
        assert agree.sum() == 42
        np.testing.assert_allclose(
            probabilities.grad[agree], reference.grad.numpy()[agree], rtol=1e-9
        )


def test_mse_sum_is_the_tutorials_sum_of_squares():
    loss = nn.MSELoss(reduction="sum")(Tensor([[1.0], [2.0]]), np.array([[0.0], [4.0]]))
    assert loss.item() == 5.0


# ------------------------------------------------------------------ errors


def test_reduction_is_validated_by_modules_and_functions():
    with pytest.raises(ValueError, match="CrossEntropyLoss: reduction must be 'mean' or 'sum'"):
        nn.CrossEntropyLoss(reduction="none")
    with pytest.raises(ValueError, match="mse_loss: reduction"):
        F.mse_loss(Tensor([1.0]), [1.0], reduction="avg")


def test_shape_mismatch_is_an_error_with_a_hint():
    with pytest.raises(ValueError, match=r"\(4, 1\).*\(4,\).*reshape"):
        nn.MSELoss()(Tensor(np.zeros((4, 1))), np.zeros(4))
    with pytest.raises(ValueError, match=r"\(4,\).*\(3,\)"):
        nn.BCELoss()(Tensor(np.full(4, 0.5)), np.zeros(3))


def test_label_errors():
    logits = Tensor(LOGITS)
    with pytest.raises(ValueError, match="label 4 is out of range for 4 classes"):
        F.cross_entropy(logits, np.array([0, 1, 2, 3, 4, 0]))
    with pytest.raises(ValueError, match="label -1 is out of range"):
        F.nll_loss(logits, np.array([0, 1, 2, 3, -1, 0]))
    with pytest.raises(TypeError, match="class labels must be integers, got dtype float64"):
        F.cross_entropy(logits, LABELS.astype(float))
    with pytest.raises(ValueError, match=r"6 class labels.*got shape \(5,\)"):
        F.cross_entropy(logits, LABELS[:5])
    with pytest.raises(ValueError, match=r"shape \(N, C\).*got \(4,\)"):
        F.cross_entropy(Tensor(np.zeros(4)), np.array([1]))


# ------------------------------------------------------------------ penalties


def test_penalties_match_closed_forms_and_gradients():
    a, b = Tensor(TARGET, requires_grad=True), Tensor(LOGITS[0], requires_grad=True)
    np.testing.assert_allclose(
        F.l1_penalty([a, b], 0.1).item(), 0.1 * (np.abs(TARGET).sum() + np.abs(LOGITS[0]).sum())
    )
    np.testing.assert_allclose(
        F.l2_penalty([a, b], 0.1).item(), 0.1 * ((TARGET**2).sum() + (LOGITS[0] ** 2).sum())
    )
    assert gradcheck(lambda a, b: F.l2_penalty([a, b], 0.3), a, b)
    assert gradcheck(lambda a, b: F.l1_penalty([a, b], 0.3), a, b)
