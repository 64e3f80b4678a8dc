"""The README's code runs as written, so the README stays true to the code."""

import re
import shutil
from pathlib import Path

import numpy as np

import autograd

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)
TEN_LINES, BY_HAND, GRAPH, CUBE, DEBUGGING = BLOCKS


def run(source: str, namespace: dict, name: str) -> dict:
    exec(compile(source, f"README: {name}", "exec"), namespace)
    return namespace


def test_the_ten_line_example_learns():
    autograd.manual_seed(0)  # the example draws its data and weights from the library's generator
    names = run(TEN_LINES, {}, "ten lines")
    np.testing.assert_allclose(names["x"].grad, [2.0, 4.0, 6.0])
    assert names["loss"].item() < 0.9  # from log(3) = 1.1: 500 Adam steps learn the spiral


def test_the_update_by_hand_learns():
    autograd.manual_seed(0)
    names = run(BY_HAND, {}, "by hand")
    final = names["nn"].CrossEntropyLoss()(names["model"](names["X"]), names["y"]).item()
    assert final < 0.5 * np.log(2)  # from log(2) at the start: the parameters did change


def test_the_graph_example_draws_the_trained_network(tmp_path, monkeypatch):
    names = run(TEN_LINES, {}, "ten lines")
    monkeypatch.chdir(tmp_path)
    if shutil.which("dot") is None:  # drawing works without Graphviz; rendering does not
        run(GRAPH.replace('.render("loss", format="svg")', ".source"), names, "graph")
    else:
        run(GRAPH, names, "graph")
        assert (tmp_path / "loss.svg").read_text().lstrip().startswith("<?xml")


def test_the_custom_function_example_passes_gradcheck():
    run(CUBE, {}, "Cube")  # gradcheck raises when it fails


def test_the_debugging_example_checks_steps_and_watches_the_trained_network(tmp_path, monkeypatch):
    names = run(TEN_LINES, {}, "ten lines")
    monkeypatch.chdir(tmp_path)
    source = DEBUGGING
    if shutil.which("dot") is None:
        source = source.replace('.render("checked", format="svg")', ".source")
    run(source, names, "debugging")
    assert (tmp_path / "backward.html").read_text().startswith("<!DOCTYPE html>")
