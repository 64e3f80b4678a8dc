"""The convolution exercises: each declared mistake is a wrong answer gradcheck catches,
and each differs from the solution where the docstring says it does."""

from __future__ import annotations

import numpy as np
import pytest

from autograd import Tensor
from demos import exercises
from demos.exercises import solutions
from demos.exercises.check import CORRECT, WRONG, check

CASES = [(exercises.Conv2d, solutions.Conv2d, name) for name in exercises.Conv2d.mistakes] + [
    (exercises.MaxPool2d, solutions.MaxPool2d, name) for name in exercises.MaxPool2d.mistakes
]


def as_function(exercise: type, backward) -> type:
    """The exercise with `backward` written in: a learner's answer."""
    return type(exercise.__name__, (exercise,), {"backward": staticmethod(backward)})


@pytest.mark.parametrize(("exercise", "solution", "name"), CASES, ids=[c[2] for c in CASES])
def test_every_declared_mistake_is_caught(exercise, solution, name):
    assert check(solution).status == CORRECT
    assert check(as_function(exercise, exercise.mistakes[name])).status == WRONG


def saved_context(exercise: type):
    """The context of one forward on the exercise's inputs, and an upstream gradient."""
    inputs = exercise.example_inputs(np.random.default_rng(0))
    out = exercise.apply(*(Tensor(a, requires_grad=True) for a in inputs))
    grad = np.random.default_rng(1).standard_normal(out.shape)
    return out._ctx, grad


def test_conv_mistakes_take_backwards_arguments_and_go_wrong_where_named():
    ctx, grad = saved_context(exercises.Conv2d)
    right_x, right_w = solutions.Conv2d.backward(ctx, grad)
    mistakes = exercises.Conv2d.mistakes
    x_grad, w_grad = mistakes["weight gradient not summed over the batch"](ctx, grad)
    np.testing.assert_allclose(x_grad, right_x)
    assert not np.allclose(w_grad, right_w)
    x_grad, w_grad = mistakes["kernel not flipped in the input gradient"](ctx, grad)
    np.testing.assert_allclose(w_grad, right_w)
    assert not np.allclose(x_grad, right_x)
    x_grad, w_grad = mistakes["padding not cropped back"](ctx, grad)
    assert x_grad.shape == tuple(s + 2 * (i >= 2) for i, s in enumerate(right_x.shape))
    np.testing.assert_allclose(x_grad[:, :, 1:-1, 1:-1], right_x)


def test_pool_mistakes_keep_the_total_or_not_as_named():
    ctx, grad = saved_context(exercises.MaxPool2d)
    right = solutions.MaxPool2d.backward(ctx, grad)
    assert np.count_nonzero(right) == grad.size  # one element per window
    mistakes = exercises.MaxPool2d.mistakes
    assert np.isclose(
        mistakes["gradient to every element of the window"](ctx, grad).sum(), 4 * grad.sum()
    )
    assert np.isclose(
        mistakes["gradient shared equally within the window"](ctx, grad).sum(), grad.sum()
    )
    wrong_place = mistakes["gradient routed to the wrong position"](ctx, grad)
    assert np.isclose(wrong_place.sum(), grad.sum()) and not np.allclose(wrong_place, right)
