"""Checkpoint files built byte by byte: valid ones, and the hostile ones nn.load must refuse.

Written from the zip and .npy formats' descriptions with zipfile and struct,
independently of nn.serialization's reader.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile

import numpy as np

MANIFEST = "__checkpoint__"


def npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def npy_with_header(header: str, data: bytes = b"") -> bytes:
    """A version-1 .npy member with `header` as it is, padded as NumPy pads it."""
    text = header.encode("latin-1")
    text += b" " * (-(10 + len(text) + 1) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + data


def manifest_npy(tree, format="nn-checkpoint", version=1) -> bytes:
    return npy_bytes(np.array(json.dumps({"format": format, "version": version, "tree": tree})))


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def checkpoint_bytes(arrays: dict[str, np.ndarray], method: int = zipfile.ZIP_STORED) -> bytes:
    """A checkpoint of flat `arrays`, as nn.save lays it out."""
    members = {f"{name}.npy": npy_bytes(array) for name, array in arrays.items()}
    members[f"{MANIFEST}.npy"] = manifest_npy({name: [name] for name in arrays})
    return zip_bytes(members, method)


def patch_headers(data: bytes, flags: int | None = None, method: int | None = None) -> bytes:
    """Set the general-purpose flags or the compression method of every local and central
    header (both, so that neither disagrees with the other)."""
    patched = bytearray(data)
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = patched.find(signature)
        while start >= 0:
            if flags is not None:
                struct.pack_into("<H", patched, start + flags_at, flags)
            if method is not None:
                struct.pack_into("<H", patched, start + flags_at + 2, method)
            start = patched.find(signature, start + 4)
    return bytes(patched)


def reserved_deflate_block() -> bytes:
    """A deflated checkpoint whose first member begins with a block of the reserved type 11."""
    data = bytearray(checkpoint_bytes({"w": np.arange(100.0)}, zipfile.ZIP_DEFLATED))
    name_length, extra_length = struct.unpack_from("<HH", data, 26)
    data[30 + name_length + extra_length] = 0b111  # BFINAL=1, BTYPE=11
    return bytes(data)


def manifest_with_code_point(code_point: int) -> bytes:
    """A manifest whose UTF-32 text holds `code_point` (above U+10FFFF: no character)."""
    text = [ord(c) for c in '{"a": "'] + [code_point] + [ord(c) for c in '"}']
    header = f"{{'descr': '<U{len(text)}', 'fortran_order': False, 'shape': (), }}"
    return zip_bytes(
        {f"{MANIFEST}.npy": npy_with_header(header, struct.pack(f"<{len(text)}I", *text))}
    )


def nested_manifest(depth: int) -> bytes:
    """A manifest whose tree nests dicts `depth` deep (JSON built as text: json.dumps recurses)."""
    tree = "{}"
    for _ in range(depth - 1):
        tree = '{"a": ' + tree + "}"
    manifest = '{"format": "nn-checkpoint", "version": 1, "tree": ' + tree + "}"
    return zip_bytes({f"{MANIFEST}.npy": npy_bytes(np.array(manifest))})


def deflate_bomb(member_mib: int = 64, references: int = 40) -> bytes:
    """About 64 KiB on disk: one deflated member of `member_mib` MiB of zeros, which the
    manifest names `references` times (reading it each time would cost references x size)."""
    tree = {f"copy{index}": ["w"] for index in range(references)}
    members = {
        "w.npy": npy_bytes(np.zeros(member_mib << 17)),  # float64: 8 bytes each
        f"{MANIFEST}.npy": manifest_npy(tree),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def listed_many_times(data: bytes, times: int) -> bytes:
    """`data` (a small zip) with its first member's directory entry repeated `times` times
    under other names of the same length: one member on disk, listed again and again."""
    end = data.rfind(b"PK\x05\x06")
    count, size, offset = struct.unpack_from("<HII", data, end + 10)
    name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, offset + 28)
    first = data[offset : offset + 46 + name_length + extra_length + comment_length]
    copies = [
        first[:46] + f"{copy:0{name_length}d}".encode() + first[46 + name_length :]
        for copy in range(times - 1)
    ]
    directory = b"".join(copies) + data[offset : offset + size]
    record, entries = bytearray(data[end:]), count + times - 1
    struct.pack_into("<HHII", record, 8, entries, entries, len(directory), offset)
    return data[:offset] + directory + bytes(record)


def hostile_files() -> dict[str, bytes]:
    """Each kind of hostile file, by what is wrong with it."""
    valid = checkpoint_bytes({"w": np.arange(6.0)})
    f8 = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }"
    return {
        "encrypted member": patch_headers(valid, flags=0x1),
        "AES-encrypted member": patch_headers(valid, flags=0x1, method=99),
        "unknown compression": patch_headers(valid, method=77),
        "LZMA compression": checkpoint_bytes({"w": np.zeros(3)}, zipfile.ZIP_LZMA),
        "reserved deflate block": reserved_deflate_block(),
        "unbalanced bracket in a .npy header": zip_bytes(
            {
                "w.npy": npy_with_header(f8 % "(3, ", bytes(24)),
                f"{MANIFEST}.npy": manifest_npy({"w": ["w"]}),
            }
        ),
        "invalid descr": zip_bytes(
            {
                "w.npy": npy_with_header(f8.replace("<f8", "<zz") % "(3,)", bytes(24)),
                f"{MANIFEST}.npy": manifest_npy({"w": ["w"]}),
            }
        ),
        "code point above U+10FFFF": manifest_with_code_point(0x110000),
        "manifest nested 950 deep": nested_manifest(950),
        "member declaring 10**12 float64": zip_bytes(
            {
                "w.npy": npy_with_header(f8 % f"({10**12},)", bytes(64)),
                f"{MANIFEST}.npy": manifest_npy({"w": ["w"]}),
            }
        ),
        "raw bytes member": zip_bytes(
            {"w.npy": b"raw bytes", f"{MANIFEST}.npy": manifest_npy({"w": ["w"]})}
        ),
        "tree a bare number": zip_bytes({f"{MANIFEST}.npy": manifest_npy(5)}),
        "manifest a bare list": zip_bytes({f"{MANIFEST}.npy": npy_bytes(np.array("[1, 2]"))}),
        "manifest of numbers": zip_bytes({f"{MANIFEST}.npy": npy_bytes(np.arange(3))}),
        "array named twice": zip_bytes(
            {
                "w.npy": npy_bytes(np.zeros(2)),
                f"{MANIFEST}.npy": manifest_npy({"a": ["w"], "b": ["w"]}),
            }
        ),
        "one member listed 40 times": listed_many_times(valid, 40),
        "array not in the file": zip_bytes({f"{MANIFEST}.npy": manifest_npy({"a": ["w"]})}),
        "object array": zip_bytes(
            {
                "w.npy": npy_with_header(
                    "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", b"\x80\x04N."
                ),
                f"{MANIFEST}.npy": manifest_npy({"w": ["w"]}),
            }
        ),
    }
