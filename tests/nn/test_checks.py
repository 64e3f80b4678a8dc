"""nn.utils.check_training: each warning fires on its mistake and stays silent on a correct loop."""

import warnings

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor
from nn.utils import TrainingWarning, check_training


def spiral_batches(count=6, size=32):
    x, y = nn.data.spiral_data(size * count // 3, 3)
    order = np.random.default_rng(0).permutation(len(x))
    x, y = x[order], y[order]
    return [(x[i : i + size], y[i : i + size]) for i in range(0, size * count, size)]


def mlp():
    autograd.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))


def found(loop, model, **options):
    """The TrainingWarning messages `loop(model)` gives inside check_training(model)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with check_training(model, **options) as checker:
            loop(model)
    messages = [str(w.message) for w in caught if issubclass(w.category, TrainingWarning)]
    assert messages == checker.warned
    return messages, checker


def correct(zero_grad_at="start"):
    def loop(model):
        optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
        loss_fn = nn.CrossEntropyLoss()
        for x, y in spiral_batches():
            if zero_grad_at == "start":
                optimizer.zero_grad()
            out = model(x)
            if zero_grad_at == "middle":
                model.zero_grad()
            loss_fn(out, y).backward()
            optimizer.step()
            if zero_grad_at == "end":
                optimizer.zero_grad()
        with autograd.no_grad():
            model(spiral_batches()[0][0])
        loss_fn(model(x), y)  # an evaluation with grad on and no backward

    return loop


@pytest.mark.parametrize("zero_grad_at", ["start", "middle", "end"])
def test_a_correct_training_loop_is_silent(zero_grad_at):
    messages, checker = found(correct(zero_grad_at), mlp())
    assert messages == []
    assert 0 <= checker.dead_relus["1 (ReLU)"] < 0.5


def test_the_model_is_left_as_it_was():
    model = mlp()
    weights = [p for p in model.parameters()]
    found(correct(), model)
    assert "forward" not in vars(model) and "forward" not in vars(model[1])
    assert list(model.parameters()) == weights
    assert all(isinstance(p, nn.Parameter) for p in model.parameters())
    assert model[0].weight is weights[0]


def test_off_by_default():
    model = mlp()
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for x, y in spiral_batches(3):
            nn.CrossEntropyLoss()(model(x), y).backward()  # no zero_grad
            optimizer.step()
    assert [w for w in caught if issubclass(w.category, TrainingWarning)] == []


def test_gradients_watched_are_the_gradients_backward_gives():
    plain, checked = mlp(), mlp()
    x, y = spiral_batches(1)[0]
    nn.CrossEntropyLoss()(plain(x), y).backward()
    with check_training(checked):
        nn.CrossEntropyLoss()(checked(x), y).backward()
    for p, q in zip(plain.parameters(), checked.parameters()):
        np.testing.assert_array_equal(p.grad, q.grad)


class WithUnused(nn.Module):
    def __init__(self):
        super().__init__()
        self.used = nn.Linear(2, 3)
        self.unused = nn.Linear(2, 3)
        self.cut = nn.Linear(3, 3)

    def forward(self, x):
        h = self.used(x)
        return h + self.cut(h).detach()


def test_a_parameter_that_receives_no_gradient_warns():
    def loop(model):
        optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
        for x, y in spiral_batches(2):
            optimizer.zero_grad()
            nn.CrossEntropyLoss()(model(x), y).backward()
            optimizer.step()

    messages, _ = found(loop, WithUnused())
    named = sorted(m.split(" ")[0] for m in messages)
    assert named == ["cut.bias", "cut.weight", "unused.bias", "unused.weight"]
    assert all("received no gradient" in m for m in messages)


class TimesZero(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 3)
        self.scale = nn.Parameter(np.ones(3, dtype=np.float32))

    def forward(self, x):
        return self.fc(x) * 0.0 + self.scale


def test_a_parameter_whose_gradient_is_all_zeros_warns():
    def loop(model):
        optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
        for x, y in spiral_batches(2):
            optimizer.zero_grad()
            nn.CrossEntropyLoss()(model(x), y).backward()
            optimizer.step()

    messages, _ = found(loop, TimesZero())
    assert sorted(m.split(" ")[0] for m in messages) == ["fc.bias", "fc.weight"]
    assert all("exactly zero everywhere" in m for m in messages)


def forgetful(model):
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
    for x, y in spiral_batches(3):
        nn.CrossEntropyLoss()(model(x), y).backward()
        optimizer.step()


def test_gradients_accumulated_across_steps_warn():
    messages, _ = found(forgetful, mlp())
    assert len(messages) == 4 and all("accumulating across steps" in m for m in messages)
    # deliberate accumulation does not excuse skipping zero_grad after a step
    assert found(forgetful, mlp(), accumulate=True)[0] == messages


def two_backwards(model):
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(2):
        optimizer.zero_grad()
        for x, y in spiral_batches(2):  # two backward passes, then one step
            nn.CrossEntropyLoss()(model(x), y).backward()
        optimizer.step()


def test_two_backward_passes_without_step_or_zero_grad_warn_unless_accumulating():
    messages, _ = found(two_backwards, mlp())
    assert len(messages) == 4 and all("no optimizer step and no zero_grad()" in m for m in messages)
    assert found(two_backwards, mlp(), accumulate=True)[0] == []


def test_dead_relus_warn_with_their_fraction():
    model = mlp()
    with autograd.no_grad():
        model[0].bias.data[:12] = -100.0  # 12 of 16 units can never fire
    messages, checker = found(correct(), model)
    assert checker.dead_relus["1 (ReLU)"] == pytest.approx(12 / 16)
    assert len(messages) == 1 and messages[0].startswith("1 (ReLU): 75% of its units are dead")
    assert found(correct(), model, dead_relu_threshold=0.9)[0] == []


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match=r"check_training needs an nn\.Module"):
        check_training(Tensor([1.0]))
    with pytest.raises(ValueError, match="dead_relu_threshold"):
        check_training(mlp(), dead_relu_threshold=2)
