"""The examples in the docstrings of nn's core modules run and show what they say."""

import doctest
import importlib

import pytest

MODULES = [
    "nn",
    "nn.activations",
    "nn.functional",
    "nn.functional.activations",
    "nn.functional.layers",
    "nn.functional.losses",
    "nn.init",
    "nn.interop",
    "nn.layers",
    "nn.losses",
    "nn.module",
    "nn.optim.adagrad",
    "nn.optim.adam",
    "nn.optim.lr_scheduler",
    "nn.optim.optimizer",
    "nn.optim.rmsprop",
    "nn.optim.sgd",
    "nn.serialization",
    "nn.utils",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
