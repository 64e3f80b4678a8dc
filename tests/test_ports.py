"""PyTorch tutorial programs run here with only the `torch.` prefix changed.

Each program below is written for PyTorch (the computations of "Learning
PyTorch with Examples" and of the autograd basics tutorial, in our own
words). `ported` changes `torch.nn.` and `torch.optim.` to `nn.` and
`nn.optim.`, every other `torch.` to `autograd.`, and applies only the
deliberate differences listed in DIFFERENCES (the README's "Coming from
PyTorch / NumPy" table). Where PyTorch is installed the original runs too,
from the same random numbers, and the results are compared.
"""

import inspect
import math
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor
from nn.interop import from_torch_state_dict
from tests.needs_torch import import_torch

PREFIXES = [
    ("import torch\n", "import autograd\nimport nn\n"),
    ("torch.nn.", "nn."),
    ("torch.optim.", "nn.optim."),
    ("torch.autograd.", "autograd."),
    ("torch.", "autograd."),
]

# The deliberate differences a program may need, each with the README's words for it.
DIFFERENCES = {
    # .grad is a NumPy array, not a tensor: forget it with None (or zero_grad()).
    "inp.grad.zero_()": ("inp.grad = None", "`x.grad = None`"),
    # Linear.weight is (in_features, out_features), the transpose of PyTorch's.
    "weight[:, ": ("weight.T[:, ", "(in_features, out_features)"),
}

POLYNOMIAL = """
import math

import torch

# Fit y = a + b x + c x^2 + d x^3 to sin(x) on [-pi, pi] by gradient descent,
# updating the weights by hand.
dtype = torch.float
x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
y = torch.sin(x)

a = torch.randn((), dtype=dtype, requires_grad=True)
b = torch.randn((), dtype=dtype, requires_grad=True)
c = torch.randn((), dtype=dtype, requires_grad=True)
d = torch.randn((), dtype=dtype, requires_grad=True)

learning_rate = 1e-6
losses = []
for t in range(2000):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())
    if t % 500 == 499:
        print(t, loss.item())
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

result = [a.item(), b.item(), c.item(), d.item()]
print(f"y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3")
"""

LEGENDRE = '''
import math

import torch


class LegendrePolynomial3(torch.autograd.Function):
    """P3(x) = (5 x^3 - 3 x) / 2, whose derivative 3/2 (5 x^2 - 1) is written by hand."""

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


# Fit y = a + b P3(c + d x) to sin(x), from a start near the answer, with SGD.
dtype = torch.float
x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
y = torch.sin(x)

a = torch.full((), 0.0, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, dtype=dtype, requires_grad=True)
optimizer = torch.optim.SGD([a, b, c, d], lr=5e-6)

P3 = LegendrePolynomial3.apply
losses = []
for t in range(2000):
    y_pred = a + b * P3(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

result = [a.item(), b.item(), c.item(), d.item()]
print(f"y = {a.item()} + {b.item()} * P3({c.item()} + {d.item()} x)")
'''

AUTOGRAD_BASICS = """
import torch

# One layer, one loss: which tensors get gradients, and how to stop tracking.
x = torch.ones(5)
y = torch.zeros(3)
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w) + b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)

print(f"Gradient function for z = {z.grad_fn}")
print(f"Gradient function for loss = {loss.grad_fn}")
z_node = z.grad_fn.name()

loss.backward()
w_grad, b_grad = w.grad.tolist(), b.grad.tolist()

tracked = (torch.matmul(x, w) + b).requires_grad
with torch.no_grad():
    z = torch.matmul(x, w) + b
untracked = z.requires_grad
detached = (torch.matmul(x, w) + b).detach().requires_grad
result = [loss.item(), tracked, untracked, detached]
"""

VECTOR_JACOBIAN = """
import torch

# backward of a tensor that is not a scalar needs the vector of the
# vector-Jacobian product; gradients add up over calls until cleared.
a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3 * a ** 3 - b ** 2
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)
a_right = (9 * a ** 2 == a.grad).tolist()
b_right = (-2 * b == b.grad).tolist()

inp = torch.eye(4, 5, requires_grad=True)
out = (inp + 1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
first = inp.grad.tolist()
out.backward(torch.ones_like(out), retain_graph=True)
second = inp.grad.tolist()
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
after_clearing = inp.grad.tolist()
result = [a_right, b_right, first, second, after_clearing]
"""

SEQUENTIAL = """
import math

import torch

# The same polynomial as a one-layer network on the features (x, x^2, x^3),
# trained with RMSprop.
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
loss_fn = torch.nn.MSELoss(reduction="sum")
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)
losses = []
for t in range(2000):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    losses.append(loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

linear_layer = model[0]
result = [linear_layer.bias.item()] + [linear_layer.weight[:, i].item() for i in range(3)]
"""


def ported(source: str, *differences: str) -> str:
    """`source` with the torch prefixes changed and the named differences applied."""
    for old, new in PREFIXES:
        source = source.replace(old, new)
    for old in differences:
        assert old in source, f"the difference {old!r} is not in the program"
        source = source.replace(old, DIFFERENCES[old][0])
    assert "torch" not in source
    return source


def run(source: str, name: str) -> dict:
    namespace: dict = {}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace


def _torch_randn(torch):
    """autograd.randn drawing PyTorch's numbers, so both programs start alike."""

    def randn(*shape, requires_grad=False, dtype=None):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], tuple) else shape
        data = torch.randn(tuple(shape)).numpy().astype(dtype or autograd.get_default_dtype())
        return Tensor(data, requires_grad=requires_grad)

    return randn


def _compare_with_torch(monkeypatch, source, name, *differences, rtol=1e-3, atol=1e-5):
    torch = import_torch()
    torch.manual_seed(0)
    theirs = run(source, name)
    torch.manual_seed(0)
    monkeypatch.setattr(autograd, "randn", _torch_randn(torch))
    ours = run(ported(source, *differences), name)
    np.testing.assert_allclose(ours["result"], theirs["result"], rtol=rtol, atol=atol)
    return ours, theirs


def test_the_differences_are_the_readmes():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    table = readme[readme.index("## Coming from PyTorch") :]
    for old, (_, words) in DIFFERENCES.items():
        assert words in table, f"README's table does not list {old!r} ({words})"


def _needs_in_place_operators():
    if not hasattr(Tensor, "__isub__"):
        pytest.skip("needs the in-place operators (p -= lr * p.grad under no_grad) of API.md")


def test_polynomial_with_manual_updates():
    _needs_in_place_operators()
    ours = run(ported(POLYNOMIAL), "polynomial")
    assert ours["losses"][-1] < ours["losses"][0] and ours["losses"][-1] < 20
    assert ours["a"].requires_grad  # updated in place, still the same leaves


def test_polynomial_with_manual_updates_matches_pytorch(monkeypatch):
    _needs_in_place_operators()
    _compare_with_torch(monkeypatch, POLYNOMIAL, "polynomial")


def test_custom_function_legendre():
    ours = run(ported(LEGENDRE), "legendre")
    losses = ours["losses"]
    assert losses[-1] < losses[0] / 10 and losses[-1] < 20
    assert all(isinstance(v, float) for v in ours["result"])


def test_custom_function_legendre_matches_pytorch(monkeypatch):
    ours, theirs = _compare_with_torch(monkeypatch, LEGENDRE, "legendre")
    np.testing.assert_allclose(ours["losses"], theirs["losses"], rtol=1e-3)


def test_autograd_basics():
    ours = run(ported(AUTOGRAD_BASICS), "basics")
    assert ours["z_node"] == "AddBackward"
    assert ours["result"][1:] == [True, False, False]
    # d loss / d b = (sigmoid(z) - y) / 3; d loss / d w = outer(x, d loss / d b)
    z = np.ones(5) @ ours["w"].data + ours["b"].data
    expected_b = (1 / (1 + np.exp(-z))) / 3
    np.testing.assert_allclose(ours["b_grad"], expected_b, rtol=1e-5)
    np.testing.assert_allclose(ours["w_grad"], np.outer(np.ones(5), expected_b), rtol=1e-5)


def test_autograd_basics_matches_pytorch(monkeypatch):
    ours, theirs = _compare_with_torch(monkeypatch, AUTOGRAD_BASICS, "basics")
    assert ours["z_node"] + "0" == theirs["z_node"]
    np.testing.assert_allclose(ours["w_grad"], theirs["w_grad"], rtol=1e-5)
    np.testing.assert_allclose(ours["b_grad"], theirs["b_grad"], rtol=1e-5)


def _needs_backward_options():
    options = inspect.signature(Tensor.backward).parameters
    if "gradient" not in options or "retain_graph" not in options:
        pytest.skip("needs backward(gradient=..., retain_graph=...) of API.md")


def test_vector_jacobian_products():
    _needs_backward_options()
    ours = run(ported(VECTOR_JACOBIAN, "inp.grad.zero_()"), "vjp")
    a_right, b_right, first, second, after_clearing = ours["result"]
    assert a_right == b_right == [True, True]
    # d/d inp of sum((inp + 1)^2) is 2 (inp + 1); a second call adds it again
    expected = 2 * (np.eye(4, 5) + 1)
    np.testing.assert_array_equal(first, expected)
    np.testing.assert_array_equal(second, 2 * expected)
    np.testing.assert_array_equal(after_clearing, expected)


def test_vector_jacobian_products_match_pytorch(monkeypatch):
    _needs_backward_options()
    torch = import_torch()
    theirs = run(VECTOR_JACOBIAN, "vjp")
    ours = run(ported(VECTOR_JACOBIAN, "inp.grad.zero_()"), "vjp")
    assert torch.is_tensor(theirs["inp"]) and ours["result"] == theirs["result"]


def _needs_flatten_range():
    if "start_dim" not in inspect.signature(nn.Flatten).parameters:
        pytest.skip("needs nn.Flatten(start_dim, end_dim) of API.md")


def _linear_starting_as(draw):
    """nn.Linear whose initial weight and bias come from `draw(in, out)`: a state dict in
    PyTorch's layout. Our Linear starts Kaiming-uniform (ReLU gain), wider than PyTorch's
    U(-1/sqrt(in), 1/sqrt(in)), too wide for this tutorial's 2000 steps of RMSprop."""

    class Linear(nn.Linear):
        def __init__(self, in_features, out_features, bias=True):
            super().__init__(in_features, out_features, bias)
            from_torch_state_dict(self, draw(in_features, out_features))

    return Linear


def test_sequential_with_an_optimizer(monkeypatch):
    _needs_flatten_range()
    rng = np.random.default_rng(0)

    def pytorch_scale(n_in, n_out):
        bound = 1 / math.sqrt(n_in)
        return {
            "weight": rng.uniform(-bound, bound, (n_out, n_in)),
            "bias": rng.uniform(-bound, bound, n_out),
        }

    monkeypatch.setattr(nn, "Linear", _linear_starting_as(pytorch_scale))
    ours = run(ported(SEQUENTIAL, "weight[:, "), "sequential")
    assert ours["losses"][-1] < 10
    # the least-squares cubic of sin on [-pi, pi], where the tutorial arrives
    x = np.linspace(-math.pi, math.pi, 2000)
    best = np.linalg.lstsq(np.vander(x, 4, increasing=True), np.sin(x), rcond=None)[0]
    np.testing.assert_allclose(ours["result"], best, atol=2e-2)


def test_sequential_with_an_optimizer_matches_pytorch(monkeypatch):
    _needs_flatten_range()
    torch = import_torch()
    torch.manual_seed(0)
    theirs = run(SEQUENTIAL, "sequential")
    torch.manual_seed(0)  # each Linear of ours starts from a torch.nn.Linear made in its turn
    twin = lambda n_in, n_out: torch.nn.Linear(n_in, n_out).state_dict()
    monkeypatch.setattr(nn, "Linear", _linear_starting_as(twin))
    ours = run(ported(SEQUENTIAL, "weight[:, "), "sequential")
    np.testing.assert_allclose(ours["result"], theirs["result"], atol=5e-3)
    np.testing.assert_allclose(ours["losses"][-1], theirs["losses"][-1], rtol=0.05)
