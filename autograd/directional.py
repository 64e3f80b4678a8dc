"""Directional derivatives: every element of a large input checked at the cost of two runs.

`check_graph` compares a sample of a large input's elements one by one. To
leave no element unseen, it also moves the whole input along a random
direction v: central differences give w . (J v) in two runs of forward, and
backward's projected gradient gives the same number as (J^T w) . v. When
they disagree, halving the direction's support finds an element whose
derivative is wrong, which then joins the elements compared one by one, so
the report still names a true Jacobian entry.
"""

from __future__ import annotations

import numpy as np

from .jacobian import Comparison, Problem, numerical_column

_KINK_RETRIES = 8  # elements on kinks taken out of one direction before it is given up


def check_directions(problem: Problem, comparison: Comparison, count: int = 2) -> None:
    """Compare `count` random directions for every sampled variable; locate a disagreement.

    >>> from autograd.jacobian import Variable, compare
    >>> x = np.arange(100.0)
    >>> wrong_at_8 = lambda seed: [2 * x * seed + 5.0 * seed * (np.arange(100) == 8)]
    >>> problem = Problem([x], [Variable("input 0", (0,))], lambda a: a[0] ** 2, wrong_at_8,
    ...                   max_elements=10)
    >>> comparison = compare(problem)
    >>> bool(comparison.sweeps[0].checked[8])  # not among the 10 sampled elements
    False
    >>> check_directions(problem, comparison)
    >>> sweep = comparison.sweeps[0]
    >>> sweep.direction_failed, bool(sweep.checked[8]), sweep.failed(1e-5, 1e-3)
    (True, True, True)
    """
    for position, sweep in enumerate(comparison.sweeps):
        if sweep.checked.all() or sweep.failed(problem.atol, problem.rtol):
            continue
        sweep.directions = count
        rng = np.random.default_rng(1000 + position)  # independent of the output's weights
        for _ in range(count):
            direction = rng.standard_normal(sweep.checked.shape)
            if _direction_fails(problem, comparison, position, direction):
                sweep.direction_failed = True
                break


def _direction_fails(
    problem: Problem, comparison: Comparison, position: int, direction: np.ndarray
) -> bool:
    """Whether the direction finds a wrong element; that element then joins the compared ones.

    An element found on a kink (where any slope between the sides is right),
    or one that is right on its own, is left out of the direction with every
    element of the same value (the other zeros before a ReLU, the other tied
    maxima), and the direction is tried again.
    """
    sweep = comparison.sweeps[position]
    array = problem.arrays[problem.variables[position].places[0]]
    for _ in range(_KINK_RETRIES):
        if not _disagrees(problem, comparison, position, direction):
            return False
        i = _locate(problem, comparison, position, direction)
        _add_element(problem, comparison, position, i)
        judged = problem.judge_kinks or not sweep.kinks.reshape(-1)[i]
        if judged and sweep.excess(problem.atol, problem.rtol).reshape(-1)[i] > 0:
            return True  # a true entry disagrees: the report can name it
        # A kink, or no element wrong on its own (elements near a kink that the
        # whole direction straddles): leave it out and try again.
        direction[array == array.reshape(-1)[i]] = 0.0
    return False


def _directional(
    problem: Problem, comparison: Comparison, position: int, direction: np.ndarray
) -> tuple[float, float]:
    """(from backward, by central differences) of w . (J v) for the direction v."""
    sweep = comparison.sweeps[position]
    array = problem.arrays[problem.variables[position].places[0]]
    original = array.copy()
    try:
        array[...] = original + problem.eps * direction
        upper = problem.evaluate(problem.arrays)
        array[...] = original - problem.eps * direction
        lower = problem.evaluate(problem.arrays)
    finally:
        array[...] = original
    numerical = float(np.sum(comparison.weights * (upper - lower)) / (2 * problem.eps))
    return float(np.sum(sweep.analytical * direction)), numerical


def _gap(problem: Problem, comparison: Comparison, position: int, v: np.ndarray) -> float:
    """How far w . (J v) from backward is outside the tolerance (> 0: they disagree).

    The relative tolerance is that of one term of typical size: a sum of m
    terms of random sign grows like sqrt(m), and one wrong element must not
    hide in it. (Central differences in float64 are far more accurate than
    rtol; what rtol allows for is the truncation error of each element.)
    """
    a, n = _directional(problem, comparison, position, v)
    terms = max(int(np.count_nonzero(v)), 1)
    return abs(a - n) - (problem.atol + problem.rtol * abs(n) / np.sqrt(terms))


def _disagrees(problem: Problem, comparison: Comparison, position: int, v: np.ndarray) -> bool:
    return _gap(problem, comparison, position, v) > 0


def _locate(problem: Problem, comparison: Comparison, position: int, direction: np.ndarray) -> int:
    """A flat element index inside the disagreeing direction: halve its support."""
    candidates = np.arange(direction.size)
    flat_direction = direction.reshape(-1)
    while candidates.size > 1:
        halves = np.array_split(candidates, 2)
        gaps = []
        for half in halves:
            v = np.zeros(direction.size)
            v[half] = flat_direction[half]
            gaps.append(_gap(problem, comparison, position, v.reshape(direction.shape)))
        candidates = halves[int(np.argmax(gaps))]
    return int(candidates[0])


def _add_element(problem: Problem, comparison: Comparison, position: int, i: int) -> None:
    """Compare element `i` one by one, as if it had been sampled."""
    sweep = comparison.sweeps[position]
    array = problem.arrays[problem.variables[position].places[0]]
    column, kink = numerical_column(problem, array.reshape(-1), i, comparison.output)
    sweep.numerical.reshape(-1)[i] = np.sum(comparison.weights * column)
    sweep.checked.reshape(-1)[i] = problem.judge_kinks or not kink
    sweep.kinks.reshape(-1)[i] = kink
    if sweep.diagonal is not None:
        sweep.diagonal.reshape(-1)[i] = column.reshape(-1)[i]
    sweep.columns[i] = column
