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


# NOTE: the array methods, not numpy.reshape/transpose: the module functions add microseconds
reshape = defop("reshape", lambda x, shape: x.reshape(shape),
                vjps=(lambda g, ans, x, shape: reshape(g, x.shape),), saves=False, family="shape")
transpose = defop("transpose", lambda x, axes=None: x.transpose(axes),
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


def _getitem(x, index):
    out = x[index]
    if isinstance(out, numpy.generic):
        # one element: NumPy copies it out as a scalar; the frameworks give a 0-d view of it
        # (a write to either side shows in the other), which NumPy gives once `...` is added
        out = x[(index if type(index) is tuple else (index,)) + (Ellipsis,)]
    return out


getitem = defop("getitem", _getitem,
                vjps=(lambda g, ans, x, index: index_add(g, x.shape, index),), saves=False,
                family="shape")
# results that can be views of their input's memory (broadcast_to: when the shape is already right)
reshape.views = transpose.views = broadcast_to.views = getitem.views = True
# The gradient of getitem, as a primitive of its own so that it can be differentiated again.
index_add = defop("index_add", _index_add,
                  vjps=(lambda g, ans, gx, shape, index: getitem(g, index),), saves=False,
                  family="shape")


def _stack(*xs, axis=0):
    return numpy.stack(xs, axis=axis)


def _stack_vjp(i, g, ans, xs, axis=0):
    return getitem(g, (slice(None),) * (axis % g.ndim) + (i,))


stack = defop("stack", _stack, vjps=per_arg(_stack_vjp, packed=True), saves=False, family="shape")


def _concat(*xs, axis=0):
    return numpy.concatenate(xs, axis=axis)


_concat_starts = [None, None]      # (the args sequence, its offsets): one backward's memo


def _concat_vjp(i, g, ans, xs, axis=0):
    ax = axis % g.ndim
    if _concat_starts[0] is not xs:    # offsets once per node, not once per argument
        starts = [0]
        for x in xs:
            starts.append(starts[-1] + x.shape[ax])
        _concat_starts[:] = [xs, starts]
    start = _concat_starts[1][i]
    return getitem(g, (slice(None),) * ax + (slice(start, start + xs[i].shape[ax]),))


concat = defop("concat", _concat, vjps=per_arg(_concat_vjp, packed=True), saves=False, family="shape")


# a copy, as torch.flip, tf.reverse and MXNet's flip give (numpy.flip is a view)
flip = defop("flip", lambda x, axis=None: numpy.flip(x, axis).copy(),
             vjps=(lambda g, ans, x, axis=None: flip(g, axis=axis),), saves=False, family="shape")


def _pad(x, pad_width, value=0):
    return numpy.pad(x, pad_width, mode="constant", constant_values=value)


def _unpad_index(shape, pad_width):
    return tuple(slice(before, before + n) for n, (before, _after) in zip(shape, pad_width))


# pad_width: one (before, after) pair per axis; constant padding
pad = defop("pad", _pad, vjps=(lambda g, ans, x, pad_width, value=0:
                               getitem(g, _unpad_index(x.shape, pad_width)),),
            saves=False, family="shape")


def _along_axis(index, axis, ndim):
    """The full index tuple that picks `index` along `axis` (take_along_axis as plain indexing)."""
    grids = numpy.indices(index.shape, sparse=True)
    return tuple(index if d == axis else grids[d] for d in range(ndim))


def _gather(x, index, axis):
    return x[_along_axis(index, axis % x.ndim, x.ndim)]


def _gather_grad_impl(g, shape, index, axis):
    out = backend.xp.zeros(shape, dtype=g.dtype)
    axis %= len(shape)
    where = _along_axis(index, axis, len(shape))
    if index.shape[axis] == 1:
        out[where] = g            # one pick per row along the axis (mxnet's pick): no repeats
    else:
        numpy.add.at(out, where, g)              # repeated indices accumulate
    return out


# gather(x, index, axis): out[i][j] = x[index[i][j]][j] for axis 0 (torch.gather, take_along_axis)
gather = defop("gather", _gather,
               vjps=(lambda g, ans, x, index, axis: gather_grad(g, x.shape, index, axis),),
               saves=False, family="shape")
gather_grad = defop("gather_grad", _gather_grad_impl,
                    vjps=(lambda g, ans, gx, shape, index, axis: gather(g, index, axis),),
                    saves=False, family="shape")


_ROWS = {}


def _rows(n):
    """arange(n), made once per batch size (a training loop asks for the same few each step);
    read-only, as every caller only indexes with it."""
    if backend.xp is not numpy:           # (the backend may change: only NumPy's are kept)
        return backend.xp.arange(n)
    rows = _ROWS.get(n)
    if rows is None:
        if len(_ROWS) > 64:
            _ROWS.clear()
        rows = _ROWS[n] = numpy.arange(n)
        rows.flags.writeable = False
    return rows


def pick_index(labels, axis):
    """The advanced index that picks, along `axis`, the entry each label names (`labels`: an int
    array shaped like the picked-from array without that axis)."""
    if axis == 1 and labels.ndim == 1:          # a batch of rows: the common case, without ix_
        return _rows(labels.shape[0]), labels
    grids = backend.xp.ix_(*[backend.xp.arange(n) for n in labels.shape])
    return tuple(grids[:axis]) + (labels,) + tuple(grids[axis:])


_UNSIGNED = {1: numpy.uint8, 2: numpy.uint16, 4: numpy.uint32, 8: numpy.uint64}


def labels_within(labels, n):
    """Whether every integer label (a raw array) lies in [0, n): on NumPy arrays one reduction
    (read as unsigned, a negative label is huge) and none of ndarray.min/max's Python layer."""
    if not labels.size:
        return True
    if type(labels) is numpy.ndarray and labels.dtype.kind == "i":
        return int(numpy.maximum.reduce(labels.view(_UNSIGNED[labels.itemsize]), axis=None)) < n
    return 0 <= int(labels.min()) and int(labels.max()) < n


def _pick_grad_impl(g, shape, index, axis):
    out = backend.xp.zeros(shape, dtype=g.dtype)
    out[pick_index(index, axis)] = g            # each entry is picked once: no accumulation
    return out


# pick(x, index, axis): out[i] = x[i, index[i]] for axis 1; index is shaped like x without `axis`
# (mxnet's npx.pick, a cross-entropy's pick): gather without the kept axis, in one node
pick = defop("pick", lambda x, index, axis: x[pick_index(index, axis)],
             vjps=(lambda g, ans, x, index, axis: pick_grad(g, x.shape, index, axis),),
             saves=False, family="shape")
pick_grad = defop("pick_grad", _pick_grad_impl,
                  vjps=(lambda g, ans, gx, shape, index, axis: pick(g, index, axis),),
                  saves=False, family="shape")


def _setitem(x, value, index):
    out = x.copy()
    out[index] = value
    return out


# The functional form of `x[index] = value`: dialects that allow in-place assignment record it
# as this op and rebind the tensor to the result.
setitem = defop("setitem", _setitem,
                vjps=(lambda g, ans, x, value, index: setitem(g, 0, index),
                      lambda g, ans, x, value, index: getitem(g, index)),
                saves=False, family="shape")


def tile(x, reps):
    """numpy.tile / torch.repeat as reshape + broadcast_to + reshape (its gradient sums)."""
    reps = tuple(reps)
    shape = tuple(x.shape)
    n = max(len(reps), len(shape))
    reps = (1,) * (n - len(reps)) + reps
    shape = (1,) * (n - len(shape)) + shape
    spread = tuple(s for r, d in zip(reps, shape) for s in (1, d))
    target = tuple(s for r, d in zip(reps, shape) for s in (r, d))
    out = broadcast_to(reshape(x, spread), target)
    return reshape(out, tuple(r * d for r, d in zip(reps, shape)))


def squeeze(x, axis=None):
    shape = tuple(x.shape)
    axes = range(len(shape)) if axis is None else \
        [a % len(shape) for a in (axis if isinstance(axis, tuple) else (axis,))]
    drop = {a for a in axes if shape[a] == 1}
    return reshape(x, tuple(n for i, n in enumerate(shape) if i not in drop))


def expand_dims(x, axis):
    shape = list(x.shape)
    shape.insert(axis % (len(shape) + 1), 1)
    return reshape(x, tuple(shape))


def split(x, sections, axis=0):
    """Pieces of x along axis: `sections` is a piece size (torch.split) or a list of sizes."""
    n = x.shape[axis]
    sizes = [sections] * (n // sections) + ([n % sections] if n % sections else []) \
        if isinstance(sections, int) else list(sections)
    pieces, start = [], 0
    lead = (slice(None),) * (axis % len(x.shape))
    for size in sizes:
        pieces.append(getitem(x, lead + (slice(start, start + size),)))
        start += size
    return pieces
