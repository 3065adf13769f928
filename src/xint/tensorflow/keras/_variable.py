"""Keras 3's Variable: not a tf.Variable, but a wrapper holding one (`_tf_var`), named by the
layer path it was created under (`sequential/dense/kernel`). Ops read it through `value`, which
the active GradientTapes watch (the wrapped tf.Variable is trainable exactly when this one is)."""
import threading

import numpy

from ...core.tensor import Tensor
from ...ops import shape as shape_ops
from .. import _dtypes
from .._tensor import EagerTensor, Variable as _TFVariable, _c_type_name


class _Scope(threading.local):
    """The layer names variables are created under: (name, owning layer) pairs."""
    def __init__(self):
        self.entries = []


scope = _Scope()


def _unwrap(x):
    return x.value if isinstance(x, Variable) else x


class _SliceRef(EagerTensor):
    """`v[i]` of a keras Variable: its value, which can also be assigned (as tf.Variable slices
    can: D2L writes `net.layers[1].weights[0][:].assign(...)`)."""
    __slots__ = ("_owner", "_index")

    def assign(self, value, read_value=True):
        data = self._owner._tf_var._data.copy()
        data[self._index] = numpy.asarray(_unwrap(value), dtype=data.dtype)
        self._owner._tf_var._data = data
        return self._owner.value


_SliceRef._result_cls = EagerTensor
_c_type_name(_SliceRef)               # its messages name EagerTensor, as TF's slice is one


class Variable:
    """keras.Variable (the class Keras 3 layers' weights have)."""
    __array_priority__ = 100
    __array_ufunc__ = None           # NumPy arrays defer to our reflected operators

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, name=None,
                 regularizer=None):
        from .._functions import cast, convert_to_tensor
        if callable(initializer):
            # what an initializer returns must have the dtype (tf.Variable raises otherwise)
            dtype = dtype or "float32"
            value = _unwrap(initializer(shape, dtype=dtype))
            try:
                value = convert_to_tensor(value, dtype=dtype)
            except ValueError as e:
                raise ValueError(f"initial_value: {e}") from None
        else:
            # a given value: its own dtype unless one is asked for, then cast, as Keras does
            value = _unwrap(initializer)
            if not isinstance(value, Tensor):
                value = convert_to_tensor(value)
            if dtype is not None and value._data.dtype != _dtypes.to_numpy_dtype(dtype):
                value = cast(value, dtype)
        self.name = name or "variable"
        self.path = "/".join([n for n, _ in scope.entries] + [self.name])
        self._trainable = trainable
        self.regularizer = regularizer
        self._tf_var = _TFVariable(value, trainable=trainable, name=self.path)

    # ----- value access -----
    @property
    def value(self):
        return self._tf_var._read()

    def numpy(self):
        return self._tf_var.numpy()

    def __array__(self, dtype=None, copy=None):
        return self._tf_var.__array__(dtype)

    @property
    def shape(self):
        return self._tf_var.shape

    @property
    def dtype(self):
        return self._tf_var.dtype.name          # Keras 3 gives the dtype's name

    @property
    def ndim(self):
        return self._tf_var._data.ndim

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        self._tf_var.trainable = bool(value)

    def __len__(self):
        return len(self._tf_var)

    # ----- mutation -----
    def assign(self, value):
        self._tf_var.assign(_unwrap(value))
        return self.value

    def assign_add(self, value):
        self._tf_var.assign_add(_unwrap(value))
        return self.value

    def assign_sub(self, value):
        self._tf_var.assign_sub(_unwrap(value))
        return self.value

    def __getitem__(self, index):
        t = shape_ops.getitem(self.value, index._data if hasattr(index, "_data") else index)
        ref = _SliceRef._wrap(t._data, t.node)
        ref._owner, ref._index = self, index
        return ref

    def __repr__(self):
        a = numpy.asarray(self.numpy())
        text = str(a.item() if a.ndim == 0 else a)  # NumPy's str (a 0-d one as a Python number)
        return (f"<Variable path={self.path}, shape={tuple(self.shape)}, "
                f"dtype={self.dtype}, value={text}>")

    def __str__(self):
        return self.__repr__()

    def __bool__(self):
        return bool(self.value)

    def __float__(self):
        return float(self.value)

    def __int__(self):
        return int(self.value)

    def __hash__(self):
        return id(self)

    def __neg__(self):
        return -self.value

    def __abs__(self):
        from .._functions import abs as tf_abs
        return tf_abs(self.value)

    def __matmul__(self, other):
        return self.value @ _unwrap(other)

    def __rmatmul__(self, other):
        return _unwrap(other) @ self.value


def _forward(name):
    def op(self, other):
        return getattr(self.value, name)(_unwrap(other))
    op.__name__ = name
    return op


for _name in ("add", "sub", "mul", "truediv", "pow", "lt", "le", "gt", "ge"):
    setattr(Variable, f"__{_name}__", _forward(f"__{_name}__"))
    if _name not in ("lt", "le", "gt", "ge"):
        setattr(Variable, f"__r{_name}__", _forward(f"__r{_name}__"))
Variable.__eq__ = _forward("__eq__")
Variable.__ne__ = _forward("__ne__")
Variable.__module__ = "keras.src.backend"      # `type(v)` prints as Keras's class
