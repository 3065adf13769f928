"""Elementwise primitives (arithmetic, exp/log family, comparisons) and their VJPs.

Broadcasting is undone by the engine (core.autodiff.sum_to_shape), so rules here return gradients
in the broadcast shape. Python scalars pass through unchanged; dialects decide dtypes beforehand.
"""
import numpy

from ..core.tensor import Tensor
from .registry import defop

# ----- arithmetic -----
add = defop("add", numpy.add, vjps=(lambda g, ans, x, y: g, lambda g, ans, x, y: g),
            saves=False, family="elementwise")
sub = defop("sub", numpy.subtract, vjps=(lambda g, ans, x, y: g, lambda g, ans, x, y: neg(g)),
            saves=False, family="elementwise")
mul = defop("mul", numpy.multiply, vjps=(lambda g, ans, x, y: mul(g, y),
                                          lambda g, ans, x, y: mul(g, x)), saves=(0, 1),
            family="elementwise")
div = defop("div", numpy.true_divide, vjps=(lambda g, ans, x, y: div(g, y),
                                             lambda g, ans, x, y: neg(div(mul(g, x), mul(y, y)))),
            saves=(0, 1), family="elementwise")
neg = defop("neg", numpy.negative, vjps=(lambda g, ans, x: neg(g),), saves=False,
            family="elementwise")


def _pow_vjp_base(g, ans, x, y):
    ym1 = sub(y, 1) if isinstance(y, Tensor) else y - 1   # keep Python scalars weakly typed
    return mul(g, mul(y, power(x, ym1)))


def _pow_vjp_exponent(g, ans, x, y):
    # NOTE: d/dy x**y = x**y log x; where x == 0 the limit used by torch is 0, not nan.
    safe = where(equal(x, 0), 1, x)
    return mul(g, where(equal(x, 0), 0, mul(ans, log(safe))))


power = defop("pow", numpy.power, vjps=(_pow_vjp_base, _pow_vjp_exponent), saves=(0, 1, "ans"),
              family="elementwise")

# ----- exp / log / trigonometric -----
# saves: what each VJP reads, as torch saves it (exp keeps its result, log its input, …)
exp = defop("exp", numpy.exp, vjps=(lambda g, ans, x: mul(g, ans),), saves=("ans",),
            family="elementwise")
log = defop("log", numpy.log, vjps=(lambda g, ans, x: div(g, x),), saves=(0,), family="elementwise")
sin = defop("sin", numpy.sin, vjps=(lambda g, ans, x: mul(g, cos(x)),), saves=(0,),
            family="elementwise")
cos = defop("cos", numpy.cos, vjps=(lambda g, ans, x: neg(mul(g, sin(x))),), saves=(0,),
            family="elementwise")
tanh = defop("tanh", numpy.tanh, vjps=(lambda g, ans, x: mul(g, sub(1, mul(ans, ans))),),
             saves=("ans",), family="elementwise")
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
