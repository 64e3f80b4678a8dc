# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The spiral classifier
#
# The "neural network from scratch" tutorials build this one by hand: three
# interleaved spiral arms, a dense layer, ReLU, a dense layer, softmax and
# cross-entropy, and a backward pass written for each. Here the engine records
# the forward pass and derives the backward pass itself, so the training loop
# below is the whole of it. `python -m demos.spiral` runs the same network
# from the command line; the pieces used here come from `demos/spiral.py`.

# %%
import numpy as np
from IPython.display import display

import autograd
import nn
from demos import spiral
from nn.data import spiral_data
from nn.metrics import accuracy

# The demos draw into files; in a notebook the pictures appear below the cells.
# %matplotlib inline

# %% [markdown]
# The settings. `EPOCHS` full-batch steps take about 5 seconds on a laptop;
# try `OPTIMIZER = "sgd"` (with momentum) for the tutorial's other optimizer.

# %% tags=["parameters"]
EPOCHS = 10_000
OPTIMIZER = "adam"  # or "sgd"
SEED = 0

# %% [markdown]
# ## The data
#
# 100 points per class, each arm a noisy spiral from the centre outwards. The
# untrained network's decision regions are drawn behind them: with random
# weights they are nothing like the arms.

# %%
autograd.manual_seed(SEED)  # the same weights and points on every run
X, y = spiral_data(spiral.POINTS_PER_CLASS, spiral.CLASSES, seed=SEED)
print("inputs", X.shape, X.dtype, "labels", y.shape, "per class", np.bincount(y))
model = spiral.build_model()
print(model)
untrained = spiral.plot_boundary(model, X, y)

# %% [markdown]
# ## Training
#
# Each step: the forward pass (`model(X)`) and the loss are recorded,
# `backward()` fills every parameter's `.grad`, and the optimizer moves the
# parameters against it. The learning rate decays as `lr / (1 + decay * epoch)`:
# big steps early to find the arms, small ones late to settle.

# %%
settings = spiral.SETTINGS[OPTIMIZER]
optimizer = spiral.build_optimizer(OPTIMIZER, model, settings["lr"])
schedule = nn.optim.lr_scheduler.LambdaLR(
    optimizer, lambda epoch: 1 / (1 + settings["decay"] * epoch)
)
loss_fn = nn.CrossEntropyLoss()
history = {"loss": [], "accuracy": []}
for epoch in range(EPOCHS):
    logits = model(X)
    loss = loss_fn(logits, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    schedule.step()
    history["loss"].append(loss.item())
    history["accuracy"].append(accuracy(y, logits.data))
    if epoch % (EPOCHS // 10 or 1) == 0:
        print(f"epoch {epoch:5d}: loss {loss.item():.4f}, accuracy {history['accuracy'][-1]:.3f}")
curves = spiral.plot_history(history)

# %% [markdown]
# ## The decision boundary
#
# Every point of the plane coloured by the class the trained network gives it.

# %% tags=["boundary"]
boundary = spiral.plot_boundary(model, X, y)

# %% [markdown]
# ## How well, on points it never saw
#
# The noise makes about one point in eleven ambiguous: even a classifier that
# knows exactly how the points were drawn scores about 0.91 on a freshly drawn
# spiral. A training accuracy well above that means the network has also learnt
# the noise of its 300 points.

# %%
fresh_X, fresh_y = spiral_data(spiral.FRESH_POINTS_PER_CLASS, spiral.CLASSES, seed=SEED + 1)
print(f"training accuracy     {accuracy(y, spiral.predict(model, X)):.3f}")
print(f"fresh-spiral accuracy {accuracy(fresh_y, spiral.predict(model, fresh_X)):.3f}")

# %% [markdown]
# ## The graph of one training step
#
# The loss of the last forward pass, with each layer framed by its module and
# coloured by the size of its gradient (needs Graphviz).

# %%
display(
    autograd.draw_graph(loss_fn(model(X), y), show_grad=True, params=dict(model.named_parameters()))
)
