"""IDX files, the format MNIST and Fashion-MNIST ship in.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "labels-idx1-ubyte"
>>> _ = path.write_bytes(bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]))
>>> load_idx(path).tolist()
[7, 8, 9]
"""

from __future__ import annotations

import errno
import gzip
import io
import math
import os
import stat
import zlib
from pathlib import Path
from typing import Any

import numpy as np

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
# Deflate never expands more than 1032:1, so a gzip file of n bytes holds at
# most about 1032 n bytes: a header declaring more is refused before anything
# is allocated. (The gzip trailer's size field is modulo 4 GiB and can lie.)
_DEFLATE_MAX_RATIO = 1032
_CHUNK = 1 << 20


def load_idx(path: str | bytes | os.PathLike) -> np.ndarray:
    """Read an IDX file (raw or gzip-compressed) into an array of the file's dtype.

    Every IDX element type is understood: ubyte, sbyte, int16, int32, float32 and
    float64. The result has the file's shape and dtype in native byte order
    (uint8 for MNIST images and labels). The header is read and checked first:
    a declared size the file cannot hold is refused before anything is
    allocated, and gzip is decompressed as a stream into the result, so a file
    costs the memory of its array and no more. Anything truncated, too long, of
    unknown type, not an IDX file at all, or not a regular file (a FIFO,
    `/dev/zero`) raises a ValueError naming the file; the file system's own
    errors stay OSErrors. Nothing is executed.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny-idx2-ubyte"
    >>> _ = path.write_bytes(bytes([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3]) + bytes(range(6)))
    >>> load_idx(path)
    array([[0, 1, 2],
           [3, 4, 5]], dtype=uint8)
    """
    path = Path(os.fsdecode(path))
    with _open_regular_file(path) as file:
        size = os.fstat(file.fileno()).st_size
        if file.peek(2)[:2] != _GZIP_MAGIC:
            return _read_idx(file, path, max_bytes=size, compressed=False)
        try:
            with gzip.GzipFile(fileobj=file, mode="rb") as stream:
                return _read_idx(stream, path, max_bytes=size * _DEFLATE_MAX_RATIO, compressed=True)
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise ValueError(
                f"load_idx: {path} starts like a gzip file but cannot be decompressed "
                f"({error}); it is probably truncated or corrupt: fetch it again"
            ) from None


def _open_regular_file(path: Path) -> io.BufferedReader:
    """`path` opened for reading, if it is a regular file: a FIFO or a device never ends.

    Opened without blocking, so that a FIFO with no writer is refused rather than waited on.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, f"load_idx: {path} is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise ValueError(
                f"load_idx: {path} is not a regular file (a FIFO, a device or a socket is "
                f"never read, since it may never end); give the path of an IDX file"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return open(descriptor, "rb", closefd=True)
    except BaseException:
        os.close(descriptor)
        raise


def _read_exactly(stream: Any, count: int) -> bytes:
    """Up to `count` bytes: fewer only at the end of the stream."""
    parts, remaining = [], count
    while remaining:
        part = stream.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _read_idx(stream: Any, path: Path, max_bytes: int, compressed: bool) -> np.ndarray:
    """Parse the header, check the declared size against `max_bytes`, then stream the data."""
    head = _read_exactly(stream, 4)
    if len(head) < 4 or head[:2] != b"\0\0":
        raise ValueError(
            f"load_idx: {path} is not an IDX file: it starts with bytes {head.hex(' ')!r}, "
            f"but an IDX file starts with two zero bytes, a type code and the number of dimensions"
        )
    type_code, ndim = head[2], head[3]
    if type_code not in _IDX_TYPES:
        known = ", ".join(f"0x{code:02X}" for code in _IDX_TYPES)
        raise ValueError(
            f"load_idx: {path} has unknown IDX element type 0x{type_code:02X} (known: {known})"
        )
    header_size = 4 + 4 * ndim
    dims = _read_exactly(stream, 4 * ndim)
    if len(dims) < 4 * ndim:
        raise ValueError(
            f"load_idx: {path} is truncated: its header announces {ndim} dimensions "
            f"({header_size} header bytes) but the file holds only {4 + len(dims)} bytes"
        )
    shape = tuple(int.from_bytes(dims[i : i + 4], "big") for i in range(0, len(dims), 4))
    dtype = _IDX_TYPES[type_code]
    expected = math.prod(shape) * dtype.itemsize
    described = f"shape {shape} of {dtype.newbyteorder('=')} needs {expected} data bytes"
    if header_size + expected > max_bytes:
        holds = (
            f"a gzip file of {max_bytes // _DEFLATE_MAX_RATIO} bytes decompresses to at most "
            f"{max_bytes}"
            if compressed
            else f"the file has {max_bytes - header_size} after the {header_size}-byte header"
        )
        raise ValueError(f"load_idx: {path} is truncated: {described}, but {holds}")
    buffer = np.empty(expected, np.uint8)
    view, filled = memoryview(buffer), 0
    while filled < expected:
        count = stream.readinto(view[filled : filled + _CHUNK])
        if not count:
            raise ValueError(
                f"load_idx: {path} is truncated: {described} after the {header_size}-byte "
                f"header, the file has {filled}"
            )
        filled += count
    if stream.read(1):
        raise ValueError(
            f"load_idx: {path} is too long: {described} after the {header_size}-byte header, "
            f"and more follow"
        )
    array = buffer.view(dtype)
    if not dtype.isnative:  # swap in place: no second copy of a large file
        array = array.byteswap(inplace=True).view(dtype.newbyteorder())
    return array.reshape(shape)
