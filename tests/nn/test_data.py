"""nn.data: toy sets, IDX parsing, MNIST loading and download checks, DataLoader."""

from __future__ import annotations

import dataclasses
import doctest
import hashlib
import importlib
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Tensor, manual_seed
from nn import data

from .idx_files import idx_bytes, sample_array, write

DATA_MODULES = ["idx", "loader", "mnist", "toy"]
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
MNIST_NAMES = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
]

# ------------------------------------------------------------------ toy sets


@pytest.mark.parametrize("samples, classes", [(1, 1), (7, 2), (100, 3)])
def test_spiral_shapes_dtypes_and_label_counts(samples, classes):
    X, y = data.spiral_data(samples, classes, seed=0)
    assert X.shape == (samples * classes, 2) and X.dtype == np.float32
    assert y.shape == (samples * classes,) and y.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(y, minlength=classes), [samples] * classes)


def test_spiral_radius_runs_from_0_to_1_in_every_class():
    samples, classes = 50, 3
    X, _ = data.spiral_data(samples, classes, seed=1)
    radius = np.hypot(X[:, 0], X[:, 1]).reshape(classes, samples)
    for arm in radius:
        np.testing.assert_allclose(arm, np.linspace(0, 1, samples), atol=1e-6)


def test_spiral_angles_scatter_around_the_arm_with_the_documented_noise():
    samples, classes = 3000, 2
    X, _ = data.spiral_data(samples, classes, seed=2)
    # Point angle atan2(x, y) is 2.5 t; t is the arm's linspace plus 0.2 N(0, 1) noise.
    angle = np.arctan2(X[:, 0], X[:, 1]).reshape(classes, samples)[:, 1:]
    arm = np.stack([np.linspace(4 * j, 4 * (j + 1), samples) for j in range(classes)])[:, 1:]
    residual = np.angle(np.exp(1j * (angle - 2.5 * arm)))  # wrapped to (-pi, pi]
    assert abs(residual.mean()) < 0.03
    assert abs(residual.std() - 2.5 * 0.2) < 0.03


def test_spiral_seed_repeats_and_differs():
    a, b, c = (data.spiral_data(20, 3, seed=s)[0] for s in (5, 5, 6))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_spiral_without_seed_follows_manual_seed():
    manual_seed(11)
    first = data.spiral_data(20, 3)[0]
    following = data.spiral_data(20, 3)[0]
    manual_seed(11)
    np.testing.assert_array_equal(data.spiral_data(20, 3)[0], first)
    assert not np.array_equal(first, following)


@pytest.mark.parametrize("samples, classes", [(0, 3), (10, -1), (2.5, 3), (True, 3)])
def test_spiral_rejects_bad_counts(samples, classes):
    with pytest.raises(ValueError, match=r"spiral_data: .* must be a positive integer"):
        data.spiral_data(samples, classes)


def test_xor_targets_are_the_exclusive_or_of_the_inputs():
    X, y = data.xor_data()
    assert X.dtype == y.dtype == np.float32 and X.shape == (4, 2) and y.shape == (4, 1)
    assert {tuple(row) for row in X.tolist()} == {(0, 0), (0, 1), (1, 0), (1, 1)}
    np.testing.assert_array_equal(y[:, 0], np.logical_xor(X[:, 0], X[:, 1]))


# ------------------------------------------------------------------ load_mnist


def fake_mnist(root: Path, count: int, split: str, compress: bool, seed: int = 0):
    """Write a tiny MNIST-like split; return its images and labels."""
    images = sample_array(np.uint8, (count, 28, 28), seed)
    labels = np.random.default_rng(seed).integers(0, 10, count).astype(np.uint8)
    suffix = ".gz" if compress else ""
    write(root / f"{split}-images-idx3-ubyte{suffix}", idx_bytes(images), compress)
    write(root / f"{split}-labels-idx1-ubyte{suffix}", idx_bytes(labels), compress)
    return images, labels


@pytest.mark.parametrize("compress", [False, True], ids=["raw names", ".gz names"])
def test_load_mnist_reads_both_splits_and_both_namings(tmp_path, compress):
    train = fake_mnist(tmp_path, 7, "train", compress, seed=1)
    test = fake_mnist(tmp_path, 3, "t10k", compress, seed=2)
    for train_flag, (images, labels) in [(True, train), (False, test)]:
        loaded_images, loaded_labels = data.load_mnist(tmp_path, train=train_flag)
        assert loaded_images.dtype == np.uint8 and loaded_labels.dtype == np.int64
        np.testing.assert_array_equal(loaded_images, images)
        np.testing.assert_array_equal(loaded_labels, labels)


def test_load_mnist_missing_files_say_where_and_how_to_get_them(tmp_path):
    write(tmp_path / "train-images-idx3-ubyte", idx_bytes(np.zeros((1, 28, 28), np.uint8)))
    with pytest.raises(FileNotFoundError) as caught:
        data.load_mnist(tmp_path)
    message = str(caught.value)
    assert "train-labels-idx1-ubyte" in message and "train-images" not in message
    assert str(tmp_path) in message and "download_mnist" in message
    assert "apt-get install dataset-fashion-mnist" in message


def test_load_mnist_checks_counts_and_image_size(tmp_path):
    write(tmp_path / "train-images-idx3-ubyte", idx_bytes(np.zeros((3, 28, 28), np.uint8)))
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(np.zeros(4, np.uint8)))
    with pytest.raises(ValueError, match=r"one label per image \(3\)"):
        data.load_mnist(tmp_path)
    write(tmp_path / "t10k-images-idx3-ubyte", idx_bytes(np.zeros((2, 27, 28), np.uint8)))
    write(tmp_path / "t10k-labels-idx1-ubyte", idx_bytes(np.zeros(2, np.uint8)))
    with pytest.raises(ValueError, match=r"\(N, 28, 28\)"):
        data.load_mnist(tmp_path, train=False)


needs_fashion = pytest.mark.skipif(
    not all((FASHION_DIR / name).is_file() for name in MNIST_NAMES),
    reason="install with: apt-get install dataset-fashion-mnist",
)


@needs_fashion
@pytest.mark.parametrize("train, count", [(True, 60000), (False, 10000)])
def test_real_fashion_mnist(train, count):
    images, labels = data.load_mnist(FASHION_DIR, train=train)
    assert images.shape == (count, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (count,) and labels.dtype == np.int64
    # Fashion-MNIST is balanced: every one of the ten classes has a tenth of the images.
    np.testing.assert_array_equal(np.bincount(labels, minlength=10), [count // 10] * 10)
    assert images.max() == 255 and images.min() == 0


@needs_fashion
def test_installed_fashion_mnist_is_known_good_and_needs_no_download(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("download_mnist tried to fetch a file that was present and valid")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    assert data.default_data_dir("fashion") == FASHION_DIR
    assert data.download_mnist(FASHION_DIR, "fashion") == FASHION_DIR


# ------------------------------------------------------------------ download_mnist


def test_published_checksums_cover_the_four_files():
    for source in data.SOURCES.values():
        assert sorted(source.sha256) == sorted(MNIST_NAMES)
        for digests in source.sha256.values():
            assert digests and all(len(d) == 64 and int(d, 16) >= 0 for d in digests)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    """A local file:// mirror of a tiny MNIST, registered as the "mnist" source."""
    served = tmp_path / "mirror"
    served.mkdir()
    fake_mnist(served, 5, "train", compress=True, seed=3)
    fake_mnist(served, 2, "t10k", compress=True, seed=4)
    digests = {
        name: (hashlib.sha256((served / name).read_bytes()).hexdigest(),) for name in MNIST_NAMES
    }
    unreachable = (tmp_path / "no-such-mirror").as_uri() + "/"
    source = data.DatasetSource("tiny MNIST", (unreachable, served.as_uri() + "/"), digests)
    monkeypatch.setitem(data.SOURCES, "mnist", source)
    return served


def test_download_fetches_verifies_and_skips_valid_files(tmp_path, mirror, monkeypatch):
    root = tmp_path / "cache" / "mnist"
    assert data.download_mnist(root) == root
    for name in MNIST_NAMES:
        assert (root / name).read_bytes() == (mirror / name).read_bytes()
    assert not list(root.glob("*.part"))
    assert data.load_mnist(root, train=False)[0].shape == (2, 28, 28)
    offline = dataclasses.replace(data.SOURCES["mnist"], mirrors=(mirror.as_uri() + "/gone/",))
    monkeypatch.setitem(data.SOURCES, "mnist", offline)
    data.download_mnist(root)  # everything present and valid: nothing to fetch


def test_download_replaces_a_corrupt_present_file(tmp_path, mirror):
    root = tmp_path / "cache"
    root.mkdir()
    (root / MNIST_NAMES[1]).write_bytes(b"half a download")
    data.download_mnist(root)
    assert (root / MNIST_NAMES[1]).read_bytes() == (mirror / MNIST_NAMES[1]).read_bytes()


def test_checksum_mismatch_deletes_the_file_and_raises(tmp_path, mirror):
    (mirror / MNIST_NAMES[2]).write_bytes(b"<html>mirror error page</html>")
    root = tmp_path / "cache"
    with pytest.raises(ValueError, match="SHA-256") as caught:
        data.download_mnist(root)
    assert MNIST_NAMES[2] in str(caught.value)
    assert not (root / MNIST_NAMES[2]).exists()
    assert not list(root.glob("*.part"))


@pytest.mark.parametrize("dataset", ["mnist", "fashion"])
def test_offline_download_says_which_files_to_put_where(tmp_path, monkeypatch, dataset):
    gone = (tmp_path / "offline").as_uri() + "/"
    offline = dataclasses.replace(data.SOURCES[dataset], mirrors=(gone,))
    monkeypatch.setitem(data.SOURCES, dataset, offline)
    root = tmp_path / "cache"
    with pytest.raises(ConnectionError) as caught:
        data.download_mnist(root, dataset)
    message = str(caught.value)
    assert str(root) in message and all(name in message for name in MNIST_NAMES)
    assert ("apt-get install dataset-fashion-mnist" in message) == (dataset == "fashion")
    assert not root.exists()  # no empty folder left behind


def test_unknown_dataset_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown dataset 'cifar'"):
        data.download_mnist(tmp_path, "cifar")


def test_default_data_dir_honours_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert data.default_data_dir("mnist") == tmp_path / "xdg" / "scratchgrad" / "mnist"
    for ignored in ("", "relative/cache"):
        monkeypatch.setenv("XDG_CACHE_HOME", ignored)
        expected = tmp_path / "home" / ".cache" / "scratchgrad" / "mnist"
        assert data.default_data_dir("mnist") == expected


# ------------------------------------------------------------------ DataLoader


def epoch(loader):
    return [(xb.data.copy(), yb.data.copy()) for xb, yb in loader]


@given(
    count=st.integers(0, 40),
    batch_size=st.integers(1, 12),
    shuffle=st.booleans(),
    drop_last=st.booleans(),
)
def test_every_sample_once_per_epoch(count, batch_size, shuffle, drop_last):
    X = np.arange(count, dtype=np.float32)
    loader = data.DataLoader(X, 2 * np.arange(count), batch_size, shuffle, 0, drop_last)
    batches = epoch(loader)
    assert len(batches) == len(loader)
    seen = np.concatenate([xb for xb, _ in batches]) if batches else np.array([])
    for xb, yb in batches:
        np.testing.assert_array_equal(yb, 2 * xb)  # X and y rows stay paired
    sizes = [len(xb) for xb, _ in batches]
    full, rest = divmod(count, batch_size)
    assert sizes == [batch_size] * full + ([rest] if rest and not drop_last else [])
    assert len(set(seen.tolist())) == len(seen)  # no sample twice
    if not drop_last:
        np.testing.assert_array_equal(np.sort(seen), X)
    if not shuffle:
        np.testing.assert_array_equal(seen, X[: len(seen)])


def test_batches_are_tensors_that_keep_the_dtype():
    images = np.zeros((5, 28, 28), np.uint8)
    xb, yb = next(iter(data.DataLoader(Tensor(images), [1, 2, 3, 4, 5], 4)))
    assert isinstance(xb, Tensor) and isinstance(yb, Tensor)
    assert xb.shape == (4, 28, 28) and xb.dtype == np.uint8 and yb.shape == (4,)


def test_each_epoch_is_shuffled_anew():
    loader = data.DataLoader(np.arange(50), np.arange(50), 50, seed=0)
    first, second = (epoch(loader)[0][0] for _ in range(2))
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(np.sort(first), np.sort(second))


def test_seed_repeats_the_sequence_of_epochs():
    def two_epochs(seed):
        loader = data.DataLoader(np.arange(30), np.arange(30), 8, seed=seed)
        return [xb for _ in range(2) for xb, _ in epoch(loader)]

    same, again, other = two_epochs(3), two_epochs(3), two_epochs(4)
    assert all(np.array_equal(a, b) for a, b in zip(same, again))
    assert not all(np.array_equal(a, b) for a, b in zip(same, other))


def test_without_seed_manual_seed_repeats_the_shuffle():
    loader = data.DataLoader(np.arange(30), np.arange(30), 8)
    manual_seed(7)
    first = epoch(loader)
    manual_seed(7)
    again = epoch(loader)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(first, again))


@pytest.mark.parametrize(
    "X, y, batch_size, problem",
    [
        (np.zeros((5, 2)), np.zeros(4), 2, r"X of shape \(5, 2\) and y of shape \(4,\)"),
        (np.float32(1.0), np.zeros(1), 2, "one entry per sample"),
        (np.zeros(4), np.zeros(4), 0, "batch_size must be a positive integer"),
        (np.zeros(4), np.zeros(4), 2.0, "batch_size must be a positive integer"),
    ],
)
def test_dataloader_rejects_bad_input(X, y, batch_size, problem):
    with pytest.raises(ValueError, match=rf"DataLoader: .*{problem}"):
        data.DataLoader(X, y, batch_size)


# ------------------------------------------------------------------ docstrings


@pytest.mark.parametrize("module", ["nn.data", *(f"nn.data.{name}" for name in DATA_MODULES)])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
