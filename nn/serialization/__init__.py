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

- format.py: the file's names and version, and `CheckpointError`.
- writer.py: `save`, atomic (a temporary file renamed over the target).
- reader.py: `load`, which refuses hostile files with `CheckpointError`.
- npz.py: reading the .npz members, every declared size checked first.

>>> import tempfile, os, numpy as np
>>> folder = tempfile.TemporaryDirectory()
>>> path = os.path.join(folder.name, "ckpt.npz")
>>> save({"model": {"w": np.arange(2)}}, path)
>>> load(path)["model"]["w"]
array([0, 1])
>>> folder.cleanup()
"""

from .format import FORMAT, MANIFEST, VERSION, ZIP_SIGNATURE, CheckpointError
from .reader import load
from .writer import save

__all__ = ["FORMAT", "MANIFEST", "VERSION", "ZIP_SIGNATURE", "CheckpointError", "load", "save"]
