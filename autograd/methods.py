"""Tensor's methods that run an operation: reductions, elementwise functions, shape changes.

`Methods` is a mixin of `Tensor` (tensor.py). Each method checks its
arguments and calls one operation of autograd/ops through `op` (see
deferred.py); no derivative lives here. Methods take NumPy's names and, where
PyTorch's differ, PyTorch's too (`dim=` for `axis=`, `keepdim=`); the
methods only PyTorch has are in aliases.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .arguments import pick, pytorch_axis, shape_argument
from .deferred import op

if TYPE_CHECKING:
    from .tensor import Tensor


class Methods:
    """The operation-running methods of `Tensor`.

    >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).T.sum(axis=1).exp().shape
    (2,)
    """

    __slots__ = ()

    @property
    def T(self) -> Tensor:
        """The tensor with its axes reversed (the transpose of a matrix)."""
        return op.Transpose.apply(self, axes=None)

    def astype(self, dtype: Any) -> Tensor:
        """The tensor converted to `dtype`; the gradient converts back.

        >>> Tensor([1.5]).astype(np.float64).dtype
        dtype('float64')
        """
        try:
            dtype = np.dtype(dtype)
        except TypeError as error:
            raise TypeError(f"astype: {error}") from None
        return op.Cast.apply(self, dtype=dtype)

    def sum(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """Sum over `axis` (all axes when None).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).sum(axis=0)
        Tensor([4., 6.])
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("sum", axis, keepdims, dim, keepdim)
        return op.Sum.apply(self, axis=axis, keepdims=keepdims)

    def mean(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """Mean over `axis` (all axes when None).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mean(axis=1)
        Tensor([1.5, 3.5])
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("mean", axis, keepdims, dim, keepdim)
        return op.Mean.apply(self, axis=axis, keepdims=keepdims)

    def var(
        self,
        axis: Any = None,
        keepdims: bool = False,
        ddof: int = 0,
        *,
        dim: Any = None,
        keepdim: Any = None,
    ) -> Tensor:
        """Variance over `axis`, divided by N - ddof (ddof=0 like NumPy).

        >>> Tensor([1.0, 2.0, 3.0, 4.0]).var()
        Tensor(1.25)
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("var", axis, keepdims, dim, keepdim)
        return op.Var.apply(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def max(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """Maximum over `axis`; tied maxima share the gradient equally.

        >>> Tensor([[1.0, 5.0], [3.0, 2.0]]).max(axis=1)
        Tensor([5., 3.])
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("max", axis, keepdims, dim, keepdim)
        return op.Max.apply(self, axis=axis, keepdims=keepdims)

    def min(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """Minimum over `axis`; tied minima share the gradient equally.

        >>> Tensor([[1.0, 5.0], [3.0, 2.0]]).min(axis=1)
        Tensor([1., 2.])
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("min", axis, keepdims, dim, keepdim)
        return op.Min.apply(self, axis=axis, keepdims=keepdims)

    def logsumexp(
        self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: Any = None
    ) -> Tensor:
        """log(sum(exp(x))) over `axis`, computed without overflow.

        >>> Tensor([1e4, 1e4]).logsumexp()
        Tensor(10000.693)
        """
        if dim is not None or keepdim is not None:
            axis, keepdims = pytorch_axis("logsumexp", axis, keepdims, dim, keepdim)
        return op.LogSumExp.apply(self, axis=axis, keepdims=keepdims)

    def softmax(self, axis: int = -1, *, dim: int | None = None) -> Tensor:
        """exp(x) / sum(exp(x)) along `axis`: positive, summing to 1.

        >>> Tensor([0.0, 0.0]).softmax()
        Tensor([0.5, 0.5])
        """
        if dim is not None:
            axis = pick("softmax", "axis", axis, -1, "dim", dim)
        return op.Softmax.apply(self, axis=axis)

    def log_softmax(self, axis: int = -1, *, dim: int | None = None) -> Tensor:
        """log(softmax(x)) along `axis`, stable for large |x|.

        >>> Tensor([0.0, 0.0]).log_softmax()
        Tensor([-0.6931472, -0.6931472])
        """
        if dim is not None:
            axis = pick("log_softmax", "axis", axis, -1, "dim", dim)
        return op.LogSoftmax.apply(self, axis=axis)

    def exp(self) -> Tensor:
        """e ** x elementwise.

        >>> Tensor([0.0]).exp()
        Tensor([1.])
        """
        return op.Exp.apply(self)

    def log(self) -> Tensor:
        """Natural logarithm; NaN for negative numbers, -inf at 0, like NumPy.

        >>> Tensor([1.0]).log()
        Tensor([0.])
        """
        return op.Log.apply(self)

    def sqrt(self) -> Tensor:
        """Square root elementwise.

        >>> Tensor([4.0]).sqrt()
        Tensor([2.])
        """
        return op.Sqrt.apply(self)

    def abs(self) -> Tensor:
        """|x| elementwise (gradient 0 at 0).

        >>> Tensor([-2.0]).abs()
        Tensor([2.])
        """
        return op.Abs.apply(self)

    def relu(self) -> Tensor:
        """max(x, 0) elementwise (gradient 0 at 0).

        >>> Tensor([-1.0, 2.0]).relu()
        Tensor([0., 2.])
        """
        return op.ReLU.apply(self)

    def sigmoid(self) -> Tensor:
        """1 / (1 + exp(-x)), stable for large |x|.

        >>> Tensor([0.0]).sigmoid()
        Tensor([0.5])
        """
        return op.Sigmoid.apply(self)

    def tanh(self) -> Tensor:
        """Hyperbolic tangent elementwise.

        >>> Tensor([0.0]).tanh()
        Tensor([0.])
        """
        return op.Tanh.apply(self)

    def clip(self, lo: Any = None, hi: Any = None) -> Tensor:
        """Limit values to [lo, hi]; the gradient is 0 where a value was clipped.

        >>> Tensor([-2.0, 0.5, 3.0]).clip(0, 1)
        Tensor([0. , 0.5, 1. ])
        """
        return op.Clip.apply(self, lo=lo, hi=hi)

    def reshape(self, *shape: Any) -> Tensor:
        """The same data in a new shape: reshape(2, 3) or reshape((2, 3)); -1 infers one axis.

        >>> Tensor([1.0, 2.0, 3.0, 4.0]).reshape(2, -1).shape
        (2, 2)
        """
        return op.Reshape.apply(self, shape=shape_argument(shape))

    def flatten(self) -> Tensor:
        """The data as one axis.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).flatten().shape
        (4,)
        """
        return op.Reshape.apply(self, shape=(-1,))

    def squeeze(self, axis: Any = None, *, dim: Any = None) -> Tensor:
        """Remove axes of length 1 (all of them, or those in `axis`).

        >>> Tensor([[1.0], [2.0]]).squeeze().shape
        (2,)
        """
        if dim is not None:
            axis = pick("squeeze", "axis", axis, None, "dim", dim)
        return op.Squeeze.apply(self, axis=axis)

    def expand_dims(self, axis: Any = None, *, dim: Any = None) -> Tensor:
        """Insert an axis of length 1 at `axis`.

        >>> Tensor([1.0, 2.0]).expand_dims(0).shape
        (1, 2)
        """
        if dim is not None or axis is None:
            axis = pick("expand_dims", "axis", axis, None, "dim", dim)
            if axis is None:
                raise TypeError("expand_dims: give the position of the new axis (axis or dim)")
        return op.ExpandDims.apply(self, axis=axis)

    def transpose(self, *axes: Any) -> Tensor:
        """Permute the axes: transpose(1, 0), transpose((1, 0)); reversed when none given.

        >>> Tensor([[1.0, 2.0, 3.0]]).transpose().shape
        (3, 1)
        """
        axes = shape_argument(axes)
        if len(axes) == 2 and self.ndim > 2:  # PyTorch's transpose(dim0, dim1)
            raise ValueError(
                f"transpose: axes {axes} for a tensor of shape {self.shape}: transpose takes "
                f"an order of all {self.ndim} axes, as in NumPy; to swap two axes (PyTorch's "
                f"transpose(dim0, dim1)) use swapaxes({axes[0]}, {axes[1]})"
            )
        return op.Transpose.apply(self, axes=None if axes in ((), (None,)) else axes)

    def swapaxes(self, axis1: int, axis2: int) -> Tensor:
        """Exchange two axes.

        >>> Tensor(np.zeros((2, 3, 4))).swapaxes(-1, -2).shape
        (2, 4, 3)
        """
        axes = list(range(self.ndim))
        try:
            axes[axis1], axes[axis2] = axes[axis2], axes[axis1]
        except IndexError:
            raise IndexError(
                f"swapaxes: axes {axis1} and {axis2} do not both exist in a tensor of shape "
                f"{self.shape}"
            ) from None
        return op.Transpose.apply(self, axes=tuple(axes))

    def broadcast_to(self, shape: Any) -> Tensor:
        """Repeat the data along new or length-1 axes to `shape`, as NumPy broadcasts.

        >>> Tensor([1.0, 2.0]).broadcast_to((3, 2)).shape
        (3, 2)
        """
        return op.BroadcastTo.apply(self, shape=shape_argument((shape,)))
