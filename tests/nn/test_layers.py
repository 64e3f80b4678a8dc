"""Layers and activations: closed forms, central differences, statistics and errors."""

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor, gradcheck


def rand64(*shape, seed=0):
    return Tensor(np.random.default_rng(seed).standard_normal(shape), requires_grad=True)


# ------------------------------------------------------------------ Linear


def test_linear_computes_x_at_weight_plus_bias():
    layer = nn.Linear(3, 2)
    x = np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32)
    np.testing.assert_allclose(
        layer(x).data, x @ layer.weight.data + layer.bias.data, rtol=1e-6, atol=1e-6
    )
    assert layer.weight.shape == (3, 2) and layer.bias.shape == (2,)
    assert nn.Linear(3, 2, bias=False).bias is None
    assert [name for name, _ in nn.Linear(3, 2, bias=False).named_parameters()] == ["weight"]


def test_linear_gradients_match_central_differences():
    assert gradcheck(F.linear, rand64(4, 3), rand64(3, 2, seed=1), rand64(2, seed=2))
    assert gradcheck(F.linear, rand64(2, 4, 3), rand64(3, 2, seed=1))


def test_linear_default_init_is_he_uniform_with_zero_bias():
    autograd.manual_seed(3)
    layer = nn.Linear(400, 300)
    bound = np.sqrt(6 / 400)
    w = layer.weight.data
    assert np.abs(w).max() <= bound
    assert np.abs(w).max() > 0.99 * bound  # the whole interval is used
    np.testing.assert_allclose(w.var(), bound**2 / 3, rtol=0.02)  # Var U(-b, b) = b^2 / 3
    np.testing.assert_array_equal(layer.bias.data, 0)
    assert w.dtype == np.float32
    autograd.manual_seed(3)
    np.testing.assert_array_equal(nn.Linear(400, 300).weight.data, w)


def test_linear_rejects_inputs_with_the_wrong_number_of_features():
    model = nn.Sequential(nn.Linear(2, 3))
    with pytest.raises(ValueError, match=r"0: Linear.*\(\.\.\., 2\).*\(2, 3\).*\(5, 4\)"):
        model(np.ones((5, 4), dtype=np.float32))


@pytest.mark.parametrize("size", [0, -3, 2.5, "4", True])
def test_layer_sizes_must_be_positive_integers(size):
    with pytest.raises(ValueError, match="Linear: in_features must be a positive integer"):
        nn.Linear(size, 3)
    with pytest.raises(ValueError, match="BatchNorm1d: num_features must be a positive integer"):
        nn.BatchNorm1d(size)


# ------------------------------------------------------------------ activations


@pytest.mark.parametrize(
    ("module", "function", "closed_form"),
    [
        (nn.ReLU(), F.relu, lambda x: np.maximum(x, 0)),
        (nn.LeakyReLU(0.2), lambda x: F.leaky_relu(x, 0.2), lambda x: np.where(x > 0, x, 0.2 * x)),
        (nn.Sigmoid(), F.sigmoid, lambda x: 1 / (1 + np.exp(-x))),
        (nn.Tanh(), F.tanh, np.tanh),
        (
            nn.Softmax(axis=0),
            lambda x: F.softmax(x, 0),
            lambda x: np.exp(x) / np.exp(x).sum(axis=0, keepdims=True),
        ),
        (
            nn.LogSoftmax(),
            F.log_softmax,
            lambda x: x - np.log(np.exp(x).sum(axis=-1, keepdims=True)),
        ),
    ],
)
def test_activations_match_closed_forms_and_central_differences(module, function, closed_form):
    x = rand64(4, 3)
    np.testing.assert_allclose(module(x).data, closed_form(x.data), rtol=1e-12)
    np.testing.assert_allclose(function(x.data).data, closed_form(x.data), rtol=1e-12)
    assert gradcheck(function, x)


def test_leaky_relu_slope_default_and_gradient_at_zero():
    x = Tensor([-3.0, 0.0, 2.0], requires_grad=True)
    y = nn.LeakyReLU()(x)
    np.testing.assert_allclose(y.data, [-0.03, 0.0, 2.0], rtol=1e-6)
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [0.01, 0.01, 1.0], rtol=1e-6)


def test_flatten_keeps_the_batch_axis():
    x = rand64(2, 3, 4)
    y = nn.Flatten()(x)
    assert y.shape == (2, 12)
    np.testing.assert_array_equal(y.data, x.data.reshape(2, 12))
    assert gradcheck(F.flatten, x)


# ------------------------------------------------------------------ Dropout


def test_dropout_zeroes_a_fraction_p_and_scales_the_rest():
    autograd.manual_seed(0)
    x = Tensor(np.ones((200, 500), dtype=np.float32), requires_grad=True)
    y = nn.Dropout(0.3)(x)
    kept = y.data != 0
    assert abs(1 - kept.mean() - 0.3) < 0.0075  # 100,000 draws: 5 standard errors
    np.testing.assert_allclose(y.data[kept], 1 / 0.7, rtol=1e-6)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, y.data)  # the gradient passes through the same mask


def test_dropout_is_the_identity_in_eval_and_with_p_zero():
    x = rand64(3, 4)
    layer = nn.Dropout(0.5).eval()
    assert layer(x) is x
    assert F.dropout(x, 0.0) is x
    np.testing.assert_array_equal(F.dropout(x, 1.0).data, 0)


def test_dropout_repeats_with_manual_seed():
    x = np.ones((10, 10), dtype=np.float32)
    autograd.manual_seed(7)
    first = nn.Dropout(0.5)(x).data
    autograd.manual_seed(7)
    np.testing.assert_array_equal(nn.Dropout(0.5)(x).data, first)
    assert not np.array_equal(nn.Dropout(0.5)(x).data, first)


@pytest.mark.parametrize("p", [-0.1, 1.5, "0.5", True])
def test_dropout_validates_p(p):
    with pytest.raises(ValueError, match="p must be a probability"):
        nn.Dropout(p)


# ------------------------------------------------------------------ BatchNorm1d


def numpy_batch_norm_train(x, axes):
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-5)


@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5)])
def test_batch_norm_train_normalises_and_updates_running_statistics(shape):
    rng = np.random.default_rng(0)
    bn = nn.BatchNorm1d(3, momentum=0.2)
    bn.weight.data[:] = [1.0, 2.0, 3.0]
    bn.bias.data[:] = [0.5, -1.0, 0.0]
    axes = (0,) if len(shape) == 2 else (0, 2)
    per_feature = (3,) if len(shape) == 2 else (3, 1)
    running_mean, running_var = np.zeros(3), np.ones(3)
    for step in range(3):
        x = (rng.standard_normal(shape) * 2 + step).astype(np.float32)
        expected = numpy_batch_norm_train(x.astype(np.float64), axes)
        expected = expected * bn.weight.data.reshape(per_feature) + bn.bias.data.reshape(
            per_feature
        )
        np.testing.assert_allclose(bn(x).data, expected, rtol=1e-4, atol=1e-5)
        count = x.size // 3
        running_mean = 0.8 * running_mean + 0.2 * x.mean(axis=axes)
        running_var = 0.8 * running_var + 0.2 * x.var(axis=axes) * count / (count - 1)
        np.testing.assert_allclose(bn.running_mean, running_mean, rtol=1e-5)
        np.testing.assert_allclose(bn.running_var, running_var, rtol=1e-5)

    bn.eval()
    x = rng.standard_normal(shape).astype(np.float32)
    expected = (x - running_mean.reshape(per_feature)) / np.sqrt(
        running_var.reshape(per_feature) + 1e-5
    ) * bn.weight.data.reshape(per_feature) + bn.bias.data.reshape(per_feature)
    before = bn.running_mean.copy()
    np.testing.assert_allclose(bn(x).data, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(bn.running_mean, before)  # eval leaves the statistics alone


@pytest.mark.parametrize("shape", [(5, 3), (3, 3, 2)])
@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_gradients_match_central_differences(shape, training):
    running_mean = np.array([0.1, -0.2, 0.3])
    running_var = np.array([1.5, 0.5, 2.0])

    def fn(x, weight, bias):
        return F.batch_norm(
            x, running_mean.copy(), running_var.copy(), weight, bias, training=training
        )

    assert gradcheck(fn, rand64(*shape), rand64(3, seed=1), rand64(3, seed=2))


def test_batch_norm_errors_name_the_layer_and_shapes():
    model = nn.Sequential(nn.BatchNorm1d(3))
    with pytest.raises(ValueError, match=r"0: BatchNorm1d.*\(N, 3\).*\(4, 2\)"):
        model(np.ones((4, 2), dtype=np.float32))
    with pytest.raises(ValueError, match="more than one value per feature"):
        model(np.ones((1, 3), dtype=np.float32))


# ------------------------------------------------------------------ what a zero start hides


def test_linear_adds_a_nonzero_bias_and_passes_it_its_gradient():
    # The default bias starts at zero, so a Linear that forgot to add it would
    # pass every test that keeps the default: set one.
    rng = np.random.default_rng(3)
    layer = nn.Linear(3, 2)
    layer.bias.data = rng.standard_normal(2).astype(np.float32)
    x = rng.standard_normal((4, 3)).astype(np.float32)
    out = layer(x)
    np.testing.assert_allclose(out.data, x @ layer.weight.data + layer.bias.data, rtol=1e-5)
    out.sum().backward()
    np.testing.assert_allclose(layer.bias.grad, np.full(2, 4.0))


def test_batch_norm_in_evaluation_adds_eps_to_the_running_variance():
    # A large eps makes leaving it out of the running-variance term visible.
    rng = np.random.default_rng(4)
    x = rng.standard_normal((5, 3))
    running_mean, running_var = rng.standard_normal(3), rng.uniform(0.1, 2.0, 3)
    for eps in (0.5, 1e-5):
        out = F.batch_norm(Tensor(x), running_mean, running_var, training=False, eps=eps)
        np.testing.assert_allclose(
            out.data, (x - running_mean) / np.sqrt(running_var + eps), rtol=1e-10
        )
