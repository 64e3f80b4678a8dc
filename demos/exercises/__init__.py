"""Gradient-check exercises: write the backward of each operation, then let gradcheck judge it.

Each exercise is an `autograd.Function` whose forward is written and whose
backward raises `todo(ctx)`. Its docstring explains the derivative and what
forward saved for backward. Replace `raise todo(ctx)` with your backward,
then run

    python -m demos.exercises               # every exercise, in order
    python -m demos.exercises --only Tanh   # just one
    python -m demos.exercises --solutions   # the reference answers
    python -m demos.exercises --audit       # for teachers: plant known mistakes, see the hints

Each backward is checked against central differences (`autograd.gradcheck`)
on inputs chosen away from kinks; a wrong one is shown with gradcheck's
diagnostic and, where it recognises the mistake, a hint. The answers are in
`demos/exercises/solutions/`: try first.

>>> [exercise.__name__ for exercise in EXERCISES][:3]
['Sigmoid', 'Tanh', 'ReLU']
"""

from . import mistakes  # noqa: F401  (attaches each exercise's known mistakes)
from .broadcasting import BroadcastAdd
from .convolution import Conv2d, MaxPool2d
from .elementwise import Exp, Log, ReLU, Sigmoid, Tanh
from .linalg import MatMul
from .normalization import LayerNorm
from .probabilities import LogSoftmaxNLL, Softmax
from .reductions import Max, Mean, SumAxis

EXERCISES = (
    Sigmoid,
    Tanh,
    ReLU,
    Exp,
    Log,
    BroadcastAdd,
    SumAxis,
    Mean,
    MatMul,
    Max,
    Softmax,
    LogSoftmaxNLL,
    LayerNorm,
    Conv2d,
    MaxPool2d,
)

__all__ = [exercise.__name__ for exercise in EXERCISES] + ["EXERCISES"]
