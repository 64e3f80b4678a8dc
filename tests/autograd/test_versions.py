"""Values changed after an operation saved them: backward raises instead of using them.

Every library route that writes (in-place operators, t[idx] = v, assigning
.data) bumps a version shared by all tensors on the same memory; raw writes
into the ndarray are caught under detect_anomaly().
"""

import gc
import re

import numpy as np
import pytest

import autograd
from autograd import Tensor, as_tensor, detect_anomaly, no_grad, version

MODIFIED = r"modified by an in-place operation"


def _x():
    return Tensor([1.0, 2.0, 3.0], requires_grad=True)


def test_an_untouched_graph_gives_the_gradient():
    x = _x()
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0, 6.0])


def test_assigning_data_after_the_forward_pass_is_an_error_at_backward():
    x = _x()
    y = (x * x).sum()
    x.data = x.data * 10
    with pytest.raises(RuntimeError, match=rf"mul: .*\(shape \(3,\)\) has been {MODIFIED}"):
        y.backward()


def test_the_micrograd_update_after_backward_works_and_a_stale_graph_then_raises():
    x = _x()
    y = (x * x).sum()
    y.backward(retain_graph=True)
    x.data -= 0.1 * x.grad  # the update runs after backward: fine
    np.testing.assert_allclose(x.data, [0.8, 1.6, 2.4], rtol=1e-6)
    with pytest.raises(RuntimeError, match=MODIFIED):
        y.backward()  # but this graph saw the old values


def test_the_error_says_how_to_fix_it():
    x = _x()
    y = (x * x).sum()
    with no_grad():
        x -= 1.0
    with pytest.raises(RuntimeError) as error:
        y.backward()
    message = str(error.value)
    for words in ("mul", "(3,)", MODIFIED, "version 1", "clone()", "detect_anomaly()"):
        assert words in message


def test_item_assignment_into_a_saved_input_is_an_error_at_backward():
    x, c = _x(), Tensor([4.0, 5.0, 6.0])
    y = (x * c).sum()
    c[0] = 10.0
    with pytest.raises(RuntimeError, match=rf"mul: .*\(shape \(3,\)\).*{MODIFIED}"):
        y.backward()


@pytest.mark.parametrize(
    "alias",
    [
        lambda x: x.detach(),
        lambda x: x.detach().reshape(3, 1),  # a NumPy view of the same memory
        lambda x: x.detach()[1:],
        lambda x: as_tensor(x.data),
        lambda x: as_tensor(x.data.T),
    ],
    ids=["detach", "reshape view", "slice", "as_tensor", "view via as_tensor"],
)
def test_tensors_on_the_same_memory_share_one_version(alias):
    x = _x()
    y = (x * x).sum()
    other = alias(x)
    other += 1.0  # allowed: `other` is a plain tensor ...
    assert x._version == other._version == 1
    with pytest.raises(RuntimeError, match=MODIFIED):
        y.backward()  # ... but it changed what mul saved


def test_a_copy_does_not_share_the_version():
    x = _x()
    y = (x * x).sum()
    copy = Tensor(x.data)  # Tensor(...) copies its data
    copy += 1.0
    assert x._version == 0
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0, 6.0])


def test_an_operation_that_does_not_need_the_values_does_not_mind():
    x = _x()
    y = (x + 1.0).sum()  # add's gradient does not depend on x
    with no_grad():
        x *= 2.0
    y.backward()
    np.testing.assert_array_equal(x.grad, [1.0, 1.0, 1.0])


def test_versions_count_the_writes():
    t = Tensor([1.0, 2.0])
    assert t._version == 0
    t += 1.0
    t[0] = 5.0
    t.data = t.data
    t.zero_()
    assert t._version == 4
    assert Tensor([1.0])._version == 0


def test_raw_writes_are_caught_under_detect_anomaly_with_the_line_that_made_the_operation():
    x = _x()
    with detect_anomaly():
        y = (x * x).sum()  # the line the error names
    line = y._ctx.inputs[0]._ctx.trace
    x.data[0] = 10.0  # a raw NumPy write: no version can see it
    with pytest.raises(RuntimeError, match=MODIFIED) as error:
        y.backward()
    assert "mul" in str(error.value) and re.search(r"test_versions\.py:\d+", str(error.value))
    assert line in str(error.value)


def test_np_copyto_into_saved_data_is_caught_under_detect_anomaly():
    x = _x()
    with detect_anomaly():
        y = x.exp().sum()
        np.copyto(x.data, [0.0, 0.0, 0.0])  # exp saved its output, not x: still fine
        y.backward()
        np.testing.assert_allclose(x.grad, np.exp([1.0, 2.0, 3.0]), rtol=1e-6)
        z = (x * x).sum()
        np.copyto(x.data, [1.0, 1.0, 1.0])
        with pytest.raises(RuntimeError, match=MODIFIED):
            z.backward()


def test_library_writes_under_detect_anomaly_name_the_creation_line():
    x = _x()
    with detect_anomaly():
        y = (x * x).sum()
    with no_grad():
        x += 1.0
    with pytest.raises(RuntimeError, match=r"mul was created at .*test_versions\.py:\d+"):
        y.backward()


def test_version_entries_leave_with_their_memory():
    gc.collect()
    before = len(version._writes)
    for _ in range(200):
        t = Tensor(np.ones(3))
        t += 1.0
    del t
    gc.collect()
    assert len(version._writes) <= before + 1


def test_a_reused_memory_address_does_not_inherit_a_version():
    stale = []
    for _ in range(50):
        t = Tensor(np.ones(3))
        t += 1.0
        stale.append(id(t.data))
        del t
    x = Tensor(np.ones(3), requires_grad=True)
    y = (x * x).sum()
    y.backward()  # whatever id x.data got, nothing was written to it
    np.testing.assert_array_equal(x.grad, [2.0, 2.0, 2.0])
    assert x._version == 0


def test_checks_are_skipped_only_when_nothing_changed_since_recording():
    x = _x()
    y = (x * x).sum()
    assert y._ctx.sequence > version.last_change  # recorded after every change so far
    autograd.Tensor([1.0]).zero_()  # any write anywhere: the full check runs, and passes
    assert y._ctx.sequence < version.last_change
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0, 6.0])
