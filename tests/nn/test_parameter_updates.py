"""Parameters updated by hand train the model; updates are seen by graphs built before them."""

import numpy as np
import pytest

import autograd
import nn
from autograd import no_grad
from nn.optim import SGD, Adam

MODIFIED = "modified by an in-place operation"

# Two classes either side of a line: learnt in a few dozen steps.
X = np.random.default_rng(0).standard_normal((120, 2)).astype(np.float32)
Y = (X[:, 0] + 2 * X[:, 1] > 0).astype(np.int64)


def _model(seed=0):
    autograd.manual_seed(seed)
    return nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2))


def _loss(model):
    return nn.CrossEntropyLoss()(model(X), Y)


def _by_hand_pytorch(model, lr):
    with no_grad():
        for p in model.parameters():
            p -= lr * p.grad  # PyTorch's tutorial: the same tensor changes


def _by_hand_micrograd(model, lr):
    for p in model.parameters():
        p.data -= lr * p.grad  # micrograd's idiom: the same array changes


@pytest.mark.parametrize("update", [_by_hand_pytorch, _by_hand_micrograd])
def test_updating_parameters_by_hand_trains_exactly_as_sgd_does(update):
    ours, reference = _model(), _model()
    optimizer = SGD(reference.parameters(), lr=0.5)
    first = _loss(ours).item()
    for _ in range(60):
        for p in ours.parameters():
            p.grad = None
        _loss(ours).backward()
        update(ours, 0.5)
        optimizer.zero_grad()
        _loss(reference).backward()
        optimizer.step()
    for mine, theirs in zip(ours.parameters(), reference.parameters()):
        np.testing.assert_allclose(mine.data, theirs.data, rtol=1e-5, atol=1e-6)
    assert _loss(ours).item() < 0.5 * first  # it learns: the loss falls


@pytest.mark.parametrize("optimizer_class", [SGD, Adam])
def test_a_backward_through_a_graph_built_before_a_step_raises(optimizer_class):
    model = _model()
    optimizer = optimizer_class(model.parameters(), lr=0.1)
    loss1, loss2 = _loss(model), _loss(model)
    loss1.backward()
    optimizer.step()
    with pytest.raises(RuntimeError, match=MODIFIED):
        loss2.backward()


def test_evaluating_without_no_grad_and_then_stepping_is_fine():
    model = _model()
    optimizer = Adam(model.parameters(), lr=0.05)
    for _ in range(3):
        optimizer.zero_grad()
        _loss(model).backward()
        evaluation = _loss(model)  # a graph built and never used
        optimizer.step()
    assert evaluation.requires_grad
    _loss(model).backward()  # a fresh graph after the step


def test_loading_a_state_dict_is_seen_by_a_graph_built_before():
    model, other = _model(0), _model(1)
    loss = _loss(model)
    model.load_state_dict(other.state_dict())
    for mine, theirs in zip(model.parameters(), other.parameters()):
        np.testing.assert_array_equal(mine.data, theirs.data)
    with pytest.raises(RuntimeError, match=MODIFIED):
        loss.backward()
