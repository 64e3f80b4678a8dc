"""The ten-line example of the README works."""

import numpy as np

from autograd import Tensor


def test_readme_example():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    loss = (x**2).sum()
    loss.backward()
    np.testing.assert_allclose(x.grad, [2.0, 4.0, 6.0])
