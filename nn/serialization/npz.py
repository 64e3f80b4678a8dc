"""The arrays of an .npz file that may be hostile: every size is checked before it is trusted.

`NpzMembers` reads a zip archive's directory, refuses what a checkpoint never
holds (encrypted members, compression other than stored or deflate, members
that overlap or extend past the file, sizes deflate cannot reach) and then
reads each .npy member at most once, into an array allocated only after its
header's shape and dtype agree with the member's checked size. Nothing is
unpickled and nothing runs.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as archive, archive.open("w.npy", "w") as member:
...     np.lib.format.write_array(member, np.arange(3))
>>> members = NpzMembers(buffer, len(buffer.getvalue()), "demo.npz")
>>> members.read("w.npy")
array([0, 1, 2])
"""

from __future__ import annotations

import ast
import math
import warnings
import zipfile
from typing import IO, Any

import numpy as np

from .format import CheckpointError

# Deflate never expands more than 1032:1: a member declaring more than that
# over its compressed size is lying, and is refused before anything is allocated.
DEFLATE_MAX_RATIO = 1032
_COMPRESSIONS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
_LOCAL_HEADER_SIZE = 30
_NPY_MAGIC = b"\x93NUMPY"
# NumPy writes headers of a few hundred bytes and refuses over 10,000 by default.
_MAX_NPY_HEADER = 1 << 16
_CHUNK = 1 << 22
# What NumPy's dtype parser raises on a descr that names no valid dtype.
_BAD_DESCR = (TypeError, ValueError, KeyError, IndexError, OverflowError, RecursionError)


class NpzMembers:
    """The members of a zip file of `size` bytes, checked; `read(name)` gives an array once.

    `where` names the file in error messages.

    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("x.npy", b"not an array")
    >>> try:
    ...     NpzMembers(buffer, len(buffer.getvalue()), "x.npz").read("x.npy")
    ... except CheckpointError as error:
    ...     print(str(error).split(": ")[-1])
    member 'x.npy' is not a .npy array (it starts with b'not an a')
    """

    def __init__(self, file: IO[bytes], size: int, where: str) -> None:
        self.where = where
        self._archive = zipfile.ZipFile(file)
        self._members: dict[str, zipfile.ZipInfo] = {}
        self._read: set[str] = set()
        for info in self._archive.infolist():
            self._check_entry(info, size)
            if info.filename in self._members:
                raise self._invalid(f"two entries are both named {info.filename!r}")
            self._members[info.filename] = info
        self._check_no_overlap()

    def __enter__(self) -> NpzMembers:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._archive.close()

    @property
    def names(self) -> list[str]:
        """The member names, in the order of the archive's directory."""
        return list(self._members)

    def _invalid(self, problem: str) -> CheckpointError:
        return CheckpointError(f"nn.load: {self.where} is not a valid checkpoint: {problem}")

    def _check_entry(self, info: zipfile.ZipInfo, size: int) -> None:
        name = info.filename
        if info.flag_bits & 0x1:
            raise self._invalid(f"member {name!r} is encrypted")
        if info.compress_type not in _COMPRESSIONS:
            raise self._invalid(
                f"member {name!r} uses zip compression method {info.compress_type} "
                f"(a checkpoint member is stored or deflated)"
            )
        if (
            info.header_offset < 0
            or info.header_offset + _LOCAL_HEADER_SIZE + info.compress_size > size
        ):
            raise self._invalid(
                f"member {name!r} declares {info.compress_size} bytes at offset "
                f"{info.header_offset}, outside the {size}-byte file"
            )
        if info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
            raise self._invalid(
                f"stored member {name!r} declares {info.file_size} bytes but occupies "
                f"{info.compress_size}"
            )
        if info.file_size > DEFLATE_MAX_RATIO * info.compress_size + 64:
            raise self._invalid(
                f"member {name!r} declares {info.file_size} bytes, more than its "
                f"{info.compress_size} compressed bytes can hold"
            )

    def _check_no_overlap(self) -> None:
        """Members lie one after another: no two entries may share bytes (a bomb reads one
        deflated member under many names)."""
        end, previous = 0, None
        for info in sorted(self._members.values(), key=lambda info: info.header_offset):
            if info.header_offset < end:
                raise self._invalid(f"members {previous!r} and {info.filename!r} overlap")
            # The name's size on disk, in the encoding zipfile decoded it from (never over).
            encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
            name_size = len(info.orig_filename.encode(encoding, errors="ignore"))
            end = info.header_offset + _LOCAL_HEADER_SIZE + name_size + info.compress_size
            previous = info.filename

    def read(self, name: str) -> np.ndarray:
        """The array in member `name` (a .npy file); each member may be read once."""
        info = self._members.get(name)
        if info is None:
            raise self._invalid(f"it has no member {name!r}")
        if name in self._read:
            raise self._invalid(f"member {name!r} is named twice by the manifest")
        self._read.add(name)
        with self._archive.open(info) as stream:
            return self._read_npy(stream, name, info.file_size)

    def _read_npy(self, stream: IO[bytes], name: str, size: int) -> np.ndarray:
        magic = _read_up_to(stream, 8)
        if len(magic) < 8 or not magic.startswith(_NPY_MAGIC) or magic[6] not in (1, 2, 3):
            raise self._invalid(
                f"member {name!r} is not a .npy array (it starts with {magic[:8]!r})"
            )
        length_size = 2 if magic[6] == 1 else 4
        header_length = int.from_bytes(_read_up_to(stream, length_size), "little")
        if header_length > _MAX_NPY_HEADER:
            raise self._invalid(f"member {name!r} has a {header_length}-byte .npy header")
        header = _read_up_to(stream, header_length)
        if len(header) < header_length:
            raise self._invalid(f"member {name!r} is truncated inside its .npy header")
        dtype, fortran_order, shape = self._parse_header(header, magic[6], name)
        count = math.prod(shape)
        data_size = size - 8 - length_size - header_length
        if count * dtype.itemsize != data_size:
            raise self._invalid(
                f"member {name!r} declares shape {shape} of {dtype} ({count * dtype.itemsize} "
                f"bytes) but holds {data_size} data bytes"
            )
        if dtype.itemsize == 0:
            array = np.empty(count, dtype)
        else:
            buffer = np.empty(data_size, np.uint8)
            _fill(stream, buffer)
            array = np.frombuffer(buffer, dtype, count)
        if fortran_order:
            return array.reshape(shape[::-1]).transpose()
        return array.reshape(shape)

    def _parse_header(
        self, header: bytes, version: int, name: str
    ) -> tuple[np.dtype, bool, tuple[int, ...]]:
        """The dtype, the order and the shape a .npy header declares, checked, never executed."""
        try:
            text = header.decode("utf-8" if version == 3 else "latin-1")
            with warnings.catch_warnings():  # e.g. an invalid escape: the file's problem
                warnings.simplefilter("ignore")
                fields = ast.literal_eval(text)  # literals only: no names, no calls
        except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError) as error:
            raise self._invalid(
                f"member {name!r} has an unreadable .npy header ({error})"
            ) from None
        if not isinstance(fields, dict) or set(fields) != {"descr", "fortran_order", "shape"}:
            raise self._invalid(
                f"member {name!r} has a .npy header without descr, fortran_order, shape"
            )
        shape, fortran_order = fields["shape"], fields["fortran_order"]
        if not isinstance(shape, tuple) or not all(
            type(size) is int and size >= 0 for size in shape
        ):
            raise self._invalid(f"member {name!r} declares an invalid shape {shape!r}")
        if not isinstance(fortran_order, bool):
            raise self._invalid(f"member {name!r} declares fortran_order={fortran_order!r}")
        try:
            dtype = np.lib.format.descr_to_dtype(fields["descr"])
        except (
            TypeError,
            ValueError,
            KeyError,
            IndexError,
            OverflowError,
            RecursionError,
        ) as error:
            raise self._invalid(
                f"member {name!r} declares an invalid dtype {fields['descr']!r} ({error})"
            ) from None
        if dtype.hasobject:
            raise self._invalid(
                f"member {name!r} holds Python objects, which only pickle could read, and "
                f"pickled objects are never loaded"
            )
        return dtype, fortran_order, shape


def _read_up_to(stream: IO[bytes], count: int) -> bytes:
    """`count` bytes, or fewer at the end of the stream."""
    parts, remaining = [], count
    while remaining:
        part = stream.read(min(remaining, _CHUNK))
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _fill(stream: IO[bytes], buffer: np.ndarray) -> None:
    """Read into `buffer` chunk by chunk: no second copy of a large array."""
    view, filled = memoryview(buffer), 0
    while filled < len(buffer):
        part = stream.read(min(len(buffer) - filled, _CHUNK))
        if not part:
            raise EOFError(f"the member ends after {filled} of {len(buffer)} data bytes")
        view[filled : filled + len(part)] = part
        filled += len(part)
