"""The step-through replays the backward pass the engine really runs, in its order."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Function, Tensor
from autograd.viz import step_through
from autograd.viz.graph import key_of, operations

CALLS = []  # (Function name, Context) of every traced backward, in the order they ran


class TracedAdd(Function):
    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def backward(ctx, grad):
        CALLS.append(ctx)
        return grad, grad


class TracedMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        CALLS.append(ctx)
        a, b = ctx.saved
        return grad * b, grad * a


class TracedTanh(Function):
    @staticmethod
    def forward(ctx, x):
        y = np.tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        CALLS.append(ctx)
        (y,) = ctx.saved
        return grad * (1 - y * y)


class TracedSum(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.shape = x.shape
        return x.sum()

    @staticmethod
    def backward(ctx, grad):
        CALLS.append(ctx)
        return np.broadcast_to(grad, ctx.shape).copy()


OPERATIONS = [TracedAdd, TracedMul, TracedTanh]


def random_graph(choices):
    """A DAG of traced operations: each step combines earlier tensors, so reuse is common."""
    rng = np.random.default_rng(len(choices))
    values = [Tensor(rng.normal(size=3), requires_grad=True) for _ in range(2)]
    for kind, first, second in choices:
        op = OPERATIONS[kind]
        a, b = values[first % len(values)], values[second % len(values)]
        values.append(op.apply(a) if op is TracedTanh else op.apply(a, b))
    return values[:2], TracedSum.apply(values[-1])


choice = st.tuples(st.integers(0, 2), st.integers(0, 50), st.integers(0, 50))


@given(st.lists(choice, min_size=1, max_size=12))
def test_the_steps_are_the_backward_calls_in_the_order_backward_runs_them(choices):
    leaves, loss = random_graph(choices)
    CALLS.clear()
    steps = step_through(loss)
    order = [step.ctx for step in steps.steps]
    assert order == CALLS  # the traced backward calls of the step-through's own pass
    CALLS.clear()
    loss.backward()
    assert order == CALLS  # and those of an ordinary backward, one call per operation
    assert len(set(map(id, CALLS))) == len(CALLS)
    for leaf in leaves:
        sent = [s.grad for step in steps.steps for s in step.sent if s.target is leaf]
        expected = np.zeros_like(leaf.data) if leaf.grad is None else leaf.grad
        np.testing.assert_allclose(sum(sent, np.zeros_like(leaf.data)), expected, rtol=1e-6)


def uses(loss):
    """key -> how many times a tensor is an input that needs a gradient, over the graph."""
    counted = {}
    for ctx in operations(loss):
        for x, needed in zip(ctx.inputs, ctx.needs_input_grad):
            if needed:
                counted[key_of(x)] = counted.get(key_of(x), 0) + 1
    return counted


@given(st.lists(choice, min_size=1, max_size=12))
def test_gradients_meet_exactly_at_the_reused_tensors(choices):
    _, loss = random_graph(choices)
    steps = step_through(loss)
    meetings = {}
    for step in steps.steps:
        for meeting in step.meetings:
            meetings[meeting.target] = meetings.get(meeting.target, 0) + 1
            np.testing.assert_allclose(meeting.total, meeting.held + meeting.arriving)
    reused = {key: n - 1 for key, n in uses(loss).items() if n > 1}
    assert set(meetings) == set(reused)
    assert meetings == reused  # a tensor used n times is added to n - 1 times


def test_an_interior_tensor_receives_the_sum_of_what_its_users_sent():
    x = Tensor([0.5, -1.0], requires_grad=True)
    h = x.tanh()
    loss = (h * h + h).sum()
    steps = step_through(loss)
    tanh_step = next(s for s in steps.steps if s.ctx is h._ctx)
    sent_to_h = [s.grad for step in steps.steps for s in step.sent if s.target is h._ctx]
    assert len(sent_to_h) == 3
    np.testing.assert_allclose(tanh_step.incoming, sum(sent_to_h))
    np.testing.assert_allclose(tanh_step.incoming, 2 * h.data + 1, rtol=1e-6)


def test_the_step_through_leaves_grad_and_the_graph_alone():
    w = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    loss = (w @ w).relu().sum()
    step_through(loss)
    assert w.grad is None
    loss.backward()
    np.testing.assert_allclose(w.grad, (np.ones((2, 2)) @ w.data.T) + (w.data.T @ np.ones((2, 2))))
    assert all(type(ctx.function).__name__ != "Recording" for ctx in operations(loss))


def test_the_terminal_text_names_every_step_and_meeting():
    x = Tensor([1.0, 2.0], requires_grad=True)
    x.name = "x"
    text = str(step_through((x * x).sum()))
    assert "step 1 of 2: [1] sum runs backward" in text
    assert "+ gradients meet at x (2,) float32, used 2 times" in text
    assert "= [2., 4.]" in text


def test_the_html_is_self_contained(tmp_path):
    x = Tensor([1.0, 2.0], requires_grad=True)
    steps = step_through((x.exp() * x).sum())
    page = steps.save_html(tmp_path / "steps.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script>" in page
    assert " src=" not in page and " href=" not in page and "@import" not in page
    fragment = steps._repr_html_()
    assert "<svg" in fragment and 'type="range"' in fragment


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="step_through needs a Tensor"):
        step_through(np.ones(2))
    with pytest.raises(RuntimeError, match="does not require grad"):
        step_through(Tensor([1.0]) * 2.0)
    with pytest.raises(ValueError, match="layout must be"):
        step_through(Tensor([1.0], requires_grad=True) * 2.0, layout="neato")
    assert autograd.viz.step_through is step_through


def test_sent_gradients_have_their_inputs_shapes_and_none_is_not_sent():
    class Blocked(Function):
        @staticmethod
        def forward(ctx, x):
            return 2 * x

        @staticmethod
        def backward(ctx, grad):
            return None

    w = Tensor(np.ones((3, 2)), requires_grad=True)
    b = Tensor(np.zeros(2), requires_grad=True)
    cut = Tensor([1.0], requires_grad=True)
    loss = ((Tensor(np.ones((4, 3))) @ w + b).tanh().sum() + Blocked.apply(cut)).sum()
    steps = step_through(loss)
    for step in steps.steps:
        for sent in step.sent:
            assert sent.grad.shape == step.ctx.inputs[sent.position].shape
    blocked = next(s for s in steps.steps if s.ctx.function.name == "Blocked")
    assert blocked.sent == []
    to_b = [s for step in steps.steps for s in step.sent if s.target is b]
    np.testing.assert_allclose(to_b[0].grad, (1 - np.tanh(np.ones((4, 2)) * 3) ** 2).sum(0))


def test_the_step_through_needs_neither_graphviz_nor_dot(tmp_path):
    code = (
        "import sys\n"
        "from autograd import Tensor\n"
        "from autograd.viz import memory_report, step_through\n"
        "x = Tensor([1.0, 2.0], requires_grad=True)\n"
        "steps = step_through((x * x).sum())\n"
        f"steps.save_html({str(tmp_path / 'page.html')!r}); str(steps)\n"
        "str(memory_report((x * x).sum()))\n"
        "assert 'graphviz' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PATH": ""})
    assert "<svg" in (tmp_path / "page.html").read_text()
