"""The layout the README describes: autograd knows nothing of nn or the demos, the
derivative table imports only what an operation needs, and moved names still import."""

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports written with their leading dots."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_the_engine_imports_nothing_from_nn_or_the_demos():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in ("nn", "demos")
        )
        for path in (ROOT / "autograd").rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_derivative_table_imports_only_function_numpy_and_its_siblings():
    allowed = {"__future__", "typing", "numpy", "numpy.lib.stride_tricks", "..function"}
    extra = {
        path.name: sorted(
            name
            for name in imported_modules(path)
            if name not in allowed and not (name.startswith(".") and not name.startswith(".."))
        )
        for path in (ROOT / "autograd" / "ops").glob("*.py")
    }
    assert {name: names for name, names in extra.items() if names} == {}


@pytest.mark.parametrize(
    "module, names",
    [
        ("nn", ["Module", "Parameter", "Sequential", "ModuleList"]),
        ("nn.module", ["Module", "Parameter", "Sequential", "ModuleList", "IncompatibleKeys"]),
        ("autograd", ["where", "maximum", "minimum", "concatenate", "stack", "cat", "unfold"]),
        ("demos.mnist", ["main", "prepare", "parse_arguments", "checkpoint_path_problem"]),
        ("demos.mnist", ["CLASS_NAMES", "load_split", "predict", "class_metrics"]),
        ("demos.cnn", ["main", "prepare", "build_model", "predict"]),
    ],
)
def test_names_still_import_from_where_they_were(module, names):
    imported = importlib.import_module(module)
    missing = [name for name in names if not hasattr(imported, name)]
    assert missing == []


def test_moved_names_are_the_same_objects_everywhere():
    import autograd
    import nn
    from autograd import functional
    from demos import _classification, cnn, mnist
    from nn import containers, module, parameter

    assert module.Sequential is containers.Sequential is nn.Sequential
    assert module.ModuleList is containers.ModuleList is nn.ModuleList
    assert module.Parameter is parameter.Parameter is nn.Parameter
    assert autograd.where is functional.where and autograd.stack is functional.stack
    assert mnist.plot_confusion is _classification.plot_confusion is cnn.plot_confusion
    with pytest.raises(AttributeError, match=r"nn\.module' has no attribute 'Sequentiel'"):
        module.Sequentiel  # noqa: B018
