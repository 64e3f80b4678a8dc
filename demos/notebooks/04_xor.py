# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # XOR with three optimizers
#
# XOR is the smallest problem no straight line can solve: (0,1) and (1,0) are
# class 1, (0,0) and (1,1) class 0. A hidden layer of two sigmoid units is just
# enough. Two networks, 2-2-1 and 2-4-1, are each trained from the same starting
# weights by SGD, RMSprop and Adam, with binary cross-entropy, full batch.
# `python -m demos.xor` is the same from the command line.

# %%
import numpy as np

from demos import xor
from nn.data import xor_data

# The demos draw into files; in a notebook the pictures appear below the cells.
# %matplotlib inline

# %% tags=["parameters"]
STEPS = 2000
SEED = 0

# %% [markdown]
# ## The data and the optimizers
#
# The learning rates are the demo's: SGD 2.0, RMSprop 0.02, Adam 0.05.

# %%
X, y = xor_data()
print("inputs", X.astype(int).tolist(), "targets", y[:, 0].astype(int).tolist())
print("optimizers:", ", ".join(xor.OPTIMIZERS), "; hidden units:", xor.HIDDEN_SIZES)

# %% [markdown]
# ## Six runs
#
# `xor.one_run` seeds before each run with SEED, so every optimizer starts
# from the same weights and the curves differ only by the optimizer.

# %%
runs = {}
for hidden in xor.HIDDEN_SIZES:
    for name in xor.OPTIMIZERS:
        run = runs[f"2-{hidden}-1 {name}"] = xor.one_run(hidden, name, STEPS, SEED)
        verdict = "solved" if run["solved"] else "stuck"
        print(f"2-{hidden}-1 {name:8} outputs {np.round(run['outputs'], 3)}  {verdict}")
figure = xor.plot_losses(runs)

# %% [markdown]
# The 2-2-1 network has no spare capacity: from other starting weights (try
# `SEED = 1`, 4 or 6) RMSprop and Adam can stall on a plateau where one or two
# of the four points stay wrong, the classic trap of this problem. Spare hidden
# units give the optimizer more ways out.
