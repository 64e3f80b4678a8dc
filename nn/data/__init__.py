"""Data to learn from: toy sets, MNIST-style IDX files, and mini-batches.

- `spiral_data`, `xor_data` (toy.py): the small problems of the tutorials.
- `load_idx` (idx.py): read the IDX files MNIST and Fashion-MNIST ship in.
- `load_mnist`, `download_mnist`, `default_data_dir`, `SOURCES` (mnist.py): find,
  fetch once (checked by SHA-256) and read MNIST and Fashion-MNIST.
- `DataLoader` (loader.py): shuffled mini-batches of `(X, y)` as Tensors.

>>> X, y = spiral_data(samples=100, classes=3, seed=0)
>>> X.shape, y.shape
((300, 2), (300,))
"""

from .idx import load_idx
from .loader import DataLoader
from .mnist import SOURCES, DatasetSource, default_data_dir, download_mnist, load_mnist
from .toy import spiral_data, xor_data

__all__ = [
    "SOURCES",
    "DataLoader",
    "DatasetSource",
    "default_data_dir",
    "download_mnist",
    "load_idx",
    "load_mnist",
    "spiral_data",
    "xor_data",
]
