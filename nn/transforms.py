"""Data augmentation: random changes to a batch of images, drawn afresh for every batch.

A transform is a callable `transform(images, rng) -> images` on an ndarray
batch of images (N, H, W) or (N, C, H, W), with `rng` a NumPy Generator; it
returns a new array and leaves its input alone. Each sample gets its own
random draw, all in vectorised NumPy. `Compose` chains transforms, and a
`DataLoader` applies one to every batch it hands out:

    loader = DataLoader(X, y, batch_size=64, seed=0, transform=Compose(
        [RandomShift(2), RandomHorizontalFlip()]))
    for images, labels in loader:     # a new shift and flip for every image, every epoch
        ...

With a seed the sequence of augmented epochs repeats exactly from one run to
the next; with `seed=None` the draws come from `autograd.rng()`, so
`autograd.manual_seed` fixes them. `Augmented(loader, transform)` does the
same from outside, for any loader that yields `(X_batch, y_batch)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from autograd import Tensor, as_tensor, rng

Transform = Callable[[np.ndarray, np.random.Generator], np.ndarray]


def _images(batch: np.ndarray, caller: str) -> np.ndarray:
    if batch.ndim not in (3, 4):
        raise ValueError(
            f"{caller}: expected a batch of images (N, H, W) or (N, C, H, W), got shape "
            f"{batch.shape}"
        )
    return batch


class Compose:
    """Apply transforms one after the other.

    >>> flip = Compose([RandomHorizontalFlip(p=1.0), RandomHorizontalFlip(p=1.0)])
    >>> images = np.arange(4.0).reshape(1, 2, 2)
    >>> bool((flip(images, np.random.default_rng(0)) == images).all())
    True
    """

    def __init__(self, transforms: Iterable[Transform]) -> None:
        self.transforms = list(transforms)

    def __call__(self, batch: np.ndarray, generator: np.random.Generator) -> np.ndarray:
        for transform in self.transforms:
            batch = transform(batch, generator)
        return batch

    def __repr__(self) -> str:
        return f"Compose({self.transforms!r})"


class RandomHorizontalFlip:
    """Mirror each image left to right with probability p.

    >>> RandomHorizontalFlip(p=1.0)(np.array([[[1, 2, 3]]]), np.random.default_rng(0))
    array([[[3, 2, 1]]])
    """

    def __init__(self, p: float = 0.5) -> None:
        if not 0 <= p <= 1:
            raise ValueError(f"RandomHorizontalFlip: p must be a probability, got {p!r}")
        self.p = p

    def __call__(self, batch: np.ndarray, generator: np.random.Generator) -> np.ndarray:
        batch = _images(batch, "RandomHorizontalFlip")
        flip = generator.random(len(batch)) < self.p
        out = batch.copy()
        out[flip] = batch[flip][..., ::-1]
        return out

    def __repr__(self) -> str:
        return f"RandomHorizontalFlip(p={self.p})"


class RandomShift:
    """Move each image by up to `max_shift` pixels up/down and left/right, filling with `fill`.

    The same as a random crop of the image padded by `max_shift` on every
    side (torchvision's `RandomCrop(size, padding=max_shift)`): the shift of
    each image is drawn uniformly from -max_shift..max_shift on each axis.

    >>> image = np.zeros((1, 3, 3)); image[0, 1, 1] = 1
    >>> moved = RandomShift(1)(image, np.random.default_rng(0))
    >>> float(moved.sum()), moved.shape
    (1.0, (1, 3, 3))
    """

    def __init__(self, max_shift: int = 2, fill: float = 0.0) -> None:
        if isinstance(max_shift, bool) or not isinstance(max_shift, int) or max_shift < 0:
            raise ValueError(f"RandomShift: max_shift must be an int >= 0, got {max_shift!r}")
        self.max_shift, self.fill = max_shift, fill

    def __call__(self, batch: np.ndarray, generator: np.random.Generator) -> np.ndarray:
        batch = _images(batch, "RandomShift")
        m = self.max_shift
        if m == 0:
            return batch.copy()
        n, (h, w) = len(batch), batch.shape[-2:]
        padded = np.full((*batch.shape[:-2], h + 2 * m, w + 2 * m), self.fill, dtype=batch.dtype)
        padded[..., m : m + h, m : m + w] = batch
        # Every h x w crop of every padded image, as a view: (N, [C,] 2m+1, 2m+1, h, w).
        crops = sliding_window_view(padded, (h, w), axis=(-2, -1))
        top, left = generator.integers(0, 2 * m + 1, size=(2, n))
        if batch.ndim == 3:
            return crops[np.arange(n), top, left]
        # Advanced indices split by the channel slice put their axis first: (N, C, h, w).
        return crops[np.arange(n), :, top, left]

    def __repr__(self) -> str:
        return f"RandomShift(max_shift={self.max_shift}, fill={self.fill})"


class Normalize:
    """(images - mean) / std, with constants (not random): the usual last step.

    >>> Normalize(2.0, 4.0)(np.array([[[6.0]]]), np.random.default_rng(0))
    array([[[1.]]])
    """

    def __init__(self, mean: Any, std: Any) -> None:
        self.mean, self.std = mean, std

    def __call__(self, batch: np.ndarray, generator: np.random.Generator) -> np.ndarray:
        return (batch - self.mean) / self.std

    def __repr__(self) -> str:
        return f"Normalize(mean={self.mean}, std={self.std})"


class Augmented:
    """A data loader whose image batches pass through `transform`, freshly drawn every batch.

    `loader` is anything that yields `(X_batch, y_batch)`; labels pass
    unchanged (an `nn.data.DataLoader` also takes the transform itself:
    `DataLoader(X, y, batch_size, transform=...)`). `seed` makes the
    augmentation repeat from one run to the next (with a seeded loader, the
    whole sequence of batches does); `seed=None` draws from `autograd.rng()`.

    >>> from nn.data import DataLoader
    >>> X, y = np.arange(8.0).reshape(2, 1, 2, 2), np.array([0, 1])
    >>> loader = Augmented(DataLoader(X, y, 2, shuffle=False), RandomHorizontalFlip(1.0))
    >>> next(iter(loader))[0].data[0, 0]
    array([[1., 0.],
           [3., 2.]])
    """

    def __init__(self, loader: Any, transform: Transform, seed: int | None = None) -> None:
        self.loader, self.transform = loader, transform
        self._own_rng = None if seed is None else np.random.default_rng(seed)

    def __len__(self) -> int:
        """The number of batches in one epoch (the loader's)."""
        return len(self.loader)

    def __iter__(self) -> Iterator[tuple[Tensor, Any]]:
        """One epoch of augmented batches."""
        generator = rng() if self._own_rng is None else self._own_rng
        for images, labels in self.loader:
            array = images.data if isinstance(images, Tensor) else np.asarray(images)
            yield as_tensor(self.transform(array, generator)), labels
