"""Engine overhead against a hand-derived NumPy version of the same computation.

    python -m benchmarks.engine [--quick]

(a) per-operation overhead: 200 steps of tanh(y * 1.0001 + 0.0001) on 16
    float32 numbers, then backward;
(b) a 512 x 512 float32 matmul, forward and backward to both inputs, against
    the three np.matmul calls it takes by hand;
(c) a chain of 100,000 multiplications on one number, forward and backward:
    seconds and peak memory.
Each prints the median time of both and their ratio (ours / hand-derived).
"""

from __future__ import annotations

import argparse

import numpy as np

from autograd import Tensor

from .harness import compare, peak_memory, report


def per_op_overhead(repeats: int) -> None:
    steps = 200
    x0 = np.linspace(-1, 1, 16, dtype=np.float32)
    seed = np.ones(16, dtype=np.float32)

    def ours():
        x = Tensor(x0, requires_grad=True)
        y = x
        for _ in range(steps):
            y = (y * 1.0001 + 0.0001).tanh()
        y.backward(seed)
        return x.grad

    def by_hand():
        y, outputs = x0, []
        for _ in range(steps):
            y = np.tanh(y * 1.0001 + 0.0001)
            outputs.append(y)
        grad = seed
        for out in reversed(outputs):
            grad = grad * (1 - out * out) * 1.0001
        return grad

    assert np.allclose(ours(), by_hand(), rtol=1e-5)
    t = compare({"ours": ours, "numpy": by_hand}, repeats)
    ops = 3 * steps
    report(
        f"(a) per-op overhead: {steps} x tanh(y * 1.0001 + 0.0001), 16 float32, + backward",
        [
            ("ours", f"{t['ours'] / ops * 1e6:.2f} us per op"),
            ("hand-derived NumPy", f"{t['numpy'] / ops * 1e6:.2f} us per op"),
            ("ratio", f"{t['ours'] / t['numpy']:.2f}x  (target <= 3.0x)"),
        ],
    )


def matmul(repeats: int) -> None:
    rng = np.random.default_rng(0)
    a0, b0 = (rng.standard_normal((512, 512)).astype(np.float32) for _ in range(2))
    seed = rng.standard_normal((512, 512)).astype(np.float32)

    a, b = Tensor(a0, requires_grad=True), Tensor(b0, requires_grad=True)

    def ours():
        a.zero_grad()
        b.zero_grad()
        (a @ b).backward(seed)
        return a.grad, b.grad

    grads: dict = {}  # kept between calls, as .grad is (and as a hand-written layer's dW is)

    def by_hand():
        grads.clear()
        out = a0 @ b0  # alive until backward is done, as the engine's output is
        grads["a"], grads["b"] = seed @ b0.T, a0.T @ seed
        del out
        return grads["a"], grads["b"]

    assert all(np.allclose(x, y, rtol=1e-4, atol=1e-3) for x, y in zip(ours(), by_hand()))
    t = compare({"ours": ours, "numpy": by_hand}, repeats)
    report(
        "(b) 512x512 float32 matmul, forward + backward to both inputs",
        [
            ("ours", f"{t['ours'] * 1e3:.2f} ms"),
            ("hand-derived NumPy", f"{t['numpy'] * 1e3:.2f} ms"),
            ("ratio", f"{t['ours'] / t['numpy']:.3f}x  (target <= 1.03x)"),
        ],
    )


def long_chain(repeats: int, length: int = 100_000) -> None:
    x0 = np.ones(1, dtype=np.float32)

    def ours():
        x = Tensor(x0, requires_grad=True)
        y = x
        for _ in range(length):
            y = y * 1.00001
        y.backward()
        return x.grad

    def by_hand():
        y = x0
        for _ in range(length):
            y = y * 1.00001
        grad = np.ones_like(y)
        for _ in range(length):
            grad = grad * 1.00001
        return grad

    assert np.allclose(ours(), by_hand(), rtol=1e-3)
    t = compare({"ours": ours, "numpy": by_hand}, repeats)
    memory = {"ours": peak_memory(ours), "numpy": peak_memory(by_hand)}
    report(
        f"(c) chain of {length:,} multiplications on one number, forward + backward",
        [
            ("ours", f"{t['ours']:.3f} s, peak {memory['ours'] / 2**20:.1f} MiB"),
            ("hand-derived NumPy", f"{t['numpy']:.3f} s, peak {memory['numpy'] / 2**20:.2f} MiB"),
            ("ratio", f"{t['ours'] / t['numpy']:.2f}x time  (target <= 4x)"),
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke test")
    args = parser.parse_args()
    repeats = 3 if args.quick else 21
    per_op_overhead(repeats)
    matmul(repeats)
    long_chain(max(3, repeats // 2))


if __name__ == "__main__":
    main()
