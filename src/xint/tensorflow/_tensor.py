"""tf.Tensor (EagerTensor) and tf.Variable on the xint engine, with NumPy behaviour enabled
(as `tf.experimental.numpy.experimental_enable_numpy_behavior()` makes them)."""
import builtins
import sys
import threading

import numpy

from .. import backend
from ..core.refs import COUNTS_EXACT, REUSE_MIN_BYTES, REUSE_TEMPORARIES, called_by_syntax
from ..core.tensor import Tensor
from ..ops import elementwise as ew
from ..ops import linalg, shape as shape_ops
from ..ops.registry import apply, apply_into
from . import _dtypes, errors


class TensorShape(tuple):
    """tf.TensorShape: prints as `TensorShape([4, 1])`."""
    __slots__ = ()

    def __repr__(self):
        return f"TensorShape({list(self)})"

    def __str__(self):
        return tuple.__repr__(self)         # TF prints a shape as (2, 3)

    def __eq__(self, other):
        return tuple(self) == tuple(other) if isinstance(other, (tuple, list)) else NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = tuple.__hash__

    def as_list(self):
        return list(self)

    @property
    def rank(self):
        return len(self)


class TapePolicy(threading.local):
    """Records an op for each active tape that watches one of its inputs (directly, or through a
    tensor that tape recorded). The node's tag is the tuple of those tapes' tokens (a tape takes
    a new token on reset, which forgets what it recorded before)."""
    generic = False                   # the engine asks `record` (core.mode.RecordingPolicy)

    def __init__(self):
        self.tapes = []
        self.recording = False        # whether any tape is active (the engine asks this first)

    def record(self, args):
        tapes = self.tapes
        if not tapes:
            return None
        if len(tapes) == 1:           # the usual case: one tape, its tag made once
            tape = tapes[0]
            if tape._paused:
                return None
            watched, token = tape._watched, tape._token
            for a in args:
                if isinstance(a, Tensor) and (id(a) in watched or
                                              (a.node is not None and token in a.node.tag)):
                    return tape._tag
            return None
        hits = []
        for tape in tapes:
            if tape._paused:
                continue
            for a in args:
                if isinstance(a, Tensor) and (id(a) in tape._watched or
                                              (a.node is not None and tape._token in a.node.tag)):
                    hits.append(tape._token)
                    break
        return tuple(hits) or None


tapes = TapePolicy()


def _numpy_text(a):
    """The `numpy=` part of TF's repr: NumPy's repr, or a Python scalar's for 0-d values."""
    if a.ndim == 0:
        return repr(a.item())
    return repr(a)


def _operands(a, b):
    """NumPy-behaviour promotion: NumPy's rules, Python scalars weakly typed."""
    if isinstance(a, Variable):
        a = a._read()
    if isinstance(b, Variable):
        b = b._read()
    if not isinstance(a, EagerTensor):
        b, a = _operands(b, a)
        return a, b
    da = a._data.dtype
    if isinstance(b, Tensor):
        db = b._data.dtype
        if da == db:
            return a, b
        dt = numpy.promote_types(da, db)
        return (a if da == dt else ew.cast(a, dt)), (b if db == dt else ew.cast(b, dt))
    if type(b) in (builtins.bool, builtins.int, builtins.float):    # NumPy scalars are strong
        if da.kind in "fc" or not isinstance(b, builtins.float):
            # a Python number stays one where NumPy treats it weakly: on arrays; 0-d data under
            # NumPy 1.x would be widened by it, so there it becomes a scalar of the array's dtype
            return a, (b if a._data.ndim else da.type(b))
        dt = numpy.dtype(numpy.float64)
        return ew.cast(a, dt), dt.type(b)
    if isinstance(b, (numpy.ndarray, numpy.generic)):
        return _operands(a, EagerTensor._wrap(backend.xp.asarray(b)))
    if isinstance(b, (list, tuple)) and _holds_tensor(b):
        # TF packs a list of tensors (tf.stack: differentiable), e.g. `loss + net.losses`
        from ._functions import convert_to_tensor
        return _operands(a, convert_to_tensor(b))
    inner = getattr(b, "_tf_var", None)         # a keras Variable: its tf.Variable
    if inner is not None:
        return _operands(a, inner)
    return a, b


def _holds_tensor(seq):
    """Whether a (nested) list/tuple holds a tensor or keras variable anywhere."""
    return builtins.any(isinstance(v, Tensor) or hasattr(v, "_tf_var") or
                        (isinstance(v, (list, tuple)) and _holds_tensor(v)) for v in seq)


def _axes(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _shape(v):
    return tuple(v._data.shape) if isinstance(v, Tensor) else ()


def _binary(prim, reflected=False):
    op_name = errors.OP_NAMES[prim.name]
    comparison = prim.name in ("equal", "not_equal")
    reuse = REUSE_TEMPORARIES and prim.into is not None

    def op(self, other):
        if reuse:
            # NOTE: an operand that only this expression holds (refs: the interpreter's stack,
            # this frame, getrefcount's argument) lends its array to the result, as NumPy's
            # temporary elision does (core.refs, registry.apply_into)
            k = None
            if sys.getrefcount(self) == 3 and self._data.nbytes >= REUSE_MIN_BYTES:
                k = 1 if reflected else 0
            elif (isinstance(other, Tensor) and sys.getrefcount(other) == 3
                    and other._data.nbytes >= REUSE_MIN_BYTES):
                k = 0 if reflected else 1
            if k is not None and called_by_syntax():
                # variables as the tape sees them: watched reads (kept for the path below)
                if isinstance(self, Variable):
                    self = self._read()
                if isinstance(other, Variable):
                    other = other._read()
                out = apply_into(prim, EagerTensor, (other, self) if reflected else (self, other),
                                 k)
                if out is not None:
                    return out
        if type(other) is builtins.float and type(self) is EagerTensor:
            d = self._data
            if d.ndim and d.dtype.kind in "fc":
                # the hot case (x * 1.5): a Python float neither changes a float tensor's dtype
                # nor fails to broadcast, so skip _operands and the primitive's Tensor search
                return apply(prim, EagerTensor, (other, self) if reflected else (self, other), {})
        x = self._read() if isinstance(self, Variable) else self
        a, b = _operands(x, other)
        if reflected:
            a, b = b, a
        try:
            return prim(a, b)
        except ValueError:
            if comparison:         # TF's == / != on shapes that do not broadcast: a plain bool
                return EagerTensor._wrap(numpy.asarray(prim.name == "not_equal"))
            raise errors.incompatible_shapes(op_name, _shape(a), _shape(b)) from None
    return op


def _swap_last(x):
    n = x._data.ndim
    return shape_ops.transpose(x, tuple(range(n - 2)) + (n - 1, n - 2))


def matmul(a, b, promote, transpose_a=False, transpose_b=False):
    """tf.matmul (no promotion: InvalidArgumentError) and `@` (NumPy promotion); TF's shape
    errors (a ValueError from `@`, which goes through tf.experimental.numpy)."""
    if promote:
        a, b = _operands(a, b)
    else:
        a = a._read() if isinstance(a, Variable) else a
        b = b._read() if isinstance(b, Variable) else b
        if a._data.dtype != b._data.dtype:
            raise errors.wrong_input_type("MatMul", a._data.dtype.name, b._data.dtype.name)
    sa, sb = a._data.shape, b._data.shape
    if len(sa) >= 2 and len(sb) >= 2 and \
            sa[-2 if transpose_a else -1] != sb[-1 if transpose_b else -2]:
        # TF names the operands' own shapes, before the transposes
        # batched operands go to TF's BatchMatMulV2 kernel
        op = "BatchMatMulV2" if len(sa) > 2 or len(sb) > 2 else "MatMul"
        text = errors.wrapped(op, f"Matrix size-incompatible: In[0]: {errors.dims(sa)}, "
                                  f"In[1]: {errors.dims(sb)}")
        raise ValueError(text) if promote else errors.InvalidArgumentError(None, None, text)
    return linalg.matmul(_swap_last(a) if transpose_a else a, _swap_last(b) if transpose_b else b)


class _TensorLike(Tensor):
    """What tf.Tensor and tf.Variable share: shape, dtype, host conversion, operators."""
    __slots__ = ()
    _policy = tapes

    @property
    def shape(self):
        return TensorShape(self._data.shape)

    @property
    def dtype(self):
        return _dtypes.FROM_NUMPY[self._data.dtype]

    @property
    def device(self):
        return "/job:localhost/replica:0/task:0/device:CPU:0"       # the one device xint has

    def numpy(self):
        a = backend.to_numpy(self._data)
        return a[()] if a.ndim == 0 else numpy.array(a)

    def __float__(self):
        # NOTE: TF 2.21 on NumPy 2.x refuses float() of a (1, 1) tensor; D2L's chapter (and TF on
        # NumPy 1.x) gives the value, which is what xint follows.
        return builtins.float(numpy.asarray(backend.to_numpy(self._data)).reshape(-1)[0]) \
            if self._data.size == 1 else builtins.float(self._data)

    def __int__(self):
        return builtins.int(self.__float__())

    def __bool__(self):
        if self._data.size != 1:
            raise ValueError("The truth value of an array with more than one element is "
                             "ambiguous. Use a.any() or a.all()")
        return builtins.bool(numpy.asarray(backend.to_numpy(self._data)).reshape(-1)[0])

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return self._data.shape[0]

    def __array__(self, dtype=None, copy=None):
        a = numpy.asarray(backend.to_numpy(self._data))
        return a if dtype is None else a.astype(dtype)

    __add__ = _binary(ew.add)
    __radd__ = _binary(ew.add, reflected=True)
    __sub__ = _binary(ew.sub)
    __rsub__ = _binary(ew.sub, reflected=True)
    __mul__ = _binary(ew.mul)
    __rmul__ = _binary(ew.mul, reflected=True)
    __pow__ = _binary(ew.power)
    __rpow__ = _binary(ew.power, reflected=True)
    def __matmul__(self, other):
        return matmul(self, other, promote=True)

    def __rmatmul__(self, other):
        return matmul(other, self, promote=True)

    __eq__ = _binary(ew.equal)
    __ne__ = _binary(ew.not_equal)
    __lt__ = _binary(ew.less)
    __le__ = _binary(ew.less_equal)
    __gt__ = _binary(ew.greater)
    __ge__ = _binary(ew.greater_equal)
    __hash__ = Tensor.__hash__

    def __truediv__(self, other):
        a, b = _operands(self._read() if isinstance(self, Variable) else self, other)
        if a._data.dtype.kind not in "fc":           # int / int is float64, as in NumPy
            a = ew.cast(a, numpy.dtype(numpy.float64))
            b = ew.cast(b, numpy.dtype(numpy.float64)) if isinstance(b, Tensor) else numpy.float64(b)
        return ew.div(a, b)

    def __rtruediv__(self, other):
        b, a = _operands(self._read() if isinstance(self, Variable) else self, other)
        return ew.div(a, b)

    def __neg__(self):
        return ew.neg(self._read() if isinstance(self, Variable) else self)

    def __getitem__(self, index):
        index = index._data if isinstance(index, Tensor) else index
        try:
            return self._getitem(index)
        except IndexError:
            # TF's StridedSlice error for an int index past a dimension's end
            dims = index if isinstance(index, tuple) else (index,)
            for d, (i, n) in enumerate(zip(dims, self._data.shape)):
                if isinstance(i, builtins.int) and not -n <= i < n:
                    raise errors.InvalidArgumentError(None, None, errors.wrapped(
                        "StridedSlice", f"slice index {i} of dimension {d} out of bounds.")
                        + "strided_slice/") from None
            raise

    def __iter__(self):
        # rows by index (__getitem__ turns IndexError into TF's error, so it cannot end a loop)
        if self._data.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self._getitem(i) for i in builtins.range(self._data.shape[0]))

    def _getitem(self, index):
        if isinstance(self, Variable):
            out = shape_ops.getitem(self._read(), index)
            if out.node is None:          # outside tapes: a slice that can assign back (v[0].assign)
                view = _VariableSlice._wrap(out._data)
                view._var, view._index = self, index
                return view
            return out
        return shape_ops.getitem(self, index)


class _CTypeNamed(type):
    """The metaclass of the tensor classes: a class that names itself as one of TF's C types does.
    Its C-level name (what CPython's own messages print: "'tensorflow.python.framework.ops.
    EagerTensor' object has no attribute 'item'") is the dotted one `_c_type_name` gives it, and
    its __name__ the part after the last dot, as on the C type. (The other way to word such
    messages, a __getattr__, costs every attribute access on every tensor: CPython 3.11 does not
    specialise attribute reads on classes that define one.)"""

    @property
    def __name__(cls):
        return _TYPE_NAME.__get__(cls).rpartition(".")[2]


_TYPE_NAME = type.__dict__["__name__"]


def _c_type_name(cls, dotted="tensorflow.python.framework.ops.EagerTensor"):
    _TYPE_NAME.__set__(cls, dotted)


class EagerTensor(_TensorLike, metaclass=_CTypeNamed):
    """tf.Tensor: immutable, with NumPy behaviour (T, reshape, …)."""
    __slots__ = ()

    def _read(self):
        return self

    def __repr__(self):
        a = numpy.asarray(backend.to_numpy(self._data))
        text = _numpy_text(a)
        sep = "\n" if "\n" in text else ""
        return f"<tf.Tensor: shape={tuple(a.shape)}, dtype={self.dtype.name}, numpy={sep}{text}>"

    def __str__(self):
        a = numpy.asarray(backend.to_numpy(self._data))
        text = str(a[()] if a.ndim == 0 else a)
        sep = "\n" if "\n" in text else ""
        return f"tf.Tensor({sep}{text}, shape={tuple(a.shape)}, dtype={self.dtype.name})"

    @property
    def T(self):
        return shape_ops.transpose(self)

    @property
    def ndim(self):
        return self._data.ndim

    def reshape(self, *shape):
        shp = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        return shape_ops.reshape(self, tuple(shp))

    def astype(self, dtype):
        return ew.cast(self, _dtypes.to_numpy_dtype(dtype))

    # The ndarray methods NumPy behaviour gives EagerTensor (TF 2.21 has no .sum, .argmax,
    # .squeeze, .item …: those raise AttributeError, as in TF).
    def mean(self, axis=None, dtype=None, out=None, keepdims=None):
        from ..ops import reduce
        return reduce.mean(self, axis=_axes(axis), keepdims=builtins.bool(keepdims))

    def max(self, axis=None, out=None, keepdims=None):
        from ..ops import reduce
        return reduce.max(self, axis=_axes(axis), keepdims=builtins.bool(keepdims))

    def min(self, axis=None, out=None, keepdims=None):
        from ..ops import reduce
        return reduce.min(self, axis=_axes(axis), keepdims=builtins.bool(keepdims))

    def ravel(self):
        return shape_ops.reshape(self, (-1,))

    flatten = ravel

    def clip(self, a_min, a_max):
        a, lo = _operands(self, a_min)
        a, hi = _operands(a, a_max)
        return ew.clip(a, lo, hi)

    def transpose(self, *axes):
        perm = axes[0] if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
        return shape_ops.transpose(self, tuple(perm) or None)

    def tolist(self):
        return numpy.asarray(backend.to_numpy(self._data)).tolist()

    @property
    def size(self):
        return numpy.int64(self._data.size)

    @property
    def data(self):
        return self

    def __setitem__(self, index, value):
        raise TypeError("'tensorflow.python.framework.ops.EagerTensor' object does not support "
                        "item assignment")


class Variable(_TensorLike):
    """tf.Variable: a mutable leaf; ops read its current value (auto-watched by tapes).
    Like TF's, `tf.Variable(...)` makes a ResourceVariable (the name its error messages show)."""
    __slots__ = ("name", "trainable")
    _result_cls = EagerTensor

    def __new__(cls, *args, **kwargs):
        return object.__new__(ResourceVariable if cls is Variable else cls)

    def __init__(self, initial_value, trainable=True, name=None, dtype=None):
        from ._functions import convert_to_tensor
        try:
            value = convert_to_tensor(initial_value, dtype=dtype)
        except ValueError as e:
            raise ValueError(f"initial_value: {e}") from None
        self._data = value._data.copy()
        self.node, self.requires_grad, self._grad, self._vc = None, False, None, None
        self.trainable = trainable
        self.name = f"{name or 'Variable'}:0"

    def _read(self):
        """The value as a tensor (TF's ReadVariableOp). Each active tape that watches the variable
        (tapes watch the trainable variables they see, unless told not to) watches this read, a
        leaf it maps back to the variable: gradients reach the variable through its reads without
        a graph node per read."""
        if not tapes.tapes:
            return EagerTensor._wrap(self._data)
        # (the tape's bookkeeping inlined: this runs for every variable in every step)
        t = None
        auto = self.trainable and self._data.dtype.kind in "fc"
        key = id(self)
        for tape in tapes.tapes:
            if not tape._paused:
                watched = tape._watched
                if auto and tape._watch_accessed:
                    watched[key] = self
                if key in watched:
                    if t is None:
                        t = _VariableRead._wrap(self._data)
                        t._read_of = self
                    watched[id(t)] = t
                    reads = tape._reads.get(key)
                    if reads is None:
                        tape._reads[key] = [t]
                    else:
                        reads.append(t)
        return EagerTensor._wrap(self._data) if t is None else t

    def value(self):
        return self._read()

    def read_value(self):
        return self._read()

    def assign(self, value, read_value=True):
        from ._functions import convert_to_tensor
        new = convert_to_tensor(value, dtype=self.dtype)
        if tuple(new.shape) != tuple(self.shape):
            raise ValueError(
                f"Cannot assign value to variable ' {self.name}': Shape mismatch.The variable shape "
                f"{tuple(self.shape)}, and the assigned value shape {tuple(new.shape)} are "
                "incompatible.")
        self._data = new._data.copy()     # a new buffer: values recorded earlier stay as read
        return _UnreadVariable.of(self) if read_value else None

    def _assign_fresh(self, new, read_value):
        """assign of a buffer made just now, of the variable's dtype: kept without copies."""
        if new.shape != self._data.shape or new.dtype != self._data.dtype:
            return self.assign(new, read_value)         # assign's checks and messages
        self._data = new
        return _UnreadVariable.of(self) if read_value else None

    def _update(self, ufunc, op, delta, read_value):
        a = self._data
        if isinstance(delta, Tensor) and delta._data.dtype == a.dtype:
            d = delta._data                   # the training loop's case: no conversion to do
        else:
            from ._functions import convert_to_tensor
            d = convert_to_tensor(delta, dtype=self.dtype)._data    # TF's conversion, errors
        if d.shape != a.shape:                 # the kernel does not broadcast
            raise errors.InvalidArgumentError(None, None, errors.wrapped(
                op, f"Cannot update variable with shape {errors.dims(a.shape)} using a Tensor "
                    f"with shape {errors.dims(d.shape)}, shapes must be equal."))
        # In place when nothing but this variable holds the buffer (references: `a`, the slot,
        # getrefcount's argument; only where such counts are exact, core.refs): no earlier read,
        # view or saved value can see the change. Else a new buffer, so that what was read
        # before stays as it was read.
        if COUNTS_EXACT and sys.getrefcount(a) == 3:
            ufunc(a, d, out=a)
            return _UnreadVariable.of(self) if read_value else None
        return self._assign_fresh(ufunc(a, d), read_value)

    def assign_add(self, delta, read_value=True):
        return self._update(backend.xp.add, "AssignAddVariableOp", delta, read_value)

    def assign_sub(self, delta, read_value=True):
        return self._update(backend.xp.subtract, "AssignSubVariableOp", delta, read_value)

    def __iadd__(self, other):
        raise RuntimeError("`variable += value` with `tf.Variable`s is not supported. Use "
                           "`variable.assign_add(value)` to modify the variable, or `out = "
                           "variable + value` if you need to get a new output Tensor.")

    def __repr__(self):
        a = numpy.asarray(backend.to_numpy(self._data))
        text = _numpy_text(a)
        sep = "\n" if "\n" in text else ""
        return (f"<tf.Variable '{self.name}' shape={tuple(a.shape)} dtype={self.dtype.name}, "
                f"numpy={sep}{text}>")

    __str__ = __repr__


class ResourceVariable(Variable):
    """The concrete class of tf.Variable objects."""
    __slots__ = ()
    _result_cls = EagerTensor


class _VariableSlice(EagerTensor):
    """`variable[index]` read outside tapes: a tensor whose assign writes that slice back."""
    __slots__ = ("_var", "_index")
    _result_cls = EagerTensor

    def assign(self, value, use_locking=None, name=None, read_value=True):
        from ._functions import convert_to_tensor
        new = self._var._data.copy()
        new[self._index] = convert_to_tensor(value, dtype=self._var.dtype)._data
        return self._var.assign(new, read_value)


_VariableSlice.__qualname__ = "EagerTensor"


class _VariableRead(EagerTensor):
    """A variable's value read under a tape that watches it: a leaf that names its variable
    (`_read_of`), for the tape's gradients and for graph pictures."""
    __slots__ = ("_read_of",)
    _result_cls = EagerTensor


_VariableRead.__qualname__ = "EagerTensor"


class _UnreadVariable(ResourceVariable):
    """What assign* return: the same variable, not yet read (TF prints it as 'UnreadVariable')."""
    __slots__ = ("_parent",)

    @staticmethod
    def of(parent):
        """The one constructor: no Python __new__ and __init__ calls (every assign in a training
        loop makes one)."""
        u = object.__new__(_UnreadVariable)
        u._parent = parent
        u.node, u.requires_grad, u._grad, u._vc = None, False, None, None
        u.trainable, u.name = parent.trainable, "UnreadVariable"
        return u

    @property
    def _data(self):
        return self._parent._data

    @_data.setter
    def _data(self, value):
        self._parent._data = value

    def _read(self):
        return self._parent._read()


EagerTensor.__module__ = "tensorflow.python.framework.ops"      # as TF's error texts name it
_VariableSlice.__module__ = _VariableRead.__module__ = EagerTensor.__module__
for _cls in (EagerTensor, _VariableSlice, _VariableRead):
    _c_type_name(_cls)


def _rebuild_eager(array):
    return EagerTensor._wrap(backend.xp.asarray(array))


# pickle by xint's own rebuild function: the class's module name above is TF's, not importable
EagerTensor.__reduce__ = lambda self: (_rebuild_eager, (numpy.asarray(backend.to_numpy(self._data)),))
