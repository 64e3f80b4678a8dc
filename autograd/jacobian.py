"""Compare a backward with central differences, and name the worst Jacobian entry.

A `Problem` is a function of several arguments with its backward: `evaluate`
maps the arguments to an output array, `vjp(seed)` runs backward with `seed`
as the gradient arriving at the output and returns one gradient per checked
`Variable`. Both `gradcheck` (a whole user function) and `check_graph` (one
recorded operation) are Problems, so they share this comparison and the
diagnosis in `hints.py`.

The comparison runs through a projection: backward once with random weights
w on the output gives sum_j w[j] * d out[j]/d x[i] for every i, and each
central difference of an input element gives a whole column d out/d x[i],
projected with the same w. A one-element output gets w = 1, so its numbers
are plain derivatives. When the projections disagree, the Jacobian entry
d out[j]/d x[i] behind the disagreement is found (halving the output
elements with masked seeds) and computed exactly, so every number reported
is a true derivative, never one scaled by a hidden weight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Keep every numerical column (for the rows reported) while out.size * x.size stays below this.
_KEEP_COLUMNS = 1 << 20
# Up to this many output elements, every entry of the Jacobian is compared (one backward per
# output element); beyond it, a projection (one backward in all) stands in for the rows.
FULL_JACOBIAN = 1024


@dataclass
class Variable:
    """One checked argument: the positions (places) at which it enters, and its name."""

    name: str
    places: tuple[int, ...]


@dataclass
class Problem:
    """A function of `arrays` to differentiate: its forward, its backward, what to check.

    `arrays` holds each checked variable as one float64 ndarray (the same
    object at each of its places); `evaluate(arrays)` returns the output as a
    float64 array; `vjp(seed)` returns one gradient per variable at `arrays`.
    """

    arrays: list
    variables: list[Variable]
    evaluate: Callable[[list], np.ndarray]
    vjp: Callable[[np.ndarray], list]
    eps: float = 1e-6
    atol: float = 1e-5
    rtol: float = 1e-3
    max_elements: int | None = None  # sample at most this many elements per variable
    graph: Callable[[], Any] | None = None  # the recorded output, for hints that look inside
    judge_kinks: bool = True  # False: elements on a kink (ties) are not judged


@dataclass
class Sweep:
    """The projected comparison of one variable, element by element."""

    analytical: np.ndarray  # sum_j w[j] d out[j]/d x[i], from backward
    numerical: np.ndarray  # the same from central differences (NaN where not checked)
    checked: np.ndarray  # bool mask of the elements checked
    kinks: np.ndarray  # bool mask: the slopes left and right of the element differ
    diagonal: np.ndarray | None  # d out[i]/d x[i] when out and x have as many elements
    columns: dict = field(default_factory=dict)  # flat i -> d out/d x[i] (when kept)
    jacobian: np.ndarray | None = None  # (out.size, x.size) from backward, when compared whole
    kept: bool = False  # whether `columns` holds every sampled column
    directions: int = 0  # random directions through every element also compared
    direction_failed: bool = False  # whether one of them disagreed

    def failed(self, atol: float, rtol: float) -> bool:
        """Whether an element or a direction disagrees beyond the tolerance."""
        return self.direction_failed or bool((self.excess(atol, rtol) > 0).any())

    def entry_excess(self, atol: float, rtol: float) -> np.ndarray:
        """For the whole Jacobian: how far each entry (j, i) is outside the tolerance."""
        numerical = np.stack([self.columns[i].reshape(-1) if i in self.columns else
                              np.full(self.jacobian.shape[0], np.nan)
                              for i in range(self.jacobian.shape[1])], axis=1)  # fmt: skip
        excess = np.abs(self.jacobian - numerical) - (atol + rtol * np.abs(numerical))
        excess = np.where(np.isnan(excess), np.inf, excess)
        return np.where(self.checked.reshape(1, -1), excess, -np.inf)

    def excess(self, atol: float, rtol: float) -> np.ndarray:
        """How far each checked element is outside the tolerance (<= 0 inside).

        With the whole Jacobian compared, an element's excess is that of its worst entry.
        """
        if self.jacobian is not None:
            return self.entry_excess(atol, rtol).max(axis=0).reshape(self.checked.shape)
        bound = atol + rtol * np.abs(self.numerical)
        excess = np.abs(self.analytical - self.numerical) - bound
        excess = np.where(np.isnan(excess), np.inf, excess)
        return np.where(self.checked, excess, -np.inf)


@dataclass
class Comparison:
    """Everything measured about a Problem: output, projection, one Sweep per variable."""

    output: np.ndarray
    weights: np.ndarray
    sweeps: list[Sweep]


def weights_for(shape: tuple, seed: int = 0) -> np.ndarray:
    """The projection: 1 for a one-element output (plain derivatives), else random normals.

    >>> weights_for((1,))
    array([1.])
    """
    if int(np.prod(shape)) == 1:
        return np.ones(shape)
    return np.random.default_rng(seed).standard_normal(shape)


def compare(problem: Problem) -> Comparison:
    """Backward's projected gradient and central differences for every variable.

    >>> x = np.array([1.0, 2.0])
    >>> square = Problem([x], [Variable("input 0", (0,))], lambda a: a[0] ** 2,
    ...                  lambda seed: [2 * x * seed])
    >>> compare(square).sweeps[0].jacobian.round(6)
    array([[2., 0.],
           [0., 4.]])
    """
    output = problem.evaluate(problem.arrays)
    weights = weights_for(output.shape)
    analytical = problem.vjp(weights)
    sweeps = [
        _sweep(problem, variable, output, weights, np.asarray(g, dtype=np.float64))
        for variable, g in zip(problem.variables, analytical)
    ]
    if 1 < output.size <= FULL_JACOBIAN and all(sweep.kept for sweep in sweeps):
        rows = [_one_hot_gradients(problem, j, output.shape) for j in range(output.size)]
        for position, sweep in enumerate(sweeps):
            sweep.jacobian = np.stack([row[position].reshape(-1) for row in rows])
    return Comparison(output, weights, sweeps)


def _one_hot_gradients(problem: Problem, j: int, shape: tuple) -> list:
    """d out[j] / d x for every variable: backward from a seed that is 1 at j only."""
    seed = np.zeros(int(np.prod(shape)))
    seed[j] = 1.0
    return [np.asarray(g, dtype=np.float64) for g in problem.vjp(seed.reshape(shape))]


def sampled_indices(size: int, limit: int | None) -> np.ndarray:
    """Every flat index, or `limit` of them drawn at random (seeded: runs agree).

    >>> sampled_indices(4, None), len(sampled_indices(1000, 64))
    (array([0, 1, 2, 3]), 64)
    """
    if limit is None or size <= limit:
        return np.arange(size)
    return np.sort(np.random.default_rng(size).choice(size, limit, replace=False))


def _sweep(
    problem: Problem, variable: Variable, output: np.ndarray, w: np.ndarray, g: Any
) -> Sweep:
    array = problem.arrays[variable.places[0]]
    flat = array.reshape(-1)  # a view: writing to it perturbs every place of the variable
    numerical = np.full(array.size, np.nan)
    checked = np.zeros(array.size, dtype=bool)
    kinks = np.zeros(array.size, dtype=bool)
    square = output.size == array.size
    diagonal = np.full(array.size, np.nan) if square else None
    keep = output.size * array.size <= _KEEP_COLUMNS
    columns = {}
    for i in sampled_indices(array.size, problem.max_elements):
        column, kink = numerical_column(problem, flat, int(i), output)
        numerical[i] = np.sum(w * column)
        checked[i], kinks[i] = problem.judge_kinks or not kink, kink
        if square:
            diagonal[i] = column.reshape(-1)[i]
        if keep:
            columns[int(i)] = column
    shape = array.shape
    return Sweep(
        g.reshape(shape) if g.size == array.size else g,
        numerical.reshape(shape),
        checked.reshape(shape),
        kinks.reshape(shape),
        None if diagonal is None else diagonal.reshape(shape),
        columns,
        kept=keep,
    )


def numerical_column(
    problem: Problem, flat: np.ndarray, i: int, output: np.ndarray
) -> tuple[np.ndarray, bool]:
    """d out / d x[i] by central differences, and whether x[i] sits on a kink.

    At a kink (a tie of maxima, ReLU at 0) the one-sided slopes differ and the
    central difference is their average.
    """
    original = flat[i]
    try:
        flat[i] = original + problem.eps
        upper = problem.evaluate(problem.arrays)
        flat[i] = original - problem.eps
        lower = problem.evaluate(problem.arrays)
    finally:
        flat[i] = original
    eps = problem.eps
    column = (upper - lower) / (2 * eps)
    one_sided_gap = np.abs((upper - output) / eps - (output - lower) / eps)
    kink = bool(
        np.max(one_sided_gap, initial=0.0) > 1e-3 + 1e-2 * np.max(np.abs(column), initial=0)
    )
    return column, kink


@dataclass
class Entry:
    """One Jacobian entry d out[j]/d x[i], computed exactly, with the rows it belongs to."""

    output_index: tuple | None  # None for a one-element output
    index: tuple
    analytical: float
    numerical: float
    analytical_row: np.ndarray  # d out[j]/d x, from backward
    numerical_row: np.ndarray  # the same by central differences (NaN where not computed)


def worst_entry(problem: Problem, comparison: Comparison, position: int) -> Entry:
    """The worst Jacobian entry of variable `position`, computed exactly.

    >>> x = np.array([1.0, 2.0])
    >>> wrong = Problem([x], [Variable("input 0", (0,))], lambda a: a[0] ** 2,
    ...                 lambda seed: [x * seed])
    >>> entry = worst_entry(wrong, compare(wrong), 0)
    >>> entry.output_index, entry.index, entry.analytical, round(entry.numerical, 6)
    ((1,), (1,), 2.0, 4.0)
    """
    sweep = comparison.sweeps[position]
    variable = problem.variables[position]
    array = problem.arrays[variable.places[0]]
    excess = sweep.excess(problem.atol, problem.rtol)
    i = int(np.argmax(excess))
    index = _unravel(i, array.shape)
    output = comparison.output
    if output.size == 1:  # w = 1: the projected gradient is the true one
        return Entry(None, index, float(sweep.analytical.flat[i]), float(sweep.numerical.flat[i]),
                     sweep.analytical, sweep.numerical)  # fmt: skip
    if sweep.jacobian is not None:  # every entry known: take the worst
        entries = sweep.entry_excess(problem.atol, problem.rtol)
        j, i = (int(k) for k in np.unravel_index(int(np.argmax(entries)), entries.shape))
        row = sweep.jacobian[j].reshape(array.shape)
        numerical_row = _numerical_row(problem, sweep, array, j, output)
        return Entry(_unravel(j, output.shape), _unravel(i, array.shape), float(row.flat[i]),
                     float(numerical_row.flat[i]), row, numerical_row)  # fmt: skip
    column = sweep.columns.get(i)
    if column is None:
        column, _ = numerical_column(problem, array.reshape(-1), i, output)
    j = _bisect_output(problem, comparison, position, i, column)
    row = _analytical_row(problem, position, j, output.shape)
    if _outside(row.flat[i], column.flat[j], problem) is False:
        # Masked seeds can cancel; look at every row then (rare, and bounded by the output size).
        j = _scan_rows(problem, position, i, column, output.shape) or j
        row = _analytical_row(problem, position, j, output.shape)
    numerical_row = _numerical_row(problem, sweep, array, j, output)
    numerical_row.flat[i] = column.flat[j]
    return Entry(_unravel(j, output.shape), index, float(row.flat[i]), float(column.flat[j]),
                 row, numerical_row)  # fmt: skip


def _unravel(i: int, shape: tuple) -> tuple:
    return tuple(int(k) for k in np.unravel_index(i, shape)) if shape else ()


def _outside(a: float, n: float, problem: Problem) -> bool:
    return not abs(a - n) <= problem.atol + problem.rtol * abs(n)


def _bisect_output(
    problem: Problem, comparison: Comparison, position: int, i: int, column: np.ndarray
) -> int:
    """The output element j whose d out[j]/d x[i] disagrees most: halve the candidates."""
    w = comparison.weights.reshape(-1)
    column = column.reshape(-1)
    candidates = np.arange(w.size)
    while candidates.size > 1:
        halves = np.array_split(candidates, 2)
        gaps = []
        for half in halves:
            seed = np.zeros(w.size)
            seed[half] = w[half]
            g = np.asarray(problem.vjp(seed.reshape(comparison.output.shape))[position])
            gaps.append(abs(float(g.reshape(-1)[i]) - float(np.sum(seed * column))))
        candidates = halves[int(np.argmax(gaps))]
    return int(candidates[0])


def _analytical_row(problem: Problem, position: int, j: int, shape: tuple) -> np.ndarray:
    seed = np.zeros(int(np.prod(shape)))
    seed[j] = 1.0
    g = np.asarray(problem.vjp(seed.reshape(shape))[position], dtype=np.float64)
    array = problem.arrays[problem.variables[position].places[0]]
    return g.reshape(array.shape) if g.size == array.size else g


def _scan_rows(
    problem: Problem, position: int, i: int, column: np.ndarray, shape: tuple
) -> int | None:
    worst, found = 0.0, None
    for j in range(min(column.size, 4096)):
        a = _analytical_row(problem, position, j, shape).flat[i]
        gap = abs(a - column.flat[j]) - (problem.atol + problem.rtol * abs(column.flat[j]))
        if gap > worst:
            worst, found = gap, j
    return found


def _numerical_row(
    problem: Problem, sweep: Sweep, array: np.ndarray, j: int, output: np.ndarray
) -> np.ndarray:
    """d out[j]/d x from the kept columns, or recomputed at the checked elements."""
    row = np.full(array.size, np.nan)
    flat = array.reshape(-1)
    for i in np.flatnonzero(sweep.checked.reshape(-1)):
        column = sweep.columns.get(int(i))
        if column is None:
            column, _ = numerical_column(problem, flat, int(i), output)
        row[i] = column.reshape(-1)[j]
    return row.reshape(array.shape)


def scaling_gap(problem: Problem, comparison: Comparison) -> tuple[int, np.ndarray] | None:
    """Does backward scale with the gradient that comes in? (variable, gradient for 2 w) if not.

    A backward that ignores its incoming gradient gives right numbers when
    that gradient is 1 (a one-element output), and wrong ones inside a model.
    """
    doubled = problem.vjp(2 * comparison.weights)
    for position, (g2, sweep) in enumerate(zip(doubled, comparison.sweeps)):
        g2 = np.asarray(g2, dtype=np.float64).reshape(sweep.analytical.shape)
        if not np.allclose(g2, 2 * sweep.analytical, atol=problem.atol, rtol=problem.rtol):
            return position, g2
    return None


def numerical_projection(problem: Problem, place: int, weights: np.ndarray) -> np.ndarray:
    """sum_j w[j] d out[j]/d x by central differences, moving argument `place` alone.

    For a variable that enters at several places, this is the share of one of them.
    """
    arrays = list(problem.arrays)
    arrays[place] = np.array(arrays[place], dtype=np.float64, order="C")  # its own copy
    alone = Problem(arrays, [Variable("", (place,))], problem.evaluate, problem.vjp,
                    problem.eps, problem.atol, problem.rtol, problem.max_elements)  # fmt: skip
    output = problem.evaluate(arrays)
    return _sweep(alone, alone.variables[0], output, weights, np.zeros(0)).numerical


def describe(caller: str, problem: Problem, position: int, entry: Any) -> str:
    """`caller failed for input k (shape s) at index i: d out[j] / d input_k[i]: ...`."""
    variable = problem.variables[position]
    shape = problem.arrays[variable.places[0]].shape
    a, n = entry.analytical, entry.numerical
    relative = abs(a - n) / abs(n) if n != 0 else float("inf")
    out = "out" if entry.output_index is None else f"out{list(entry.output_index)}"
    wrt = variable.name.replace(" ", "_") + (f"{list(entry.index)}" if entry.index else "")
    return (
        f"{caller} failed for {variable.name} (shape {shape}) at index {entry.index}: "
        f"d {out} / d {wrt}: analytical {a:.6g}, numerical {n:.6g}, absolute error "
        f"{abs(a - n):.3g}, relative error {relative:.3g} (atol={problem.atol}, "
        f"rtol={problem.rtol})"
    )
