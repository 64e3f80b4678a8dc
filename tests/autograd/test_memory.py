"""The graph is freed by reference counting alone, the moment its last output goes away.

Every test runs with the garbage collector disabled: a reference cycle would
then leak. `gc.collect()` is still called at checkpoints, because it reports
the unreachable (cyclic) objects it finds, which must be none, and because it
empties CPython's free lists, which otherwise fill up over the first few
thousand steps and look like growth to tracemalloc.
"""

import gc
import tracemalloc
import weakref

import numpy as np
import pytest

import autograd
from autograd import Tensor, grad

from .examples import Cube


@pytest.fixture
def gc_disabled():
    gc.collect()  # leftovers of earlier tests must not count as ours
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_rng = np.random.default_rng(0)
_X = _rng.standard_normal((4, 3))
_LABELS = np.array([0, 1, 4, 2])


def _parameters():
    return Tensor(_rng.standard_normal((3, 5)), requires_grad=True), Tensor(
        np.zeros(5), requires_grad=True
    )


def _first_order(w, b):
    h = (_X @ w + b).relu()
    loss = -h.log_softmax(axis=1)[np.arange(4), _LABELS].mean() + (w * w).sum() * 1e-3
    loss.backward()


def _create_graph(w, b):
    loss = ((_X @ w + b).tanh() ** 2).sum()
    (gw,) = grad(loss, w, create_graph=True)
    (loss + (gw * gw).sum()).backward()


def _custom_function(w, b):
    Cube.apply(w * b).sum().backward()


def _joining_and_indexing(w, b):
    joined = autograd.concatenate([w, b[None, :]], axis=0)
    stacked = autograd.stack([joined.max(axis=0), joined.min(axis=0)])
    (stacked[:, [0, 0, 2]].sum() + autograd.where(w > 0, w, b).var()).backward()


_STEPS = {
    "first order": _first_order,
    "create_graph": _create_graph,
    "custom Function": _custom_function,
    "joining and indexing": _joining_and_indexing,
}


@pytest.mark.parametrize("step", _STEPS.values(), ids=_STEPS.keys())
def test_no_step_leaves_work_for_the_garbage_collector(gc_disabled, step):
    w, b = _parameters()
    for _ in range(50):
        step(w, b)
        w.zero_grad()
        b.zero_grad()
    assert gc.collect() == 0


def test_two_thousand_training_steps_keep_memory_flat(gc_disabled):
    w, b = _parameters()
    currents, peaks = [], []
    tracemalloc.start()
    try:
        for _ in range(2):
            tracemalloc.reset_peak()
            for _ in range(1000):
                _first_order(w, b)
                w.zero_grad()
                b.zero_grad()
            assert gc.collect() == 0, "a training step made cyclic garbage"
            current, peak = tracemalloc.get_traced_memory()
            currents.append(current)
            peaks.append(peak)
    finally:
        tracemalloc.stop()
    tolerance = 8 * 1024
    assert currents[1] - currents[0] < tolerance, f"grew by {currents[1] - currents[0]} bytes"
    assert peaks[1] - peaks[0] < tolerance, f"peak grew by {peaks[1] - peaks[0]} bytes"


def test_an_interior_array_dies_with_the_last_reference_to_the_output(gc_disabled):
    x = Tensor(np.ones(3), requires_grad=True)
    hidden = x * 2.0
    exps = hidden.exp()
    interior = weakref.ref(hidden.data)
    saved = weakref.ref(exps._ctx.saved[0])  # exp keeps its output for backward
    out = exps.sum()
    del hidden, exps
    assert interior() is not None and saved() is not None, "the graph needs them"
    out.backward()
    assert interior() is not None, "backward may run again on the same graph"
    del out
    assert interior() is None
    assert saved() is None
    assert x.grad is not None  # the leaf's gradient outlives the graph without holding it


def test_a_create_graph_gradient_holds_the_graph_until_it_goes(gc_disabled):
    x = Tensor(np.ones(3), requires_grad=True)
    hidden = x.tanh()
    interior = weakref.ref(hidden.data)
    (g,) = grad((hidden**3).sum(), x, create_graph=True)
    del hidden
    assert interior() is not None
    del g
    assert interior() is None
