"""Optimizers step by step against the textbook update equations, written out here anew."""

import math

import numpy as np
import pytest

import nn
from nn import optim
from nn.optim import lr_scheduler
from nn.utils import clip_grad_norm_

STEPS = 5
START = np.random.default_rng(0).standard_normal((3, 2))
GRADS = [np.random.default_rng(i + 1).standard_normal((3, 2)) for i in range(STEPS)]


# ----------------------------------------------------------- reference equations


def sgd_reference(theta, lr, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
    buffer = None
    for g in GRADS:
        g = g + weight_decay * theta
        if momentum:
            buffer = g if buffer is None else momentum * buffer + (1 - dampening) * g
            g = g + momentum * buffer if nesterov else buffer
        theta = theta - lr * g
        yield theta


def adam_reference(theta, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled=False):
    beta1, beta2 = betas
    m = v = np.zeros_like(theta)
    for t, g in enumerate(GRADS, start=1):
        if decoupled:
            theta = theta - lr * weight_decay * theta
        else:
            g = g + weight_decay * theta
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
        yield theta


def rmsprop_reference(theta, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0):
    v = b = np.zeros_like(theta)
    for g in GRADS:
        g = g + weight_decay * theta
        v = alpha * v + (1 - alpha) * g**2
        if momentum:
            b = momentum * b + g / (np.sqrt(v) + eps)
            theta = theta - lr * b
        else:
            theta = theta - lr * g / (np.sqrt(v) + eps)
        yield theta


def adagrad_reference(theta, lr=0.01, eps=1e-10, weight_decay=0.0):
    total = np.zeros_like(theta)
    for g in GRADS:
        g = g + weight_decay * theta
        total = total + g**2
        theta = theta - lr * g / (np.sqrt(total) + eps)
        yield theta


CASES = [
    (optim.SGD, sgd_reference, dict(lr=0.1)),
    (optim.SGD, sgd_reference, dict(lr=0.1, momentum=0.9)),
    (optim.SGD, sgd_reference, dict(lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.01)),
    (optim.SGD, sgd_reference, dict(lr=0.1, momentum=0.8, nesterov=True, weight_decay=0.1)),
    (optim.Adam, adam_reference, dict()),
    (optim.Adam, adam_reference, dict(lr=0.1, betas=(0.8, 0.9), eps=1e-3, weight_decay=0.1)),
    (
        optim.AdamW,
        lambda t, **kw: adam_reference(t, decoupled=True, **kw),
        dict(lr=0.1, weight_decay=0.1),
    ),
    (optim.RMSprop, rmsprop_reference, dict()),
    (optim.RMSprop, rmsprop_reference, dict(lr=0.05, alpha=0.9, momentum=0.5, weight_decay=0.1)),
    (optim.Adagrad, adagrad_reference, dict()),
    (optim.Adagrad, adagrad_reference, dict(lr=0.5, eps=1e-3, weight_decay=0.2)),
]


def parameter(values=START):
    return nn.Parameter(np.array(values, dtype=np.float64))


@pytest.mark.parametrize(("optimizer", "reference", "settings"), CASES)
def test_each_step_matches_the_textbook_update(optimizer, reference, settings):
    p = parameter()
    opt = optimizer([p], **settings)
    for step, (g, expected) in enumerate(zip(GRADS, reference(START, **settings))):
        p.grad = g.copy()
        opt.step()
        np.testing.assert_allclose(
            p.data, expected, rtol=1e-12, atol=1e-14, err_msg=f"step {step + 1}"
        )
        np.testing.assert_array_equal(p.grad, g)  # the gradient itself is left alone


def test_adamw_defaults_to_weight_decay_0_01():
    assert optim.AdamW([parameter()]).param_groups[0]["weight_decay"] == 0.01
    assert optim.Adam([parameter()]).param_groups[0]["weight_decay"] == 0.0


def test_step_skips_parameters_without_a_gradient_and_zero_grad_clears():
    used, unused = parameter(), parameter()
    opt = optim.Adam([used, unused], lr=0.1)
    used.grad = GRADS[0].copy()
    opt.step()
    np.testing.assert_array_equal(unused.data, START)
    assert unused not in opt.state and opt.state[used]["step"] == 1
    opt.zero_grad()
    assert used.grad is None and unused.grad is None


def test_parameter_groups_use_their_own_hyperparameters():
    slow, fast = parameter(), parameter()
    opt = optim.SGD([{"params": [slow]}, {"params": fast, "lr": 0.5, "momentum": 0.9}], lr=0.1)
    for g, expected_slow, expected_fast in zip(
        GRADS, sgd_reference(START, lr=0.1), sgd_reference(START, lr=0.5, momentum=0.9)
    ):
        slow.grad, fast.grad = g.copy(), g.copy()
        opt.step()
        np.testing.assert_allclose(slow.data, expected_slow, rtol=1e-12)
        np.testing.assert_allclose(fast.data, expected_fast, rtol=1e-12)


def test_updates_happen_in_place_on_the_parameter_data():
    model = nn.Linear(2, 2)
    data = model.weight.data
    opt = optim.Adam(model.parameters(), lr=0.1)
    model(np.ones((1, 2), dtype=np.float32)).sum().backward()
    opt.step()
    assert model.weight.data is data and model.weight.dtype == np.float32


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda p: optim.SGD([], lr=0.1), "empty list"),
        (lambda p: optim.SGD([p], lr=-1), "lr must be a finite number >= 0"),
        (lambda p: optim.SGD([p], lr=0.1, nesterov=True), "nesterov"),
        (lambda p: optim.Adam([p], betas=(0.9, 1.0)), "betas"),
        (lambda p: optim.SGD([{"params": [p], "momentun": 0.9}], lr=0.1), "momentun"),
        (lambda p: optim.SGD([p, p], lr=0.1), "more than one group"),
        (lambda p: optim.SGD([np.zeros(2)], lr=0.1), "Tensors that require grad"),
    ],
)
def test_bad_settings_are_refused(build, message):
    with pytest.raises((ValueError, TypeError), match=message):
        build(parameter())


OPTIMIZERS = {
    "SGD": lambda params, **kw: optim.SGD(params, **{"lr": 0.1, **kw}),
    "Adam": optim.Adam,
    "AdamW": optim.AdamW,
    "RMSprop": optim.RMSprop,
    "Adagrad": optim.Adagrad,
}
NONSENSE = [
    (float("nan"), ValueError, "must be a finite number >= 0, got nan"),
    (float("inf"), ValueError, "must be a finite number >= 0, got inf"),
    (-0.5, ValueError, "must be a finite number >= 0, got -0.5"),
    ("0.1", TypeError, "must be a number, got '0.1' \\(str\\)"),
    (None, TypeError, "must be a number, got None"),
    (True, TypeError, "must be a number, got True"),
]


@pytest.mark.parametrize("value, error, message", NONSENSE, ids=lambda v: repr(v)[:8])
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_optimizer_refuses_nonsense_hyperparameters_at_construction(
    name, value, error, message
):
    build = OPTIMIZERS[name]
    numbers = ["lr", "weight_decay"]
    numbers += {"SGD": ["momentum", "dampening"], "RMSprop": ["eps", "momentum", "alpha"]}.get(
        name, ["eps"]
    )
    for hyperparameter in numbers:
        with pytest.raises(error, match=f"^{name}: {hyperparameter} {message}"):
            build([parameter()], **{hyperparameter: value})
    # in a parameter group too
    with pytest.raises(error, match=f"^{name}: lr {message}"):
        build([{"params": [parameter()], "lr": value}])


@pytest.mark.parametrize("betas", [(0.9, float("nan")), ("0.9", 0.99), (0.9,), None])
def test_adam_refuses_nonsense_betas(betas):
    with pytest.raises((ValueError, TypeError), match=r"^Adam: betas"):
        optim.Adam([parameter()], betas=betas)


def test_sgd_nesterov_must_be_a_bool():
    with pytest.raises(TypeError, match=r"^SGD: nesterov must be True or False, got 'yes'"):
        optim.SGD([parameter()], lr=0.1, momentum=0.9, nesterov="yes")


@pytest.mark.parametrize("name", list(OPTIMIZERS))
@pytest.mark.parametrize(
    "grad, problem",
    [
        (lambda p: np.ones((1, *p.shape), np.float32), r"\.grad has shape \(1, 3, 2\)"),
        (lambda p: np.ones(p.shape[-1], np.float32), r"\.grad has shape \(2,\)"),
        (lambda p: np.float32(1.0), r"\.grad has type float32"),
        (lambda p: p.grad.tolist(), r"\.grad has type list"),
    ],
    ids=["extra axis", "broadcastable row", "scalar", "list"],
)
def test_step_refuses_a_grad_that_is_not_an_array_of_the_parameters_shape(name, grad, problem):
    first, second = parameter(), parameter()
    optimizer = OPTIMIZERS[name]([first, second])
    first.grad = np.ones(first.shape, np.float32)
    second.grad = np.ones(second.shape, np.float32)
    second.grad = grad(second)
    before = (first.data.copy(), second.data.copy())
    with pytest.raises(
        ValueError, match=rf"^{name}\.step: parameter 1 has shape \(3, 2\) but its {problem}"
    ):
        optimizer.step()
    # refused before any parameter moved
    np.testing.assert_array_equal(first.data, before[0])
    np.testing.assert_array_equal(second.data, before[1])


def test_state_dict_holds_copies_as_dicts_of_arrays_and_numbers():
    p, q = parameter(), parameter()
    opt = optim.Adam([{"params": [p]}, {"params": [q], "lr": 0.5}], betas=(0.8, 0.9))
    p.grad = GRADS[0].copy()
    opt.step()
    state = opt.state_dict()
    assert set(state["state"]) == {"0"} and state["state"]["0"]["step"] == 1
    assert state["param_groups"]["1"]["lr"] == 0.5
    np.testing.assert_array_equal(state["param_groups"]["0"]["betas"], [0.8, 0.9])
    np.testing.assert_array_equal(state["param_groups"]["1"]["params"], [1])
    saved = state["state"]["0"]["exp_avg"].copy()
    p.grad = GRADS[1].copy()
    opt.step()
    np.testing.assert_array_equal(state["state"]["0"]["exp_avg"], saved)  # a copy


@pytest.mark.parametrize(("optimizer", "reference", "settings"), CASES[1::2])
def test_loading_a_state_dict_resumes_exactly(optimizer, reference, settings):
    p = parameter()
    opt = optimizer([p], **settings)
    expected = list(reference(START, **settings))
    for g in GRADS[:2]:
        p.grad = g.copy()
        opt.step()
    resumed_p = parameter(p.data)
    resumed = optimizer([resumed_p], lr=123.0)  # hyperparameters come from the state dict
    resumed.load_state_dict(opt.state_dict())
    assert resumed.param_groups[0]["lr"] == opt.param_groups[0]["lr"]
    for g, want in zip(GRADS[2:], expected[2:]):
        resumed_p.grad = g.copy()
        resumed.step()
        np.testing.assert_allclose(resumed_p.data, want, rtol=1e-12)


def test_loading_a_state_dict_checks_the_parameters():
    p = parameter()
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    p.grad = GRADS[0].copy()
    opt.step()
    state = opt.state_dict()
    with pytest.raises(ValueError, match=r"groups of \[1\] parameters.*\[2\]"):
        optim.SGD([parameter(), parameter()], lr=0.1).load_state_dict(state)
    with pytest.raises(ValueError, match=r"momentum_buffer of parameter 0 has shape \(3, 2\)"):
        optim.SGD([nn.Parameter(np.zeros(4))], lr=0.1).load_state_dict(state)


# ------------------------------------------------------------------ schedulers


def sgd_with_lrs(*lrs):
    return optim.SGD([{"params": [parameter()], "lr": lr} for lr in lrs], lr=1.0)


@pytest.mark.parametrize(
    ("make", "factor"),
    [
        (lambda opt: lr_scheduler.StepLR(opt, step_size=3, gamma=0.5), lambda e: 0.5 ** (e // 3)),
        (lambda opt: lr_scheduler.ExponentialLR(opt, gamma=0.9), lambda e: 0.9**e),
        (lambda opt: lr_scheduler.LambdaLR(opt, lambda e: 1 / (1 + e)), lambda e: 1 / (1 + e)),
    ],
)
def test_schedulers_follow_their_closed_forms(make, factor):
    opt = sgd_with_lrs(0.1, 0.4)
    scheduler = make(opt)
    for epoch in range(8):
        assert scheduler.get_last_lr() == pytest.approx([0.1 * factor(epoch), 0.4 * factor(epoch)])
        scheduler.step()
    resumed = make(sgd_with_lrs(0.1, 0.4))
    resumed.load_state_dict(scheduler.state_dict())
    assert resumed.get_last_lr() == pytest.approx([0.1 * factor(8), 0.4 * factor(8)])


def test_lambda_lr_takes_one_function_per_group():
    scheduler = lr_scheduler.LambdaLR(sgd_with_lrs(1.0, 1.0), [lambda e: e + 1, lambda e: 2.0])
    scheduler.step()
    assert scheduler.get_last_lr() == [2.0, 2.0]
    with pytest.raises(ValueError, match="2 functions for 1 parameter groups"):
        lr_scheduler.LambdaLR(sgd_with_lrs(1.0), [abs, abs])


# ------------------------------------------------------------------ clipping


def test_clip_grad_norm_scales_to_the_limit_and_returns_the_norm():
    p, q, unused = parameter(), parameter(np.zeros(2)), parameter()
    p.grad, q.grad = GRADS[0].copy(), np.array([3.0, 4.0])
    norm = math.sqrt((GRADS[0] ** 2).sum() + 25)
    assert clip_grad_norm_([p, q, unused], max_norm=1.0) == pytest.approx(norm)
    np.testing.assert_allclose(q.grad, np.array([3.0, 4.0]) / (norm + 1e-6))
    np.testing.assert_allclose(p.grad, GRADS[0] / (norm + 1e-6))
    assert clip_grad_norm_(q, max_norm=10.0) == pytest.approx(5 / (norm + 1e-6))
    np.testing.assert_allclose(q.grad, np.array([3.0, 4.0]) / (norm + 1e-6))  # under: unchanged


# ----------------------------------------------------------- state dicts are copies


def test_optimizer_load_state_dict_copies_the_saved_arrays():
    model = nn.Linear(3, 2)
    source = optim.Adam(model.parameters(), lr=0.1)
    model.weight.grad = np.ones((3, 2), np.float32)
    model.bias.grad = np.ones(2, np.float32)
    source.step()
    saved = source.state_dict()
    before = {
        k: {n: np.array(v, copy=True) for n, v in e.items() if isinstance(v, np.ndarray)}
        for k, e in saved["state"].items()
    }

    target = optim.Adam(model.parameters(), lr=0.1)
    target.load_state_dict(saved)
    target.step()  # updates the loaded moments in place
    for key, entries in before.items():
        for name, value in entries.items():
            np.testing.assert_array_equal(saved["state"][key][name], value, err_msg=name)
    # ...and writing into the saved dict afterwards leaves the optimizer alone.
    loaded = target.state_dict()
    for entries in saved["state"].values():
        for value in entries.values():
            if isinstance(value, np.ndarray):
                value[...] = 123.0
    for key, entries in target.state_dict()["state"].items():
        for name, value in entries.items():
            if isinstance(value, np.ndarray):
                np.testing.assert_array_equal(value, loaded["state"][key][name])


def test_scheduler_load_state_dict_restores_the_saved_base_learning_rates():
    saved_scheduler = lr_scheduler.ExponentialLR(
        optim.SGD(nn.Linear(1, 1).parameters(), lr=0.8), gamma=0.5
    )
    saved_scheduler.step()
    saved = saved_scheduler.state_dict()

    optimizer = optim.SGD(nn.Linear(1, 1).parameters(), lr=0.01)  # a different start
    scheduler = lr_scheduler.ExponentialLR(optimizer, gamma=0.5)
    scheduler.load_state_dict(saved)
    assert scheduler.base_lrs == [0.8]
    assert scheduler.get_last_lr() == pytest.approx([0.4])
    scheduler.step()
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.2)
