"""no_grad / enable_grad (context managers, decorators, nesting, threads) and scope.

That no_grad records nothing for every op of the table is checked next to the
forward values, in test_ops.
"""

import threading

import numpy as np
import pytest

import autograd
from autograd import Tensor, enable_grad, is_grad_enabled, no_grad, scope


def _records(t: Tensor) -> bool:
    return t.requires_grad and t._ctx is not None


def _weight():
    return Tensor([1.0, 2.0], requires_grad=True)


def test_no_grad_as_a_context_manager_restores_the_mode_even_after_an_error():
    w = _weight()
    with pytest.raises(ZeroDivisionError), no_grad():
        assert not is_grad_enabled()
        assert not _records(w * 2.0)
        raise ZeroDivisionError
    assert is_grad_enabled()
    assert _records(w * 2.0)


def test_no_grad_and_enable_grad_as_decorators():
    w = _weight()

    @no_grad()
    def evaluate(x):
        """Evaluate without a graph."""
        return x * 2.0

    @enable_grad()
    def train_step(x):
        return x * 3.0

    assert not _records(evaluate(w))
    assert evaluate.__name__ == "evaluate" and evaluate.__doc__ == "Evaluate without a graph."
    with no_grad():
        assert _records(train_step(w))
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_nesting_restores_each_outer_mode():
    w = _weight()
    with no_grad():
        with enable_grad():
            assert _records(w * 2.0)
            with no_grad():
                assert not _records(w * 2.0)
            assert is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_a_decorated_function_may_call_itself():
    @no_grad()
    def depth(n):
        assert not is_grad_enabled()
        return 0 if n == 0 else 1 + depth(n - 1)

    assert depth(5) == 5
    assert is_grad_enabled()


def test_backward_works_inside_no_grad_on_a_graph_recorded_before():
    w = _weight()
    out = (w * w).sum()
    with no_grad():
        out.backward()
        assert not is_grad_enabled()
    np.testing.assert_array_equal(w.grad, [2.0, 4.0])


def test_no_grad_in_one_thread_does_not_affect_another():
    w = _weight()
    entered, checked = threading.Event(), threading.Event()
    seen = {}

    def quiet_thread():
        with no_grad():
            entered.set()
            checked.wait(timeout=10)
            seen["other thread"] = _records(w * 2.0)

    thread = threading.Thread(target=quiet_thread)
    thread.start()
    assert entered.wait(timeout=10)
    seen["main thread"] = _records(w * 2.0)  # while the other thread is inside no_grad
    checked.set()
    thread.join(timeout=10)
    assert seen == {"main thread": True, "other thread": False}


def test_a_new_thread_starts_with_grad_enabled_and_no_scope():
    seen = {}

    def worker():
        seen["enabled"] = is_grad_enabled()
        seen["records"] = _records(_weight() * 2.0)
        seen["scope"] = (_weight() * 2.0)._ctx.scope

    with no_grad(), scope("outer"):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(timeout=10)
    assert seen == {"enabled": True, "records": True, "scope": ()}


def test_scope_labels_nest_and_are_restored():
    w = _weight()
    with scope("model"):
        with scope("layer1"):
            inner = w * 2.0
        outer = w * 3.0
    after = w * 4.0
    assert inner._ctx.scope == ("model", "layer1")
    assert outer._ctx.scope == ("model",)
    assert after._ctx.scope == ()


def test_scope_does_not_switch_recording_on():
    with no_grad(), scope("eval"):
        assert not _records(_weight() * 2.0)


def test_custom_functions_record_nothing_under_no_grad():
    class Double(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return 2 * x

        @staticmethod
        def backward(ctx, grad_out):
            return 2 * grad_out

    with no_grad():
        assert not _records(Double.apply(_weight()))
    assert _records(Double.apply(_weight()))


def test_one_switch_object_entered_twice_restores_the_outer_state():
    switch = autograd.no_grad()
    with switch:
        with switch:
            assert not autograd.is_grad_enabled()
        assert not autograd.is_grad_enabled()
    assert autograd.is_grad_enabled()
