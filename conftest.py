"""Names every doctest may use without importing them: `np` and `Tensor`.

The modules Tensor is made of (autograd/operators.py, methods.py, aliases.py)
cannot import it, so their examples get it from here.
"""

import numpy as np
import pytest

from autograd import Tensor


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict) -> None:
    doctest_namespace.update(np=np, Tensor=Tensor)
