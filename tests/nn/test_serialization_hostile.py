"""nn.load refusing files: truncated, corrupt, pickle-bearing, foreign and hostile ones, deflate
bombs, and what is not a regular file."""

import os
import struct
import tracemalloc
import zipfile

import numpy as np
import pytest

import nn
from nn.serialization import CheckpointError

from .checkpoint_files import checkpoint_bytes, deflate_bomb, hostile_files

HOSTILE = hostile_files()


# ------------------------------------------------------------------ refused files


def test_truncated_file_is_refused(tmp_path):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.arange(1000.0)}, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="cannot read"):
        nn.load(path)


def test_corrupt_and_empty_files_are_refused(tmp_path):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.arange(1000.0)}, path)
    data = bytearray(path.read_bytes())
    data[200:260] = b"\xff" * 60
    path.write_bytes(bytes(data))
    with pytest.raises(CheckpointError):
        nn.load(path)
    path.write_bytes(b"")
    with pytest.raises(CheckpointError):
        nn.load(path)


def test_pickle_bearing_files_are_refused_and_not_executed(tmp_path):
    marker = tmp_path / "executed"
    payload = np.array([Runs(str(marker))], dtype=object)
    npz = tmp_path / "objects.npz"
    np.savez(
        npz,
        __checkpoint__=np.array('{"format": "nn-checkpoint", "version": 1, "tree": {"x": ["x"]}}'),
        x=payload,
    )
    with pytest.raises(CheckpointError, match="pickled"):
        nn.load(npz)
    raw_pickle = tmp_path / "raw.pkl"
    np.save(raw_pickle, payload, allow_pickle=True)
    os.rename(str(raw_pickle) + ".npy", raw_pickle)
    with pytest.raises(CheckpointError, match="single NumPy array"):
        nn.load(raw_pickle)
    bare_pickle = tmp_path / "bare.npz"
    bare_pickle.write_bytes(b"\x80\x04K\x01.")  # a pickle stream of the number 1
    with pytest.raises(CheckpointError, match="pickled"):
        nn.load(bare_pickle)
    assert not marker.exists()


class Runs:
    """Unpickling this would create a file: proof that loading ran code."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_foreign_files_are_recognised(tmp_path):
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, weights=np.zeros(3))
    with pytest.raises(CheckpointError, match=r"not a checkpoint written by nn\.save.*weights"):
        nn.load(foreign)
    single = tmp_path / "single.npy"
    np.save(single, np.zeros(3))
    with pytest.raises(CheckpointError, match="single NumPy array"):
        nn.load(single)
    other_zip = tmp_path / "other.npz"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("__checkpoint__.npy", b"not an array")
    with pytest.raises(CheckpointError):
        nn.load(other_zip)
    text = tmp_path / "notes.npz"
    text.write_text("hello")
    with pytest.raises(CheckpointError, match=r"something else \(its first bytes are b'hell'\)"):
        nn.load(text)
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "missing.npz")


# ------------------------------------------------------------------ hostile files


@pytest.mark.parametrize("content", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_files_raise_only_checkpoint_error(tmp_path, content):
    path = tmp_path / "hostile.npz"
    path.write_bytes(content)
    with pytest.raises(CheckpointError) as caught:
        nn.load(path)
    assert str(path) in str(caught.value)


def peak_bytes_of_refusing(path):
    """The error nn.load(path) raises and the peak of Python-tracked memory meanwhile
    (NumPy reports its arrays to tracemalloc)."""
    tracemalloc.start()
    try:
        with pytest.raises(CheckpointError) as caught:
            nn.load(path)
        return caught.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_deflate_bomb_named_forty_times_is_refused_before_reading(tmp_path):
    path = tmp_path / "bomb.npz"
    path.write_bytes(deflate_bomb(member_mib=64, references=40))
    assert path.stat().st_size < 80 << 10
    error, peak = peak_bytes_of_refusing(path)
    assert "names the array 'w' twice" in str(error)
    assert peak < 1 << 20, f"{peak} bytes to refuse a {path.stat().st_size}-byte file"


def test_a_member_larger_than_deflate_can_make_is_refused_before_allocating(tmp_path):
    data = bytearray(checkpoint_bytes({"w": np.zeros(1000)}, zipfile.ZIP_DEFLATED))
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 0xFFFF0000)  # the uncompressed size of w.npy
    path = tmp_path / "liar.npz"
    path.write_bytes(bytes(data))
    error, peak = peak_bytes_of_refusing(path)
    assert "more than its" in str(error)
    assert peak < 1 << 20


def test_fifos_devices_and_directories_are_refused_not_read(tmp_path):
    fifo = tmp_path / "ckpt.npz"
    os.mkfifo(fifo)
    with pytest.raises(CheckpointError, match="not a regular file"):
        nn.load(fifo)
    with pytest.raises(CheckpointError, match="/dev/zero is not a regular file"):
        nn.load("/dev/zero")
    with pytest.raises(IsADirectoryError):
        nn.load(tmp_path)
