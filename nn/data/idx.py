"""IDX files, the format MNIST and Fashion-MNIST ship in.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "labels-idx1-ubyte"
>>> _ = path.write_bytes(bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]))
>>> load_idx(path).tolist()
[7, 8, 9]
"""

from __future__ import annotations

import gzip
import math
import os
import zlib
from pathlib import Path

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
