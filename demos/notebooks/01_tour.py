# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A tour of scratchgrad
#
# A `Tensor` records every operation applied to it; `backward()` walks that
# record in reverse and leaves a gradient in `.grad` of every tensor that asked
# for one. This notebook shows the record itself: drawn with its values and
# gradients, summed back where NumPy broadcast, switched off with `no_grad`,
# and extended with an operation of your own that `gradcheck` judges.
#
# Run the cells in order (Shift-Enter). Drawing graphs needs the Graphviz
# program `dot` (`apt-get install graphviz`, `brew install graphviz` or
# `conda install graphviz`).

# %%
import numpy as np
from IPython.display import display

import autograd
from autograd import Function, GradcheckError, Tensor, gradcheck, no_grad
from demos import graph

# %% [markdown]
# ## A tensor and its gradient
#
# `y = x1² + x2² + x3²`, so `dy/dx = 2x`. `requires_grad=True` asks the engine
# to record what is computed from `x`; `backward()` fills `x.grad`.

# %%
x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x**2).sum()
y.backward()
print(y)
print(x.grad)

# %% [markdown]
# ## The graph, drawn with values and gradients
#
# One neuron, `o = tanh(x1*w1 + x2*w2 + b)`, with the numbers of the micrograd
# walkthrough (`demos/graph.py` builds it and names every intermediate result).
# Ellipses are operations, boxes are tensors; double borders mark the leaves
# that require grad, and the colour is the size of the gradient.

# %% tags=["graph"]
output, leaves = graph.neuron()
output.backward()
display(autograd.draw_graph(output, show_data=True, show_grad=True))

# %% [markdown]
# The same graph as a tree, for a terminal. Check one gradient by hand:
# `do/dw1 = (1 - o²) · x1`, the derivative of tanh times what `w1` was
# multiplied by.

# %%
autograd.print_graph(output, show_data=True, show_grad=True)
slope = 1 - output.item() ** 2  # d tanh(n) / dn
print(f"do/dw1 by hand {slope * leaves['x1'].item():.4f}, by backward {leaves['w1'].grad:.4f}")

# %% [markdown]
# ## Watching backward run
#
# `step_through` replays one real backward pass, one operation at a time: the
# gradient that arrives, the gradients it sends, and the moment two gradients
# meet at a tensor used more than once and are added. Here `b` is used three
# times, so three gradients add up to its own before `a` gets `3 · dc/db`. Step
# with the buttons, the slider or the arrow keys.

# %% tags=["steps"]
a = Tensor(2.0, requires_grad=True, name="a")
b = a * 3.0
c = b * b + b  # dc/db = 2b + 1 = 13, dc/da = 3 · 13 = 39
steps = autograd.viz.step_through(c)
print(steps)
display(steps)

# %% [markdown]
# ## Broadcasting, and the gradient summed back
#
# Adding a bias of shape `(4,)` to a `(3, 4)` array uses each bias element in
# all three rows, so its gradient is the sum of the three rows' gradients. The
# engine does that sum in one place for every operation, and the drawing labels
# the edge where it happened.

# %%
weights = Tensor(np.ones((3, 4)), requires_grad=True)
weights.name = "weights"
bias = Tensor(np.zeros(4), requires_grad=True)
bias.name = "bias"
total = (weights * 2 + bias).sum()
total.backward()
print("bias.grad:", bias.grad)
display(autograd.draw_graph(total, show_grad=True))

# %% [markdown]
# ## `no_grad`: computing without recording
#
# Evaluation and hand-written parameter updates need no graph. Under
# `no_grad()` nothing is recorded, and an in-place update of a parameter is
# allowed: this is one step of gradient descent on `x` from the first cell.

# %%
with no_grad():
    doubled = x * 2
    x -= 0.1 * x.grad
print("recorded:", doubled.requires_grad)
print("x after one step:", x)
x.zero_grad()

# %% [markdown]
# ## An operation of your own, checked by `gradcheck`
#
# Every operation of the engine is a `Function`: `forward` on NumPy arrays,
# `backward` from the gradient of the output to one gradient per input. A
# learner's `Function` goes through the same machinery. `gradcheck` compares
# its backward with central differences in float64.


# %%
class Cube(Function):
    @staticmethod
    def forward(ctx, x):  # ndarrays in, ndarray out
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad):  # one gradient per forward input
        (x,) = ctx.saved
        return 3 * x**2 * grad


inputs = Tensor(np.random.default_rng(0).normal(size=(3, 4)), requires_grad=True)
print("gradcheck:", gradcheck(Cube.apply, inputs))

# %% [markdown]
# A planted mistake: this backward forgets to multiply by the incoming
# gradient, the chain rule's outer factor. It is right only where that
# gradient happens to be 1. `gradcheck` names the input and the worst element,
# gives both values and, where it recognises the pattern, a hint.


# %% tags=["gradcheck"]
class ForgetfulCube(Cube):
    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved
        return 3 * x**2  # missing: * grad


try:
    gradcheck(ForgetfulCube.apply, inputs)
except GradcheckError as error:
    print(error)

# %% [markdown]
# ## Where next
#
# - `02_spiral`, `03_sigmoid_toy`, `04_xor`, `05_fashion_mnist`: the networks
#   of the "from scratch" tutorials, trained with these gradients.
# - `06_cnn`: a convolutional network on Fashion-MNIST, with augmentation,
#   its learned filters, its feature maps of one picture and its confusion
#   matrix.
# - `exercises`: write the backward of 13 operations yourself, each checked
#   like `ForgetfulCube` above.
