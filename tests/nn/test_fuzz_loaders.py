"""Fuzzing nn.load and nn.data.load_idx with mutated valid files.

Each property takes a valid file, mutates it (bytes flipped, inserted,
deleted, truncated, size fields overwritten with extreme values; either the
raw file or the content inside a valid zip/gzip layer), and asserts that the
loader either returns or raises the documented error naming the file; that
Python-tracked memory (NumPy reports its arrays to tracemalloc) stays within
what the file can really hold; and that no call takes more than a few seconds.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import signal
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nn
from nn.data import load_idx
from nn.serialization import CheckpointError

from .checkpoint_files import (
    MANIFEST,
    checkpoint_bytes,
    manifest_npy,
    npy_bytes,
    npy_with_header,
    zip_bytes,
)
from .idx_files import idx_bytes

# Deflate's largest ratio: what a file of n bytes can legitimately decode to.
DEFLATE_MAX_RATIO = 1032
SLACK = 8 << 20
SECONDS_PER_CALL = 5

# 150 examples a property keeps `make test` quick; FUZZ_EXAMPLES=20000 fuzzes for longer.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Values that break size and offset fields: zero, one, sign bits, all ones.
EXTREME_WORDS = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF]


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """`seed` after one to four mutations, each at a drawn position."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "set", "word", "insert", "delete", "truncate"]))
        if kind == "flip":
            if data:
                data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set":
            data[at : at + 1] = bytes([draw(st.integers(0, 255))])
        elif kind == "word":
            width = draw(st.sampled_from([2, 4, 8]))
            value = draw(st.sampled_from(EXTREME_WORDS)) % (1 << (8 * width))
            order = draw(st.sampled_from(["little", "big"]))
            data[at : at + width] = value.to_bytes(width, order)
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            del data[at:]
    return bytes(data)


@contextlib.contextmanager
def bounded(file_size: int):
    """Fail if the body runs longer than SECONDS_PER_CALL or peaks above what the file holds."""

    def too_slow(signum, frame):
        raise TimeoutError(f"still running after {SECONDS_PER_CALL} s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, SECONDS_PER_CALL)
    tracemalloc.start()
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    limit = DEFLATE_MAX_RATIO * file_size + SLACK
    assert peak <= limit, f"{peak} bytes peak for a {file_size}-byte file"


def load_checkpoint_or_refuse(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    with bounded(len(content)):
        try:
            loaded = nn.load(path)
        except CheckpointError as error:
            assert str(path) in str(error)
            return
    assert isinstance(loaded, dict)


def load_idx_or_refuse(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    with bounded(len(content)):
        try:
            loaded = load_idx(path)
        except ValueError as error:
            assert type(error) is ValueError and str(path) in str(error)
            return
    assert isinstance(loaded, np.ndarray) and loaded.dtype.isnative


TREE = {"w": np.arange(12.0).reshape(3, 4), "b": np.arange(3, dtype=np.int32)}
STORED = checkpoint_bytes(TREE)
DEFLATED = checkpoint_bytes(TREE, zipfile.ZIP_DEFLATED)
IDX = idx_bytes(np.arange(24, dtype=np.int16).reshape(2, 3, 4))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(content=mutated(STORED) | mutated(DEFLATED))
def test_load_of_a_mutated_checkpoint(folder, content):
    load_checkpoint_or_refuse(folder / "mutated.npz", content)


@FUZZ
@given(member=st.sampled_from(["w.npy", "b.npy", f"{MANIFEST}.npy"]), data=st.data())
def test_load_of_a_checkpoint_with_a_mutated_member(folder, member, data):
    members = {f"{name}.npy": npy_bytes(array) for name, array in TREE.items()}
    members[f"{MANIFEST}.npy"] = npy_bytes(
        np.array(
            json.dumps({"format": "nn-checkpoint", "version": 1, "tree": {"w": ["w"], "b": ["b"]}})
        )
    )
    members[member] = data.draw(mutated(members[member]))
    method = data.draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    load_checkpoint_or_refuse(folder / "member.npz", zip_bytes(members, method))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=12,
)


DESCRS = st.sampled_from(
    ["<f8", ">i2", "|u1", "|b1", "<c16", "|O", "<U0", "|V0", "<U4", "|S9", f"<U{2**40}", "<f8'"]
) | st.lists(st.tuples(st.sampled_from(["a", "", "b"]), st.sampled_from(["<f8", "|O"])), max_size=2)
SHAPES = st.lists(st.sampled_from([0, 1, 2, -1, 2**31, 10**12, 2**64]), max_size=3).map(tuple)
NPY_HEADERS = st.builds(
    "{{'descr': {!r}, 'fortran_order': {!r}, 'shape': {!r}, }}".format,
    DESCRS,
    st.sampled_from([False, True, 0, None]),
    SHAPES,
) | st.text(st.characters(max_codepoint=255), max_size=80)


@FUZZ
@given(tree=JSON, header=NPY_HEADERS, data_size=st.sampled_from([0, 8, 16, 64]))
def test_load_of_any_manifest_and_any_npy_header(folder, tree, header, data_size):
    tree = {"w": ["w"], "other": tree}
    members = {
        "w.npy": npy_with_header(header, bytes(data_size)),
        f"{MANIFEST}.npy": manifest_npy(tree),
    }
    load_checkpoint_or_refuse(folder / "manifest.npz", zip_bytes(members))


@FUZZ
@given(content=mutated(IDX) | mutated(gzip.compress(IDX)))
def test_load_idx_of_a_mutated_file(folder, content):
    load_idx_or_refuse(folder / "mutated-idx", content)


@FUZZ
@given(content=mutated(IDX))
def test_load_idx_of_a_gzip_file_with_mutated_content(folder, content):
    load_idx_or_refuse(folder / "mutated-idx.gz", gzip.compress(content))
