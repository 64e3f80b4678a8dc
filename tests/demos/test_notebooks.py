"""The notebooks in demos/notebooks/ run top to bottom in a real Jupyter kernel and show it.

Each notebook runs from its committed .ipynb in a kernel of its own (ipykernel,
driven by nbclient), with the values of its "parameters" cell overridden where
the full run would train for long; an error in any cell fails the test. The
.ipynb files must be exactly what their .py sources generate.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from demos.exercises import EXERCISES, solutions

nbformat = pytest.importorskip("nbformat", reason="install with: pip install -e '.[notebooks]'")
nbclient = pytest.importorskip("nbclient", reason="install with: pip install -e '.[notebooks]'")
pytest.importorskip("ipykernel", reason="install with: pip install -e '.[notebooks]'")
pytest.importorskip("jupytext", reason="install with: pip install -e '.[notebooks]'")
from jupyter_client import KernelManager  # noqa: E402 (installed with nbclient)
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "demos" / "notebooks"
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
needs_fashion = pytest.mark.skipif(
    not FASHION_DIR.is_dir(), reason="install with: apt-get install dataset-fashion-mnist"
)


def load_build_module():
    """demos/notebooks/_build.py, which is a script beside the notebooks, not a package module."""
    spec = importlib.util.spec_from_file_location("notebooks_build", NOTEBOOKS / "_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = load_build_module()
SOURCES = build.sources(NOTEBOOKS)


def tagged(notebook, tag: str) -> list:
    """The cells carrying `tag`."""
    return [cell for cell in notebook.cells if tag in cell.metadata.get("tags", [])]


def run(name: str, tmp_path: Path, parameters: dict | None = None, edit=None):
    """Execute notebook `name` in a fresh kernel and return it with its outputs.

    `parameters` are assigned in a cell inserted after the one tagged
    "parameters" (as papermill does), each of them a name that cell assigns;
    `edit(notebook)` may change cells before the run. The kernel works in
    tmp_path and imports `demos` from this checkout, as `make notebooks` sets up.
    """
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    if parameters:
        (cell,) = tagged(notebook, "parameters")
        for key in parameters:
            assert re.search(rf"^{key} =", cell.source, re.MULTILINE), f"{name} has no {key}"
        overrides = "\n".join(f"{key} = {value!r}" for key, value in parameters.items())
        position = notebook.cells.index(cell) + 1
        notebook.cells.insert(position, nbformat.v4.new_code_cell(overrides))
    if edit is not None:
        edit(notebook)
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    # No kernel directories: "python3" is then ipykernel's own kernel on this very
    # interpreter, never a "python3" kernel installed for another environment.
    kernel = KernelManager(
        kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[])
    )
    client = nbclient.NotebookClient(
        notebook, km=kernel, timeout=300, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute(env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)})
    return notebook


def printed(cells: list) -> str:
    """Everything the cells printed (their stream outputs), joined."""
    return "".join(
        output.text
        for cell in cells
        for output in cell.get("outputs", [])
        if output.output_type == "stream"
    )


def mime_types(cell) -> set[str]:
    """The MIME types of the rich outputs (pictures, drawings, Markdown) of one cell."""
    return {kind for output in cell.get("outputs", []) for kind in output.get("data", {})}


# ------------------------------------------------------------------ sources


def test_the_notebooks_are_the_tour_the_tutorials_and_the_exercises():
    names = [source.stem for source in SOURCES]
    assert names[0] == "01_tour" and "exercises" in names
    assert {"02_spiral", "03_sigmoid_toy", "04_xor", "05_fashion_mnist", "06_cnn"} <= set(names)
    assert sorted(path.stem for path in NOTEBOOKS.glob("*.ipynb")) == sorted(names)


@pytest.mark.parametrize("source", SOURCES, ids=[source.stem for source in SOURCES])
def test_each_ipynb_is_generated_from_its_source_without_outputs(source):
    committed = source.with_suffix(".ipynb").read_text(encoding="utf-8")
    generated = build.text_of(build.notebook_from_source(source))
    assert committed == generated, f"run: python demos/notebooks/_build.py ({source.name})"
    for cell in nbformat.reads(committed, as_version=4).cells:
        assert not cell.get("outputs") and cell.get("execution_count") is None


# ------------------------------------------------------------------ the tour and the tutorials


def test_tour_draws_the_graph_inline_and_gradcheck_catches_the_planted_mistake(tmp_path):
    notebook = run("01_tour", tmp_path)
    assert "do/dw1 by hand 1.0000, by backward 1.0000" in printed(notebook.cells)
    assert "bias.grad: [3. 3. 3. 3.]" in printed(notebook.cells)
    report = printed(tagged(notebook, "gradcheck"))
    assert "gradcheck failed for input 0" in report
    assert "multiply by the incoming `grad`" in report
    (steps_cell,) = tagged(notebook, "steps")
    assert "gradients meet at" in printed([steps_cell]) and "sends to a () float32: 39" in printed(
        [steps_cell]
    )
    assert "text/html" in mime_types(steps_cell)
    (graph_cell,) = tagged(notebook, "graph")
    if shutil.which("dot") is None:  # the cell shows how to install Graphviz instead
        assert any("Install Graphviz" in out.get("evalue", "") for out in graph_cell.outputs)
        pytest.skip("the inline SVG needs Graphviz: apt-get install graphviz")
    assert "image/svg+xml" in mime_types(graph_cell)


def test_spiral_learns_and_draws_its_decision_boundary(tmp_path):
    notebook = run("02_spiral", tmp_path, {"EPOCHS": 300})
    (boundary,) = tagged(notebook, "boundary")
    assert "image/png" in mime_types(boundary)
    text = printed(notebook.cells)
    # As tests/demos/test_demos.py: 300 Adam steps already find most of the arms.
    assert float(re.search(r"training accuracy +([\d.]+)", text)[1]) > 0.75
    assert float(re.search(r"fresh-spiral accuracy ([\d.]+)", text)[1]) > 0.65


def test_sigmoid_toy_loss_falls_every_step_and_fits_every_sample(tmp_path):
    notebook = run("03_sigmoid_toy", tmp_path)  # the full 1500 steps take about a second
    text = printed(notebook.cells)
    assert "the loss fell at every step: True" in text
    predictions = re.findall(r"^\[(\d) (\d) 1\]  (\d) +([\d.]+)$", text, re.MULTILINE)
    assert len(predictions) == 4
    for first, second, target, prediction in predictions:
        assert int(target) == int(first) ^ int(second)
        assert abs(float(prediction) - int(target)) < 0.1
    assert any("image/png" in mime_types(cell) for cell in notebook.cells)


def test_xor_trains_six_runs_and_plots_their_losses(tmp_path):
    # Seed 0 solves XOR with every optimizer well within 400 steps (outputs within 0.04 of 0 or 1).
    notebook = run("04_xor", tmp_path, {"STEPS": 400})
    verdicts = re.findall(r"^2-(\d)-1 (\w+) .* (solved|stuck)$", printed(notebook.cells), re.M)
    assert [(hidden, name) for hidden, name, _ in verdicts] == [
        (hidden, name) for hidden in "24" for name in ("SGD", "RMSprop", "Adam")
    ]
    assert all(verdict == "solved" for *_, verdict in verdicts), verdicts
    assert any("image/png" in mime_types(cell) for cell in notebook.cells)


@needs_fashion
def test_fashion_mnist_reports_metrics_and_draws_the_confusion_matrix(tmp_path):
    parameters = {"DATA_DIR": str(FASHION_DIR), "LIMIT": 3000, "EPOCHS": 1}
    notebook = run("05_fashion_mnist", tmp_path, parameters)
    text = printed(notebook.cells)
    assert "3000 training and 10000 test images of fashion" in text
    # One epoch on 3000 images: far above chance (0.1), far below the full run's 0.88.
    assert float(re.search(r"test accuracy ([\d.]+)", text)[1]) > 0.6
    assert re.search(r"^Shirt +[\d.]+ +[\d.]+ +[\d.]+$", text, re.MULTILINE)
    (confusion,) = tagged(notebook, "confusion")
    assert "image/png" in mime_types(confusion)


@needs_fashion
def test_cnn_learns_and_draws_its_augmentation_filters_feature_maps_and_confusion(tmp_path):
    parameters = {
        "DATA_DIR": str(FASHION_DIR), "LIMIT": 2000, "TEST_LIMIT": 1000, "EPOCHS": 1,
        "CHANNELS": (8, 16),
    }  # fmt: skip
    notebook = run("06_cnn", tmp_path, parameters)
    text = printed(notebook.cells)
    assert "2000 training and 1000 test images of fashion: (2000, 1, 28, 28)" in text
    assert "Compose([RandomShift(max_shift=1" in text and "RandomHorizontalFlip" in text
    assert re.search(r"epoch 1/1: loss [\d.]+, train accuracy [\d.]+ \(\d+ s\)$", text, re.M)
    assert re.search(r"epoch 1/1: +\d+%\|.*\| \d+/32 .*loss=[\d.]+", text)  # the progress line
    # One epoch of 32 small steps: far above chance (0.1), far below the full run's 0.919.
    assert float(re.search(r"test accuracy ([\d.]+)", text)[1]) > 0.45
    assert re.search(r"^Shirt +[\d.]+ +[\d.]+ +[\d.]+$", text, re.MULTILINE)
    for tag in ("augmentation", "filters", "feature_maps", "confusion"):
        (cell,) = tagged(notebook, tag)
        assert "image/png" in mime_types(cell), tag


# ------------------------------------------------------------------ the exercises


NAMES = [exercise.__name__ for exercise in EXERCISES]


def test_exercises_untouched_are_all_not_attempted_and_say_where_to_write(tmp_path):
    notebook = run("exercises", tmp_path)
    assert len(tagged(notebook, "exercise")) == len(EXERCISES)
    summary = printed(tagged(notebook, "summary"))
    assert f"0 of {len(EXERCISES)} correct, 0 wrong, {len(EXERCISES)} not attempted." in summary
    assert "Next: Sigmoid.backward is not written yet: replace `raise todo(ctx)` in its cell" in (
        summary
    )
    shown = [cell for cell in notebook.cells if "text/markdown" in mime_types(cell)]
    for name in NAMES:  # each exercise's explanation and forward are displayed
        assert any(f"### {name}" in cell.outputs[0].data["text/markdown"] for cell in shown)


def solution_cell(name: str) -> str:
    """The learner's cell for `name` with `raise todo(ctx)` replaced by the reference answer."""
    reference = getattr(solutions, name)
    module = inspect.getmodule(reference)
    # The functions the answer calls, from its own module or the exercise's (pad, correlate).
    helpers = [
        (value.__module__, helper)
        for helper, value in vars(module).items()
        if inspect.isfunction(value) and value.__module__.startswith("demos.exercises")
    ]
    source = textwrap.dedent(inspect.getsource(reference.backward))
    body = source.split("def backward(ctx, grad):\n", 1)[1]
    imports = "".join(f"from {where} import {helper}\n" for where, helper in helpers)
    return imports + "\n".join(
        [
            f"class {name}(exercises.{name}):",
            "    @staticmethod",
            "    def backward(ctx, grad):",
            textwrap.indent(textwrap.dedent(body), " " * 8).rstrip(),
        ]
    )


def test_exercises_with_answers_written_in_are_checked_with_the_command_line_hints(tmp_path):
    # The reference answers in every cell but Tanh's, where a learner flipped the sign.
    def answer(notebook):
        for cell in tagged(notebook, "exercise"):
            name = re.match(r"class (\w+)\(exercises\.\1\):", cell.source)[1]
            assert "raise todo(ctx)" in cell.source
            cell.source = solution_cell(name)
            if name == "Tanh":
                cell.source = cell.source.replace("return grad *", "return -grad *")

    notebook = run("exercises", tmp_path, edit=answer)
    count = len(EXERCISES)
    summary = printed(tagged(notebook, "summary"))
    assert f"{count - 1} of {count} correct, 1 wrong, 0 not attempted." in summary
    assert " 2. Tanh           WRONG" in summary and "a sign is flipped in backward" in summary
    assert "Next: fix Tanh.backward, with the diagnostic above." in summary
    assert printed(notebook.cells).count("1 of 1 correct") == count - 1


def test_exercises_show_no_solution():
    source = (NOTEBOOKS / "exercises.py").read_text()
    assert "solutions" not in source.replace("--solutions", "")
    for name in NAMES:
        body = inspect.getsource(getattr(solutions, name).backward).split("def backward", 1)[1]
        for line in body.splitlines()[1:]:
            assert line.strip() not in source, f"{name}'s answer is visible: {line.strip()}"
