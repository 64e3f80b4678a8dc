"""Backward passes in several threads into one shared parameter lose no gradient."""

import sys
import threading

import numpy as np
import pytest

from autograd import Tensor, no_grad


@pytest.fixture
def frequent_thread_switches():
    # Switch threads every microsecond, so that unguarded additions would race often.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def test_concurrent_backward_into_one_parameter_adds_every_gradient(frequent_thread_switches):
    threads, passes = 4, 300
    w = Tensor(np.linspace(-1, 1, 20_000), requires_grad=True)
    x = np.linspace(0, 3, 20_000)
    start = threading.Barrier(threads)

    def work():
        start.wait()  # all at once, to make the additions meet
        for _ in range(passes):
            ((w * x).sum() + (w * w).sum()).backward()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    expected = threads * passes * (x + 2 * w.data)
    np.testing.assert_allclose(w.grad, expected, rtol=1e-12)


def test_grad_mode_is_per_thread():
    w = Tensor([1.0], requires_grad=True)
    seen = {}

    def other():
        seen["other"] = (w * 2).requires_grad

    with no_grad():
        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
        seen["here"] = (w * 2).requires_grad
    assert seen == {"other": True, "here": False}
