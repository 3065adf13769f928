"""mxnet.np.random (and npx.random.seed): this dialect's own seeded generator.
(Same seed, same stream within xint; MXNet's own random bits are not reproduced.)"""
import numpy as _onp

from ..ops.random import Generator
from ._ndarray import ndarray

_gen = Generator()
_F32 = _onp.dtype(_onp.float32)


def _seed(seed, ctx="all"):
    """npx.random.seed (mxnet.numpy.random has no seed of its own)."""
    _gen.seed(seed)


def _size(size):
    return () if size is None else (tuple(size) if isinstance(size, (tuple, list)) else (size,))


def _host(v):
    return v.asnumpy() if isinstance(v, ndarray) else v


def normal(loc=0.0, scale=1.0, size=None, dtype=None, ctx=None, out=None):
    """Float32 samples; with array loc/scale and no size, their broadcast shape."""
    loc, scale = _host(loc), _host(scale)
    shape = _size(size) if size is not None else _onp.broadcast(loc, scale).shape
    return ndarray._wrap(_gen.normal(loc, scale, shape, _onp.dtype(dtype or _F32)))


def uniform(low=0.0, high=1.0, size=None, dtype=None, ctx=None, out=None):
    low, high = _host(low), _host(high)
    shape = _size(size) if size is not None else _onp.broadcast(low, high).shape
    return ndarray._wrap(_gen.uniform(low, high, shape, _onp.dtype(dtype or _F32)))


def randint(low, high=None, size=None, dtype=None, ctx=None, out=None):
    if high is None:
        low, high = 0, low
    return ndarray._wrap(_gen.randint(low, high, _size(size), _onp.dtype(dtype or _onp.int64)))


def multinomial(n, pvals, size=None):
    """int64 counts of n draws over the categories of pvals."""
    return ndarray._wrap(_gen.multinomial(n, _onp.asarray(_host(pvals)), _size(size)))


def choice(a, size=None, replace=True, p=None, ctx=None, out=None):
    n = a if isinstance(a, int) else len(a)
    probs = _onp.full(n, 1.0 / n) if p is None else _onp.asarray(_host(p))
    count = 1 if size is None else int(_onp.prod(_size(size)))
    idx = _gen.choice(probs, count, replacement=replace).reshape(_size(size))
    return ndarray._wrap(idx if isinstance(a, int) else a._data[idx])


def shuffle(x):
    """Shuffle x along its first axis, in place."""
    x._data[...] = x._data[_gen.permutation(x._data.shape[0])]


def __getattr__(name):
    # a missing name reads as on MXNet (np.random.seed is one: MXNet seeds through npx.random)
    raise AttributeError(f"module 'mxnet.numpy.random' has no attribute '{name}'")
