"""Elementwise primitives (arithmetic, exp/log, comparisons, rounding, logic) and their VJPs.

Broadcasting is undone by the engine (core.autodiff.sum_to_shape), so rules here return gradients
in the broadcast shape. Python scalars pass through unchanged; dialects decide dtypes beforehand.
"""
import numpy

from .. import backend
from ..core.tensor import Tensor
from .registry import defop

# ----- arithmetic -----
add = defop("add", numpy.add, vjps=(lambda g, ans, x, y: g, lambda g, ans, x, y: g),
            saves=False, family="elementwise", into=numpy.add)
sub = defop("sub", numpy.subtract, vjps=(lambda g, ans, x, y: g, lambda g, ans, x, y: neg(g)),
            saves=False, family="elementwise", into=numpy.subtract)
mul = defop("mul", numpy.multiply, vjps=(lambda g, ans, x, y: mul(g, y),
                                          lambda g, ans, x, y: mul(g, x)), saves=(0, 1),
            family="elementwise")
div = defop("div", numpy.true_divide, vjps=(lambda g, ans, x, y: div(g, y),
                                             lambda g, ans, x, y: neg(div(mul(g, x), mul(y, y)))),
            saves=(0, 1), family="elementwise")
neg = defop("neg", numpy.negative, vjps=(lambda g, ans, x: neg(g),), saves=False,
            family="elementwise", into=numpy.negative)


def _pow_vjp_base(g, ans, x, y):
    if not isinstance(y, Tensor) and type(y) in (int, float) and y == 2:
        return _times(g, mul(y, x))    # x**1 would be a needless full copy (and torch's order)
    ym1 = sub(y, 1) if isinstance(y, Tensor) else y - 1   # keep Python scalars weakly typed
    return _times(g, mul(y, power(x, ym1)))


def _pow_vjp_exponent(g, ans, x, y):
    # NOTE: d/dy x**y = x**y log x; where x == 0 the limit used by torch is 0, not nan.
    safe = where(equal(x, 0), 1, x)
    return mul(g, where(equal(x, 0), 0, mul(ans, log(safe))))


power = defop("pow", numpy.power, vjps=(_pow_vjp_base, _pow_vjp_exponent), saves=(0, 1, "ans"),
              family="elementwise")


def _raw_or(ufunc, prim, x):
    """prim(x), calling the ufunc straight away on a raw array (a VJP's fast path)."""
    return ufunc(x) if type(x) is numpy.ndarray else prim(x)


def _times(g, t):
    """g * t, where t is a temporary the VJP has just made: on same-shaped raw arrays the product
    goes into t in place (a big array's fresh allocation costs as much as the multiply)."""
    if type(t) is numpy.ndarray and type(g) is numpy.ndarray and t.shape == g.shape \
            and t.dtype == g.dtype:
        return numpy.multiply(g, t, out=t)
    return mul(g, t)


# ----- exp / log / trigonometric -----
# saves: what each VJP reads, as torch saves it (exp keeps its result, log its input, …)
exp = defop("exp", numpy.exp, vjps=(lambda g, ans, x: mul(g, ans),), saves=("ans",),
            family="elementwise", into=numpy.exp)
log = defop("log", numpy.log, vjps=(lambda g, ans, x: div(g, x),), saves=(0,), family="elementwise")
sin = defop("sin", numpy.sin, vjps=(lambda g, ans, x: _times(g, _raw_or(numpy.cos, cos, x)),),
            saves=(0,), family="elementwise")
cos = defop("cos", numpy.cos, vjps=(lambda g, ans, x: neg(mul(g, sin(x))),), saves=(0,),
            family="elementwise")


def _tanh_vjp(g, ans, x):
    if type(ans) is numpy.ndarray and ans.ndim:         # raw arrays: one temporary, in place
        t = numpy.multiply(ans, ans)
        return _times(g, numpy.subtract(ans.dtype.type(1), t, out=t))
    return _times(g, sub(1, mul(ans, ans)))


tanh = defop("tanh", numpy.tanh, vjps=(_tanh_vjp,), saves=("ans",), family="elementwise",
             into=numpy.tanh)
sinh = defop("sinh", numpy.sinh, vjps=(lambda g, ans, x: _times(g, cosh(x)),), saves=(0,),
             family="elementwise")
cosh = defop("cosh", numpy.cosh, vjps=(lambda g, ans, x: _times(g, sinh(x)),), saves=(0,),
             family="elementwise")
sqrt = defop("sqrt", numpy.sqrt, vjps=(lambda g, ans, x: div(g, mul(2, ans)),),
             saves=("ans",), family="elementwise")

# ----- selection -----
where = defop("where", numpy.where, vjps=(None,
                                          lambda g, ans, c, x, y: where(c, g, 0),
                                          lambda g, ans, c, x, y: where(c, 0, g)),
              saves=(0,), family="elementwise")

# ----- comparisons (bool results, no gradient) -----
equal = defop("equal", numpy.equal, family="elementwise")
not_equal = defop("not_equal", numpy.not_equal, family="elementwise")
less = defop("less", numpy.less, family="elementwise")
less_equal = defop("less_equal", numpy.less_equal, family="elementwise")
greater = defop("greater", numpy.greater, family="elementwise")
greater_equal = defop("greater_equal", numpy.greater_equal, family="elementwise")


def _raw_dtype(x):
    return x._data.dtype if isinstance(x, Tensor) else x.dtype


def _cast(x, dtype):
    return x.astype(dtype, copy=False) if hasattr(x, "astype") else numpy.asarray(x, dtype=dtype)


# A cast's gradient is cast back to the input's dtype; non-float inputs get none.
cast = defop("cast", _cast, vjps=(lambda g, ans, x, dtype: cast(g, _raw_dtype(x)),), saves=False,
             family="elementwise")
identity = defop("identity", lambda x: x, vjps=(lambda g, ans, x: g,), saves=False,
                 family="elementwise")


# ----- creation inside VJPs -----
# Zeros shaped like g: the gradient of ops that are flat almost everywhere (floor, sign, …).
# Not differentiable itself, so it is never recorded.
zeros_like = defop("zeros_like", lambda x: backend.xp.zeros_like(x), family="elementwise")


def _zero_vjp(g, ans, *args, **params):
    return zeros_like(g)


# ----- integer division and remainders (floor semantics, as Python's // and %) -----
floordiv = defop("floordiv", numpy.floor_divide, vjps=(_zero_vjp, _zero_vjp), saves=False,
                 family="elementwise")


def _mod(x, y):
    """The floor remainder (it takes the divisor's sign) as torch and TensorFlow compute it, from
    C's fmod: a zero result keeps the dividend's sign, where NumPy's mod gives it the divisor's."""
    r = numpy.fmod(x, y)
    return numpy.where((r != 0) & ((r < 0) != (y < 0)), r + y, r)


mod = defop("mod", _mod, vjps=(lambda g, ans, x, y: g,
                               lambda g, ans, x, y: neg(mul(g, floordiv(x, y)))),
            family="elementwise")
# C's fmod: the remainder takes the dividend's sign, so its quotient is truncated, not floored.
fmod = defop("fmod", numpy.fmod, vjps=(lambda g, ans, x, y: g,
                                       lambda g, ans, x, y: neg(mul(g, trunc(div(x, y))))),
             family="elementwise")

# ----- sign and magnitude -----
sign = defop("sign", lambda x: x.copy() if x.dtype.kind == "b" else numpy.sign(x),
             vjps=(_zero_vjp,), saves=False, family="elementwise")
abs = defop("abs", numpy.abs, vjps=(lambda g, ans, x: mul(g, sign(x)),), family="elementwise")


def square(x):
    return power(x, 2)


# ----- more exp / log / trigonometric -----
log1p = defop("log1p", numpy.log1p, vjps=(lambda g, ans, x: div(g, add(x, 1)),),
              family="elementwise")
expm1 = defop("expm1", numpy.expm1, vjps=(lambda g, ans, x: mul(g, add(ans, 1)),),
              family="elementwise")
tan = defop("tan", numpy.tan, vjps=(lambda g, ans, x: mul(g, add(1, mul(ans, ans))),),
            family="elementwise")


def _sigmoid(x, out=None):
    # NOTE: a fused primitive: one exp and a reciprocal, and a gradient from the result alone.
    # exp(-x) overflows to inf for very negative x, and 1 / (1 + inf) = 0: the right limit, with
    # no NaN, and what torch gives; only the warning needs silencing.
    # Every step after the first writes into the one new array (a fresh big array costs as
    # much as the pass that fills it); 0-d inputs give NumPy scalars, which have no `out`.
    with numpy.errstate(over="ignore"):
        e = numpy.negative(x, out=out)
        if type(e) is not numpy.ndarray or e.dtype.kind != "f":
            e = numpy.exp(e)
            return numpy.reciprocal(e + e.dtype.type(1))   # not `+ 1`: NumPy 1.x widens 0-d f32
        numpy.exp(e, out=e)
    numpy.add(e, e.dtype.type(1), out=e)
    return numpy.reciprocal(e, out=e)


def _sigmoid_vjp(g, ans, x):
    if type(ans) is numpy.ndarray and ans.ndim:       # raw arrays: one temporary, in place
        t = numpy.subtract(ans.dtype.type(1), ans)
        return _times(g, numpy.multiply(t, ans, out=t))
    return _times(g, mul(ans, sub(1, ans)))


sigmoid = defop("sigmoid", _sigmoid, vjps=(_sigmoid_vjp,), saves=("ans",), family="elementwise",
                into=_sigmoid)


# NOTE: a primitive rather than where(x > 0, x, 0): maximum is one pass (relu is the hot
# activation) and keeps NaN as torch does. The gradient is masked by x > 0, so relu'(0) = 0.
# Here and below a masked gradient is g times the bool mask, not where(mask, g, 0): NumPy's
# where is several times slower on the irregular masks activations make (branch misses).
def _relu_vjp(g, ans, x):
    # ans = max(x, 0) is 0, positive or NaN: `ans != 0` is torch's `not ans <= 0` (NaN passes g)
    # in one comparison
    if type(g) is numpy.ndarray and type(ans) is numpy.ndarray:
        # NOTE: raw arrays call the ufuncs themselves: a primitive's dispatch is Python code that
        # runs cold after every big array op (a backward step is mostly those), ≈5 µs a call
        return numpy.multiply(g, numpy.not_equal(ans, 0))
    return mul(g, not_equal(ans, 0))


relu = defop("relu", lambda x: numpy.maximum(x, x.dtype.type(0)), vjps=(_relu_vjp,),
             saves=("ans",), family="elementwise",
             into=lambda x, out: numpy.maximum(x, x.dtype.type(0), out=out))


# ----- extrema and clipping -----
def _extremum_vjp(loses):
    """The gradient of maximum/minimum for one argument: all of g where it wins, none where it
    loses, half on ties (torch splits it so); NaN compares neither way and gets all of g."""
    def vjp(g, ans, x, y):
        return sub(mul(g, logical_not(loses(x, y))), mul(mul(g, 0.5), equal(x, y)))
    return vjp


maximum = defop("maximum", numpy.maximum,
                vjps=(_extremum_vjp(lambda x, y: less(x, y)),
                      _extremum_vjp(lambda x, y: less(y, x))), family="elementwise")
minimum = defop("minimum", numpy.minimum,
                vjps=(_extremum_vjp(lambda x, y: greater(x, y)),
                      _extremum_vjp(lambda x, y: greater(y, x))), family="elementwise")


def _clip(x, lo, hi):
    """x limited to [lo, hi]; either bound may be None (not both). Where lo > hi this gives hi,
    as torch.clamp does."""
    return numpy.clip(x, lo, hi)


def _clip_vjp_x(g, ans, x, lo, hi):
    # g passes where lo <= x <= hi, both ends included (torch's rule)
    if lo is None:
        inside = less_equal(x, hi)
    elif hi is None:
        inside = greater_equal(x, lo)
    else:
        inside = logical_and(greater_equal(x, lo), less_equal(x, hi))
    return mul(g, inside)


def _clip_vjp_lo(g, ans, x, lo, hi):
    # lo is the result where x < lo, unless hi is lower still
    below = less(x, lo)
    return mul(g, below if hi is None else logical_and(below, less(lo, hi)))


def _clip_vjp_hi(g, ans, x, lo, hi):
    above = greater(x, hi)
    return mul(g, above if lo is None else logical_or(above, less(hi, lo)))


clip = defop("clip", _clip, vjps=(_clip_vjp_x, _clip_vjp_lo, _clip_vjp_hi), family="elementwise")


# ----- rounding (flat almost everywhere: zero gradients, as torch gives) -----
def _integral(fn):
    """NumPy's floor/ceil/trunc make integers float64; integer inputs are already integral."""
    return lambda x: fn(x) if x.dtype.kind in "fc" else x.copy()


floor = defop("floor", _integral(numpy.floor), vjps=(_zero_vjp,), saves=False,
              family="elementwise")
ceil = defop("ceil", _integral(numpy.ceil), vjps=(_zero_vjp,), saves=False, family="elementwise")
trunc = defop("trunc", _integral(numpy.trunc), vjps=(_zero_vjp,), saves=False,
              family="elementwise")
# half to even, as NumPy and torch both round
round = defop("round", lambda x, decimals=0: numpy.round(x, decimals), vjps=(_zero_vjp,),
              saves=False, family="elementwise")

# ----- logic and float classification (bool results, no gradient) -----
logical_and = defop("logical_and", numpy.logical_and, family="elementwise")
logical_or = defop("logical_or", numpy.logical_or, family="elementwise")
logical_xor = defop("logical_xor", numpy.logical_xor, family="elementwise")
logical_not = defop("logical_not", numpy.logical_not, family="elementwise")
isnan = defop("isnan", numpy.isnan, family="elementwise")
isinf = defop("isinf", numpy.isinf, family="elementwise")
isfinite = defop("isfinite", numpy.isfinite, family="elementwise")
