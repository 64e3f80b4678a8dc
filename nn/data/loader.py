"""Mini-batches: `DataLoader` cuts `(X, y)` into shuffled batches of Tensors.

>>> import numpy as np
>>> [yb.data.tolist() for _, yb in DataLoader(np.zeros(5), np.arange(5), 2, shuffle=False)]
[[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from autograd import Tensor, as_array, as_tensor, rng

from .._arguments import require_count

# A callable (X_batch, generator) -> X_batch, as in nn.transforms.
Transform = Callable[[np.ndarray, np.random.Generator], Any]


class DataLoader:
    """Mini-batches `(X_batch, y_batch)` of Tensors, each sample once per epoch.

    Iterating gives one epoch; with `shuffle` every epoch has a new order. The
    last, shorter batch is kept unless `drop_last`. `seed` makes the sequence of
    epochs repeat from one loader to the next; `seed=None` draws from
    `autograd.rng()`, so `autograd.manual_seed` does. X and y may be ndarrays,
    Tensors or lists with the same first dimension.

    `transform(X_batch, generator) -> X_batch` (an `nn.transforms` callable,
    e.g. random shifts and flips) changes every X batch with a fresh draw;
    labels pass unchanged. With a seed its draws repeat too, from a stream
    of their own, so the order of the samples is the same with or without it.

    >>> loader = DataLoader(np.arange(10.0), np.arange(10), batch_size=4, shuffle=False)
    >>> len(loader), [xb.shape for xb, yb in loader]
    (3, [(4,), (4,), (2,)])
    >>> from nn.transforms import RandomHorizontalFlip
    >>> images = np.arange(8.0).reshape(2, 1, 2, 2)
    >>> mirrored = DataLoader(images, [0, 1], 2, seed=0, transform=RandomHorizontalFlip(1.0))
    >>> next(iter(mirrored))[0].data[0, 0]
    array([[1., 0.],
           [3., 2.]])
    """

    def __init__(
        self,
        X: Any,
        y: Any,
        batch_size: int,
        shuffle: bool = True,
        seed: int | None = None,
        drop_last: bool = False,
        transform: Transform | None = None,
    ) -> None:
        self.X, self.y = as_array(X), as_array(y)
        if self.X.ndim == 0 or self.y.ndim == 0 or len(self.X) != len(self.y):
            raise ValueError(
                f"DataLoader: X and y need one entry per sample, got X of shape {self.X.shape} "
                f"and y of shape {self.y.shape}"
            )
        self.batch_size = require_count("DataLoader", "batch_size", batch_size)
        self.shuffle = shuffle
        self.drop_last = drop_last
        if transform is not None and not callable(transform):
            raise TypeError(
                f"DataLoader: transform must be a callable (X_batch, generator) -> X_batch, "
                f"got {transform!r}"
            )
        self.transform = transform
        self._own_rng = None if seed is None else np.random.default_rng(seed)
        # The transform's own stream: adding one leaves the order of the samples as it was.
        spawned = None if seed is None else np.random.SeedSequence(seed).spawn(1)[0]
        self._transform_rng = None if spawned is None else np.random.default_rng(spawned)

    def __len__(self) -> int:
        """The number of batches in one epoch."""
        full, rest = divmod(len(self.X), self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def __iter__(self) -> Iterator[tuple[Tensor, Tensor]]:
        """One epoch of batches (a fresh shuffle each time it is called)."""
        count = len(self.X)
        generator = rng() if self._own_rng is None else self._own_rng
        order = generator.permutation(count) if self.shuffle else None
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            rows = slice(start, start + self.batch_size)
            # One fancy-index per batch instead of permuting the whole data set each epoch.
            index = rows if order is None else order[rows]
            # Fancy indexing already copied the rows: wrap them without copying again.
            X_batch = self.X[index]
            if self.transform is not None:
                X_batch = self._transformed(X_batch)
            yield as_tensor(X_batch), as_tensor(self.y[index])

    def _transformed(self, X_batch: np.ndarray) -> np.ndarray:
        generator = rng() if self._transform_rng is None else self._transform_rng
        out = self.transform(X_batch, generator)  # type: ignore[misc]
        out = out.data if isinstance(out, Tensor) else np.asarray(out)
        if out.ndim == 0 or len(out) != len(X_batch):
            raise ValueError(
                f"DataLoader: transform {self.transform!r} returned shape {out.shape} for a batch "
                f"of shape {X_batch.shape}; it must keep one entry per sample"
            )
        return out
