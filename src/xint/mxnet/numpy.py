"""mxnet.numpy (the `np` of `from mxnet import np`): float32 by default, even for ints and bools."""
import math

import numpy as _onp

from .. import backend
from ..core.tensor import Tensor
from ..ops import elementwise as _ew
from ..ops import shape as _shape
from ._ndarray import matmul as _matmul
from . import random  # noqa: F401 - np.random
from ._ndarray import ndarray, _operands

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
sqrt = _unary(_ew.sqrt)
negative = _unary(_ew.neg)


def _binary(prim):
    return lambda x1, x2: prim(*_operands(x1, x2))


add = _binary(_ew.add)
subtract = _binary(_ew.sub)
multiply = _binary(_ew.mul)
power = _binary(_ew.power)
matmul = dot = _matmul
equal = _binary(_ew.equal)


def divide(x1, x2):
    return x1 / x2 if isinstance(x1, ndarray) else ndarray.__rtruediv__(x2, x1)


def sum(a, axis=None, dtype=None, keepdims=False):
    return a.sum(axis=axis, keepdims=keepdims, dtype=dtype)


def mean(a, axis=None, dtype=None, keepdims=False):
    return a.mean(axis=axis, keepdims=keepdims)


def reshape(a, newshape, order="C"):
    return a.reshape(newshape)


def transpose(a, axes=None):
    return _shape.transpose(a, None if axes is None else tuple(axes))


def stack(arrays, axis=0):
    return _shape.stack(*arrays, axis=axis)


def concatenate(seq, axis=0):
    return _shape.concat(*seq, axis=axis)


def max(a, axis=None, keepdims=False):
    return a.max(axis=axis, keepdims=keepdims)


def min(a, axis=None, keepdims=False):
    return a.min(axis=axis, keepdims=keepdims)


def argmax(a, axis=None):
    return a.argmax(axis=axis)
