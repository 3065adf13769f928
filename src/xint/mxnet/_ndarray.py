"""mxnet.numpy.ndarray on the xint engine (MXNet 1.9.1 with npx.set_np()), and the legacy NDArray
that autograd.grad returns."""

import numpy
from sys import getrefcount

from .. import backend
from ..core import explain as _explain
from ..core.refs import REUSE_MIN_BYTES, REUSE_TEMPORARIES, called_by_syntax
from ..core.mode import RecordingPolicy
from ..core.tensor import Tensor
from ..ops import elementwise as ew
from ..ops import linalg, reduce, shape as shape_ops
from ..ops.registry import apply, apply_into
from .base import IN_GRAPH_ASSIGN, MXNetError, broadcast_error, dims

# autograd.record() turns recording on; is_training() is the train-mode flag. Thread-local.
autograd_state = RecordingPolicy(recording=False, training=False)

_F32 = numpy.dtype(numpy.float32)


def _operands(a, b):
    """MXNet's promotion: arrays promote (an int array meeting a float array takes the float's
    dtype); a Python scalar takes the array's dtype (so int32 + 1.5 stays int32)."""
    if not isinstance(a, ndarray):
        b, a = _operands(b, a)
        return a, b
    da = a._data.dtype
    if isinstance(b, ndarray):
        db = b._data.dtype
        if da == db:
            return a, b
        if (da.kind == "f") != (db.kind == "f"):
            dt = da if da.kind == "f" else db
        else:
            dt = numpy.promote_types(da, db)
        return (a if da == dt else ew.cast(a, dt)), (b if db == dt else ew.cast(b, dt))
    if isinstance(b, (bool, int, float)):
        # a Python number stays one where NumPy treats it weakly: on arrays; 0-d data under
        # NumPy 1.x would be widened by it, so there it becomes a scalar of the array's dtype
        weak = type(b) is int and da.kind != "b" or type(b) is float and da.kind == "f"
        return a, (b if weak and a._data.ndim else da.type(b))
    if isinstance(b, numpy.ndarray):
        raise TypeError(f"type {type(b)} not supported")
    return a, b


def _shape(v):
    return tuple(v._data.shape) if isinstance(v, Tensor) else ()


# Arithmetic whose result may go into a temporary operand's buffer (see _binary).
_REUSABLE = {"add": numpy.add, "sub": numpy.subtract, "mul": numpy.multiply,
             "div": numpy.true_divide}


def _binary(prim, reflected=False):
    ufunc = _REUSABLE.get(prim.name)

    def op(self, other):
        if type(other) is float:
            d = self._data
            if d.ndim and d.dtype.kind == "f":
                # the hot case (lr * grad): a Python float is weak on a float array, so it
                # neither promotes nor fails to broadcast; no operand to reuse either
                return apply(prim, self._result_cls, (other, self) if reflected else (self, other),
                             {})
        elif reflected and isinstance(other, numpy.ndarray):    # host NumPy on the left
            raise TypeError("type <class 'mxnet.numpy.ndarray'> not supported")
        # NOTE: an operand that only the expression being evaluated holds (refs: the
        # interpreter's stack, this frame, getrefcount's argument; core.refs) takes the result
        # in its own buffer, as NumPy's temporary elision does: `q[:] = q - lr * q.grad` then
        # needs one temporary, not two. Inside record() only where the graph keeps no operand
        # (registry.apply_into); outside it any arithmetic, on same-shaped arrays.
        spare = None
        if ufunc is not None and REUSE_TEMPORARIES:
            if isinstance(other, Tensor) and getrefcount(other) == 3:
                spare = other
            elif getrefcount(self) == 3:
                spare = self
            # (recording, apply_into takes only big arrays: spare small ones the frame check)
            if spare is not None and ((autograd_state.recording
                                       and spare._data.nbytes < REUSE_MIN_BYTES)
                                      or not called_by_syntax()):
                spare = None
        a, b = _operands(self, other)
        if reflected:
            a, b = b, a
        if spare is not None and (spare is a or spare is b):
            if autograd_state.recording:
                out = apply_into(prim, self._result_cls, (a, b), 0 if spare is a else 1)
                if out is not None:
                    return out
            elif (isinstance(a, Tensor) and isinstance(b, Tensor)
                    and getrefcount(spare._data) == 2):     # (refs: spare, the argument)
                ad, bd, sd = a._data, b._data, spare._data
                if (ad.shape == bd.shape and ad.dtype == bd.dtype and ad.dtype.kind in "fc"
                        and spare.node is None and not spare.requires_grad and sd.base is None
                        and sd.flags.writeable and type(spare) is self._result_cls):
                    ufunc(ad, bd, out=sd)
                    return spare
        try:
            return prim(a, b)
        except ValueError:
            raise broadcast_error(_shape(a), _shape(b)) from None
    return op


def _type_name(dt):
    return "unknown" if dt.kind == "b" else dt.name     # MXNet's type-inference name for bool


def _compare(prim):
    """Comparisons do not promote: two arrays of different dtypes are refused (after the shape
    check), as MXNet's type inference does."""
    arith = _binary(prim)

    def op(self, other):
        if isinstance(other, ndarray) and other._data.dtype != self._data.dtype:
            sa, sb = self._data.shape, other._data.shape
            try:
                numpy.broadcast_shapes(sa, sb)
            except ValueError:
                raise broadcast_error(sa, sb) from None
            raise MXNetError(f"MXNetError: Type inconsistent, Provided = "
                             f"{_type_name(self._data.dtype)}, inferred type = "
                             f"{_type_name(other._data.dtype)}")
        return arith(self, other)
    return op


def _index_data(i):
    """An ndarray index as host data: float indices truncate toward zero (MXNet accepts the
    float32 labels D2L writes, y_hat[range(n), y])."""
    d = i._data
    return d.astype(numpy.int64) if d.dtype.kind == "f" else d


def _reduce_axis_error(shape, axis):
    """MXNet's text for an int reduction axis out of range (None: not that mistake)."""
    n = len(shape)
    if not isinstance(axis, int) or -n <= axis < n:
        return None
    if axis >= n:
        return MXNetError(f"MXNetError: Check failed: axes[axes.ndim()-1] < ishape.ndim() ({axis} "
                          f"vs. {n}) : Reduction axis {axis} Exceeds input dimensions "
                          f"{dims(shape)}")
    return MXNetError(f"MXNetError: Check failed: axes[0] >= 0 ({axis + n} vs. 0) : Reduction "
                      f"axis [{axis}] Exceeds input dimensions {dims(shape)}")


def _reducing(prim, x, axis, shape, **kwargs):
    """prim(x, axis=…) with MXNet's error for an axis out of range (looked for on failure)."""
    try:
        return prim(x, axis=axis, **kwargs)
    except ValueError:
        err = _reduce_axis_error(shape, axis)
        if err is None:
            raise
        raise err from None


_ALL = slice(None)              # x[:]


# Legacy NDArray methods that mxnet.numpy.ndarray defines only to refuse when called, with a text
# of its own (which for three of them names another method); other missing names get Python's
_LEGACY_ONLY = (
    "abs arccos arccosh arcsin arcsinh arctan arctanh argmax_channel broadcast_axes cbrt ceil cos "
    "cosh degrees depth_to_space exp expand_dims expm1 fix flip floor log log10 log1p log2 "
    "log_softmax nanprod nansum norm one_hot ones_like pad pick radians rcbrt reciprocal relu "
    "reshape_like rint rsqrt shape_array sigmoid sign sin sinh size_array slice slice_axis "
    "slice_like softmax softmin space_to_depth split split_v2 sqrt square tan tanh tile topk trunc "
    "zeros_like".split())
_LEGACY_SAYS = {"broadcast_axes": "broadcast_like", "cbrt": "cqrt", "rcbrt": "rcqrt"}


def _refuse(name):
    raise AttributeError(f"mxnet.numpy.ndarray object has no attribute {name}")


def _legacy_method(name):
    says = _LEGACY_SAYS.get(name, name)

    def method(self, *args, **kwargs):
        _refuse(says)
    method.__name__ = method.__qualname__ = name
    return method


def _check_slice_range(index, n):
    """MXNet's error for x[start:stop] (one slice, step 1) whose bounds, clipped into [0, n]
    after adding n to negative ones, are reversed (NumPy gives an empty array)."""
    start, stop = index.start, index.stop
    start = 0 if start is None else min(max(start + n if start < 0 else start, 0), n)
    stop = n if stop is None else min(max(stop + n if stop < 0 else stop, 0), n)
    if start > stop:
        raise MXNetError(f"MXNetError: Check failed: begin <= end ({start} vs. {stop}) : Invalid "
                         f"slicing range [{start}, {stop})")


def own_memory(t):
    """`t` with memory of its own. MXNet's shape functions (transpose, reshape, squeeze, ...) and
    indexing that is not one contiguous block return new arrays, where NumPy returns views: a
    write to either side would otherwise show in the other. The recorded node is unchanged (these
    primitives' VJPs do not read their result); nor is the version cell the view took from its
    source (see ops.registry._share_version): the memory is no longer shared."""
    d = t._data
    if d.base is not None:
        t._data = d.copy()
        t._vc = None
    return t


def transpose_axes(x, axes):
    """transpose with MXNet's check of the axes (made on failure only), into new memory."""
    try:
        return own_memory(shape_ops.transpose(x, axes))
    except ValueError:
        n = x._data.ndim
        for i, a in enumerate(axes or ()):
            if not -n <= a < n:
                raise MXNetError(f"MXNetError: Check failed: axes[i] >= 0 && axes[i] < ndim: "
                                 f"axes[{i}]={a + n if a < 0 else a} exceeds the range [0, {n})"
                                 ) from None
        raise


def matmul(a, b):
    """np.dot / np.matmul / `@`: no promotion between array dtypes, MXNet's shape errors."""
    if isinstance(a, ndarray) and isinstance(b, ndarray):
        if a._data.dtype != b._data.dtype:
            raise MXNetError("MXNetError: Check failed: assign(&dattr, vec.at(i)): Incompatible "
                             f"attr in node  at 1-th input: expected {a._data.dtype.name}, got "
                             f"{b._data.dtype.name}")
        sa, sb = a._data.shape, b._data.shape
        if len(sa) == 1 and len(sb) == 1 and sa != sb:
            raise MXNetError(f"MXNetError: Shape inconsistent, Provided = {dims(sa)}, inferred "
                             f"shape={dims(sb)}")
        if len(sa) == 2 and len(sb) == 2 and sa[1] != sb[0]:
            raise MXNetError(f"MXNetError: Shape inconsistent, Provided = {dims(sa)}, inferred "
                             f"shape=[-1,{sb[0]}]")
    else:
        a, b = _operands(a, b)
    return linalg.matmul(a, b)


def _format_array(a):
    """MXNet's repr: NumPy's, without the dtype when it is float32, and with it for a dtype NumPy
    leaves out (float64, int64) unless it is bool. (The empty arrays keep NumPy's shape=.)"""
    text = repr(a)
    if "dtype=" in text:
        return text[:text.rindex(",")] + ")" if a.dtype == _F32 else text
    if a.dtype == _F32 or a.dtype == numpy.bool_:
        return text
    return f"{text[:-1]}, dtype={a.dtype.name})"


class ndarray(Tensor):
    """mxnet.numpy.ndarray."""
    __slots__ = ("_grad_req", "_fresh_grad")    # _fresh_grad: written by a backward since the
    _policy = autograd_state                      # last Trainer step (set by autograd.backward)

    # ----- gradients -----
    def attach_grad(self, grad_req="write", stype=None):
        if grad_req not in ("write", "add", "null"):
            raise ValueError(f"grad_req must be one of 'write', 'add', 'null', got {grad_req}")
        self._grad_req = grad_req
        self.requires_grad = True           # a marked variable, recorded even with 'null'
        self.node = None
        self._grad = None if grad_req == "null" else backend.xp.zeros_like(self._data)
        self._fresh_grad = False

    def _take_fresh_grad(self):
        """(grad buffer, whether a backward wrote it since the last call): for gluon.Trainer."""
        fresh = getattr(self, "_fresh_grad", False)
        self._fresh_grad = False
        return self._grad, fresh

    @property
    def grad(self):
        buf = self._grad
        return None if buf is None else ndarray._wrap(buf)    # a new wrapper, the same buffer

    @property
    def grad_req(self):
        return getattr(self, "_grad_req", "null")

    def backward(self, out_grad=None, retain_graph=False, train_mode=True):
        _autograd.backward([self], None if out_grad is None else [out_grad], retain_graph,
                           train_mode)

    def detach(self):
        return _explain.cut(ndarray._wrap(self._data), self)

    # ----- attributes and host conversion -----
    @property
    def T(self):
        return own_memory(shape_ops.transpose(self))

    @property
    def ctx(self):
        from .npx import cpu
        return cpu()

    def asnumpy(self):
        return numpy.array(backend.to_numpy(self._data))

    def item(self):
        if self._data.size != 1:
            raise ValueError("can only convert an array of size 1 to a Python scalar")
        return self.asnumpy().item()

    def tolist(self):
        return self.asnumpy().tolist()

    def astype(self, dtype, copy=True):
        out = ew.cast(self, numpy.dtype(dtype))
        if copy and out._data is self._data:         # the same dtype: MXNet copies unless told
            out._data = self._data.copy()
        return out

    def copy(self):
        return ndarray._wrap(self._data.copy())

    def copyto(self, other):
        """Copy into the array `other` (shapes must match) or onto a context (a new array)."""
        if not isinstance(other, ndarray):
            return self.copy()
        if other._data.shape != self._data.shape:
            raise MXNetError("MXNetError: Check failed: assign(&dattr, vec.at(i)): Incompatible "
                             f"attr in node  at 0-th output: expected {dims(self._data.shape)}, "
                             f"got {dims(other._data.shape)}")
        other._data[...] = self._data
        return other

    def as_in_ctx(self, ctx):
        return self          # the only context is cpu(0): MXNet returns the array itself there

    as_in_context = as_in_ctx

    def as_nd_ndarray(self):
        return NDArray._wrap(self._data)

    def flatten(self):
        return own_memory(shape_ops.reshape(self, (-1,)))

    def squeeze(self, axis=None):
        shape = self._data.shape
        for a in () if axis is None else (axis if isinstance(axis, (tuple, list)) else (axis,)):
            if shape[a] != 1:
                raise MXNetError(f"MXNetError: Check failed: dshape[axes[i]] == 1 ({shape[a]} vs. "
                                 f"1) : cannot select an axis to squeeze out which has size="
                                 f"{shape[a]} not equal to one")
        return own_memory(shape_ops.squeeze(self, None if axis is None else
                                            tuple(axis) if isinstance(axis, list) else axis))

    def swapaxes(self, axis1, axis2):
        axes = list(range(self._data.ndim))
        axes[axis1], axes[axis2] = axes[axis2], axes[axis1]
        return own_memory(shape_ops.transpose(self, tuple(axes)))

    def repeat(self, repeats, axis=None):
        """Each element `repeats` times along axis (flattened first when axis is None)."""
        x = self if axis is not None else shape_ops.reshape(self, (-1,))
        ax = 0 if axis is None else axis % self._data.ndim
        shape = x._data.shape
        spread = shape[:ax + 1] + (1,) + shape[ax + 1:]
        target = shape[:ax + 1] + (repeats,) + shape[ax + 1:]
        out = shape_ops.broadcast_to(shape_ops.reshape(x, spread), target)
        return shape_ops.reshape(out, shape[:ax] + (shape[ax] * repeats,) + shape[ax + 1:])

    def clip(self, a_min=None, a_max=None):
        return ew.clip(self, a_min, a_max)

    def __float__(self):
        if self._data.size != 1:
            raise TypeError("only size-1 arrays can be converted to Python scalars")
        return float(self.item())

    def __int__(self):
        if self._data.size != 1:
            raise TypeError("only size-1 arrays can be converted to Python scalars")
        return int(self.item())

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of unsized object")
        return self._data.shape[0]

    # (the refusing legacy methods: set after the class, from _LEGACY_ONLY; and no __getattr__
    # hook: CPython 3.11 does not specialise attribute reads on a class that defines one)
    def asscalar(self):
        _refuse("asscalar")

    def broadcast_like(self, other):
        _refuse("broadcast_like")

    def diag(self, k=0, **kwargs):
        _refuse("diag")

    def tostype(self, stype):
        _refuse("tostype")

    def __bool__(self):
        if self._data.size != 1:
            raise ValueError("The truth value of an ndarray with multiple elements is ambiguous.")
        return bool(self.item())

    def __repr__(self):
        return _format_array(self.asnumpy())

    def __str__(self):
        return str(self.asnumpy())

    # ----- math methods -----
    def reshape(self, *shape, **kwargs):
        shp = tuple(shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape)
        try:
            return own_memory(shape_ops.reshape(self, shp))
        except ValueError:
            if shp.count(-1) > 1:
                raise MXNetError("MXNetError: Check failed: !has_unknown_dim_size: Can only "
                                 "specify one unknown dimension") from None
            want = 1
            for n in shp:
                want *= n
            if -1 in shp and want:      # MXNet's message when the inferred dim does not divide
                known = -want
                raise MXNetError(f"MXNetError: Check failed: src.Size() % known_dim_size_prod == 0 "
                                 f"({self._data.size % known} vs. 0) : Cannot reshape array of "
                                 f"size {self._data.size} into shape {dims(shp)}") from None
            raise MXNetError(f"MXNetError: Check failed: src.Size() == dst->Size() "
                             f"({self._data.size} vs. {want}) : Cannot reshape array of size "
                             f"{self._data.size} into shape {dims(shp)}") from None

    def transpose(self, *axes):
        axes = axes[0] if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
        return transpose_axes(self, tuple(axes) if axes else None)

    def sum(self, axis=None, keepdims=False, dtype=None):
        # integers keep their dtype; booleans sum as float32
        kind = self._data.dtype.kind
        dt = dtype if dtype is not None else \
            self._data.dtype if kind in "iu" else _F32 if kind == "b" else None
        return _reducing(reduce.sum, self, axis, self._data.shape, keepdims=keepdims, dtype=dt)

    def mean(self, axis=None, keepdims=False, dtype=None):
        x = self if self._data.dtype.kind == "f" else ew.cast(self, _F32)
        return _reducing(reduce.mean, x, axis, self._data.shape, keepdims=keepdims)

    def max(self, axis=None, keepdims=False):
        return reduce.max(self, axis=axis, keepdims=keepdims)

    def min(self, axis=None, keepdims=False):
        return reduce.min(self, axis=axis, keepdims=keepdims)

    def argmax(self, axis=None):
        return _reducing(reduce.argmax, self, axis, self._data.shape)

    def argmin(self, axis=None):
        return reduce.argmin(self, axis=axis)

    def _float_stat(self, stat, axis, ddof, keepdims):
        """var/std: an integer array's result is truncated back to its dtype, as in MXNet."""
        if self._data.dtype.kind == "f":
            return stat(self, axis=axis, ddof=ddof, keepdims=keepdims)
        out = stat(ew.cast(self, _F32), axis=axis, ddof=ddof, keepdims=keepdims)
        return ndarray._wrap(out._data.astype(self._data.dtype))

    def std(self, axis=None, ddof=0, keepdims=False):
        return self._float_stat(reduce.std, axis, ddof, keepdims)

    def var(self, axis=None, ddof=0, keepdims=False):
        return self._float_stat(reduce.var, axis, ddof, keepdims)

    def prod(self, axis=None, keepdims=False, dtype=None):
        x = ew.cast(self, _F32) if self._data.dtype.kind == "b" else self
        return reduce.prod(x, axis=axis, keepdims=keepdims, dtype=dtype or x._data.dtype)

    def cumsum(self, axis=None, dtype=None):
        """Integers keep their dtype (NumPy would widen them to int64)."""
        if dtype is None and self._data.dtype.kind in "iu":
            dtype = self._data.dtype
        return reduce.cumsum(self if axis is not None else shape_ops.reshape(self, (-1,)),
                             axis=0 if axis is None else axis, dtype=dtype)

    def __getitem__(self, index):
        if type(index) is slice and index.step in (None, 1):
            if index.start is None and index.stop is None:
                return self                           # MXNet's x[:] is x itself
            if self._data.ndim:
                _check_slice_range(index, self._data.shape[0])
        elif type(index) is tuple and not index:
            return self
        # arrays index as their data, also inside a tuple (D2L's y_hat[range(n), y])
        if isinstance(index, tuple):
            index = tuple(_index_data(i) if isinstance(i, ndarray) else i for i in index)
        elif isinstance(index, ndarray):
            index = _index_data(index)
        out = shape_ops.getitem(self, index)
        # MXNet shares memory only where the result is one contiguous block of the array
        d = out._data
        return own_memory(out) if d.base is not None and not d.flags.c_contiguous else out

    def __setitem__(self, index, value):
        if autograd_state.recording and (self.node is not None or self.requires_grad):
            raise MXNetError(IN_GRAPH_ASSIGN)
        # NOTE: no version bump: MXNet does not check, and a gradient recorded before the change
        # silently uses the new values (spec §12); xint does the same.
        if isinstance(value, Tensor):
            v, d = value._data, self._data
            # `x[:] = expr` (D2L's SGD step): when only this statement holds the result (refs: the
            # interpreter's stack, this frame, getrefcount's argument; its array: the result, `v`
            # and the argument) and nothing but x holds x's own buffer (x, `d`, the argument: no
            # view, no other wrapper), x takes the result's buffer instead of a copy of it: no one
            # can tell the difference
            if (type(index) is slice and index == _ALL and REUSE_TEMPORARIES
                    and type(v) is numpy.ndarray and type(d) is numpy.ndarray
                    and v.shape == d.shape and v.dtype == d.dtype and v.base is None
                    and d.base is None and v.flags.c_contiguous and v.flags.writeable
                    and getrefcount(value) == 3 and getrefcount(v) == 3
                    and getrefcount(d) == 3 and called_by_syntax()):
                self._data = v
                return
            value = v
        self._data[index] = value

    def __neg__(self):
        return ew.neg(self)

    def __abs__(self):
        return ew.abs(self)

    def _inplace(self, prim, other):
        """x op= y: allowed outside record(); inside it MXNet refuses arrays in the graph."""
        if autograd_state.recording and (self.node is not None or self.requires_grad):
            raise MXNetError(IN_GRAPH_ASSIGN)
        a, b = _operands(self, other)
        out = prim(a._data, b._data if isinstance(b, Tensor) else b)
        self._data[...] = out          # in place: views and the grad buffer's readers see it
        return self

    def __iadd__(self, other):
        return self._inplace(ew.add, other)

    def __isub__(self, other):
        return self._inplace(ew.sub, other)

    def __imul__(self, other):
        return self._inplace(ew.mul, other)

    def __itruediv__(self, other):
        return self._inplace(ew.div, other)

    __add__ = _binary(ew.add)
    __radd__ = _binary(ew.add, reflected=True)
    __sub__ = _binary(ew.sub)
    __rsub__ = _binary(ew.sub, reflected=True)
    __mul__ = _binary(ew.mul)
    __rmul__ = _binary(ew.mul, reflected=True)
    __rtruediv__ = _binary(ew.div, reflected=True)
    __pow__ = _binary(ew.power)
    __rpow__ = _binary(ew.power, reflected=True)
    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    __eq__ = _compare(ew.equal)
    __ne__ = _compare(ew.not_equal)
    __lt__ = _compare(ew.less)
    __le__ = _compare(ew.less_equal)
    __gt__ = _compare(ew.greater)
    __ge__ = _compare(ew.greater_equal)
    __hash__ = Tensor.__hash__

    def __truediv__(self, other):     # int / int gives float32 in MXNet
        a, b = _operands(self, other)
        if a._data.dtype.kind != "f":
            a = ew.cast(a, _F32)
            b = ew.cast(b, _F32) if isinstance(b, ndarray) else _F32.type(b)
        try:
            return ew.div(a, b)
        except ValueError:
            raise broadcast_error(_shape(a), _shape(b)) from None


for _name in _LEGACY_ONLY:
    setattr(ndarray, _name, _legacy_method(_name))


class NDArray(ndarray):
    """The legacy mxnet.nd.NDArray (what autograd.grad returns even under npx.set_np())."""
    __slots__ = ("_no_fgradient",)    # set on a gradient MXNet could not differentiate again
    _result_cls = ndarray

    @classmethod
    def _wrap(cls, data, node=None):
        t = super()._wrap(data, node)
        t._no_fgradient = None
        return t

    def __repr__(self):
        shape = "x".join(str(n) for n in self._data.shape)
        return f"\n{self.asnumpy()}\n<NDArray {shape} @cpu(0)>"

    def as_np_ndarray(self):
        return ndarray._wrap(self._data)


# mxnet.autograd builds on this module, so it loads last; a module global rather than an import
# inside backward(): a relative import runs importlib's Python code on every call
from . import autograd as _autograd  # noqa: E402
