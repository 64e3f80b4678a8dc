"""Graph drawing: the DOT source of known small graphs, scopes, rendering, the tree.

How gradients are drawn (colours, zeros, NaN and Inf) is tested in test_viz_gradients.py."""

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import graphviz
import numpy as np
import pytest

import autograd
from autograd import Tensor
from autograd.viz import GraphvizNotFound, draw_graph, print_graph

from .drawn_graphs import cluster, edges, linear_graph, nodes

ROOT = Path(__file__).resolve().parents[2]


def mlp_drawing(**options):
    """A two-layer network inside module scopes, drawn with data and gradients."""
    autograd.manual_seed(0)
    x = Tensor(autograd.rng().standard_normal((5, 2)))
    params = {
        "fc1.weight": Tensor(autograd.rng().standard_normal((2, 4)), requires_grad=True),
        "fc1.bias": Tensor(np.zeros(4), requires_grad=True),
        "fc2.weight": Tensor(autograd.rng().standard_normal((4, 1)), requires_grad=True),
    }
    with autograd.scope("MLP"):
        with autograd.scope("fc1: Linear"):
            h = x @ params["fc1.weight"] + params["fc1.bias"]
        with autograd.scope("act: ReLU"):
            h = h.relu()
        with autograd.scope("fc2: Linear"):
            y = h @ params["fc2.weight"]
    loss = (y * y).mean()
    return draw_graph(loss, show_data=True, show_grad=True, params=params, **options)


# ------------------------------------------------------------------ structure


def test_one_node_per_operation_and_per_tensor():
    *_, loss = linear_graph()
    drawn = nodes(draw_graph(loss).source)
    assert sorted(drawn) == ["leaf0", "leaf1", "leaf2", "op0", "op1", "op2", "t0", "t1", "t2"]
    assert [drawn[f"op{i}"]["label"] for i in range(3)] == ["matmul", "add", "sum"]
    assert drawn["t0"]["label"] == "(2, 4) float64"
    assert drawn["t2"]["label"] == "() float64"
    assert drawn["leaf0"]["label"] == r"x\n(2, 3) float64"
    assert set(edges(draw_graph(loss).source)) == {
        ("leaf0", "op0"), ("leaf1", "op0"), ("op0", "t0"), ("t0", "op1"),
        ("leaf2", "op1"), ("op1", "t1"), ("t1", "op2"), ("op2", "t2"),
    }  # fmt: skip


def test_a_tensor_used_twice_by_one_operation_has_two_edges():
    x = Tensor([1.0, 2.0], requires_grad=True)
    assert draw_graph(x * x).source.count("leaf0 -> op0") == 2


def test_parameters_are_drawn_apart_from_inputs():
    *_, loss = linear_graph()
    drawn = nodes(draw_graph(loss).source)
    assert drawn["leaf1"]["peripheries"] == "2" and "filled" in drawn["leaf1"]["style"]
    assert "dashed" in drawn["leaf0"]["style"] and "peripheries" not in drawn["leaf0"]
    assert drawn["leaf1"]["label"].startswith("parameter")


def test_names_come_from_params_then_from_the_tensor():
    w, b, loss = linear_graph()
    w.name, b.name = "weight", "bias"
    drawn = nodes(draw_graph(loss, params={"fc1.weight": w}).source)
    assert drawn["leaf1"]["label"].startswith(r"fc1.weight\n")
    assert drawn["leaf2"]["label"].startswith(r"bias\n")


def test_names_are_escaped_not_read_as_html_or_dot():
    w, _, loss = linear_graph()
    w.name = '<b>"w"</b>'
    source = draw_graph(loss).source
    assert r'label="<b>\"w\"</b>\n(3, 4) float64"' in source
    assert "label=<" not in source


def test_constants_are_drawn_as_plain_text():
    x = Tensor([1.0, 2.0], requires_grad=True)
    drawn = nodes(draw_graph(x * 2.5).source)
    assert drawn["const0_1"] == {"label": "2.5", "fontcolor": "#555555", "shape": "plaintext"}


def test_a_leaf_draws_as_one_node():
    x = Tensor([1.0], requires_grad=True)
    assert list(nodes(draw_graph(x).source)) == ["leaf0"]


def test_show_data_prints_small_tensors_and_summarises_large_ones():
    small = Tensor([1.5, -2.0], requires_grad=True)
    large = Tensor(np.linspace(-1.0, 3.0, 20), requires_grad=True)
    drawn = nodes(draw_graph(small.sum() + large.sum(), show_data=True).source)
    assert drawn["leaf0"]["label"].endswith(r"\n[ 1.5, -2. ]")
    data = large.data
    assert drawn["leaf1"]["label"].endswith(
        f"\\nmean {data.mean():.3g}  std {data.std():.3g}\\nmin {data.min():.3g}  "
        f"max {data.max():.3g}"
    )


# ------------------------------------------------------------------ scopes


def test_scopes_become_nested_clusters():
    source = mlp_drawing().source
    outer = cluster(source, "MLP")
    first = cluster(source, "fc1: Linear")
    assert first in outer and cluster(source, "fc2: Linear") in outer
    assert re.search(r"\bop0 \[label=matmul", first) and re.search(r"\bop1 \[label=add", first)
    assert "op2" not in first  # relu belongs to the next module
    assert "fc1.weight" in first and "fc2.weight" not in first  # parameters sit in their module
    assert re.search(r"\bleaf0 ", outer) is None  # the input x stays outside the model


def test_two_calls_of_one_module_are_two_clusters():
    x = Tensor([1.0, 2.0], requires_grad=True)

    def layer(h):
        with autograd.scope("layer"):
            return h * 2.0

    source = draw_graph(layer(layer(x)).sum()).source
    assert source.count("label=layer style=rounded") == 2


def test_collapse_modules_draws_each_innermost_module_as_one_box():
    source = mlp_drawing().source
    collapsed = mlp_drawing(collapse_modules=True).source
    boxes = {n: a for n, a in nodes(collapsed).items() if a.get("shape") == "box3d"}
    assert [a["label"].split(r"\n")[0] for a in boxes.values()] == [
        "fc1: Linear", "act: ReLU", "fc2: Linear"
    ]  # fmt: skip
    fc1 = next(a["label"] for a in boxes.values() if a["label"].startswith("fc1"))
    assert fc1 == r"fc1: Linear\n2 operations\nfc1.weight (2, 4)\nfc1.bias (4,)"
    assert "label=matmul" in source and "label=matmul" not in collapsed
    assert "label=mul " in collapsed  # the loss, outside every module, is still drawn
    whole = mlp_drawing(collapse_modules=1).source
    assert [a["label"].split(r"\n")[0] for a in nodes(whole).values() if "box3d" in str(a)] == [
        "MLP"
    ]


def test_collapse_modules_must_be_a_depth():
    x = Tensor([1.0], requires_grad=True)
    for bad in (0, -1, "fc1"):
        with pytest.raises(ValueError, match="collapse_modules"):
            draw_graph(x * 2.0, collapse_modules=bad)


# ------------------------------------------------------------------ broadcasting


def test_broadcast_reduction_is_labelled_on_its_edge():
    *_, loss = linear_graph()
    found = edges(draw_graph(loss).source)
    assert found[("leaf2", "op1")]["label"] == "sum over axes (0,)"
    assert "label" not in found[("t0", "op1")]


def test_batched_matmul_reduction_is_labelled_and_plain_matmul_is_not():
    a = Tensor(np.ones((2, 3, 4)), requires_grad=True)
    w = Tensor(np.ones((4, 5)), requires_grad=True)
    assert edges(draw_graph(a @ w).source)[("leaf1", "op0")]["label"] == "sum over axes (0,)"
    column = Tensor(np.ones((3, 1)), requires_grad=True)
    scalar = Tensor(np.ones((1, 1)), requires_grad=True)
    assert all("label" not in e for e in edges(draw_graph(column @ scalar).source).values())


# ------------------------------------------------------------------ determinism


def test_the_same_code_draws_the_same_source_twice():
    first = mlp_drawing().source
    Tensor([1.0], requires_grad=True) * 3.0  # other operations in between shift nothing
    assert mlp_drawing().source == first


def test_the_same_code_draws_the_same_source_in_another_process():
    code = "from tests.autograd.test_viz import mlp_drawing; print(mlp_drawing().source, end='')"
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] == mlp_drawing().source


# ------------------------------------------------------------------ limits


def test_a_huge_graph_is_truncated_and_says_so():
    x = Tensor([1.0], requires_grad=True)
    y = x
    for _ in range(50):
        y = y * 1.5
    source = draw_graph(y, max_nodes=10).source
    assert len(nodes(source)) <= 10
    assert "Truncated: the last 3 of 50 operations" in source
    assert "made by mul (not drawn)" in source
    with pytest.raises(ValueError, match="max_nodes"):
        draw_graph(y, max_nodes=0)


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="Tensor"):
        draw_graph(np.ones(3))
    x = Tensor([1.0], requires_grad=True)
    with pytest.raises(TypeError, match="'w' maps to a ndarray"):
        draw_graph(x * 2.0, params={"w": np.ones(1)})


# ------------------------------------------------------------------ rendering


@pytest.mark.skipif(
    shutil.which("dot") is None, reason="install Graphviz: apt-get install graphviz"
)
def test_renders_to_svg_with_dot():
    drawing = mlp_drawing()
    svg = drawing.pipe(format="svg", encoding="utf-8")
    assert "<svg" in svg and "fc1: Linear" in svg
    assert drawing._repr_mimebundle_()["image/svg+xml"] == svg == drawing._repr_svg_()


def test_a_missing_dot_says_how_to_install_graphviz(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", "")
    x = Tensor([1.0], requires_grad=True)
    drawing = draw_graph(x * 2.0)
    assert "mul" in drawing.source  # building the drawing needs no Graphviz
    for render in (
        lambda: drawing.pipe(format="svg"),
        lambda: drawing.render(tmp_path / "graph", format="svg"),
        drawing._repr_mimebundle_,
    ):
        with pytest.raises(GraphvizNotFound) as error:
            render()
        assert isinstance(error.value, graphviz.ExecutableNotFound)
        assert "install" in str(error.value) and "Graphviz" in str(error.value)


# ------------------------------------------------------------------ print_graph


def printed(tensor, **options):
    out = io.StringIO()
    print_graph(tensor, file=out, **options)
    return out.getvalue().splitlines()


def test_print_graph_draws_an_indented_tree():
    w, _, loss = linear_graph()
    assert printed(loss, params={"fc1.weight": w}) == [
        "[2] sum -> () float64",
        "└── [1] add -> (2, 4) float64",
        "    ├── [0] matmul -> (2, 4) float64",
        "    │   ├── x input (2, 3) float64",
        "    │   └── fc1.weight parameter (3, 4) float64",
        "    └── parameter (4,) float64  [grad: sum over axes (0,)]",
    ]


def test_print_graph_expands_a_shared_result_once():
    x = Tensor([1.0, 2.0], requires_grad=True)
    shared = x.exp()
    lines = printed(shared * shared + shared)
    assert sum("[0] exp" in line for line in lines) == 3
    assert sum(line.endswith("(see above)") for line in lines) == 2
    assert sum("parameter" in line for line in lines) == 1  # x under the expanded exp only


def test_print_graph_shows_values_and_gradients():
    x = Tensor([1.0, -2.0], requires_grad=True)
    x.name = "x"
    lines = printed((x * x).sum(), show_data=True, show_grad=True)
    assert lines[0] == "[1] sum -> () float32 5. grad 1."
    assert lines[2] == "    ├── x parameter (2,) float32 [ 1., -2.] grad [ 2., -4.]"


def test_print_graph_stops_a_deep_graph():
    x = Tensor([1.0], requires_grad=True)
    y = x
    for _ in range(3000):
        y = y + 1.0
    lines = printed(y, max_nodes=20)
    assert len(lines) == 21 and "stopped after 20 lines" in lines[-1]


def test_print_graph_is_exported_at_the_top():
    assert autograd.print_graph is print_graph and autograd.draw_graph is draw_graph


# ------------------------------------------------------------------ the package


def test_import_autograd_does_not_import_graphviz():
    code = (
        "import sys, autograd\n"
        "from autograd.viz import draw_graph, print_graph\n"
        "assert 'graphviz' not in sys.modules, 'import autograd imported graphviz'\n"
        "x = autograd.Tensor([1.0], requires_grad=True)\n"
        "draw_graph(x * 2.0)\n"
        "assert 'graphviz' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_viz_uses_only_the_public_engine():
    sources = (ROOT / "autograd" / "viz").glob("*.py")
    assert not [path.name for path in sources if "_propagate" in path.read_text()]


def test_every_viz_module_is_small():
    sizes = {p.name: len(p.read_text().splitlines()) for p in (ROOT / "autograd/viz").glob("*.py")}
    assert max(sizes.values()) <= 400, sizes
