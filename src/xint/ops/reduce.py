"""Reductions and their VJPs (the gradient is broadcast back over the reduced axes): sum, mean,
prod, max/min (and argmax/argmin, all/any without gradients), cumsum, vector norms, var and std.
"""
import builtins
import math
import warnings

import numpy

from .. import backend
from ..core.tensor import Tensor
from .elementwise import cast, div, equal, mul, power, sub, where
from .registry import defop
from .shape import broadcast_to, concat, flip, gather, getitem, reshape, transpose


def _normalize_axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, tuple) else (axis,)
    return tuple(a % ndim if ndim else a for a in axes)


def _unreduce(g, x, axis, keepdims):
    """Reshape g to keep the reduced axes as size 1, then broadcast it to x's shape."""
    shape = x.shape
    if type(g) is numpy.ndarray and (keepdims or axis is None):
        # raw g that broadcasts as it is: broadcast_to's filled copy without the primitive's
        # dispatch (a loss's mean and sum run this once per step, cold)
        return broadcast_to.impl(g, shape)
    if not keepdims and axis is not None:       # a full reduction's 0-d g broadcasts as it is
        axes = _normalize_axes(axis, len(shape))
        kept = tuple(1 if i in axes else n for i, n in enumerate(shape))
        g = reshape(g, kept)
    return broadcast_to(g, shape)


# NOTE: the array methods, not numpy.sum/mean: the module functions add microseconds of dispatch.
def _sum(x, axis=None, keepdims=False, dtype=None):
    return x.sum(axis=axis, keepdims=keepdims, dtype=dtype)


def _mean(x, axis=None, keepdims=False, dtype=None):
    if axis is None and dtype is None and not keepdims and type(x) is numpy.ndarray \
            and x.dtype.char in "fd" and x.size:     # float32, float64
        # a loss's mean: NumPy's own arithmetic (the sum in x's dtype, then one float64 division
        # by the count, rounded back), without the Python layer of ndarray.mean and in Python
        # floats rather than NumPy scalars (the same IEEE operations; scalar math is a code path
        # nothing else in a step runs, so it is always cold there)
        return x.dtype.type(float(numpy.add.reduce(x, axis=None)) / x.size)
    if x.size == 0:          # NaN, as the frameworks give it, without NumPy's "empty slice" warning
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return x.mean(axis=axis, keepdims=keepdims, dtype=dtype)
    return x.mean(axis=axis, keepdims=keepdims, dtype=dtype)


def _count(shape, axis):
    n = 1
    for a in _normalize_axes(axis, len(shape)):
        n *= shape[a]
    return n


sum = defop("sum", _sum, vjps=(lambda g, ans, x, axis=None, keepdims=False, dtype=None:
                               _unreduce(g, x, axis, keepdims),), saves=False, family="reduce")


def _mean_vjp(g, ans, x, axis=None, keepdims=False, dtype=None):
    g, n = _unreduce(g, x, axis, keepdims), _count(x.shape, axis)
    return numpy.true_divide(g, n) if type(g) is numpy.ndarray else div(g, n)   # raw: directly


mean = defop("mean", _mean, vjps=(_mean_vjp,), saves=False, family="reduce")


# ----- helpers for the reductions below -----
def _raw_dtype(x):
    return x._data.dtype if isinstance(x, Tensor) else x.dtype


def _raw(x):
    return x._data if isinstance(x, Tensor) else x


def _keep(g, shape, axis, keepdims):
    """g with the reduced axes kept as size 1, so that it broadcasts against the input."""
    if keepdims or axis is None:                 # a full reduction's 0-d g broadcasts as it is
        return g
    axes = _normalize_axes(axis, len(shape))
    return reshape(g, tuple(1 if i in axes else n for i, n in enumerate(shape)))


def _sign(x):
    """sign(x) as a constant: the derivative of |x| almost everywhere, and 0 at 0 (torch's sgn)."""
    return backend.xp.sign(_raw(x))


# ----- product -----
def _prod(x, axis=None, keepdims=False, dtype=None):
    return x.prod(axis=axis, keepdims=keepdims, dtype=dtype)


def _exclusive_cumprod(a):
    """Along the last axis, the product of the elements before each one (1 for the first).

    A log-depth scan (Hillis-Steele) of whole-array multiplications, so it is written with
    primitives (differentiable again) and needs no division (zeros are fine).
    """
    n = a.shape[-1]
    if not isinstance(a, Tensor):            # NOTE: backward not recorded: one O(n) cumprod
        out = backend.xp.empty_like(a)
        out[..., :1] = 1
        backend.xp.cumprod(a[..., :-1], axis=-1, out=out[..., 1:])
        return out
    lead = (slice(None),) * (a.ndim - 1)
    ones = backend.xp.ones(a.shape[:-1] + (1,), dtype=_raw_dtype(a))
    y = concat(ones, getitem(a, lead + (slice(0, n - 1),)), axis=-1)
    step = 1
    while step < n:
        head, tail = getitem(y, lead + (slice(0, step),)), getitem(y, lead + (slice(step, n),))
        y = concat(head, mul(tail, getitem(y, lead + (slice(0, n - step),))), axis=-1)
        step *= 2
    return y


def _others_product(x, axes):
    """For each element of x, the product of the other elements reduced together with it."""
    ndim = x.ndim
    kept = tuple(a for a in range(ndim) if a not in axes)
    perm = kept + tuple(sorted(axes))
    moved = perm != tuple(range(ndim))
    xt = transpose(x, perm) if moved else x
    lead = tuple(xt.shape[:len(kept)])
    n = 1
    for a in axes:
        n *= x.shape[a]
    if n == 0:                                   # nothing reduced with anything: no gradient
        return x
    flat = reshape(xt, lead + (n,))
    before = _exclusive_cumprod(flat)
    after = flip(_exclusive_cumprod(flip(flat, axis=-1)), axis=-1)
    out = reshape(mul(before, after), tuple(xt.shape))
    if moved:
        inverse = [0] * ndim
        for i, p in enumerate(perm):
            inverse[p] = i
        out = transpose(out, tuple(inverse))
    return out


# NOTE: not g * ans / x, which is 0/0 wherever x has zeros; the product of the other elements is.
prod = defop("prod", _prod, vjps=(
    lambda g, ans, x, axis=None, keepdims=False, dtype=None:
        mul(_keep(g, x.shape, axis, keepdims), _others_product(x, _normalize_axes(axis, x.ndim))),),
    saves=(0,), family="reduce")


# ----- extrema -----
def _max(x, axis=None, keepdims=False):
    return x.max(axis=axis, keepdims=keepdims)


def _min(x, axis=None, keepdims=False):
    return x.min(axis=axis, keepdims=keepdims)


def _extremum_vjp(g, ans, x, axis=None, keepdims=False):
    """g goes to the elements equal to the extremum; ties share it evenly (torch's max()/amax)."""
    hit = equal(x, _keep(ans, x.shape, axis, keepdims))
    count = cast(sum(hit, axis=axis, keepdims=True), _raw_dtype(x))
    return mul(div(_keep(g, x.shape, axis, keepdims), count), hit)


max = defop("max", _max, vjps=(_extremum_vjp,), saves=(0, "ans"), family="reduce")
min = defop("min", _min, vjps=(_extremum_vjp,), saves=(0, "ans"), family="reduce")


def _argmax(x, axis=None, keepdims=False):
    return numpy.argmax(x, axis=axis, keepdims=keepdims).astype(numpy.int64, copy=False)


def _argmin(x, axis=None, keepdims=False):
    return numpy.argmin(x, axis=axis, keepdims=keepdims).astype(numpy.int64, copy=False)


# int64 indices: not differentiable, never recorded
argmax = defop("argmax", _argmax, family="reduce")
argmin = defop("argmin", _argmin, family="reduce")


def _extremum_with_index(arg, x, axis, keepdims):
    index = arg(_raw(x), axis=axis, keepdims=True)
    values = gather(x, index, axis=axis)
    if not keepdims:
        index = index.squeeze(axis)
        values = reshape(values, index.shape)
    return values, index


def max_with_index(x, axis, keepdims=False):
    """(values, int64 indices) of the maxima along one axis; the gradient goes to the returned
    index only (torch's max(dim)), not shared among ties as max's."""
    return _extremum_with_index(_argmax, x, axis, keepdims)


def min_with_index(x, axis, keepdims=False):
    """(values, int64 indices) of the minima along one axis (see max_with_index)."""
    return _extremum_with_index(_argmin, x, axis, keepdims)


# ----- logic (bool results, no gradient) -----
all = defop("all", lambda x, axis=None, keepdims=False: numpy.all(x, axis=axis, keepdims=keepdims),
            family="reduce")
any = defop("any", lambda x, axis=None, keepdims=False: numpy.any(x, axis=axis, keepdims=keepdims),
            family="reduce")


# ----- cumulative sum -----
# dtype: the accumulator and result type, as NumPy's (None: small integers widen to int64)
def _cumsum(x, axis, reverse=False, dtype=None):
    if reverse:
        return numpy.flip(numpy.flip(x, axis).cumsum(axis, dtype=dtype), axis)
    return x.cumsum(axis, dtype=dtype)


# Each output sums the inputs up to it, so each input's gradient sums g from there on.
cumsum = defop("cumsum", _cumsum, vjps=(
    lambda g, ans, x, axis, reverse=False, dtype=None: cumsum(g, axis=axis, reverse=not reverse),),
    saves=False, family="reduce")


# ----- norms and moments -----
def _vector_norm(x, ord=2, axis=None, keepdims=False):
    if ord == 2:
        return numpy.sqrt((x * x).sum(axis=axis, keepdims=keepdims))
    a = numpy.abs(x)
    if ord == 1:
        return a.sum(axis=axis, keepdims=keepdims)
    if ord == numpy.inf:
        return a.max(axis=axis, keepdims=keepdims)
    if ord == -numpy.inf:
        return a.min(axis=axis, keepdims=keepdims)
    if ord == 0:
        return (x != 0).sum(axis=axis, keepdims=keepdims).astype(x.dtype)
    p, inv = x.dtype.type(ord), x.dtype.type(1 / ord)   # NumPy 1.x widens float32 by Python floats
    with numpy.errstate(divide="ignore"):       # 0 ** negative: inf, whose power is 0
        return (a ** p).sum(axis=axis, keepdims=keepdims) ** inv


def _vector_norm_vjp(g, ans, x, ord=2, axis=None, keepdims=False):
    """torch's gradients, which are 0 rather than nan at zero elements and at a zero norm."""
    shape, dt = x.shape, _raw_dtype(x)
    g, n = _keep(g, shape, axis, keepdims), _keep(ans, shape, axis, keepdims)
    one = dt.type(1)
    if ord == 2:
        return mul(x, div(g, where(equal(n, 0), one, n)))
    if ord == 0:
        return mul(x, dt.type(0))
    s = _sign(x)
    if ord == 1:
        return mul(g, s)
    a = mul(x, s)                                # |x|, differentiable
    if ord == numpy.inf or ord == -numpy.inf:
        hit = equal(a, n)
        count = cast(sum(hit, axis=axis, keepdims=True), dt)
        return mul(mul(div(g, count), s), hit)
    zero = equal(x, 0)
    if ord < 1:
        scaled = where(zero, dt.type(0), mul(s, power(where(zero, one, a), dt.type(ord - 1))))
        return mul(scaled, mul(g, power(n, dt.type(1 - ord))))
    scale = div(g, power(where(equal(n, 0), one, n), dt.type(ord - 1)))
    return mul(mul(s, power(a, dt.type(ord - 1))), scale)


vector_norm = defop("vector_norm", _vector_norm, vjps=(_vector_norm_vjp,), saves=(0, "ans"),
                    family="reduce")


def _dof(shape, axis, ddof):
    return builtins.max(_count(shape, axis) - ddof, 0)


def var(x, axis=None, ddof=0, keepdims=False):
    """Variance with `ddof` delta degrees of freedom (0: NumPy's and MXNet's default; torch's
    default correction is 1). With no degrees of freedom left the result is inf or nan."""
    centered = sub(x, mean(x, axis=axis, keepdims=True))
    squares = sum(mul(centered, centered), axis=axis, keepdims=keepdims)
    return div(squares, _raw_dtype(x).type(_dof(x.shape, axis, ddof)))


def std(x, axis=None, ddof=0, keepdims=False):
    """Standard deviation: the 2-norm of the centred values over sqrt(dof); through the norm its
    gradient is 0, not nan, where all values are equal (as torch's)."""
    centered = sub(x, mean(x, axis=axis, keepdims=True))
    norm = vector_norm(centered, 2, axis=axis, keepdims=keepdims)
    return div(norm, _raw_dtype(x).type(math.sqrt(_dof(x.shape, axis, ddof))))
