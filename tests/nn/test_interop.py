"""nn.interop: a trained model moves to PyTorch and back with the same outputs."""

import sys

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor
from nn.interop import from_torch_state_dict, to_torch_state_dict
from tests.needs_torch import import_torch


def _model(seed=0):
    autograd.manual_seed(seed)
    return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.BatchNorm1d(16), nn.Linear(16, 3))


def _trained(model, steps=20):
    X, y = nn.data.spiral_data(30, 3, seed=1)
    optimizer = nn.optim.Adam(model.parameters(), lr=0.02)
    for _ in range(steps):
        optimizer.zero_grad()
        nn.CrossEntropyLoss()(model(X), y).backward()
        optimizer.step()
    return model.eval(), X.astype(np.float32)


def test_names_and_layout_are_pytorchs():
    model, _ = _trained(_model())
    state = to_torch_state_dict(model, arrays=True)
    assert list(state) == [
        "0.weight", "0.bias",
        "2.weight", "2.bias", "2.running_mean", "2.running_var", "2.num_batches_tracked",
        "3.weight", "3.bias",
    ]  # fmt: skip
    np.testing.assert_array_equal(state["0.weight"], model[0].weight.data.T)
    np.testing.assert_array_equal(state["3.weight"], model[3].weight.data.T)
    assert state["0.weight"].shape == (16, 2) and state["0.weight"].flags.c_contiguous
    np.testing.assert_array_equal(state["2.running_var"], model[2].running_var)
    assert state["2.num_batches_tracked"].dtype == np.int64


def test_a_round_trip_restores_every_array():
    model, X = _trained(_model(0))
    other = _model(1).eval()
    assert from_torch_state_dict(other, to_torch_state_dict(model, arrays=True)) == ([], [])
    for (name, a), (_, b) in zip(model.state_dict().items(), other.state_dict().items()):
        np.testing.assert_array_equal(a, b, err_msg=name)
    np.testing.assert_array_equal(model(X).data, other(X).data)


def test_a_state_of_another_architecture_is_refused_and_nothing_changes():
    state = to_torch_state_dict(_model(0), arrays=True)
    state["3.weight"] = np.zeros((4, 16), dtype=np.float32)  # 4 outputs, not 3
    target = _model(1)
    before = target.state_dict()
    with pytest.raises(RuntimeError, match=r"3\.weight"):
        from_torch_state_dict(target, state)
    for name, array in target.state_dict().items():
        np.testing.assert_array_equal(array, before[name])


def test_without_torch_the_error_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    with pytest.raises(ImportError, match=r"pip install torch.*arrays=True"):
        to_torch_state_dict(_model())


def _torch_twin(torch):
    return torch.nn.Sequential(
        torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.BatchNorm1d(16), torch.nn.Linear(16, 3)
    )


def test_pytorch_loads_the_model_and_computes_the_same_outputs():
    torch = import_torch()
    model, X = _trained(_model())
    twin = _torch_twin(torch)
    state = to_torch_state_dict(model)
    assert list(state) == list(twin.state_dict())  # the same names in the same order
    twin.load_state_dict(state)  # strict: every name, every shape
    twin.eval()
    with torch.no_grad():
        theirs = twin(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(theirs, model(Tensor(X)).data, rtol=1e-5, atol=1e-5)


def test_a_model_trained_further_in_pytorch_comes_back():
    torch = import_torch()
    model, X = _trained(_model())
    twin = _torch_twin(torch)
    twin.load_state_dict(to_torch_state_dict(model))
    optimizer = torch.optim.SGD(twin.parameters(), lr=0.1)
    labels = torch.from_numpy(nn.data.spiral_data(30, 3, seed=1)[1])
    for _ in range(5):  # in training mode: the running statistics move too
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(twin(torch.from_numpy(X)), labels).backward()
        optimizer.step()
    twin.eval()
    from_torch_state_dict(model, twin.state_dict())
    with torch.no_grad():
        theirs = twin(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(model(Tensor(X)).data, theirs, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(model[0].weight.data, twin[0].weight.detach().numpy().T)


def test_a_module_with_named_parts_keeps_its_names():
    torch = import_torch()

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = nn.Linear(3, 5)
            self.head = nn.Linear(5, 1, bias=False)

        def forward(self, x):
            return self.head(self.hidden(x).tanh())

    class TorchNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = torch.nn.Linear(3, 5)
            self.head = torch.nn.Linear(5, 1, bias=False)

        def forward(self, x):
            return self.head(self.hidden(x).tanh())

    ours, theirs = Net(), TorchNet()
    theirs.load_state_dict(to_torch_state_dict(ours))
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    with torch.no_grad():
        expected = theirs(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(ours(Tensor(x)).data, expected, rtol=1e-5, atol=1e-6)


def test_convolutions_carry_over_as_they_are():
    torch = import_torch()
    if not hasattr(nn, "Conv2d"):
        pytest.skip("nn.Conv2d is not in this build")
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8, 2))
    twin = torch.nn.Sequential(
        torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(8, 2)
    )
    twin.load_state_dict(to_torch_state_dict(model))
    x = np.random.default_rng(0).standard_normal((3, 1, 4, 4)).astype(np.float32)
    with torch.no_grad():
        expected = twin(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(model(Tensor(x)).data, expected, rtol=1e-4, atol=1e-5)
