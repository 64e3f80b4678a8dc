"""Convolution and pooling against a float64 loop oracle and PyTorch, over drawn settings;
unfold's gradients of first and second order; ties, errors and the layers' settings."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import autograd
import nn
import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck

from . import conv_oracle as oracle

try:
    import torch
except ImportError:  # the torch comparisons skip; the oracle still checks everything
    torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="install PyTorch: pip install torch")

sizes = st.tuples(st.integers(1, 7), st.integers(1, 7))
pairs = st.tuples(st.integers(1, 3), st.integers(1, 3))
paddings = st.tuples(st.integers(0, 2), st.integers(0, 2))
dilations = st.tuples(st.integers(1, 2), st.integers(1, 2))


def fits(size, kernel, padding, dilation=(1, 1)):
    return all(d * (k - 1) + 1 <= n + 2 * p for n, k, p, d in zip(size, kernel, padding, dilation))


def forward_backward(fn, arrays, grad_seed):
    """Output and input gradients of fn on float64 Tensors, for upstream gradient from a seed."""
    tensors = [Tensor(a, requires_grad=True) for a in arrays]
    out = fn(*tensors)
    grad = np.random.default_rng(grad_seed).standard_normal(out.shape)
    out.backward(grad)
    return out.data, grad, [t.grad for t in tensors]


# ------------------------------------------------------------------ against the oracle


@given(
    batch=st.integers(1, 2), channels=st.integers(1, 3), filters=st.integers(1, 3),
    size=sizes, kernel=pairs, stride=pairs, padding=paddings, dilation=dilations,
    seed=st.integers(0, 2**16),
)  # fmt: skip
def test_conv2d_matches_loops(
    batch, channels, filters, size, kernel, stride, padding, dilation, seed
):
    assume(fits(size, kernel, padding, dilation))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, channels, *size))
    weight = rng.standard_normal((filters, channels, *kernel))
    bias = rng.standard_normal(filters)
    conv = lambda x, w, b: F.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    out, grad, (grad_x, grad_w, grad_b) = forward_backward(conv, [x, weight, bias], seed)
    expected = oracle.conv2d(x, weight, bias, grad, stride, padding, dilation)
    for mine, theirs in zip((out, grad_x, grad_w, grad_b), expected):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-10)


@given(
    channels=st.integers(1, 3), size=sizes, kernel=pairs, stride=pairs,
    padding=paddings, seed=st.integers(0, 2**16),
)  # fmt: skip
def test_pools_match_loops(channels, size, kernel, stride, padding, seed):
    assume(fits(size, kernel, padding) and all(2 * p <= k for p, k in zip(padding, kernel)))
    x = np.random.default_rng(seed).standard_normal((2, channels, *size))
    for fn, reference in ((F.max_pool2d, oracle.max_pool2d), (F.avg_pool2d, oracle.avg_pool2d)):
        pool = lambda x, fn=fn: fn(x, kernel, stride, padding)
        out, grad, (grad_x,) = forward_backward(pool, [x], seed)
        expected_out, expected_grad = reference(x, grad, kernel, stride, padding)
        np.testing.assert_allclose(out, expected_out, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(grad_x, expected_grad, rtol=1e-10, atol=1e-12)


def test_max_pool_sends_a_tied_windows_gradient_to_one_element():
    # Every window of a constant image is one big tie: each must pass its gradient to
    # exactly one element (the first), none split and none duplicated.
    x = Tensor(np.ones((1, 1, 4, 4)), requires_grad=True)
    F.max_pool2d(x, 2).sum().backward()
    windows = x.grad.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(4, 4)
    assert windows.tolist() == [[1, 0, 0, 0]] * 4
    # Overlapping windows of a tie: each window's first element, one per window.
    x = Tensor(np.zeros((1, 1, 3, 3)), requires_grad=True)
    F.max_pool2d(x, 2, stride=1).sum().backward()
    assert x.grad[0, 0].tolist() == [[1, 1, 0], [1, 1, 0], [0, 0, 0]]


def test_max_pool_padding_never_wins():
    x = Tensor(-np.ones((1, 1, 2, 2), np.float32), requires_grad=True)
    out = F.max_pool2d(x, 2, stride=1, padding=1)
    assert (out.data == -1).all()


# ------------------------------------------------------------------ first and second derivatives


@settings(max_examples=10)  # second derivatives by central differences: the slow part
@given(size=sizes, kernel=pairs, stride=pairs, padding=paddings, dilation=dilations)
def test_unfold_and_fold_gradients_of_first_and_second_order(
    size, kernel, stride, padding, dilation
):
    assume(fits(size, kernel, padding, dilation))
    x = Tensor(np.random.default_rng(0).standard_normal((1, 2, *size)), requires_grad=True)
    settings = dict(dilation=dilation, padding=padding, stride=stride)
    unfold = lambda x: autograd.unfold(x, kernel, **settings)
    assert gradcheck(unfold, x)
    assert gradgradcheck(lambda x: unfold(x) ** 2, x)
    columns = Tensor(np.random.default_rng(1).standard_normal(unfold(x).shape), requires_grad=True)
    fold = lambda c: autograd.fold(c, size, kernel, **settings)
    assert gradcheck(fold, columns)
    assert gradgradcheck(lambda c: fold(c) ** 2, columns)


def test_fold_is_the_adjoint_of_unfold():
    # <unfold(x), c> == <x, fold(c)>: the defining property of the gradient.
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 6, 5))
    settings = dict(kernel_size=(3, 2), dilation=(1, 2), padding=(1, 1), stride=(2, 1))
    columns = autograd.unfold(Tensor(x), **settings).data
    c = rng.standard_normal(columns.shape)
    folded = autograd.fold(Tensor(c), (6, 5), **settings).data
    assert np.isclose((columns * c).sum(), (x * folded).sum())


def test_second_derivatives_through_conv_and_pools():
    rng = np.random.default_rng(4)
    x = Tensor(rng.standard_normal((2, 2, 5, 5)), requires_grad=True)
    w = Tensor(rng.standard_normal((3, 2, 3, 3)), requires_grad=True)

    def net(x, w):
        hidden = F.conv2d(x, w, padding=1, stride=1).tanh()
        return F.avg_pool2d(F.max_pool2d(hidden, 2, stride=1), 2)

    assert gradgradcheck(net, x, w)


def test_float32_stays_float32():
    x = Tensor(np.ones((2, 1, 6, 6), np.float32), requires_grad=True)
    layer = nn.Conv2d(1, 4, 3)
    out = nn.MaxPool2d(2)(layer(x))
    out.sum().backward()
    assert out.dtype == np.float32 and x.grad.dtype == np.float32
    assert layer.weight.grad.dtype == np.float32


# ------------------------------------------------------------------ PyTorch


@needs_torch
@given(
    size=sizes, kernel=pairs, stride=pairs, padding=paddings, dilation=dilations,
    seed=st.integers(0, 2**16),
)  # fmt: skip
def test_layers_match_pytorch(size, kernel, stride, padding, dilation, seed):
    assume(fits(size, kernel, padding, dilation))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, 3, *size))
    layer = nn.Conv2d(3, 4, kernel, stride=stride, padding=padding, dilation=dilation)
    reference = torch.nn.Conv2d(3, 4, kernel, stride=stride, padding=padding, dilation=dilation)
    reference = reference.double()
    with torch.no_grad():
        reference.weight.copy_(torch.from_numpy(layer.weight.data.astype(np.float64)))
        reference.bias.copy_(torch.from_numpy(rng.standard_normal(4)))
    layer.weight.data = reference.weight.detach().numpy().copy()
    layer.bias.data = reference.bias.detach().numpy().copy()
    ours_x, theirs_x = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = layer(ours_x), reference(theirs_x)
    grad = rng.standard_normal(out.shape)
    out.backward(grad)
    expected.backward(torch.from_numpy(grad))
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours_x.grad, theirs_x.grad.numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(
        layer.weight.grad, reference.weight.grad.numpy(), rtol=1e-9, atol=1e-9
    )
    np.testing.assert_allclose(
        F.unfold(x, kernel, dilation, padding, stride).data,
        torch.nn.functional.unfold(torch.from_numpy(x), kernel, dilation, padding, stride).numpy(),
    )
    if all(2 * p <= k for p, k in zip(padding, kernel)) and fits(size, kernel, padding):
        for ours, theirs in (
            (nn.MaxPool2d, torch.nn.MaxPool2d),
            (nn.AvgPool2d, torch.nn.AvgPool2d),
        ):
            np.testing.assert_allclose(
                ours(kernel, stride, padding)(x).data,
                theirs(kernel, stride, padding)(torch.from_numpy(x)).numpy(),
                rtol=1e-12,
            )


@needs_torch
def test_batchnorm2d_matches_pytorch_in_training_and_evaluation():
    rng = np.random.default_rng(5)
    ours, theirs = nn.BatchNorm2d(3), torch.nn.BatchNorm2d(3).double()
    for _ in range(2):
        x = rng.normal(2.0, 3.0, (4, 3, 5, 5))
        mine, tx = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, expected = ours(mine), theirs(tx)
        grad = rng.standard_normal(out.shape)
        out.backward(grad)
        expected.backward(torch.from_numpy(grad))
        np.testing.assert_allclose(out.data, expected.detach().numpy(), atol=1e-6)
        np.testing.assert_allclose(mine.grad, tx.grad.numpy(), atol=1e-6)
    np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), rtol=1e-5)
    ours.eval(), theirs.eval()
    x = rng.normal(size=(2, 3, 4, 4))
    np.testing.assert_allclose(
        ours(x).data, theirs(torch.from_numpy(x)).detach().numpy(), rtol=1e-5, atol=1e-6
    )


def test_batchnorm2d_normalises_each_channel_over_batch_and_pixels():
    x = np.random.default_rng(6).normal(3.0, 2.0, (8, 2, 4, 4))
    out = nn.BatchNorm2d(2)(x).data
    np.testing.assert_allclose(out.mean(axis=(0, 2, 3)), 0, atol=1e-6)
    np.testing.assert_allclose(out.var(axis=(0, 2, 3)), 1, atol=1e-3)


# ------------------------------------------------------------------ errors and settings


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda: nn.Conv2d(3, 8, 3)(np.zeros((1, 1, 28, 28))),
            ["Conv2d", "3 channels", "(1, 1, 28, 28)"],
        ),
        (
            lambda: nn.Conv2d(1, 8, 3)(np.zeros((1, 28, 28))),
            ["Conv2d", "4-D", "(1, 28, 28)", "batch axis"],
        ),
        (
            lambda: nn.Conv2d(1, 8, 5, padding=1)(np.zeros((1, 1, 2, 2))),
            ["Conv2d", "kernel 5x5", "padded input 4x4", "(1, 1, 2, 2)"],
        ),
        (lambda: nn.MaxPool2d(3)(np.zeros((1, 1, 2, 2))), ["MaxPool2d", "kernel 3x3", "input 2x2"]),
        (lambda: nn.AvgPool2d(2)(np.zeros((4, 4))), ["AvgPool2d", "4-D", "(4, 4)"]),
        (lambda: F.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((3, 2, 3))), ["conv2d", "(3, 2, 3)"]),
        (lambda: autograd.unfold(np.zeros((1, 1, 2, 2)), 3), ["unfold", "kernel 3x3", "2x2"]),
        (lambda: nn.MaxPool2d(2, padding=2), ["MaxPool2d", "at most half"]),
        (lambda: nn.Conv2d(1, 8, 0), ["Conv2d", "kernel_size"]),
    ],
)
def test_bad_input_names_the_layer_and_the_shapes(call, words):
    with pytest.raises(ValueError) as error:
        call()
    for word in words:
        assert word in str(error.value)


def test_a_registered_layer_is_named_in_its_errors():
    model = nn.Sequential(nn.Conv2d(1, 4, 3))
    with pytest.raises(ValueError, match=r"0: Conv2d: expected an input with 1 channels"):
        model(np.zeros((2, 3, 8, 8)))


def test_layer_settings_shapes_and_defaults():
    conv = nn.Conv2d(2, 5, (3, 1), stride=2, padding=(1, 0), dilation=(2, 1), bias=False)
    assert conv.weight.shape == (5, 2, 3, 1) and conv.bias is None
    assert conv(np.zeros((1, 2, 9, 4), np.float32)).shape == (1, 5, 4, 2)
    assert [name for name, _ in conv.named_parameters()] == ["weight"]
    assert nn.MaxPool2d(3).stride == (3, 3) and nn.AvgPool2d(2, 1).stride == (1, 1)
    assert "kernel_size=(3, 1)" in repr(conv)
    bound = np.sqrt(6 / (2 * 3 * 1))
    assert np.abs(conv.weight.data).max() <= bound


def test_flatten_merges_the_axes_asked_for():
    x = Tensor(np.zeros((2, 3, 4, 5)))
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(0, 1)(x).shape == (6, 4, 5)
    assert nn.Flatten(2)(x).shape == (2, 3, 20)
    assert nn.Flatten(-3, -2)(x).shape == (2, 12, 5)
    assert F.flatten(x, 1, 1).shape == (2, 3, 4, 5)
    with pytest.raises(ValueError, match="flatten: start_dim=3 and end_dim=1"):
        F.flatten(x, 3, 1)


@pytest.mark.parametrize(
    "name", ["autograd.ops.conv", "nn.conv", "nn.pooling", "nn.functional.conv", "nn.transforms"]
)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
