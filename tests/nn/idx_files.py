"""IDX files written from the format's description, independently of nn.data.load_idx."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

TYPE_CODES = {np.uint8: 0x08, np.int8: 0x09, np.int16: 0x0B, np.int32: 0x0C}
TYPE_CODES |= {np.float32: 0x0D, np.float64: 0x0E}


def idx_bytes(array: np.ndarray) -> bytes:
    """The IDX encoding, written from the format's description (independent of load_idx)."""
    header = bytes([0, 0, TYPE_CODES[array.dtype.type], array.ndim])
    dims = b"".join(size.to_bytes(4, "big") for size in array.shape)
    return header + dims + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write(path: Path, content: bytes, compress: bool = False) -> Path:
    path.write_bytes(gzip.compress(content) if compress else content)
    return path


def sample_array(dtype, shape, seed=0) -> np.ndarray:
    generator = np.random.default_rng(seed)
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return generator.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)
    return generator.standard_normal(shape).astype(dtype)
