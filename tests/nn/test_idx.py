"""nn.data.load_idx: every element type, gzip or raw, and files that are not what they claim."""

from __future__ import annotations

import gzip

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
