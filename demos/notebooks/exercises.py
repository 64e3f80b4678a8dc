# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Gradient-check exercises
#
# Fifteen operations, each an `autograd.Function` whose forward is written and
# whose backward is yours: sigmoid, tanh, ReLU, exp, log, a broadcasting add, a
# sum over an axis, a mean, matmul, max with ties, softmax, log-softmax with the
# negative log-likelihood, layer norm, a 2-D convolution and max-pooling.
#
# For each one:
#
# 1. read what it computes, the derivative to work out, and its forward
#    (what it saved for you in `ctx`);
# 2. in the cell below it, replace `raise todo(ctx)` with your backward: from
#    `grad`, the gradient of the loss with respect to the output, return the
#    gradient with respect to each input, each of exactly that input's shape;
# 3. run your cell, then the check under it. The check is the one of
#    `python -m demos.exercises`: `gradcheck` against central differences, with
#    a hint when it recognises the mistake.
#
# The exercises and their forwards live in `demos/exercises/`; your backwards
# here belong to this notebook only. The reference answers are elsewhere
# (`python -m demos.exercises --solutions` checks them): try first.

# %%
import inspect
import textwrap

import numpy as np  # noqa: F401 (for your backwards)
from IPython.display import Markdown, display

from demos import exercises
from demos.exercises.check import check, report


def show(exercise):
    """The explanation of an exercise (or of a group of them) and its forward."""
    text = f"```text\n{inspect.cleandoc(exercise.__doc__)}\n```"
    if not inspect.ismodule(exercise):
        forward = textwrap.dedent(inspect.getsource(exercise.forward))
        text = f"### {exercise.__name__}\n\n{text}\n\n```python\n{forward}```"
    display(Markdown(text))


def todo(ctx):
    """The error a backward raises until it is written: its check says "not attempted"."""
    return NotImplementedError(
        f"{ctx.function.__name__}.backward is not written yet: replace `raise todo(ctx)` "
        "in its cell with your backward, run that cell, then the check below it"
    )


# %% [markdown]
# ## Element by element

# %%
show(exercises.elementwise)

# %%
show(exercises.Sigmoid)


# %% tags=["exercise"]
class Sigmoid(exercises.Sigmoid):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(Sigmoid)]))

# %%
show(exercises.Tanh)


# %% tags=["exercise"]
class Tanh(exercises.Tanh):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(Tanh)]))

# %%
show(exercises.ReLU)


# %% tags=["exercise"]
class ReLU(exercises.ReLU):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(ReLU)]))

# %%
show(exercises.Exp)


# %% tags=["exercise"]
class Exp(exercises.Exp):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(Exp)]))

# %%
show(exercises.Log)


# %% tags=["exercise"]
class Log(exercises.Log):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(Log)]))

# %% [markdown]
# ## Broadcasting

# %%
show(exercises.broadcasting)

# %%
show(exercises.BroadcastAdd)


# %% tags=["exercise"]
class BroadcastAdd(exercises.BroadcastAdd):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(BroadcastAdd)]))

# %% [markdown]
# ## Reductions

# %%
show(exercises.reductions)

# %%
show(exercises.SumAxis)


# %% tags=["exercise"]
class SumAxis(exercises.SumAxis):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(SumAxis)]))

# %%
show(exercises.Mean)


# %% tags=["exercise"]
class Mean(exercises.Mean):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(Mean)]))

# %% [markdown]
# ## Matrix product

# %%
show(exercises.linalg)

# %%
show(exercises.MatMul)


# %% tags=["exercise"]
class MatMul(exercises.MatMul):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(MatMul)]))

# %% [markdown]
# ## Reductions again: the maximum

# %%
show(exercises.Max)


# %% tags=["exercise"]
class Max(exercises.Max):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(Max)]))

# %% [markdown]
# ## Probabilities

# %%
show(exercises.probabilities)

# %%
show(exercises.Softmax)


# %% tags=["exercise"]
class Softmax(exercises.Softmax):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(Softmax)]))

# %%
show(exercises.LogSoftmaxNLL)


# %% tags=["exercise"]
class LogSoftmaxNLL(exercises.LogSoftmaxNLL):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(LogSoftmaxNLL)]))

# %% [markdown]
# ## Normalisation

# %%
show(exercises.normalization)

# %%
show(exercises.LayerNorm)


# %% tags=["exercise"]
class LayerNorm(exercises.LayerNorm):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(LayerNorm)]))

# %% [markdown]
# ## Convolution and pooling

# %%
show(exercises.convolution)

# %%
show(exercises.Conv2d)


# %% tags=["exercise"]
class Conv2d(exercises.Conv2d):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(Conv2d)]))

# %%
show(exercises.MaxPool2d)


# %% tags=["exercise"]
class MaxPool2d(exercises.MaxPool2d):
    @staticmethod
    def backward(ctx, grad):
        raise todo(ctx)


# %%
print(report([check(MaxPool2d)]))

# %% [markdown]
# ## All of them
#
# The table `python -m demos.exercises` prints, for the backwards in this
# notebook.

# %% tags=["summary"]
# Your class of each name, in the order of `exercises.EXERCISES`.
print(report([check(globals()[exercise.__name__]) for exercise in exercises.EXERCISES]))
