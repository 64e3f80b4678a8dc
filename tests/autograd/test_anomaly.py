"""detect_anomaly: the first NaN or Inf, in forward or backward, is reported at the user's line."""

import inspect

import numpy as np
import pytest

import autograd
from autograd import AnomalyError, Tensor, anomaly, detect_anomaly

# NumPy warns about the very divisions and logs these tests provoke on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def next_line() -> str:
    """`file:line` of the line after the caller's, where the tested operation is."""
    caller = inspect.currentframe().f_back
    return f"{caller.f_code.co_filename}:{caller.f_lineno + 1}"


def test_log_of_zero_is_reported_in_forward_at_its_line():
    x = Tensor([0.0, 1.0], requires_grad=True)
    with pytest.raises(AnomalyError) as error, detect_anomaly():
        site = next_line()
        x.log()
    message = str(error.value)
    assert message.startswith("log produced -inf in forward")
    assert "shapes (2,)" in message
    assert f"created at {site} in test_log_of_zero_is_reported_in_forward_at_its_line" in message


def test_zero_over_zero_names_the_division_and_both_shapes():
    a = Tensor([[0.0], [1.0]], requires_grad=True)
    b = Tensor([0.0, 2.0])
    expected = r"div produced nan in forward .*\(2, 1\), \(2,\)"
    with pytest.raises(AnomalyError, match=expected), detect_anomaly():
        a / b


def test_sqrt_at_zero_is_reported_in_backward_at_its_forward_line():
    x = Tensor([0.0, 4.0], requires_grad=True)
    with pytest.raises(AnomalyError) as error, detect_anomaly():
        site = next_line()
        y = x.sqrt()
        y.sum().backward()
    message = str(error.value)
    assert message.startswith("sqrt produced inf in backward, in the gradient of its input 0")
    assert f"created at {site}" in message
    assert x.grad is None  # the pass stopped before writing any gradient


def test_backward_of_a_graph_built_outside_says_where_to_look():
    x = Tensor([0.0], requires_grad=True)
    y = x.sqrt().sum()
    expected = r"sqrt produced inf in backward.*run the forward pass"
    with pytest.raises(AnomalyError, match=expected), detect_anomaly():
        y.backward()


def test_autograd_grad_is_checked_too():
    x = Tensor([0.0, 1.0], requires_grad=True)
    with pytest.raises(AnomalyError, match="sqrt produced inf in backward"), detect_anomaly():
        autograd.grad(x.sqrt().sum(), x)


def test_only_the_first_nan_is_reported():
    x = Tensor([-1.0], requires_grad=True)
    with pytest.raises(AnomalyError) as error, detect_anomaly():
        y = x.log()  # NaN here
        y.exp() * 2.0  # operations on the NaN are not the culprit
    assert str(error.value).startswith("log produced nan")
    nan_input = Tensor([np.nan], requires_grad=True)
    with detect_anomaly():
        (nan_input * 2.0).exp()  # NaN in, NaN out: not new, nothing raised


def test_nothing_is_checked_or_recorded_outside_the_block():
    x = Tensor([0.0], requires_grad=True)
    y = x.log()
    assert y.data[0] == -np.inf and not hasattr(y._ctx, "trace")
    y.sum().backward()  # an inf gradient, unchecked
    assert x.grad[0] == np.inf
    with pytest.raises(AnomalyError), detect_anomaly():
        x.log()
    assert not anomaly.active  # restored after the error
    assert not hasattr(x.log()._ctx, "trace")


def test_nested_blocks_restore_the_outer_one():
    with detect_anomaly():
        with detect_anomaly():
            pass
        assert anomaly.active
    assert not anomaly.active


def test_the_reported_line_is_inside_the_users_nested_function():
    sites = []

    def inner(t):
        sites.append(next_line())
        return t.log()

    def outer(t):
        return inner(t * 1.0)

    x = Tensor([0.0], requires_grad=True)
    with pytest.raises(AnomalyError) as error, detect_anomaly():
        outer(x)
    assert f"created at {sites[0]} in inner" in str(error.value)


def test_library_frames_are_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(anomaly, "_LIBRARY_DIRS", list(anomaly._LIBRARY_DIRS))
    library = tmp_path / "mylib"
    library.mkdir()
    (library / "ops.py").write_text("def safe_log(t):\n    return t.log()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from mylib.ops import safe_log

    anomaly.skip_frames_in(str(library))
    x = Tensor([0.0], requires_grad=True)
    with pytest.raises(AnomalyError) as error, detect_anomaly():
        site = next_line()
        safe_log(x)
    assert f"created at {site}" in str(error.value)


def test_one_detect_anomaly_object_entered_twice_switches_off_after_both():
    detector = autograd.detect_anomaly()
    with detector:
        with detector:
            pass
        assert autograd.anomaly.active
    assert not autograd.anomaly.active
