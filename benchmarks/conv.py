"""A convolution layer's forward and backward against hand-derived NumPy im2col (and PyTorch).

    python -m benchmarks.conv [--quick]

Batch 64 of 28x28 images, 3x3 kernels with padding 1, float32: a first layer
1 -> 32 channels and a second 32 -> 64. "ours" is `nn.Conv2d` called on a
Tensor and `backward` on its output (gradients of input, weight and bias);
the hand-derived version is the textbook im2col: windows copied into
one matrix once, one matrix product forward, two backward, and col2im adding
the column gradients back with one strided add per kernel offset. PyTorch's
CPU convolution runs too when torch is installed (its default threads; both
follow OMP_NUM_THREADS / OPENBLAS_NUM_THREADS=1 for a single-core comparison).
"""

from __future__ import annotations

import argparse

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import autograd
import nn
from autograd import Tensor

from .harness import compare, report

BATCH, SIZE, KERNEL, PAD = 64, 28, 3, 1
LAYERS = ((1, 32), (32, 64))


def im2col_forward(x: np.ndarray, weight: np.ndarray, bias: np.ndarray):
    """Convolution by hand: (output, rows) for x (N, C, H, W), stride 1, padding PAD.

    The windows form one matrix `rows` (N*H*W, C*k*k), copied once, so each
    product is one BLAS call; the output is a channels-last view.
    """
    n, c, h, w = x.shape
    out_channels = weight.shape[0]
    padded = np.zeros((n, c, h + 2 * PAD, w + 2 * PAD), dtype=x.dtype)
    padded[:, :, PAD : PAD + h, PAD : PAD + w] = x
    windows = sliding_window_view(padded, (KERNEL, KERNEL), axis=(2, 3))  # (N, C, H, W, k, k)
    columns = np.ascontiguousarray(windows.transpose(1, 4, 5, 0, 2, 3))  # (C, k, k, N, H, W)
    rows = columns.reshape(c * KERNEL * KERNEL, n * h * w).T
    out = rows @ weight.reshape(out_channels, -1).T + bias
    return out.reshape(n, h, w, out_channels).transpose(0, 3, 1, 2), rows


def im2col_backward(grad: np.ndarray, rows: np.ndarray, weight: np.ndarray, x_shape):
    """Gradients of input, weight and bias by hand, from the saved window matrix."""
    n, c, h, w = x_shape
    out_channels = weight.shape[0]
    grad = grad.transpose(0, 2, 3, 1).reshape(n * h * w, out_channels)
    grad_weight = (rows.T @ grad).T.reshape(weight.shape)
    grad_bias = grad.sum(axis=0)
    grad_rows = grad @ weight.reshape(out_channels, -1)  # (N*H*W, C*k*k)
    grad_windows = grad_rows.reshape(n, h, w, c, KERNEL, KERNEL)
    grad_padded = np.zeros((n, c, h + 2 * PAD, w + 2 * PAD), dtype=grad.dtype)
    for i in range(KERNEL):
        for j in range(KERNEL):
            grad_padded[:, :, i : i + h, j : j + w] += grad_windows[..., i, j].transpose(0, 3, 1, 2)
    return grad_padded[:, :, PAD : PAD + h, PAD : PAD + w], grad_weight, grad_bias


def conv_layer(in_channels: int, out_channels: int, repeats: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    x0 = rng.standard_normal((BATCH, in_channels, SIZE, SIZE)).astype(np.float32)
    seed = rng.standard_normal((BATCH, out_channels, SIZE, SIZE)).astype(np.float32)
    autograd.manual_seed(0)
    layer = nn.Conv2d(in_channels, out_channels, KERNEL, padding=PAD)
    weight, bias = layer.weight.data, layer.bias.data

    def ours():
        x = Tensor(x0, requires_grad=True)
        layer.zero_grad()
        layer(x).backward(seed)
        return x.grad, layer.weight.grad, layer.bias.grad

    def by_hand():
        _, rows = im2col_forward(x0, weight, bias)
        return im2col_backward(seed, rows, weight, x0.shape)

    for mine, theirs in zip(ours(), by_hand()):
        np.testing.assert_allclose(mine, theirs, rtol=2e-3, atol=2e-3)
    contenders = {"ours": ours, "numpy": by_hand}
    torch_run = _torch_contender(x0, seed, weight, bias)
    if torch_run is not None:
        contenders["torch"] = torch_run
    return compare(contenders, repeats)


def _torch_contender(x0, seed, weight, bias):
    try:
        import torch
    except ImportError:
        return None
    layer = torch.nn.Conv2d(weight.shape[1], weight.shape[0], KERNEL, padding=PAD)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(weight))
        layer.bias.copy_(torch.from_numpy(bias))
    seed_t = torch.from_numpy(seed)

    def run():
        x = torch.from_numpy(x0).requires_grad_()
        layer.zero_grad()
        layer(x).backward(seed_t)
        return x.grad

    return run


def cnn_epoch(steps: int) -> None:
    """Seconds per epoch of demos.cnn's network (938 batches of 64), from `steps` timed steps.

    Random images stand in for Fashion-MNIST: the cost does not depend on the pixels.
    Process CPU time is shown too: on a shared machine it is what an idle one would take.
    """
    import time

    from demos.cnn import build_model

    autograd.manual_seed(0)
    rng = np.random.default_rng(0)
    images = rng.standard_normal((steps, BATCH, 1, SIZE, SIZE)).astype(np.float32)
    labels = rng.integers(0, 10, (steps, BATCH))
    model = build_model()
    optimizer = nn.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step(i: int) -> None:
        loss = loss_fn(model(Tensor(images[i])), labels[i])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    step(0)
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(steps):
        step(i)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    per_epoch = -(-60_000 // BATCH) / steps
    report(
        f"demos.cnn network, batch {BATCH}: one epoch of Fashion-MNIST from {steps} steps",
        [("wall clock", f"{wall * per_epoch:.0f} s"), ("process CPU", f"{cpu * per_epoch:.0f} s")],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args(argv)
    repeats = 5 if args.quick else 25
    for in_channels, out_channels in LAYERS:
        t = conv_layer(in_channels, out_channels, repeats)
        rows = [
            ("ours", f"{t['ours'] * 1e3:.2f} ms"),
            ("hand-derived NumPy im2col", f"{t['numpy'] * 1e3:.2f} ms"),
            ("ratio", f"{t['ours'] / t['numpy']:.2f}x  (target <= 1.15x)"),
        ]
        if "torch" in t:
            rows += [
                ("PyTorch CPU", f"{t['torch'] * 1e3:.2f} ms"),
                ("ratio to PyTorch", f"{t['ours'] / t['torch']:.2f}x"),
            ]
        report(
            f"Conv2d({in_channels}, {out_channels}, 3, padding=1), batch {BATCH} of "
            f"{SIZE}x{SIZE}, float32, forward + backward",
            rows,
        )
    cnn_epoch(20 if args.quick else 100)


if __name__ == "__main__":
    main()
