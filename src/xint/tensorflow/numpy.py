"""tf.experimental.numpy (the dialect's `np`), with NumPy behaviour: float64 defaults."""
import math as _math

import numpy as _onp

from .. import backend
from ..core.tensor import Tensor
from ..ops import elementwise as _ew
from ..ops import linalg as _linalg
from ..ops import reduce as _reduce
from ..ops import shape as _shape
from . import _dtypes
from ._tensor import EagerTensor, Variable, _operands

ndarray = EagerTensor
pi = _math.pi
e = _math.e
float16, float32, float64 = _dtypes.float16, _dtypes.float32, _dtypes.float64
int32, int64, bool_ = _dtypes.int32, _dtypes.int64, _dtypes.bool


def _t(x):
    if isinstance(x, Variable):
        return x._read()
    return x if isinstance(x, Tensor) else asarray(x)


def array(val, dtype=None, copy=True):
    """Like numpy.array: Python floats float64, ints int64."""
    if isinstance(val, Tensor):
        data = val._data
    else:
        data = _onp.asarray(val)
    return EagerTensor._wrap(backend.xp.array(data, dtype=None if dtype is None else
                                              _dtypes.to_numpy_dtype(dtype)))


asarray = array


def arange(start, stop=None, step=1, dtype=None):
    if stop is None:
        start, stop = 0, start
    out = backend.xp.arange(start, stop, step)
    return EagerTensor._wrap(out if dtype is None else out.astype(_dtypes.to_numpy_dtype(dtype)))


def zeros(shape, dtype=float):
    return EagerTensor._wrap(backend.xp.zeros(shape, dtype=_dtypes.to_numpy_dtype(dtype)))


def ones(shape, dtype=float):
    return EagerTensor._wrap(backend.xp.ones(shape, dtype=_dtypes.to_numpy_dtype(dtype)))


def reshape(a, newshape):
    return _shape.reshape(_t(a), tuple(newshape) if isinstance(newshape, list) else newshape)


def transpose(a, axes=None):
    return _shape.transpose(_t(a), None if axes is None else tuple(axes))


def dot(a, b):
    return _linalg.matmul(*_operands(_t(a), b))


matmul = dot


def sum(a, axis=None, keepdims=False):
    return _reduce.sum(_t(a), axis=axis, keepdims=keepdims)


def mean(a, axis=None, keepdims=False):
    return _reduce.mean(_t(a), axis=axis, keepdims=keepdims)


def exp(x):
    return _ew.exp(_t(x))


def log(x):
    return _ew.log(_t(x))


def sin(x):
    return _ew.sin(_t(x))


def cos(x):
    return _ew.cos(_t(x))


def tanh(x):
    return _ew.tanh(_t(x))


def sqrt(x):
    return _ew.sqrt(_t(x))


def experimental_enable_numpy_behavior(prefer_float32=False, dtype_conversion_mode="legacy"):
    """xint's TensorFlow dialect always has NumPy behaviour on; accepted for compatibility."""


def concatenate(arys, axis=0):
    return _shape.concat(*[_t(a) for a in arys], axis=axis)


def stack(arrays, axis=0):
    return _shape.stack(*[_t(a) for a in arrays], axis=axis)
