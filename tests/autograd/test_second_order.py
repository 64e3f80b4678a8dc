"""Second derivatives through `grad(..., create_graph=True)`.

For every op of the table, the Hessian-vector product the engine records is
compared with central differences of its first derivative (checked against
NumPy by test_ops) along the same direction. Closed forms and a gradient
penalty on a tiny network check whole graphs.
"""

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

from autograd import Tensor, grad

from .op_table import parametrize_ops, seeds
from .oracle import central_differences, directional_derivative


def _first_derivatives(op, case, upstream, arrays, create_graph):
    inputs = [Tensor(a, requires_grad=True) for a in arrays]
    out = op.fn(*inputs, **case.options)
    return inputs, grad(out, inputs, grad_outputs=upstream, create_graph=create_graph)


@parametrize_ops()
@given(data=st.data())
def test_hessian_vector_product_matches_central_differences(op, data):
    case = data.draw(op.cases, label="case")
    rng = np.random.default_rng(data.draw(seeds, label="seed"))
    upstream = rng.standard_normal(np.shape(op.ref(*case.arrays, **case.options)))
    directions = [rng.standard_normal(x.shape) for x in case.arrays]

    inputs, first = _first_derivatives(op, case, upstream, case.arrays, create_graph=True)
    along_directions = sum((g * v).sum() for g, v in zip(first, directions))
    if along_directions.requires_grad:
        hvp = [g.data for g in grad(along_directions, inputs, allow_unused=True)]
    else:  # the first derivatives are constants: the op is linear in its inputs
        hvp = [np.zeros(x.shape) for x in case.arrays]

    def gradients(*arrays):
        return [g.data for g in _first_derivatives(op, case, upstream, arrays, False)[1]]

    for analytical, numerical in zip(
        hvp, directional_derivative(gradients, case.arrays, directions)
    ):
        np.testing.assert_allclose(analytical, numerical, rtol=1e-4, atol=1e-6)


def test_second_and_third_derivative_of_a_power():
    x = Tensor([-1.5, 0.5, 2.0], requires_grad=True, dtype=np.float64)
    (dy,) = grad((x**4).sum(), x, create_graph=True)
    (d2y,) = grad(dy.sum(), x, create_graph=True)
    (d3y,) = grad(d2y.sum(), x)
    np.testing.assert_allclose(dy.data, 4 * x.data**3)
    np.testing.assert_allclose(d2y.data, 12 * x.data**2)
    np.testing.assert_allclose(d3y.data, 24 * x.data)


def test_grad_of_grad_of_a_cube_is_six_x():
    x = Tensor(1.7, requires_grad=True, dtype=np.float64)
    (dy,) = grad(x**3, x, create_graph=True)
    assert dy.requires_grad
    (d2y,) = grad(dy, x)
    np.testing.assert_allclose(d2y.data, 6 * 1.7)


def test_mixed_second_derivative():
    # f = x^2 y^3: d/dy (df/dx) = d/dy (2 x y^3) = 6 x y^2
    x = Tensor(1.5, requires_grad=True, dtype=np.float64)
    y = Tensor(-0.5, requires_grad=True, dtype=np.float64)
    (dfdx,) = grad(x**2 * y**3, x, create_graph=True)
    (d2f,) = grad(dfdx, y)
    np.testing.assert_allclose(d2f.data, 6 * 1.5 * 0.25)


def test_create_graph_leaves_grad_untouched_and_backward_through_it_accumulates():
    x = Tensor([0.5, -1.0], requires_grad=True, dtype=np.float64)
    (dy,) = grad((x**3).sum(), x, create_graph=True)
    assert x.grad is None
    dy.sum().backward()
    np.testing.assert_allclose(x.grad, 6 * x.data)


# ------------------------------------------------------------------ gradient penalty


def _mlp(x, w1, b1, w2):
    return ((x @ w1 + b1).tanh() @ w2).sum()


def _gradient_penalty(x, *params):
    """|d mlp / d x|^2: what WGAN-GP and double backpropagation train on."""
    (dx,) = grad(_mlp(x, *params), x, create_graph=True)
    return (dx * dx).sum()


@pytest.fixture
def tiny_network():
    rng = np.random.default_rng(0)
    shapes = [(4, 3), (3, 5), (5,), (5, 2)]  # x, w1, b1, w2
    return [rng.standard_normal(s) for s in shapes]


def test_gradient_penalty_on_a_tiny_mlp_matches_finite_differences(tiny_network):
    x, *params = [Tensor(a, requires_grad=True) for a in tiny_network]
    _gradient_penalty(x, *params).backward()

    def penalty(*arrays):
        return _gradient_penalty(*[Tensor(a, requires_grad=True) for a in arrays]).data

    expected = central_differences(penalty, tiny_network, np.ones(()))
    for tensor, numerical in zip([x, *params], expected):
        np.testing.assert_allclose(tensor.grad, numerical, rtol=1e-5, atol=1e-7)


def test_hessian_of_a_quadratic_form_is_the_symmetrised_matrix():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((3, 3))
    x = Tensor(rng.standard_normal(3), requires_grad=True)
    (g,) = grad(x @ Tensor(a) @ x, x, create_graph=True)
    rows = [grad(g[i], x, retain_graph=True)[0].data for i in range(3)]
    np.testing.assert_allclose(np.stack(rows), a + a.T, atol=1e-12)
