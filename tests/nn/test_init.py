"""Initialisers: the distributions they promise, in place, repeatable with manual_seed."""

import math

import numpy as np
import pytest

import autograd
import nn
from nn import init

SHAPE = (300, 200)  # fan_in 300, fan_out 200: 60,000 draws
FAN_IN, FAN_OUT = SHAPE


def fresh():
    return nn.Parameter(np.zeros(SHAPE, dtype=np.float32))


# (initialiser, expected bound of a uniform or None, expected standard deviation)
CASES = {
    "xavier_uniform": (init.xavier_uniform_, math.sqrt(6 / (FAN_IN + FAN_OUT))),
    "kaiming_uniform": (init.kaiming_uniform_, math.sqrt(6 / FAN_IN)),
    "kaiming_uniform_fan_out": (
        lambda t: init.kaiming_uniform_(t, mode="fan_out"),
        math.sqrt(6 / FAN_OUT),
    ),
    "kaiming_uniform_tanh": (
        lambda t: init.kaiming_uniform_(t, gain=init.calculate_gain("tanh")),
        5 / 3 * math.sqrt(3 / FAN_IN),
    ),
    "uniform": (lambda t: init.uniform_(t, -0.5, 0.5), 0.5),
}
NORMAL_CASES = {
    "xavier_normal": (init.xavier_normal_, math.sqrt(2 / (FAN_IN + FAN_OUT))),
    "kaiming_normal": (init.kaiming_normal_, math.sqrt(2 / FAN_IN)),
    "xavier_normal_gain": (
        lambda t: init.xavier_normal_(t, gain=2.0),
        2 * math.sqrt(2 / (FAN_IN + FAN_OUT)),
    ),
    "normal": (lambda t: init.normal_(t, 0.0, 0.3), 0.3),
}


@pytest.mark.parametrize("case", list(CASES))
def test_uniform_initialisers_fill_the_promised_interval(case):
    initialiser, bound = CASES[case]
    tensor = fresh()
    data = tensor.data
    assert initialiser(tensor) is tensor and tensor.data is data  # in place
    assert np.abs(data).max() <= bound and np.abs(data).max() > 0.99 * bound
    np.testing.assert_allclose(data.var(), bound**2 / 3, rtol=0.03)
    assert abs(data.mean()) < 5 * bound / math.sqrt(3 * data.size)


@pytest.mark.parametrize("case", list(NORMAL_CASES))
def test_normal_initialisers_have_the_promised_spread(case):
    initialiser, std = NORMAL_CASES[case]
    data = initialiser(fresh()).data
    np.testing.assert_allclose(data.std(), std, rtol=0.03)
    assert abs(data.mean()) < 5 * std / math.sqrt(data.size)


def test_normal_mean_and_constant_fills():
    np.testing.assert_allclose(init.normal_(fresh(), mean=3.0, std=0.1).data.mean(), 3.0, atol=0.01)
    assert (init.zeros_(init.normal_(fresh())).data == 0).all()
    assert (init.ones_(fresh()).data == 1).all()


def test_initialisers_repeat_with_manual_seed():
    autograd.manual_seed(11)
    first = init.kaiming_normal_(fresh()).data.copy()
    autograd.manual_seed(11)
    np.testing.assert_array_equal(init.kaiming_normal_(fresh()).data, first)


def test_fans_follow_the_linear_layout_and_need_two_axes():
    assert init.fans(nn.Linear(7, 3).weight) == (7, 3)
    with pytest.raises(ValueError, match=r"\(in_features, out_features\).*\(5,\)"):
        init.xavier_uniform_(nn.Parameter(np.zeros(5)))
    with pytest.raises(ValueError, match="mode"):
        init.kaiming_uniform_(fresh(), mode="fan_avg")


def test_gains():
    assert init.calculate_gain("relu") == math.sqrt(2)
    assert init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2 / 1.04)
    assert init.calculate_gain("sigmoid") == 1.0
    with pytest.raises(ValueError, match="unknown nonlinearity"):
        init.calculate_gain("swish")


# ------------------------------------------------------------------ bad input

RANDOM = {
    "uniform_": init.uniform_,
    "normal_": init.normal_,
    "xavier_uniform_": init.xavier_uniform_,
    "xavier_normal_": init.xavier_normal_,
    "kaiming_uniform_": init.kaiming_uniform_,
    "kaiming_normal_": init.kaiming_normal_,
}


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.bool_])
@pytest.mark.parametrize("name", list(RANDOM))
def test_random_initialisers_refuse_integer_tensors(name, dtype):
    weight = autograd.Tensor(np.zeros((3, 4), dtype=dtype))
    with pytest.raises(
        TypeError, match=rf"^nn\.init\.{name}: cannot fill .* dtype {dtype.__name__}"
    ):
        RANDOM[name](weight)
    np.testing.assert_array_equal(weight.data, 0)


def test_constant_fills_work_on_integer_tensors_as_in_pytorch():
    counts = autograd.Tensor(np.full(3, 7, dtype=np.int64))
    assert init.ones_(counts).data.tolist() == [1, 1, 1]
    assert init.zeros_(counts).data.tolist() == [0, 0, 0]


@pytest.mark.parametrize("name", [*RANDOM, "zeros_", "ones_"])
def test_initialisers_need_a_tensor(name):
    function = getattr(init, name)
    with pytest.raises(TypeError, match=rf"^nn\.init\.{name}: expected a Tensor, got ndarray"):
        function(np.zeros((3, 4)))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda t: init.uniform_(t, 1.0, 0.0), r"uniform_: needs a <= b, got a=1.0 > b=0.0"),
        (lambda t: init.uniform_(t, float("nan"), 1.0), r"uniform_: a must be a finite number"),
        (lambda t: init.normal_(t, std=-1.0), r"normal_: std must be a finite number >= 0"),
        (lambda t: init.normal_(t, mean="0"), r"normal_: mean must be a number, got '0'"),
        (lambda t: init.xavier_uniform_(t, gain=float("inf")), r"xavier_uniform_: gain must"),
        (lambda t: init.kaiming_normal_(t, gain=None), r"kaiming_normal_: gain must be a number"),
    ],
)
def test_nonsense_arguments_are_refused(call, message):
    with pytest.raises((TypeError, ValueError), match=rf"^nn\.init\.{message}"):
        call(fresh())


@pytest.mark.parametrize("name", list(RANDOM))
def test_an_empty_weight_is_left_as_it_is(name):
    assert RANDOM[name](nn.Parameter(np.zeros((0, 4), dtype=np.float32))).shape == (0, 4)
