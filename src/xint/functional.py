"""Dialect-neutral derivatives on the engine: grad, vjp, jacobian, hessian.

Functions take and return NumPy arrays (or engine Tensors when nested, as in hessian). Inside,
the function under study receives engine Tensors and may use their operators and xint.ops.
"""
from . import backend
from .core.autodiff import backprop
from .core.tensor import Tensor
from .ops.methods import NumpyTensor


def _leaf(x):
    """A Tensor to differentiate with respect to. An incoming Tensor (an outer derivative's
    variable) is used as is, so the inner backward is recorded and the outer one sees through it."""
    if isinstance(x, Tensor):
        return x, True
    return NumpyTensor(backend.xp.asarray(x, dtype=float) if not hasattr(x, "dtype") else x,
                       requires_grad=True), False


def _out(t, nested):
    return t if nested or not isinstance(t, Tensor) else t._data


def vjp(f, x):
    """(f(x), pullback) where pullback(v) = vᵀ ∂f/∂x."""
    xt, nested = _leaf(x)
    y = f(xt)

    def pullback(v):
        if not isinstance(y, Tensor) or y.node is None:
            return _out(NumpyTensor._wrap(backend.xp.zeros_like(xt._data)), nested)
        seed = type(y)._wrap(backend.xp.asarray(v, dtype=y._data.dtype)) if nested else \
            backend.xp.asarray(v, dtype=y._data.dtype)
        (gx,) = backprop([y], [seed], [xt], retain_graph=True, create_graph=nested)
        if gx is None:
            gx = backend.xp.zeros_like(xt._data)
        return _out(gx, nested)
    return _out(y, nested), pullback


def grad(f):
    """x -> ∇f(x) for a scalar-valued f."""
    def gradient(x):
        y, pullback = vjp(f, x)
        if getattr(y, "size", 1) != 1:
            raise ValueError(f"grad needs a scalar output; f returned shape {tuple(y.shape)}")
        return pullback(backend.xp.ones(y.shape))
    return gradient


def jacobian(f):
    """x -> the Jacobian of f at x, shaped f(x).shape + x.shape (one backward per output)."""
    def jac(x):
        y, pullback = vjp(f, x)
        xp = backend.xp
        rows = []
        for i in range(int(y.size)):
            e = xp.zeros(y.size)
            e[i] = 1.0
            rows.append(pullback(e.reshape(y.shape)))
        xshape = tuple(x.shape) if hasattr(x, "shape") else ()
        if isinstance(y, Tensor):                      # nested: keep the rows recorded
            from .ops import shape as shape_ops
            return shape_ops.reshape(shape_ops.stack(*rows), tuple(y.shape) + xshape)
        return xp.stack(rows).reshape(tuple(y.shape) + xshape)
    return jac


def hessian(f):
    """x -> the Hessian of a scalar f at x: the Jacobian of its gradient."""
    return jacobian(grad(f))
