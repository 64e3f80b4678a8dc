"""The README's convolution example (its ```py block) runs as written."""

import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parent.parent / "README.md"
(CONVOLUTIONS,) = re.findall(r"```py\n(.*?)```", README.read_text(), flags=re.DOTALL)


def test_the_convolution_example_runs():
    names: dict = {}
    exec(compile(CONVOLUTIONS, "README: convolutions", "exec"), names)
    x = names["x"]
    assert names["columns"].shape == (1, 4, 4)
    np.testing.assert_array_equal(x.grad, np.ones((1, 1, 4, 4)))  # windows that tile: once each
    assert not any(p.requires_grad for p in names["model"][0].parameters())
    images, labels = next(iter(names["loader"]))
    assert images.shape == (4, 1, 28, 28) and labels.shape == (4,)
