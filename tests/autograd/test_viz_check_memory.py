"""draw_graph(check=report) marks failing operations; memory figures are the saved arrays' bytes."""

import re
import shutil
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import autograd
from autograd import Function, Tensor
from autograd.viz import draw_graph, memory_report
from autograd.viz.style import FAILED_FILL

NODE = re.compile(r"^\s*(\w+) \[(.*)\]$")
ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s"]+)')


def nodes(source):
    found = {}
    for line in source.splitlines():
        match = NODE.match(line)
        if match and match.group(1) not in ("graph", "node", "edge"):
            found[match.group(1)] = {k: v.strip('"') for k, v in ATTR.findall(match.group(2))}
    return found


# The shape of the report autograd.check_graph returns: ok, failures with function,
# message, hint and context (the recorded Context of the failing operation).
@dataclass
class Failure:
    function: str
    message: str
    hint: str
    context: Any


@dataclass
class Report:
    ok: bool
    failures: list = field(default_factory=list)


class ForgetfulSigmoid(Function):
    """A learner's sigmoid whose backward forgot the factor (1 - s)."""

    @staticmethod
    def forward(ctx, x):
        s = 1 / (1 + np.exp(-x))
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad):
        (s,) = ctx.saved
        return grad * s


def mlp_loss(activation):
    rng = np.random.default_rng(0)
    x = Tensor(rng.normal(size=(4, 3)))
    w1 = Tensor(rng.normal(size=(3, 5)), requires_grad=True)
    w2 = Tensor(rng.normal(size=(5, 2)), requires_grad=True)
    w3 = Tensor(rng.normal(size=(2, 1)), requires_grad=True)
    with autograd.scope("hidden"):
        hidden = activation((x @ w1).relu() @ w2)
    return (hidden @ w3).mean(), hidden


def failure_of(tensor):
    """A failure as check_graph reports it, with gradcheck's own message and hint."""
    x = Tensor(np.linspace(-1.0, 1.0, 3), requires_grad=True)
    with pytest.raises(autograd.GradcheckError) as error:
        autograd.gradcheck(ForgetfulSigmoid.apply, x)
    hint = error.value.hint or "the backward misses a factor of the chain rule"
    return Failure("ForgetfulSigmoid", str(error.value), hint, tensor._ctx)


def test_a_failing_operation_is_drawn_red_with_its_hint():
    loss, hidden = mlp_loss(ForgetfulSigmoid.apply)
    failure = failure_of(hidden)
    source = draw_graph(loss, check=Report(False, [failure])).source
    drawn = nodes(source)
    red = [name for name, attrs in drawn.items() if attrs.get("fillcolor") == FAILED_FILL]
    ops = autograd.viz.graph.operations(loss)
    assert red == [f"op{ops.index(hidden._ctx)}"]
    label, tooltip = drawn[red[0]]["label"], drawn[red[0]]["tooltip"]
    assert "gradient check failed" in label
    first_words = failure.hint.split()[:3]
    assert " ".join(first_words) in label.replace("\\n", " ")
    assert failure.hint.replace('"', '\\"') in tooltip
    assert f"1 of {len(ops)} operations failed (ForgetfulSigmoid)" in source


def test_a_failing_operation_inside_a_collapsed_module_reddens_the_box():
    loss, hidden = mlp_loss(ForgetfulSigmoid.apply)
    source = draw_graph(loss, check=Report(False, [failure_of(hidden)]), collapse_modules=True)
    box = nodes(source.source)["module1"]
    assert box["fillcolor"] == FAILED_FILL and "ForgetfulSigmoid" in box["label"]


def test_a_passing_report_draws_nothing_red():
    loss, _ = mlp_loss(lambda t: t.sigmoid())
    source = draw_graph(loss, check=Report(True, [])).source
    assert FAILED_FILL not in source
    assert f"all {len(autograd.viz.graph.operations(loss))} operations passed" in source


def test_a_report_of_another_graph_is_refused():
    loss, _ = mlp_loss(lambda t: t.sigmoid())
    _, elsewhere = mlp_loss(ForgetfulSigmoid.apply)
    with pytest.raises(ValueError, match="not an operation of this graph"):
        draw_graph(loss, check=Report(False, [failure_of(elsewhere)]))
    with pytest.raises(TypeError, match="check_graph"):
        draw_graph(loss, check=True)


@pytest.mark.skipif(
    shutil.which("dot") is None, reason="install Graphviz: apt-get install graphviz"
)
def test_the_red_node_renders():
    loss, hidden = mlp_loss(ForgetfulSigmoid.apply)
    svg = draw_graph(loss, check=Report(False, [failure_of(hidden)])).pipe(
        format="svg", encoding="utf-8"
    )
    assert FAILED_FILL in svg and "gradient check failed" in svg


# ------------------------------------------------------------------ memory


def expected_bytes(ctx):
    """The oracle: nbytes of every distinct array the Context holds, found by walking it."""
    held = list(ctx.saved) + list(vars(ctx).values())
    distinct = {id(a): a for a in held if isinstance(a, np.ndarray)}
    return sum(a.nbytes for a in distinct.values()), distinct


def test_memory_figures_equal_the_bytes_of_the_saved_arrays():
    loss, _ = mlp_loss(lambda t: t.sigmoid())
    report = memory_report(loss)
    ops = autograd.viz.graph.operations(loss)
    assert [row.operation for row in report.rows] == [ctx.function.name for ctx in ops]
    everything = {}
    for row, ctx in zip(report.rows, ops):
        nbytes, distinct = expected_bytes(ctx)
        assert row.nbytes == nbytes
        assert sorted(row.shapes) == sorted(a.shape for a in distinct.values())
        everything |= distinct
    assert report.total == sum(a.nbytes for a in everything.values()) > 0
    # x @ w1 keeps x (4, 3) and w1 (3, 5), float64 here; relu keeps a mask of bools
    assert report.rows[0].nbytes == (4 * 3 + 3 * 5) * 8
    assert report.rows[1].nbytes == 4 * 5
    text = str(report)
    assert "total" in text and "matmul" in text


def test_an_array_kept_twice_counts_once():
    x = Tensor(np.ones((10, 10)), requires_grad=True)
    report = memory_report((x * x).sum())
    assert report.rows[0].nbytes == report.total == x.data.nbytes


def test_no_grad_keeps_nothing():
    x = Tensor(np.ones((10, 10)), requires_grad=True)
    with autograd.no_grad():
        y = (x * x).sum()
    assert memory_report(y).rows == [] and memory_report(y).total == 0


def test_draw_graph_shows_the_memory_of_each_operation():
    x = Tensor(np.ones((10, 10)), requires_grad=True)
    drawn = nodes(draw_graph((x * x).sum(), show_memory=True).source)
    assert "keeps 800 B for backward: (10, 10)" in drawn["op0"]["tooltip"]
    assert "keeps 800 B" in drawn["op0"]["label"]
    assert "keeps nothing" in drawn["op1"]["tooltip"]
