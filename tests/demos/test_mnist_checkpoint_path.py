"""demos.mnist checks where --checkpoint will be saved before it reads data or trains."""

import pytest

import nn
from demos import mnist


@pytest.fixture
def no_training(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the demo read data before checking --checkpoint")

    monkeypatch.setattr(nn.data, "load_mnist", refuse)


@pytest.mark.parametrize(
    "checkpoint, problem",
    [
        ("missing/dir/m.npz", "the folder missing/dir does not exist"),
        (".", "is a directory"),
    ],
)
def test_a_checkpoint_path_that_cannot_be_written_stops_before_training(
    no_training, capsys, checkpoint, problem
):
    with pytest.raises(SystemExit) as stopped:
        mnist.main(["--checkpoint", checkpoint, "--epochs", "1", "--quiet"])
    assert stopped.value.code == 2
    assert f"--checkpoint {checkpoint}: {problem}" in capsys.readouterr().err


def test_a_writable_checkpoint_path_passes_the_check(tmp_path):
    assert mnist.checkpoint_path_problem(tmp_path / "net.npz") is None
    link = tmp_path / "latest.npz"
    link.symlink_to(tmp_path / "runs" / "net.npz")  # into a folder that does not exist
    assert mnist.checkpoint_path_problem(link) == f"the folder {tmp_path / 'runs'} does not exist"
    # --eval-only reads the checkpoint instead: nothing to check before
    assert mnist.parse_arguments(["--checkpoint", "missing/m.npz", "--eval-only"]).eval_only
