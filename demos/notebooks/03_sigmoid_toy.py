# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The sigmoid toy network
#
# The classic "neural network in a few lines of NumPy": four samples, three
# inputs (the third always 1, standing in for a bias), a 3-4-1 network of
# sigmoids without biases, the sum of squared errors, plain gradient descent.
# The target is "first column XOR second column". The tutorial writes both
# layers' derivatives by hand; here `loss.backward()` finds them.
# `python -m demos.sigmoid_toy` is the same from the command line.

# %%
import numpy as np

import autograd
import nn
from demos import sigmoid_toy

# The demos draw into files; in a notebook the pictures appear below the cells.
# %matplotlib inline

# %% tags=["parameters"]
ITERATIONS = 1500
LEARNING_RATE = 1.0
SEED = 0

# %% [markdown]
# ## The data and the network
#
# The weights start uniform in [-1, 1], as the tutorial's `2 * random - 1`.

# %%
print("inputs  target")
for row, target in zip(sigmoid_toy.INPUTS, sigmoid_toy.TARGETS[:, 0]):
    print(row.astype(int), "  ", int(target))
autograd.manual_seed(SEED)
model = sigmoid_toy.build_model()
print(model)

# %% [markdown]
# ## Gradient descent
#
# `SGD` without momentum is plain gradient descent: each parameter moves by
# `-LEARNING_RATE * .grad`.

# %%
loss_fn = nn.MSELoss(reduction="sum")
optimizer = nn.optim.SGD(model.parameters(), lr=LEARNING_RATE)
losses = []
for _ in range(ITERATIONS):
    loss = loss_fn(model(sigmoid_toy.INPUTS), sigmoid_toy.TARGETS)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
print(f"loss {losses[0]:.3f} -> {losses[-1]:.4f} in {ITERATIONS} iterations")
print("the loss fell at every step:", bool(np.all(np.diff(losses) < 0)))
figure = sigmoid_toy.plot_loss(losses)

# %% [markdown]
# ## What it learnt

# %%
with autograd.no_grad():
    predictions = model(sigmoid_toy.INPUTS).data
print("inputs   target  prediction")
for row, target, prediction in zip(
    sigmoid_toy.INPUTS, sigmoid_toy.TARGETS[:, 0], predictions[:, 0]
):
    print(f"{row.astype(int)}  {target:.0f}       {prediction:.3f}")
