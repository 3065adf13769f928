"""The torch.* namespace functions of the dialect: creation, math, grad mode."""
import builtins
import functools
import math
import warnings
from sys import getrefcount

import numpy

from .. import backend
from ..core.refs import REUSE_TEMPORARIES
from ..core.tensor import Tensor as _EngineTensor
from ..ops import elementwise as ew
from ..ops.registry import apply_into
from ..ops import shape as shape_ops
from . import _dtypes
from ._tensor import Tensor, _float, _operands, _shape_arg, _wrap_dim, grad_mode
from ._tensor import matmul as _matmul

pi = math.pi
e = math.e


class device:
    """torch.device: prints as `device(type='cpu')`."""
    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, str) and ":" in type:
            type, _, number = type.partition(":")
            index = builtins.int(number)
        self.type, self.index = type, index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    __hash__ = object.__hash__


def _infer_dtype(data):
    """torch.tensor's dtype for nested Python data: bool < int64 < float32 (default float)."""
    arr = numpy.asarray(data)
    if arr.dtype.kind == "f":
        return _dtypes.DEFAULT_FLOAT.np
    if arr.dtype.kind in "iu":
        return numpy.dtype(numpy.int64)
    if arr.dtype.kind in "US":
        raise TypeError("new(): invalid data type 'str'")
    return arr.dtype


def tensor(data, dtype=None, device=None, requires_grad=False):
    """torch.tensor: copies `data`; Python floats become float32, ints int64, NumPy keeps its dtype."""
    if isinstance(data, _EngineTensor):
        warnings.warn("To copy construct from a tensor, it is recommended to use "
                      "sourceTensor.detach().clone() or sourceTensor.detach().clone()."
                      "requires_grad_(True), rather than torch.tensor(sourceTensor).",
                      UserWarning, stacklevel=2)
        arr = backend.to_numpy(data._data)
    elif isinstance(data, (numpy.ndarray, numpy.generic)):
        arr = data
    else:
        if isinstance(data, (list, tuple)):
            data = [d.tolist() if isinstance(d, _EngineTensor) else d for d in data]
        arr = numpy.asarray(data, dtype=_infer_dtype(data) if dtype is None else None)
    np_dtype = _dtypes.to_numpy_dtype(dtype) if dtype is not None else arr.dtype
    out = Tensor._wrap(backend.xp.array(arr, dtype=np_dtype))
    if requires_grad:
        if np_dtype.kind not in "fc":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        out.requires_grad = True
    return out


def as_tensor(data, dtype=None, device=None):
    if isinstance(data, Tensor) and dtype is None:
        return data
    return tensor(data, dtype=dtype)


def from_numpy(a):
    return Tensor._wrap(backend.xp.asarray(a))


def _creation(fill):
    def create(*size, dtype=None, device=None, requires_grad=False):
        np_dtype = _dtypes.to_numpy_dtype(dtype) if dtype is not None else _dtypes.DEFAULT_FLOAT.np
        out = Tensor._wrap(fill(_shape_arg(size), dtype=np_dtype))
        return out.requires_grad_(True) if requires_grad else out
    return create


zeros = _creation(lambda shape, dtype: backend.xp.zeros(shape, dtype=dtype))
ones = _creation(lambda shape, dtype: backend.xp.ones(shape, dtype=dtype))
empty = _creation(lambda shape, dtype: backend.xp.empty(shape, dtype=dtype))


def _like(fill):
    def create(input, dtype=None, device=None, requires_grad=False):
        np_dtype = _dtypes.to_numpy_dtype(dtype) if dtype is not None else input._data.dtype
        out = Tensor._wrap(fill(input._data.shape, dtype=np_dtype))
        return out.requires_grad_(True) if requires_grad else out
    return create


zeros_like = _like(lambda shape, dtype: backend.xp.zeros(shape, dtype=dtype))
ones_like = _like(lambda shape, dtype: backend.xp.ones(shape, dtype=dtype))


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False):
    """torch.arange: int64 when every bound is an int, else float32."""
    if end is None:
        start, end = 0, start
    if dtype is None:
        ints = all(isinstance(v, builtins.int) for v in (start, end, step))
        np_dtype = numpy.dtype(numpy.int64) if ints else _dtypes.DEFAULT_FLOAT.np
    else:
        np_dtype = _dtypes.to_numpy_dtype(dtype)
    out = Tensor._wrap(backend.xp.arange(start, end, step).astype(np_dtype))
    return out.requires_grad_(True) if requires_grad else out


class _LegacyTensorType(type):
    """torch.FloatTensor / torch.LongTensor: constructors, and isinstance() checks by dtype."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._data.dtype == cls.dtype.np

    def __call__(cls, *args):
        if len(args) == 1 and not isinstance(args[0], builtins.int):
            return tensor(args[0], dtype=cls.dtype)
        return empty(*args, dtype=cls.dtype)


class FloatTensor(metaclass=_LegacyTensorType):
    dtype = _dtypes.float32


class LongTensor(metaclass=_LegacyTensorType):
    dtype = _dtypes.int64


def get_default_dtype():
    return _dtypes.DEFAULT_FLOAT


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(input):
    return input.numel()


# ----- math -----
def add(input, other):
    return input + other if isinstance(input, Tensor) else Tensor.__radd__(other, input)


def sub(input, other):
    return input - other


def mul(input, other):
    return input * other if isinstance(input, Tensor) else Tensor.__rmul__(other, input)


def div(input, other):
    return input / other


def pow(input, exponent):
    return input ** exponent


def exp(input):
    if REUSE_TEMPORARIES and getrefcount(input) == 2:     # a temporary (core.refs)
        out = apply_into(ew.exp, Tensor, (input,), 0)
        if out is not None:
            return out
    return ew.exp(_float(input))


def log(input):
    return ew.log(_float(input))


def sin(input):
    return ew.sin(_float(input))


def cos(input):
    return ew.cos(_float(input))


def tanh(input):
    if REUSE_TEMPORARIES and getrefcount(input) == 2:
        out = apply_into(ew.tanh, Tensor, (input,), 0)
        if out is not None:
            return out
    return ew.tanh(_float(input))


Tensor.exp, Tensor.tanh = exp, tanh      # the methods are these (one place for their reuse)


def sqrt(input):
    return ew.sqrt(_float(input))


def neg(input):
    return -input


def sum(input, dim=None, keepdim=False, dtype=None, *, axis=None, keepdims=None):
    return input.sum(dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)


def mean(input, dim=None, keepdim=False, dtype=None, *, axis=None, keepdims=None):
    return input.mean(dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)


def reshape(input, shape):
    return input.reshape(shape)


def transpose(input, dim0, dim1):
    return input.transpose(dim0, dim1)


def t(input):
    return input.t()


def matmul(input, other):
    return _matmul(input, other)


def mm(input, mat2):
    return _matmul(input, mat2, "mm")


def mv(input, vec):
    return _matmul(input, vec)


def dot(input, other):
    return _matmul(input, other)


def stack(tensors, dim=0):
    ts = _common(tensors)
    dim = _wrap_dim(ts[0], dim, extra=1)
    try:
        return shape_ops.stack(*ts, axis=dim)
    except ValueError:
        shapes = [list(t._data.shape) for t in ts]
        i = next((i for i, s in enumerate(shapes) if s != shapes[0]), None)
        if i is None:
            raise
        raise RuntimeError(f"stack expects each tensor to be equal size, but got {shapes[0]} "
                           f"at entry 0 and {shapes[i]} at entry {i}") from None


def cat(tensors, dim=0):
    ts = _common(tensors)
    dim = _wrap_dim(ts[0], dim)
    try:
        return shape_ops.concat(*ts, axis=dim)
    except ValueError:
        err = _cat_error(ts, dim)
        if err is None:
            raise
        raise err from None


def _cat_error(ts, dim):
    """torch's text for tensors that do not concatenate (looked for on the error path only)."""
    first = ts[0]._data.shape
    for i, t in enumerate(ts[1:], 1):
        s = t._data.shape
        if len(s) != len(first):
            return RuntimeError(f"Tensors must have same number of dimensions: got "
                                f"{len(first)} and {len(s)}")
        for d, (m, n) in enumerate(zip(first, s)):
            if d != dim and m != n:
                return RuntimeError(f"Sizes of tensors must match except in dimension {dim}. "
                                    f"Expected size {m} but got size {n} for tensor number {i} "
                                    "in the list.")
    return None


def _common(tensors):
    """Bring a sequence of tensors to one dtype, by PyTorch's promotion."""
    ts = list(tensors)
    out = ts[0]
    for t in ts[1:]:
        out, _ = _operands(out, t)
    dt = out._data.dtype
    return [t if t._data.dtype == dt else ew.cast(t, dt) for t in ts]


concat = concatenate = cat


def flip(input, dims):
    return input.flip(dims)


def squeeze(input, dim=None):
    return input.squeeze(dim)


def unsqueeze(input, dim):
    return input.unsqueeze(dim)


def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)


def permute(input, dims=None):
    if dims is None:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    return input.permute(dims)


def swapaxes(input, axis0, axis1):
    return input.transpose(axis0, axis1)


def split(tensor, split_size_or_sections, dim=0):
    return tensor.split(split_size_or_sections, dim)


def chunk(input, chunks, dim=0):
    return input.chunk(chunks, dim)


def unbind(input, dim=0):
    return input.unbind(dim)


def gather(input, dim, index):
    return input.gather(dim, index)


def tile(input, dims):
    out = shape_ops.tile(input, tuple(dims))      # pads dims with leading 1s, as torch.tile does
    if out.node is not None:
        out.node.label = "RepeatBackward0"
    return out


def broadcast_to(input, size):
    return input.expand(*size)


def where(condition, input, other):
    """Elements of input where condition holds, else of other (PyTorch's promotion between them)."""
    a, b = _operands(input, other)
    cond = condition._data if isinstance(condition, Tensor) else condition
    out = ew.where(cond, a, b)
    if out.node is not None:
        out.node.label = "WhereBackward0"
    return out


def eq(input, other):
    return input == other


# ----- grad mode -----
def is_grad_enabled():
    return grad_mode.recording


class _GradModeContext:
    """Base of no_grad / enable_grad / set_grad_enabled: context manager and decorator."""
    _enabled = True

    def __enter__(self):
        self._prev = grad_mode.recording
        grad_mode.recording = self._enabled

    def __exit__(self, *exc):
        grad_mode.recording = self._prev
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with type(self)():
                return fn(*args, **kwargs)
        return wrapper


class no_grad(_GradModeContext):
    _enabled = False


class enable_grad(_GradModeContext):
    _enabled = True


class set_grad_enabled(_GradModeContext):
    def __init__(self, mode):
        self._enabled = builtins.bool(mode)
        self._prev = grad_mode.recording
        grad_mode.recording = self._enabled     # also works as a plain function call

    def __enter__(self):
        pass

    def __call__(self, fn):
        enabled = self._enabled
        grad_mode.recording = self._prev

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            prev = grad_mode.recording
            grad_mode.recording = enabled
            try:
                return fn(*args, **kwargs)
            finally:
                grad_mode.recording = prev
        return wrapper


inference_mode = no_grad
