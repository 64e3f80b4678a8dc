"""nn.data.load_idx: every element type, gzip or raw, and files that are not what they claim."""

from __future__ import annotations

import gzip
import os
import tracemalloc

import numpy as np
import pytest

from nn import data

from .idx_files import TYPE_CODES, idx_bytes, sample_array, write


@pytest.mark.parametrize("compress", [False, True], ids=["raw", "gzip"])
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4), (2, 1, 2, 3)])
@pytest.mark.parametrize("dtype", list(TYPE_CODES))
def test_load_idx_round_trips_every_element_type(tmp_path, dtype, shape, compress):
    array = sample_array(dtype, shape)
    path = write(tmp_path / "x-idx", idx_bytes(array), compress)
    loaded = data.load_idx(path)
    assert loaded.dtype == np.dtype(dtype) and loaded.dtype.isnative
    assert loaded.shape == shape
    np.testing.assert_array_equal(loaded, array)


def test_load_idx_detects_gzip_by_content_not_by_name(tmp_path):
    array = sample_array(np.uint8, (4, 3))
    disguised_gzip = write(tmp_path / "plain-name", idx_bytes(array), compress=True)
    raw_named_gz = write(tmp_path / "looks-compressed.gz", idx_bytes(array))
    np.testing.assert_array_equal(data.load_idx(disguised_gzip), array)
    np.testing.assert_array_equal(data.load_idx(raw_named_gz), array)


def test_load_idx_of_an_empty_dimension(tmp_path):
    path = write(tmp_path / "empty-idx2", idx_bytes(np.zeros((0, 28), np.uint8)))
    assert data.load_idx(path).shape == (0, 28)


VALID = idx_bytes(sample_array(np.int16, (3, 5)))
BROKEN_FILES = {
    "truncated data": (VALID[:-1], "truncated"),
    "trailing bytes": (VALID + b"\0", "too long"),
    "truncated header": (VALID[:9], "truncated"),
    "wrong magic": (b"\1" + VALID[1:], "not an IDX file"),
    "unknown type code": (VALID[:2] + b"\x0a" + VALID[3:], "unknown IDX element type 0x0A"),
    "png": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(17), "not an IDX file"),
    "text": (b"label,pixel0,pixel1\n5,0,0\n", "not an IDX file"),
    "empty": (b"", "not an IDX file"),
    "truncated gzip": (gzip.compress(VALID)[:-12], "cannot be decompressed"),
}


@pytest.mark.parametrize("content, problem", BROKEN_FILES.values(), ids=list(BROKEN_FILES))
def test_load_idx_names_the_file_and_the_problem(tmp_path, content, problem):
    path = write(tmp_path / "broken-file", content)
    with pytest.raises(ValueError, match=problem) as caught:
        data.load_idx(path)
    assert str(path) in str(caught.value)


def test_load_idx_checks_the_gzipped_content_too(tmp_path):
    path = write(tmp_path / "short.gz", VALID[:-2], compress=True)
    with pytest.raises(ValueError, match="truncated"):
        data.load_idx(path)


# ------------------------------------------------------------------ hostile files


def peak_bytes_while(function, *args):
    """The error `function(*args)` raises and the peak of Python-tracked memory meanwhile
    (NumPy reports its arrays to tracemalloc)."""
    tracemalloc.start()
    try:
        with pytest.raises(ValueError) as caught:
            function(*args)
        return caught.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def gzip_of_zeros_after(prefix: bytes, gib: int) -> bytes:
    """A gzip file holding `prefix` then `gib` GiB of zeros, a few MiB on disk: gzip members
    of 64 MiB of zeros each, one repeated (a multi-member gzip is one stream to a reader)."""
    zeros_member = gzip.compress(bytes(64 << 20), compresslevel=9)
    return gzip.compress(prefix) + zeros_member * (gib * 16)


def test_one_byte_then_four_gib_of_zeros_is_refused_at_once(tmp_path):
    path = write(
        tmp_path / "bomb-idx1-ubyte.gz", gzip_of_zeros_after(idx_bytes(np.ones(1, np.uint8)), 4)
    )
    assert path.stat().st_size < 8 << 20
    error, peak = peak_bytes_while(data.load_idx, path)
    assert "too long" in str(error) and str(path) in str(error)
    assert peak < 4 << 20, f"{peak} bytes to refuse a file declaring 1 byte"


@pytest.mark.parametrize("compress", [False, True], ids=["raw", "gzip"])
def test_a_declared_size_the_file_cannot_hold_is_refused_before_allocating(tmp_path, compress):
    header = bytes([0, 0, 0x0E, 3]) + b"".join((10_000).to_bytes(4, "big") for _ in range(3))
    path = write(tmp_path / "huge-idx3-double", header + bytes(1000), compress)  # 8 TB declared
    error, peak = peak_bytes_while(data.load_idx, path)
    assert "truncated" in str(error) and "8000000000000 data bytes" in str(error)
    assert peak < 1 << 20


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "labels-idx1-ubyte"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="not a regular file"):
        data.load_idx(fifo)


def test_a_character_device_is_refused_not_read_forever():
    with pytest.raises(ValueError, match=r"/dev/zero is not a regular file"):
        data.load_idx("/dev/zero")


def test_paths_as_bytes_and_pathlike(tmp_path):
    path = write(tmp_path / "x-idx1-ubyte", idx_bytes(np.arange(3, dtype=np.uint8)))
    np.testing.assert_array_equal(data.load_idx(os.fsencode(path)), [0, 1, 2])
    np.testing.assert_array_equal(data.load_idx(path), [0, 1, 2])
    with pytest.raises(FileNotFoundError):
        data.load_idx(tmp_path / "missing")
    with pytest.raises(IsADirectoryError):
        data.load_idx(tmp_path)
