"""Module: registration, naming, modes, state dicts, printing and scopes."""

import inspect
import sys

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor


class TwoLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.BatchNorm1d(4))
        self.head = nn.Linear(4, 3)

    def forward(self, x):
        return self.head(self.body(x))


def test_parameters_are_registered_in_assignment_order_with_dotted_names():
    model = TwoLayer()
    names = [name for name, _ in model.named_parameters()]
    assert names == [
        "body.0.weight",
        "body.0.bias",
        "body.2.weight",
        "body.2.bias",
        "head.weight",
        "head.bias",
    ]
    assert [p for _, p in model.named_parameters()] == list(model.parameters())
    assert [name for name, _ in model.named_modules()] == [
        "",
        "body",
        "body.0",
        "body.1",
        "body.2",
        "head",
    ]
    assert [name for name, _ in model.named_children()] == ["body", "head"]


def test_registered_parameters_are_named_after_their_attribute():
    model = TwoLayer()
    assert model.head.weight.name == "weight"
    assert model.head.bias.name == "bias"
    assert isinstance(model.head.weight, Tensor) and model.head.weight.requires_grad


def test_a_shared_parameter_is_listed_once():
    model = nn.Module()
    model.a = nn.Linear(2, 2)
    model.b = nn.Linear(2, 2)
    model.b.weight = model.a.weight
    assert len(list(model.parameters())) == 3


def test_reassigning_an_attribute_keeps_its_place_and_other_values_unregister_it():
    layer = nn.Linear(2, 3)
    layer.weight = nn.Parameter(np.zeros((2, 3), dtype=np.float32))
    assert [name for name, _ in layer.named_parameters()] == ["weight", "bias"]
    layer.bias = None
    assert [name for name, _ in layer.named_parameters()] == ["weight"]
    del layer.weight
    assert list(layer.named_parameters()) == []


def test_sequential_and_module_list_index_and_iterate():
    layers = [nn.Linear(2, 2), nn.Tanh()]
    model = nn.Sequential(*layers)
    assert model[0] is layers[0] and model[-1] is layers[1] and len(model) == 2
    assert list(model) == layers
    listed = nn.ModuleList(layers).append(nn.Sigmoid())
    assert len(listed) == 3 and [name for name, _ in listed.named_children()] == ["0", "1", "2"]
    with pytest.raises(IndexError, match="out of range"):
        model[2]
    with pytest.raises(TypeError, match="ReLU\\(\\), not ReLU"):
        nn.Sequential(nn.ReLU)


def test_zero_grad_sets_every_grad_to_none():
    model = TwoLayer()
    model(np.ones((3, 2), dtype=np.float32)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_train_and_eval_reach_every_sub_module():
    model = TwoLayer()
    assert model.eval() is model
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())


def test_missing_attribute_raises_a_helpful_attribute_error():
    model = TwoLayer()
    with pytest.raises(AttributeError, match="did you mean 'head'") as error:
        _ = model.heda
    assert "sub-modules: body, head" in str(error.value)
    with pytest.raises(AttributeError, match="did you mean 'parameters'"):
        model.paramters()
    assert not hasattr(model, "nothing_like_it")


def test_assigning_parts_before_super_init_explains_the_fix():
    class Forgetful(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(1, 1)

    with pytest.raises(AttributeError, match=r"super\(\)\.__init__\(\)"):
        Forgetful()

    class Silent(nn.Module):
        def __init__(self):
            pass

        def forward(self, x):
            return x

    with pytest.raises(AttributeError, match=r"never ran; call super\(\)\.__init__\(\)"):
        Silent()(1)


def test_forward_must_be_defined():
    with pytest.raises(NotImplementedError, match="forward"):
        nn.Module()(1)


def test_repr_is_a_tree_with_parameter_counts():
    text = repr(TwoLayer())
    assert text.splitlines() == [
        "TwoLayer(",
        "  (body): Sequential(",
        "    (0): Linear(in_features=2, out_features=4, bias=True)  # 12 parameters",
        "    (1): ReLU()",
        "    (2): BatchNorm1d(4, eps=1e-05, momentum=0.1)  # 8 parameters",
        "  )  # 20 parameters",
        "  (head): Linear(in_features=4, out_features=3, bias=True)  # 15 parameters",
        ")  # 35 parameters",
    ]
    assert repr(nn.ReLU()) == "ReLU()"


# ------------------------------------------------------------------ state dicts


def test_state_dict_holds_copies_of_parameters_and_buffers():
    model = TwoLayer()
    state = model.state_dict()
    assert list(state) == [
        "body.0.weight",
        "body.0.bias",
        "body.2.weight",
        "body.2.bias",
        "body.2.running_mean",
        "body.2.running_var",
        "head.weight",
        "head.bias",
    ]
    expected = {name: p.data for name, p in model.named_parameters()}
    expected.update(model.named_buffers())
    assert set(state) == set(expected)
    for name, array in state.items():
        np.testing.assert_array_equal(array, expected[name])
        assert not np.shares_memory(array, expected[name])


def test_load_state_dict_copies_values_in_place():
    source, target = TwoLayer(), TwoLayer()
    source(np.random.default_rng(0).standard_normal((8, 2)).astype(np.float32))  # moves stats
    weight_before = target.head.weight
    target.load_state_dict(source.state_dict())
    assert target.head.weight is weight_before  # an optimizer holding it still sees it
    for (name, a), b in zip(source.state_dict().items(), target.state_dict().values()):
        np.testing.assert_array_equal(a, b, err_msg=name)
    state = source.state_dict()
    target.load_state_dict(state)
    state["head.bias"] += 1
    assert not np.array_equal(target.head.bias.data, state["head.bias"])


def test_load_state_dict_names_every_problem_and_changes_nothing():
    model = TwoLayer()
    before = model.state_dict()
    state = model.state_dict()
    del state["head.bias"], state["body.2.running_var"]
    state["head.weight"] = np.zeros((3, 4))
    state["extra"] = np.zeros(2)
    with pytest.raises(RuntimeError) as error:
        model.load_state_dict(state)
    message = str(error.value)
    assert "wrong shape for head.weight: expected shape (4, 3), got (3, 4)" in message
    assert "missing head.bias (shape (3,))" in message
    assert "missing body.2.running_var (shape (4,))" in message
    assert "unexpected extra (shape (2,))" in message
    for name, array in model.state_dict().items():
        np.testing.assert_array_equal(array, before[name])


def test_load_state_dict_not_strict_skips_missing_and_unexpected_but_not_shapes():
    model = nn.Linear(2, 3)
    result = model.load_state_dict({"weight": np.ones((2, 3)), "other": 1.0}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["other"]
    np.testing.assert_array_equal(model.weight.data, np.ones((2, 3)))
    assert model.weight.dtype == np.float32
    with pytest.raises(RuntimeError, match="wrong shape"):
        model.load_state_dict({"weight": np.ones(3)}, strict=False)


# ------------------------------------------------------------------ scopes


def test_operations_are_scoped_by_the_modules_that_made_them():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    out = model(np.ones((1, 2), dtype=np.float32))
    assert out._ctx.scope == ("Sequential", "1: ReLU")
    add = out._ctx.inputs[0]._ctx  # x @ W + b inside the Linear
    assert add.function.name == "add"
    assert add.scope == ("Sequential", "0: Linear")
    matmul = add.inputs[0]._ctx
    assert matmul.scope == ("Sequential", "0: Linear")


def test_scope_labels_use_attribute_names_and_are_plain_strings():
    model = TwoLayer()
    out = model(np.ones((2, 2), dtype=np.float32))
    assert out._ctx.scope == ("TwoLayer", "head: Linear")
    assert all(type(label) is str for label in out._ctx.scope)
    with autograd.no_grad():
        assert model(np.ones((2, 2), dtype=np.float32))._ctx is None


def test_anomaly_reports_point_past_nn_to_the_callers_line():
    constant = np.ones((4, 2), dtype=np.float32)  # zero variance: with eps=0, 0/0 inside nn
    layer = nn.BatchNorm1d(2, eps=0.0)
    quiet = np.errstate(invalid="ignore")
    with quiet, autograd.detect_anomaly(), pytest.raises(autograd.AnomalyError) as error:
        line = sys._getframe().f_lineno + 1
        layer(constant)
    assert f"{__file__}:{line} in test_anomaly_reports" in str(error.value)


EQUAL_ROWS = np.ones((4, 2), dtype=np.float32)  # zero variance: with eps=0, 0/0 in batch norm


class Normalised(nn.Module):
    """A learner's own module: its forward is user code, so an anomaly is reported there."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3, eps=0.0))

    def forward(self, x):
        return self.body(x)


def _anomaly_site(run):
    quiet = np.errstate(invalid="ignore")
    with quiet, autograd.detect_anomaly(), pytest.raises(autograd.AnomalyError) as error:
        run()
    return str(error.value)


def test_anomaly_in_a_sequential_is_reported_at_the_callers_line():
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3, eps=0.0))
    line = sys._getframe().f_lineno + 1
    report = _anomaly_site(lambda: model(EQUAL_ROWS))
    assert f"{__file__}:{line} in <lambda>" in report


def test_anomaly_in_nn_functional_is_reported_at_the_callers_line():
    line = sys._getframe().f_lineno + 1
    report = _anomaly_site(lambda: nn.functional.batch_norm(EQUAL_ROWS, None, None, eps=0.0))
    assert f"{__file__}:{line} in <lambda>" in report


def test_anomaly_under_a_learners_module_is_reported_in_its_forward():
    _, first = inspect.getsourcelines(Normalised.forward)
    report = _anomaly_site(lambda: Normalised()(EQUAL_ROWS))
    assert f"{__file__}:{first + 1} in forward" in report
