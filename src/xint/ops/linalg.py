"""Linear algebra primitives: matmul with NumPy's batching and 1-d rules."""
import numpy

from .elementwise import mul
from .reduce import sum
from .registry import defop
from .shape import reshape, transpose


def _swap_last(a):
    axes = list(range(a.ndim))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    return transpose(a, tuple(axes))


def _matmul_vjp_x(g, ans, x, y):
    if y.ndim == 1:                                    # (..., k) @ (k,) -> (...)
        return mul(reshape(g, g.shape + (1,)), y)
    if x.ndim == 1:                                    # (k,) @ (..., k, n) -> (..., n)
        return sum(mul(reshape(g, g.shape[:-1] + (1,) + g.shape[-1:]), y), axis=-1)
    return matmul(g, _swap_last(y))


def _matmul_vjp_y(g, ans, x, y):
    if x.ndim == 1 and y.ndim == 1:
        return mul(g, x)
    if x.ndim == 1:                                    # (k,) @ (..., k, n) -> (..., n)
        return mul(reshape(x, x.shape + (1,)), reshape(g, g.shape[:-1] + (1,) + g.shape[-1:]))
    if y.ndim == 1:                                    # (..., m, k) @ (k,) -> (..., m)
        return mul(x, reshape(g, g.shape + (1,)))
    return matmul(_swap_last(x), g)


matmul = defop("matmul", numpy.matmul, vjps=(_matmul_vjp_x, _matmul_vjp_y), saves=(0, 1),
               family="linalg")
