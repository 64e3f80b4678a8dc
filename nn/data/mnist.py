"""MNIST and Fashion-MNIST: where to get them, where they are kept, how to read them.

>>> sorted(SOURCES)
['fashion', 'mnist']
"""

from __future__ import annotations

import hashlib
import os
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .idx import load_idx


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
