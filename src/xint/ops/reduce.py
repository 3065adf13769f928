"""Reductions and their VJPs (the gradient is broadcast back over the reduced axes)."""
from .elementwise import div
from .registry import defop
from .shape import broadcast_to, reshape


def _normalize_axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, tuple) else (axis,)
    return tuple(a % ndim if ndim else a for a in axes)


def _unreduce(g, x, axis, keepdims):
    """Reshape g to keep the reduced axes as size 1, then broadcast it to x's shape."""
    shape = x.shape
    if not keepdims and axis is not None:       # a full reduction's 0-d g broadcasts as it is
        axes = _normalize_axes(axis, len(shape))
        kept = tuple(1 if i in axes else n for i, n in enumerate(shape))
        g = reshape(g, kept)
    return broadcast_to(g, shape)


# NOTE: the array methods, not numpy.sum/mean: the module functions add microseconds of dispatch.
def _sum(x, axis=None, keepdims=False, dtype=None):
    return x.sum(axis=axis, keepdims=keepdims, dtype=dtype)


def _mean(x, axis=None, keepdims=False, dtype=None):
    return x.mean(axis=axis, keepdims=keepdims, dtype=dtype)


def _count(shape, axis):
    n = 1
    for a in _normalize_axes(axis, len(shape)):
        n *= shape[a]
    return n


sum = defop("sum", _sum, vjps=(lambda g, ans, x, axis=None, keepdims=False, dtype=None:
                               _unreduce(g, x, axis, keepdims),), saves=False, family="reduce")
mean = defop("mean", _mean, vjps=(lambda g, ans, x, axis=None, keepdims=False, dtype=None:
                                  div(_unreduce(g, x, axis, keepdims), _count(x.shape, axis)),),
             saves=False, family="reduce")
