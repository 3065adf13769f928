"""Neural-network primitives and composites: the softmax family, losses, one-hot, dropout,
2-d convolution, pooling and batch normalisation.

Layout is NCHW (batch, channels, height, width) as in PyTorch and MXNet; the composites
`conv2d_nhwc`, `max_pool2d_nhwc` and `avg_pool2d_nhwc` give TensorFlow's NHWC (and its HWIO
filters) by transposing around the NCHW primitives: the transposes are views, and the im2col copy
absorbs them. Geometry parameters follow PyTorch: an int or a pair for stride, dilation and
kernel; padding is an int, a pair, a pair of (before, after) pairs (TensorFlow's uneven 'SAME'
padding), or 'valid' / 'same'.

The convolution is im2col over a strided view plus one matmul per group. Its two gradients are
primitives of their own, and the three are closed under differentiation (each VJP is one of the
three), so higher-order gradients need no extra code. Pooling and col2im loop over the kh*kw
kernel offsets (one whole-array op each), never over pixels, channels or batch items.
"""
import threading
import weakref

import numpy

from .. import backend
from ..core.tensor import Tensor
from . import reduce
from .elementwise import add, div, exp, mul, neg, power, sub, where
from .registry import defop
from .shape import broadcast_to, pick, pick_index, reshape, transpose


def _keep(g, shape, axis, keepdims):
    """g with the reduced axes kept as size 1 (it then broadcasts against the input)."""
    if keepdims:
        return g
    axes = range(len(shape)) if axis is None else \
        {a % len(shape) for a in (axis if isinstance(axis, tuple) else (axis,))}
    return reshape(g, tuple(1 if i in axes else n for i, n in enumerate(shape)))


# ----- softmax family -----
# NOTE: fused primitives: exp(x) overflows for large logits, so each subtracts the maximum along
# the axis first, and their VJPs reuse the saved result instead of re-running the composite.
def _logsumexp(x, axis=None, keepdims=False):
    m = x.max(axis=axis, keepdims=True, initial=-numpy.inf)
    m = numpy.where(numpy.isfinite(m), m, 0)           # all -inf (or inf) slices stay exact
    s = numpy.exp(x - m).sum(axis=axis, keepdims=keepdims)
    with numpy.errstate(divide="ignore"):              # empty slices: -inf, as torch, silently
        return numpy.log(s) + (m if keepdims else m.reshape(s.shape))


logsumexp = defop("logsumexp", _logsumexp, vjps=(
    lambda g, ans, x, axis=None, keepdims=False:
        mul(_keep(g, x.shape, axis, keepdims), exp(sub(x, _keep(ans, x.shape, axis, keepdims)))),),
    family="nn")


def _log_softmax(x, axis=-1):
    if type(x) is numpy.ndarray:      # the ufuncs' reduce: ndarray.max/sum less their Python layer
        z = x - numpy.maximum.reduce(x, axis=axis, keepdims=True, initial=-numpy.inf)
        return z - numpy.log(numpy.add.reduce(numpy.exp(z), axis=axis, keepdims=True))
    z = x - x.max(axis=axis, keepdims=True, initial=-numpy.inf)
    return z - numpy.log(numpy.exp(z).sum(axis=axis, keepdims=True))


def _softmax(x, axis=-1):
    e = numpy.exp(x - x.max(axis=axis, keepdims=True, initial=-numpy.inf))
    e /= e.sum(axis=axis, keepdims=True)
    return e


def _log_softmax_vjp(g, ans, x, axis=-1):
    if type(g) is numpy.ndarray and type(ans) is numpy.ndarray and g.dtype == ans.dtype:
        # raw, one dtype: NumPy directly, the product made in place
        t = numpy.exp(ans)
        t *= numpy.add.reduce(g, axis=axis, keepdims=True)
        return numpy.subtract(g, t, out=t)
    return sub(g, mul(exp(ans), reduce.sum(g, axis=axis, keepdims=True)))


log_softmax = defop("log_softmax", _log_softmax, vjps=(_log_softmax_vjp,), saves=("ans",),
                    family="nn")
softmax = defop("softmax", _softmax, vjps=(
    lambda g, ans, x, axis=-1:
        mul(ans, sub(g, reduce.sum(mul(g, ans), axis=axis, keepdims=True))),),
    saves=("ans",), family="nn")


# ----- losses -----
def _reduce_loss(loss, reduction, count=None):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return reduce.sum(loss)
    if reduction == "mean":
        return reduce.mean(loss) if count is None else div(reduce.sum(loss), count)
    raise ValueError(f"{reduction} is not a valid value for reduction")


def nll(logp, labels, axis=-1, reduction="mean", ignore_index=None):
    """Negative log-likelihood of integer `labels` (a raw int array shaped like logp without
    `axis`) under log-probabilities `logp`. Labels equal to `ignore_index` add nothing and are left
    out of the mean."""
    axis %= logp.ndim
    ignored = None if ignore_index is None else labels == ignore_index
    if ignored is not None and ignored.any():
        labels = numpy.where(ignored, 0, labels)
    else:
        ignored = None
    loss = neg(pick(logp, labels, axis))
    if ignored is None:
        return _reduce_loss(loss, reduction)
    loss = where(ignored, 0, loss)
    return _reduce_loss(loss, reduction, count=int(ignored.size - ignored.sum()))


# NOTE: a fused primitive for the common case (integer labels, none ignored, no smoothing): one
# node instead of log_softmax, pick, negate and the reduction, and a VJP that is
# (softmax - onehot) * g in three array passes over the log-probabilities it kept. It computes
# what the composite does, in the same order (the same bits).
def _label_xent_parts(x, labels, axis=-1, reduction="none"):
    logp = _log_softmax(x, axis)
    loss = numpy.negative(logp[pick_index(labels, axis)])
    if reduction == "mean":
        loss = reduce._mean(loss)
    elif reduction == "sum":
        loss = loss.sum()
    elif reduction != "none":
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return loss, logp


def _label_xent(x, labels, axis=-1, reduction="none"):
    return _label_xent_parts(x, labels, axis, reduction)[0]


def _label_xent_vjp(g, logp, x, labels, axis=-1, reduction="none"):
    # g for each picked entry: what the mean's VJP (g / count) or the sum's hands back
    if reduction == "mean":
        g = div(g, labels.size)
    if isinstance(g, Tensor) or isinstance(x, Tensor):      # recorded: from primitives, from x
        raw = x._data if isinstance(x, Tensor) else x
        onehot = backend.xp.zeros(raw.shape, dtype=raw.dtype)
        onehot[pick_index(labels, axis)] = 1
        if reduction != "none":
            g = broadcast_to(g, labels.shape)
        return mul(_keep(g, raw.shape, axis, False), sub(exp(log_softmax(x, axis=axis)), onehot))
    out = numpy.exp(logp)                 # what log_softmax's VJP multiplies by
    out *= g if reduction != "none" else g.reshape(labels.shape[:axis] + (1,) + labels.shape[axis:])
    out[pick_index(labels, axis)] -= g
    return out


label_xent = defop("label_xent", _label_xent, vjps=(_label_xent_vjp, None), saves=(0,),
                   family="nn", residual=_label_xent_parts)


def cross_entropy(logits, labels, axis=-1, reduction="mean", ignore_index=None,
                  label_smoothing=0.0):
    """Softmax cross-entropy from logits. `labels`: integer class indices (a raw array shaped like
    logits without `axis`) or class probabilities (shaped like logits). Stable for large logits:
    it goes through the fused log_softmax."""
    ndim = logits._data.ndim if isinstance(logits, Tensor) else logits.ndim
    if labels.dtype.kind != "f" and not label_smoothing and (
            ignore_index is None or not (labels == ignore_index).any()):
        return label_xent(logits, labels, axis=axis % ndim, reduction=reduction)
    logp = log_softmax(logits, axis=axis)
    if labels.dtype.kind == "f":                 # probabilities
        if label_smoothing:
            labels = labels * (1 - label_smoothing) + label_smoothing / logits.shape[axis]
        return _reduce_loss(neg(reduce.sum(mul(logp, labels), axis=axis)), reduction)
    if not label_smoothing:
        return nll(logp, labels, axis, reduction, ignore_index)
    picked = nll(logp, labels, axis, "none", ignore_index)
    spread = neg(reduce.mean(logp, axis=axis))
    if ignore_index is not None:
        spread = where(labels == ignore_index, 0, spread)
    loss = add(mul(picked, 1 - label_smoothing), mul(spread, label_smoothing))
    count = None
    if reduction == "mean" and ignore_index is not None and (labels == ignore_index).any():
        count = int((labels != ignore_index).sum())
    return _reduce_loss(loss, reduction, count)


def mse(x, y, reduction="mean"):
    """Mean squared error (reduction 'mean'), its sum ('sum') or the squared errors ('none')."""
    d = sub(x, y)
    return _reduce_loss(mul(d, d), reduction)


def _one_hot(labels, num_classes, dtype=numpy.float32):
    return (labels[..., None] == backend.xp.arange(num_classes)).astype(dtype)


# Integer labels -> one row per label with a 1 at the label's position; no gradient.
one_hot = defop("one_hot", _one_hot, family="nn")


def dropout(x, keep, p):
    """Inverted dropout with a mask the caller drew (`keep`: a raw boolean array, True where an
    element survives), so this function is deterministic: x * keep / (1 - p). With p == 1 every
    element is dropped (x * 0, as torch does: negative inputs give -0.0)."""
    dtype = x._data.dtype if isinstance(x, Tensor) else x.dtype
    if p == 1:
        return mul(x, backend.xp.zeros((), dtype=dtype))
    return mul(x, keep.astype(dtype) / dtype.type(1 - p))      # torch's rounding of 1 / (1 - p)


# ----- geometry -----
def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _conv_padding(padding, kernel, dilation):
    """((top, bottom), (left, right)) from an int, a pair, a pair of pairs, 'valid' or 'same'."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        pads = []
        for k, d in zip(kernel, dilation):      # 'same': any odd extra goes after, as torch does
            total = d * (k - 1)
            pads.append((total // 2, total - total // 2))
        return tuple(pads)
    if isinstance(padding, int):
        return (padding, padding), (padding, padding)
    return tuple((p, p) if isinstance(p, int) else tuple(p) for p in padding)


class _Geometry:
    """A 2-d window sweep: kernel (kh, kw), stride, dilation, padding, and the sizes it gives."""
    __slots__ = ("kh", "kw", "sh", "sw", "dh", "dw", "pads", "H", "W", "Ho", "Wo", "_offsets")

    def __init__(self, in_hw, kernel, stride, padding, dilation):
        self.kh, self.kw = kernel
        self.sh, self.sw = _pair(stride)
        self.dh, self.dw = _pair(dilation)
        self.pads = _conv_padding(padding, kernel, (self.dh, self.dw))
        self.H, self.W = in_hw
        (pt, pb), (pl, pr) = self.pads
        self.Ho = (self.H + pt + pb - self.dh * (self.kh - 1) - 1) // self.sh + 1
        self.Wo = (self.W + pl + pr - self.dw * (self.kw - 1) - 1) // self.sw + 1
        self._offsets = None

    def pad(self, x, value=0):
        """x with the padding added on its last two axes (x itself when there is none)."""
        (pt, pb), (pl, pr) = self.pads
        if not (pt or pb or pl or pr):
            return x
        # zeros, not full(0): fresh zeroed memory needs no pass of its own to fill
        out = self.padded_zeros(x.shape, x.dtype) if value == 0 else backend.xp.full(
            x.shape[:-2] + (self.H + pt + pb, self.W + pl + pr), value, dtype=x.dtype)
        out[..., pt:pt + self.H, pl:pl + self.W] = x
        return out

    def padded_zeros(self, shape, dtype):
        """Zeros shaped like a padded array of `shape`."""
        (pt, pb), (pl, pr) = self.pads
        return backend.xp.zeros(shape[:-2] + (self.H + pt + pb, self.W + pl + pr), dtype=dtype)

    def crop(self, xpad):
        """The inverse of pad: the unpadded part of a padded array."""
        (pt, _), (pl, _) = self.pads
        if xpad.shape[-2:] == (self.H, self.W):
            return xpad
        return xpad[..., pt:pt + self.H, pl:pl + self.W]

    def offsets(self):
        """(i, j, index) for each kernel offset: index selects, in a padded array, the input
        element that offset (i, j) of every window reads (a strided slice of the last two axes)."""
        if self._offsets is None:
            hi = self.sh * (self.Ho - 1) + 1
            wi = self.sw * (self.Wo - 1) + 1
            self._offsets = tuple(
                (i, j, (Ellipsis, slice(i * self.dh, i * self.dh + hi, self.sh),
                        slice(j * self.dw, j * self.dw + wi, self.sw)))
                for i in range(self.kh) for j in range(self.kw))
        return self._offsets

    def columns(self, x, groups):
        """im2col of an (N, C, H, W) array: (groups, C/groups * kh * kw, N * Ho * Wo), a copy.
        Channel-major, so that each group's product is one large matrix multiply (about twice as
        fast as N small ones: BLAS threads it).

        Returns (columns, seen): seen is a copy of x's values made on the way (NCHW-shaped, a
        view of channel-major memory), or None when x was read in place."""
        n, c = x.shape[:2]
        xc = x.transpose(1, 0, 2, 3)
        seen = None
        if not xc.flags.c_contiguous and self.pads == ((0, 0), (0, 0)):
            # the copy below reads (C, N, H, W) memory nearly in order, where NCHW memory makes
            # it jump between samples: reordering first is a pass that costs less than it saves
            # (a padded input gets that order from pad, which copies it anyway)
            xc = seen = backend.xp.ascontiguousarray(xc)
        xpad = self.pad(xc)
        if xpad is not xc:
            seen = self.crop(xpad)
        cg = c // groups
        s1, s0, s2, s3 = xpad.strides
        view = backend.xp.lib.stride_tricks.as_strided(
            xpad, (groups, cg, self.kh, self.kw, n, self.Ho, self.Wo),
            (cg * s1, s1, self.dh * s2, self.dw * s3, s0, self.sh * s2, self.sw * s3),
            writeable=False)
        cols = view.reshape(groups, cg * self.kh * self.kw, n * self.Ho * self.Wo)
        return cols, None if seen is None else seen.transpose(1, 0, 2, 3)

    def channel_major(self, g, groups):
        """An output gradient (N, O, Ho, Wo) as (groups, O/groups, N * Ho * Wo)."""
        n, o = g.shape[:2]
        return g.reshape(n, groups, o // groups, self.Ho * self.Wo).transpose(1, 2, 0, 3) \
            .reshape(groups, o // groups, n * self.Ho * self.Wo)


_geometries = {}


_INT, _INT_OR_TUPLE = frozenset([int]), frozenset([int, tuple])


def _plain(v):
    """An int, a string, or a tuple of ints or of such tuples (exactly those types)."""
    t = type(v)
    if t is int or t is str:
        return True
    if t is not tuple:
        return False
    # the element types in one C-level pass (this runs for every convolution and pooling, forward
    # and backward, on the same few tuples)
    kinds = set(map(type, v))
    if kinds <= _INT:
        return True
    if not kinds <= _INT_OR_TUPLE:
        return False
    for e in v:
        if type(e) is tuple and not _plain(e):
            return False
    return True


def _geometry(in_hw, kernel, stride, padding, dilation):
    """The _Geometry of these arguments, made once: a network asks for the same few at every
    step, forward and backward."""
    if not (_plain(kernel) and _plain(stride) and _plain(padding) and _plain(dilation)):
        # lists, floats, bools: made afresh, so that what they are (and any error they give) is
        # never taken from an equal key (1.0 == 1)
        return _Geometry(in_hw, kernel, stride, padding, dilation)
    key = (in_hw, kernel, stride, padding, dilation)
    geo = _geometries.get(key)
    if geo is not None:
        return geo
    geo = _Geometry(in_hw, kernel, stride, padding, dilation)
    if len(_geometries) >= 256:
        _geometries.clear()
    _geometries[key] = geo
    return geo


def _conv_geometry(x_shape, w_shape, stride, padding, dilation):
    return _geometry(x_shape[2:], w_shape[2:], stride, padding, dilation)


# ----- convolution -----
# NOTE: fused primitives (im2col + one matmul per group): composing the convolution from slices
# and products would record kh*kw nodes and run far slower.
class _ColumnCache:
    """The im2col columns of recent conv2d inputs, for the weight gradient of the same input.

    The columns are kh*kw times the input's size and building them costs as much as the matmul,
    so the backward pass takes them from the forward when they are small enough to keep: at most
    BUDGET bytes in all (older ones go first), and none are kept for an input that has died. An
    entry belongs to the array that owns the input's memory (a view, such as the NCHW view of a
    TF tensor made per call, dies at once), one per owner. A hit needs that owner and the same
    values (compared with a copy taken then: a tenth of the columns' cost, and MXNet lets a
    recorded input change before backward). That copy is the one the columns were built from,
    where building them made one. Each entry is taken once; a second backward (retain_graph)
    builds the columns again.
    """
    BUDGET = 64 << 20

    def __init__(self):
        self.entries = {}             # id(x) -> (weakref to x, key, copy of x, columns)
        self.nbytes = 0
        # threads share the cache; reentrant, as a dying input's callback may run inside put
        self.lock = threading.RLock()

    def put(self, x, key, cols, seen=None):
        """Keep `cols` for x; `seen`: a copy of x's values already made (else one is taken)."""
        if cols.nbytes > self.BUDGET // 2:
            return
        owner = x if x.base is None else x.base
        try:
            ref = weakref.ref(owner, lambda _r, i=id(owner): self._drop(i))
        except TypeError:             # an array type without weak references: no caching
            return
        # in x's own layout: a plain copy, not a reordering
        copy = x.copy(order="K") if seen is None else seen
        with self.lock:
            self._drop(id(owner))
            self.entries[id(owner)] = (ref, key, copy, cols)
            self.nbytes += cols.nbytes
            while self.nbytes > self.BUDGET:
                self._drop(next(iter(self.entries)))

    def take(self, x, key):
        owner = x if x.base is None else x.base
        with self.lock:
            hit = self.entries.get(id(owner))
            if hit is None or hit[0]() is not owner or hit[1] != key:
                return None
            self._drop(id(owner))
        return hit[3] if bool(numpy.array_equal(hit[2], x)) else None     # (False on other shapes)

    def _drop(self, i):
        with self.lock:
            hit = self.entries.pop(i, None)
            if hit is not None:
                self.nbytes -= hit[3].nbytes


_columns = _ColumnCache()


def _grouped_matmul(a, b):
    """a @ b for stacks of one matrix per group; one group goes to NumPy as 2-d matrices, which
    it multiplies faster than a stack of one (5-10% of a LeNet convolution)."""
    if a.shape[0] == 1:
        return numpy.matmul(a[0], b[0])[None]
    return numpy.matmul(a, b)


def _conv2d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1, channel_major=False):
    geo = _conv_geometry(x.shape, w.shape, stride, padding, dilation)
    out_channels = w.shape[0]
    cols, seen = geo.columns(x, groups)
    _columns.put(x, (w.shape, stride, padding, dilation, groups), cols, seen)
    out = _grouped_matmul(w.reshape(groups, out_channels // groups, cols.shape[1]), cols)
    out = out.reshape(out_channels, x.shape[0], geo.Ho, geo.Wo)
    if b is not None:
        # in place, in the product's own (O, N, Ho, Wo) order: NumPy adds a broadcast bias
        # into a reordered result at half the speed of this and a copy
        out += b.reshape(-1, 1, 1, 1)
    if channel_major:
        # the product's own (O, N, Ho, Wo) memory behind the (N, O, Ho, Wo) view, for callers
        # whose users never see a layout (TF's NHWC views): no pass to reorder it, and the
        # next convolution's columns and the backward's channel-major gradients read it as is
        return out.transpose(1, 0, 2, 3)
    return backend.xp.ascontiguousarray(out.transpose(1, 0, 2, 3))


def _conv2d_input_grad(g, w, x_shape, stride=1, padding=0, dilation=1, groups=1,
                       channel_major=False):
    """The transposed convolution (col2im): the gradient of conv2d with respect to its input.

    The columns are scattered channel-major, (C, N, ...), as the matmul makes them. With stride 1
    the output rows are first widened to the padded input's width (zeros in the extra places):
    then each kernel offset adds one contiguous run per channel and sample, at a fixed offset in
    the flattened padded input, instead of Ho runs of Wo elements (three times faster). The widened
    places add w * 0 (into the padding or the next row), so only finite weights take that way."""
    geo = _conv_geometry(x_shape, w.shape, stride, padding, dilation)
    n, c = x_shape[:2]
    og = w.shape[0] // groups
    w3 = w.reshape(groups, og, -1).transpose(0, 2, 1)
    (pt, pb), (pl, pr) = geo.pads
    hp, wp = geo.H + pt + pb, geo.W + pl + pr
    if geo.sh == geo.sw == 1 and bool(numpy.isfinite(w).all()):
        run = geo.Ho * wp
        gw = backend.xp.empty((groups, og, n, geo.Ho, wp), dtype=g.dtype)
        gw[..., :geo.Wo] = g.reshape(n, groups, og, geo.Ho, geo.Wo).transpose(1, 2, 0, 3, 4)
        gw[..., geo.Wo:] = 0          # (only the widened places: one pass over gw, not two)
        cols = _grouped_matmul(w3, gw.reshape(groups, og, n * run))
        cols = cols.reshape(c, geo.kh * geo.kw, n, run)
        # room past the end for the widened rows of the last offsets (they add zeros there)
        dx = backend.xp.zeros((c, n, hp * wp + geo.dw * (geo.kw - 1)), dtype=cols.dtype)
        for i, j, _index in geo.offsets():
            at = i * geo.dh * wp + j * geo.dw
            part = dx[:, :, at:at + run]
            numpy.add(part, cols[:, i * geo.kw + j], out=part)
        dx = dx[:, :, :hp * wp].reshape(c, n, hp, wp)
    else:
        cols = _grouped_matmul(w3, geo.channel_major(g, groups))
        cols = cols.reshape(c, geo.kh, geo.kw, n, geo.Ho, geo.Wo)
        dx = backend.xp.zeros((c, n, hp, wp), dtype=cols.dtype)
        for i, j, index in geo.offsets():
            part = dx[index]
            numpy.add(part, cols[:, i, j], out=part)
    dx = geo.crop(dx).transpose(1, 0, 2, 3)
    return dx if channel_major else backend.xp.ascontiguousarray(dx)


def _conv2d_weight_grad(x, g, w_shape, stride=1, padding=0, dilation=1, groups=1,
                        channel_major=False):
    """The gradient of conv2d with respect to its weight: output gradient times im2col(x).
    (`channel_major` is taken and ignored: a weight has no activation layout, and the other two
    convolution primitives pass their parameters on to this one.)"""
    geo = _conv_geometry(x.shape, w_shape, stride, padding, dilation)
    cols = _columns.take(x, (w_shape, stride, padding, dilation, groups))
    if cols is None:
        cols = geo.columns(x, groups)[0]
    return _grouped_matmul(geo.channel_major(g, groups), cols.transpose(0, 2, 1)).reshape(w_shape)


# conv2d(x, w) = y is bilinear, so each gradient is linear in its two arguments and the gradient
# of a gradient is again one of the three primitives.
conv2d = defop("conv2d", _conv2d, vjps=(
    lambda g, ans, x, w, b=None, **p: conv2d_input_grad(g, w, x_shape=x.shape, **p),
    lambda g, ans, x, w, b=None, **p: conv2d_weight_grad(x, g, w_shape=w.shape, **p),
    lambda g, ans, x, w, b=None, **p: reduce.sum(g, axis=(0, 2, 3))), saves=(0, 1), family="nn")
conv2d_input_grad = defop("conv2d_input_grad", _conv2d_input_grad, vjps=(
    lambda u, ans, g, w, x_shape, **p: conv2d(u, w, None, **p),
    lambda u, ans, g, w, x_shape, **p: conv2d_weight_grad(u, g, w_shape=w.shape, **p)),
    saves=(0, 1), family="nn")
conv2d_weight_grad = defop("conv2d_weight_grad", _conv2d_weight_grad, vjps=(
    lambda v, ans, x, g, w_shape, **p: conv2d_input_grad(g, v, x_shape=x.shape, **p),
    lambda v, ans, x, g, w_shape, **p: conv2d(x, v, None, **p)), saves=(0, 1), family="nn")


# ----- TensorFlow's layout -----
# NOTE: NHWC primitives of their own rather than transposes around the NCHW ones, which would be
# three recorded ops and three backward nodes more per convolution (two per pooling). The
# results keep channel-major memory behind their NHWC views (see _conv2d).
_TO_NCHW, _TO_NHWC = (0, 3, 1, 2), (0, 2, 3, 1)
_KERNEL_TO_OIHW, _KERNEL_TO_HWIO = (3, 2, 0, 1), (2, 3, 1, 0)


def _conv2d_nhwc(x, w, b=None, **p):
    """x (N, H, W, C), w (kh, kw, C/groups, O) -> (N, Ho, Wo, O)."""
    return _conv2d(x.transpose(_TO_NCHW), w.transpose(_KERNEL_TO_OIHW), b, **p,
                   channel_major=True).transpose(_TO_NHWC)


def _permuted(shape, perm):
    return tuple(shape[i] for i in perm)


conv2d_nhwc = defop("conv2d_nhwc", _conv2d_nhwc, vjps=(
    lambda g, ans, x, w, b=None, **p: transpose(conv2d_input_grad(
        transpose(g, _TO_NCHW), transpose(w, _KERNEL_TO_OIHW),
        x_shape=_permuted(x.shape, _TO_NCHW), channel_major=True, **p), _TO_NHWC),
    lambda g, ans, x, w, b=None, **p: transpose(conv2d_weight_grad(
        transpose(x, _TO_NCHW), transpose(g, _TO_NCHW),
        w_shape=_permuted(w.shape, _KERNEL_TO_OIHW), **p), _KERNEL_TO_HWIO),
    lambda g, ans, x, w, b=None, **p: reduce.sum(g, axis=(0, 1, 2))), saves=(0, 1), family="nn")


# ----- pooling -----
# NOTE: primitives over the last two axes of any array (N, C, H, W or C, H, W), looping over the
# kernel offsets: each offset is one whole-array op on a strided slice of the padded input.
def _pool_geometry(shape, kernel_size, stride, padding, dilation=1):
    kernel = _pair(kernel_size)
    return _geometry(shape[-2:], kernel, kernel if stride is None else stride, padding, dilation)


def _lowest(dtype):
    return -numpy.inf if dtype.kind == "f" else numpy.iinfo(dtype).min


def _max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1):
    geo = _pool_geometry(x.shape, kernel_size, stride, padding, dilation)
    xpad = geo.pad(x, _lowest(x.dtype))
    out = None
    for _i, _j, index in geo.offsets():
        if out is None:
            out = xpad[index].copy()
        else:
            numpy.maximum(out, xpad[index], out=out)
    return out


def _first_max(xpad, geo):
    """For every window, the number (i * kw + j) of the offset holding its first maximum; the
    first in row-major order wins ties, as in torch's max_pool2d."""
    best = which = None
    for i, j, index in geo.offsets():
        s = xpad[index]
        if best is None:
            best = s.copy()
            which = backend.xp.zeros(s.shape, dtype=numpy.int32)
            continue
        better = s > best
        numpy.copyto(which, i * geo.kw + j, where=better)
        numpy.maximum(best, s, out=best)
    return which


def _max_pool2d_backward(g, x, kernel_size, stride=None, padding=0, dilation=1):
    """Each window's output gradient, added at the position of the window's first maximum."""
    geo = _pool_geometry(x.shape, kernel_size, stride, padding, dilation)
    which = _first_max(geo.pad(x, _lowest(x.dtype)), geo)
    dx = geo.padded_zeros(x.shape, g.dtype)
    for i, j, index in geo.offsets():
        part = dx[index]
        numpy.add(part, g, out=part, where=which == i * geo.kw + j)
    return geo.crop(dx)


def _max_pool2d_select(u, x, kernel_size, stride=None, padding=0, dilation=1):
    """u (shaped like x) read at the position of each window's first maximum of x."""
    geo = _pool_geometry(x.shape, kernel_size, stride, padding, dilation)
    which = _first_max(geo.pad(x, _lowest(x.dtype)), geo)
    upad = geo.pad(u)
    out = backend.xp.zeros(which.shape, dtype=u.dtype)
    for i, j, index in geo.offsets():
        numpy.copyto(out, upad[index], where=which == i * geo.kw + j)
    return out


# The positions of the maxima are piecewise constant in x: the gradients' own gradients with
# respect to x are zero, so those VJPs are None.
max_pool2d = defop("max_pool2d", _max_pool2d, vjps=(
    lambda g, ans, x, **p: max_pool2d_backward(g, x, **p),), saves=(0,), family="nn")
max_pool2d_backward = defop("max_pool2d_backward", _max_pool2d_backward, vjps=(
    lambda u, ans, g, x, **p: max_pool2d_select(u, x, **p), None), saves=(1,), family="nn")
max_pool2d_select = defop("max_pool2d_select", _max_pool2d_select, vjps=(
    lambda v, ans, u, x, **p: max_pool2d_backward(v, x, **p), None), saves=(1,), family="nn")


def _avg_pool2d(x, kernel_size, stride=None, padding=0):
    """Window means; padding counts as zeros in the mean (torch's count_include_pad=True)."""
    geo = _pool_geometry(x.shape, kernel_size, stride, padding)
    xpad = geo.pad(x)
    dtype = numpy.result_type(x.dtype, numpy.float32)
    first = out = None
    for _i, _j, index in geo.offsets():
        if first is None:
            first = xpad[index]
        elif out is None:             # the first two windows' sum makes the result: one pass
            out = numpy.add(first, xpad[index], dtype=dtype)
        else:
            out += xpad[index]
    if out is None:
        out = first.astype(dtype)
    _divide(out, geo.kh * geo.kw, out)
    return out


def _divide(g, count, out):
    """out = g / count, for a window's size: a power of two as a product with its reciprocal
    (exact, the same bits, and several times faster than a division)."""
    if count & (count - 1) == 0:
        return numpy.multiply(g, out.dtype.type(1 / count), out=out)
    return numpy.divide(g, out.dtype.type(count), out=out)


def _avg_pool2d_backward(g, x_shape, kernel_size, stride=None, padding=0):
    geo = _pool_geometry(x_shape, kernel_size, stride, padding)
    (pt, pb), (pl, pr) = geo.pads
    # each window's share of its gradient, in one pass (into a fresh contiguous array, which the
    # copies to each window offset below then read in order, whatever g's layout)
    g = _divide(g, geo.kh * geo.kw, backend.xp.empty(g.shape, g.dtype))
    if geo.sh >= geo.kh and geo.sw >= geo.kw:
        # windows that do not overlap: each element gets at most one share, copied straight
        # into its place; only where the windows do not tile the input are zeros needed
        tiled = (geo.Ho * geo.sh == geo.H + pt + pb and geo.sh == geo.kh
                 and geo.Wo * geo.sw == geo.W + pl + pr and geo.sw == geo.kw)
        dx = backend.xp.empty(x_shape[:-2] + (geo.H + pt + pb, geo.W + pl + pr), g.dtype) \
            if tiled else geo.padded_zeros(x_shape, g.dtype)
        for _i, _j, index in geo.offsets():
            numpy.copyto(dx[index], g)
        return geo.crop(dx)
    dx = geo.padded_zeros(x_shape, g.dtype)
    for _i, _j, index in geo.offsets():
        part = dx[index]
        numpy.add(part, g, out=part)
    return geo.crop(dx)


# Both are linear: each is the other's VJP.
avg_pool2d = defop("avg_pool2d", _avg_pool2d, vjps=(
    lambda g, ans, x, **p: avg_pool2d_backward(g, x_shape=x.shape, **p),), saves=False,
    family="nn")
avg_pool2d_backward = defop("avg_pool2d_backward", _avg_pool2d_backward, vjps=(
    lambda u, ans, g, x_shape, **p: avg_pool2d(u, **p),), saves=False, family="nn")


def max_pool2d_nhwc(x, *args, **params):
    return transpose(max_pool2d(transpose(x, _TO_NCHW), *args, **params), _TO_NHWC)


# NHWC average pooling: the pooling primitives work on the last two axes of any array, so these
# run them on the (C, N, H, W) view, which is contiguous for the channel-major memory TF's
# convolutions leave, and keep that layout for the result
_TO_CNHW, _CNHW_TO_NHWC = (3, 0, 1, 2), (1, 2, 3, 0)

avg_pool2d_nhwc = defop(
    "avg_pool2d_nhwc",
    lambda x, **p: _avg_pool2d(x.transpose(_TO_CNHW), **p).transpose(_CNHW_TO_NHWC),
    vjps=(lambda g, ans, x, **p: avg_pool2d_nhwc_backward(g, x_shape=x.shape, **p),),
    saves=False, family="nn")
avg_pool2d_nhwc_backward = defop(
    "avg_pool2d_nhwc_backward",
    lambda g, x_shape, **p: _avg_pool2d_backward(
        g.transpose(_TO_CNHW), _permuted(x_shape, _TO_CNHW), **p).transpose(_CNHW_TO_NHWC),
    vjps=(lambda u, ans, g, x_shape, **p: avg_pool2d_nhwc(u, **p),), saves=False, family="nn")


# ----- batch normalisation -----
def _channel_shape(x, axis):
    return tuple(n if i == axis else 1 for i, n in enumerate(x.shape))


def _affine(y, gamma, beta, shape):
    if gamma is not None:
        y = mul(y, reshape(gamma, shape))
    if beta is not None:
        y = add(y, reshape(beta, shape))
    return y


def batch_norm_train(x, gamma=None, beta=None, eps=1e-5, axis=1):
    """Normalise with the batch statistics over every axis but `axis` (the channels).

    Returns (y, mean, var): the batch mean and biased variance as tensors shaped like x with the
    reduced axes kept, for the caller's running averages (updated outside the graph)."""
    axis %= x.ndim
    axes = tuple(i for i in range(x.ndim) if i != axis)
    mean = reduce.mean(x, axis=axes, keepdims=True)
    d = sub(x, mean)
    var = reduce.mean(mul(d, d), axis=axes, keepdims=True)
    y = mul(d, power(add(var, eps), -0.5))
    return _affine(y, gamma, beta, _channel_shape(x, axis)), mean, var


def batch_norm_eval(x, mean, var, gamma=None, beta=None, eps=1e-5, axis=1):
    """Normalise with given statistics (running averages), one value per channel along axis."""
    shape = _channel_shape(x, axis % x.ndim)
    y = mul(sub(x, reshape(mean, shape)), power(add(reshape(var, shape), eps), -0.5))
    return _affine(y, gamma, beta, shape)
