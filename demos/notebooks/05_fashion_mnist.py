# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Fashion-MNIST: a one-hidden-layer network reads clothes
#
# 70,000 pictures of 28x28 grey pixels in ten classes, 60,000 to train on and
# 10,000 to test. A 784-128-10 ReLU network, Adam on mini-batches of 128 for 5
# epochs, reaches about 88% test accuracy; the precision, recall and confusion
# matrix below show which classes it mixes up. `python -m demos.mnist` is the
# same from the command line (with `--preset tutorial` for the tutorial's
# 784-16-10 by full-batch gradient descent).
#
# The data come from `nn.data.default_data_dir` (Debian's
# `dataset-fashion-mnist` package where installed) or are downloaded there,
# checked by SHA-256, on the first run.

# %%
import argparse

import matplotlib.pyplot as plt
import numpy as np

import autograd
import nn
from demos import mnist
from nn.data import DataLoader
from nn.metrics import accuracy

# The demos draw into files; in a notebook the pictures appear below the cells.
# %matplotlib inline

# %% [markdown]
# The settings: those of `python -m demos.mnist`. `LIMIT` trains on the first
# that many images only (None: all 60,000); `DATASET = "mnist"` reads
# handwritten digits instead.

# %% tags=["parameters"]
DATASET = "fashion"  # or "mnist"
DATA_DIR = None  # None: nn.data.default_data_dir(DATASET)
LIMIT = None
EPOCHS = 5
BATCH_SIZE = 128
HIDDEN = 128
LEARNING_RATE = 2e-3
LR_DECAY = 0.5  # the learning rate is multiplied by this after every epoch
SEED = 0

# %% [markdown]
# ## The pictures

# %%
where = argparse.Namespace(dataset=DATASET, data_dir=DATA_DIR, quiet=False)
train_images, train_labels = mnist.load_split(where, train=True)
train_images, train_labels = train_images[:LIMIT], train_labels[:LIMIT]
test_images, test_labels = mnist.load_split(where, train=False)
names = mnist.CLASS_NAMES[DATASET]
print(f"{len(train_images)} training and {len(test_images)} test images of {DATASET}")

figure, panels = plt.subplots(2, 8, figsize=(10, 3))
for image, label, axes in zip(train_images, train_labels, panels.flat):
    axes.imshow(image, cmap="gray_r")
    axes.set_title(names[label], fontsize=8)
    axes.axis("off")

# %% [markdown]
# ## Inputs on one scale
#
# Each pixel has the mean and spread of the training images subtracted and
# divided out, so that every input starts on the same scale and no weight needs
# a much larger step than another. The test images use the training images'
# numbers: the network must not peek at the test set.

# %%
scaling = mnist.input_scaling(train_images, "standardize")
X_train = mnist.prepare(train_images, scaling)
X_test = mnist.prepare(test_images, scaling)
print("training inputs", X_train.shape, X_train.dtype)

# %% [markdown]
# ## Mini-batch training
#
# One epoch is one pass over the training images in shuffled batches; after
# each, the learning rate is halved, so that late steps settle into a minimum
# instead of bouncing around it.

# %%
autograd.manual_seed(SEED)
model = mnist.build_model(HIDDEN, dropout=0.0, batchnorm=False)
print(model)
optimizer = nn.optim.Adam(model.parameters(), lr=LEARNING_RATE)
schedule = nn.optim.lr_scheduler.ExponentialLR(optimizer, gamma=LR_DECAY)
loader = DataLoader(X_train, train_labels, batch_size=BATCH_SIZE)
loss_fn = nn.CrossEntropyLoss()

model.train()
for epoch in range(1, EPOCHS + 1):
    total_loss = 0.0
    for images, labels in loader:
        loss = loss_fn(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels.data)
    schedule.step()
    print(f"epoch {epoch}/{EPOCHS}: mean loss {total_loss / len(X_train):.4f}")

# %% [markdown]
# ## Test accuracy, precision, recall and F1
#
# Precision: of the images the network calls a class, the share that are.
# Recall: of the images of a class, the share it finds. F1 is their harmonic
# mean.

# %%
scores = mnist.predict(model, X_test)
test_accuracy = accuracy(test_labels, scores)
metrics = mnist.class_metrics(test_labels, scores, len(names))
print(f"test accuracy {test_accuracy:.4f}, macro F1 {np.mean(metrics['f1']):.4f}\n")
print(mnist.metrics_table(metrics, names))

# %% [markdown]
# ## The confusion matrix
#
# Rows are the true classes, columns the network's answers: the diagonal is
# right, everything else shows which classes it takes for which (on
# Fashion-MNIST, shirts for T-shirts, pullovers and coats).

# %% tags=["confusion"]
title = f"{DATASET}: test accuracy {test_accuracy:.4f}"
confusion = mnist.plot_confusion(metrics["confusion"], names, title)
