"""Shape and indexing primitives: they move data around, so their VJPs move gradients back."""
import numpy

from .. import backend
from .registry import defop, per_arg


def _inverse_axes(axes, ndim):
    if axes is None:
        return None
    inv = [0] * ndim
    for i, a in enumerate(axes):
        inv[a % ndim] = i
    return tuple(inv)


reshape = defop("reshape", lambda x, shape: numpy.reshape(x, shape),
                vjps=(lambda g, ans, x, shape: reshape(g, x.shape),), saves=False, family="shape")
transpose = defop("transpose", lambda x, axes=None: numpy.transpose(x, axes),
                  vjps=(lambda g, ans, x, axes=None: transpose(g, _inverse_axes(axes, x.ndim)),),
                  saves=False, family="shape")
def _broadcast_to(x, shape):
    # NOTE: a filled copy, not numpy.broadcast_to's read-only view: several times faster on the
    # small arrays D2L uses, and gradients built from it can be updated in place.
    if x.shape == shape:
        return x
    out = backend.xp.empty(shape, dtype=x.dtype)
    out[...] = x
    return out


# The engine sums a gradient back to its input's shape, so broadcast_to's VJP is the identity.
broadcast_to = defop("broadcast_to", _broadcast_to,
                     vjps=(lambda g, ans, x, shape: g,), saves=False, family="shape")


def _index_add(g, shape, index):
    out = backend.xp.zeros(shape, dtype=g.dtype)
    numpy.add.at(out, index, g)              # repeated integer indices accumulate
    return out


getitem = defop("getitem", lambda x, index: x[index],
                vjps=(lambda g, ans, x, index: index_add(g, x.shape, index),), saves=False,
                family="shape")
# The gradient of getitem, as a primitive of its own so that it can be differentiated again.
index_add = defop("index_add", _index_add,
                  vjps=(lambda g, ans, gx, shape, index: getitem(g, index),), saves=False,
                  family="shape")


def _stack(*xs, axis=0):
    return numpy.stack(xs, axis=axis)


def _stack_vjp(i, g, ans, *xs, axis=0):
    return getitem(g, (slice(None),) * (axis % g.ndim) + (i,))


stack = defop("stack", _stack, vjps=per_arg(_stack_vjp), saves=False, family="shape")


def _concat(*xs, axis=0):
    return numpy.concatenate(xs, axis=axis)


def _concat_vjp(i, g, ans, *xs, axis=0):
    ax = axis % g.ndim
    start = 0
    for x in xs[:i]:
        start += x.shape[ax]
    return getitem(g, (slice(None),) * ax + (slice(start, start + xs[i].shape[ax]),))


concat = defop("concat", _concat, vjps=per_arg(_concat_vjp), saves=False, family="shape")
