"""tf.random: set_seed, normal, uniform, shuffle, from this dialect's own seeded generator.
(Same seed, same stream within xint; TF's own random bits are not reproduced.)"""
import types

from ..ops.random import Generator
from . import _dtypes
from ._tensor import EagerTensor, Variable

_gen = Generator()


def set_seed(seed):
    _gen.seed(seed)


def _shape(shape):
    return tuple(int(n) for n in (shape.numpy() if hasattr(shape, "numpy") else shape))


def normal(shape, mean=0.0, stddev=1.0, dtype=_dtypes.float32, seed=None, name=None):
    return EagerTensor._wrap(_gen.normal(mean, stddev, _shape(shape), _dtypes.to_numpy_dtype(dtype)))


def uniform(shape, minval=0, maxval=None, dtype=_dtypes.float32, seed=None, name=None):
    dt = _dtypes.to_numpy_dtype(dtype)
    if dt.kind in "iu":
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {_dtypes.FROM_NUMPY[dt]!r}")
        return EagerTensor._wrap(_gen.randint(minval, maxval, _shape(shape), dt))
    return EagerTensor._wrap(_gen.uniform(minval, 1 if maxval is None else maxval, _shape(shape),
                                          dt))


def shuffle(value, seed=None, name=None):
    """A new tensor with value's first axis in random order."""
    data = value._read()._data if isinstance(value, Variable) else value._data
    return EagerTensor._wrap(data[_gen.permutation(data.shape[0])] if data.ndim else data)


random = types.SimpleNamespace(set_seed=set_seed, normal=normal, uniform=uniform, shuffle=shuffle)
