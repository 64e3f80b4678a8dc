"""Arguments given in more than one spelling: shapes, and NumPy's or PyTorch's names.

- `shape_argument`: `zeros(2, 3)` and `zeros((2, 3))` both mean shape (2, 3),
  as in NumPy's `reshape` and PyTorch's factories;
- `pick` and `pytorch_axis`: `axis=` or `dim=`, `keepdims=` or `keepdim=`
  (the reductions call them only when a PyTorch name is given, so the usual
  call pays nothing);
- `ElementCount`: `Tensor.size`, the element count as in NumPy, which explains
  itself when called as PyTorch's `x.size()`.

Nothing here knows Tensor, so tensor.py and its method modules can use it.
"""

from __future__ import annotations

from typing import Any


def shape_argument(args: tuple) -> tuple:
    """(2, 3) from either (2, 3) or ((2, 3),), the two ways NumPy accepts shapes.

    >>> shape_argument((2, 3)), shape_argument(([2, 3],)), shape_argument(())
    ((2, 3), (2, 3), ())
    """
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(args[0])
    return tuple(args)


def pytorch_axis(call: str, axis: Any, keepdims: bool, dim: Any, keepdim: Any) -> tuple:
    """(axis, keepdims) from NumPy's names and PyTorch's `dim` / `keepdim`.

    Both names of one argument at once is an error; `axis` and `keepdims` at
    their defaults (None and False) count as not given.

    >>> pytorch_axis("sum", None, False, 1, True)
    (1, True)
    """
    return (
        pick(call, "axis", axis, None, "dim", dim),
        pick(call, "keepdims", keepdims, False, "keepdim", keepdim),
    )


def pick(call: str, name: str, value: Any, default: Any, torch_name: str, torch_value: Any) -> Any:
    """`torch_value` when given (not None), else `value`; both given is a TypeError.

    `value` counts as not given when it equals its `default`.

    >>> pick("softmax", "axis", -1, -1, "dim", 0)
    0
    """
    if torch_value is None:
        return value
    if value is not default and value != default:
        raise TypeError(
            f"{call}: got both {name}={value!r} and {torch_name}={torch_value!r}, NumPy's and "
            f"PyTorch's names for one argument; pass only one of them"
        )
    return torch_value


class ElementCount(int):
    """`Tensor.size`: the number of elements, as in NumPy. Calling it, as PyTorch's
    `x.size()`, raises a TypeError that says what to write instead.

    >>> n = ElementCount(6)
    >>> n + 1, n == 6
    (7, True)
    """

    __slots__ = ()

    def __call__(self, dim: Any = None) -> None:
        which = "x.shape" if dim is None else f"x.shape[{dim}]"
        raise TypeError(
            f"Tensor.size is the number of elements ({int(self)}), as in NumPy, not a "
            f"method: for PyTorch's x.size({'' if dim is None else dim}) write {which}; "
            f"x.numel() and x.size give the element count"
        )
