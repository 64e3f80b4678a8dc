"""The demos learn what they claim, write their pictures, and fail politely.

Each demo runs in-process through its `main(argv)` in a reduced setting (few
epochs or samples), except sigmoid_toy and xor, which are cheap enough to
check their full claims. Subprocesses check that `python -m demos.NAME` runs
each demo, as the README says.
"""

from __future__ import annotations

import math
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nn
from demos import graph, mnist, sigmoid_toy, spiral, xor

ROOT = Path(__file__).resolve().parents[2]
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="install Graphviz: apt-get install graphviz"
)
needs_fashion = pytest.mark.skipif(
    not FASHION_DIR.is_dir(), reason="install with: apt-get install dataset-fashion-mnist"
)


def run(demo, tmp_path: Path, *options: str) -> dict:
    """The results of `demo.main` run quietly with its pictures going to tmp_path."""
    return demo.main([*options, "--quiet", "--out", str(tmp_path)])


def assert_pictures(paths: list[Path], *names: str) -> None:
    """Each of `names` was written, non-empty, with the signature of its format."""
    signatures = {".png": b"\x89PNG", ".svg": b"<?xml", ".gv": b"digraph"}
    by_name = {path.name: path for path in paths}
    for name in names:
        assert name in by_name, f"{name} not among {sorted(by_name)}"
        assert by_name[name].read_bytes().startswith(signatures[by_name[name].suffix])


# ------------------------------------------------------------------ spiral


def test_spiral_learns_and_draws(tmp_path):
    results = run(spiral, tmp_path, "--epochs", "300")
    losses = results["history"]["loss"]
    assert losses[-1] < 0.5 * losses[0]
    # Chance is 1/3; 300 Adam steps already find most of the arms.
    assert results["train_accuracy"] > 0.75
    assert results["fresh_accuracy"] > 0.65
    assert_pictures(results["files"], "spiral_boundary.png", "spiral_curves.png", "spiral_graph.gv")


@needs_dot
def test_spiral_renders_the_graph(tmp_path):
    assert_pictures(run(spiral, tmp_path, "--epochs", "1")["files"], "spiral_graph.svg")


def test_spiral_one_hot_labels_train_exactly_like_integer_labels(tmp_path):
    # Same seed, same loss: one-hot rows and class numbers must give the same
    # gradients, so every epoch's loss agrees; with SGD for the other optimizer path.
    options = ("--epochs", "50", "--optimizer", "sgd")
    as_int = run(spiral, tmp_path, *options, "--labels", "int")["history"]["loss"]
    as_onehot = run(spiral, tmp_path, *options, "--labels", "onehot")["history"]["loss"]
    np.testing.assert_allclose(as_onehot, as_int, rtol=1e-4)
    assert as_int[-1] < as_int[0]


# ------------------------------------------------------------------ sigmoid toy and XOR


def test_sigmoid_toy_loss_falls_every_step_and_fits_every_sample(tmp_path):
    results = run(sigmoid_toy, tmp_path)
    assert len(results["losses"]) == 1500
    assert np.all(np.diff(results["losses"]) < 0)
    np.testing.assert_array_less(np.abs(results["predictions"] - sigmoid_toy.TARGETS), 0.1)
    assert_pictures(results["files"], "sigmoid_toy_loss.png")


def test_xor_every_network_and_optimizer_solves_it(tmp_path):
    results = run(xor, tmp_path)
    targets = nn.data.xor_data()[1][:, 0]
    assert len(results["runs"]) == 6
    for label, outputs in ((label, r["outputs"]) for label, r in results["runs"].items()):
        assert np.array_equal(outputs > 0.5, targets > 0.5), f"{label}: {outputs}"
    assert_pictures(results["files"], "xor_losses.png")


# ------------------------------------------------------------------ graph


def test_graph_neuron_values_and_gradients_match_the_closed_form(tmp_path):
    results = run(graph, tmp_path)
    x1, x2, w1, w2, b = 2.0, 0.0, -3.0, 1.0, 6.8813735870195432
    output = math.tanh(x1 * w1 + x2 * w2 + b)
    slope = 1 - output**2  # d tanh(n) / dn
    expected = {"x1": slope * w1, "x2": slope * w2, "w1": slope * x1, "w2": slope * x2, "b": slope}
    assert results["output"] == pytest.approx(output, abs=1e-6)
    for name, value in expected.items():
        assert results["gradients"][name] == pytest.approx(value, abs=1e-5), name
    assert_pictures(results["files"], "graph_neuron.gv", "graph_mlp.gv")


@needs_dot
def test_graph_renders_svg_and_png(tmp_path):
    names = [f"graph_{g}.{fmt}" for g in ("neuron", "mlp") for fmt in ("svg", "png")]
    assert_pictures(run(graph, tmp_path)["files"], *names)


def test_graph_without_graphviz_writes_the_dot_text_and_says_how_to_install(
    tmp_path, monkeypatch, capsys
):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # `dot` cannot be found
    files = run(graph, tmp_path / "out")["files"]
    assert sorted(path.suffix for path in files) == [".gv", ".gv"]
    message = capsys.readouterr().out
    assert "install" in message.lower() and "Graphviz" in message


# ------------------------------------------------------------------ mnist


@needs_fashion
def test_mnist_learns_fashion_and_reloads_the_same_checkpoint(tmp_path):
    checkpoint = tmp_path / "net.npz"
    common = (
        "--dataset",
        "fashion",
        "--data-dir",
        str(FASHION_DIR),
        "--checkpoint",
        str(checkpoint),
    )
    trained = run(mnist, tmp_path, *common, "--limit", "6000", "--epochs", "2")
    assert trained["history"]["loss"][1] < trained["history"]["loss"][0]
    assert trained["test_accuracy"] > 0.75  # chance is 0.1
    assert trained["confusion"].sum() == 10_000
    assert_pictures(trained["files"], "mnist_confusion.png")
    saved = nn.load(checkpoint)
    assert {"model", "optimizer"} <= set(saved)

    reloaded = run(mnist, tmp_path, *common, "--eval-only")
    assert reloaded["history"] is None
    assert reloaded["test_accuracy"] == trained["test_accuracy"]


@needs_fashion
def test_mnist_tutorial_preset_is_full_batch_16_units_logging_every_10(tmp_path, capsys):
    options = ("--data-dir", str(FASHION_DIR), "--preset", "tutorial", "--limit", "1000")
    mnist.main([*options, "--epochs", "20", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert "in_features=784, out_features=16" in printed
    assert "epoch 10/20 (step 10)" in printed and "epoch 20/20 (step 20)" in printed
    assert "epoch 9/20" not in printed


def test_mnist_without_data_or_network_exits_with_a_message(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network disabled by the test")

    # Block every connection (and name lookup) in this process, whatever downloads.
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    empty = tmp_path / "no-data"
    with pytest.raises(SystemExit) as stop:
        mnist.main(["--data-dir", str(empty), "--dataset", "fashion", "--quiet"])
    message = stop.value.code
    assert isinstance(message, str)  # printed to stderr with exit status 1, no traceback
    assert "cannot get the fashion data" in message and str(empty) in message


# ------------------------------------------------------------------ entry points


def test_python_m_runs_a_demo_to_its_result_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "demos.sigmoid_toy", "--quiet", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("sigmoid_toy: loss")
    assert (tmp_path / "sigmoid_toy_loss.png").is_file()


@pytest.mark.parametrize("name", ["spiral", "sigmoid_toy", "xor", "mnist", "graph"])
def test_each_demo_runs_as_a_module_with_help(name):
    done = subprocess.run(
        [sys.executable, "-m", f"demos.{name}", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"python -m demos.{name}" in done.stdout and "--seed" in done.stdout
