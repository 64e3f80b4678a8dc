"""`check_graph`: every operation of a real model's graph checked on its own inputs."""

import doctest
import importlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from autograd import Function, Tensor, check_graph
from autograd.checkgraph import OK, WRONG, graph_operations
from autograd.ops import elementwise

from .examples import DroppingMul


class LeakyReLU(Function):
    """A learner's leaky ReLU (slope 0.1 below 0), right or with a planted mistake."""

    @staticmethod
    def forward(ctx, x):
        ctx.mask = x > 0
        return np.where(ctx.mask, x, 0.1 * x)

    @staticmethod
    def backward(ctx, grad):
        return grad * np.where(ctx.mask, 1.0, 0.1)


class LeakyReLUWrongSlope(LeakyReLU):
    @staticmethod
    def backward(ctx, grad):
        return grad * np.where(ctx.mask, 1.0, 0.01)  # the slope of the other side's typo


class LeakyReLUSignFlipped(LeakyReLU):
    @staticmethod
    def backward(ctx, grad):
        return -grad * np.where(ctx.mask, 1.0, 0.1)


class LeakyReLUSummed(LeakyReLU):
    @staticmethod
    def backward(ctx, grad):
        return (grad * np.where(ctx.mask, 1.0, 0.1)).sum(axis=0)


class LeakyReLUCrashing(LeakyReLU):
    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.slope  # forward saved no slope


class Activation(nn.Module):
    def __init__(self, function):
        super().__init__()
        self.function = function

    def forward(self, x):
        return self.function.apply(x)


def mlp_loss(function, batch=40, hidden=16, seed=0):
    """The loss of a 3-layer MLP on spiral data whose middle activation is `function`."""
    autograd.manual_seed(seed)
    X, y = nn.data.spiral_data(batch // 2, 2, seed=seed)
    model = nn.Sequential(
        nn.Linear(2, hidden), nn.Tanh(),
        nn.Linear(hidden, hidden), Activation(function),
        nn.Linear(hidden, 2),
    )  # fmt: skip
    return model, nn.CrossEntropyLoss()(model(X), y)


def test_a_correct_mlp_graph_reports_nothing():
    _, loss = mlp_loss(LeakyReLU)
    report = check_graph(loss)
    assert report.ok and report.failures == []
    assert {check.status for check in report.operations} == {OK}
    assert len(report.operations) == len(graph_operations(loss))
    assert "all correct" in str(report)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (LeakyReLUWrongSlope, "the derivative is 0.1 but your backward implies 0.01"),
        (LeakyReLUSignFlipped, "a sign is flipped"),
        (LeakyReLUSummed, "keeps that shape"),
        (LeakyReLUCrashing, None),
    ],
    ids=["slope", "sign", "summed", "crash"],
)
def test_a_wrong_function_planted_in_an_mlp_is_the_one_failure(wrong, hint):
    _, loss = mlp_loss(wrong)
    report = check_graph(loss)
    assert not report.ok
    (failure,) = report.failures
    assert failure.function == wrong.__name__ and failure.status == WRONG
    planted = [ctx for ctx in graph_operations(loss) if ctx.function is wrong]
    assert failure.context is planted[0]  # the recorded node a drawing marks
    if hint is None:
        assert "AttributeError" in failure.message
        assert f"{Path(__file__).name}:" in failure.message  # the learner's file and line
    else:
        assert hint in failure.hint
    text = str(report)
    assert "1 wrong" in text and failure.message in text


def test_the_reported_numbers_are_the_operations_own_derivatives():
    _, loss = mlp_loss(LeakyReLUWrongSlope)
    (failure,) = check_graph(loss).failures
    assert "analytical 0.01, numerical 0.1" in failure.message


def test_the_graph_is_left_as_it_was():
    model, loss = mlp_loss(LeakyReLUWrongSlope)
    check_graph(loss)
    loss.backward()
    reference, reference_loss = mlp_loss(LeakyReLUWrongSlope)
    reference_loss.backward()
    for (name, p), q in zip(model.named_parameters(), reference.parameters()):
        np.testing.assert_array_equal(p.grad, q.grad, err_msg=name)
        assert p.data.dtype == np.float32  # the copies were float64, the model is untouched


def test_large_inputs_are_sampled_and_the_report_says_how_many():
    _, loss = mlp_loss(LeakyReLU, batch=200, hidden=32)
    report = check_graph(loss, max_elements=20)
    assert report.ok
    activation = next(c for c in report.operations if c.function == "LeakyReLU")
    assert activation.checked == f"input 0: 20 of {200 * 32} (all along 2 directions)"
    text = str(report)
    assert f"(200, 32): 20 of {200 * 32}*" in text
    assert "*: and every element along 2 random directions" in text
    assert "(200, 2): -" in text and "-: needs no gradient" in text  # the data


def test_a_wrong_element_outside_the_sample_is_found_along_a_direction():
    class WrongAtOneElement(LeakyReLU):
        @staticmethod
        def backward(ctx, grad):
            g = grad * np.where(ctx.mask, 1.0, 0.1)
            g[3, 7] *= 1.5  # one element of 640
            return g

    _, loss = mlp_loss(WrongAtOneElement)
    (failure,) = check_graph(loss, max_elements=4).failures
    assert failure.function == "WrongAtOneElement"
    assert "at index (3, 7)" in failure.message


def test_a_wrong_built_in_would_be_found_too(monkeypatch):
    def wrong_tanh_backward(ctx, grad):
        (y,) = ctx.saved
        return grad * (1 - y)

    monkeypatch.setattr(elementwise.Tanh, "backward", staticmethod(wrong_tanh_backward))
    _, loss = mlp_loss(LeakyReLU)
    (failure,) = check_graph(loss).failures
    assert failure.function == "tanh"


def test_a_tensor_used_twice_by_one_operation_gets_the_accumulation_hint():
    x = Tensor([[0.5, -1.0], [2.0, 3.0]], requires_grad=True)
    (failure,) = check_graph((DroppingMul.apply(x.tanh(), x.tanh()) + x).sum()).failures
    assert failure.function == "DroppingMul" and "+=" not in failure.hint  # two tanh tensors
    h = x.tanh()
    (failure,) = check_graph((DroppingMul.apply(h, h) + x).sum()).failures
    assert "passed 2 times" in failure.hint and "+=" in failure.hint


@settings(max_examples=6)
@given(
    batch=st.integers(1, 12),
    hidden=st.integers(1, 9),
    seed=st.integers(0, 1000),
    activation=st.sampled_from([nn.ReLU, nn.Tanh, nn.Sigmoid]),
)
def test_correct_graphs_of_any_size_pass(batch, hidden, seed, activation):
    autograd.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = nn.Sequential(nn.Linear(3, hidden), activation(), nn.Linear(hidden, 4))
    x = Tensor(rng.standard_normal((batch, 3)).astype(np.float32))
    loss = nn.CrossEntropyLoss()(model(x), rng.integers(0, 4, batch)) + (x * 0 + 1).mean()
    report = check_graph(loss)
    assert report.ok, str(report)


def test_check_graph_needs_a_tensor():
    with pytest.raises(TypeError, match="check_graph"):
        check_graph(3.0)


@pytest.mark.parametrize("name", ["autograd.checkgraph", "autograd.directional"])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def _slope_of_the_other_side(ctx, grad):
    """Below 0 the forward multiplies by 0.1: look at what forward does there."""
    return grad * np.where(ctx.mask, 1.0, 0.01)


def test_a_known_mistake_declared_on_the_function_is_named():
    class DeclaringLeakyReLU(LeakyReLUWrongSlope):
        mistakes = {  # noqa: RUF012 (the table exercises declare, see demos/exercises/check.py)
            "sign": lambda ctx, grad: -grad,
            "slope 0.01": _slope_of_the_other_side,
        }

    _, loss = mlp_loss(DeclaringLeakyReLU)
    (failure,) = check_graph(loss).failures
    assert failure.function == "DeclaringLeakyReLU"
    assert failure.hint.startswith(
        "this is a known mistake, 'slope 0.01': Below 0 the forward multiplies by 0.1"
    )


def test_operations_on_transposed_views_are_checked_right():
    x = Tensor(np.random.default_rng(0).standard_normal((4, 6)), requires_grad=True)
    report = check_graph((x.T.reshape(-1) * x.T.reshape(-1)).sum())
    assert report.ok, str(report)


def test_elements_near_a_kink_do_not_make_a_correct_operation_fail():
    rng = np.random.default_rng(0)
    values = rng.standard_normal((8, 8))
    values[::2] *= 1e-6  # half the rows within a step of the kink of maximum(x, 0.3 x) at 0
    x = Tensor(values, requires_grad=True)
    weights = Tensor(rng.standard_normal((8, 8)))
    report = check_graph((autograd.maximum(x, x * 0.3) * weights).sum(), max_elements=8)
    assert report.ok, str(report)


def test_draw_graph_marks_the_failing_operation_of_a_real_report_red():
    from autograd.viz.style import FAILED_FILL

    _, loss = mlp_loss(LeakyReLUWrongSlope)
    report = check_graph(loss)
    source = autograd.draw_graph(loss, check=report).source
    index = graph_operations(loss).index(report.failures[0].context)
    red = [line for line in source.splitlines() if f'fillcolor="{FAILED_FILL}"' in line]
    assert len(red) == 1 and red[0].strip().startswith(f"op{index} ")
    assert "LeakyReLUWrongSlope" in red[0] and "0.01" in red[0]
    _, correct = mlp_loss(LeakyReLU)
    assert FAILED_FILL not in autograd.draw_graph(correct, check=check_graph(correct)).source


# ------------------------------------------------------------------ a small CNN


class ReLU(Function):
    """A learner's ReLU, right or (in the subclasses) with a planted mistake."""

    @staticmethod
    def forward(ctx, x):
        ctx.mask = x > 0
        return np.where(ctx.mask, x, 0.0)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.mask


class ReLUWithoutMask(ReLU):
    @staticmethod
    def backward(ctx, grad):
        return grad  # as if every input were positive


class ReLUWithoutGrad(ReLU):
    @staticmethod
    def backward(ctx, grad):
        return ctx.mask * 1.0  # the local derivative alone


def cnn_loss(function, seed=0, input_grad=False):
    """The loss of conv-activation-pool-linear on two 1x8x8 images, the activation `function`."""
    autograd.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), Activation(function), nn.MaxPool2d(2),
        nn.Conv2d(4, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(4 * 2 * 2, 3),
    )  # fmt: skip
    images = Tensor(rng.standard_normal((2, 1, 8, 8)).astype(np.float32), requires_grad=input_grad)
    return nn.CrossEntropyLoss()(model(images), rng.integers(0, 3, 2))


def test_a_correct_cnn_graph_reports_nothing():
    loss = cnn_loss(ReLU, input_grad=True)
    report = check_graph(loss)
    assert report.ok and report.failures == [], str(report)
    names = [check.function for check in report.operations]
    assert {"unfold", "matmul", "ReLU", "relu"} <= set(names)  # the convolutions and pooling
    assert {check.status for check in report.operations} == {OK}
    assert "all correct" in str(report)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (ReLUWithoutMask, "the derivative is 0 but your backward implies 1"),
        (ReLUWithoutGrad, "multiply by the incoming `grad`"),
    ],
    ids=["mask", "grad"],
)
def test_a_wrong_function_planted_in_a_cnn_is_the_one_failure(wrong, hint):
    loss = cnn_loss(wrong)
    report = check_graph(loss)
    (failure,) = report.failures
    assert failure.function == wrong.__name__ and hint in failure.hint
    assert failure.context is next(c for c in graph_operations(loss) if c.function is wrong)
    assert "1 wrong" in str(report)
    source = autograd.draw_graph(loss, check=report).source
    from autograd.viz.style import FAILED_FILL

    red = [line for line in source.splitlines() if f'fillcolor="{FAILED_FILL}"' in line]
    assert len(red) == 1 and wrong.__name__ in red[0]


@settings(max_examples=6)
@given(
    channels=st.integers(1, 3),
    kernel=st.integers(1, 3),
    stride=st.integers(1, 2),
    padding=st.integers(0, 1),
    dilation=st.integers(1, 2),
    pool=st.sampled_from([nn.MaxPool2d, nn.AvgPool2d]),
    pool_padding=st.integers(0, 1),
    seed=st.integers(0, 1000),
)
def test_correct_cnn_graphs_of_any_geometry_pass(
    channels, kernel, stride, padding, dilation, pool, pool_padding, seed
):
    autograd.manual_seed(seed)
    rng = np.random.default_rng(seed)
    features = nn.Sequential(
        nn.Conv2d(2, channels, kernel, stride, padding, dilation), nn.ReLU(),
        pool(2, padding=pool_padding), nn.Flatten(),
    )  # fmt: skip
    images = Tensor(rng.standard_normal((2, 2, 7, 8)), requires_grad=True)
    hidden = features(images)
    loss = nn.CrossEntropyLoss()(nn.Linear(hidden.shape[1], 3)(hidden), rng.integers(0, 3, 2))
    report = check_graph(loss)
    assert report.ok, str(report)


def test_max_pooling_padding_is_held_and_a_mistake_beside_it_is_still_found():
    # Max-pooling pads with the lowest float, which the operations after the unfold get as
    # inputs: a step of eps is lost in its size, so those elements are held, not judged.
    autograd.manual_seed(0)
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Conv2d(1, 2, 1), nn.MaxPool2d(2, padding=1), nn.Flatten())
    images = Tensor(rng.standard_normal((2, 1, 7, 8)).astype(np.float32))
    report = check_graph(model(images).tanh().sum())
    assert report.ok, str(report)
    assert "held" in str(report) and any("held" in check.checked for check in report.operations)
    # As there, the padding is multiplied by 0 (not the window's maximum) before the sum.
    padding = np.eye(5, dtype=bool)
    x = Tensor(np.where(padding, np.finfo(np.float64).min, rng.standard_normal((5, 5))))
    x.requires_grad = True
    report = check_graph((LeakyReLUWrongSlope.apply(x) * (~padding)).sum())
    (failure,) = report.failures
    assert "analytical 0.01, numerical 0.1" in failure.message
    assert failure.checked == "input 0: 20 of 25, 5 held"
