"""nn.save / nn.load: round trips, dotted keys, atomic writes, and state that must be refused.

Files nn.load must refuse are in test_serialization_hostile.py."""

import doctest
import importlib
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd
import nn
from nn.serialization.format import MAX_NESTING

from .checkpoint_files import checkpoint_bytes


def trained_model_and_optimizer():
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 3))
    optimizer = nn.optim.Adam(model.parameters(), lr=0.05, betas=(0.8, 0.95))
    return model, optimizer


def train(model, optimizer, steps, seed):
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        x = rng.standard_normal((8, 2)).astype(np.float32)
        y = rng.integers(0, 3, 8)
        optimizer.zero_grad()
        nn.CrossEntropyLoss()(model(x), y).backward()
        optimizer.step()


def assert_same_tree(a, b):
    assert type(a) is type(b) or (isinstance(a, np.ndarray) and isinstance(b, np.ndarray))
    if isinstance(a, dict):
        assert list(a) == list(b)
        for key in a:
            assert_same_tree(a[key], b[key])
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    else:
        assert a == b


def test_model_and_optimizer_round_trip_and_training_resumes_identically(tmp_path):
    model, optimizer = trained_model_and_optimizer()
    train(model, optimizer, steps=3, seed=1)
    checkpoint = {"model": model.state_dict(), "optim": optimizer.state_dict(), "epoch": 3}
    path = tmp_path / "ckpt.npz"
    nn.save(checkpoint, path)
    loaded = nn.load(path)
    assert_same_tree(checkpoint, loaded)

    resumed_model, resumed_optimizer = trained_model_and_optimizer()
    resumed_model.load_state_dict(loaded["model"])
    resumed_optimizer.load_state_dict(loaded["optim"])
    train(model, optimizer, steps=2, seed=2)
    train(resumed_model, resumed_optimizer, steps=2, seed=2)
    for (name, a), b in zip(model.state_dict().items(), resumed_model.state_dict().values()):
        np.testing.assert_array_equal(a, b, err_msg=name)


def test_nesting_numbers_strings_and_awkward_keys_survive(tmp_path):
    tree = {
        "a.b": {"c": np.arange(3)},
        "a": {"b.c": np.ones((2, 2), dtype=np.float32), "b": {"c": np.zeros(1, dtype=bool)}},
        "__checkpoint__": np.array(5),
        "file": {"allow_pickle": np.array([1.5])},  # np.savez's own parameter names
        "w": np.array([1]),
        "w.npy": np.array([2]),  # NumPy's lookup by name would return w's array
        "empty": {},
        "numbers": {"int": 7, "float": 0.1, "bool": True, "none": None, "nan": float("nan")},
        "text": "spiral",
        "scalar": np.float64(2.5),
    }
    path = tmp_path / "tree.npz"
    nn.save(tree, path)
    loaded = nn.load(path)
    nan = loaded["numbers"].pop("nan")
    assert nan != nan
    tree["numbers"].pop("nan")
    tree["scalar"] = 2.5
    assert_same_tree(tree, loaded)
    with np.load(path, allow_pickle=False) as plain:  # readable as an ordinary .npz
        np.testing.assert_array_equal(plain["a.b.c"], np.arange(3))


# Pieces that have tripped flat names: dots, the "~2" of renamed duplicates, NUL (ends a zip
# name), "/", ".npy" (NumPy's member lookup), and the manifest's own name.
KEYS = st.lists(
    st.sampled_from(["a", "b", ".", "~2", "\0", "/", "é", ".npy", "__checkpoint__"]), max_size=3
).map("".join)
ARRAYS = hnp.arrays(
    dtype=st.sampled_from([np.float32, np.float64, np.int64, np.uint8, np.bool_]),
    shape=hnp.array_shapes(min_dims=0, max_dims=2, max_side=3),
)
LEAVES = ARRAYS | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none() | KEYS
TREES = st.recursive(LEAVES, lambda children: st.dictionaries(KEYS, children), max_leaves=8)


@given(st.dictionaries(KEYS, TREES, max_size=4))
def test_any_nesting_of_awkward_keys_round_trips(tmp_path_factory, tree):
    path = tmp_path_factory.mktemp("tree") / "tree.npz"
    nn.save(tree, path)
    assert_same_tree(tree, nn.load(path))


def test_unsupported_values_are_refused_before_writing(tmp_path):
    path = tmp_path / "bad.npz"
    with pytest.raises(TypeError, match=r"model.w is a Parameter.*numpy\(\)"):
        nn.save({"model": {"w": nn.Linear(1, 1).weight}}, path)
    with pytest.raises(TypeError, match="objects"):
        nn.save({"x": np.array([{}, 1], dtype=object)}, path)
    with pytest.raises(TypeError, match="keys must be strings"):
        nn.save({"state": {0: np.zeros(1)}}, path)
    assert not path.exists()


def test_a_failed_save_leaves_the_previous_checkpoint_intact(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.arange(4)}, path)

    def failing_write(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np.lib.format, "write_array", failing_write)
    with pytest.raises(OSError, match="disk full"):
        nn.save({"w": np.zeros(4)}, path)
    monkeypatch.undo()
    np.testing.assert_array_equal(nn.load(path)["w"], np.arange(4))
    assert os.listdir(tmp_path) == ["ckpt.npz"]  # no temporary file left behind


# ------------------------------------------------------------------ reading and writing


def test_deflated_and_fortran_ordered_members_load(tmp_path):
    fortran = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    path = tmp_path / "deflated.npz"
    path.write_bytes(checkpoint_bytes({"f": fortran, "i": np.arange(4)}, zipfile.ZIP_DEFLATED))
    loaded = nn.load(path)
    np.testing.assert_array_equal(loaded["f"], fortran)
    np.testing.assert_array_equal(loaded["i"], np.arange(4))


def test_a_descriptor_is_read_from_its_start_and_left_open_where_it_was(tmp_path):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.arange(3)}, path)
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.lseek(descriptor, 7, os.SEEK_SET)
        np.testing.assert_array_equal(nn.load(descriptor)["w"], np.arange(3))
        assert os.lseek(descriptor, 0, os.SEEK_CUR) == 7  # still open, same position
        np.testing.assert_array_equal(nn.load(descriptor)["w"], np.arange(3))
    finally:
        os.close(descriptor)
    np.testing.assert_array_equal(nn.load(os.fsencode(path))["w"], np.arange(3))


def test_a_failed_save_names_the_given_path_and_leaves_no_temporary_file(tmp_path):
    missing = tmp_path / "missing" / "dir" / "m.npz"
    with pytest.raises(FileNotFoundError) as caught:
        nn.save({"w": np.zeros(1)}, missing)
    assert str(missing) in str(caught.value) and ".saving" not in str(caught.value)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "inside").write_text("")
    with pytest.raises(OSError) as caught:
        nn.save({"w": np.zeros(1)}, occupied)  # a directory cannot be replaced by a file
    assert str(occupied) in str(caught.value) and ".saving" not in str(caught.value)
    assert sorted(os.listdir(tmp_path)) == ["occupied"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
def test_overwriting_keeps_the_replaced_files_permissions(tmp_path, mode):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.zeros(1)}, path)
    path.chmod(mode)
    nn.save({"w": np.ones(1)}, path)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    np.testing.assert_array_equal(nn.load(path)["w"], np.ones(1))


def test_a_symlink_is_written_through(tmp_path):
    real = tmp_path / "runs" / "ckpt.npz"
    real.parent.mkdir()
    nn.save({"w": np.zeros(1)}, real)
    link = tmp_path / "latest.npz"
    link.symlink_to(real)
    nn.save({"w": np.ones(1)}, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    np.testing.assert_array_equal(nn.load(real)["w"], np.ones(1))
    assert sorted(os.listdir(real.parent)) == ["ckpt.npz"]


def test_nesting_is_bounded_on_saving_too(tmp_path):
    tree = {}
    for _ in range(MAX_NESTING):
        tree = {"a": tree}
    with pytest.raises(ValueError, match=f"more than {MAX_NESTING} deep"):
        nn.save(tree, tmp_path / "deep.npz")
    nn.save(tree["a"], tmp_path / "deep.npz")
    assert nn.load(tmp_path / "deep.npz") == tree["a"]


SAVE_FOREVER = """
import sys, numpy as np, nn
while True:
    nn.save({"w": np.full(1 << 21, 2.0)}, sys.argv[1])
"""


def test_a_saving_process_killed_mid_write_leaves_a_whole_checkpoint(tmp_path):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.full(1 << 21, 1.0)}, path)
    saver = subprocess.Popen([sys.executable, "-c", SAVE_FOREVER, str(path)])
    try:
        deadline = time.monotonic() + 60
        while not any(name.endswith(".saving") for name in os.listdir(tmp_path)):
            assert time.monotonic() < deadline and saver.poll() is None, "the saver never saved"
            time.sleep(0.001)
    finally:
        saver.send_signal(signal.SIGKILL)
        saver.wait()
    weights = nn.load(path)["w"]  # whole: the old checkpoint or a complete new one
    assert weights.shape == (1 << 21,) and len(np.unique(weights)) == 1


@pytest.mark.parametrize("module", ["format", "npz", "reader", "writer"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(f"nn.serialization.{module}"))
    assert result.attempted > 0 and result.failed == 0


# ------------------------------------------------------------------ loading state into a model


@pytest.mark.parametrize(
    "state, problem",
    [
        (None, "expected a dict of names to arrays .* got NoneType"),
        (1, "expected a dict of names to arrays .* got int: 1"),
        ({"weight": None, "bias": np.zeros(3)}, "the entry 'weight' must be .* array of numbers"),
        ({"weight": "abc", "bias": np.zeros(3)}, "the entry 'weight' must be .* dtype <U3"),
        (
            {"model": {"weight": np.zeros((2, 3))}},
            r"the entry 'model' is a dict.*checkpoint\['model'\]",
        ),
    ],
)
def test_load_state_dict_refuses_what_is_not_a_state_dict(state, problem):
    model = nn.Linear(2, 3)
    before = model.weight.data.copy()
    with pytest.raises(TypeError, match=rf"^Linear\.load_state_dict: {problem}"):
        model.load_state_dict(state)
    np.testing.assert_array_equal(model.weight.data, before)


@pytest.mark.parametrize("state", [None, 1, {}, {"state": {}}])
def test_optimizer_load_state_dict_refuses_what_is_not_its_state_dict(state):
    optimizer = nn.optim.Adam(nn.Linear(2, 3).parameters())
    with pytest.raises(TypeError, match=r"^Adam\.load_state_dict: expected the dict of 'state'"):
        optimizer.load_state_dict(state)
