"""The typical wrong answers of each exercise, with a hint that points at the fix.

They are kept apart from the exercise files, which a learner reads and
edits, so that those hold no near-answers; each is attached to its exercise
as the class attribute `mistakes` (the format is in `check.py`). The checker
names a mistake when a learner's backward reproduces it, and the teachers'
audit (`python -m demos.exercises --audit`) plants every one of them.

>>> from demos.exercises import Max
>>> sorted(Max.mistakes)
['argmax only', 'ties not split']
"""

from __future__ import annotations

import numpy as np

from . import elementwise, normalization, probabilities, reductions
from .check import Mistake


def _onehot(p: np.ndarray, labels: np.ndarray) -> np.ndarray:
    onehot = np.zeros_like(p)
    onehot[np.arange(len(labels)), labels] = 1
    return onehot


def _argmax_only(ctx, grad):
    x, _ = ctx.saved
    winner = np.zeros_like(x)
    np.put_along_axis(winner, np.argmax(x, axis=-1)[..., None], 1.0, axis=-1)
    return grad[..., None] * winner


elementwise.Sigmoid.mistakes = {
    "y only": Mistake(
        lambda ctx, grad: grad * ctx.saved[0],
        "the sigmoid's slope is y times a second factor that goes to 0 as y goes to 1; "
        "differentiate (1 + exp(-x))**-1 and write the result with y alone",
    ),
}
elementwise.Tanh.mistakes = {
    "1 - y": Mistake(
        lambda ctx, grad: grad * (1 - ctx.saved[0]),
        "the derivative of tanh is not 1 - tanh(x): differentiate sinh/cosh with the quotient "
        "rule and write what you get with y = tanh(x); it is symmetric in x",
    ),
}
elementwise.ReLU.mistakes = {
    "passes everywhere": Mistake(
        lambda ctx, grad: grad,
        "where x < 0 the output stays 0 whatever x does, so no gradient passes there; use "
        "the mask forward saved",
    ),
    "mask inverted": Mistake(
        lambda ctx, grad: grad * ~ctx.mask,
        "the gradient passes where the unit was active (x > 0) and stops elsewhere: the "
        "mask is the wrong way round",
    ),
}
elementwise.Exp.mistakes = {
    "local derivative 1": Mistake(
        lambda ctx, grad: grad,
        "the local derivative of exp is not 1: exp is its own derivative, and forward "
        "saved its output",
    ),
}
elementwise.Log.mistakes = {
    "times x": Mistake(
        lambda ctx, grad: grad * ctx.saved[0],
        "the slope of log x falls as x grows, while your gradient grows with x",
    ),
}
reductions.Mean.mistakes = {
    "1/N missing": Mistake(
        lambda ctx, grad: np.broadcast_to(np.expand_dims(grad, ctx.axis), ctx.shape),
        "a mean divides the sum by N, the number of elements averaged; so does each input's "
        "share of the gradient",
    ),
}
reductions.Max.mistakes = {
    "ties not split": Mistake(
        lambda ctx, grad: grad[..., None] * (ctx.saved[0] == ctx.saved[1][..., None]),
        "at a tie every maximum gets the whole gradient, so the row passes back more than it "
        "received; share it among the tied elements",
    ),
    "argmax only": Mistake(
        _argmax_only,
        "at a tie the whole gradient goes to one maximum (argmax picks the first); the check "
        "expects it shared equally among the tied elements",
    ),
}
probabilities.Softmax.mistakes = {
    "diagonal only": Mistake(
        lambda ctx, grad: grad * ctx.saved[0] * (1 - ctx.saved[0]),
        "y_i (1 - y_i) is only d y_i / d x_i; every output of a row also moves with the other "
        "inputs of the row (d y_i / d x_j for j != i), and the chain rule adds those terms",
    ),
}
probabilities.LogSoftmaxNLL.mistakes = {
    "1/N missing": Mistake(
        lambda ctx, grad: (grad * (ctx.saved[0] - _onehot(ctx.saved[0], ctx.labels)), None),
        "the loss is a mean over the batch, so each example's gradient is divided by the "
        "batch size",
    ),
    "target forgotten": Mistake(
        lambda ctx, grad: (grad * ctx.saved[0] / len(ctx.labels), None),
        "raising the correct class's logit lowers the loss, so its gradient must be negative; "
        "the one-hot target belongs in the gradient",
    ),
}
normalization.LayerNorm.mistakes = {
    "mean path forgotten": Mistake(
        lambda ctx, grad: (
            (grad - ctx.saved[0] * (grad * ctx.saved[0]).mean(axis=-1, keepdims=True))
            * ctx.inv_sigma
        ),
        "x_j moves every output of its row also through the mean mu; that path's term is missing",
    ),
    "sigma path forgotten": Mistake(
        lambda ctx, grad: (grad - grad.mean(axis=-1, keepdims=True)) * ctx.inv_sigma,
        "x_j moves every output of its row also through sigma; that path's term is missing",
    ),
}
