"""`load`: a checkpoint written by `save`, back as the dicts that were saved.

A hostile file raises `CheckpointError` (or an OSError from the file system)
and costs no more memory than the arrays it really holds: sizes are checked
against the file before anything is allocated, each member is read once, and
nothing is unpickled or executed (see npz.py).

>>> import tempfile, os
>>> from nn.serialization import save
>>> folder = tempfile.TemporaryDirectory()
>>> path = os.path.join(folder.name, "ckpt.npz")
>>> save({"epoch": 2}, path)
>>> load(path)
{'epoch': 2}
>>> folder.cleanup()
"""

from __future__ import annotations

import contextlib
import errno
import json
import lzma
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

import numpy as np

from .format import FORMAT, MANIFEST, MAX_NESTING, VERSION, ZIP_SIGNATURE, CheckpointError
from .npz import NpzMembers

# What zipfile and the stream decoders raise on bytes that break the zip
# format; each becomes a CheckpointError naming the file. (OSError too, but
# only where it comes from seeking to an offset read from the file.)
_MALFORMED = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    struct.error,
    OverflowError,
    UnicodeError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    ValueError,
)


def load(path: str | bytes | os.PathLike | int) -> dict[str, Any]:
    """Read a checkpoint written by `save`, returning the dicts it saved.

    `path` is a str, bytes or `os.PathLike` path, or an open file descriptor
    (which is read from its start and left open, at the position it had). A
    file that is not such a checkpoint (corrupt, truncated, hostile, another
    .npz, or one holding pickled objects) raises `CheckpointError`; so does a
    FIFO or a device, which is never read. Nothing in the file is executed.

    >>> import tempfile, os
    >>> from nn.serialization import save
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = os.path.join(folder.name, "ckpt.npz")
    >>> save({"fc.weight": np.zeros(1), "lr": 0.1}, path)
    >>> load(path)
    {'fc.weight': array([0.]), 'lr': 0.1}
    >>> folder.cleanup()
    """
    with _open_regular_file(path) as (file, where):
        size = os.fstat(file.fileno()).st_size
        head = file.read(4)
        if head != ZIP_SIGNATURE:  # np.load would take any other file for a pickle
            raise CheckpointError(
                f"nn.load: {where} is not a checkpoint: it holds {_what_starts_with(head)}; "
                f"a checkpoint is an .npz (zip) file written by nn.save"
            )
        try:
            with NpzMembers(file, size, where) as members:
                return _read_checkpoint(members, where)
        except CheckpointError:
            raise
        except _MALFORMED as error:
            raise _unreadable(where, error) from error
        except OSError as error:
            if error.errno != errno.EINVAL:  # a real file-system failure stays an OSError
                raise
            raise _unreadable(where, error) from error


def _unreadable(where: str, error: BaseException) -> CheckpointError:
    return CheckpointError(
        f"nn.load: cannot read {where} as a checkpoint (corrupt or truncated): "
        f"{type(error).__name__}: {error}"
    )


@contextlib.contextmanager
def _open_regular_file(path: Any) -> Iterator[tuple[IO[bytes], str]]:
    """The file and its name for messages; a FIFO or a device is refused, not read forever.

    A path is opened without blocking, so that a FIFO with no writer cannot
    hang the call. A descriptor is read through a duplicate handle, never
    closed, and its position restored.
    """
    if isinstance(path, int) and not isinstance(path, bool):
        where = f"file descriptor {path}"
        descriptor, position = path, os.lseek(path, 0, os.SEEK_CUR)
    else:
        where = os.fsdecode(os.fspath(path))
        descriptor, position = os.open(where, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), None
    owned = position is None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, f"nn.load: {where} is a directory", where)
        if not stat.S_ISREG(mode):
            raise CheckpointError(
                f"nn.load: {where} is not a regular file (a FIFO, a device or a socket is "
                f"never read, since it may never end); give the path of a checkpoint"
            )
        if owned and hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        file = open(descriptor, "rb", closefd=owned)  # noqa: SIM115 - closed below
    except BaseException:
        if owned:
            os.close(descriptor)
        raise
    with file:
        try:
            file.seek(0)
            yield file, where
        finally:
            if not owned:
                os.lseek(descriptor, position, os.SEEK_SET)


def _what_starts_with(head: bytes) -> str:
    if head.startswith(b"\x93NUM"):
        return "a single NumPy array (.npy)"
    if head.startswith(b"\x80"):
        return "a pickle, and pickled objects are never loaded"
    return f"something else (its first bytes are {head!r})"


def _read_checkpoint(members: NpzMembers, where: str) -> dict[str, Any]:
    """The manifest's tree, with each array read from its member."""
    if f"{MANIFEST}.npy" not in members.names:
        raise CheckpointError(
            f"nn.load: {where} is an .npz file but not a checkpoint written by nn.save "
            f"(it has no {MANIFEST!r} entry; its first entries are {members.names[:5]})"
        )
    manifest = _parse_manifest(members.read(f"{MANIFEST}.npy"), where)
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("version") != VERSION
    ):
        raise CheckpointError(f"nn.load: {where} is not an {FORMAT} version {VERSION} file")
    tree = manifest.get("tree")
    if not isinstance(tree, dict):
        raise CheckpointError(
            f"nn.load: {where} has a damaged manifest: its tree is a {type(tree).__name__}, "
            f"not a dict"
        )
    _check_tree(tree, set(members.names), where)
    return _rebuild(tree, members)


def _parse_manifest(array: np.ndarray, where: str) -> Any:
    """The JSON held by the manifest, a 0-d array of text, decoded strictly (UTF-32)."""
    if array.dtype.kind != "U" or array.shape != ():
        raise CheckpointError(
            f"nn.load: {where} has a damaged manifest: an array of {array.dtype} and shape "
            f"{array.shape} rather than text"
        )
    big_endian = array.dtype.byteorder == ">" or (
        array.dtype.byteorder == "=" and not np.little_endian
    )
    try:
        text = array.tobytes().decode("utf-32-be" if big_endian else "utf-32-le").rstrip("\0")
        return json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise CheckpointError(
            f"nn.load: {where} has a damaged manifest ({type(error).__name__}: {error})"
        ) from None


def _check_tree(tree: dict[str, Any], members: set[str], where: str) -> None:
    """Before any array is read: the nesting is bounded and each array names its own member
    (a manifest naming one deflated member many times would cost its size each time)."""
    named: set[str] = set()
    pending = [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        if depth > MAX_NESTING:
            raise CheckpointError(
                f"nn.load: {where} has a damaged manifest: it nests more than {MAX_NESTING} deep"
            )
        for value in node.values():
            if isinstance(value, dict):
                pending.append((value, depth + 1))
            elif isinstance(value, list):
                if len(value) != 1 or not isinstance(value[0], str):
                    raise CheckpointError(
                        f"nn.load: {where} has a damaged manifest: {str(value)[:80]} names no array"
                    )
                name = value[0]
                if f"{name}.npy" not in members or name == MANIFEST or name in named:
                    problem = "twice" if name in named else "but it has no such member"
                    raise CheckpointError(
                        f"nn.load: {where} has a damaged manifest: it names the array "
                        f"{name!r} {problem}"
                    )
                named.add(name)


def _rebuild(tree: Any, members: NpzMembers) -> Any:
    """The value `save` described as `tree` (checked), with its arrays read from `members`."""
    if isinstance(tree, dict):
        return {key: _rebuild(item, members) for key, item in tree.items()}
    if isinstance(tree, list):
        return members.read(f"{tree[0]}.npy")
    return tree
