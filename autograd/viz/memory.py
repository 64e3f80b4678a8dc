"""What the graph costs in memory: the arrays each operation keeps for its backward."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..tensor import Tensor
from .graph import operations
from .text import byte_size


def saved_arrays(ctx: Any) -> list[np.ndarray]:
    """The distinct arrays an operation keeps for backward: `ctx.saved` and array attributes.

    Each array is listed once however often it is kept (`x * x` saves x twice).

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> [a.shape for a in saved_arrays((x * x)._ctx)]
    [(2,)]
    """
    saved = () if ctx.released else ctx.saved  # backward() freed them
    kept = list(saved) + list(getattr(ctx, "__dict__", {}).values())
    arrays = (a.data if isinstance(a, Tensor) else a for a in kept)  # a Tensor keeps its array
    return list({id(a): a for a in arrays if isinstance(a, np.ndarray)}.values())


def saved_bytes(ctx: Any) -> int:
    """Bytes of the distinct arrays an operation keeps for backward.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)      # float32: 4 bytes each
    >>> saved_bytes((x * x)._ctx), saved_bytes((x + 1.0)._ctx)
    (8, 0)
    """
    return sum(a.nbytes for a in saved_arrays(ctx))


@dataclass
class MemoryRow:
    """One operation: its number in creation order, name, the shapes it keeps, their bytes.

    >>> MemoryRow(0, "relu", [(4, 5)], 20).nbytes
    20
    """

    index: int
    operation: str
    shapes: list[tuple]
    nbytes: int


@dataclass
class MemoryReport:
    """The bytes every operation of a graph keeps for backward, and their total.

    `total` counts each array once even when several operations keep it
    (a layer's input saved by both its matmul and the ReLU before it).

    >>> print(MemoryReport([MemoryRow(0, "mul", [(2,)], 8)], total=8))
    op   operation  keeps for backward       bytes
    ----------------------------------------------
    [0]  mul        (2,)                       8 B
    ----------------------------------------------
         total      each array counted once    8 B
    """

    rows: list[MemoryRow]
    total: int

    def __str__(self) -> str:
        header = ("op", "operation", "keeps for backward", "bytes")
        body = [
            (
                f"[{row.index}]",
                row.operation,
                ", ".join(str(s) for s in row.shapes) or "nothing",
                byte_size(row.nbytes),
            )
            for row in self.rows
        ]
        footer = ("", "total", "each array counted once", byte_size(self.total))
        table = [header, *body, footer]
        widths = [max(len(line[i]) for line in table) for i in range(4)]

        def line(cells: tuple) -> str:
            return "  ".join(
                cell.rjust(w) if i == 3 else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(cells, widths))
            ).rstrip()

        rule = "-" * len(line(header))
        return "\n".join([line(header), rule, *map(line, body), rule, line(footer)])


def memory_report(output: Tensor) -> MemoryReport:
    """The arrays each operation behind `output` keeps for backward, as a table with the total.

    These arrays stay in memory until the graph is gone: this is why
    activations cost memory in training, and why evaluating under
    `autograd.no_grad()` (which records no graph) needs none of it.

    >>> x = Tensor([[1.0, 2.0]], requires_grad=True)
    >>> report = memory_report((x * x).relu().sum())
    >>> report.total, [row.nbytes for row in report.rows]  # mul: x; relu: a mask of bools
    (10, [8, 2, 0])
    """
    if not isinstance(output, Tensor):
        raise TypeError(f"memory_report needs a Tensor, got {type(output).__name__}")
    rows, distinct = [], {}
    for index, ctx in enumerate(operations(output)):
        arrays = saved_arrays(ctx)
        distinct |= {id(a): a for a in arrays}
        shapes = [a.shape for a in arrays]
        rows.append(MemoryRow(index, ctx.function.name, shapes, sum(a.nbytes for a in arrays)))
    return MemoryReport(rows, sum(a.nbytes for a in distinct.values()))
