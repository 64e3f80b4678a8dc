"""Data to learn from: toy sets, MNIST-style IDX files, and mini-batches.

- `spiral_data`, `xor_data`: the small problems of the tutorials.
- `load_idx`, `load_mnist`: read the IDX files MNIST and Fashion-MNIST ship in.
- `download_mnist`, `default_data_dir`: fetch those files once, checked by SHA-256.
- `DataLoader`: shuffled mini-batches of `(X, y)` as Tensors.

>>> X, y = spiral_data(samples=100, classes=3, seed=0)
>>> X.shape, y.shape
((300, 2), (300,))
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import sys
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from autograd import Tensor, as_tensor, rng

# ------------------------------------------------------------------ toy problems


def _generator(seed: int | None) -> np.random.Generator:
    """Its own generator for an int seed, else the library's (so `manual_seed` governs it)."""
    return rng() if seed is None else np.random.default_rng(seed)


def _require_count(caller: str, name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{caller}: {name} must be a positive integer, got {value!r}")
    return int(value)


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
    samples = _require_count("spiral_data", "samples", samples)
    classes = _require_count("spiral_data", "classes", classes)
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


# ------------------------------------------------------------------ IDX files

# The IDX format (as used by MNIST): two zero bytes, a type code, the number of
# dimensions, then one big-endian uint32 per dimension, then the elements in
# C order, big-endian.
_IDX_TYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"


def _read_maybe_gzipped(path: Path) -> bytes:
    """The file's bytes, decompressed when they start like gzip (whatever the suffix)."""
    raw = path.read_bytes()
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as error:
        raise ValueError(
            f"load_idx: {path} starts like a gzip file but cannot be decompressed "
            f"({error}); it is probably truncated or corrupt: fetch it again"
        ) from None


def load_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file (raw or gzip-compressed) into an array of the file's dtype.

    Every IDX element type is understood: ubyte, sbyte, int16, int32, float32 and
    float64. The result has the file's shape and dtype in native byte order
    (uint8 for MNIST images and labels). The header, the dimensions and the data
    length are checked; anything truncated, too long, of unknown type or not an
    IDX file at all raises a ValueError naming the file. Nothing is executed.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny-idx2-ubyte"
    >>> _ = path.write_bytes(bytes([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3]) + bytes(range(6)))
    >>> load_idx(path)
    array([[0, 1, 2],
           [3, 4, 5]], dtype=uint8)
    """
    path = Path(path)
    data = _read_maybe_gzipped(path)
    if len(data) < 4 or data[:2] != b"\0\0":
        raise ValueError(
            f"load_idx: {path} is not an IDX file: it starts with bytes {data[:4].hex(' ')!r}, "
            f"but an IDX file starts with two zero bytes, a type code and the number of dimensions"
        )
    type_code, ndim = data[2], data[3]
    if type_code not in _IDX_TYPES:
        known = ", ".join(f"0x{code:02X}" for code in _IDX_TYPES)
        raise ValueError(
            f"load_idx: {path} has unknown IDX element type 0x{type_code:02X} (known: {known})"
        )
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise ValueError(
            f"load_idx: {path} is truncated: its header announces {ndim} dimensions "
            f"({header_size} header bytes) but the file holds only {len(data)} bytes"
        )
    shape = tuple(int(size) for size in np.frombuffer(data, ">u4", count=ndim, offset=4))
    dtype = _IDX_TYPES[type_code]
    expected = math.prod(shape) * dtype.itemsize
    actual = len(data) - header_size
    if actual != expected:
        problem = "truncated" if actual < expected else "too long"
        raise ValueError(
            f"load_idx: {path} is {problem}: shape {shape} of {dtype.newbyteorder('=')} needs "
            f"{expected} data bytes after the {header_size}-byte header, the file has {actual}"
        )
    array = np.frombuffer(data, dtype, offset=header_size).reshape(shape)
    return array.astype(dtype.newbyteorder("="))


# ------------------------------------------------------------------ MNIST


@dataclass(frozen=True)
class DatasetSource:
    """Where `download_mnist` fetches a dataset from and which files it accepts.

    `sha256` maps each file name to the SHA-256 digests accepted for it: the
    published digest of the file the mirrors serve, plus any other known-good
    packaging of the same data (the Debian package re-compresses Fashion-MNIST).

    >>> SOURCES["fashion"].title
    'Fashion-MNIST'
    """

    title: str
    mirrors: tuple[str, ...]
    sha256: dict[str, tuple[str, ...]]


_FASHION_SYSTEM_DIR = Path("/usr/share/datasets/fashion-mnist")
_FASHION_APT_HINT = (
    "for Fashion-MNIST on Debian/Ubuntu, `apt-get install dataset-fashion-mnist` "
    f"installs the four files in {_FASHION_SYSTEM_DIR}"
)

# Each dataset's mirrors and accepted digests; `download_mnist` trusts nothing else.
SOURCES = {
    "mnist": DatasetSource(
        title="MNIST",
        mirrors=(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            "http://yann.lecun.com/exdb/mnist/",
        ),
        # As published with TensorFlow Datasets' URL checksums and Haskell TensorFlow's
        # MNIST downloader; the same bytes are on every mirror above.
        sha256={
            "train-images-idx3-ubyte.gz": (
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            ),
            "train-labels-idx1-ubyte.gz": (
                "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            ),
            "t10k-images-idx3-ubyte.gz": (
                "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            ),
            "t10k-labels-idx1-ubyte.gz": (
                "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
            ),
        },
    ),
    "fashion": DatasetSource(
        title="Fashion-MNIST",
        mirrors=(
            "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/",
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        ),
        # First digest: the upstream files, as published with TensorFlow Datasets' URL
        # checksums and batchup. Second: Debian's dataset-fashion-mnist, whose gzip headers
        # differ (no file name, another time stamp) around the same compressed data.
        sha256={
            "train-images-idx3-ubyte.gz": (
                "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            ),
            "train-labels-idx1-ubyte.gz": (
                "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            ),
            "t10k-images-idx3-ubyte.gz": (
                "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            ),
            "t10k-labels-idx1-ubyte.gz": (
                "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
            ),
        },
    ),
}


def _source(caller: str, dataset: str) -> DatasetSource:
    if dataset not in SOURCES:
        raise ValueError(f"{caller}: unknown dataset {dataset!r}; choose one of {list(SOURCES)}")
    return SOURCES[dataset]


def default_data_dir(dataset: str = "mnist") -> Path:
    """The directory the demos keep `dataset` ("mnist" or "fashion") in.

    Fashion-MNIST installed by the Debian package is used where it is
    (/usr/share/datasets/fashion-mnist); otherwise the per-user cache
    `$XDG_CACHE_HOME/scratchgrad/<dataset>` (`~/.cache/...` when unset), which
    `download_mnist` fills. The directory is not created here.

    >>> default_data_dir("mnist").name
    'mnist'
    """
    source = _source("default_data_dir", dataset)
    if dataset == "fashion" and all(
        (_FASHION_SYSTEM_DIR / name).is_file() for name in source.sha256
    ):
        return _FASHION_SYSTEM_DIR
    cache = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says to ignore a relative path here.
    base = Path(cache) if os.path.isabs(cache) else Path.home() / ".cache"
    return base / "scratchgrad" / dataset


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fetch(url: str, destination: Path) -> None:
    """Stream `url` into `destination`; network failures surface as OSError."""
    with urllib.request.urlopen(url, timeout=30) as response, destination.open("wb") as out:
        for block in iter(lambda: response.read(1 << 20), b""):
            out.write(block)


def _download_verified(name: str, source: DatasetSource, root: Path) -> list[str]:
    """Fetch `name` from the first mirror that answers; returns why each mirror failed."""
    target = root / name
    partial = root / (name + ".part")
    failures = []
    for mirror in source.mirrors:
        url = mirror + name
        print(f"download_mnist: fetching {url}", file=sys.stderr)
        try:
            _fetch(url, partial)
        except OSError as error:  # URLError, timeouts and refused connections are OSErrors
            partial.unlink(missing_ok=True)
            failures.append(f"{url}: {getattr(error, 'reason', error)}")
            continue
        digest = _file_sha256(partial)
        if digest not in source.sha256[name]:
            partial.unlink()
            raise ValueError(
                f"download_mnist: {url} sent a file whose SHA-256 is {digest}, but the known "
                f"good {name} has {' or '.join(source.sha256[name])}. The bad file was deleted; "
                f"try again later, or put the real {name} into {root} yourself"
            )
        partial.replace(target)
        return []
    return failures


def download_mnist(root: str | os.PathLike, dataset: str = "mnist") -> Path:
    """Download the four IDX files of MNIST or Fashion-MNIST into `root`, checked by SHA-256.

    `dataset` is "mnist" or "fashion". Files already in `root` whose SHA-256 is
    known good are kept; the others are fetched from the first mirror that
    answers (see `SOURCES`). A file whose SHA-256 does not match is deleted and
    a ValueError raised; without a network a ConnectionError says which files
    to put where. Returns `root`, ready for `load_mnist(root)`.

    >>> root = download_mnist(default_data_dir("fashion"), "fashion")  # doctest: +SKIP
    >>> images, labels = load_mnist(root)  # doctest: +SKIP
    """
    source = _source("download_mnist", dataset)
    root = Path(root)
    created = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    missing = [
        name
        for name, good in source.sha256.items()
        if not (root / name).is_file() or _file_sha256(root / name) not in good
    ]
    for position, name in enumerate(missing):
        failures = _download_verified(name, source, root)
        if failures:
            # Stop at the first file no mirror gives: offline, each further try only waits.
            if created and not any(root.iterdir()):
                root.rmdir()  # leave no empty folder behind a failed first download
            tried = "\n".join(f"  {failure}" for failure in failures)
            hint = f"; {_FASHION_APT_HINT}" if dataset == "fashion" else ""
            raise ConnectionError(
                f"download_mnist: could not download {name} of {source.title} (no network?). "
                f"Tried:\n{tried}\nPut the files {', '.join(missing[position:])} into {root} "
                f"by hand{hint}"
            )
    return root


def _find_idx(root: Path, name: str) -> Path | None:
    for candidate in (root / name, root / (name + ".gz")):
        if candidate.is_file():
            return candidate
    return None


def load_mnist(root: str | os.PathLike, train: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Images (uint8, (N, 28, 28)) and labels (int64, (N,)) of MNIST or Fashion-MNIST.

    Reads the standard file names from `root`, gzip-compressed or not:
    train-images-idx3-ubyte / train-labels-idx1-ubyte for `train=True`, the
    t10k-... pair (the 10,000 test images) otherwise. Both datasets share
    these names and format. Checks that the images are 28x28 and that images
    and labels agree in number; a missing file gives an error saying how to get it.

    >>> images, labels = load_mnist(default_data_dir("fashion"))  # doctest: +SKIP
    >>> images.shape, labels.shape  # doctest: +SKIP
    ((60000, 28, 28), (60000,))
    """
    root = Path(root)
    split = "train" if train else "t10k"
    names = (f"{split}-images-idx3-ubyte", f"{split}-labels-idx1-ubyte")
    found = [_find_idx(root, name) for name in names]
    if None in found:
        looked_for = ", ".join(f"{name}[.gz]" for name, path in zip(names, found) if path is None)
        raise FileNotFoundError(
            f"load_mnist: {looked_for} not found in {root}. Get MNIST with "
            f"nn.data.download_mnist({str(root)!r}) or Fashion-MNIST with "
            f"nn.data.download_mnist({str(root)!r}, dataset='fashion'); {_FASHION_APT_HINT}"
        )
    images_path, labels_path = found
    images, labels = load_idx(images_path), load_idx(labels_path)
    if images.ndim != 3 or images.shape[1:] != (28, 28) or images.dtype != np.uint8:
        raise ValueError(
            f"load_mnist: {images_path} should hold uint8 images of shape (N, 28, 28), "
            f"it holds {images.dtype} of shape {images.shape}"
        )
    if labels.ndim != 1 or len(labels) != len(images):
        raise ValueError(
            f"load_mnist: {labels_path} should hold one label per image ({len(images)}), "
            f"it holds shape {labels.shape}"
        )
    return images, labels.astype(np.int64)


# ------------------------------------------------------------------ mini-batches


def _as_ndarray(values: Any) -> np.ndarray:
    return values.data if isinstance(values, Tensor) else np.asarray(values)


class DataLoader:
    """Mini-batches `(X_batch, y_batch)` of Tensors, each sample once per epoch.

    Iterating gives one epoch; with `shuffle` every epoch has a new order. The
    last, shorter batch is kept unless `drop_last`. `seed` makes the sequence of
    epochs repeat from one loader to the next; `seed=None` draws from
    `autograd.rng()`, so `autograd.manual_seed` does. X and y may be ndarrays,
    Tensors or lists with the same first dimension.

    >>> loader = DataLoader(np.arange(10.0), np.arange(10), batch_size=4, shuffle=False)
    >>> len(loader), [xb.shape for xb, yb in loader]
    (3, [(4,), (4,), (2,)])
    """

    def __init__(
        self,
        X: Any,
        y: Any,
        batch_size: int,
        shuffle: bool = True,
        seed: int | None = None,
        drop_last: bool = False,
    ) -> None:
        self.X, self.y = _as_ndarray(X), _as_ndarray(y)
        if self.X.ndim == 0 or self.y.ndim == 0 or len(self.X) != len(self.y):
            raise ValueError(
                f"DataLoader: X and y need one entry per sample, got X of shape {self.X.shape} "
                f"and y of shape {self.y.shape}"
            )
        self.batch_size = _require_count("DataLoader", "batch_size", batch_size)
        self.shuffle = shuffle
        self.drop_last = drop_last
        self._own_rng = None if seed is None else np.random.default_rng(seed)

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
            yield as_tensor(self.X[index]), as_tensor(self.y[index])
