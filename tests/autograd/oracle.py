"""Central differences written for the tests, independent of `autograd.gradcheck`.

>>> import numpy as np
>>> [g.round(6) for g in central_differences(lambda x: x**2, [np.array([3.0])], np.ones(1))]
[array([6.])]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

EPS = 1e-6


def central_differences(
    f: Callable[..., np.ndarray], arrays: Sequence[np.ndarray], upstream: np.ndarray
) -> list[np.ndarray]:
    """d sum(upstream * f(*arrays)) / d arrays[i], element by element, in float64.

    `upstream` plays the part of the gradient arriving at f's output, so the
    result is what a correct backward returns for that gradient.
    """
    arrays = [np.array(a, dtype=np.float64) for a in arrays]  # copies we may perturb
    grads = []
    for x in arrays:
        g = np.zeros(x.shape)
        for index in np.ndindex(x.shape):
            original = x[index]
            x[index] = original + EPS
            upper = np.array(f(*arrays), dtype=np.float64)  # a copy: f may return a view of x
            x[index] = original - EPS
            lower = np.array(f(*arrays), dtype=np.float64)
            x[index] = original
            g[index] = np.sum(upstream * (upper - lower)) / (2 * EPS)
        grads.append(g)
    return grads


def directional_derivative(
    f: Callable[..., Sequence[np.ndarray]],
    arrays: Sequence[np.ndarray],
    directions: Sequence[np.ndarray],
) -> list[np.ndarray]:
    """(f(x + eps v) - f(x - eps v)) / 2 eps for an f that returns several arrays.

    With f the gradient of a function, this is its Hessian times v.

    >>> directional_derivative(lambda x: [3 * x**2], [np.array(2.0)], [np.array(1.0)])[0].round(6)
    np.float64(12.0)
    """
    upper = f(*[a + EPS * v for a, v in zip(arrays, directions)])
    lower = f(*[a - EPS * v for a, v in zip(arrays, directions)])
    return [(u - low) / (2 * EPS) for u, low in zip(upper, lower)]
