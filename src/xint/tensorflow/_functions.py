"""The tf.* namespace functions and GradientTape."""
import builtins
import enum
import functools
import logging
from sys import getrefcount

import numpy

from .. import backend
from ..core import autodiff
from ..core import explain as _explain
from ..core.refs import REUSE_TEMPORARIES
from ..core.tensor import Tensor
from ..ops import elementwise as ew
from ..ops import linalg, nn as nn_ops, reduce, shape as shape_ops
from ..ops.registry import apply_into
from . import _dtypes, errors
from ._tensor import EagerTensor, Variable, _holds_tensor, _operands, tapes
from ._tensor import matmul as _matmul


def _read(x):
    return x._read() if isinstance(x, Variable) else x


def _eager(x):
    """An op's tensor argument: an eager tensor as it is (the training loop's case: no
    conversion), anything else converted, a variable read."""
    return x if type(x) is EagerTensor else _read(convert_to_tensor(x))


def _unwrap(x):
    """A keras Variable (which keeps its tf.Variable in `_tf_var`) as that tf.Variable; anything
    else unchanged. Callers skip tensors (a failed attribute lookup raises and catches: slow)."""
    return getattr(x, "_tf_var", x)


def convert_to_tensor(value, dtype=None, dtype_hint=None):
    """Python floats become float32, ints int32; NumPy arrays keep their dtype."""
    if not isinstance(value, Tensor):
        value = _unwrap(value)
    if isinstance(value, Tensor):
        t = _read(value)
        if dtype is None or _dtypes.to_numpy_dtype(dtype) == t._data.dtype:
            return t
        want = _dtypes.FROM_NUMPY[_dtypes.to_numpy_dtype(dtype)].name
        raise ValueError(f"Tensor conversion requested dtype {want} for Tensor with dtype "
                         f"{t.dtype.name}: {t!r}")
    if isinstance(value, (list, tuple)) and _holds_tensor(value):
        # a list holding tensors is packed (tf.stack), so gradients flow through it
        parts = [convert_to_tensor(v, dtype=dtype) for v in value]
        first = parts[0]._data.dtype
        for i, p in enumerate(parts):
            if p._data.dtype != first:
                raise errors.InvalidArgumentError(None, None, (
                    f"cannot compute Pack as input #{i}(zero-based) was expected to be a "
                    f"{errors.type_word(first)} tensor but is a "
                    f"{errors.type_word(p._data.dtype)} tensor [Op:Pack] name: packed"))
        return shape_ops.stack(*parts, axis=0)
    if isinstance(value, (numpy.ndarray, numpy.generic)):
        arr = value
    else:
        arr = numpy.asarray(value)
        if arr.dtype.kind == "U" and not isinstance(value, str) and arr.ndim and \
                builtins.any(not isinstance(v, str) for v in numpy.ravel(numpy.asarray(value, object))):
            raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
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
    lone = not isinstance(shape, (list, tuple, Tensor))
    if isinstance(shape, Tensor):
        shape = numpy.asarray(backend.to_numpy(shape._data)).reshape(-1).tolist()
    elif lone:
        shape = (shape,)                        # a lone int: a 1-D shape, as TF reads it
    try:
        return shape_ops.reshape(x, tuple(shape))
    except ValueError:
        want = 1
        for n in shape:
            want *= n if n != -1 else 1
        need = "requires a multiple of" if -1 in shape else "has"
        # TF's eager fast path (a lone int) adds " name: " to the text
        raise errors.InvalidArgumentError(None, None, errors.wrapped(
            "Reshape", f"Input to reshape is a tensor with {x._data.size} values, but the "
                       f"requested shape {need} {want}", name=lone)) from None


def transpose(a, perm=None):
    x = _read(convert_to_tensor(a))
    if perm is not None:
        n = x._data.ndim
        for p in perm:
            if not 0 <= p < n:
                raise errors.InvalidArgumentError(None, None, errors.wrapped(
                    "Transpose", f"{p} is out of range [0 .. {n})", name=False))
    return shape_ops.transpose(x, None if perm is None else tuple(perm))


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False,
           name=None):
    # adjoint = transpose for the real dtypes xint has; tensors and variables go as they are
    # (_matmul reads variables)
    return _matmul(a if isinstance(a, Tensor) else convert_to_tensor(a),
                   b if isinstance(b, Tensor) else convert_to_tensor(b), False,
                   transpose_a or adjoint_a, transpose_b or adjoint_b)


def add_n(inputs, name=None):
    """The sum of same-shaped, same-dtype tensors (a tensor counts as the list of its rows)."""
    if isinstance(inputs, Tensor) or hasattr(inputs, "_tf_var"):
        x = _read(convert_to_tensor(inputs))
        inputs = [shape_ops.getitem(x, i) for i in builtins.range(x._data.shape[0])] \
            if x._data.ndim else []
    parts = [_read(convert_to_tensor(v)) for v in inputs]
    if not parts:
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with "
                         "the same dtype and shape.")
    out = parts[0]
    for i, p in enumerate(parts[1:], 1):
        if p._data.dtype != out._data.dtype:
            raise errors.InvalidArgumentError(None, None, (
                f"cannot compute AddN as input #{i}(zero-based) was expected to be a "
                f"{errors.type_word(out._data.dtype)} tensor but is a "
                f"{errors.type_word(p._data.dtype)} tensor [Op:AddN] name: "))
        if p._data.shape != parts[0]._data.shape:
            raise errors.InvalidArgumentError(None, None, (
                f"{{{{function_node __wrapped__AddN_N_{len(parts)}{errors._DEVICE}}}}} Inputs to "
                f"operation AddN of type AddN must have the same size and shape.  Input 0: "
                f"{errors.dims(parts[0]._data.shape)} != input {i}: {errors.dims(p._data.shape)}"
                " [Op:AddN] name: "))
        out = ew.add(out, p)
    return out


def concat(values, axis, name="concat"):
    parts = [_read(convert_to_tensor(v)) for v in values]
    s0 = parts[0]._data.shape if parts else ()
    for i, p in enumerate(parts[1:], 1):
        s = p._data.shape
        if len(s) != len(s0):
            why = "Ranks of all input tensors should match"
        else:
            ax = axis % len(s0) if s0 else 0
            bad = [d for d in builtins.range(len(s0)) if d != ax and s0[d] != s[d]]
            if not bad:
                continue
            why = f"Dimension {bad[0]} in both shapes must be equal"
        raise errors.InvalidArgumentError(None, None, (
            f"{{{{function_node __wrapped__ConcatV2_N_{len(parts)}{errors._DEVICE}}}}} ConcatOp : "
            f"{why}: shape[0] = {errors.dims(s0)} vs. shape[{i}] = {errors.dims(s)} "
            f"[Op:ConcatV2] name: {name}"))
    return shape_ops.concat(*parts, axis=axis)


def stack(values, axis=0, name="stack"):
    parts = [_read(convert_to_tensor(v)) for v in values]
    for i, p in enumerate(parts[1:], 1):
        if p._data.shape != parts[0]._data.shape:
            raise errors.InvalidArgumentError(None, None, (
                f"{{{{function_node __wrapped__Pack_N_{len(parts)}{errors._DEVICE}}}}} Shapes of "
                f"all inputs must match: values[0].shape = {errors.dims(parts[0]._data.shape)} != "
                f"values[{i}].shape = {errors.dims(p._data.shape)} [Op:Pack] name: {name}"))
    return shape_ops.stack(*parts, axis=axis)


def _check_axis(op, x, axis):
    """TF's error for a reduction axis outside [-ndim, ndim)."""
    n = x._data.ndim
    for a in (axis if isinstance(axis, (list, tuple)) else () if axis is None else (axis,)):
        if not -n <= builtins.int(a) < builtins.max(n, 1):
            raise errors.InvalidArgumentError(None, None, errors.wrapped(
                op, f"Invalid reduction dimension ({a} for input with {n} dimension(s)",
                name=not isinstance(axis, (list, tuple))))


_SUM_TYPES = ("float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, "
              "bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64")


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    x = _read(convert_to_tensor(input_tensor))
    _check_axis("Sum", x, axis)
    if x._data.dtype.kind == "b":
        kinds = ", ".join("DT_" + w.strip().upper() for w in _SUM_TYPES.split(","))
        raise errors.InvalidArgumentError(None, None, (
            f"Value for attr 'T' of bool is not in the list of allowed values: {_SUM_TYPES}\n"
            "\t; NodeDef: {{node Sum}}; Op<name=Sum; signature=input:T, reduction_indices:Tidx "
            "-> output:T; attr=keep_dims:bool,default=false; "
            f"attr=T:type,allowed=[{kinds}]; attr=Tidx:type,default=DT_INT32,allowed=[DT_INT32, "
            "DT_INT64]> [Op:Sum] name: "))
    return reduce.sum(x, axis=_axis(axis), keepdims=keepdims,
                      dtype=x._data.dtype if x._data.dtype.kind in "iub" else None)


def reduce_mean(input_tensor, axis=None, keepdims=False):
    x = _eager(input_tensor)
    if axis is not None:
        _check_axis("Mean", x, axis)
        axis = _axis(axis)
    out = reduce.mean(x, axis=axis, keepdims=keepdims)
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
    reuse = REUSE_TEMPORARIES and prim.into is not None

    def f(x, name=None):
        if reuse and getrefcount(x) == 2:             # a temporary (core.refs)
            out = apply_into(prim, EagerTensor, (x,), 0)
            if out is not None:
                return out
        t = _eager(x)
        if t._data.dtype.kind not in "fc":
            raise errors.not_allowed(op, t._data.dtype.name, _FLOAT_KERNELS)
        return prim(t)
    f.__name__ = prim.name
    return f


exp, log, sin, cos = (_float_op(p) for p in (ew.exp, ew.log, ew.sin, ew.cos))
tanh, sqrt = _float_op(ew.tanh), _float_op(ew.sqrt)


def _same_type(prim, op):
    """tf.add and friends: both inputs of one dtype, broadcast (no promotion, as TF's kernels)."""
    def f(x, y, name=None):
        a, b = _pair(op, x, y)
        try:
            return prim(a, b)
        except ValueError:
            raise errors.incompatible_shapes(op, a._data.shape, b._data.shape) from None
    f.__name__ = prim.name
    return f


def multiply(x, y, name=None):
    return _mul(x, y)


def add(x, y, name=None):
    return _add(x, y)


def subtract(x, y, name=None):
    return _sub(x, y)


def cast(x, dtype):
    return ew.cast(_read(convert_to_tensor(x)), _dtypes.to_numpy_dtype(dtype))


def size(input):
    return EagerTensor._wrap(numpy.asarray(input._data.size, dtype=numpy.int32))


def stop_gradient(input):
    """The same values, cut from every tape."""
    t = _read(convert_to_tensor(input))
    return _explain.cut(EagerTensor._wrap(t._data), t)


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


class UnconnectedGradients(enum.Enum):
    NONE = "none"
    ZERO = "zero"

    def __str__(self):
        return f"UnconnectedGradients.{self.name}"


def _unconnected(value):
    if value is UnconnectedGradients.NONE or value is UnconnectedGradients.ZERO:
        return value                  # (the Enum call costs microseconds per gradient)
    try:
        return UnconnectedGradients(value)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: {value!r}") from None


_LOG = logging.getLogger("tensorflow")
_INSIDE = ("Calling GradientTape.gradient on a persistent tape inside its context is "
           "significantly less efficient than calling it outside the context (it causes the "
           "gradient ops to be recorded on the tape, leading to increased CPU and memory usage). "
           "Only call GradientTape.gradient inside the context if you actually want to trace "
           "the gradient in order to compute higher order derivatives.")


_REUSED = ("A non-persistent GradientTape can only be used to compute one set of gradients "
           "(or jacobians)")


def _flat(structure):
    """Whether `structure` is a plain list or tuple of tensors (no nesting to walk)."""
    if type(structure) not in (list, tuple):
        return False
    for t in structure:               # a loop, not all(genexpr): no generator per call
        if not isinstance(t, Tensor):
            return False
    return True


def _flatten(structure):
    """Sources/targets as TF accepts them: a tensor, or a (nested) list/tuple/dict of them."""
    if isinstance(structure, Tensor):
        return [structure]
    if _flat(structure):
        return list(structure)        # the common case: a flat list of variables
    if isinstance(structure, dict):
        return [t for k in structure for t in _flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [t for s in structure for t in _flatten(s)]
    return [structure if isinstance(structure, Tensor) else _unwrap(structure)]


def _pack(structure, flat):
    if isinstance(structure, Tensor):
        return flat[0]
    if _flat(structure):
        return type(structure)(flat)
    return _build(structure, iter(flat))


def _build(s, it):
    # a module-level function: a recursive closure would be a reference cycle holding the
    # gradients until the cyclic GC ran (a step's gradients kept alive per training step)
    if isinstance(s, dict):
        return {k: _build(s[k], it) for k in s}
    if isinstance(s, (list, tuple)):
        return type(s)(_build(x, it) for x in s)
    return next(it)


class GradientTape:
    """Records operations on watched tensors while active; `gradient` differentiates them."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed = watch_accessed_variables
        self._watched = {}
        self._reads = {}             # id(variable) -> the reads of it this tape watches
        self._paused = False
        self._used = False
        self._entered = False
        self._token = object()       # what the nodes this tape records are tagged with
        self._tag = (self._token,)   # the tag of the nodes only this tape records

    def __enter__(self):
        self._entered = True
        tapes.tapes.append(self)
        tapes.recording = True
        return self

    def __exit__(self, *exc):
        if self in tapes.tapes:
            tapes.tapes.remove(self)
            tapes.recording = bool(tapes.tapes)
        return False

    def _watch(self, t):
        self._watched[id(t)] = t

    def _forget_reads(self):
        for reads in self._reads.values():
            for t in reads:
                self._watched.pop(id(t), None)
        self._reads = {}

    def watch(self, tensor):
        for t in _flatten(tensor):
            if not isinstance(t, Tensor):
                raise ValueError(f"Passed in object {t!r} of type {type(t).__name__!r}, not "
                                 "tf.Tensor or tf.Variable or ExtensionType.")
            if t._data.dtype.kind in "fc":
                self._watch(t)

    def watched_variables(self):
        return tuple(t for t in self._watched.values() if isinstance(t, Variable))

    def reset(self):
        self._watched = {}
        self._reads = {}
        self._used = False
        self._token = object()
        self._tag = (self._token,)

    class _StopRecording:
        def __init__(self, tape):
            self.tape = tape

        def __enter__(self):
            if self.tape not in tapes.tapes:
                raise ValueError("Tape is not recording.")
            self.prev = self.tape._paused
            self.tape._paused = True

        def __exit__(self, *exc):
            self.tape._paused = self.prev
            return False

    def stop_recording(self):
        return GradientTape._StopRecording(self)

    def _differentiate(self, targets, seeds, sources, retain):
        # With a tape recording (an outer one, or a persistent tape asked inside its own
        # context), the backward pass itself is recorded (higher order), as TF does.
        own = self._persistent and self in tapes.tapes
        outer = False
        for t in tapes.tapes:
            if (t is not self or own) and not t._paused:
                outer = True
        if outer:
            seeds = [EagerTensor._wrap(s) if not isinstance(s, Tensor) else s for s in seeds]
        # only what this tape watched or recorded is a source: an unwatched constant that met a
        # watched value in an op still gets None, as in TF
        tok = self._token
        watched, reads = self._watched, self._reads
        # a variable's gradient is the sum over its reads (and the variable itself, should an op
        # have taken it directly)
        groups = [([s] + reads.get(id(s), ()) if isinstance(s, Variable) else [s])
                  if id(s) in watched or (s.node is not None and tok in s.node.tag) else None
                  for s in sources]
        paused = self._paused
        self._paused = self._paused or not own
        try:
            grads = iter(autodiff.backprop(targets, seeds, [t for g in groups if g for t in g],
                                           retain_graph=retain or outer, create_graph=outer,
                                           accept=lambda n: tok in n.tag,
                                           drop=None if own else self._tag))
        finally:
            self._paused = paused
        out = []
        for group in groups:
            total = None
            for _ in group or ():
                g = next(grads)
                if g is not None:
                    total = g if total is None else total + g
            out.append(total)
        return out

    def _release(self, targets):
        """A non-persistent tape is spent after one gradient: drop what only it recorded (the
        nodes' inputs and saved values), so a kept result (the loss) no longer holds the step's
        activations; a tensor then reads as unrecorded, as a real TF tensor does."""
        only = self._tag
        stack = [t.node for t in targets if t.node is not None and t.node.tag == only]
        while stack:
            n = stack.pop()
            parents = n.parents
            if not parents:           # done already (or a node without recorded parents)
                n.out, n.freed = None, True
                continue
            n.inputs = n.parents = ()
            n.out, n.freed = None, True
            for p in parents:
                if p is not None and p.tag == only:
                    stack.append(p)
        for t in targets:
            if t.node is not None and t.node.tag == only:
                t.node, t.requires_grad = None, False

    def _check_use(self):
        if not self._persistent and (self._used or not self._entered):
            _explain.enabled and _explain.note("tape-reused")
            raise RuntimeError(_REUSED)
        self._used = True

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(sum of target)/d(sources), shaped like `sources` (None where unconnected)."""
        self._check_use()
        unconnected_gradients = _unconnected(unconnected_gradients)
        if self._persistent and self in tapes.tapes and not self._paused:
            _LOG.warning(_INSIDE)
        # (one eager target, the usual loss: no flattening)
        targets = [target] if type(target) is EagerTensor else [_read(t) for t in _flatten(target)]
        flat_sources = _flatten(sources)
        for s in flat_sources:
            if not isinstance(s, Tensor):
                raise AttributeError(f"'{type(s).__name__}' object has no attribute 'dtype'")
        if output_gradients is None:
            seeds = [autodiff.ones_seed(t) for t in targets]
            _explain.enabled and [_explain.note("nonscalar:tensorflow", t) for t in targets]
        else:
            seeds = [convert_to_tensor(g)._data for g in _flatten(output_gradients)]
            for t, g in zip(targets, seeds):
                if g.shape != t._data.shape:
                    raise errors.incompatible_shapes("Mul", g.shape, t._data.shape)
        grads = self._differentiate(targets, seeds, flat_sources, self._persistent)
        if not self._persistent:
            self._release(targets)
            self._forget_reads()
        out = []
        for s, g in zip(flat_sources, grads):
            if g is None:
                if unconnected_gradients is UnconnectedGradients.ZERO:
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
        y = _read(_flatten(target)[0])
        flat_sources = _flatten(sources)
        n = int(y._data.size)
        rows = [[] for _ in flat_sources]
        connected = [False] * len(flat_sources)
        for i in builtins.range(n):
            seed = backend.xp.zeros(n, dtype=y._data.dtype)
            seed[i] = 1
            grads = self._differentiate([y], [seed.reshape(y._data.shape)], flat_sources, True)
            for k, (s, g) in enumerate(zip(flat_sources, grads)):
                connected[k] = connected[k] or g is not None
                g = backend.xp.zeros_like(s._data) if g is None else g
                rows[k].append(g._data if isinstance(g, Tensor) else g)
        out = []
        zero = _unconnected(unconnected_gradients) is UnconnectedGradients.ZERO
        for s, r, hit in zip(flat_sources, rows, connected):
            if not (hit or zero or n == 0):
                out.append(None)
                continue
            arr = backend.xp.stack(r) if r else backend.xp.zeros((0,) + s._data.shape)
            out.append(EagerTensor._wrap(arr.reshape(y._data.shape + s._data.shape)))
        return _pack(sources, out)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """d target[b, i…] / d source[b, j…] per example b: shape target.shape + source.shape[1:]
        (example b's outputs depend on example b's inputs only, as TF assumes)."""
        self._check_use()
        y, x = _read(_flatten(target)[0]), _flatten(source)[0]
        b = y._data.shape[0]
        if x._data.shape[0] != b:
            raise ValueError("Need first dimension of target shape "
                             f"({tuple(y._data.shape)}) and source shape "
                             f"({tuple(x._data.shape)}) to match.")
        inner = y._data.shape[1:]
        m = int(numpy.prod(inner, dtype=numpy.int64))
        rows = []
        for i in builtins.range(m):          # one backward pass per output position, all b at once
            seed = backend.xp.zeros((b, m), dtype=y._data.dtype)
            seed[:, i] = 1
            g, = self._differentiate([y], [seed.reshape(y._data.shape)], [x], True)
            g = backend.xp.zeros_like(x._data) if g is None else g
            rows.append(g._data if isinstance(g, Tensor) else g)
        arr = backend.xp.stack(rows, axis=1) if rows else backend.xp.zeros((b, 0) + x._data.shape[1:])
        return EagerTensor._wrap(arr.reshape(y._data.shape + x._data.shape[1:]))


class Function:
    """What tf.function returns: calls run eagerly (xint has no graph mode)."""

    def __init__(self, fn, **options):
        self.python_function, self._options = fn, options
        functools.update_wrapper(self, fn)

    def __call__(self, *args, **kwargs):
        return self.python_function(*args, **kwargs)

    def __get__(self, obj, objtype=None):
        return self if obj is None else functools.partial(self.__call__, obj)

    def __repr__(self):
        return (f"<tensorflow.python.eager.polymorphic_function.polymorphic_function.Function "
                f"object at {id(self):#x}>")


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, **options):
    """tf.function, as `@tf.function` or `@tf.function(...)`: the function runs eagerly."""
    if func is None:
        return lambda f: Function(f, jit_compile=jit_compile)
    return Function(func, jit_compile=jit_compile)


# ----- the math and shape names the book uses (issue 5) -----
def _late_binary():
    global _mul, _add, _sub
    _mul = _same_type(ew.mul, "Mul")
    _add = _same_type(ew.add, "AddV2")
    _sub = _same_type(ew.sub, "Sub")

_NUMBER_KERNELS = ("bfloat16", "half", "float", "double", "int8", "int16", "int32", "int64")


def _like(value, dtype):
    """A Python/NumPy value converted to `dtype` as TF's op conversion does: a float given for
    an integer input raises TF's TypeError."""
    if not isinstance(value, Tensor):
        value = _unwrap(value)
    if isinstance(value, Tensor):
        return _read(value)
    arr = numpy.asarray(value)
    if dtype.kind in "iub" and arr.dtype.kind == "f":
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    return EagerTensor._wrap(backend.xp.asarray(arr, dtype=dtype))


def _pair(op, x, y):
    """Two inputs of one dtype T (TF ops do not promote, NumPy behaviour or not)."""
    if not isinstance(x, Tensor):
        x = _unwrap(x)
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
    reuse = REUSE_TEMPORARIES and prim.into is not None

    def f(x, name=None, **params):
        if reuse and not params and getrefcount(x) == 2:     # a temporary (core.refs)
            out = apply_into(prim, EagerTensor, (x,), 0)
            if out is not None:
                return out
        t = _read(convert_to_tensor(x))
        if t._data.dtype.kind not in "fc":
            raise errors.not_allowed(op, t._data.dtype.name, kernels)
        return prim(t, **params)
    return f


sigmoid = _float_only(ew.sigmoid, "Sigmoid")


def relu(features, name=None):
    if REUSE_TEMPORARIES and getrefcount(features) == 2:     # a temporary (core.refs)
        out = apply_into(ew.relu, EagerTensor, (features,), 0)
        if out is not None:
            return out
    return ew.relu(_eager(features))


def softmax(logits, axis=None, name=None):
    t = _read(convert_to_tensor(logits))
    if t._data.dtype.kind != "f":
        e = errors.not_allowed("Softmax", t._data.dtype.name, ("half", "bfloat16", "float", "double"))
        # Softmax's op signature names its ports logits/softmax, not x/y
        raise errors.InvalidArgumentError(None, None, e.message.replace(
            "signature=x:T -> y:T", "signature=logits:T -> softmax:T")) from None
    n = t._data.ndim
    if axis is not None and not -n <= axis < n:
        raise errors.InvalidArgumentError(None, None, (
            f"`dim` must be in the range [{-n}, {n}) where {n} is the number of dimensions in "
            f"the input. Received: dim={axis}"))
    return nn_ops.softmax(t, axis=-1 if axis is None else axis)


_XENT = "SparseSoftmaxCrossEntropyWithLogits"
_INT32_64 = numpy.dtype(numpy.int32).char + numpy.dtype(numpy.int64).char
_XENT_SIGNATURE = (
    f"\t; NodeDef: {{{{node {_XENT}}}}}; Op<name={_XENT}; signature=features:T, labels:Tlabels "
    "-> loss:T, backprop:T; attr=T:type,allowed=[DT_HALF, DT_BFLOAT16, DT_FLOAT, DT_DOUBLE]; "
    f"attr=Tlabels:type,default=DT_INT64,allowed=[DT_INT32, DT_INT64]> [Op:{_XENT}] name: ")


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """Per-example softmax cross-entropy of integer class labels (the fused kernel)."""
    x = _eager(logits)
    y = labels if type(labels) is EagerTensor else convert_to_tensor(labels)
    xs, ys = tuple(x._data.shape), tuple(y._data.shape)
    if len(ys) != len(xs) - 1:
        raise ValueError("`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                         f"labels.shape={ys} of rank {len(ys)} and logits.shape={xs} of rank "
                         f"{len(xs)}")
    if ys != xs[:-1]:
        raise ValueError("`labels.shape` must equal `logits.shape` except for the last "
                         f"dimension. Received: labels.shape={ys} and logits.shape={xs}")
    lab = y._data
    if x._data.dtype.char not in "fd" or lab.dtype.char not in _INT32_64:   # float32/64, int32/64
        for attr, t, allowed in (("T", x, ("half", "bfloat16", "float", "double")),
                                 ("Tlabels", y, ("int32", "int64"))):
            word = errors.type_word(t._data.dtype)
            if word not in allowed:
                raise errors.InvalidArgumentError(None, None, (
                    f"Value for attr '{attr}' of {word} is not in the list of allowed values: "
                    f"{', '.join(allowed)}\n{_XENT_SIGNATURE}"))
    classes = xs[-1]
    if classes == 0:
        raise errors.InvalidArgumentError(None, None, errors.wrapped(
            _XENT, f"Must have at least one class, but got logits shape {errors.dims(xs)}"))
    if not shape_ops.labels_within(lab, classes):
        lo, hi = int(lab.min()), int(lab.max())
        bad = lo if lo < 0 else hi            # the kernel names the minimum when it is negative
        values = " ".join(str(v) for v in lab.ravel().tolist())
        raise errors.InvalidArgumentError(None, None, errors.wrapped(
            _XENT, f"Received a label value of {bad} which is outside the valid range of "
                   f"[0, {classes}).  Label values: {values}"))
    return nn_ops.label_xent(x, lab.astype(numpy.intp, copy=False), axis=len(xs) - 1)


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
    if m.dtype.kind != "b":
        m = m != 0        # a numeric mask (d2l's one_hot) is cast to bool, as TF does here
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
_late_binary()
_Math.subtract = staticmethod(subtract)


class _NN:
    """tf.nn: the activations the book calls directly."""
    relu = staticmethod(relu)
    sigmoid = staticmethod(sigmoid)
    softmax = staticmethod(softmax)
    sparse_softmax_cross_entropy_with_logits = staticmethod(
        sparse_softmax_cross_entropy_with_logits)
    tanh = staticmethod(tanh)


class _Linalg:
    """tf.linalg: the names the book uses from it."""
    matvec = staticmethod(matvec)
    matmul = staticmethod(matmul)
    norm = staticmethod(norm)


nn = _NN()
linalg_ns = _Linalg()
