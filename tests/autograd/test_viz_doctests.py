"""The examples in the docstrings of autograd.viz run and give what they show."""

import doctest
import importlib
import pkgutil

import pytest

import autograd.viz

MODULES = ["autograd.viz"] + [
    f"autograd.viz.{info.name}" for info in pkgutil.iter_modules(autograd.viz.__path__)
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0, f"{failed} of {tried} examples failed in {name}"
