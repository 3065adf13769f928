"""The tf.* namespace functions and GradientTape."""
import builtins

import numpy

from .. import backend
from ..core import autodiff
from ..core.tensor import Tensor
from ..ops import elementwise as ew
from ..ops import linalg, nn as nn_ops, reduce, shape as shape_ops
from . import _dtypes, errors
from ._tensor import EagerTensor, Variable, _operands, tapes
from ._tensor import matmul as _matmul


def _read(x):
    return x._read() if isinstance(x, Variable) else x


def convert_to_tensor(value, dtype=None, dtype_hint=None):
    """Python floats become float32, ints int32; NumPy arrays keep their dtype."""
    if isinstance(value, Tensor):
        t = _read(value)
        if dtype is None or _dtypes.to_numpy_dtype(dtype) == t._data.dtype:
            return t
        return EagerTensor._wrap(t._data.astype(_dtypes.to_numpy_dtype(dtype)))
    if isinstance(value, (numpy.ndarray, numpy.generic)):
        arr = value
    else:
        arr = numpy.asarray(value)
        if dtype is None:
            if arr.dtype.kind == "f":
                arr = arr.astype(numpy.float32)
            elif arr.dtype.kind in "iu":
                arr = arr.astype(numpy.int32)
    if dtype is not None:
        arr = numpy.asarray(arr, dtype=_dtypes.to_numpy_dtype(dtype))
    return EagerTensor._wrap(backend.xp.array(arr))


constant = convert_to_tensor


def range(start, limit=None, delta=1, dtype=None, name="range"):
    """tf.range: int32 for integer bounds, float32 for float ones."""
    if limit is None:
        start, limit = 0, start
    if dtype is None:
        ints = all(isinstance(v, builtins.int) for v in (start, limit, delta))
        dt = numpy.dtype(numpy.int32 if ints else numpy.float32)
    else:
        dt = _dtypes.to_numpy_dtype(dtype)
    return EagerTensor._wrap(backend.xp.arange(start, limit, delta).astype(dt))


def zeros(shape, dtype=_dtypes.float32):
    return EagerTensor._wrap(backend.xp.zeros(shape, dtype=_dtypes.to_numpy_dtype(dtype)))


def ones(shape, dtype=_dtypes.float32):
    return EagerTensor._wrap(backend.xp.ones(shape, dtype=_dtypes.to_numpy_dtype(dtype)))


def zeros_like(input, dtype=None):
    return EagerTensor._wrap(backend.xp.zeros_like(input._data, dtype=dtype and
                                                   _dtypes.to_numpy_dtype(dtype)))


def ones_like(input, dtype=None):
    return EagerTensor._wrap(backend.xp.ones_like(input._data, dtype=dtype and
                                                  _dtypes.to_numpy_dtype(dtype)))


def reshape(tensor, shape):
    x = _read(convert_to_tensor(tensor))
    try:
        return shape_ops.reshape(x, tuple(shape))
    except ValueError:
        want = 1
        for n in shape:
            want *= n
        raise errors.InvalidArgumentError(None, None, errors.wrapped(
            "Reshape", f"Input to reshape is a tensor with {x._data.size} values, but the "
                       f"requested shape has {want}", name=False)) from None


def transpose(a, perm=None):
    return shape_ops.transpose(_read(convert_to_tensor(a)), None if perm is None else tuple(perm))


def matmul(a, b):
    return _matmul(convert_to_tensor(a), convert_to_tensor(b), promote=False)


def concat(values, axis):
    return shape_ops.concat(*[_read(convert_to_tensor(v)) for v in values], axis=axis)


def stack(values, axis=0):
    return shape_ops.stack(*[_read(convert_to_tensor(v)) for v in values], axis=axis)


def reduce_sum(input_tensor, axis=None, keepdims=False):
    x = _read(convert_to_tensor(input_tensor))
    return reduce.sum(x, axis=_axis(axis), keepdims=keepdims,
                      dtype=x._data.dtype if x._data.dtype.kind in "iub" else None)


def reduce_mean(input_tensor, axis=None, keepdims=False):
    x = _read(convert_to_tensor(input_tensor))
    out = reduce.mean(x, axis=_axis(axis), keepdims=keepdims)
    if x._data.dtype.kind in "iu":                    # TF truncates integer means
        return EagerTensor._wrap(out._data.astype(x._data.dtype))
    return out


def reduce_max(input_tensor, axis=None, keepdims=False):
    return reduce.max(_read(convert_to_tensor(input_tensor)), axis=_axis(axis), keepdims=keepdims)


def reduce_min(input_tensor, axis=None, keepdims=False):
    return reduce.min(_read(convert_to_tensor(input_tensor)), axis=_axis(axis), keepdims=keepdims)


def argmax(input, axis=None, output_type=_dtypes.int64):
    """Indices of the maxima along axis (0 by default, as TF: not over the flattened tensor)."""
    out = reduce.argmax(_read(convert_to_tensor(input)), axis=0 if axis is None else axis)
    return out if output_type == _dtypes.int64 else cast(out, output_type)


def argmin(input, axis=None, output_type=_dtypes.int64):
    out = reduce.argmin(_read(convert_to_tensor(input)), axis=0 if axis is None else axis)
    return out if output_type == _dtypes.int64 else cast(out, output_type)


def _axis(axis):
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


_FLOAT_KERNELS = ("bfloat16", "half", "float", "double", "complex64", "complex128")


def _float_op(prim):
    """tf.exp and friends: float kernels only (an int tensor raises, as in TF)."""
    op = errors.OP_NAMES[prim.name]

    def f(x, name=None):
        t = _read(convert_to_tensor(x))
        if t._data.dtype.kind not in "fc":
            raise errors.not_allowed(op, t._data.dtype.name, _FLOAT_KERNELS)
        return prim(t)
    f.__name__ = prim.name
    return f


exp, log, sin, cos = (_float_op(p) for p in (ew.exp, ew.log, ew.sin, ew.cos))
tanh, sqrt = _float_op(ew.tanh), _float_op(ew.sqrt)


def multiply(x, y):
    return ew.mul(*_operands(convert_to_tensor(x), y))


def add(x, y):
    return ew.add(*_operands(convert_to_tensor(x), y))


def cast(x, dtype):
    return ew.cast(_read(convert_to_tensor(x)), _dtypes.to_numpy_dtype(dtype))


def size(input):
    return EagerTensor._wrap(numpy.asarray(input._data.size, dtype=numpy.int32))


def stop_gradient(input):
    """The same values, cut from every tape."""
    return EagerTensor._wrap(_read(convert_to_tensor(input))._data)


class _Math:
    """tf.math: the names the book uses from it."""
    log = staticmethod(log)
    exp = staticmethod(exp)
    sin = staticmethod(sin)
    cos = staticmethod(cos)
    tanh = staticmethod(tanh)
    sqrt = staticmethod(sqrt)
    multiply = staticmethod(multiply)
    add = staticmethod(add)
    reduce_sum = staticmethod(reduce_sum)
    reduce_mean = staticmethod(reduce_mean)


math = _Math()


class UnconnectedGradients:
    NONE = "none"
    ZERO = "zero"


_REUSED = ("A non-persistent GradientTape can only be used to compute one set of gradients "
           "(or jacobians)")


def _flatten(structure):
    """Sources/targets as TF accepts them: a tensor, or a (nested) list/tuple/dict of them."""
    if isinstance(structure, dict):
        return [t for k in structure for t in _flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [t for s in structure for t in _flatten(s)]
    return [structure]


def _pack(structure, flat):
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            return {k: build(s[k]) for k in s}
        if isinstance(s, (list, tuple)):
            return type(s)(build(x) for x in s)
        return next(it)
    return build(structure)


class GradientTape:
    """Records operations on watched tensors while active; `gradient` differentiates them."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed = watch_accessed_variables
        self._watched = {}
        self._paused = False
        self._used = False
        self._entered = False

    def __enter__(self):
        self._entered = True
        tapes.tapes.append(self)
        return self

    def __exit__(self, *exc):
        if self in tapes.tapes:
            tapes.tapes.remove(self)
        return False

    def _watch(self, t):
        self._watched[id(t)] = t

    def watch(self, tensor):
        for t in _flatten(tensor):
            if t._data.dtype.kind in "fc":
                self._watch(t)

    def watched_variables(self):
        return tuple(t for t in self._watched.values() if isinstance(t, Variable))

    def reset(self):
        self._watched = {}
        self._used = False

    class _StopRecording:
        def __init__(self, tape):
            self.tape = tape

        def __enter__(self):
            self.prev = self.tape._paused
            self.tape._paused = True

        def __exit__(self, *exc):
            self.tape._paused = self.prev
            return False

    def stop_recording(self):
        return GradientTape._StopRecording(self)

    def _differentiate(self, targets, seeds, sources, retain):
        # With an outer tape recording, the backward pass itself is recorded (higher order).
        outer = any(t is not self and not t._paused for t in tapes.tapes)
        if outer:
            seeds = [EagerTensor._wrap(s) if not isinstance(s, Tensor) else s for s in seeds]
        paused = self._paused
        self._paused = True          # this tape never records its own gradient computation
        try:
            return autodiff.backprop(targets, seeds, sources, retain_graph=retain or outer,
                                     create_graph=outer, accept=lambda n: self in n.tag)
        finally:
            self._paused = paused

    def _check_use(self):
        if not self._persistent and (self._used or not self._entered):
            raise RuntimeError(_REUSED)
        self._used = True

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(sum of target)/d(sources), shaped like `sources` (None where unconnected)."""
        self._check_use()
        targets = [_read(t) for t in _flatten(target)]
        flat_sources = _flatten(sources)
        if output_gradients is None:
            seeds = [autodiff.ones_seed(t) for t in targets]
        else:
            seeds = [convert_to_tensor(g)._data for g in _flatten(output_gradients)]
            for t, g in zip(targets, seeds):
                if g.shape != t._data.shape:
                    raise errors.incompatible_shapes("Mul", g.shape, t._data.shape)
        grads = self._differentiate(targets, seeds, flat_sources, self._persistent)
        out = []
        for s, g in zip(flat_sources, grads):
            if g is None:
                if unconnected_gradients in ("zero", UnconnectedGradients.ZERO):
                    g = backend.xp.zeros_like(s._data)
                else:
                    out.append(None)
                    continue
            out.append(g if isinstance(g, Tensor) else EagerTensor._wrap(g))
        return _pack(sources, out)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """d target[i] / d sources, shaped target.shape + source.shape."""
        self._check_use()
        y = _read(target)
        flat_sources = _flatten(sources)
        n = int(y._data.size)
        rows = [[] for _ in flat_sources]
        for i in builtins.range(n):
            seed = backend.xp.zeros(n, dtype=y._data.dtype)
            seed[i] = 1
            grads = self._differentiate([y], [seed.reshape(y._data.shape)], flat_sources, True)
            for k, (s, g) in enumerate(zip(flat_sources, grads)):
                g = backend.xp.zeros_like(s._data) if g is None else g
                rows[k].append(g._data if isinstance(g, Tensor) else g)
        out = []
        for s, r in zip(flat_sources, rows):
            arr = backend.xp.stack(r) if r else backend.xp.zeros((0,) + s._data.shape)
            out.append(EagerTensor._wrap(arr.reshape(y._data.shape + s._data.shape)))
        return _pack(sources, out)


# ----- the math and shape names the book uses (issue 5) -----
_NUMBER_KERNELS = ("bfloat16", "half", "float", "double", "int8", "int16", "int32", "int64")


def _like(value, dtype):
    """A Python/NumPy value converted to `dtype` as TF's op conversion does: a float given for
    an integer input raises TF's TypeError."""
    if isinstance(value, Tensor):
        return _read(value)
    arr = numpy.asarray(value)
    if dtype.kind in "iub" and arr.dtype.kind == "f":
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    return EagerTensor._wrap(backend.xp.asarray(arr, dtype=dtype))


def _pair(op, x, y):
    """Two inputs of one dtype T (TF ops do not promote, NumPy behaviour or not)."""
    if not isinstance(x, Tensor) and isinstance(y, Tensor):
        y = _read(y)
        x = _like(x, y._data.dtype)
    else:
        x = _read(convert_to_tensor(x))
        y = _like(y, x._data.dtype)
    if x._data.dtype != y._data.dtype:
        raise errors.wrong_input_type(op, x._data.dtype.name, y._data.dtype.name)
    return x, y


def _take_where(op, winner):
    """maximum/minimum with TF's gradient: all of g to x where x wins or ties, else to y (torch
    splits ties half/half, so this is a where() over the engine's comparison, not ew.maximum)."""
    def f(x, y, name=None):
        a, b = _pair(op, x, y)
        try:
            return ew.where(winner(a, b), a, b)
        except ValueError:
            raise errors.incompatible_shapes(op, a._data.shape, b._data.shape) from None
    return f


maximum = _take_where("Maximum", ew.greater_equal)
minimum = _take_where("Minimum", ew.less_equal)


def pow(x, y, name=None):
    a, b = _pair("Pow", x, y)
    return ew.power(a, b)


def square(x, name=None):
    t = _read(convert_to_tensor(x))
    return ew.mul(t, t)


def abs(x, name=None):
    return ew.abs(_read(convert_to_tensor(x)))


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    x = _read(convert_to_tensor(t))
    lo, hi = _like(clip_value_min, x._data.dtype), _like(clip_value_max, x._data.dtype)
    return ew.clip(x, lo, hi)


def _float_only(prim, op, kernels=_FLOAT_KERNELS):
    def f(x, name=None, **params):
        t = _read(convert_to_tensor(x))
        if t._data.dtype.kind not in "fc":
            raise errors.not_allowed(op, t._data.dtype.name, kernels)
        return prim(t, **params)
    return f


sigmoid = _float_only(ew.sigmoid, "Sigmoid")


def relu(features, name=None):
    return ew.relu(_read(convert_to_tensor(features)))


def softmax(logits, axis=None, name=None):
    t = _read(convert_to_tensor(logits))
    if t._data.dtype.kind != "f":
        e = errors.not_allowed("Softmax", t._data.dtype.name, ("half", "bfloat16", "float", "double"))
        # Softmax's op signature names its ports logits/softmax, not x/y
        raise errors.InvalidArgumentError(None, None, e.message.replace(
            "signature=x:T -> y:T", "signature=logits:T -> softmax:T")) from None
    return nn_ops.softmax(t, axis=-1 if axis is None else axis)


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    return reduce.var(_read(convert_to_tensor(input_tensor)), axis=_axis(axis), keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    return reduce.std(_read(convert_to_tensor(input_tensor)), axis=_axis(axis), keepdims=keepdims)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    t = _read(convert_to_tensor(x))
    out = reduce.cumsum(t, axis=axis, reverse=reverse, dtype=t._data.dtype)
    if exclusive:           # each sum without its own element
        out = ew.sub(out, t)
    return out


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    x = _read(convert_to_tensor(input_tensor))
    return reduce.prod(x, axis=_axis(axis), keepdims=keepdims, dtype=x._data.dtype)


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    return reduce.any(_read(convert_to_tensor(input_tensor)), axis=_axis(axis), keepdims=keepdims)


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    return reduce.all(_read(convert_to_tensor(input_tensor)), axis=_axis(axis), keepdims=keepdims)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):
    """Vector norms over all elements (axis None) or one axis; matrix norms over an axis pair."""
    x = _read(convert_to_tensor(tensor))
    if x._data.dtype.kind not in "fc":            # TF's norm ends in a Sqrt, float kernels only
        raise errors.not_allowed("Sqrt", x._data.dtype.name, _FLOAT_KERNELS)
    keep = builtins.bool(keepdims)
    p = 2 if ord in ("euclidean", "fro") else ord
    pair = isinstance(axis, (list, tuple)) and len(axis) == 2
    if p == 2 and not (pair and ord == 2):
        # TF's composite sqrt(sum(x * x)): its gradient at a zero norm is NaN (torch's is 0)
        return ew.sqrt(reduce.sum(ew.mul(x, x), axis=_axis(axis), keepdims=keep))
    if pair:
        return linalg.norm(x, "fro" if ord in ("euclidean", "fro") else ord, axis=tuple(axis),
                           keepdims=keep)
    ax = axis[0] if isinstance(axis, (list, tuple)) else axis
    return reduce.vector_norm(x, p, axis=ax, keepdims=keep)


def tensordot(a, b, axes, name=None):
    x, y = _pair("MatMul", a, b)
    if not isinstance(axes, builtins.int) and len(axes) == 2 and \
            all(isinstance(v, builtins.int) for v in axes):     # [i, j]: one axis each
        axes = ([axes[0]], [axes[1]])
    return linalg.tensordot(x, y, axes)


def matvec(a, b, transpose_a=False, name=None):
    x, v = _pair("MatMul", a, b)
    if transpose_a:
        x = shape_ops.transpose(x, tuple(builtins.range(x._data.ndim - 2)) +
                                (x._data.ndim - 1, x._data.ndim - 2))
    return shape_ops.squeeze(linalg.matmul(x, shape_ops.expand_dims(v, -1)), -1)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    idx = _read(convert_to_tensor(indices))._data
    dt = _dtypes.to_numpy_dtype(dtype) if dtype is not None else numpy.dtype(numpy.float32)
    # -1 and out-of-range indices give all-off rows, as TF's
    hot = numpy.asarray(backend.to_numpy(idx))[..., None] == numpy.arange(depth)
    on = 1 if on_value is None else on_value
    off = 0 if off_value is None else off_value
    out = numpy.where(hot, on, off).astype(dt)
    if axis is not None and axis != -1:
        out = numpy.moveaxis(out, -1, axis)
    return EagerTensor._wrap(backend.xp.asarray(out))


def shape(input, out_type=_dtypes.int32, name=None):
    x = _read(convert_to_tensor(input))
    return EagerTensor._wrap(backend.xp.asarray(x._data.shape, dtype=_dtypes.to_numpy_dtype(out_type)))


def rank(input, name=None):
    return EagerTensor._wrap(numpy.asarray(_read(convert_to_tensor(input))._data.ndim, dtype=numpy.int32))


def boolean_mask(tensor, mask, axis=None, name=None):
    x = _read(convert_to_tensor(tensor))
    m = numpy.asarray(backend.to_numpy(_read(convert_to_tensor(mask))._data))
    lead = (slice(None),) * (0 if axis is None else axis)
    return shape_ops.getitem(x, lead + (backend.xp.asarray(m),))


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    x = _read(convert_to_tensor(params))
    idx = indices._data if isinstance(indices, Tensor) else backend.xp.asarray(indices)
    ax = 0 if axis is None else axis
    return shape_ops.getitem(x, (slice(None),) * (ax % x._data.ndim) + (idx,))


def expand_dims(input, axis, name=None):
    return shape_ops.expand_dims(_read(convert_to_tensor(input)), axis)


def squeeze(input, axis=None, name=None):
    ax = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    return shape_ops.squeeze(_read(convert_to_tensor(input)), ax)


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    x = _read(convert_to_tensor(tensor))
    widths = tuple(tuple(builtins.int(v) for v in p) for p in
                   numpy.asarray(paddings._data if isinstance(paddings, Tensor) else paddings))
    return shape_ops.pad(x, widths, value=constant_values)


def fill(dims, value, name=None):
    v = convert_to_tensor(value)
    return EagerTensor._wrap(backend.xp.full(tuple(dims), v._data, dtype=v._data.dtype))


def eye(num_rows, num_columns=None, batch_shape=None, dtype=_dtypes.float32, name=None):
    return EagerTensor._wrap(backend.xp.eye(num_rows, num_columns,
                                            dtype=_dtypes.to_numpy_dtype(dtype)))


def linspace(start, stop, num, name=None, axis=0):
    """float32 for float32 bounds; NumPy behaviour's Python ints make float64."""
    a, b = convert_to_tensor(start), convert_to_tensor(stop)
    dt = numpy.promote_types(a._data.dtype, b._data.dtype)
    if dt.kind not in "fc":
        dt = numpy.dtype(numpy.float64)
    return EagerTensor._wrap(backend.xp.linspace(a._data, b._data, num).astype(dt))


def where(condition, x=None, y=None, name=None):
    c = _read(convert_to_tensor(condition))
    if x is None and y is None:             # the coordinates of the true elements, int64
        return EagerTensor._wrap(backend.xp.argwhere(c._data).astype(numpy.int64))
    a, b = _pair("SelectV2", x, y)
    return ew.where(c._data, a, b)


def split(value, num_or_size_splits, axis=0, num=None, name=None):
    x = _read(convert_to_tensor(value))
    n = x._data.shape[axis]
    size = n // num_or_size_splits if isinstance(num_or_size_splits, builtins.int) \
        else list(num_or_size_splits)
    return shape_ops.split(x, size, axis=axis)


def tile(input, multiples, name=None):
    return shape_ops.tile(_read(convert_to_tensor(input)), tuple(multiples))


def reverse(tensor, axis, name=None):
    return shape_ops.flip(_read(convert_to_tensor(tensor)), axis=tuple(axis))


def _math_names():
    names = dict(log=log, exp=exp, sin=sin, cos=cos, tanh=tanh, sqrt=sqrt, multiply=multiply,
                 add=add, reduce_sum=reduce_sum, reduce_mean=reduce_mean, reduce_max=reduce_max,
                 reduce_min=reduce_min, reduce_prod=reduce_prod, reduce_any=reduce_any,
                 reduce_all=reduce_all, reduce_std=reduce_std,
                 reduce_variance=reduce_variance, abs=abs, maximum=maximum, minimum=minimum, pow=pow,
                 square=square, sigmoid=sigmoid, cumsum=cumsum, argmax=argmax, argmin=argmin)
    for k, v in names.items():
        setattr(_Math, k, staticmethod(v))


_math_names()


class _NN:
    """tf.nn: the activations the book calls directly."""
    relu = staticmethod(relu)
    sigmoid = staticmethod(sigmoid)
    softmax = staticmethod(softmax)


class _Linalg:
    """tf.linalg: the names the book uses from it."""
    matvec = staticmethod(matvec)
    matmul = staticmethod(matmul)
    norm = staticmethod(norm)


nn = _NN()
linalg_ns = _Linalg()
