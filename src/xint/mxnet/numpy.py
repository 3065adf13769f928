"""mxnet.numpy (the `np` of `from mxnet import np`): float32 by default, even for ints and bools."""
import builtins
import math

import numpy as _onp

from .. import backend
from ..core.tensor import Tensor
from ..ops import elementwise as _ew
from ..ops import reduce as _reduce
from ..ops import shape as _shape
from ._ndarray import matmul as _matmul
from . import random  # noqa: F401 - np.random
from ._ndarray import ndarray, _operands, own_memory, transpose_axes
from .base import dims as _dims
from .base import MXNetError

pi = math.pi
e = math.e
float16, float32, float64 = _onp.float16, _onp.float32, _onp.float64
int8, int32, int64, uint8 = _onp.int8, _onp.int32, _onp.int64, _onp.uint8
bool_ = _onp.bool_
_F32 = _onp.dtype(_onp.float32)


def array(object, dtype=None, ctx=None):
    """Python data becomes float32 (ints and bools too); a NumPy array keeps its dtype."""
    if isinstance(object, Tensor):
        data = object._data
    elif isinstance(object, (_onp.ndarray, _onp.generic)):
        data = object
    else:
        data = _onp.asarray(object, dtype=_F32 if dtype is None else None)
    return ndarray._wrap(backend.xp.array(data, dtype=dtype))


def _creation(fill):
    def create(shape, dtype=None, order="C", ctx=None):
        return ndarray._wrap(fill(shape, dtype=_F32 if dtype is None else _onp.dtype(dtype)))
    return create


zeros = _creation(lambda shape, dtype: backend.xp.zeros(shape, dtype=dtype))
ones = _creation(lambda shape, dtype: backend.xp.ones(shape, dtype=dtype))
empty = _creation(lambda shape, dtype: backend.xp.empty(shape, dtype=dtype))


def zeros_like(a, dtype=None):
    return ndarray._wrap(backend.xp.zeros_like(a._data, dtype=dtype))


def ones_like(a, dtype=None):
    return ndarray._wrap(backend.xp.ones_like(a._data, dtype=dtype))


def arange(start, stop=None, step=1, dtype=None, ctx=None):
    """float32 unless a dtype is given, even for integer bounds."""
    if stop is None:
        start, stop = 0, start
    dt = _F32 if dtype is None else _onp.dtype(dtype)
    return ndarray._wrap(backend.xp.arange(start, stop, step).astype(dt))


def _unary(prim):
    """MXNet keeps an integer array's dtype through float math (np.exp(int32) is int32)."""
    def f(x):
        out = prim(x)
        if x._data.dtype.kind in "iub":
            return ndarray._wrap(out._data.astype(x._data.dtype))
        return out
    return f


exp = _unary(_ew.exp)
log = _unary(_ew.log)
sin = _unary(_ew.sin)
cos = _unary(_ew.cos)
tanh = _unary(_ew.tanh)
sinh = _unary(_ew.sinh)
cosh = _unary(_ew.cosh)
sqrt = _unary(_ew.sqrt)
negative = _unary(_ew.neg)


def _binary(prim):
    return lambda x1, x2: prim(*_operands(x1, x2))


add = _binary(_ew.add)
subtract = _binary(_ew.sub)
multiply = _binary(_ew.mul)
power = _binary(_ew.power)
matmul = dot = _matmul


def equal(x1, x2):
    # the operator checks the dtypes (MXNet compares equal dtypes only)
    return x1 == x2 if isinstance(x1, ndarray) else x2 == x1


def meshgrid(*xi, indexing="xy", sparse=False):
    """A list of grids: each array flattened along its own axis, then broadcast (differentiable);
    'xy' swaps the first two axes. Every result keeps its input's dtype."""
    if sparse:
        raise NotImplementedError("sparse=False is not implemented")   # MXNet's words
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    n = len(xi)
    axes = list(range(n))
    if indexing == "xy" and n > 1:
        axes[0], axes[1] = 1, 0
    grid = [1] * n
    for x, ax in zip(xi, axes):
        grid[ax] = x._data.size
    grid = tuple(grid)
    return [_shape.broadcast_to(_shape.reshape(x, tuple(-1 if d == ax else 1 for d in range(n))),
                                grid) for x, ax in zip(xi, axes)]


def divide(x1, x2):
    return x1 / x2 if isinstance(x1, ndarray) else ndarray.__rtruediv__(x2, x1)


def sum(a, axis=None, dtype=None, keepdims=False):
    return a.sum(axis=axis, keepdims=keepdims, dtype=dtype)


def mean(a, axis=None, dtype=None, keepdims=False):
    return a.mean(axis=axis, keepdims=keepdims)


def reshape(a, newshape, order="C"):
    return a.reshape(newshape)


def transpose(a, axes=None):
    return transpose_axes(a, None if axes is None else tuple(axes))


def stack(arrays, axis=0):
    try:
        return _shape.stack(*arrays, axis=axis)
    except ValueError:
        sizes = [a._data.size for a in arrays]
        bad = next((i for i, n in enumerate(sizes) if n != sizes[0]), None)
        if bad is None:
            raise
        raise MXNetError("TBlob.get_with_shape: Check failed: this->shape_.Size() == "
                         f"static_cast<size_t>(shape.Size()) ({sizes[bad]} vs. {sizes[0]}) : new "
                         "and old shape do not match total elements") from None


def concatenate(seq, axis=0):
    try:
        return _shape.concat(*seq, axis=axis)
    except ValueError:
        shapes = [tuple(a._data.shape) for a in seq]
        first = shapes[0]
        if not -len(first) <= axis < len(first):
            raise
        want = list(first)
        want[axis] = -1
        for s in shapes[1:]:
            if len(s) != len(first) or any(m != n for d, (m, n) in enumerate(zip(first, s))
                                            if d != axis % len(first)):
                raise MXNetError("MXNetError: Check failed: shape_assign(&(*in_shape)[i], "
                                 f"dshape): Incompatible input shape: expected {_dims(want)}, "
                                 f"got {_dims(s)}") from None
        raise


def max(a, axis=None, keepdims=False):
    return a.max(axis=axis, keepdims=keepdims)


def min(a, axis=None, keepdims=False):
    return a.min(axis=axis, keepdims=keepdims)


def argmax(a, axis=None):
    return a.argmax(axis=axis)


abs = absolute = _unary(_ew.abs)


def _same_dtype(x1, x2):
    """Binary operators MXNet runs without promotion between arrays: the dtypes must agree."""
    if isinstance(x1, ndarray) and isinstance(x2, ndarray) and x1._data.dtype != x2._data.dtype:
        raise MXNetError("MXNetError: Check failed: assign(&dattr, vec.at(i)): Incompatible attr "
                         f"in node  at 1-th input: expected {x1._data.dtype.name}, got "
                         f"{x2._data.dtype.name}")


def _no_promotion(prim):
    def f(x1, x2):
        _same_dtype(x1, x2)
        return prim(*_operands(x1, x2))
    return f


maximum = _no_promotion(_ew.maximum)
minimum = _no_promotion(_ew.minimum)


def clip(a, a_min, a_max):
    return a.clip(a_min, a_max)


def prod(a, axis=None, dtype=None, keepdims=False):
    return a.prod(axis=axis, keepdims=keepdims)


def cumsum(a, axis=None, dtype=None):
    return a.cumsum(axis=axis, dtype=dtype)


def std(a, axis=None, ddof=0, keepdims=False):
    return a.std(axis=axis, ddof=ddof, keepdims=keepdims)


def var(a, axis=None, ddof=0, keepdims=False):
    return a.var(axis=axis, ddof=ddof, keepdims=keepdims)


def argmin(a, axis=None):
    return a.argmin(axis=axis)


def split(ary, indices_or_sections, axis=0):
    """An int splits into that many equal pieces (NumPy's rule); a list gives the cut points."""
    n = ary._data.shape[axis]
    if isinstance(indices_or_sections, int):
        if n % indices_or_sections:
            raise ValueError("array split does not result in an equal division")
        sizes = [n // indices_or_sections] * indices_or_sections
    else:
        cuts = [0, *indices_or_sections, n]
        sizes = [builtins.max(b - a, 0) for a, b in zip(cuts, cuts[1:])]
    return [own_memory(part) for part in _shape.split(ary, sizes, axis=axis)]


def expand_dims(a, axis):
    return own_memory(_shape.expand_dims(a, axis))


def squeeze(a, axis=None):
    return a.squeeze(axis)


def swapaxes(a, axis1, axis2):
    return a.swapaxes(axis1, axis2)


def tile(A, reps):
    return _shape.tile(A, reps if isinstance(reps, (tuple, list)) else (reps,))


def repeat(a, repeats, axis=None):
    return a.repeat(repeats, axis)


def flip(m, axis=None):
    return _shape.flip(m, axis)


def where(condition, x=None, y=None):
    """With x and y: elements of x where condition holds, else of y; alone: the int64 indices."""
    if x is None and y is None:
        return tuple(ndarray._wrap(i.astype(_onp.int64)) for i in condition._data.nonzero())
    x, y = _operands(x, y) if isinstance(x, ndarray) or isinstance(y, ndarray) else (x, y)
    return _ew.where(condition, x, y)


def full(shape, fill_value, dtype=None, order="C", ctx=None):
    dt = _F32 if dtype is None else _onp.dtype(dtype)
    return ndarray._wrap(backend.xp.full(shape, fill_value, dtype=dt))


def full_like(a, fill_value, dtype=None):
    return ndarray._wrap(backend.xp.full_like(a._data, fill_value, dtype=dtype))


def eye(N, M=None, k=0, dtype=None, ctx=None):
    return ndarray._wrap(backend.xp.eye(N, M, k, dtype=_F32 if dtype is None else dtype))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, ctx=None):
    dt = _F32 if dtype is None else _onp.dtype(dtype)
    values, step = backend.xp.linspace(start, stop, num, endpoint=endpoint, retstep=True)
    out = ndarray._wrap(values.astype(dt))
    return (out, step) if retstep else out


class _Linalg:
    """mxnet.np.linalg (the part D2L uses)."""

    @staticmethod
    def norm(x, ord=None, axis=None, keepdims=False):
        """The 2-norm (Frobenius for matrices); an integer array's norm is truncated to its
        dtype, as MXNet's is (with a warning there)."""
        out = _reduce.vector_norm(x if x._data.dtype.kind == "f" else _ew.cast(x, _F32),
                                  2 if ord is None else ord, axis=axis, keepdims=keepdims)
        return out if x._data.dtype.kind == "f" else ndarray._wrap(out._data.astype(x._data.dtype))


linalg = _Linalg()
