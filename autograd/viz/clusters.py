"""Module boxes: the nested `autograd.scope` calls that recorded operations were made in."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any


class Cluster:
    """One call of a module (one `autograd.scope` block): a box around its operations.

    >>> top = Cluster(None, None, 0)
    >>> top.open_child("fc1: Linear", iter([1])).ancestors()[-1] is top
    True
    """

    def __init__(self, label: Any, parent: Cluster | None, number: int) -> None:
        self.label, self.parent, self.number = label, parent, number
        self.depth = 0 if parent is None else parent.depth + 1
        self.children: list[Cluster] = []
        self.scope: tuple | None = None  # the scope tuple of this call's own operations
        self.nodes: list[tuple[str, str, dict]] = []

    def open_child(self, label: Any, counter: Iterator[int]) -> Cluster:
        child = Cluster(label, self, next(counter))
        self.children.append(child)
        return child

    def ancestors(self) -> list[Cluster]:
        """This cluster and its parents up to the top."""
        chain, cluster = [], self
        while cluster is not None:
            chain.append(cluster)
            cluster = cluster.parent
        return chain


def clusters(ops: list) -> tuple[Cluster, dict]:
    """The nested calls the operations were made in, from their `ctx.scope`.

    Operations come in creation order, so one call's operations are
    consecutive. Two calls with the same labels one after the other are told
    apart by their scope tuple: `autograd.scope` makes a new one per call.

    >>> from autograd import Tensor, scope
    >>> x = Tensor([1.0], requires_grad=True)
    >>> with scope("fc1"):
    ...     y = x * 2.0
    >>> top, where = clusters([y._ctx])
    >>> where[y._ctx].label
    'fc1'
    """
    counter = iter(range(1, sys.maxsize))
    top = Cluster(None, None, 0)
    path = [top]  # path[d] is the open cluster at depth d
    where = {}
    for ctx in ops:
        scope = ctx.scope
        shared = 0
        while shared < min(len(scope), len(path) - 1) and path[shared + 1].label == scope[shared]:
            shared += 1
        if 0 < shared == len(scope) == len(path) - 1 and path[-1].scope is not scope:
            shared -= 1  # the same module called again
        del path[shared + 1 :]
        for label in scope[shared:]:
            path.append(path[-1].open_child(label, counter))
        path[-1].scope = scope
        where[ctx] = path[-1]
    return top, where


def common_cluster(found: list[Cluster]) -> Cluster:
    """The innermost cluster that contains all of `found`.

    >>> top = Cluster(None, None, 0)
    >>> a, b = top.open_child("a", iter([1])), top.open_child("b", iter([2]))
    >>> common_cluster([a, b]) is top
    True
    """
    common = found[0].ancestors()
    for cluster in found[1:]:
        inside = set(cluster.ancestors())
        common = [c for c in common if c in inside]
    return common[0]


def collapsed(top: Cluster, collapse: bool | int) -> set[Cluster]:
    """The clusters drawn as one box: modules without sub-modules (True) or at a depth.

    >>> top = Cluster(None, None, 0)
    >>> inner = top.open_child("net", iter([1])).open_child("fc1", iter([2]))
    >>> collapsed(top, True) == {inner}
    True
    """
    if collapse is False:
        return set()
    if not (collapse is True or (isinstance(collapse, int) and collapse >= 1)):
        raise ValueError(
            f"draw_graph: collapse_modules must be False, True (collapse modules without "
            f"sub-modules) or a nesting depth >= 1, got {collapse!r}"
        )
    found, stack = set(), list(top.children)
    while stack:
        cluster = stack.pop()
        chosen = not cluster.children if collapse is True else cluster.depth == collapse
        if chosen:
            found.add(cluster)
        else:
            stack += cluster.children
    return found
