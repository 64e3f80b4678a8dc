"""`save`: a dict of arrays, numbers and strings to an .npz file, atomically.

Saving writes a temporary file beside the target and renames it over the
target, so a crash while saving leaves the previous checkpoint intact. A
file replaced keeps its permissions; a symbolic link is written through (the
file it points to is replaced, the link stays).

>>> import tempfile, os
>>> folder = tempfile.TemporaryDirectory()
>>> save({"w": np.zeros(2)}, os.path.join(folder.name, "ckpt.npz"))
>>> os.listdir(folder.name)
['ckpt.npz']
>>> folder.cleanup()
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import uuid
import zipfile
from typing import Any

import numpy as np

from autograd import Tensor

from .format import FORMAT, MANIFEST, MAX_NESTING, VERSION


def save(obj: dict[str, Any], path: str | bytes | os.PathLike) -> None:
    """Write `obj`, a dict nesting dicts, ndarrays, numbers, strings and None, to `path`.

    The file is written exactly at `path` (no suffix is added). A failure
    (a missing folder, a full disk) raises an OSError naming `path`, leaves
    no temporary file behind and the previous checkpoint at `path` intact.

    >>> import tempfile, os
    >>> from nn.serialization import load
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = os.path.join(folder.name, "ckpt.npz")
    >>> save({"model": {"w": np.ones(2)}, "epoch": 3}, path)
    >>> load(path)
    {'model': {'w': array([1., 1.])}, 'epoch': 3}
    >>> folder.cleanup()
    """
    if not isinstance(obj, dict):
        raise TypeError(f"nn.save: expected a dict (e.g. a state_dict), got {type(obj).__name__}")
    where = os.fsdecode(os.fspath(path))
    arrays: dict[str, np.ndarray] = {}
    tree = _describe(obj, "", arrays, depth=1)
    manifest = json.dumps({"format": FORMAT, "version": VERSION, "tree": tree})
    arrays[MANIFEST] = np.array(manifest)
    # Through symbolic links, so that a link keeps pointing at the new checkpoint;
    # beside the target, so that the rename cannot cross file systems; opened
    # exclusively ("x") under a random name, with the permissions a new file gets.
    target = os.path.realpath(where)
    temporary = f"{target}.{uuid.uuid4().hex}.saving"
    try:
        file = open(temporary, "xb")  # noqa: SIM115 - closed below, before the rename
    except OSError as error:
        raise _naming_the_target(error, where) from None
    try:
        with file:
            _keep_permissions_of(target, file.fileno())
            _write_npz(file, arrays)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _naming_the_target(error, where) from error
        raise


def _keep_permissions_of(target: str, descriptor: int) -> None:
    """Give the new file the mode of the file it will replace, if there is one."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        os.fchmod(descriptor, stat.S_IMODE(mode))


def _naming_the_target(error: OSError, where: str) -> OSError:
    """The same kind of OSError, naming the path the user gave rather than the temporary file."""
    message = f"nn.save: cannot write {where!r}: {error.strerror or error}"
    try:
        return type(error)(error.errno, message) if error.errno else type(error)(message)
    except TypeError:  # an OSError subclass with a constructor of its own
        return OSError(error.errno, message)


def _write_npz(file: Any, arrays: dict[str, np.ndarray]) -> None:
    """What np.savez writes, one .npy member per array, with pickling refused.

    (np.savez takes the names as keyword arguments, where a state-dict key
    such as "file" or "allow_pickle" would collide with its own parameters.)
    """
    with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


def _describe(value: Any, path: str, arrays: dict[str, np.ndarray], depth: int) -> Any:
    """The JSON form of `value`; its arrays go into `arrays` under unique dotted names.

    A dict stays a JSON object, an array becomes a one-element list holding
    its entry's name, numbers, strings and None stay themselves.
    """
    if isinstance(value, dict):
        if depth > MAX_NESTING:
            raise ValueError(
                f"nn.save: {path} nests dicts more than {MAX_NESTING} deep; a checkpoint "
                f"holds state dicts, which nest a few levels"
            )
        described = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(
                    f"nn.save: keys must be strings, got {key!r} ({type(key).__name__}) in "
                    f"{path or 'the top-level dict'}"
                )
            described[key] = _describe(item, f"{path}.{key}" if path else key, arrays, depth + 1)
        return described
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise TypeError(
                f"nn.save: {path} is an array of Python objects, which only pickle could "
                f"store; save arrays of numbers"
            )
        name = _unique(path.replace("\0", "?"), arrays)  # zip names end at a NUL
        arrays[name] = value
        return [name]
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    hint = " (use .numpy() or a state_dict())" if isinstance(value, Tensor) else ""
    raise TypeError(
        f"nn.save: {path} is a {type(value).__name__}; a checkpoint holds dicts, ndarrays, "
        f"numbers, strings and None{hint}"
    )


def _unique(name: str, taken: dict[str, Any]) -> str:
    """`name`, or `name~2`, `name~3`, ... if two paths flatten alike ({"a.b": x, "a": {"b": y}})."""
    candidate, count = name, 1
    while candidate in taken or candidate == MANIFEST:
        count += 1
        candidate = f"{name}~{count}"
    return candidate
