"""The checkpoint file format: its names, its version, and the error for files that break it.

A checkpoint is an .npz (zip) file: one .npy member per array, named by the
array's dotted path, plus a member named `MANIFEST` holding JSON that
describes the nesting, the numbers and the strings.

>>> MANIFEST, FORMAT, VERSION
('__checkpoint__', 'nn-checkpoint', 1)
"""

from __future__ import annotations

ZIP_SIGNATURE = b"PK\x03\x04"
# The entry holding the nesting; its "format" value also marks the file as ours.
MANIFEST = "__checkpoint__"
FORMAT = "nn-checkpoint"
VERSION = 1
# How deeply dicts may nest, on saving and on loading: state dicts nest a few
# levels; a bound keeps a hostile manifest from exhausting the stack.
MAX_NESTING = 100


class CheckpointError(ValueError):
    """A file is not a checkpoint `nn.load` can read: corrupt, truncated, hostile or foreign.

    >>> issubclass(CheckpointError, ValueError)
    True
    """
