"""Saving and loading checkpoints: nested dicts of arrays and numbers in an .npz file.

    nn.save({"model": model.state_dict(), "optim": optimizer.state_dict()}, "ckpt.npz")
    checkpoint = nn.load("ckpt.npz")
    model.load_state_dict(checkpoint["model"])

The file is an ordinary NumPy .npz archive: each array is stored under its
dotted path ("model.fc1.weight"), readable with `np.load`. One more entry
holds a JSON description of the nesting, the numbers and the strings, so
that `load` gives back exactly the dicts that were saved, even when keys
contain dots (state-dict keys do). Nothing is ever pickled: arrays of Python
objects are refused on saving and loading, and loading runs no code.

Saving writes a temporary file in the same directory and renames it over
the target, so a crash while saving leaves the previous checkpoint intact.
"""

from __future__ import annotations

import json
import os
import uuid
import zipfile
from typing import Any

import numpy as np

from autograd import Tensor

# The entry holding the nesting; its value also marks the file as ours.
ZIP_SIGNATURE = b"PK\x03\x04"
MANIFEST = "__checkpoint__"
FORMAT = "nn-checkpoint"
VERSION = 1


class CheckpointError(ValueError):
    """A file is not a checkpoint `nn.load` can read: corrupt, truncated or foreign.

    >>> issubclass(CheckpointError, ValueError)
    True
    """


def save(obj: dict[str, Any], path: str | os.PathLike) -> None:
    """Write `obj`, a dict nesting dicts, ndarrays, numbers, strings and None, to `path`.

    The file is written exactly at `path` (no suffix is added).

    >>> import tempfile, os
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = os.path.join(folder.name, "ckpt.npz")
    >>> save({"model": {"w": np.ones(2)}, "epoch": 3}, path)
    >>> load(path)
    {'model': {'w': array([1., 1.])}, 'epoch': 3}
    >>> folder.cleanup()
    """
    if not isinstance(obj, dict):
        raise TypeError(f"nn.save: expected a dict (e.g. a state_dict), got {type(obj).__name__}")
    arrays: dict[str, np.ndarray] = {}
    tree = _describe(obj, "", arrays)
    manifest = json.dumps({"format": FORMAT, "version": VERSION, "tree": tree})
    arrays[MANIFEST] = np.array(manifest)
    # Beside the target, so that the rename cannot cross file systems; opened
    # exclusively ("x") under a random name, with the permissions a new file gets.
    target = os.path.abspath(path)
    temporary = f"{target}.{uuid.uuid4().hex}.saving"
    file = open(temporary, "xb")  # noqa: SIM115 - closed below, before the rename
    try:
        with file:
            _write_npz(file, arrays)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _write_npz(file: Any, arrays: dict[str, np.ndarray]) -> None:
    """What np.savez writes, one .npy member per array, with pickling refused.

    (np.savez takes the names as keyword arguments, where a state-dict key
    such as "file" or "allow_pickle" would collide with its own parameters.)
    """
    with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


def _describe(value: Any, path: str, arrays: dict[str, np.ndarray]) -> Any:
    """The JSON form of `value`; its arrays go into `arrays` under unique dotted names.

    A dict stays a JSON object, an array becomes a one-element list holding
    its entry's name, numbers, strings and None stay themselves.
    """
    if isinstance(value, dict):
        described = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(
                    f"nn.save: keys must be strings, got {key!r} ({type(key).__name__}) in "
                    f"{path or 'the top-level dict'}"
                )
            described[key] = _describe(item, f"{path}.{key}" if path else key, arrays)
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


def load(path: str | os.PathLike) -> dict[str, Any]:
    """Read a checkpoint written by `save`, returning the dicts it saved.

    A file that is not such a checkpoint (corrupt, truncated, another .npz,
    or one holding pickled objects) raises `CheckpointError`; nothing in it
    is executed.

    >>> import tempfile, os
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = os.path.join(folder.name, "ckpt.npz")
    >>> save({"fc.weight": np.zeros(1), "lr": 0.1}, path)
    >>> load(path)
    {'fc.weight': array([0.]), 'lr': 0.1}
    >>> folder.cleanup()
    """
    with open(path, "rb") as file:
        head = file.read(4)
    if head != ZIP_SIGNATURE:  # np.load would take any other file for a pickle
        raise CheckpointError(
            f"nn.load: {path} is not a checkpoint: it holds {_what_starts_with(head)}; "
            f"a checkpoint is an .npz (zip) file written by nn.save"
        )
    try:
        archive = np.load(path, allow_pickle=False)
        with archive:
            if MANIFEST not in archive.files:
                raise CheckpointError(
                    f"nn.load: {path} is an .npz file but not a checkpoint written by nn.save "
                    f"(it has no {MANIFEST!r} entry; its first entries are {archive.files[:5]})"
                )
            manifest = json.loads(str(_member(archive, MANIFEST)))
            if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
                raise CheckpointError(f"nn.load: {path} is not an {FORMAT} version {VERSION} file")
            return _rebuild(manifest["tree"], archive)
    except (CheckpointError, FileNotFoundError):
        raise
    except (OSError, ValueError, EOFError, KeyError, AttributeError, zipfile.BadZipFile) as error:
        raise CheckpointError(
            f"nn.load: cannot read {path} as a checkpoint (corrupt, truncated, or holding "
            f"pickled objects): {error}"
        ) from error


def _what_starts_with(head: bytes) -> str:
    if head.startswith(b"\x93NUM"):
        return "a single NumPy array (.npy)"
    if head.startswith(b"\x80"):
        return "a pickle, and pickled objects are never loaded"
    return f"something else (its first bytes are {head!r})"


def _member(archive: Any, name: str) -> np.ndarray:
    """The array saved as `name`, by its exact member name: NumPy's own lookup by name
    would take the member of "x" for a name "x.npy"."""
    return archive[f"{name}.npy"]


def _rebuild(tree: Any, archive: Any) -> Any:
    """The value `_describe` turned into `tree`, with its arrays read from `archive`."""
    if isinstance(tree, dict):
        return {key: _rebuild(item, archive) for key, item in tree.items()}
    if isinstance(tree, list):
        if len(tree) != 1:
            raise CheckpointError(f"nn.load: the manifest is damaged: {tree} names no array")
        return _member(archive, tree[0])
    return tree
