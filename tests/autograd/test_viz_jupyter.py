"""In a real Jupyter kernel, a step-through displays as its interactive HTML view."""

import pytest

INSTALL = "pip install nbclient ipykernel nbformat (the notebooks extra)"
nbformat = pytest.importorskip("nbformat", reason=f"needs nbformat: {INSTALL}")
nbclient = pytest.importorskip("nbclient", reason=f"needs nbclient: {INSTALL}")
pytest.importorskip("ipykernel", reason=f"needs ipykernel: {INSTALL}")

CELL = """
from autograd import Tensor
from autograd.viz import step_through
x = Tensor([1.0, 2.0], requires_grad=True)
step_through((x * x).sum())
"""


def test_a_step_through_displays_as_html_in_a_kernel():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    (output,) = notebook.cells[0].outputs
    html = output["data"]["text/html"]
    assert '<div class="bsteps"' in html and "<svg" in html and 'type="range"' in html
    assert "step 2 of 2: [0] mul runs backward" in html  # the frames travel with the view
    assert output["data"]["text/plain"].startswith("<BackwardSteps: 2 steps")
