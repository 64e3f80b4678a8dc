"""The small problems of the tutorials: interleaved spirals and XOR.

>>> X, y = spiral_data(samples=100, classes=3, seed=0)
>>> X.shape, y.shape
((300, 2), (300,))
"""

from __future__ import annotations

import numpy as np

from autograd import rng

from .._arguments import require_count


def _generator(seed: int | None) -> np.random.Generator:
    """Its own generator for an int seed, else the library's (so `manual_seed` governs it)."""
    return rng() if seed is None else np.random.default_rng(seed)


def spiral_data(
    samples: int, classes: int, seed: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class: `samples` 2-D points per class.

    Class j has radius r = linspace(0, 1, samples) and angle
    t = linspace(4j, 4(j+1), samples) + 0.2 * noise, at (r sin 2.5t, r cos 2.5t).
    No straight line separates the arms, so a linear model fails and a small
    MLP succeeds. `seed=None` draws the noise from `autograd.rng()`, so
    `autograd.manual_seed` makes it repeatable; an int seed uses its own generator.

    Returns X (float32, shape (samples*classes, 2)) and y (int64 labels 0..classes-1).

    >>> X, y = spiral_data(samples=50, classes=2, seed=1)
    >>> X.dtype, y.dtype, X.shape, int(y.sum())
    (dtype('float32'), dtype('int64'), (100, 2), 50)
    """
    samples = require_count("spiral_data", "samples", samples)
    classes = require_count("spiral_data", "classes", classes)
    radius = np.linspace(0.0, 1.0, samples)
    # One row per class: row j runs from 4j to 4(j+1), so arms start at different angles.
    angle = np.linspace(4.0 * np.arange(classes), 4.0 * np.arange(1, classes + 1), samples, axis=1)
    angle = angle + 0.2 * _generator(seed).standard_normal((classes, samples))
    points = np.stack([radius * np.sin(2.5 * angle), radius * np.cos(2.5 * angle)], axis=-1)
    X = points.reshape(samples * classes, 2).astype(np.float32)
    y = np.repeat(np.arange(classes, dtype=np.int64), samples)
    return X, y


def xor_data() -> tuple[np.ndarray, np.ndarray]:
    """The four XOR points and their targets, the smallest non-linear problem.

    X holds the corners of the unit square (float32, shape (4, 2)); the target
    is 1 where exactly one coordinate is 1 (float32 column, shape (4, 1), ready
    for `BCELoss` against a sigmoid output).

    >>> X, y = xor_data()
    >>> X.tolist(), y.ravel().tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0, 0.0])
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = (X[:, :1] != X[:, 1:]).astype(np.float32)
    return X, y
